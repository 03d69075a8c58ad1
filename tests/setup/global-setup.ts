// Runs once before all test files: builds a migrated database that every test file then copies.
// PGlite: a data-directory snapshot (copying it is far faster than initdb + migrations per file).
// PostgreSQL (TEST_DATABASE_URL): a template database; each file gets CREATE DATABASE … TEMPLATE.
import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { loadRegions } from '#db/builders.ts'
import { migrateDatabase, openDatabase } from '#db/client.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string
    templateDatabase: string
  }
}

export const SNAPSHOT_PATH = path.resolve('tests/.tmp/pglite-snapshot.tar.gz')

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const template = `resursnik_tpl_${process.pid}`
    const admin = openDatabase({ url, max: 1 })
    if (admin.kind !== 'postgres') throw new Error('unreachable')
    await admin.client.unsafe(`drop database if exists ${template}`)
    await admin.client.unsafe(`create database ${template}`)
    const handle = openDatabase({ url: withDatabase(url, template), max: 1 })
    await migrateDatabase(handle)
    await loadRegions(handle.db)
    await handle.close()
    project.provide('templateDatabase', template)
    project.provide('pgliteSnapshot', '')
    return async () => {
      await admin.client.unsafe(`drop database if exists ${template} with (force)`)
      await admin.close()
    }
  }
  const handle = openDatabase({ dataDir: 'memory://' })
  if (handle.kind !== 'pglite') throw new Error('unreachable')
  await migrateDatabase(handle)
  await loadRegions(handle.db)
  const dump = await handle.client.dumpDataDir('gzip')
  fs.mkdirSync(path.dirname(SNAPSHOT_PATH), { recursive: true })
  fs.writeFileSync(SNAPSHOT_PATH, Buffer.from(await dump.arrayBuffer()))
  await handle.close()
  project.provide('pgliteSnapshot', SNAPSHOT_PATH)
  project.provide('templateDatabase', '')
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
