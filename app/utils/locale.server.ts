import { LOCALE_COOKIE, isLocale, localeFromAcceptLanguage, type Locale } from './i18n.ts'
import { readCookie } from './session.server.ts'
import type { CurrentUser } from './session.server.ts'

/** The signed-in person's saved choice, else the language cookie, else the browser's language, else Russian. */
export function resolveLocale(request: Request, user: CurrentUser | null): Locale {
  if (user && isLocale(user.locale)) return user.locale
  const cookie = readCookie(request, LOCALE_COOKIE)
  if (isLocale(cookie)) return cookie
  return localeFromAcceptLanguage(request.headers.get('Accept-Language'))
}
