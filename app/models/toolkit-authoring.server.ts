// Authoring toolkit resources: details, a draft version (text, template fields, attachments), publishing
// numbered versions with a change note, "see also" links, archiving. A resource's draft is its version 0:
// a toolkit_versions row readers never reach (they only see the version the resource points at), which gets
// the next number when it is published — so older versions, their attachments and the usage counted
// against them all stay as they were.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, max, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import { slugify } from '#db/builders.ts'
import { TOOLKIT_AUDIENCES, TOOLKIT_KINDS } from '#db/content/toolkits.ts'
import {
  attachments,
  COURSE_TOPICS,
  courses,
  lessons,
  organisations,
  STAGES,
  TEMPLATE_FIELD_TYPES,
  toolkitAttachments,
  toolkitRelated,
  toolkitResources,
  toolkitUsage,
  toolkitVersions,
  users,
  type TemplateField,
} from '#db/schema/index.ts'
import { canAuthorOrganisation, COURSE_SLUG, validateLessonDoc } from '#app/models/course-authoring.server.ts'
import { courseSearchQuery } from '#app/models/course-search.server.ts'
import { refreshToolkitSearch } from '#app/models/toolkit-search.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import type { CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { optionalText, requiredText } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { renderRichText } from '#app/utils/rich-text.server.ts'
import type { RichTextDoc, RichTextNode } from '#app/utils/rich-text.ts'
import type { StoredUpload } from '#app/utils/uploads.server.ts'

/** Version number of a resource's working copy; published versions are 1, 2, 3… */
export const DRAFT_VERSION = 0
/** Enough for a presentation, its handouts and a spreadsheet or two. */
export const MAX_RESOURCE_ATTACHMENTS = 20
export const MAX_TEMPLATE_FIELDS = 60
export const MAX_RELATED = 30
const MAX_TAGS = 12

/** /toolkits/new is a page, not a resource. */
const RESERVED_SLUGS = new Set(['new'])
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]*$/

// ---------------------------------------------------------------------------------------------
// Who may author

/** A slug route parameter, or 404 (a malformed one cannot name a resource). */
export function resourceSlugFrom(params: { slug?: string }) {
  const slug = params.slug ?? ''
  if (slug.length > 80 || !COURSE_SLUG.test(slug)) notFound()
  return slug
}

/** Someone who may create resources: an administrator, or a mentor or leader of a mentor organisation. */
export function requireCanAuthorResources(user: CurrentUser) {
  if (!user.isAdmin && mentorOrganisationIds(user).length === 0) forbidden('toolkits.error.notAuthor')
}

const resourceColumns = {
  id: toolkitResources.id,
  slug: toolkitResources.slug,
  organisationId: toolkitResources.organisationId,
  kind: toolkitResources.kind,
  title: toolkitResources.title,
  titleEn: toolkitResources.titleEn,
  summary: toolkitResources.summary,
  topic: toolkitResources.topic,
  stage: toolkitResources.stage,
  audience: toolkitResources.audience,
  tags: toolkitResources.tags,
  status: toolkitResources.status,
  source: toolkitResources.source,
  currentVersionId: toolkitResources.currentVersionId,
  updatedAt: toolkitResources.updatedAt,
}

export type AuthoredResource = Awaited<ReturnType<typeof requireResourceAuthor>>

/**
 * Loads a resource the person may author, or throws 404 / 403: administrators, and mentors or leaders of
 * the organisation that owns it; the installation's library (no owner) is for administrators only.
 */
export async function requireResourceAuthor(user: CurrentUser, slug: string, tx: Executor = db) {
  const [resource] = await tx
    .select({ ...resourceColumns, organisationName: organisations.name })
    .from(toolkitResources)
    .leftJoin(organisations, eq(organisations.id, toolkitResources.organisationId))
    .where(eq(toolkitResources.slug, slug))
  if (!resource) notFound()
  if (!canAuthorOrganisation(user, resource.organisationId)) forbidden('toolkits.error.notYourResource')
  return resource
}

/** Whether the person may edit a resource (for the "Edit" link on reader pages). */
export function canAuthorResource(user: CurrentUser, resource: { organisationId: string | null }) {
  return canAuthorOrganisation(user, resource.organisationId)
}

// ---------------------------------------------------------------------------------------------
// Forms

/** Tags typed as one line, separated by commas: trimmed, without repeats, at most MAX_TAGS of 40 characters. */
const tagsField = z
  .string()
  .max(1000, { error: 'validation.tooLong' })
  .optional()
  .transform((value) => {
    const seen = new Set<string>()
    const out: string[] = []
    for (const raw of (value ?? '').split(/[,;\n]/)) {
      const tag = raw.replace(/\s+/g, ' ').trim()
      if (tag && !seen.has(tag.toLowerCase())) {
        seen.add(tag.toLowerCase())
        out.push(tag)
      }
    }
    return out
  })
  .refine((tags) => tags.length <= MAX_TAGS, { error: 'toolkits.error.tooManyTags' })
  .refine((tags) => tags.every((t) => t.length <= 40), { error: 'toolkits.error.tagTooLong' })

export const ResourceDetailsSchema = z.object({
  title: requiredText(200),
  titleEn: optionalText(200),
  summary: requiredText(1000),
  kind: z.enum(TOOLKIT_KINDS, { error: 'validation.choose' }),
  topic: z.enum(COURSE_TOPICS, { error: 'validation.choose' }),
  stage: z.enum(STAGES, { error: 'validation.choose' }),
  audience: z.enum(TOOLKIT_AUDIENCES, { error: 'validation.choose' }),
  tags: tagsField,
})

export const NewResourceSchema = ResourceDetailsSchema.extend({
  /** Empty for the installation's library (administrators only). */
  organisationId: z.string().optional(),
})

export type ResourceDetails = z.output<typeof ResourceDetailsSchema>

/** A problem an author can fix, with what the message needs (a row number, a key). */
export type AuthorProblem = { key: string; params?: Record<string, string | number> }

/**
 * The field list as the form posts it: `fields.<i>.key|label|type|hint|required`. Rows left entirely
 * blank are skipped (the form always offers an empty one). Every mistake is reported with the row's number.
 */
export function parseTemplateFields(formData: FormData): { fields: TemplateField[]; problems: AuthorProblem[]; rowErrors: Record<string, string[]> } {
  const indices = new Set<number>()
  for (const name of formData.keys()) {
    const m = /^fields\.(\d{1,3})\./.exec(name)
    if (m) indices.add(Number(m[1]))
  }
  const text = (name: string) => {
    const v = formData.get(name)
    return typeof v === 'string' ? v.trim() : ''
  }
  const fields: TemplateField[] = []
  const problems: AuthorProblem[] = []
  const rowErrors: Record<string, string[]> = {}
  const seen = new Map<string, number>()
  let row = 0
  for (const i of [...indices].sort((a, b) => a - b)) {
    const key = text(`fields.${i}.key`)
    const label = text(`fields.${i}.label`)
    const hint = text(`fields.${i}.hint`)
    const type = text(`fields.${i}.type`) || 'text'
    if (!key && !label && !hint) continue
    row += 1
    const fail = (name: string, problem: AuthorProblem) => {
      problems.push(problem)
      ;(rowErrors[`fields.${i}.${name}`] ??= []).push(problem.key)
    }
    if (!key) fail('key', { key: 'toolkits.fieldError.keyRequired', params: { n: row } })
    else if (key.length > 40 || !FIELD_KEY.test(key)) fail('key', { key: 'toolkits.fieldError.keyFormat', params: { n: row, key } })
    else if (seen.has(key.toLowerCase())) fail('key', { key: 'toolkits.fieldError.keyDuplicate', params: { n: row, key, first: seen.get(key.toLowerCase())! } })
    if (key) seen.set(key.toLowerCase(), seen.get(key.toLowerCase()) ?? row)
    if (!label) fail('label', { key: 'toolkits.fieldError.labelRequired', params: { n: row } })
    else if (label.length > 200) fail('label', { key: 'toolkits.fieldError.labelTooLong', params: { n: row } })
    if (hint.length > 500) fail('hint', { key: 'toolkits.fieldError.hintTooLong', params: { n: row } })
    if (!(TEMPLATE_FIELD_TYPES as readonly string[]).includes(type)) fail('type', { key: 'toolkits.fieldError.type', params: { n: row } })
    fields.push({
      key,
      label,
      type: type as TemplateField['type'],
      required: formData.get(`fields.${i}.required`) === 'on',
      ...(hint ? { hint } : {}),
    })
  }
  if (fields.length > MAX_TEMPLATE_FIELDS) problems.push({ key: 'toolkits.fieldError.tooMany', params: { max: MAX_TEMPLATE_FIELDS } })
  return { fields, problems, rowErrors }
}

/** Inline children of a block that holds text (paragraph, heading, table cell's paragraph…). */
function textBlocks(node: RichTextNode, out: RichTextNode[][] = []) {
  const children = node.content ?? []
  if (children.some((c) => c.type === 'text')) out.push(children)
  for (const child of children) if (child.content) textBlocks(child, out)
  return out
}

/**
 * Checks a template's text against its fields, the way a reader's form will use them: every {{key}} must
 * name a declared field, be well formed and carry one formatting throughout (a placeholder split between
 * bold and plain text is not found when filling); every declared field must be used; a template has at
 * least one field. Problems name the placeholder, in the order they appear.
 */
export function checkTemplateBody(doc: RichTextDoc, fields: readonly TemplateField[]): AuthorProblem[] {
  const problems: AuthorProblem[] = []
  const declared = new Set(fields.map((f) => f.key))
  const used = new Set<string>()
  const once = new Set<string>()
  const report = (problem: AuthorProblem) => {
    const id = `${problem.key}:${JSON.stringify(problem.params ?? {})}`
    if (!once.has(id)) {
      once.add(id)
      problems.push(problem)
    }
  }
  for (const inline of textBlocks(doc as RichTextNode)) {
    // The block's text with, for each character, the inline node it came from.
    let text = ''
    const owner: number[] = []
    inline.forEach((node, index) => {
      const piece = node.type === 'text' ? (node.text ?? '') : '\n'
      text += piece
      for (let k = 0; k < piece.length; k++) owner.push(index)
    })
    for (const m of text.matchAll(/\{\{([^{}\n]*)\}\}/g)) {
      const key = m[1]!.trim()
      const start = m.index
      const end = start + m[0].length - 1
      if (!FIELD_KEY.test(key)) {
        report({ key: 'toolkits.templateError.badPlaceholder', params: { text: m[0].slice(0, 60) } })
        continue
      }
      used.add(key)
      if (owner[start] !== owner[end]) report({ key: 'toolkits.templateError.split', params: { key } })
      if (!declared.has(key)) report({ key: 'toolkits.templateError.undeclared', params: { key } })
    }
    // Braces left over once the well-formed placeholders are taken out: «{{orgName}» or «{orgName}}».
    const rest = text.replace(/\{\{([^{}\n]*)\}\}/g, ' ')
    const stray = /\{\{[^}\n]{0,40}|[^{\n]{0,40}\}\}/.exec(rest)
    if (stray) report({ key: 'toolkits.templateError.unclosed', params: { text: stray[0].trim().slice(0, 60) } })
  }
  for (const field of fields) if (field.key && !used.has(field.key)) report({ key: 'toolkits.templateError.unused', params: { key: field.key } })
  if (fields.length === 0) report({ key: 'toolkits.templateError.noFields' })
  return problems
}

// ---------------------------------------------------------------------------------------------
// Creating and describing

/** A resource address from its title: transliterated and unique (-2, -3… when taken). */
export async function uniqueResourceSlug(tx: Executor, title: string) {
  const base = slugify(`x ${title}`).replace(/^x-?/, '').slice(0, 60).replace(/-+$/, '') || 'resource'
  const rows = await tx
    .select({ slug: toolkitResources.slug })
    .from(toolkitResources)
    .where(sql`(${toolkitResources.slug} = ${base} or ${toolkitResources.slug} like ${`${base}-%`})`)
  const taken = new Set([...rows.map((r) => r.slug), ...RESERVED_SLUGS])
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

function detailsValues(input: ResourceDetails) {
  return {
    title: input.title,
    titleEn: input.titleEn ?? null,
    summary: input.summary,
    kind: input.kind,
    topic: input.topic,
    stage: input.stage,
    audience: input.audience,
    tags: input.tags,
  }
}

/** A new resource: a draft with details only; its text is written on the next page. */
export async function createResource(tx: Executor, user: CurrentUser, input: ResourceDetails, organisationId: string | null) {
  const slug = await uniqueResourceSlug(tx, input.title)
  const [row] = await tx
    .insert(toolkitResources)
    .values({ ...detailsValues(input), slug, organisationId, status: 'draft', source: 'authored', createdById: user.id })
    .returning({ id: toolkitResources.id, slug: toolkitResources.slug })
  await tx.insert(toolkitVersions).values({
    resourceId: row!.id,
    version: DRAFT_VERSION,
    bodyJson: { type: 'doc', content: [] },
    bodyHtml: '',
    fields: [],
    createdById: user.id,
  })
  await audit(tx, {
    actorId: user.id,
    action: 'resource.create',
    entityType: 'resource',
    entityId: row!.id,
    organisationId,
    data: { title: input.title, slug, kind: input.kind },
  })
  return row!
}

/** Saves the details readers see at once (title, kind, topic…); the search document follows. */
export async function updateResourceDetails(tx: Executor, user: CurrentUser, resource: AuthoredResource, input: ResourceDetails) {
  await lockResource(tx, resource.id)
  await tx
    .update(toolkitResources)
    .set({ ...detailsValues(input), updatedAt: new Date() })
    .where(eq(toolkitResources.id, resource.id))
  await refreshToolkitSearch(tx, resource.id)
  const changed = Object.entries(detailsValues(input))
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify((resource as Record<string, unknown>)[key]))
    .map(([key]) => key)
  await audit(tx, {
    actorId: user.id,
    action: 'resource.update',
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: input.title, changed },
  })
}

/** Serialises changes to one resource (draft saves, uploads, publishing) behind its row lock. */
async function lockResource(tx: Executor, resourceId: string) {
  await tx.select({ id: toolkitResources.id }).from(toolkitResources).where(eq(toolkitResources.id, resourceId)).for('update')
}

// ---------------------------------------------------------------------------------------------
// The draft

const versionColumns = {
  id: toolkitVersions.id,
  version: toolkitVersions.version,
  bodyJson: toolkitVersions.bodyJson,
  bodyHtml: toolkitVersions.bodyHtml,
  fields: toolkitVersions.fields,
  changeNote: toolkitVersions.changeNote,
  createdAt: toolkitVersions.createdAt,
}

export async function getDraft(resourceId: string, tx: Executor = db) {
  const [row] = await tx
    .select(versionColumns)
    .from(toolkitVersions)
    .where(and(eq(toolkitVersions.resourceId, resourceId), eq(toolkitVersions.version, DRAFT_VERSION)))
  return row ?? null
}

export async function getCurrentVersion(resource: { currentVersionId: string | null }, tx: Executor = db) {
  if (!resource.currentVersionId) return null
  const [row] = await tx.select(versionColumns).from(toolkitVersions).where(eq(toolkitVersions.id, resource.currentVersionId))
  return row ?? null
}

/**
 * The resource's draft, made on first need as a copy of the current version (text, fields and the links to
 * its attachments), so the author edits from what readers see.
 */
async function ensureDraft(tx: Executor, user: CurrentUser, resource: AuthoredResource) {
  const existing = await getDraft(resource.id, tx)
  if (existing) return existing
  const current = await getCurrentVersion(resource, tx)
  const [draft] = await tx
    .insert(toolkitVersions)
    .values({
      resourceId: resource.id,
      version: DRAFT_VERSION,
      bodyJson: current?.bodyJson ?? { type: 'doc', content: [] },
      bodyHtml: current?.bodyHtml ?? '',
      fields: current?.fields ?? [],
      createdById: user.id,
      createdAt: new Date(),
    })
    .returning(versionColumns)
  if (current) {
    await tx.execute(sql`insert into ${toolkitAttachments} (version_id, attachment_id, position)
      select ${draft!.id}, ta.attachment_id, ta.position from ${toolkitAttachments} ta where ta.version_id = ${current.id}`)
  }
  return draft!
}

/** What the stale-form check compares: when the draft was last written (0 before there is one). */
export function draftStamp(draft: { createdAt: Date } | null) {
  return draft ? draft.createdAt.getTime() : 0
}

export type DraftInput = {
  /** undefined: keep the stored text (a no-JavaScript textarea left as it was). */
  body: RichTextDoc | null | undefined
  /** undefined: keep the stored fields (a resource that is not a template posts none). */
  fields: TemplateField[] | undefined
}

/** Writes the working copy; readers see nothing of it until it is published. */
export async function saveDraft(tx: Executor, user: CurrentUser, resource: AuthoredResource, input: DraftInput) {
  await lockResource(tx, resource.id)
  const draft = await ensureDraft(tx, user, resource)
  const body = input.body === undefined ? draft.bodyJson : (input.body ?? { type: 'doc', content: [] })
  const valid = validateLessonDoc(body)
  const [saved] = await tx
    .update(toolkitVersions)
    .set({
      bodyJson: body,
      bodyHtml: valid?.content?.length ? renderRichText(valid, 'lesson') : '',
      ...(input.fields === undefined ? {} : { fields: input.fields }),
      createdById: user.id,
      createdAt: new Date(),
    })
    .where(eq(toolkitVersions.id, draft.id))
    .returning(versionColumns)
  return saved!
}

/** Attachment ids of a version, in order. */
async function attachmentIdsOf(tx: Executor, versionId: string) {
  const rows = await tx
    .select({ id: toolkitAttachments.attachmentId })
    .from(toolkitAttachments)
    .where(eq(toolkitAttachments.versionId, versionId))
    .orderBy(asc(toolkitAttachments.position), asc(toolkitAttachments.attachmentId))
  return rows.map((r) => r.id)
}

export type PublishOutcome =
  | { kind: 'published'; version: number }
  | { kind: 'unchanged' }
  | { kind: 'archived' }
  | { kind: 'problems'; problems: AuthorProblem[]; errors: Record<string, string[]> }

/**
 * Saves the draft and publishes it as the next version, which readers then see; older versions stay
 * readable. Refuses (and the caller rolls the transaction back) a text that is empty or, for a template,
 * does not match its fields, and a later version without a change note. A draft identical to the current
 * version is not published again.
 */
export async function publishDraft(
  tx: Executor,
  user: CurrentUser,
  resource: AuthoredResource,
  input: DraftInput,
  changeNote: string | null,
): Promise<PublishOutcome> {
  if (resource.status === 'archived') return { kind: 'archived' }
  const draft = await saveDraft(tx, user, resource, input)
  const current = await getCurrentVersion(resource, tx)
  const doc = validateLessonDoc(draft.bodyJson)
  const isTemplate = resource.kind === 'template'
  const fields = isTemplate ? draft.fields : []
  const problems: AuthorProblem[] = []
  const errors: Record<string, string[]> = {}
  if (!doc?.content?.length) {
    problems.push({ key: 'toolkits.error.emptyBody' })
    errors.body = ['toolkits.error.emptyBody']
  } else if (isTemplate) {
    const found = checkTemplateBody(doc, fields)
    if (found.length) {
      problems.push(...found)
      errors.body = ['toolkits.error.templateMismatch']
    }
  }
  if (current && !changeNote) {
    problems.push({ key: 'toolkits.error.changeNoteRequired' })
    errors.changeNote = ['toolkits.error.changeNoteRequired']
  }
  if (problems.length) return { kind: 'problems', problems, errors }
  if (current) {
    const [a, b] = await Promise.all([attachmentIdsOf(tx, draft.id), attachmentIdsOf(tx, current.id)])
    const [same] = await tx
      .select({ id: toolkitVersions.id })
      .from(toolkitVersions)
      .where(
        and(
          eq(toolkitVersions.id, current.id),
          sql`${toolkitVersions.bodyJson} = ${JSON.stringify(doc)}::jsonb`,
          sql`${toolkitVersions.fields} = ${JSON.stringify(fields)}::jsonb`,
        ),
      )
    if (same && a.join() === b.join()) return { kind: 'unchanged' }
  }
  const [last] = await tx.select({ n: max(toolkitVersions.version) }).from(toolkitVersions).where(eq(toolkitVersions.resourceId, resource.id))
  const version = Math.max(last?.n ?? 0, DRAFT_VERSION) + 1
  await tx
    .update(toolkitVersions)
    .set({
      version,
      bodyJson: doc as Record<string, unknown>,
      bodyHtml: renderRichText(doc!, 'lesson'),
      fields,
      changeNote: changeNote || (current ? null : 'Первая публикация'),
      createdById: user.id,
      createdAt: new Date(),
    })
    .where(eq(toolkitVersions.id, draft.id))
  await tx
    .update(toolkitResources)
    .set({ currentVersionId: draft.id, status: 'published', updatedAt: new Date() })
    .where(eq(toolkitResources.id, resource.id))
  await refreshToolkitSearch(tx, resource.id)
  await audit(tx, {
    actorId: user.id,
    action: 'resource.publish',
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: resource.title, version, ...(changeNote ? { note: changeNote } : {}) },
  })
  return { kind: 'published', version }
}

/** Throws the draft away; the next edit starts again from the current version. */
export async function discardDraft(tx: Executor, user: CurrentUser, resource: AuthoredResource) {
  await lockResource(tx, resource.id)
  if (!resource.currentVersionId) return { kind: 'never-published' as const, storageKeys: [] }
  const draft = await getDraft(resource.id, tx)
  if (!draft) return { kind: 'done' as const, storageKeys: [] }
  const orphans = await orphanedBy(tx, draft.id)
  await tx.delete(toolkitVersions).where(eq(toolkitVersions.id, draft.id))
  const storageKeys = await deleteAttachmentRows(tx, orphans)
  await audit(tx, {
    actorId: user.id,
    action: 'resource.discard-draft',
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: resource.title },
  })
  return { kind: 'done' as const, storageKeys }
}

export type StatusChange = 'archive' | 'restore'

/** Archives a resource (gone from the library and its pages; usage and versions kept) or brings it back. */
export async function changeResourceStatus(tx: Executor, user: CurrentUser, resource: AuthoredResource, change: StatusChange) {
  await lockResource(tx, resource.id)
  const status = change === 'archive' ? 'archived' : resource.currentVersionId ? 'published' : 'draft'
  await tx.update(toolkitResources).set({ status, updatedAt: new Date() }).where(eq(toolkitResources.id, resource.id))
  await audit(tx, {
    actorId: user.id,
    action: `resource.${change}`,
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: resource.title },
  })
  return status
}

// ---------------------------------------------------------------------------------------------
// Versions

/** Published versions, newest first, with their authors and how often each was used. */
export async function listVersions(resourceId: string, tx: Executor = db) {
  return tx
    .select({
      id: toolkitVersions.id,
      version: toolkitVersions.version,
      changeNote: toolkitVersions.changeNote,
      createdAt: toolkitVersions.createdAt,
      author: users.name,
      uses: sql<number>`(select count(*)::int from ${toolkitUsage} u where u.version_id = ${toolkitVersions.id})`,
    })
    .from(toolkitVersions)
    .leftJoin(users, eq(users.id, toolkitVersions.createdById))
    .where(and(eq(toolkitVersions.resourceId, resourceId), gt(toolkitVersions.version, DRAFT_VERSION)))
    .orderBy(desc(toolkitVersions.version))
}

/** One published version by its number, with its author. */
export async function getPublishedVersion(resourceId: string, version: number, tx: Executor = db) {
  if (!Number.isInteger(version) || version <= DRAFT_VERSION) return null
  const [row] = await tx
    .select({ ...versionColumns, author: users.name })
    .from(toolkitVersions)
    .leftJoin(users, eq(users.id, toolkitVersions.createdById))
    .where(and(eq(toolkitVersions.resourceId, resourceId), eq(toolkitVersions.version, version)))
  return row ?? null
}

/** The number of a version by its id (null for none). */
export async function getVersionNumber(versionId: string | null, tx: Executor = db) {
  if (!versionId) return null
  const [row] = await tx.select({ version: toolkitVersions.version }).from(toolkitVersions).where(eq(toolkitVersions.id, versionId))
  return row?.version ?? null
}

// ---------------------------------------------------------------------------------------------
// Attachments (on the draft; published versions keep the ones they were published with)

export async function listVersionAttachments(versionId: string, tx: Executor = db) {
  return tx
    .select({
      id: attachments.id,
      originalName: attachments.originalName,
      contentType: attachments.contentType,
      size: attachments.size,
    })
    .from(toolkitAttachments)
    .innerJoin(attachments, eq(attachments.id, toolkitAttachments.attachmentId))
    .where(eq(toolkitAttachments.versionId, versionId))
    .orderBy(asc(toolkitAttachments.position), asc(attachments.createdAt))
}

/** Records a stored file as the draft's last attachment; 'too-many' writes nothing (the caller removes the file). */
export async function addResourceAttachment(tx: Executor, user: CurrentUser, resource: AuthoredResource, file: StoredUpload) {
  await lockResource(tx, resource.id)
  const draft = await ensureDraft(tx, user, resource)
  const [stats] = await tx
    .select({ n: count(), last: max(toolkitAttachments.position) })
    .from(toolkitAttachments)
    .where(eq(toolkitAttachments.versionId, draft.id))
  if ((stats?.n ?? 0) >= MAX_RESOURCE_ATTACHMENTS) return { kind: 'too-many' as const }
  const [row] = await tx
    .insert(attachments)
    .values({
      storageKey: file.storageKey,
      originalName: file.originalName,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploadedById: user.id,
    })
    .returning({ id: attachments.id })
  await tx.insert(toolkitAttachments).values({ versionId: draft.id, attachmentId: row!.id, position: (stats?.last ?? -1) + 1 })
  await audit(tx, {
    actorId: user.id,
    action: 'resource.attachment-add',
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: resource.title, file: file.originalName },
  })
  return { kind: 'added' as const, id: row!.id }
}

/** Attachments linked from this version only (deleting the version would leave them unreachable). */
async function orphanedBy(tx: Executor, versionId: string) {
  const rows = await tx
    .select({ id: toolkitAttachments.attachmentId })
    .from(toolkitAttachments)
    .where(
      and(
        eq(toolkitAttachments.versionId, versionId),
        sql`not exists (select 1 from ${toolkitAttachments} other where other.attachment_id = ${toolkitAttachments.attachmentId} and other.version_id <> ${versionId})`,
      ),
    )
  return rows.map((r) => r.id)
}

async function deleteAttachmentRows(tx: Executor, ids: string[]) {
  if (ids.length === 0) return []
  const rows = await tx.delete(attachments).where(inArray(attachments.id, ids)).returning({ storageKey: attachments.storageKey })
  return rows.map((r) => r.storageKey)
}

/**
 * Takes a file off the draft. A file that a published version also has stays stored (that version still
 * offers it); otherwise its row goes and its storage key comes back for the caller to delete after commit.
 */
export async function removeResourceAttachment(tx: Executor, user: CurrentUser, resource: AuthoredResource, attachmentId: string) {
  await lockResource(tx, resource.id)
  const draft = await ensureDraft(tx, user, resource)
  const [link] = await tx
    .select({ name: attachments.originalName })
    .from(toolkitAttachments)
    .innerJoin(attachments, eq(attachments.id, toolkitAttachments.attachmentId))
    .where(and(eq(toolkitAttachments.versionId, draft.id), eq(toolkitAttachments.attachmentId, attachmentId)))
  if (!link) return { kind: 'not-found' as const }
  await tx.delete(toolkitAttachments).where(and(eq(toolkitAttachments.versionId, draft.id), eq(toolkitAttachments.attachmentId, attachmentId)))
  const [still] = await tx.select({ n: count() }).from(toolkitAttachments).where(eq(toolkitAttachments.attachmentId, attachmentId))
  const storageKeys = still?.n ? [] : await deleteAttachmentRows(tx, [attachmentId])
  await tx.update(toolkitVersions).set({ createdAt: new Date() }).where(eq(toolkitVersions.id, draft.id))
  await audit(tx, {
    actorId: user.id,
    action: 'resource.attachment-remove',
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: resource.title, file: link.name },
  })
  return { kind: 'removed' as const, storageKeys }
}

/**
 * An attachment of a resource with what access needs: the newest published version that has it (null when
 * only the draft has it) and whether the draft has it.
 */
export async function getResourceAttachment(resourceId: string, attachmentId: string, tx: Executor = db) {
  const rows = await tx
    .select({
      storageKey: attachments.storageKey,
      originalName: attachments.originalName,
      contentType: attachments.contentType,
      versionId: toolkitVersions.id,
      version: toolkitVersions.version,
    })
    .from(toolkitAttachments)
    .innerJoin(attachments, eq(attachments.id, toolkitAttachments.attachmentId))
    .innerJoin(toolkitVersions, eq(toolkitVersions.id, toolkitAttachments.versionId))
    .where(and(eq(toolkitAttachments.attachmentId, attachmentId), eq(toolkitVersions.resourceId, resourceId)))
    .orderBy(desc(toolkitVersions.version))
  if (rows.length === 0) return null
  const published = rows.find((r) => r.version > DRAFT_VERSION) ?? null
  const { storageKey, originalName, contentType } = rows[0]!
  return { storageKey, originalName, contentType, publishedVersionId: published?.versionId ?? null, inDraft: rows.some((r) => r.version === DRAFT_VERSION) }
}

// ---------------------------------------------------------------------------------------------
// "See also"

export type RelatedTarget = { kind: 'resource' | 'course' | 'lesson'; id: string }

const relatedResource = alias(toolkitResources, 'related_resource')
const relatedCourse = alias(courses, 'related_course')
const relatedLesson = alias(lessons, 'related_lesson')
const lessonCourse = alias(courses, 'lesson_course')

/**
 * Every link of a resource, whatever the target's state, in order; `visible` says whether a reader may
 * open the target (a published resource, a published course, a published lesson of a published course).
 */
export type RelatedLink = {
  id: string
  kind: 'resource' | 'course' | 'lesson'
  title: string
  href: string
  /** For a resource: its kind (template, guide…). */
  resourceKind: string | null
  /** For a lesson: its course's title. */
  course: string | null
  visible: boolean
}

export async function listRelated(resourceId: string, tx: Executor = db): Promise<RelatedLink[]> {
  const rows = await tx
    .select({
      id: toolkitRelated.id,
      resource: { slug: relatedResource.slug, title: relatedResource.title, kind: relatedResource.kind, status: relatedResource.status },
      course: { slug: relatedCourse.slug, title: relatedCourse.title, status: relatedCourse.status },
      lesson: { slug: relatedLesson.slug, title: relatedLesson.title, publishedVersionId: relatedLesson.publishedVersionId },
      lessonCourse: { slug: lessonCourse.slug, title: lessonCourse.title, status: lessonCourse.status },
    })
    .from(toolkitRelated)
    .leftJoin(relatedResource, eq(relatedResource.id, toolkitRelated.relatedResourceId))
    .leftJoin(relatedCourse, eq(relatedCourse.id, toolkitRelated.courseId))
    .leftJoin(relatedLesson, eq(relatedLesson.id, toolkitRelated.lessonId))
    .leftJoin(lessonCourse, eq(lessonCourse.id, relatedLesson.courseId))
    .where(eq(toolkitRelated.resourceId, resourceId))
    .orderBy(asc(toolkitRelated.position), asc(toolkitRelated.id))
  return rows.flatMap((r): RelatedLink[] => {
    if (r.resource) {
      const { slug, title, kind, status } = r.resource
      return [{ id: r.id, kind: 'resource' as const, title, href: `/toolkits/${slug}`, resourceKind: kind, course: null, visible: status === 'published' }]
    }
    if (r.lesson && r.lessonCourse) {
      const visible = r.lessonCourse.status === 'published' && r.lesson.publishedVersionId !== null
      return [
        { id: r.id, kind: 'lesson' as const, title: r.lesson.title, href: `/courses/${r.lessonCourse.slug}/${r.lesson.slug}`, resourceKind: null, course: r.lessonCourse.title, visible },
      ]
    }
    if (r.course) {
      const { slug, title, status } = r.course
      return [{ id: r.id, kind: 'course' as const, title, href: `/courses/${slug}`, resourceKind: null, course: null, visible: status === 'published' }]
    }
    return []
  })
}

/** Adds a link at the end; the target must exist (and not be the resource itself), and not be linked already. */
export async function addRelated(tx: Executor, user: CurrentUser, resource: AuthoredResource, target: RelatedTarget) {
  await lockResource(tx, resource.id)
  if (target.kind === 'resource' && target.id === resource.id) return { kind: 'self' as const }
  const table = target.kind === 'resource' ? toolkitResources : target.kind === 'course' ? courses : lessons
  const [exists] = await tx.select({ id: table.id }).from(table).where(eq(table.id, target.id))
  if (!exists) return { kind: 'not-found' as const }
  const column =
    target.kind === 'resource' ? toolkitRelated.relatedResourceId : target.kind === 'course' ? toolkitRelated.courseId : toolkitRelated.lessonId
  const [stats] = await tx
    .select({ n: count(), last: max(toolkitRelated.position), dup: sql<boolean>`coalesce(bool_or(${column} = ${target.id}), false)` })
    .from(toolkitRelated)
    .where(eq(toolkitRelated.resourceId, resource.id))
  if (stats?.dup) return { kind: 'duplicate' as const }
  if ((stats?.n ?? 0) >= MAX_RELATED) return { kind: 'too-many' as const }
  await tx.insert(toolkitRelated).values({
    resourceId: resource.id,
    position: (stats?.last ?? -1) + 1,
    relatedResourceId: target.kind === 'resource' ? target.id : null,
    courseId: target.kind === 'course' ? target.id : null,
    lessonId: target.kind === 'lesson' ? target.id : null,
  })
  await audit(tx, {
    actorId: user.id,
    action: 'resource.related-add',
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: resource.title, target },
  })
  return { kind: 'added' as const }
}

export async function removeRelated(tx: Executor, user: CurrentUser, resource: AuthoredResource, relatedId: string) {
  const removed = await tx
    .delete(toolkitRelated)
    .where(and(eq(toolkitRelated.id, relatedId), eq(toolkitRelated.resourceId, resource.id)))
    .returning({ id: toolkitRelated.id })
  if (removed.length === 0) return false
  await audit(tx, {
    actorId: user.id,
    action: 'resource.related-remove',
    entityType: 'resource',
    entityId: resource.id,
    organisationId: resource.organisationId,
    data: { title: resource.title },
  })
  return true
}

const CANDIDATES = 8

/**
 * What an author can link to for a search: published resources (Russian full-text search), published
 * courses and their published lessons (by title or by the course's search document), a few of each.
 */
export async function searchRelatedCandidates(q: string, resourceId: string, tx: Executor = db) {
  const tsQuery = courseSearchQuery(q)
  if (!tsQuery) return { resources: [], courses: [], lessons: [] }
  const pattern = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const [resourceRows, courseRows, lessonRows] = await Promise.all([
    tx
      .select({ id: toolkitResources.id, title: toolkitResources.title, kind: toolkitResources.kind })
      .from(toolkitResources)
      .where(and(eq(toolkitResources.status, 'published'), ne(toolkitResources.id, resourceId), sql`${toolkitResources.searchVector} @@ (${tsQuery})`))
      .orderBy(desc(sql`ts_rank(${toolkitResources.searchVector}, (${tsQuery}))`), asc(toolkitResources.title))
      .limit(CANDIDATES),
    tx
      .select({ id: courses.id, title: courses.title })
      .from(courses)
      .where(and(eq(courses.status, 'published'), sql`${courses.searchVector} @@ (${tsQuery})`))
      .orderBy(desc(sql`ts_rank(${courses.searchVector}, (${tsQuery}))`), asc(courses.title))
      .limit(CANDIDATES),
    tx
      .select({ id: lessons.id, title: lessons.title, course: courses.title })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .where(
        and(
          eq(courses.status, 'published'),
          isNotNull(lessons.publishedVersionId),
          sql`(${lessons.title} ilike ${pattern} or ${courses.searchVector} @@ (${tsQuery}))`,
        ),
      )
      .orderBy(sql`(${lessons.title} ilike ${pattern}) desc`, asc(courses.title), asc(lessons.position))
      .limit(CANDIDATES),
  ])
  return { resources: resourceRows, courses: courseRows, lessons: lessonRows }
}

// ---------------------------------------------------------------------------------------------
// Lists for authors

/** Drafts and archived resources of the organisations a person authors for (admins: all), newest first. */
export async function listAuthorWork(user: CurrentUser, limit = 20, tx: Executor = db) {
  const own = mentorOrganisationIds(user)
  if (!user.isAdmin && own.length === 0) return []
  return tx
    .select({ slug: toolkitResources.slug, title: toolkitResources.title, status: toolkitResources.status, kind: toolkitResources.kind, updatedAt: toolkitResources.updatedAt })
    .from(toolkitResources)
    .where(
      and(
        ne(toolkitResources.status, 'published'),
        user.isAdmin ? undefined : inArray(toolkitResources.organisationId, own),
      ),
    )
    .orderBy(desc(toolkitResources.updatedAt))
    .limit(limit)
}
