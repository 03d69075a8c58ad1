import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, count, eq, isNotNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importContent } from '#db/content/import.ts'
import { attachments, auditLog, courses, lessonAttachments, lessons } from '#db/schema/index.ts'
import { formatFileSize } from '#app/models/attachments.server.ts'
import { loader as downloadLoader } from '#app/routes/attachments.$id.tsx'
import { action as lessonAction, loader as lessonEditorLoader } from '#app/routes/courses.$slug_.edit_.$lessonId.tsx'
import { action as courseEditAction } from '#app/routes/courses.$slug_.edit.tsx'
import { loader as lessonPageLoader } from '#app/routes/courses.$slug_.$lesson.tsx'
import {
  contentDisposition,
  parseUploadForm,
  storeUpload,
  UploadError,
  uploadExists,
} from '#app/utils/uploads.server.ts'
import { createWorld, sessionCookieFor, testDb, unique } from '#tests/db-utils.ts'

// Uploads go to a directory of this file's own; the storage reads UPLOAD_DIR at call time. A 1 MB limit
// keeps the "too large" case small.
const UPLOAD_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-uploads-'))
process.env.UPLOAD_DIR = UPLOAD_ROOT
process.env.UPLOAD_MAX_MB = '1'

afterAll(() => {
  fs.rmSync(UPLOAD_ROOT, { recursive: true, force: true })
})

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null

// ---------------------------------------------------------------------------------------------
// Files

/** A real, minimal one-page PDF, with a binary comment line as PDF writers add. */
function minimalPdf(title = 'Памятка') {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Title (${Buffer.from(title).toString('hex')}) >>`,
  ]
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n'), Buffer.from([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a])]
  const offsets: number[] = []
  let length = parts.reduce((n, p) => n + p.length, 0)
  objects.forEach((body, i) => {
    offsets.push(length)
    const chunk = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`)
    parts.push(chunk)
    length += chunk.length
  })
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n')
  parts.push(Buffer.from(xref))
  return new Uint8Array(Buffer.concat(parts))
}

/** The start of a Windows executable. */
const EXE = new Uint8Array(
  Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), Buffer.alloc(200, 0x41)]),
)
const HTML = new TextEncoder().encode(
  '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>',
)

/** A zip's first local header followed by entry names, enough for the type check (not a whole zip). */
function zipLike(firstEntry: string, firstData: string, ...names: string[]) {
  const header = Buffer.alloc(30)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt32LE(Buffer.byteLength(firstData), 18)
  header.writeUInt32LE(Buffer.byteLength(firstData), 22)
  header.writeUInt16LE(Buffer.byteLength(firstEntry), 26)
  header.writeUInt16LE(0, 28)
  return new Uint8Array(
    Buffer.concat([
      header,
      Buffer.from(firstEntry),
      Buffer.from(firstData),
      ...names.map((n) => Buffer.from(`PK..${n}..`)),
    ]),
  )
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

/** Every file under the upload directory (stored and temporary). */
function filesOnDisk(dir = UPLOAD_ROOT): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesOnDisk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

// ---------------------------------------------------------------------------------------------
// Calls

type Result = { status: number; data: unknown; headers: Headers; location: string | null; response: Response | null }

function isDataWithInit(
  value: unknown,
): value is { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null } {
  return typeof value === 'object' && value !== null && (value as { type?: string }).type === 'DataWithResponseInit'
}

function toResult(value: unknown): Result {
  if (value instanceof Response) {
    return {
      status: value.status,
      data: null,
      headers: value.headers,
      location: value.headers.get('Location'),
      response: value,
    }
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers)
    return {
      status: value.init?.status ?? 200,
      data: value.data,
      headers,
      location: headers.get('Location'),
      response: null,
    }
  }
  return { status: 200, data: value, headers: new Headers(), location: null, response: null }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(fn: (args: any) => unknown, url: string, as: Who, params: Record<string, string>, body?: FormData) {
  const headers = new Headers()
  if (as) headers.set('Cookie', await sessionCookieFor(as.id))
  const request = new Request(`http://localhost${url}`, { method: body ? 'POST' : 'GET', headers, body })
  try {
    return toResult(await fn({ request, params, context: { clientIp: unique('ip-') } }))
  } catch (error) {
    if (error instanceof Response || isDataWithInit(error)) return toResult(error)
    throw error
  }
}

type Target = { slug: string; lessonId: string; lessonSlug: string }

function uploadForm(name: string, bytes: Uint8Array<ArrayBuffer>, type = 'application/octet-stream') {
  const form = new FormData()
  form.append('intent', 'upload')
  form.append('file', new File([bytes], name, { type }))
  return form
}

const upload = (t: Target, as: Who, name: string, bytes: Uint8Array<ArrayBuffer>, type?: string) =>
  call(
    lessonAction,
    `/courses/${t.slug}/edit/${t.lessonId}`,
    as,
    { slug: t.slug, lessonId: t.lessonId },
    uploadForm(name, bytes, type),
  )

function deleteForm(attachmentId: string) {
  const form = new FormData()
  form.append('intent', 'deleteAttachment')
  form.append('attachmentId', attachmentId)
  return form
}

const remove = (t: Target, as: Who, attachmentId: string) =>
  call(
    lessonAction,
    `/courses/${t.slug}/edit/${t.lessonId}`,
    as,
    { slug: t.slug, lessonId: t.lessonId },
    deleteForm(attachmentId),
  )

const editorPage = (t: Target, as: Who) =>
  call(lessonEditorLoader, `/courses/${t.slug}/edit/${t.lessonId}`, as, { slug: t.slug, lessonId: t.lessonId })

const lessonPage = (t: Target, as: Who) =>
  call(lessonPageLoader, `/courses/${t.slug}/${t.lessonSlug}`, as, { slug: t.slug, lesson: t.lessonSlug })

const download = (id: string, as: Who) => call(downloadLoader, `/attachments/${id}`, as, { id })

const flashOf = (result: { headers: Headers }) =>
  decodeURIComponent(/rsn_flash=([^;]*)/.exec(result.headers.get('Set-Cookie') ?? '')?.[1] ?? '')

// ---------------------------------------------------------------------------------------------
// Database

async function attachmentsOf(lessonId: string) {
  return testDb()
    .select({
      id: attachments.id,
      storageKey: attachments.storageKey,
      originalName: attachments.originalName,
      contentType: attachments.contentType,
      size: attachments.size,
      sha256: attachments.sha256,
      uploadedById: attachments.uploadedById,
      position: lessonAttachments.position,
    })
    .from(lessonAttachments)
    .innerJoin(attachments, eq(attachments.id, lessonAttachments.attachmentId))
    .where(eq(lessonAttachments.lessonId, lessonId))
    .orderBy(asc(lessonAttachments.position))
}

async function attachmentCount() {
  const [row] = await testDb().select({ n: count() }).from(attachments)
  return row!.n
}

/** The first published lesson of a content course. */
async function targetOf(slug: string): Promise<Target> {
  const [row] = await testDb()
    .select({ lessonId: lessons.id, lessonSlug: lessons.slug })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(and(eq(courses.slug, slug), isNotNull(lessons.publishedVersionId)))
    .orderBy(asc(lessons.position))
    .limit(1)
  return { slug, lessonId: row!.lessonId, lessonSlug: row!.lessonSlug }
}

/** Uploads a PDF as the author and returns the new attachment's id. */
async function attach(t: Target, as: { id: string }, name = `Памятка ${unique()}.pdf`) {
  const result = await upload(t, as, name, minimalPdf(), 'application/pdf')
  expect(result.status, JSON.stringify(result.data)).toBe(302)
  const rows = await attachmentsOf(t.lessonId)
  return rows.find((r) => r.originalName === name)!.id
}

// ---------------------------------------------------------------------------------------------

let w: World
let open: Target
let membersOnly: Target
let draft: Target

beforeAll(async () => {
  w = await createWorld()
  await importContent(testDb(), { ownerOrganisationId: w.mentorOrg.id })
  await testDb().update(courses).set({ isPublic: false }).where(eq(courses.slug, 'grant-applications'))
  await testDb().update(courses).set({ status: 'draft' }).where(eq(courses.slug, 'consulting-ngos'))
  open = await targetOf('starting-a-resource-centre')
  membersOnly = await targetOf('grant-applications')
  draft = await targetOf('consulting-ngos')
})

describe('uploading and downloading', () => {
  test('an author uploads a PDF: it is listed, stored under a random id, and downloads byte for byte as an attachment', async () => {
    const pdf = minimalPdf()
    const result = await upload(open, w.mentor, 'Памятка для НКО.pdf', pdf, 'application/pdf')
    expect(result.status, JSON.stringify(result.data)).toBe(302)
    expect(result.location).toBe(`/courses/${open.slug}/edit/${open.lessonId}`)
    expect(flashOf(result)).toBe('attachments.flash.uploaded')

    const [row] = await attachmentsOf(open.lessonId)
    expect(row).toMatchObject({
      originalName: 'Памятка для НКО.pdf',
      contentType: 'application/pdf',
      size: pdf.byteLength,
      sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
      uploadedById: w.mentor.id,
      position: 0,
    })
    // Named by the random key, not by the author's file name, and not executable.
    expect(row!.storageKey).toMatch(/^[0-9a-f]{32}$/)
    const stored = filesOnDisk().filter((f) => !path.relative(UPLOAD_ROOT, f).startsWith(`tmp${path.sep}`))
    expect(stored.some((f) => path.basename(f) === row!.storageKey)).toBe(true)
    expect(stored.some((f) => f.includes('Памятка'))).toBe(false)
    const mode = fs.statSync(stored.find((f) => path.basename(f) === row!.storageKey)!).mode
    expect(mode & 0o111).toBe(0)

    const editor = await editorPage(open, w.mentor)
    expect(editor.status).toBe(200)
    const editorData = editor.data as {
      attachments: { id: string; name: string; type: string; size: string; href: string }[]
    }
    expect(editorData.attachments).toEqual([
      {
        id: row!.id,
        name: 'Памятка для НКО.pdf',
        type: 'PDF',
        size: formatFileSize('ru', pdf.byteLength),
        href: `/attachments/${row!.id}`,
      },
    ])

    const file = await download(row!.id, w.mentor)
    expect(file.status).toBe(200)
    expect(file.headers.get('Content-Type')).toBe('application/pdf')
    expect(file.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    expect(file.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(file.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox")
    expect(file.headers.get('Cache-Control')).toMatch(/^private/)
    const bytes = new Uint8Array(await file.response!.arrayBuffer())
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(pdf))).toBe(0)
  })

  test('a Cyrillic file name survives in filename* (RFC 5987), with an ASCII stand-in beside it', async () => {
    const name = 'Устав «Надежда» (проект) 2026.pdf'
    const id = await attach(open, w.mentor, name)
    const disposition = (await download(id, w.staffA)).headers.get('Content-Disposition')!
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!
    expect(decodeURIComponent(encoded)).toBe(name)
    expect(encoded).not.toMatch(/[()'*]/)
    const fallback = /filename="([^"]*)"/.exec(disposition)![1]!
    expect(fallback).toMatch(/^[\x20-\x7e]+$/)
    expect(fallback.endsWith('.pdf')).toBe(true)
  })

  test('the learner page lists the lesson materials with type and size in the reader’s language', async () => {
    const page = await lessonPage(open, w.staffA)
    expect(page.status).toBe(200)
    const files = (page.data as { attachments: { name: string; type: string; size: string; href: string }[] })
      .attachments
    expect(files.map((f) => f.name)).toContain('Памятка для НКО.pdf')
    for (const f of files) {
      expect(f.type).toBe('PDF')
      expect(f.size).toMatch(/^\d+(,\d)?\u00a0(Б|КБ|МБ)$/)
      expect(f.href).toMatch(/^\/attachments\/[0-9a-f-]{36}$/)
    }
  })

  test('sizes are written for the locale', () => {
    expect(formatFileSize('ru', 1.2 * 1024 * 1024)).toBe('1,2\u00a0МБ')
    expect(formatFileSize('en', 1.2 * 1024 * 1024)).toBe('1.2\u00a0MB')
    expect(formatFileSize('ru', 840)).toBe('840\u00a0Б')
    expect(formatFileSize('ru', 12 * 1024 + 300)).toBe('12\u00a0КБ')
    expect(formatFileSize('ru', 20 * 1024 * 1024)).toBe('20\u00a0МБ')
  })
})

describe('what is refused', () => {
  test('an .exe renamed to .pdf is refused with 422 and nothing is stored', async () => {
    const before = { rows: await attachmentCount(), files: filesOnDisk().length }
    const result = await upload(open, w.mentor, 'Отчёт.pdf', EXE, 'application/pdf')
    expect(result.status).toBe(422)
    expect(result.data).toMatchObject({ intent: 'upload', message: 'attachments.error.type' })
    expect(await attachmentCount()).toBe(before.rows)
    expect(filesOnDisk().length).toBe(before.files)
  })

  test('HTML is refused, whether named .html or disguised as .pdf', async () => {
    const before = { rows: await attachmentCount(), files: filesOnDisk().length }
    for (const name of ['страница.html', 'page.htm', 'page.svg', 'page.pdf']) {
      const result = await upload(open, w.mentor, name, HTML, 'text/html')
      expect(result.status, name).toBe(422)
    }
    expect(await attachmentCount()).toBe(before.rows)
    expect(filesOnDisk().length).toBe(before.files)
  })

  test('a file over the limit is stopped with 413 while streaming, and nothing is left on disk', async () => {
    const before = { rows: await attachmentCount(), files: filesOnDisk().length }
    const big = new Uint8Array(Math.floor(1.5 * 1024 * 1024))
    big.set(minimalPdf())
    const result = await upload(open, w.mentor, 'Большой.pdf', big, 'application/pdf')
    expect(result.status).toBe(413)
    expect(result.data).toMatchObject({ message: 'attachments.error.tooLarge' })
    expect(await attachmentCount()).toBe(before.rows)
    expect(filesOnDisk().length).toBe(before.files)
  })

  test('a body declared or found larger than the limit is refused without reading it all', async () => {
    const unread = new ReadableStream<Uint8Array>({
      pull() {
        throw new Error('the body must not be read')
      },
    })
    const declared = new Request('http://localhost/x', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(50 * 1024 * 1024) },
      body: unread,
      duplex: 'half',
    } as RequestInit)
    await expect(parseUploadForm(declared)).rejects.toMatchObject({ code: 'tooLarge', status: 413 })

    // Part headers that never end would otherwise be buffered without bound.
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('--x\r\nContent-Disposition: form-data; name="a'))
      },
      pull(controller) {
        sent += 64 * 1024
        if (sent > 10 * 1024 * 1024) throw new Error('read far past the limit')
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61))
      },
    })
    const undeclared = new Request('http://localhost/x', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body: endless,
      duplex: 'half',
    } as RequestInit)
    await expect(parseUploadForm(undeclared, { maxBytes: 1024 })).rejects.toMatchObject({ code: 'tooLarge' })
    expect(sent).toBeLessThan(1024 * 1024)
  })

  test('an empty file input and an empty file are refused', async () => {
    const form = new FormData()
    form.append('intent', 'upload')
    form.append('file', new File([], ''))
    const none = await call(
      lessonAction,
      `/courses/${open.slug}/edit/${open.lessonId}`,
      w.mentor,
      { slug: open.slug, lessonId: open.lessonId },
      form,
    )
    expect(none.status).toBe(422)
    expect(none.data).toMatchObject({ message: 'attachments.error.missing' })
    const empty = await upload(open, w.mentor, 'пусто.txt', new Uint8Array(), 'text/plain')
    expect(empty.status).toBe(422)
    expect(empty.data).toMatchObject({ message: 'attachments.error.empty' })
  })

  test('a centre member cannot upload (403), and a visitor is sent to sign in; nothing is stored', async () => {
    const before = { rows: await attachmentCount(), files: filesOnDisk().length }
    for (const who of [w.leaderA, w.staffA]) {
      const result = await upload(open, who, 'Чужой.pdf', minimalPdf(), 'application/pdf')
      expect(result.status).toBe(403)
    }
    const anonymous = await upload(open, null, 'Чужой.pdf', minimalPdf(), 'application/pdf')
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toMatch(/^\/login/)
    expect(await attachmentCount()).toBe(before.rows)
    expect(filesOnDisk().length).toBe(before.files)
  })

  test('a file sent with another intent is not kept', async () => {
    const before = filesOnDisk().length
    const form = uploadForm('Лишний.pdf', minimalPdf())
    form.set('intent', 'deleteAttachment')
    form.append('attachmentId', crypto.randomUUID())
    const result = await call(
      lessonAction,
      `/courses/${open.slug}/edit/${open.lessonId}`,
      w.mentor,
      { slug: open.slug, lessonId: open.lessonId },
      form,
    )
    expect(result.status).toBe(404)
    expect(filesOnDisk().length).toBe(before)
  })
})

describe('who may download', () => {
  test('a public course: learners and signed-out visitors alike', async () => {
    const id = await attach(open, w.mentor)
    for (const who of [w.staffA, w.leaderB, w.noOrg, null]) {
      expect((await download(id, who)).status).toBe(200)
    }
  })

  test('a members-only course: a signed-out visitor is sent to sign in, a signed-in learner downloads', async () => {
    const id = await attach(membersOnly, w.mentor)
    const anonymous = await download(id, null)
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toBe(`/login?redirectTo=${encodeURIComponent(`/attachments/${id}`)}`)
    expect((await download(id, w.staffA)).status).toBe(200)
  })

  test('a draft course: 404 for learners and visitors, downloadable by its authors', async () => {
    const id = await attach(draft, w.mentor)
    expect((await download(id, w.staffA)).status).toBe(404)
    expect((await download(id, w.leaderA)).status).toBe(404)
    expect((await download(id, null)).status).toBe(404)
    expect((await download(id, w.mentor)).status).toBe(200)
    expect((await download(id, w.admin)).status).toBe(200)
  })

  test('a lesson not yet published: its files are the authors’ only', async () => {
    const [module] = await testDb().select({ id: lessons.moduleId }).from(lessons).where(eq(lessons.id, open.lessonId))
    const added = await call(
      courseEditAction,
      `/courses/${open.slug}/edit`,
      w.mentor,
      { slug: open.slug },
      (() => {
        const form = new FormData()
        form.append('intent', 'addLesson')
        form.append('moduleId', module!.id)
        form.append('title', `Новый урок ${unique()}`)
        return form
      })(),
    )
    expect(added.status).toBe(302)
    const lessonId = added.location!.split('/').pop()!
    const id = await attach({ slug: open.slug, lessonId, lessonSlug: '' }, w.mentor)
    expect((await download(id, w.staffA)).status).toBe(404)
    expect((await download(id, null)).status).toBe(404)
    expect((await download(id, w.mentor)).status).toBe(200)
  })

  test('a malformed or unknown attachment id is a 404', async () => {
    for (const id of ['not-a-uuid', '..%2F..%2Fetc%2Fpasswd', '../../etc/passwd', '123', crypto.randomUUID()]) {
      expect((await download(id, w.admin)).status, id).toBe(404)
    }
  })
})

describe('deleting', () => {
  test('an author deletes an attachment: the row, its link and the file go', async () => {
    const id = await attach(open, w.mentor, 'Удалить меня.pdf')
    const [row] = await testDb()
      .select({ storageKey: attachments.storageKey })
      .from(attachments)
      .where(eq(attachments.id, id))
    expect(uploadExists(row!.storageKey)).toBe(true)

    expect((await remove(open, w.leaderA, id)).status).toBe(403)
    expect(uploadExists(row!.storageKey)).toBe(true)

    const result = await remove(open, w.mentor, id)
    expect(result.status).toBe(302)
    expect(flashOf(result)).toBe('attachments.flash.deleted')
    expect(await testDb().select().from(attachments).where(eq(attachments.id, id))).toEqual([])
    expect(await testDb().select().from(lessonAttachments).where(eq(lessonAttachments.attachmentId, id))).toEqual([])
    expect(uploadExists(row!.storageKey)).toBe(false)
    expect((await download(id, w.mentor)).status).toBe(404)

    const again = await remove(open, w.mentor, id)
    expect(again.status).toBe(404)
    const actions = await testDb()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, open.lessonId), eq(auditLog.action, 'lesson.attachment-delete')))
    expect(actions.length).toBeGreaterThan(0)
  })

  test('an attachment of another lesson cannot be deleted through this one', async () => {
    const id = await attach(membersOnly, w.mentor)
    const result = await remove(open, w.mentor, id)
    expect(result.status).toBe(404)
    expect(await testDb().select({ id: attachments.id }).from(attachments).where(eq(attachments.id, id))).toHaveLength(
      1,
    )
  })

  test('the lesson editor still saves a draft sent as multipart form data', async () => {
    const editor = await editorPage(open, w.mentor)
    const { lesson } = editor.data as { lesson: { title: string; moduleId: string } }
    const form = new FormData()
    form.append('intent', 'save')
    form.append('title', lesson.title)
    form.append('moduleId', lesson.moduleId)
    const result = await call(
      lessonAction,
      `/courses/${open.slug}/edit/${open.lessonId}`,
      w.mentor,
      { slug: open.slug, lessonId: open.lessonId },
      form,
    )
    expect(result.status, JSON.stringify(result.data)).toBe(302)
    expect(flashOf(result)).toBe('authoring.flash.draftSaved')
  })
})

describe('the type check', () => {
  const store = (name: string, bytes: Uint8Array) => storeUpload(bytes, name)
  const refused = async (name: string, bytes: Uint8Array) => {
    const error = await store(name, bytes).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error, name).toBeInstanceOf(UploadError)
    return (error as UploadError).code
  }

  test('each allowed format passes with its own first bytes and gets its own content type', async () => {
    expect((await store('a.png', PNG)).contentType).toBe('image/png')
    expect((await store('a.JPG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).contentType).toBe('image/jpeg')
    expect(
      (await store('a.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).contentType,
    ).toBe('application/msword')
    expect(
      (await store('a.docx', zipLike('[Content_Types].xml', '<Types/>', 'word/document.xml'))).contentType,
    ).toMatch(/wordprocessingml/)
    expect((await store('a.xlsx', zipLike('[Content_Types].xml', '<Types/>', 'xl/workbook.xml'))).contentType).toMatch(
      /spreadsheetml/,
    )
    expect((await store('a.odt', zipLike('mimetype', 'application/vnd.oasis.opendocument.text'))).contentType).toBe(
      'application/vnd.oasis.opendocument.text',
    )
    const csv = await store('список.csv', new TextEncoder().encode('Название;ИНН\n«Надежда»;5902000000\n'))
    expect(csv).toMatchObject({ contentType: 'text/csv', originalName: 'список.csv' })
  })

  test('wrong bytes for the extension, binary text and unknown extensions are refused', async () => {
    expect(await refused('a.docx', zipLike('[Content_Types].xml', '<Types/>', 'xl/workbook.xml'))).toBe('type')
    expect(await refused('a.ods', zipLike('mimetype', 'application/vnd.oasis.opendocument.text'))).toBe('type')
    expect(await refused('a.png', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('type')
    expect(await refused('a.txt', new Uint8Array([0x68, 0x69, 0x00, 0x21]))).toBe('type')
    expect(await refused('a.csv', new Uint8Array([0x61, 0x3b, 0xc3, 0x28]))).toBe('type')
    expect(await refused('a.exe', EXE)).toBe('type')
    expect(await refused('noextension', PNG)).toBe('type')
    expect(await refused('a.pdf.exe', EXE)).toBe('type')
    expect(await refused('\u202e', PNG)).toBe('name')
  })

  test('names are cleaned of folders and control characters; the disposition header stays one line', async () => {
    const stored = await store('..\\..\\Windows\\evil\u202egnp.pdf', minimalPdf())
    expect(stored.originalName).toBe('evilgnp.pdf')
    expect(contentDisposition('a\r\nSet-Cookie: x=1.pdf')).not.toMatch(/[\r\n]/)
  })
})
