// Mentoring at federal scale (`npm run db:scale`: a mentorship for every programme centre, development
// plans with ~28,000 tasks, ~8,000 consultation requests with their threads): the mentor's dashboard for a
// mentor with ~50 centres (and the busiest mentor, a mentor organisation's leader, a programme manager and
// an administrator), the programme's mentorship list, a mentored centre's profile, and the public directory
// of centres with all 2,000 centres published.
//   BENCH_DATABASE_URL=postgres://…/resursnik_scale npx vitest bench --run tests/bench/mentoring.bench.ts
//   PGLITE_DIR=/tmp/resursnik-scale npx vitest bench --run tests/bench/mentoring.bench.ts
// The scale data publishes no centre, so the bench publishes every unpublished centre before it measures
// and unpublishes exactly those afterwards (if a run is killed midway, `update organisations set published
// = false where kind = 'centre'` puts a scale database back).
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, bench, describe } from 'vitest'
import type { Database } from '#db/client.ts'
import { SCALE_NOW } from '#db/scale/index.ts'
import {
  developmentPlans,
  memberships,
  mentorshipPeople,
  mentorships,
  organisations,
  planTasks,
  programmeCentres,
  programmeManagers,
  sessions,
  users,
} from '#db/schema/index.ts'
import { explainOperation, openBenchDatabase, writePlans, type PlanReport } from './bench-db.ts'

const BENCH = { time: 1000, warmupTime: 200 }
/** The mentor the issue asks about accompanies about this many centres. */
const TARGET_CENTRES = 50

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
const noMentorships = 'skip' in opened ? null : await hasNoMentorships(opened.handle.db)

if ('skip' in opened || noMentorships) {
  const reason = 'skip' in opened ? opened.skip : noMentorships!
  if (!('skip' in opened)) await opened.handle.close()
  console.warn(`[bench] Mentoring benchmarks skipped: ${reason}.`)
  describe.skip(`mentoring benchmarks (${reason})`, () => {
    bench('nothing to measure', () => {})
  })
} else {
  const target = opened
  const db = target.handle.db
  // App modules read the database handle when first imported: point them at the scale database first.
  globalThis.__resursnikDb = target.handle
  const { createSession, SESSION_COOKIE, loadCurrentUser } = await import('#app/utils/session.server.ts')
  const { hashToken } = await import('#app/utils/crypto.server.ts')
  const { getOrganisationRelation } = await import('#app/utils/permissions.server.ts')
  const { dashboardScope, getMentoringDashboard } = await import('#app/models/mentoring-dashboard.server.ts')
  const { listDirectory } = await import('#app/models/directory.server.ts')
  const { loader: dashboardLoader } = await import('#app/routes/mentoring.tsx')
  const { loader: directoryLoader } = await import('#app/routes/centres._index.tsx')
  const { loader: mentorshipsLoader } = await import('#app/routes/programmes.$id_.mentorships.tsx')
  const { loader: profileLoader } = await import('#app/routes/organisations.$id.tsx')

  const actors = await findActors(db)
  const published = await publishEveryCentre(db)
  const roles = ['mentor', 'busiest', 'leader', 'manager', 'admin'] as const
  type Role = (typeof roles)[number]
  const tokens = {} as Record<Role, string>
  for (const role of roles) tokens[role] = (await createSession(db, actors.users[role], 'mentoring-benchmark')).token
  const mentorUser = (await loadCurrentUser(db, actors.users.mentor))!
  const clock = { now: new Date(SCALE_NOW), today: new Date(SCALE_NOW).toISOString().slice(0, 10) }

  const context = () => ({ requestCache: new Map(), clientIp: 'bench' })
  const call = (loader: (args: never) => unknown, url: string, params: Record<string, string>, role: Role | null) =>
    loader({
      request: new Request(`http://localhost${url}`, {
        headers: role ? { Cookie: `${SESSION_COOKIE}=${tokens[role]}` } : {},
      }),
      params,
      context: context(),
    } as never)
  const q = encodeURIComponent('ресурсный')

  const f = actors.facts
  const operations: { name: string; run: () => Promise<unknown> | unknown }[] = [
    {
      name: `getMentoringDashboard (one statement): mentor with ${f.mentorCentres} centres, at SCALE_NOW`,
      run: () => getMentoringDashboard(dashboardScope(mentorUser), { page: 1, flagged: false }, clock),
    },
    { name: `/mentoring loader: mentor with ${f.mentorCentres} centres`, run: () => call(dashboardLoader, '/mentoring', {}, 'mentor') },
    { name: '/mentoring?flagged=1 loader: same mentor, gone quiet only', run: () => call(dashboardLoader, '/mentoring?flagged=1', {}, 'mentor') },
    {
      name: `/mentoring loader: busiest mentor (${f.busiestCentres} centres)`,
      run: () => call(dashboardLoader, '/mentoring', {}, 'busiest'),
    },
    {
      name: `/mentoring loader: leader of the busiest mentor organisation (${f.leaderCentres} centres)`,
      run: () => call(dashboardLoader, '/mentoring', {}, 'leader'),
    },
    {
      name: `/mentoring loader: manager of the largest programme (${f.managerCentres} centres in their programmes)`,
      run: () => call(dashboardLoader, '/mentoring', {}, 'manager'),
    },
    {
      name: `/mentoring?programme= loader: administrator, largest programme (${f.programmeCentres} centres)`,
      run: () => call(dashboardLoader, `/mentoring?programme=${actors.programme}`, {}, 'admin'),
    },
    {
      name: '/programmes/<id>/mentorships loader: manager, largest programme',
      run: () => call(mentorshipsLoader, `/programmes/${actors.programme}/mentorships`, { id: actors.programme }, 'manager'),
    },
    {
      name: '/organisations/<centre> loader: mentor, a centre they accompany (profile with its mentorships)',
      run: () => call(profileLoader, `/organisations/${actors.centre}`, { id: actors.centre }, 'mentor'),
    },
    {
      name: 'getOrganisationRelation: mentor → centre they accompany',
      run: () => getOrganisationRelation(mentorUser, actors.centre),
    },
    {
      name: 'getOrganisationRelation: partner mentor organisation → centre (mentorship only)',
      run: () => getOrganisationRelation(actors.partnerUser!, actors.partnerCentre!),
    },
    { name: `listDirectory: page 1 of ${published.total} published centres`, run: () => listDirectory({ page: 1 }) },
    { name: '/centres loader: signed out, page 1 (+ regions with centres)', run: () => call(directoryLoader, '/centres', {}, null) },
    { name: '/centres?page=40 loader: signed out', run: () => call(directoryLoader, '/centres?page=40', {}, null) },
    { name: '/centres?district=VFD loader (Volga federal district)', run: () => call(directoryLoader, '/centres?district=VFD', {}, null) },
    { name: `/centres?q=${decodeURIComponent(q)} loader (name, city, description)`, run: () => call(directoryLoader, `/centres?q=${q}`, {}, null) },
    { name: '/centres?region=77 loader', run: () => call(directoryLoader, '/centres?region=77', {}, null) },
  ].filter((op) => !op.name.includes('partner') || (actors.partnerUser && actors.partnerCentre))

  const reports: PlanReport[] = []
  const sizes: Record<string, string> = {}
  for (const op of operations) {
    const { result, queries } = await target.capture(async () => op.run())
    sizes[op.name] = `${describeResult(result)}; ${queries.length} statements`
    reports.push(...(await explainOperation(target, op.name, queries)))
  }
  const planFile = writePlans(target.label, `mentoring-${target.handle.kind}`, reports)
  console.info(`[bench] ${target.label}: ${JSON.stringify(await dataSizes(db))}`)
  console.info(`[bench] Actors: ${JSON.stringify(f)}; published for the run: ${published.changed} (total ${published.total})`)
  for (const [name, size] of Object.entries(sizes)) console.info(`[bench]   ${name}: ${size}`)
  console.info(`[bench] Plans written to ${planFile}`)
  for (const r of reports.filter((r) => r.seqScans.length)) {
    console.warn(`[bench] Seq scan on ${r.seqScans.join(', ')} in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }
  for (const r of reports) {
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(r.plan)?.[1] ?? 0)
    if (ms >= 10) console.warn(`[bench] Slow statement (${ms} ms under EXPLAIN ANALYZE) in "${r.operation}": ${r.sql.slice(0, 120)}…`)
  }

  afterAll(async () => {
    await db.delete(sessions).where(inArray(sessions.id, Object.values(tokens).map(hashToken)))
    if (published.ids.length) {
      await db.update(organisations).set({ published: false }).where(inArray(organisations.id, published.ids))
      await db.execute(sql`vacuum (analyze) organisations`)
    }
    await target.handle.close()
  })

  describe(`mentoring: ${target.label}`, () => {
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

async function hasNoMentorships(db: Database) {
  const [row] = await db.select({ id: mentorships.id }).from(mentorships).limit(1)
  return row ? null : 'the scale database has no mentorships; regenerate it with `npm run db:scale -- --reset`'
}

/** Puts every centre into the directory for the run; returns the ones that were not, to undo it. */
async function publishEveryCentre(db: Database) {
  const changed = await db
    .update(organisations)
    .set({ published: true })
    .where(and(eq(organisations.kind, 'centre'), eq(organisations.published, false)))
    .returning({ id: organisations.id })
  // VACUUM as well: the update leaves a dead version of every centre it touched, which the directory's scans
  // would otherwise wade through (run after run, until autovacuum comes by).
  await db.execute(sql`vacuum (analyze) organisations`)
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(organisations)
    .where(and(eq(organisations.kind, 'centre'), eq(organisations.published, true)))
  return { ids: changed.map((c) => c.id), changed: changed.length, total: row!.n }
}

async function dataSizes(db: Database) {
  const [row] = await db
    .select({
      mentorships: sql<number>`(select count(*)::int from ${mentorships})`,
      active: sql<number>`(select count(*)::int from ${mentorships} where status = 'active')`,
      people: sql<number>`(select count(*)::int from ${mentorshipPeople})`,
      plans: sql<number>`(select count(*)::int from ${developmentPlans})`,
      tasks: sql<number>`(select count(*)::int from ${planTasks})`,
      requests: sql<number>`(select count(*)::int from consultation_requests)`,
      messages: sql<number>`(select count(*)::int from consultation_messages)`,
    })
    .from(sql`(select 1) as one`)
  return row
}

function describeResult(result: unknown): string {
  if (Array.isArray(result)) return `${result.length} rows`
  if (!result || typeof result !== 'object') return String(result)
  const r = result as Record<string, unknown>
  const parts: string[] = []
  for (const [key, value] of Object.entries(r)) {
    if (Array.isArray(value)) parts.push(`${key}: ${value.length}`)
    else if (typeof value === 'number' && ['total', 'flaggedTotal', 'pages'].includes(key)) parts.push(`${key}: ${value}`)
  }
  return parts.join(', ')
}

/**
 * The mentor named on active mentorships whose count is closest to 50, the busiest mentor, the leader of
 * the mentor organisation with the most active mentorships, the programme with the most centres and its
 * manager, an administrator, and a centre accompanied by a partner mentor organisation (not the programme's).
 */
async function findActors(db: Database) {
  const perMentor = await db
    .select({ userId: mentorshipPeople.userId, n: sql<number>`count(*)::int` })
    .from(mentorshipPeople)
    .innerJoin(mentorships, eq(mentorships.id, mentorshipPeople.mentorshipId))
    .where(and(eq(mentorshipPeople.side, 'mentor'), eq(mentorships.status, 'active')))
    .groupBy(mentorshipPeople.userId)
    .orderBy(asc(mentorshipPeople.userId))
  const closest = [...perMentor].sort((a, b) => Math.abs(a.n - TARGET_CENTRES) - Math.abs(b.n - TARGET_CENTRES))[0]!
  const busiest = [...perMentor].sort((a, b) => b.n - a.n)[0]!
  const [org] = await db
    .select({ id: mentorships.mentorOrganisationId, n: sql<number>`count(*)::int` })
    .from(mentorships)
    .where(eq(mentorships.status, 'active'))
    .groupBy(mentorships.mentorOrganisationId)
    .orderBy(sql`count(*) desc`, asc(mentorships.mentorOrganisationId))
    .limit(1)
  const [leader] = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, org!.id), eq(memberships.role, 'leader')))
    .limit(1)
  const [programmeRow] = await db
    .select({ id: programmeCentres.programmeId, n: sql<number>`count(*)::int` })
    .from(programmeCentres)
    .groupBy(programmeCentres.programmeId)
    .orderBy(sql`count(*) desc`, asc(programmeCentres.programmeId))
    .limit(1)
  const [manager] = await db
    .select({ id: programmeManagers.userId })
    .from(programmeManagers)
    .where(eq(programmeManagers.programmeId, programmeRow!.id))
    .orderBy(asc(programmeManagers.userId))
    .limit(1)
  const managerCentres = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(programmeCentres)
    .where(
      inArray(
        programmeCentres.programmeId,
        db.select({ id: programmeManagers.programmeId }).from(programmeManagers).where(eq(programmeManagers.userId, manager!.id)),
      ),
    )
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).orderBy(asc(users.email)).limit(1)
  const [centre] = await db
    .select({ id: mentorships.centreId })
    .from(mentorships)
    .innerJoin(mentorshipPeople, eq(mentorshipPeople.mentorshipId, mentorships.id))
    .where(and(eq(mentorshipPeople.userId, closest.userId), eq(mentorships.status, 'active')))
    .orderBy(asc(mentorships.centreId))
    .limit(1)
  // A mentorship run by a partner organisation: the permission comes from the mentorship alone.
  const [partner] = await db
    .select({ centreId: mentorships.centreId, userId: mentorshipPeople.userId })
    .from(mentorships)
    .innerJoin(mentorshipPeople, and(eq(mentorshipPeople.mentorshipId, mentorships.id), eq(mentorshipPeople.side, 'mentor')))
    .where(
      and(
        eq(mentorships.status, 'active'),
        sql`${mentorships.mentorOrganisationId} <> (select p.mentor_organisation_id from programmes p where p.id = ${mentorships.programmeId})`,
      ),
    )
    .orderBy(asc(mentorships.centreId))
    .limit(1)
  const { loadCurrentUser } = await import('#app/utils/session.server.ts')
  return {
    users: { mentor: closest.userId, busiest: busiest.userId, leader: leader!.id, manager: manager!.id, admin: admin!.id },
    programme: programmeRow!.id,
    centre: centre!.id,
    partnerCentre: partner?.centreId ?? null,
    partnerUser: partner ? await loadCurrentUser(db, partner.userId) : null,
    facts: {
      mentorCentres: closest.n,
      busiestCentres: busiest.n,
      leaderCentres: org!.n,
      programmeCentres: programmeRow!.n,
      managerCentres: managerCentres[0]!.n,
      mentorsWithMentorships: perMentor.length,
    },
  }
}
