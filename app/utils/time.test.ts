import { expect, test } from 'vitest'
import { formatCalendarDate, formatDateTime, utcOffsetLabel } from './time.ts'

test('a moment is shown in the zone asked for', () => {
  const moment = new Date('2026-11-23T07:00:00Z')
  expect(formatDateTime('ru', moment, 'Europe/Moscow')).toBe('23.11.2026, 10:00')
  expect(formatDateTime('ru', moment, 'Asia/Kamchatka')).toBe('23.11.2026, 19:00')
  expect(formatDateTime('ru', moment, 'Europe/Kaliningrad')).toBe('23.11.2026, 09:00')
})

test('offset labels across Russia', () => {
  expect(utcOffsetLabel('Europe/Kaliningrad')).toBe('UTC+2')
  expect(utcOffsetLabel('Asia/Novosibirsk')).toBe('UTC+7')
  expect(utcOffsetLabel('Asia/Kamchatka')).toBe('UTC+12')
})

test('a calendar date is never shifted by a zone', () => {
  expect(formatCalendarDate('ru', '2027-08-31')).toBe('31 августа 2027 г.')
  expect(formatCalendarDate('en', '2026-03-01')).toBe('1 March 2026')
})
