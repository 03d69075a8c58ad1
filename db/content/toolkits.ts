// Reads and validates the seed toolkit in content/toolkits/: one Markdown file per resource. Every problem
// is reported with the file and the line; nothing is written unless every file is valid.
import fs from 'node:fs'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import type { Executor } from '../client.ts'
import { COURSE_TOPICS, STAGES, courses, lessons } from '../schema/curricula.ts'
import { TEMPLATE_FIELD_TYPES, toolkitRelated, toolkitResources, type TemplateField } from '../schema/toolkits.ts'
import { ContentError, loadCourses, parseFile, type ContentCourse } from './courses.ts'
import { markdownToDoc } from './markdown.ts'
import type { RichTextDoc } from '../../app/utils/rich-text.ts'

export const TOOLKIT_KINDS = ['template', 'guide', 'scenario', 'presentation', 'checklist', 'training_kit'] as const
export type ToolkitKind = (typeof TOOLKIT_KINDS)[number]
export const TOOLKIT_AUDIENCES = ['ngo', 'consultant', 'both'] as const

/** {{key}} in a template body; keys are latin identifiers. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g
/** Anything that looks like a placeholder, even a malformed one, so typos are caught. */
const ANY_BRACES = /\{\{([^}]*)\}\}/g

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug: lowercase latin letters, digits and dashes')

const FieldSchema = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a field key: latin letters and digits, starting with a letter'),
  label: z.string().trim().min(1),
  type: z.enum(TEMPLATE_FIELD_TYPES),
  required: z.boolean().default(false),
  hint: z.string().trim().min(1).optional(),
})

const ToolkitFrontmatter = z.object({
  slug,
  title: z.string().trim().min(1),
  titleEn: z.string().trim().min(1).optional(),
  kind: z.enum(['template', 'guide', 'scenario', 'presentation', 'checklist', 'training-kit']),
  topic: z.enum(COURSE_TOPICS),
  stage: z.enum(STAGES),
  audience: z.enum(TOOLKIT_AUDIENCES).default('both'),
  tags: z.array(z.string().trim().min(1)).default([]),
  summary: z.string().trim().min(1),
  fields: z.array(FieldSchema).default([]),
  /** "See also": checked one by one below, so each problem names its own line. */
  related: z.array(z.unknown()).default([]),
})

/** A "see also" link as written in a file: another resource, a course, or a lesson of a course. */
export type ContentRelated =
  | { kind: 'resource'; slug: string; line: number }
  | { kind: 'course'; slug: string; line: number }
  | { kind: 'lesson'; course: string; slug: string; line: number }

export type ContentToolkit = {
  file: string
  slug: string
  title: string
  titleEn: string | null
  kind: ToolkitKind
  topic: string
  stage: string
  audience: (typeof TOOLKIT_AUDIENCES)[number]
  tags: string[]
  summary: string
  fields: TemplateField[]
  related: ContentRelated[]
  body: RichTextDoc
}

/** Markdown task lists (`- [ ] пункт`) become ordinary list items with a box drawn in front. */
function taskListsToBoxes(markdown: string) {
  return markdown.replace(/^(\s*[-*+]\s+)\[( |x|X)\]\s+/gm, (_m, lead: string, mark: string) => `${lead}${mark === ' ' ? '☐' : '☑'} `)
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

/**
 * Reads one `related:` entry: a bare slug or `resource: slug` (a toolkit resource), `course: slug`, or
 * `lesson: course-slug/lesson-slug`. Returns a problem (without the file and line) when it is none of these.
 */
function readRelated(entry: unknown, line: number): ContentRelated | string {
  if (typeof entry === 'string') return SLUG.test(entry) ? { kind: 'resource', slug: entry, line } : `"${entry}" is not a resource slug`
  if (!entry || typeof entry !== 'object' || Array.isArray(entry) || Object.keys(entry).length !== 1) {
    return 'write a related link as a resource slug, or as one of resource: …, course: …, lesson: course-slug/lesson-slug'
  }
  const [key, value] = Object.entries(entry)[0]!
  if (typeof value !== 'string') return `${key}: the value must be a slug`
  if (key === 'resource' || key === 'course') {
    return SLUG.test(value) ? { kind: key, slug: value, line } : `${key}: "${value}" is not a slug`
  }
  if (key === 'lesson') {
    const [course, lesson, ...rest] = value.split('/')
    if (!course || !lesson || rest.length || !SLUG.test(course) || !SLUG.test(lesson)) return `lesson: "${value}" must be course-slug/lesson-slug`
    return { kind: 'lesson', course, slug: lesson, line }
  }
  return `"${key}" is not a kind of related link; use resource, course or lesson`
}

/** The line of each `related:` entry in a file's frontmatter (1-based, as editors count). */
function relatedLines(raw: string): number[] {
  const match = raw.match(/^---\r?\n([\s\S]*?)\r?\n---/)
  if (!match) return []
  const lineCounter = new LineCounter()
  const doc = parseDocument(match[1]!, { lineCounter })
  const list = doc.get('related', true) as { items?: { range?: [number] }[] } | undefined
  return (list?.items ?? []).map((item) => (item.range ? lineCounter.linePos(item.range[0]).line + 1 : 1))
}

/**
 * Reads and checks every resource. "See also" links are checked against the other resources and against
 * the courses and lessons of content/courses (`courses`, read from `root` when not given).
 */
export function loadToolkits(root: string, courseList?: readonly ContentCourse[]): ContentToolkit[] {
  const dir = path.join(root, 'toolkits')
  if (!fs.existsSync(dir)) return []
  const problems: string[] = []
  const list: ContentToolkit[] = []
  const slugs = new Map<string, string>()
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.md')) continue
    const full = path.join(dir, name)
    const rel = path.relative(process.cwd(), full)
    const parsed = parseFile(full, ToolkitFrontmatter)
    if ('problems' in parsed) {
      problems.push(...parsed.problems)
      continue
    }
    const t = parsed.data
    const seen = slugs.get(t.slug)
    if (seen) problems.push(`${rel}:1: slug "${t.slug}" is already used by ${seen}`)
    slugs.set(t.slug, rel)
    if (!parsed.body.trim()) problems.push(`${rel}: the resource has no text`)

    // Where the body starts in the file, so a placeholder's problem names its own line.
    const raw = fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')
    const bodyStart = raw.length - parsed.body.replace(/\r\n/g, '\n').length
    const lineOf = (offset: number) => raw.slice(0, bodyStart + offset).split('\n').length
    const body = parsed.body.replace(/\r\n/g, '\n')

    const declared = new Map<string, TemplateField>()
    for (const [i, field] of t.fields.entries()) {
      if (declared.has(field.key)) problems.push(`${rel}:1: fields.${i}.key "${field.key}" is declared twice`)
      declared.set(field.key, { key: field.key, label: field.label, type: field.type, required: field.required, ...(field.hint ? { hint: field.hint } : {}) })
    }
    if (t.kind !== 'template' && t.fields.length) problems.push(`${rel}:1: only templates have fields (kind is "${t.kind}")`)
    const used = new Set<string>()
    for (const match of body.matchAll(ANY_BRACES)) {
      const key = match[1]!.trim()
      const line = lineOf(match.index)
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) {
        problems.push(`${rel}:${line}: "${match[0]}" is not a valid placeholder; use {{fieldKey}}`)
        continue
      }
      used.add(key)
      if (!declared.has(key)) problems.push(`${rel}:${line}: {{${key}}} is not declared in fields`)
    }
    for (const key of declared.keys()) {
      if (!used.has(key)) problems.push(`${rel}:1: field "${key}" is declared but never used in the text as {{${key}}}`)
    }
    const lines = relatedLines(raw)
    const related: ContentRelated[] = []
    t.related.forEach((entry, i) => {
      const line = lines[i] ?? 1
      const link = readRelated(entry, line)
      if (typeof link === 'string') problems.push(`${rel}:${line}: related.${i}: ${link}`)
      else related.push(link)
    })
    list.push({
      file: rel,
      slug: t.slug,
      title: t.title,
      titleEn: t.titleEn ?? null,
      kind: t.kind === 'training-kit' ? 'training_kit' : t.kind,
      topic: t.topic,
      stage: t.stage,
      audience: t.audience,
      tags: t.tags,
      summary: t.summary,
      fields: [...declared.values()],
      related,
      body: markdownToDoc(taskListsToBoxes(body)),
    })
  }
  // Links are checked once every file is read: a resource may point at one later in the folder.
  const courseIndex = new Map((courseList ?? (list.some((t) => t.related.length) ? loadCourses(root) : [])).map((c) => [c.slug, c]))
  for (const item of list) {
    const seen = new Set<string>()
    for (const link of item.related) {
      const where = `${item.file}:${link.line}:`
      const key = link.kind === 'lesson' ? `lesson:${link.course}/${link.slug}` : `${link.kind}:${link.slug}`
      if (seen.has(key)) problems.push(`${where} related link "${key}" is listed twice`)
      seen.add(key)
      if (link.kind === 'resource') {
        if (link.slug === item.slug) problems.push(`${where} a resource cannot be related to itself`)
        else if (!slugs.has(link.slug)) problems.push(`${where} related resource "${link.slug}" is not in content/toolkits`)
      } else if (link.kind === 'course') {
        if (!courseIndex.has(link.slug)) problems.push(`${where} related course "${link.slug}" is not in content/courses`)
      } else {
        const course = courseIndex.get(link.course)
        if (!course) problems.push(`${where} related lesson: course "${link.course}" is not in content/courses`)
        else if (!course.lessons.some((l) => l.slug === link.slug)) {
          problems.push(`${where} related lesson: course "${link.course}" has no lesson "${link.slug}"`)
        }
      }
    }
  }
  if (problems.length) throw new ContentError(problems)
  return list
}

/**
 * Writes the "see also" links of the imported resources, replacing what each had (the files are the source
 * of truth for seed resources, as for their text). Runs after courses and resources are imported, in the
 * same transaction; a target missing from the database is reported with its file and line. The resources
 * named in `keep` (archived, or taken over by authors in the app) keep the links they have; their files are
 * still checked.
 */
export async function importToolkitRelated(tx: Executor, list: readonly ContentToolkit[], keep: ReadonlySet<string> = new Set()) {
  if (list.length === 0) return
  const resourceSlugs = [...new Set(list.flatMap((t) => [t.slug, ...t.related.filter((r) => r.kind === 'resource').map((r) => r.slug)]))]
  const courseSlugs = [...new Set(list.flatMap((t) => t.related.flatMap((r) => (r.kind === 'course' ? [r.slug] : r.kind === 'lesson' ? [r.course] : []))))]
  const resourceRows = await tx
    .select({ id: toolkitResources.id, slug: toolkitResources.slug })
    .from(toolkitResources)
    .where(inArray(toolkitResources.slug, resourceSlugs))
  const courseRows = courseSlugs.length
    ? await tx.select({ id: courses.id, slug: courses.slug }).from(courses).where(inArray(courses.slug, courseSlugs))
    : []
  const lessonRows = courseSlugs.length
    ? await tx
        .select({ id: lessons.id, slug: lessons.slug, course: courses.slug })
        .from(lessons)
        .innerJoin(courses, eq(courses.id, lessons.courseId))
        .where(inArray(courses.slug, courseSlugs))
    : []
  const resourceId = new Map(resourceRows.map((r) => [r.slug, r.id]))
  const courseId = new Map(courseRows.map((c) => [c.slug, c.id]))
  const lessonId = new Map(lessonRows.map((l) => [`${l.course}/${l.slug}`, l.id]))
  const problems: string[] = []
  const rows: (typeof toolkitRelated.$inferInsert)[] = []
  for (const item of list) {
    const id = resourceId.get(item.slug)
    if (!id) continue
    item.related.forEach((link, position) => {
      const target =
        link.kind === 'resource'
          ? { relatedResourceId: resourceId.get(link.slug) }
          : link.kind === 'course'
            ? { courseId: courseId.get(link.slug) }
            : { lessonId: lessonId.get(`${link.course}/${link.slug}`) }
      if (!Object.values(target)[0]) problems.push(`${item.file}:${link.line}: the related ${link.kind} "${link.slug}" is not in the database`)
      else if (!keep.has(item.slug)) rows.push({ resourceId: id, position, ...target })
    })
  }
  if (problems.length) throw new ContentError(problems)
  const ids = [...new Set(list.filter((t) => !keep.has(t.slug)).map((t) => resourceId.get(t.slug)).filter((id): id is string => Boolean(id)))]
  if (ids.length) await tx.delete(toolkitRelated).where(inArray(toolkitRelated.resourceId, ids))
  if (rows.length) await tx.insert(toolkitRelated).values(rows)
}
