import { describe, expect, test } from 'vitest'
import { en } from '#app/locales/en.ts'
import { ru } from '#app/locales/ru.ts'
import { formatMoney, localeFromAcceptLanguage, translate } from './i18n.ts'

describe('translate', () => {
  test('Russian plurals pick one / few / many', () => {
    expect(translate('ru', 'dashboard.people', { count: 1 })).toBe('1 человек')
    expect(translate('ru', 'dashboard.people', { count: 3 })).toBe('3 человека')
    expect(translate('ru', 'dashboard.people', { count: 5 })).toBe('5 человек')
    expect(translate('ru', 'dashboard.people', { count: 21 })).toBe('21 человек')
    expect(translate('ru', 'dashboard.people', { count: 22 })).toBe('22 человека')
    expect(translate('en', 'dashboard.people', { count: 1 })).toBe('1 person')
    expect(translate('en', 'dashboard.people', { count: 2 })).toBe('2 people')
  })
  test('fills placeholders and formats numbers for the locale', () => {
    expect(translate('ru', 'dashboard.greeting', { name: 'Анна' })).toBe('Здравствуйте, Анна!')
    expect(translate('ru', 'dashboard.centres', { count: 12000 })).toBe('12\u00a0000 центров-участников')
    expect(translate('en', 'dashboard.centres', { count: 12000 })).toBe('12,000 participating centres')
  })
  test('an unknown key shows itself rather than crashing', () => {
    expect(translate('ru', 'no.such.key')).toBe('no.such.key')
  })
  test('money in roubles', () => {
    expect(formatMoney('ru', '9484487.00')).toBe('9\u00a0484\u00a0487,00\u00a0₽')
  })
})

describe('catalogues', () => {
  test('English has every Russian key and no empty message', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort())
    for (const [key, value] of Object.entries({ ...ru, ...en })) {
      expect(typeof value === 'string' ? value.trim() : value.other.trim(), key).not.toBe('')
    }
  })
  test('Russian plural messages have the forms Russian needs', () => {
    for (const [key, value] of Object.entries(ru)) {
      if (typeof value === 'object') {
        expect(value, key).toHaveProperty('one')
        expect(value, key).toHaveProperty('few')
        expect(value, key).toHaveProperty('many')
      }
    }
  })
  test('placeholders match between languages', () => {
    const names = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort()
    for (const key of Object.keys(ru) as (keyof typeof ru)[]) {
      expect(new Set(names(en[key])), key).toEqual(new Set(names(ru[key])))
    }
  })
})

test('Accept-Language picks a supported language, else Russian', () => {
  expect(localeFromAcceptLanguage('en-GB,en;q=0.9')).toBe('en')
  expect(localeFromAcceptLanguage('de-DE,ru;q=0.8')).toBe('ru')
  expect(localeFromAcceptLanguage('fr')).toBe('ru')
  expect(localeFromAcceptLanguage(null)).toBe('ru')
})
