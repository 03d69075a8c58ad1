import { describe, expect, test } from 'vitest'
import { contentSecurityPolicy, isCrossSiteRequest, securityHeaders } from './security.server.ts'

describe('isCrossSiteRequest', () => {
  const host = 'resursnik.example'
  test('reads are never refused', () => {
    expect(isCrossSiteRequest('GET', { origin: 'https://evil.example', secFetchSite: 'cross-site', host })).toBe(false)
  })
  test('a same-origin form post passes', () => {
    expect(isCrossSiteRequest('POST', { origin: `https://${host}`, secFetchSite: 'same-origin', host })).toBe(false)
  })
  test('a post from another site is refused by Sec-Fetch-Site or by Origin', () => {
    expect(isCrossSiteRequest('POST', { secFetchSite: 'cross-site', host })).toBe(true)
    expect(isCrossSiteRequest('POST', { secFetchSite: 'same-site', host })).toBe(true)
    expect(isCrossSiteRequest('DELETE', { origin: 'https://evil.example', host })).toBe(true)
    expect(isCrossSiteRequest('POST', { origin: 'null', host })).toBe(true)
  })
  test('a client that sends neither header (curl, a server) passes: it carries no victim cookie', () => {
    expect(isCrossSiteRequest('POST', { host })).toBe(false)
  })
})

describe('security headers', () => {
  test('the policy allows only our scripts with the nonce, and no framing', () => {
    const csp = contentSecurityPolicy('abc', { dev: false })
    expect(csp).toContain("script-src 'self' 'nonce-abc'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
  })
  test('HSTS only when asked (production)', () => {
    expect(securityHeaders('n', { dev: false, hsts: true })['Strict-Transport-Security']).toMatch(/max-age=\d+/)
    expect(securityHeaders('n', { dev: false, hsts: false })['Strict-Transport-Security']).toBeUndefined()
    expect(securityHeaders('n', { dev: false, hsts: false })['X-Content-Type-Options']).toBe('nosniff')
  })
})
