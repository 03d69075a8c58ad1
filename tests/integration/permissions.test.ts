import { beforeAll, describe, expect, test } from 'vitest'
import { can, getOrganisationRelation, getProgrammeRelation } from '#app/utils/permissions.server.ts'
import { validateSessionToken, type CurrentUser } from '#app/utils/session.server.ts'
import { createSession } from '#app/utils/session.server.ts'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { callRoute, createWorld, testDb } from '#tests/db-utils.ts'

let world: Awaited<ReturnType<typeof createWorld>>

async function current(userId: string): Promise<CurrentUser> {
  const { token } = await createSession(testDb(), userId)
  return (await validateSessionToken(testDb(), token))!.user
}

beforeAll(async () => {
  world = await createWorld()
})

describe('organisation relations', () => {
  test('who stands how towards centre A', async () => {
    const a = world.centreA.id
    expect(await getOrganisationRelation(await current(world.admin.id), a)).toBe('admin')
    expect(await getOrganisationRelation(await current(world.leaderA.id), a)).toBe('leader')
    expect(await getOrganisationRelation(await current(world.staffA.id), a)).toBe('member')
    expect(await getOrganisationRelation(await current(world.manager.id), a)).toBe('manager')
    expect(await getOrganisationRelation(await current(world.mentor.id), a)).toBe('mentor')
    expect(await getOrganisationRelation(await current(world.leaderB.id), a)).toBeNull()
    expect(await getOrganisationRelation(await current(world.outsiderLeader.id), a)).toBeNull()
    expect(await getOrganisationRelation(await current(world.noOrg.id), a)).toBeNull()
  })

  test('a mentor does not reach a centre outside their programmes', async () => {
    expect(await getOrganisationRelation(await current(world.mentor.id), world.outsider.id)).toBeNull()
    expect(await getOrganisationRelation(await current(world.manager.id), world.outsider.id)).toBeNull()
  })

  test('a programme manager sees the mentor organisation running it', async () => {
    const staffOfOtherMentor = world.manager
    expect(await getOrganisationRelation(await current(staffOfOtherMentor.id), world.mentorOrg.id)).toBe('member')
  })

  test('capabilities', () => {
    expect(can('leader', 'manage')).toBe(true)
    expect(can('admin', 'manage')).toBe(true)
    expect(can('mentor', 'manage')).toBe(false)
    expect(can('member', 'manage')).toBe(false)
    expect(can('mentor', 'view')).toBe(true)
    expect(can(null, 'view')).toBe(false)
  })
})

describe('programme relations', () => {
  test('participants, managers, mentors and strangers', async () => {
    const p = world.programme.id
    expect(await getProgrammeRelation(await current(world.admin.id), p)).toBe('admin')
    expect(await getProgrammeRelation(await current(world.manager.id), p)).toBe('manager')
    expect(await getProgrammeRelation(await current(world.mentor.id), p)).toBe('mentor')
    expect(await getProgrammeRelation(await current(world.staffA.id), p)).toBe('participant')
    expect(await getProgrammeRelation(await current(world.outsiderLeader.id), p)).toBeNull()
    expect(await getProgrammeRelation(await current(world.noOrg.id), p)).toBeNull()
  })
})

describe('dashboard', () => {
  test('signed out: sent to sign in', async () => {
    const result = await callRoute(dashboardLoader, '/dashboard')
    expect(result.status).toBe(302)
    expect(result.location).toBe('/login?redirectTo=%2Fdashboard')
  })

  test('a mentor sees the programme centres and not the outsider', async () => {
    const result = await callRoute(dashboardLoader, '/dashboard', { as: world.mentor })
    const ids = (result.data as { mentored: { id: string }[] }).mentored.map((c) => c.id)
    expect(ids.sort()).toEqual([world.centreA.id, world.centreB.id].sort())
    expect((result.data as { admin: unknown }).admin).toBeNull()
  })

  test('a centre member sees only their centre', async () => {
    const result = await callRoute(dashboardLoader, '/dashboard', { as: world.staffA })
    const data = result.data as { ownCentres: { id: string; programmes: { id: string }[] }[]; mentored: unknown[]; managed: unknown[] }
    expect(data.ownCentres.map((c) => c.id)).toEqual([world.centreA.id])
    expect(data.ownCentres[0]!.programmes.map((p) => p.id)).toEqual([world.programme.id])
    expect(data.mentored).toEqual([])
    expect(data.managed).toEqual([])
  })

  test('a manager sees their programme; an admin sees the counts', async () => {
    const managed = await callRoute(dashboardLoader, '/dashboard', { as: world.manager })
    expect((managed.data as { managed: { id: string; centres: number }[] }).managed).toEqual([
      expect.objectContaining({ id: world.programme.id, centres: 2 }),
    ])
    const admin = await callRoute(dashboardLoader, '/dashboard', { as: world.admin })
    const stats = (admin.data as { admin: { stats: { centres: number; mentors: number } } }).admin.stats
    expect(stats.centres).toBeGreaterThanOrEqual(3)
    expect(stats.mentors).toBeGreaterThanOrEqual(1)
  })
})
