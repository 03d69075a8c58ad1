import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ContentError } from '#db/content/courses.ts'
import { CONTENT_ROOT, importContent } from '#db/content/import.ts'
import { importPractices, loadPractices } from '#db/content/practices.ts'
import { practiceMaterials, practices, toolkitResources } from '#db/schema/index.ts'
import { courseSearchQuery } from '#app/models/course-search.server.ts'
import { targetGroupQuery, type TargetGroup } from '#app/models/practice-search.server.ts'
import { testDb } from '#tests/db-utils.ts'

const SEED = ['family-club', 'home-care-volunteers', 'inclusive-workshop', 'rural-ngo-incubator', 'school-of-active-citizens', 'social-taxi']

const copies: string[] = []
function copyContent() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'practices-content-'))
  fs.cpSync(CONTENT_ROOT, dir, { recursive: true })
  copies.push(dir)
  return dir
}

/** A copy of content/ with one practice file edited; returns the folder, the file and its new text. */
function editPractice(slug: string, edit: (text: string) => string) {
  const dir = copyContent()
  const file = path.join(dir, 'practices', `${slug}.md`)
  const text = edit(fs.readFileSync(file, 'utf8'))
  fs.writeFileSync(file, text)
  return { dir, file, text }
}

/** Only the practices step, in its own transaction: what importContent does after the toolkit, without the slow rest. */
function importOnlyPractices(root = CONTENT_ROOT) {
  const list = loadPractices(root)
  return testDb().transaction((tx) => importPractices(tx, list))
}

function lineOf(text: string, needle: string) {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1
}

async function snapshot() {
  const rows = await testDb()
    .select({ slug: practices.slug, title: practices.title, hash: practices.contentHash, updatedAt: practices.updatedAt })
    .from(practices)
    .orderBy(asc(practices.slug))
  const [m] = await testDb().select({ n: count() }).from(practiceMaterials)
  return { rows, materials: m!.n }
}

async function search(query: ReturnType<typeof courseSearchQuery>) {
  const rows = await testDb()
    .select({ slug: practices.slug })
    .from(practices)
    .where(sql`${practices.searchVector} @@ (${query!})`)
  return rows.map((r) => r.slug).sort()
}

async function byGroup(group: TargetGroup) {
  const rows = await testDb()
    .select({ slug: practices.slug })
    .from(practices)
    .where(sql`${practices.searchVector} @@ (${targetGroupQuery(group)})`)
  return rows.map((r) => r.slug).sort()
}

beforeAll(async () => {
  await importContent(testDb())
})

afterAll(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true })
})

describe('practices import', () => {
  test('imports the six seed practices, published, with every field, region and materials in order', async () => {
    const rows = await testDb().select().from(practices).orderBy(asc(practices.slug))
    expect(rows.map((r) => r.slug)).toEqual(SEED)
    for (const r of rows) {
      expect(r.status).toBe('published')
      expect(r.source).toBe('content')
      expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/)
      expect(r.problem.length).toBeGreaterThan(50)
      expect(r.targetGroup.length).toBeGreaterThan(20)
      expect(r.evidence.length).toBeGreaterThan(50)
      expect(r.resourcesPeople && r.resourcesMoney && r.resourcesTime).toBeTruthy()
      expect(r.contacts).toContain('example')
      expect(r.regionCode).toMatch(/^\d{2}$/)
      expect(r.bodyHtml).toContain('<h3>Шаг 1.')
      expect(r.bodyHtml).not.toMatch(/<script|javascript:/i)
      expect(r.searchVector).toBeTruthy()
    }
    const taxi = rows.find((r) => r.slug === 'social-taxi')!
    expect(taxi.regionCode).toBe('43')
    expect(taxi.topics).toEqual(['social-services', 'volunteering'])
    const materials = await testDb()
      .select({ slug: toolkitResources.slug })
      .from(practiceMaterials)
      .innerJoin(toolkitResources, eq(toolkitResources.id, practiceMaterials.resourceId))
      .where(eq(practiceMaterials.practiceId, taxi.id))
      .orderBy(asc(practiceMaterials.position))
    expect(materials.map((m) => m.slug)).toEqual(['personal-data-consent', 'volunteer-agreement', 'grant-budget-template'])
  })

  test('running it again writes nothing: unchanged files are skipped by their hash', async () => {
    const before = await snapshot()
    const summary = await importContent(testDb())
    expect(summary.practices).toEqual({ practices: 6, created: 0, updated: 0, unchanged: 6 })
    expect(await snapshot()).toEqual(before)
  })

  test('a changed file updates only its practice, materials included', async () => {
    const before = await snapshot()
    const { dir } = editPractice('social-taxi', (text) =>
      text
        .replace(/^title: .*$/m, 'title: Социальное такси для сельских жителей')
        .replace('materials: [personal-data-consent, volunteer-agreement, grant-budget-template]', 'materials: [grant-budget-template]'),
    )
    expect(await importOnlyPractices(dir)).toEqual({ practices: 6, created: 0, updated: 1, unchanged: 5 })
    const after = await snapshot()
    const changed = after.rows.find((r) => r.slug === 'social-taxi')!
    expect(changed.title).toBe('Социальное такси для сельских жителей')
    expect(changed.hash).not.toBe(before.rows.find((r) => r.slug === 'social-taxi')!.hash)
    expect(after.rows.filter((r) => r.slug !== 'social-taxi')).toEqual(before.rows.filter((r) => r.slug !== 'social-taxi'))
    expect(after.materials).toBe(before.materials - 2)
    // The real content/ puts it back.
    expect((await importOnlyPractices()).updated).toBe(1)
    const restored = await snapshot()
    const shape = (x: typeof before) => ({ rows: x.rows.map(({ updatedAt: _u, ...r }) => r), materials: x.materials })
    expect(shape(restored)).toEqual(shape(before))
  })

  test('an unknown toolkit slug in materials is named with file and line, and nothing is written', async () => {
    const before = await snapshot()
    const { dir, text } = editPractice('family-club', (t) =>
      t
        .replace(/^title: .*$/m, 'title: Изменённое название')
        .replace('materials: [personal-data-consent, volunteer-agreement, public-event-scenario]', 'materials:\n  - personal-data-consent\n  - no-such-template'),
    )
    const error = await importOnlyPractices(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContentError)
    expect((error as ContentError).message).toContain(
      `practices/family-club.md:${lineOf(text, '- no-such-template')}: materials: no toolkit resource with the slug "no-such-template"`,
    )
    expect(await snapshot()).toEqual(before)
  })

  test('an unknown region code, a missing field and a bad topic are each reported with their line', async () => {
    const before = await snapshot()
    const dir = copyContent()
    const taxi = path.join(dir, 'practices', 'social-taxi.md')
    const taxiText = fs.readFileSync(taxi, 'utf8').replace("region: '43'", "region: '99'")
    fs.writeFileSync(taxi, taxiText)
    const club = path.join(dir, 'practices', 'family-club.md')
    const clubText = fs.readFileSync(club, 'utf8').replace(/^evidence: >-\n(?: {2}.*\n)+/m, '').replace('topics: [social-services, volunteering, communications]', 'topics: [social-services, knitting]')
    fs.writeFileSync(club, clubText)
    const error = await importContent(testDb(), { root: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContentError)
    const problems = (error as ContentError).problems
    expect(problems).toContainEqual(expect.stringContaining(`practices/social-taxi.md:${lineOf(taxiText, "region: '99'")}: origin.region "99" is not a region code`))
    expect(problems).toContainEqual(expect.stringMatching(/practices\/family-club\.md:\d+: evidence /))
    expect(problems).toContainEqual(expect.stringContaining(`practices/family-club.md:${lineOf(clubText, 'knitting')}: topics.1`))
    expect(await snapshot()).toEqual(before)
  })

  test('a slug taken by a practice authored in the app is refused', async () => {
    await testDb().update(practices).set({ source: 'authored', contentHash: null }).where(eq(practices.slug, 'inclusive-workshop'))
    try {
      await expect(importOnlyPractices()).rejects.toThrow(/inclusive-workshop\.md:2: slug "inclusive-workshop" belongs to a practice authored in the app/)
    } finally {
      await testDb().update(practices).set({ source: 'content' }).where(eq(practices.slug, 'inclusive-workshop'))
      await importOnlyPractices()
    }
  })

  test('Russian search finds word forms, «ё» or not, across title, problem and method', async () => {
    expect(await search(courseSearchQuery('такси'))).toContain('social-taxi')
    expect(await search(courseSearchQuery('пожилым людям'))).toEqual(expect.arrayContaining(['home-care-volunteers', 'social-taxi']))
    expect(await search(courseSearchQuery('волонтёров'))).toEqual(await search(courseSearchQuery('волонтеров')))
    expect(await search(courseSearchQuery('инкубатора'))).toContain('rural-ngo-incubator')
    expect(await search(courseSearchQuery('нетакогослова'))).toEqual([])
  })

  test('the "for whom" groups match the target-group text only', async () => {
    expect(await byGroup('older')).toEqual(['home-care-volunteers', 'school-of-active-citizens', 'social-taxi'])
    expect(await byGroup('disability')).toEqual(['family-club', 'inclusive-workshop', 'social-taxi'])
    expect(await byGroup('ngo')).toEqual(['rural-ngo-incubator'])
    // «сёл» in the family club's method does not count: only its target group is searched.
    const rural = await byGroup('rural')
    expect(rural).toContain('social-taxi')
    expect(rural).not.toContain('family-club')
    const [{ n }] = (await testDb()
      .select({ n: count() })
      .from(practices)
      .where(and(eq(practices.slug, 'family-club'), sql`${practices.searchVector} @@ (${courseSearchQuery('сёл')!})`))) as [{ n: number }]
    expect(n).toBe(1)
  })
})
