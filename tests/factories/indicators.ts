// Factories for grant outcome reporting: the records indicators count (events at exact instants,
// attendance, completions, toolkit usage, consultations, stage changes, practices and transfers), and a
// known data set whose every figure is worked out by hand in tests/integration/indicators.test.ts.
import { insertProgramme } from '#db/builders.ts'
import {
  attendance,
  consultationRequests,
  courses,
  enrolments,
  events,
  indicatorManualValues,
  indicatorTargets,
  practices,
  programmeIndicators,
  programmePractices,
  reportPeriods,
  stageHistory,
  toolkitResources,
  toolkitUsage,
  transferPartners,
  transferStepHistory,
  transferTracks,
  type AttendanceStatus,
  type EventKind,
  type TransferStep,
} from '#db/schema/index.ts'
import { generateCheckInCode } from '#app/models/event.server.ts'
import { createMember, createOrganisation, createProgramme, createUser, createWorld, testDb, unique } from '#tests/db-utils.ts'

/** An event starting at an exact instant (UTC ISO), in a time zone. */
export async function createEventAt(values: {
  programmeId: string
  organiserId: string
  startsAt: string
  timeZone?: string
  kind?: EventKind
  hostId?: string | null
  cancelled?: boolean
  title?: string
}) {
  const start = new Date(values.startsAt)
  const [event] = await testDb()
    .insert(events)
    .values({
      kind: values.kind ?? 'online_seminar',
      title: values.title ?? `Событие ${unique()}`,
      programmeId: values.programmeId,
      organiserId: values.organiserId,
      hostId: values.hostId ?? null,
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * 3600_000),
      timeZone: values.timeZone ?? 'Europe/Moscow',
      status: values.cancelled ? 'cancelled' : 'scheduled',
      cancelledAt: values.cancelled ? start : null,
      checkInCode: generateCheckInCode(),
    })
    .returning()
  return event!
}

export async function markAttendance(eventId: string, userId: string, organisationId: string | null, status: AttendanceStatus = 'present') {
  await testDb().insert(attendance).values({ eventId, userId, organisationId, status })
}

export async function createCourse(title = `Курс ${unique()}`) {
  const [course] = await testDb()
    .insert(courses)
    .values({ slug: unique('course-'), title, topic: 'consulting', stage: 'initiative', status: 'published' })
    .returning()
  return course!
}

export async function enrol(courseId: string, userId: string, organisationId: string | null, completedAt?: string) {
  const [row] = await testDb()
    .insert(enrolments)
    .values({
      courseId,
      userId,
      organisationId,
      status: completedAt ? 'completed' : 'active',
      completedAt: completedAt ? new Date(completedAt) : null,
    })
    .returning()
  return row!
}

export async function createResource() {
  const [resource] = await testDb()
    .insert(toolkitResources)
    .values({ slug: unique('res-'), kind: 'template', title: `Шаблон ${unique()}`, topic: 'law', stage: 'initiative', status: 'published' })
    .returning()
  return resource!
}

export async function recordToolkitUse(resourceId: string, organisationId: string | null, kind: 'view' | 'download' | 'generate_docx' | 'generate_pdf', at: string) {
  await testDb().insert(toolkitUsage).values({ resourceId, organisationId, kind, createdAt: new Date(at) })
}

export async function createConsultation(values: {
  organisationId: string
  programmeId: string | null
  status: 'open' | 'scheduled' | 'answered' | 'held' | 'closed' | 'declined'
  heldAt?: string
  answeredAt?: string
  closedAt?: string
  clientNgo?: string
}) {
  const [row] = await testDb()
    .insert(consultationRequests)
    .values({
      organisationId: values.organisationId,
      programmeId: values.programmeId,
      topic: 'legal',
      subject: `Вопрос ${unique()}`,
      description: 'Как оформить договор пожертвования',
      status: values.status,
      heldAt: values.heldAt ? new Date(values.heldAt) : null,
      answeredAt: values.answeredAt ? new Date(values.answeredAt) : null,
      closedAt: values.closedAt ? new Date(values.closedAt) : null,
      clientNgo: values.clientNgo ?? null,
    })
    .returning()
  return row!
}

export async function changeStage(organisationId: string, fromStage: string, toStage: string, at: string) {
  await testDb().insert(stageHistory).values({ organisationId, fromStage, toStage, changedAt: new Date(at), reason: 'Диагностика' })
}

export async function createPractice(title = `Практика ${unique()}`) {
  const [row] = await testDb()
    .insert(practices)
    .values({
      slug: unique('practice-'),
      title,
      problem: 'Проблема',
      targetGroup: 'Пожилые люди',
      originOrganisation: 'АНО «Исток»',
      evidence: 'Отчёты',
      bodyHtml: '<p>Как повторить</p>',
    })
    .returning()
  return row!
}

export async function decidePractice(programmeId: string, practiceId: string, decision: 'selected' | 'rejected' | 'needs_evidence', at: string) {
  await testDb().insert(programmePractices).values({ programmeId, practiceId, decision, decidedAt: new Date(at), decisionReason: 'Критерии' })
}

export async function createTrack(values: {
  programmeId: string
  practiceId: string
  organisationId: string
  step: TransferStep
  stepChangedAt: string
  history?: { from: TransferStep | null; to: TransferStep; on: string }[]
  partners?: { name: string; at: string }[]
}) {
  const [track] = await testDb()
    .insert(transferTracks)
    .values({
      programmeId: values.programmeId,
      practiceId: values.practiceId,
      organisationId: values.organisationId,
      step: values.step,
      startedOn: values.history?.[0]?.on ?? values.stepChangedAt.slice(0, 10),
      stepChangedAt: new Date(values.stepChangedAt),
    })
    .returning()
  if (values.history?.length) {
    await testDb()
      .insert(transferStepHistory)
      .values(values.history.map((h) => ({ trackId: track!.id, fromStep: h.from, toStep: h.to, occurredOn: h.on })))
  }
  if (values.partners?.length) {
    await testDb()
      .insert(transferPartners)
      .values(values.partners.map((p) => ({ trackId: track!.id, name: p.name, createdAt: new Date(p.at) })))
  }
  return track!
}

export async function createPeriod(programmeId: string, label: string, startsOn: string, endsOn: string) {
  const [row] = await testDb().insert(reportPeriods).values({ programmeId, label, startsOn, endsOn }).returning()
  return row!
}

export async function createIndicator(values: {
  programmeId: string
  name: string
  unit?: string
  computationKey?: string
  params?: Record<string, string>
  targetTotal?: string | null
  position?: number
  targets?: { periodId: string; target: string }[]
}) {
  const [row] = await testDb()
    .insert(programmeIndicators)
    .values({
      programmeId: values.programmeId,
      name: values.name,
      unit: values.unit ?? 'чел.',
      source: values.computationKey ? 'computed' : 'manual',
      computationKey: values.computationKey ?? null,
      computationParams: values.params ?? {},
      targetTotal: values.targetTotal ?? null,
      position: values.position ?? 0,
    })
    .returning()
  if (values.targets?.length) {
    await testDb()
      .insert(indicatorTargets)
      .values(values.targets.map((t) => ({ indicatorId: row!.id, periodId: t.periodId, target: t.target })))
  }
  return row!
}

export async function enterManualValue(indicatorId: string, periodId: string, value: string, evidenceUrl: string | null = null) {
  await testDb().insert(indicatorManualValues).values({ indicatorId, periodId, value, evidenceUrl, note: 'Фотоотчёт' })
}

/** "Now" for the known data set: events after it have not happened yet. */
export const KNOWN_AS_OF = new Date('2026-06-15T00:00:00Z')
export const Q1 = { startsOn: '2026-01-01', endsOn: '2026-03-31' }
export const Q2 = { startsOn: '2026-04-01', endsOn: '2026-06-30' }
export const Q3 = { startsOn: '2026-07-01', endsOn: '2026-09-30' }
export const YEAR = { startsOn: '2026-01-01', endsOn: '2026-12-31' }

/**
 * The known data set. Centre A is in Rostov (Moscow time), centre B in Kamchatka (UTC+12); centre C is
 * outside the programme. Comments give the instant in UTC and the local date that decides the period.
 */
export async function buildKnownDataSet() {
  const world = await createWorld()
  const organiserId = world.mentorOrg.id
  const A = await createOrganisation({ regionCode: '61', city: 'Ростов-на-Дону', name: `РЦ «Дон» ${unique()}` })
  const B = await createOrganisation({ regionCode: '41', city: 'Петропавловск-Камчатский', name: `РЦ «Камчатка» ${unique()}` })
  const C = await createOrganisation({ regionCode: '39', city: 'Калининград' })
  const manager = await createMember(world.mentorOrg.id, 'staff')
  const programme = await insertProgramme(
    testDb(),
    { name: `Программа ${unique()}`, funder: 'Фонд президентских грантов', startsOn: '2026-01-01', endsOn: '2026-12-31', mentorOrganisationId: organiserId },
    [A.id, B.id],
    [manager.id],
  )
  // Another programme of the same mentor organisation, with A in it too and a manager of its own.
  const otherManager = await createUser({ name: 'Менеджер другой программы' })
  const other = await createProgramme(organiserId, [C.id, A.id], [otherManager.id])
  const P = programme.id
  const p1 = await createMember(A.id, 'staff')
  const p2 = await createMember(A.id, 'staff')
  const p3 = await createMember(B.id, 'staff')
  const p4 = await createMember(B.id, 'staff')
  const p5 = await createMember(A.id, 'volunteer')
  const p6 = await createMember(B.id, 'leader')
  const p7 = await createUser({ name: 'Гость без центра' })
  const p8 = await createMember(B.id, 'staff')
  const p9 = await createMember(A.id, 'staff')
  const p10 = await createMember(C.id, 'staff')
  const leaderA = await createMember(A.id, 'leader')

  // E1 online seminar, 10 Feb 10:00 Moscow: p1 present, p2 late, p3 absent, p7 (no centre) present.
  const e1 = await createEventAt({ programmeId: P, organiserId, startsAt: '2026-02-10T07:00:00Z', kind: 'online_seminar', title: 'Семинар о грантах' })
  await markAttendance(e1.id, p1.id, A.id, 'present')
  await markAttendance(e1.id, p2.id, A.id, 'late')
  await markAttendance(e1.id, p3.id, B.id, 'absent')
  await markAttendance(e1.id, p7.id, null, 'present')
  // E2 field session hosted by A, 5 March: p1 again (two events → one person, two visits), p4 from B.
  const e2 = await createEventAt({ programmeId: P, organiserId, startsAt: '2026-03-05T07:00:00Z', kind: 'field_session', hostId: A.id, title: 'Выездная сессия в Ростове' })
  await markAttendance(e2.id, p1.id, A.id, 'present')
  await markAttendance(e2.id, p4.id, B.id, 'present')
  // E3 cancelled network meeting with a stray mark: nothing of it counts.
  const e3 = await createEventAt({ programmeId: P, organiserId, startsAt: '2026-03-10T07:00:00Z', kind: 'network_meeting', cancelled: true })
  await markAttendance(e3.id, p5.id, A.id, 'present')
  // E4 network meeting 31 March 23:30 Kamchatka = 31 March 11:30 UTC → March, Q1.
  const e4 = await createEventAt({ programmeId: P, organiserId, startsAt: '2026-03-31T11:30:00Z', timeZone: 'Asia/Kamchatka', kind: 'network_meeting', title: 'Сетевая встреча (Камчатка)' })
  await markAttendance(e4.id, p4.id, B.id, 'present')
  // E5 consultation 1 April 00:30 Kamchatka = 31 March 12:30 UTC → April, Q2.
  const e5 = await createEventAt({ programmeId: P, organiserId, startsAt: '2026-03-31T12:30:00Z', timeZone: 'Asia/Kamchatka', kind: 'consultation', title: 'Консультация (Камчатка)' })
  await markAttendance(e5.id, p6.id, B.id, 'present')
  // E6 after "now": not held yet.
  await createEventAt({ programmeId: P, organiserId, startsAt: '2026-06-20T07:00:00Z', kind: 'online_seminar' })
  // E7 of another programme: p1 and p10 came, not ours.
  const e7 = await createEventAt({ programmeId: other.id, organiserId, startsAt: '2026-02-20T07:00:00Z' })
  await markAttendance(e7.id, p1.id, A.id, 'present')
  await markAttendance(e7.id, p10.id, C.id, 'present')

  // Courses: p2 completed 31 March 21:30 UTC = 1 April 00:30 Moscow → Q2; p8 (B) in January; p9 still
  // learning; p10's centre is not in the programme.
  const course = await createCourse('Консультирование НКО')
  await enrol(course.id, p2.id, A.id, '2026-03-31T21:30:00Z')
  await enrol(course.id, p8.id, B.id, '2026-01-15T05:00:00Z')
  await enrol(course.id, p9.id, A.id)
  await enrol(course.id, p10.id, C.id, '2026-02-01T10:00:00Z')

  // Toolkit: two downloads by A, a .docx by B in March, a PDF by B in April; a view and C's download do not count.
  const resource = await createResource()
  await recordToolkitUse(resource.id, A.id, 'download', '2026-02-02T10:00:00Z')
  await recordToolkitUse(resource.id, A.id, 'download', '2026-02-03T10:00:00Z')
  await recordToolkitUse(resource.id, B.id, 'generate_docx', '2026-03-03T01:00:00Z')
  await recordToolkitUse(resource.id, B.id, 'generate_pdf', '2026-04-04T01:00:00Z')
  await recordToolkitUse(resource.id, A.id, 'view', '2026-02-04T10:00:00Z')
  await recordToolkitUse(resource.id, C.id, 'download', '2026-02-04T10:00:00Z')

  // Consultations: CR1 held for A in February (client «Добро»); CR2 answered for B 31 March 13:00 UTC =
  // 1 April 01:00 Kamchatka → Q2 (client "Добро" at another centre: another NGO); an open and a declined
  // one; CR5 held for A in July (client « добро » = the same NGO as CR1).
  await createConsultation({ organisationId: A.id, programmeId: P, status: 'held', heldAt: '2026-02-01T08:00:00Z', clientNgo: 'АНО «Добро»' })
  await createConsultation({ organisationId: B.id, programmeId: P, status: 'answered', answeredAt: '2026-03-31T13:00:00Z', clientNgo: 'АНО "Добро"' })
  await createConsultation({ organisationId: A.id, programmeId: P, status: 'open' })
  await createConsultation({ organisationId: A.id, programmeId: P, status: 'declined', closedAt: '2026-02-10T08:00:00Z' })
  await createConsultation({ organisationId: A.id, programmeId: P, status: 'closed', heldAt: '2026-07-10T08:00:00Z', closedAt: '2026-07-11T08:00:00Z', clientNgo: '  ано  «добро» ' })
  await createConsultation({ organisationId: C.id, programmeId: other.id, status: 'held', heldAt: '2026-02-01T08:00:00Z' })

  // Stage changes: A up in February and again in March (one centre); B down in March, up in May.
  await changeStage(A.id, 'initiative', 'registering', '2026-02-15T08:00:00Z')
  await changeStage(A.id, 'registering', 'first-services', '2026-03-20T08:00:00Z')
  await changeStage(B.id, 'operating', 'first-services', '2026-03-01T08:00:00Z')
  await changeStage(B.id, 'first-services', 'operating', '2026-05-05T08:00:00Z')
  await changeStage(C.id, 'initiative', 'registering', '2026-02-15T08:00:00Z')

  // Practices: X selected in February, Y rejected, Z selected in April.
  const X = await createPractice('Серебряные волонтёры')
  const Y = await createPractice('Отклонённая практика')
  const Z = await createPractice('Школа НКО')
  await decidePractice(P, X.id, 'selected', '2026-02-01T08:00:00Z')
  await decidePractice(P, Y.id, 'rejected', '2026-02-01T08:00:00Z')
  await decidePractice(P, Z.id, 'selected', '2026-04-10T08:00:00Z')
  // T1 (A, X): piloted 15 March, implemented 20 May; partners «Добро» (1 March) and «Надежда» (1 May).
  await createTrack({
    programmeId: P,
    practiceId: X.id,
    organisationId: A.id,
    step: 'implemented',
    stepChangedAt: '2026-05-20T08:00:00Z',
    history: [
      { from: null, to: 'identified', on: '2026-02-01' },
      { from: 'identified', to: 'piloted', on: '2026-03-15' },
      { from: 'piloted', to: 'implemented', on: '2026-05-20' },
    ],
    partners: [
      { name: 'АНО «Добро»', at: '2026-03-01T08:00:00Z' },
      { name: 'Фонд «Надежда»', at: '2026-05-01T08:00:00Z' },
    ],
  })
  // T2 (B, X): adapted in March, then straight to implemented 20 April (piloting skipped): piloted and implemented in Q2.
  await createTrack({
    programmeId: P,
    practiceId: X.id,
    organisationId: B.id,
    step: 'implemented',
    stepChangedAt: '2026-04-20T08:00:00Z',
    history: [
      { from: null, to: 'identified', on: '2026-02-10' },
      { from: 'identified', to: 'adapted', on: '2026-03-01' },
      { from: 'adapted', to: 'implemented', on: '2026-04-20' },
    ],
  })
  // T3 (B, Z): at 'piloted' with no history rows: dated by its step change, 1 June.
  await createTrack({ programmeId: P, practiceId: Z.id, organisationId: B.id, step: 'piloted', stepChangedAt: '2026-06-01T02:00:00Z' })

  return {
    world,
    programme,
    other,
    otherManager,
    manager,
    A,
    B,
    C,
    leaderA,
    people: { p1, p2, p3, p4, p5, p6, p7, p8, p9, p10 },
    events: { e1, e2, e3, e4, e5 },
    course,
  }
}
