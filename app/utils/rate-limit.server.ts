import { sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { rateLimits } from '#db/schema/index.ts'

/**
 * Counts a hit against a fixed window and says whether it is still within the limit.
 * Counters live in PostgreSQL, so every app server behind a load balancer shares them.
 */
export async function hitRateLimit(db: Executor, key: string, limit: number, windowMs: number) {
  const now = Date.now()
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs)
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { hits: sql`${rateLimits.hits} + 1` },
    })
    .returning({ hits: rateLimits.hits })
  const hits = row?.hits ?? 1
  return {
    allowed: hits <= limit,
    retryAfterSeconds: Math.ceil((windowStart.getTime() + windowMs - now) / 1000),
  }
}

// 10 a minute per account and per address; the end-to-end suite, which signs in many times from one
// address, raises it through SIGN_IN_LIMIT_PER_MINUTE.
export const SIGN_IN_LIMIT = {
  perMinute: Number(process.env.SIGN_IN_LIMIT_PER_MINUTE) || 10,
  windowMs: 60_000,
}
