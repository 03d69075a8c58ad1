// What every generator step receives and leaves behind. A step reads the ids produced by earlier steps
// from the context (never by re-reading the database) and adds its own, so later capabilities — events,
// attendance, courses — become one more step file registered in ./index.ts.
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Executor } from '../client.ts'
import type { RegionRef } from '../reference/regions.ts'
import type { Progress } from './progress.ts'
import type { Rng } from './random.ts'

/** How many rows of each kind a run makes; everything scales linearly with --scale. */
export type ScalePlan = {
  mentorOrganisations: number
  centres: number
  users: number
  admins: number
  programmes: number
}

/** The federal deployment of DESIGN.md ("Scale it must hold"). */
export const FULL_SCALE: ScalePlan = { mentorOrganisations: 60, centres: 2000, users: 100_000, admins: 5, programmes: 150 }

export function planFor(scale: number): ScalePlan {
  const of = (n: number, min: number) => Math.max(min, Math.round(n * scale))
  return {
    mentorOrganisations: of(FULL_SCALE.mentorOrganisations, 2),
    centres: of(FULL_SCALE.centres, 5),
    users: of(FULL_SCALE.users, 150),
    admins: of(FULL_SCALE.admins, 1),
    programmes: of(FULL_SCALE.programmes, 2),
  }
}

/** Scale rows are recognisable by this e-mail domain (and keep clear of demo and real accounts). */
export const SCALE_EMAIL_DOMAIN = 'scale.example'
/** Password of every generated account, so a person can sign in as any of them on a scale database. */
export const SCALE_PASSWORD = 'resursnik-scale'
/** ИНН/ОГРН sequence numbers start here, away from the ranges the demo seed uses. */
export const REQUISITE_SEQUENCE_BASE = 5_000_000

export type RegionSlot = { ref: RegionRef; weight: number; towns: readonly string[]; centreCount: number }

export type OrgRef = { id: string; name: string; regionCode: string; district: RegionRef['district']; city: string }

/** Who belongs to an organisation, by role (user ids). */
export type OrgPeople = { leader: string; mentors: string[]; staff: string[]; volunteers: string[] }

export type ProgrammeRef = {
  id: string
  mentorOrganisationId: string
  centreIds: string[]
  managerIds: string[]
  startsOn: string
  endsOn: string
}

export type ScaleContext = {
  db: Executor
  seed: number
  scale: number
  plan: ScalePlan
  /** This step's own random stream (seeded from --seed and the step name). */
  rng: Rng
  progress: Progress
  /** One argon2 hash shared by every generated account: hashing 100,000 times would take hours. */
  passwordHash: string
  regions: RegionSlot[]
  mentorOrgs: OrgRef[]
  centres: OrgRef[]
  centreIdsByRegion: Map<string, string[]>
  people: Map<string, OrgPeople>
  userIds: string[]
  adminIds: string[]
  programmes: ProgrammeRef[]
  /** Rows written per table, for the summary. */
  counts: Record<string, number>
}

export type ScaleStep = { name: string; run(ctx: ScaleContext): Promise<void> }

// PostgreSQL accepts at most 65,535 bind parameters per statement; stay well under it.
const MAX_PARAMS = 30_000
const MAX_ROWS = 5_000

/** Multi-row INSERTs in chunks, with progress; `label` names the progress line. */
export async function insertBatched<T extends PgTable>(
  ctx: ScaleContext,
  table: T,
  rows: T['$inferInsert'][],
  label: string,
  tableName = label,
) {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!).length
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / Math.max(1, columns))))
  const task = ctx.progress.start(label, rows.length)
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size)
    await ctx.db.insert(table).values(chunk as never)
    task.tick(chunk.length)
  }
  task.done()
  ctx.counts[tableName] = (ctx.counts[tableName] ?? 0) + rows.length
}

/** A deterministic timestamp between `from` and `to` (ISO dates). */
export function dateBetween(rng: Rng, from: string, to: string) {
  const a = Date.parse(from)
  const b = Date.parse(to)
  return new Date(a + Math.floor(rng.next() * (b - a) / 1000) * 1000)
}
