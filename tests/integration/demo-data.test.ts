// The demo seed as `npm start` runs it (prepareDatabase in demo mode): content/ is imported before anything
// links to it, so the development plan of РЦ «Дон» links to seed courses and toolkit resources, and the
// demo centres have toolkit usage that the usage pages and the programme's indicators show. Starting twice
// adds nothing.
import { and, count, eq, inArray, isNotNull, or } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { DEMO_TOOLKIT_USAGE, seedDemoPlan, seedDemoToolkitUsage } from '#db/demo-data.ts'
import { prepareDatabase } from '#db/prepare.ts'
import {
  courses,
  developmentPlans,
  organisations,
  planTasks,
  programmeIndicators,
  programmes,
  toolkitResources,
  toolkitUsage,
  toolkitVersions,
  users,
} from '#db/schema/index.ts'
import { computeIndicator } from '#app/models/indicators.server.ts'
import { loader as planLoader } from '#app/routes/organisations.$id_.plan.tsx'
import { loader as centreToolkitsLoader } from '#app/routes/organisations.$id_.toolkits.tsx'
import { loader as usageLoader } from '#app/routes/toolkits.$slug_.usage.tsx'
import { getDatabaseHandle } from '#app/utils/db.server.ts'
import { callRoute, testDb } from '#tests/db-utils.ts'

let first: Awaited<ReturnType<typeof prepareDatabase>>
let programmeId: string

async function userByEmail(email: string) {
  const [row] = await testDb().select({ id: users.id }).from(users).where(eq(users.email, email))
  return row!
}

async function orgBySlug(slug: string) {
  const [row] = await testDb().select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug))
  return row!
}

/** Rows of every table the demo seed and the content import write that these tests look at. */
async function tally() {
  const n = async (
    table: typeof planTasks | typeof toolkitUsage | typeof courses | typeof toolkitResources | typeof toolkitVersions,
  ) => {
    const [row] = await testDb().select({ n: count() }).from(table)
    return row!.n
  }
  return {
    planTasks: await n(planTasks),
    toolkitUsage: await n(toolkitUsage),
    courses: await n(courses),
    toolkitResources: await n(toolkitResources),
    toolkitVersions: await n(toolkitVersions),
  }
}

beforeAll(async () => {
  first = await prepareDatabase(getDatabaseHandle(), { demo: true })
  const [programme] = await testDb()
    .select({ id: programmes.id })
    .from(programmes)
    .where(eq(programmes.slug, 'tochki-rosta'))
  programmeId = programme!.id
}, 120_000)

describe('the demo seed', () => {
  test('runs the seed once: a second start seeds nothing and duplicates nothing', { timeout: 60_000 }, async () => {
    expect(first.seeded).toBe(true)
    const before = await tally()
    const again = await prepareDatabase(getDatabaseHandle(), { demo: true })
    expect(again.seeded).toBe(false)
    // The seed imported content/ itself: the start-up import found nothing changed.
    expect(again.content.skipped).toBe(true)
    // The parts that may be run on their own add nothing either.
    await testDb().transaction(async (tx) => {
      await seedDemoPlan(tx)
      await seedDemoToolkitUsage(tx)
    })
    expect(await tally()).toEqual(before)
  })

  test('Дон’s plan tasks link to published seed courses and toolkit resources, which the plan page shows', async () => {
    const don = await orgBySlug('don')
    const linked = await testDb()
      .select({
        title: planTasks.title,
        course: { slug: courses.slug, status: courses.status, source: courses.source },
        resource: { slug: toolkitResources.slug, status: toolkitResources.status, source: toolkitResources.source },
      })
      .from(planTasks)
      .innerJoin(developmentPlans, eq(developmentPlans.id, planTasks.planId))
      .leftJoin(courses, eq(courses.id, planTasks.courseId))
      .leftJoin(toolkitResources, eq(toolkitResources.id, planTasks.resourceId))
      .where(
        and(
          eq(developmentPlans.organisationId, don.id),
          or(isNotNull(planTasks.courseId), isNotNull(planTasks.resourceId)),
        ),
      )
    expect(linked.length).toBe(7)
    const courseLinks = linked.flatMap((t) => (t.course ? [t.course] : []))
    const resourceLinks = linked.flatMap((t) => (t.resource ? [t.resource] : []))
    expect(courseLinks.length).toBe(4)
    expect(resourceLinks.length).toBe(5)
    for (const target of [...courseLinks, ...resourceLinks])
      expect(target).toMatchObject({ status: 'published', source: 'content' })
    const consent = linked.find((t) => t.title.startsWith('Утвердить положение о персональных данных'))
    expect(consent?.resource?.slug).toBe('personal-data-consent')

    const leader = await userByEmail('leader@resursnik.demo')
    const result = await callRoute(planLoader, `/organisations/${don.id}/plan`, { as: leader, params: { id: don.id } })
    expect(result.status).toBe(200)
    const tasks = (
      result.data as { tasks: { title: string; courseSlug: string | null; resourceSlug: string | null }[] }
    ).tasks
    expect(tasks.find((t) => t.title.startsWith('Собрать смету проекта'))).toMatchObject({
      courseSlug: 'grant-applications',
      resourceSlug: 'grant-budget-template',
    })
  })

  test('every demo centre has toolkit usage: views, downloads and generated documents, on current versions, within the programme', async () => {
    const rows = await testDb()
      .select({
        kind: toolkitUsage.kind,
        organisation: organisations.slug,
        versionId: toolkitUsage.versionId,
        currentVersionId: toolkitResources.currentVersionId,
        userId: toolkitUsage.userId,
        createdAt: toolkitUsage.createdAt,
      })
      .from(toolkitUsage)
      .innerJoin(organisations, eq(organisations.id, toolkitUsage.organisationId))
      .innerJoin(toolkitResources, eq(toolkitResources.id, toolkitUsage.resourceId))
    // All of them while the demo is loaded at least four months into the programme (as it is from July 2026 on).
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThanOrEqual(DEMO_TOOLKIT_USAGE.length)
    expect(new Set(rows.map((r) => r.organisation))).toEqual(
      new Set(['don', 'kama', 'ob', 'amur', 'baltika', 'kamchatka']),
    )
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['view', 'download', 'generate_docx', 'generate_pdf']))
    for (const r of rows) {
      expect(r.versionId).toBe(r.currentVersionId)
      expect(r.userId).toBeTruthy()
      expect(r.createdAt.getTime()).toBeLessThanOrEqual(Date.now())
      expect(r.createdAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-01T00:00:00Z'))
    }
  })

  test('the usage pages show it: a seed resource’s usage for its authors, a centre’s own materials', async () => {
    const mentor = await userByEmail('mentor@resursnik.demo')
    const usage = await callRoute(usageLoader, '/toolkits/personal-data-consent/usage', {
      as: mentor,
      params: { slug: 'personal-data-consent' },
    })
    expect(usage.status).toBe(200)
    const data = usage.data as { usage: { totals: { views: number; docx: number; pdf: number }; centres: unknown[] } }
    expect(data.usage.totals).toMatchObject({ views: 1, docx: 2, pdf: 2 })
    expect(data.usage.centres.length).toBe(3)

    const don = await orgBySlug('don')
    const leader = await userByEmail('leader@resursnik.demo')
    const own = await callRoute(centreToolkitsLoader, `/organisations/${don.id}/toolkits`, {
      as: leader,
      params: { id: don.id },
    })
    expect(own.status).toBe(200)
    const resources = (own.data as { usage: { resources: { slug: string }[] } }).usage.resources.map((r) => r.slug)
    expect(resources).toEqual(
      expect.arrayContaining(['personal-data-consent', 'consultation-intake-form', 'grant-budget-template']),
    )
  })

  test('the programme’s indicators "toolkit downloads" and "documents generated" count it', async () => {
    const indicators = await testDb()
      .select({ key: programmeIndicators.computationKey })
      .from(programmeIndicators)
      .where(
        and(
          eq(programmeIndicators.programmeId, programmeId),
          inArray(programmeIndicators.computationKey, ['toolkit_downloads', 'documents_generated']),
        ),
      )
    expect(indicators.map((i) => i.key).sort()).toEqual(['documents_generated', 'toolkit_downloads'])
    const whole = { startsOn: '2026-03-01', endsOn: '2027-08-31' }
    const kinds = (await testDb().select({ kind: toolkitUsage.kind }).from(toolkitUsage)).map((r) => r.kind)
    const downloads = kinds.filter((kind) => kind === 'download').length
    const documents = kinds.filter((kind) => kind === 'generate_docx' || kind === 'generate_pdf').length
    expect(await computeIndicator(testDb(), programmeId, 'toolkit_downloads', {}, whole)).toBe(downloads)
    expect(await computeIndicator(testDb(), programmeId, 'documents_generated', {}, whole)).toBe(documents)
    expect(downloads).toBeGreaterThan(0)
    expect(documents).toBeGreaterThan(0)
  })
})
