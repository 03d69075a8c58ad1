import { and, asc, count, desc, eq, inArray, isNotNull, max, ne, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import { slugify } from '#db/builders.ts'
import {
  COURSE_TOPICS,
  completionRule,
  courseModules,
  courses,
  lessonProgress,
  lessonVersions,
  lessons,
  organisations,
  quizAttempts,
  STAGES,
  users,
  type Quiz,
} from '#db/schema/index.ts'
import { deleteLessonFiles } from '#app/models/attachments.server.ts'
import { refreshCourseSearch } from '#app/models/course-search.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import type { CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { optionalText, requiredText } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { plainTextToDoc, type RichTextDoc, type RichTextNode } from '#app/utils/rich-text.ts'
import { renderRichText, validateRichText } from '#app/utils/rich-text.server.ts'

// ---------------------------------------------------------------------------------------------
// Who may author

/**
 * Authors of a course: administrators, and mentors or leaders of the organisation that owns it.
 * A course of the installation's library (no owner) is edited by administrators only.
 */
export function canAuthorOrganisation(user: CurrentUser, organisationId: string | null) {
  if (user.isAdmin) return true
  if (organisationId === null) return false
  return mentorOrganisationIds(user).includes(organisationId)
}

export const COURSE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** Addresses taken by pages: /courses/new, and /courses/<slug>/edit and …/versions beside a lesson's page. */
const RESERVED_COURSE_SLUGS = new Set(['new'])
const RESERVED_LESSON_SLUGS = new Set(['edit', 'versions'])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function courseSlugFrom(params: { slug?: string }) {
  const slug = params.slug ?? ''
  if (slug.length > 80 || !COURSE_SLUG.test(slug)) notFound()
  return slug
}

/** A uuid route parameter, or 404 (a malformed id cannot name a record). */
export function idFrom(value: string | undefined) {
  if (!value || !UUID.test(value)) notFound()
  return value.toLowerCase()
}

const courseColumns = {
  id: courses.id,
  slug: courses.slug,
  organisationId: courses.organisationId,
  title: courses.title,
  titleEn: courses.titleEn,
  summary: courses.summary,
  summaryEn: courses.summaryEn,
  descriptionJson: courses.descriptionJson,
  topic: courses.topic,
  stage: courses.stage,
  isPublic: courses.isPublic,
  completion: courses.completion,
  status: courses.status,
  source: courses.source,
  publishedAt: courses.publishedAt,
  updatedAt: courses.updatedAt,
}

export type AuthoredCourse = Awaited<ReturnType<typeof requireCourseAuthor>>

/**
 * Loads a course the person may author, or throws 404 / 403. Every loader and action of the
 * authoring pages goes through here, so a mentor never reaches another organisation's course.
 */
export async function requireCourseAuthor(user: CurrentUser, slug: string, tx: Executor = db) {
  const [course] = await tx
    .select({ ...courseColumns, organisationName: organisations.name })
    .from(courses)
    .leftJoin(organisations, eq(organisations.id, courses.organisationId))
    .where(eq(courses.slug, slug))
  if (!course) notFound()
  if (!canAuthorOrganisation(user, course.organisationId)) forbidden()
  return course
}

/** The organisations a person may create courses for: their mentor organisations (administrators: all of them). */
export async function getAuthorableOrganisations(user: CurrentUser, tx: Executor = db) {
  const own = mentorOrganisationIds(user)
  if (!user.isAdmin && own.length === 0) return []
  return tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(user.isAdmin ? eq(organisations.kind, 'mentor') : and(eq(organisations.kind, 'mentor'), inArray(organisations.id, own)))
    .orderBy(asc(organisations.name))
}

/** Someone who may create a course at all: an administrator, or a mentor or leader of a mentor organisation. */
export function requireCanCreateCourses(user: CurrentUser) {
  if (!user.isAdmin && mentorOrganisationIds(user).length === 0) forbidden('authoring.error.notAuthor')
}

// ---------------------------------------------------------------------------------------------
// Forms

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true')

const courseFields = {
  title: requiredText(200),
  titleEn: optionalText(200),
  summary: optionalText(1000),
  summaryEn: optionalText(1000),
  topic: z.enum(COURSE_TOPICS, { error: 'validation.choose' }),
  stage: z.enum(STAGES, { error: 'validation.choose' }),
  completion: z.enum(completionRule.enumValues, { error: 'validation.choose' }),
  isPublic: checkbox,
}

export const NewCourseFormSchema = z.object({
  ...courseFields,
  /** Empty for the installation's library (administrators only). */
  organisationId: z.string().optional(),
})

export const CourseDetailsFormSchema = z.object({
  ...courseFields,
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(80, { error: 'authoring.error.slugFormat' })
    .regex(COURSE_SLUG, { error: 'authoring.error.slugFormat' })
    .refine((slug) => !RESERVED_COURSE_SLUGS.has(slug), { error: 'authoring.error.slugReserved' })
    .optional(),
})

export const ModuleTitleSchema = z.object({ title: requiredText(200) })

export const LessonFormSchema = z.object({
  title: requiredText(200),
  moduleId: z.guid({ error: 'validation.choose' }),
  minutes: z
    .string()
    .regex(/^\d{1,3}$/, { error: 'authoring.error.minutes' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 600, { error: 'authoring.error.minutes' })
    .optional(),
  required: checkbox,
  changeNote: optionalText(500),
})

export type CourseInput = z.output<typeof NewCourseFormSchema>
export type CourseDetailsInput = z.output<typeof CourseDetailsFormSchema>
export type LessonInput = z.output<typeof LessonFormSchema>

/** A problem with a quiz, with the number of the question (and option) it is about. */
export type QuizProblem = { key: string; params?: Record<string, number> }

const MAX_QUESTIONS = 50
const MAX_OPTIONS = 12

/**
 * The quiz as the quiz editor posts it (JSON in `quiz`). Absent field: the editor did not run (no
 * JavaScript), so the stored quiz stays. Empty: the lesson has no quiz. Otherwise every rule an author
 * can break is reported with the question's number.
 */
export function parseQuiz(raw: FormDataEntryValue | null):
  | { ok: true; quiz: Quiz | null | undefined }
  | { ok: false; problems: QuizProblem[] } {
  if (raw === null) return { ok: true, quiz: undefined }
  if (typeof raw !== 'string') return { ok: false, problems: [{ key: 'authoring.quiz.malformed' }] }
  if (!raw.trim()) return { ok: true, quiz: null }
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { ok: false, problems: [{ key: 'authoring.quiz.malformed' }] }
  }
  const shape = z
    .object({
      passMark: z.union([z.number(), z.string()]),
      questions: z
        .array(
          z.object({
            text: z.string().max(2000),
            kind: z.enum(['single', 'multiple']),
            options: z.array(
              z.object({ text: z.string().max(2000), correct: z.boolean(), explanation: z.string().max(2000).optional() }),
            ),
          }),
        )
        .max(MAX_QUESTIONS),
    })
    .safeParse(value)
  if (!shape.success) return { ok: false, problems: [{ key: 'authoring.quiz.malformed' }] }
  const problems: QuizProblem[] = []
  const passMark = typeof shape.data.passMark === 'number' ? shape.data.passMark : Number(shape.data.passMark.trim() || NaN)
  if (!Number.isInteger(passMark) || passMark < 1 || passMark > 100) problems.push({ key: 'authoring.quiz.passMarkInvalid' })
  if (shape.data.questions.length === 0) problems.push({ key: 'authoring.quiz.noQuestions' })
  const questions = shape.data.questions.map((q, i) => {
    const question = i + 1
    if (!q.text.trim()) problems.push({ key: 'authoring.quiz.questionEmpty', params: { question } })
    if (q.options.length < 2) problems.push({ key: 'authoring.quiz.fewOptions', params: { question } })
    if (q.options.length > MAX_OPTIONS) problems.push({ key: 'authoring.quiz.manyOptions', params: { question } })
    q.options.forEach((o, j) => {
      if (!o.text.trim()) problems.push({ key: 'authoring.quiz.optionText', params: { question, option: j + 1 } })
    })
    const correct = q.options.filter((o) => o.correct).length
    if (q.options.length >= 2 && correct === 0) problems.push({ key: 'authoring.quiz.noCorrect', params: { question } })
    if (q.kind === 'single' && correct > 1) problems.push({ key: 'authoring.quiz.singleManyCorrect', params: { question } })
    return {
      text: q.text.trim(),
      kind: q.kind,
      options: q.options.map((o) => {
        const explanation = o.explanation?.trim()
        return explanation ? { text: o.text.trim(), correct: o.correct, explanation } : { text: o.text.trim(), correct: o.correct }
      }),
    }
  })
  if (problems.length) return { ok: false, problems }
  return { ok: true, quiz: { passMark, questions } }
}

/**
 * Attributes each node and mark may carry. validateRichText checks types and addresses; this also
 * refuses anything else in `attrs` (an `onerror` smuggled into an image), so what is stored is only
 * what the editor itself produces.
 */
const NODE_ATTRS: Record<string, readonly string[]> = {
  heading: ['level'],
  orderedList: ['start', 'type'],
  codeBlock: ['language'],
  tableCell: ['colspan', 'rowspan', 'colwidth', 'align'],
  tableHeader: ['colspan', 'rowspan', 'colwidth', 'align'],
  image: ['src', 'alt', 'title', 'width', 'height'],
  callout: ['variant'],
  videoEmbed: ['src', 'title'],
}
const MARK_ATTRS: Record<string, readonly string[]> = { link: ['href', 'target', 'rel', 'class', 'title'] }

function plainAttrs(attrs: unknown, allowed: readonly string[] = []) {
  if (attrs === undefined || attrs === null) return true
  if (typeof attrs !== 'object' || Array.isArray(attrs)) return false
  for (const [key, value] of Object.entries(attrs)) {
    if (!allowed.includes(key)) return false
    const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value)
    const numbers = Array.isArray(value) && value.every((v) => v === null || typeof v === 'number')
    if (!scalar && !numbers) return false
    if (typeof value === 'string' && value.length > 2000) return false
  }
  return true
}

function attributesAllowed(node: RichTextNode): boolean {
  if (!plainAttrs(node.attrs, NODE_ATTRS[node.type])) return false
  for (const mark of node.marks ?? []) if (!plainAttrs(mark.attrs, MARK_ATTRS[mark.type])) return false
  return (node.content ?? []).every(attributesAllowed)
}

/** A lesson document that passes both the shared allowlist and the attribute check, or null. */
export function validateLessonDoc(value: unknown): RichTextDoc | null {
  const doc = validateRichText(value, 'lesson')
  if (!doc || !attributesAllowed(doc as RichTextNode)) return null
  return doc
}

/** The text of a document with blank lines between blocks, as the no-JavaScript textarea shows it. */
export function docToEditableText(doc: unknown): string {
  const blocks: string[] = []
  const inline = (node: RichTextNode): string =>
    node.type === 'text' ? (node.text ?? '') : node.type === 'hardBreak' ? '\n' : (node.content ?? []).map(inline).join('')
  const walk = (node: RichTextNode) => {
    if (['paragraph', 'heading', 'codeBlock'].includes(node.type)) blocks.push(inline(node))
    else if (node.type === 'videoEmbed' || node.type === 'image') blocks.push(String(node.attrs?.src ?? ''))
    else (node.content ?? []).forEach(walk)
  }
  if (doc && typeof doc === 'object') walk(doc as RichTextNode)
  return blocks.filter((b) => b.trim()).join('\n\n')
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

/**
 * A rich-text field of an authoring form. The editor posts JSON in `name`; without JavaScript the
 * textarea posts plain text in `${name}Text`. A textarea left as it was keeps the stored document, so
 * saving other fields without JavaScript never flattens a lesson's tables and callouts.
 * `undefined` means "keep the stored document".
 */
export function parseRichBody(
  formData: FormData,
  name: string,
  current: unknown,
): { ok: true; doc: RichTextDoc | null | undefined } | { ok: false } {
  const json = formData.get(name)
  const text = formData.get(`${name}Text`)
  if (typeof json === 'string' && json.trim()) {
    let parsed: unknown
    try {
      parsed = JSON.parse(json)
    } catch {
      return { ok: false }
    }
    const doc = validateLessonDoc(parsed)
    if (!doc) return { ok: false }
    return { ok: true, doc: doc.content?.length ? doc : null }
  }
  if (typeof json === 'string') return { ok: true, doc: null }
  if (typeof text === 'string') {
    if (current && squash(text) === squash(docToEditableText(current))) return { ok: true, doc: undefined }
    if (text.length > 200_000) return { ok: false }
    const doc = plainTextToDoc(text)
    return { ok: true, doc: doc.content?.length ? doc : null }
  }
  return { ok: true, doc: undefined }
}

// ---------------------------------------------------------------------------------------------
// Courses

/** A course address from its title: transliterated, and unique among courses (-2, -3… when taken). */
export async function uniqueCourseSlug(tx: Executor, title: string, exceptId?: string) {
  // The leading letter keeps slugify's fallback out of the way when a title has no letters at all.
  const base = slugify(`x ${title}`).replace(/^x-?/, '').slice(0, 60).replace(/-+$/, '') || 'course'
  const rows = await tx
    .select({ slug: courses.slug })
    .from(courses)
    .where(
      and(
        sql`(${courses.slug} = ${base} or ${courses.slug} like ${`${base}-%`})`,
        exceptId ? ne(courses.id, exceptId) : undefined,
      ),
    )
  const taken = new Set([...rows.map((r) => r.slug), ...RESERVED_COURSE_SLUGS])
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

function describe(input: { json: Record<string, unknown>; html: string } | null) {
  return { descriptionJson: input?.json ?? null, descriptionHtml: input?.html ?? null }
}

export async function createCourse(
  tx: Executor,
  user: CurrentUser,
  input: CourseInput,
  organisationId: string | null,
  description: RichTextDoc | null,
) {
  const slug = await uniqueCourseSlug(tx, input.title)
  const [row] = await tx
    .insert(courses)
    .values({
      slug,
      organisationId,
      title: input.title,
      titleEn: input.titleEn ?? null,
      summary: input.summary ?? '',
      summaryEn: input.summaryEn ?? null,
      topic: input.topic,
      stage: input.stage,
      completion: input.completion,
      isPublic: input.isPublic,
      ...describe(description ? { json: description as Record<string, unknown>, html: renderRichText(description, 'lesson') } : null),
      status: 'draft',
      source: 'authored',
      createdById: user.id,
    })
    .returning({ id: courses.id, slug: courses.slug })
  // One module to start with, so the author can add a lesson at once; course content is Russian first.
  await tx.insert(courseModules).values({ courseId: row!.id, key: 'vvedenie', title: 'Введение', position: 0 })
  await refreshCourseSearch(tx, row!.id)
  await audit(tx, {
    actorId: user.id,
    action: 'course.create',
    entityType: 'course',
    entityId: row!.id,
    organisationId,
    data: { title: input.title, slug },
  })
  return row!
}

export class SlugTakenError extends Error {}

/** Saves a course's details; a slug another course uses is refused (the caller answers 409). */
export async function updateCourseDetails(
  tx: Executor,
  user: CurrentUser,
  course: AuthoredCourse,
  input: CourseDetailsInput,
  description: RichTextDoc | null | undefined,
) {
  // Content courses keep their address: the import finds them by it.
  const slug = course.source === 'content' ? course.slug : (input.slug ?? course.slug)
  if (slug !== course.slug) {
    const [taken] = await tx.select({ id: courses.id }).from(courses).where(and(eq(courses.slug, slug), ne(courses.id, course.id)))
    if (taken) throw new SlugTakenError()
  }
  await tx
    .update(courses)
    .set({
      slug,
      title: input.title,
      titleEn: input.titleEn ?? null,
      summary: input.summary ?? '',
      summaryEn: input.summaryEn ?? null,
      topic: input.topic,
      stage: input.stage,
      completion: input.completion,
      isPublic: input.isPublic,
      ...(description === undefined
        ? {}
        : describe(description ? { json: description as Record<string, unknown>, html: renderRichText(description, 'lesson') } : null)),
      updatedAt: new Date(),
    })
    .where(eq(courses.id, course.id))
  await refreshCourseSearch(tx, course.id)
  await audit(tx, {
    actorId: user.id,
    action: 'course.update',
    entityType: 'course',
    entityId: course.id,
    organisationId: course.organisationId,
    data: slug !== course.slug ? { title: input.title, slug: { from: course.slug, to: slug } } : { title: input.title },
  })
  return { slug }
}

/** Serialises structural changes to one course (reordering, adding, deleting) behind a row lock. */
async function lockCourse(tx: Executor, courseId: string) {
  await tx.select({ id: courses.id }).from(courses).where(eq(courses.id, courseId)).for('update')
}

export type CourseStatusChange = 'publish' | 'unpublish' | 'archive' | 'restore'

/** Publishes, unpublishes, archives or restores a course. Publishing needs at least one published lesson. */
export async function changeCourseStatus(tx: Executor, user: CurrentUser, course: AuthoredCourse, change: CourseStatusChange) {
  await lockCourse(tx, course.id)
  if (change === 'publish') {
    const [row] = await tx
      .select({ n: count() })
      .from(lessons)
      .where(and(eq(lessons.courseId, course.id), isNotNull(lessons.publishedVersionId)))
    if (!row?.n) return { kind: 'no-published-lessons' as const }
  }
  const status = change === 'publish' ? 'published' : change === 'archive' ? 'archived' : 'draft'
  await tx
    .update(courses)
    .set({ status, updatedAt: new Date(), ...(change === 'publish' ? { publishedAt: new Date() } : {}) })
    .where(eq(courses.id, course.id))
  if (change === 'publish') await refreshCourseSearch(tx, course.id)
  await audit(tx, {
    actorId: user.id,
    action: `course.${change}`,
    entityType: 'course',
    entityId: course.id,
    organisationId: course.organisationId,
    data: { title: course.title },
  })
  return { kind: 'done' as const }
}

// ---------------------------------------------------------------------------------------------
// Outline: modules and lessons

/** Modules with their lessons in order, with what an author needs to see at a glance. */
export async function getCourseOutline(courseId: string, tx: Executor = db) {
  const [modules, rows] = await Promise.all([
    tx
      .select({ id: courseModules.id, title: courseModules.title, position: courseModules.position })
      .from(courseModules)
      .where(eq(courseModules.courseId, courseId))
      .orderBy(asc(courseModules.position), asc(courseModules.id)),
    tx
      .select({
        id: lessons.id,
        moduleId: lessons.moduleId,
        title: lessons.title,
        slug: lessons.slug,
        position: lessons.position,
        minutes: lessons.minutes,
        required: lessons.required,
        hasQuiz: sql<boolean>`${lessons.draftQuiz} is not null and ${lessons.draftQuiz} <> 'null'::jsonb`,
        version: lessonVersions.version,
        // jsonb compares by value, so key order in the stored documents does not matter.
        changed: sql<boolean>`(${lessonVersions.id} is null or ${lessons.title} <> ${lessonVersions.title}
          or ${lessons.draftJson} is distinct from ${lessonVersions.bodyJson}
          or coalesce(${lessons.draftQuiz}, 'null'::jsonb) is distinct from coalesce(${lessonVersions.quiz}, 'null'::jsonb))`,
        // exists, not count: a popular lesson has tens of thousands of progress rows.
        hasLearners: sql<boolean>`exists (select 1 from ${lessonProgress} lp where lp.lesson_id = ${lessons.id})`,
      })
      .from(lessons)
      .leftJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
      .where(eq(lessons.courseId, courseId))
      .orderBy(asc(lessons.position), asc(lessons.id)),
  ])
  return modules.map((m) => ({
    ...m,
    lessons: rows
      .filter((l) => l.moduleId === m.id)
      .map((l) => ({
        ...l,
        version: l.version ?? null,
        changed: Boolean(l.changed),
        hasQuiz: Boolean(l.hasQuiz),
        hasLearners: Boolean(l.hasLearners),
      })),
  }))
}

type Order = { modules: string[]; lessons: Map<string, string[]> }

async function readOrder(tx: Executor, courseId: string): Promise<Order> {
  const modules = await tx
    .select({ id: courseModules.id })
    .from(courseModules)
    .where(eq(courseModules.courseId, courseId))
    .orderBy(asc(courseModules.position), asc(courseModules.id))
  const rows = await tx
    .select({ id: lessons.id, moduleId: lessons.moduleId })
    .from(lessons)
    .where(eq(lessons.courseId, courseId))
    .orderBy(asc(lessons.position), asc(lessons.id))
  const order: Order = { modules: modules.map((m) => m.id), lessons: new Map(modules.map((m) => [m.id, []])) }
  for (const row of rows) order.lessons.get(row.moduleId)?.push(row.id)
  return order
}

/**
 * Writes positions from an order: modules 0…m, lessons 0…n through the whole course in module order
 * (the numbering content import uses), changing only rows whose place moved.
 */
async function writeOrder(tx: Executor, courseId: string, order: Order) {
  const [moduleRows, lessonRows] = await Promise.all([
    tx.select({ id: courseModules.id, position: courseModules.position }).from(courseModules).where(eq(courseModules.courseId, courseId)),
    tx
      .select({ id: lessons.id, position: lessons.position, moduleId: lessons.moduleId })
      .from(lessons)
      .where(eq(lessons.courseId, courseId)),
  ])
  const modulePos = new Map(moduleRows.map((m) => [m.id, m.position]))
  const lessonNow = new Map(lessonRows.map((l) => [l.id, l]))
  for (const [i, id] of order.modules.entries()) {
    if (modulePos.get(id) !== i) await tx.update(courseModules).set({ position: i }).where(eq(courseModules.id, id))
  }
  let n = 0
  for (const moduleId of order.modules) {
    for (const id of order.lessons.get(moduleId) ?? []) {
      const now = lessonNow.get(id)
      if (now && (now.position !== n || now.moduleId !== moduleId)) {
        await tx.update(lessons).set({ position: n, moduleId }).where(eq(lessons.id, id))
      }
      n++
    }
  }
}

async function uniqueModuleKey(tx: Executor, courseId: string, title: string) {
  const base = slugify(`x ${title}`).replace(/^x-?/, '').slice(0, 40).replace(/-+$/, '') || 'module'
  const rows = await tx.select({ key: courseModules.key }).from(courseModules).where(eq(courseModules.courseId, courseId))
  const taken = new Set(rows.map((r) => r.key))
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

async function uniqueLessonSlug(tx: Executor, courseId: string, title: string) {
  const base = slugify(`x ${title}`).replace(/^x-?/, '').slice(0, 60).replace(/-+$/, '') || 'lesson'
  const rows = await tx.select({ slug: lessons.slug }).from(lessons).where(eq(lessons.courseId, courseId))
  const taken = new Set([...rows.map((r) => r.slug), ...RESERVED_LESSON_SLUGS])
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

export async function addModule(tx: Executor, user: CurrentUser, course: AuthoredCourse, title: string) {
  // Every change to a course first takes its row lock, so concurrent edits queue instead of deadlocking.
  await lockCourse(tx, course.id)
  const key = await uniqueModuleKey(tx, course.id, title)
  const [last] = await tx.select({ n: max(courseModules.position) }).from(courseModules).where(eq(courseModules.courseId, course.id))
  const [row] = await tx
    .insert(courseModules)
    .values({ courseId: course.id, key, title, position: (last?.n ?? -1) + 1 })
    .returning({ id: courseModules.id })
  await touch(tx, course.id)
  await audit(tx, {
    actorId: user.id,
    action: 'course.module-add',
    entityType: 'course',
    entityId: course.id,
    organisationId: course.organisationId,
    data: { module: title },
  })
  return row!
}

export async function renameModule(tx: Executor, course: AuthoredCourse, moduleId: string, title: string) {
  await lockCourse(tx, course.id)
  const updated = await tx
    .update(courseModules)
    .set({ title })
    .where(and(eq(courseModules.id, moduleId), eq(courseModules.courseId, course.id)))
    .returning({ id: courseModules.id })
  if (updated.length) await touch(tx, course.id)
  return updated.length > 0
}

export async function deleteModule(tx: Executor, user: CurrentUser, course: AuthoredCourse, moduleId: string) {
  await lockCourse(tx, course.id)
  const [module] = await tx
    .select({ id: courseModules.id, title: courseModules.title })
    .from(courseModules)
    .where(and(eq(courseModules.id, moduleId), eq(courseModules.courseId, course.id)))
  if (!module) return 'not-found' as const
  const [inside] = await tx.select({ n: count() }).from(lessons).where(eq(lessons.moduleId, moduleId))
  if (inside?.n) return 'not-empty' as const
  await tx.delete(courseModules).where(eq(courseModules.id, moduleId))
  await writeOrder(tx, course.id, await readOrder(tx, course.id))
  await touch(tx, course.id)
  await audit(tx, {
    actorId: user.id,
    action: 'course.module-delete',
    entityType: 'course',
    entityId: course.id,
    organisationId: course.organisationId,
    data: { module: module.title },
  })
  return 'done' as const
}

export type Direction = 'up' | 'down'

/** Swaps a module with its neighbour; lessons follow their module. */
export async function moveModule(tx: Executor, course: AuthoredCourse, moduleId: string, direction: Direction) {
  await lockCourse(tx, course.id)
  const order = await readOrder(tx, course.id)
  const i = order.modules.indexOf(moduleId)
  if (i < 0) return 'not-found' as const
  const j = direction === 'up' ? i - 1 : i + 1
  if (j < 0 || j >= order.modules.length) return 'edge' as const
  ;[order.modules[i], order.modules[j]] = [order.modules[j]!, order.modules[i]!]
  await writeOrder(tx, course.id, order)
  await touch(tx, course.id)
  return 'done' as const
}

/**
 * Moves a lesson one place up or down. At the top of its module it goes to the end of the module
 * above (and at the bottom to the start of the module below), so a lesson can travel between modules.
 */
export async function moveLesson(tx: Executor, course: AuthoredCourse, lessonId: string, direction: Direction) {
  await lockCourse(tx, course.id)
  const order = await readOrder(tx, course.id)
  const m = order.modules.findIndex((id) => order.lessons.get(id)?.includes(lessonId))
  if (m < 0) return 'not-found' as const
  const list = order.lessons.get(order.modules[m]!)!
  const i = list.indexOf(lessonId)
  if (direction === 'up') {
    if (i > 0) [list[i - 1], list[i]] = [list[i]!, list[i - 1]!]
    else if (m > 0) {
      list.splice(i, 1)
      order.lessons.get(order.modules[m - 1]!)!.push(lessonId)
    } else return 'edge' as const
  } else {
    if (i < list.length - 1) [list[i + 1], list[i]] = [list[i]!, list[i + 1]!]
    else if (m < order.modules.length - 1) {
      list.splice(i, 1)
      order.lessons.get(order.modules[m + 1]!)!.unshift(lessonId)
    } else return 'edge' as const
  }
  await writeOrder(tx, course.id, order)
  await touch(tx, course.id)
  return 'done' as const
}

export async function addLesson(tx: Executor, user: CurrentUser, course: AuthoredCourse, moduleId: string, title: string) {
  await lockCourse(tx, course.id)
  const [module] = await tx
    .select({ id: courseModules.id })
    .from(courseModules)
    .where(and(eq(courseModules.id, moduleId), eq(courseModules.courseId, course.id)))
  if (!module) return null
  const slug = await uniqueLessonSlug(tx, course.id, title)
  const [last] = await tx.select({ n: max(lessons.position) }).from(lessons).where(eq(lessons.courseId, course.id))
  const [row] = await tx
    .insert(lessons)
    .values({ courseId: course.id, moduleId, slug, title, position: (last?.n ?? -1) + 1, required: true })
    .returning({ id: lessons.id })
  const order = await readOrder(tx, course.id)
  // readOrder put the new lesson last in the course; it belongs last in its own module.
  for (const ids of order.lessons.values()) {
    const at = ids.indexOf(row!.id)
    if (at >= 0) ids.splice(at, 1)
  }
  order.lessons.get(moduleId)!.push(row!.id)
  await writeOrder(tx, course.id, order)
  await touch(tx, course.id)
  await audit(tx, {
    actorId: user.id,
    action: 'lesson.create',
    entityType: 'lesson',
    entityId: row!.id,
    organisationId: course.organisationId,
    data: { course: course.title, title },
  })
  return row!
}

/**
 * Deletes a lesson nobody has worked on; learners' progress and quiz attempts are never thrown away. Its
 * attachments go too: 'done' carries their storage keys, for the caller to remove the files once the
 * transaction has committed (never before: a rolled-back delete must not lose the bytes).
 */
export async function deleteLesson(tx: Executor, user: CurrentUser, course: AuthoredCourse, lessonId: string) {
  await lockCourse(tx, course.id)
  const [lesson] = await tx
    .select({ id: lessons.id, title: lessons.title })
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.courseId, course.id)))
  if (!lesson) return { kind: 'not-found' as const }
  const [progress] = await tx
    .select({ one: sql<number>`1` })
    .from(lessonProgress)
    .where(eq(lessonProgress.lessonId, lessonId))
    .limit(1)
  const [attempt] = await tx
    .select({ one: sql<number>`1` })
    .from(quizAttempts)
    .innerJoin(lessonVersions, eq(lessonVersions.id, quizAttempts.lessonVersionId))
    .where(eq(lessonVersions.lessonId, lessonId))
    .limit(1)
  if (progress || attempt) return { kind: 'has-progress' as const }
  const storageKeys = await deleteLessonFiles(tx, [lessonId])
  await tx.delete(lessons).where(eq(lessons.id, lessonId))
  await writeOrder(tx, course.id, await readOrder(tx, course.id))
  await touch(tx, course.id)
  await audit(tx, {
    actorId: user.id,
    action: 'lesson.delete',
    entityType: 'lesson',
    entityId: lessonId,
    organisationId: course.organisationId,
    // courseId: the lesson row is gone, and the content import asks whether authors deleted lessons of a seed course.
    data: { course: course.title, courseId: course.id, title: lesson.title, ...(storageKeys.length ? { files: storageKeys.length } : {}) },
  })
  return { kind: 'done' as const, storageKeys }
}

async function touch(tx: Executor, courseId: string) {
  await tx.update(courses).set({ updatedAt: new Date() }).where(eq(courses.id, courseId))
}

// ---------------------------------------------------------------------------------------------
// Lessons: draft, publish, versions

export async function getLessonForEditing(courseId: string, lessonId: string, tx: Executor = db) {
  const [lesson] = await tx
    .select({
      id: lessons.id,
      slug: lessons.slug,
      title: lessons.title,
      moduleId: lessons.moduleId,
      minutes: lessons.minutes,
      required: lessons.required,
      draftJson: lessons.draftJson,
      draftQuiz: lessons.draftQuiz,
      publishedVersionId: lessons.publishedVersionId,
      updatedAt: lessons.updatedAt,
    })
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)))
  return lesson ?? null
}

export async function getLessonVersions(lessonId: string, tx: Executor = db) {
  return tx
    .select({
      id: lessonVersions.id,
      version: lessonVersions.version,
      title: lessonVersions.title,
      changeNote: lessonVersions.changeNote,
      createdAt: lessonVersions.createdAt,
      author: users.name,
      learners: sql<number>`(select count(*)::int from ${lessonProgress} lp where lp.lesson_version_id = ${lessonVersions.id})`,
    })
    .from(lessonVersions)
    .leftJoin(users, eq(users.id, lessonVersions.createdById))
    .where(eq(lessonVersions.lessonId, lessonId))
    .orderBy(desc(lessonVersions.version))
}

/** One version of a lesson of this course, for the read-only view. */
export async function getVersionForAuthor(courseId: string, versionId: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      id: lessonVersions.id,
      version: lessonVersions.version,
      title: lessonVersions.title,
      bodyHtml: lessonVersions.bodyHtml,
      quiz: lessonVersions.quiz,
      changeNote: lessonVersions.changeNote,
      createdAt: lessonVersions.createdAt,
      author: users.name,
      lessonId: lessons.id,
      lessonTitle: lessons.title,
      current: sql<boolean>`${lessons.publishedVersionId} = ${lessonVersions.id}`,
      latest: sql<number>`(select max(v.version) from ${lessonVersions} v where v.lesson_id = ${lessons.id})`,
    })
    .from(lessonVersions)
    .innerJoin(lessons, eq(lessons.id, lessonVersions.lessonId))
    .leftJoin(users, eq(users.id, lessonVersions.createdById))
    .where(and(eq(lessonVersions.id, versionId), eq(lessons.courseId, courseId)))
  return row ?? null
}

export type LessonDraft = {
  title: string
  moduleId: string
  minutes: number | null
  required: boolean
  /** undefined: keep the stored document / quiz. */
  body: RichTextDoc | null | undefined
  quiz: Quiz | null | undefined
}

type LessonRow = NonNullable<Awaited<ReturnType<typeof getLessonForEditing>>>

/** Writes the working copy; learners see nothing of it until it is published. */
export async function saveLessonDraft(tx: Executor, course: AuthoredCourse, lesson: LessonRow, draft: LessonDraft) {
  await lockCourse(tx, course.id)
  const [module] = await tx
    .select({ id: courseModules.id })
    .from(courseModules)
    .where(and(eq(courseModules.id, draft.moduleId), eq(courseModules.courseId, course.id)))
  if (!module) return 'bad-module' as const
  const [saved] = await tx
    .update(lessons)
    .set({
      title: draft.title,
      minutes: draft.minutes,
      required: draft.required,
      ...(draft.body === undefined ? {} : { draftJson: (draft.body as Record<string, unknown> | null) ?? null }),
      ...(draft.quiz === undefined ? {} : { draftQuiz: draft.quiz }),
      updatedAt: new Date(),
    })
    .where(eq(lessons.id, lesson.id))
    .returning({ id: lessons.id })
  if (!saved) return 'not-found' as const
  if (draft.moduleId !== lesson.moduleId) {
    const order = await readOrder(tx, course.id)
    for (const ids of order.lessons.values()) {
      const at = ids.indexOf(lesson.id)
      if (at >= 0) ids.splice(at, 1)
    }
    order.lessons.get(draft.moduleId)!.push(lesson.id)
    await writeOrder(tx, course.id, order)
  }
  await touch(tx, course.id)
  return 'saved' as const
}

/**
 * Saves the draft and freezes it as the next version (n+1) that learners will see. Older versions
 * stay, and learners' progress keeps pointing at the version they completed. An unchanged lesson gets
 * no new version.
 */
export async function publishLesson(
  tx: Executor,
  user: CurrentUser,
  course: AuthoredCourse,
  lesson: LessonRow,
  draft: LessonDraft,
  changeNote: string | null,
) {
  await lockCourse(tx, course.id)
  const saved = await saveLessonDraft(tx, course, lesson, draft)
  if (saved !== 'saved') return { kind: saved }
  const [row] = await tx
    .select({ title: lessons.title, draftJson: lessons.draftJson, draftQuiz: lessons.draftQuiz, publishedVersionId: lessons.publishedVersionId })
    .from(lessons)
    .where(eq(lessons.id, lesson.id))
  if (!row) return { kind: 'not-found' as const }
  const doc = row.draftJson ? validateLessonDoc(row.draftJson) : null
  if (row.draftJson && !doc) return { kind: 'bad-body' as const }
  if (!doc?.content?.length) return { kind: 'empty-body' as const }
  if (row.publishedVersionId) {
    const [same] = await tx
      .select({ id: lessonVersions.id })
      .from(lessonVersions)
      .where(
        and(
          eq(lessonVersions.id, row.publishedVersionId),
          eq(lessonVersions.title, row.title),
          sql`${lessonVersions.bodyJson} = ${JSON.stringify(doc)}::jsonb`,
          sql`coalesce(${lessonVersions.quiz}, 'null'::jsonb) = ${JSON.stringify(row.draftQuiz ?? null)}::jsonb`,
        ),
      )
    if (same) return { kind: 'unchanged' as const }
  }
  const [last] = await tx.select({ n: max(lessonVersions.version) }).from(lessonVersions).where(eq(lessonVersions.lessonId, lesson.id))
  const version = (last?.n ?? 0) + 1
  const [created] = await tx
    .insert(lessonVersions)
    .values({
      lessonId: lesson.id,
      version,
      title: row.title,
      bodyJson: doc as Record<string, unknown>,
      bodyHtml: renderRichText(doc, 'lesson'),
      quiz: row.draftQuiz ?? null,
      changeNote: changeNote || null,
      createdById: user.id,
    })
    .returning({ id: lessonVersions.id })
  await tx.update(lessons).set({ publishedVersionId: created!.id }).where(eq(lessons.id, lesson.id))
  await refreshCourseSearch(tx, course.id)
  await audit(tx, {
    actorId: user.id,
    action: 'lesson.publish',
    entityType: 'lesson',
    entityId: lesson.id,
    organisationId: course.organisationId,
    data: { course: course.title, title: row.title, version, ...(changeNote ? { note: changeNote } : {}) },
  })
  return { kind: 'published' as const, version }
}

/** Copies an old version into the working copy, for an author who wants to go back to it. */
export async function restoreVersionToDraft(tx: Executor, course: AuthoredCourse, versionId: string) {
  await lockCourse(tx, course.id)
  const [version] = await tx
    .select({ lessonId: lessonVersions.lessonId, title: lessonVersions.title, bodyJson: lessonVersions.bodyJson, quiz: lessonVersions.quiz })
    .from(lessonVersions)
    .innerJoin(lessons, eq(lessons.id, lessonVersions.lessonId))
    .where(and(eq(lessonVersions.id, versionId), eq(lessons.courseId, course.id)))
  if (!version) return null
  await tx
    .update(lessons)
    .set({ title: version.title, draftJson: version.bodyJson, draftQuiz: version.quiz, updatedAt: new Date() })
    .where(eq(lessons.id, version.lessonId))
  await touch(tx, course.id)
  return version.lessonId
}
