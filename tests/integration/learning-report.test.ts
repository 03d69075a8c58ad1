import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { courses, enrolments, lessonProgress, lessons } from '#db/schema/index.ts'
import { importContent } from '#db/content/import.ts'
import { loader as centreLoader } from '#app/routes/organisations.$id_.learning.tsx'
import { loader as centreCsv } from '#app/routes/organisations.$id_.learning[.]csv.ts'
import { loader as programmeLoader } from '#app/routes/programmes.$id_.learning.tsx'
import { loader as programmeCsv } from '#app/routes/programmes.$id_.learning[.]csv.ts'
import { callRoute, createWorld, makeRequest, testDb } from '#tests/db-utils.ts'

let world: Awaited<ReturnType<typeof createWorld>>
let courseId: string

beforeAll(async () => {
  await importContent(testDb())
  world = await createWorld()
  const [course] = await testDb().select({ id: courses.id }).from(courses).where(eq(courses.slug, 'consulting-ngos'))
  courseId = course!.id
  const lessonRows = await testDb()
    .select({ id: lessons.id, versionId: lessons.publishedVersionId })
    .from(lessons)
    .where(eq(lessons.courseId, courseId))
    .orderBy(asc(lessons.position))
  // staffA finished two lessons, leaderA enrolled but has not started, leaderB completed the course.
  await testDb().insert(enrolments).values([
    { courseId, userId: world.staffA.id, organisationId: world.centreA.id, lessonsDone: 2 },
    { courseId, userId: world.leaderA.id, organisationId: world.centreA.id },
    {
      courseId,
      userId: world.leaderB.id,
      organisationId: world.centreB.id,
      status: 'completed',
      completedAt: new Date(),
      lessonsDone: lessonRows.length,
    },
  ])
  await testDb().insert(lessonProgress).values([
    ...lessonRows.slice(0, 2).map((l) => ({ userId: world.staffA.id, lessonId: l.id, courseId, lessonVersionId: l.versionId!, completedAt: new Date() })),
    ...lessonRows.map((l) => ({ userId: world.leaderB.id, lessonId: l.id, courseId, lessonVersionId: l.versionId!, completedAt: new Date() })),
  ])
})

describe("a centre's learning record", () => {
  const path = () => `/organisations/${world.centreA.id}/learning`
  const params = () => ({ id: world.centreA.id })

  test('signed out → sign in; staff, another centre and a stranger are refused', async () => {
    expect((await callRoute(centreLoader, path(), { params: params() })).status).toBe(302)
    expect((await callRoute(centreLoader, path(), { params: params(), as: world.staffA })).status).toBe(403)
    expect((await callRoute(centreLoader, path(), { params: params(), as: world.leaderB })).status).toBe(403)
    expect((await callRoute(centreLoader, path(), { params: params(), as: world.outsiderLeader })).status).toBe(403)
    expect((await callRoute(centreCsv, `${path()}.csv`, { params: params(), as: world.staffA })).status).toBe(403)
  })

  test('the leader, the mentor, the manager and an admin see per-person progress', async () => {
    for (const who of [world.leaderA, world.mentor, world.manager, world.admin]) {
      const result = await callRoute(centreLoader, path(), { params: params(), as: who })
      expect(result.status).toBe(200)
    }
    const result = await callRoute(centreLoader, path(), { params: params(), as: world.leaderA })
    const rows = (result.data as { rows: { userId: string; done: number; total: number; percent: number }[] }).rows
    expect(rows).toHaveLength(2)
    const staff = rows.find((r) => r.userId === world.staffA.id)!
    expect(staff.done).toBe(2)
    expect(staff.total).toBeGreaterThan(2)
    expect(rows.find((r) => r.userId === world.leaderA.id)!.done).toBe(0)
    // No e-mail addresses in the page data.
    expect(JSON.stringify(result.data)).not.toContain('@test.example')
  })

  test('the CSV opens in Excel: BOM, semicolons, Cyrillic', async () => {
    const request = await makeRequest(`${path()}.csv`, { as: world.mentor })
    const response = (await centreCsv({ request, params: params(), context: {} })) as Response
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text).toContain('Участник;')
    expect(text).toContain('Тестовый Пользователь')
  })
})

describe("a programme's learning report", () => {
  const path = () => `/programmes/${world.programme.id}/learning?course=${courseId}`
  const params = () => ({ id: world.programme.id })

  test('participants and outsiders are refused; managers and mentors see it', async () => {
    expect((await callRoute(programmeLoader, path(), { params: params() })).status).toBe(302)
    expect((await callRoute(programmeLoader, path(), { params: params(), as: world.staffA })).status).toBe(403)
    expect((await callRoute(programmeLoader, path(), { params: params(), as: world.leaderA })).status).toBe(403)
    expect((await callRoute(programmeLoader, path(), { params: params(), as: world.outsiderLeader })).status).toBe(403)
    expect((await callRoute(programmeCsv, path(), { params: params(), as: world.leaderA })).status).toBe(403)
    expect((await callRoute(programmeLoader, path(), { params: params(), as: world.mentor })).status).toBe(200)
  })

  test('counts per centre and where people stop, computed in SQL', async () => {
    const result = await callRoute(programmeLoader, path(), { params: params(), as: world.manager })
    const data = result.data as {
      centres: { organisationId: string; enrolled: number; started: number; completed: number; averagePercent: number }[]
      dropOff: { enrolled: number; lessons: { completed: number }[] }
    }
    const a = data.centres.find((c) => c.organisationId === world.centreA.id)!
    expect(a).toMatchObject({ enrolled: 2, started: 1, completed: 0 })
    const b = data.centres.find((c) => c.organisationId === world.centreB.id)!
    expect(b).toMatchObject({ enrolled: 1, started: 1, completed: 1, averagePercent: 100 })
    expect(data.dropOff.enrolled).toBe(3)
    expect(data.dropOff.lessons[0]!.completed).toBe(2)
    expect(data.dropOff.lessons.at(-1)!.completed).toBe(1)
  })

  test('a malformed programme id is a 404', async () => {
    expect((await callRoute(programmeLoader, '/programmes/x/learning', { params: { id: 'x' }, as: world.admin })).status).toBe(404)
  })
})
