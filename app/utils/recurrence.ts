import { DateTime } from 'luxon'

export type Frequency = 'weekly' | 'biweekly' | 'monthly'

export const MAX_OCCURRENCES = 60

export type SeriesRule = {
  frequency: Frequency
  /** First day, YYYY-MM-DD, in the series' zone. */
  firstDate: string
  /** Wall-clock start, HH:MM, in the series' zone. */
  localStartTime: string
  durationMinutes: number
  timeZone: string
  count?: number | null
  untilDate?: string | null
}

/**
 * The occurrences of a series as UTC instants. Each one is computed from the first date in the series' own
 * zone (not by adding 7×24 hours), so a 10:00 Moscow seminar stays 10:00 Moscow and a monthly one on the
 * 31st falls on the last day of shorter months.
 */
export function expandSeries(rule: SeriesRule): { startsAt: Date; endsAt: Date }[] {
  const first = DateTime.fromISO(`${rule.firstDate}T${rule.localStartTime}`, { zone: rule.timeZone })
  if (!first.isValid) return []
  const until = rule.untilDate
    ? DateTime.fromISO(rule.untilDate, { zone: rule.timeZone }).endOf('day')
    : null
  const limit = Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES)
  const out: { startsAt: Date; endsAt: Date }[] = []
  for (let i = 0; out.length < limit; i++) {
    const start =
      rule.frequency === 'monthly'
        ? first.plus({ months: i })
        : first.plus({ weeks: rule.frequency === 'weekly' ? i : i * 2 })
    if (until && start > until) break
    out.push({ startsAt: start.toJSDate(), endsAt: start.plus({ minutes: rule.durationMinutes }).toJSDate() })
    if (!until && !rule.count && out.length >= MAX_OCCURRENCES) break
  }
  return out
}

/** A wall-clock date and time in a zone → the UTC instant (null for a time that does not exist there). */
export function zonedToInstant(date: string, time: string, timeZone: string): Date | null {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: timeZone })
  if (!dt.isValid) return null
  // Luxon moves a time inside a spring-forward gap; treat such a time as invalid rather than guess.
  if (dt.toFormat('yyyy-MM-dd') !== date || dt.toFormat('HH:mm') !== time.slice(0, 5)) return null
  return dt.toJSDate()
}

/** The wall-clock date and time of an instant in a zone, for prefilling forms. */
export function instantToZoned(at: Date, timeZone: string) {
  const dt = DateTime.fromJSDate(at, { zone: timeZone })
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') }
}
