import { useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import type { loader as rootLoader } from '#app/root.tsx'
import { DEFAULT_LOCALE, formatMoney, formatNumber, translate, type Locale, type MessageKey, type Params } from './i18n.ts'
import { formatCalendarDate, formatDate, formatDateTime } from './time.ts'

export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>('root')
}

/** Translation and locale-aware formatting for the current person. */
export function useI18n() {
  const data = useRootData()
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE
  const timeZone = data?.timeZone ?? 'Europe/Moscow'
  return useMemo(
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
}

export function useOptionalUser() {
  return useRootData()?.user ?? null
}
