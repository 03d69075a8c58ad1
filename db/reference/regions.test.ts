import { describe, expect, it } from 'vitest'
import { FEDERAL_DISTRICTS, REGIONS, regionByCode, type FederalDistrict } from './regions.ts'

// Offset in minutes east of UTC, read from Intl so the test follows the
// runtime's tz database rather than a hand-written table.
function utcOffsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - at.getTime()) / 60_000)
}

const WINTER = new Date('2025-01-15T12:00:00Z')
const SUMMER = new Date('2025-07-15T12:00:00Z')

describe('REGIONS', () => {
  it('lists all 89 subjects', () => {
    expect(REGIONS).toHaveLength(89)
  })

  it('has unique two-digit codes in ascending order', () => {
    const codes = REGIONS.map((region) => region.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(code).toMatch(/^\d{2}$/)
    expect([...codes].sort()).toEqual(codes)
  })

  it('has unique names and non-empty fields', () => {
    expect(new Set(REGIONS.map((region) => region.nameRu)).size).toBe(89)
    expect(new Set(REGIONS.map((region) => region.nameEn)).size).toBe(89)
    for (const region of REGIONS) {
      expect(region.nameRu.trim()).not.toBe('')
      expect(region.nameEn.trim()).not.toBe('')
      expect(region.capitalRu.trim()).not.toBe('')
    }
  })

  it('uses only valid IANA time zones', () => {
    for (const { code, timeZone } of REGIONS) {
      expect(() => new Intl.DateTimeFormat(undefined, { timeZone }), `${code} ${timeZone}`).not.toThrow()
    }
  })

  it('has no daylight saving anywhere, as Russia abolished it in 2014', () => {
    for (const { code, timeZone } of REGIONS) {
      expect(utcOffsetMinutes(timeZone, SUMMER), code).toBe(utcOffsetMinutes(timeZone, WINTER))
    }
  })

  it('assigns every region to a known federal district with the expected sizes', () => {
    const counts: Partial<Record<FederalDistrict, number>> = {}
    for (const { district } of REGIONS) {
      expect(FEDERAL_DISTRICTS[district]).toBeDefined()
      counts[district] = (counts[district] ?? 0) + 1
    }
    expect(counts).toEqual({ CFD: 18, NWFD: 11, SFD: 12, NCFD: 7, VFD: 14, UFD: 6, SibFD: 10, FEFD: 11 })
  })

  it('spans UTC+2 to UTC+12', () => {
    const offsets = REGIONS.map((region) => utcOffsetMinutes(region.timeZone, WINTER))
    expect(Math.min(...offsets)).toBe(120)
    expect(Math.max(...offsets)).toBe(720)
  })
})

describe('spot checks', () => {
  it('Kaliningrad is UTC+2 in winter', () => {
    const region = regionByCode('39')
    expect(region?.timeZone).toBe('Europe/Kaliningrad')
    expect(utcOffsetMinutes(region!.timeZone, WINTER)).toBe(120)
  })

  it('Kamchatka is UTC+12', () => {
    const region = regionByCode('41')
    expect(region?.nameRu).toBe('Камчатский край')
    expect(utcOffsetMinutes(region!.timeZone, WINTER)).toBe(720)
  })

  it('Perm Krai uses Yekaterinburg time', () => {
    expect(regionByCode('59')).toMatchObject({
      nameRu: 'Пермский край',
      district: 'VFD',
      timeZone: 'Asia/Yekaterinburg',
    })
  })

  it('multi-zone regions use their capital’s zone', () => {
    expect(regionByCode('14')?.timeZone).toBe('Asia/Yakutsk')
    expect(regionByCode('24')?.timeZone).toBe('Asia/Krasnoyarsk')
  })

  it('federal cities are their own centres', () => {
    expect(regionByCode('77')).toMatchObject({ nameRu: 'Москва', capitalRu: 'Москва', district: 'CFD' })
    expect(regionByCode('78')).toMatchObject({ nameRu: 'Санкт-Петербург', district: 'NWFD' })
  })
})

describe('regionByCode', () => {
  it('accepts codes without the leading zero or with surrounding space', () => {
    expect(regionByCode('1')?.nameRu).toBe('Республика Адыгея')
    expect(regionByCode(' 01 ')?.nameRu).toBe('Республика Адыгея')
  })

  it('returns undefined for unknown or malformed codes', () => {
    expect(regionByCode('80')).toBeUndefined()
    expect(regionByCode('00')).toBeUndefined()
    expect(regionByCode('100')).toBeUndefined()
    expect(regionByCode('')).toBeUndefined()
    expect(regionByCode('7a')).toBeUndefined()
  })
})
