import { and, desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { auditLog, sessions, users } from '#db/schema/index.ts'
import { action as editProgrammeAction } from '#app/routes/programmes.$id_.edit.tsx'
import { loader as auditLoader } from '#app/routes/admin.audit.tsx'
import { action as peopleAction, loader as peopleLoader } from '#app/routes/admin.people.tsx'
import { createSession, validateSessionToken } from '#app/utils/session.server.ts'
import { callRoute, createUser, createWorld, testDb, unique } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
let w: World

beforeAll(async () => {
  w = await createWorld()
})

type Person = {
  id: string
  name: string
  email: string
  isAdmin: boolean
  disabled: boolean
  pending: boolean
  managedProgrammes: number
  memberships: { organisationId: string; role: string; kind: string }[]
}
type PeopleData = { people: Person[]; total: number; page: number; pages: number }

async function lastUserAudit(userId: string) {
  const [row] = await testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId)))
    .orderBy(desc(auditLog.id))
    .limit(1)
  return row
}

describe('/admin/people', () => {
  test('signed out: loader and action send to sign in', async () => {
    const page = await callRoute(peopleLoader, '/admin/people')
    expect(page.status).toBe(302)
    expect(page.location).toBe('/login?redirectTo=%2Fadmin%2Fpeople')
    const act = await callRoute(peopleAction, '/admin/people', { form: { intent: 'disable', userId: w.leaderA.id } })
    expect(act.status).toBe(302)
    expect(act.location).toContain('/login')
  })

  test('anyone but an administrator: 403, and nothing changes', async () => {
    for (const person of [w.leaderA, w.mentor, w.manager, w.noOrg]) {
      expect((await callRoute(peopleLoader, '/admin/people', { as: person })).status).toBe(403)
      const act = await callRoute(peopleAction, '/admin/people', { as: person, form: { intent: 'disable', userId: w.staffA.id } })
      expect(act.status).toBe(403)
    }
    const [row] = await testDb().select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, w.staffA.id))
    expect(row?.disabledAt).toBeNull()
  })

  test('lists people with organisations, roles and status; searches by name or e-mail', async () => {
    const invited = await createUser({ withPassword: false, name: `Приглашённая ${unique()}` })
    const byEmail = await callRoute(peopleLoader, `/admin/people?q=${encodeURIComponent(w.leaderA.email.toUpperCase())}`, {
      as: w.admin,
    })
    expect(byEmail.status).toBe(200)
    const data = byEmail.data as PeopleData
    expect(data.total).toBe(1)
    expect(data.people[0]).toMatchObject({
      id: w.leaderA.id,
      isAdmin: false,
      pending: false,
      disabled: false,
      memberships: [{ organisationId: w.centreA.id, role: 'leader', kind: 'centre' }],
    })
    expect(JSON.stringify(data)).not.toContain('passwordHash')

    const byName = (await callRoute(peopleLoader, `/admin/people?q=${encodeURIComponent(invited.name.slice(0, 20))}`, { as: w.admin }))
      .data as PeopleData
    expect(byName.people.find((p) => p.id === invited.id)).toMatchObject({ pending: true })

    const manager = (await callRoute(peopleLoader, `/admin/people?q=${encodeURIComponent(w.manager.email)}`, { as: w.admin }))
      .data as PeopleData
    expect(manager.people[0]).toMatchObject({ managedProgrammes: 1 })

    // LIKE wildcards in the search are taken literally.
    const wildcard = (await callRoute(peopleLoader, '/admin/people?q=%25', { as: w.admin })).data as PeopleData
    expect(wildcard.total).toBe(0)
  })

  test('pages of 50 with a total', async () => {
    const tag = unique('Пагинация')
    for (let i = 0; i < 55; i++) await createUser({ name: `${tag} ${String(i).padStart(2, '0')}` })
    const first = (await callRoute(peopleLoader, `/admin/people?q=${encodeURIComponent(tag)}`, { as: w.admin })).data as PeopleData
    expect(first).toMatchObject({ total: 55, page: 1, pages: 2 })
    expect(first.people).toHaveLength(50)
    const second = (await callRoute(peopleLoader, `/admin/people?q=${encodeURIComponent(tag)}&page=2`, { as: w.admin }))
      .data as PeopleData
    expect(second.people).toHaveLength(5)
    expect(second.people[4]!.name).toBe(`${tag} 54`)
    const nonsense = await callRoute(peopleLoader, '/admin/people?page=abc', { as: w.admin })
    expect(nonsense.status).toBe(200)
  })

  test('disabling ends every session of the person, in one audited change', async () => {
    const target = await createUser()
    const { token: one } = await createSession(testDb(), target.id)
    const { token: two } = await createSession(testDb(), target.id)
    const result = await callRoute(peopleAction, '/admin/people?q=x', {
      as: w.admin,
      form: { intent: 'disable', userId: target.id },
    })
    expect(result.status).toBe(302)
    expect(result.location).toBe('/admin/people?q=x')
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=people.disabledFlash')
    expect(await testDb().select().from(sessions).where(eq(sessions.userId, target.id))).toHaveLength(0)
    expect(await validateSessionToken(testDb(), one)).toBeNull()
    expect(await validateSessionToken(testDb(), two)).toBeNull()
    const [row] = await testDb().select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, target.id))
    expect(row?.disabledAt).toBeInstanceOf(Date)
    expect(await lastUserAudit(target.id)).toMatchObject({ action: 'user.disable', actorId: w.admin.id, data: { email: target.email } })

    const enabled = await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'enable', userId: target.id } })
    expect(enabled.status).toBe(302)
    const [after] = await testDb().select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, target.id))
    expect(after?.disabledAt).toBeNull()
    expect(await lastUserAudit(target.id)).toMatchObject({ action: 'user.enable', actorId: w.admin.id })
  })

  test('an administrator cannot disable themselves or take away their own rights', async () => {
    const disable = await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'disable', userId: w.admin.id } })
    expect(disable.status).toBe(409)
    expect(disable.data).toMatchObject({ errors: { '': ['people.cannotDisableSelf'] } })
    const revoke = await callRoute(peopleAction, '/admin/people', {
      as: w.admin,
      form: { intent: 'admin', userId: w.admin.id, admin: 'revoke' },
    })
    expect(revoke.status).toBe(409)
    const [row] = await testDb().select({ isAdmin: users.isAdmin, disabledAt: users.disabledAt }).from(users).where(eq(users.id, w.admin.id))
    expect(row).toEqual({ isAdmin: true, disabledAt: null })
  })

  test('grants and revokes administrator rights, audited', async () => {
    const target = await createUser()
    const grant = await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'admin', userId: target.id, admin: 'grant' } })
    expect(grant.status).toBe(302)
    let [row] = await testDb().select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, target.id))
    expect(row?.isAdmin).toBe(true)
    expect(await lastUserAudit(target.id)).toMatchObject({ action: 'user.admin', data: { isAdmin: { from: false, to: true } } })
    await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'admin', userId: target.id, admin: 'revoke' } })
    ;[row] = await testDb().select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, target.id))
    expect(row?.isAdmin).toBe(false)
  })

  test('bad requests: 400 for nonsense, 404 for an unknown person', async () => {
    expect((await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'explode', userId: w.leaderA.id } })).status).toBe(400)
    expect((await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'disable', userId: 'nope' } })).status).toBe(400)
    expect(
      (await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'disable', userId: crypto.randomUUID() } })).status,
    ).toBe(404)
  })
})

describe('/admin/audit', () => {
  type AuditData = {
    entries: { id: number; action: string; entityType: string; entityId: string; actor: string | null; data: unknown }[]
    names: Record<string, string>
    hasNext: boolean
    filters: { entity: string; action: string }
  }

  test('signed out: sign in; anyone but an administrator: 403', async () => {
    const out = await callRoute(auditLoader, '/admin/audit')
    expect(out.status).toBe(302)
    expect(out.location).toContain('/login')
    for (const person of [w.leaderA, w.mentor, w.manager, w.outsiderLeader, w.noOrg]) {
      expect((await callRoute(auditLoader, '/admin/audit', { as: person })).status).toBe(403)
    }
  })

  test('newest first, with who did it and names for the ids in the data; filters by entity and action', async () => {
    // A programme change (by the manager) and an account change (by the admin) to look for.
    const target = await createUser()
    await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'disable', userId: target.id } })
    const edit = await callRoute(editProgrammeAction, `/programmes/${w.programme.id}/edit`, {
      as: w.manager,
      params: { id: w.programme.id },
      form: {
        name: w.programme.name,
        funder: w.programme.funder,
        startsOn: w.programme.startsOn,
        endsOn: w.programme.endsOn,
        centreIds: [w.centreA.id],
        managerEmails: w.manager.email,
      },
    })
    expect(edit.status).toBe(302)

    const all = (await callRoute(auditLoader, '/admin/audit', { as: w.admin })).data as AuditData
    expect(all.entries[0]).toMatchObject({ action: 'programme.update', actor: w.manager.name, entityId: w.programme.id })
    expect(all.entries[1]).toMatchObject({ action: 'user.disable', actor: w.admin.name, entityId: target.id })
    expect(all.entries[0]!.id).toBeGreaterThan(all.entries[1]!.id)
    expect(all.names[w.centreB.id]).toBe(w.centreB.name)
    expect(all.names[w.programme.id]).toBe(w.programme.name)

    const usersOnly = (await callRoute(auditLoader, '/admin/audit?entity=user', { as: w.admin })).data as AuditData
    expect(usersOnly.entries.length).toBeGreaterThan(0)
    expect(usersOnly.entries.every((e) => e.entityType === 'user')).toBe(true)

    const updates = (await callRoute(auditLoader, '/admin/audit?action=programme.update', { as: w.admin })).data as AuditData
    expect(updates.entries.map((e) => e.action)).toEqual(['programme.update'])

    // Unknown filters are ignored rather than failing.
    const junk = await callRoute(auditLoader, '/admin/audit?entity=robots&action=drop%20table&page=-3', { as: w.admin })
    expect(junk.status).toBe(200)
    expect((junk.data as AuditData).filters).toEqual({ entity: '', action: '' })
  })

  test('50 entries a page', async () => {
    for (let i = 0; i < 3; i++) {
      const target = await createUser()
      await callRoute(peopleAction, '/admin/people', { as: w.admin, form: { intent: 'disable', userId: target.id } })
    }
    const total = (await testDb().select({ id: auditLog.id }).from(auditLog)).length
    // Pad the log past one page.
    const filler = Math.max(0, 51 - total)
    if (filler) {
      await testDb()
        .insert(auditLog)
        .values(Array.from({ length: filler }, () => ({ actorId: null, action: 'user.enable', entityType: 'user', entityId: crypto.randomUUID() })))
    }
    const first = (await callRoute(auditLoader, '/admin/audit', { as: w.admin })).data as AuditData
    expect(first.entries).toHaveLength(50)
    expect(first.hasNext).toBe(true)
    const second = (await callRoute(auditLoader, '/admin/audit?page=2', { as: w.admin })).data as AuditData
    expect(second.entries.length).toBeGreaterThan(0)
    expect(second.entries[0]!.id).toBeLessThan(first.entries[49]!.id)
  })
})
