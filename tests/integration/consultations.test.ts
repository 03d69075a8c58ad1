import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  auditLog,
  consultationActionItems,
  consultationMessages,
  consultationRequests,
  eventAudienceCentres,
  events,
  mentorshipPeople,
  mentorships,
  planTasks,
  registrations,
  users,
} from '#db/schema/index.ts'
import { composePreferredTimes, parsePreferredTimes } from '#app/models/consultation.server.ts'
import { loader as inboxLoader } from '#app/routes/consultations._index.tsx'
import { action as pageAction, loader as pageLoader } from '#app/routes/consultations.$id.tsx'
import { loader as centreLoader } from '#app/routes/organisations.$id_.consultations.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/organisations.$id_.consultations_.new.tsx'
import {
  createConsultationWorld,
  createPlanWithGoals,
  daysAhead,
  insertConsultation,
  mailTo,
  type ConsultationWorld,
} from '#tests/factories/consultations.ts'
import { callRoute, testDb } from '#tests/db-utils.ts'

type Who = { id: string } | null
type Failure = { ok: false; errors: Record<string, string[]>; values: Record<string, string | string[]> }

const centreList = (orgId: string, as: Who, query = '') =>
  callRoute(centreLoader, `/organisations/${orgId}/consultations${query}`, { as, params: { id: orgId } })
const newPage = (orgId: string, as: Who) => callRoute(newLoader, `/organisations/${orgId}/consultations/new`, { as, params: { id: orgId } })
const create = (orgId: string, as: Who, form: Record<string, string | string[]> = {}) =>
  callRoute(newAction, `/organisations/${orgId}/consultations/new`, {
    as,
    params: { id: orgId },
    form: {
      topic: 'fundraising',
      subject: 'Как составить бюджет заявки в Фонд президентских грантов',
      description: 'Первый раз подаём заявку, не понимаем, какие статьи расходов допустимы.',
      urgency: 'normal',
      ...form,
    },
  })
const view = (id: string, as: Who) => callRoute(pageLoader, `/consultations/${id}`, { as, params: { id } })
const post = (id: string, as: Who, form: Record<string, string | string[]>) =>
  callRoute(pageAction, `/consultations/${id}`, { as, params: { id }, form })
const inbox = (as: Who, query = '') => callRoute(inboxLoader, `/consultations${query}`, { as })

function scheduleForm(overrides: Record<string, string> = {}) {
  return {
    intent: 'schedule',
    title: 'Консультация по бюджету заявки',
    startDate: daysAhead(4),
    startTime: '11:00',
    endTime: '12:00',
    timeZone: 'Europe/Moscow',
    onlineUrl: 'https://meet.example.org/budget',
    ...overrides,
  }
}

/** Creates a request through the route and returns its id. */
async function ask(w: ConsultationWorld, as: Who, form: Record<string, string | string[]> = {}, orgId = w.centreA.id) {
  const result = await create(orgId, as, form)
  expect(result.status, JSON.stringify(result.data)).toBe(302)
  const id = result.location!.split('/').pop()!
  expect(id).toMatch(/^[0-9a-f-]{36}$/)
  return id
}

async function getRequest(id: string) {
  const [row] = await testDb().select().from(consultationRequests).where(eq(consultationRequests.id, id))
  return row!
}

describe('who may see and do what', () => {
  let w: ConsultationWorld
  let requestId: string
  let requestC: string
  beforeAll(async () => {
    w = await createConsultationWorld()
    requestId = (await insertConsultation({ organisationId: w.centreA.id, programmeId: w.programme.id, mentorOrganisationId: w.mentorOrg.id, requestedById: w.staffA.id })).id
    requestC = (await insertConsultation({ organisationId: w.centreC.id, programmeId: w.programmeC1.id, mentorOrganisationId: w.mentorOrg.id, requestedById: w.leaderC.id })).id
  })

  test('signed out → sign in, for every loader and action', async () => {
    const results = await Promise.all([
      centreList(w.centreA.id, null),
      newPage(w.centreA.id, null),
      create(w.centreA.id, null),
      view(requestId, null),
      post(requestId, null, { intent: 'message', body: 'Привет' }),
      inbox(null),
    ])
    for (const r of results) {
      expect(r.status).toBe(302)
      expect(r.location).toMatch(/^\/login/)
    }
  })

  test('the centre, its mentors, its programme manager and an administrator see the request', async () => {
    for (const who of [w.staffA, w.leaderA, w.volunteerA, w.mentor, w.mentor2, w.manager, w.admin]) {
      expect((await view(requestId, who)).status).toBe(200)
    }
    const asMentor = (await view(requestId, w.mentor)).data as { access: { canAct: boolean; canWrite: boolean } }
    expect(asMentor.access).toMatchObject({ canAct: true, canWrite: true })
    const asStaff = (await view(requestId, w.staffA)).data as { access: { canAct: boolean; canWrite: boolean } }
    expect(asStaff.access).toMatchObject({ canAct: false, canWrite: true })
    const asManager = (await view(requestId, w.manager)).data as { access: { canAct: boolean; canWrite: boolean } }
    expect(asManager.access).toMatchObject({ canAct: false, canWrite: false })
  })

  test('another centre’s leader and staff, an outsider and a person with no organisation are refused', async () => {
    for (const who of [w.leaderB, w.staffB, w.outsiderLeader, w.noOrg]) {
      expect((await view(requestId, who)).status).toBe(403)
      expect((await post(requestId, who, { intent: 'message', body: 'Чужой запрос' })).status).toBe(403)
      expect((await post(requestId, who, { intent: 'answer', answer: 'Ответ' })).status).toBe(403)
    }
    for (const who of [w.leaderB, w.staffB, w.outsiderLeader, w.noOrg]) {
      expect((await centreList(w.centreA.id, who)).status).toBe(403)
      expect((await newPage(w.centreA.id, who)).status).toBe(403)
      expect((await create(w.centreA.id, who)).status).toBe(403)
    }
    expect((await inbox(w.noOrg)).status).toBe(403)
    const count = await testDb().select().from(consultationMessages).where(eq(consultationMessages.requestId, requestId))
    expect(count).toHaveLength(0)
  })

  test('a mentor of another mentor organisation is refused, even one that mentors the same centre elsewhere', async () => {
    expect((await view(requestId, w.otherMentor)).status).toBe(403)
    expect((await post(requestId, w.otherMentor, { intent: 'answer', answer: 'Ответ' })).status).toBe(403)
    // Centre C is in programmes of both organisations; its request is addressed to the first one.
    expect((await view(requestC, w.otherMentor)).status).toBe(403)
    expect((await post(requestC, w.otherMentor, scheduleForm())).status).toBe(403)
    const list = (await inbox(w.otherMentor, '?status=all')).data as { requests: { id: string }[] }
    expect(list.requests.map((r) => r.id)).not.toContain(requestC)
    expect(list.requests.map((r) => r.id)).not.toContain(requestId)
    // And its list of the centre shows only what is addressed to it.
    const centre = (await centreList(w.centreC.id, w.otherMentor)).data as { requests: { id: string }[] }
    expect(centre.requests).toHaveLength(0)
    expect(((await centreList(w.centreC.id, w.mentor)).data as { requests: { id: string }[] }).requests.map((r) => r.id)).toEqual([requestC])
  })

  test('only the centre’s leader and staff ask; volunteers, mentors and managers do not', async () => {
    for (const who of [w.volunteerA, w.mentor, w.manager]) {
      expect((await newPage(w.centreA.id, who)).status).toBe(403)
      expect((await create(w.centreA.id, who)).status).toBe(403)
    }
    expect((await newPage(w.centreA.id, w.staffA)).status).toBe(200)
    expect((await newPage(w.centreA.id, w.leaderA)).status).toBe(200)
    // A mentor organisation is not a centre.
    expect((await centreList(w.mentorOrg.id, w.mentor)).status).toBe(404)
  })

  test('the centre’s people and the programme manager cannot act as mentors', async () => {
    for (const who of [w.staffA, w.leaderA, w.manager]) {
      const forms: Record<string, string>[] = [
        scheduleForm(),
        { intent: 'answer', answer: 'Ответ' },
        { intent: 'decline', reason: 'Нет' },
        { intent: 'assign', mentorId: w.mentor.id },
        { intent: 'close' },
      ]
      for (const form of forms) {
        expect((await post(requestId, who, form)).status).toBe(403)
      }
    }
    expect((await post(requestId, w.manager, { intent: 'message', body: 'Я руководитель программы' })).status).toBe(403)
    expect((await getRequest(requestId)).status).toBe('open')
  })

  test('a malformed or unknown id is a 404', async () => {
    expect((await view('not-a-uuid', w.mentor)).status).toBe(404)
    expect((await view('00000000-0000-4000-8000-000000000000', w.mentor)).status).toBe(404)
  })

  test('centre staff going to the inbox land on their centre’s list', async () => {
    const r = await inbox(w.staffA)
    expect(r.status).toBe(302)
    expect(r.location).toBe(`/organisations/${w.centreA.id}/consultations`)
  })
})

describe('asking for a consultation', () => {
  let w: ConsultationWorld
  beforeAll(async () => {
    w = await createConsultationWorld()
  })

  test('without a topic: a clear message, 400, and what was typed is kept', async () => {
    const r = await create(w.centreA.id, w.staffA, { topic: '', subject: 'Вопрос о пожертвованиях', clientNgo: 'АНО «Добро»' })
    expect(r.status).toBe(400)
    const failure = r.data as Failure
    expect(failure.errors.topic).toEqual(['consultations.error.topic'])
    expect(failure.values.subject).toBe('Вопрос о пожертвованиях')
    expect(failure.values.clientNgo).toBe('АНО «Добро»')
    const rows = await testDb().select().from(consultationRequests).where(eq(consultationRequests.organisationId, w.centreA.id))
    expect(rows).toHaveLength(0)
  })

  test('an unknown topic, an empty description and a suggested time in the past are refused', async () => {
    const r = await create(w.centreA.id, w.staffA, { topic: 'astrology', description: '' })
    expect(r.status).toBe(400)
    expect((r.data as Failure).errors.topic).toEqual(['consultations.error.topic'])
    expect((r.data as Failure).errors.description).toEqual(['consultations.error.description'])
    const past = await create(w.centreA.id, w.staffA, { suggestions: ['2020-01-10T10:00', ''] })
    expect(past.status).toBe(400)
    expect((past.data as Failure).errors.suggestions).toEqual(['consultations.error.suggestionPast'])
    const garbled = await create(w.centreA.id, w.staffA, { suggestions: ['завтра утром'] })
    expect((garbled.data as Failure).errors.suggestions).toEqual(['consultations.error.suggestion'])
  })

  test('a centre in two programmes picks one; a centre in none is told nobody can take it', async () => {
    const r = await create(w.centreC.id, w.leaderC)
    expect(r.status).toBe(400)
    expect((r.data as Failure).errors.programmeId).toEqual(['consultations.error.programme'])
    const page = (await newPage(w.centreC.id, w.leaderC)).data as { programmes: { programmeId: string }[] }
    expect(page.programmes.map((p) => p.programmeId).sort()).toEqual([w.programmeC1.id, w.programmeC2.id].sort())
    const id = await ask(w, w.leaderC, { programmeId: w.programmeC2.id }, w.centreC.id)
    const row = await getRequest(id)
    expect(row.programmeId).toBe(w.programmeC2.id)
    expect(row.mentorOrganisationId).toBe(w.otherMentorOrg.id)
    // Mail went to the other organisation's mentor, not to the first one's.
    expect((await mailTo(w.otherMentor.email)).some((m) => m.kind === 'consultation-new')).toBe(true)
    expect((await mailTo(w.mentor.email)).some((m) => m.textBody.includes(row.subject))).toBe(false)

    expect((await newPage(w.outsider.id, w.outsiderLeader)).data).toMatchObject({ programmes: [] })
    const none = await create(w.outsider.id, w.outsiderLeader)
    expect(none.status).toBe(409)
    expect((none.data as Failure).errors['']).toEqual(['consultations.error.noProgramme'])
    expect((none.data as Failure).values.subject).toContain('бюджет')
  })

  test('a request is stored with the programme’s mentor organisation, audited, and mailed to its mentors', async () => {
    const id = await ask(w, w.staffA, {
      urgency: 'urgent',
      clientNgo: 'АНО «Тёплый дом»',
      preferredTimes: 'По будням после 14:00',
      suggestions: [`${daysAhead(5)}T15:00`, '', ''],
    })
    const row = await getRequest(id)
    expect(row).toMatchObject({
      organisationId: w.centreA.id,
      programmeId: w.programme.id,
      mentorOrganisationId: w.mentorOrg.id,
      requestedById: w.staffA.id,
      topic: 'fundraising',
      urgency: 'urgent',
      status: 'open',
      clientNgo: 'АНО «Тёплый дом»',
    })
    // The suggestion is kept in the requester's zone, beside the free text.
    expect(row.preferredTimes).toBe(`По будням после 14:00\n\n${daysAhead(5)} 15:00 (Asia/Yekaterinburg)`)
    const [entry] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'consultation'), eq(auditLog.entityId, id)))
    expect(entry).toMatchObject({ action: 'consultation.create', actorId: w.staffA.id, organisationId: w.centreA.id })
    for (const mentor of [w.mentor, w.mentor2]) {
      const mails = (await mailTo(mentor.email)).filter((m) => m.kind === 'consultation-new' && m.textBody.includes(row.subject))
      expect(mails).toHaveLength(1)
      expect(mails[0]!.subject).toContain('Новый запрос на консультацию')
      expect(mails[0]!.textBody).toContain(`/consultations/${id}`)
    }
    // The manager (staff of the mentor organisation) is not a mentor and gets nothing.
    expect((await mailTo(w.manager.email)).some((m) => m.kind === 'consultation-new')).toBe(false)
    // The page prefills the schedule form with the suggested time.
    const page = (await view(id, w.mentor)).data as { schedule: { startDate: string; startTime: string; endTime: string; timeZone: string } }
    expect(page.schedule).toEqual({ startDate: daysAhead(5), startTime: '15:00', endTime: '16:00', timeZone: 'Asia/Yekaterinburg', prefilled: true })
  })

  test('with a mentorship naming its mentors, only they are told', async () => {
    const [ms] = await testDb()
      .insert(mentorships)
      .values({ programmeId: w.programme.id, mentorOrganisationId: w.mentorOrg.id, centreId: w.centreB.id, startsOn: '2026-03-01', plannedEndOn: '2027-08-31' })
      .returning()
    await testDb().insert(mentorshipPeople).values({ mentorshipId: ms!.id, userId: w.mentor2.id, side: 'mentor', isPrimary: true })
    const subject = 'Вопрос центра Б о договоре'
    await ask(w, w.leaderB, { subject, programmeId: w.programme.id }, w.centreB.id)
    expect((await mailTo(w.mentor2.email)).some((m) => m.textBody.includes(subject))).toBe(true)
    expect((await mailTo(w.mentor.email)).some((m) => m.textBody.includes(subject))).toBe(false)
  })

  test('preferred times survive a round trip', () => {
    const stored = composePreferredTimes('утром', ['2030-05-01T09:30'], 'Europe/Moscow')
    const parsed = parsePreferredTimes(stored)
    expect(parsed.text).toBe('утром')
    expect(parsed.suggestions).toHaveLength(1)
    expect(parsed.suggestions[0]!.at.toISOString()).toBe('2030-05-01T06:30:00.000Z')
    expect(parsePreferredTimes(null)).toEqual({ text: '', suggestions: [] })
  })
})

describe('a meeting: request → schedule → held → task → closed', () => {
  let w: ConsultationWorld
  let id: string
  beforeAll(async () => {
    w = await createConsultationWorld()
    id = await ask(w, w.staffA)
  })

  test('an open request cannot be closed or get an outcome', async () => {
    const close = await post(id, w.mentor, { intent: 'close' })
    expect(close.status).toBe(409)
    expect((close.data as Failure).errors['']).toEqual(['consultations.error.cannot.close'])
    const record = await post(id, w.mentor, { intent: 'record', outcomeNotes: 'Обсудили', minutesSpent: '60' })
    expect(record.status).toBe(409)
    expect((record.data as Failure).errors['']).toEqual(['consultations.error.cannot.record'])
    expect((record.data as Failure).values.outcomeNotes).toBe('Обсудили')
    expect((await getRequest(id)).status).toBe('open')
  })

  test('a bad schedule form is explained and nothing is created', async () => {
    const before = await testDb().select().from(events).where(eq(events.programmeId, w.programme.id))
    const backwards = await post(id, w.mentor, scheduleForm({ startTime: '12:00', endTime: '11:00' }))
    expect(backwards.status).toBe(400)
    expect((backwards.data as Failure).errors.endTime).toEqual(['schedule.error.endBeforeStart'])
    expect((backwards.data as Failure).values.title).toBe('Консультация по бюджету заявки')
    const nowhere = await post(id, w.mentor, scheduleForm({ onlineUrl: '' }))
    expect((nowhere.data as Failure).errors.onlineUrl).toEqual(['consultations.error.where'])
    const past = await post(id, w.mentor, scheduleForm({ startDate: '2024-01-10' }))
    expect((past.data as Failure).errors.startDate).toEqual(['consultations.error.pastTime'])
    const badMentor = await post(id, w.mentor, scheduleForm({ assignedMentorId: w.otherMentor.id }))
    expect((badMentor.data as Failure).errors.assignedMentorId).toEqual(['consultations.error.mentor'])
    const after = await testDb().select().from(events).where(eq(events.programmeId, w.programme.id))
    expect(after).toHaveLength(before.length)
    expect((await getRequest(id)).status).toBe('open')
  })

  test('accepting assigns a mentor and tells the requester', async () => {
    const r = await post(id, w.mentor, { intent: 'assign', mentorId: w.mentor2.id })
    expect(r.status).toBe(302)
    expect((await getRequest(id)).assignedMentorId).toBe(w.mentor2.id)
    const mails = (await mailTo(w.staffA.email)).filter((m) => m.kind === 'consultation-status-assigned')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.textBody).toContain(w.mentor2.name)
    const wrong = await post(id, w.mentor, { intent: 'assign', mentorId: w.otherMentor.id })
    expect(wrong.status).toBe(422)
    expect((wrong.data as Failure).errors.mentorId).toEqual(['consultations.error.mentor'])
  })

  test('scheduling creates a consultation event for the centre, registers the requester and mails the invitation', async () => {
    const r = await post(id, w.mentor, scheduleForm())
    expect(r.status, JSON.stringify(r.data)).toBe(302)
    expect(r.location).toBe(`/consultations/${id}`)
    const row = await getRequest(id)
    expect(row.status).toBe('scheduled')
    expect(row.eventId).toBeTruthy()
    expect(row.assignedMentorId).toBe(w.mentor2.id)
    const [event] = await testDb().select().from(events).where(eq(events.id, row.eventId!))
    expect(event).toMatchObject({
      kind: 'consultation',
      title: 'Консультация по бюджету заявки',
      programmeId: w.programme.id,
      organiserId: w.mentorOrg.id,
      audience: 'centres',
      timeZone: 'Europe/Moscow',
      onlineUrl: 'https://meet.example.org/budget',
      isPublic: false,
    })
    expect(event!.descriptionHtml).toContain(`/consultations/${id}`)
    const audience = await testDb().select().from(eventAudienceCentres).where(eq(eventAudienceCentres.eventId, event!.id))
    expect(audience.map((a) => a.organisationId)).toEqual([w.centreA.id])
    const [registration] = await testDb()
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, event!.id), eq(registrations.userId, w.staffA.id)))
    expect(registration).toMatchObject({ status: 'registered', organisationId: w.centreA.id })
    const mails = await mailTo(w.staffA.email)
    const invitation = mails.find((m) => m.kind === 'event-registered')
    expect(invitation?.icalMethod).toBe('REQUEST')
    expect(invitation?.icalContent).toContain('BEGIN:VEVENT')
    const status = mails.find((m) => m.kind === 'consultation-status-scheduled')
    expect(status?.textBody).toContain('11:00')
    // The thread shows the change inline.
    const page = (await view(id, w.staffA)).data as { thread: { event: string | null }[]; event: { id: string } | null }
    expect(page.thread.map((m) => m.event)).toEqual(['assigned', 'scheduled'])
    expect(page.event?.id).toBe(event!.id)
    // Scheduling twice is refused.
    const again = await post(id, w.mentor, scheduleForm())
    expect(again.status).toBe(409)
    expect((again.data as Failure).errors['']).toEqual(['consultations.error.cannot.schedule'])
  })

  test('a scheduled request cannot be closed yet', async () => {
    const r = await post(id, w.mentor, { intent: 'close' })
    expect(r.status).toBe(409)
    expect((r.data as Failure).errors['']).toEqual(['consultations.error.cannot.close'])
  })

  test('minutes out of range and empty notes are refused with what was typed kept', async () => {
    for (const minutes of ['0', '6001', 'полтора часа', '']) {
      const r = await post(id, w.mentor, { intent: 'record', outcomeNotes: 'Разобрали статьи бюджета', minutesSpent: minutes, actionItems: 'Переписать смету' })
      expect(r.status).toBe(400)
      expect((r.data as Failure).errors.minutesSpent).toEqual(['consultations.error.minutes'])
      expect((r.data as Failure).values.actionItems).toBe('Переписать смету')
    }
    const noNotes = await post(id, w.mentor, { intent: 'record', outcomeNotes: ' ', minutesSpent: '60' })
    expect((noNotes.data as Failure).errors.outcomeNotes).toEqual(['consultations.error.notes'])
    expect((await getRequest(id)).status).toBe('scheduled')
  })

  test('recording the outcome marks it held with notes, minutes and action items', async () => {
    const r = await post(id, w.mentor2, {
      intent: 'record',
      outcomeNotes: 'Разобрали статьи бюджета и софинансирование.',
      minutesSpent: '90',
      actionItems: '- Переписать смету по статьям фонда\n\n2) Собрать письма поддержки\n',
    })
    expect(r.status).toBe(302)
    const row = await getRequest(id)
    expect(row).toMatchObject({ status: 'held', minutesSpent: 90, outcomeNotes: 'Разобрали статьи бюджета и софинансирование.' })
    expect(row.heldAt).toBeInstanceOf(Date)
    const items = await testDb().select().from(consultationActionItems).where(eq(consultationActionItems.requestId, id))
    expect(items.map((i) => i.text).sort()).toEqual(['Переписать смету по статьям фонда', 'Собрать письма поддержки'].sort())
    expect((await mailTo(w.staffA.email)).some((m) => m.kind === 'consultation-status-held')).toBe(true)
    // Recording again corrects the notes and adds items, without a second status change.
    const again = await post(id, w.mentor2, { intent: 'record', outcomeNotes: 'Уточнили сроки.', minutesSpent: '100', actionItems: 'Прислать смету наставнику' })
    expect(again.status).toBe(302)
    expect(await getRequest(id)).toMatchObject({ status: 'held', minutesSpent: 100, outcomeNotes: 'Уточнили сроки.' })
    expect(await testDb().select().from(consultationActionItems).where(eq(consultationActionItems.requestId, id))).toHaveLength(3)
  })

  test('an action item becomes a task in the centre’s development plan', async () => {
    const items = await testDb().select().from(consultationActionItems).where(eq(consultationActionItems.requestId, id))
    const item = items.find((i) => i.text === 'Собрать письма поддержки')!
    // No plan yet: the page says so and offers no goals; a forged form is refused without writing.
    expect(((await view(id, w.mentor)).data as { goals: unknown[]; canTask: boolean }).goals).toEqual([])
    const noPlan = await post(id, w.mentor, { intent: 'task', itemId: item.id, goalId: '00000000-0000-4000-8000-000000000000' })
    expect(noPlan.status).toBe(409)
    const { goalIds } = await createPlanWithGoals(w.centreA.id)
    const noGoal = await post(id, w.mentor, { intent: 'task', itemId: item.id })
    expect(noGoal.status).toBe(400)
    expect((noGoal.data as Failure).errors.goalId).toEqual(['consultations.error.goal'])
    // Staff of the centre may not (the leader and the mentors may).
    expect((await post(id, w.staffA, { intent: 'task', itemId: item.id, goalId: goalIds[0]! })).status).toBe(403)
    const outsideOwner = await post(id, w.mentor, { intent: 'task', itemId: item.id, goalId: goalIds[0]!, ownerId: w.leaderB.id })
    expect(outsideOwner.status).toBe(422)
    expect((outsideOwner.data as Failure).errors.ownerId).toBeTruthy()

    const r = await post(id, w.leaderA, { intent: 'task', itemId: item.id, goalId: goalIds[1]!, ownerId: w.staffA.id, dueOn: '2026-12-01' })
    expect(r.status, JSON.stringify(r.data)).toBe(302)
    const [linked] = await testDb().select().from(consultationActionItems).where(eq(consultationActionItems.id, item.id))
    expect(linked!.taskId).toBeTruthy()
    const [task] = await testDb().select().from(planTasks).where(eq(planTasks.id, linked!.taskId!))
    expect(task).toMatchObject({
      goalId: goalIds[1],
      title: 'Собрать письма поддержки',
      ownerId: w.staffA.id,
      dueOn: '2026-12-01',
      consultationId: id,
      status: 'todo',
      createdById: w.leaderA.id,
    })
    const twice = await post(id, w.mentor, { intent: 'task', itemId: item.id, goalId: goalIds[0]! })
    expect(twice.status).toBe(409)
    expect((twice.data as Failure).errors['']).toEqual(['consultations.error.alreadyTask'])
    const page = (await view(id, w.staffA)).data as { items: { id: string; taskTitle: string | null }[] }
    expect(page.items.find((i) => i.id === item.id)?.taskTitle).toBe('Собрать письма поддержки')
  })

  test('closing the held request; a closed request takes no more messages or status changes', async () => {
    const r = await post(id, w.mentor, { intent: 'close' })
    expect(r.status).toBe(302)
    const row = await getRequest(id)
    expect(row.status).toBe('closed')
    expect(row.closedAt).toBeInstanceOf(Date)
    expect((await mailTo(w.staffA.email)).some((m) => m.kind === 'consultation-status-closed')).toBe(true)
    const message = await post(id, w.staffA, { intent: 'message', body: 'Ещё вопрос' })
    expect(message.status).toBe(409)
    expect((message.data as Failure).errors['']).toEqual(['consultations.error.cannot.message'])
    expect((message.data as Failure).values.body).toBe('Ещё вопрос')
    expect((await post(id, w.mentor, { intent: 'decline', reason: 'Поздно' })).status).toBe(409)
    expect((await post(id, w.mentor, { intent: 'close' })).status).toBe(409)
    const actions = await testDb()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'consultation'), eq(auditLog.entityId, id)))
    expect(actions.map((a) => a.action).sort()).toEqual(
      ['consultation.create', 'consultation.assign', 'consultation.schedule', 'consultation.hold', 'consultation.outcome', 'consultation.task-create', 'consultation.close'].sort(),
    )
  })
})

describe('a written answer and the thread', () => {
  let w: ConsultationWorld
  let id: string
  beforeAll(async () => {
    w = await createConsultationWorld()
    id = await ask(w, w.staffA, { topic: 'legal', subject: 'Нужна ли лицензия на обучение волонтёров' })
  })

  test('a message from the centre before anyone is assigned goes to the centre’s mentors', async () => {
    const r = await post(id, w.leaderA, { intent: 'message', body: 'Добавлю: обучение бесплатное.' })
    expect(r.status).toBe(302)
    for (const mentor of [w.mentor, w.mentor2]) {
      expect((await mailTo(mentor.email)).some((m) => m.kind === 'consultation-message' && m.textBody.includes('обучение бесплатное'))).toBe(true)
    }
    const empty = await post(id, w.leaderA, { intent: 'message', body: '   ' })
    expect(empty.status).toBe(400)
    expect((empty.data as Failure).errors.body).toEqual(['consultations.error.message'])
  })

  test('an empty answer is refused; a written answer is stored and mailed to the requester', async () => {
    const empty = await post(id, w.mentor, { intent: 'answer', answer: '' })
    expect(empty.status).toBe(400)
    expect((empty.data as Failure).errors.answer).toEqual(['consultations.error.answer'])
    const r = await post(id, w.mentor, { intent: 'answer', answer: 'Лицензия не нужна: это не образовательная программа.' })
    expect(r.status).toBe(302)
    const row = await getRequest(id)
    expect(row).toMatchObject({ status: 'answered', answer: 'Лицензия не нужна: это не образовательная программа.', assignedMentorId: w.mentor.id })
    expect(row.answeredAt).toBeInstanceOf(Date)
    const mail = (await mailTo(w.staffA.email)).find((m) => m.kind === 'consultation-status-answered')
    expect(mail?.textBody).toContain('Лицензия не нужна')
    expect((await post(id, w.mentor, { intent: 'answer', answer: 'Ещё раз' })).status).toBe(409)
    expect((await post(id, w.mentor, scheduleForm())).status).toBe(409)
  })

  test('the centre replies; the assigned mentor hears about it; both sides see the whole thread', async () => {
    const r = await post(id, w.staffA, { intent: 'message', body: 'Спасибо! А договор с волонтёром нужен?' })
    expect(r.status).toBe(302)
    expect((await mailTo(w.mentor.email)).some((m) => m.kind === 'consultation-message' && m.textBody.includes('договор с волонтёром'))).toBe(true)
    expect((await mailTo(w.mentor2.email)).some((m) => m.textBody.includes('договор с волонтёром'))).toBe(false)
    const reply = await post(id, w.mentor, { intent: 'message', body: 'Нужен, шаблон есть в библиотеке.' })
    expect(reply.status).toBe(302)
    expect((await mailTo(w.staffA.email)).some((m) => m.kind === 'consultation-message' && m.textBody.includes('шаблон есть'))).toBe(true)

    for (const who of [w.staffA, w.leaderA, w.mentor, w.manager, w.admin]) {
      const page = (await view(id, who)).data as { thread: { body: string; event: string | null; fromCentre: boolean }[]; request: { answer: string } }
      expect(page.request.answer).toContain('Лицензия не нужна')
      expect(page.thread.map((m) => [m.event, m.fromCentre])).toEqual([
        [null, true],
        ['answered', false],
        [null, true],
        [null, false],
      ])
      expect(page.thread[3]!.body).toBe('Нужен, шаблон есть в библиотеке.')
    }
  })

  test('an answered request can be closed without a meeting', async () => {
    expect((await post(id, w.mentor, { intent: 'close' })).status).toBe(302)
    expect((await getRequest(id)).status).toBe('closed')
  })

  test('mail follows each person’s language', async () => {
    const id2 = await ask(w, w.staffA, { subject: 'Вопрос по отчёту' })
    await testDb().update(users).set({ locale: 'en' }).where(eq(users.id, w.staffA.id))
    await post(id2, w.mentor, { intent: 'answer', answer: 'See the guide.' })
    const mail = (await mailTo(w.staffA.email)).find((m) => m.kind === 'consultation-status-answered' && m.textBody.includes('See the guide'))
    expect(mail?.subject).toBe('Answer to your request: Вопрос по отчёту')
    await testDb().update(users).set({ locale: 'ru' }).where(eq(users.id, w.staffA.id))
  })
})

describe('declining', () => {
  let w: ConsultationWorld
  beforeAll(async () => {
    w = await createConsultationWorld()
  })

  test('needs a reason; declining a scheduled request cancels its meeting', async () => {
    const id = await ask(w, w.staffA)
    expect((await post(id, w.mentor, scheduleForm())).status).toBe(302)
    const noReason = await post(id, w.mentor, { intent: 'decline', reason: '' })
    expect(noReason.status).toBe(400)
    expect((noReason.data as Failure).errors.reason).toEqual(['consultations.error.reason'])
    const r = await post(id, w.mentor, { intent: 'decline', reason: 'Это вопрос к юристу фонда.' })
    expect(r.status).toBe(302)
    const row = await getRequest(id)
    expect(row.status).toBe('declined')
    const [event] = await testDb().select().from(events).where(eq(events.id, row.eventId!))
    expect(event!.status).toBe('cancelled')
    const mails = await mailTo(w.staffA.email)
    expect(mails.some((m) => m.kind === 'event-cancelled' && m.icalMethod === 'CANCEL')).toBe(true)
    expect(mails.find((m) => m.kind === 'consultation-status-declined')?.textBody).toContain('Это вопрос к юристу фонда.')
    const thread = ((await view(id, w.staffA)).data as { thread: { event: string | null; body: string }[] }).thread
    expect(thread.at(-1)).toMatchObject({ event: 'declined', body: 'Это вопрос к юристу фонда.' })
  })
})

describe('the inbox and the centre’s list', () => {
  let w: ConsultationWorld
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    w = await createConsultationWorld()
    const base = { programmeId: w.programme.id, mentorOrganisationId: w.mentorOrg.id }
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 24 * 3600_000)
    ids.oldNormal = (await insertConsultation({ ...base, organisationId: w.centreA.id, subject: 'Старый обычный', createdAt: at(10) })).id
    ids.newUrgent = (await insertConsultation({ ...base, organisationId: w.centreB.id, subject: 'Новый срочный', urgency: 'urgent', topic: 'accounting', createdAt: at(1) })).id
    ids.oldUrgent = (await insertConsultation({ ...base, organisationId: w.centreA.id, subject: 'Старый срочный', urgency: 'urgent', createdAt: at(5) })).id
    ids.low = (await insertConsultation({ ...base, organisationId: w.centreA.id, subject: 'Не срочный', urgency: 'low', createdAt: at(20) })).id
    ids.closed = (await insertConsultation({ ...base, organisationId: w.centreA.id, subject: 'Закрытый', status: 'closed', createdAt: at(30) })).id
    ids.other = (await insertConsultation({ organisationId: w.centreB.id, programmeId: w.otherProgramme.id, mentorOrganisationId: w.otherMentorOrg.id, subject: 'Другой наставник' })).id
  })

  type Inbox = { requests: { id: string }[]; total: number; centres: { id: string }[] }

  test('urgent and oldest first, in-progress requests by default', async () => {
    const data = (await inbox(w.mentor)).data as Inbox
    expect(data.requests.map((r) => r.id)).toEqual([ids.oldUrgent, ids.newUrgent, ids.oldNormal, ids.low])
    expect(data.centres.map((c) => c.id).sort()).toEqual([w.centreA.id, w.centreB.id, w.centreC.id].sort())
  })

  test('filters by status, topic, urgency and centre; nonsense filters are ignored', async () => {
    const list = async (q: string) => ((await inbox(w.mentor, q)).data as Inbox).requests.map((r) => r.id)
    expect(await list('?status=closed')).toEqual([ids.closed])
    expect((await list('?status=all')).length).toBe(5)
    expect(await list('?topic=accounting')).toEqual([ids.newUrgent])
    expect(await list('?urgency=low')).toEqual([ids.low])
    expect(await list(`?centre=${w.centreB.id}`)).toEqual([ids.newUrgent])
    expect(await list('?status=bogus&topic=astrology&centre=nope&page=-3')).toEqual([ids.oldUrgent, ids.newUrgent, ids.oldNormal, ids.low])
  })

  test('managers see their programmes’ requests, administrators all, other mentors only theirs', async () => {
    const mine = ((await inbox(w.manager, '?status=all')).data as Inbox).requests.map((r) => r.id)
    expect(mine.sort()).toEqual([ids.oldNormal, ids.newUrgent, ids.oldUrgent, ids.low, ids.closed].sort())
    const all = ((await inbox(w.admin, '?status=all')).data as Inbox).requests.map((r) => r.id)
    for (const id of Object.values(ids)) expect(all).toContain(id)
    const other = ((await inbox(w.otherMentor, '?status=all')).data as Inbox).requests.map((r) => r.id)
    expect(other).toEqual([ids.other])
  })

  test('pages of thirty', async () => {
    const base = { programmeId: w.programmeC1.id, mentorOrganisationId: w.mentorOrg.id, organisationId: w.centreC.id }
    await testDb()
      .insert(consultationRequests)
      .values(Array.from({ length: 31 }, (_, i) => ({ ...base, topic: 'other' as const, subject: `Вопрос ${i}`, description: '…' })))
    const first = (await inbox(w.mentor, `?centre=${w.centreC.id}`)).data as Inbox & { pages: number }
    expect(first.total).toBe(31)
    expect(first.pages).toBe(2)
    expect(first.requests).toHaveLength(30)
    const second = (await inbox(w.mentor, `?centre=${w.centreC.id}&page=2`)).data as Inbox
    expect(second.requests).toHaveLength(1)
  })

  test('a centre’s list shows its own requests to its people, open first', async () => {
    const data = (await centreList(w.centreA.id, w.staffA)).data as Inbox & { canRequest: boolean }
    expect(data.canRequest).toBe(true)
    expect(data.requests.map((r) => r.id)).toEqual([ids.oldUrgent, ids.oldNormal, ids.low, ids.closed])
    const volunteer = (await centreList(w.centreA.id, w.volunteerA)).data as { canRequest: boolean }
    expect(volunteer.canRequest).toBe(false)
    const active = (await centreList(w.centreA.id, w.staffA, '?status=active')).data as Inbox
    expect(active.requests.map((r) => r.id)).not.toContain(ids.closed)
  })
})
