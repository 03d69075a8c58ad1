import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { courses, lessonProgress, lessonVersions, lessons } from '#db/schema/index.ts'
import { ContentError } from '#db/content/courses.ts'
import { CONTENT_ROOT, importContent } from '#db/content/import.ts'
import { courseSearchQuery } from '#app/models/course-search.server.ts'
import { createUser, testDb } from '#tests/db-utils.ts'

function copyContent() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-content-'))
  fs.cpSync(CONTENT_ROOT, dir, { recursive: true })
  return dir
}

async function counts() {
  const [c] = await testDb().select({ n: count() }).from(courses)
  const [l] = await testDb().select({ n: count() }).from(lessons)
  const [v] = await testDb().select({ n: count() }).from(lessonVersions)
  return { courses: c!.n, lessons: l!.n, versions: v!.n }
}

beforeAll(async () => {
  await importContent(testDb())
})

describe('content import', () => {
  test('imports every seed course with its lessons, published', async () => {
    const rows = await testDb().select({ slug: courses.slug, status: courses.status }).from(courses)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    expect(rows.every((r) => r.status === 'published')).toBe(true)
    const c = await counts()
    expect(c.lessons).toBeGreaterThanOrEqual(20)
    expect(c.versions).toBe(c.lessons)
  })

  test('running it again changes nothing and duplicates nothing', async () => {
    const before = await counts()
    const summary = await importContent(testDb())
    expect(summary.created).toBe(0)
    expect(summary.newVersions).toBe(0)
    expect(await counts()).toEqual(before)
    expect((await importContent(testDb(), { onlyIfChanged: true })).skipped).toBe(true)
  })

  test('a changed lesson gets a new version; learners keep their completion of the old one', async () => {
    const dir = copyContent()
    const [lesson] = await testDb()
      .select({ id: lessons.id, courseId: lessons.courseId, versionId: lessons.publishedVersionId })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .where(and(eq(courses.slug, 'consulting-ngos'), eq(lessons.position, 0)))
    const learner = await createUser()
    await testDb().insert(lessonProgress).values({ userId: learner.id, lessonId: lesson!.id, courseId: lesson!.courseId, lessonVersionId: lesson!.versionId!, completedAt: new Date() })

    const folder = path.join(dir, 'courses', 'consulting-ngos')
    const file = fs.readdirSync(folder).filter((f) => f.startsWith('01-'))[0]!
    fs.appendFileSync(path.join(folder, file), '\n\nДобавленный абзац о журнале консультаций.\n')
    const summary = await importContent(testDb(), { root: dir })
    expect(summary.newVersions).toBe(1)
    const [after] = await testDb().select({ versionId: lessons.publishedVersionId }).from(lessons).where(eq(lessons.id, lesson!.id))
    expect(after!.versionId).not.toBe(lesson!.versionId)
    const [progress] = await testDb().select().from(lessonProgress).where(and(eq(lessonProgress.userId, learner.id), eq(lessonProgress.lessonId, lesson!.id)))
    expect(progress!.lessonVersionId).toBe(lesson!.versionId)
    const [html] = await testDb().select({ html: lessonVersions.bodyHtml }).from(lessonVersions).where(eq(lessonVersions.id, after!.versionId!))
    expect(html!.html).toContain('Добавленный абзац о журнале консультаций.')
  })

  test('a broken file is named with its line, and nothing is written', async () => {
    const dir = copyContent()
    const folder = path.join(dir, 'courses', 'grant-applications')
    const file = fs.readdirSync(folder).find((f) => /^0\d-.*\.md$/.test(f) && fs.readFileSync(path.join(folder, f), 'utf8').includes('correct: true'))!
    const text = fs.readFileSync(path.join(folder, file), 'utf8').replaceAll('correct: true', 'correct: false')
    fs.writeFileSync(path.join(folder, file), text)
    fs.writeFileSync(path.join(dir, 'courses', 'consulting-ngos', 'course.md'), '---\nslug: consulting-ngos\ntitle: [unclosed\n---\nТекст\n')
    const before = await counts()
    const error = await importContent(testDb(), { root: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContentError)
    const message = (error as ContentError).message
    expect(message).toMatch(new RegExp(`grant-applications/${file}:\\d+: quiz\\.questions\\.\\d+\\.options a question needs at least one correct option`))
    expect(message).toMatch(/consulting-ngos\/course\.md:\d+:/)
    expect(await counts()).toEqual(before)
  })

  test('a slug taken by an authored course is refused', async () => {
    await testDb().update(courses).set({ source: 'authored' }).where(eq(courses.slug, 'volunteers-and-community'))
    await expect(importContent(testDb())).rejects.toThrow(/volunteers-and-community.*authored/)
    await testDb().update(courses).set({ source: 'content' }).where(eq(courses.slug, 'volunteers-and-community'))
  })

  test('Russian search finds word forms: «грант» finds the grant course', async () => {
    const query = courseSearchQuery('грант')!
    const found = await testDb().select({ slug: courses.slug }).from(courses).where(sql`${courses.searchVector} @@ ${query}`)
    expect(found.map((f) => f.slug)).toContain('grant-applications')
    const volunteers = await testDb().select({ slug: courses.slug }).from(courses).where(sql`${courses.searchVector} @@ ${courseSearchQuery('волонтёрами')!}`)
    expect(volunteers.map((f) => f.slug)).toContain('volunteers-and-community')
  })
})
