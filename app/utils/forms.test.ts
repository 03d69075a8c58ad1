import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { emailField, isoDate, optionalMoney, optionalText, optionalUrl, parseForm, requiredText } from './forms.ts'

function form(entries: Record<string, string | string[]>) {
  const fd = new FormData()
  for (const [k, v] of Object.entries(entries)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x)
  return fd
}

const Schema = z.object({
  name: requiredText(10),
  email: emailField,
  note: optionalText(),
  site: optionalUrl,
  amount: optionalMoney,
  day: isoDate,
})

describe('parseForm', () => {
  test('returns typed data, blanks as undefined', () => {
    const result = parseForm(form({ name: ' Анна ', email: 'Anna@Example.RU', note: '  ', site: 'vektor.example', amount: '9 484 487,5', day: '2026-11-22' }), Schema)
    expect(result).toEqual({
      ok: true,
      data: { name: 'Анна', email: 'anna@example.ru', note: undefined, site: 'https://vektor.example', amount: '9484487.5', day: '2026-11-22' },
    })
  })
  test('reports i18n keys per field and echoes what was typed, except passwords', () => {
    const result = parseForm(form({ name: '', email: 'not-an-email', amount: 'много', day: '2026-02-30x', password: 'secret' }), Schema)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual({
      name: ['validation.required'],
      email: ['validation.email'],
      amount: ['validation.money'],
      day: ['validation.date'],
    })
    expect(result.values).toMatchObject({ email: 'not-an-email', amount: 'много' })
    expect(result.values).not.toHaveProperty('password')
  })
  test('too long text gets its own message', () => {
    const result = parseForm(form({ name: 'очень длинное имя', email: 'a@b.ru', day: '2026-01-01' }), Schema)
    expect(!result.ok && result.errors.name).toEqual(['validation.tooLong'])
  })
  test('repeated names become arrays when asked', () => {
    const result = parseForm(form({ ids: ['a', 'b'] }), z.object({ ids: z.array(z.string()) }), { arrayFields: ['ids'] })
    expect(result).toEqual({ ok: true, data: { ids: ['a', 'b'] } })
    const none = parseForm(form({}), z.object({ ids: z.array(z.string()) }), { arrayFields: ['ids'] })
    expect(none).toEqual({ ok: true, data: { ids: [] } })
  })
})
