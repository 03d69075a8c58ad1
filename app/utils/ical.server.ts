import crypto from 'node:crypto'
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator'
import { DateTime } from 'luxon'
import { tzlib_get_ical_block } from 'timezones-ical-library'
import { appUrl } from './env.server.ts'
import { translate, type Locale } from './i18n.ts'

export type CalendarEvent = {
  id: string
  title: string
  /** Plain text (HTML stripped) for DESCRIPTION. */
  description?: string | null
  startsAt: Date
  endsAt: Date
  timeZone: string
  status: 'scheduled' | 'cancelled'
  sequence: number
  updatedAt: Date
  createdAt: Date
  address?: string | null
  onlineUrl?: string | null
  organiser: { name: string; email?: string | null }
}

// Stable for the life of the event: clients match updates and cancellations by it.
export function eventUid(id: string) {
  return `${id}@resursnik`
}

function vtimezone(zone: string) {
  const block = tzlib_get_ical_block(zone)
  return Array.isArray(block) && block[0] ? block[0] : null
}

export function stripHtml(html: string | null | undefined) {
  if (!html) return ''
  return html
    .replace(/<\/(p|h[1-6]|li|blockquote|tr)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

type BuildOptions = { name: string; locale: Locale; method?: 'REQUEST' | 'CANCEL' | 'PUBLISH'; refreshHours?: number }

function newCalendar(options: BuildOptions) {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Resursnik', product: 'Resursnik', language: options.locale.toUpperCase() },
    ttl: (options.refreshHours ?? 1) * 3600,
  })
  if (options.method === 'REQUEST') calendar.method(ICalCalendarMethod.REQUEST)
  else if (options.method === 'CANCEL') calendar.method(ICalCalendarMethod.CANCEL)
  else calendar.method(ICalCalendarMethod.PUBLISH)
  return calendar
}

function addEvent(calendar: ICalCalendar, event: CalendarEvent, options: BuildOptions) {
  const cancelled = event.status === 'cancelled' || options.method === 'CANCEL'
  const url = `${appUrl}/events/${event.id}`
  const description = [event.description, event.onlineUrl ? `${translate(options.locale, 'ical.joinOnline')}: ${event.onlineUrl}` : null, url]
    .filter(Boolean)
    .join('\n\n')
  calendar.createEvent({
    id: eventUid(event.id),
    sequence: event.sequence,
    stamp: event.updatedAt,
    created: event.createdAt,
    lastModified: event.updatedAt,
    start: DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }),
    end: DateTime.fromJSDate(event.endsAt, { zone: event.timeZone }),
    timezone: event.timeZone,
    summary: cancelled ? `${translate(options.locale, 'ical.cancelledPrefix')} ${event.title}` : event.title,
    description,
    location: event.address ?? event.onlineUrl ?? undefined,
    url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: event.organiser.name, email: event.organiser.email ?? 'no-reply@resursnik.local' },
  })
}

// Formatting a VEVENT is the expensive part of a feed (ical-generator folds lines character by character),
// and the same event appears in many people's feeds, unchanged between fetches. So each VEVENT block is
// kept, keyed by a hash of everything that goes into it; a changed event hashes differently.
const VEVENT_CACHE_LIMIT = 20_000
const veventCache = new Map<string, string>()

function veventBlock(event: CalendarEvent, options: BuildOptions) {
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([event, options.locale, options.method ?? 'PUBLISH', appUrl]))
    .digest('base64')
  const cached = veventCache.get(key)
  if (cached !== undefined) {
    // Refresh its place so the least recently used entries are the ones dropped.
    veventCache.delete(key)
    veventCache.set(key, cached)
    return cached
  }
  const single = newCalendar(options)
  addEvent(single, event, options)
  const text = single.toString()
  const block = text.slice(text.indexOf('BEGIN:VEVENT'), text.lastIndexOf('END:VEVENT') + 'END:VEVENT'.length) + '\r\n'
  veventCache.set(key, block)
  if (veventCache.size > VEVENT_CACHE_LIMIT) veventCache.delete(veventCache.keys().next().value!)
  return block
}

/**
 * An iCalendar document. Times are given to ical-generator as Luxon DateTimes in each event's own zone, so
 * DTSTART/DTEND carry TZID and wall-clock time, and a VTIMEZONE block is included for every zone used.
 * Cancelled events stay in the feed with STATUS:CANCELLED and a title that says so, because several
 * clients ignore STATUS in subscribed feeds.
 */
export function buildCalendar(events: readonly CalendarEvent[], options: BuildOptions) {
  const shell = newCalendar(options).toString()
  const end = shell.lastIndexOf('END:VCALENDAR')
  const zones = [...new Set(events.map((e) => e.timeZone))]
  const parts = [shell.slice(0, end)]
  for (const zone of zones) {
    const block = vtimezone(zone)
    if (block) parts.push(block.replace(/\r?\n/g, '\r\n').replace(/(\r\n)?$/, '\r\n'))
  }
  for (const event of events) parts.push(veventBlock(event, options))
  parts.push(shell.slice(end))
  return parts.join('')
}
