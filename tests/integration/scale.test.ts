// The scale generator at a tiny scale: right proportions, valid requisites, consistent references,
// and the same data for the same seed.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { migrateDatabase, openDatabase, type Database } from '#db/client.ts'
import { REGIONS } from '#db/reference/regions.ts'
import {
  countScaleRows,
  countScaleUsers,
  generateScaleData,
  planFor,
  resetScaleData,
  SCALE_NOW,
  type ScaleSummary,
} from '#db/scale/index.ts'
import {
  events,
  memberships,
  organisations,
  programmeCentres,
  programmeManagers,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import { getDatabaseHandle } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { isValidInn, isValidOgrn } from '#app/utils/requisites.ts'

const SCALE = 0.005
const SEED = 42
const plan = planFor(SCALE)
let passwordHash: string
let summary: ScaleSummary
let schemaBefore: string

function db() {
  return getDatabaseHandle().db
}

/** Rows of a raw statement on either driver (postgres.js returns them, PGlite wraps them in { rows }). */
async function rows<T>(database: Database, query: SQL): Promise<T[]> {
  const result = (await database.execute(query)) as unknown as T[] | { rows: T[] }
  return Array.isArray(result) ? result : result.rows
}

async function one<T>(query: SQL, database: Database = db()): Promise<T> {
  return (await rows<T>(database, query))[0]!
}

/** Indexes and constraints of the tables the generator bulk-loads (it drops and rebuilds some of them). */
async function schemaOf(database: Database) {
  const { defs } = await one<{ defs: string }>(
    sql`select string_agg(def, E'\n' order by def) as defs from (
      select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = any(${TABLES}::regclass[])
      union all
      select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      from pg_constraint where conrelid = any(${TABLES}::regclass[])) d`,
    database,
  )
  return defs
}
const TABLES = `{events,event_series,event_audience_centres,event_blocks,registrations,attendance,attendance_history}`

/** What two runs must agree on: organisations, people, programmes and the schedule, ids included. */
async function fingerprint(database: Database) {
  return {
    organisations: await database
      .select({ id: organisations.id, name: organisations.name, inn: organisations.inn, ogrn: organisations.ogrn, slug: organisations.slug })
      .from(organisations)
      .orderBy(asc(organisations.inn)),
    users: await database.select({ id: users.id, email: users.email, name: users.name }).from(users).orderBy(asc(users.email)),
    programmes: await database
      .select({ id: programmes.id, name: programmes.name, grantNumber: programmes.grantNumber, amount: programmes.amount })
      .from(programmes)
      .orderBy(asc(programmes.slug)),
    centres: await database
      .select({ p: programmeCentres.programmeId, o: programmeCentres.organisationId })
      .from(programmeCentres)
      .orderBy(asc(programmeCentres.programmeId), asc(programmeCentres.organisationId)),
    events: await database
      .select({
        id: events.id,
        title: events.title,
        startsAt: events.startsAt,
        code: events.checkInCode,
        status: events.status,
      })
      .from(events)
      .orderBy(asc(events.id)),
    // The streamed tables, as digests: every id, person, status and time must repeat.
    streamed: await one<Record<string, string>>(
      sql`select
        (select md5(string_agg(concat_ws(' ', id, user_id, organisation_id, status, extract(epoch from created_at)), ','
          order by id)) from registrations) as registrations,
        (select md5(string_agg(concat_ws(' ', event_id, user_id, status, marked_by_id, extract(epoch from marked_at)), ','
          order by event_id, user_id)) from attendance) as attendance,
        (select md5(string_agg(concat_ws(' ', event_id, user_id, status, extract(epoch from marked_at)), ','
          order by id)) from attendance_history) as history`,
      database,
    ),
  }
}

beforeAll(async () => {
  passwordHash = await hashPassword('scale-test')
  schemaBefore = await schemaOf(db())
  summary = await generateScaleData(db(), { seed: SEED, scale: SCALE, passwordHash })
})

describe('scale generator', () => {
  test('makes the planned numbers of organisations, people and programmes', async () => {
    const [orgs] = await db()
      .select({
        centres: sql<number>`count(*) filter (where ${organisations.kind} = 'centre')::int`,
        mentors: sql<number>`count(*) filter (where ${organisations.kind} = 'mentor')::int`,
      })
      .from(organisations)
    expect(orgs).toEqual({ centres: plan.centres, mentors: plan.mentorOrganisations })
    expect(await countScaleUsers(db())).toBe(plan.users)
    const [{ admins }] = (await db().select({ admins: sql<number>`count(*)::int` }).from(users).where(eq(users.isAdmin, true))) as [{ admins: number }]
    expect(admins).toBe(plan.admins)
    const [{ n: membershipCount }] = (await db().select({ n: sql<number>`count(*)::int` }).from(memberships)) as [{ n: number }]
    // Everyone but the administrators belongs somewhere; a few volunteers help two centres.
    expect(membershipCount).toBeGreaterThanOrEqual(plan.users - plan.admins)
    expect(membershipCount).toBeLessThanOrEqual(plan.users * 1.05)
    expect(summary.counts.programmes).toBe(plan.programmes)
    expect(await db().select({ code: regions.code }).from(regions)).toHaveLength(REGIONS.length)
  })

  test('gives every organisation exactly one leader and people the time zone of their region', async () => {
    const leaders = await db()
      .select({ org: organisations.id, leaders: sql<number>`count(${memberships.id}) filter (where ${memberships.role} = 'leader')::int` })
      .from(organisations)
      .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
      .groupBy(organisations.id)
    expect(leaders.every((row) => row.leaders === 1)).toBe(true)
    const wrongZone = await db()
      .select({ id: users.id })
      .from(users)
      .innerJoin(regions, eq(regions.code, users.regionCode))
      .where(sql`${users.timeZone} <> ${regions.timeZone}`)
    expect(wrongZone).toEqual([])
  })

  test('writes only valid, unique ИНН and ОГРН', async () => {
    const rows = await db().select({ inn: organisations.inn, ogrn: organisations.ogrn }).from(organisations)
    expect(rows.length).toBe(plan.centres + plan.mentorOrganisations)
    for (const row of rows) {
      expect(isValidInn(row.inn!), row.inn!).toBe(true)
      expect(isValidOgrn(row.ogrn!), row.ogrn!).toBe(true)
    }
    expect(new Set(rows.map((r) => r.ogrn)).size).toBe(rows.length)
  })

  test('runs every programme with existing centres and managers from its mentor organisation', async () => {
    const perProgramme = await db()
      .select({
        id: programmes.id,
        centres: sql<number>`(select count(*)::int from ${programmeCentres} pc join ${organisations} o on o.id = pc.organisation_id and o.kind = 'centre' where pc.programme_id = ${programmes.id})`,
        linked: sql<number>`(select count(*)::int from ${programmeCentres} pc where pc.programme_id = ${programmes.id})`,
        managers: sql<number>`(select count(*)::int from ${programmeManagers} pm where pm.programme_id = ${programmes.id})`,
        outsideManagers: sql<number>`(select count(*)::int from ${programmeManagers} pm where pm.programme_id = ${programmes.id}
          and not exists (select 1 from ${memberships} m where m.user_id = pm.user_id and m.organisation_id = ${programmes.mentorOrganisationId}))`,
      })
      .from(programmes)
      .innerJoin(organisations, and(eq(organisations.id, programmes.mentorOrganisationId), eq(organisations.kind, 'mentor')))
    expect(perProgramme).toHaveLength(plan.programmes)
    for (const p of perProgramme) {
      expect(p.centres).toBe(p.linked)
      expect(p.centres).toBeGreaterThanOrEqual(Math.min(5, plan.centres))
      expect(p.centres).toBeLessThanOrEqual(30)
      expect(p.managers).toBeGreaterThanOrEqual(1)
      expect(p.managers).toBeLessThanOrEqual(3)
      expect(p.outsideManagers).toBe(0)
    }
  })

  test('schedules events over the programmes, with registrations and attendance in the planned ratios', async () => {
    const counts = await countScaleRows(db())
    expect(counts.events).toBe(plan.events)
    expect(summary.counts.events).toBe(plan.events)
    // ~32 registrations per event (1.6 million for 50,000 at full scale), ~1 attendance mark per 1.6.
    expect(counts.registrations / counts.events).toBeGreaterThan(20)
    expect(counts.registrations / counts.events).toBeLessThan(45)
    expect(counts.attendance / counts.registrations).toBeGreaterThan(0.35)
    expect(counts.attendance / counts.registrations).toBeLessThan(0.8)
    // One history row per mark plus ~5 % corrections.
    expect(counts.attendance_history / counts.attendance).toBeGreaterThanOrEqual(1.02)
    expect(counts.attendance_history / counts.attendance).toBeLessThan(1.1)
    const shares = await one<Record<string, number>>(
      sql`select
        avg((ends_at < ${new Date(SCALE_NOW).toISOString()}::timestamptz)::int)::float as past,
        avg((status = 'cancelled')::int)::float as cancelled,
        avg(is_public::int)::float as public,
        avg((audience = 'centres')::int)::float as centres,
        avg((series_id is not null)::int)::float as series,
        avg((kind = 'online_seminar')::int)::float as online
      from events`,
    )
    expect(shares.past).toBeGreaterThan(0.3)
    expect(shares.past).toBeLessThan(0.8)
    expect(shares.cancelled).toBeLessThan(0.1)
    expect(shares.public).toBeGreaterThan(0.02)
    expect(shares.public).toBeLessThan(0.2)
    expect(shares.centres).toBeGreaterThan(0.05)
    expect(shares.centres).toBeLessThan(0.4)
    expect(shares.series).toBeGreaterThan(0.05)
    expect(shares.online).toBeGreaterThan(0.2)
    const marks = await one<Record<string, number>>(
      sql`select avg((status = 'present')::int)::float as present, avg((status = 'absent')::int)::float as absent,
        avg(self_check_in::int)::float as self from attendance`,
    )
    expect(marks.present).toBeGreaterThan(0.65)
    expect(marks.present).toBeLessThan(0.85)
    expect(marks.absent).toBeGreaterThan(0.04)
    expect(marks.self).toBeGreaterThan(0.1)
    expect(marks.self).toBeLessThan(0.3)
  })

  test('keeps events consistent with their programmes, hosts, audiences and series', async () => {
    const broken = await one<Record<string, number>>(
      sql`select
        count(*) filter (where e.organiser_id <> p.mentor_organisation_id)::int as organiser,
        count(*) filter (where e.ends_at <= e.starts_at)::int as timing,
        count(*) filter (where e.kind <> 'field_session' and e.ends_at - e.starts_at not between interval '60 minutes' and interval '180 minutes')::int as duration,
        count(*) filter (where e.kind = 'field_session' and e.ends_at - e.starts_at > interval '3 days')::int as field_duration,
        count(*) filter (where e.capacity is not null and e.capacity not between 15 and 60)::int as capacity,
        count(*) filter (where (e.status = 'cancelled') <> (e.cancelled_at is not null)
          or (e.status = 'cancelled' and e.sequence not between 1 and 3))::int as cancelled,
        count(*) filter (where e.kind = 'field_session' and (e.host_id is null
          or not exists (select 1 from programme_centres pc where pc.programme_id = e.programme_id and pc.organisation_id = e.host_id)
          or e.time_zone <> (select r.time_zone from organisations o join regions r on r.code = o.region_code where o.id = e.host_id)))::int as host,
        count(*) filter (where (e.audience = 'centres') <> exists (select 1 from event_audience_centres a where a.event_id = e.id))::int as audience,
        count(*) filter (where exists (select 1 from event_audience_centres a where a.event_id = e.id
          and not exists (select 1 from programme_centres pc where pc.programme_id = e.programme_id and pc.organisation_id = a.organisation_id)))::int as audience_outside,
        count(*) filter (where (e.series_id is null) <> (e.series_index is null))::int as series,
        count(*) filter (where e.check_in_code !~ '^[A-HJ-NP-Z2-9]{6}$')::int as code,
        count(*) filter (where e.created_at > ${new Date(SCALE_NOW).toISOString()}::timestamptz)::int as created_in_future
      from events e join programmes p on p.id = e.programme_id`,
    )
    expect(broken).toEqual({
      organiser: 0,
      timing: 0,
      duration: 0,
      field_duration: 0,
      capacity: 0,
      cancelled: 0,
      host: 0,
      audience: 0,
      audience_outside: 0,
      series: 0,
      code: 0,
      created_in_future: 0,
    })
    const series = await rows<{ n: number; count: number; first: number; last: number }>(
      db(),
      sql`select count(*)::int as n, max(s.count) as count, min(e.series_index) as first, max(e.series_index) as last
        from event_series s join events e on e.series_id = s.id group by s.id`,
    )
    expect(series.length).toBe(summary.counts.event_series)
    for (const s of series) expect([s.n, s.first, s.last]).toEqual([s.count, 1, s.count])
  })

  test('registers members of the audience centres once per event, and marks only registered people of past events', async () => {
    const broken = await one<Record<string, number>>(
      sql`select
        (select count(*) - count(distinct (event_id, user_id)) from registrations)::int as duplicates,
        (select count(*) from registrations r join events e on e.id = r.event_id
          where not exists (select 1 from memberships m where m.user_id = r.user_id and m.organisation_id = r.organisation_id)
             or not exists (select 1 from programme_centres pc where pc.programme_id = e.programme_id and pc.organisation_id = r.organisation_id)
             or (e.audience = 'centres' and not exists (select 1 from event_audience_centres a where a.event_id = e.id and a.organisation_id = r.organisation_id))
             or r.created_at > ${new Date(SCALE_NOW).toISOString()}::timestamptz)::int as outsiders,
        (select count(*) from attendance a where not exists (select 1 from registrations r where r.event_id = a.event_id
          and r.user_id = a.user_id and r.status = 'registered' and r.organisation_id = a.organisation_id))::int as unregistered_marks,
        (select count(*) from attendance a join events e on e.id = a.event_id
          where e.status = 'cancelled' or e.ends_at >= ${new Date(SCALE_NOW).toISOString()}::timestamptz)::int as marks_not_past,
        (select count(*) from registrations r join events e on e.id = r.event_id
          where r.status = 'registered' and e.status = 'scheduled' and e.ends_at < ${new Date(SCALE_NOW).toISOString()}::timestamptz
          and not exists (select 1 from attendance a where a.event_id = r.event_id and a.user_id = r.user_id))::int as unmarked,
        (select count(*) from events e where e.capacity is not null
          and (select count(*) from registrations r where r.event_id = e.id and r.status = 'registered') > e.capacity)::int as over_capacity,
        (select count(*) from registrations r join events e on e.id = r.event_id
          where r.status = 'waitlisted' and e.capacity is null)::int as needless_waitlist,
        (select count(*) from attendance a where not exists (select 1 from attendance_history h
          where h.event_id = a.event_id and h.user_id = a.user_id and h.status = a.status and h.marked_at = a.marked_at))::int as no_history,
        (select count(*) from attendance a where not a.self_check_in and not exists (select 1 from memberships m join events e
          on e.organiser_id = m.organisation_id where e.id = a.event_id and m.user_id = a.marked_by_id))::int as foreign_marker`,
    )
    expect(broken).toEqual({
      duplicates: 0,
      outsiders: 0,
      unregistered_marks: 0,
      marks_not_past: 0,
      unmarked: 0,
      over_capacity: 0,
      needless_waitlist: 0,
      no_history: 0,
      foreign_marker: 0,
    })
  })

  test('rebuilds the indexes and foreign keys it dropped for the bulk load, exactly as they were', async () => {
    expect(await schemaOf(db())).toBe(schemaBefore)
  })

  test('gives the same data for the same seed, on any database', async () => {
    const runs = []
    for (let i = 0; i < 2; i++) {
      const handle = openDatabase({ dataDir: 'memory://' })
      try {
        await migrateDatabase(handle)
        await generateScaleData(handle.db, { seed: SEED, scale: SCALE, passwordHash, analyze: false })
        runs.push(await fingerprint(handle.db))
      } finally {
        await handle.close()
      }
    }
    expect(runs[0]!.organisations.length).toBe(plan.centres + plan.mentorOrganisations)
    expect(runs[0]!.events.length).toBe(plan.events)
    expect(runs[0]!.events[0]!.title).toMatch(/[А-Яа-яЁё]/)
    expect(runs[1]).toEqual(runs[0])
    // The test database (PGlite or, with TEST_DATABASE_URL, PostgreSQL) got the same rows too.
    expect(await fingerprint(db())).toEqual(runs[0])
  }, 60_000)

  test('--reset empties what it generated and leaves the regions', async () => {
    await resetScaleData(db())
    expect(await countScaleUsers(db())).toBe(0)
    expect(await db().select({ id: organisations.id }).from(organisations)).toEqual([])
    const left = await countScaleRows(db())
    expect(Object.entries(left).filter(([table, n]) => table !== 'regions' && n > 0)).toEqual([])
    expect(await db().select({ code: regions.code }).from(regions)).toHaveLength(REGIONS.length)
    expect(await db().select({ code: regions.code }).from(regions)).toHaveLength(REGIONS.length)
  })
})
