import crypto from 'node:crypto'
import type { RequestHandler } from 'express'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * True when a state-changing request comes from another site. Browsers send Sec-Fetch-Site and
 * Origin on such requests; a request with neither comes from a non-browser client, which a cookie
 * cannot be stolen through, so it passes.
 */
export function isCrossSiteRequest(
  method: string,
  headers: { origin?: string | null; secFetchSite?: string | null; host?: string | null },
  allowedOrigins: readonly string[] = [],
) {
  if (SAFE_METHODS.has(method.toUpperCase())) return false
  const site = headers.secFetchSite?.toLowerCase()
  if (site && site !== 'same-origin' && site !== 'none') return true
  const origin = headers.origin
  if (!origin) return false
  if (origin === 'null') return true
  if (allowedOrigins.includes(origin)) return false
  try {
    return new URL(origin).host !== headers.host
  } catch {
    return true
  }
}

export function contentSecurityPolicy(nonce: string, { dev }: { dev: boolean }) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "frame-src 'self' https://www.youtube-nocookie.com https://rutube.ru https://vk.com https://vkvideo.ru",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]
  return directives.join('; ')
}

export function securityHeaders(nonce: string, options: { dev: boolean; hsts: boolean }) {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(nonce, options),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
  if (options.hsts) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains'
  return headers
}

/**
 * The policy for files handed out as downloads (uploads above all): nothing may load and nothing may run,
 * should a browser render the file after all. Stricter than the pages' policy, which it replaces.
 */
export const DOWNLOAD_CSP = "default-src 'none'; sandbox"

/**
 * Express middleware: a fresh CSP nonce per request and the site-wide security headers on every response.
 * The Remix adapter *appends* the app's own response headers to those already set, so a download's stricter
 * Content-Security-Policy (or its X-Content-Type-Options) would go out twice; here a header the app sends
 * replaces the site-wide one of the same name instead, and each is sent once.
 */
export function securityHeadersMiddleware(options: { dev: boolean; hsts: boolean }): RequestHandler {
  return (_req, res, next) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    const defaults = securityHeaders(nonce, options)
    for (const [name, value] of Object.entries(defaults)) res.setHeader(name, value)
    const replaceable = new Set(Object.keys(defaults).map((name) => name.toLowerCase()))
    const append = res.append.bind(res)
    res.append = (name: string, value?: string | string[]) => {
      const key = name.toLowerCase()
      if (value !== undefined && replaceable.has(key)) {
        // The first value from the app replaces the default; any further one is appended as usual.
        replaceable.delete(key)
        res.setHeader(name, value)
        return res
      }
      return append(name, value)
    }
    next()
  }
}
