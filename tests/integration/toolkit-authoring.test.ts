import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, count, desc, eq, gt } from 'drizzle-orm'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ContentError } from '#db/content/courses.ts'
import { CONTENT_ROOT, importContent } from '#db/content/import.ts'
import {
  attachments,
  auditLog,
  courses,
  lessons,
  savedRequisites,
  toolkitRelated,
  toolkitResources,
  toolkitUsage,
  toolkitVersions,
} from '#db/schema/index.ts'
import { action as docxAction } from '#app/routes/toolkits.$slug_.docx.ts'
import { action as editAction, loader as editLoader } from '#app/routes/toolkits.$slug_.edit.tsx'
import { loader as fileLoader } from '#app/routes/toolkits.$slug_.files.$id.ts'
import { action as printAction, loader as printLoader } from '#app/routes/toolkits.$slug_.print.tsx'
import { loader as usageLoader } from '#app/routes/toolkits.$slug_.usage.tsx'
import { loader as versionLoader } from '#app/routes/toolkits.$slug_.versions_.$version.tsx'
import { loader as versionsLoader } from '#app/routes/toolkits.$slug_.versions.tsx'
import { loader as pageLoader } from '#app/routes/toolkits.$slug.tsx'
import { loader as libraryLoader } from '#app/routes/toolkits._index.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/toolkits.new.tsx'
import { action as orgAction, loader as orgLoader } from '#app/routes/organisations.$id_.toolkits.tsx'
import { callRoute, createMember, createOrganisation, createWorld, sessionCookieFor, testDb, unique } from '#tests/db-utils.ts'
import { docOf, field, insertResource, insertUsage } from '#tests/factories/toolkits.ts'

// Uploads go to a directory of this file's own (the storage reads UPLOAD_DIR at call time); a 1 MB limit
// keeps the "too large" case small.
const UPLOAD_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-toolkit-uploads-'))
process.env.UPLOAD_DIR = UPLOAD_ROOT
process.env.UPLOAD_MAX_MB = '1'

afterAll(() => {
  fs.rmSync(UPLOAD_ROOT, { recursive: true, force: true })
})

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null
let world: World
/** A second mentor organisation, outside the world's programme, with its own mentor. */
let otherMentorOrg: { id: string }
let otherMentor: { id: string }

beforeAll(async () => {
  await importContent(testDb())
  world = await createWorld()
  otherMentorOrg = await createOrganisation({ kind: 'mentor', name: `Другой наставник ${unique()}` })
  otherMentor = await createMember(otherMentorOrg.id, 'mentor')
})

// ---------------------------------------------------------------------------------------------
// Calls

const newPage = (as: Who) => callRoute(newLoader, '/toolkits/new', { as })
const create = (as: Who, form: Record<string, string>) => callRoute(newAction, '/toolkits/new', { as, form })
const editPage = (slug: string, as: Who, search = '') => callRoute(editLoader, `/toolkits/${slug}/edit${search}`, { as, params: { slug } })
const edit = (slug: string, as: Who, form: Record<string, string>) => callRoute(editAction, `/toolkits/${slug}/edit`, { as, params: { slug }, form })
const page = (slug: string, as: Who) => callRoute(pageLoader, `/toolkits/${slug}`, { as, params: { slug } })
const usage = (slug: string, as: Who) => callRoute(usageLoader, `/toolkits/${slug}/usage`, { as, params: { slug } })
const orgPage = (id: string, as: Who) => callRoute(orgLoader, `/organisations/${id}/toolkits`, { as, params: { id } })

const flashOf = (result: { headers: Headers }) => decodeURIComponent(/rsn_flash=([^;]*)/.exec(result.headers.get('Set-Cookie') ?? '')?.[1] ?? '')

/** A raw request (for multipart bodies callRoute cannot build), with thrown responses turned into results. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function raw(fn: (args: any) => unknown, url: string, as: Who, params: Record<string, string>, body?: FormData) {
  const headers = new Headers()
  if (as) headers.set('Cookie', await sessionCookieFor(as.id))
  const request = new Request(`http://localhost${url}`, { method: body ? 'POST' : 'GET', headers, body })
  try {
    const value = await fn({ request, params, context: { clientIp: unique('ip-') } })
    if (value instanceof Response) return { status: value.status, response: value, data: null as unknown }
    const init = (value as { init?: ResponseInit | null })?.init
    return { status: init?.status ?? 200, response: null, data: (value as { data?: unknown })?.data ?? value }
  } catch (error) {
    if (error instanceof Response) return { status: error.status, response: error, data: null as unknown }
    const init = (error as { init?: ResponseInit | null; data?: unknown })
    if (init && typeof init === 'object' && 'init' in init) return { status: init.init?.status ?? 500, response: null, data: init.data }
    throw error
  }
}

function uploadForm(name: string, bytes: Uint8Array<ArrayBuffer>) {
  const form = new FormData()
  form.append('intent', 'upload')
  form.append('file', new File([bytes], name, { type: 'application/octet-stream' }))
  return form
}
const upload = (slug: string, as: Who, name: string, bytes: Uint8Array<ArrayBuffer>) =>
  raw(editAction, `/toolkits/${slug}/edit`, as, { slug }, uploadForm(name, bytes))

/** Every file under the upload directory (stored and temporary). */
function filesOnDisk(dir = UPLOAD_ROOT): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOnDisk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

/** A minimal file that passes the PDF check (the header is what the allowlist looks at). */
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'))
const EXE = new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), Buffer.alloc(200, 0x41)]))

const DETAILS = {
  title: 'Соглашение о партнёрстве НКО и ресурсного центра',
  summary: 'Образец соглашения о совместной работе.',
  kind: 'template',
  topic: 'organisation',
  stage: 'first-services',
  audience: 'both',
  tags: 'партнёрство, соглашение, партнёрство',
}

/** The text form of a template: its two fields and a body using them. */
function templateForm(intent: 'save' | 'publish', extra: Record<string, string> = {}, body = docOf('Соглашение между {{partnerName}} и центром, город {{city}}.')) {
  return {
    intent,
    body: JSON.stringify(body),
    'fields.0.key': 'partnerName',
    'fields.0.label': 'Название партнёра',
    'fields.0.type': 'text',
    'fields.0.required': 'on',
    'fields.1.key': 'city',
    'fields.1.label': 'Город',
    'fields.1.type': 'text',
    'fields.2.key': '',
    'fields.2.label': '',
    'fields.2.hint': '',
    ...extra,
  }
}

async function createTemplate(as: Who = world.mentor) {
  const result = await create(as, { ...DETAILS, title: `${DETAILS.title} ${unique()}`, organisationId: world.mentorOrg.id })
  expect(result.status).toBe(302)
  const slug = /^\/toolkits\/([^/]+)\/edit$/.exec(result.location!)![1]!
  return slug
}

async function resourceRow(slug: string) {
  const [row] = await testDb().select().from(toolkitResources).where(eq(toolkitResources.slug, slug))
  return row!
}

async function versionsOf(slug: string) {
  const row = await resourceRow(slug)
  return testDb()
    .select({ id: toolkitVersions.id, version: toolkitVersions.version, changeNote: toolkitVersions.changeNote, fields: toolkitVersions.fields })
    .from(toolkitVersions)
    .where(and(eq(toolkitVersions.resourceId, row.id), gt(toolkitVersions.version, 0)))
    .orderBy(asc(toolkitVersions.version))
}

// ---------------------------------------------------------------------------------------------

describe('creating a resource', () => {
  test('signed-out visitors are sent to sign in, centre staff and plain members of a mentor organisation are refused', async () => {
    for (const call of [newPage(null), create(null, DETAILS)]) {
      const result = await call
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/login/)
    }
    expect((await newPage(world.staffA)).status).toBe(403)
    expect((await newPage(world.leaderA)).status).toBe(403)
    // The programme manager is staff of the mentor organisation, not a mentor: no authoring.
    expect((await create(world.manager, { ...DETAILS, organisationId: world.mentorOrg.id })).status).toBe(403)
    expect(await testDb().select({ n: count() }).from(toolkitResources).where(eq(toolkitResources.title, DETAILS.title))).toEqual([{ n: 0 }])
  })

  test('bad input answers 400 with the messages and keeps what was typed', async () => {
    const result = await create(world.mentor, { ...DETAILS, title: '', kind: 'poster', tags: 'a'.repeat(41), organisationId: world.mentorOrg.id })
    expect(result.status).toBe(400)
    const body = result.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(body.errors.title).toEqual(['validation.required'])
    expect(body.errors.kind).toEqual(['validation.choose'])
    expect(body.errors.tags).toEqual(['toolkits.error.tagTooLong'])
    expect(body.values.summary).toBe(DETAILS.summary)
  })

  test('a mentor cannot create for another organisation', async () => {
    const result = await create(world.mentor, { ...DETAILS, organisationId: otherMentorOrg.id })
    expect(result.status).toBe(403)
  })

  test('a mentor creates a draft of their organisation, audited, with tags cleaned', async () => {
    const slug = await createTemplate()
    const row = await resourceRow(slug)
    expect(row).toMatchObject({ status: 'draft', organisationId: world.mentorOrg.id, kind: 'template', tags: ['партнёрство', 'соглашение'], currentVersionId: null })
    const [entry] = await testDb().select().from(auditLog).where(and(eq(auditLog.entityId, row.id), eq(auditLog.action, 'resource.create')))
    expect(entry).toMatchObject({ entityType: 'resource', actorId: world.mentor.id })
    // Readers do not see a draft.
    expect((await page(slug, world.leaderA)).status).toBe(404)
  })
})

describe('every toolkit page asks who is there', () => {
  test('signed-out visitors are sent to sign in; a file of another resource is not found', async () => {
    const slug = 'volunteer-agreement'
    for (const [fn, url, params] of [
      [versionsLoader, `/toolkits/${slug}/versions`, { slug }],
      [versionLoader, `/toolkits/${slug}/versions/1`, { slug, version: '1' }],
      [fileLoader, `/toolkits/${slug}/files/00000000-0000-4000-8000-000000000000`, { slug, id: '00000000-0000-4000-8000-000000000000' }],
      [printLoader, `/toolkits/consultant-guide-common-questions/print`, { slug: 'consultant-guide-common-questions' }],
      [editLoader, `/toolkits/${slug}/edit`, { slug }],
    ] as const) {
      const result = await callRoute(fn, url, { as: null, params })
      expect(result.status, url).toBe(302)
      expect(result.location, url).toMatch(/^\/login/)
    }
    const slugA = await createTemplate()
    expect((await upload(slugA, world.mentor, 'памятка.pdf', PDF)).status).toBe(302)
    const [file] = await testDb().select({ id: attachments.id }).from(attachments).orderBy(desc(attachments.createdAt)).limit(1)
    // The file belongs to another resource's draft: through this address it does not exist, even for its author.
    expect((await raw(fileLoader, `/toolkits/${slug}/files/${file!.id}`, world.admin, { slug, id: file!.id })).status).toBe(404)
    expect((await raw(fileLoader, `/toolkits/${slugA}/files/not-a-uuid`, world.mentor, { slug: slugA, id: 'not-a-uuid' })).status).toBe(404)
  })
})

describe('who may edit', () => {
  test('signed out, centre people, another mentor organisation: refused; admins edit the seed library', async () => {
    const slug = await createTemplate()
    const signedOut = await editPage(slug, null)
    expect(signedOut.status).toBe(302)
    expect(signedOut.location).toMatch(/^\/login/)
    expect((await editPage(slug, world.leaderA)).status).toBe(403)
    expect((await editPage(slug, otherMentor)).status).toBe(403)
    expect((await edit(slug, otherMentor, templateForm('save'))).status).toBe(403)
    expect((await editPage(slug, world.mentor)).status).toBe(200)
    expect((await editPage(slug, world.admin)).status).toBe(200)
    // Seed resources (no owning organisation) are the administrators' to edit.
    expect((await editPage('volunteer-agreement', world.mentor)).status).toBe(403)
    const seed = await editPage('volunteer-agreement', world.admin)
    expect(seed.status).toBe(200)
    expect((seed.data as { resource: { source: string } }).resource.source).toBe('content')
    expect((await editPage('no-such-resource', world.admin)).status).toBe(404)
  })
})

describe('template text, fields and versions', () => {
  test('a placeholder without a field is a clear message, the form keeps the input, nothing is published', async () => {
    const slug = await createTemplate()
    const result = await edit(slug, world.mentor, templateForm('publish', {}, docOf('Соглашение с {{partnerName}}, подписано {{signDate}} в городе {{city}}.')))
    expect(result.status).toBe(422)
    const body = result.data as { problems: { key: string; params?: Record<string, string> }[]; errors: Record<string, string[]>; values: Record<string, string> }
    expect(body.problems).toContainEqual({ key: 'toolkits.templateError.undeclared', params: { key: 'signDate' } })
    expect(body.errors.body).toEqual(['toolkits.error.templateMismatch'])
    expect(body.values['fields.0.key']).toBe('partnerName')
    expect(body.values.body).toContain('{{signDate}}')
    const row = await resourceRow(slug)
    expect(row.status).toBe('draft')
    expect(row.currentVersionId).toBeNull()
    // The refused publish rolled back: the draft still has no text.
    const [draft] = await testDb().select().from(toolkitVersions).where(eq(toolkitVersions.resourceId, row.id))
    expect(draft!.version).toBe(0)
    expect(draft!.fields).toEqual([])
  })

  test('bad and repeated keys, a field never used, a malformed placeholder: each reported', async () => {
    const slug = await createTemplate()
    const bad = await edit(slug, world.mentor, {
      ...templateForm('save'),
      'fields.1.key': '1город',
      'fields.2.key': 'partnerName',
      'fields.2.label': 'Ещё раз',
    })
    expect(bad.status).toBe(400)
    const problems = (bad.data as { problems: { key: string }[]; errors: Record<string, string[]> }).problems.map((p) => p.key)
    expect(problems).toEqual(['toolkits.fieldError.keyFormat', 'toolkits.fieldError.keyDuplicate'])
    expect((bad.data as { errors: Record<string, string[]> }).errors['fields.1.key']).toEqual(['toolkits.fieldError.keyFormat'])

    const unused = await edit(slug, world.mentor, templateForm('publish', {}, docOf('Только {{partnerName}} и {{ город }}.')))
    expect(unused.status).toBe(422)
    const keys = (unused.data as { problems: { key: string; params?: Record<string, string> }[] }).problems
    expect(keys).toContainEqual({ key: 'toolkits.templateError.badPlaceholder', params: { text: '{{ город }}' } })
    expect(keys).toContainEqual({ key: 'toolkits.templateError.unused', params: { key: 'city' } })
  })

  test('a placeholder split between bold and plain text is caught', async () => {
    const slug = await createTemplate()
    const split = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Партнёр: {{partner', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'Name}}, город {{city}}.' },
          ],
        },
      ],
    }
    const result = await edit(slug, world.mentor, templateForm('publish', {}, split as never))
    expect(result.status).toBe(422)
    expect((result.data as { problems: unknown[] }).problems).toContainEqual({ key: 'toolkits.templateError.split', params: { key: 'partnerName' } })
  })

  test('publish, then a new version needs a change note; the old one stays readable and marked not current', async () => {
    const slug = await createTemplate()
    const saved = await edit(slug, world.mentor, templateForm('save'))
    expect(saved.status).toBe(302)
    expect(flashOf(saved)).toBe('toolkits.flash.draftSaved')
    const first = await edit(slug, world.mentor, templateForm('publish'))
    expect(first.status).toBe(302)
    expect(flashOf(first)).toBe('toolkits.flash.published')
    let row = await resourceRow(slug)
    expect(row.status).toBe('published')
    let versions = await versionsOf(slug)
    expect(versions.map((v) => v.version)).toEqual([1])
    expect(versions[0]!.fields.map((f) => f.key)).toEqual(['partnerName', 'city'])
    expect(row.currentVersionId).toBe(versions[0]!.id)

    // The search document was rebuilt on publishing: a word form of the title finds it.
    const found = await callRoute(libraryLoader, `/toolkits?q=${encodeURIComponent('партнёрстве соглашения')}`, { as: world.leaderA })
    expect((found.data as { resources: { slug: string }[] }).resources.map((r) => r.slug)).toContain(slug)

    // Publishing the same text again makes no version.
    const again = await edit(slug, world.mentor, templateForm('publish', { changeNote: 'Ничего' }))
    expect(flashOf(again)).toBe('toolkits.flash.nothingToPublish')

    const v2body = docOf('Соглашение о сотрудничестве между {{partnerName}} и ресурсным центром, город {{city}}.')
    const noNote = await edit(slug, world.mentor, templateForm('publish', {}, v2body))
    expect(noNote.status).toBe(422)
    expect((noNote.data as { errors: Record<string, string[]> }).errors.changeNote).toEqual(['toolkits.error.changeNoteRequired'])
    expect((await versionsOf(slug)).map((v) => v.version)).toEqual([1])

    const second = await edit(slug, world.mentor, templateForm('publish', { changeNote: 'Уточнено название соглашения' }, v2body))
    expect(flashOf(second)).toBe('toolkits.flash.published')
    versions = await versionsOf(slug)
    expect(versions.map((v) => [v.version, v.changeNote])).toEqual([
      [1, 'Первая публикация'],
      [2, 'Уточнено название соглашения'],
    ])
    row = await resourceRow(slug)
    expect(row.currentVersionId).toBe(versions[1]!.id)

    const reader = await page(slug, world.leaderA)
    expect((reader.data as { version: { number: number } }).version.number).toBe(2)
    const list = await callRoute(versionsLoader, `/toolkits/${slug}/versions`, { as: world.leaderA, params: { slug } })
    expect(list.status).toBe(200)
    const listed = (list.data as { versions: { version: number; changeNote: string; author: string | null }[] }).versions
    expect(listed.map((v) => v.version)).toEqual([2, 1])
    expect(listed[0]!.author).toBeTruthy()
    const old = await callRoute(versionLoader, `/toolkits/${slug}/versions/1`, { as: world.leaderA, params: { slug, version: '1' } })
    expect(old.status).toBe(200)
    const oldData = old.data as { current: boolean; latest: number; version: { html: string } }
    expect(oldData.current).toBe(false)
    expect(oldData.latest).toBe(2)
    expect(oldData.version.html).toContain('Соглашение между')
    // The draft (version 0) and versions that do not exist are not pages.
    expect((await callRoute(versionLoader, `/toolkits/${slug}/versions/0`, { as: world.leaderA, params: { slug, version: '0' } })).status).toBe(404)
    expect((await callRoute(versionLoader, `/toolkits/${slug}/versions/9`, { as: world.leaderA, params: { slug, version: '9' } })).status).toBe(404)

    // Readers fill the authored template and get a .docx with their values, escaped.
    const docx = await docxAction({
      request: new Request(`http://localhost/toolkits/${slug}/docx`, {
        method: 'POST',
        headers: { Cookie: await sessionCookieFor(world.staffA.id) },
        body: Object.entries({ 'f.partnerName': 'АНО «Свет & <Тень>»', 'f.city': 'Ростов-на-Дону' }).reduce((fd, [k, v]) => (fd.append(k, v), fd), new FormData()),
      }),
      params: { slug },
      context: { clientIp: 'test' },
    })
    expect((docx as Response).status).toBe(200)
    const xml = strFromU8(unzipSync(new Uint8Array(await (docx as Response).arrayBuffer()))['word/document.xml']!)
    expect(xml).toContain('АНО «Свет &amp; &lt;Тень&gt;»')
    expect(xml).toContain('о сотрудничестве')

    const audits = await testDb().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityId, row.id), eq(auditLog.action, 'resource.publish')))
    expect(audits.length).toBe(2)
  })

  test('a draft saved by someone else in the meantime is not overwritten', async () => {
    const slug = await createTemplate()
    const opened = await editPage(slug, world.mentor)
    const stamp = String((opened.data as { draft: { stamp: number } }).draft.stamp)
    expect((await edit(slug, world.mentor, templateForm('save', { stamp }))).status).toBe(302)
    const stale = await edit(slug, world.mentor, templateForm('save', { stamp }))
    expect(stale.status).toBe(409)
    expect((stale.data as { errors: Record<string, string[]> }).errors['']).toEqual(['toolkits.error.stale'])
  })
})

describe('attachments', () => {
  test('a file too large or of the wrong type is refused before anything is stored; staff of a centre cannot upload', async () => {
    const slug = await createTemplate()
    const before = filesOnDisk().length
    const [rowsBefore] = await testDb().select({ n: count() }).from(attachments)
    const large = await upload(slug, world.mentor, 'большой.pdf', new Uint8Array(Buffer.concat([Buffer.from(PDF), Buffer.alloc(1.5 * 1024 * 1024, 0x20)])))
    expect(large.status).toBe(413)
    expect((large.data as { message: string }).message).toBe('attachments.error.tooLarge')
    const exe = await upload(slug, world.mentor, 'памятка.pdf', EXE)
    expect(exe.status).toBe(422)
    expect((exe.data as { message: string }).message).toBe('attachments.error.type')
    const html = await upload(slug, world.mentor, 'страница.html', new Uint8Array(Buffer.from('<script>alert(1)</script>')))
    expect(html.status).toBe(422)
    const staff = await upload(slug, world.staffA, 'памятка.pdf', PDF)
    expect(staff.status).toBe(403)
    expect(filesOnDisk().length).toBe(before)
    const [rowsAfter] = await testDb().select({ n: count() }).from(attachments)
    expect(rowsAfter!.n).toBe(rowsBefore!.n)
  })

  test('files belong to the draft until published; older versions keep theirs; downloads are attachments with nosniff and counted', async () => {
    const slug = await createTemplate()
    expect((await edit(slug, world.mentor, templateForm('publish'))).status).toBe(302)
    const added = await upload(slug, world.mentor, 'Памятка партнёру.pdf', PDF)
    expect(added.status).toBe(302)
    const [file] = await testDb()
      .select({ id: attachments.id, storageKey: attachments.storageKey })
      .from(attachments)
      .where(eq(attachments.originalName, 'Памятка партнёру.pdf'))
      .orderBy(asc(attachments.createdAt))
    // Not published yet: readers neither see nor download it; its author can.
    expect((await page(slug, world.leaderA)).data as { attachments: unknown[] }).toMatchObject({ attachments: [] })
    expect((await raw(fileLoader, `/toolkits/${slug}/files/${file!.id}`, world.leaderA, { slug, id: file!.id })).status).toBe(404)
    expect((await raw(fileLoader, `/toolkits/${slug}/files/${file!.id}`, world.mentor, { slug, id: file!.id })).status).toBe(200)

    expect((await edit(slug, world.mentor, templateForm('publish', { changeNote: 'Добавлена памятка' }))).status).toBe(302)
    const reader = (await page(slug, world.leaderA)).data as { attachments: { href: string; name: string }[] }
    expect(reader.attachments.map((a) => a.name)).toEqual(['Памятка партнёру.pdf'])
    const download = await raw(fileLoader, reader.attachments[0]!.href, world.leaderA, { slug, id: file!.id })
    expect(download.status).toBe(200)
    expect(download.response!.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    expect(download.response!.headers.get('X-Content-Type-Options')).toBe('nosniff')
    const resource = await resourceRow(slug)
    const [counted] = await testDb()
      .select({ n: count() })
      .from(toolkitUsage)
      .where(and(eq(toolkitUsage.resourceId, resource.id), eq(toolkitUsage.kind, 'download'), eq(toolkitUsage.organisationId, world.centreA.id)))
    expect(counted!.n).toBe(1)

    // Version 3 drops the file: version 2 still offers it, and it stays on disk.
    const removed = await edit(slug, world.mentor, { intent: 'deleteAttachment', attachmentId: file!.id })
    expect(removed.status).toBe(302)
    expect((await edit(slug, world.mentor, templateForm('publish', { changeNote: 'Памятка убрана' }))).status).toBe(302)
    expect(((await page(slug, world.leaderA)).data as { attachments: unknown[] }).attachments).toEqual([])
    const v2 = await callRoute(versionLoader, `/toolkits/${slug}/versions/2`, { as: world.leaderA, params: { slug, version: '2' } })
    expect((v2.data as { attachments: { name: string }[]; current: boolean }).attachments.map((a) => a.name)).toEqual(['Памятка партнёру.pdf'])
    expect((v2.data as { current: boolean }).current).toBe(false)
    expect(filesOnDisk().some((f) => f.endsWith(file!.storageKey))).toBe(true)
    expect((await raw(fileLoader, `/toolkits/${slug}/files/${file!.id}`, world.leaderA, { slug, id: file!.id })).status).toBe(200)
  })
})

describe('see also', () => {
  test('the seed import links resources, courses and lessons; readers get the links', async () => {
    const [resource] = await testDb().select({ id: toolkitResources.id }).from(toolkitResources).where(eq(toolkitResources.slug, 'volunteer-agreement'))
    const rows = await testDb().select().from(toolkitRelated).where(eq(toolkitRelated.resourceId, resource!.id)).orderBy(asc(toolkitRelated.position))
    expect(rows.length).toBe(4)
    expect(rows[0]!.relatedResourceId).toBeTruthy()
    expect(rows[1]!.courseId).toBeTruthy()
    expect(rows[2]!.lessonId).toBeTruthy()
    const reader = (await page('volunteer-agreement', world.leaderA)).data as { related: { kind: string; href: string; title: string }[] }
    expect(reader.related.map((r) => r.href)).toEqual([
      '/toolkits/personal-data-consent',
      '/courses/volunteers-and-community',
      '/courses/volunteers-and-community/agreements-and-records',
      '/courses/consulting-ngos/grants-volunteers-personal-data',
    ])
    // Importing again replaces, never duplicates.
    await importContent(testDb())
    const [again] = await testDb().select({ n: count() }).from(toolkitRelated).where(eq(toolkitRelated.resourceId, resource!.id))
    expect(again!.n).toBe(4)
  })

  test('an unknown related slug stops the import with the file and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-toolkits-related-'))
    fs.cpSync(CONTENT_ROOT, dir, { recursive: true })
    const file = path.join(dir, 'toolkits', 'ano-charter.md')
    const text = fs.readFileSync(file, 'utf8').replace('related:\n', 'related:\n  - lesson: consulting-ngos/no-such-lesson\n  - course: no-such-course\n')
    fs.writeFileSync(file, text)
    const lines = text.split('\n')
    const lessonLine = lines.findIndex((l) => l.includes('no-such-lesson')) + 1
    const courseLine = lines.findIndex((l) => l.includes('no-such-course')) + 1
    const error = await importContent(testDb(), { root: dir }).catch((e: unknown) => e)
    fs.rmSync(dir, { recursive: true, force: true })
    expect(error).toBeInstanceOf(ContentError)
    const problems = (error as ContentError).problems.join('\n')
    expect(problems).toContain(`ano-charter.md:${lessonLine}: related lesson: course "consulting-ngos" has no lesson "no-such-lesson"`)
    expect(problems).toContain(`ano-charter.md:${courseLine}: related course "no-such-course" is not in content/courses`)
  })

  test('authors add and remove links; readers see only published targets', async () => {
    const slug = await createTemplate()
    expect((await edit(slug, world.mentor, templateForm('publish'))).status).toBe(302)
    const hidden = await insertResource({ organisationId: world.mentorOrg.id, status: 'archived', title: 'Архивный справочник' })
    const [lesson] = await testDb()
      .select({ id: lessons.id })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .where(and(eq(courses.slug, 'grant-applications'), eq(lessons.slug, 'budget')))
    const search = await editPage(slug, world.mentor, `?rq=${encodeURIComponent('смета')}`)
    const found = (search.data as { search: { resources: { id: string }[]; lessons: { id: string }[] } }).search
    expect(found.resources.length).toBeGreaterThan(0)
    const [budget] = await testDb().select({ id: toolkitResources.id }).from(toolkitResources).where(eq(toolkitResources.slug, 'grant-budget-template'))
    expect(found.resources.map((r) => r.id)).toContain(budget!.id)
    for (const [kind, id] of [
      ['resource', budget!.id],
      ['lesson', lesson!.id],
      ['resource', hidden.id],
    ] as const) {
      const added = await edit(slug, world.mentor, { intent: 'addRelated', targetKind: kind, targetId: id })
      expect(added.status).toBe(302)
    }
    const duplicate = await edit(slug, world.mentor, { intent: 'addRelated', targetKind: 'resource', targetId: budget!.id })
    expect(duplicate.status).toBe(409)
    const self = await edit(slug, world.mentor, { intent: 'addRelated', targetKind: 'resource', targetId: (await resourceRow(slug)).id })
    expect(self.status).toBe(400)
    expect((await edit(slug, otherMentor, { intent: 'addRelated', targetKind: 'resource', targetId: budget!.id })).status).toBe(403)

    const reader = (await page(slug, world.leaderA)).data as { related: { title: string; href: string }[] }
    expect(reader.related.map((r) => r.href)).toEqual(['/toolkits/grant-budget-template', '/courses/grant-applications/budget'])
    const author = (await editPage(slug, world.mentor)).data as { related: { id: string; visible: boolean }[] }
    expect(author.related.map((r) => r.visible)).toEqual([true, true, false])
    const removed = await edit(slug, world.mentor, { intent: 'removeRelated', relatedId: author.related[0]!.id })
    expect(removed.status).toBe(302)
    expect(((await page(slug, world.leaderA)).data as { related: unknown[] }).related.length).toBe(1)
  })
})

describe('print and PDF are counted', () => {
  const slug = 'volunteer-agreement'
  const form = {
    'f.orgName': 'АНО «Добрые соседи»',
    'f.orgInn': '7707083893',
    'f.orgOgrn': '1027700132195',
    'f.orgAddress': '614000, г. Пермь, ул. Ленина, д. 1',
    'f.directorName': 'директора Соколовой Анны Викторовны',
    'f.volunteerName': 'Иванов <b>Иван</b>',
    'f.volunteerBirthDate': '2000-05-17',
    'f.volunteerPassport': '5700 123456',
    'f.activity': 'Сопровождение пожилых жителей',
    'f.startDate': '2026-03-01',
    'f.endDate': '2026-12-31',
    'f.expensesLimit': '5000',
    'f.city': 'г. Пермь',
    'f.signDate': '2026-02-20',
  }
  const pdfCount = async (userId: string) => {
    const [row] = await testDb()
      .select({ n: count() })
      .from(toolkitUsage)
      .where(and(eq(toolkitUsage.userId, userId), eq(toolkitUsage.kind, 'generate_pdf')))
    return row!.n
  }

  test('each print view of a filled template counts once for the centre; a bad form counts nothing', async () => {
    const staff = await createMember(world.centreA.id, 'staff')
    const printed = await callRoute(printAction, `/toolkits/${slug}/print`, { as: staff, params: { slug }, form })
    expect(printed.status).toBe(200)
    const html = (printed.data as { html: string }).html
    expect(html).toContain('Иванов &lt;b&gt;Иван&lt;/b&gt;')
    expect(html).not.toContain('{{')
    expect(await pdfCount(staff.id)).toBe(1)
    const [row] = await testDb().select({ organisationId: toolkitUsage.organisationId }).from(toolkitUsage).where(and(eq(toolkitUsage.userId, staff.id), eq(toolkitUsage.kind, 'generate_pdf')))
    expect(row!.organisationId).toBe(world.centreA.id)
    await callRoute(printAction, `/toolkits/${slug}/print`, { as: staff, params: { slug }, form })
    expect(await pdfCount(staff.id)).toBe(2)
    const bad = await callRoute(printAction, `/toolkits/${slug}/print`, { as: staff, params: { slug }, form: { ...form, 'f.orgInn': '123' } })
    expect(bad.status).toBe(400)
    expect(await pdfCount(staff.id)).toBe(2)
    // Opening the print address of a template without the form shows the way back and counts nothing.
    const empty = await callRoute(printLoader, `/toolkits/${slug}/print`, { as: staff, params: { slug } })
    expect((empty.data as { html: string | null }).html).toBeNull()
    expect(await pdfCount(staff.id)).toBe(2)
    expect((await callRoute(printLoader, `/toolkits/${slug}/print`, { as: null, params: { slug } })).status).toBe(302)
  })

  test('the print view of a guide counts once per render', async () => {
    const staff = await createMember(world.centreB.id, 'staff')
    const guide = 'consultant-guide-common-questions'
    const first = await callRoute(printLoader, `/toolkits/${guide}/print`, { as: staff, params: { slug: guide } })
    expect(first.status).toBe(200)
    expect((first.data as { html: string }).html.length).toBeGreaterThan(1000)
    await callRoute(printLoader, `/toolkits/${guide}/print`, { as: staff, params: { slug: guide } })
    expect(await pdfCount(staff.id)).toBe(2)
  })
})

describe('usage views', () => {
  let resource: Awaited<ReturnType<typeof insertResource>>
  beforeAll(async () => {
    resource = await insertResource({ organisationId: world.mentorOrg.id, kind: 'template', title: 'Шаблон для статистики', fields: [field('x')], body: docOf('Поле {{x}}') })
    await insertUsage(resource, world.centreA.id, world.leaderA.id, 'view', 5)
    await insertUsage(resource, world.centreA.id, world.staffA.id, 'generate_docx', 2)
    await insertUsage(resource, world.centreB.id, world.leaderB.id, 'generate_pdf', 1)
    await insertUsage(resource, world.outsider.id, world.outsiderLeader.id, 'view', 3)
    await insertUsage(resource, world.outsider.id, world.outsiderLeader.id, 'generate_docx', 1, new Date(Date.now() - 40 * 24 * 3600 * 1000))
    await insertUsage(resource, null, world.mentor.id, 'view', 2)
  })

  type Usage = {
    usage: {
      totals: Record<string, number>
      centres: { id: string; name: string; counts: Record<string, number> }[]
      others: { centres: number; views: number; docx: number }
      noCentre: { views: number }
      versions: { version: number; counts: Record<string, number> }[]
      months: { month: string; views: number; docx: number }[]
    }
  }

  test('signed out, centre people and another mentor organisation are refused', async () => {
    const signedOut = await usage(resource.slug, null)
    expect(signedOut.status).toBe(302)
    expect(signedOut.location).toMatch(/^\/login/)
    expect((await usage(resource.slug, world.leaderA)).status).toBe(403)
    expect((await usage(resource.slug, world.staffA)).status).toBe(403)
    expect((await usage(resource.slug, otherMentor)).status).toBe(403)
    expect((await usage('no-such-resource', world.admin)).status).toBe(404)
  })

  test('the authors see their programme’s centres by name and the rest summed', async () => {
    const result = await usage(resource.slug, world.mentor)
    expect(result.status).toBe(200)
    const { usage: u } = result.data as Usage
    expect(u.totals).toEqual({ views: 10, downloads: 0, docx: 3, pdf: 1 })
    expect(u.centres.map((c) => c.id).sort()).toEqual([world.centreA.id, world.centreB.id].sort())
    expect(u.centres.find((c) => c.id === world.centreA.id)!.counts).toEqual({ views: 5, downloads: 0, docx: 2, pdf: 0 })
    // The outsider centre is not in the mentor organisation's programmes: counted, never named.
    expect(u.others).toMatchObject({ centres: 1, views: 3, docx: 1 })
    expect(JSON.stringify(result.data)).not.toContain(world.outsider.id)
    expect(u.noCentre.views).toBe(2)
    expect(u.versions).toEqual([{ version: 1, counts: { views: 10, downloads: 0, docx: 3, pdf: 1 } }])
    expect(u.months.length).toBe(12)
    expect(u.months.reduce((n, m) => n + m.docx, 0)).toBe(3)
  })

  test('a programme manager sees the programme’s centres; an administrator sees every centre', async () => {
    const manager = (await usage(resource.slug, world.manager)).data as Usage
    expect(manager.usage.centres.map((c) => c.id).sort()).toEqual([world.centreA.id, world.centreB.id].sort())
    expect(manager.usage.others.centres).toBe(1)
    const admin = (await usage(resource.slug, world.admin)).data as Usage
    expect(admin.usage.centres.map((c) => c.id)).toContain(world.outsider.id)
    expect(admin.usage.others.centres).toBe(0)
    // Seed resources belong to no organisation: managers and admins only.
    expect((await usage('volunteer-agreement', world.mentor)).status).toBe(403)
    expect((await usage('volunteer-agreement', world.manager)).status).toBe(200)
  })

  test('a centre’s page: the centre, its mentors and managers see it; other centres and mentor organisations do not', async () => {
    const signedOut = await orgPage(world.centreA.id, null)
    expect(signedOut.status).toBe(302)
    for (const who of [world.leaderA, world.staffA, world.mentor, world.manager, world.admin]) {
      expect((await orgPage(world.centreA.id, who)).status).toBe(200)
    }
    for (const who of [world.leaderB, world.outsiderLeader, otherMentor, world.noOrg]) {
      expect((await orgPage(world.centreA.id, who)).status).toBe(403)
    }
    const own = (await orgPage(world.centreA.id, world.leaderA)).data as {
      usage: { totals: Record<string, number>; resources: { slug: string; counts: Record<string, number> }[] }
    }
    const line = own.usage.resources.find((r) => r.slug === resource.slug)!
    expect(line.counts).toEqual({ views: 5, downloads: 0, docx: 2, pdf: 0 })
    expect(JSON.stringify(own)).not.toContain(world.outsider.id)
  })

  test('saved NGO details show on the centre’s page; its people may delete them, its mentor may not', async () => {
    const [saved] = await testDb()
      .insert(savedRequisites)
      .values({ organisationId: world.centreA.id, label: 'АНО «Берег»', values: { orgName: 'АНО «Берег»', orgInn: '7707083893' }, createdById: world.leaderA.id })
      .returning()
    const seen = (await orgPage(world.centreA.id, world.mentor)).data as { saved: { id: string; values: Record<string, string> }[]; labels: Record<string, string>; canManageSaved: boolean }
    expect(seen.saved.map((s) => s.id)).toContain(saved!.id)
    expect(seen.labels.orgInn).toMatch(/ИНН/)
    expect(seen.canManageSaved).toBe(false)
    const byMentor = await callRoute(orgAction, `/organisations/${world.centreA.id}/toolkits`, { as: world.mentor, params: { id: world.centreA.id }, form: { intent: 'deleteSaved', savedId: saved!.id } })
    expect(byMentor.status).toBe(403)
    const byOther = await callRoute(orgAction, `/organisations/${world.centreA.id}/toolkits`, { as: world.leaderB, params: { id: world.centreA.id }, form: { intent: 'deleteSaved', savedId: saved!.id } })
    expect(byOther.status).toBe(403)
    const byStaff = await callRoute(orgAction, `/organisations/${world.centreA.id}/toolkits`, { as: world.staffA, params: { id: world.centreA.id }, form: { intent: 'deleteSaved', savedId: saved!.id } })
    expect(byStaff.status).toBe(302)
    expect(await testDb().select().from(savedRequisites).where(eq(savedRequisites.id, saved!.id))).toEqual([])
  })

  test('a mentor organisation’s page lists the resources it authored with their use', async () => {
    const result = await orgPage(world.mentorOrg.id, world.mentor)
    expect(result.status).toBe(200)
    const authored = (result.data as { authored: { resources: { slug: string; centres: number; counts: Record<string, number> }[] } }).authored
    const line = authored.resources.find((r) => r.slug === resource.slug)!
    expect(line.counts.views).toBe(10)
    expect(line.centres).toBe(3)
    expect((await orgPage(world.mentorOrg.id, world.leaderA)).status).toBe(403)
  })
})

describe('archiving', () => {
  test('an archived resource leaves the library and its page; restoring brings it back', async () => {
    const slug = await createTemplate()
    expect((await edit(slug, world.mentor, templateForm('publish'))).status).toBe(302)
    expect((await page(slug, world.leaderA)).status).toBe(200)
    expect(flashOf(await edit(slug, world.mentor, { intent: 'archive' }))).toBe('toolkits.flash.archived')
    expect((await page(slug, world.leaderA)).status).toBe(404)
    expect((await callRoute(versionsLoader, `/toolkits/${slug}/versions`, { as: world.leaderA, params: { slug } })).status).toBe(404)
    const library = await callRoute(libraryLoader, '/toolkits?kind=template', { as: world.mentor })
    expect((library.data as { work: { slug: string }[] }).work.map((w) => w.slug)).toContain(slug)
    const refused = await edit(slug, world.mentor, templateForm('publish', { changeNote: 'Пробуем' }, docOf('Новый текст {{partnerName}} {{city}}')))
    expect(refused.status).toBe(409)
    expect(flashOf(await edit(slug, world.mentor, { intent: 'restore' }))).toBe('toolkits.flash.restored')
    expect((await page(slug, world.leaderA)).status).toBe(200)
    const [versions] = await testDb()
      .select({ n: count() })
      .from(toolkitVersions)
      .innerJoin(toolkitResources, eq(toolkitResources.id, toolkitVersions.resourceId))
      .where(and(eq(toolkitResources.slug, slug), gt(toolkitVersions.version, 0)))
    expect(versions!.n).toBe(1)
  })
})

describe('members of an authoring organisation', () => {
  test('its mentors and leaders edit its resources; its other members only see the usage', async () => {
    const org = await createOrganisation({ kind: 'mentor' })
    const leader = await createMember(org.id, 'leader')
    const owned = await insertResource({ organisationId: org.id })
    expect((await editPage(owned.slug, leader)).status).toBe(200)
    const helper = await createMember(org.id, 'staff')
    expect((await editPage(owned.slug, helper)).status).toBe(403)
    expect((await usage(owned.slug, helper)).status).toBe(200)
    expect((await usage(owned.slug, world.mentor)).status).toBe(403)
  })
})
