import { describe, expect, test } from 'vitest'
import { expandSeries, instantToZoned, zonedToInstant } from './recurrence.ts'
import { dualTime } from './zones.ts'

describe('series expansion', () => {
  test('a weekly 10:00 Moscow seminar stays 10:00 Moscow, even for a viewer in Berlin across their DST change', () => {
    const dates = expandSeries({
      frequency: 'weekly',
      firstDate: '2027-03-15',
      localStartTime: '10:00',
      durationMinutes: 90,
      timeZone: 'Europe/Moscow',
      count: 4,
    })
    expect(dates.map((d) => d.startsAt.toISOString())).toEqual([
      '2027-03-15T07:00:00.000Z',
      '2027-03-22T07:00:00.000Z',
      '2027-03-29T07:00:00.000Z',
      '2027-04-05T07:00:00.000Z',
    ])
    // Berlin moves its clocks on 28 March 2027: the viewer's local time changes, Moscow's does not.
    expect(dualTime('ru', dates[1]!.startsAt, 'Europe/Moscow', 'Europe/Berlin')).toBe('10:00 Москва / 08:00 Berlin')
    expect(dualTime('ru', dates[2]!.startsAt, 'Europe/Moscow', 'Europe/Berlin')).toBe('10:00 Москва / 09:00 Berlin')
    expect(dates[0]!.endsAt.getTime() - dates[0]!.startsAt.getTime()).toBe(90 * 60_000)
  })

  test('a series in a zone with daylight saving keeps its wall-clock time', () => {
    const dates = expandSeries({
      frequency: 'weekly',
      firstDate: '2027-03-22',
      localStartTime: '18:00',
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
      count: 2,
    })
    expect(dates.map((d) => instantToZoned(d.startsAt, 'Europe/Berlin').time)).toEqual(['18:00', '18:00'])
    expect(dates[1]!.startsAt.getTime() - dates[0]!.startsAt.getTime()).toBe(7 * 24 * 3600_000 - 3600_000)
  })

  test('every two weeks until a date, in Kamchatka', () => {
    const dates = expandSeries({
      frequency: 'biweekly',
      firstDate: '2026-12-01',
      localStartTime: '09:30',
      durationMinutes: 60,
      timeZone: 'Asia/Kamchatka',
      untilDate: '2027-01-12',
    })
    expect(dates.map((d) => instantToZoned(d.startsAt, 'Asia/Kamchatka').date)).toEqual([
      '2026-12-01',
      '2026-12-15',
      '2026-12-29',
      '2027-01-12',
    ])
    // 09:30 in Kamchatka (UTC+12) is the evening before in UTC.
    expect(dates[0]!.startsAt.toISOString()).toBe('2026-11-30T21:30:00.000Z')
  })

  test('monthly on the 31st falls on the last day of short months', () => {
    const dates = expandSeries({
      frequency: 'monthly',
      firstDate: '2027-01-31',
      localStartTime: '11:00',
      durationMinutes: 60,
      timeZone: 'Europe/Kaliningrad',
      count: 3,
    })
    expect(dates.map((d) => instantToZoned(d.startsAt, 'Europe/Kaliningrad').date)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31'])
  })
})

describe('wall-clock conversion', () => {
  test('a local time in a zone to the instant and back', () => {
    const at = zonedToInstant('2026-12-10', '15:00', 'Asia/Novosibirsk')!
    expect(at.toISOString()).toBe('2026-12-10T08:00:00.000Z')
    expect(instantToZoned(at, 'Asia/Novosibirsk')).toEqual({ date: '2026-12-10', time: '15:00' })
  })
  test('a time that does not exist (a spring-forward gap) is refused', () => {
    expect(zonedToInstant('2027-03-28', '02:30', 'Europe/Berlin')).toBeNull()
    expect(zonedToInstant('2027-02-30', '10:00', 'Europe/Moscow')).toBeNull()
  })
  test('dual times: same offset shows once; a different day shows the date', () => {
    const at = new Date('2026-12-10T07:00:00Z')
    expect(dualTime('ru', at, 'Europe/Moscow', 'Europe/Moscow')).toBe('10:00 Москва')
    expect(dualTime('ru', at, 'Europe/Moscow', 'Asia/Novosibirsk')).toBe('10:00 Москва / 14:00 Новосибирск')
    const late = new Date('2026-12-10T19:00:00Z')
    expect(dualTime('ru', late, 'Europe/Moscow', 'Asia/Kamchatka')).toBe('22:00 Москва / 11 дек., 07:00 Камчатка')
  })
})
