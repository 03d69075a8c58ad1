import { and, asc, count, eq, inArray, max } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { attachments, courses, lessonAttachments, lessons } from '#db/schema/index.ts'
import type { AuthoredCourse } from '#app/models/course-authoring.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import type { CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { formatNumber, translate, type Locale } from '#app/utils/i18n.ts'
import {
  fileTypeLabel,
  maxUploadBytes,
  UPLOAD_ACCEPT,
  UPLOAD_FORMATS,
  type StoredUpload,
} from '#app/utils/uploads.server.ts'

/** Enough for handouts, templates and samples; more than this is a course of its own. */
export const MAX_LESSON_ATTACHMENTS = 30

// ---------------------------------------------------------------------------------------------
// Presentation

/** A size as people read it: «840 Б», «12 КБ», «1,2 МБ» (binary units, one decimal below 10). */
export function formatFileSize(locale: Locale, bytes: number) {
  const units = ['attachments.size.b', 'attachments.size.kb', 'attachments.size.mb', 'attachments.size.gb'] as const
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1
  const size = formatNumber(locale, value, { maximumFractionDigits: digits })
  return translate(locale, units[unit]!, { size })
}

/** What the upload form tells the author: the formats, the limit and the picker's filter. */
export function uploadRules(locale: Locale) {
  const maxBytes = maxUploadBytes()
  return { accept: UPLOAD_ACCEPT, formats: UPLOAD_FORMATS, maxBytes, maxLabel: formatFileSize(locale, maxBytes) }
}

type AttachmentRow = { id: string; originalName: string; contentType: string; size: number }

/** An attachment as a list shows it, with the size and type already in the reader's language. */
export function presentAttachment(locale: Locale, row: AttachmentRow) {
  return {
    id: row.id,
    name: row.originalName,
    type: fileTypeLabel(row.contentType) ?? translate(locale, 'attachments.type.other'),
    size: formatFileSize(locale, row.size),
    href: `/attachments/${row.id}`,
  }
}

export type PresentedAttachment = ReturnType<typeof presentAttachment>

// ---------------------------------------------------------------------------------------------
// Reading

/** A lesson's files in the order they were added. */
export async function listLessonAttachments(lessonId: string, tx: Executor = db) {
  return tx
    .select({
      id: attachments.id,
      originalName: attachments.originalName,
      contentType: attachments.contentType,
      size: attachments.size,
      createdAt: attachments.createdAt,
    })
    .from(lessonAttachments)
    .innerJoin(attachments, eq(attachments.id, lessonAttachments.attachmentId))
    .where(eq(lessonAttachments.lessonId, lessonId))
    .orderBy(asc(lessonAttachments.position), asc(attachments.createdAt))
}

/**
 * An attachment with what deciding access needs: its lesson (published or not) and the lesson's course.
 * Null when there is no such attachment or it belongs to no lesson.
 */
export async function getLessonAttachmentForDownload(attachmentId: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      storageKey: attachments.storageKey,
      originalName: attachments.originalName,
      contentType: attachments.contentType,
      lessonPublished: lessons.publishedVersionId,
      course: {
        id: courses.id,
        slug: courses.slug,
        organisationId: courses.organisationId,
        status: courses.status,
        isPublic: courses.isPublic,
      },
    })
    .from(attachments)
    .innerJoin(lessonAttachments, eq(lessonAttachments.attachmentId, attachments.id))
    .innerJoin(lessons, eq(lessons.id, lessonAttachments.lessonId))
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(eq(attachments.id, attachmentId))
  return row ?? null
}

// ---------------------------------------------------------------------------------------------
// Writing (the caller has checked requireCourseAuthor and that the lesson is the course's)

/**
 * Records a stored file as the lesson's last attachment. 'too-many' leaves the database as it was; the
 * caller then removes the stored file.
 */
export async function addLessonAttachment(
  tx: Executor,
  user: CurrentUser,
  course: AuthoredCourse,
  lesson: { id: string; title: string },
  file: StoredUpload,
) {
  // Serialises uploads to one lesson, so two at once cannot take the same position or pass the cap together.
  const [locked] = await tx
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.id, lesson.id), eq(lessons.courseId, course.id)))
    .for('update')
  if (!locked) return { kind: 'not-found' as const }
  const [stats] = await tx
    .select({ n: count(), last: max(lessonAttachments.position) })
    .from(lessonAttachments)
    .where(eq(lessonAttachments.lessonId, lesson.id))
  if ((stats?.n ?? 0) >= MAX_LESSON_ATTACHMENTS) return { kind: 'too-many' as const }
  const [row] = await tx
    .insert(attachments)
    .values({
      storageKey: file.storageKey,
      originalName: file.originalName,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploadedById: user.id,
    })
    .returning({ id: attachments.id })
  await tx
    .insert(lessonAttachments)
    .values({ attachmentId: row!.id, lessonId: lesson.id, position: (stats?.last ?? -1) + 1 })
  await audit(tx, {
    actorId: user.id,
    action: 'lesson.attachment-add',
    entityType: 'lesson',
    entityId: lesson.id,
    organisationId: course.organisationId,
    data: { course: course.title, title: lesson.title, file: file.originalName },
  })
  return { kind: 'added' as const, id: row!.id }
}

/**
 * Removes an attachment of this lesson. Returns its storage key so the caller deletes the file once the
 * transaction has committed (a rolled-back delete must not lose the bytes), or null if there is none.
 */
export async function deleteLessonAttachment(
  tx: Executor,
  user: CurrentUser,
  course: AuthoredCourse,
  lesson: { id: string; title: string },
  attachmentId: string,
) {
  const [row] = await tx
    .select({ storageKey: attachments.storageKey, originalName: attachments.originalName })
    .from(lessonAttachments)
    .innerJoin(attachments, eq(attachments.id, lessonAttachments.attachmentId))
    .innerJoin(lessons, eq(lessons.id, lessonAttachments.lessonId))
    .where(
      and(
        eq(lessonAttachments.attachmentId, attachmentId),
        eq(lessonAttachments.lessonId, lesson.id),
        eq(lessons.courseId, course.id),
      ),
    )
  if (!row) return null
  // The link goes with it (on delete cascade).
  await tx.delete(attachments).where(eq(attachments.id, attachmentId))
  await audit(tx, {
    actorId: user.id,
    action: 'lesson.attachment-delete',
    entityType: 'lesson',
    entityId: lesson.id,
    organisationId: course.organisationId,
    data: { course: course.title, title: lesson.title, file: row.originalName },
  })
  return row.storageKey
}

/**
 * Deletes the attachments of these lessons (their links go by cascade) before the lessons themselves go,
 * and returns the files' storage keys for the caller to remove once the transaction has committed.
 */
export async function deleteLessonFiles(tx: Executor, lessonIds: string[]) {
  if (!lessonIds.length) return []
  const linked = tx
    .select({ id: lessonAttachments.attachmentId })
    .from(lessonAttachments)
    .where(inArray(lessonAttachments.lessonId, lessonIds))
  const rows = await tx
    .delete(attachments)
    .where(inArray(attachments.id, linked))
    .returning({ storageKey: attachments.storageKey })
  return rows.map((r) => r.storageKey)
}
