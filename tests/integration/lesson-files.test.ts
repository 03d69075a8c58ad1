// Deleting a lesson takes its uploaded files with it: the attachment rows in the same transaction, the
// files on disk once that transaction has committed (and never when it rolls back).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  attachments,
  courseModules,
  courses,
  lessonAttachments,
  lessonProgress,
  lessons,
  lessonVersions,
} from '#db/schema/index.ts'
import { deleteLesson, requireCourseAuthor } from '#app/models/course-authoring.server.ts'
import { action as lessonAction } from '#app/routes/courses.$slug_.edit_.$lessonId.tsx'
import { action as editAction } from '#app/routes/courses.$slug_.edit.tsx'
import { action as newAction } from '#app/routes/courses.new.tsx'
import { getDatabaseHandle } from '#app/utils/db.server.ts'
import { loadCurrentUser } from '#app/utils/session.server.ts'
import { removeUpload, uploadExists } from '#app/utils/uploads.server.ts'
import { callRoute, createWorld, sessionCookieFor, testDb, unique } from '#tests/db-utils.ts'

const UPLOAD_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'lesson-files-'))
process.env.UPLOAD_DIR = UPLOAD_ROOT
afterAll(() => fs.rmSync(UPLOAD_ROOT, { recursive: true, force: true }))

type World = Awaited<ReturnType<typeof createWorld>>

const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n', 'latin1'))

let w: World

beforeAll(async () => {
  w = await createWorld()
})

/** A course of the mentor organisation with one lesson, made through the authoring pages. */
async function makeLesson() {
  const created = await callRoute(newAction, '/courses/new', {
    as: w.mentor,
    form: {
      title: `Курс с файлами ${unique()}`,
      topic: 'organisation',
      stage: 'initiative',
      completion: 'all_lessons',
      organisationId: w.mentorOrg.id,
    },
  })
  expect(created.status).toBe(302)
  const slug = /^\/courses\/([^/]+)\/edit$/.exec(created.location!)![1]!
  const [course] = await testDb().select({ id: courses.id }).from(courses).where(eq(courses.slug, slug))
  const [module] = await testDb()
    .select({ id: courseModules.id })
    .from(courseModules)
    .where(eq(courseModules.courseId, course!.id))
  const added = await callRoute(editAction, `/courses/${slug}/edit`, {
    as: w.mentor,
    params: { slug },
    form: { intent: 'addLesson', moduleId: module!.id, title: 'Урок с раздаточным материалом' },
  })
  expect(added.status).toBe(302)
  return { slug, courseId: course!.id, moduleId: module!.id, lessonId: added.location!.split('/').pop()! }
}

/** Uploads a PDF to the lesson as its author, through the lesson editor's form. */
async function upload(slug: string, lessonId: string, name: string) {
  const form = new FormData()
  form.append('intent', 'upload')
  form.append('file', new File([PDF], name, { type: 'application/pdf' }))
  const request = new Request(`http://localhost/courses/${slug}/edit/${lessonId}`, {
    method: 'POST',
    headers: { Cookie: await sessionCookieFor(w.mentor.id) },
    body: form,
  })
  let result: unknown
  try {
    result = await lessonAction({ request, params: { slug, lessonId }, context: { clientIp: unique('ip-') } })
  } catch (error) {
    result = error
  }
  expect(result instanceof Response ? result.status : result).toBe(302)
}

async function filesOf(lessonId: string) {
  return testDb()
    .select({ id: attachments.id, storageKey: attachments.storageKey })
    .from(lessonAttachments)
    .innerJoin(attachments, eq(attachments.id, lessonAttachments.attachmentId))
    .where(eq(lessonAttachments.lessonId, lessonId))
}

const deleteLessonAs = (slug: string, lessonId: string, as: { id: string }) =>
  callRoute(editAction, `/courses/${slug}/edit`, { as, params: { slug }, form: { intent: 'deleteLesson', lessonId } })

describe('deleting a lesson', () => {
  test('removes its attachments and their files, even when a file is already gone from disk', async () => {
    const c = await makeLesson()
    await upload(c.slug, c.lessonId, 'Памятка.pdf')
    await upload(c.slug, c.lessonId, 'Шаблон.pdf')
    const files = await filesOf(c.lessonId)
    expect(files).toHaveLength(2)
    for (const f of files) expect(uploadExists(f.storageKey)).toBe(true)
    // Someone cleaned the disk by hand: the deletion must not trip over it.
    await removeUpload(files[0]!.storageKey)

    // Someone who may not author the course changes nothing.
    expect((await deleteLessonAs(c.slug, c.lessonId, w.leaderA)).status).toBe(403)
    expect(uploadExists(files[1]!.storageKey)).toBe(true)

    const deleted = await deleteLessonAs(c.slug, c.lessonId, w.mentor)
    expect(deleted.status).toBe(302)
    expect(await testDb().select().from(lessons).where(eq(lessons.id, c.lessonId))).toHaveLength(0)
    const ids = files.map((f) => f.id)
    expect(await testDb().select().from(attachments).where(inArray(attachments.id, ids))).toHaveLength(0)
    for (const f of files) expect(uploadExists(f.storageKey)).toBe(false)
  })

  test('a lesson that cannot be deleted keeps its files', async () => {
    const c = await makeLesson()
    await upload(c.slug, c.lessonId, 'Остаётся.pdf')
    const [file] = await filesOf(c.lessonId)
    // A learner has started the published lesson.
    const body = JSON.stringify({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Текст урока.' }] }],
    })
    const published = await callRoute(lessonAction, `/courses/${c.slug}/edit/${c.lessonId}`, {
      as: w.mentor,
      params: { slug: c.slug, lessonId: c.lessonId },
      form: {
        intent: 'publish',
        title: 'Урок с раздаточным материалом',
        moduleId: c.moduleId,
        minutes: '10',
        required: 'on',
        body,
        quiz: '',
      },
    })
    expect(published.status, JSON.stringify(published.data)).toBe(302)
    const [version] = await testDb()
      .select({ id: lessonVersions.id })
      .from(lessonVersions)
      .where(eq(lessonVersions.lessonId, c.lessonId))
    await testDb()
      .insert(lessonProgress)
      .values({ userId: w.staffA.id, lessonId: c.lessonId, courseId: c.courseId, lessonVersionId: version!.id })
    expect((await deleteLessonAs(c.slug, c.lessonId, w.mentor)).status).toBe(409)
    expect(await filesOf(c.lessonId)).toHaveLength(1)
    expect(uploadExists(file!.storageKey)).toBe(true)
  })

  test('the files stay on disk until the transaction commits: a rolled-back deletion loses nothing', async () => {
    const c = await makeLesson()
    await upload(c.slug, c.lessonId, 'Откат.pdf')
    const [file] = await filesOf(c.lessonId)
    const author = (await loadCurrentUser(testDb(), w.mentor.id))!
    const course = await requireCourseAuthor(author, c.slug)
    const rollback = new Error('rolled back on purpose')
    await expect(
      getDatabaseHandle().db.transaction(async (tx) => {
        const outcome = await deleteLesson(tx, author, course, c.lessonId)
        expect(outcome).toEqual({ kind: 'done', storageKeys: [file!.storageKey] })
        // Inside the transaction the model has removed nothing from disk.
        expect(uploadExists(file!.storageKey)).toBe(true)
        throw rollback
      }),
    ).rejects.toBe(rollback)
    expect(await filesOf(c.lessonId)).toHaveLength(1)
    expect(uploadExists(file!.storageKey)).toBe(true)
  })
})
