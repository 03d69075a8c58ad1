import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
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

/**
 * An iCalendar document. Times are given to ical-generator as Luxon DateTimes in each event's own zone, so
 * DTSTART/DTEND carry TZID and wall-clock time, and a VTIMEZONE block is included for every zone used.
 * Cancelled events stay in the feed with STATUS:CANCELLED and a title that says so, because several
 * clients ignore STATUS in subscribed feeds.
 */
export function buildCalendar(
  events: readonly CalendarEvent[],
  options: { name: string; locale: Locale; method?: 'REQUEST' | 'CANCEL' | 'PUBLISH'; refreshHours?: number },
) {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Resursnik', product: 'Resursnik', language: options.locale.toUpperCase() },
    ttl: (options.refreshHours ?? 1) * 3600,
  })
  calendar.timezone({ name: null, generator: vtimezone })
  if (options.method === 'REQUEST') calendar.method(ICalCalendarMethod.REQUEST)
  else if (options.method === 'CANCEL') calendar.method(ICalCalendarMethod.CANCEL)
  else calendar.method(ICalCalendarMethod.PUBLISH)

  for (const event of events) {
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
  return calendar.toString()
}
