import { eq, inArray } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { outbox } from '#db/schema/index.ts'
import { backoffMs, enqueueMail, processOutbox, type MailTransport } from '#app/utils/mailer.server.ts'
import { testDb } from '#tests/db-utils.ts'

async function clearOutbox() {
  await testDb().delete(outbox)
}

async function row(id: string) {
  const [r] = await testDb().select().from(outbox).where(eq(outbox.id, id))
  return r!
}

describe('outbox', () => {
  test('mail written in a transaction that fails is never sent', async () => {
    await clearOutbox()
    await expect(
      testDb().transaction(async (tx) => {
        await enqueueMail(tx, { to: 'a@test.example', subject: 'S', text: 'T', kind: 'test' })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await testDb().select().from(outbox)).toHaveLength(0)
  })

  test('a failing server: the message is kept, retried later with backoff, then sent exactly once', async () => {
    await clearOutbox()
    const id = await enqueueMail(testDb(), { to: 'b@test.example', subject: 'Приглашение', text: 'Текст', kind: 'test' })
    const sent: string[] = []
    let down = true
    const transport: MailTransport = {
      sendMail: async (m) => {
        if (down) throw new Error('ECONNREFUSED')
        sent.push(m.messageId)
      },
    }
    const first = await processOutbox(testDb(), transport)
    expect(first).toMatchObject({ claimed: 1, sent: 0, failed: 1 })
    const afterFailure = await row(id)
    expect(afterFailure.status).toBe('pending')
    expect(afterFailure.attempts).toBe(1)
    expect(afterFailure.lastError).toContain('ECONNREFUSED')
    expect(afterFailure.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + backoffMs(1) - 5000)

    // Not due yet: nothing is tried.
    expect((await processOutbox(testDb(), transport)).claimed).toBe(0)

    down = false
    await testDb().update(outbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outbox.id, id))
    expect(await processOutbox(testDb(), transport)).toMatchObject({ claimed: 1, sent: 1 })
    expect((await row(id)).status).toBe('sent')
    // Sent messages are never picked up again.
    expect((await processOutbox(testDb(), transport)).claimed).toBe(0)
    expect(sent).toEqual([afterFailure.messageId])
  })

  test('a message leased by another worker is left alone until the lease runs out', async () => {
    await clearOutbox()
    const id = await enqueueMail(testDb(), { to: 'c@test.example', subject: 'S', text: 'T', kind: 'test' })
    await testDb().update(outbox).set({ lockedUntil: new Date(Date.now() + 60_000) }).where(eq(outbox.id, id))
    const transport: MailTransport = { sendMail: async () => undefined }
    expect((await processOutbox(testDb(), transport)).claimed).toBe(0)
    await testDb().update(outbox).set({ lockedUntil: new Date(Date.now() - 1) }).where(eq(outbox.id, id))
    expect((await processOutbox(testDb(), transport)).sent).toBe(1)
  })

  test('backoff doubles and is capped at an hour', () => {
    expect(backoffMs(1)).toBe(30_000)
    expect(backoffMs(2)).toBe(60_000)
    expect(backoffMs(3)).toBe(120_000)
    expect(backoffMs(20)).toBe(3_600_000)
  })
})

describe('sending through a real SMTP server', () => {
  const received: { to: string; raw: string }[] = []
  let server: SMTPServer
  let port = 0

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = ''
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.server.address() as { port: number }).port
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  test('nodemailer delivers the outbox with its Message-ID and Cyrillic intact', async () => {
    await clearOutbox()
    const ids = [
      await enqueueMail(testDb(), { to: 'd@test.example', subject: 'Приглашение в «Ресурсник»', text: 'Здравствуйте!', kind: 'test' }),
      await enqueueMail(testDb(), { to: 'e@test.example', subject: 'Второе письмо', text: 'Текст', kind: 'test' }),
    ]
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
    const result = await processOutbox(testDb(), transport)
    expect(result).toMatchObject({ claimed: 2, sent: 2, failed: 0 })
    expect(received.map((r) => r.to).sort()).toEqual(['d@test.example', 'e@test.example'])
    const first = await row(ids[0]!)
    const message = received.find((r) => r.to === 'd@test.example')!.raw
    expect(message).toContain(first.messageId)
    expect(message).toMatch(/Subject: =\?UTF-8\?/)
    const rows = await testDb().select().from(outbox).where(inArray(outbox.id, ids))
    expect(rows.every((r) => r.status === 'sent' && r.sentAt)).toBe(true)
  })

  test('a closed port counts as a failure, not a loss', async () => {
    await clearOutbox()
    const id = await enqueueMail(testDb(), { to: 'f@test.example', subject: 'S', text: 'T', kind: 'test' })
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: 1, secure: false, ignoreTLS: true, connectionTimeout: 2000 })
    const result = await processOutbox(testDb(), transport)
    expect(result.failed).toBe(1)
    expect((await row(id)).status).toBe('pending')
  })
})
