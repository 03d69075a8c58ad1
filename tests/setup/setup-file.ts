// Runs in each test file before it is imported: gives the file its own fresh, migrated database
// and puts it where app/utils/db.server.ts looks for it.
import fs from 'node:fs'
import { afterAll, inject } from 'vitest'
import { openDatabase, type DatabaseHandle } from '#db/client.ts'
import { withDatabase } from './global-setup.ts'

process.env.NODE_ENV = 'test'
process.env.DEMO_MODE ??= '0'

let handle: DatabaseHandle
let dropDatabase: (() => Promise<void>) | undefined
const url = process.env.TEST_DATABASE_URL
const template = inject('templateDatabase')

if (url && template) {
  const name = `resursnik_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = openDatabase({ url, max: 1 })
  if (admin.kind !== 'postgres') throw new Error('unreachable')
  await admin.client.unsafe(`create database ${name} template ${template}`)
  handle = openDatabase({ url: withDatabase(url, name), max: 4 })
  dropDatabase = async () => {
    await admin.client.unsafe(`drop database if exists ${name} with (force)`)
    await admin.close()
  }
} else {
  const snapshot = fs.readFileSync(inject('pgliteSnapshot'))
  handle = openDatabase({ loadDataDir: new Blob([snapshot]) })
}

globalThis.__resursnikDb = handle

afterAll(async () => {
  await handle.close()
  await dropDatabase?.()
  globalThis.__resursnikDb = undefined
})
