// The scale generator: an ordered list of steps over one shared context. To add a capability's data
// (courses, progress…), write db/scale/<thing>.ts exporting a ScaleStep that reads the ids it needs from
// the context and records its own, and append it to STEPS.
import { like, sql } from 'drizzle-orm'
import { hashPassword } from '../../app/utils/password.server.ts'
import type { Database } from '../client.ts'
import { importContent } from '../content/import.ts'
import { users } from '../schema/index.ts'
import { attendanceStep } from './attendance.ts'
import { planFor, SCALE_EMAIL_DOMAIN, SCALE_PASSWORD, type ScaleContext, type ScaleStep } from './context.ts'
import { coursesStep } from './courses.ts'
import { eventsStep } from './events.ts'
import { indicatorFactsStep } from './indicator-facts.ts'
import { mentoringStep } from './mentoring.ts'
import { organisationsStep } from './organisations.ts'
import { programmesStep } from './programmes.ts'
import { practicesStep } from './practices.ts'
import { silentProgress, type Progress } from './progress.ts'
import { createRng } from './random.ts'
import { regionsStep } from './regions.ts'
import { reportingStep } from './reporting.ts'
import { toolkitsStep } from './toolkits.ts'
import { usersStep } from './users.ts'

export { FULL_SCALE, planFor, SCALE_EMAIL_DOMAIN, SCALE_NOW, SCALE_PASSWORD } from './context.ts'
export type { CourseRef, EventRef, LessonRef, ScaleContext, ScaleStep } from './context.ts'

export const STEPS: readonly ScaleStep[] = [
  regionsStep,
  organisationsStep,
  usersStep,
  programmesStep,
  eventsStep,
  attendanceStep,
  coursesStep,
  mentoringStep,
  practicesStep,
  reportingStep,
  toolkitsStep,
  indicatorFactsStep,
]

/** Every table the generator writes, in the order it fills them (VACUUM ANALYZE and the summary use it). */
export const SCALE_TABLES = [
  'regions',
  'organisations',
  'users',
  'memberships',
  'programmes',
  'programme_centres',
  'programme_managers',
  'event_series',
  'events',
  'event_audience_centres',
  'event_blocks',
  'registrations',
  'attendance',
  'attendance_history',
  'courses',
  'course_modules',
  'lessons',
  'lesson_versions',
  'enrolments',
  'lesson_progress',
  'quiz_attempts',
  'mentorships',
  'mentorship_people',
  'development_plans',
  'plan_goals',
  'plan_tasks',
  'consultation_requests',
  'consultation_messages',
  'selection_criteria',
  'programme_experts',
  'programme_practices',
  'practice_scores',
  'practice_decision_history',
  'transfer_tracks',
  'transfer_step_history',
  'transfer_partners',
  'report_periods',
  'programme_indicators',
  'indicator_targets',
  'indicator_manual_values',
  'plan_activities',
  'stage_history',
  'toolkit_usage',
  'indicator_facts',
] as const

export type GenerateOptions = {
  seed?: number
  /** Fraction of the full federal scale, 0 < scale ≤ 1 (larger works too). */
  scale?: number
  progress?: Progress
  /** A ready argon2 hash; by default SCALE_PASSWORD is hashed once. */
  passwordHash?: string
  /** Run VACUUM (ANALYZE) afterwards so the planner sees the new rows (default true). */
  analyze?: boolean
}

export type ScaleSummary = {
  seed: number
  scale: number
  counts: Record<string, number>
  /** Milliseconds per step, plus 'analyze'. */
  timings: Record<string, number>
  context: ScaleContext
}

export async function generateScaleData(db: Database, options: GenerateOptions = {}): Promise<ScaleSummary> {
  const seed = options.seed ?? 1
  const scale = options.scale ?? 1
  if (!(scale > 0)) throw new Error('scale must be a positive fraction, e.g. 0.01 or 1')
  const ctx: ScaleContext = {
    db,
    seed,
    scale,
    plan: planFor(scale),
    rng: createRng(seed),
    progress: options.progress ?? silentProgress,
    passwordHash: options.passwordHash ?? (await hashPassword(SCALE_PASSWORD)),
    regions: [],
    mentorOrgs: [],
    centres: [],
    centreIdsByRegion: new Map(),
    people: new Map(),
    userIds: [],
    adminIds: [],
    programmes: [],
    events: [],
    courses: [],
    counts: {},
  }
  const timings: Record<string, number> = {}
  for (const step of STEPS) {
    const started = performance.now()
    // Each step gets its own stream: adding or changing one step leaves the others' data unchanged.
    ctx.rng = createRng(seed, step.name)
    await db.transaction(async (tx) => {
      ctx.db = tx
      try {
        await step.run(ctx)
      } finally {
        ctx.db = db
      }
    })
    timings[step.name] = performance.now() - started
  }
  if (options.analyze !== false) {
    const started = performance.now()
    // VACUUM as well as ANALYZE: it sets the visibility map, so counts can use index-only scans as they
    // would on a database that autovacuum has been looking after, and the benchmarks see realistic plans.
    await db.execute(sql.raw(`vacuum (analyze) ${SCALE_TABLES.join(', ')}`))
    timings.analyze = performance.now() - started
  }
  return { seed, scale, counts: ctx.counts, timings, context: ctx }
}

/** How many generated accounts the database holds (0: no scale data). */
export async function countScaleUsers(db: Database) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(like(users.email, `%@${SCALE_EMAIL_DOMAIN}`))
  return row?.n ?? 0
}

export type ScaleTable = (typeof SCALE_TABLES)[number]

/** Rows per table the generator writes (exact counts: for summaries and tests, not for hot paths). */
export async function countScaleRows(db: Database): Promise<Record<ScaleTable, number>> {
  const fields = Object.fromEntries(
    SCALE_TABLES.map((table) => [table, sql<number>`(select count(*)::int from ${sql.identifier(table)})`]),
  )
  const [row] = await db.select(fields).from(sql`(select 1) as one`)
  return row as Record<ScaleTable, number>
}

/**
 * Empties the tables the generator fills — and, through CASCADE, everything that references them
 * (sessions, tokens, audit log, reminders, calendar feeds, attachments' links). Regions (reference data)
 * stay. The curricula go too — courses reference their authors and organisations, so CASCADE would take
 * them anyway, seed library included — and the content/ library (courses, toolkits and practices) is imported
 * again at once, so a reset database holds what a fresh one does. The import loads the regions itself (seed
 * practices reference them), so a reset works on an empty database too, before the regions step has run.
 */
export async function resetScaleData(db: Database) {
  await db.execute(
    sql`truncate table quiz_attempts, lesson_progress, enrolments, lesson_versions, lessons, course_modules, courses,
      attendance_history, attendance, registrations, event_blocks, event_audience_centres, events,
      event_series, programme_managers, programme_centres, programmes, memberships, organisations, users
      restart identity cascade`,
  )
  await importContent(db)
}
