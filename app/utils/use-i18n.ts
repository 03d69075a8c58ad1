import { useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import type { loader as rootLoader } from '#app/root.tsx'
import {
  DEFAULT_LOCALE,
  formatMoney,
  formatNumber,
  hasCatalogue,
  loadCatalogue,
  translate,
  type Locale,
  type MessageKey,
  type Params,
} from './i18n.ts'
import { formatCalendarDate, formatDate, formatDateTime } from './time.ts'

export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>('root')
}

/**
 * Translation and locale-aware formatting for the current person. When the language has just changed (the
 * switch in the header, signing in as someone who chose the other one) and its messages are not in the
 * browser yet, rendering suspends until they are: navigations run as transitions, so the previous screen
 * stays up meanwhile and no untranslated key is ever shown.
 */
export function useI18n() {
  const data = useRootData()
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE
  const timeZone = data?.timeZone ?? 'Europe/Moscow'
  const i18n = useMemo(
    () => ({
      locale,
      timeZone,
      t: (key: MessageKey | string, params?: Params) => translate(locale, key, params),
      number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(locale, value, options),
      money: (value: number | string) => formatMoney(locale, value),
      date: (value: Date | string, zone = timeZone) => formatDate(locale, value, zone),
      dateTime: (value: Date | string, zone = timeZone) => formatDateTime(locale, value, zone),
      calendarDate: (iso: string) => formatCalendarDate(locale, iso),
    }),
    [locale, timeZone],
  )
  // A thrown promise is how a component suspends (React 18): rendering resumes once it settles.
  if (!hasCatalogue(locale)) throw loadCatalogue(locale)
  return i18n
}

export function useOptionalUser() {
  return useRootData()?.user ?? null
}
