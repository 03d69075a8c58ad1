import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from './core.ts'

export const outboxStatus = pgEnum('outbox_status', ['pending', 'sent', 'failed'])

/**
 * Mail written in the same transaction as the change that causes it, so it is never lost;
 * a background worker sends it (see app/utils/mailer.server.ts).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text(),
    /** An iCalendar invitation or cancellation sent along (text/calendar; method=REQUEST|CANCEL). */
    icalMethod: text(),
    icalContent: text(),
    /** Stable Message-ID: a retry after an unknown outcome can be de-duplicated by the receiving side. */
    messageId: text().notNull(),
    kind: text().notNull(),
    status: outboxStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_created_idx').on(t.createdAt),
  ],
)

/** Who changed what, when: organisations, memberships, programmes. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    data: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_org_idx').on(t.organisationId, t.createdAt),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_created_idx').on(t.createdAt),
    index('audit_log_action_idx').on(t.action, t.id),
  ],
)

export type OutboxMessage = typeof outbox.$inferSelect
export type AuditEntry = typeof auditLog.$inferSelect

/** Small facts about this installation (e.g. the hash of the content last imported). */
export const appState = pgTable('app_state', {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
