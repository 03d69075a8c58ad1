import { loadRegions } from './builders.ts'
import { migrateDatabase, openFromEnv } from './client.ts'

const handle = openFromEnv()
await migrateDatabase(handle)
await loadRegions(handle.db)
await handle.close()
console.info(`Migrations applied (${handle.kind}).`)
