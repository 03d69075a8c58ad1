import { and, desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { auditLog, programmeCentres, programmeManagers, programmes } from '#db/schema/index.ts'
import { loader as listLoader } from '#app/routes/programmes._index.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/programmes.new.tsx'
import { loader as showLoader } from '#app/routes/programmes.$id.tsx'
import { action as editAction, loader as editLoader } from '#app/routes/programmes.$id_.edit.tsx'
import {
  callRoute,
  createOrganisation,
  createProgramme,
  createUser,
  createWorld,
  testDb,
  unique,
} from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
let w: World

beforeAll(async () => {
  w = await createWorld()
})

function validForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: `Точки роста ${unique()}`,
    funder: 'Фонд президентских грантов',
    competition: 'Первый конкурс 2026 года',
    grantNumber: '26-1-004217',
    amount: '9 484 487,00',
    coFinancing: '3 173 500',
    startsOn: '2026-03-01',
    endsOn: '2027-08-31',
    mentorOrganisationId: w.mentorOrg.id,
    centreIds: [w.centreA.id, w.centreB.id],
    managerEmails: w.manager.email.toUpperCase(),
    description: 'Выездные сессии и онлайн-семинары.',
    ...overrides,
  }
}

async function centreIdsOf(programmeId: string) {
  const rows = await testDb()
    .select({ id: programmeCentres.organisationId })
    .from(programmeCentres)
    .where(eq(programmeCentres.programmeId, programmeId))
  return rows.map((r) => r.id).sort()
}

async function lastAudit(entityId: string) {
  const [row] = await testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'programme'), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id))
    .limit(1)
  return row
}

describe('/programmes', () => {
  const ids = (result: { data: unknown }) =>
    (result.data as { programmes: { id: string }[] }).programmes.map((p) => p.id)

  test('signed out: sent to sign in', async () => {
    const result = await callRoute(listLoader, '/programmes')
    expect(result.status).toBe(302)
    expect(result.location).toBe('/login?redirectTo=%2Fprogrammes')
  })

  test('each role sees the programmes it belongs to, with centre and region counts', async () => {
    // A second programme run by another mentor organisation over the outsider centre only.
    const otherMentor = await createOrganisation({ kind: 'mentor' })
    const other = await createProgramme(otherMentor.id, [w.outsider.id])

    const admin = await callRoute(listLoader, '/programmes', { as: w.admin })
    expect(admin.status).toBe(200)
    expect(ids(admin)).toEqual(expect.arrayContaining([w.programme.id, other.id]))
    expect(admin.data).toMatchObject({ canCreate: true })
    const row = (admin.data as { programmes: { id: string; centres: number; regions: number }[] }).programmes.find(
      (p) => p.id === w.programme.id,
    )
    expect(row).toMatchObject({ centres: 2, regions: 2 })

    for (const person of [w.manager, w.mentor, w.leaderA, w.staffA, w.leaderB]) {
      const result = await callRoute(listLoader, '/programmes', { as: person })
      expect(result.status).toBe(200)
      expect(ids(result)).toContain(w.programme.id)
      expect(ids(result)).not.toContain(other.id)
      expect(result.data).toMatchObject({ canCreate: false })
    }
    const outsider = await callRoute(listLoader, '/programmes', { as: w.outsiderLeader })
    expect(ids(outsider)).toEqual([other.id])
    const nobody = await callRoute(listLoader, '/programmes', { as: w.noOrg })
    expect(ids(nobody)).toEqual([])
  })
})

describe('/programmes/new', () => {
  test('signed out: loader and action send to sign in', async () => {
    for (const fn of [newLoader, newAction]) {
      const result = await callRoute(fn, '/programmes/new', { method: 'POST', form: fn === newAction ? validForm() : undefined })
      expect(result.status).toBe(302)
      expect(result.location).toContain('/login')
    }
  })

  test('only administrators: a centre leader, a mentor or a manager get 403', async () => {
    for (const person of [w.leaderA, w.mentor, w.manager, w.noOrg]) {
      expect((await callRoute(newLoader, '/programmes/new', { as: person })).status).toBe(403)
      expect((await callRoute(newAction, '/programmes/new', { as: person, form: validForm() })).status).toBe(403)
    }
  })

  test('the form offers mentor organisations and centres only', async () => {
    const result = await callRoute(newLoader, '/programmes/new', { as: w.admin })
    expect(result.status).toBe(200)
    const data = result.data as { mentors: { id: string }[]; centres: { id: string; regionRu: string }[] }
    expect(data.mentors.map((m) => m.id)).toContain(w.mentorOrg.id)
    expect(data.mentors.map((m) => m.id)).not.toContain(w.centreA.id)
    expect(data.centres.map((c) => c.id)).toEqual(expect.arrayContaining([w.centreA.id, w.centreB.id, w.outsider.id]))
    expect(data.centres.map((c) => c.id)).not.toContain(w.mentorOrg.id)
    expect(data.centres.find((c) => c.id === w.centreA.id)?.regionRu).toBe('Ростовская область')
  })

  test('creates the programme, its centres and managers, stores amounts as numbers and audits it', async () => {
    const form = validForm()
    const result = await callRoute(newAction, '/programmes/new', { as: w.admin, form })
    expect(result.status).toBe(302)
    const id = result.location!.replace('/programmes/', '')
    expect(result.headers.get('Set-Cookie')).toContain('rsn_flash=programmes.created')
    const [row] = await testDb().select().from(programmes).where(eq(programmes.id, id))
    expect(row).toMatchObject({
      name: form.name,
      amount: '9484487.00',
      coFinancing: '3173500.00',
      startsOn: '2026-03-01',
      endsOn: '2027-08-31',
      mentorOrganisationId: w.mentorOrg.id,
      grantNumber: '26-1-004217',
    })
    expect(await centreIdsOf(id)).toEqual([w.centreA.id, w.centreB.id].sort())
    const managers = await testDb().select().from(programmeManagers).where(eq(programmeManagers.programmeId, id))
    expect(managers.map((m) => m.userId)).toEqual([w.manager.id])
    const entry = await lastAudit(id)
    expect(entry).toMatchObject({ action: 'programme.create', actorId: w.admin.id, organisationId: w.mentorOrg.id })
  })

  test('end before start: 400 on the end date, and everything typed comes back', async () => {
    const form = validForm({ startsOn: '2027-01-01', endsOn: '2026-12-31' })
    const result = await callRoute(newAction, '/programmes/new', { as: w.admin, form })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      ok: false,
      errors: { endsOn: ['validation.dateOrder'] },
      values: { name: form.name, amount: '9 484 487,00', endsOn: '2026-12-31', centreIds: [w.centreA.id, w.centreB.id] },
    })
    expect(await testDb().select().from(programmes).where(eq(programmes.name, form.name as string))).toHaveLength(0)
  })

  test('a missing name and a missing date are reported, not a crash', async () => {
    const result = await callRoute(newAction, '/programmes/new', {
      as: w.admin,
      form: validForm({ name: '', startsOn: '', amount: 'сто рублей' }),
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      errors: { name: ['validation.required'], startsOn: ['validation.required'], amount: ['validation.money'] },
    })
    expect((result.data as { errors: Record<string, unknown> }).errors.endsOn).toBeUndefined()
  })

  test('an e-mail without an account: 400 naming the address', async () => {
    const result = await callRoute(newAction, '/programmes/new', {
      as: w.admin,
      form: validForm({ managerEmails: `${w.manager.email}, nobody-${unique()}@test.example` }),
    })
    expect(result.status).toBe(400)
    const data = result.data as { errors: Record<string, string[]>; emailProblems: string[] }
    expect(data.errors.managerEmails).toEqual(['programmes.unknownManager'])
    expect(data.emailProblems).toHaveLength(1)
    expect(data.emailProblems[0]).toMatch(/^nobody-.*@test\.example$/)
  })

  test('one submit reports every problem: a wrong field and an unknown reference together', async () => {
    const result = await callRoute(newAction, '/programmes/new', {
      as: w.admin,
      form: validForm({ endsOn: '2020-01-01', mentorOrganisationId: w.centreA.id, managerEmails: 'ghost@test.example' }),
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      errors: {
        endsOn: ['validation.dateOrder'],
        mentorOrganisationId: ['programmes.notMentor'],
        managerEmails: ['programmes.unknownManager'],
      },
      emailProblems: ['ghost@test.example'],
    })
  })

  test('a malformed e-mail: 400 naming it', async () => {
    const result = await callRoute(newAction, '/programmes/new', {
      as: w.admin,
      form: validForm({ managerEmails: 'not-an-address' }),
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ errors: { managerEmails: ['validation.email'] }, emailProblems: ['not-an-address'] })
  })

  test('a centre as the mentor organisation: 400', async () => {
    const result = await callRoute(newAction, '/programmes/new', {
      as: w.admin,
      form: validForm({ mentorOrganisationId: w.centreA.id }),
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ errors: { mentorOrganisationId: ['programmes.notMentor'] } })
  })

  test('a mentor organisation or an unknown id among the centres: 400', async () => {
    for (const bad of [w.mentorOrg.id, crypto.randomUUID(), 'not-a-uuid']) {
      const result = await callRoute(newAction, '/programmes/new', {
        as: w.admin,
        form: validForm({ centreIds: [w.centreA.id, bad] }),
      })
      expect(result.status).toBe(400)
      expect(result.data).toMatchObject({ errors: { centreIds: ['programmes.unknownCentre'] } })
    }
  })

  test('no centres and no managers is allowed', async () => {
    const result = await callRoute(newAction, '/programmes/new', {
      as: w.admin,
      form: validForm({ centreIds: [], managerEmails: '', amount: '', coFinancing: '' }),
    })
    expect(result.status).toBe(302)
    const id = result.location!.replace('/programmes/', '')
    const [row] = await testDb().select().from(programmes).where(eq(programmes.id, id))
    expect(row?.amount).toBeNull()
    expect(await centreIdsOf(id)).toEqual([])
  })
})

describe('/programmes/$id', () => {
  const path = () => `/programmes/${w.programme.id}`
  const view = (as: { id: string } | null, id = w.programme.id) =>
    callRoute(showLoader, `/programmes/${id}`, { as, params: { id } })

  test('signed out: sent to sign in', async () => {
    const result = await view(null)
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(path())}`)
  })

  test('a malformed, missing or unknown id is 404, never 500', async () => {
    expect((await view(w.admin, 'not-a-uuid')).status).toBe(404)
    expect((await callRoute(showLoader, '/programmes/', { as: w.admin, params: {} })).status).toBe(404)
    expect((await view(w.admin, crypto.randomUUID())).status).toBe(404)
  })

  test('another centre and a person with no organisation: 403', async () => {
    expect((await view(w.outsiderLeader)).status).toBe(403)
    expect((await view(w.noOrg)).status).toBe(403)
  })

  test('participants see the programme and managers by name, without their e-mails', async () => {
    for (const person of [w.leaderA, w.staffA, w.leaderB]) {
      const result = await view(person)
      expect(result.status).toBe(200)
      const data = result.data as { managers: { name: string; email?: string }[]; canManage: boolean }
      expect(data.canManage).toBe(false)
      expect(data.managers).toEqual([{ id: w.manager.id, name: w.manager.name }])
      expect(JSON.stringify(result.data)).not.toContain(w.manager.email)
    }
  })

  test('centres come with region, city and the region’s UTC offset', async () => {
    const result = await view(w.leaderA)
    const data = result.data as { centres: { id: string; city: string; regionRu: string; offset: string; linked: boolean }[] }
    const a = data.centres.find((c) => c.id === w.centreA.id)
    const b = data.centres.find((c) => c.id === w.centreB.id)
    expect(a).toMatchObject({ city: 'Ростов-на-Дону', regionRu: 'Ростовская область', offset: 'UTC+3', linked: true })
    // A centre does not open another centre's page.
    expect(b).toMatchObject({ city: 'Хабаровск', offset: 'UTC+10', linked: false })
  })

  test('the mentor, the manager and the administrator see e-mails; the manager and admin may edit', async () => {
    const mentor = await view(w.mentor)
    expect(mentor.status).toBe(200)
    expect(mentor.data).toMatchObject({ canManage: false, managers: [{ email: w.manager.email }] })
    for (const person of [w.manager, w.admin]) {
      const result = await view(person)
      expect(result.status).toBe(200)
      expect(result.data).toMatchObject({ canManage: true, managers: [{ email: w.manager.email }] })
    }
  })
})

describe('/programmes/$id/edit', () => {
  async function freshProgramme() {
    return createProgramme(w.mentorOrg.id, [w.centreA.id, w.centreB.id], [w.manager.id])
  }
  const edit = (
    fn: typeof editLoader | typeof editAction,
    id: string,
    as: { id: string } | null,
    form?: Record<string, string | string[]>,
  ) => callRoute(fn, `/programmes/${id}/edit`, { as, params: { id }, form })

  test('signed out: loader and action send to sign in', async () => {
    const p = await freshProgramme()
    expect((await edit(editLoader, p.id, null)).location).toContain('/login')
    expect((await edit(editAction, p.id, null, validForm())).location).toContain('/login')
  })

  test('mentors, participants, other centres and people without an organisation: 403', async () => {
    const p = await freshProgramme()
    for (const person of [w.mentor, w.leaderA, w.staffA, w.outsiderLeader, w.noOrg]) {
      expect((await edit(editLoader, p.id, person)).status).toBe(403)
      expect((await edit(editAction, p.id, person, validForm())).status).toBe(403)
    }
    expect(await centreIdsOf(p.id)).toEqual([w.centreA.id, w.centreB.id].sort())
  })

  test('a malformed id is 404', async () => {
    expect((await edit(editLoader, 'nope', w.admin)).status).toBe(404)
    expect((await edit(editAction, 'nope', w.admin, validForm())).status).toBe(404)
  })

  test('the manager gets the form prefilled, without the choice of mentor organisation', async () => {
    const p = await freshProgramme()
    const result = await edit(editLoader, p.id, w.manager)
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({
      mentor: { name: w.mentorOrg.name },
      mentors: [],
      defaults: { name: p.name, managerEmails: w.manager.email, startsOn: '2026-03-01' },
    })
    const admin = await edit(editLoader, p.id, w.admin)
    expect(admin.data).toMatchObject({ mentor: null })
    expect((admin.data as { mentors: unknown[] }).mentors.length).toBeGreaterThan(0)
  })

  test('the manager replaces the centre set; one audit entry says what changed', async () => {
    const p = await freshProgramme()
    const otherMentor = await createOrganisation({ kind: 'mentor' })
    const result = await edit(
      editAction,
      p.id,
      w.manager,
      validForm({
        name: p.name,
        amount: '1 000 000,5',
        centreIds: [w.centreA.id, w.outsider.id],
        // Not theirs to change: ignored.
        mentorOrganisationId: otherMentor.id,
      }),
    )
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/programmes/${p.id}`)
    expect(await centreIdsOf(p.id)).toEqual([w.centreA.id, w.outsider.id].sort())
    const [row] = await testDb().select().from(programmes).where(eq(programmes.id, p.id))
    expect(row).toMatchObject({ amount: '1000000.50', mentorOrganisationId: w.mentorOrg.id })
    const entry = await lastAudit(p.id)
    expect(entry).toMatchObject({ action: 'programme.update', actorId: w.manager.id })
    expect(entry!.data).toMatchObject({
      changedFields: { amount: { from: null, to: '1000000.50' }, competition: { from: null, to: 'Первый конкурс 2026 года' } },
      centresAdded: [w.outsider.id],
      centresRemoved: [w.centreB.id],
    })
    expect((entry!.data as { changedFields: Record<string, unknown> }).changedFields.name).toBeUndefined()
  })

  test('the administrator may move the programme to another mentor organisation', async () => {
    const p = await freshProgramme()
    const otherMentor = await createOrganisation({ kind: 'mentor' })
    const result = await edit(editAction, p.id, w.admin, validForm({ mentorOrganisationId: otherMentor.id }))
    expect(result.status).toBe(302)
    const [row] = await testDb().select().from(programmes).where(eq(programmes.id, p.id))
    expect(row?.mentorOrganisationId).toBe(otherMentor.id)
  })

  test('bad input keeps what was typed and changes nothing', async () => {
    const p = await freshProgramme()
    const result = await edit(editAction, p.id, w.manager, validForm({ endsOn: '2020-01-01', centreIds: [w.centreA.id] }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ errors: { endsOn: ['validation.dateOrder'] }, values: { centreIds: w.centreA.id } })
    expect(await centreIdsOf(p.id)).toEqual([w.centreA.id, w.centreB.id].sort())
  })

  test('a form built before someone else saved: 409, nothing overwritten', async () => {
    const p = await freshProgramme()
    const stale = String(p.updatedAt.getTime() - 60_000)
    const result = await edit(editAction, p.id, w.admin, validForm({ name: 'Перезапись', version: stale }))
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ errors: { '': ['programmes.stale'] }, values: { name: 'Перезапись' } })
    const [row] = await testDb().select().from(programmes).where(eq(programmes.id, p.id))
    expect(row?.name).toBe(p.name)
    const fresh = await edit(editAction, p.id, w.admin, validForm({ name: 'Новое имя', version: String(p.updatedAt.getTime()) }))
    expect(fresh.status).toBe(302)
  })

  test('a manager who takes themselves off is sent to the list', async () => {
    const p = await freshProgramme()
    const other = await createUser()
    const result = await edit(editAction, p.id, w.manager, validForm({ name: p.name, managerEmails: other.email }))
    expect(result.status).toBe(302)
    expect(result.location).toBe('/programmes')
    const entry = await lastAudit(p.id)
    expect(entry!.data).toMatchObject({ managersAdded: [other.id], managersRemoved: [w.manager.id] })
  })
})
