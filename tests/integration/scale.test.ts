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
  courses,
  enrolments,
  events,
  lessons,
  lessonVersions,
  memberships,
  organisations,
  programmeCentres,
  programmeManagers,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import { completionRuleHolds, gradeQuiz } from '#app/models/course.server.ts'
import { courseSearchQuery } from '#app/models/course-search.server.ts'
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
const TABLES = `{events,event_series,event_audience_centres,event_blocks,registrations,attendance,attendance_history,enrolments,lesson_progress,quiz_attempts}`

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
    // Generated courses with their ids; the seed library is imported with random ids, so it is compared by slug.
    courses: await database
      .select({ id: courses.id, slug: courses.slug, title: courses.title, status: courses.status, completion: courses.completion })
      .from(courses)
      .where(eq(courses.source, 'authored'))
      .orderBy(asc(courses.slug)),
    lessons: await one<Record<string, string>>(
      sql`select
        md5(string_agg(concat_ws(' ', c.slug, l.slug, l.title, l.position, l.required, v.version, md5(v.body_html), v.quiz::text,
          extract(epoch from v.created_at)), ',' order by c.slug, l.slug, v.version)) as lessons
        from lessons l join courses c on c.id = l.course_id left join lesson_versions v on v.lesson_id = l.id`,
      database,
    ),
    curricula: await one<Record<string, string>>(
      sql`select
        (select md5(string_agg(concat_ws(' ', e.id, c.slug, e.user_id, e.organisation_id, e.enrolled_by_id, e.status,
          e.certificate_code, extract(epoch from e.created_at), extract(epoch from e.completed_at),
          extract(epoch from e.last_activity_at)), ',' order by e.id))
          from enrolments e join courses c on c.id = e.course_id) as enrolments,
        (select md5(string_agg(concat_ws(' ', p.user_id, c.slug, l.slug, v.version, p.quiz_score, p.quiz_passed,
          extract(epoch from p.completed_at)), ',' order by p.user_id, c.slug, l.slug))
          from lesson_progress p join courses c on c.id = p.course_id join lessons l on l.id = p.lesson_id
          join lesson_versions v on v.id = p.lesson_version_id) as progress,
        (select md5(string_agg(concat_ws(' ', a.id, a.user_id, l.slug, v.version, a.answers::text, a.score, a.passed,
          extract(epoch from a.created_at)), ',' order by a.id))
          from quiz_attempts a join lesson_versions v on v.id = a.lesson_version_id join lessons l on l.id = v.lesson_id) as attempts`,
      database,
    ),
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

  test('imports the seed library and adds the planned authored courses, each lesson with a published version', async () => {
    const library = await rows<{ source: string; status: string; n: number; searchable: number; lessons: number; published: number }>(
      db(),
      sql`select c.source, c.status::text as status, count(*)::int as n, count(c.search_vector)::int as searchable,
          sum((select count(*) from lessons l where l.course_id = c.id))::int as lessons,
          sum((select count(*) from lessons l where l.course_id = c.id and l.published_version_id is not null))::int as published
        from courses c group by 1, 2 order by 1, 2`,
    )
    const seed = library.find((r) => r.source === 'content')!
    const authored = library.find((r) => r.source === 'authored' && r.status === 'published')!
    const drafts = library.find((r) => r.source === 'authored' && r.status === 'draft')!
    expect(seed.n).toBeGreaterThanOrEqual(4)
    expect(seed.published).toBe(seed.lessons)
    expect(authored.n).toBe(plan.courses)
    expect(authored.published).toBe(authored.lessons)
    expect(authored.searchable).toBe(authored.n)
    expect(authored.lessons / authored.n).toBeGreaterThanOrEqual(4)
    expect(drafts.published).toBe(0)
    expect(summary.counts.courses).toBe(plan.courses + drafts.n)

    const broken = await one<Record<string, number>>(
      sql`select
        count(*) filter (where l.published_version_id is not null and not exists (select 1 from lesson_versions v
          where v.id = l.published_version_id and v.lesson_id = l.id
            and v.version = (select max(v2.version) from lesson_versions v2 where v2.lesson_id = l.id))) ::int as published_not_latest,
        count(*) filter (where exists (select 1 from lesson_versions v where v.lesson_id = l.id
          and (v.body_html not like '%<h2>%' or v.body_html ~* 'lorem|ipsum' or v.body_html !~ '[А-Яа-яЁё]')))::int as bad_text,
        count(*) filter (where l.module_id not in (select m.id from course_modules m where m.course_id = l.course_id))::int as foreign_module
      from lessons l join courses c on c.id = l.course_id where c.source = 'authored'`,
    )
    expect(broken).toEqual({ published_not_latest: 0, bad_text: 0, foreign_module: 0 })
    // Every authored course checks its last lesson with a quiz; the search stems Russian words.
    const withoutFinalQuiz = await rows<{ slug: string }>(
      db(),
      sql`select c.slug from courses c where c.source = 'authored' and c.status = 'published' and not exists (
        select 1 from lessons l join lesson_versions v on v.id = l.published_version_id
        where l.course_id = c.id and jsonb_typeof(v.quiz) = 'object')`,
    )
    expect(withoutFinalQuiz).toEqual([])
    const found = await db()
      .select({ slug: courses.slug })
      .from(courses)
      .where(sql`${courses.searchVector} @@ (${courseSearchQuery('грант')!})`)
    expect(found.length).toBeGreaterThan(0)
    expect(found.length).toBeLessThan(seed.n + plan.courses)
  })

  test('enrols centre people in published courses through their centre, a third of them completed with a certificate', async () => {
    const stats = await one<{ n: number; learners: number; completed: number; inconsistent: number; bad_code: number; bad_times: number }>(
      sql`select count(*)::int as n, count(distinct user_id)::int as learners,
        avg((status = 'completed')::int)::float as completed,
        count(*) filter (where (status = 'completed') <> (certificate_code is not null)
          or (status = 'completed') <> (completed_at is not null))::int as inconsistent,
        count(*) filter (where certificate_code !~ '^[A-Za-z0-9_-]{16}$')::int as bad_code,
        count(*) filter (where last_activity_at < created_at or last_activity_at > ${new Date(SCALE_NOW).toISOString()}::timestamptz
          or completed_at <> last_activity_at)::int as bad_times
      from enrolments`,
    )
    const centrePeople = await one<{ n: number }>(
      sql`select count(distinct m.user_id)::int as n from memberships m join organisations o on o.id = m.organisation_id where o.kind = 'centre'`,
    )
    expect(stats.learners / centrePeople.n).toBeGreaterThan(0.45)
    expect(stats.learners / centrePeople.n).toBeLessThan(0.75)
    expect(stats.n / stats.learners).toBeGreaterThan(2)
    expect(stats.n / stats.learners).toBeLessThan(4)
    expect(stats.completed).toBeGreaterThan(0.2)
    expect(stats.completed).toBeLessThan(0.4)
    expect({ inconsistent: stats.inconsistent, bad_code: stats.bad_code, bad_times: stats.bad_times }).toEqual({
      inconsistent: 0,
      bad_code: 0,
      bad_times: 0,
    })
    const broken = await one<Record<string, number>>(
      sql`select
        count(*) filter (where not exists (select 1 from courses c where c.id = e.course_id and c.status = 'published'))::int as course,
        count(*) filter (where not exists (select 1 from users u where u.id = e.user_id))::int as learner,
        count(*) filter (where not exists (select 1 from memberships m join organisations o on o.id = m.organisation_id
          where m.user_id = e.user_id and m.organisation_id = e.organisation_id and o.kind = 'centre'))::int as centre,
        count(*) filter (where e.enrolled_by_id <> e.user_id and not exists (select 1 from memberships m
          where m.user_id = e.enrolled_by_id and m.organisation_id = e.organisation_id and m.role = 'leader'))::int as enrolled_by
      from enrolments e`,
    )
    expect(broken).toEqual({ course: 0, learner: 0, centre: 0, enrolled_by: 0 })
  })

  test('records progress only on published versions of lessons of an enrolled course, in time order', async () => {
    const broken = await one<Record<string, number>>(
      sql`select
        count(*) filter (where e.id is null)::int as not_enrolled,
        count(*) filter (where l.course_id <> p.course_id or l.published_version_id is null)::int as foreign_lesson,
        count(*) filter (where v.lesson_id <> p.lesson_id or v.version > (select v2.version from lesson_versions v2 where v2.id = l.published_version_id))::int as foreign_version,
        count(*) filter (where p.completed_at < e.created_at or p.completed_at > ${new Date(SCALE_NOW).toISOString()}::timestamptz
          or p.completed_at < v.created_at or p.updated_at > e.last_activity_at)::int as bad_time,
        count(*) filter (where (jsonb_typeof(v.quiz) = 'object') <> (p.quiz_passed is not null)
          or (p.completed_at is null) <> (p.quiz_passed is false))::int as bad_quiz,
        count(*) filter (where p.quiz_passed and not exists (select 1 from quiz_attempts a join lesson_versions av on av.id = a.lesson_version_id
          where a.user_id = p.user_id and av.lesson_id = p.lesson_id and a.passed and a.score = p.quiz_score))::int as pass_without_attempt
      from lesson_progress p
      join lessons l on l.id = p.lesson_id
      join lesson_versions v on v.id = p.lesson_version_id
      left join enrolments e on e.course_id = p.course_id and e.user_id = p.user_id`,
    )
    expect(broken).toEqual({ not_enrolled: 0, foreign_lesson: 0, foreign_version: 0, bad_time: 0, bad_quiz: 0, pass_without_attempt: 0 })
    const counts = await countScaleRows(db())
    // ~5 lessons done per enrolment (~1 million rows at full scale).
    expect(counts.lesson_progress / counts.enrolments).toBeGreaterThan(3)
    expect(counts.lesson_progress / counts.enrolments).toBeLessThan(8)
    // Learners stop at different lessons: progress thins out along a course.
    const funnel = await rows<{ position: number; done: number }>(
      db(),
      sql`select row_number() over (order by m.position, l.position)::int as position,
          (select count(*)::int from lesson_progress p where p.lesson_id = l.id and p.completed_at is not null) as done
        from lessons l join course_modules m on m.id = l.module_id
        where l.course_id = (select course_id from enrolments group by course_id order by count(*) desc, course_id limit 1)
          and l.published_version_id is not null
        order by m.position, l.position`,
    )
    expect(funnel.at(-1)!.done).toBeLessThan(funnel[0]!.done)
  })

  test('completes exactly the enrolments whose course rule holds, and grades attempts as the app does', async () => {
    const all = await db()
      .select({ courseId: enrolments.courseId, userId: enrolments.userId, status: enrolments.status, completion: courses.completion })
      .from(enrolments)
      .innerJoin(courses, eq(courses.id, enrolments.courseId))
    const wrong: string[] = []
    for (const e of all) {
      const holds = await completionRuleHolds(db(), { id: e.courseId, completion: e.completion }, e.userId)
      if (holds !== (e.status === 'completed')) wrong.push(`${e.userId} ${e.courseId} ${e.status}`)
    }
    expect(wrong).toEqual([])

    const attempts = await rows<{ answers: number[][]; score: number; passed: boolean; quiz: Parameters<typeof gradeQuiz>[0] }>(
      db(),
      sql`select a.answers, a.score, a.passed, v.quiz from quiz_attempts a join lesson_versions v on v.id = a.lesson_version_id
        order by a.id limit 2000`,
    )
    expect(attempts.length).toBeGreaterThan(0)
    for (const a of attempts) {
      const graded = gradeQuiz(a.quiz, a.answers)
      expect({ score: graded.score, passed: graded.passed }).toEqual({ score: a.score, passed: a.passed })
    }
  }, 60_000)

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
    expect(runs[0]!.courses.length).toBeGreaterThan(plan.courses)
    expect(runs[0]!.curricula.enrolments).toMatch(/^[0-9a-f]{32}$/)
    expect(runs[1]).toEqual(runs[0])
    // The test database (PGlite or, with TEST_DATABASE_URL, PostgreSQL) got the same rows too.
    expect(await fingerprint(db())).toEqual(runs[0])
  }, 120_000)

  test('--reset empties what it generated, leaves the regions and imports the seed library again', async () => {
    await resetScaleData(db())
    expect(await countScaleUsers(db())).toBe(0)
    expect(await db().select({ id: organisations.id }).from(organisations)).toEqual([])
    const left = await countScaleRows(db())
    const library = ['courses', 'course_modules', 'lessons', 'lesson_versions']
    expect(Object.entries(left).filter(([table, n]) => table !== 'regions' && !library.includes(table) && n > 0)).toEqual([])
    expect(await db().select({ code: regions.code }).from(regions)).toHaveLength(REGIONS.length)
    // Only the seed library is left, published and whole: a reset database holds what a fresh one does.
    const seed = await db().select({ source: courses.source, status: courses.status }).from(courses)
    expect(seed.length).toBeGreaterThanOrEqual(4)
    expect(seed.every((c) => c.source === 'content' && c.status === 'published')).toBe(true)
    const unpublished = await db()
      .select({ id: lessons.id })
      .from(lessons)
      .leftJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
      .where(sql`${lessonVersions.id} is null`)
    expect(unpublished).toEqual([])
  })
})
