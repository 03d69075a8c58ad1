import { and, asc, count, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Executor } from '#db/client.ts'
import {
  attendance,
  attendanceHistory,
  eventBlocks,
  events,
  organisations,
  regions,
  registrations,
  users,
  type AttendanceStatus,
} from '#db/schema/index.ts'
import { db } from '#app/utils/db.server.ts'
import { instantToZoned, zonedToInstant } from '#app/utils/recurrence.ts'
import { EventRuleError, markAttendance } from './event.server.ts'

/** Check-in opens an hour before the start and closes two hours after the end. */
export const CHECK_IN_OPENS_BEFORE_MS = 60 * 60_000
export const CHECK_IN_CLOSES_AFTER_MS = 2 * 60 * 60_000
/** Checking in later than this after the start counts as «late». */
export const LATE_AFTER_MS = 15 * 60_000
export const HISTORY_LIMIT = 200
export const RECORD_PAGE_SIZE = 50
/** The on-screen per-person table of a centre; the CSV has everyone. */
export const CENTRE_PEOPLE_LIMIT = 500

const marker = alias(users, 'marker')
const orgRegion = alias(regions, 'org_region')
const userRegion = alias(regions, 'user_region')

const attendanceOfRegistration = and(
  eq(attendance.eventId, registrations.eventId),
  eq(attendance.userId, registrations.userId),
)

const countWhere = (condition: ReturnType<typeof sql>) =>
  sql<number>`count(*) filter (where ${condition})`.mapWith(Number)

/** The five counts of a marking sheet, from any rows of registrations left-joined to attendance. */
const markCounts = {
  present: countWhere(sql`${attendance.status} = 'present'`),
  late: countWhere(sql`${attendance.status} = 'late'`),
  absent: countWhere(sql`${attendance.status} = 'absent'`),
  excused: countWhere(sql`${attendance.status} = 'excused'`),
  unmarked: countWhere(sql`${attendance.status} is null`),
}

// ---------------------------------------------------------------------------------------------------
// Marking

/** Everyone with a place (status 'registered'), with their current mark. Waiting and cancelled are left out. */
export async function getMarkingSheet(eventId: string, tx: Executor = db) {
  return tx
    .select({
      userId: registrations.userId,
      name: users.name,
      centre: sql<string | null>`coalesce(${organisations.shortName}, ${organisations.name})`,
      status: attendance.status,
      selfCheckIn: attendance.selfCheckIn,
      markedAt: attendance.markedAt,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(organisations, eq(organisations.id, registrations.organisationId))
    .leftJoin(attendance, attendanceOfRegistration)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'registered')))
    .orderBy(asc(users.name), asc(users.id))
}

export async function getAttendanceCounts(eventId: string, tx: Executor = db) {
  const [row] = await tx
    .select({ registered: count(), ...markCounts })
    .from(registrations)
    .leftJoin(attendance, attendanceOfRegistration)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'registered')))
  return row ?? { registered: 0, present: 0, late: 0, absent: 0, excused: 0, unmarked: 0 }
}

/** Who marked whom how and when, newest first. */
export async function getAttendanceHistory(eventId: string, limit = HISTORY_LIMIT, tx: Executor = db) {
  return tx
    .select({
      id: attendanceHistory.id,
      personName: users.name,
      status: attendanceHistory.status,
      selfCheckIn: attendanceHistory.selfCheckIn,
      markedAt: attendanceHistory.markedAt,
      markedByName: marker.name,
    })
    .from(attendanceHistory)
    .innerJoin(users, eq(users.id, attendanceHistory.userId))
    .leftJoin(marker, eq(marker.id, attendanceHistory.markedById))
    .where(eq(attendanceHistory.eventId, eventId))
    .orderBy(desc(attendanceHistory.markedAt), desc(attendanceHistory.id))
    .limit(limit)
}

/**
 * Saves the marks of a sheet. Every person must hold a place, or nothing is saved (a 422). Marks equal to
 * the current one are skipped, so pressing «Save» twice does not fill the history with repeats.
 * Returns how many marks changed.
 */
export async function saveMarks(
  tx: Executor,
  input: { eventId: string; marks: { userId: string; status: AttendanceStatus }[]; markedById: string },
) {
  if (!input.marks.length) return 0
  const userIds = [...new Set(input.marks.map((m) => m.userId))]
  if (userIds.length !== input.marks.length) throw new EventRuleError('attendance.error.duplicate', 400)
  const current = await tx
    .select({ userId: registrations.userId, status: attendance.status })
    .from(registrations)
    .leftJoin(attendance, attendanceOfRegistration)
    .where(
      and(
        eq(registrations.eventId, input.eventId),
        eq(registrations.status, 'registered'),
        inArray(registrations.userId, userIds),
      ),
    )
  if (current.length !== userIds.length) throw new EventRuleError('events.error.markNotRegistered', 422)
  const was = new Map(current.map((r) => [r.userId, r.status]))
  const changed = input.marks.filter((m) => was.get(m.userId) !== m.status)
  return markAttendance(tx, { eventId: input.eventId, marks: changed, markedById: input.markedById })
}

/** Marks everyone who holds a place and has no mark yet as present; existing marks stay as they are. */
export async function markUnmarkedPresent(tx: Executor, input: { eventId: string; markedById: string }) {
  const unmarked = await tx
    .select({ userId: registrations.userId })
    .from(registrations)
    .leftJoin(attendance, attendanceOfRegistration)
    .where(
      and(
        eq(registrations.eventId, input.eventId),
        eq(registrations.status, 'registered'),
        sql`${attendance.userId} is null`,
      ),
    )
  return markAttendance(tx, {
    eventId: input.eventId,
    marks: unmarked.map((r) => ({ userId: r.userId, status: 'present' as const })),
    markedById: input.markedById,
  })
}

// ---------------------------------------------------------------------------------------------------
// CSV of one event

/** Every registration of the event (any status) with its mark, for the CSV export. */
export async function getAttendanceExportRows(eventId: string, tx: Executor = db) {
  return tx
    .select({
      name: users.name,
      email: users.email,
      centre: organisations.name,
      regionRu: sql<string | null>`coalesce(${orgRegion.nameRu}, ${userRegion.nameRu})`,
      regionEn: sql<string | null>`coalesce(${orgRegion.nameEn}, ${userRegion.nameEn})`,
      registrationStatus: registrations.status,
      status: attendance.status,
      markedByName: marker.name,
      markedAt: attendance.markedAt,
      selfCheckIn: attendance.selfCheckIn,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(organisations, eq(organisations.id, registrations.organisationId))
    .leftJoin(orgRegion, eq(orgRegion.code, organisations.regionCode))
    .leftJoin(userRegion, eq(userRegion.code, users.regionCode))
    .leftJoin(attendance, attendanceOfRegistration)
    .leftJoin(marker, eq(marker.id, attendance.markedById))
    .where(eq(registrations.eventId, eventId))
    .orderBy(asc(registrations.status), asc(users.name), asc(users.id))
}

// ---------------------------------------------------------------------------------------------------
// Self check-in

/** What people type: «ab3 k7m» → «AB3K7M». */
export function normaliseCheckInCode(raw: string) {
  return raw.replace(/\s+/g, '').toUpperCase()
}

/**
 * When the part of the event that is on at `now` began, which is what lateness is measured from: the
 * event's start on its first day; on a later day of a multi-day event, that day's first programme block,
 * or else the event's starting time on that day (in the event's zone). Coming on day two of a three-day
 * school at its usual start is not "late".
 */
export function dayStartOf(event: { startsAt: Date; timeZone: string }, blockStarts: Date[], now: Date): Date {
  const today = instantToZoned(now, event.timeZone).date
  const first = instantToZoned(event.startsAt, event.timeZone)
  if (today <= first.date) return event.startsAt
  const todays = blockStarts.filter((b) => instantToZoned(b, event.timeZone).date === today).sort((a, b) => a.getTime() - b.getTime())
  return todays[0] ?? zonedToInstant(today, first.time, event.timeZone) ?? event.startsAt
}

export type CheckInResult =
  | { ok: true; event: { id: string; title: string }; status: AttendanceStatus; already: boolean }
  | { ok: false; status: 404 | 422; key: string }

/**
 * Marks the person present (or late) at the event with this code that is on now and where they hold a
 * place. The lookup starts from the person's own registrations, which are indexed and few.
 */
export async function checkIn(userId: string, code: string, now = new Date()): Promise<CheckInResult> {
  const candidates = await db
    .select({
      id: events.id,
      title: events.title,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      timeZone: events.timeZone,
      eventStatus: events.status,
      registrationStatus: registrations.status,
      mark: attendance.status,
    })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(attendance, attendanceOfRegistration)
    .where(and(eq(registrations.userId, userId), eq(events.checkInCode, code)))
  const t = now.getTime()
  const open = (e: { startsAt: Date; endsAt: Date }) =>
    t >= e.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS && t <= e.endsAt.getTime() + CHECK_IN_CLOSES_AFTER_MS
  const mine = candidates.filter((c) => c.registrationStatus === 'registered' && c.eventStatus === 'scheduled')
  const target = mine.find(open)
  if (!target) {
    if (mine.length) {
      const early = mine.every((c) => t < c.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS)
      return { ok: false, status: 422, key: early ? 'attendance.checkIn.tooEarly' : 'attendance.checkIn.closed' }
    }
    if (candidates.some((c) => c.eventStatus === 'cancelled'))
      return { ok: false, status: 422, key: 'attendance.checkIn.cancelled' }
    if (candidates.length) return { ok: false, status: 422, key: 'attendance.checkIn.notRegistered' }
    const [other] = await db.select({ id: events.id }).from(events).where(eq(events.checkInCode, code)).limit(1)
    return other
      ? { ok: false, status: 422, key: 'attendance.checkIn.notRegistered' }
      : { ok: false, status: 404, key: 'attendance.checkIn.wrongCode' }
  }
  const event = { id: target.id, title: target.title }
  if (target.mark === 'present' || target.mark === 'late') {
    return { ok: true, event, status: target.mark, already: true }
  }
  const blocks = await db.select({ startsAt: eventBlocks.startsAt }).from(eventBlocks).where(eq(eventBlocks.eventId, target.id))
  const dayStart = dayStartOf(target, blocks.map((b) => b.startsAt), now)
  const status: AttendanceStatus = t > dayStart.getTime() + LATE_AFTER_MS ? 'late' : 'present'
  try {
    await db.transaction((tx) =>
      markAttendance(tx, { eventId: target.id, marks: [{ userId, status }], markedById: userId, selfCheckIn: true }),
    )
  } catch (error) {
    // The place was given up a moment ago, between the lookup and the mark.
    if (error instanceof EventRuleError) return { ok: false, status: 422, key: 'attendance.checkIn.notRegistered' }
    throw error
  }
  return { ok: true, event, status, already: false }
}

// ---------------------------------------------------------------------------------------------------
// Workshop blocks

export type BlockInput = {
  title: string
  trainer: string | null
  description: string | null
  startsAt: Date
  endsAt: Date
}

export async function listBlocks(eventId: string, tx: Executor = db) {
  return tx
    .select({
      id: eventBlocks.id,
      title: eventBlocks.title,
      trainer: eventBlocks.trainer,
      description: eventBlocks.description,
      startsAt: eventBlocks.startsAt,
      endsAt: eventBlocks.endsAt,
    })
    .from(eventBlocks)
    .where(eq(eventBlocks.eventId, eventId))
    .orderBy(asc(eventBlocks.startsAt), asc(eventBlocks.endsAt), asc(eventBlocks.title))
}

export async function insertBlock(tx: Executor, eventId: string, input: BlockInput) {
  const [row] = await tx
    .insert(eventBlocks)
    .values({ eventId, ...input })
    .returning({ id: eventBlocks.id })
  return row!.id
}

/** Changes a block of this event; false when there is no such block here. */
export async function updateBlock(tx: Executor, eventId: string, blockId: string, input: BlockInput) {
  const rows = await tx
    .update(eventBlocks)
    .set(input)
    .where(and(eq(eventBlocks.id, blockId), eq(eventBlocks.eventId, eventId)))
    .returning({ id: eventBlocks.id })
  return rows.length > 0
}

export async function deleteBlock(tx: Executor, eventId: string, blockId: string) {
  const rows = await tx
    .delete(eventBlocks)
    .where(and(eq(eventBlocks.id, blockId), eq(eventBlocks.eventId, eventId)))
    .returning({ id: eventBlocks.id })
  return rows.length > 0
}

/** The host centre and organiser contacts a printed programme needs. */
export async function getProgrammeHeader(eventId: string, tx: Executor = db) {
  const host = alias(organisations, 'host')
  const organiser = alias(organisations, 'organiser')
  const [row] = await tx
    .select({
      hostName: host.name,
      hostCity: host.city,
      hostAddress: host.address,
      organiserName: organiser.name,
      organiserEmail: organiser.email,
      organiserPhone: organiser.phone,
      organiserWebsite: organiser.website,
    })
    .from(events)
    .innerJoin(organiser, eq(organiser.id, events.organiserId))
    .leftJoin(host, eq(host.id, events.hostId))
    .where(eq(events.id, eventId))
  return row ?? null
}

// ---------------------------------------------------------------------------------------------------
// A person's record

/**
 * The person's events up to `until` (the end of their today) where they held a place or were marked;
 * cancelled events are left out.
 */
function personRecordWhere(userId: string, until: Date) {
  return and(
    eq(registrations.userId, userId),
    or(eq(registrations.status, 'registered'), isNotNull(attendance.status)),
    eq(events.status, 'scheduled'),
    lt(events.startsAt, until),
  )
}

export async function getPersonRecord(userId: string, until: Date, page: number, tx: Executor = db) {
  const where = personRecordWhere(userId, until)
  const [rows, [totals]] = await Promise.all([
    tx
      .select({
        eventId: events.id,
        title: events.title,
        kind: events.kind,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        timeZone: events.timeZone,
        status: attendance.status,
        selfCheckIn: attendance.selfCheckIn,
      })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .leftJoin(attendance, attendanceOfRegistration)
      .where(where)
      .orderBy(desc(events.startsAt), desc(events.id))
      .limit(RECORD_PAGE_SIZE)
      .offset((page - 1) * RECORD_PAGE_SIZE),
    tx
      .select({ total: count(), ...markCounts })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .leftJoin(attendance, attendanceOfRegistration)
      .where(where),
  ])
  const t = totals ?? { total: 0, present: 0, late: 0, absent: 0, excused: 0, unmarked: 0 }
  return {
    rows,
    totals: { ...t, attended: t.present + t.late },
    pages: Math.max(1, Math.ceil(t.total / RECORD_PAGE_SIZE)),
  }
}

// ---------------------------------------------------------------------------------------------------
// A centre's record: people who registered on behalf of the centre, for events that were not cancelled.

function centreWhere(organisationId: string) {
  return and(
    eq(registrations.organisationId, organisationId),
    eq(registrations.status, 'registered'),
    eq(events.status, 'scheduled'),
  )
}

export async function getCentrePeopleRecord(organisationId: string, limit = CENTRE_PEOPLE_LIMIT, tx: Executor = db) {
  // Counted per person first, then joined to users: a centre has tens of people, the users table 100,000.
  const per = tx
    .select({
      userId: registrations.userId,
      registered: sql<number>`count(*)`.mapWith(Number).as('registered'),
      present: sql<number>`count(*) filter (where ${attendance.status} = 'present')`.mapWith(Number).as('present'),
      late: sql<number>`count(*) filter (where ${attendance.status} = 'late')`.mapWith(Number).as('late'),
      absent: sql<number>`count(*) filter (where ${attendance.status} = 'absent')`.mapWith(Number).as('absent'),
      excused: sql<number>`count(*) filter (where ${attendance.status} = 'excused')`.mapWith(Number).as('excused'),
    })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(attendance, attendanceOfRegistration)
    .where(centreWhere(organisationId))
    .groupBy(registrations.userId)
    .as('per')
  return tx
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      registered: per.registered,
      present: per.present,
      late: per.late,
      absent: per.absent,
      excused: per.excused,
    })
    .from(per)
    .innerJoin(users, eq(users.id, per.userId))
    .orderBy(asc(users.name), asc(users.id))
    .limit(limit)
}

export async function countCentrePeople(organisationId: string, tx: Executor = db) {
  const [row] = await tx
    .select({ n: sql<number>`count(distinct ${registrations.userId})`.mapWith(Number) })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(centreWhere(organisationId))
  return row?.n ?? 0
}

export async function getCentreEventsRecord(organisationId: string, page: number, tx: Executor = db) {
  const where = centreWhere(organisationId)
  const [rows, [total]] = await Promise.all([
    tx
      .select({
        eventId: events.id,
        title: events.title,
        startsAt: events.startsAt,
        timeZone: events.timeZone,
        registered: count(),
        attended: countWhere(sql`${attendance.status} in ('present', 'late')`),
      })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .leftJoin(attendance, attendanceOfRegistration)
      .where(where)
      .groupBy(events.id, events.title, events.startsAt, events.timeZone)
      .orderBy(desc(events.startsAt), desc(events.id))
      .limit(RECORD_PAGE_SIZE)
      .offset((page - 1) * RECORD_PAGE_SIZE),
    tx
      .select({ n: sql<number>`count(distinct ${registrations.eventId})`.mapWith(Number) })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(where),
  ])
  return { rows, total: total?.n ?? 0, pages: Math.max(1, Math.ceil((total?.n ?? 0) / RECORD_PAGE_SIZE)) }
}
