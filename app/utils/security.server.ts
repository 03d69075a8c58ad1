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
