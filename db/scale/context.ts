// What every generator step receives and leaves behind. A step reads the ids produced by earlier steps
// from the context (never by re-reading the database) and adds its own, so later capabilities — events,
// attendance, courses — become one more step file registered in ./index.ts.
import { getTableColumns, sql, type SQL } from 'drizzle-orm'
import { toSnakeCase } from 'drizzle-orm/casing'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Executor } from '../client.ts'
import type { RegionRef } from '../reference/regions.ts'
import type { EventKind } from '../schema/index.ts'
import type { Progress, ProgressTask } from './progress.ts'
import type { Rng } from './random.ts'

/** How many rows of each kind a run makes; everything scales linearly with --scale. */
export type ScalePlan = {
  mentorOrganisations: number
  centres: number
  users: number
  admins: number
  programmes: number
  events: number
  /** Published courses authored by mentor organisations, besides the seed library of content/. */
  courses: number
}

/** The federal deployment of DESIGN.md ("Scale it must hold"). */
export const FULL_SCALE: ScalePlan = {
  mentorOrganisations: 60,
  centres: 2000,
  users: 100_000,
  admins: 5,
  programmes: 150,
  events: 50_000,
  courses: 40,
}

export function planFor(scale: number): ScalePlan {
  const of = (n: number, min: number) => Math.max(min, Math.round(n * scale))
  return {
    mentorOrganisations: of(FULL_SCALE.mentorOrganisations, 2),
    centres: of(FULL_SCALE.centres, 5),
    users: of(FULL_SCALE.users, 150),
    admins: of(FULL_SCALE.admins, 1),
    programmes: of(FULL_SCALE.programmes, 2),
    events: of(FULL_SCALE.events, 20),
    courses: of(FULL_SCALE.courses, 3),
  }
}

/** Scale rows are recognisable by this e-mail domain (and keep clear of demo and real accounts). */
export const SCALE_EMAIL_DOMAIN = 'scale.example'
/** Password of every generated account, so a person can sign in as any of them on a scale database. */
export const SCALE_PASSWORD = 'resursnik-scale'
/**
 * "Now" for the generated schedule: events before it are past (with attendance), after it upcoming.
 * Fixed, not Date.now(), so the same seed gives the same rows whenever it runs.
 */
export const SCALE_NOW = Date.parse('2026-11-22T09:00:00Z')
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

/** What the attendance step needs to know about an event (kept small: there are 50,000 of them). */
export type EventRef = {
  id: string
  /** Index into ScaleContext.programmes. */
  programme: number
  organiserId: string
  kind: EventKind
  /** Epoch milliseconds. */
  startsAt: number
  endsAt: number
  createdAt: number
  cancelled: boolean
  capacity: number | null
  /** The chosen centres when the audience is 'centres'; null when it is the whole programme. */
  audienceCentreIds: string[] | null
}

/** A published lesson as the courses step needs it to write progress and quiz attempts. */
export type LessonRef = {
  id: string
  required: boolean
  /** The quiz's answer key (null: no quiz): per question its kind, option count and correct options. */
  quiz: {
    passMark: number
    questions: { kind: 'single' | 'multiple'; options: number; correct: number[] }[]
  } | null
  /** Published versions, oldest first; `from` is when each became current (epoch ms; -Infinity for the first). */
  versions: { id: string; from: number }[]
}

/** A published course: the seed library (ids from the import) or a generated one. */
export type CourseRef = {
  id: string
  slug: string
  completion: 'all_lessons' | 'required_and_quizzes'
  /** From content/ (imported), not generated. */
  seed: boolean
  /** Epoch ms from which people may enrol. */
  availableFrom: number
  /** Published lessons in reading order (module position, lesson position). */
  lessons: LessonRef[]
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
  events: EventRef[]
  courses: CourseRef[]
  /** Rows written per table, for the summary. */
  counts: Record<string, number>
}

export type ScaleStep = { name: string; run(ctx: ScaleContext): Promise<void> }

// PostgreSQL accepts at most 65,535 bind parameters per statement; stay well under it.
const MAX_PARAMS = 30_000
const MAX_ROWS = 5_000
/** Rows per streamed batch (one array parameter per column, so no bind-parameter limit applies). */
const STREAM_ROWS = 10_000

/** Multi-row INSERTs in chunks, with progress; `label` names the progress line. */
export async function insertBatched<T extends PgTable>(
  ctx: ScaleContext,
  table: T,
  rows: T['$inferInsert'][],
  label: string,
  tableName = label,
) {
  if (rows.length === 0) return
  // Rows may name different columns: the widest sets the chunk size (MAX_PARAMS leaves room under the limit
  // for the columns whose default drizzle makes in JS and binds too).
  let columns = 1
  for (const row of rows) columns = Math.max(columns, Object.keys(row as object).length)
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

/** Array elements that need no quotes: uuids, ISO timestamps, numbers, enum values, t/f. */
const BARE_ELEMENT = /^[0-9A-Za-z_:.+-]+$/

/** A PostgreSQL array literal ('{a,"b c",NULL}') of one column's values, sent as a single text parameter. */
function arrayLiteral(values: readonly unknown[]) {
  let out = '{'
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ','
    const v = values[i]
    if (v === null || v === undefined) {
      out += 'NULL'
      continue
    }
    const text =
      v instanceof Date
        ? v.toISOString()
        : typeof v === 'boolean'
          ? v
            ? 't'
            : 'f'
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v)
    out += BARE_ELEMENT.test(text) && text.toUpperCase() !== 'NULL' ? text : `"${text.replace(/[\\"]/g, '\\$&')}"`
  }
  return `${out}}`
}

/**
 * Streams rows into one table, for tables too big to build in memory first (registrations, attendance).
 * Each batch is one `INSERT … SELECT * FROM unnest($1::uuid[], $2::…[], …)` with one array parameter per
 * column: less to parse and plan than a multi-row VALUES list with a bind parameter per value (measured
 * ~1.4× faster on PGlite), and no 65,535-parameter limit on the batch. One statement stays in flight while
 * the next batch is built, so on PostgreSQL the JS that makes rows and the server that stores them work at
 * the same time.
 *
 * Rows need not all name the same columns. As with `db.insert()`, a key that is missing or `undefined` means
 * "the column's default" (not NULL), and `null` means NULL: rows are grouped by the set of keys they give a
 * value, and each group is written by its own statement naming only those columns. A generator that gives
 * every row the same keys (the usual case) still sends one statement per batch. A key that is not a column
 * of the table throws at once.
 */
export function batchWriter<T extends PgTable>(ctx: ScaleContext, table: T, tableName: string, task?: ProgressTask) {
  const tableColumns = getTableColumns(table) as Record<string, PgColumn>
  type Row = T['$inferInsert']
  /** One statement head per set of keys, made on first sight; `rows` collects the batch's rows of that shape. */
  type Shape = { keys: string[]; head: SQL; casts: SQL[]; rows: Row[] }
  const shapes = new Map<string, Shape>()
  let pending = 0
  let inFlight: Promise<void> | undefined
  let failure: unknown
  let written = 0

  const shapeOf = (row: Row) => {
    const values = row as Record<string, unknown>
    let signature = ''
    for (const key of Object.keys(values)) if (values[key] !== undefined) signature += `${key}\u0000`
    const known = shapes.get(signature)
    if (known) return known
    const keys = signature.split('\u0000').slice(0, -1)
    if (keys.length === 0) throw new Error(`${tableName}: a row with no values (batchWriter needs at least one column)`)
    const columns = keys.map((key) => {
      const column = tableColumns[key]
      if (!column) throw new Error(`${tableName} has no column ${key}`)
      return { name: column.keyAsName ? toSnakeCase(column.name) : column.name, type: column.getSQLType() }
    })
    const shape: Shape = {
      keys,
      head: sql`insert into ${table} (${sql.raw(columns.map((c) => `"${c.name}"`).join(', '))}) select * from unnest(`,
      casts: columns.map((c) => sql.raw(`::${c.type}[]`)),
      rows: [],
    }
    shapes.set(signature, shape)
    return shape
  }

  const sendShape = async (shape: Shape) => {
    const chunk = shape.rows
    shape.rows = []
    const params = shape.keys.map(
      (key, i) => sql`${arrayLiteral(chunk.map((row) => (row as Record<string, unknown>)[key]))}${shape.casts[i]!}`,
    )
    const statement = sql`${shape.head}${sql.join(params, sql`, `)})`
    // At most one statement in flight: memory stays bounded, and an error surfaces at the next batch
    // rather than as an unhandled rejection.
    await inFlight
    if (failure) throw failure
    inFlight = ctx.db.execute(statement).then(
      () => {
        written += chunk.length
        task?.tick(chunk.length)
      },
      (error: unknown) => {
        failure = error
      },
    )
  }

  const send = async () => {
    if (pending === 0) return
    pending = 0
    for (const shape of shapes.values()) if (shape.rows.length) await sendShape(shape)
  }

  return {
    async push(row: Row) {
      shapeOf(row).rows.push(row)
      if (++pending >= STREAM_ROWS) await send()
    },
    /** Sends what is left, waits for it, and records the count. */
    async done() {
      await send()
      await inFlight
      if (failure) throw failure
      ctx.counts[tableName] = (ctx.counts[tableName] ?? 0) + written
      return written
    },
  }
}

/** insertBatched through batchWriter: for wide or many-row tables already built in memory. */
export async function insertStreamed<T extends PgTable>(
  ctx: ScaleContext,
  table: T,
  rows: T['$inferInsert'][],
  label: string,
  tableName = label,
) {
  const task = ctx.progress.start(label, rows.length)
  const writer = batchWriter(ctx, table, tableName, task)
  for (const row of rows) await writer.push(row)
  await writer.done()
  task.done()
}

function rowsOf<R>(result: unknown): R[] {
  // postgres.js returns the rows themselves, PGlite an object holding them.
  return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[]
}

/**
 * Runs `load` with the secondary indexes and foreign keys of `tables` dropped, then rebuilds them from the
 * definitions the catalogue held (so whatever later migrations add is rebuilt too). Checking three foreign
 * keys and updating five indexes row by row is most of the cost of a million-row load; building an index
 * once and validating a foreign key in one pass afterwards is several times faster, and still refuses
 * rows that break them (the step's transaction rolls back). Primary keys and unique constraints stay; unique
 * indexes are rebuilt like the others, so a duplicate still fails the step.
 * Everything happens in the step's transaction, so a failure leaves the schema as it was.
 */
export async function withBulkLoad(ctx: ScaleContext, tables: readonly string[], load: () => Promise<void>) {
  const list = tables.map((t) => `'${t}'::regclass`).join(', ')
  const indexes = rowsOf<{ name: string; def: string }>(
    await ctx.db.execute(
      sql.raw(`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i
        where i.indrelid in (${list}) and not exists (
          select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))
        order by 1`),
    ),
  )
  const foreignKeys = rowsOf<{ tbl: string; name: string; def: string }>(
    await ctx.db.execute(
      sql.raw(`select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
        from pg_constraint where contype = 'f' and conrelid in (${list}) order by 1, 2`),
    ),
  )
  for (const fk of foreignKeys) await ctx.db.execute(sql.raw(`alter table ${fk.tbl} drop constraint "${fk.name}"`))
  for (const index of indexes) await ctx.db.execute(sql.raw(`drop index ${index.name}`))
  await load()
  const task = ctx.progress.start('indexes and keys', indexes.length + foreignKeys.length)
  // More sort memory for the index builds (a per-transaction setting any role may change).
  await ctx.db.execute(sql`set local maintenance_work_mem = '256MB'`)
  for (const index of indexes) {
    await ctx.db.execute(sql.raw(index.def))
    task.tick()
  }
  for (const fk of foreignKeys) {
    await ctx.db.execute(sql.raw(`alter table ${fk.tbl} add constraint "${fk.name}" ${fk.def}`))
    task.tick()
  }
  task.done()
}
