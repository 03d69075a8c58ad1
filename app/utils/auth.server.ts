import { redirect, type AppLoadContext } from '@remix-run/node'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { userTokens, users } from '#db/schema/index.ts'
import { hashToken, generateToken } from './crypto.server.ts'
import { db } from './db.server.ts'
import { invariantResponse } from './http.server.ts'
import {
  readCookie,
  SESSION_COOKIE,
  serializeSessionCookie,
  validateSessionToken,
  type CurrentUser,
  type SessionInfo,
} from './session.server.ts'
import './load-context.ts'

export type { CurrentUser } from './session.server.ts'

type Args = { request: Request; context?: AppLoadContext }
export type Auth = { user: CurrentUser; session: SessionInfo }

async function resolveAuth({ request, context }: Args): Promise<Auth | null> {
  const token = readCookie(request, SESSION_COOKIE)
  if (!token) return null
  const result = await validateSessionToken(db, token)
  if (result?.session.fresh) {
    context?.appendResponseHeader?.('Set-Cookie', serializeSessionCookie(token, result.session.expiresAt))
  }
  return result
}

/** The signed-in person and session, or null. Looked up once per request. */
export function getAuth(args: Args): Promise<Auth | null> {
  const cache = args.context?.requestCache
  if (!cache) return resolveAuth(args)
  let pending = cache.get('auth') as Promise<Auth | null> | undefined
  if (!pending) {
    pending = resolveAuth(args)
    cache.set('auth', pending)
  }
  return pending
}

export async function getUser(args: Args): Promise<CurrentUser | null> {
  return (await getAuth(args))?.user ?? null
}

function signInRedirect(request: Request) {
  const url = new URL(request.url)
  const back = url.pathname + url.search
  const params = new URLSearchParams()
  if (back !== '/' && !back.startsWith('/login')) params.set('redirectTo', back)
  const query = params.toString()
  return redirect(query ? `/login?${query}` : '/login')
}

export async function requireAuth(args: Args): Promise<Auth> {
  const auth = await getAuth(args)
  if (!auth) throw signInRedirect(args.request)
  return auth
}

export async function requireUser(args: Args): Promise<CurrentUser> {
  return (await requireAuth(args)).user
}

export async function requireAnonymous(args: Args) {
  if (await getAuth(args)) throw redirect('/dashboard')
}

export async function requireAdmin(args: Args): Promise<CurrentUser> {
  const user = await requireUser(args)
  invariantResponse(user.isAdmin, 'errors.forbidden', { status: 403 })
  return user
}

/** A safe place to go after signing in: a path on this site only. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/dashboard') {
  if (!to || typeof to !== 'string') return fallback
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}

export const TOKEN_TTL_MS = { invite: 7 * 24 * 3600 * 1000, reset: 2 * 3600 * 1000 } as const

/** Issues a one-time link secret; only its hash is stored. */
export async function createUserToken(
  tx: Executor,
  values: {
    purpose: 'invite' | 'reset'
    userId: string
    organisationId?: string | null
    role?: 'leader' | 'mentor' | 'staff' | 'volunteer' | null
    createdById?: string | null
  },
) {
  const token = generateToken()
  await tx.insert(userTokens).values({
    ...values,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + TOKEN_TTL_MS[values.purpose]),
  })
  return token
}

/** A usable (unexpired, unused) token with its user, or null. */
export async function findUsableToken(tx: Executor, token: string, purpose: 'invite' | 'reset') {
  const [row] = await tx
    .select({
      id: userTokens.id,
      userId: userTokens.userId,
      organisationId: userTokens.organisationId,
      role: userTokens.role,
      email: users.email,
      name: users.name,
      hasPassword: users.passwordHash,
    })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    )
  if (!row) return null
  const { hasPassword, ...rest } = row
  return { ...rest, hasPassword: Boolean(hasPassword) }
}
