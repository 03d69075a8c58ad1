import type { MetaFunction } from '@remix-run/node'
import { DEFAULT_LOCALE, isLocale, translate, type Params } from './i18n.ts'

type Matches = Parameters<MetaFunction>[0]['matches']

export function localeFromMatches(matches: Matches) {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: string } | undefined)?.locale
  return isLocale(locale) ? locale : DEFAULT_LOCALE
}

/** A page title «Page · Ресурсник» in the viewer's language. */
export function titleMeta(key: string, params?: Params): MetaFunction {
  return ({ matches }) => {
    const locale = localeFromMatches(matches)
    return [{ title: `${translate(locale, key, params)} · ${translate(locale, 'app.name')}` }]
  }
}

/** A title made from loader data (an organisation's name). */
export function dataTitle(matches: Matches, text: string | undefined | null) {
  const locale = localeFromMatches(matches)
  return [{ title: text ? `${text} · ${translate(locale, 'app.name')}` : translate(locale, 'app.name') }]
}
