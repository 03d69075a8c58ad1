import type { DatabaseHandle } from './client.ts'
import { migrateDatabase } from './client.ts'
import { loadRegions } from './builders.ts'
import { eq } from 'drizzle-orm'
import { importContent } from './content/import.ts'
import { isDatabaseEmpty, seedDemo } from './demo-data.ts'
import { organisations } from './schema/index.ts'

/** On every start: apply migrations, make sure reference data is there, and on an empty demo database load the demo. */
export async function prepareDatabase(handle: DatabaseHandle, options: { demo: boolean }) {
  await migrateDatabase(handle)
  await loadRegions(handle.db)
  let seeded = false
  if (options.demo && (await isDatabaseEmpty(handle.db))) {
    // The demo seed imports content/ itself as soon as its organisations exist, before the plan, practices and
    // toolkit usage that link to the library; the import below then finds nothing changed.
    await seedDemo(handle.db)
    seeded = true
  }
  // The library in content/ is imported when its files changed since the last import (a hash check).
  // In the demo, new courses belong to the demo mentor organisation so its mentors can edit them.
  const [owner] = options.demo
    ? await handle.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, 'vektor'))
    : []
  const content = await importContent(handle.db, { onlyIfChanged: true, ownerOrganisationId: owner?.id ?? null })
  return { seeded, content }
}
