import { and, eq, ne, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { sessions, users, type MembershipRole, type OrganisationKind } from '#db/schema/index.ts'
import { generateToken, hashToken } from './crypto.server.ts'
import { cookieSecure } from './env.server.ts'

// Sessions after Lucia's "Sessions" guide: the cookie holds a random token, the table holds its
// SHA-256, expiry slides forward when half the lifetime is gone.
export const SESSION_COOKIE = 'rsn_session'
const DAY_MS = 24 * 60 * 60 * 1000
export const SESSION_TTL_MS = 30 * DAY_MS

export type MembershipInfo = {
  organisationId: string
  organisationName: string
  kind: OrganisationKind
  role: MembershipRole
}

export type CurrentUser = {
  id: string
  email: string
  name: string
  isAdmin: boolean
  locale: string
  timeZone: string
  regionCode: string | null
  memberships: MembershipInfo[]
  managedProgrammeIds: string[]
}

export type SessionInfo = { id: string; expiresAt: Date; fresh: boolean }

export async function createSession(db: Executor, userId: string, userAgent?: string | null) {
  const token = generateToken()
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    expiresAt,
    userAgent: userAgent?.slice(0, 300) ?? null,
  })
  return { token, expiresAt }
}

function userColumns() {
  return {
    user: {
      id: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
      locale: users.locale,
      timeZone: users.timeZone,
      regionCode: users.regionCode,
      disabledAt: users.disabledAt,
    },
    memberships: sql<MembershipInfo[]>`coalesce((
      select json_agg(json_build_object(
        'organisationId', m.organisation_id, 'organisationName', o.name,
        'kind', o.kind, 'role', m.role) order by o.name)
      from memberships m join organisations o on o.id = m.organisation_id
      where m.user_id = "users"."id"), '[]'::json)`,
    managedProgrammeIds: sql<string[]>`coalesce((
      select json_agg(pm.programme_id) from programme_managers pm
      where pm.user_id = "users"."id"), '[]'::json)`,
  }
}

type UserRow = {
  user: Omit<CurrentUser, 'memberships' | 'managedProgrammeIds'> & { disabledAt: Date | null }
  memberships: MembershipInfo[]
  managedProgrammeIds: string[]
}

function toCurrentUser(row: UserRow): CurrentUser {
  const { disabledAt: _disabled, ...user } = row.user
  return { ...user, memberships: row.memberships, managedProgrammeIds: row.managedProgrammeIds }
}

/** One round trip: the session, its user, the user's memberships and managed programmes. */
export async function validateSessionToken(
  db: Executor,
  token: string,
): Promise<{ session: SessionInfo; user: CurrentUser } | null> {
  const id = hashToken(token)
  const [row] = await db
    .select({ expiresAt: sessions.expiresAt, ...userColumns() })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
  if (!row) return null
  const now = Date.now()
  if (row.expiresAt.getTime() <= now || row.user.disabledAt) {
    await db.delete(sessions).where(eq(sessions.id, id))
    return null
  }
  let expiresAt = row.expiresAt
  let fresh = false
  if (expiresAt.getTime() - now < SESSION_TTL_MS / 2) {
    expiresAt = new Date(now + SESSION_TTL_MS)
    fresh = true
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id))
  }
  return { session: { id, expiresAt, fresh }, user: toCurrentUser(row) }
}

/** A person as the permission layer sees them, without a session (calendar feeds, background jobs). */
export async function loadCurrentUser(db: Executor, userId: string): Promise<CurrentUser | null> {
  const [row] = await db.select(userColumns()).from(users).where(eq(users.id, userId))
  if (!row || row.user.disabledAt) return null
  return toCurrentUser(row)
}

export async function invalidateSession(db: Executor, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

/** Ends every session of a user, except the one given (the person who just changed the password). */
export async function invalidateUserSessions(db: Executor, userId: string, keepSessionId?: string) {
  await db
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
}

export function serializeSessionCookie(token: string, expiresAt: Date) {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
  ]
  if (cookieSecure) parts.push('Secure')
  return parts.join('; ')
}

export function serializeBlankSessionCookie() {
  const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
  if (cookieSecure) parts.push('Secure')
  return parts.join('; ')
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const eqIndex = part.indexOf('=')
    if (eqIndex === -1) continue
    if (part.slice(0, eqIndex).trim() === name) {
      const value = part.slice(eqIndex + 1).trim()
      try {
        return decodeURIComponent(value)
      } catch {
        return null
      }
    }
  }
  return null
}
