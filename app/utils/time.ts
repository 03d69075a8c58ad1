import type { Locale } from './i18n.ts'

const intlLocale = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-GB')

export function isValidTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

type DateInput = Date | string | number

function toDate(value: DateInput) {
  return value instanceof Date ? value : new Date(value)
}

/** «22 ноября 2026 г.» in the given zone. */
export function formatDate(locale: Locale, value: DateInput, timeZone: string) {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone }).format(toDate(value))
}

/** «22.11.2026, 10:00» in the given zone. */
export function formatDateTime(locale: Locale, value: DateInput, timeZone: string) {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  }).format(toDate(value))
}

/** A calendar date stored without a zone (YYYY-MM-DD): format it as that day, not shifted by any zone. */
export function formatCalendarDate(locale: Locale, isoDate: string) {
  const [y, m, d] = isoDate.split('-').map(Number)
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1)),
  )
}

/** UTC offset of a zone at a moment, as «UTC+7». */
export function utcOffsetLabel(timeZone: string, at: DateInput = new Date()) {
  const parts = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(toDate(at))
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  return name.replace('GMT', 'UTC').replace(/^UTC$/, 'UTC+0')
}
