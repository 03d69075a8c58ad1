// Uploaded files: checked while they stream in, kept under UPLOAD_DIR by a random id, and only ever
// handed back as downloads. Shared by every feature that takes uploads (lesson attachments, toolkits).
import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { createReadableStreamFromReadable, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { env } from './env.server.ts'
import { notFound } from './http.server.ts'
import { DOWNLOAD_CSP } from './security.server.ts'

// ---------------------------------------------------------------------------------------------
// What may be uploaded

type Check =
  | { kind: 'pdf' }
  | { kind: 'ole' }
  | { kind: 'ooxml'; part: string }
  | { kind: 'odf'; mimetype: string }
  | { kind: 'png' }
  | { kind: 'jpeg' }
  | { kind: 'text' }

type FileType = { contentType: string; label: string; check: Check }

const ODT = 'application/vnd.oasis.opendocument.text'
const ODS = 'application/vnd.oasis.opendocument.spreadsheet'
const ODP = 'application/vnd.oasis.opendocument.presentation'

/**
 * The allowlist, by extension. A file passes only when its extension is here *and* its first bytes are
 * what that format starts with, so an .exe renamed to .pdf, or HTML renamed to .txt with a NUL in it,
 * is refused. The content type we store and serve comes from this table, never from the browser.
 */
const FILE_TYPES: Record<string, FileType> = {
  pdf: { contentType: 'application/pdf', label: 'PDF', check: { kind: 'pdf' } },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'DOCX',
    check: { kind: 'ooxml', part: 'word/' },
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'XLSX',
    check: { kind: 'ooxml', part: 'xl/' },
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PPTX',
    check: { kind: 'ooxml', part: 'ppt/' },
  },
  doc: { contentType: 'application/msword', label: 'DOC', check: { kind: 'ole' } },
  xls: { contentType: 'application/vnd.ms-excel', label: 'XLS', check: { kind: 'ole' } },
  ppt: { contentType: 'application/vnd.ms-powerpoint', label: 'PPT', check: { kind: 'ole' } },
  odt: { contentType: ODT, label: 'ODT', check: { kind: 'odf', mimetype: ODT } },
  ods: { contentType: ODS, label: 'ODS', check: { kind: 'odf', mimetype: ODS } },
  odp: { contentType: ODP, label: 'ODP', check: { kind: 'odf', mimetype: ODP } },
  png: { contentType: 'image/png', label: 'PNG', check: { kind: 'png' } },
  jpg: { contentType: 'image/jpeg', label: 'JPEG', check: { kind: 'jpeg' } },
  jpeg: { contentType: 'image/jpeg', label: 'JPEG', check: { kind: 'jpeg' } },
  txt: { contentType: 'text/plain', label: 'TXT', check: { kind: 'text' } },
  csv: { contentType: 'text/csv', label: 'CSV', check: { kind: 'text' } },
}

export const ALLOWED_EXTENSIONS = Object.keys(FILE_TYPES)

/** For `<input type="file" accept>`: a hint to the browser's file picker, not a check. */
export const UPLOAD_ACCEPT = ALLOWED_EXTENSIONS.map((ext) => `.${ext}`).join(',')

/** The allowed formats as people name them: «PDF, DOCX, …». */
export const UPLOAD_FORMATS = [...new Set(Object.values(FILE_TYPES).map((t) => t.label))].join(', ')

/** A short name of a stored content type («PDF», «DOCX»), or null for a type outside the allowlist. */
export function fileTypeLabel(contentType: string) {
  return Object.values(FILE_TYPES).find((t) => t.contentType === contentType)?.label ?? null
}

const KNOWN_CONTENT_TYPES = new Set(Object.values(FILE_TYPES).map((t) => t.contentType))

// ---------------------------------------------------------------------------------------------
// Where and how much

/** Read at call time (not import time), so tests and tools can point it elsewhere. */
export function uploadDir() {
  return path.resolve(process.env.UPLOAD_DIR || env.UPLOAD_DIR)
}

export function maxUploadBytes() {
  const mb = Number(process.env.UPLOAD_MAX_MB || env.UPLOAD_MAX_MB)
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : 20) * 1024 * 1024)
}

/** Room for the form's other fields and the multipart framing on top of the file itself. */
const FORM_OVERHEAD = 64 * 1024
const MAX_TEXT_FIELD = 8 * 1024
const MAX_PARTS = 50

/** 128 random bits in hex: the only name a file gets on disk. */
const STORAGE_KEY = /^[0-9a-f]{32}$/

export function isStorageKey(value: unknown): value is string {
  return typeof value === 'string' && STORAGE_KEY.test(value)
}

/** Files sit two levels deep (ab/abcdef…) so no directory grows to millions of entries. */
function storagePath(key: string) {
  if (!isStorageKey(key)) throw new Error('Invalid storage key')
  return path.join(uploadDir(), key.slice(0, 2), key)
}

// ---------------------------------------------------------------------------------------------
// Errors

export type UploadErrorCode = 'tooLarge' | 'type' | 'empty' | 'name' | 'missing' | 'malformed'

const STATUS: Record<UploadErrorCode, number> = {
  tooLarge: 413,
  type: 422,
  empty: 422,
  name: 422,
  missing: 422,
  malformed: 400,
}

/** A refused upload; `messageKey` is an i18n key (`attachments.error.<code>`). */
export class UploadError extends Error {
  readonly status: number
  readonly messageKey: string
  constructor(readonly code: UploadErrorCode) {
    super(`Upload refused: ${code}`)
    this.status = STATUS[code]
    this.messageKey = `attachments.error.${code}`
  }
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * The name people will see, cleaned: no folders, no control or bidirectional-override characters (which
 * can make «report‮fdp.exe» look like a PDF), Unicode normalised, at most 150 characters with the
 * extension kept. Cyrillic stays as it is.
 */
export function cleanFileName(raw: string) {
  const base = raw.split(/[/\\]/).pop() ?? ''
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
  if (!cleaned) return null
  const dot = cleaned.lastIndexOf('.')
  const ext = dot > 0 ? cleaned.slice(dot) : ''
  const stem = dot > 0 ? cleaned.slice(0, dot).trim() : cleaned
  if (!stem || ext.length > 10) return null
  const chars = [...stem]
  return (chars.length > 140 ? chars.slice(0, 140).join('').trim() : stem) + ext.toLowerCase()
}

function extensionOf(name: string) {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

// ---------------------------------------------------------------------------------------------
// Checking the bytes

const HEAD_BYTES = 256

function startsWith(head: Uint8Array, bytes: readonly number[]) {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b)
}

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04] // PK\3\4
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]

/** ODF keeps an uncompressed `mimetype` entry first in the zip, naming the document's type. */
function odfMimetype(head: Uint8Array) {
  if (!startsWith(head, ZIP) || head.length < 30) return null
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  const nameLength = view.getUint16(26, true)
  const extraLength = view.getUint16(28, true)
  const name = Buffer.from(head.subarray(30, 30 + nameLength)).toString('latin1')
  if (name !== 'mimetype') return null
  const start = 30 + nameLength + extraLength
  const size = view.getUint32(18, true) // compressed size = size, as the entry is stored
  return Buffer.from(head.subarray(start, start + Math.min(size, 100))).toString('latin1')
}

/**
 * Looks for byte strings anywhere in a stream (zip entry names are stored uncompressed), carrying the
 * end of each chunk over so a name split between chunks is still found.
 */
function needleWatcher(needles: string[]) {
  const wanted = needles.map((n) => Buffer.from(n, 'latin1'))
  const found = wanted.map(() => false)
  const keep = Math.max(...wanted.map((n) => n.length)) - 1
  let tail = Buffer.alloc(0)
  return {
    feed(chunk: Uint8Array) {
      if (found.every(Boolean)) return
      const window = Buffer.concat([tail, chunk])
      wanted.forEach((needle, i) => {
        if (!found[i] && window.includes(needle)) found[i] = true
      })
      tail = window.subarray(Math.max(0, window.length - keep))
    },
    all: () => found.every(Boolean),
  }
}

/** Streaming checks for one type; `finish` says whether the whole file was what its name claims. */
function checker(check: Check) {
  let head = Buffer.alloc(0)
  const decoder = check.kind === 'text' ? new TextDecoder('utf-8', { fatal: true }) : null
  const watcher = check.kind === 'ooxml' ? needleWatcher(['[Content_Types].xml', check.part]) : null
  let textOk = true
  return {
    feed(chunk: Uint8Array) {
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)])
      watcher?.feed(chunk)
      if (decoder && textOk) {
        if (chunk.includes(0)) textOk = false
        else {
          try {
            decoder.decode(chunk, { stream: true })
          } catch {
            textOk = false
          }
        }
      }
    },
    finish(): boolean {
      switch (check.kind) {
        case 'pdf':
          return startsWith(head, PDF)
        case 'ole':
          return startsWith(head, OLE)
        case 'png':
          return startsWith(head, PNG)
        case 'jpeg':
          return startsWith(head, JPEG)
        case 'ooxml':
          return startsWith(head, ZIP) && watcher!.all()
        case 'odf':
          return odfMimetype(head) === check.mimetype
        case 'text':
          if (!textOk) return false
          try {
            decoder!.decode() // an incomplete character at the very end
            return true
          } catch {
            return false
          }
      }
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Storing

export type StoredUpload = {
  storageKey: string
  size: number
  contentType: string
  originalName: string
  sha256: string
}

/**
 * Streams a file into a temporary file beside the store while counting, hashing and checking it, and
 * moves it into place only when everything passed (a rename within one file system is atomic: a file
 * is either fully there or not at all). Past `maxBytes` it stops reading at once; a refused file leaves
 * nothing behind. Files are written without execute permission and named by a random id.
 */
export async function storeUpload(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  originalName: string,
  options: { maxBytes?: number } = {},
): Promise<StoredUpload> {
  const maxBytes = options.maxBytes ?? maxUploadBytes()
  const name = cleanFileName(originalName)
  if (!name) throw new UploadError('name')
  const type = FILE_TYPES[extensionOf(name)]
  if (!type) throw new UploadError('type')

  const root = uploadDir()
  const tmpDir = path.join(root, 'tmp')
  await fsp.mkdir(tmpDir, { recursive: true, mode: 0o700 })
  const storageKey = crypto.randomBytes(16).toString('hex')
  const tmpPath = path.join(tmpDir, `${storageKey}.part`)
  const hash = crypto.createHash('sha256')
  const check = checker(type.check)
  let size = 0
  const file = await fsp.open(tmpPath, 'wx', 0o600)
  let closed = false
  try {
    const chunks = source instanceof Uint8Array ? [source] : source
    for await (const chunk of chunks) {
      size += chunk.byteLength
      if (size > maxBytes) throw new UploadError('tooLarge')
      hash.update(chunk)
      check.feed(chunk)
      await file.write(chunk)
    }
    await file.close()
    closed = true
    if (size === 0) throw new UploadError('empty')
    if (!check.finish()) throw new UploadError('type')
    const finalPath = storagePath(storageKey)
    await fsp.mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 })
    await fsp.rename(tmpPath, finalPath)
  } catch (error) {
    if (!closed) await file.close().catch(() => {})
    await fsp.rm(tmpPath, { force: true })
    throw error
  }
  return { storageKey, size, contentType: type.contentType, originalName: name, sha256: hash.digest('hex') }
}

/** Deletes a stored file; a file already gone is not an error. */
export async function removeUpload(storageKey: string) {
  if (!isStorageKey(storageKey)) return
  await fsp.rm(storagePath(storageKey), { force: true })
}

/**
 * Removes the files of records a committed transaction deleted. A file already gone is fine; one that
 * cannot be removed is logged and left behind rather than failing a change that has already happened.
 */
export async function removeUploads(storageKeys: readonly string[]) {
  const results = await Promise.allSettled(storageKeys.map((key) => removeUpload(key)))
  for (const result of results) {
    if (result.status === 'rejected') console.error('An uploaded file could not be removed:', result.reason)
  }
}

/** Whether a stored file is on disk (for tests and maintenance). */
export function uploadExists(storageKey: string) {
  return isStorageKey(storageKey) && fs.existsSync(storagePath(storageKey))
}

// ---------------------------------------------------------------------------------------------
// Reading a multipart form

/**
 * Parses a multipart form with one file field, storing the file through `storeUpload` as it streams in.
 * Nothing is buffered without a bound: the whole body is capped (a declared Content-Length too large is
 * refused before reading), each text field has its own cap (8 KB unless `maxFieldBytes` says otherwise),
 * and any other file field is refused. If anything fails, files stored by this call are removed before
 * the error is thrown.
 */
export async function parseUploadForm(
  request: Request,
  options: { field?: string; maxBytes?: number; maxFieldBytes?: number } = {},
): Promise<{ formData: FormData; uploads: StoredUpload[] }> {
  const field = options.field ?? 'file'
  const maxBytes = options.maxBytes ?? maxUploadBytes()
  const maxFieldBytes = options.maxFieldBytes ?? MAX_TEXT_FIELD
  const bodyLimit = maxBytes + Math.max(FORM_OVERHEAD, maxFieldBytes)
  if (!isMultipart(request) || !request.body) throw new UploadError('malformed')
  const declared = Number(request.headers.get('Content-Length'))
  if (Number.isFinite(declared) && declared > bodyLimit) throw new UploadError('tooLarge')

  let received = 0
  const limited = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength
        if (received > bodyLimit) controller.error(new UploadError('tooLarge'))
        else controller.enqueue(chunk)
      },
    }),
  )
  const limitedRequest = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: limited,
    duplex: 'half',
  } as RequestInit)

  const uploads: StoredUpload[] = []
  let parts = 0
  const handler: UploadHandler = async ({ name, filename, data }) => {
    parts += 1
    if (parts > MAX_PARTS) throw new UploadError('malformed')
    if (filename === undefined) return readText(data, maxFieldBytes)
    if (name !== field || uploads.length > 0) throw new UploadError('malformed')
    // An empty file input: the browser sends a part with no name and no bytes.
    if (filename === '') {
      await readText(data, 0)
      return undefined
    }
    const stored = await storeUpload(data, filename, { maxBytes })
    uploads.push(stored)
    return stored.storageKey
  }
  try {
    const formData = await unstable_parseMultipartFormData(limitedRequest, handler)
    return { formData, uploads }
  } catch (error) {
    await Promise.all(uploads.map((u) => removeUpload(u.storageKey)))
    if (error instanceof UploadError) throw error
    // The parser's own errors: a truncated or malformed body.
    throw new UploadError('malformed')
  }
}

export function isMultipart(request: Request) {
  return /^multipart\/form-data\s*;/i.test(request.headers.get('Content-Type') ?? '')
}

async function readText(data: AsyncIterable<Uint8Array>, limit: number) {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size > limit) throw new UploadError('malformed')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

// ---------------------------------------------------------------------------------------------
// Serving

/**
 * `attachment` with the name twice: an ASCII stand-in for old clients and the real name in RFC 5987
 * form (`filename*=UTF-8''…`), which keeps Cyrillic names intact.
 */
export function contentDisposition(downloadName: string) {
  const name = cleanFileName(downloadName) ?? 'download'
  const fallback = name.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/**
 * A stored file as a download. Always `attachment` and `nosniff`, and sandboxed by CSP should a browser
 * render it anyway, so an uploaded file can never run as a page of this site. A malformed key or a
 * missing file is a 404.
 */
export async function serveUpload(storageKey: string, downloadName: string, contentType: string) {
  if (!isStorageKey(storageKey)) notFound()
  const file = storagePath(storageKey)
  const stat = await fsp.stat(file).catch(() => null)
  if (!stat?.isFile()) notFound()
  const type = KNOWN_CONTENT_TYPES.has(contentType) ? contentType : 'application/octet-stream'
  const body = createReadableStreamFromReadable(fs.createReadStream(file))
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
      'Content-Length': String(stat.size),
      'Content-Disposition': contentDisposition(downloadName),
      // Sent once: these replace the site-wide headers of the same name (securityHeadersMiddleware).
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': DOWNLOAD_CSP,
      // The person's right to the file is checked on every request; no shared cache may keep it.
      'Cache-Control': 'private, no-cache',
    },
  })
}
