// Backup and restore round trips: the embedded PGlite directory always, PostgreSQL when
// TEST_DATABASE_URL names a server and pg_dump / pg_restore are installed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, test } from 'vitest'
import { backupPglite, backupPostgres, hasPgTools, restorePglite, restorePostgres } from '#db/backup.ts'
import { innFor, insertOrganisation, loadRegions, ogrnFor } from '#db/builders.ts'
import { migrateDatabase, openDatabase, type DatabaseHandle } from '#db/client.ts'
import { organisations } from '#db/schema/index.ts'
import { withDatabase } from '#tests/setup/global-setup.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-backup-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

async function withHandle<T>(handle: DatabaseHandle, fn: (handle: DatabaseHandle) => Promise<T>) {
  try {
    return await fn(handle)
  } finally {
    await handle.close()
  }
}

async function seedOne(handle: DatabaseHandle, name: string) {
  await migrateDatabase(handle)
  await loadRegions(handle.db)
  return insertOrganisation(handle.db, {
    kind: 'centre',
    name,
    regionCode: '59',
    city: 'Пермь',
    inn: innFor('59', 8_100_001),
    ogrn: ogrnFor('59', 8_100_001),
  })
}

async function organisationNames(handle: DatabaseHandle) {
  return (await handle.db.select({ name: organisations.name }).from(organisations).orderBy(organisations.name)).map((r) => r.name)
}

describe('PGlite backup and restore', () => {
  const dataDir = path.join(tmp, 'data', 'pglite')
  const file = path.join(tmp, 'backups', 'resursnik-test.tar.gz')

  test('a restore brings back exactly what was backed up and keeps the replaced directory', async () => {
    const original = await withHandle(openDatabase({ dataDir }), (h) => seedOne(h, 'РЦ «Кама»'))

    const backup = await backupPglite(dataDir, file)
    expect(backup.bytes).toBeGreaterThan(1000)
    expect(fs.existsSync(`${file}.partial`)).toBe(false)

    await withHandle(openDatabase({ dataDir }), async (h) => {
      await h.db.delete(organisations).where(eq(organisations.id, original.id))
      await insertOrganisation(h.db, { kind: 'centre', name: 'Добавлено после копии', regionCode: '61', city: 'Ростов-на-Дону' })
      expect(await organisationNames(h)).toEqual(['Добавлено после копии'])
    })

    const restored = await restorePglite(file, dataDir)
    expect(restored.organisations).toBe(1)
    expect(restored.aside).toMatch(/pglite\.before-restore-\d{8}-\d{6}$/)
    expect(fs.existsSync(path.join(restored.aside!, 'PG_VERSION'))).toBe(true)

    await withHandle(openDatabase({ dataDir }), async (h) => {
      const rows = await h.db.select().from(organisations)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ id: original.id, name: 'РЦ «Кама»', inn: original.inn })
    })
  }, 60_000)

  test('a file that is not a backup is refused and the data directory stays as it was', async () => {
    const bogus = path.join(tmp, 'not-a-backup.tar.gz')
    fs.writeFileSync(bogus, 'hello')
    await expect(restorePglite(bogus, dataDir)).rejects.toThrow(/not a gzipped PGlite backup/)
    await withHandle(openDatabase({ dataDir }), async (h) => {
      expect(await organisationNames(h)).toEqual(['РЦ «Кама»'])
    })
  }, 30_000)

  test('backing up a directory without a database says so', async () => {
    await expect(backupPglite(path.join(tmp, 'nowhere'), path.join(tmp, 'x.tar.gz'))).rejects.toThrow(/No embedded database/)
  })
})

const serverUrl = process.env.TEST_DATABASE_URL

describe.skipIf(!serverUrl || !hasPgTools())('PostgreSQL backup and restore (pg_dump / pg_restore)', () => {
  test('a restore brings back exactly what was backed up', async () => {
    const name = `resursnik_backup_${process.pid}`
    const admin = openDatabase({ url: serverUrl!, max: 1 })
    if (admin.kind !== 'postgres') throw new Error('unreachable')
    await admin.client.unsafe(`drop database if exists ${name} with (force)`)
    await admin.client.unsafe(`create database ${name}`)
    const url = withDatabase(serverUrl!, name)
    try {
      const original = await withHandle(openDatabase({ url, max: 1 }), (h) => seedOne(h, 'РЦ «Обь»'))
      const file = path.join(tmp, 'backups', 'resursnik-test.dump')
      expect(backupPostgres(url, file).bytes).toBeGreaterThan(1000)

      await withHandle(openDatabase({ url, max: 1 }), async (h) => {
        await h.db.delete(organisations).where(eq(organisations.id, original.id))
        await insertOrganisation(h.db, { kind: 'centre', name: 'Добавлено после копии', regionCode: '61', city: 'Ростов-на-Дону' })
      })

      restorePostgres(file, url)
      await withHandle(openDatabase({ url, max: 1 }), async (h) => {
        const rows = await h.db.select().from(organisations)
        expect(rows).toHaveLength(1)
        expect(rows[0]).toMatchObject({ id: original.id, name: 'РЦ «Обь»' })
      })
    } finally {
      await admin.client.unsafe(`drop database if exists ${name} with (force)`)
      await admin.close()
    }
  }, 60_000)
})
