import { sql } from 'drizzle-orm'
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, customType } from 'drizzle-orm/pg-core'
import { attachments } from './attachments.ts'
import { organisations, users } from './core.ts'
import { courses, lessons } from './curricula.ts'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const resourceKind = pgEnum('resource_kind', ['template', 'guide', 'scenario', 'presentation', 'checklist', 'training_kit'])
export const resourceAudience = pgEnum('resource_audience', ['ngo', 'consultant', 'both'])
export const resourceStatus = pgEnum('resource_status', ['draft', 'published', 'archived'])

export const TEMPLATE_FIELD_TYPES = ['text', 'textarea', 'inn', 'ogrn', 'kpp', 'date', 'money', 'phone', 'email', 'number'] as const
export type TemplateField = {
  key: string
  label: string
  type: (typeof TEMPLATE_FIELD_TYPES)[number]
  required: boolean
  hint?: string
}

/** A toolkit resource: a document template, a guide, a scenario, a checklist… Its text lives in versions. */
export const toolkitResources = pgTable(
  'toolkit_resources',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    /** The authoring organisation; null for the installation's library (seed content). */
    organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    kind: resourceKind().notNull(),
    title: text().notNull(),
    titleEn: text(),
    summary: text().notNull().default(''),
    topic: text().notNull(),
    stage: text().notNull(),
    audience: resourceAudience().notNull().default('both'),
    tags: jsonb().$type<string[]>().notNull().default([]),
    status: resourceStatus().notNull().default('draft'),
    source: text().notNull().default('authored'),
    /** The version people see; older versions stay readable. */
    currentVersionId: uuid(),
    searchVector: tsvector(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('toolkit_resources_slug_key').on(t.slug),
    index('toolkit_resources_org_idx').on(t.organisationId),
    index('toolkit_resources_catalogue_idx').on(t.status, t.kind, t.topic, t.stage),
    /** The library page: published resources in title order, a page at a time. */
    index('toolkit_resources_title_idx').on(t.status, t.title, t.id),
    index('toolkit_resources_search_idx').using('gin', t.searchVector),
    index('toolkit_resources_created_by_idx').on(t.createdById),
    index('toolkit_resources_current_version_idx').on(t.currentVersionId),
  ],
)

export const toolkitVersions = pgTable(
  'toolkit_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    resourceId: uuid()
      .notNull()
      .references(() => toolkitResources.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    /** Tiptap JSON; in templates, text nodes carry {{key}} placeholders for the fields. */
    bodyJson: jsonb().$type<Record<string, unknown>>().notNull(),
    bodyHtml: text().notNull(),
    fields: jsonb().$type<TemplateField[]>().notNull().default([]),
    changeNote: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('toolkit_versions_resource_version_key').on(t.resourceId, t.version),
    index('toolkit_versions_created_by_idx').on(t.createdById),
  ],
)

/** Files that belong to a version of a resource (a presentation, a spreadsheet). */
export const toolkitAttachments = pgTable(
  'toolkit_attachments',
  {
    versionId: uuid()
      .notNull()
      .references(() => toolkitVersions.id, { onDelete: 'cascade' }),
    attachmentId: uuid()
      .notNull()
      .references(() => attachments.id, { onDelete: 'cascade' }),
    position: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.attachmentId] }), index('toolkit_attachments_attachment_idx').on(t.attachmentId)],
)

/** An NGO's details saved once by a centre and reused when filling templates. */
export const savedRequisites = pgTable(
  'saved_requisites',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    label: text().notNull(),
    values: jsonb().$type<Record<string, string>>().notNull(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('saved_requisites_org_idx').on(t.organisationId), index('saved_requisites_created_by_idx').on(t.createdById)],
)

export const usageKind = pgEnum('toolkit_usage_kind', ['view', 'download', 'generate_docx', 'generate_pdf'])

/** Every download and generated document, by centre, resource and version: what reports count as dissemination. */
export const toolkitUsage = pgTable(
  'toolkit_usage',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    resourceId: uuid()
      .notNull()
      .references(() => toolkitResources.id, { onDelete: 'cascade' }),
    versionId: uuid().references(() => toolkitVersions.id, { onDelete: 'set null' }),
    organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    kind: usageKind().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('toolkit_usage_resource_idx').on(t.resourceId, t.createdAt),
    index('toolkit_usage_org_idx').on(t.organisationId, t.createdAt),
    index('toolkit_usage_version_idx').on(t.versionId),
    index('toolkit_usage_user_idx').on(t.userId),
  ],
)

/**
 * "See also" from a resource: another resource (a guide pointing at the templates it explains) or a course
 * or one of its lessons. Exactly one target per row.
 */
export const toolkitRelated = pgTable(
  'toolkit_related',
  {
    id: uuid().primaryKey().defaultRandom(),
    resourceId: uuid()
      .notNull()
      .references(() => toolkitResources.id, { onDelete: 'cascade' }),
    relatedResourceId: uuid().references(() => toolkitResources.id, { onDelete: 'cascade' }),
    courseId: uuid().references(() => courses.id, { onDelete: 'cascade' }),
    lessonId: uuid().references(() => lessons.id, { onDelete: 'cascade' }),
    position: integer().notNull().default(0),
  },
  (t) => [
    index('toolkit_related_resource_idx').on(t.resourceId, t.position),
    index('toolkit_related_related_idx').on(t.relatedResourceId),
    index('toolkit_related_course_idx').on(t.courseId),
    index('toolkit_related_lesson_idx').on(t.lessonId),
    check(
      'toolkit_related_one_target',
      sql`num_nonnulls(${t.relatedResourceId}, ${t.courseId}, ${t.lessonId}) = 1`,
    ),
  ],
)

export type ToolkitResource = typeof toolkitResources.$inferSelect
export type ToolkitVersion = typeof toolkitVersions.$inferSelect
