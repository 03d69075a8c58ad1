import { and, asc, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { eventAudienceCentres, events, eventSeries, outbox, registrations } from '#db/schema/index.ts'
import { action as detailAction, loader as detailLoader } from '#app/routes/events.$id.tsx'
import { action as editAction, loader as editLoader } from '#app/routes/events.$id_.edit.tsx'
import { loader as listLoader } from '#app/routes/events._index.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/events.new.tsx'
import { instantToZoned } from '#app/utils/recurrence.ts'
import {
  callRoute,
  createEvent,
  createMember,
  createOrganisation,
  createProgramme,
  createWorld,
  testDb,
  unique,
} from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null
type Failure = { errors: Record<string, string[]>; values: Record<string, string | string[]> }

type ListData = {
  events: { id: string; title: string; status: string; myStatus: 'registered' | 'waitlisted' | null; registered: number }[]
  total: number
  pages: number
  canSchedule: boolean
}

const list = (as: Who, search = '') => callRoute(listLoader, `/events${search}`, { as })
const newPage = (as: Who, search = '') => callRoute(newLoader, `/events/new${search}`, { as })
const create = (as: Who, form: Record<string, string | string[]>) => callRoute(newAction, '/events/new', { as, form })
const detail = (id: string, as: Who) => callRoute(detailLoader, `/events/${id}`, { as, params: { id } })
const post = (id: string, as: Who, intent: string, extra: Record<string, string> = {}) =>
  callRoute(detailAction, `/events/${id}`, { as, params: { id }, form: { intent, ...extra } })
const editPage = (id: string, as: Who) => callRoute(editLoader, `/events/${id}/edit`, { as, params: { id } })
const save = (id: string, as: Who, form: Record<string, string | string[]>) =>
  callRoute(editAction, `/events/${id}/edit`, { as, params: { id }, form })
const cancel = (id: string, as: Who, confirm = true) =>
  callRoute(editAction, `/events/${id}/edit`, {
    as,
    params: { id },
    form: confirm ? { intent: 'cancel', confirm: 'yes' } : { intent: 'cancel' },
  })

async function listData(as: Who, search = '') {
  const result = await list(as, search)
  expect(result.status).toBe(200)
  return result.data as ListData
}

function eventForm(programmeId: string, overrides: Record<string, string | string[]> = {}) {
  return {
    kind: 'online_seminar',
    title: `Семинар ${unique()}`,
    programmeId,
    startDate: '2031-03-10',
    startTime: '10:00',
    endTime: '12:00',
    timeZone: 'Europe/Moscow',
    onlineUrl: 'https://meet.example.org/room',
    audience: 'programme',
    descriptionText: 'Разберём, как написать заявку на грант.\n\nПодготовьте вопросы.',
    ...overrides,
  }
}

async function getEvent(id: string) {
  const [row] = await testDb().select().from(events).where(eq(events.id, id))
  return row!
}

async function mailsTo(email: string) {
  return testDb().select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(asc(outbox.createdAt))
}

/** The editable fields of an event as its edit form would post them. */
async function currentForm(id: string, overrides: Record<string, string | string[]> = {}) {
  const e = await getEvent(id)
  const start = instantToZoned(e.startsAt, e.timeZone)
  const end = instantToZoned(e.endsAt, e.timeZone)
  const form: Record<string, string | string[]> = {
    kind: e.kind,
    title: e.title,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    timeZone: e.timeZone,
    audience: e.audience,
  }
  if (e.onlineUrl) form.onlineUrl = e.onlineUrl
  if (e.address) form.address = e.address
  if (e.capacity !== null) form.capacity = String(e.capacity)
  if (e.hostId) form.hostId = e.hostId
  if (e.isPublic) form.isPublic = 'on'
  return { ...form, ...overrides }
}

describe('signed out', () => {
  let w: World
  let eventId: string
  beforeAll(async () => {
    w = await createWorld()
    eventId = (await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id })).id
  })

  test('every loader and action sends the visitor to sign in', async () => {
    const calls = [
      list(null),
      newPage(null),
      create(null, eventForm(w.programme.id)),
      detail(eventId, null),
      post(eventId, null, 'register'),
      editPage(eventId, null),
      save(eventId, null, eventForm(w.programme.id)),
      cancel(eventId, null),
    ]
    for (const result of await Promise.all(calls)) {
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/login/)
    }
  })
})

describe('who may schedule, see and change events', () => {
  let w: World
  let eventId: string
  let onlyB: string
  beforeAll(async () => {
    w = await createWorld()
    eventId = (await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, title: 'Для всей программы' })).id
    onlyB = (
      await createEvent({
        programmeId: w.programme.id,
        organiserId: w.mentorOrg.id,
        title: 'Только для центра Б',
        audience: 'centres',
        audienceCentreIds: [w.centreB.id],
      })
    ).id
  })

  test('only mentors and administrators open the new-event form or post it', async () => {
    for (const who of [w.staffA, w.leaderA, w.manager, w.noOrg, w.outsiderLeader]) {
      expect((await newPage(who)).status).toBe(403)
      expect((await create(who, eventForm(w.programme.id))).status).toBe(403)
    }
    const asMentor = await newPage(w.mentor)
    expect(asMentor.status).toBe(200)
    // One programme: chosen without asking, with the programme's centres and the organiser's zone.
    const data = asMentor.data as { programme: { id: string; centres: { id: string }[]; organiserZone: string } }
    expect(data.programme.id).toBe(w.programme.id)
    expect(data.programme.centres.map((c) => c.id).sort()).toEqual([w.centreA.id, w.centreB.id].sort())
    expect(data.programme.organiserZone).toBe('Asia/Yekaterinburg')
    expect((await newPage(w.admin, `?programme=${w.programme.id}`)).status).toBe(200)
  })

  test('a mentor of another organisation cannot schedule for this programme', async () => {
    const otherMentorOrg = await createOrganisation({ kind: 'mentor' })
    const otherMentor = await createMember(otherMentorOrg.id, 'mentor')
    const result = await create(otherMentor, eventForm(w.programme.id))
    expect(result.status).toBe(400)
    expect((result.data as Failure).errors.programmeId).toEqual(['schedule.error.programme'])
  })

  test('editing and cancelling: mentors and administrators only', async () => {
    for (const who of [w.staffA, w.leaderA, w.manager, w.outsiderLeader]) {
      expect((await editPage(eventId, who)).status).toBe(403)
      expect((await save(eventId, who, await currentForm(eventId, { title: 'Чужая правка' }))).status).toBe(403)
      expect((await cancel(eventId, who)).status).toBe(403)
    }
    expect((await getEvent(eventId)).status).toBe('scheduled')
    expect((await editPage(eventId, w.mentor)).status).toBe(200)
    expect((await editPage(eventId, w.admin)).status).toBe(200)
  })

  test('the event page: the audience, the organisers, the programme manager and admins; not other centres', async () => {
    for (const who of [w.staffA, w.leaderA, w.leaderB, w.mentor, w.manager, w.admin]) {
      expect((await detail(eventId, who)).status).toBe(200)
    }
    for (const who of [w.outsiderLeader, w.noOrg]) {
      expect((await detail(eventId, who)).status).toBe(403)
      expect((await post(eventId, who, 'register')).status).toBe(403)
    }
  })

  test('an event for chosen centres is invisible to the others', async () => {
    expect((await detail(onlyB, w.staffA)).status).toBe(403)
    expect((await post(onlyB, w.staffA, 'register')).status).toBe(403)
    expect((await detail(onlyB, w.leaderB)).status).toBe(200)
    const asA = await listData(w.staffA)
    expect(asA.events.map((e) => e.id)).toContain(eventId)
    expect(asA.events.map((e) => e.id)).not.toContain(onlyB)
    const asB = await listData(w.leaderB)
    expect(asB.events.map((e) => e.id)).toEqual(expect.arrayContaining([eventId, onlyB]))
    const asOutsider = await listData(w.outsiderLeader)
    expect(asOutsider.events).toEqual([])
    expect(asOutsider.canSchedule).toBe(false)
    expect((await listData(w.mentor)).canSchedule).toBe(true)
  })

  test('the organisers see who registered and the online link; others see the link only once registered', async () => {
    const asStaff = (await detail(eventId, w.staffA)).data as { event: { onlineUrl: string | null }; registrations: unknown[]; canManage: boolean }
    expect(asStaff.event.onlineUrl).toBeNull()
    expect(asStaff.canManage).toBe(false)
    expect(asStaff.registrations).toEqual([])
    const asMentor = (await detail(eventId, w.mentor)).data as { event: { onlineUrl: string | null }; canManage: boolean }
    expect(asMentor.event.onlineUrl).toBe('https://meet.example.org/seminar')
    expect(asMentor.canManage).toBe(true)
  })

  test('a malformed or missing id is a 404, not a 500', async () => {
    for (const id of ['nope', "1' or '1'='1", crypto.randomUUID()]) {
      expect((await detail(id, w.admin)).status).toBe(404)
      expect((await post(id, w.staffA, 'register')).status).toBe(404)
      expect((await editPage(id, w.admin)).status).toBe(404)
      expect((await save(id, w.admin, {})).status).toBe(404)
    }
    // The list ignores a malformed filter instead of failing.
    expect((await list(w.staffA, '?programme=nope&kind=party&page=abc&when=soon')).status).toBe(200)
  })
})

describe('scheduling', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('a single event: the wall-clock time is stored as the right instant in its zone', async () => {
    const title = `Выездная сессия ${unique()}`
    const result = await create(
      w.mentor,
      eventForm(w.programme.id, {
        kind: 'field_session',
        title,
        startDate: '2031-03-10',
        startTime: '10:00',
        endDate: '2031-03-11',
        endTime: '17:30',
        timeZone: 'Asia/Novosibirsk',
        hostId: w.centreA.id,
        address: 'Ростов-на-Дону, ул. Садовая, 1',
        capacity: '25',
        isPublic: 'on',
      }),
    )
    expect(result.status).toBe(302)
    const id = result.location!.split('/').pop()!
    const e = await getEvent(id)
    expect(e.startsAt.toISOString()).toBe('2031-03-10T03:00:00.000Z')
    expect(e.endsAt.toISOString()).toBe('2031-03-11T10:30:00.000Z')
    expect(e).toMatchObject({
      title,
      kind: 'field_session',
      timeZone: 'Asia/Novosibirsk',
      organiserId: w.mentorOrg.id,
      hostId: w.centreA.id,
      capacity: 25,
      isPublic: true,
      seriesId: null,
      sequence: 0,
      createdById: w.mentor.id,
    })
    expect(e.checkInCode).toMatch(/^[A-Z2-9]{6}$/)
    expect(e.descriptionHtml).toBe('<p>Разберём, как написать заявку на грант.</p><p>Подготовьте вопросы.</p>')
  })

  test('a weekly series of four keeps the same wall-clock time, one event per session', async () => {
    const title = `Цикл семинаров ${unique()}`
    const result = await create(
      w.admin,
      eventForm(w.programme.id, { title, repeat: 'weekly', repeatEnd: 'count', repeatCount: '4', startDate: '2031-03-20' }),
    )
    expect(result.status).toBe(302)
    const rows = await testDb().select().from(events).where(eq(events.title, title)).orderBy(asc(events.seriesIndex))
    expect(rows).toHaveLength(4)
    expect(rows.map((r) => r.seriesIndex)).toEqual([0, 1, 2, 3])
    expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1)
    expect(rows.map((r) => instantToZoned(r.startsAt, 'Europe/Moscow'))).toEqual([
      { date: '2031-03-20', time: '10:00' },
      { date: '2031-03-27', time: '10:00' },
      { date: '2031-04-03', time: '10:00' },
      { date: '2031-04-10', time: '10:00' },
    ])
    expect(new Set(rows.map((r) => r.checkInCode)).size).toBe(4)
    const [series] = await testDb().select().from(eventSeries).where(eq(eventSeries.id, rows[0]!.seriesId!))
    expect(series).toMatchObject({ frequency: 'weekly', count: 4, localStartTime: '10:00', durationMinutes: 120 })
    // The redirect goes to the first session, which knows its place in the series.
    expect(result.location).toBe(`/events/${rows[0]!.id}`)
    const page = (await detail(rows[2]!.id, w.staffA)).data as { seriesTotal: number; event: { seriesIndex: number }; series: unknown[] }
    expect(page.seriesTotal).toBe(4)
    expect(page.event.seriesIndex).toBe(2)
    expect(page.series).toHaveLength(4)
  })

  test('a monthly series until a date, for chosen centres', async () => {
    const title = `Сетевая встреча ${unique()}`
    const result = await create(
      w.mentor,
      eventForm(w.programme.id, {
        title,
        kind: 'network_meeting',
        repeat: 'monthly',
        repeatEnd: 'until',
        repeatUntil: '2031-06-30',
        startDate: '2031-01-31',
        audience: 'centres',
        audienceCentreIds: [w.centreB.id],
      }),
    )
    expect(result.status).toBe(302)
    const rows = await testDb().select().from(events).where(eq(events.title, title)).orderBy(asc(events.seriesIndex))
    // The 31st falls on the last day of shorter months.
    expect(rows.map((r) => instantToZoned(r.startsAt, 'Europe/Moscow').date)).toEqual([
      '2031-01-31',
      '2031-02-28',
      '2031-03-31',
      '2031-04-30',
      '2031-05-31',
      '2031-06-30',
    ])
    const audience = await testDb()
      .select()
      .from(eventAudienceCentres)
      .where(inArray(eventAudienceCentres.eventId, rows.map((r) => r.id)))
    expect(audience).toHaveLength(6)
    expect(audience.every((a) => a.organisationId === w.centreB.id)).toBe(true)
  })

  test('bad input gets a clear message, keeps what was typed and saves nothing', async () => {
    const title = `Неудачная попытка ${unique()}`
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ endTime: '09:00' }, 'endTime', 'schedule.error.endBeforeStart'],
      [{ endDate: '2031-03-09' }, 'endDate', 'schedule.error.endBeforeStart'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'validation.timeZone'],
      [{ timeZone: '+03:00' }, 'timeZone', 'validation.timeZone'],
      [{ audience: 'centres' }, 'audienceCentreIds', 'schedule.error.audienceEmpty'],
      [{ audience: 'centres', audienceCentreIds: [w.outsider.id] }, 'audienceCentreIds', 'schedule.error.audienceNotInProgramme'],
      [{ hostId: w.outsider.id }, 'hostId', 'schedule.error.hostNotInProgramme'],
      [{ capacity: '0' }, 'capacity', 'schedule.error.capacity'],
      [{ capacity: 'много' }, 'capacity', 'schedule.error.capacity'],
      [{ startTime: '25:00' }, 'startTime', 'schedule.error.time'],
      [{ startDate: '2031-02-30' }, 'startDate', 'validation.date'],
      // Clocks in Berlin jump from 02:00 to 03:00 on 30 March 2031.
      [{ timeZone: 'Europe/Berlin', startDate: '2031-03-30', startTime: '02:30', endTime: '04:00' }, 'startTime', 'schedule.error.noSuchTime'],
      [{ endDate: '2031-05-10' }, 'endDate', 'schedule.error.tooLong'],
      [{ onlineUrl: 'javascript:alert(1)' }, 'onlineUrl', 'validation.url'],
      [{ repeat: 'weekly', repeatEnd: 'count', repeatCount: '1' }, 'repeatCount', 'schedule.error.repeatCount'],
      [{ repeat: 'weekly', repeatEnd: 'count', repeatCount: '61' }, 'repeatCount', 'schedule.error.repeatCount'],
      [{ repeat: 'weekly', repeatEnd: 'until', repeatUntil: '2033-01-01' }, 'repeatUntil', 'schedule.error.tooManyOccurrences'],
      [{ repeat: 'weekly', repeatEnd: 'until', repeatUntil: '2031-03-01' }, 'repeatUntil', 'schedule.error.repeatUntil'],
      [{ repeat: 'weekly', repeatEnd: 'until', repeatUntil: '2031-03-12' }, 'repeatUntil', 'schedule.error.seriesTooShort'],
      [{ kind: 'party' }, 'kind', 'validation.choose'],
      [{ title: '' }, 'title', 'validation.required'],
      [{ programmeId: 'nope' }, 'programmeId', 'validation.choose'],
      [{ description: '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)"}}]}]}]}' }, 'description', 'validation.richText'],
    ]
    for (const [overrides, field, key] of cases) {
      const form = eventForm(w.programme.id, { title, ...overrides })
      const result = await create(w.mentor, form)
      expect(result.status, JSON.stringify(overrides)).toBe(400)
      const failure = result.data as Failure
      expect(failure.errors[field], JSON.stringify(overrides)).toContain(key)
      expect(failure.values.startDate).toBe(form.startDate)
    }
    const [typed] = [(await create(w.mentor, eventForm(w.programme.id, { title, endTime: '09:00' }))).data as Failure]
    expect(typed!.values).toMatchObject({ title, startTime: '10:00', endTime: '09:00', timeZone: 'Europe/Moscow' })
    expect(await testDb().select().from(events).where(eq(events.title, title))).toEqual([])
  })

  test('several problems are reported in one go', async () => {
    const result = await create(w.mentor, eventForm(w.programme.id, { title: '', endTime: '09:00', audience: 'centres' }))
    expect(result.status).toBe(400)
    const { errors } = result.data as Failure
    expect(errors.title).toEqual(['validation.required'])
    expect(errors.endTime).toEqual(['schedule.error.endBeforeStart'])
    expect(errors.audienceCentreIds).toEqual(['schedule.error.audienceEmpty'])
  })
})

describe('registration and the waiting list', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('register, a second registration is refused, unregister', async () => {
    const e = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id })
    const first = await post(e.id, w.staffA, 'register')
    expect(first.status).toBe(302)
    expect(first.location).toBe(`/events/${e.id}`)
    const [reg] = await testDb()
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, e.id), eq(registrations.userId, w.staffA.id)))
    expect(reg).toMatchObject({ status: 'registered', organisationId: w.centreA.id })
    const again = await post(e.id, w.staffA, 'register')
    expect(again.status).toBe(409)
    expect((again.data as Failure).errors['']).toEqual(['events.error.alreadyRegistered'])

    const page = (await detail(e.id, w.staffA)).data as { myStatus: string; registered: number; event: { onlineUrl: string | null } }
    expect(page).toMatchObject({ myStatus: 'registered', registered: 1 })
    expect(page.event.onlineUrl).toBe('https://meet.example.org/seminar')
    const listed = (await listData(w.staffA)).events.find((x) => x.id === e.id)
    expect(listed).toMatchObject({ myStatus: 'registered', registered: 1 })

    // The mentors see who registered.
    const asMentor = (await detail(e.id, w.mentor)).data as { registrations: { name: string; centre: string; status: string }[] }
    expect(asMentor.registrations).toEqual([expect.objectContaining({ status: 'registered' })])

    expect((await post(e.id, w.staffA, 'unregister')).status).toBe(302)
    expect((await post(e.id, w.staffA, 'unregister')).status).toBe(409)
  })

  test('capacity 1: the second person waits and gets the place when the first leaves, with mails', async () => {
    const e = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, capacity: 1, title: `Консультация ${unique()}` })
    expect((await post(e.id, w.staffA, 'register')).status).toBe(302)
    expect((await post(e.id, w.leaderB, 'register')).status).toBe(302)
    const statusOf = async (userId: string) =>
      (
        await testDb()
          .select({ status: registrations.status })
          .from(registrations)
          .where(and(eq(registrations.eventId, e.id), eq(registrations.userId, userId)))
      )[0]?.status
    expect(await statusOf(w.leaderB.id)).toBe('waitlisted')
    expect(((await listData(w.leaderB)).events.find((x) => x.id === e.id))?.myStatus).toBe('waitlisted')
    const waitMail = (await mailsTo(w.leaderB.email)).filter((m) => m.kind === 'event-waitlisted')
    expect(waitMail).toHaveLength(1)

    expect((await post(e.id, w.staffA, 'unregister')).status).toBe(302)
    expect(await statusOf(w.leaderB.id)).toBe('registered')
    expect(await statusOf(w.staffA.id)).toBe('cancelled')

    const promoted = (await mailsTo(w.leaderB.email)).filter((m) => m.kind === 'event-promoted')
    expect(promoted).toHaveLength(1)
    expect(promoted[0]!.subject).toContain(e.title)
    expect(promoted[0]!.icalMethod).toBe('REQUEST')
    expect(promoted[0]!.icalContent).toContain('METHOD:REQUEST')

    const left = (await mailsTo(w.staffA.email)).filter((m) => m.kind === 'event-unregistered' && m.subject.includes(e.title))
    expect(left).toHaveLength(1)
    expect(left[0]!.icalMethod).toBe('CANCEL')
    const registered = (await mailsTo(w.staffA.email)).filter((m) => m.kind === 'event-registered' && m.subject.includes(e.title))
    expect(registered[0]!.icalMethod).toBe('REQUEST')
  })

  test('people outside the audience and past events cannot be registered for', async () => {
    const past = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, inHours: -48 })
    const result = await post(past.id, w.staffA, 'register')
    expect(result.status).toBe(409)
    expect((result.data as Failure).errors['']).toEqual(['events.error.past'])
    // The mentor sees the event but is not in its audience.
    const e = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id })
    expect((await post(e.id, w.mentor, 'register')).status).toBe(403)
    expect((await post(e.id, w.staffA, 'dance')).status).toBe(400)
  })
})

describe('changing and cancelling', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('an edit raises SEQUENCE, keeps the series member separate and mails everyone registered', async () => {
    const e = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, capacity: 1 })
    await post(e.id, w.staffA, 'register')
    await post(e.id, w.leaderB, 'register')
    const page = (await editPage(e.id, w.mentor)).data as { defaults: { version: number; title: string }; registered: number }
    expect(page.registered).toBe(1)
    expect(page.defaults.title).toBe(e.title)

    const title = `${e.title} (перенесено)`
    const result = await save(e.id, w.mentor, await currentForm(e.id, { title, startTime: '15:00', endTime: '17:00', capacity: '2', version: '0' }))
    expect(result.status).toBe(302)
    const after = await getEvent(e.id)
    expect(after.sequence).toBe(1)
    expect(after.title).toBe(title)
    expect(instantToZoned(after.startsAt, after.timeZone).time).toBe('15:00')
    expect(after.updatedAt.getTime()).toBeGreaterThan(e.updatedAt.getTime())

    const changed = (await mailsTo(w.staffA.email)).filter((m) => m.kind === 'event-changed')
    expect(changed).toHaveLength(1)
    expect(changed[0]!.icalMethod).toBe('REQUEST')
    expect(changed[0]!.icalContent).toContain('SEQUENCE:1')
    // The raised capacity gave the waiting person a place; they hear about that instead.
    const promoted = (await mailsTo(w.leaderB.email)).filter((m) => m.kind === 'event-promoted')
    expect(promoted).toHaveLength(1)
    expect((await mailsTo(w.leaderB.email)).filter((m) => m.kind === 'event-changed')).toHaveLength(0)

    // A form built before that change is stale now.
    const stale = await save(e.id, w.mentor, await currentForm(e.id, { title: 'Старая форма', version: '0' }))
    expect(stale.status).toBe(409)
    // Saving without changes writes nothing and mails nobody.
    expect((await save(e.id, w.mentor, await currentForm(e.id))).location).toBe(`/events/${e.id}`)
    expect((await getEvent(e.id)).sequence).toBe(1)
  })

  test('fewer places than registered people: 422 and nothing changes', async () => {
    const e = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, capacity: 5 })
    await post(e.id, w.staffA, 'register')
    await post(e.id, w.leaderA, 'register')
    const result = await save(e.id, w.admin, await currentForm(e.id, { capacity: '1', title: 'Не сохранится' }))
    expect(result.status).toBe(422)
    const failure = result.data as Failure
    expect(failure.errors.capacity).toEqual(['schedule.error.capacityBelowRegistered'])
    expect(failure.values.title).toBe('Не сохранится')
    const after = await getEvent(e.id)
    expect(after).toMatchObject({ capacity: 5, title: e.title, sequence: 0 })
  })

  test('an edit with bad input is a 400 and changes nothing', async () => {
    const e = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id })
    const result = await save(e.id, w.mentor, await currentForm(e.id, { endTime: '00:00', endDate: '2020-01-01' }))
    expect(result.status).toBe(400)
    expect((result.data as Failure).errors.endDate).toEqual(['schedule.error.endBeforeStart'])
    expect((await getEvent(e.id)).sequence).toBe(0)
  })

  test('cancelling needs a confirmation, then mails CANCEL to everyone and locks the event', async () => {
    const e = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, capacity: 1 })
    await post(e.id, w.staffA, 'register')
    await post(e.id, w.leaderB, 'register')

    const unconfirmed = await cancel(e.id, w.mentor, false)
    expect(unconfirmed.status).toBe(400)
    expect((unconfirmed.data as Failure).errors.confirm).toEqual(['schedule.error.confirmCancel'])
    expect((await getEvent(e.id)).status).toBe('scheduled')

    expect((await cancel(e.id, w.mentor)).status).toBe(302)
    const after = await getEvent(e.id)
    expect(after.status).toBe('cancelled')
    expect(after.sequence).toBe(1)
    expect(after.cancelledAt).not.toBeNull()
    for (const who of [w.staffA, w.leaderB]) {
      const mails = (await mailsTo(who.email)).filter((m) => m.kind === 'event-cancelled')
      expect(mails).toHaveLength(1)
      expect(mails[0]!.icalMethod).toBe('CANCEL')
      expect(mails[0]!.icalContent).toContain('STATUS:CANCELLED')
    }

    expect((await cancel(e.id, w.mentor)).status).toBe(409)
    expect((await editPage(e.id, w.mentor)).status).toBe(409)
    expect((await save(e.id, w.mentor, await currentForm(e.id, { title: 'После отмены' }))).status).toBe(409)
    const late = await post(e.id, w.leaderA, 'register')
    expect(late.status).toBe(409)
    expect((late.data as Failure).errors['']).toEqual(['events.error.cancelled'])

    // Still listed, marked as cancelled.
    const listed = (await listData(w.leaderA)).events.find((x) => x.id === e.id)
    expect(listed?.status).toBe('cancelled')
  })
})

describe('the list', () => {
  test('upcoming and past, filters by programme and kind, pages of 30', async () => {
    const w = await createWorld()
    const other = await createProgramme(w.mentorOrg.id, [w.centreA.id])
    const soon = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, inHours: 2, kind: 'consultation' })
    const running = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, inHours: -1, durationHours: 3 })
    const later = await createEvent({ programmeId: other.id, organiserId: w.mentorOrg.id, inHours: 100 })
    const past = await createEvent({ programmeId: w.programme.id, organiserId: w.mentorOrg.id, inHours: -30 })

    const upcoming = await listData(w.staffA)
    expect(upcoming.events.map((e) => e.id)).toEqual([running.id, soon.id, later.id])
    const pastList = await listData(w.staffA, '?when=past')
    expect(pastList.events.map((e) => e.id)).toEqual([past.id])
    expect((await listData(w.staffA, `?programme=${other.id}`)).events.map((e) => e.id)).toEqual([later.id])
    expect((await listData(w.staffA, '?kind=consultation')).events.map((e) => e.id)).toEqual([soon.id])
    // Centre B is not in the other programme.
    expect((await listData(w.leaderB)).events.map((e) => e.id)).toEqual([running.id, soon.id])
    // The programme filter offers only programmes the person sees.
    const programmes = ((await list(w.leaderB)).data as { programmes: { id: string }[] }).programmes.map((p) => p.id)
    expect(programmes).toEqual([w.programme.id])

    for (let i = 0; i < 31; i++) {
      await createEvent({ programmeId: other.id, organiserId: w.mentorOrg.id, inHours: 200 + i })
    }
    const first = await listData(w.staffA, `?programme=${other.id}`)
    expect(first.events).toHaveLength(30)
    expect(first.total).toBe(32)
    expect(first.pages).toBe(2)
    const second = await listData(w.staffA, `?programme=${other.id}&page=2`)
    expect(second.events).toHaveLength(2)
    expect((await listData(w.staffA, `?programme=${other.id}&page=9`)).events).toEqual([])
  })
})
