import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import {
  attendance,
  attendanceHistory,
  eventAudienceCentres,
  events,
  organisations,
  programmeCentres,
  programmes,
  registrations,
  users,
  type AttendanceStatus,
  type Event,
} from '#db/schema/index.ts'
import { db } from '#app/utils/db.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { buildCalendar, stripHtml, type CalendarEvent } from '#app/utils/ical.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { isLocale, translate, type Locale } from '#app/utils/i18n.ts'
import { enqueueMail } from '#app/utils/mailer.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { formatDateTime } from '#app/utils/time.ts'
import { zoneCity } from '#app/utils/zones.ts'

export const EVENT_KINDS = [
  'field_session',
  'online_seminar',
  'network_meeting',
  'consultation',
  'training',
  'conference',
] as const

export const ATTENDANCE_STATUSES = ['present', 'late', 'absent', 'excused'] as const

/** A rule of the schedule a person broke (a full event, a second registration): a 4xx with an i18n key. */
export class EventRuleError extends Error {
  constructor(
    public readonly key: string,
    public readonly status: 400 | 404 | 409 | 422 = 409,
  ) {
    super(key)
  }
}

const CHECK_IN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** Six characters people can read off a screen and type on a phone: no 0/O or 1/I. */
export function generateCheckInCode() {
  const bytes = new Uint8Array(6)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => CHECK_IN_ALPHABET[b % CHECK_IN_ALPHABET.length]).join('')
}

function centreIdsOf(user: CurrentUser) {
  return user.memberships.filter((m) => m.kind === 'centre').map((m) => m.organisationId)
}

/** Mentors of the organiser organisation and administrators create, change and mark events. */
export function canManageEventsOf(user: CurrentUser, organiserId: string) {
  return user.isAdmin || mentorOrganisationIds(user).includes(organiserId)
}

/**
 * The condition "this person may see this event", as SQL over `events`, for lists and feeds:
 * administrators all; members of the organiser; managers of the programme; members of a centre in the
 * event's audience (every centre of the programme, or the chosen ones).
 */
export function visibleEventsCondition(user: CurrentUser): SQL | undefined {
  if (user.isAdmin) return undefined
  const myOrgs = user.memberships.map((m) => m.organisationId)
  const myCentres = centreIdsOf(user)
  const parts: SQL[] = []
  if (myOrgs.length) parts.push(inArray(events.organiserId, myOrgs))
  if (user.managedProgrammeIds.length) parts.push(inArray(events.programmeId, user.managedProgrammeIds))
  if (myCentres.length) {
    parts.push(
      sql`(${events.audience} = 'programme' and exists (select 1 from ${programmeCentres} pc where pc.programme_id = ${events.programmeId} and ${inArray(sql`pc.organisation_id`, myCentres)}))`,
    )
    parts.push(
      sql`(${events.audience} = 'centres' and exists (select 1 from ${eventAudienceCentres} eac where eac.event_id = ${events.id} and ${inArray(sql`eac.organisation_id`, myCentres)}))`,
    )
  }
  if (!parts.length) return sql`false`
  return or(...parts)
}

/** The person's centres that are in the event's audience: they register on behalf of one of these. */
export async function audienceCentresOf(user: CurrentUser, event: Pick<Event, 'id' | 'audience' | 'programmeId'>, tx: Executor = db) {
  const mine = centreIdsOf(user)
  if (!mine.length) return []
  const rows =
    event.audience === 'programme'
      ? await tx
          .select({ id: programmeCentres.organisationId })
          .from(programmeCentres)
          .where(and(eq(programmeCentres.programmeId, event.programmeId), inArray(programmeCentres.organisationId, mine)))
      : await tx
          .select({ id: eventAudienceCentres.organisationId })
          .from(eventAudienceCentres)
          .where(and(eq(eventAudienceCentres.eventId, event.id), inArray(eventAudienceCentres.organisationId, mine)))
  return rows.map((r) => r.id)
}

/**
 * Loads an event for a person, or throws 404 (missing) / 403 (not theirs to see).
 * Every event loader and action starts here.
 */
export async function requireEventAccess(user: CurrentUser, eventId: string, capability: 'view' | 'manage' = 'view') {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) notFound()
  const [event] = await db
    .select({
      event: events,
      programmeName: programmes.name,
      organiserName: organisations.name,
      organiserEmail: organisations.email,
    })
    .from(events)
    .innerJoin(programmes, eq(programmes.id, events.programmeId))
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .where(eq(events.id, eventId))
  if (!event) notFound()
  const canManage = canManageEventsOf(user, event.event.organiserId)
  if (capability === 'manage') {
    if (!canManage) forbidden()
    return { ...event, canManage, audienceCentreIds: [] as string[] }
  }
  const audienceCentreIds = await audienceCentresOf(user, event.event)
  const canSee =
    canManage ||
    audienceCentreIds.length > 0 ||
    user.managedProgrammeIds.includes(event.event.programmeId) ||
    user.memberships.some((m) => m.organisationId === event.event.organiserId)
  if (!canSee) forbidden()
  return { ...event, canManage, audienceCentreIds }
}

async function lockEvent(tx: Executor, eventId: string) {
  const [event] = await tx.select().from(events).where(eq(events.id, eventId)).for('update')
  if (!event) throw new EventRuleError('errors.notFound', 404)
  return event
}

async function registeredCount(tx: Executor, eventId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'registered')))
  return row?.n ?? 0
}

/**
 * Registers a person, or puts them on the waiting list when the event is full. The event row is locked
 * so two people cannot take the last place at once.
 */
export async function registerForEvent(
  tx: Executor,
  input: { eventId: string; userId: string; organisationId: string | null },
): Promise<'registered' | 'waitlisted'> {
  const event = await lockEvent(tx, input.eventId)
  if (event.status === 'cancelled') throw new EventRuleError('events.error.cancelled')
  if (event.endsAt.getTime() < Date.now()) throw new EventRuleError('events.error.past')
  const [existing] = await tx
    .select({ id: registrations.id, status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.eventId, input.eventId), eq(registrations.userId, input.userId)))
  if (existing && existing.status !== 'cancelled') throw new EventRuleError('events.error.alreadyRegistered')
  const taken = await registeredCount(tx, input.eventId)
  const status = event.capacity === null || taken < event.capacity ? 'registered' : 'waitlisted'
  if (existing) {
    // Re-registering after cancelling puts the person at the back of the waiting list, as is fair.
    await tx
      .update(registrations)
      .set({ status, organisationId: input.organisationId, createdAt: new Date(), updatedAt: new Date() })
      .where(eq(registrations.id, existing.id))
  } else {
    await tx.insert(registrations).values({ eventId: input.eventId, userId: input.userId, organisationId: input.organisationId, status })
  }
  return status
}

/** Fills free places from the waiting list, first come first served. Returns who got a place. */
export async function promoteWaitlist(tx: Executor, eventId: string) {
  const event = await lockEvent(tx, eventId)
  if (event.status === 'cancelled') return []
  const taken = await registeredCount(tx, eventId)
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - taken
  if (free <= 0) return []
  const waiting = await tx
    .select({ id: registrations.id, userId: registrations.userId })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.createdAt), asc(registrations.id))
    .limit(Math.min(free, 1000))
  if (!waiting.length) return []
  await tx
    .update(registrations)
    .set({ status: 'registered', updatedAt: new Date() })
    .where(inArray(registrations.id, waiting.map((w) => w.id)))
  return waiting.map((w) => w.userId)
}

/** Cancels a person's registration and gives the place to the first on the waiting list. */
export async function unregisterFromEvent(tx: Executor, input: { eventId: string; userId: string }) {
  await lockEvent(tx, input.eventId)
  const [row] = await tx
    .update(registrations)
    .set({ status: 'cancelled', updatedAt: new Date() })
    .where(
      and(
        eq(registrations.eventId, input.eventId),
        eq(registrations.userId, input.userId),
        inArray(registrations.status, ['registered', 'waitlisted']),
      ),
    )
    .returning({ id: registrations.id })
  if (!row) throw new EventRuleError('events.error.notRegistered')
  return promoteWaitlist(tx, input.eventId)
}

/**
 * Records attendance marks. Only registered people can be marked; every mark also goes to the history,
 * so a correction never erases who marked what before.
 */
export async function markAttendance(
  tx: Executor,
  input: {
    eventId: string
    marks: { userId: string; status: AttendanceStatus }[]
    markedById: string
    selfCheckIn?: boolean
  },
) {
  if (!input.marks.length) return 0
  const userIds = [...new Set(input.marks.map((m) => m.userId))]
  const registered = await tx
    .select({ userId: registrations.userId, organisationId: registrations.organisationId })
    .from(registrations)
    .where(and(eq(registrations.eventId, input.eventId), eq(registrations.status, 'registered'), inArray(registrations.userId, userIds)))
  if (registered.length !== userIds.length) throw new EventRuleError('events.error.markNotRegistered', 422)
  const orgOf = new Map(registered.map((r) => [r.userId, r.organisationId]))
  const now = new Date()
  const selfCheckIn = input.selfCheckIn ?? false
  await tx
    .insert(attendance)
    .values(
      input.marks.map((m) => ({
        eventId: input.eventId,
        userId: m.userId,
        organisationId: orgOf.get(m.userId) ?? null,
        status: m.status,
        markedById: input.markedById,
        selfCheckIn,
        markedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [attendance.eventId, attendance.userId],
      set: {
        status: sql`excluded.status`,
        markedById: sql`excluded.marked_by_id`,
        selfCheckIn: sql`excluded.self_check_in`,
        markedAt: sql`excluded.marked_at`,
      },
    })
  await tx.insert(attendanceHistory).values(
    input.marks.map((m) => ({
      eventId: input.eventId,
      userId: m.userId,
      status: m.status,
      markedById: input.markedById,
      selfCheckIn,
      markedAt: now,
    })),
  )
  return input.marks.length
}

/** The calendar view of one event, for feeds and e-mail attachments. */
export function toCalendarEvent(
  event: Pick<
    Event,
    'id' | 'title' | 'descriptionHtml' | 'startsAt' | 'endsAt' | 'timeZone' | 'status' | 'sequence' | 'updatedAt' | 'createdAt' | 'address' | 'onlineUrl'
  >,
  organiser: { name: string; email: string | null },
): CalendarEvent {
  return {
    id: event.id,
    title: event.title,
    description: stripHtml(event.descriptionHtml),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    status: event.status,
    sequence: event.sequence,
    updatedAt: event.updatedAt,
    createdAt: event.createdAt,
    address: event.address,
    onlineUrl: event.onlineUrl,
    organiser,
  }
}

export type EventMailKind = 'registered' | 'waitlisted' | 'promoted' | 'changed' | 'cancelled' | 'unregistered'

/**
 * E-mails people about an event with an .ics attached (METHOD:REQUEST, or METHOD:CANCEL when it is
 * cancelled or they left), in each person's language, through the outbox of the caller's transaction.
 */
export async function notifyAboutEvent(tx: Executor, eventId: string, userIds: readonly string[], kind: EventMailKind) {
  if (!userIds.length) return
  const [row] = await tx
    .select({ event: events, organiserName: organisations.name, organiserEmail: organisations.email })
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .where(eq(events.id, eventId))
  if (!row) return
  const people = await tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(inArray(users.id, [...userIds]))
  const calendarEvent = toCalendarEvent(row.event, { name: row.organiserName, email: row.organiserEmail })
  const method = kind === 'cancelled' || kind === 'unregistered' ? 'CANCEL' : 'REQUEST'
  for (const person of people) {
    const locale: Locale = isLocale(person.locale) ? person.locale : 'ru'
    const when = `${formatDateTime(locale, row.event.startsAt, row.event.timeZone)} (${zoneCity(row.event.timeZone, locale)})`
    const whenForYou =
      person.timeZone !== row.event.timeZone
        ? ` / ${formatDateTime(locale, row.event.startsAt, person.timeZone)} (${zoneCity(person.timeZone, locale)})`
        : ''
    const params = {
      name: person.name,
      title: row.event.title,
      when: when + whenForYou,
      where: row.event.address ?? row.event.onlineUrl ?? '—',
      link: `${appUrl}/events/${row.event.id}`,
    }
    await enqueueMail(tx, {
      to: person.email,
      kind: `event-${kind}`,
      subject: translate(locale, `events.mail.${kind}.subject`, params),
      text: translate(locale, `events.mail.${kind}.body`, params),
      ical: { method, content: buildCalendar([calendarEvent], { name: row.event.title, locale, method }) },
    })
  }
}

/** Everyone with an active registration (registered or waiting). */
export async function activeRegistrantIds(tx: Executor, eventId: string) {
  const rows = await tx
    .select({ userId: registrations.userId })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, ['registered', 'waitlisted'])))
  return rows.map((r) => r.userId)
}
