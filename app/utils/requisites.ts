import { z } from 'zod'

// Check-digit validation for Russian organisation requisites (ИНН, ОГРН/ОГРНИП,
// КПП). A checksum pass only means the number is well-formed, not that it was
// ever issued; it catches typos and transposed digits before they reach
// documents or reports.

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const

// People paste requisites from PDFs and bank letters, which group digits with
// ordinary and non-breaking spaces; those must not make a valid number fail.
export function normaliseDigits(value: string): string {
  return value.replace(/\s+/g, '')
}

function digitsOf(value: string): number[] {
  return Array.from(value, (ch) => ch.charCodeAt(0) - 48)
}

function innCheckDigit(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0)
  return (sum % 11) % 10
}

// Zeros satisfy every one of these checksums, and all-zero placeholders are a
// common way of skipping a required field, so they are rejected explicitly.
function isAllZeros(value: string): boolean {
  return /^0+$/.test(value)
}

export function isValidInn(value: string): boolean {
  if (!/^(\d{10}|\d{12})$/.test(value) || isAllZeros(value)) return false
  const d = digitsOf(value)
  if (d.length === 10) return innCheckDigit(d, INN10_WEIGHTS) === d[9]
  return innCheckDigit(d, INN12_WEIGHTS_11) === d[10] && innCheckDigit(d, INN12_WEIGHTS_12) === d[11]
}

// The first digit is the record-type sign: 1 and 5 mark an ОГРН, 3 an ОГРНИП.
// Other signs (2, 4, 6–9) are numbers of later register entries (ГРН), which
// people often copy from an extract by mistake; they share the checksum, so
// only the sign tells them apart.
export function isValidOgrn(value: string): boolean {
  let modulus: bigint
  if (/^[15]\d{12}$/.test(value)) modulus = 11n
  else if (/^3\d{14}$/.test(value)) modulus = 13n
  else return false
  // A 14-digit body still fits a double, but BigInt keeps the remainder exact
  // without anyone having to re-check that margin.
  const body = BigInt(value.slice(0, -1))
  const check = Number((body % modulus) % 10n)
  return check === Number(value.slice(-1))
}

// КПП: 4-digit tax office code, 2-character reason code (digits or A–Z since
// 2013), 3-digit sequence number.
export function isValidKpp(value: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(value)
}

function requisiteSchema(isValid: (value: string) => boolean, errorKey: string) {
  return z
    .string({ error: 'validation.required' })
    .trim()
    .transform(normaliseDigits)
    .pipe(
      z
        .string()
        // abort so an empty field reports only "required", not also "invalid"
        .min(1, { error: 'validation.required', abort: true })
        .refine(isValid, { error: errorKey }),
    )
}

// Errors are i18n message keys, translated by the UI.
export const innSchema = requisiteSchema(isValidInn, 'validation.inn')
export const ogrnSchema = requisiteSchema(isValidOgrn, 'validation.ogrn')
export const kppSchema = requisiteSchema(isValidKpp, 'validation.kpp')

/** Appends the check digit to a 9-digit body: used by the demo and scale data generators. */
export function completeInn10(body9: string): string {
  return body9 + String(innCheckDigit(digitsOf(body9), INN10_WEIGHTS))
}

/** Appends the check digit to a 12-digit ОГРН body. */
export function completeOgrn13(body12: string): string {
  return body12 + String((BigInt(body12) % 11n) % 10n)
}
