// `npm run db:scale -- --reset` on an empty database: the reset imports content/ (courses, toolkit and seed
// practices, which name their regions) before the generator's regions step has run, so the import has to
// bring the regions itself. Run again, the reset leaves the same library, nothing duplicated.
import { count, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { importContent } from '#db/content/import.ts'
import { REGIONS } from '#db/reference/regions.ts'
import { resetScaleData } from '#db/scale/index.ts'
import { courses, practices, regions, toolkitResources } from '#db/schema/index.ts'
import { testDb } from '#tests/db-utils.ts'

async function library() {
  const n = async (table: typeof regions | typeof courses | typeof toolkitResources | typeof practices) =>
    (await testDb().select({ n: count() }).from(table))[0]!.n
  const [seedPractices] = await testDb().select({ n: count() }).from(practices).where(eq(practices.source, 'content'))
  return {
    regions: await n(regions),
    courses: await n(courses),
    toolkit: await n(toolkitResources),
    practices: seedPractices!.n,
  }
}

describe('a scale reset on an empty database', { timeout: 120_000 }, () => {
  test('works without regions, loads them and the library, and a second reset gives the same', async () => {
    // As a freshly created database that has only been migrated: no reference data yet.
    await testDb().delete(regions)
    expect((await library()).regions).toBe(0)

    await resetScaleData(testDb())
    const first = await library()
    expect(first.regions).toBe(REGIONS.length)
    expect(first.courses).toBeGreaterThanOrEqual(4)
    expect(first.toolkit).toBeGreaterThanOrEqual(8)
    expect(first.practices).toBeGreaterThanOrEqual(6)

    await resetScaleData(testDb())
    expect(await library()).toEqual(first)
  })

  test('`npm run content:import` on a database without regions works too', async () => {
    await testDb().delete(practices)
    await testDb().delete(regions)
    const summary = await importContent(testDb())
    expect(summary.practices?.created).toBeGreaterThanOrEqual(6)
    expect((await library()).regions).toBe(REGIONS.length)
  })
})
