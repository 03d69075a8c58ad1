// Scheduling at federal scale (50,000 events, 1.6 million registrations, 1 million attendance marks from
// `npm run db:scale`): the upcoming-events list, personal calendar feeds and a centre's attendance record,
// both as plain queries and through the routes' loaders.
//   BENCH_DATABASE_URL=postgres://…/resursnik_scale npm run bench
//   PGLITE_DIR=/tmp/resursnik-scale npm run bench
// `vitest bench` runs bench files one after another (file parallelism is off in benchmark mode), so this
// file and scale.bench.ts never hold an embedded PGlite directory at the same time. Should someone turn
// parallelism on, this file refuses PGlite rather than open the directory twice.
import { and, asc, count, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm'
import { afterAll, bench, describe } from 'vitest'
import type { Database } from '#db/client.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import {
  attendance,
  calendarFeeds,
  events,
  memberships,
  organisations,
  programmeCentres,
  registrations,
  sessions,
  users,
} from '#db/schema/index.ts'
import { explainOperation, openBenchDatabase, writePlans, type PlanReport } from './bench-db.ts'

const BENCH = { time: 1000, warmupTime: 200 }
const DAY_MS = 24 * 3600 * 1000
/** The feed of the brief: events a person registered for, plus a mentor organisation's own, this many at most. */
const FEED_LIMIT = 500
const FEED_PAST_DAYS = 90

/** vitest's resolved worker count (an internal, read defensively: unknown counts as "maybe parallel"). */
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

if ('skip' in opened) {
  console.warn(`[bench] Event benchmarks skipped: ${opened.skip}.`)
  describe.skip(`event benchmarks (${opened.skip})`, () => {
    bench('nothing to measure', () => {})
  })
} else {
  const target = opened
  const db = target.handle.db
  if (maxWorkers() > 1) console.warn('[bench] Other bench files may run at the same time and share the CPU.')
  // App modules read the database handle when first imported: point them at the scale database first.
  globalThis.__resursnikDb = target.handle
  const { createSession, SESSION_COOKIE, validateSessionToken } = await import('#app/utils/session.server.ts')
  const { hashToken } = await import('#app/utils/crypto.server.ts')
  const { visibleEventsCondition, toCalendarEvent } = await import('#app/models/event.server.ts')
  const { mentorOrganisationIds } = await import('#app/utils/permissions.server.ts')
  const { buildCalendar } = await import('#app/utils/ical.server.ts')
  const { getFeedToken, regenerateFeedToken } = await import('#app/models/calendar.server.ts')
  const { loader: eventsLoader } = await import('#app/routes/events._index.tsx')
  const { loader: feedLoader } = await import('#app/routes/calendar.$token[.]ics.ts')
  const { loader: centreAttendanceLoader } = await import('#app/routes/organisations.$id_.attendance.tsx')

  const actors = await findActors(db)
  const roles = ['staff', 'mentor', 'attendee', 'leader'] as const
  type Role = (typeof roles)[number]
  const tokens = {} as Record<Role, string>
  for (const role of roles) tokens[role] = (await createSession(db, actors.users[role], 'events-benchmark')).token
  const who = {} as Record<Role, CurrentUser>
  for (const role of roles) who[role] = (await validateSessionToken(db, tokens[role]))!.user
  // Feed addresses for the two feed owners; ones that existed before the run are kept afterwards.
  const feedOwners = { mentor: actors.users.mentor, attendee: actors.users.attendee }
  const feedTokens = {} as Record<keyof typeof feedOwners, string>
  const createdFeeds: string[] = []
  for (const [role, userId] of Object.entries(feedOwners) as [keyof typeof feedOwners, string][]) {
    const existing = await getFeedToken(db, userId)
    if (existing) feedTokens[role] = existing.token
    else {
      feedTokens[role] = await regenerateFeedToken(db, userId)
      createdFeeds.push(userId)
    }
  }

  /** (a) Visible events not yet ended, soonest first, with my registration and the number registered. */
  const upcoming = async (user: CurrentUser) => {
    const where = and(visibleEventsCondition(user), gte(events.endsAt, new Date()))
    const [rows, [total]] = await Promise.all([
      db
        .select({
          id: events.id,
          title: events.title,
          kind: events.kind,
          startsAt: events.startsAt,
          endsAt: events.endsAt,
          timeZone: events.timeZone,
          status: events.status,
          capacity: events.capacity,
          myStatus: registrations.status,
          registered: sql<number>`(select count(*)::int from ${registrations} r where r.event_id = ${events.id} and r.status = 'registered')`,
        })
        .from(events)
        .leftJoin(registrations, and(eq(registrations.eventId, events.id), eq(registrations.userId, user.id)))
        .where(where)
        .orderBy(asc(events.startsAt), asc(events.id))
        .limit(30),
      db.select({ n: count() }).from(events).where(where),
    ])
    return { rows, total: total!.n }
  }

  /** (b) Up to 500 events: the person's registrations (any status) and, for a mentor, the organisation's events. */
  const feedRows = async (user: CurrentUser) => {
    const mentorOrgs = mentorOrganisationIds(user)
    return db
      .select({
        event: {
          id: events.id,
          title: events.title,
          descriptionHtml: events.descriptionHtml,
          startsAt: events.startsAt,
          endsAt: events.endsAt,
          timeZone: events.timeZone,
          status: events.status,
          sequence: events.sequence,
          updatedAt: events.updatedAt,
          createdAt: events.createdAt,
          address: events.address,
          onlineUrl: events.onlineUrl,
        },
        organiserName: organisations.name,
        organiserEmail: organisations.email,
      })
      .from(events)
      .innerJoin(organisations, eq(organisations.id, events.organiserId))
      .leftJoin(registrations, and(eq(registrations.eventId, events.id), eq(registrations.userId, user.id)))
      .where(
        and(
          gte(events.endsAt, new Date(Date.now() - FEED_PAST_DAYS * DAY_MS)),
          or(isNotNull(registrations.id), mentorOrgs.length ? inArray(events.organiserId, mentorOrgs) : sql`false`),
        ),
      )
      .orderBy(asc(events.startsAt), asc(events.id))
      .limit(FEED_LIMIT)
  }
  type FeedRow = Awaited<ReturnType<typeof feedRows>>[number]
  const buildFeed = (user: CurrentUser, rows: FeedRow[]) =>
    buildCalendar(
      rows.map((r) => toCalendarEvent(r.event, { name: r.organiserName, email: r.organiserEmail })),
      { name: `Ресурсник: ${user.name}`, locale: 'ru' },
    )
  const feedOf = { mentor: await feedRows(who.mentor), attendee: await feedRows(who.attendee) }

  /** (c) Per person of a centre: marks by status, over attendance joined to the centre's registrations. */
  const centreRecord = (organisationId: string) =>
    db
      .select({
        userId: attendance.userId,
        name: users.name,
        marked: count(),
        present: sql<number>`count(*) filter (where ${attendance.status} = 'present')::int`,
        late: sql<number>`count(*) filter (where ${attendance.status} = 'late')::int`,
        absent: sql<number>`count(*) filter (where ${attendance.status} = 'absent')::int`,
        excused: sql<number>`count(*) filter (where ${attendance.status} = 'excused')::int`,
      })
      .from(attendance)
      .innerJoin(
        registrations,
        and(eq(registrations.eventId, attendance.eventId), eq(registrations.userId, attendance.userId)),
      )
      .innerJoin(users, eq(users.id, attendance.userId))
      .where(and(eq(registrations.organisationId, organisationId), eq(registrations.status, 'registered')))
      .groupBy(attendance.userId, users.name)
      .orderBy(asc(users.name), asc(attendance.userId))

  const request = (path: string, role: Role) =>
    new Request(`http://localhost${path}`, { headers: { Cookie: `${SESSION_COOKIE}=${tokens[role]}` } })
  const context = () => ({ requestCache: new Map(), clientIp: 'bench' })
  const callEvents = (role: Role) =>
    eventsLoader({ request: request('/events', role), params: {}, context: context() } as never)
  const callFeed = async (role: keyof typeof feedOwners) => {
    const response = await feedLoader({
      request: new Request(`http://localhost/calendar/${feedTokens[role]}.ics`),
      params: { token: feedTokens[role] },
      context: context(),
    } as never)
    return response.text()
  }
  const callCentreAttendance = () =>
    centreAttendanceLoader({
      request: request(`/organisations/${actors.centre}/attendance`, 'leader'),
      params: { id: actors.centre },
      context: context(),
    } as never)

  const operations: { name: string; run: () => Promise<unknown> | unknown }[] = [
    { name: '(a) upcoming events, visibleEventsCondition: centre staff', run: () => upcoming(who.staff) },
    { name: '(a) upcoming events, visibleEventsCondition: mentor', run: () => upcoming(who.mentor) },
    { name: '(a) /events loader (upcoming, page 1): centre staff', run: () => callEvents('staff') },
    { name: '(a) /events loader (upcoming, page 1): mentor', run: () => callEvents('mentor') },
    { name: `(b) feed query (≤ ${FEED_LIMIT}): mentor`, run: () => feedRows(who.mentor) },
    {
      name: `(b) feed ICS build only: mentor (${feedOf.mentor.length} events)`,
      run: () => buildFeed(who.mentor, feedOf.mentor),
    },
    { name: '(b) feed query + ICS: mentor', run: async () => buildFeed(who.mentor, await feedRows(who.mentor)) },
    { name: `(b) feed query (≤ ${FEED_LIMIT}): centre member`, run: () => feedRows(who.attendee) },
    {
      name: `(b) feed ICS build only: centre member (${feedOf.attendee.length} events)`,
      run: () => buildFeed(who.attendee, feedOf.attendee),
    },
    {
      name: '(b) feed query + ICS: centre member',
      run: async () => buildFeed(who.attendee, await feedRows(who.attendee)),
    },
    { name: '(b) /calendar/<token>.ics loader: mentor', run: () => callFeed('mentor') },
    { name: '(b) /calendar/<token>.ics loader: centre member', run: () => callFeed('attendee') },
    { name: '(c) centre attendance record, per person (GROUP BY)', run: () => centreRecord(actors.centre) },
    { name: '(c) /organisations/<centre>/attendance loader: centre leader', run: () => callCentreAttendance() },
  ]

  // Once per operation: the sanity of what it returned, and the plans of the statements it sent.
  const reports: PlanReport[] = []
  const sizes: Record<string, string> = {}
  for (const op of operations) {
    const { result, queries } = await target.capture(async () => op.run())
    sizes[op.name] = describeResult(result)
    reports.push(...(await explainOperation(target, op.name, queries)))
  }
  const planFile = writePlans(target.label, `events-${target.handle.kind}`, reports)
  console.info(`[bench] ${target.label}: ${JSON.stringify(await dataSizes(db))}`)
  console.info(`[bench] Actors: ${JSON.stringify(actors.facts)}`)
  for (const [name, size] of Object.entries(sizes)) console.info(`[bench]   ${name}: ${size}`)
  console.info(`[bench] Plans written to ${planFile}`)
  for (const r of reports.filter((r) => r.seqScans.length)) {
    console.warn(`[bench] Seq scan on ${r.seqScans.join(', ')} in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }

  afterAll(async () => {
    await db.delete(sessions).where(inArray(sessions.id, Object.values(tokens).map(hashToken)))
    if (createdFeeds.length) await db.delete(calendarFeeds).where(inArray(calendarFeeds.userId, createdFeeds))
    await target.handle.close()
  })

  describe(`events: ${target.label}`, () => {
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

function describeResult(result: unknown): string {
  if (typeof result === 'string')
    return `${result.length} characters, ${result.split('BEGIN:VEVENT').length - 1} VEVENTs`
  if (Array.isArray(result)) return `${result.length} rows`
  if (result && typeof result === 'object') {
    const r = result as {
      rows?: unknown[]
      events?: unknown[]
      total?: number
      people?: unknown[]
      eventsTotal?: number
    }
    if (r.people) return `${r.people.length} people, ${r.eventsTotal} events`
    return `${(r.rows ?? r.events ?? []).length} rows of ${r.total}`
  }
  return String(result)
}

/**
 * Representative people: a staff member (and the leader, and the most registered member) of the centre
 * taking part in the most programmes, and a mentor of the organisation that runs the most events.
 */
async function findActors(db: Database) {
  const [busiest] = await db
    .select({ org: programmeCentres.organisationId, n: count() })
    .from(programmeCentres)
    .groupBy(programmeCentres.organisationId)
    .orderBy(sql`count(*) desc`, asc(programmeCentres.organisationId))
    .limit(1)
  const centre = busiest!.org
  const memberOf = async (organisationId: string, role: 'staff' | 'leader' | 'mentor') => {
    const [row] = await db
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, role)))
      .orderBy(asc(memberships.userId))
      .limit(1)
    return row!.id
  }
  const [attendee] = await db
    .select({ id: registrations.userId, n: count() })
    .from(registrations)
    .where(eq(registrations.organisationId, centre))
    .groupBy(registrations.userId)
    .orderBy(sql`count(*) desc`, asc(registrations.userId))
    .limit(1)
  const [organiser] = await db
    .select({ id: events.organiserId, n: count() })
    .from(events)
    .groupBy(events.organiserId)
    .orderBy(sql`count(*) desc`, asc(events.organiserId))
    .limit(1)
  return {
    centre,
    users: {
      staff: await memberOf(centre, 'staff'),
      leader: await memberOf(centre, 'leader'),
      attendee: attendee!.id,
      mentor: await memberOf(organiser!.id, 'mentor'),
    },
    facts: {
      centreProgrammes: busiest!.n,
      attendeeRegistrations: attendee!.n,
      organiserEvents: organiser!.n,
    },
  }
}

async function dataSizes(db: Database) {
  const [row] = await db
    .select({
      events: sql<number>`(select count(*)::int from ${events})`,
      registrations: sql<number>`(select count(*)::int from ${registrations})`,
      attendance: sql<number>`(select count(*)::int from ${attendance})`,
      database: sql<string>`pg_size_pretty(pg_database_size(current_database()))`,
    })
    .from(sql`(select 1) as one`)
  return row!
}
