import { and, asc, eq, isNull, lte, lt, or, sql, inArray } from 'drizzle-orm'
import type { Database, Executor } from '#db/client.ts'
import { outbox, rateLimits } from '#db/schema/index.ts'
import { env } from './env.server.ts'

export type MailInput = {
  to: string
  subject: string
  text: string
  html?: string
  kind: string
  /** A calendar invitation (REQUEST) or cancellation (CANCEL) attached as text/calendar. */
  ical?: { method: 'REQUEST' | 'CANCEL'; content: string }
}

/** Queues a message; pass the transaction that makes the change the message is about. */
export async function enqueueMail(tx: Executor, mail: MailInput) {
  const [row] = await tx
    .insert(outbox)
    .values({
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      icalMethod: mail.ical?.method ?? null,
      icalContent: mail.ical?.content ?? null,
      kind: mail.kind,
      messageId: `<${crypto.randomUUID()}@resursnik>`,
    })
    .returning({ id: outbox.id })
  return row!.id
}

export type MailTransport = {
  sendMail: (message: {
    from: string
    to: string
    subject: string
    text: string
    html?: string
    messageId: string
    icalEvent?: { method: string; content: string; filename?: string }
  }) => Promise<unknown>
}

export const MAX_ATTEMPTS = 12
const LEASE_MS = 2 * 60 * 1000

/** 30 s, 1 min, 2 min … capped at one hour. */
export function backoffMs(attempt: number) {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000)
}

/**
 * Sends what is due. Each message is leased (locked_until) before sending so that two app servers never
 * send the same one; a failure schedules a retry with backoff. If a process dies between sending and
 * recording, the lease runs out and the message is retried with the same Message-ID, which mail servers
 * use to drop the duplicate.
 */
export async function processOutbox(db: Database, transport: MailTransport, options: { batchSize?: number } = {}) {
  // The database's clock decides what is due, so app servers with drifting clocks agree.
  const now = sql`now()`
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'pending'),
        lte(outbox.nextAttemptAt, now),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(options.batchSize ?? 20)
    .for('update', { skipLocked: true })
  const claimed = await db
    .update(outbox)
    .set({ lockedUntil: sql`now() + ${`${LEASE_MS} milliseconds`}::interval`, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning()
  let sent = 0
  let failed = 0
  for (const message of claimed) {
    try {
      await transport.sendMail({
        from: env.MAIL_FROM,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody ?? undefined,
        messageId: message.messageId,
        icalEvent:
          message.icalContent && message.icalMethod
            ? { method: message.icalMethod, content: message.icalContent, filename: 'invite.ics' }
            : undefined,
      })
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: new Date(), lockedUntil: null, lastError: null })
        .where(eq(outbox.id, message.id))
      sent++
    } catch (error) {
      failed++
      const giveUp = message.attempts >= MAX_ATTEMPTS
      await db
        .update(outbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
          nextAttemptAt: new Date(Date.now() + backoffMs(message.attempts)),
        })
        .where(eq(outbox.id, message.id))
    }
  }
  return { claimed: claimed.length, sent, failed }
}

/** Housekeeping that rides on the worker's tick: old rate-limit windows. */
async function sweep(db: Database) {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(Date.now() - 24 * 3600 * 1000)))
}

/**
 * Background jobs of this process: the outbox every few seconds when SMTP_URL is set (otherwise mail
 * stays for the development outbox page), reminders every minute, housekeeping now and then. Every job is
 * safe to run on several app servers at once.
 */
export async function startBackgroundJobs(
  db: Database,
  jobs: { every: number; run: (db: Database) => Promise<unknown> }[] = [],
  intervalMs = 5000,
) {
  let transport: MailTransport | null = null
  if (env.SMTP_URL) {
    const nodemailer = await import('nodemailer')
    transport = nodemailer.createTransport(env.SMTP_URL)
  }
  const all = [
    ...(transport ? [{ every: 1, run: (d: Database) => processOutbox(d, transport!) }] : []),
    ...jobs,
    { every: 720, run: sweep },
  ]
  let running = false
  let tick = 0
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      for (const job of all) {
        if (tick % job.every === 0) await job.run(db)
      }
    } catch (error) {
      console.error('background jobs:', error)
    } finally {
      tick++
      running = false
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
