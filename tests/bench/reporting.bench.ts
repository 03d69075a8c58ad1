// Grant outcome reporting at federal scale (`npm run db:scale`: 1 million attendance marks, ~1 million lesson
// completions and 190,000 enrolments, toolkit use, consultations, stage changes, transfers; 14 indicators per
// programme with quarterly targets): every indicator of the programme with the most attendance, for the whole
// programme and for its busiest centre — cold (the first statements on a fresh connection) and warm — and the
// dashboard, drill-down and contribution pages through their loaders with a session cookie.
//   BENCH_DATABASE_URL=postgres://…/resursnik_scale npx vitest bench --run tests/bench/reporting.bench.ts
//   PGLITE_DIR=/tmp/resursnik-scale npx vitest bench --run tests/bench/reporting.bench.ts
// Figures go to tests/bench/RESULTS.md by hand; plans to tests/.tmp/bench-plans-reporting-<kind>.txt.
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, bench, describe } from 'vitest'
import { openDatabase, type Database } from '#db/client.ts'
import { SCALE_NOW } from '#db/scale/context.ts'
import { memberships, programmeManagers, reportPeriods, sessions } from '#db/schema/index.ts'
import { explainOperation, openBenchDatabase, writePlans, type PlanReport } from './bench-db.ts'

const BENCH = { time: 1000, warmupTime: 200 }
const COLD_RUNS = 5

function maxWorkers() {
  const state = (globalThis as { __vitest_worker__?: { config?: { maxWorkers?: number } } }).__vitest_worker__
  return state?.config?.maxWorkers ?? 2
}

const opened =
  !process.env.BENCH_DATABASE_URL && process.env.PGLITE_DIR && maxWorkers() > 1
    ? { skip: 'an embedded PGlite directory must not be opened by two bench files at once: run with --no-file-parallelism' }
    : await openBenchDatabase()
const noIndicators = 'skip' in opened ? null : await hasNoIndicators(opened.handle.db)

if ('skip' in opened || noIndicators) {
  const reason = 'skip' in opened ? opened.skip : noIndicators!
  if (!('skip' in opened)) await opened.handle.close()
  console.warn(`[bench] Reporting benchmarks skipped: ${reason}.`)
  describe.skip(`reporting benchmarks (${reason})`, () => {
    bench('nothing to measure', () => {})
  })
} else {
  const target = opened
  const db = target.handle.db
  const { computeDashboard, computeIndicator, computeProgrammeIndicators, listIndicatorRecords, listProgrammeIndicators, isIndicatorKey } =
    await import('#app/models/indicators.server.ts')

  const actors = await findActors(db)
  const asOf = new Date(SCALE_NOW)
  const range = { startsOn: actors.programme.startsOn, endsOn: actors.programme.endsOn }
  const scope = { organisationId: actors.centre.id }

  const { ensureIndicatorFacts, rebuildIndicatorFacts } = await import('#app/models/indicator-facts.server.ts')
  // The stored facts are current before anything is timed (the scale generator builds them; a changed
  // database would otherwise pay one rebuild inside the first cold run). The rebuild is measured on its own.
  await ensureIndicatorFacts(db, actors.programme.id)

  // Cold first: before this process has run any reporting statement, each on a fresh connection.
  const cold = await measureCold(target, async (fresh) => {
    const indicators = await listProgrammeIndicators(fresh, actors.programme.id)
    const t0 = performance.now()
    await computeDashboard(fresh, actors.programme.id, range, { asOf, indicators, selected: actors.quarter })
    const programme = performance.now() - t0
    const t1 = performance.now()
    await computeProgrammeIndicators(fresh, actors.programme.id, range, scope, { asOf })
    return { programme, centre: performance.now() - t1 }
  })
  console.info(`[bench] Cold (${cold.runs} fresh connections): ${JSON.stringify(cold.summary)}`)

  // App modules read the database handle when first imported: point them at the scale database first.
  globalThis.__resursnikDb = target.handle
  const { createSession, SESSION_COOKIE } = await import('#app/utils/session.server.ts')
  const { hashToken } = await import('#app/utils/crypto.server.ts')
  const { loader: dashboardLoader } = await import('#app/routes/programmes.$id_.outcomes.tsx')
  const { loader: recordsLoader } = await import('#app/routes/programmes.$id_.outcomes_.$indicatorId.tsx')
  const { loader: contributionLoader } = await import('#app/routes/organisations.$id_.contribution.tsx')
  const tokens = {
    manager: (await createSession(db, actors.manager, 'reporting-benchmark')).token,
    leader: (await createSession(db, actors.leader, 'reporting-benchmark')).token,
  }
  const call = (loader: (args: never) => unknown, url: string, params: Record<string, string>, who: keyof typeof tokens) =>
    loader({
      request: new Request(`http://localhost${url}`, { headers: { Cookie: `${SESSION_COOKIE}=${tokens[who]}` } }),
      params,
      context: { clientIp: 'bench' },
    } as never)

  const indicators = await listProgrammeIndicators(db, actors.programme.id)
  const people = indicators.find((i) => i.computationKey === 'people_trained')!
  const { programme, centre, quarter } = actors
  const operations: { name: string; run: () => Promise<unknown> }[] = [
    {
      name: `computeDashboard: largest programme (${programme.facts}), ${indicators.length} indicators × total, ${programme.periods} quarters, centres, regions, months`,
      run: () => computeDashboard(db, programme.id, range, { asOf, indicators, selected: quarter }),
    },
    {
      name: 'computeProgrammeIndicators: largest programme, one quarter (computed + manual + targets)',
      run: () => computeProgrammeIndicators(db, programme.id, quarter, undefined, { asOf }),
    },
    {
      name: `computeProgrammeIndicators: one centre of it (${centre.facts}), every indicator, whole programme`,
      run: () => computeProgrammeIndicators(db, programme.id, range, scope, { asOf }),
    },
    {
      name: 'computeProgrammeIndicators: one centre, one quarter',
      run: () => computeProgrammeIndicators(db, programme.id, quarter, scope, { asOf }),
    },
    {
      name: 'computeDashboard: one centre, total and every quarter (the contribution page)',
      run: () => computeDashboard(db, programme.id, range, { asOf, indicators, scope, breakdowns: false }),
    },
    {
      name: 'rebuildIndicatorFacts: largest programme, after a change to its records (what the background job or the next read pays)',
      run: async () => {
        await db.execute(sql`update indicator_fact_state set version = version + 1 where programme_id = ${programme.id}::uuid`)
        await rebuildIndicatorFacts(db, programme.id)
      },
    },
    {
      name: 'listIndicatorRecords: people trained, whole programme, page 1',
      run: () => listIndicatorRecords(db, programme.id, 'people_trained', {}, range, { asOf }),
    },
    {
      name: '/programmes/<id>/outcomes loader: manager',
      run: async () => call(dashboardLoader, `/programmes/${programme.id}/outcomes`, { id: programme.id }, 'manager'),
    },
    {
      name: '/programmes/<id>/outcomes/<people trained> loader: manager, one quarter',
      run: async () =>
        call(recordsLoader, `/programmes/${programme.id}/outcomes/${people.id}?period=${quarter.id}`, { id: programme.id, indicatorId: people.id }, 'manager'),
    },
    {
      name: `/organisations/<id>/contribution loader: centre leader (${centre.programmes} programmes)`,
      run: async () => call(contributionLoader, `/organisations/${centre.id}/contribution`, { id: centre.id }, 'leader'),
    },
  ]

  // One timed run of each indicator on its own, warm, to see which computation costs what.
  const single: Record<string, string> = {}
  for (const i of indicators) {
    if (!isIndicatorKey(i.computationKey)) continue
    const t0 = performance.now()
    const value = await computeIndicator(db, programme.id, i.computationKey, i.computationParams, range, undefined, { asOf })
    const t1 = performance.now()
    const own = await computeIndicator(db, programme.id, i.computationKey, i.computationParams, range, scope, { asOf })
    single[`${i.computationKey}${Object.keys(i.computationParams).length ? JSON.stringify(i.computationParams) : ''}`] =
      `${value} in ${(t1 - t0).toFixed(1)} ms; centre ${own ?? '—'} in ${(performance.now() - t1).toFixed(1)} ms`
  }

  const reports: PlanReport[] = []
  for (const op of operations) {
    const { queries } = await target.capture(async () => op.run())
    reports.push(...(await explainOperation(target, op.name, queries)))
  }
  const planFile = writePlans(target.label, `reporting-${target.handle.kind}`, reports)
  console.info(`[bench] ${target.label}: ${JSON.stringify(await dataSizes(db))}`)
  console.info(`[bench] Largest programme ${programme.id}: ${programme.facts}; centre ${centre.id}: ${centre.facts}`)
  for (const [key, text] of Object.entries(single)) console.info(`[bench]   ${key}: ${text}`)
  console.info(`[bench] Plans written to ${planFile}`)
  for (const r of reports.filter((r) => r.seqScans.length)) {
    console.warn(`[bench] Seq scan on ${r.seqScans.join(', ')} in "${r.operation}"`)
  }
  for (const r of reports) {
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(r.plan)?.[1] ?? 0)
    if (ms >= 20) console.warn(`[bench] ${ms} ms under EXPLAIN ANALYZE in "${r.operation}": ${r.sql.slice(0, 120)}…`)
  }

  afterAll(async () => {
    await db.delete(sessions).where(inArray(sessions.id, Object.values(tokens).map(hashToken)))
    await target.handle.close()
  })

  describe(`reporting: ${target.label}`, () => {
    for (const op of operations) {
      bench(
        op.name,
        async () => {
          await op.run()
        },
        BENCH,
      )
    }
  })
}

/**
 * "Cold": the first reporting statements on a brand-new connection (empty catalogue and plan caches), as the
 * first request after an app server starts or a pool opens a connection. PostgreSQL: COLD_RUNS fresh
 * connections. PGlite cannot open its directory twice: the first run in this process is its cold one.
 */
async function measureCold(
  target: Exclude<Awaited<ReturnType<typeof openBenchDatabase>>, { skip: string }>,
  run: (db: Database) => Promise<{ programme: number; centre: number }>,
) {
  const samples: { programme: number; centre: number }[] = []
  const url = process.env.BENCH_DATABASE_URL
  if (url) {
    for (let i = 0; i < COLD_RUNS; i++) {
      const fresh = openDatabase({ url, max: 1 })
      try {
        samples.push(await run(fresh.db))
      } finally {
        await fresh.close()
      }
    }
  } else {
    samples.push(await run(target.handle.db))
  }
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    return { min: +sorted[0]!.toFixed(1), median: +sorted[Math.floor(sorted.length / 2)]!.toFixed(1), max: +sorted.at(-1)!.toFixed(1) }
  }
  return {
    runs: samples.length,
    summary: { programme: stats(samples.map((s) => s.programme)), centre: stats(samples.map((s) => s.centre)) },
  }
}

async function hasNoIndicators(db: Database) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sql`programme_indicators`)
  return row && row.n > 0 ? null : 'the scale database has no indicators; regenerate it with `npm run db:scale -- --reset`'
}

/**
 * The programme with the most attendance marks (its manager, and its last quarter that is over), and its
 * centre with the most (that centre's leader).
 */
async function findActors(db: Database) {
  const [top] = await db
    .select({ id: sql<string>`e.programme_id`, n: sql<number>`count(*)::int` })
    .from(sql`attendance a join events e on e.id = a.event_id`)
    .groupBy(sql`e.programme_id`)
    .orderBy(sql`count(*) desc`, sql`e.programme_id`)
    .limit(1)
  const programmeId = top!.id
  const [programme] = await db
    .select({
      startsOn: sql<string>`starts_on::text`,
      endsOn: sql<string>`ends_on::text`,
      centres: sql<number>`(select count(*)::int from programme_centres pc where pc.programme_id = p.id)`,
      events: sql<number>`(select count(*)::int from events e where e.programme_id = p.id)`,
    })
    .from(sql`programmes p`)
    .where(sql`p.id = ${programmeId}::uuid`)
  const [centreRow] = await db
    .select({ id: sql<string>`a.organisation_id`, n: sql<number>`count(*)::int` })
    .from(sql`attendance a join events e on e.id = a.event_id`)
    .where(sql`e.programme_id = ${programmeId}::uuid and a.organisation_id is not null`)
    .groupBy(sql`a.organisation_id`)
    .orderBy(sql`count(*) desc`, sql`a.organisation_id`)
    .limit(1)
  const centreId = centreRow!.id
  const [centreProgrammes] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sql`programme_centres`)
    .where(sql`organisation_id = ${centreId}::uuid`)
  const periods = await db
    .select({ id: reportPeriods.id, startsOn: reportPeriods.startsOn, endsOn: reportPeriods.endsOn })
    .from(reportPeriods)
    .where(eq(reportPeriods.programmeId, programmeId))
    .orderBy(asc(reportPeriods.startsOn))
  const today = new Date(SCALE_NOW).toISOString().slice(0, 10)
  const quarter = [...periods].reverse().find((p) => p.endsOn < today) ?? periods[0]!
  const [manager] = await db
    .select({ id: programmeManagers.userId })
    .from(programmeManagers)
    .where(eq(programmeManagers.programmeId, programmeId))
    .orderBy(asc(programmeManagers.userId))
    .limit(1)
  const [leader] = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, centreId), eq(memberships.role, 'leader')))
    .limit(1)
  return {
    programme: {
      id: programmeId,
      startsOn: programme!.startsOn,
      endsOn: programme!.endsOn,
      periods: periods.length,
      facts: `${programme!.centres} centres, ${programme!.events} events, ${top!.n} attendance marks`,
    },
    centre: { id: centreId, facts: `${centreRow!.n} attendance marks`, programmes: centreProgrammes!.n },
    quarter,
    manager: manager!.id,
    leader: leader!.id,
  }
}

async function dataSizes(db: Database) {
  const [row] = await db
    .select({
      attendance: sql<number>`(select count(*)::int from attendance)`,
      lessonProgress: sql<number>`(select count(*)::int from lesson_progress)`,
      enrolments: sql<number>`(select count(*)::int from enrolments)`,
      toolkitUsage: sql<number>`(select count(*)::int from toolkit_usage)`,
      consultations: sql<number>`(select count(*)::int from consultation_requests)`,
      stageHistory: sql<number>`(select count(*)::int from stage_history)`,
      transferTracks: sql<number>`(select count(*)::int from transfer_tracks)`,
      indicators: sql<number>`(select count(*)::int from programme_indicators)`,
      targets: sql<number>`(select count(*)::int from indicator_targets)`,
      database: sql<string>`pg_size_pretty(pg_database_size(current_database()))`,
    })
    .from(sql`(select 1) as one`)
  return row!
}
