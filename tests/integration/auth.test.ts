import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { sessions, users } from '#db/schema/index.ts'
import { action as loginAction } from '#app/routes/_auth.login.tsx'
import { action as logoutAction } from '#app/routes/logout.tsx'
import { action as settingsAction } from '#app/routes/settings.tsx'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { hashToken } from '#app/utils/crypto.server.ts'
import { createSession, SESSION_TTL_MS, validateSessionToken } from '#app/utils/session.server.ts'
import { callRoute, createUser, sessionCookieFor, testDb, TEST_PASSWORD } from '#tests/db-utils.ts'

describe('sessions', () => {
  test('stores only the SHA-256 of the token and finds the user in one query', async () => {
    const user = await createUser()
    const { token } = await createSession(testDb(), user.id)
    const rows = await testDb().select().from(sessions).where(eq(sessions.userId, user.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.id).toBe(hashToken(token))
    expect(rows[0]!.id).not.toContain(token)
    const result = await validateSessionToken(testDb(), token)
    expect(result?.user.email).toBe(user.email)
    expect(result?.user.memberships).toEqual([])
  })

  test('slides the expiry forward when half the lifetime is gone, and rejects expired sessions', async () => {
    const user = await createUser()
    const { token } = await createSession(testDb(), user.id)
    const id = hashToken(token)
    const soon = new Date(Date.now() + SESSION_TTL_MS / 4)
    await testDb().update(sessions).set({ expiresAt: soon }).where(eq(sessions.id, id))
    const refreshed = await validateSessionToken(testDb(), token)
    expect(refreshed?.session.fresh).toBe(true)
    expect(refreshed!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_TTL_MS * 0.9)

    await testDb().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, id))
    expect(await validateSessionToken(testDb(), token)).toBeNull()
    expect(await testDb().select().from(sessions).where(eq(sessions.id, id))).toHaveLength(0)
  })

  test('a disabled account cannot use its session', async () => {
    const user = await createUser()
    const { token } = await createSession(testDb(), user.id)
    await testDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id))
    expect(await validateSessionToken(testDb(), token)).toBeNull()
  })
})

describe('sign-in', () => {
  let email: string
  beforeAll(async () => {
    email = (await createUser()).email
  })

  test('right password: a session cookie, HttpOnly and SameSite=Lax, and a redirect', async () => {
    const result = await callRoute(loginAction, '/login', {
      form: { email: email.toUpperCase(), password: TEST_PASSWORD, redirectTo: '/settings' },
    })
    expect(result.status).toBe(302)
    expect(result.location).toBe('/settings')
    const cookie = result.headers.get('Set-Cookie') ?? ''
    expect(cookie).toMatch(/^rsn_session=[a-z2-7]{32};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
  })

  test('an off-site redirectTo is ignored', async () => {
    const result = await callRoute(loginAction, '/login', {
      form: { email, password: TEST_PASSWORD, redirectTo: '//evil.example/' },
    })
    expect(result.location).toBe('/dashboard')
  })

  test('wrong password: 400, a message, the e-mail kept and the password not echoed', async () => {
    const result = await callRoute(loginAction, '/login', { form: { email, password: 'wrong password!' } })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ ok: false, errors: { '': ['login.invalid'] }, values: { email } })
    expect(JSON.stringify(result.data)).not.toContain('wrong password!')
  })

  test('empty form: field errors, not a crash', async () => {
    const result = await callRoute(loginAction, '/login', { form: { email: '', password: '' } })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ errors: { email: ['validation.required'], password: ['validation.required'] } })
  })

  test('the eleventh attempt in a minute for one account is refused with 429', async () => {
    const target = (await createUser()).email
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const r = await callRoute(loginAction, '/login', { form: { email: target, password: 'nope-nope-nope' } })
      statuses.push(r.status)
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true)
    expect(statuses[10]).toBe(429)
    // Even the right password is refused while the limit holds.
    const blocked = await callRoute(loginAction, '/login', { form: { email: target, password: TEST_PASSWORD } })
    expect(blocked.status).toBe(429)
    expect(blocked.data).toMatchObject({ errors: { '': ['login.rateLimited'] } })
  })

  test('one address trying many accounts is limited too', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const r = await callRoute(loginAction, '/login', { ip: '203.0.113.7', form: { email: `probe${i}@test.example`, password: 'x' } })
      statuses.push(r.status)
    }
    expect(statuses[9]).toBe(400)
    expect(statuses[10]).toBe(429)
  })
})

describe('sign-out and password change', () => {
  test('signing out deletes the session on the server', async () => {
    const user = await createUser()
    const cookie = await sessionCookieFor(user.id)
    const out = await callRoute(logoutAction, '/logout', { method: 'POST', as: cookie })
    expect(out.status).toBe(302)
    expect(out.headers.get('Set-Cookie')).toContain('Max-Age=0')
    const after = await callRoute(dashboardLoader, '/dashboard', { as: cookie })
    expect(after.status).toBe(302)
    expect(after.location).toContain('/login')
  })

  test('changing the password ends every other session but keeps this one', async () => {
    const user = await createUser()
    const here = await sessionCookieFor(user.id)
    const elsewhere = await sessionCookieFor(user.id)
    const result = await callRoute(settingsAction, '/settings', {
      as: here,
      form: { intent: 'password', currentPassword: TEST_PASSWORD, password: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' },
    })
    expect(result.status).toBe(302)
    expect((await callRoute(dashboardLoader, '/dashboard', { as: elsewhere })).status).toBe(302)
    expect((await callRoute(dashboardLoader, '/dashboard', { as: here })).status).toBe(200)
    const login = await callRoute(loginAction, '/login', { form: { email: user.email, password: 'a brand new passphrase' } })
    expect(login.status).toBe(302)
  })

  test('a wrong current password changes nothing', async () => {
    const user = await createUser()
    const here = await sessionCookieFor(user.id)
    const result = await callRoute(settingsAction, '/settings', {
      as: here,
      form: { intent: 'password', currentPassword: 'not the password', password: 'another passphrase', confirmPassword: 'another passphrase' },
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ errors: { currentPassword: ['settings.wrongPassword'] } })
  })

  test('mismatched new passwords are reported on the confirmation field', async () => {
    const user = await createUser()
    const result = await callRoute(settingsAction, '/settings', {
      as: user,
      form: { intent: 'password', currentPassword: TEST_PASSWORD, password: 'first passphrase', confirmPassword: 'second passphrase' },
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ errors: { confirmPassword: ['validation.passwordMismatch'] } })
  })
})
