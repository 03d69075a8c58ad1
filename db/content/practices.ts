// Reads, validates and imports the seed practices in content/practices/: one Markdown file per practice.
// Every problem is reported with the file and the line; nothing is written unless every file is valid.
// A practice whose file has not changed since the last import (content_hash) is left alone.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import type { Executor } from '../client.ts'
import { regionByCode } from '../reference/regions.ts'
import { COURSE_TOPICS } from '../schema/curricula.ts'
import { practiceMaterials, practices, toolkitResources } from '../schema/index.ts'
import { ContentError, parseFile } from './courses.ts'
import { markdownToDoc } from './markdown.ts'
import { renderRichText, validateRichText } from '../../app/utils/rich-text.server.ts'
import { refreshPracticeSearch } from '../../app/models/practice-search.server.ts'

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug: lowercase latin letters, digits and dashes')
const text = z.string().trim().min(1)

const PracticeFrontmatter = z.object({
  slug,
  title: text,
  titleEn: text.optional(),
  problem: text,
  targetGroup: text,
  topics: z.array(z.enum(COURSE_TOPICS)).min(1, 'at least one topic'),
  origin: z.object({
    organisation: text,
    // Quoted ('59') as the format asks; an unquoted number is accepted and padded (5 → '05').
    region: z.union([z.string().trim(), z.number().int().nonnegative()]).transform((v) => String(v).padStart(2, '0')),
    since: z.number().int().min(1990, 'a year from 1990').max(2100, 'a year up to 2100').optional(),
  }),
  evidence: text,
  resources: z.object({ people: text.optional(), money: text.optional(), time: text.optional() }).default({}),
  materials: z.array(slug).default([]),
  contacts: text.optional(),
})

export type ContentPractice = {
  file: string
  slug: string
  /** The line of `slug:`, for problems about the practice as a whole. */
  slugLine: number
  title: string
  titleEn: string | null
  problem: string
  targetGroup: string
  topics: string[]
  originOrganisation: string
  regionCode: string
  sinceYear: number | null
  evidence: string
  resourcesPeople: string | null
  resourcesMoney: string | null
  resourcesTime: string | null
  contacts: string | null
  /** Toolkit resource slugs, in the order given, each with the line that names it. */
  materials: { slug: string; line: number }[]
  bodyHtml: string
  /** SHA-256 of the file: an unchanged file is skipped on re-import. */
  hash: string
}

/** The line of a key in a file's frontmatter (1-based; the frontmatter starts on line 2). */
function frontmatterLines(raw: string) {
  const match = raw.match(/^---\r?\n([\s\S]*?)\r?\n---/)
  const lineCounter = new LineCounter()
  const doc = parseDocument(match?.[1] ?? '', { lineCounter })
  return (keyPath: (string | number)[]) => {
    for (let depth = keyPath.length; depth >= 0; depth--) {
      const node = doc.getIn(keyPath.slice(0, depth), true) as { range?: [number] } | undefined
      if (node?.range) return lineCounter.linePos(node.range[0]).line + 1
    }
    return 1
  }
}

export function loadPractices(root: string): ContentPractice[] {
  const dir = path.join(root, 'practices')
  if (!fs.existsSync(dir)) return []
  const problems: string[] = []
  const list: ContentPractice[] = []
  const slugs = new Map<string, string>()
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.md')) continue
    const full = path.join(dir, name)
    const rel = path.relative(process.cwd(), full)
    const parsed = parseFile(full, PracticeFrontmatter)
    if ('problems' in parsed) {
      problems.push(...parsed.problems)
      continue
    }
    const raw = fs.readFileSync(full, 'utf8')
    const lineOf = frontmatterLines(raw.replace(/^\uFEFF/, ''))
    const p = parsed.data
    const seen = slugs.get(p.slug)
    if (seen) problems.push(`${rel}:${lineOf(['slug'])}: slug "${p.slug}" is already used by ${seen}`)
    slugs.set(p.slug, rel)
    if (!regionByCode(p.origin.region)) {
      problems.push(`${rel}:${lineOf(['origin', 'region'])}: origin.region "${p.origin.region}" is not a region code (two digits, e.g. '59')`)
    }
    const materials: { slug: string; line: number }[] = []
    for (const [i, material] of p.materials.entries()) {
      if (materials.some((m) => m.slug === material)) {
        problems.push(`${rel}:${lineOf(['materials', i])}: materials.${i} "${material}" is listed twice`)
        continue
      }
      materials.push({ slug: material, line: lineOf(['materials', i]) })
    }
    if (!parsed.body.trim()) {
      problems.push(`${rel}: the practice has no description of the method (the Markdown after the frontmatter)`)
      continue
    }
    const doc = validateRichText(markdownToDoc(parsed.body.replace(/\r\n/g, '\n')), 'lesson')
    if (!doc) {
      problems.push(`${rel}: the text uses formatting that practices do not allow`)
      continue
    }
    list.push({
      file: rel,
      slug: p.slug,
      slugLine: lineOf(['slug']),
      title: p.title,
      titleEn: p.titleEn ?? null,
      problem: p.problem,
      targetGroup: p.targetGroup,
      topics: p.topics,
      originOrganisation: p.origin.organisation,
      regionCode: p.origin.region,
      sinceYear: p.origin.since ?? null,
      evidence: p.evidence,
      resourcesPeople: p.resources.people ?? null,
      resourcesMoney: p.resources.money ?? null,
      resourcesTime: p.resources.time ?? null,
      contacts: p.contacts ?? null,
      materials,
      bodyHtml: renderRichText(doc, 'lesson'),
      hash: crypto.createHash('sha256').update(raw).digest('hex'),
    })
  }
  if (problems.length) throw new ContentError(problems)
  return list
}

export type PracticeImportSummary = { practices: number; created: number; updated: number; unchanged: number }

/**
 * Writes the practices inside the caller's transaction (after the toolkit, so materials can name seed
 * resources). Checks every material slug and every slug clash first and throws one ContentError listing
 * them all, so a bad file leaves the database as it was.
 */
export async function importPractices(tx: Executor, list: ContentPractice[]): Promise<PracticeImportSummary> {
  const summary: PracticeImportSummary = { practices: list.length, created: 0, updated: 0, unchanged: 0 }
  if (!list.length) return summary
  const materialSlugs = [...new Set(list.flatMap((p) => p.materials.map((m) => m.slug)))]
  const resources = materialSlugs.length
    ? await tx
        .select({ id: toolkitResources.id, slug: toolkitResources.slug })
        .from(toolkitResources)
        .where(inArray(toolkitResources.slug, materialSlugs))
    : []
  const resourceIds = new Map(resources.map((r) => [r.slug, r.id]))
  const existing = await tx
    .select({ id: practices.id, slug: practices.slug, source: practices.source, contentHash: practices.contentHash })
    .from(practices)
    .where(inArray(practices.slug, list.map((p) => p.slug)))
  const bySlug = new Map(existing.map((e) => [e.slug, e]))
  const problems: string[] = []
  for (const p of list) {
    for (const m of p.materials) {
      if (!resourceIds.has(m.slug)) problems.push(`${p.file}:${m.line}: materials: no toolkit resource with the slug "${m.slug}"`)
    }
    const row = bySlug.get(p.slug)
    if (row && row.source !== 'content') {
      problems.push(`${p.file}:${p.slugLine}: slug "${p.slug}" belongs to a practice authored in the app; rename one of them`)
    }
  }
  if (problems.length) throw new ContentError(problems)

  for (const p of list) {
    const row = bySlug.get(p.slug)
    if (row?.contentHash === p.hash) {
      summary.unchanged++
      continue
    }
    const values = {
      title: p.title,
      titleEn: p.titleEn,
      problem: p.problem,
      targetGroup: p.targetGroup,
      topics: p.topics,
      originOrganisation: p.originOrganisation,
      regionCode: p.regionCode,
      sinceYear: p.sinceYear,
      evidence: p.evidence,
      resourcesPeople: p.resourcesPeople,
      resourcesMoney: p.resourcesMoney,
      resourcesTime: p.resourcesTime,
      contacts: p.contacts,
      bodyHtml: p.bodyHtml,
      status: 'published' as const,
      source: 'content',
      contentHash: p.hash,
    }
    let id: string
    if (row) {
      id = row.id
      await tx.update(practices).set({ ...values, updatedAt: new Date() }).where(eq(practices.id, id))
      await tx.delete(practiceMaterials).where(eq(practiceMaterials.practiceId, id))
      summary.updated++
    } else {
      const [created] = await tx.insert(practices).values({ ...values, slug: p.slug }).returning({ id: practices.id })
      id = created!.id
      summary.created++
    }
    if (p.materials.length) {
      await tx
        .insert(practiceMaterials)
        .values(p.materials.map((m, position) => ({ practiceId: id, resourceId: resourceIds.get(m.slug)!, position })))
    }
    await refreshPracticeSearch(tx, id)
  }
  return summary
}
