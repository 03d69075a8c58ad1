// Practice transfer at federal scale (`npm run db:scale`: 206 practices, criteria, experts and scores for 150
// programmes, ~2,000 tracks in the board programme plus ~1–3 per centre elsewhere, with their history):
// the transfer board, the catalogue and its Russian search, a practice card, a scoring page and a centre's
// transfers, called through the routes' loaders with a session cookie as Remix would, plus the board query alone.
//   BENCH_DATABASE_URL=postgres://…/resursnik_scale npx vitest bench --run tests/bench/practices.bench.ts
//   PGLITE_DIR=/tmp/resursnik-scale npx vitest bench --run tests/bench/practices.bench.ts
// Like courses.bench.ts it refuses an embedded directory when bench files may run in parallel.
import { asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, bench, describe } from 'vitest'
import type { Database } from '#db/client.ts'
import { memberships, programmeExperts, programmeManagers, programmePractices, sessions, transferTracks } from '#db/schema/index.ts'
import { explainOperation, openBenchDatabase, writePlans, type PlanReport } from './bench-db.ts'

const BENCH = { time: 1000, warmupTime: 200 }

function maxWorkers() {
  const state = (globalThis as { __vitest_worker__?: { config?: { maxWorkers?: number } } }).__vitest_worker__
  return state?.config?.maxWorkers ?? 2
}

const opened =
  !process.env.BENCH_DATABASE_URL && process.env.PGLITE_DIR && maxWorkers() > 1
    ? {
        skip:
          'an embedded PGlite directory must not be opened by two bench files at once: ' +
          'run without --file-parallelism (or with --no-file-parallelism)',
      }
    : await openBenchDatabase()
const noTracks = 'skip' in opened ? null : await hasNoTracks(opened.handle.db)

if ('skip' in opened || noTracks) {
  const reason = 'skip' in opened ? opened.skip : noTracks!
  if (!('skip' in opened)) await opened.handle.close()
  console.warn(`[bench] Practice benchmarks skipped: ${reason}.`)
  describe.skip(`practice benchmarks (${reason})`, () => {
    bench('nothing to measure', () => {})
  })
} else {
  const target = opened
  const db = target.handle.db
  // App modules read the database handle when first imported: point them at the scale database first.
  globalThis.__resursnikDb = target.handle
  const { createSession, SESSION_COOKIE } = await import('#app/utils/session.server.ts')
  const { hashToken } = await import('#app/utils/crypto.server.ts')
  const { loadBoard, parseBoardQuery } = await import('#app/models/practice-transfer.server.ts')
  const { loader: boardLoader } = await import('#app/routes/programmes.$id_.transfers.tsx')
  const { loader: catalogueLoader } = await import('#app/routes/practices._index.tsx')
  const { loader: cardLoader } = await import('#app/routes/practices.$slug.tsx')
  const { loader: scoringLoader } = await import('#app/routes/programmes.$id_.practices_.$practiceId.tsx')
  const { loader: selectionLoader } = await import('#app/routes/programmes.$id_.practices.tsx')
  const { loader: centreLoader } = await import('#app/routes/organisations.$id_.transfers.tsx')
  const { loader: trackLoader } = await import('#app/routes/transfers.$id.tsx')

  const a = await findActors(db)
  const roles = ['manager', 'leader', 'expert', 'staff'] as const
  type Role = (typeof roles)[number]
  const tokens = {} as Record<Role, string>
  for (const role of roles) tokens[role] = (await createSession(db, a.users[role], 'practices-benchmark')).token

  const context = () => ({ requestCache: new Map(), clientIp: 'bench' })
  const call = (loader: (args: never) => unknown, url: string, params: Record<string, string>, role: Role | null) =>
    loader({
      request: new Request(`http://localhost${url}`, { headers: role ? { Cookie: `${SESSION_COOKIE}=${tokens[role]}` } : {} }),
      params,
      context: context(),
    } as never)
  const q = (text: string) => encodeURIComponent(text)
  const board = `/programmes/${a.board}/transfers`

  const operations: { name: string; run: () => Promise<unknown> | unknown }[] = [
    { name: `loadBoard: ${a.facts.boardTracks} tracks, all steps (3 queries)`, run: () => loadBoard(a.board, parseBoardQuery(new URL(`http://x${board}`)), null) },
    { name: `${board} loader: manager, all steps`, run: () => call(boardLoader, board, { id: a.board }, 'manager') },
    { name: `${board}?region=… loader: manager, one region`, run: () => call(boardLoader, `${board}?region=${a.boardRegion}`, { id: a.board }, 'manager') },
    { name: `${board}?practice=… loader: manager, one practice`, run: () => call(boardLoader, `${board}?practice=${a.boardPractice}`, { id: a.board }, 'manager') },
    { name: `${board}?step=piloted loader: manager, one column in full (page 1)`, run: () => call(boardLoader, `${board}?step=piloted`, { id: a.board }, 'manager') },
    { name: `${board} loader: centre leader (own tracks only)`, run: () => call(boardLoader, board, { id: a.board }, 'leader') },
    { name: '/practices loader: signed out (page 1)', run: () => call(catalogueLoader, '/practices', {}, null) },
    { name: '/practices loader: centre staff (scores across programmes)', run: () => call(catalogueLoader, '/practices', {}, 'staff') },
    { name: '/practices?q=пожилых loader: centre staff', run: () => call(catalogueLoader, `/practices?q=${q('пожилых')}`, {}, 'staff') },
    { name: '/practices?q=добровольцев+района loader: signed out', run: () => call(catalogueLoader, `/practices?q=${q('добровольцев района')}`, {}, null) },
    {
      name: '/practices?group=older&topic=social-services&minScore=3.5 loader: expert',
      run: () => call(catalogueLoader, '/practices?group=older&topic=social-services&minScore=3.5', {}, 'expert'),
    },
    { name: '/practices?minScore=4 loader: centre staff (every score aggregated)', run: () => call(catalogueLoader, '/practices?minScore=4', {}, 'staff') },
    { name: '/practices?programme=… loader: manager, one programme’s scores', run: () => call(catalogueLoader, `/practices?programme=${a.board}`, {}, 'manager') },
    { name: '/practices/<slug> loader: manager (transfers by step, programmes)', run: () => call(cardLoader, `/practices/${a.practiceSlug}`, { slug: a.practiceSlug }, 'manager') },
    { name: '/programmes/<id>/practices loader: expert (shortlist with totals)', run: () => call(selectionLoader, `/programmes/${a.board}/practices`, { id: a.board }, 'expert') },
    {
      name: '/programmes/<id>/practices/<practice> loader: expert (scores and spread)',
      run: () => call(scoringLoader, `/programmes/${a.board}/practices/${a.scoredPractice}`, { id: a.board, practiceId: a.scoredPractice }, 'expert'),
    },
    {
      name: `/organisations/<id>/transfers loader: leader (${a.facts.centreTracks} tracks)`,
      run: () => call(centreLoader, `/organisations/${a.centre}/transfers`, { id: a.centre }, 'leader'),
    },
    { name: '/transfers/<id> loader: leader (history, partners)', run: () => call(trackLoader, `/transfers/${a.track}`, { id: a.track }, 'leader') },
  ]

  const reports: PlanReport[] = []
  const sizes: Record<string, string> = {}
  for (const op of operations) {
    const { result, queries } = await target.capture(async () => op.run())
    sizes[op.name] = `${describeResult(result)} · ${queries.length} statements`
    reports.push(...(await explainOperation(target, op.name, queries)))
  }
  const planFile = writePlans(target.label, `practices-${target.handle.kind}`, reports)
  console.info(`[bench] ${target.label}: ${JSON.stringify(a.facts)}`)
  for (const [name, size] of Object.entries(sizes)) console.info(`[bench]   ${name}: ${size}`)
  console.info(`[bench] Plans written to ${planFile}`)
  for (const r of reports.filter((r) => r.seqScans.length)) {
    console.warn(`[bench] Seq scan on ${r.seqScans.join(', ')} in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }
  for (const r of reports) {
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(r.plan)?.[1] ?? 0)
    if (ms >= 10) console.warn(`[bench] Slow statement (${ms} ms under EXPLAIN ANALYZE) in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }

  afterAll(async () => {
    await db.delete(sessions).where(inArray(sessions.id, Object.values(tokens).map(hashToken)))
    await target.handle.close()
  })

  describe(`practices: ${target.label}`, () => {
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

async function hasNoTracks(db: Database) {
  const [row] = await db.select({ id: transferTracks.id }).from(transferTracks).limit(1)
  return row ? null : 'the scale database has no transfer tracks; regenerate it with `npm run db:scale -- --reset`'
}

function describeResult(result: unknown): string {
  if (Array.isArray(result)) return `${result.length} rows`
  if (!result || typeof result !== 'object') return String(result)
  const parts: string[] = []
  for (const [key, value] of Object.entries(result as Record<string, unknown>)) {
    if (Array.isArray(value)) parts.push(`${key}: ${value.length}`)
    else if (typeof value === 'number' && ['total', 'pages'].includes(key)) parts.push(`${key}: ${value}`)
  }
  return parts.join(', ')
}

/**
 * The programme with the most tracks (the board programme) and its manager; a centre of it with the most
 * tracks and its leader; an expert of that programme who has scored and the practice they scored most
 * recently; a staff member of that centre for the catalogue; a region and a practice to filter by.
 */
async function findActors(db: Database) {
  const [boardRow] = await db
    .select({ id: transferTracks.programmeId, n: count() })
    .from(transferTracks)
    .groupBy(transferTracks.programmeId)
    .orderBy(desc(count()), asc(transferTracks.programmeId))
    .limit(1)
  const board = boardRow!.id
  const [manager] = await db.select({ id: programmeManagers.userId }).from(programmeManagers).where(eq(programmeManagers.programmeId, board)).orderBy(asc(programmeManagers.userId)).limit(1)
  const [centreRow] = await db
    .select({ id: transferTracks.organisationId, n: count() })
    .from(transferTracks)
    .where(eq(transferTracks.programmeId, board))
    .groupBy(transferTracks.organisationId)
    .orderBy(desc(count()), asc(transferTracks.organisationId))
    .limit(1)
  const centre = centreRow!.id
  const [allCentreTracks] = await db.select({ n: count() }).from(transferTracks).where(eq(transferTracks.organisationId, centre))
  const member = async (role: 'leader' | 'staff') => {
    const [row] = await db
      .select({ id: memberships.userId })
      .from(memberships)
      .where(sql`${memberships.organisationId} = ${centre} and ${memberships.role} = ${role}`)
      .orderBy(asc(memberships.userId))
      .limit(1)
    return row!.id
  }
  const [expert] = await db
    .select({ id: programmeExperts.userId })
    .from(programmeExperts)
    .where(eq(programmeExperts.programmeId, board))
    .orderBy(asc(programmeExperts.userId))
    .limit(1)
  const [scored] = await db
    .select({ id: programmePractices.practiceId })
    .from(programmePractices)
    .where(sql`${programmePractices.programmeId} = ${board} and exists (select 1 from practice_scores s where s.programme_id = ${board}
      and s.practice_id = ${programmePractices.practiceId} and s.expert_id = ${expert!.id})`)
    .orderBy(asc(programmePractices.practiceId))
    .limit(1)
  const [popular] = await db
    .select({ id: transferTracks.practiceId, slug: sql<string>`(select slug from practices p where p.id = ${transferTracks.practiceId})`, n: count() })
    .from(transferTracks)
    .where(eq(transferTracks.programmeId, board))
    .groupBy(transferTracks.practiceId)
    .orderBy(desc(count()), asc(transferTracks.practiceId))
    .limit(1)
  const [region] = await db
    .select({ code: sql<string>`o.region_code`, n: count() })
    .from(sql`${transferTracks} t join organisations o on o.id = t.organisation_id`)
    .where(sql`t.programme_id = ${board}`)
    .groupBy(sql`o.region_code`)
    .orderBy(desc(count()))
    .limit(1)
  const [track] = await db
    .select({ id: transferTracks.id })
    .from(transferTracks)
    .where(eq(transferTracks.organisationId, centre))
    .orderBy(desc(transferTracks.stepChangedAt), asc(transferTracks.id))
    .limit(1)
  return {
    board,
    boardRegion: region!.code,
    boardPractice: popular!.id,
    practiceSlug: popular!.slug,
    scoredPractice: scored?.id ?? popular!.id,
    centre,
    track: track!.id,
    users: { manager: manager!.id, leader: await member('leader'), expert: expert!.id, staff: await member('staff') },
    facts: { boardTracks: boardRow!.n, centreTracks: allCentreTracks!.n, regionTracks: region!.n, practiceTracks: popular!.n },
  }
}
