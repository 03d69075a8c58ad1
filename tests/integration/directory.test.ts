import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { auditLog, organisations } from '#db/schema/index.ts'
import { loader as directoryLoader } from '#app/routes/centres._index.tsx'
import { loader as centreLoader } from '#app/routes/centres.$slug.tsx'
import { action as publishAction, loader as publishLoader } from '#app/routes/organisations.$id_.publish.tsx'
import { loader as profileLoader } from '#app/routes/organisations.$id.tsx'
import { callRoute, createMember, createOrganisation, createProgramme, createWorld, testDb, unique } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null

type DirectoryData = {
  centres: { slug: string; name: string; regionCode: string; stage: string; mentors: { name: string }[] }[]
  total: number
  pages: number
}

async function directory(search = '') {
  const result = await callRoute(directoryLoader, `/centres${search}`)
  expect(result.status).toBe(200)
  return result.data as DirectoryData
}

const centrePage = (slug: string) => callRoute(centreLoader, `/centres/${slug}`, { params: { slug } })
const publishPage = (id: string, as: Who) => callRoute(publishLoader, `/organisations/${id}/publish`, { as, params: { id } })
const publish = (id: string, as: Who, form: Record<string, string>) =>
  callRoute(publishAction, `/organisations/${id}/publish`, { as, params: { id }, form })

async function stateOf(id: string) {
  const [row] = await testDb().select().from(organisations).where(eq(organisations.id, id))
  return row!
}

async function auditOf(id: string, action: string) {
  return testDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, id), eq(auditLog.action, action)))
}

describe('the public directory', () => {
  let w: World
  let tag: string
  beforeAll(async () => {
    w = await createWorld()
    tag = unique('dir')
    // centreA: published, with services and contacts; centreB: not published; a published mentor organisation.
    await testDb()
      .update(organisations)
      .set({
        published: true,
        name: `РЦ ${tag} Дон`,
        stage: 'independent',
        description: `Консультации по грантам и бухгалтерии ${tag}`,
        email: 'info@rc-don.example',
        phone: '+7 863 200-00-00',
        website: 'rc-don.example',
        address: 'г. Ростов-на-Дону, ул. Садовая, 1',
      })
      .where(eq(organisations.id, w.centreA.id))
    await testDb()
      .update(organisations)
      .set({ name: `РЦ ${tag} Амур` })
      .where(eq(organisations.id, w.centreB.id))
    await testDb()
      .update(organisations)
      .set({ published: true, name: `Наставник ${tag}` })
      .where(eq(organisations.id, w.mentorOrg.id))
  })

  test('lists only published centres, signed out, with stage and mentor', async () => {
    const data = await directory(`?q=${encodeURIComponent(tag)}`)
    expect(data.centres.map((c) => c.slug)).toEqual([w.centreA.slug])
    const [centre] = data.centres
    expect(centre!.stage).toBe('independent')
    expect(centre!.mentors.map((m) => m.name)).toEqual([`Наставник ${tag}`])
    expect(data.total).toBe(1)
  })

  test('filters by region, federal district and search over services and city', async () => {
    const inRegion = await directory(`?region=61&q=${encodeURIComponent(tag)}`)
    expect(inRegion.centres.map((c) => c.slug)).toEqual([w.centreA.slug])
    const otherRegion = await directory(`?region=27&q=${encodeURIComponent(tag)}`)
    expect(otherRegion.centres).toEqual([])
    const inDistrict = await directory(`?district=SFD&q=${encodeURIComponent(tag)}`)
    expect(inDistrict.centres.map((c) => c.slug)).toEqual([w.centreA.slug])
    const otherDistrict = await directory(`?district=FEFD&q=${encodeURIComponent(tag)}`)
    expect(otherDistrict.centres).toEqual([])
    // The tag is only in the description here: search covers the services text.
    const byService = await directory(`?q=${encodeURIComponent(`бухгалтерии ${tag}`)}`)
    expect(byService.centres.map((c) => c.slug)).toEqual([w.centreA.slug])
    // Every region listed is one of the directory's.
    const all = await directory('?region=61')
    expect(all.centres.every((c) => c.regionCode === '61')).toBe(true)
  })

  test('malformed filters fall back to no filter', async () => {
    const data = await directory(`?region=xx&district=nowhere&page=-3&q=${encodeURIComponent(tag)}`)
    expect(data.centres.map((c) => c.slug)).toEqual([w.centreA.slug])
  })

  test('a published centre has a public page without private data', async () => {
    const result = await centrePage(w.centreA.slug)
    expect(result.status).toBe(200)
    const text = JSON.stringify(result.data)
    expect(text).toContain('info@rc-don.example')
    expect(text).toContain(`Наставник ${tag}`)
    // No people: none of the e-mails of the centre's or the mentor organisation's people, no INN.
    for (const person of [w.leaderA, w.staffA, w.mentor, w.manager]) expect(text).not.toContain(person.email)
    expect(text).not.toContain(w.leaderA.name)
    expect(text).not.toContain(w.centreA.inn!)
    expect(text).not.toContain(w.centreA.id)
  })

  test('an unpublished centre, a mentor organisation and an unknown slug are 404', async () => {
    expect((await centrePage(w.centreB.slug)).status).toBe(404)
    expect((await centrePage(w.mentorOrg.slug)).status).toBe(404)
    expect((await centrePage(`no-such-${tag}`)).status).toBe(404)
  })
})

describe('publishing a centre', () => {
  let w: World
  let otherMentor: { id: string }
  beforeAll(async () => {
    w = await createWorld()
    // A mentor of another programme, run by another mentor organisation.
    const otherOrg = await createOrganisation({ kind: 'mentor' })
    otherMentor = await createMember(otherOrg.id, 'mentor')
    const otherCentre = await createOrganisation()
    await createProgramme(otherOrg.id, [otherCentre.id])
  })

  test('signed out: sent to sign in', async () => {
    for (const result of [
      await publishPage(w.centreA.id, null),
      await publish(w.centreA.id, null, { intent: 'publish', confirm: 'yes' }),
    ]) {
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/login/)
    }
  })

  test('the centre itself, a programme manager and a mentor of another programme are refused', async () => {
    for (const who of [w.leaderA, w.staffA, w.manager, w.leaderB, otherMentor]) {
      expect((await publishPage(w.centreA.id, who)).status).toBe(403)
      expect((await publish(w.centreA.id, who, { intent: 'publish', confirm: 'yes' })).status).toBe(403)
    }
    expect((await stateOf(w.centreA.id)).published).toBe(false)
  })

  test('unknown or malformed organisation ids are 404', async () => {
    expect((await publishPage('not-a-uuid', w.admin)).status).toBe(404)
    expect((await publishPage('00000000-0000-4000-8000-000000000000', w.admin)).status).toBe(404)
  })

  test('without the confirmation or with an unknown intent: 400, nothing changes', async () => {
    const noConfirm = await publish(w.centreA.id, w.mentor, { intent: 'publish' })
    expect(noConfirm.status).toBe(400)
    expect((noConfirm.data as { errors: Record<string, string[]> }).errors.confirm).toEqual(['directory.error.confirm'])
    const badIntent = await publish(w.centreA.id, w.mentor, { intent: 'delete', confirm: 'yes' })
    expect(badIntent.status).toBe(400)
    expect((await stateOf(w.centreA.id)).published).toBe(false)
    expect(await auditOf(w.centreA.id, 'organisation.publish')).toEqual([])
  })

  test('the centre’s mentor publishes it: it appears in the directory, with an audit entry', async () => {
    const page = await publishPage(w.centreA.id, w.mentor)
    expect(page.status).toBe(200)
    expect((await callRoute(profileLoader, `/organisations/${w.centreA.id}`, { as: w.mentor, params: { id: w.centreA.id } })).data).toMatchObject({
      canPublish: true,
    })
    const result = await publish(w.centreA.id, w.mentor, { intent: 'publish', confirm: 'yes' })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/organisations/${w.centreA.id}`)
    expect((await stateOf(w.centreA.id)).published).toBe(true)
    const entries = await auditOf(w.centreA.id, 'organisation.publish')
    expect(entries).toEqual([
      expect.objectContaining({ actorId: w.mentor.id, entityType: 'organisation', organisationId: w.centreA.id }),
    ])
    expect((await centrePage(w.centreA.slug)).status).toBe(200)
    // Publishing again changes nothing and writes nothing.
    await publish(w.centreA.id, w.mentor, { intent: 'publish', confirm: 'yes' })
    expect(await auditOf(w.centreA.id, 'organisation.publish')).toHaveLength(1)
  })

  test('an administrator takes it out of the directory', async () => {
    await testDb().update(organisations).set({ published: true }).where(eq(organisations.id, w.centreB.id))
    const result = await publish(w.centreB.id, w.admin, { intent: 'unpublish', confirm: 'yes' })
    expect(result.status).toBe(302)
    expect((await stateOf(w.centreB.id)).published).toBe(false)
    expect(await auditOf(w.centreB.id, 'organisation.unpublish')).toEqual([
      expect.objectContaining({ actorId: w.admin.id, entityType: 'organisation' }),
    ])
    expect((await centrePage(w.centreB.slug)).status).toBe(404)
  })

  test('the profile offers the publish link to mentors and administrators only', async () => {
    const canPublish = async (who: { id: string }) =>
      ((await callRoute(profileLoader, `/organisations/${w.centreB.id}`, { as: who, params: { id: w.centreB.id } })).data as {
        canPublish: boolean
      }).canPublish
    expect(await canPublish(w.admin)).toBe(true)
    expect(await canPublish(w.leaderB)).toBe(false)
    expect(await canPublish(w.manager)).toBe(false)
  })
})
