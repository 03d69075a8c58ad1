import type { Locale } from '#app/utils/i18n.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { dualTime, zoneCity } from '#app/utils/zones.ts'

type DateInput = Date | string

const toDate = (value: DateInput) => (value instanceof Date ? value : new Date(value))
const intlLocale = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-GB')

function dayIn(at: Date, zone: string) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** «25 ноября» (with the year when it is not this year, and the weekday when asked), in the event's zone. */
export function eventDate(locale: Locale, at: Date, zone: string, options: { weekday?: boolean } = {}) {
  const thisYear = new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric' }).format(new Date())
  const year = new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric' }).format(at)
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'long',
    year: year === thisYear ? undefined : 'numeric',
    weekday: options.weekday ? 'short' : undefined,
    timeZone: zone,
  }).format(at)
}

function timeOf(locale: Locale, at: Date, zone: string) {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(at)
}

/**
 * An event's time as people in different regions read it: «25 ноября, 10:00 Москва / 15:00 Новосибирск» —
 * the date and start in the event's zone and, where the viewer's zone differs, in theirs. With `endsAt`,
 * a second part says until when («до 12:00», or «до 27 ноября, 18:00» for a multi-day event).
 */
export function EventTime({
  startsAt,
  endsAt,
  timeZone,
  weekday,
  className,
}: {
  startsAt: DateInput
  endsAt?: DateInput | null
  timeZone: string
  weekday?: boolean
  className?: string
}) {
  const { t, locale, timeZone: viewerZone } = useI18n()
  const start = toDate(startsAt)
  const end = endsAt ? toDate(endsAt) : null
  let until: string | null = null
  if (end) {
    const time = timeOf(locale, end, timeZone)
    until =
      dayIn(end, timeZone) === dayIn(start, timeZone)
        ? t('schedule.time.until', { time })
        : t('schedule.time.untilDate', { date: eventDate(locale, end, timeZone), time })
    // The city once is enough when the viewer is in the event's zone; otherwise say whose clock it is.
    until += ` ${zoneCity(timeZone, locale)}`
  }
  return (
    <span className={className}>
      <time dateTime={start.toISOString()}>
        {eventDate(locale, start, timeZone, { weekday })}, {dualTime(locale, start, timeZone, viewerZone)}
      </time>
      {end && until ? (
        <>
          {' · '}
          <time dateTime={end.toISOString()}>{until}</time>
        </>
      ) : null}
    </span>
  )
}
