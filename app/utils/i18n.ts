import { en } from '#app/locales/en.ts'
import { ru, type MessageKey, type Message } from '#app/locales/ru.ts'

export type { MessageKey, Message }
export const LOCALES = ['ru', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'ru'
export const LOCALE_COOKIE = 'rsn_lang'

const catalogues: Record<Locale, Record<MessageKey, Message>> = { ru, en }

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && value in ru
}

export type Params = Record<string, string | number>

const pluralRules = new Map<Locale, Intl.PluralRules>()
function pluralCategory(locale: Locale, count: number) {
  let rules = pluralRules.get(locale)
  if (!rules) {
    rules = new Intl.PluralRules(locale)
    pluralRules.set(locale, rules)
  }
  return rules.select(count)
}

/**
 * Looks a message up and fills `{name}` placeholders. A plural message picks its form by `params.count`
 * (Russian: one / few / many; English: one / other). Numbers are formatted for the locale.
 */
export function translate(locale: Locale, key: MessageKey | string, params?: Params): string {
  const message = catalogues[locale][key as MessageKey] ?? catalogues[DEFAULT_LOCALE][key as MessageKey]
  if (message === undefined) return key
  let text: string
  if (typeof message === 'string') {
    text = message
  } else {
    const count = Number(params?.count ?? 0)
    const category = pluralCategory(locale, count) as keyof typeof message
    text = message[category] ?? message.other
  }
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? formatNumber(locale, value) : value
  })
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', options).format(value)
}

export function formatMoney(locale: Locale, value: number | string) {
  return formatNumber(locale, Number(value), { style: 'currency', currency: 'RUB', maximumFractionDigits: 2 })
}

/** Picks a locale from an Accept-Language header, falling back to Russian. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().slice(0, 2)
    if (isLocale(tag)) return tag
  }
  return DEFAULT_LOCALE
}
