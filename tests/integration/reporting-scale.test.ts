// The reporting step of the scale generator, after the steps it builds on, at a small scale: quarters that
// tile each programme, targets that add up to the totals, stage histories that end at the centre's stage,
// and the dashboard's one statement agreeing with every indicator computed alone.
import { asc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '#db/client.ts'
import { attendanceStep } from '#db/scale/attendance.ts'
import { planFor, SCALE_NOW, type ScaleContext } from '#db/scale/context.ts'
import { eventsStep } from '#db/scale/events.ts'
import { organisationsStep } from '#db/scale/organisations.ts'
import { programmesStep } from '#db/scale/programmes.ts'
import { silentProgress } from '#db/scale/progress.ts'
import { createRng } from '#db/scale/random.ts'
import { regionsStep } from '#db/scale/regions.ts'
import { reportingStep } from '#db/scale/reporting.ts'
import { usersStep } from '#db/scale/users.ts'
import {
  events,
  indicatorManualValues,
  indicatorTargets,
  organisations,
  planActivities,
  programmeIndicators,
  reportPeriods,
  stageHistory,
} from '#db/schema/index.ts'
import {
  computeDashboard,
  computeIndicator,
  isIndicatorKey,
  listProgrammeIndicators,
} from '#app/models/indicators.server.ts'
import { getDatabaseHandle } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'

const SCALE = 0.01
let ctx: ScaleContext

function db() {
  return getDatabaseHandle().db
}

beforeAll(async () => {
  ctx = {
    db: db(),
    seed: 11,
    scale: SCALE,
    plan: planFor(SCALE),
    rng: createRng(11),
    progress: silentProgress,
    passwordHash: await hashPassword('scale-test'),
    regions: [],
    mentorOrgs: [],
    centres: [],
    centreIdsByRegion: new Map(),
    people: new Map(),
    userIds: [],
    adminIds: [],
    programmes: [],
    events: [],
    courses: [],
    counts: {},
  }
  for (const step of [regionsStep, organisationsStep, usersStep, programmesStep, eventsStep, attendanceStep, reportingStep]) {
    ctx.rng = createRng(11, step.name)
    await db().transaction(async (tx) => {
      ctx.db = tx
      await step.run(ctx)
      ctx.db = db() as Database
    })
  }
  // As the generator does after its steps: the planner needs statistics of the new rows.
  await db().execute(sql`analyze`)
}, 240_000)

describe('reporting scale data', () => {
  test('quarters tile every programme from its first day to its last', async () => {
    const periods = await db().select().from(reportPeriods).orderBy(asc(reportPeriods.programmeId), asc(reportPeriods.startsOn))
    for (const p of ctx.programmes) {
      const own = periods.filter((q) => q.programmeId === p.id)
      expect(own.length).toBeGreaterThanOrEqual(4)
      expect(own[0]!.startsOn).toBe(p.startsOn)
      expect(own.at(-1)!.endsOn).toBe(p.endsOn)
      for (let i = 1; i < own.length; i++) {
        const dayAfter = new Date(Date.parse(`${own[i - 1]!.endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
        expect(own[i]!.startsOn).toBe(dayAfter)
      }
    }
  })

  test('each programme has its indicators, and the quarter targets add up to the total', async () => {
    const rows = await db()
      .select({
        programmeId: programmeIndicators.programmeId,
        id: programmeIndicators.id,
        source: programmeIndicators.source,
        key: programmeIndicators.computationKey,
        total: programmeIndicators.targetTotal,
        sum: sql<string>`(select sum(t.target) from ${indicatorTargets} t where t.indicator_id = ${programmeIndicators.id})`,
      })
      .from(programmeIndicators)
    expect(rows.length).toBe(ctx.programmes.length * 14)
    for (const r of rows) {
      expect(Number(r.sum)).toBe(Number(r.total))
      if (r.source === 'computed') expect(isIndicatorKey(r.key)).toBe(true)
    }
    const manual = await db()
      .select({ endsOn: reportPeriods.endsOn })
      .from(indicatorManualValues)
      .innerJoin(reportPeriods, eq(reportPeriods.id, indicatorManualValues.periodId))
    expect(manual.length).toBeGreaterThan(0)
    for (const m of manual) expect(m.endsOn < new Date(SCALE_NOW).toISOString().slice(0, 10)).toBe(true)
    const [activities] = await db().select({ n: sql<number>`count(*)::int` }).from(planActivities)
    expect(activities!.n).toBeGreaterThanOrEqual(ctx.programmes.length * 6)
  })

  test("stage histories are unbroken chains ending at the centre's current stage", async () => {
    const history = await db().select().from(stageHistory).orderBy(asc(stageHistory.organisationId), asc(stageHistory.changedAt))
    expect(history.length).toBeGreaterThan(0)
    const stages = new Map((await db().select({ id: organisations.id, stage: organisations.stage }).from(organisations)).map((o) => [o.id, o.stage]))
    const byCentre = new Map<string, typeof history>()
    for (const h of history) byCentre.set(h.organisationId, [...(byCentre.get(h.organisationId) ?? []), h])
    for (const [centre, rows] of byCentre) {
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.fromStage).toBe(rows[i - 1]!.toStage)
      expect(rows.at(-1)!.toStage).toBe(stages.get(centre))
      expect(rows.at(-1)!.changedAt.getTime()).toBeLessThanOrEqual(SCALE_NOW)
    }
  })

  test("the dashboard's single statement agrees with every indicator computed on its own", async () => {
    const [busiest] = await db()
      .select({ id: events.programmeId })
      .from(events)
      .groupBy(events.programmeId)
      .orderBy(sql`count(*) desc`, asc(events.programmeId))
      .limit(1)
    const programme = ctx.programmes.find((p) => p.id === busiest!.id)!
    const range = { startsOn: programme.startsOn, endsOn: programme.endsOn }
    const asOf = new Date(SCALE_NOW)
    const indicators = await listProgrammeIndicators(db(), programme.id)
    const figures = await computeDashboard(db(), programme.id, range, { asOf, indicators })
    let nonZero = 0
    for (const i of indicators) {
      if (!isIndicatorKey(i.computationKey)) continue
      const alone = await computeIndicator(db(), programme.id, i.computationKey, i.computationParams, range, undefined, { asOf })
      expect(figures.totals.get(i.id) ?? 0, i.name).toBe(alone)
      if (alone) nonZero += 1
    }
    expect(nonZero).toBeGreaterThanOrEqual(6)
    // One centre's contribution never exceeds the programme's figure.
    const centre = programme.centreIds[0]!
    const scoped = await computeDashboard(db(), programme.id, range, { asOf, indicators, scope: { organisationId: centre } })
    for (const [id, value] of scoped.totals) expect(value).toBeLessThanOrEqual(figures.totals.get(id) ?? 0)
  })
})
