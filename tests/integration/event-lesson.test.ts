import { asc, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { events, lessons } from '#db/schema/index.ts'
import { importContent } from '#db/content/import.ts'
import { loader as detailLoader } from '#app/routes/events.$id.tsx'
import { action as newAction } from '#app/routes/events.new.tsx'
import { callRoute, createWorld, testDb, unique } from '#tests/db-utils.ts'

let world: Awaited<ReturnType<typeof createWorld>>
let lessonId: string

beforeAll(async () => {
  await importContent(testDb())
  world = await createWorld()
  const [lesson] = await testDb().select({ id: lessons.id }).from(lessons).orderBy(asc(lessons.title)).limit(1)
  lessonId = lesson!.id
})

function form(overrides: Record<string, string>) {
  return {
    kind: 'online_seminar',
    title: `Семинар по уроку ${unique()}`,
    programmeId: world.programme.id,
    startDate: '2031-04-10',
    startTime: '10:00',
    endTime: '11:30',
    timeZone: 'Europe/Moscow',
    audience: 'programme',
    ...overrides,
  }
}

test('a seminar can be tied to a course lesson, and its page links to the lesson', async () => {
  const created = await callRoute(newAction, '/events/new', { as: world.mentor, form: form({ lessonId }) })
  expect(created.status).toBe(302)
  const id = created.location!.split('/').pop()!
  const [event] = await testDb().select({ lessonId: events.lessonId }).from(events).where(eq(events.id, id))
  expect(event!.lessonId).toBe(lessonId)
  const page = await callRoute(detailLoader, `/events/${id}`, { as: world.staffA, params: { id } })
  expect((page.data as { lesson: { courseSlug: string; lessonSlug: string } | null }).lesson).toMatchObject({
    courseSlug: expect.any(String),
    lessonSlug: expect.any(String),
  })
})

test('an unknown lesson is refused with a clear message and nothing is saved', async () => {
  const title = `Семинар без урока ${unique()}`
  const result = await callRoute(newAction, '/events/new', {
    as: world.mentor,
    form: form({ title, lessonId: '00000000-0000-4000-8000-000000000000' }),
  })
  expect(result.status).toBe(400)
  expect(result.data).toMatchObject({ errors: { lessonId: ['schedule.error.lesson'] }, values: { title } })
  expect(await testDb().select().from(events).where(eq(events.title, title))).toHaveLength(0)
})
