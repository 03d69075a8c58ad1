import { and, desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { innFor, insertOrganisation, ogrnFor } from '#db/builders.ts'
import { auditLog, memberships, organisations, outbox, users } from '#db/schema/index.ts'
import { action as acceptInviteAction } from '#app/routes/_auth.invite.$token.tsx'
import { loader as listLoader } from '#app/routes/organisations._index.tsx'
import { loader as profileLoader } from '#app/routes/organisations.$id.tsx'
import { action as editAction, loader as editLoader } from '#app/routes/organisations.$id_.edit.tsx'
import { action as peopleAction, loader as peopleLoader } from '#app/routes/organisations.$id_.people.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/organisations.new.tsx'
import { isUniqueViolation } from '#app/models/organisation.server.ts'
import { callRoute, createMember, createOrganisation, createWorld, testDb, unique } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null

let innCounter = 5_000_000 + Math.floor(Math.random() * 1_000_000)
/** A valid ИНН/ОГРН pair nobody else in this database has. */
function requisites(regionCode = '59') {
  innCounter += 1
  return { inn: innFor(regionCode, innCounter), ogrn: ogrnFor(regionCode, innCounter) }
}

function validForm(overrides: Record<string, string> = {}) {
  return {
    kind: 'centre',
    name: `АНО «Ресурсный центр ${unique()}»`,
    shortName: 'РЦ',
    regionCode: '59',
    city: 'Пермь',
    address: 'ул. Ленина, 1',
    ...requisites(),
    email: 'rc@example.ru',
    phone: '+7 342 200-00-00',
    website: 'rc.example.ru',
    description: 'Поддерживаем НКО Пермского края.',
    ...overrides,
  }
}

/** The editable fields of an organisation as a form, so an edit test changes only what it means to. */
async function currentForm(id: string) {
  const [o] = await testDb().select().from(organisations).where(eq(organisations.id, id))
  const form: Record<string, string> = {
    kind: o!.kind,
    name: o!.name,
    regionCode: o!.regionCode,
    city: o!.city,
  }
  for (const key of ['shortName', 'address', 'inn', 'ogrn', 'email', 'phone', 'website', 'description'] as const) {
    if (o![key]) form[key] = o![key]!
  }
  if (o!.published) form.published = 'on'
  return form
}

const profile = (id: string, as: Who) => callRoute(profileLoader, `/organisations/${id}`, { as, params: { id } })
const edit = (id: string, as: Who) => callRoute(editLoader, `/organisations/${id}/edit`, { as, params: { id } })
const saveEdit = (id: string, as: Who, form: Record<string, string>) =>
  callRoute(editAction, `/organisations/${id}/edit`, { as, params: { id }, form })
const people = (id: string, as: Who) => callRoute(peopleLoader, `/organisations/${id}/people`, { as, params: { id } })
const peoplePost = (id: string, as: Who, form: Record<string, string>) =>
  callRoute(peopleAction, `/organisations/${id}/people`, { as, params: { id }, form })
const list = async (as: Who, search = '') => {
  const result = await callRoute(listLoader, `/organisations${search}`, { as })
  expect(result.status).toBe(200)
  return result.data as {
    organisations: { id: string; name: string; kind: string; people: number; regionRu: string }[]
    total: number
    pages: number
  }
}

async function membershipOf(userId: string, organisationId: string) {
  const [row] = await testDb()
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)))
  return row
}

describe('signed out', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('every loader and action sends the visitor to sign in', async () => {
    const id = w.centreA.id
    const calls = [
      callRoute(listLoader, '/organisations'),
      callRoute(newLoader, '/organisations/new'),
      callRoute(newAction, '/organisations/new', { form: validForm() }),
      profile(id, null),
      edit(id, null),
      saveEdit(id, null, validForm()),
      people(id, null),
      peoplePost(id, null, { intent: 'invite', email: 'x@example.ru', name: 'X', role: 'staff' }),
    ]
    for (const result of await Promise.all(calls)) {
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/login/)
    }
  })

  test('the way back is remembered', async () => {
    const result = await profile(w.centreA.id, null)
    expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(`/organisations/${w.centreA.id}`)}`)
  })
})

describe('who may see and change an organisation', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('profile: members, mentors, programme managers and administrators see it; other centres do not', async () => {
    const id = w.centreA.id
    for (const who of [w.leaderA, w.staffA, w.mentor, w.manager, w.admin]) {
      expect((await profile(id, who)).status).toBe(200)
    }
    for (const who of [w.leaderB, w.outsiderLeader, w.noOrg]) {
      expect((await profile(id, who)).status).toBe(403)
    }
    // The mentor organisation of a programme is visible to its manager, but a centre leader cannot see it.
    expect((await profile(w.mentorOrg.id, w.manager)).status).toBe(200)
    expect((await profile(w.mentorOrg.id, w.leaderA)).status).toBe(403)
  })

  test('profile: a missing or malformed id is a 404, not a 500', async () => {
    expect((await profile(crypto.randomUUID(), w.admin)).status).toBe(404)
    expect((await profile('not-a-uuid', w.admin)).status).toBe(404)
    expect((await profile("1' or '1'='1", w.leaderA)).status).toBe(404)
    expect((await edit('nope', w.admin)).status).toBe(404)
    expect((await people('nope', w.admin)).status).toBe(404)
  })

  test('profile: shows details, programmes and people, and manage links only to those who may manage', async () => {
    const asLeader = await profile(w.centreA.id, w.leaderA)
    const data = asLeader.data as {
      organisation: { name: string; utcOffset: string; timeZone: string }
      programmes: { id: string; runs: boolean }[]
      people: { name: string; role: string; invited: boolean; email?: string }[]
      canManage: boolean
    }
    expect(data.organisation.name).toBe(w.centreA.name)
    expect(data.organisation.timeZone).toBe('Europe/Moscow')
    expect(data.organisation.utcOffset).toBe('UTC+3')
    expect(data.programmes).toEqual([expect.objectContaining({ id: w.programme.id, runs: false })])
    expect(data.people.map((p) => p.role).sort()).toEqual(['leader', 'staff'])
    expect(data.people.every((p) => p.email === undefined)).toBe(true)
    expect(data.canManage).toBe(true)

    const asMentor = (await profile(w.centreA.id, w.mentor)).data as { canManage: boolean }
    expect(asMentor.canManage).toBe(false)
    const asStaff = (await profile(w.centreA.id, w.staffA)).data as { canManage: boolean }
    expect(asStaff.canManage).toBe(false)

    const mentorOrg = (await profile(w.mentorOrg.id, w.mentor)).data as { programmes: { id: string; runs: boolean }[] }
    expect(mentorOrg.programmes).toEqual([expect.objectContaining({ id: w.programme.id, runs: true })])
  })

  test('edit: only the centre leader and administrators; staff, mentors, managers and other centres get 403', async () => {
    const id = w.centreA.id
    expect((await edit(id, w.leaderA)).status).toBe(200)
    expect((await edit(id, w.admin)).status).toBe(200)
    for (const who of [w.staffA, w.mentor, w.manager, w.leaderB, w.outsiderLeader]) {
      expect((await edit(id, who)).status).toBe(403)
      expect((await saveEdit(id, who, await currentForm(id))).status).toBe(403)
    }
  })

  test('people: only the centre leader and administrators', async () => {
    const id = w.centreA.id
    expect((await people(id, w.leaderA)).status).toBe(200)
    expect((await people(id, w.admin)).status).toBe(200)
    const staffMembership = await membershipOf(w.staffA.id, id)
    for (const who of [w.staffA, w.mentor, w.manager, w.leaderB, w.outsiderLeader]) {
      expect((await people(id, who)).status).toBe(403)
      expect((await peoplePost(id, who, { intent: 'invite', email: `${unique()}@example.ru`, name: 'Х', role: 'staff' })).status).toBe(403)
      expect((await peoplePost(id, who, { intent: 'remove', membershipId: staffMembership!.id })).status).toBe(403)
    }
    expect(await membershipOf(w.staffA.id, id)).toBeDefined()
  })

  test('new: administrators only', async () => {
    expect((await callRoute(newLoader, '/organisations/new', { as: w.admin })).status).toBe(200)
    for (const who of [w.leaderA, w.mentor, w.manager, w.staffA]) {
      expect((await callRoute(newLoader, '/organisations/new', { as: who })).status).toBe(403)
      expect((await callRoute(newAction, '/organisations/new', { as: who, form: validForm() })).status).toBe(403)
    }
  })
})

describe('creating an organisation', () => {
  let admin: { id: string }
  beforeAll(async () => {
    admin = (await createWorld()).admin
  })

  test('a valid form creates it with a slug and an audit entry, and redirects to its profile', async () => {
    const form = validForm({ published: 'on' })
    const result = await callRoute(newAction, '/organisations/new', { as: admin, form })
    expect(result.status).toBe(302)
    const id = result.location?.match(/^\/organisations\/([0-9a-f-]{36})$/)?.[1]
    expect(id).toBeDefined()
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=organisations.created')
    const [row] = await testDb().select().from(organisations).where(eq(organisations.id, id!))
    expect(row).toMatchObject({
      name: form.name,
      inn: form.inn,
      website: 'https://rc.example.ru',
      published: true,
      kind: 'centre',
    })
    expect(row!.slug).toMatch(/^ano-resursnyy-tsentr-[a-z0-9-]+-[0-9a-f]{6}$/)
    const entries = await testDb().select().from(auditLog).where(eq(auditLog.entityId, id!))
    expect(entries).toEqual([expect.objectContaining({ action: 'organisation.create', actorId: admin.id, organisationId: id })])
  })

  test('INN and OGRN may be left empty (an initiative group)', async () => {
    const result = await callRoute(newAction, '/organisations/new', { as: admin, form: validForm({ inn: '', ogrn: '' }) })
    expect(result.status).toBe(302)
  })

  test('a bad INN: 400, the error on the field, and what was typed comes back', async () => {
    const form = validForm({ inn: '7707083894', ogrn: '1234567890123' })
    const result = await callRoute(newAction, '/organisations/new', { as: admin, form })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      ok: false,
      errors: { inn: ['validation.inn'], ogrn: ['validation.ogrn'] },
      values: { name: form.name, inn: '7707083894', city: 'Пермь', email: 'rc@example.ru' },
    })
  })

  test('other bad input is reported per field, never a 500', async () => {
    const result = await callRoute(newAction, '/organisations/new', {
      as: admin,
      form: { kind: 'club', name: '', regionCode: '999', city: '', email: 'not-an-email', website: 'javascript:alert(1)' },
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      errors: {
        kind: ['validation.choose'],
        name: ['validation.required'],
        regionCode: ['validation.region'],
        city: ['validation.required'],
        email: ['validation.email'],
        website: ['validation.url'],
      },
    })
  })

  test('an INN typed with spaces is stored as digits', async () => {
    const { inn } = requisites()
    const spaced = `${inn.slice(0, 4)} ${inn.slice(4)}`
    const result = await callRoute(newAction, '/organisations/new', { as: admin, form: validForm({ inn: spaced }) })
    expect(result.status).toBe(302)
    const [row] = await testDb().select({ inn: organisations.inn }).from(organisations).where(eq(organisations.inn, inn))
    expect(row?.inn).toBe(inn)
  })

  test('a duplicate INN: 409 with a field error, nothing created', async () => {
    const form = validForm()
    expect((await callRoute(newAction, '/organisations/new', { as: admin, form })).status).toBe(302)
    const again = validForm({ inn: form.inn })
    const result = await callRoute(newAction, '/organisations/new', { as: admin, form: again })
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ errors: { inn: ['organisations.innTaken'] }, values: { name: again.name } })
    expect(await testDb().select().from(organisations).where(eq(organisations.name, again.name))).toHaveLength(0)
  })

  test('the unique index is recognised when a concurrent insert slips past the check', async () => {
    const { inn } = requisites()
    await insertOrganisation(testDb(), { kind: 'centre', name: 'Один', regionCode: '59', city: 'Пермь', inn })
    const error = await insertOrganisation(testDb(), { kind: 'centre', name: 'Два', regionCode: '59', city: 'Пермь', inn }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(isUniqueViolation(error, 'organisations_inn_key')).toBe(true)
    expect(isUniqueViolation(new Error('other'))).toBe(false)
  })
})

describe('editing an organisation', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('the leader saves changes; the audit entry lists exactly the changed fields', async () => {
    const id = w.centreA.id
    const before = await currentForm(id)
    const result = await saveEdit(id, w.leaderA, { ...before, name: 'АНО «Ресурсный центр Дона»', phone: '+7 863 200-00-00' })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/organisations/${id}`)
    const [entry] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'organisation.update')))
      .orderBy(desc(auditLog.id))
    expect(entry).toBeDefined()
    expect(entry!.actorId).toBe(w.leaderA.id)
    expect(entry!.data).toEqual({
      name: { from: before.name, to: 'АНО «Ресурсный центр Дона»' },
      phone: { from: null, to: '+7 863 200-00-00' },
    })
  })

  test('saving without changes writes no audit entry', async () => {
    const id = w.centreA.id
    const count = async () =>
      (await testDb().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'organisation.update'))))
        .length
    const n = await count()
    const result = await saveEdit(id, w.leaderA, await currentForm(id))
    expect(result.status).toBe(302)
    expect(await count()).toBe(n)
  })

  test('a leader cannot change the kind or publish the centre; an administrator can publish it', async () => {
    const id = w.centreB.id
    const form = await currentForm(id)
    expect((await saveEdit(id, w.leaderB, { ...form, kind: 'mentor', published: 'on' })).status).toBe(302)
    let [row] = await testDb().select().from(organisations).where(eq(organisations.id, id))
    expect(row).toMatchObject({ kind: 'centre', published: false })

    expect((await saveEdit(id, w.admin, { ...form, published: 'on' })).status).toBe(302)
    ;[row] = await testDb().select().from(organisations).where(eq(organisations.id, id))
    expect(row!.published).toBe(true)
    const [entry] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'organisation.update')))
      .orderBy(desc(auditLog.id))
    expect(entry!.data).toEqual({ published: { from: false, to: true } })
  })

  test('clearing an optional field is saved and audited', async () => {
    const id = w.centreB.id
    const form = await currentForm(id)
    expect(form.ogrn).toBeDefined()
    const { ogrn: _ogrn, ...withoutOgrn } = form
    expect((await saveEdit(id, w.admin, withoutOgrn)).status).toBe(302)
    const [row] = await testDb().select().from(organisations).where(eq(organisations.id, id))
    expect(row!.ogrn).toBeNull()
  })

  test('the kind of a centre taking part in a programme cannot be switched (409)', async () => {
    const id = w.centreA.id
    const result = await saveEdit(id, w.admin, { ...(await currentForm(id)), kind: 'mentor' })
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ errors: { kind: ['organisations.kindLocked'] } })
  })

  test('another organisation’s INN: 409', async () => {
    const id = w.centreA.id
    const result = await saveEdit(id, w.leaderA, { ...(await currentForm(id)), inn: w.outsider.inn! })
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ errors: { inn: ['organisations.innTaken'] }, values: { inn: w.outsider.inn } })
  })

  test('bad input: 400 with the typed values', async () => {
    const id = w.centreA.id
    const result = await saveEdit(id, w.leaderA, { ...(await currentForm(id)), city: '', inn: '123' })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ errors: { city: ['validation.required'], inn: ['validation.inn'] }, values: { inn: '123' } })
  })
})

describe('managing people', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('inviting a new address: a membership, an e-mail with an /invite/ link, and the link signs the person in', async () => {
    const email = `${unique('new')}@example.ru`
    const result = await peoplePost(w.centreA.id, w.leaderA, { intent: 'invite', email: email.toUpperCase(), name: 'Анна Новикова', role: 'staff' })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/organisations/${w.centreA.id}/people`)
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=organisations.invited')

    const [user] = await testDb().select().from(users).where(eq(users.email, email))
    expect(user).toMatchObject({ name: 'Анна Новикова', passwordHash: null })
    expect(await membershipOf(user!.id, w.centreA.id)).toMatchObject({ role: 'staff' })

    const [mail] = await testDb().select().from(outbox).where(eq(outbox.toAddress, email))
    const token = mail!.textBody.match(/\/invite\/([a-z2-7]+)/)?.[1]
    expect(token).toBeDefined()

    // Shown as invited on the profile until they accept.
    const before = (await profile(w.centreA.id, w.leaderA)).data as { people: { name: string; invited: boolean }[] }
    expect(before.people.find((p) => p.name === 'Анна Новикова')?.invited).toBe(true)

    const accepted = await callRoute(acceptInviteAction, `/invite/${token}`, {
      params: { token: token! },
      form: { name: 'Анна Новикова', password: 'long enough passphrase', confirmPassword: 'long enough passphrase' },
    })
    expect(accepted.status).toBe(302)
    expect(accepted.headers.get('Set-Cookie')).toMatch(/rsn_session=[a-z2-7]{32}/)
    const [after] = await testDb().select().from(users).where(eq(users.email, email))
    expect(after!.passwordHash).not.toBeNull()
  })

  test('inviting someone who already has an account adds them and tells them', async () => {
    const other = await createMember(w.outsider.id, 'staff')
    const result = await peoplePost(w.centreA.id, w.admin, { intent: 'invite', email: other.email, name: 'ignored', role: 'volunteer' })
    expect(result.status).toBe(302)
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=organisations.memberAdded')
    expect(await membershipOf(other.id, w.centreA.id)).toMatchObject({ role: 'volunteer' })
  })

  test('inviting an existing member: 409 on the e-mail field', async () => {
    const result = await peoplePost(w.centreA.id, w.leaderA, { intent: 'invite', email: w.staffA.email, name: 'Кто-то', role: 'staff' })
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ errors: { email: ['organisations.alreadyMember'] }, values: { email: w.staffA.email } })
  })

  test('a role that does not exist in a centre, or a bad address: 400', async () => {
    const result = await peoplePost(w.centreA.id, w.leaderA, { intent: 'invite', email: 'not an email', name: '', role: 'mentor' })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      errors: { email: ['validation.email'], name: ['validation.required'], role: ['validation.choose'] },
    })
  })

  test('changing a role writes it and an audit entry', async () => {
    const m = await membershipOf(w.staffA.id, w.centreA.id)
    const result = await peoplePost(w.centreA.id, w.leaderA, { intent: 'role', membershipId: m!.id, role: 'volunteer' })
    expect(result.status).toBe(302)
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=organisations.roleChanged')
    expect((await membershipOf(w.staffA.id, w.centreA.id))!.role).toBe('volunteer')
    const [entry] = await testDb().select().from(auditLog).where(eq(auditLog.entityId, m!.id)).orderBy(desc(auditLog.id))
    expect(entry).toMatchObject({ action: 'membership.role', data: { from: 'staff', to: 'volunteer' } })
  })

  test('saving the role a person already has changes nothing and writes no audit entry', async () => {
    const m = await membershipOf(w.leaderA.id, w.centreA.id)
    const result = await peoplePost(w.centreA.id, w.leaderA, { intent: 'role', membershipId: m!.id, role: 'leader' })
    expect(result.status).toBe(302)
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=organisations.unchanged')
    expect(await testDb().select().from(auditLog).where(eq(auditLog.entityId, m!.id))).toHaveLength(0)
  })

  test('the last leader can be neither demoted nor removed (409)', async () => {
    const m = await membershipOf(w.leaderA.id, w.centreA.id)
    const demote = await peoplePost(w.centreA.id, w.leaderA, { intent: 'role', membershipId: m!.id, role: 'staff' })
    expect(demote.status).toBe(409)
    expect(demote.data).toMatchObject({ membershipId: m!.id, errors: { '': ['organisations.lastLeader'] } })
    const remove = await peoplePost(w.centreA.id, w.admin, { intent: 'remove', membershipId: m!.id })
    expect(remove.status).toBe(409)
    expect((await membershipOf(w.leaderA.id, w.centreA.id))!.role).toBe('leader')
  })

  test('a membership of another organisation: 404 for role change and removal', async () => {
    const foreign = await membershipOf(w.leaderB.id, w.centreB.id)
    const role = await peoplePost(w.centreA.id, w.leaderA, { intent: 'role', membershipId: foreign!.id, role: 'staff' })
    expect(role.status).toBe(404)
    const remove = await peoplePost(w.centreA.id, w.leaderA, { intent: 'remove', membershipId: foreign!.id })
    expect(remove.status).toBe(404)
    expect(await membershipOf(w.leaderB.id, w.centreB.id)).toMatchObject({ role: 'leader' })
    expect((await peoplePost(w.centreA.id, w.leaderA, { intent: 'remove', membershipId: 'garbage' })).status).toBe(404)
  })

  test('an unknown intent is a 400', async () => {
    expect((await peoplePost(w.centreA.id, w.leaderA, { intent: 'promote-everyone' })).status).toBe(400)
  })

  test('with a second leader, a leader may step down and is sent to the profile; removing a member works', async () => {
    const second = await createMember(w.centreA.id, 'leader')
    const own = await membershipOf(w.leaderA.id, w.centreA.id)
    const stepDown = await peoplePost(w.centreA.id, w.leaderA, { intent: 'role', membershipId: own!.id, role: 'staff' })
    expect(stepDown.status).toBe(302)
    expect(stepDown.location).toBe(`/organisations/${w.centreA.id}`)
    expect((await people(w.centreA.id, w.leaderA)).status).toBe(403)

    const staff = await membershipOf(w.staffA.id, w.centreA.id)
    const removed = await peoplePost(w.centreA.id, second, { intent: 'remove', membershipId: staff!.id })
    expect(removed.status).toBe(302)
    expect(removed.headers.get('Set-Cookie')).toContain('rsn_flash=organisations.memberRemoved')
    expect(await membershipOf(w.staffA.id, w.centreA.id)).toBeUndefined()
    const [entry] = await testDb().select().from(auditLog).where(eq(auditLog.entityId, staff!.id)).orderBy(desc(auditLog.id))
    expect(entry).toMatchObject({ action: 'membership.delete', actorId: second.id })
  })

  test('the people page lists e-mails and only the roles that fit the kind', async () => {
    const asLeader = (await people(w.centreB.id, w.leaderB)).data as { roles: string[]; people: { email: string }[] }
    expect(asLeader.roles).toEqual(['leader', 'staff', 'volunteer'])
    expect(asLeader.people.map((p) => p.email)).toEqual([w.leaderB.email])
    const mentorOrg = (await people(w.mentorOrg.id, w.admin)).data as { roles: string[] }
    expect(mentorOrg.roles).toEqual(['leader', 'mentor', 'staff'])
  })
})

describe('the list of organisations', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  const ids = (data: { organisations: { id: string }[] }) => data.organisations.map((o) => o.id)

  test('a centre leader sees only their own centre', async () => {
    const data = await list(w.leaderA)
    expect(ids(data)).toEqual([w.centreA.id])
    expect(data.total).toBe(1)
    expect(data.organisations[0]).toMatchObject({ people: 2, kind: 'centre', regionRu: 'Ростовская область' })
  })

  test('a mentor sees their organisation and the programme’s centres, not the outsider', async () => {
    const data = await list(w.mentor)
    expect(ids(data).sort()).toEqual([w.mentorOrg.id, w.centreA.id, w.centreB.id].sort())
  })

  test('a programme manager sees the programme’s organisations', async () => {
    const data = await list(w.manager)
    expect(ids(data).sort()).toEqual([w.mentorOrg.id, w.centreA.id, w.centreB.id].sort())
  })

  test('someone with no organisation sees none', async () => {
    const data = await list(w.noOrg)
    expect(data).toMatchObject({ organisations: [], total: 0, pages: 1 })
  })

  test('an administrator sees everyone; filters and search narrow it down', async () => {
    const all = await list(w.admin)
    expect(all.total).toBeGreaterThanOrEqual(4)

    const byRegion = await list(w.admin, '?region=39')
    expect(ids(byRegion)).toContain(w.outsider.id)
    expect(byRegion.organisations.every((o) => o.regionRu === 'Калининградская область')).toBe(true)

    const mentors = await list(w.admin, '?kind=mentor')
    expect(ids(mentors)).toContain(w.mentorOrg.id)
    expect(mentors.organisations.every((o) => o.kind === 'mentor')).toBe(true)

    expect(ids(await list(w.admin, `?q=${encodeURIComponent(w.outsider.inn!)}`))).toEqual([w.outsider.id])
    expect(ids(await list(w.admin, `?q=${encodeURIComponent(w.centreB.name.toUpperCase())}`))).toEqual([w.centreB.id])
    expect(ids(await list(w.admin, `?q=${encodeURIComponent('калинин')}&kind=centre`))).toContain(w.outsider.id)
    expect(ids(await list(w.admin, `?q=${encodeURIComponent('калинин')}&kind=mentor`))).not.toContain(w.outsider.id)
    // LIKE wildcards typed by a person are taken literally.
    expect((await list(w.admin, '?q=%25')).total).toBe(0)
  })

  test('filters apply within what the person may see', async () => {
    expect(ids(await list(w.mentor, '?region=39'))).toEqual([])
    expect(ids(await list(w.mentor, '?region=27'))).toEqual([w.centreB.id])
    expect(ids(await list(w.mentor, '?kind=mentor'))).toEqual([w.mentorOrg.id])
  })

  test('malformed filters are ignored rather than failing', async () => {
    const data = await list(w.leaderA, '?kind=club&region=abc&page=-4')
    expect(ids(data)).toEqual([w.centreA.id])
  })

  test('fifty per page, with the total', async () => {
    const tag = unique('Пагинация')
    for (let i = 0; i < 53; i++) {
      await createOrganisation({ name: `${tag} ${String(i).padStart(2, '0')}` })
    }
    const first = await list(w.admin, `?q=${encodeURIComponent(tag)}`)
    expect(first.organisations).toHaveLength(50)
    expect(first).toMatchObject({ total: 53, pages: 2 })
    expect(first.organisations[0]!.name).toBe(`${tag} 00`)
    const second = await list(w.admin, `?q=${encodeURIComponent(tag)}&page=2`)
    expect(second.organisations.map((o) => o.name)).toEqual([`${tag} 50`, `${tag} 51`, `${tag} 52`])
    const beyond = await list(w.admin, `?q=${encodeURIComponent(tag)}&page=9`)
    expect(beyond).toMatchObject({ organisations: [], total: 53, pages: 2 })
  })
})
