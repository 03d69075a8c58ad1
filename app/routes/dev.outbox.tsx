import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { desc } from 'drizzle-orm'
import { outbox } from '#db/schema/index.ts'
import { requireAdmin } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { devOutboxEnabled } from '#app/utils/env.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

/**
 * Development and demo only: the mail the app has written, so invitation and reset links can be followed
 * without a mail server. In production it does not exist (404), whoever asks; elsewhere only administrators see it.
 */
export async function loader(args: LoaderFunctionArgs) {
  if (!devOutboxEnabled) notFound()
  // Reset and invitation links are as good as passwords: only administrators read them, even in a demo.
  await requireAdmin(args)
  const messages = await db
    .select({
      id: outbox.id,
      to: outbox.toAddress,
      subject: outbox.subject,
      text: outbox.textBody,
      status: outbox.status,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .orderBy(desc(outbox.createdAt))
    .limit(50)
  return { messages }
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  )
}

export default function DevOutbox() {
  const { messages } = useLoaderData<typeof loader>()
  const { t, dateTime } = useI18n()
  return (
    <div className="stack">
      <h1>{t('nav.outbox')}</h1>
      <p className="muted">{t('outbox.intro')}</p>
      {messages.length === 0 ? <p>{t('common.empty')}</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="card" aria-label={m.subject}>
          <h2>{m.subject}</h2>
          <p className="muted">
            {t('outbox.to')}: <span data-testid="mail-to">{m.to}</span> · {dateTime(m.createdAt)} · {m.status}
          </p>
          <pre className="mail">{linkify(m.text)}</pre>
        </article>
      ))}
    </div>
  )
}

export const meta = titleMeta('nav.outbox')
