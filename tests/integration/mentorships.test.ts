import { and, desc, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { addMember } from '#db/builders.ts'
import { auditLog, mentorshipPeople, mentorships, organisations, programmeCentres, programmes, users } from '#db/schema/index.ts'
import { getMentoringDashboard, type DashboardRow, type DashboardScope } from '#app/models/mentoring-dashboard.server.ts'
import { loader as dashboardLoader } from '#app/routes/mentoring.tsx'
import { loader as profileLoader } from '#app/routes/organisations.$id.tsx'
import { loader as listLoader } from '#app/routes/programmes.$id_.mentorships.tsx'
import { action as editAction, loader as editLoader } from '#app/routes/programmes.$id_.mentorships_.$mentorshipId.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/programmes.$id_.mentorships_.new.tsx'
import { getOrganisationRelation } from '#app/utils/permissions.server.ts'
import { createSession, validateSessionToken, type CurrentUser } from '#app/utils/session.server.ts'
import {
  callRoute,
  createEvent,
  createMember,
  createOrganisation,
  createProgramme,
  createUser,
  createWorld,
  testDb,
} from '#tests/db-utils.ts'
import {
  createAssessment,
  createConsultation,
  createMentorship,
  createPlan,
  daysAgo,
  isoDay,
  markAttendance,
} from '#tests/factories/mentorships.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null
let w: World
/** A second mentor organisation with its own mentor, leader and staff member. */
let other: { org: { id: string }; mentor: { id: string }; leader: { id: string }; staff: { id: string } }
let mentor2: { id: string }

async function current(userId: string): Promise<CurrentUser> {
  const { token } = await createSession(testDb(), userId)
  return (await validateSessionToken(testDb(), token))!.user
}

beforeAll(async () => {
  w = await createWorld()
  const org = await createOrganisation({ kind: 'mentor', name: 'АНО «Другой наставник»' })
  other = {
    org,
    mentor: await createMember(org.id, 'mentor'),
    leader: await createMember(org.id, 'leader'),
    staff: await createMember(org.id, 'staff'),
  }
  mentor2 = await createMember(w.mentorOrg.id, 'mentor')
})

const base = (w: World) => `/programmes/${w.programme.id}/mentorships`

function validForm(overrides: Record<string, string | string[]> = {}) {
  return {
    centreId: w.centreA.id,
    mentorOrganisationId: w.mentorOrg.id,
    mentorIds: [w.mentor.id],
    contactIds: [w.leaderA.id],
    startsOn: '2026-03-01',
    plannedEndOn: '2027-08-31',
    status: 'active',
    notes: 'Встречаемся раз в месяц',
    ...overrides,
  }
}

const create = (as: Who, form: Record<string, string | string[]>, programmeId = w.programme.id) =>
  callRoute(newAction, `/programmes/${programmeId}/mentorships/new`, { as, params: { id: programmeId }, form })

async function mentorshipOf(programmeId: string, centreId: string) {
  const [row] = await testDb()
    .select()
    .from(mentorships)
    .where(and(eq(mentorships.programmeId, programmeId), eq(mentorships.centreId, centreId)))
  return row ?? null
}

async function peopleOf(mentorshipId: string) {
  return testDb()
    .select({ userId: mentorshipPeople.userId, side: mentorshipPeople.side, isPrimary: mentorshipPeople.isPrimary })
    .from(mentorshipPeople)
    .where(eq(mentorshipPeople.mentorshipId, mentorshipId))
}

async function lastAudit(entityId: string) {
  const [row] = await testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'mentorship'), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id))
    .limit(1)
  return row
}

describe('permissions: a mentorship makes its mentor organisation the centre’s mentor', () => {
  test('another mentor organisation is refused until it has an active mentorship, and only for that centre', async () => {
    // A separate programme so the routes' mentorships below stay apart.
    const centre = await createOrganisation({ regionCode: '54', city: 'Новосибирск' })
    const sibling = await createOrganisation({ regionCode: '54', city: 'Бердск' })
    const programme = await createProgramme(w.mentorOrg.id, [centre.id, sibling.id])
    const [otherMentor, otherLeader, otherStaff] = await Promise.all([
      current(other.mentor.id),
      current(other.leader.id),
      current(other.staff.id),
    ])
    expect(await getOrganisationRelation(otherMentor, centre.id)).toBeNull()
    expect(await getOrganisationRelation(otherLeader, centre.id)).toBeNull()
    // The programme's own mentor organisation keeps its rule.
    expect(await getOrganisationRelation(await current(w.mentor.id), centre.id)).toBe('mentor')

    const ms = await createMentorship({ programmeId: programme.id, mentorOrganisationId: other.org.id, centreId: centre.id, mentorIds: [other.mentor.id] })
    expect(await getOrganisationRelation(otherMentor, centre.id)).toBe('mentor')
    // Every mentor and the leader of the mentor organisation, not only the named mentors.
    expect(await getOrganisationRelation(otherLeader, centre.id)).toBe('mentor')
    // Staff of the mentor organisation do not mentor.
    expect(await getOrganisationRelation(otherStaff, centre.id)).toBeNull()
    // Not the centre's neighbour in the programme, and not a centre of the first world.
    expect(await getOrganisationRelation(otherMentor, sibling.id)).toBeNull()
    expect(await getOrganisationRelation(otherMentor, w.centreA.id)).toBeNull()
    // A third mentor organisation stays outside.
    const third = await createOrganisation({ kind: 'mentor' })
    expect(await getOrganisationRelation(await current((await createMember(third.id, 'mentor')).id), centre.id)).toBeNull()

    // An ended mentorship opens nothing.
    await testDb().update(mentorships).set({ status: 'ended', endedOn: '2026-10-01' }).where(eq(mentorships.id, ms.id))
    expect(await getOrganisationRelation(otherMentor, centre.id)).toBeNull()
  })

  test('the mentorship still counts for a centre that is in no programme any more (one query, one row)', async () => {
    const centre = await createOrganisation({ regionCode: '27' })
    const programme = await createProgramme(w.mentorOrg.id, [centre.id])
    await createMentorship({ programmeId: programme.id, mentorOrganisationId: other.org.id, centreId: centre.id, mentorIds: [other.mentor.id] })
    await testDb().delete(programmeCentres).where(eq(programmeCentres.organisationId, centre.id))
    expect(await getOrganisationRelation(await current(other.mentor.id), centre.id)).toBe('mentor')
    expect(await getOrganisationRelation(await current(w.mentor.id), centre.id)).toBeNull()
  })

  test('the mentor of another organisation opens the centre’s profile only with a mentorship', async () => {
    const centre = await createOrganisation({ regionCode: '39' })
    const programme = await createProgramme(w.mentorOrg.id, [centre.id])
    const path = `/organisations/${centre.id}`
    expect((await callRoute(profileLoader, path, { as: other.mentor, params: { id: centre.id } })).status).toBe(403)
    await createMentorship({ programmeId: programme.id, mentorOrganisationId: other.org.id, centreId: centre.id, mentorIds: [other.mentor.id] })
    expect((await callRoute(profileLoader, path, { as: other.mentor, params: { id: centre.id } })).status).toBe(200)
  })
})

describe('the programme’s mentorship list', () => {
  const list = (as: Who, id = w.programme.id) => callRoute(listLoader, `/programmes/${id}/mentorships`, { as, params: { id } })

  test('signed out: sent to sign in', async () => {
    const result = await list(null)
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login\?redirectTo=/)
  })

  test('centre people, strangers and other programmes’ people are refused; a bad id is 404', async () => {
    expect((await list(w.staffA)).status).toBe(403)
    expect((await list(w.outsiderLeader)).status).toBe(403)
    expect((await list(w.noOrg)).status).toBe(403)
    expect((await list(other.mentor)).status).toBe(403)
    expect((await list(w.manager, 'not-a-uuid')).status).toBe(404)
    expect((await list(w.manager, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  test('the manager may set up mentorships; the programme’s mentors only look', async () => {
    const asManager = (await list(w.manager)).data as { canManage: boolean; without: { id: string }[] }
    expect(asManager.canManage).toBe(true)
    expect(asManager.without.map((c) => c.id)).toContain(w.centreB.id)
    const asMentor = await list(w.mentor)
    expect(asMentor.status).toBe(200)
    expect((asMentor.data as { canManage: boolean }).canManage).toBe(false)
    expect(((await list(w.admin)).data as { canManage: boolean }).canManage).toBe(true)
  })
})

describe('setting up a mentorship', () => {
  test('signed out, mentors, centre leaders and other programmes’ managers are refused', async () => {
    const path = `${base(w)}/new`
    expect((await callRoute(newLoader, path, { params: { id: w.programme.id } })).status).toBe(302)
    expect((await create(null, validForm())).status).toBe(302)
    for (const who of [w.mentor, w.leaderA, w.staffA, other.leader, w.noOrg]) {
      expect((await callRoute(newLoader, path, { as: who, params: { id: w.programme.id } })).status).toBe(403)
      expect((await create(who, validForm())).status).toBe(403)
    }
    const otherManager = await createUser()
    await createProgramme(w.mentorOrg.id, [w.centreB.id], [otherManager.id])
    expect((await create(otherManager, validForm())).status).toBe(403)
    expect(await mentorshipOf(w.programme.id, w.centreA.id)).toBeNull()
  })

  test('the form lists the mentor organisation’s mentors and the centre’s people once both are chosen', async () => {
    const result = await callRoute(newLoader, `${base(w)}/new?centre=${w.centreA.id}`, { as: w.manager, params: { id: w.programme.id } })
    expect(result.status).toBe(200)
    const data = result.data as {
      mentorOrganisationId: string
      chosen: { mentors: { id: string }[]; contacts: { id: string }[] } | null
    }
    // The programme's own mentor organisation is chosen by default.
    expect(data.mentorOrganisationId).toBe(w.mentorOrg.id)
    const mentorIds = data.chosen!.mentors.map((p) => p.id)
    expect(mentorIds).toContain(w.mentor.id)
    expect(mentorIds).toContain(mentor2.id)
    // Staff of the mentor organisation (the manager) cannot be named as mentors.
    expect(mentorIds).not.toContain(w.manager.id)
    expect(data.chosen!.contacts.map((p) => p.id).sort()).toEqual([w.leaderA.id, w.staffA.id].sort())
    // Without a centre, no people yet.
    const blank = await callRoute(newLoader, `${base(w)}/new`, { as: w.manager, params: { id: w.programme.id } })
    expect((blank.data as { chosen: unknown }).chosen).toBeNull()
  })

  test('bad dates: 400, a clear message, what was typed comes back', async () => {
    const result = await create(w.manager, validForm({ startsOn: '2026-09-01', plannedEndOn: '2026-03-01', notes: 'Оставить как есть' }))
    expect(result.status).toBe(400)
    const data = result.data as { errors: Record<string, string[]>; values: Record<string, string | string[]> }
    expect(data.errors.plannedEndOn).toEqual(['mentorships.error.plannedEndBeforeStart'])
    expect(data.values.notes).toBe('Оставить как есть')
    expect(data.values.startsOn).toBe('2026-09-01')
    expect(data.values.mentorIds).toBe(w.mentor.id)
    const ended = await create(w.manager, validForm({ status: 'completed' }))
    expect(ended.status).toBe(400)
    expect((ended.data as { errors: Record<string, string[]> }).errors.endedOn).toEqual(['mentorships.error.endedOnRequired'])
    const noMentor = await create(w.manager, validForm({ mentorIds: [] }))
    expect((noMentor.data as { errors: Record<string, string[]> }).errors.mentorIds).toEqual(['mentorships.error.mentorRequired'])
    const twoNoLead = await create(w.manager, validForm({ mentorIds: [w.mentor.id, mentor2.id] }))
    expect((twoNoLead.data as { errors: Record<string, string[]> }).errors.primaryMentorId).toEqual(['mentorships.error.primaryMentor'])
    expect(await mentorshipOf(w.programme.id, w.centreA.id)).toBeNull()
  })

  test('a centre outside the programme, a mentor from elsewhere, a contact from elsewhere: 422 with the field named', async () => {
    const outside = await create(w.manager, validForm({ centreId: w.outsider.id, contactIds: [] }))
    expect(outside.status).toBe(422)
    const outsideData = outside.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(outsideData.errors.centreId).toEqual(['mentorships.error.centreNotInProgramme'])
    expect(outsideData.values.notes).toBe('Встречаемся раз в месяц')

    const foreignMentor = await create(w.manager, validForm({ mentorIds: [other.mentor.id] }))
    expect(foreignMentor.status).toBe(422)
    expect((foreignMentor.data as { errors: Record<string, string[]> }).errors.mentorIds).toEqual([
      'mentorships.error.mentorNotInOrganisation',
    ])
    // Staff of the right organisation are not mentors either.
    const staffAsMentor = await create(w.manager, validForm({ mentorIds: [w.manager.id] }))
    expect((staffAsMentor.data as { errors: Record<string, string[]> }).errors.mentorIds).toEqual([
      'mentorships.error.mentorNotInOrganisation',
    ])
    const foreignContact = await create(w.manager, validForm({ contactIds: [w.leaderB.id] }))
    expect(foreignContact.status).toBe(422)
    expect((foreignContact.data as { errors: Record<string, string[]> }).errors.contactIds).toEqual(['mentorships.error.contactNotInCentre'])
    const centreAsMentorOrg = await create(w.manager, validForm({ mentorOrganisationId: w.centreB.id, mentorIds: [w.leaderB.id] }))
    expect((centreAsMentorOrg.data as { errors: Record<string, string[]> }).errors.mentorOrganisationId).toEqual([
      'mentorships.error.notMentorOrganisation',
    ])
    expect(await mentorshipOf(w.programme.id, w.centreA.id)).toBeNull()
  })

  test('happy path: saved with its people and audited; a second one for the same centre is a 409', async () => {
    const result = await create(w.manager, validForm({ mentorIds: [w.mentor.id, mentor2.id], primaryMentorId: mentor2.id }))
    expect(result.status).toBe(302)
    expect(result.location).toBe(base(w))
    const row = await mentorshipOf(w.programme.id, w.centreA.id)
    expect(row).toMatchObject({
      mentorOrganisationId: w.mentorOrg.id,
      startsOn: '2026-03-01',
      plannedEndOn: '2027-08-31',
      status: 'active',
      endedOn: null,
      notes: 'Встречаемся раз в месяц',
      createdById: w.manager.id,
    })
    const people = await peopleOf(row!.id)
    expect(people).toHaveLength(3)
    expect(people).toContainEqual({ userId: mentor2.id, side: 'mentor', isPrimary: true })
    expect(people).toContainEqual({ userId: w.mentor.id, side: 'mentor', isPrimary: false })
    // One contact: the primary one without having to say so.
    expect(people).toContainEqual({ userId: w.leaderA.id, side: 'centre', isPrimary: true })
    const entry = await lastAudit(row!.id)
    expect(entry).toMatchObject({ action: 'mentorship.create', actorId: w.manager.id, organisationId: w.centreA.id })
    expect(entry!.data).toMatchObject({ programmeId: w.programme.id, mentors: [w.mentor.id, mentor2.id], primaryMentor: mentor2.id })

    const again = await create(w.manager, validForm())
    expect(again.status).toBe(409)
    const againData = again.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(againData.errors['']).toEqual(['mentorships.error.duplicate'])
    expect(againData.values.notes).toBe('Встречаемся раз в месяц')

    // The list shows it; the centre's profile shows the mentors with their addresses.
    const list = await callRoute(listLoader, base(w), { as: w.manager, params: { id: w.programme.id } })
    const listed = (list.data as { mentorships: { id: string; people: { name: string }[] }[] }).mentorships
    expect(listed.map((m) => m.id)).toContain(row!.id)
    const profile = await callRoute(profileLoader, `/organisations/${w.centreA.id}`, { as: w.staffA, params: { id: w.centreA.id } })
    const shown = (profile.data as { mentorships: { id: string; people: { userId: string; email: string; side: string }[] }[] }).mentorships
    expect(shown).toHaveLength(1)
    const mentorPerson = shown[0]!.people.find((p) => p.userId === w.mentor.id)
    expect(mentorPerson).toMatchObject({ side: 'mentor' })
    expect(mentorPerson!.email).toMatch(/@test\.example$/)
  })

  test('an administrator may set one up too', async () => {
    const result = await create(w.admin, validForm({ centreId: w.centreB.id, contactIds: [w.leaderB.id] }))
    expect(result.status).toBe(302)
    expect(await mentorshipOf(w.programme.id, w.centreB.id)).not.toBeNull()
  })
})

describe('editing a mentorship', () => {
  let programme: { id: string }
  let centre: { id: string }
  let contact: { id: string }
  let id: string
  const path = () => `/programmes/${programme.id}/mentorships/${id}`
  const edit = (as: Who, form: Record<string, string | string[]>) =>
    callRoute(editAction, path(), { as, params: { id: programme.id, mentorshipId: id }, form })
  const load = (as: Who) => callRoute(editLoader, path(), { as, params: { id: programme.id, mentorshipId: id } })

  beforeAll(async () => {
    centre = await createOrganisation({ regionCode: '41' })
    contact = await createMember(centre.id, 'leader')
    programme = await createProgramme(w.mentorOrg.id, [centre.id], [w.manager.id])
    const ms = await createMentorship({
      programmeId: programme.id,
      mentorOrganisationId: w.mentorOrg.id,
      centreId: centre.id,
      mentorIds: [w.mentor.id],
      contactIds: [contact.id],
    })
    id = ms.id
  })

  const form = async (overrides: Record<string, string | string[]> = {}) => {
    const loaded = (await load(w.manager)).data as { defaults: { version: number } }
    return {
      mentorOrganisationId: w.mentorOrg.id,
      mentorIds: [w.mentor.id],
      contactIds: [contact.id],
      startsOn: '2026-03-01',
      plannedEndOn: '2027-08-31',
      status: 'active',
      version: String(loaded.defaults.version),
      ...overrides,
    }
  }

  test('signed out, mentors and other centres are refused; another programme’s mentorship is 404', async () => {
    expect((await load(null)).status).toBe(302)
    expect((await edit(null, await form())).status).toBe(302)
    for (const who of [w.mentor, contact, w.leaderA, other.mentor]) {
      expect((await load(who)).status).toBe(403)
      expect((await edit(who, await form())).status).toBe(403)
    }
    const elsewhere = await callRoute(editLoader, `${base(w)}/${id}`, { as: w.manager, params: { id: w.programme.id, mentorshipId: id } })
    expect(elsewhere.status).toBe(404)
    const elsewherePost = await callRoute(editAction, `${base(w)}/${id}`, {
      as: w.manager,
      params: { id: w.programme.id, mentorshipId: id },
      form: await form(),
    })
    expect(elsewherePost.status).toBe(404)
    expect((await callRoute(editLoader, path(), { as: w.manager, params: { id: programme.id, mentorshipId: 'x' } })).status).toBe(404)
  })

  test('finishing without an end date is refused with the values kept; with one it is saved and audited', async () => {
    const bad = await edit(w.manager, await form({ status: 'completed', notes: 'Центр готов работать сам' }))
    expect(bad.status).toBe(400)
    const badData = bad.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(badData.errors.endedOn).toEqual(['mentorships.error.endedOnRequired'])
    expect(badData.values.notes).toBe('Центр готов работать сам')
    const before = await testDb().select().from(mentorships).where(eq(mentorships.id, id))
    expect(before[0]!.status).toBe('active')

    const early = await edit(w.manager, await form({ status: 'completed', endedOn: '2026-01-01' }))
    expect(early.status).toBe(400)
    expect((early.data as { errors: Record<string, string[]> }).errors.endedOn).toEqual(['mentorships.error.endedBeforeStart'])

    const ok = await edit(w.manager, await form({ status: 'completed', endedOn: '2026-11-01', mentorIds: [w.mentor.id, mentor2.id], primaryMentorId: w.mentor.id }))
    expect(ok.status).toBe(302)
    const [row] = await testDb().select().from(mentorships).where(eq(mentorships.id, id))
    expect(row).toMatchObject({ status: 'completed', endedOn: '2026-11-01' })
    expect((await peopleOf(id)).filter((p) => p.side === 'mentor').map((p) => p.userId).sort()).toEqual([w.mentor.id, mentor2.id].sort())
    const entry = await lastAudit(id)
    expect(entry).toMatchObject({ action: 'mentorship.update', actorId: w.manager.id, organisationId: centre.id })
    expect(entry!.data).toMatchObject({
      changedFields: { status: { from: 'active', to: 'completed' }, endedOn: { from: null, to: '2026-11-01' } },
      peopleAdded: [{ userId: mentor2.id, side: 'mentor', isPrimary: false }],
    })
  })

  test('a form built before someone else’s change is refused (409), nothing overwritten', async () => {
    const stale = await form({ notes: 'Моя правка' })
    await edit(w.admin, await form({ notes: 'Правка администратора', status: 'active' }))
    const result = await edit(w.manager, stale)
    expect(result.status).toBe(409)
    expect((result.data as { errors: Record<string, string[]> }).errors['']).toEqual(['mentorships.error.stale'])
    const [row] = await testDb().select().from(mentorships).where(eq(mentorships.id, id))
    expect(row!.notes).toBe('Правка администратора')
  })

  test('the centre cannot be swapped through the form', async () => {
    const result = await edit(w.manager, await form({ centreId: w.centreA.id, status: 'active' }))
    expect(result.status).toBe(302)
    const [row] = await testDb().select().from(mentorships).where(eq(mentorships.id, id))
    expect(row!.centreId).toBe(centre.id)
  })
})

describe('the mentor’s dashboard', () => {
  // A programme of its own: four centres with different stories, one more without a mentorship.
  let programme: { id: string }
  let manager: { id: string }
  let lead: { id: string }
  const centres = {} as Record<'steady' | 'silent' | 'assessed' | 'stalled' | 'upcoming' | 'unmentored', { id: string }>
  const people = {} as Record<string, { id: string }>

  const dashboard = (as: Who, query = '') => callRoute(dashboardLoader, `/mentoring${query}`, { as })
  const rowsOf = (result: { data: unknown }) => (result.data as { rows: DashboardRow[] }).rows

  beforeAll(async () => {
    for (const key of ['steady', 'silent', 'assessed', 'stalled', 'upcoming', 'unmentored'] as const) {
      centres[key] = await createOrganisation({ name: `РЦ «${key}»`, regionCode: '61' })
      people[`${key}Leader`] = await createMember(centres[key].id, 'leader')
      people[`${key}Staff`] = await createMember(centres[key].id, 'staff')
    }
    await testDb().update(organisations).set({ stage: 'operating' }).where(eq(organisations.id, centres.steady.id))
    manager = await createUser()
    lead = await createMember(w.mentorOrg.id, 'leader')
    programme = await createProgramme(w.mentorOrg.id, Object.values(centres).map((c) => c.id), [manager.id])
    for (const key of ['steady', 'silent', 'assessed', 'stalled', 'upcoming'] as const) {
      await createMentorship({
        programmeId: programme.id,
        mentorOrganisationId: w.mentorOrg.id,
        centreId: centres[key].id,
        // mentor2 accompanies the stalled centre; the leader of the organisation is named nowhere.
        mentorIds: key === 'stalled' ? [mentor2.id] : [w.mentor.id],
        contactIds: [people[`${key}Leader`]!.id],
        // The upcoming one starts in three weeks.
        startsOn: key === 'upcoming' ? isoDay(21) : '2026-01-15',
      })
    }

    // steady: a plan with 3 done, 2 overdue, 1 ahead and 1 cancelled task; 2 of 4 requests open; came to
    // events 10 and 50 days ago (and 120 days ago, outside the window); the last contact is the event 10 days ago.
    await createPlan(centres.steady.id, [
      { status: 'done', dueOn: isoDay(-40) },
      { status: 'done', dueOn: isoDay(-30) },
      { status: 'done', dueOn: isoDay(-20) },
      { status: 'todo', dueOn: isoDay(-5) },
      { status: 'in_progress', dueOn: isoDay(-3) },
      { status: 'in_progress', dueOn: isoDay(20) },
      { status: 'cancelled', dueOn: isoDay(-10) },
    ])
    await createConsultation(centres.steady.id, { status: 'open', messagesAt: [daysAgo(25), daysAgo(20)] })
    await createConsultation(centres.steady.id, { status: 'scheduled' })
    await createConsultation(centres.steady.id, { status: 'closed' })
    await createConsultation(centres.steady.id, { status: 'declined' })
    const recent = await createEvent({ programmeId: programme.id, organiserId: w.mentorOrg.id, inHours: -24 * 10 })
    const older = await createEvent({ programmeId: programme.id, organiserId: w.mentorOrg.id, inHours: -24 * 50 })
    const oldest = await createEvent({ programmeId: programme.id, organiserId: w.mentorOrg.id, inHours: -24 * 120 })
    await markAttendance(recent.id, people.steadyStaff!.id, 'present')
    await markAttendance(recent.id, people.steadyLeader!.id, 'absent')
    await markAttendance(older.id, people.steadyLeader!.id, 'late')
    await markAttendance(oldest.id, people.steadyLeader!.id, 'present')

    // silent: overdue tasks, no attendance, nothing for months.
    await createPlan(centres.silent.id, [{ status: 'todo', dueOn: isoDay(-60), updatedAt: daysAgo(100) }])
    // assessed: the last contact is an assessment 40 days ago; no overdue tasks.
    await createAssessment(centres.assessed.id, isoDay(-40))
    await createPlan(centres.assessed.id, [{ status: 'todo', dueOn: isoDay(30), updatedAt: daysAgo(45) }])
    // stalled: a task updated 3 days ago (so not quiet), but an overdue task and attendance only 70 days ago.
    await createPlan(centres.stalled.id, [
      { status: 'in_progress', dueOn: isoDay(-7), updatedAt: daysAgo(3) },
      { status: 'done', dueOn: isoDay(-30), updatedAt: daysAgo(31) },
    ])
    const longAgo = await createEvent({ programmeId: programme.id, organiserId: w.mentorOrg.id, inHours: -24 * 70 })
    await markAttendance(longAgo.id, people.stalledLeader!.id, 'present')
    // upcoming: its last contact was long ago and a task is overdue, but its mentorship has not started yet.
    await markAttendance(longAgo.id, people.upcomingLeader!.id, 'present')
    await createPlan(centres.upcoming.id, [{ status: 'todo', dueOn: isoDay(-10), updatedAt: daysAgo(80) }])
  })

  test('signed out: sent to sign in; centre people and people without a role are refused', async () => {
    const out = await dashboard(null)
    expect(out.status).toBe(302)
    expect(out.location).toBe('/login?redirectTo=%2Fmentoring')
    expect((await dashboard(w.leaderA)).status).toBe(403)
    expect((await dashboard(w.staffA)).status).toBe(403)
    expect((await dashboard(w.noOrg)).status).toBe(403)
    // Staff of a mentor organisation who manage nothing are not mentors.
    expect((await dashboard(other.staff)).status).toBe(403)
  })

  test('a mentor sees the centres they are named on, with the figures computed', async () => {
    const result = await dashboard(w.mentor, `?programme=${programme.id}`)
    expect(result.status).toBe(200)
    const rows = rowsOf(result)
    expect(rows.map((r) => r.centreId).sort()).toEqual(
      [centres.steady.id, centres.silent.id, centres.assessed.id, centres.upcoming.id].sort(),
    )

    const steady = rows.find((r) => r.centreId === centres.steady.id)!
    expect(steady).toMatchObject({
      stage: 'operating',
      tasksTotal: 6,
      tasksDone: 3,
      tasksOverdue: 2,
      openConsultations: 2,
      attendanceMarked: 3,
      attendancePresent: 2,
      lastContactKind: 'event',
      quiet: false,
      stalled: false,
      flagged: false,
    })
    expect(Math.abs(Date.parse(steady.lastContact!) - daysAgo(10).getTime())).toBeLessThan(2 * 60_000)
    expect(steady.mentorNames).toContain(' ')

    const silent = rows.find((r) => r.centreId === centres.silent.id)!
    expect(silent).toMatchObject({ tasksTotal: 1, tasksOverdue: 1, attendanceMarked: 0, quiet: true, stalled: true, flagged: true })
    expect(silent.lastContactKind).toBe('task')

    const assessed = rows.find((r) => r.centreId === centres.assessed.id)!
    expect(assessed).toMatchObject({ lastContactKind: 'assessment', quiet: true, stalled: false, flagged: true })
    expect(assessed.lastContact!.slice(0, 10)).toBe(isoDay(-40))
    // Not started yet: neither quiet nor stalled, whatever happened before.
    const upcoming = rows.find((r) => r.centreId === centres.upcoming.id)!
    expect(upcoming).toMatchObject({ tasksOverdue: 1, lastContactKind: 'event', quiet: false, stalled: false, flagged: false })
    // Flagged first, the longest without contact at the top.
    expect(rows.map((r) => r.flagged)).toEqual([true, true, false, false])
    expect(rows[0]!.centreId).toBe(centres.silent.id)
    const data = result.data as { total: number; flaggedTotal: number; programmes: { id: string }[] }
    expect(data).toMatchObject({ total: 4, flaggedTotal: 2 })
    // The programme filter offers the programmes of the mentor's mentorships.
    expect(data.programmes.map((p) => p.id)).toContain(programme.id)
  })

  test('filters: flagged only, stage', async () => {
    const flagged = rowsOf(await dashboard(w.mentor, `?programme=${programme.id}&flagged=1`))
    expect(flagged.map((r) => r.centreId).sort()).toEqual([centres.silent.id, centres.assessed.id].sort())
    const operating = rowsOf(await dashboard(w.mentor, `?programme=${programme.id}&stage=operating`))
    const unfiltered = (await dashboard(other.mentor)).data as { programmes: { id: string }[] }
    expect(unfiltered.programmes.map((p) => p.id)).not.toContain(programme.id)
    expect(operating.map((r) => r.centreId)).toEqual([centres.steady.id])
    // A broken filter falls back to no filter rather than an error.
    expect((await dashboard(w.mentor, '?stage=nonsense&programme=zzz')).status).toBe(200)
  })

  test('overdue tasks without attendance in 60 days flag a centre in touch otherwise', async () => {
    const rows = rowsOf(await dashboard(mentor2, `?programme=${programme.id}`))
    expect(rows.map((r) => r.centreId)).toEqual([centres.stalled.id])
    expect(rows[0]).toMatchObject({ quiet: false, stalled: true, flagged: true, tasksOverdue: 1, attendanceMarked: 1, attendancePresent: 1 })
  })

  test('the leader of the mentor organisation sees all its mentorships; another mentor organisation sees none', async () => {
    const rows = rowsOf(await dashboard(lead, `?programme=${programme.id}`))
    expect(rows.map((r) => r.centreId).sort()).toEqual(
      [centres.steady.id, centres.silent.id, centres.assessed.id, centres.stalled.id, centres.upcoming.id].sort(),
    )
    const foreign = await dashboard(other.mentor, `?programme=${programme.id}`)
    expect(foreign.status).toBe(200)
    expect(rowsOf(foreign)).toEqual([])
  })

  test('the programme manager sees every centre of the programme, the one without a mentorship too', async () => {
    const result = await dashboard(manager)
    const rows = rowsOf(result)
    expect(rows.map((r) => r.centreId).sort()).toEqual(Object.values(centres).map((c) => c.id).sort())
    const unmentored = rows.find((r) => r.centreId === centres.unmentored.id)!
    expect(unmentored.mentorshipId).toBeNull()
    expect((result.data as { managed: { id: string; centres: number; mentorships: number }[] }).managed).toEqual([
      expect.objectContaining({ id: programme.id, centres: 6, mentorships: 5 }),
    ])
  })

  test('an administrator chooses a programme first', async () => {
    const first = await dashboard(w.admin)
    expect((first.data as { adminMustChoose: boolean; rows: unknown[] }).adminMustChoose).toBe(true)
    expect(rowsOf(first)).toEqual([])
    const chosen = await dashboard(w.admin, `?programme=${programme.id}`)
    expect(rowsOf(chosen)).toHaveLength(6)
  })

  test('the clock is a parameter: the same data judged a year earlier has no contact yet and is not quiet', async () => {
    const scope: DashboardScope = {
      userId: w.mentor.id,
      all: false,
      managedProgrammeIds: [],
      ledMentorOrganisationIds: [],
      mentors: true,
    }
    const now = new Date('2026-01-20T09:00:00Z')
    const result = await getMentoringDashboard(scope, { programme: programme.id, page: 1, flagged: false }, { now, today: '2026-01-20' })
    const steady = result.rows.find((r) => r.centreId === centres.steady.id)!
    expect(steady.lastContact).toBeNull()
    expect(steady.quiet).toBe(false)
  })

  test('a centre leader named as the centre’s contact does not get the dashboard', async () => {
    expect((await dashboard(people.steadyLeader!)).status).toBe(403)
  })

  test('a mentor who is also in a centre is still a mentor', async () => {
    const both = await createMember(w.mentorOrg.id, 'mentor')
    await addMember(testDb(), both.id, centres.unmentored.id, 'volunteer')
    expect((await dashboard(both)).status).toBe(200)
  })
})

describe('demo data', () => {
  test('the demo seed names mentor@ for five centres, leader@ as Дон’s contact, and running it again adds nothing', async () => {
    const { seedDemo, seedDemoMentorships } = await import('#db/demo-data.ts')
    await seedDemo(testDb())
    const [programme] = await testDb().select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, 'tochki-rosta'))
    const count = async () => {
      const rows = await testDb()
        .select({ id: mentorships.id, centre: organisations.slug })
        .from(mentorships)
        .innerJoin(organisations, eq(organisations.id, mentorships.centreId))
        .where(eq(mentorships.programmeId, programme!.id))
      const people = await testDb()
        .select({ userId: mentorshipPeople.userId })
        .from(mentorshipPeople)
        .where(inArray(mentorshipPeople.mentorshipId, rows.map((r) => r.id)))
      return { centres: rows.map((r) => r.centre).sort(), people: people.length }
    }
    const first = await count()
    expect(first.centres).toEqual(['amur', 'baltika', 'don', 'kama', 'ob'])
    await testDb().transaction((tx) => seedDemoMentorships(tx))
    expect(await count()).toEqual(first)

    const [mentor] = await testDb().select({ id: users.id }).from(users).where(eq(users.email, 'mentor@resursnik.demo'))
    const [leader] = await testDb().select({ id: users.id }).from(users).where(eq(users.email, 'leader@resursnik.demo'))
    const rows = rowsOfDashboard(await callRoute(dashboardLoader, '/mentoring', { as: mentor! }))
    expect(rows.map((r) => r.centreName).sort()).toEqual(['РЦ «Амур»', 'РЦ «Балтика»', 'РЦ «Дон»', 'РЦ «Обь»'].sort())
    const don = rows.find((r) => r.centreName === 'РЦ «Дон»')!
    const profile = await callRoute(profileLoader, `/organisations/${don.centreId}`, { as: leader!, params: { id: don.centreId } })
    const [shown] = (profile.data as { mentorships: { people: { userId: string; side: string; isPrimary: boolean }[] }[] }).mentorships
    expect(shown!.people).toContainEqual(expect.objectContaining({ userId: leader!.id, side: 'centre', isPrimary: true }))
    expect(shown!.people).toContainEqual(expect.objectContaining({ userId: mentor!.id, side: 'mentor', isPrimary: true }))
    // The whole demo seed (content/ import included) takes 10–20 s on PGlite when the suite runs in parallel.
  }, 60_000)
})

function rowsOfDashboard(result: { data: unknown }) {
  return (result.data as { rows: DashboardRow[] }).rows
}
