// Opens the database a benchmark runs against and records the SQL the app sends, so each measured
// operation can be EXPLAIN ANALYZEd with exactly the statements it runs.
import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from 'drizzle-orm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { openDatabase, schema, type Database, type DatabaseHandle } from '#db/client.ts'
import { countScaleUsers } from '#db/scale/index.ts'

export type CapturedQuery = { sql: string; params: unknown[] }

export type BenchDatabase = {
  handle: DatabaseHandle
  label: string
  /** Statements sent while `capture` is running. */
  capture<T>(fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }>
}

/** A sequential scan is worth a look only on a table at least this big (tiny tables are scanned by design). */
export const LARGE_TABLE_ROWS = 1000

/**
 * BENCH_DATABASE_URL (PostgreSQL) or PGLITE_DIR (an embedded directory filled by `npm run db:scale`).
 * Returns a reason instead when there is nothing to measure.
 */
export async function openBenchDatabase(): Promise<BenchDatabase | { skip: string }> {
  const url = process.env.BENCH_DATABASE_URL
  const dir = process.env.PGLITE_DIR
  if (!url && !dir) {
    return { skip: 'set BENCH_DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded) to a database filled by `npm run db:scale`' }
  }
  // Never create an empty embedded directory by opening a path that has none.
  if (!url && !fs.existsSync(path.join(dir!, 'PG_VERSION'))) {
    return { skip: `no embedded database at PGLITE_DIR=${dir}; run \`PGLITE_DIR=${dir} npm run db:scale\` first` }
  }
  const base = url ? openDatabase({ url, max: 4 }) : openDatabase({ dataDir: dir! })
  let recording: CapturedQuery[] | null = null
  const logger: Logger = {
    logQuery(sql, params) {
      recording?.push({ sql, params })
    },
  }
  const options = { schema, casing: 'snake_case' as const, logger }
  const db = (base.kind === 'pglite' ? drizzlePglite(base.client, options) : drizzlePostgres(base.client, options)) as unknown as Database
  const handle = { ...base, db } as DatabaseHandle
  const scaleUsers = await countScaleUsers(db)
  if (scaleUsers === 0) {
    await handle.close()
    return { skip: `${url ? 'BENCH_DATABASE_URL' : `PGLITE_DIR=${dir}`} holds no scale data; run \`npm run db:scale\` against it first` }
  }
  return {
    handle,
    label: handle.kind === 'postgres' ? `PostgreSQL (${new URL(url!).pathname.slice(1)})` : `PGlite (${dir})`,
    async capture(fn) {
      recording = []
      try {
        const result = await fn()
        return { result, queries: recording }
      } finally {
        recording = null
      }
    },
  }
}

async function rawQuery(handle: DatabaseHandle, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  if (handle.kind === 'postgres') return (await handle.client.unsafe(text, params as never[])) as Record<string, unknown>[]
  return (await handle.client.query<Record<string, unknown>>(text, params)).rows
}

export type PlanReport = { operation: string; sql: string; plan: string; seqScans: string[] }

let tableRows: Map<string, number> | undefined
async function estimatedRows(handle: DatabaseHandle) {
  tableRows ??= new Map(
    (
      await rawQuery(
        handle,
        `select relname, reltuples::bigint as n from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`,
        [],
      )
    ).map((row) => [String(row.relname), Number(row.n)]),
  )
  return tableRows
}

/** EXPLAIN (ANALYZE, BUFFERS) of every SELECT an operation sent, and the large tables it scanned sequentially. */
export async function explainOperation(bench: BenchDatabase, operation: string, queries: CapturedQuery[]) {
  const sizes = await estimatedRows(bench.handle)
  const reports: PlanReport[] = []
  for (const query of queries) {
    if (!/^\s*(select|with)\b/i.test(query.sql)) continue
    const rows = await rawQuery(bench.handle, `explain (analyze, buffers) ${query.sql}`, query.params)
    const plan = rows.map((row) => String(Object.values(row)[0])).join('\n')
    const seqScans = [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))]
      .filter((table) => (sizes.get(table) ?? 0) >= LARGE_TABLE_ROWS)
      .map((table) => `${table} (~${sizes.get(table)} rows)`)
    reports.push({ operation, sql: query.sql, plan, seqScans })
  }
  return reports
}

export function writePlans(label: string, kind: string, reports: PlanReport[]) {
  const file = path.resolve('tests/.tmp', `bench-plans-${kind}.txt`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const text = reports
    .map((r) => `### ${r.operation}${r.seqScans.length ? `  [seq scan: ${r.seqScans.join(', ')}]` : ''}\n${r.sql}\n\n${r.plan}\n`)
    .join('\n')
  fs.writeFileSync(file, `# Query plans on ${label}, ${new Date().toISOString()}\n\n${text}`)
  return file
}
