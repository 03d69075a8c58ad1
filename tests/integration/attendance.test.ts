import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { addMember } from '#db/builders.ts'
import {
  attendance,
  attendanceHistory,
  eventBlocks,
  events,
  rateLimits,
  registrations,
  users,
  type AttendanceStatus,
} from '#db/schema/index.ts'
import { checkIn, dayStartOf } from '#app/models/attendance.server.ts'
import { markAttendance, registerForEvent } from '#app/models/event.server.ts'
import { action as checkInAction, loader as checkInLoader } from '#app/routes/check-in.tsx'
import { action as markAction, loader as markLoader } from '#app/routes/events.$id_.attendance.tsx'
import { loader as csvLoader } from '#app/routes/events.$id_.attendance[.]csv.ts'
import { action as programmeAction, loader as programmeLoader } from '#app/routes/events.$id_.programme.tsx'
import { loader as printLoader } from '#app/routes/events.$id_.programme_.print.tsx'
import { loader as myLoader } from '#app/routes/my.sessions.tsx'
import { loader as centreLoader } from '#app/routes/organisations.$id_.attendance.tsx'
import { loader as centreCsvLoader } from '#app/routes/organisations.$id_.attendance[.]csv.ts'
import { callRoute, createEvent, createUser, createWorld, makeRequest, testDb, unique } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null
type Form = Record<string, string | string[]>

const HOUR = 3600_000

async function register(eventId: string, userId: string, organisationId: string | null) {
  return testDb().transaction((tx) => registerForEvent(tx, { eventId, userId, organisationId }))
}

/** A registration written directly, for events already over (the model refuses to register for those). */
async function registerDirectly(
  eventId: string,
  userId: string,
  organisationId: string | null,
  status: 'registered' | 'waitlisted' | 'cancelled' = 'registered',
) {
  await testDb().insert(registrations).values({ eventId, userId, organisationId, status })
}

async function mark(eventId: string, markedById: string, marks: { userId: string; status: AttendanceStatus }[]) {
  await testDb().transaction((tx) => markAttendance(tx, { eventId, markedById, marks }))
}

async function person(name: string, organisationId: string | null = null) {
  const user = await createUser({ name })
  if (organisationId) await addMember(testDb(), user.id, organisationId, 'staff')
  return user
}

async function marksOf(eventId: string) {
  return testDb().select().from(attendance).where(eq(attendance.eventId, eventId))
}

async function historyOf(eventId: string) {
  return testDb()
    .select()
    .from(attendanceHistory)
    .where(eq(attendanceHistory.eventId, eventId))
    .orderBy(attendanceHistory.id)
}

const markPage = (id: string, as: Who) => callRoute(markLoader, `/events/${id}/attendance`, { as, params: { id } })
const markPost = (id: string, as: Who, form: Form) =>
  callRoute(markAction, `/events/${id}/attendance`, { as, params: { id }, form })
const csv = (id: string, as: Who) => callRoute(csvLoader, `/events/${id}/attendance.csv`, { as, params: { id } })
const programme = (id: string, as: Who) => callRoute(programmeLoader, `/events/${id}/programme`, { as, params: { id } })
const programmePost = (id: string, as: Who, form: Form) =>
  callRoute(programmeAction, `/events/${id}/programme`, { as, params: { id }, form })
const print = (id: string, as: Who) => callRoute(printLoader, `/events/${id}/programme/print`, { as, params: { id } })
const checkInPage = (as: Who) => callRoute(checkInLoader, '/check-in', { as })
const checkInPost = (as: Who, code: string) => callRoute(checkInAction, '/check-in', { as, form: { code } })
const mySessions = (as: Who, search = '') => callRoute(myLoader, `/my/sessions${search}`, { as })
const centre = (id: string, as: Who) =>
  callRoute(centreLoader, `/organisations/${id}/attendance`, { as, params: { id } })
const centreCsv = (id: string, as: Who) =>
  callRoute(centreCsvLoader, `/organisations/${id}/attendance.csv`, { as, params: { id } })

/** Calls a resource route and keeps the raw response: Response.text() would swallow the BOM. */
async function download(
  loader: (args: never) => Promise<Response>,
  path: string,
  as: { id: string },
  params: Record<string, string>,
) {
  const request = await makeRequest(path, { as })
  const response = await loader({ request, params, context: { clientIp: unique('ip-') } } as never)
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) }
}

function fieldSession(w: World, values: Partial<Parameters<typeof createEvent>[0]> = {}) {
  return createEvent({
    programmeId: w.programme.id,
    organiserId: w.mentorOrg.id,
    hostId: w.centreA.id,
    kind: 'field_session',
    title: `Выездная сессия ${unique()}`,
    ...values,
  })
}

describe('signed out', () => {
  let w: World
  let eventId: string
  beforeAll(async () => {
    w = await createWorld()
    eventId = (await fieldSession(w)).id
  })

  test('every loader and action sends the visitor to sign in', async () => {
    const calls = [
      markPage(eventId, null),
      markPost(eventId, null, { intent: 'all-present' }),
      csv(eventId, null),
      programme(eventId, null),
      programmePost(eventId, null, { intent: 'delete', blockId: crypto.randomUUID() }),
      print(eventId, null),
      checkInPage(null),
      checkInPost(null, 'ABCDEF'),
      mySessions(null),
      centre(w.centreA.id, null),
      centreCsv(w.centreA.id, null),
    ]
    for (const result of await Promise.all(calls)) {
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/login/)
    }
  })
})

describe('who may mark, export and change the programme', () => {
  let w: World
  let eventId: string
  beforeAll(async () => {
    w = await createWorld()
    eventId = (await fieldSession(w)).id
    await register(eventId, w.staffA.id, w.centreA.id)
  })

  test('marking page and CSV: mentors of the organiser and administrators only', async () => {
    for (const who of [w.mentor, w.admin]) {
      expect((await markPage(eventId, who)).status).toBe(200)
      expect((await csv(eventId, who)).status).toBe(200)
    }
    // Centre staff and leaders see the event but cannot mark; a programme manager who is not a mentor neither.
    for (const who of [w.staffA, w.leaderA, w.manager, w.leaderB, w.outsiderLeader, w.noOrg]) {
      expect((await markPage(eventId, who)).status).toBe(403)
      expect((await csv(eventId, who)).status).toBe(403)
      const post = await markPost(eventId, who, { intent: 'save', [`mark.${w.staffA.id}`]: 'present' })
      expect(post.status).toBe(403)
      expect((await markPost(eventId, who, { intent: 'all-present' })).status).toBe(403)
    }
    expect(await marksOf(eventId)).toHaveLength(0)
  })

  test('a missing or malformed event id is a 404', async () => {
    expect((await markPage(crypto.randomUUID(), w.admin)).status).toBe(404)
    expect((await markPage('nope', w.admin)).status).toBe(404)
    expect((await csv('nope', w.mentor)).status).toBe(404)
    expect((await programme("1' or 1=1", w.mentor)).status).toBe(404)
    expect((await print(crypto.randomUUID(), w.mentor)).status).toBe(404)
  })

  test('programme: those who see the event read it; only mentors and administrators change it', async () => {
    for (const who of [w.leaderA, w.staffA, w.leaderB, w.manager]) {
      const page = await programme(eventId, who)
      expect(page.status).toBe(200)
      expect((page.data as { canManage: boolean }).canManage).toBe(false)
      expect((await print(eventId, who)).status).toBe(200)
    }
    expect(((await programme(eventId, w.mentor)).data as { canManage: boolean }).canManage).toBe(true)
    // Another centre outside the programme cannot even see it.
    expect((await programme(eventId, w.outsiderLeader)).status).toBe(403)
    expect((await print(eventId, w.outsiderLeader)).status).toBe(403)

    const [event] = await testDb().select().from(events).where(eq(events.id, eventId))
    const day = new Date(event!.startsAt.getTime() + HOUR).toISOString().slice(0, 10)
    const form = { intent: 'add', title: 'Фандрайзинг', date: day, startTime: '00:00', endTime: '00:30' }
    for (const who of [w.leaderA, w.staffA, w.manager, w.outsiderLeader]) {
      expect((await programmePost(eventId, who, form)).status).toBe(403)
    }
    expect(await testDb().select().from(eventBlocks).where(eq(eventBlocks.eventId, eventId))).toHaveLength(0)
  })

  test("centre record: the centre's members, its mentors, managers and administrators; never another centre", async () => {
    for (const who of [w.leaderA, w.staffA, w.mentor, w.manager, w.admin]) {
      expect((await centre(w.centreA.id, who)).status).toBe(200)
      expect((await centreCsv(w.centreA.id, who)).status).toBe(200)
    }
    for (const who of [w.leaderB, w.outsiderLeader, w.noOrg]) {
      expect((await centre(w.centreA.id, who)).status).toBe(403)
      expect((await centreCsv(w.centreA.id, who)).status).toBe(403)
    }
    expect((await centre('nope', w.admin)).status).toBe(404)
  })
})

describe('marking attendance', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  async function eventWith(
    people: { id: string; org: string | null }[],
    values: Partial<Parameters<typeof createEvent>[0]> = {},
  ) {
    const event = await fieldSession(w, values)
    for (const p of people) await register(event.id, p.id, p.org)
    return event
  }

  test('the sheet lists registered people only, with counts, the check-in code and history', async () => {
    const a = await person('Алексеева Анна', w.centreA.id)
    const b = await person('Борисов Борис', w.centreB.id)
    const c = await person('Васильева Вера', w.centreA.id)
    const event = await eventWith(
      [
        { id: a.id, org: w.centreA.id },
        { id: b.id, org: w.centreB.id },
      ],
      { capacity: 2 },
    )
    // Full: the third goes to the waiting list; a fourth registers and cancels.
    expect(await register(event.id, c.id, w.centreA.id)).toBe('waitlisted')
    const d = await person('Григорьев Глеб')
    await registerDirectly(event.id, d.id, null, 'cancelled')

    const page = await markPage(event.id, w.mentor)
    expect(page.status).toBe(200)
    const data = page.data as {
      event: { checkInCode: string }
      people: { userId: string; name: string; centre: string | null; status: string | null }[]
      counts: Record<string, number>
      history: unknown[]
    }
    expect(data.people.map((p) => p.name)).toEqual(['Алексеева Анна', 'Борисов Борис'])
    expect(data.people[0]).toMatchObject({ centre: w.centreA.name, status: null })
    expect(data.event.checkInCode).toBe(event.checkInCode)
    expect(data.counts).toEqual({ registered: 2, present: 0, late: 0, absent: 0, excused: 0, unmarked: 2 })
    expect(data.history).toEqual([])
  })

  test('marking everyone at once; counts and history follow', async () => {
    const ps = await Promise.all(
      ['Дмитриев Денис', 'Егорова Елена', 'Жуков Женя', 'Зайцева Зоя'].map((n) => person(n, w.centreA.id)),
    )
    const event = await eventWith(ps.map((p) => ({ id: p.id, org: w.centreA.id })))
    const statuses: AttendanceStatus[] = ['present', 'late', 'absent', 'excused']
    const form: Form = { intent: 'save' }
    ps.forEach((p, i) => (form[`mark.${p.id}`] = statuses[i]!))
    const result = await markPost(event.id, w.mentor, form)
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/events/${event.id}/attendance`)
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=attendance.saved')

    const marks = await marksOf(event.id)
    expect(marks).toHaveLength(4)
    for (const [i, p] of ps.entries()) {
      expect(marks.find((m) => m.userId === p.id)).toMatchObject({
        status: statuses[i],
        markedById: w.mentor.id,
        selfCheckIn: false,
        organisationId: w.centreA.id,
      })
    }
    const data = (await markPage(event.id, w.mentor)).data as {
      counts: Record<string, number>
      history: { markedByName: string }[]
    }
    expect(data.counts).toEqual({ registered: 4, present: 1, late: 1, absent: 1, excused: 1, unmarked: 0 })
    expect(data.history).toHaveLength(4)
    expect(data.history.every((h) => h.markedByName === 'Тестовый Пользователь')).toBe(true)
  })

  test('a correction keeps both marks in the history, with who made each', async () => {
    const p = await person('Игнатьев Илья', w.centreA.id)
    const event = await eventWith([{ id: p.id, org: w.centreA.id }])
    expect((await markPost(event.id, w.mentor, { intent: 'save', [`mark.${p.id}`]: 'absent' })).status).toBe(302)
    expect((await markPost(event.id, w.admin, { intent: 'save', [`mark.${p.id}`]: 'late' })).status).toBe(302)

    const [current] = await marksOf(event.id)
    expect(current).toMatchObject({ status: 'late', markedById: w.admin.id })
    const history = await historyOf(event.id)
    expect(history.map((h) => [h.status, h.markedById])).toEqual([
      ['absent', w.mentor.id],
      ['late', w.admin.id],
    ])
    const page = (await markPage(event.id, w.mentor)).data as { history: { status: string }[] }
    expect(page.history.map((h) => h.status)).toEqual(['late', 'absent'])

    // Saving the same mark again changes nothing and adds no history.
    const again = await markPost(event.id, w.mentor, { intent: 'save', [`mark.${p.id}`]: 'late' })
    expect(again.headers.get('Set-Cookie')).toContain('rsn_flash=attendance.unchanged')
    expect(await historyOf(event.id)).toHaveLength(2)
  })

  test('someone who is not registered: 422, a clear message, and nothing saved at all', async () => {
    const p = await person('Кузнецова Ксения', w.centreA.id)
    const q = await person('Ларионов Лев', w.centreA.id)
    const waiting = await person('Морозова Мария', w.centreA.id)
    const event = await eventWith([
      { id: p.id, org: w.centreA.id },
      { id: q.id, org: w.centreA.id },
    ])
    await registerDirectly(event.id, waiting.id, w.centreA.id, 'waitlisted')

    for (const stranger of [w.leaderB.id, waiting.id, crypto.randomUUID()]) {
      const form = {
        intent: 'save',
        [`mark.${p.id}`]: 'present',
        [`mark.${stranger}`]: 'present',
        [`mark.${q.id}`]: 'late',
      }
      const result = await markPost(event.id, w.mentor, form)
      expect(result.status).toBe(422)
      expect(result.data).toMatchObject({
        ok: false,
        errors: { '': ['events.error.markNotRegistered'] },
        values: { [`mark.${p.id}`]: 'present', [`mark.${q.id}`]: 'late' },
      })
    }
    const malformed = await markPost(event.id, w.mentor, {
      intent: 'save',
      [`mark.${p.id}`]: 'present',
      'mark.1 or 1=1': 'present',
    })
    expect(malformed.status).toBe(422)
    expect(await marksOf(event.id)).toHaveLength(0)
    expect(await historyOf(event.id)).toHaveLength(0)
  })

  test('an unknown status, an empty sheet or an unknown intent: 400', async () => {
    const p = await person('Никитин Никита', w.centreA.id)
    const event = await eventWith([{ id: p.id, org: w.centreA.id }])
    const bad = await markPost(event.id, w.mentor, { intent: 'save', [`mark.${p.id}`]: 'asleep' })
    expect(bad.status).toBe(400)
    expect(bad.data).toMatchObject({ errors: { '': ['attendance.error.badStatus'] } })
    expect((await markPost(event.id, w.mentor, { intent: 'save' })).status).toBe(400)
    expect((await markPost(event.id, w.mentor, { intent: 'dance' })).status).toBe(400)
    expect(await marksOf(event.id)).toHaveLength(0)
  })

  test('all present: marks everyone without a mark; existing marks stay', async () => {
    const ps = await Promise.all(['Орлов Олег', 'Петрова Полина', 'Романов Роман'].map((n) => person(n, w.centreA.id)))
    const event = await eventWith(ps.map((p) => ({ id: p.id, org: w.centreA.id })))
    await mark(event.id, w.mentor.id, [{ userId: ps[0]!.id, status: 'absent' }])

    const result = await markPost(event.id, w.mentor, { intent: 'all-present' })
    expect(result.status).toBe(302)
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=attendance.allPresentDone')
    const marks = await marksOf(event.id)
    expect(Object.fromEntries(marks.map((m) => [m.userId, m.status]))).toEqual({
      [ps[0]!.id]: 'absent',
      [ps[1]!.id]: 'present',
      [ps[2]!.id]: 'present',
    })
    expect(await historyOf(event.id)).toHaveLength(3)

    const again = await markPost(event.id, w.mentor, { intent: 'all-present' })
    expect(again.headers.get('Set-Cookie')).toContain('rsn_flash=attendance.allPresentNone')
    expect(await historyOf(event.id)).toHaveLength(3)
  })

  test('a cancelled event cannot be marked: 409', async () => {
    const p = await person('Семёнов Степан', w.centreA.id)
    const event = await eventWith([{ id: p.id, org: w.centreA.id }])
    await testDb().update(events).set({ status: 'cancelled' }).where(eq(events.id, event.id))
    expect((await markPost(event.id, w.mentor, { intent: 'save', [`mark.${p.id}`]: 'present' })).status).toBe(409)
    expect((await markPost(event.id, w.mentor, { intent: 'all-present' })).status).toBe(409)
    expect(await marksOf(event.id)).toHaveLength(0)
  })
})

describe('self check-in', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  async function eventFor(userId: string, inHours: number, durationHours = 2) {
    const event = await fieldSession(w, { inHours, durationHours })
    if (event.endsAt.getTime() > Date.now()) await register(event.id, userId, w.centreA.id)
    else await registerDirectly(event.id, userId, w.centreA.id)
    return event
  }

  test('the right code inside the window: present, marked by the person, as a self check-in', async () => {
    const p = await person('Тихонова Таисия', w.centreA.id)
    const event = await eventFor(p.id, -5 / 60)
    // Typed on a phone: lower case, with a space.
    const typed = `${event.checkInCode.slice(0, 3).toLowerCase()} ${event.checkInCode.slice(3).toLowerCase()}`
    const result = await checkInPost(p, typed)
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({
      ok: true,
      event: { id: event.id, title: event.title },
      status: 'present',
      already: false,
    })
    const [row] = await marksOf(event.id)
    expect(row).toMatchObject({ userId: p.id, status: 'present', selfCheckIn: true, markedById: p.id })
    const history = await historyOf(event.id)
    expect(history).toEqual([expect.objectContaining({ status: 'present', selfCheckIn: true, markedById: p.id })])

    // A second check-in changes nothing.
    const again = await checkInPost(p, event.checkInCode)
    expect(again.data).toMatchObject({ ok: true, already: true })
    expect(await historyOf(event.id)).toHaveLength(1)
  })

  test('up to an hour early counts as present; more than 15 minutes after the start as late', async () => {
    const early = await person('Ульянов Устин', w.centreA.id)
    const e1 = await eventFor(early.id, 0.75)
    expect((await checkInPost(early, e1.checkInCode)).data).toMatchObject({ ok: true, status: 'present' })

    const late = await person('Фёдорова Фаина', w.centreA.id)
    const e2 = await eventFor(late.id, -0.5)
    expect((await checkInPost(late, e2.checkInCode)).data).toMatchObject({ ok: true, status: 'late' })
    expect((await marksOf(e2.id))[0]).toMatchObject({ status: 'late', selfCheckIn: true })

    // Two hours after the end is still within the window.
    const after = await person('Харитонов Хасан', w.centreA.id)
    const e3 = await eventFor(after.id, -3, 1.5)
    expect((await checkInPost(after, e3.checkInCode)).data).toMatchObject({ ok: true, status: 'late' })
  })

  test('a mark by the mentor as absent is replaced when the person turns up', async () => {
    const p = await person('Цветкова Цецилия', w.centreA.id)
    const event = await eventFor(p.id, -0.1)
    await mark(event.id, w.mentor.id, [{ userId: p.id, status: 'absent' }])
    expect((await checkInPost(p, event.checkInCode)).data).toMatchObject({
      ok: true,
      status: 'present',
      already: false,
    })
    expect(await historyOf(event.id)).toHaveLength(2)
  })

  test('a wrong code: 404 with a clear message, and the typed code comes back', async () => {
    const p = await person('Чернов Чеслав', w.centreA.id)
    await eventFor(p.id, 0)
    const result = await checkInPost(p, 'zz zz zz')
    expect(result.status).toBe(404)
    expect(result.data).toMatchObject({
      ok: false,
      errors: { code: ['attendance.checkIn.wrongCode'] },
      values: { code: 'zz zz zz' },
    })
  })

  test('a malformed code: 400', async () => {
    const p = await person('Шубина Шура', w.centreA.id)
    for (const code of ['', 'ABC', 'ABCDEFG', 'АБВГДЕ']) {
      const result = await checkInPost(p, code)
      expect(result.status).toBe(400)
      expect(result.data).toMatchObject({ errors: { code: ['attendance.checkIn.codeFormat'] }, values: { code } })
    }
  })

  test('not registered (or only waiting): 422 and no mark', async () => {
    const p = await person('Щербаков Щука', w.centreA.id)
    const other = await person('Эмилия Эрдман', w.centreA.id)
    const event = await eventFor(other.id, 0)
    const result = await checkInPost(p, event.checkInCode)
    expect(result.status).toBe(422)
    expect(result.data).toMatchObject({
      errors: { code: ['attendance.checkIn.notRegistered'] },
      values: { code: event.checkInCode },
    })

    const waiting = await person('Юрьев Юрий', w.centreA.id)
    await registerDirectly(event.id, waiting.id, w.centreA.id, 'waitlisted')
    expect((await checkInPost(waiting, event.checkInCode)).status).toBe(422)
    expect((await marksOf(event.id)).map((m) => m.userId)).toEqual([])
  })

  test('outside the window: too early, or closed after the end; cancelled events too', async () => {
    const p = await person('Яковлева Яна', w.centreA.id)
    const soon = await eventFor(p.id, 3)
    const tooEarly = await checkInPost(p, soon.checkInCode)
    expect(tooEarly.status).toBe(422)
    expect(tooEarly.data).toMatchObject({ errors: { code: ['attendance.checkIn.tooEarly'] } })

    const past = await eventFor(p.id, -6, 2)
    const closed = await checkInPost(p, past.checkInCode)
    expect(closed.status).toBe(422)
    expect(closed.data).toMatchObject({ errors: { code: ['attendance.checkIn.closed'] } })

    const cancelled = await eventFor(p.id, 0)
    await testDb().update(events).set({ status: 'cancelled' }).where(eq(events.id, cancelled.id))
    const result = await checkInPost(p, cancelled.checkInCode)
    expect(result.status).toBe(422)
    expect(result.data).toMatchObject({ errors: { code: ['attendance.checkIn.cancelled'] } })

    for (const e of [soon, past, cancelled]) expect(await marksOf(e.id)).toHaveLength(0)
  })

  test('attempts are limited per person, so codes cannot be guessed', async () => {
    const p = await person('Перебор Пётр', w.centreA.id)
    const event = await eventFor(p.id, 0)
    for (let i = 0; i < 20; i++) expect((await checkInPost(p, 'ZZZZZZ')).status).toBe(404)
    const blocked = await checkInPost(p, event.checkInCode)
    expect(blocked.status).toBe(429)
    expect(blocked.data).toMatchObject({ errors: { code: ['attendance.checkIn.tooMany'] } })
    expect(await marksOf(event.id)).toHaveLength(0)
    await testDb()
      .delete(rateLimits)
      .where(eq(rateLimits.key, `check-in:${p.id}`))
    expect((await checkInPost(p, event.checkInCode)).status).toBe(200)
  })

  test('the page prefills a code from the link', async () => {
    const p = await person('Ссылкин Семён')
    const result = await callRoute(checkInLoader, '/check-in?code=ab3%20k7m', { as: p })
    expect(result.data).toEqual({ code: 'AB3K7M' })
  })
})

describe('CSV of an event', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('BOM, ";" separators, CRLF, Cyrillic intact, quoting and formula guard; headers in Russian', async () => {
    const event = await fieldSession(w, { title: 'Школа НКО: устойчивость', timeZone: 'Europe/Moscow' })
    const tricky = await person('Иванова; Мария "Маша"', w.centreA.id)
    const formula = await person('=HYPERLINK("http://evil.example")', w.centreA.id)
    const plain = await person('Петров Пётр', w.centreB.id)
    const waiting = await person('Сидоров Сидор', w.centreA.id)
    for (const p of [tricky, formula]) await register(event.id, p.id, w.centreA.id)
    await register(event.id, plain.id, w.centreB.id)
    await registerDirectly(event.id, waiting.id, w.centreA.id, 'waitlisted')
    await mark(event.id, w.mentor.id, [
      { userId: tricky.id, status: 'present' },
      { userId: plain.id, status: 'excused' },
    ])

    const { response, bytes, text } = await download(csvLoader, `/events/${event.id}/attendance.csv`, w.mentor, {
      id: event.id,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(event.startsAt)
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="attendance-${day}-shkola-nko-ustoychivost.csv"`,
    )
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf])

    const lines = text.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/)
    expect(lines[0]).toBe(
      'ФИО;E-mail;Центр;Регион;Статус записи;Посещение;Отметил(а);Время отметки (Москва);Самостоятельная отметка',
    )
    const trickyLine = lines.find((l) => l.includes('Иванова'))!
    expect(trickyLine.startsWith('"Иванова; Мария ""Маша""";')).toBe(true)
    expect(trickyLine).toContain(`;${tricky.email};`)
    expect(trickyLine).toContain(';Ростовская область;Записан(а);Присутствовал(а);Тестовый Пользователь;')
    expect(trickyLine.endsWith(';Нет')).toBe(true)
    expect(lines.find((l) => l.includes('HYPERLINK'))!.startsWith(`"'=HYPERLINK(""http://evil.example"")";`)).toBe(true)
    expect(lines.find((l) => l.startsWith('Петров Пётр;'))).toContain(';Уважительная причина;')
    expect(lines.find((l) => l.startsWith('Сидоров Сидор;'))).toContain(';В листе ожидания;Нет отметки;;;')
    expect(lines).toHaveLength(6)
  })

  test('headers in the reader’s language', async () => {
    const event = await fieldSession(w)
    await testDb().update(users).set({ locale: 'en' }).where(eq(users.id, w.admin.id))
    const { text } = await download(csvLoader, `/events/${event.id}/attendance.csv`, w.admin, { id: event.id })
    expect(text.slice(1).split('\r\n')[0]).toBe(
      'Full name;E-mail;Centre;Region;Registration;Attendance;Marked by;Marked at (Moscow);Self check-in',
    )
  })
})

describe('workshop blocks', () => {
  let w: World
  let eventId: string
  // 12–14 May 2030, 09:00–17:00 in Yekaterinburg (UTC+5).
  const startsAt = new Date('2030-05-12T04:00:00Z')
  const endsAt = new Date('2030-05-14T12:00:00Z')
  const block = (overrides: Form = {}): Form => ({
    intent: 'add',
    title: 'Фандрайзинг для НКО',
    trainer: 'Ольга Смирнова',
    date: '2030-05-13',
    startTime: '10:00',
    endTime: '11:30',
    description: 'Где искать деньги на проекты',
    ...overrides,
  })
  const blocksOf = () =>
    testDb().select().from(eventBlocks).where(eq(eventBlocks.eventId, eventId)).orderBy(eventBlocks.startsAt)

  beforeAll(async () => {
    w = await createWorld()
    const event = await fieldSession(w, { timeZone: 'Asia/Yekaterinburg' })
    await testDb()
      .update(events)
      .set({ startsAt, endsAt, address: 'Ростов-на-Дону, ул. Садовая, 1' })
      .where(eq(events.id, event.id))
    eventId = event.id
  })

  test('adding a block converts the wall-clock time in the event’s zone', async () => {
    const result = await programmePost(eventId, w.mentor, block())
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/events/${eventId}/programme`)
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=attendance.block.added')
    const [row] = await blocksOf()
    expect(row).toMatchObject({
      title: 'Фандрайзинг для НКО',
      trainer: 'Ольга Смирнова',
      description: 'Где искать деньги на проекты',
      startsAt: new Date('2030-05-13T05:00:00Z'),
      endsAt: new Date('2030-05-13T06:30:00Z'),
    })
    // The admin adds another one, without trainer, first thing on day one.
    expect(
      (
        await programmePost(
          eventId,
          w.admin,
          block({
            title: 'Открытие',
            trainer: '',
            description: '',
            date: '2030-05-12',
            startTime: '09:00',
            endTime: '09:30',
          }),
        )
      ).status,
    ).toBe(302)

    const page = await programme(eventId, w.leaderA)
    const data = page.data as {
      blocks: { title: string; date: string; startTime: string; endTime: string; trainer: string | null }[]
    }
    expect(data.blocks.map((b) => [b.title, b.date, b.startTime, b.endTime, b.trainer])).toEqual([
      ['Открытие', '2030-05-12', '09:00', '09:30', null],
      ['Фандрайзинг для НКО', '2030-05-13', '10:00', '11:30', 'Ольга Смирнова'],
    ])
  })

  test('a block outside the event: 400, nothing saved, what was typed comes back', async () => {
    const before = (await blocksOf()).length
    for (const outside of [
      block({ date: '2030-05-15' }),
      block({ date: '2030-05-12', startTime: '08:00', endTime: '09:30' }),
      block({ date: '2030-05-14', startTime: '16:30', endTime: '17:30' }),
    ]) {
      const result = await programmePost(eventId, w.mentor, outside)
      expect(result.status).toBe(400)
      expect(result.data).toMatchObject({
        intent: 'add',
        errors: { '': ['attendance.block.outsideEvent'] },
        values: { title: 'Фандрайзинг для НКО', date: outside.date, startTime: outside.startTime },
      })
    }
    expect(await blocksOf()).toHaveLength(before)
  })

  test('an end before the start, a bad time or a missing title: 400 per field', async () => {
    const reversed = await programmePost(eventId, w.mentor, block({ startTime: '12:00', endTime: '11:00' }))
    expect(reversed.status).toBe(400)
    expect(reversed.data).toMatchObject({ errors: { endTime: ['attendance.block.endBeforeStart'] } })
    const same = await programmePost(eventId, w.mentor, block({ startTime: '12:00', endTime: '12:00' }))
    expect(same.status).toBe(400)
    const bad = await programmePost(eventId, w.mentor, block({ title: '', startTime: '25:00', date: 'завтра' }))
    expect(bad.status).toBe(400)
    expect(bad.data).toMatchObject({
      errors: { title: ['validation.required'], startTime: ['attendance.block.time'], date: ['validation.date'] },
    })
  })

  test('editing and deleting a block; a block of another event is a 404', async () => {
    await programmePost(
      eventId,
      w.mentor,
      block({ title: 'Для правки', date: '2030-05-14', startTime: '14:00', endTime: '15:00' }),
    )
    const target = (await blocksOf()).find((b) => b.title === 'Для правки')!

    const edited = await programmePost(eventId, w.mentor, {
      ...block({ title: 'Стратегия центра', date: '2030-05-14', startTime: '15:00', endTime: '16:00' }),
      intent: 'edit',
      blockId: target.id,
    })
    expect(edited.status).toBe(302)
    const [row] = await testDb().select().from(eventBlocks).where(eq(eventBlocks.id, target.id))
    expect(row).toMatchObject({ title: 'Стратегия центра', startsAt: new Date('2030-05-14T10:00:00Z') })

    const badEdit = await programmePost(eventId, w.mentor, {
      ...block({ endTime: '09:00' }),
      intent: 'edit',
      blockId: target.id,
    })
    expect(badEdit.status).toBe(400)
    expect(badEdit.data).toMatchObject({ intent: 'edit', blockId: target.id })

    const other = await fieldSession(w)
    const foreign = await programmePost(other.id, w.mentor, { intent: 'delete', blockId: target.id })
    expect(foreign.status).toBe(404)
    expect((await programmePost(eventId, w.mentor, { intent: 'delete', blockId: 'nope' })).status).toBe(404)

    // A centre leader cannot delete it either.
    expect((await programmePost(eventId, w.leaderA, { intent: 'delete', blockId: target.id })).status).toBe(403)

    const deleted = await programmePost(eventId, w.mentor, { intent: 'delete', blockId: target.id })
    expect(deleted.status).toBe(302)
    expect(await testDb().select().from(eventBlocks).where(eq(eventBlocks.id, target.id))).toHaveLength(0)
    expect((await programmePost(eventId, w.mentor, { intent: 'delete', blockId: target.id })).status).toBe(404)
  })

  test('the printable programme: header, days with their blocks, organiser', async () => {
    const result = await print(eventId, w.staffA)
    expect(result.status).toBe(200)
    const data = result.data as {
      event: { title: string; address: string; firstDay: string; lastDay: string }
      header: { hostName: string; organiserName: string }
      days: { date: string; blocks: { from: string; to: string; title: string }[] }[]
    }
    expect(data.event).toMatchObject({
      address: 'Ростов-на-Дону, ул. Садовая, 1',
      firstDay: '2030-05-12',
      lastDay: '2030-05-14',
    })
    expect(data.header).toMatchObject({ hostName: w.centreA.name, organiserName: w.mentorOrg.name })
    expect(data.days.map((d) => d.date)).toEqual(['2030-05-12', '2030-05-13'])
    expect(data.days[1]!.blocks[0]).toMatchObject({ from: '10:00', to: '11:30', title: 'Фандрайзинг для НКО' })
  })
})

describe('records of sessions attended', () => {
  let w: World
  let past1: string
  let past2: string
  let future: string
  beforeAll(async () => {
    w = await createWorld()
    past1 = (await fieldSession(w, { inHours: -72, title: 'Первая сессия' })).id
    past2 = (await fieldSession(w, { inHours: -24, title: 'Вторая сессия' })).id
    future = (await fieldSession(w, { inHours: 72, title: 'Будущая сессия' })).id
    const cancelled = (await fieldSession(w, { inHours: -48, title: 'Отменённая' })).id

    for (const id of [past1, past2, cancelled]) {
      await registerDirectly(id, w.staffA.id, w.centreA.id)
      await registerDirectly(id, w.leaderA.id, w.centreA.id)
      await registerDirectly(id, w.leaderB.id, w.centreB.id)
    }
    await register(future, w.staffA.id, w.centreA.id)
    await mark(past1, w.mentor.id, [
      { userId: w.staffA.id, status: 'present' },
      { userId: w.leaderA.id, status: 'absent' },
      { userId: w.leaderB.id, status: 'present' },
    ])
    await mark(past2, w.mentor.id, [
      { userId: w.staffA.id, status: 'late' },
      { userId: w.leaderA.id, status: 'excused' },
    ])
    await mark(cancelled, w.mentor.id, [{ userId: w.staffA.id, status: 'present' }])
    await testDb().update(events).set({ status: 'cancelled' }).where(eq(events.id, cancelled))
  })

  test('a centre’s record: per person and per event, counted in SQL, only this centre’s people', async () => {
    const result = await centre(w.centreA.id, w.leaderA)
    expect(result.status).toBe(200)
    const data = result.data as {
      people: {
        userId: string
        registered: number
        present: number
        late: number
        absent: number
        excused: number
        email?: string
      }[]
      events: { eventId: string; registered: number; attended: number }[]
      eventsTotal: number
    }
    const byId = Object.fromEntries(data.people.map(({ userId, ...rest }) => [userId, rest]))
    expect(Object.keys(byId).sort()).toEqual([w.staffA.id, w.leaderA.id].sort())
    expect(byId[w.staffA.id]).toEqual(
      expect.objectContaining({ registered: 3, present: 1, late: 1, absent: 0, excused: 0 }),
    )
    expect(byId[w.leaderA.id]).toEqual(
      expect.objectContaining({ registered: 2, present: 0, late: 0, absent: 1, excused: 1 }),
    )
    expect(data.people.every((p) => p.email === undefined)).toBe(true)

    expect(data.events.map((e) => [e.eventId, e.registered, e.attended])).toEqual([
      [future, 1, 0],
      [past2, 2, 1],
      [past1, 2, 1],
    ])
    expect(data.eventsTotal).toBe(3)

    const other = (await centre(w.centreB.id, w.leaderB)).data as typeof data
    expect(other.people).toEqual([expect.objectContaining({ userId: w.leaderB.id, registered: 2, present: 1 })])
  })

  test('the centre CSV: BOM, counts, e-mail only for those beyond the centre’s staff', async () => {
    const asMentor = await download(centreCsvLoader, `/organisations/${w.centreA.id}/attendance.csv`, w.mentor, {
      id: w.centreA.id,
    })
    expect(asMentor.response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(asMentor.response.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="attendance-\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.csv"$/,
    )
    expect(Array.from(asMentor.bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf])
    const lines = asMentor.text.slice(1).split('\r\n')
    expect(lines[0]).toBe('ФИО;E-mail;Записей;Были;Опоздали;Не были;Уважительная причина;Посетили')
    const [staff] = await testDb().select({ email: users.email }).from(users).where(eq(users.id, w.staffA.id))
    expect(lines).toContain(`Тестовый Пользователь;${staff!.email};3;1;1;0;0;2`)

    const asStaff = await download(centreCsvLoader, `/organisations/${w.centreA.id}/attendance.csv`, w.staffA, {
      id: w.centreA.id,
    })
    expect(asStaff.text.slice(1).split('\r\n')[0]).toBe(
      'ФИО;Записей;Были;Опоздали;Не были;Уважительная причина;Посетили',
    )
    expect(asStaff.text).not.toContain('@')
  })

  test('a person’s record: own rows only, up to today, with totals', async () => {
    const result = await mySessions(w.staffA)
    expect(result.status).toBe(200)
    const data = result.data as {
      rows: { eventId: string; title: string; status: string | null }[]
      totals: Record<string, number>
      page: number
      pages: number
    }
    expect(data.rows.map((r) => [r.title, r.status])).toEqual([
      ['Вторая сессия', 'late'],
      ['Первая сессия', 'present'],
    ])
    expect(data.totals).toMatchObject({
      total: 2,
      attended: 2,
      present: 1,
      late: 1,
      absent: 0,
      excused: 0,
      unmarked: 0,
    })
    expect(data.pages).toBe(1)

    const leader = (await mySessions(w.leaderA)).data as typeof data
    expect(leader.rows.map((r) => r.status)).toEqual(['excused', 'absent'])
    expect(leader.totals).toMatchObject({ total: 2, attended: 0 })

    const nobody = (await mySessions(w.noOrg)).data as typeof data
    expect(nobody.rows).toEqual([])
    expect(nobody.totals.total).toBe(0)
    // A silly page number falls back to the first page.
    expect(((await mySessions(w.staffA, '?page=abc')).data as typeof data).page).toBe(1)
  })

  test('marks and registrations stay consistent with the aggregates', async () => {
    const rows = await testDb()
      .select()
      .from(attendance)
      .where(and(eq(attendance.eventId, past1), eq(attendance.organisationId, w.centreA.id)))
    expect(rows).toHaveLength(2)
  })
})

describe('self check-in on a later day of a multi-day event', () => {
  let w: World
  // A three-day school in Moscow time: 14–16 September 2026, 10:00 each morning (07:00 UTC).
  const starts = new Date('2026-09-14T07:00:00Z')
  const ends = new Date('2026-09-16T14:00:00Z')

  beforeAll(async () => {
    w = await createWorld()
  })

  async function school(blocks: { startsAt: string; endsAt: string }[] = []) {
    const event = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, timeZone: 'Europe/Moscow' })
    await testDb().update(events).set({ startsAt: starts, endsAt: ends }).where(eq(events.id, event.id))
    if (blocks.length) {
      await testDb()
        .insert(eventBlocks)
        .values(blocks.map((b, i) => ({ eventId: event.id, title: `Блок ${i + 1}`, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) })))
    }
    return event
  }

  async function checkInAt(eventCode: string, eventId: string, at: string) {
    const p = await person(`Участник ${unique()}`, w.centreA.id)
    await registerDirectly(eventId, p.id, w.centreA.id)
    return checkIn(p.id, eventCode, new Date(at))
  }

  test('lateness counts from that day’s start, not from the first morning', () => {
    const event = { startsAt: starts, timeZone: 'Europe/Moscow' }
    expect(dayStartOf(event, [], new Date('2026-09-14T09:00:00Z')).toISOString()).toBe('2026-09-14T07:00:00.000Z')
    expect(dayStartOf(event, [], new Date('2026-09-15T09:00:00Z')).toISOString()).toBe('2026-09-15T07:00:00.000Z')
    const blocks = [new Date('2026-09-15T11:00:00Z'), new Date('2026-09-15T08:00:00Z'), new Date('2026-09-14T07:00:00Z')]
    expect(dayStartOf(event, blocks, new Date('2026-09-15T09:00:00Z')).toISOString()).toBe('2026-09-15T08:00:00.000Z')
    // In Vladivostok (UTC+10) the second day starts at 21:00 UTC of the first.
    const far = { startsAt: new Date('2026-09-13T23:00:00Z'), timeZone: 'Asia/Vladivostok' }
    expect(dayStartOf(far, [], new Date('2026-09-14T23:10:00Z')).toISOString()).toBe('2026-09-14T23:00:00.000Z')
  })

  test('checking in at 10:05 on day two is on time, at 10:30 late; the first block of the day counts when there is one', async () => {
    const plain = await school()
    expect(await checkInAt(plain.checkInCode, plain.id, '2026-09-15T07:05:00Z')).toMatchObject({ ok: true, status: 'present' })
    expect(await checkInAt(plain.checkInCode, plain.id, '2026-09-15T07:30:00Z')).toMatchObject({ ok: true, status: 'late' })
    expect(await checkInAt(plain.checkInCode, plain.id, '2026-09-14T07:30:00Z')).toMatchObject({ ok: true, status: 'late' })
    const withBlocks = await school([
      { startsAt: '2026-09-14T07:00:00Z', endsAt: '2026-09-14T14:00:00Z' },
      { startsAt: '2026-09-15T08:00:00Z', endsAt: '2026-09-15T14:00:00Z' },
    ])
    expect(await checkInAt(withBlocks.checkInCode, withBlocks.id, '2026-09-15T08:10:00Z')).toMatchObject({ ok: true, status: 'present' })
    expect(await checkInAt(withBlocks.checkInCode, withBlocks.id, '2026-09-15T08:20:00Z')).toMatchObject({ ok: true, status: 'late' })
  })
})
