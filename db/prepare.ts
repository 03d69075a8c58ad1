import type { DatabaseHandle } from './client.ts'
import { migrateDatabase } from './client.ts'
import { loadRegions } from './builders.ts'
import { isDatabaseEmpty, seedDemo } from './demo-data.ts'

/** On every start: apply migrations, make sure reference data is there, and on an empty demo database load the demo. */
export async function prepareDatabase(handle: DatabaseHandle, options: { demo: boolean }) {
  await migrateDatabase(handle)
  await loadRegions(handle.db)
  if (options.demo && (await isDatabaseEmpty(handle.db))) {
    await seedDemo(handle.db)
    return { seeded: true }
  }
  return { seeded: false }
}
