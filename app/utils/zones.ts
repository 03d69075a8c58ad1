import type { Locale } from './i18n.ts'

// City names for the zones people in Russia live in; other zones fall back to their IANA city.
const ZONE_CITIES: Record<string, { ru: string; en: string }> = {
  'Europe/Kaliningrad': { ru: 'Калининград', en: 'Kaliningrad' },
  'Europe/Moscow': { ru: 'Москва', en: 'Moscow' },
  'Europe/Simferopol': { ru: 'Симферополь', en: 'Simferopol' },
  'Europe/Volgograd': { ru: 'Волгоград', en: 'Volgograd' },
  'Europe/Kirov': { ru: 'Киров', en: 'Kirov' },
  'Europe/Astrakhan': { ru: 'Астрахань', en: 'Astrakhan' },
  'Europe/Saratov': { ru: 'Саратов', en: 'Saratov' },
  'Europe/Ulyanovsk': { ru: 'Ульяновск', en: 'Ulyanovsk' },
  'Europe/Samara': { ru: 'Самара', en: 'Samara' },
  'Asia/Yekaterinburg': { ru: 'Екатеринбург', en: 'Yekaterinburg' },
  'Asia/Omsk': { ru: 'Омск', en: 'Omsk' },
  'Asia/Novosibirsk': { ru: 'Новосибирск', en: 'Novosibirsk' },
  'Asia/Barnaul': { ru: 'Барнаул', en: 'Barnaul' },
  'Asia/Tomsk': { ru: 'Томск', en: 'Tomsk' },
  'Asia/Novokuznetsk': { ru: 'Новокузнецк', en: 'Novokuznetsk' },
  'Asia/Krasnoyarsk': { ru: 'Красноярск', en: 'Krasnoyarsk' },
  'Asia/Irkutsk': { ru: 'Иркутск', en: 'Irkutsk' },
  'Asia/Chita': { ru: 'Чита', en: 'Chita' },
  'Asia/Yakutsk': { ru: 'Якутск', en: 'Yakutsk' },
  'Asia/Khandyga': { ru: 'Хандыга', en: 'Khandyga' },
  'Asia/Vladivostok': { ru: 'Владивосток', en: 'Vladivostok' },
  'Asia/Ust-Nera': { ru: 'Усть-Нера', en: 'Ust-Nera' },
  'Asia/Magadan': { ru: 'Магадан', en: 'Magadan' },
  'Asia/Sakhalin': { ru: 'Сахалин', en: 'Sakhalin' },
  'Asia/Srednekolymsk': { ru: 'Среднеколымск', en: 'Srednekolymsk' },
  'Asia/Kamchatka': { ru: 'Камчатка', en: 'Kamchatka' },
  'Asia/Anadyr': { ru: 'Анадырь', en: 'Anadyr' },
}

/** «Москва», «Новосибирск», or the city part of any other IANA zone («Berlin»). */
export function zoneCity(zone: string, locale: Locale) {
  const known = ZONE_CITIES[zone]
  if (known) return known[locale]
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ')
}

function timeIn(locale: Locale, at: Date, zone: string) {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  }).format(at)
}

function dayIn(at: Date, zone: string) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

function offsetMinutes(at: Date, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(at.getTime() / 60000) * 60000) / 60000
}

/**
 * «10:00 Москва / 15:00 Новосибирск»: the time in the event's zone and, when it differs, in the viewer's.
 * A different calendar day in the viewer's zone is shown with the date.
 */
export function dualTime(locale: Locale, at: Date, eventZone: string, viewerZone: string) {
  const own = `${timeIn(locale, at, eventZone)} ${zoneCity(eventZone, locale)}`
  if (offsetMinutes(at, eventZone) === offsetMinutes(at, viewerZone)) return own
  let theirs = `${timeIn(locale, at, viewerZone)} ${zoneCity(viewerZone, locale)}`
  if (dayIn(at, eventZone) !== dayIn(at, viewerZone)) {
    const date = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'short', timeZone: viewerZone }).format(at)
    theirs = `${date}, ${theirs}`
  }
  return `${own} / ${theirs}`
}
