import type { MessageKey, Message } from '#app/locales/ru.ts'

export type { MessageKey, Message }
export const LOCALES = ['ru', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'ru'
export const LOCALE_COOKIE = 'rsn_lang'

export type Catalogue = Record<MessageKey, Message>

/**
 * The message catalogues at hand. The server (and every script and test) has both from the start; the
 * browser gets only the language on screen, each catalogue being a chunk of its own loaded on demand
 * (`loadCatalogue`): before hydration for the page's language (entry.client.tsx), and when the language
 * changes, while the next screen waits (`useI18n` suspends until it is there).
 */
const catalogues: Partial<Record<Locale, Catalogue>> =
  typeof document === 'undefined'
    ? { ru: (await import('#app/locales/ru.ts')).ru, en: (await import('#app/locales/en.ts')).en }
    : {}

const loading = new Map<Locale, Promise<void>>()

/** Whether a language's messages are at hand (always on the server). */
export function hasCatalogue(locale: Locale) {
  return catalogues[locale] !== undefined
}

/**
 * Makes a language's messages available (in the browser: fetches its chunk once). Should that fail (the
 * connection dropped), pages fall back to the catalogue already at hand rather than retrying forever.
 */
export function loadCatalogue(locale: Locale): Promise<void> {
  if (catalogues[locale]) return Promise.resolve()
  let pending = loading.get(locale)
  if (!pending) {
    const chunk =
      locale === 'en' ? import('#app/locales/en.ts').then((m) => m.en) : import('#app/locales/ru.ts').then((m) => m.ru)
    pending = chunk.then(
      (messages) => {
        catalogues[locale] = messages
      },
      (error: unknown) => {
        const fallback = catalogues[DEFAULT_LOCALE] ?? catalogues.en ?? catalogues.ru
        if (!fallback) throw error
        catalogues[locale] = fallback
      },
    )
    loading.set(locale, pending)
  }
  return pending
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** Whether a string is a message key. Both catalogues have the same keys (app/utils/i18n.test.ts checks). */
export function isMessageKey(value: unknown): value is MessageKey {
  const catalogue = catalogues.ru ?? catalogues.en
  return typeof value === 'string' && catalogue !== undefined && value in catalogue
}

/** Every message key (the server's view; in the browser, those of the catalogue at hand). */
export function messageKeys() {
  return Object.keys(catalogues.ru ?? catalogues.en ?? {}) as MessageKey[]
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
  const k = key as MessageKey
  // In the browser only one catalogue may be at hand: a message in it beats showing the bare key.
  const message = catalogues[locale]?.[k] ?? catalogues[DEFAULT_LOCALE]?.[k] ?? (catalogues.en ?? catalogues.ru)?.[k]
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
