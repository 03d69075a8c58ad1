import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, eq, max, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { loadRegions } from '../builders.ts'
import type { Database, Executor } from '../client.ts'
import {
  appState,
  auditLog,
  courseModules,
  courses,
  lessonVersions,
  lessons,
  toolkitResources,
  toolkitVersions,
} from '../schema/index.ts'
import { renderRichText, validateRichText } from '../../app/utils/rich-text.server.ts'
import { refreshCourseSearch } from '../../app/models/course-search.server.ts'
import { refreshToolkitSearch } from '../../app/models/toolkit-search.server.ts'
import { ContentError, loadCourses, type ContentCourse } from './courses.ts'
import { importToolkitRelated, loadToolkits, type ContentToolkit } from './toolkits.ts'
import { importPractices, loadPractices, type PracticeImportSummary } from './practices.ts'

export const CONTENT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'content')
const HASH_KEY = 'content.hash'

export type ImportSummary = {
  courses: number
  created: number
  updated: number
  newVersions: number
  skipped: boolean
  /** Toolkit resources in content/toolkits/: how many, how many new, how many got a new version. */
  toolkits?: { resources: number; created: number; newVersions: number }
  /** Practices in content/practices/: how many, new, updated, skipped because their file did not change. */
  practices?: PracticeImportSummary
  /**
   * Seed toolkit resources the import left as they are (slugs): archived by an author, or changed by authors in
   * the app (a version published there, details or "see also" links edited) — the app's copy wins from then on.
   */
  toolkitsKept?: KeptSlugs
  /**
   * Seed courses the import left as they are (slugs), by the same rules: archived by an author, or changed by
   * authors in the app (details, modules, a lesson added, deleted, edited or published there).
   */
  coursesKept?: KeptSlugs
}

export type KeptSlugs = { archived: string[]; authored: string[] }

/** The change notes the import writes on the versions it makes; versions published in the app have an author. */
const IMPORT_NOTES = ['Первая публикация', 'Обновлено из content/']
/** Audit actions by which authors change what the import would overwrite: details, versions, "see also" links. */
const AUTHOR_ACTIONS = ['resource.update', 'resource.publish', 'resource.related-add', 'resource.related-remove']
/** The same for a course: its details, modules and status (an unpublished course is not published again)… */
const COURSE_AUTHOR_ACTIONS = ['course.update', 'course.module-add', 'course.module-delete', 'course.unpublish']
/** …and its lessons (a deleted lesson's entry names its course in data.courseId, the lesson row being gone). */
const LESSON_AUTHOR_ACTIONS = ['lesson.create', 'lesson.publish', 'lesson.delete']

const inList = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `)

// The subqueries below name their tables and columns with aliases: drizzle leaves column names unqualified in a
// select from one table, which would make them ambiguous inside a subquery.

/** SQL: the audit log has one of `actions` on this entity, i.e. authors changed it in the app. */
const auditedAs = (entityType: 'resource' | 'course', entityId: SQL, actions: string[]) =>
  sql<boolean>`exists (select 1 from ${auditLog} a where a.entity_type = ${entityType}
    and a.entity_id = ${entityId} and a.action in (${inList(actions)}))`

/**
 * SQL: a version published in the app, not by the import — it has an author, or a change note the import does
 * not write (so it is still recognised after the author's account and the audit trail are gone).
 */
const publishedInApp = (createdById: SQL | AnyColumn, changeNote: SQL | AnyColumn) =>
  sql<boolean>`(${createdById} is not null or coalesce(${changeNote}, '') not in (${inList(IMPORT_NOTES)}))`

type Kept = { kind: 'kept'; reason: 'archived' | 'authored' }

/** Why the import leaves an existing seed item alone, if it does: archived by an author, or taken over by them. */
function keptBecause(existing: { status: string; authored: boolean } | undefined): Kept | null {
  if (existing?.status === 'archived') return { kind: 'kept', reason: 'archived' }
  if (existing?.authored) return { kind: 'kept', reason: 'authored' }
  return null
}

/** A hash of every file under content/, to skip the import at start-up when nothing changed. */
export function contentHash(root = CONTENT_ROOT) {
  const hash = crypto.createHash('sha256')
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      if (fs.statSync(full).isDirectory()) walk(full)
      else hash.update(path.relative(root, full)).update('\0').update(fs.readFileSync(full))
    }
  }
  walk(root)
  return hash.digest('hex')
}

/** JSON with sorted keys: jsonb does not keep key order, so plain JSON.stringify would see changes everywhere. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

function render(course: ContentCourse, doc: ContentCourse['description'], file: string) {
  const valid = validateRichText(doc, 'lesson')
  if (!valid) throw new ContentError([`${file}: the text uses formatting that lessons do not allow`])
  return { json: valid as Record<string, unknown>, html: renderRichText(valid, 'lesson') }
}

type CourseOutcome = { kind: 'imported'; created: boolean; newVersions: number } | Kept

/**
 * Creates or updates one seed course with its modules and lessons. Like a toolkit resource (importToolkit), a
 * course an author archived stays archived and untouched, and one authors changed in the app — its details or
 * modules, a lesson added, deleted, published or with a saved draft, or it was unpublished — keeps what they made.
 */
async function importCourse(tx: Executor, course: ContentCourse, ownerOrganisationId: string | null): Promise<CourseOutcome> {
  const description = render(course, course.description, course.file)
  const [existing] = await tx
    .select({
      id: courses.id,
      source: courses.source,
      status: courses.status,
      // Authors' entries on the course or its lessons; a version published in the app; a draft not published.
      authored: sql<boolean>`(${auditedAs('course', sql`${courses}.id::text`, COURSE_AUTHOR_ACTIONS)}
        or exists (select 1 from ${auditLog} a where a.entity_type = 'lesson' and a.action in (${inList(LESSON_AUTHOR_ACTIONS)})
          and (a.data->>'courseId' = ${courses}.id::text or a.entity_id in (select l.id::text from ${lessons} l where l.course_id = ${courses}.id)))
        or exists (select 1 from ${lessonVersions} v join ${lessons} l on l.id = v.lesson_id
          where l.course_id = ${courses}.id and ${publishedInApp(sql`v.created_by_id`, sql`v.change_note`)})
        or exists (select 1 from ${lessons} l left join ${lessonVersions} v on v.id = l.published_version_id
          where l.course_id = ${courses}.id and (v.id is null or l.title <> v.title or l.draft_json is distinct from v.body_json
            or coalesce(l.draft_quiz, 'null'::jsonb) is distinct from coalesce(v.quiz, 'null'::jsonb))))`,
    })
    .from(courses)
    .where(eq(courses.slug, course.slug))
  if (existing && existing.source !== 'content') {
    throw new ContentError([`${course.file}:1: slug "${course.slug}" belongs to a course authored in the app; rename one of them`])
  }
  const kept = keptBecause(existing)
  if (kept) return kept
  const values = {
    title: course.title,
    titleEn: course.titleEn,
    summary: course.summary,
    summaryEn: course.summaryEn,
    topic: course.topic,
    stage: course.stage,
    isPublic: course.isPublic,
    completion: course.completion,
    descriptionJson: description.json,
    descriptionHtml: description.html,
    status: 'published' as const,
    source: 'content',
  }
  let courseId: string
  if (existing) {
    courseId = existing.id
    await tx.update(courses).set({ ...values, updatedAt: new Date() }).where(eq(courses.id, courseId))
  } else {
    const [row] = await tx
      .insert(courses)
      .values({ ...values, slug: course.slug, organisationId: ownerOrganisationId, publishedAt: new Date() })
      .returning({ id: courses.id })
    courseId = row!.id
  }

  const moduleIds = new Map<string, string>()
  for (const m of course.modules) {
    const [row] = await tx
      .insert(courseModules)
      .values({ courseId, key: m.key, title: m.title, position: m.position })
      .onConflictDoUpdate({ target: [courseModules.courseId, courseModules.key], set: { title: m.title, position: m.position } })
      .returning({ id: courseModules.id })
    moduleIds.set(m.key, row!.id)
  }

  let newVersions = 0
  for (const lesson of course.lessons) {
    const body = render(course, lesson.body, lesson.file)
    const [row] = await tx
      .insert(lessons)
      .values({
        courseId,
        moduleId: moduleIds.get(lesson.module)!,
        slug: lesson.slug,
        title: lesson.title,
        position: lesson.position,
        minutes: lesson.minutes,
        required: lesson.required,
        draftJson: body.json,
        draftQuiz: lesson.quiz,
      })
      .onConflictDoUpdate({
        target: [lessons.courseId, lessons.slug],
        set: {
          moduleId: moduleIds.get(lesson.module)!,
          title: lesson.title,
          position: lesson.position,
          minutes: lesson.minutes,
          required: lesson.required,
          draftJson: body.json,
          draftQuiz: lesson.quiz,
          updatedAt: new Date(),
        },
      })
      .returning({ id: lessons.id, publishedVersionId: lessons.publishedVersionId })
    const lessonId = row!.id
    // A new version only when what learners see changed; their completions keep pointing at the old one.
    let unchanged = false
    if (row!.publishedVersionId) {
      const [current] = await tx
        .select({ title: lessonVersions.title, bodyJson: lessonVersions.bodyJson, quiz: lessonVersions.quiz })
        .from(lessonVersions)
        .where(eq(lessonVersions.id, row!.publishedVersionId))
      unchanged =
        current !== undefined &&
        current.title === lesson.title &&
        stable(current.bodyJson) === stable(body.json) &&
        stable(current.quiz ?? null) === stable(lesson.quiz ?? null)
    }
    if (!unchanged) {
      const [last] = await tx.select({ n: max(lessonVersions.version) }).from(lessonVersions).where(eq(lessonVersions.lessonId, lessonId))
      const [version] = await tx
        .insert(lessonVersions)
        .values({
          lessonId,
          version: (last?.n ?? 0) + 1,
          title: lesson.title,
          bodyJson: body.json,
          bodyHtml: body.html,
          quiz: lesson.quiz,
          changeNote: row!.publishedVersionId ? IMPORT_NOTES[1] : IMPORT_NOTES[0],
        })
        .returning({ id: lessonVersions.id })
      await tx.update(lessons).set({ publishedVersionId: version!.id }).where(and(eq(lessons.id, lessonId)))
      newVersions++
    }
  }
  await refreshCourseSearch(tx, courseId)
  return { kind: 'imported', created: !existing, newVersions }
}

type ToolkitOutcome = { kind: 'imported'; created: boolean; newVersion: boolean } | Kept

/**
 * Creates or updates one seed resource. A resource an author archived stays archived and untouched, and one
 * that authors took over in the app — published a version there, or edited its details or links — keeps what
 * they made: the import neither overwrites its details nor puts a version from content/ on top of theirs.
 */
async function importToolkit(tx: Executor, item: ContentToolkit, ownerOrganisationId: string | null): Promise<ToolkitOutcome> {
  const valid = validateRichText(item.body, 'lesson')
  if (!valid) throw new ContentError([`${item.file}: the text uses formatting that toolkit resources do not allow`])
  const body = { json: valid as Record<string, unknown>, html: renderRichText(valid, 'lesson') }
  const [existing] = await tx
    .select({
      id: toolkitResources.id,
      source: toolkitResources.source,
      status: toolkitResources.status,
      currentVersionId: toolkitResources.currentVersionId,
      current: { bodyJson: toolkitVersions.bodyJson, fields: toolkitVersions.fields },
      authored: sql<boolean>`((${toolkitVersions.id} is not null and ${publishedInApp(toolkitVersions.createdById, toolkitVersions.changeNote)})
        or ${auditedAs('resource', sql`${toolkitResources.id}::text`, AUTHOR_ACTIONS)})`,
    })
    .from(toolkitResources)
    .leftJoin(toolkitVersions, eq(toolkitVersions.id, toolkitResources.currentVersionId))
    .where(eq(toolkitResources.slug, item.slug))
  if (existing && existing.source !== 'content') {
    throw new ContentError([`${item.file}:1: slug "${item.slug}" belongs to a resource authored in the app; rename one of them`])
  }
  const kept = keptBecause(existing)
  if (kept) return kept
  const current = existing?.currentVersionId ? existing.current : null
  const values = {
    kind: item.kind,
    title: item.title,
    titleEn: item.titleEn,
    summary: item.summary,
    topic: item.topic,
    stage: item.stage,
    audience: item.audience,
    tags: item.tags,
    source: 'content',
  }
  let resourceId: string
  if (existing) {
    resourceId = existing.id
    await tx.update(toolkitResources).set({ ...values, updatedAt: new Date() }).where(eq(toolkitResources.id, resourceId))
  } else {
    const [row] = await tx
      .insert(toolkitResources)
      .values({ ...values, status: 'published', slug: item.slug, organisationId: ownerOrganisationId })
      .returning({ id: toolkitResources.id })
    resourceId = row!.id
  }
  // A new version only when the text or the fields changed; usage rows keep pointing at the old one.
  const unchanged = current !== null && stable(current.bodyJson) === stable(body.json) && stable(current.fields) === stable(item.fields)
  let newVersion = false
  if (!unchanged) {
    const [last] = await tx.select({ n: max(toolkitVersions.version) }).from(toolkitVersions).where(eq(toolkitVersions.resourceId, resourceId))
    const [version] = await tx
      .insert(toolkitVersions)
      .values({
        resourceId,
        version: (last?.n ?? 0) + 1,
        bodyJson: body.json,
        bodyHtml: body.html,
        fields: item.fields,
        changeNote: current ? IMPORT_NOTES[1] : IMPORT_NOTES[0],
      })
      .returning({ id: toolkitVersions.id })
    // A resource that had no published version yet (a draft) is published with its first one.
    await tx.update(toolkitResources).set({ currentVersionId: version!.id, status: 'published' }).where(eq(toolkitResources.id, resourceId))
    newVersion = true
  }
  await refreshToolkitSearch(tx, resourceId)
  return { kind: 'imported', created: !existing, newVersion }
}

/**
 * Imports content/ in one transaction: a broken file, or a clash with an authored course, changes
 * nothing. Re-running updates what changed and never duplicates; lessons that vanished from content/ stay
 * (with learners' progress) until an author removes them.
 */
export async function importContent(
  db: Database,
  options: { root?: string; ownerOrganisationId?: string | null; onlyIfChanged?: boolean } = {},
): Promise<ImportSummary> {
  const root = options.root ?? CONTENT_ROOT
  const hash = contentHash(root)
  if (options.onlyIfChanged) {
    const [state] = await db.select({ value: appState.value }).from(appState).where(eq(appState.key, HASH_KEY))
    if (state?.value === hash) return { courses: 0, created: 0, updated: 0, newVersions: 0, skipped: true }
  }
  const list = loadCourses(root)
  const toolkitList = loadToolkits(root, list)
  const practiceList = loadPractices(root)
  return db.transaction(async (tx) => {
    // Practices name their region (a foreign key to regions): make sure the reference data is there, so the
    // import works on an empty database too (`npm run content:import`, `db:scale --reset` before its first step).
    await loadRegions(tx)
    let created = 0
    let newVersions = 0
    const coursesKept: KeptSlugs = { archived: [], authored: [] }
    for (const course of list) {
      const result = await importCourse(tx, course, options.ownerOrganisationId ?? null)
      if (result.kind === 'kept') {
        coursesKept[result.reason].push(course.slug)
        continue
      }
      if (result.created) created++
      newVersions += result.newVersions
    }
    const toolkits = { resources: toolkitList.length, created: 0, newVersions: 0 }
    const toolkitsKept: KeptSlugs = { archived: [], authored: [] }
    for (const item of toolkitList) {
      const result = await importToolkit(tx, item, options.ownerOrganisationId ?? null)
      if (result.kind === 'kept') {
        toolkitsKept[result.reason].push(item.slug)
        continue
      }
      if (result.created) toolkits.created++
      if (result.newVersion) toolkits.newVersions++
    }
    // After the toolkit: a practice's materials name its resources.
    const practices = await importPractices(tx, practiceList)
    // "See also" of the resources kept as they are stays as their authors left it.
    const kept = new Set([...toolkitsKept.archived, ...toolkitsKept.authored])
    await importToolkitRelated(tx, toolkitList, kept)
    await tx
      .insert(appState)
      .values({ key: HASH_KEY, value: hash })
      .onConflictDoUpdate({ target: appState.key, set: { value: hash, updatedAt: new Date() } })
    const updated = list.length - created - coursesKept.archived.length - coursesKept.authored.length
    return { courses: list.length, created, updated, newVersions, skipped: false, toolkits, practices, toolkitsKept, coursesKept }
  })
}
