import { describe, expect, it } from 'vitest'
import { innSchema, isValidInn, isValidKpp, isValidOgrn, kppSchema, normaliseDigits, ogrnSchema } from './requisites.ts'

// Generators are written independently of the module under test so that a
// shared mistake in the weights would show up as a mismatch.

// Seeded so failures are reproducible.
function makeRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = makeRandom(20240601)

function randomDigits(length: number, firstDigits = '123456789'): string {
  let out = firstDigits[Math.floor(random() * firstDigits.length)] ?? '1'
  while (out.length < length) out += String(Math.floor(random() * 10))
  return out
}

function weightedCheck(body: string, weights: number[]): string {
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0)
  return String((sum % 11) % 10)
}

function withInn10Check(body9: string): string {
  return body9 + weightedCheck(body9, [2, 4, 10, 3, 5, 9, 4, 6, 8])
}

function withInn12Check(body10: string): string {
  const eleven = body10 + weightedCheck(body10, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
  return eleven + weightedCheck(eleven, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
}

function withOgrnCheck(body: string): string {
  const modulus = body.length === 12 ? 11n : 13n
  return body + String((BigInt(body) % modulus) % 10n)
}

// Changes the last digit to any other digit, guaranteeing a wrong checksum.
function breakLastDigit(value: string): string {
  const last = Number(value.slice(-1))
  return value.slice(0, -1) + String((last + 1 + Math.floor(random() * 9)) % 10)
}

describe('normaliseDigits', () => {
  it('removes ordinary, non-breaking and other whitespace', () => {
    expect(normaliseDigits(' 77 07\u00a008\t3893\n')).toBe('7707083893')
  })
})

describe('isValidInn', () => {
  it('accepts known real numbers', () => {
    // ПАО Сбербанк
    expect(isValidInn('7707083893')).toBe(true)
    // ФНС России
    expect(isValidInn('7707329152')).toBe(true)
    // Individual ИНН widely used as a sample in FNS documentation
    expect(isValidInn('500100732259')).toBe(true)
  })

  it('accepts generated 10- and 12-digit numbers', () => {
    for (let i = 0; i < 200; i++) {
      expect(isValidInn(withInn10Check(randomDigits(9)))).toBe(true)
      expect(isValidInn(withInn12Check(randomDigits(10)))).toBe(true)
    }
  })

  it('rejects a wrong check digit', () => {
    expect(isValidInn('7707083894')).toBe(false)
    expect(isValidInn('500100732258')).toBe(false)
    // 12-digit: correct 12th digit relative to a wrong 11th is still invalid
    expect(isValidInn('500100732269')).toBe(false)
    for (let i = 0; i < 100; i++) {
      expect(isValidInn(breakLastDigit(withInn10Check(randomDigits(9))))).toBe(false)
      expect(isValidInn(breakLastDigit(withInn12Check(randomDigits(10))))).toBe(false)
    }
  })

  it('rejects wrong length, non-digits and all zeros', () => {
    expect(isValidInn('')).toBe(false)
    expect(isValidInn('770708389')).toBe(false)
    expect(isValidInn('77070838930')).toBe(false)
    expect(isValidInn('7707083893000')).toBe(false)
    expect(isValidInn('77070838a3')).toBe(false)
    expect(isValidInn('7707 083893')).toBe(false)
    expect(isValidInn('٧٧٠٧٠٨٣٨٩٣')).toBe(false)
    expect(isValidInn('0000000000')).toBe(false)
    expect(isValidInn('000000000000')).toBe(false)
  })
})

describe('isValidOgrn', () => {
  it('accepts known real numbers', () => {
    // ПАО Сбербанк
    expect(isValidOgrn('1027700132195')).toBe(true)
    // ФНС России
    expect(isValidOgrn('1047707030513')).toBe(true)
    // ОГРНИП sample from FNS documentation
    expect(isValidOgrn('304500116000157')).toBe(true)
  })

  it('accepts generated ОГРН and ОГРНИП', () => {
    for (let i = 0; i < 200; i++) {
      expect(isValidOgrn(withOgrnCheck(randomDigits(12, '15')))).toBe(true)
      expect(isValidOgrn(withOgrnCheck(randomDigits(14, '3')))).toBe(true)
    }
  })

  it('is exact for the largest 14-digit bodies', () => {
    expect(isValidOgrn(withOgrnCheck('39999999999999'))).toBe(true)
    expect(isValidOgrn(withOgrnCheck('599999999999'))).toBe(true)
  })

  it('rejects a wrong check digit', () => {
    expect(isValidOgrn('1027700132196')).toBe(false)
    expect(isValidOgrn('304500116000158')).toBe(false)
    for (let i = 0; i < 100; i++) {
      expect(isValidOgrn(breakLastDigit(withOgrnCheck(randomDigits(12, '15'))))).toBe(false)
      expect(isValidOgrn(breakLastDigit(withOgrnCheck(randomDigits(14, '3'))))).toBe(false)
    }
  })

  it('rejects register entry numbers (ГРН) and mismatched signs', () => {
    // Valid checksum, but sign 2 marks a later entry, not the ОГРН itself
    expect(isValidOgrn(withOgrnCheck('217770013219'))).toBe(false)
    // ОГРНИП sign on a 13-digit number and vice versa
    expect(isValidOgrn(withOgrnCheck('302770013219'))).toBe(false)
    expect(isValidOgrn(withOgrnCheck('10450011600015'))).toBe(false)
  })

  it('rejects wrong length, non-digits and all zeros', () => {
    expect(isValidOgrn('')).toBe(false)
    expect(isValidOgrn('102770013219')).toBe(false)
    expect(isValidOgrn('10277001321950')).toBe(false)
    expect(isValidOgrn('3045001160001570')).toBe(false)
    expect(isValidOgrn('10277001321O5')).toBe(false)
    expect(isValidOgrn('0000000000000')).toBe(false)
    expect(isValidOgrn('000000000000000')).toBe(false)
  })
})

describe('isValidKpp', () => {
  it('accepts digit and letter reason codes', () => {
    expect(isValidKpp('773601001')).toBe(true)
    expect(isValidKpp('7736AB001')).toBe(true)
    expect(isValidKpp('77365Z001')).toBe(true)
  })

  it('rejects malformed values', () => {
    expect(isValidKpp('')).toBe(false)
    expect(isValidKpp('77360100')).toBe(false)
    expect(isValidKpp('7736010010')).toBe(false)
    expect(isValidKpp('7736ab001')).toBe(false)
    expect(isValidKpp('77A601001')).toBe(false)
    expect(isValidKpp('773601A01')).toBe(false)
    expect(isValidKpp('7736АБ001')).toBe(false) // Cyrillic letters
  })
})

describe('schemas', () => {
  function issues(result: { success: boolean; error?: { issues: { message: string }[] } }) {
    return result.error?.issues.map((issue) => issue.message) ?? []
  }

  it('normalise spacing and return the compact value', () => {
    expect(innSchema.parse('  7707 083 893 ')).toBe('7707083893')
    expect(ogrnSchema.parse('1 02 77 00 13 21 95')).toBe('1027700132195')
    expect(kppSchema.parse('7736\u00a001 001')).toBe('773601001')
  })

  it('report only "required" for empty or missing input', () => {
    for (const schema of [innSchema, ogrnSchema, kppSchema]) {
      expect(issues(schema.safeParse(''))).toEqual(['validation.required'])
      expect(issues(schema.safeParse('   '))).toEqual(['validation.required'])
      expect(issues(schema.safeParse(undefined))).toEqual(['validation.required'])
    }
  })

  it('report the field-specific key for invalid values', () => {
    expect(issues(innSchema.safeParse('7707083894'))).toEqual(['validation.inn'])
    expect(issues(ogrnSchema.safeParse('1027700132196'))).toEqual(['validation.ogrn'])
    expect(issues(kppSchema.safeParse('7736ab001'))).toEqual(['validation.kpp'])
  })
})
