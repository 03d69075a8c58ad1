import crypto from 'node:crypto'
import { and, asc, eq, gte, inArray, or, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { calendarFeeds, events, organisations, programmes, registrations } from '#db/schema/index.ts'
import { generateToken } from '#app/utils/crypto.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { buildCalendar } from '#app/utils/ical.server.ts'
import { isLocale, translate, type Locale } from '#app/utils/i18n.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { loadCurrentUser, type CurrentUser } from '#app/utils/session.server.ts'
import { toCalendarEvent, visibleEventsCondition } from './event.server.ts'

const DAY_MS = 24 * 3600 * 1000
/** Past events stay in feeds this long, so calendars keep recent history. */
export const FEED_PAST_DAYS = 90
/** A cancelled registration stays in the feed (as cancelled) this long, so clients remove the event. */
export const FEED_CANCELLED_DAYS = 30
export const FEED_LIMIT = 1000

export async function getFeedToken(db: Executor, userId: string) {
  const [row] = await db.select({ token: calendarFeeds.token, createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId))
  return row ?? null
}

/** Creates the person's feed address, or replaces it: the old address stops working at once. */
export async function regenerateFeedToken(db: Executor, userId: string) {
  const token = generateToken()
  await db
    .insert(calendarFeeds)
    .values({ userId, token, createdAt: new Date() })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { token, createdAt: new Date() } })
  return token
}

export function feedUrls(token: string) {
  const https = `${appUrl}/calendar/${token}.ics`
  return { https, webcal: https.replace(/^https?:/, 'webcal:') }
}

/**
 * The events of a person's feed: those they registered for (a cancelled registration shows as cancelled
 * for 30 days, then leaves) and, for mentors, everything their organisation runs — limited to what the
 * person may see now, ending no earlier than 90 days ago.
 */
export async function personalFeedEvents(db: Executor, user: CurrentUser, now = new Date()) {
  const mentorOrgs = mentorOrganisationIds(user)
  const since = new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS)
  const cancelledSince = new Date(now.getTime() - FEED_CANCELLED_DAYS * DAY_MS)
  const visible = visibleEventsCondition(user)
  const rows = await db
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
        organiserId: events.organiserId,
      },
      registrationStatus: registrations.status,
      registrationUpdatedAt: registrations.updatedAt,
      organiserName: organisations.name,
      organiserEmail: organisations.email,
    })
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .leftJoin(registrations, and(eq(registrations.eventId, events.id), eq(registrations.userId, user.id)))
    .where(
      and(
        gte(events.endsAt, since),
        or(
          inArray(registrations.status, ['registered', 'waitlisted']),
          and(eq(registrations.status, 'cancelled'), gte(registrations.updatedAt, cancelledSince)),
          mentorOrgs.length ? inArray(events.organiserId, mentorOrgs) : sql`false`,
        ),
        visible,
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(FEED_LIMIT)
  return rows.map((row) => {
    const organises = mentorOrgs.includes(row.event.organiserId)
    const left = row.registrationStatus === 'cancelled' && !organises
    return toCalendarEvent(
      {
        ...row.event,
        status: left ? 'cancelled' : row.event.status,
        // Leaving an event is a change to this person's copy: raise SEQUENCE so clients take it.
        sequence: row.event.sequence + (left ? 1 : 0),
        updatedAt: left && row.registrationUpdatedAt ? row.registrationUpdatedAt : row.event.updatedAt,
      },
      { name: row.organiserName, email: row.organiserEmail },
    )
  })
}

/** The feed behind a secret address, or null when the address is unknown (or was replaced). */
export async function personalFeed(db: Executor, token: string) {
  if (!/^[a-z2-7]{32}$/.test(token)) return null
  const [feed] = await db.select({ userId: calendarFeeds.userId }).from(calendarFeeds).where(eq(calendarFeeds.token, token))
  if (!feed) return null
  const user = await loadCurrentUser(db, feed.userId)
  if (!user) return null
  const locale: Locale = isLocale(user.locale) ? user.locale : 'ru'
  const items = await personalFeedEvents(db, user)
  return buildCalendar(items, { name: `${translate(locale, 'app.name')}: ${user.name}`, locale })
}

/** A programme's public events: anyone may subscribe. */
export async function programmeFeed(db: Executor, programmeId: string, locale: Locale, now = new Date()) {
  if (!/^[0-9a-f-]{36}$/i.test(programmeId)) return null
  const [programme] = await db.select({ name: programmes.name }).from(programmes).where(eq(programmes.id, programmeId))
  if (!programme) return null
  const since = new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS)
  const rows = await db
    .select({ event: events, organiserName: organisations.name, organiserEmail: organisations.email })
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .where(and(eq(events.programmeId, programmeId), eq(events.isPublic, true), gte(events.endsAt, since)))
    .orderBy(asc(events.startsAt))
    .limit(FEED_LIMIT)
  return buildCalendar(
    rows.map((r) => toCalendarEvent(r.event, { name: r.organiserName, email: r.organiserEmail })),
    { name: programme.name, locale },
  )
}

/** The feed, or 304 when the client already has this exact version (calendar apps poll often). */
export function calendarResponse(body: string, filename: string, request?: Request) {
  const etag = `"${crypto.createHash('sha1').update(body).digest('base64url')}"`
  if (request?.headers.get('If-None-Match') === etag) {
    return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': 'private, max-age=300' } })
  }
  return new Response(body, {
    headers: {
      ETag: etag,
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `inline; filename="${filename}"`,
      'Cache-Control': 'private, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
