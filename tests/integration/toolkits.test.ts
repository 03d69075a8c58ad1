import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq } from 'drizzle-orm'
import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, test } from 'vitest'
import { ContentError } from '#db/content/courses.ts'
import { CONTENT_ROOT, importContent } from '#db/content/import.ts'
import { savedRequisites, toolkitResources, toolkitUsage, toolkitVersions } from '#db/schema/index.ts'
import { action as docxAction } from '#app/routes/toolkits.$slug_.docx.ts'
import { action as pageAction, loader as pageLoader } from '#app/routes/toolkits.$slug.tsx'
import { loader as libraryLoader } from '#app/routes/toolkits._index.tsx'
import { callRoute, createWorld, sessionCookieFor, testDb } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Library = { resources: { slug: string; kind: string; topic: string }[]; total: number }
let world: World

const VALID = {
  'f.orgName': 'АНО «Добрые соседи»',
  'f.orgInn': '7707083893',
  'f.orgOgrn': '1027700132195',
  'f.orgAddress': '614000, г. Пермь, ул. Ленина, д. 1',
  'f.directorName': 'директора Соколовой Анны Викторовны',
  'f.volunteerName': 'Иванов Иван Иванович',
  'f.volunteerBirthDate': '2000-05-17',
  'f.volunteerPassport': '5700 123456, выдан ГУ МВД России по Пермскому краю',
  'f.activity': 'Сопровождение пожилых жителей на прогулках',
  'f.startDate': '2026-03-01',
  'f.endDate': '2026-12-31',
  'f.expensesLimit': '15 000,50',
  'f.city': 'г. Пермь',
  'f.signDate': '2026-02-20',
}

async function volunteerFields() {
  const [row] = await testDb()
    .select({ fields: toolkitVersions.fields })
    .from(toolkitResources)
    .innerJoin(toolkitVersions, eq(toolkitVersions.id, toolkitResources.currentVersionId))
    .where(eq(toolkitResources.slug, 'volunteer-agreement'))
  return row!.fields
}

async function fullForm(extra: Record<string, string> = {}) {
  const form: Record<string, string> = {}
  for (const f of await volunteerFields()) if (f.required) form[`f.${f.key}`] = VALID[`f.${f.key}` as keyof typeof VALID] ?? `Значение ${f.key}`
  return { ...form, ...extra }
}

async function counts() {
  const [r] = await testDb().select({ n: count() }).from(toolkitResources)
  const [v] = await testDb().select({ n: count() }).from(toolkitVersions)
  return { resources: r!.n, versions: v!.n }
}

beforeAll(async () => {
  await importContent(testDb())
  world = await createWorld()
})

describe('toolkit import', () => {
  test('imports the eight seed resources, published, once', async () => {
    const rows = await testDb().select({ slug: toolkitResources.slug, status: toolkitResources.status }).from(toolkitResources)
    expect(rows.filter((r) => r.status === 'published').length).toBeGreaterThanOrEqual(8)
    const before = await counts()
    const summary = await importContent(testDb())
    expect(summary.toolkits).toEqual({ resources: 8, created: 0, newVersions: 0 })
    expect(await counts()).toEqual(before)
  })

  test('an undeclared {{key}} is a ContentError with file and line, and nothing is written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-toolkits-'))
    fs.cpSync(CONTENT_ROOT, dir, { recursive: true })
    const file = path.join(dir, 'toolkits', 'volunteer-agreement.md')
    const text = fs.readFileSync(file, 'utf8') + '\nПодпись: {{notDeclared}}\n'
    fs.writeFileSync(file, text)
    const line = text.split('\n').findIndex((l) => l.includes('{{notDeclared}}')) + 1
    const before = await counts()
    const error = await importContent(testDb(), { root: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContentError)
    expect((error as ContentError).problems.join('\n')).toMatch(new RegExp(`volunteer-agreement\\.md:${line}: \\{\\{notDeclared\\}\\}`))
    expect(await counts()).toEqual(before)
  })
})

describe('toolkit library', () => {
  const library = async (search = '', as: { id: string } | null = world.leaderA) => callRoute(libraryLoader, `/toolkits${search}`, { as })

  test('signed-out visitors are sent to sign in', async () => {
    const result = await library('', null)
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login/)
  })

  test('lists and filters by kind, topic, stage and audience', async () => {
    const all = (await library()).data as Library
    expect(all.total).toBeGreaterThanOrEqual(8)
    const templates = (await library('?kind=template')).data as Library
    expect(templates.resources.length).toBeGreaterThanOrEqual(5)
    expect(templates.resources.every((r) => r.kind === 'template')).toBe(true)
    const law = (await library('?topic=law&stage=registering')).data as Library
    expect(law.resources.map((r) => r.slug)).toContain('ngo-registration-checklist')
    expect(law.resources.every((r) => r.topic === 'law')).toBe(true)
    const consultants = (await library('?audience=consultant')).data as Library
    expect(consultants.resources.map((r) => r.slug)).toContain('consultant-guide-common-questions')
    expect(consultants.resources.map((r) => r.slug)).not.toContain('volunteer-agreement')
  })

  test('Russian search finds word forms: «волонтёр» finds the volunteer agreement', async () => {
    const found = (await library(`?q=${encodeURIComponent('волонтёр')}`)).data as Library
    expect(found.resources.map((r) => r.slug)).toContain('volunteer-agreement')
    const plural = (await library(`?q=${encodeURIComponent('волонтеров')}`)).data as Library
    expect(plural.resources.map((r) => r.slug)).toContain('volunteer-agreement')
  })
})

describe('filling a template', () => {
  const slug = 'volunteer-agreement'
  const post = (form: Record<string, string>, as: { id: string } = world.leaderA) =>
    callRoute(pageAction, `/toolkits/${slug}`, { as, params: { slug }, form })
  const docx = (form: Record<string, string>, as: { id: string } = world.leaderA) =>
    callRoute(docxAction, `/toolkits/${slug}/docx`, { as, params: { slug }, form })

  test('a bad INN answers 400 with the field error and the typed values back', async () => {
    const result = await post(await fullForm({ intent: 'preview', 'f.orgInn': '7707083890' }))
    expect(result.status).toBe(400)
    const body = result.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(body.errors['f.orgInn']).toEqual(['validation.inn'])
    expect(body.values.orgInn).toBe('7707083890')
    expect(body.values.orgName).toBe(VALID['f.orgName'])
    const viaDocx = await docx(await fullForm({ 'f.orgInn': '123' }))
    expect(viaDocx.status).toBe(400)
  })

  test('the preview is the filled, escaped HTML', async () => {
    const result = await post(await fullForm({ intent: 'preview', 'f.orgName': '<script>alert(1)</script>' }))
    expect(result.status).toBe(200)
    const html = (result.data as { html: string }).html
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('01.03.2026')
    expect(html).not.toContain('{{')
  })

  test('the .docx unzips, its XML is well formed, every value landed escaped; usage is counted by centre', async () => {
    const tricky = `<w:t>&"' Ёлкин Пётр`
    const form = await fullForm({ 'f.volunteerName': tricky })
    const response = await docxAction({
      request: new Request(`http://localhost/toolkits/${slug}/docx`, {
        method: 'POST',
        headers: { Cookie: await sessionCookieFor(world.staffA.id) },
        body: Object.entries(form).reduce((fd, [k, v]) => (fd.append(k, v), fd), new FormData()),
      }),
      params: { slug },
      context: { clientIp: 'test' },
    })
    expect(response).toBeInstanceOf(Response)
    const res = response as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']) expect(files[part]).toBeDefined()
    const xml = strFromU8(files['word/document.xml']!)
    // Well formed as far as the value goes: its markup never appears raw, only escaped.
    expect(xml).not.toContain('<w:t>&"')
    expect(xml).toContain('&lt;w:t&gt;&amp;&quot;&apos; Ёлкин Пётр')
    expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/)
    expect(xml.match(/<w:p[ >]/g)!.length).toBe(xml.match(/<\/w:p>/g)!.length)
    expect(xml.match(/<w:t[ >]/g)!.length).toBe(xml.match(/<\/w:t>/g)!.length)
    expect(xml).not.toContain('{{')
    expect(xml).toContain('7707083893')
    expect(xml).toContain('1027700132195')
    expect(xml).toContain('01.03.2026')
    expect(xml).toContain('Добрые соседи')
    expect(xml).toContain('31.12.2026')
    expect(xml).toMatch(/15\s000,50\s₽/)
    const [usage] = await testDb()
      .select({ n: count() })
      .from(toolkitUsage)
      .where(and(eq(toolkitUsage.userId, world.staffA.id), eq(toolkitUsage.kind, 'generate_docx'), eq(toolkitUsage.organisationId, world.centreA.id)))
    expect(usage!.n).toBe(1)
  })

  test('opening a resource counts a view with the centre', async () => {
    const result = await callRoute(pageLoader, '/toolkits/ngo-registration-checklist', { as: world.leaderB, params: { slug: 'ngo-registration-checklist' } })
    expect(result.status).toBe(200)
    const page = result.data as { toc: { id: string }[]; html: string }
    expect(page.toc.length).toBeGreaterThan(2)
    expect(page.html).toContain(`id="${page.toc[0]!.id}"`)
    expect(page.html).toContain('☐')
    const [usage] = await testDb()
      .select({ n: count() })
      .from(toolkitUsage)
      .where(and(eq(toolkitUsage.userId, world.leaderB.id), eq(toolkitUsage.kind, 'view'), eq(toolkitUsage.organisationId, world.centreB.id)))
    expect(usage!.n).toBe(1)
  })

  test('saved NGO details are visible only to their centre', async () => {
    const saved = await post({ intent: 'save', label: 'АНО «Добрые соседи»', 'f.orgName': VALID['f.orgName'], 'f.orgInn': VALID['f.orgInn'] })
    expect(saved.status).toBe(200)
    const [row] = await testDb().select().from(savedRequisites).where(eq(savedRequisites.organisationId, world.centreA.id))
    expect(row!.values).toEqual({ orgName: VALID['f.orgName'], orgInn: VALID['f.orgInn'] })

    const own = await callRoute(pageLoader, `/toolkits/${slug}?requisites=${row!.id}`, { as: world.staffA, params: { slug } })
    expect(own.status).toBe(200)
    const ownData = own.data as { prefill: Record<string, string>; saved: { id: string }[] }
    expect(ownData.prefill.orgInn).toBe(VALID['f.orgInn'])
    expect(ownData.saved.map((s) => s.id)).toContain(row!.id)

    const other = await callRoute(pageLoader, `/toolkits/${slug}?requisites=${row!.id}`, { as: world.leaderB, params: { slug } })
    expect(other.status).toBe(404)
    const otherList = await callRoute(pageLoader, `/toolkits/${slug}`, { as: world.leaderB, params: { slug } })
    expect((otherList.data as { saved: { id: string }[] }).saved.map((s) => s.id)).not.toContain(row!.id)

    const noCentre = await post({ intent: 'save', label: 'x', 'f.orgName': 'y' }, world.noOrg)
    expect(noCentre.status).toBe(403)
  })
})
