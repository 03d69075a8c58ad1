// Page-critical queries on the federal-scale data set (npm run db:scale), through the app's own code.
//   BENCH_DATABASE_URL=postgres://…/resursnik_scale npm run bench
//   PGLITE_DIR=/tmp/resursnik-scale npm run bench
// Everything is in this one file on purpose: vitest runs bench files in parallel workers, and an
// embedded PGlite directory must never be opened by two processes at once.
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import { afterAll, bench, describe } from 'vitest'
import type { Database } from '#db/client.ts'
import { SCALE_EMAIL_DOMAIN } from '#db/scale/index.ts'
import {
  memberships,
  organisations,
  programmeCentres,
  programmeManagers,
  programmes,
  regions,
  sessions,
  users,
  type OrganisationKind,
} from '#db/schema/index.ts'
import { explainOperation, openBenchDatabase, writePlans, type PlanReport } from './bench-db.ts'

const BENCH = { time: 1000, warmupTime: 200 }
const opened = await openBenchDatabase()

if ('skip' in opened) {
  console.warn(`[bench] Scale benchmarks skipped: ${opened.skip}.`)
  describe.skip(`scale benchmarks (${opened.skip})`, () => {
    bench('nothing to measure', () => {})
  })
} else {
  const target = opened
  const db = target.handle.db
  // App modules read the database handle when first imported: point them at the scale database first.
  globalThis.__resursnikDb = target.handle
  const { createSession, SESSION_COOKIE, validateSessionToken } = await import('#app/utils/session.server.ts')
  const { getOrganisationRelation } = await import('#app/utils/permissions.server.ts')
  const { loader: dashboardLoader } = await import('#app/routes/dashboard.tsx')
  const { hashToken } = await import('#app/utils/crypto.server.ts')

  const actors = await findActors(db)
  const tokens: Record<keyof typeof actors.users, string> = {
    admin: '',
    mentor: '',
    manager: '',
    leader: '',
  }
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) {
    tokens[role] = (await createSession(db, actors.users[role], 'scale-benchmark')).token
  }
  const whoIs = async (role: keyof typeof tokens) => (await validateSessionToken(db, tokens[role]))!.user
  const mentor = await whoIs('mentor')
  const manager = await whoIs('manager')

  const callDashboard = (role: keyof typeof tokens) =>
    dashboardLoader({
      request: new Request('http://localhost/dashboard', { headers: { Cookie: `${SESSION_COOKIE}=${tokens[role]}` } }),
      params: {},
      context: { requestCache: new Map(), clientIp: 'bench' },
    } as never) as Promise<{ mentored: unknown[]; managed: unknown[] }>

  const operations: { name: string; run: () => Promise<unknown> }[] = [
    { name: 'validateSessionToken (session + user + memberships, one join)', run: () => validateSessionToken(db, tokens.mentor) },
    { name: 'getOrganisationRelation: mentor → mentored centre', run: () => getOrganisationRelation(mentor, actors.mentoredCentre, db) },
    { name: 'getOrganisationRelation: manager → centre of managed programme', run: () => getOrganisationRelation(manager, actors.managedCentre, db) },
    { name: 'getOrganisationRelation: mentor → unrelated centre (null)', run: () => getOrganisationRelation(mentor, actors.unrelatedCentre, db) },
    { name: 'dashboard loader as mentor', run: () => callDashboard('mentor') },
    { name: 'dashboard loader as programme manager', run: () => callDashboard('manager') },
    { name: 'dashboard loader as centre leader', run: () => callDashboard('leader') },
    { name: 'dashboard loader as admin', run: () => callDashboard('admin') },
    { name: `organisations list (admin): region ${actors.busiestRegion} + "центр", count + page 1`, run: () => listOrganisations(db, { regionCode: actors.busiestRegion, q: 'центр', page: 1 }) },
    { name: 'organisations list (admin): all regions + "рассвет", count + page 1', run: () => listOrganisations(db, { q: 'рассвет', page: 1 }) },
    { name: 'organisations list (admin): centres, no filter, count + page 20', run: () => listOrganisations(db, { kind: 'centre', page: 20 }) },
  ]

  // Once per operation: the sanity of what it returned, and the plans of the statements it sent.
  const reports: PlanReport[] = []
  for (const op of operations) {
    const { result, queries } = await target.capture(op.run)
    if (result === null && !op.name.includes('(null)')) throw new Error(`${op.name} returned null on the scale data`)
    reports.push(...(await explainOperation(target, op.name, queries)))
  }
  const planFile = writePlans(target.label, target.handle.kind, reports)
  const sizes = await dataSizes(db)
  console.info(`[bench] ${target.label}: ${Object.entries(sizes).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  console.info(`[bench] Plans written to ${planFile}`)
  for (const r of reports.filter((r) => r.seqScans.length)) {
    console.warn(`[bench] Seq scan on ${r.seqScans.join(', ')} in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }

  afterAll(async () => {
    await db.delete(sessions).where(inArray(sessions.id, Object.values(tokens).map(hashToken)))
    await target.handle.close()
  })

  describe(`scale: ${target.label}`, () => {
    for (const op of operations) {
      bench(op.name, async () => {
        await op.run()
      }, BENCH)
    }
  })
}

/** Representative people and organisations: the busiest mentor organisation and programme manager. */
async function findActors(db: Database) {
  const [top] = await db
    .select({ org: programmes.mentorOrganisationId, n: count() })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .groupBy(programmes.mentorOrganisationId)
    .orderBy(desc(count()), asc(programmes.mentorOrganisationId))
    .limit(1)
  const mentorOrg = top!.org
  const [mentorUser] = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, mentorOrg), eq(memberships.role, 'mentor')))
    .orderBy(asc(memberships.userId))
    .limit(1)
  const [mentored] = await db
    .select({ id: programmeCentres.organisationId })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .where(eq(programmes.mentorOrganisationId, mentorOrg))
    .orderBy(asc(programmeCentres.organisationId))
    .limit(1)
  const [unrelated] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, 'centre'),
        sql`not exists (select 1 from ${programmeCentres} pc join ${programmes} p on p.id = pc.programme_id
          where pc.organisation_id = ${organisations.id} and p.mentor_organisation_id = ${mentorOrg})`,
      ),
    )
    .orderBy(asc(organisations.id))
    .limit(1)
  const [busiestManager] = await db
    .select({ id: programmeManagers.userId, n: count() })
    .from(programmeManagers)
    .innerJoin(programmeCentres, eq(programmeCentres.programmeId, programmeManagers.programmeId))
    .groupBy(programmeManagers.userId)
    .orderBy(desc(count()), asc(programmeManagers.userId))
    .limit(1)
  const [managed] = await db
    .select({ id: programmeCentres.organisationId })
    .from(programmeCentres)
    .innerJoin(programmeManagers, eq(programmeManagers.programmeId, programmeCentres.programmeId))
    .where(eq(programmeManagers.userId, busiestManager!.id))
    .orderBy(asc(programmeCentres.organisationId))
    .limit(1)
  const [leader] = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, mentored!.id), eq(memberships.role, 'leader')))
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, `admin01@${SCALE_EMAIL_DOMAIN}`))
  const [busiest] = await db
    .select({ code: organisations.regionCode })
    .from(organisations)
    .groupBy(organisations.regionCode)
    .orderBy(desc(count()), asc(organisations.regionCode))
    .limit(1)
  return {
    users: { admin: admin!.id, mentor: mentorUser!.id, manager: busiestManager!.id, leader: leader!.id },
    mentoredCentre: mentored!.id,
    managedCentre: managed!.id,
    unrelatedCentre: unrelated!.id,
    busiestRegion: busiest!.code,
  }
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

/**
 * The organisations list as an administrator sees it (every organisation): filters by region, kind
 * and a search over name, short name and ИНН; the total for the pager and one page of 50.
 */
async function listOrganisations(
  db: Database,
  filters: { regionCode?: string; kind?: OrganisationKind; q?: string; page: number },
) {
  const conditions: SQL[] = []
  if (filters.regionCode) conditions.push(eq(organisations.regionCode, filters.regionCode))
  if (filters.kind) conditions.push(eq(organisations.kind, filters.kind))
  if (filters.q) {
    const pattern = `%${escapeLike(filters.q)}%`
    conditions.push(
      or(ilike(organisations.name, pattern), ilike(organisations.shortName, pattern), ilike(organisations.inn, `${escapeLike(filters.q)}%`))!,
    )
  }
  const where = conditions.length ? and(...conditions) : undefined
  const [[total], page] = await Promise.all([
    db.select({ n: count() }).from(organisations).where(where),
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        shortName: organisations.shortName,
        kind: organisations.kind,
        city: organisations.city,
        region: regions.nameRu,
        published: organisations.published,
      })
      .from(organisations)
      .innerJoin(regions, eq(regions.code, organisations.regionCode))
      .where(where)
      .orderBy(asc(organisations.name), asc(organisations.id))
      .limit(50)
      .offset((filters.page - 1) * 50),
  ])
  return { total: total!.n, page }
}

async function dataSizes(db: Database) {
  const [row] = await db.select({
    organisations: sql<number>`(select count(*)::int from ${organisations})`,
    users: sql<number>`(select count(*)::int from ${users})`,
    memberships: sql<number>`(select count(*)::int from ${memberships})`,
    programmes: sql<number>`(select count(*)::int from ${programmes})`,
    programmeCentres: sql<number>`(select count(*)::int from ${programmeCentres})`,
    database: sql<string>`pg_size_pretty(pg_database_size(current_database()))`,
  }).from(sql`(select 1) as one`)
  return row!
}
