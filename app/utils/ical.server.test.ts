import ICAL from 'ical.js'
import { describe, expect, test } from 'vitest'
import { buildCalendar, eventUid, type CalendarEvent } from './ical.server.ts'

const base: Omit<CalendarEvent, 'id' | 'startsAt' | 'endsAt' | 'timeZone'> = {
  title: 'Семинар: грантовая заявка',
  description: 'Разбираем черновики заявок; приносите свои.',
  status: 'scheduled',
  sequence: 0,
  createdAt: new Date('2026-11-01T00:00:00Z'),
  updatedAt: new Date('2026-11-02T00:00:00Z'),
  address: 'г. Пермь, ул. Сибирская, 35',
  organiser: { name: 'АНО «Вектор»', email: 'info@vektor-nko.example' },
}

const zones = ['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Novosibirsk', 'Asia/Vladivostok', 'Asia/Kamchatka', 'Europe/Berlin']

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  // Register the feed's own VTIMEZONE blocks, as a client does.
  for (const tz of component.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(tz))
  }
  return component
}

describe('calendar feed', () => {
  const events: CalendarEvent[] = zones.map((zone, i) => ({
    ...base,
    id: `00000000-0000-4000-8000-00000000000${i}`,
    // 2027-03-29 is after Berlin's switch to summer time; 2027-01-15 is before.
    startsAt: new Date(Date.UTC(2027, i % 2 ? 0 : 2, i % 2 ? 15 : 29, 6 + i, 0)),
    endsAt: new Date(Date.UTC(2027, i % 2 ? 0 : 2, i % 2 ? 15 : 29, 7 + i, 30)),
    timeZone: zone,
    sequence: i,
  }))
  const text = buildCalendar(events, { name: 'Мой календарь', locale: 'ru' })

  test('parses with ical.js and every instant equals the stored one', () => {
    const calendar = parse(text)
    const vevents = calendar.getAllSubcomponents('vevent')
    expect(vevents).toHaveLength(events.length)
    for (const original of events) {
      const vevent = vevents.find((v) => v.getFirstPropertyValue('uid') === eventUid(original.id))!
      const e = new ICAL.Event(vevent)
      expect(e.startDate.toJSDate().toISOString()).toBe(original.startsAt.toISOString())
      expect(e.endDate.toJSDate().toISOString()).toBe(original.endsAt.toISOString())
      expect(e.startDate.zone?.tzid).toBe(original.timeZone)
      expect(e.sequence).toBe(original.sequence)
      expect(e.location).toBe(original.address)
      expect(String(vevent.getFirstPropertyValue('url'))).toContain(`/events/${original.id}`)
      expect(String(vevent.getFirstPropertyValue('organizer'))).toBe('mailto:info@vektor-nko.example')
    }
  })

  test('carries a VTIMEZONE for each zone used', () => {
    const tzids = parse(text)
      .getAllSubcomponents('vtimezone')
      .map((tz) => tz.getFirstPropertyValue('tzid'))
    expect(new Set(tzids)).toEqual(new Set(zones))
  })

  test('wall-clock times are written in the event zone', () => {
    // 29 March 2027 06:00 UTC in Kaliningrad (UTC+2) is 08:00 local.
    expect(text).toMatch(/DTSTART;TZID=Europe\/Kaliningrad:20270329T080000/)
    // 10:00 UTC in Kamchatka (UTC+12) is 22:00 local.
    expect(text).toMatch(/DTSTART;TZID=Asia\/Kamchatka:20270329T220000/)
  })

  test('a cancelled event stays, marked CANCELLED in STATUS and in the title', () => {
    const cancelled = buildCalendar([{ ...events[0]!, status: 'cancelled', sequence: 3 }], { name: 'x', locale: 'ru' })
    const vevent = parse(cancelled).getFirstSubcomponent('vevent')!
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(vevent.getFirstPropertyValue('summary')).toBe('ОТМЕНЕНО: Семинар: грантовая заявка')
    expect(vevent.getFirstPropertyValue('sequence')).toBe(3)
  })

  test('invitation and cancellation methods for e-mail', () => {
    expect(buildCalendar([events[0]!], { name: 'x', locale: 'en', method: 'REQUEST' })).toContain('METHOD:REQUEST')
    const cancel = buildCalendar([events[0]!], { name: 'x', locale: 'en', method: 'CANCEL' })
    expect(cancel).toContain('METHOD:CANCEL')
    expect(cancel).toContain('SUMMARY:CANCELLED: ')
  })
})
