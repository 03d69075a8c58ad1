// Re-importing content/ respects what authors did to seed courses in the app, by the same rules as toolkit
// resources: an archived course stays archived (and untouched), and a course whose details or lessons authors
// changed keeps them. Courses nobody touched still follow their files.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CONTENT_ROOT, importContent } from '#db/content/import.ts'
import { courses, lessonVersions, lessons } from '#db/schema/index.ts'
import { action as editAction } from '#app/routes/courses.$slug_.edit.tsx'
import { action as lessonAction } from '#app/routes/courses.$slug_.edit_.$lessonId.tsx'
import { callRoute, createWorld, testDb } from '#tests/db-utils.ts'

let world: Awaited<ReturnType<typeof createWorld>>
const dirs: string[] = []

beforeAll(async () => {
  // The seed library belongs to the installation (no organisation): administrators author it.
  await importContent(testDb())
  world = await createWorld()
})

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
})

const NEW_TITLE = 'Курс: заголовок из обновлённого файла'

const edit = (slug: string, form: Record<string, string>) =>
  callRoute(editAction, `/courses/${slug}/edit`, { as: world.admin, params: { slug }, form })
const lessonPost = (slug: string, lessonId: string, form: Record<string, string>) =>
  callRoute(lessonAction, `/courses/${slug}/edit/${lessonId}`, { as: world.admin, params: { slug, lessonId }, form })

const docOf = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

/** A copy of content/ in which each named course gets a new title and one more paragraph in its first lesson. */
function changedContent(...slugs: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-course-import-'))
  dirs.push(dir)
  fs.cpSync(CONTENT_ROOT, dir, { recursive: true })
  for (const slug of slugs) {
    const folder = path.join(dir, 'courses', slug)
    const courseFile = path.join(folder, 'course.md')
    fs.writeFileSync(courseFile, fs.readFileSync(courseFile, 'utf8').replace(/^title: .*$/m, `title: "${NEW_TITLE}"`))
    const first = fs
      .readdirSync(folder)
      .filter((name) => name !== 'course.md')
      .sort()[0]!
    const lessonFile = path.join(folder, first)
    fs.writeFileSync(
      lessonFile,
      `${fs.readFileSync(lessonFile, 'utf8').trimEnd()}\n\nАбзац, добавленный в файл после правок авторов.\n`,
    )
  }
  return dir
}

async function stateOf(slug: string) {
  const [course] = await testDb().select().from(courses).where(eq(courses.slug, slug))
  const rows = await testDb()
    .select({
      id: lessons.id,
      slug: lessons.slug,
      title: lessons.title,
      moduleId: lessons.moduleId,
      position: lessons.position,
      publishedVersionId: lessons.publishedVersionId,
    })
    .from(lessons)
    .where(eq(lessons.courseId, course!.id))
    .orderBy(asc(lessons.position))
  const versions = await testDb()
    .select({ id: lessonVersions.id, lessonId: lessonVersions.lessonId, changeNote: lessonVersions.changeNote })
    .from(lessonVersions)
    .innerJoin(lessons, eq(lessons.id, lessonVersions.lessonId))
    .where(eq(lessons.courseId, course!.id))
    .orderBy(asc(lessonVersions.createdAt), asc(lessonVersions.version))
  return { course: course!, lessons: rows, versions }
}

// Each test imports content/ two or three times: seconds each on PGlite under load.
describe('re-importing the seed courses', { timeout: 120_000 }, () => {
  test('an archived course stays archived and untouched, also when its files changed; restored, it follows its files again', async () => {
    const slug = 'grant-applications'
    expect((await edit(slug, { intent: 'archive' })).status).toBe(302)
    const before = await stateOf(slug)
    expect(before.course.status).toBe('archived')

    const same = await importContent(testDb())
    expect(same.coursesKept).toEqual({ archived: [slug], authored: [] })
    const changed = await importContent(testDb(), { root: changedContent(slug) })
    expect(changed.coursesKept?.archived).toEqual([slug])
    expect(changed.newVersions).toBe(0)
    expect(changed.updated).toBe(changed.courses - 1)
    const after = await stateOf(slug)
    expect(after.course.status).toBe('archived')
    expect(after.course.title).toBe(before.course.title)
    expect(after.lessons).toEqual(before.lessons)
    expect(after.versions).toEqual(before.versions)

    // Restoring is not an edit: the import takes care of the course again, and publishes it as its file says.
    expect((await edit(slug, { intent: 'restore' })).status).toBe(302)
    const again = await importContent(testDb(), { root: changedContent(slug) })
    expect(again.coursesKept).toEqual({ archived: [], authored: [] })
    expect(again.newVersions).toBe(1)
    const restored = await stateOf(slug)
    expect(restored.course.status).toBe('published')
    expect(restored.course.title).toBe(NEW_TITLE)
    expect(restored.versions).toHaveLength(before.versions.length + 1)
    expect(restored.versions.at(-1)!.changeNote).toBe('Обновлено из content/')
    expect(restored.lessons[0]!.publishedVersionId).toBe(restored.versions.at(-1)!.id)
  })

  test('edited details, a lesson published in the app and a saved draft are not overwritten; an untouched course updates', async () => {
    // Details only.
    const detailed = 'volunteers-and-community'
    const d = (await stateOf(detailed)).course
    const details = await edit(detailed, {
      intent: 'details',
      title: 'Волонтёры: курс в редакции автора',
      summary: d.summary,
      topic: d.topic,
      stage: d.stage,
      completion: d.completion,
      isPublic: d.isPublic ? 'on' : '',
    })
    expect(details.status).toBe(302)
    const detailedBefore = await stateOf(detailed)

    // A lesson rewritten and published by an administrator (seed courses are theirs to edit).
    const published = 'consulting-ngos'
    const p = (await stateOf(published)).lessons[0]!
    const publish = await lessonPost(published, p.id, {
      intent: 'publish',
      title: p.title,
      moduleId: p.moduleId,
      minutes: '10',
      required: 'on',
      body: JSON.stringify(docOf('Урок, переписанный автором.')),
      quiz: '',
      changeNote: 'Переписан автором',
    })
    expect(publish.status).toBe(302)
    const publishedBefore = await stateOf(published)
    expect(publishedBefore.versions.at(-1)!.changeNote).toBe('Переписан автором')

    // A draft saved but not published yet (no audit entry: the draft itself tells).
    const drafted = 'social-services-providers'
    const s = (await stateOf(drafted)).lessons[0]!
    const save = await lessonPost(drafted, s.id, {
      intent: 'save',
      title: 'Черновик автора',
      moduleId: s.moduleId,
      minutes: '10',
      required: 'on',
      body: JSON.stringify(docOf('Черновик, над которым работает автор.')),
      quiz: '',
    })
    expect(save.status).toBe(302)
    const draftedBefore = await stateOf(drafted)
    const [draft] = await testDb()
      .select({ title: lessons.title, draftJson: lessons.draftJson })
      .from(lessons)
      .where(eq(lessons.id, s.id))

    // A course nobody touched.
    const untouched = 'starting-a-resource-centre'
    const untouchedBefore = await stateOf(untouched)

    const summary = await importContent(testDb(), { root: changedContent(detailed, published, drafted, untouched) })
    expect(summary.coursesKept?.authored.sort()).toEqual([detailed, published, drafted].sort())

    const detailedAfter = await stateOf(detailed)
    expect(detailedAfter.course.title).toBe('Волонтёры: курс в редакции автора')
    expect(detailedAfter.versions).toEqual(detailedBefore.versions)
    const publishedAfter = await stateOf(published)
    expect(publishedAfter.course.title).toBe(publishedBefore.course.title)
    expect(publishedAfter.lessons).toEqual(publishedBefore.lessons)
    expect(publishedAfter.versions).toEqual(publishedBefore.versions)
    const draftedAfter = await stateOf(drafted)
    expect(draftedAfter.course.title).toBe(draftedBefore.course.title)
    expect(draftedAfter.versions).toEqual(draftedBefore.versions)
    const [draftAfter] = await testDb()
      .select({ title: lessons.title, draftJson: lessons.draftJson })
      .from(lessons)
      .where(eq(lessons.id, s.id))
    expect(draftAfter).toEqual(draft)

    const untouchedAfter = await stateOf(untouched)
    expect(untouchedAfter.course.title).toBe(NEW_TITLE)
    expect(untouchedAfter.course.status).toBe('published')
    expect(untouchedAfter.versions).toHaveLength(untouchedBefore.versions.length + 1)
    expect(untouchedAfter.lessons[0]!.publishedVersionId).toBe(untouchedAfter.versions.at(-1)!.id)
  })

  test('a lesson an author deleted is not brought back', async () => {
    // grant-applications follows its files again after the first test.
    const slug = 'grant-applications'
    const before = await stateOf(slug)
    const gone = before.lessons.at(-1)!
    expect((await edit(slug, { intent: 'deleteLesson', lessonId: gone.id })).status).toBe(302)

    const summary = await importContent(testDb(), { root: changedContent(slug) })
    expect(summary.coursesKept?.authored).toContain(slug)
    const after = await stateOf(slug)
    expect(after.lessons.map((l) => l.slug)).not.toContain(gone.slug)
    expect(after.lessons).toHaveLength(before.lessons.length - 1)
  })

  test('a course an author unpublished is not published again', async () => {
    // starting-a-resource-centre followed its files in the second test.
    const slug = 'starting-a-resource-centre'
    expect((await edit(slug, { intent: 'unpublish' })).status).toBe(302)
    const summary = await importContent(testDb())
    expect(summary.coursesKept?.authored).toContain(slug)
    expect((await stateOf(slug)).course.status).toBe('draft')
  })
})
