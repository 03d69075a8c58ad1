// Reads and validates the seed curricula in content/courses/. Every problem is reported with the file
// and the line, and nothing is written unless every file is valid.
import fs from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import { COURSE_TOPICS, STAGES, type Quiz } from '../schema/curricula.ts'
import { markdownToDoc } from './markdown.ts'
import type { RichTextDoc } from '../../app/utils/rich-text.ts'

export class ContentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Content is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug: lowercase latin letters, digits and dashes')

const CourseFrontmatter = z.object({
  slug,
  title: z.string().trim().min(1),
  titleEn: z.string().trim().min(1).optional(),
  summary: z.string().trim().min(1),
  summaryEn: z.string().trim().min(1).optional(),
  topic: z.enum(COURSE_TOPICS),
  stage: z.enum(STAGES),
  public: z.boolean().default(false),
  completion: z.enum(['all-lessons', 'required-and-quizzes']).default('all-lessons'),
  modules: z.array(z.object({ key: slug, title: z.string().trim().min(1) })).min(1),
})

const QuizSchema = z.object({
  passMark: z.number().int().min(1).max(100),
  questions: z
    .array(
      z
        .object({
          text: z.string().trim().min(1),
          kind: z.enum(['single', 'multiple']),
          options: z
            .array(z.object({ text: z.string().trim().min(1), correct: z.boolean(), explanation: z.string().trim().optional() }))
            .min(2),
        })
        .superRefine((q, ctx) => {
          const correct = q.options.filter((o) => o.correct).length
          if (correct === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a question needs at least one correct option' })
          if (q.kind === 'single' && correct > 1)
            ctx.addIssue({ code: 'custom', path: ['options'], message: 'a single-choice question has exactly one correct option' })
        }),
    )
    .min(1),
})

const LessonFrontmatter = z.object({
  slug,
  title: z.string().trim().min(1),
  module: slug,
  minutes: z.number().int().positive().max(600).optional(),
  required: z.boolean().default(true),
  quiz: QuizSchema.optional(),
})

export type ContentLesson = {
  file: string
  slug: string
  title: string
  module: string
  position: number
  minutes: number | null
  required: boolean
  quiz: Quiz | null
  body: RichTextDoc
}

export type ContentCourse = {
  file: string
  slug: string
  title: string
  titleEn: string | null
  summary: string
  summaryEn: string | null
  topic: string
  stage: string
  isPublic: boolean
  completion: 'all_lessons' | 'required_and_quizzes'
  modules: { key: string; title: string; position: number }[]
  description: RichTextDoc
  lessons: ContentLesson[]
}

type Parsed<T> = { data: T; body: string } | { problems: string[] }

/** Splits `---` YAML frontmatter from the Markdown body and validates it, naming file and line on failure. */
export function parseFile<T>(file: string, schema: z.ZodType<T>): Parsed<T> {
  const raw = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  const rel = path.relative(process.cwd(), file)
  const match = raw.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/)
  if (!match) return { problems: [`${rel}:1: the file must start with YAML frontmatter between two lines of ---`] }
  const lineCounter = new LineCounter()
  const doc = parseDocument(match[1]!, { lineCounter })
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => `${rel}:${(e.linePos?.[0]?.line ?? 0) + 1}: ${e.message.split('\n')[0]}`),
    }
  }
  const parsed = schema.safeParse(doc.toJS())
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        // Point at the line of the offending key (or its nearest parent that exists).
        let line = 1
        for (let depth = issue.path.length; depth >= 0; depth--) {
          const node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true) as { range?: [number] } | undefined
          if (node?.range) {
            line = lineCounter.linePos(node.range[0]).line + 1
            break
          }
        }
        const where = issue.path.length ? ` ${issue.path.join('.')}` : ''
        return `${rel}:${line}:${where} ${issue.message}`
      }),
    }
  }
  return { data: parsed.data, body: match[2] ?? '' }
}

export function loadCourses(root: string): ContentCourse[] {
  const dir = path.join(root, 'courses')
  if (!fs.existsSync(dir)) return []
  const problems: string[] = []
  const courses: ContentCourse[] = []
  const slugs = new Map<string, string>()
  for (const name of fs.readdirSync(dir).sort()) {
    const folder = path.join(dir, name)
    if (!fs.statSync(folder).isDirectory()) continue
    const courseFile = path.join(folder, 'course.md')
    if (!fs.existsSync(courseFile)) {
      problems.push(`${path.relative(process.cwd(), folder)}: course.md is missing`)
      continue
    }
    const course = parseFile(courseFile, CourseFrontmatter)
    if ('problems' in course) {
      problems.push(...course.problems)
      continue
    }
    const c = course.data
    const seen = slugs.get(c.slug)
    if (seen) problems.push(`${path.relative(process.cwd(), courseFile)}:1: slug "${c.slug}" is already used by ${seen}`)
    slugs.set(c.slug, path.relative(process.cwd(), courseFile))
    if (c.slug === 'new') problems.push(`${path.relative(process.cwd(), courseFile)}:1: the slug "new" is reserved for the new-course page`)
    const moduleKeys = new Set(c.modules.map((m) => m.key))
    const lessons: ContentLesson[] = []
    const lessonSlugs = new Set<string>()
    const files = fs.readdirSync(folder).filter((f) => /^\d+-.+\.md$/.test(f)).sort()
    files.forEach((file, index) => {
      const full = path.join(folder, file)
      const rel = path.relative(process.cwd(), full)
      const lesson = parseFile(full, LessonFrontmatter)
      if ('problems' in lesson) {
        problems.push(...lesson.problems)
        return
      }
      const l = lesson.data
      if (!moduleKeys.has(l.module)) problems.push(`${rel}:1: module "${l.module}" is not listed in course.md`)
      if (['edit', 'versions', 'assign'].includes(l.slug)) problems.push(`${rel}:1: the lesson slug "${l.slug}" is reserved for the course's own pages`)
      if (lessonSlugs.has(l.slug)) problems.push(`${rel}:1: lesson slug "${l.slug}" is used twice in this course`)
      lessonSlugs.add(l.slug)
      if (!lesson.body.trim()) problems.push(`${rel}: the lesson has no text`)
      lessons.push({
        file: rel,
        slug: l.slug,
        title: l.title,
        module: l.module,
        position: index,
        minutes: l.minutes ?? null,
        required: l.required,
        quiz: l.quiz ?? null,
        body: markdownToDoc(lesson.body),
      })
    })
    if (!lessons.length) problems.push(`${path.relative(process.cwd(), folder)}: the course has no lessons (NN-name.md files)`)
    courses.push({
      file: path.relative(process.cwd(), courseFile),
      slug: c.slug,
      title: c.title,
      titleEn: c.titleEn ?? null,
      summary: c.summary,
      summaryEn: c.summaryEn ?? null,
      topic: c.topic,
      stage: c.stage,
      isPublic: c.public,
      completion: c.completion === 'all-lessons' ? 'all_lessons' : 'required_and_quizzes',
      modules: c.modules.map((m, position) => ({ ...m, position })),
      description: markdownToDoc(course.body),
      lessons,
    })
  }
  if (problems.length) throw new ContentError(problems)
  return courses
}
