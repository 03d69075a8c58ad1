import { loadRegions } from './builders.ts'
import { migrateDatabase, openFromEnv } from './client.ts'
import { isDatabaseEmpty, seedDemo } from './demo-data.ts'

const handle = openFromEnv()
await migrateDatabase(handle)
await loadRegions(handle.db)
if (await isDatabaseEmpty(handle.db)) {
  await seedDemo(handle.db)
  console.info('Demo data loaded.')
} else {
  console.info('The database already has organisations; demo data was not loaded again.')
}
await handle.close()
