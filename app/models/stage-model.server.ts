// The stage model of a resource centre: areas, stages with their criteria and recommendations, and the
// diagnostic questionnaire. It lives in content/stages/stage-model.yaml so that methodologists change it
// by editing content, not code. The file is validated on load (every problem is reported with the file
// and the line, like db/content/courses.ts does) and cached in memory until the file changes.
import fs from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import { ContentError } from '#db/content/courses.ts'
import { STAGES, type Stage } from '#db/schema/curricula.ts'

export { ContentError }

export const STAGE_MODEL_FILE = path.resolve(process.cwd(), 'content', 'stages', 'stage-model.yaml')

export const MAX_SCORE = 3
export const LEVELS = [0, 1, 2, 3] as const

/**
 * Default thresholds: the average score (0–3) that EVERY area must reach for a centre to be proposed
 * a stage. A stage in the file may set its own `threshold` to tune this without touching code.
 * Roughly i × 0.55 on the 0–3 scale: "initiative" needs nothing, "registering" needs about half the
 * questions at level 1, "first-services" about level 1 everywhere, "operating" most answers at level 2,
 * "independent" level 2 with some 3s, and "mentoring others" level 3 almost everywhere.
 */
export const DEFAULT_THRESHOLDS: Record<Stage, number> = {
  initiative: 0,
  registering: 0.5,
  'first-services': 1.1,
  operating: 1.7,
  independent: 2.2,
  mentoring: 2.7,
}

const key = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a key: lowercase latin letters, digits and dashes')
const text = z.string().trim().min(1)

const StageModelSchema = z
  .object({
    areas: z.array(z.object({ key, title: text, titleEn: text })).min(1),
    stages: z.array(
      z.object({
        key: z.enum(STAGES),
        title: text,
        titleEn: text,
        summary: text,
        criteria: z.record(z.string(), z.array(text).min(1)),
        support: z.array(text).default([]),
        threshold: z.number().min(0).max(MAX_SCORE).optional(),
        recommended: z
          .object({ courses: z.array(key).default([]), workshops: z.array(text).default([]) })
          .default({ courses: [], workshops: [] }),
      }),
    ),
    questionnaire: z
      .array(
        z.object({
          area: z.string(),
          questions: z
            .array(
              z.object({
                key,
                text,
                levels: z.array(text).length(4, 'four levels, for scores 0, 1, 2 and 3'),
              }),
            )
            .min(1),
        }),
      )
      .min(1),
  })
  .superRefine((model, ctx) => {
    const areaKeys = new Set<string>()
    model.areas.forEach((area, i) => {
      if (areaKeys.has(area.key)) ctx.addIssue({ code: 'custom', path: ['areas', i, 'key'], message: `area "${area.key}" is listed twice` })
      areaKeys.add(area.key)
    })
    // The stages are the fixed ladder of the application (STAGES), in order: a rename needs a migration.
    if (model.stages.length !== STAGES.length || model.stages.some((s, i) => s.key !== STAGES[i])) {
      ctx.addIssue({ code: 'custom', path: ['stages'], message: `stages must be, in this order: ${STAGES.join(', ')}` })
    }
    let previous = -1
    model.stages.forEach((stage, i) => {
      for (const area of Object.keys(stage.criteria)) {
        if (!areaKeys.has(area))
          ctx.addIssue({ code: 'custom', path: ['stages', i, 'criteria', area], message: `unknown area "${area}"` })
      }
      const threshold = stage.threshold ?? DEFAULT_THRESHOLDS[stage.key]
      if (threshold < previous)
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'threshold'], message: 'thresholds must not decrease from stage to stage' })
      previous = threshold
    })
    const questionKeys = new Set<string>()
    const answered = new Set<string>()
    model.questionnaire.forEach((section, i) => {
      if (!areaKeys.has(section.area))
        ctx.addIssue({ code: 'custom', path: ['questionnaire', i, 'area'], message: `unknown area "${section.area}"` })
      answered.add(section.area)
      section.questions.forEach((q, j) => {
        if (questionKeys.has(q.key))
          ctx.addIssue({ code: 'custom', path: ['questionnaire', i, 'questions', j, 'key'], message: `question "${q.key}" is used twice` })
        questionKeys.add(q.key)
      })
    })
    model.areas.forEach((area, i) => {
      if (!answered.has(area.key))
        ctx.addIssue({ code: 'custom', path: ['areas', i, 'key'], message: `area "${area.key}" has no questions in the questionnaire` })
    })
  })

export type StageModelArea = { key: string; title: string; titleEn: string }
export type StageModelQuestion = { key: string; area: string; text: string; levels: string[] }
export type StageModelStage = {
  key: Stage
  title: string
  titleEn: string
  summary: string
  criteria: Record<string, string[]>
  support: string[]
  threshold: number
  recommended: { courses: string[]; workshops: string[] }
}
export type StageModel = {
  file: string
  areas: StageModelArea[]
  stages: StageModelStage[]
  questionnaire: { area: string; questions: StageModelQuestion[] }[]
  /** Every question by its key. */
  questions: Map<string, StageModelQuestion>
}

/** Reads and validates a stage model file; throws ContentError naming file:line for every problem. */
export function parseStageModel(file: string, options: { coursesDir?: string } = {}): StageModel {
  const rel = path.relative(process.cwd(), file) || file
  if (!fs.existsSync(file)) throw new ContentError([`${rel}: the stage model file is missing`])
  const raw = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  const lineCounter = new LineCounter()
  const doc = parseDocument(raw, { lineCounter })
  if (doc.errors.length) {
    throw new ContentError(doc.errors.map((e) => `${rel}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`))
  }
  const lineOf = (issuePath: readonly PropertyKey[]) => {
    for (let depth = issuePath.length; depth >= 0; depth--) {
      const node = doc.getIn(issuePath.slice(0, depth) as (string | number)[], true) as { range?: [number] } | undefined
      if (node?.range) return lineCounter.linePos(node.range[0]).line
    }
    return 1
  }
  const parsed = StageModelSchema.safeParse(doc.toJS())
  if (!parsed.success) {
    throw new ContentError(
      parsed.error.issues.map((issue) => {
        const where = issue.path.length ? ` ${issue.path.join('.')}` : ''
        return `${rel}:${lineOf(issue.path)}:${where} ${issue.message}`
      }),
    )
  }
  const m = parsed.data
  // Recommended courses must exist in content/courses (when that folder is there to check against).
  const coursesDir = options.coursesDir ?? path.join(path.dirname(path.dirname(file)), 'courses')
  if (fs.existsSync(coursesDir)) {
    const problems: string[] = []
    m.stages.forEach((stage, i) => {
      stage.recommended.courses.forEach((slug, j) => {
        if (!fs.existsSync(path.join(coursesDir, slug)))
          problems.push(`${rel}:${lineOf(['stages', i, 'recommended', 'courses', j])}: stages.${i}.recommended.courses.${j} no course "${slug}" in content/courses`)
      })
    })
    if (problems.length) throw new ContentError(problems)
  }
  const questionnaire = m.questionnaire.map((section) => ({
    area: section.area,
    questions: section.questions.map((q) => ({ key: q.key, area: section.area, text: q.text, levels: q.levels })),
  }))
  return {
    file: rel,
    areas: m.areas,
    stages: m.stages.map((s) => ({ ...s, threshold: s.threshold ?? DEFAULT_THRESHOLDS[s.key] })),
    questionnaire,
    questions: new Map(questionnaire.flatMap((s) => s.questions.map((q) => [q.key, q] as const))),
  }
}

let cache: { file: string; mtimeMs: number; model: StageModel } | null = null

/** The stage model, validated and cached; re-read when the file changes (so content edits need no restart). */
export function getStageModel(file = STAGE_MODEL_FILE): StageModel {
  const mtimeMs = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0
  if (cache && cache.file === file && cache.mtimeMs === mtimeMs) return cache.model
  const model = parseStageModel(file)
  cache = { file, mtimeMs, model }
  return model
}

export type Scores = Record<string, number>

/** Average score per area (0–3), over the answered questions of each area; null when an area has no answers. */
export function areaAverages(scores: Scores, model: StageModel): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const section of model.questionnaire) {
    const values = section.questions.map((q) => scores[q.key]).filter((v): v is number => typeof v === 'number')
    out[section.area] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null
  }
  return out
}

/**
 * The proposed stage. Rule: take the average score of each area (0–3); the proposal is the highest
 * stage whose threshold EVERY area meets. A centre is only as far along as its weakest area allows:
 * strong communications do not make up for missing legal basics. Unanswered areas count as 0.
 * Thresholds come from the model (DEFAULT_THRESHOLDS unless a stage sets its own).
 */
export function proposeStage(scores: Scores, model: StageModel = getStageModel()): Stage {
  const averages = areaAverages(scores, model)
  const weakest = Math.min(...model.areas.map((a) => averages[a.key] ?? 0))
  let proposed: Stage = model.stages[0]!.key
  for (const stage of model.stages) {
    // A small tolerance keeps 1.1 (= 5.5/5) from failing on floating-point noise.
    if (weakest + 1e-9 >= stage.threshold) proposed = stage.key
  }
  return proposed
}

export type AreaRecommendation = {
  area: string
  average: number
  /** The stage this area should grow towards: the one after the proposed stage. */
  targetStage: Stage
  /** What a centre at the target stage has achieved in this area. */
  criteria: string[]
  courses: string[]
  workshops: string[]
}

/**
 * What to work on next. An area is weak when its average is below the threshold of the NEXT stage
 * (every area meets the proposed stage by construction, so these are the areas holding the centre back).
 * For each weak area: that stage's criteria for the area, and the stage's recommended courses and workshops.
 * At the last stage there is nothing above, so nothing is recommended.
 */
export function recommendations(scores: Scores, model: StageModel = getStageModel()): AreaRecommendation[] {
  const proposed = proposeStage(scores, model)
  const index = model.stages.findIndex((s) => s.key === proposed)
  const next = model.stages[index + 1]
  if (!next) return []
  const averages = areaAverages(scores, model)
  return model.areas
    .map((area) => ({ area, average: averages[area.key] ?? 0 }))
    .filter(({ average }) => average + 1e-9 < next.threshold)
    .sort((a, b) => a.average - b.average)
    .map(({ area, average }) => ({
      area: area.key,
      average,
      targetStage: next.key,
      criteria: next.criteria[area.key] ?? [],
      courses: next.recommended.courses,
      workshops: next.recommended.workshops,
    }))
}
