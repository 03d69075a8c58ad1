import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './core.ts'
import { lessons } from './curricula.ts'

/**
 * An uploaded file. The bytes live under UPLOAD_DIR named by `storageKey` (a random id, never the
 * uploader's file name); the name people see is `originalName`. Shared by every place that takes
 * uploads (lessons now, toolkits later): each links to it through its own table.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    storageKey: text().notNull(),
    originalName: text().notNull(),
    /** Decided by the server from the extension and the file's first bytes, not taken from the browser. */
    contentType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    uploadedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('attachments_storage_key').on(t.storageKey),
    index('attachments_uploaded_by_idx').on(t.uploadedById),
  ],
)

/**
 * Files attached to a lesson. They belong to the lesson, not to a published version: adding or removing
 * one takes effect for learners at once and is not frozen by publishing (a version holds the text and
 * the quiz only). Each attachment belongs to one lesson.
 */
export const lessonAttachments = pgTable(
  'lesson_attachments',
  {
    attachmentId: uuid()
      .primaryKey()
      .references(() => attachments.id, { onDelete: 'cascade' }),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
  },
  (t) => [index('lesson_attachments_lesson_idx').on(t.lessonId, t.position)],
)

export type Attachment = typeof attachments.$inferSelect
export type NewAttachment = typeof attachments.$inferInsert
export type LessonAttachment = typeof lessonAttachments.$inferSelect
