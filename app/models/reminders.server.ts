import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import type { Database } from '#db/client.ts'
import { eventReminders, events, registrations, users } from '#db/schema/index.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { isLocale, translate, type Locale } from '#app/utils/i18n.ts'
import { enqueueMail } from '#app/utils/mailer.server.ts'
import { formatDateTime } from '#app/utils/time.ts'
import { zoneCity } from '#app/utils/zones.ts'

const HOUR = 3600 * 1000

/**
 * Which reminder is due when: the day-before one from 24 h down to 2 h ahead (someone who registers
 * three hours before still hears once, the evening mail is not sent at midnight before an 01:00 start),
 * the hour-before one within the last hour.
 */
const WINDOWS = {
  day_before: { from: 2 * HOUR, to: 24 * HOUR },
  hour_before: { from: 0, to: 1 * HOUR },
} as const

/**
 * Sends the reminders that are due. Each reminder is first claimed by inserting its row into
 * event_reminders (primary key: event, person, kind, the start it was for); only the transaction that
 * inserted it writes the e-mail, so a reminder goes out once however many processes run this, and again
 * only if the event is moved.
 */
export async function sendDueReminders(db: Database, now = new Date()) {
  let total = 0
  for (const kind of ['day_before', 'hour_before'] as const) {
    const window = WINDOWS[kind]
    total += await db.transaction(async (tx) => {
      const due = tx
        .select({
          eventId: registrations.eventId,
          userId: registrations.userId,
          kind: sql<typeof kind>`${kind}::reminder_kind`.as('kind'),
          forStartsAt: events.startsAt,
          sentAt: sql<Date>`now()`.as('sent_at'),
        })
        .from(registrations)
        .innerJoin(events, eq(events.id, registrations.eventId))
        .where(
          and(
            eq(registrations.status, 'registered'),
            eq(events.status, 'scheduled'),
            gt(events.startsAt, new Date(now.getTime() + window.from)),
            lte(events.startsAt, new Date(now.getTime() + window.to)),
          ),
        )
      const claimed = await tx
        .insert(eventReminders)
        .select(due)
        .onConflictDoNothing()
        .returning({ eventId: eventReminders.eventId, userId: eventReminders.userId })
      if (!claimed.length) return 0
      const details = await tx
        .select({
          eventId: events.id,
          title: events.title,
          startsAt: events.startsAt,
          timeZone: events.timeZone,
          address: events.address,
          onlineUrl: events.onlineUrl,
          userId: users.id,
          email: users.email,
          name: users.name,
          locale: users.locale,
          userZone: users.timeZone,
        })
        .from(registrations)
        .innerJoin(events, eq(events.id, registrations.eventId))
        .innerJoin(users, eq(users.id, registrations.userId))
        .where(
          and(
            inArray(registrations.eventId, [...new Set(claimed.map((c) => c.eventId))]),
            inArray(registrations.userId, [...new Set(claimed.map((c) => c.userId))]),
          ),
        )
      const wanted = new Set(claimed.map((c) => `${c.eventId}:${c.userId}`))
      for (const d of details) {
        if (!wanted.has(`${d.eventId}:${d.userId}`)) continue
        const locale: Locale = isLocale(d.locale) ? d.locale : 'ru'
        let when = `${formatDateTime(locale, d.startsAt, d.timeZone)} (${zoneCity(d.timeZone, locale)})`
        if (d.userZone !== d.timeZone) when += ` / ${formatDateTime(locale, d.startsAt, d.userZone)} (${zoneCity(d.userZone, locale)})`
        const params = { name: d.name, title: d.title, when, where: d.address ?? d.onlineUrl ?? '—', link: `${appUrl}/events/${d.eventId}` }
        await enqueueMail(tx, {
          to: d.email,
          kind: `reminder-${kind}`,
          subject: translate(locale, 'events.mail.reminder.subject', params),
          text: translate(locale, 'events.mail.reminder.body', params),
        })
      }
      return claimed.length
    })
  }
  return total
}
