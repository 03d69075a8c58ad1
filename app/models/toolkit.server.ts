import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import {
  COURSE_TOPICS,
  STAGES,
  savedRequisites,
  toolkitResources,
  toolkitUsage,
  toolkitVersions,
  type TemplateField,
} from '#db/schema/index.ts'
import { TOOLKIT_AUDIENCES, TOOLKIT_KINDS } from '#db/content/toolkits.ts'
import { db } from '#app/utils/db.server.ts'
import { fillDoc, generateDocx, MissingValuesError, TemplateError } from '#app/utils/docx.server.ts'
import { emailField, isoDate, issuesToErrors, type FieldErrors } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { formatMoney } from '#app/utils/i18n.ts'
import { innSchema, kppSchema, ogrnSchema } from '#app/utils/requisites.ts'
import type { RichTextDoc, RichTextNode } from '#app/utils/rich-text.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { courseSearchQuery } from './course-search.server.ts'
import { canAuthorResource, listRelated } from './toolkit-authoring.server.ts'

export const LIBRARY_PAGE_SIZE = 24

// ---------------------------------------------------------------------------------------------
// Library

/** The library's query string; anything malformed falls back to "no filter". */
export const LibraryQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  kind: z.enum(TOOLKIT_KINDS).optional().catch(undefined),
  topic: z.enum(COURSE_TOPICS).optional().catch(undefined),
  stage: z.enum(STAGES).optional().catch(undefined),
  audience: z.enum(TOOLKIT_AUDIENCES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type LibraryQuery = z.output<typeof LibraryQuerySchema>

export function parseLibraryQuery(url: URL): LibraryQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['q', 'kind', 'topic', 'stage', 'audience', 'page']) {
    const value = url.searchParams.get(key)?.trim()
    raw[key] = value ? value : undefined
  }
  return LibraryQuerySchema.parse(raw)
}

/**
 * One page of published resources with the total, ranked by relevance when searching (else by title).
 * Two steps: the page's ids and the total are found over narrow rows (the table's rows are wide — the
 * search document is kept in them — and sorting ten thousand of those spills to disk), then the page's
 * 24 rows are read by id.
 */
export async function listLibrary(query: LibraryQuery) {
  const conditions: (SQL | undefined)[] = [eq(toolkitResources.status, 'published')]
  if (query.kind) conditions.push(eq(toolkitResources.kind, query.kind))
  if (query.topic) conditions.push(eq(toolkitResources.topic, query.topic))
  if (query.stage) conditions.push(eq(toolkitResources.stage, query.stage))
  // «Для НКО» also lists what suits both audiences.
  if (query.audience) conditions.push(sql`${toolkitResources.audience} in (${query.audience}, 'both')`)
  const tsQuery = query.q ? courseSearchQuery(query.q) : null
  if (query.q && !tsQuery) conditions.push(sql`false`)
  if (tsQuery) conditions.push(sql`${toolkitResources.searchVector} @@ (${tsQuery})`)
  const order = [asc(toolkitResources.title), asc(toolkitResources.id)]
  if (tsQuery) order.unshift(desc(sql`ts_rank(${toolkitResources.searchVector}, (${tsQuery}))`))
  const page = await db
    .select({ id: toolkitResources.id, total: sql<number>`(count(*) over ())::int` })
    .from(toolkitResources)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(LIBRARY_PAGE_SIZE)
    .offset((query.page - 1) * LIBRARY_PAGE_SIZE)
  const total = page[0]?.total ?? (query.page > 1 ? await countLibrary(conditions) : 0)
  const rows = page.length
    ? await db
        .select({
          id: toolkitResources.id,
          slug: toolkitResources.slug,
          kind: toolkitResources.kind,
          title: toolkitResources.title,
          titleEn: toolkitResources.titleEn,
          summary: toolkitResources.summary,
          topic: toolkitResources.topic,
          stage: toolkitResources.stage,
          audience: toolkitResources.audience,
          tags: toolkitResources.tags,
        })
        .from(toolkitResources)
        .where(inArray(toolkitResources.id, page.map((r) => r.id)))
    : []
  const byId = new Map(rows.map((r) => [r.id, r]))
  return {
    resources: page.map((r) => byId.get(r.id)).filter((r): r is (typeof rows)[number] => r !== undefined),
    total,
    pages: Math.max(1, Math.ceil(total / LIBRARY_PAGE_SIZE)),
  }
}

/** The total alone, for a page past the end (it has no rows to carry the window count). */
async function countLibrary(conditions: (SQL | undefined)[]) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(toolkitResources).where(and(...conditions))
  return row?.n ?? 0
}

// ---------------------------------------------------------------------------------------------
// One resource

/** Every column but the search document (a kilobyte or two per row that pages never show). */
const { searchVector: _searchVector, ...resourceColumns } = getTableColumns(toolkitResources)

/** A published resource with its current version, or null. */
export async function getPublishedResource(slug: string) {
  const [row] = await db
    .select({
      resource: resourceColumns,
      version: {
        id: toolkitVersions.id,
        version: toolkitVersions.version,
        bodyJson: toolkitVersions.bodyJson,
        bodyHtml: toolkitVersions.bodyHtml,
        fields: toolkitVersions.fields,
        createdAt: toolkitVersions.createdAt,
      },
    })
    .from(toolkitResources)
    .innerJoin(toolkitVersions, eq(toolkitVersions.id, toolkitResources.currentVersionId))
    .where(and(eq(toolkitResources.slug, slug), eq(toolkitResources.status, 'published')))
  return row ?? null
}

/** A resource in any state (draft, published, archived), or null. */
export async function getResourceBySlug(slug: string) {
  const [resource] = await db.select(resourceColumns).from(toolkitResources).where(eq(toolkitResources.slug, slug))
  return resource ?? null
}

/**
 * A resource a person may read outside the library's current version: any signed-in person when it is
 * published; its authors also while it is a draft or archived. Otherwise 404 (its existence is not told).
 */
export async function requireReadableResource(user: CurrentUser, slug: string) {
  const resource = await getResourceBySlug(slug)
  if (!resource) notFound()
  const canEdit = canAuthorResource(user, resource)
  if (resource.status !== 'published' && !canEdit) notFound()
  return { resource, canEdit }
}

/** Headings of a document for its table of contents, with the ids that withHeadingIds gives them. */
export function tableOfContents(doc: RichTextDoc) {
  const out: { id: string; level: number; text: string }[] = []
  const text = (node: RichTextNode): string => (node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(text).join(''))
  for (const node of doc.content ?? []) {
    if (node.type === 'heading') {
      const level = Number(node.attrs?.level ?? 2)
      if (level <= 3) out.push({ id: `section-${out.length + 1}`, level, text: text(node) })
    }
  }
  return out
}

/** Gives the rendered h2/h3 headings the ids the table of contents links to (same order as tableOfContents). */
export function withHeadingIds(html: string) {
  let n = 0
  return html.replace(/<h([23])>/g, (_m, level: string) => `<h${level} id="section-${++n}">`)
}

/** The centre a person acts for: their first centre membership. */
export function userCentreId(user: CurrentUser) {
  return user.memberships.find((m) => m.kind === 'centre')?.organisationId ?? null
}

/** "See also" as readers get it: only targets they can open, in the author's order. */
export async function getRelatedForReaders(resourceId: string) {
  return (await listRelated(resourceId)).filter((link) => link.visible)
}

/** Counts one use of a resource (a view, a download, a generated .docx or a print/PDF) for the person's centre. */
export async function recordUsage(
  user: CurrentUser,
  resource: { id: string },
  versionId: string | null,
  kind: 'view' | 'download' | 'generate_docx' | 'generate_pdf',
) {
  await db.insert(toolkitUsage).values({ resourceId: resource.id, versionId, organisationId: userCentreId(user), userId: user.id, kind })
}

// ---------------------------------------------------------------------------------------------
// Filling templates

const money = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s\u00a0]/g, '').replace(',', '.'))
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: 'validation.money' }))
const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s()-]{6,20}$/, { error: 'validation.phone' })
const number = z
  .string()
  .trim()
  .regex(/^-?\d{1,12}([.,]\d{1,4})?$/, { error: 'validation.number' })

function schemaFor(field: TemplateField): z.ZodType<string | undefined> {
  const base: z.ZodType<string> = (() => {
    switch (field.type) {
      case 'inn':
        return innSchema
      case 'ogrn':
        return ogrnSchema
      case 'kpp':
        return kppSchema
      case 'date':
        return isoDate
      case 'money':
        return money
      case 'phone':
        return phone
      case 'email':
        return emailField
      case 'number':
        return number
      case 'textarea':
        return z.string().trim().max(5000, { error: 'validation.tooLong' })
      default:
        return z.string().trim().max(500, { error: 'validation.tooLong' })
    }
  })()
  return field.required ? base : base.optional()
}

export type FillResult =
  | { ok: true; values: Record<string, string> }
  | { ok: false; errors: FieldErrors; values: Record<string, string> }

/**
 * Validates a filled form against the template's fields on the server. Values come back normalised
 * (digits without spaces, ISO dates, money with a dot); on failure, what the person typed comes back.
 */
export function validateFill(fields: readonly TemplateField[], formData: FormData): FillResult {
  const typed: Record<string, string> = {}
  const input: Record<string, string | undefined> = {}
  for (const field of fields) {
    const raw = formData.get(`f.${field.key}`)
    const value = typeof raw === 'string' ? raw : ''
    typed[field.key] = value
    input[field.key] = value.trim() === '' ? undefined : value
  }
  const shape = Object.fromEntries(fields.map((f) => [f.key, schemaFor(f)]))
  const parsed = z.object(shape).safeParse(input)
  if (!parsed.success) {
    const errors = issuesToErrors(parsed.error.issues)
    // Field names in the form carry an «f.» prefix, so they never clash with intent, label and the like.
    return { ok: false, errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k ? `f.${k}` : '', v])), values: typed }
  }
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(parsed.data as Record<string, string | undefined>)) if (value) values[key] = value
  return { ok: true, values }
}

/** How a value reads in the document: dates as 01.03.2026, money as «12 500,00 ₽». */
export function displayValues(fields: readonly TemplateField[], values: Record<string, string>) {
  const out: Record<string, string> = {}
  for (const field of fields) {
    const value = values[field.key]
    if (value === undefined) continue
    if (field.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = value.split('-')
      out[field.key] = `${d}.${m}.${y}`
    } else if (field.type === 'money') out[field.key] = formatMoney('ru', value)
    else out[field.key] = value
  }
  return out
}

/** Optional fields left blank print as a line to fill in by hand. */
export function withBlanks(fields: readonly TemplateField[], values: Record<string, string>) {
  const out = { ...values }
  for (const field of fields) if (!field.required && !out[field.key]) out[field.key] = '________________'
  return out
}

// ---------------------------------------------------------------------------------------------
// Saved NGO details

export async function listSavedRequisites(organisationId: string) {
  return db
    .select({ id: savedRequisites.id, label: savedRequisites.label, updatedAt: savedRequisites.updatedAt })
    .from(savedRequisites)
    .where(eq(savedRequisites.organisationId, organisationId))
    .orderBy(asc(savedRequisites.label))
}

/** Saved details by id, only if they belong to the person's centre; otherwise null (the caller answers 404). */
export async function getSavedRequisitesFor(user: CurrentUser, id: string) {
  const centreId = userCentreId(user)
  if (!centreId || !z.uuid().safeParse(id).success) return null
  const [row] = await db
    .select()
    .from(savedRequisites)
    .where(and(eq(savedRequisites.id, id), eq(savedRequisites.organisationId, centreId)))
  return row ?? null
}

export async function saveRequisites(user: CurrentUser, label: string, values: Record<string, string>) {
  const centreId = userCentreId(user)
  if (!centreId) return null
  const [row] = await db
    .insert(savedRequisites)
    .values({ organisationId: centreId, label, values, createdById: user.id })
    .returning({ id: savedRequisites.id })
  return row!
}

// ---------------------------------------------------------------------------------------------
// Generating documents

type ResourceWithVersion = NonNullable<Awaited<ReturnType<typeof getPublishedResource>>>

export type GenerateOutcome =
  | { ok: true; doc: RichTextDoc; values: Record<string, string> }
  | { ok: false; status: 400 | 422; errors: FieldErrors; values: Record<string, string> }

/**
 * Validates the form and fills the template: field errors (400) for the person, a clear error (422) when
 * the template itself is broken. Nothing is generated unless both are fine.
 */
export function fillFromForm(row: ResourceWithVersion, formData: FormData): GenerateOutcome {
  const fields = row.version.fields
  const checked = validateFill(fields, formData)
  if (!checked.ok) return { ok: false, status: 400, errors: checked.errors, values: checked.values }
  try {
    const doc = fillDoc(row.version.bodyJson as RichTextDoc, fields, withBlanks(fields, displayValues(fields, checked.values)))
    return { ok: true, doc, values: checked.values }
  } catch (error) {
    if (error instanceof TemplateError) {
      return { ok: false, status: 422, errors: { '': ['toolkits.templateBroken'] }, values: checked.values }
    }
    if (error instanceof MissingValuesError) {
      return {
        ok: false,
        status: 400,
        errors: { '': ['toolkits.missingValues'], ...Object.fromEntries(error.keys.map((k) => [`f.${k}`, ['validation.required']])) },
        values: checked.values,
      }
    }
    throw error
  }
}

export function docxFor(row: ResourceWithVersion, doc: RichTextDoc) {
  // The document is already filled: no placeholders are left, so no fields are needed.
  return generateDocx(doc, [], {}, { title: row.resource.title })
}
