import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export { schema }

/** The one database type the app codes against, whichever driver sits underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
/** Either the database or an open transaction: model functions accept both. */
export type Executor = Database | Transaction

export type DatabaseHandle =
  | { kind: 'pglite'; db: Database; client: PGlite; close: () => Promise<void> }
  | { kind: 'postgres'; db: Database; client: postgres.Sql; close: () => Promise<void> }

export type OpenOptions =
  | { url: string; max?: number }
  | { dataDir?: string; loadDataDir?: Blob | File }

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * Opens PostgreSQL through postgres.js when a URL is given, otherwise an embedded PGlite
 * (in memory, or kept under `dataDir`). Both give the same drizzle API.
 */
export function openDatabase(options: OpenOptions): DatabaseHandle {
  if ('url' in options) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      // Data lives on SSDs: the default random_page_cost (4, for spinning disks) makes the planner prefer
      // sequential scans of large tables over index lookups for a centre's or a person's records.
      connection: { TimeZone: 'UTC', random_page_cost: '1.1' },
    })
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Database
    return { kind: 'postgres', db, client, close: () => client.end({ timeout: 5 }) }
  }
  if (options.dataDir && !options.dataDir.startsWith('memory://')) {
    fs.mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true })
  }
  const client = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, extensions: { pg_trgm } })
  // As for the server (see above): the embedded database is in memory or on local disk.
  void client.exec('SET random_page_cost = 1.1').catch(() => {})
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database
  return { kind: 'pglite', db, client, close: () => client.close() }
}

export async function migrateDatabase(handle: DatabaseHandle) {
  if (handle.kind === 'pglite') {
    await handle.client.waitReady
    await migratePglite(handle.db as never, { migrationsFolder })
  } else {
    await migratePostgres(handle.db as never, { migrationsFolder })
  }
}

/** Where the embedded database lives unless PGLITE_DIR says otherwise. */
export function defaultDataDir() {
  return process.env.PGLITE_DIR ?? path.resolve('data', 'pglite')
}

export function openFromEnv(): DatabaseHandle {
  const url = process.env.DATABASE_URL
  return url ? openDatabase({ url }) : openDatabase({ dataDir: defaultDataDir() })
}
