import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { enrolments } from '#db/schema/index.ts'
import { importContent } from '#db/content/import.ts'
import { action, loader } from '#app/routes/courses.$slug_.assign.tsx'
import { callRoute, createWorld, testDb } from '#tests/db-utils.ts'

let world: Awaited<ReturnType<typeof createWorld>>
const slug = 'grant-applications'
const path = `/courses/${slug}/assign`

beforeAll(async () => {
  await importContent(testDb())
  world = await createWorld()
})

describe('enrolling other people in a course', () => {
  test('signed out → sign in; staff and people without centres → 403', async () => {
    expect((await callRoute(loader, path, { params: { slug } })).status).toBe(302)
    expect((await callRoute(loader, path, { params: { slug }, as: world.staffA })).status).toBe(403)
    expect((await callRoute(loader, path, { params: { slug }, as: world.noOrg })).status).toBe(403)
    const post = await callRoute(action, path, { params: { slug }, as: world.staffA, form: { centreId: world.centreA.id, userIds: [world.staffA.id] } })
    expect(post.status).toBe(403)
  })

  test('a leader enrols their own staff, once', async () => {
    const page = await callRoute(loader, path, { params: { slug }, as: world.leaderA })
    expect((page.data as { centreId: string }).centreId).toBe(world.centreA.id)
    const result = await callRoute(action, path, { params: { slug }, as: world.leaderA, form: { centreId: world.centreA.id, userIds: [world.staffA.id] } })
    expect(result.status).toBe(302)
    const rows = await testDb().select().from(enrolments).where(and(eq(enrolments.userId, world.staffA.id)))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ organisationId: world.centreA.id, enrolledById: world.leaderA.id })
    await callRoute(action, path, { params: { slug }, as: world.leaderA, form: { centreId: world.centreA.id, userIds: [world.staffA.id] } })
    expect(await testDb().select().from(enrolments).where(eq(enrolments.userId, world.staffA.id))).toHaveLength(1)
  })

  test("a leader cannot enrol another centre's people; a mentor can for centres they mentor", async () => {
    const foreign = await callRoute(action, path, { params: { slug }, as: world.leaderA, form: { centreId: world.centreB.id, userIds: [world.leaderB.id] } })
    expect(foreign.status).toBe(403)
    const sneaky = await callRoute(action, path, { params: { slug }, as: world.leaderA, form: { centreId: world.centreA.id, userIds: [world.leaderB.id] } })
    expect(sneaky.status).toBe(422)
    const byMentor = await callRoute(action, path, { params: { slug }, as: world.mentor, form: { centreId: world.centreB.id, userIds: [world.leaderB.id] } })
    expect(byMentor.status).toBe(302)
    const outside = await callRoute(action, path, { params: { slug }, as: world.mentor, form: { centreId: world.outsider.id, userIds: [world.outsiderLeader.id] } })
    expect(outside.status).toBe(403)
  })

  test('bad input: nobody ticked, a malformed centre, an unknown course', async () => {
    expect((await callRoute(action, path, { params: { slug }, as: world.leaderA, form: { centreId: world.centreA.id } })).status).toBe(400)
    expect((await callRoute(action, path, { params: { slug }, as: world.leaderA, form: { centreId: 'x', userIds: [world.staffA.id] } })).status).toBe(400)
    expect((await callRoute(loader, '/courses/no-such-course/assign', { params: { slug: 'no-such-course' }, as: world.leaderA })).status).toBe(404)
  })
})
