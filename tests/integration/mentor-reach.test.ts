// A mentor organisation reaches a centre through a programme it runs or through an active mentorship.
// The /organisations list, the mentor block of /dashboard and the public directory's mentor line must follow
// the same rule as getOrganisationRelation (app/utils/mentor-reach.server.ts holds it once).
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { mentorships, organisations, programmeCentres } from '#db/schema/index.ts'
import { listOrganisations } from '#app/models/organisation.server.ts'
import { loader as directoryLoader } from '#app/routes/centres._index.tsx'
import { loader as centreLoader } from '#app/routes/centres.$slug.tsx'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { loader as listLoader } from '#app/routes/organisations._index.tsx'
import { loader as profileLoader } from '#app/routes/organisations.$id.tsx'
import { getOrganisationRelation } from '#app/utils/permissions.server.ts'
import { createSession, validateSessionToken, type CurrentUser } from '#app/utils/session.server.ts'
import {
  callRoute,
  createMember,
  createOrganisation,
  createProgramme,
  createWorld,
  testDb,
  unique,
} from '#tests/db-utils.ts'
import { createMentorship } from '#tests/factories/mentorships.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null
type Org = { id: string; slug: string | null }
type ListData = { organisations: { id: string }[]; total: number }
type DashboardData = { mentored: { id: string; programme: string }[]; mentorOrgNames: unknown[] }
type DirectoryData = { centres: { slug: string; mentors: { name: string }[] }[] }

let w: World
let tag: string
/** A partner mentor organisation: not the programme's, accompanying `centre` through a mentorship. */
let partner: Org
let partnerName: string
let partnerMentor: { id: string }
/** A mentor of the partner organisation who is not named on the mentorship: the rule is the organisation's. */
let partnerMentor2: { id: string }
let partnerLeader: { id: string }
let partnerStaff: { id: string }
/** A mentor organisation with no tie to any of these centres. */
let unrelated: Org
let unrelatedMentor: { id: string }
let mentorOrgName: string
/** Published; in a programme of the world's mentor organisation, accompanied by the partner. */
let centre: Org
/** Published; the world's mentor organisation accompanies it both through its programme and a mentorship. */
let twice: Org
/** Published; in no programme any more, accompanied only through the partner's mentorship. */
let orphan: Org
let programmeName: string
let mentorshipId: string
let orphanMentorshipId: string

async function current(userId: string): Promise<CurrentUser> {
  const { token } = await createSession(testDb(), userId)
  return (await validateSessionToken(testDb(), token))!.user
}

const list = async (as: Who) => {
  const result = await callRoute(listLoader, '/organisations', { as })
  expect(result.status).toBe(200)
  return (result.data as ListData).organisations.map((o) => o.id)
}

const dashboard = async (as: Who) => {
  const result = await callRoute(dashboardLoader, '/dashboard', { as })
  expect(result.status).toBe(200)
  return result.data as DashboardData
}

const mentorLine = async (slug: string) => {
  const result = await callRoute(directoryLoader, `/centres?q=${encodeURIComponent(tag)}`)
  expect(result.status).toBe(200)
  const row = (result.data as DirectoryData).centres.find((c) => c.slug === slug)
  expect(row).toBeDefined()
  return row!.mentors.map((m) => m.name)
}

const publicPageMentors = async (slug: string) => {
  const result = await callRoute(centreLoader, `/centres/${slug}`, { params: { slug } })
  expect(result.status).toBe(200)
  return (result.data as { centre: { mentors: { name: string }[] } }).centre.mentors.map((m) => m.name)
}

const profileStatus = async (id: string, as: Who) =>
  (await callRoute(profileLoader, `/organisations/${id}`, { as, params: { id } })).status

async function setStatus(id: string, status: 'active' | 'completed' | 'ended') {
  await testDb()
    .update(mentorships)
    .set({ status, endedOn: status === 'active' ? null : '2026-10-01' })
    .where(eq(mentorships.id, id))
}

beforeAll(async () => {
  w = await createWorld()
  tag = unique('reach')
  mentorOrgName = `Наставник ${tag} Пермь`
  await testDb().update(organisations).set({ name: mentorOrgName }).where(eq(organisations.id, w.mentorOrg.id))

  partnerName = `Партнёр ${tag}`
  partner = await createOrganisation({ kind: 'mentor', name: partnerName })
  partnerMentor = await createMember(partner.id, 'mentor')
  partnerMentor2 = await createMember(partner.id, 'mentor')
  partnerLeader = await createMember(partner.id, 'leader')
  partnerStaff = await createMember(partner.id, 'staff')
  unrelated = await createOrganisation({ kind: 'mentor', name: `Посторонний ${tag}` })
  unrelatedMentor = await createMember(unrelated.id, 'mentor')

  centre = await createOrganisation({ name: `РЦ ${tag} Дон`, published: true, regionCode: '61' })
  twice = await createOrganisation({ name: `РЦ ${tag} Амур`, published: true, regionCode: '27' })
  orphan = await createOrganisation({ name: `РЦ ${tag} Обь`, published: true, regionCode: '54' })
  const contact = await createMember(centre.id, 'leader')

  // The centre's programme is run by the world's mentor organisation; the partner accompanies it there.
  const programme = await createProgramme(w.mentorOrg.id, [centre.id, twice.id])
  programmeName = programme.name
  mentorshipId = (
    await createMentorship({
      programmeId: programme.id,
      mentorOrganisationId: partner.id,
      centreId: centre.id,
      mentorIds: [partnerMentor.id],
      contactIds: [contact.id],
    })
  ).id
  await createMentorship({
    programmeId: programme.id,
    mentorOrganisationId: w.mentorOrg.id,
    centreId: twice.id,
    mentorIds: [w.mentor.id],
  })
  // The orphan's mentorship is of an earlier programme it has left: the mentorship alone ties it to the partner.
  const earlier = await createProgramme(w.mentorOrg.id, [orphan.id])
  orphanMentorshipId = (
    await createMentorship({
      programmeId: earlier.id,
      mentorOrganisationId: partner.id,
      centreId: orphan.id,
      mentorIds: [partnerMentor.id],
    })
  ).id
  await testDb().delete(programmeCentres).where(eq(programmeCentres.programmeId, earlier.id))
})

describe('signed out', () => {
  test('/organisations and /dashboard send to sign in', async () => {
    const orgs = await callRoute(listLoader, '/organisations')
    expect(orgs.status).toBe(302)
    expect(orgs.location).toBe('/login?redirectTo=%2Forganisations')
    const dash = await callRoute(dashboardLoader, '/dashboard')
    expect(dash.status).toBe(302)
    expect(dash.location).toBe('/login?redirectTo=%2Fdashboard')
  })
})

describe('an active mentorship', () => {
  test('puts the centre in the partner mentor’s /organisations list, beside their own organisation', async () => {
    expect((await list(partnerMentor)).sort()).toEqual([partner.id, centre.id, orphan.id].sort())
    expect(await profileStatus(centre.id, partnerMentor)).toBe(200)
  })

  test('counts for every mentor and the leader of the partner organisation, not for its staff', async () => {
    expect(await list(partnerMentor2)).toContain(centre.id)
    expect(await list(partnerLeader)).toContain(centre.id)
    expect(await list(partnerStaff)).toEqual([partner.id])
    expect(await profileStatus(centre.id, partnerStaff)).toBe(403)
  })

  test('shows the centre in the mentor block of /dashboard, with the mentorship’s programme', async () => {
    const data = await dashboard(partnerMentor)
    expect(data.mentored.map((c) => c.id).sort()).toEqual([centre.id, orphan.id].sort())
    expect(data.mentored.find((c) => c.id === centre.id)!.programme).toBe(programmeName)
    expect((await dashboard(partnerLeader)).mentored.map((c) => c.id)).toContain(centre.id)
    expect((await dashboard(partnerStaff)).mentored).toEqual([])
  })

  test('the programme’s own mentors still see their centres, each once', async () => {
    const ids = (await dashboard(w.mentor)).mentored.map((c) => c.id)
    expect(ids.sort()).toEqual([w.centreA.id, w.centreB.id, centre.id, twice.id].sort())
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('names the partner in the directory’s mentor line, next to the programme’s mentor organisation', async () => {
    expect((await mentorLine(centre.slug!)).sort()).toEqual([mentorOrgName, partnerName].sort())
    expect((await publicPageMentors(centre.slug!)).sort()).toEqual([mentorOrgName, partnerName].sort())
    // Through the programme and a mentorship both: listed once.
    expect(await mentorLine(twice.slug!)).toEqual([mentorOrgName])
    // In no programme any more: the mentorship alone.
    expect(await mentorLine(orphan.slug!)).toEqual([partnerName])
  })

  test('gives a mentor of an unrelated organisation nothing', async () => {
    expect(await list(unrelatedMentor)).toEqual([unrelated.id])
    const data = await dashboard(unrelatedMentor)
    expect(data.mentorOrgNames).toHaveLength(1)
    expect(data.mentored).toEqual([])
    expect(await profileStatus(centre.id, unrelatedMentor)).toBe(403)
  })
})

describe('the list agrees with getOrganisationRelation', () => {
  test('for every person and organisation here, while active and after the mentorships end', async () => {
    const people = [
      partnerMentor,
      partnerMentor2,
      partnerLeader,
      partnerStaff,
      unrelatedMentor,
      w.mentor,
      w.manager,
      w.staffA,
      w.noOrg,
    ]
    const orgs = [w.mentorOrg, w.centreA, w.centreB, w.outsider, partner, unrelated, centre, twice, orphan]
    const check = async () => {
      for (const person of people) {
        const user = await current(person.id)
        const listed = new Set((await listOrganisations(user, { page: 1 })).organisations.map((o) => o.id))
        for (const org of orgs) {
          const relation = await getOrganisationRelation(user, org.id)
          expect({ person: person.id, org: org.id, listed: listed.has(org.id) }).toEqual({
            person: person.id,
            org: org.id,
            listed: relation !== null,
          })
        }
      }
    }
    await check()
    await setStatus(mentorshipId, 'ended')
    await setStatus(orphanMentorshipId, 'completed')
    await check()
    await setStatus(mentorshipId, 'active')
    await setStatus(orphanMentorshipId, 'active')
  })
})

describe('after the mentorship ends', () => {
  beforeAll(async () => {
    await setStatus(mentorshipId, 'ended')
    await setStatus(orphanMentorshipId, 'completed')
  })

  test('the centre leaves the partner’s /organisations list and its profile is closed to them', async () => {
    expect(await list(partnerMentor)).toEqual([partner.id])
    expect(await list(partnerLeader)).toEqual([partner.id])
    expect(await profileStatus(centre.id, partnerMentor)).toBe(403)
  })

  test('the partner’s dashboard has no centres', async () => {
    expect((await dashboard(partnerMentor)).mentored).toEqual([])
  })

  test('the directory names only the programme’s mentor organisation', async () => {
    expect(await mentorLine(centre.slug!)).toEqual([mentorOrgName])
    expect(await publicPageMentors(centre.slug!)).toEqual([mentorOrgName])
    expect(await mentorLine(orphan.slug!)).toEqual([])
  })

  test('the programme’s own mentors keep their centres', async () => {
    expect((await list(w.mentor)).sort()).toEqual(
      [w.mentorOrg.id, w.centreA.id, w.centreB.id, centre.id, twice.id].sort(),
    )
  })
})
