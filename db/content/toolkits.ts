// Reads and validates the seed toolkit in content/toolkits/: one Markdown file per resource. Every problem
// is reported with the file and the line; nothing is written unless every file is valid.
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { COURSE_TOPICS, STAGES } from '../schema/curricula.ts'
import { TEMPLATE_FIELD_TYPES, type TemplateField } from '../schema/toolkits.ts'
import { ContentError, parseFile } from './courses.ts'
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
})

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
  body: RichTextDoc
}

/** Markdown task lists (`- [ ] пункт`) become ordinary list items with a box drawn in front. */
function taskListsToBoxes(markdown: string) {
  return markdown.replace(/^(\s*[-*+]\s+)\[( |x|X)\]\s+/gm, (_m, lead: string, mark: string) => `${lead}${mark === ' ' ? '☐' : '☑'} `)
}

export function loadToolkits(root: string): ContentToolkit[] {
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
      body: markdownToDoc(taskListsToBoxes(body)),
    })
  }
  if (problems.length) throw new ContentError(problems)
  return list
}
