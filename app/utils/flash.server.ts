import { redirect, type AppLoadContext } from '@remix-run/node'
import { readCookie } from './session.server.ts'
import { cookieSecure } from './env.server.ts'
import { isMessageKey } from './i18n.ts'

const FLASH_COOKIE = 'rsn_flash'

/** Redirects with a one-time message (an i18n key) that the next page shows. */
export function redirectWithFlash(to: string, messageKey: string, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers)
  headers.append(
    'Set-Cookie',
    `${FLASH_COOKIE}=${encodeURIComponent(messageKey)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60${cookieSecure ? '; Secure' : ''}`,
  )
  return redirect(to, { headers })
}

/** Reads the one-time message and clears it. */
export function consumeFlash(request: Request, context?: AppLoadContext) {
  const value = readCookie(request, FLASH_COOKIE)
  if (!value) return null
  context?.appendResponseHeader?.('Set-Cookie', `${FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
  return isMessageKey(value) ? value : null
}
