import { sql } from 'drizzle-orm'
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './core.ts'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/** Development stages of a resource centre, in order (the stage model in content/ describes each). */
export const STAGES = ['initiative', 'registering', 'first-services', 'operating', 'independent', 'mentoring'] as const
export type Stage = (typeof STAGES)[number]

export const COURSE_TOPICS = [
  'organisation',
  'consulting',
  'fundraising',
  'social-services',
  'volunteering',
  'communications',
  'finance',
  'law',
] as const

export const courseStatus = pgEnum('course_status', ['draft', 'published', 'archived'])
export const completionRule = pgEnum('completion_rule', ['all_lessons', 'required_and_quizzes'])

export const courses = pgTable(
  'courses',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    /** The authoring organisation; null for the installation's own library (seed content), edited by administrators. */
    organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    title: text().notNull(),
    titleEn: text(),
    summary: text().notNull().default(''),
    summaryEn: text(),
    descriptionJson: jsonb().$type<Record<string, unknown>>(),
    descriptionHtml: text(),
    topic: text().notNull(),
    stage: text().notNull(),
    isPublic: boolean().notNull().default(false),
    completion: completionRule().notNull().default('all_lessons'),
    status: courseStatus().notNull().default('draft'),
    /** 'content' when imported from content/: re-importing updates it. */
    source: text().notNull().default('authored'),
    searchVector: tsvector(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('courses_slug_key').on(t.slug),
    index('courses_org_idx').on(t.organisationId),
    index('courses_catalogue_idx').on(t.status, t.stage, t.topic),
    index('courses_search_idx').using('gin', t.searchVector),
    index('courses_created_by_idx').on(t.createdById),
  ],
)

export const courseModules = pgTable(
  'course_modules',
  {
    id: uuid().primaryKey().defaultRandom(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    title: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [uniqueIndex('course_modules_course_key').on(t.courseId, t.key), index('course_modules_position_idx').on(t.courseId, t.position)],
)

export type QuizOption = { text: string; correct: boolean; explanation?: string }
export type QuizQuestion = { text: string; kind: 'single' | 'multiple'; options: QuizOption[] }
export type Quiz = { passMark: number; questions: QuizQuestion[] }

export const lessons = pgTable(
  'lessons',
  {
    id: uuid().primaryKey().defaultRandom(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    moduleId: uuid()
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    title: text().notNull(),
    position: integer().notNull(),
    minutes: integer(),
    required: boolean().notNull().default(true),
    /** The working copy an author edits; publishing freezes it into a new lesson version. */
    draftJson: jsonb().$type<Record<string, unknown>>(),
    draftQuiz: jsonb().$type<Quiz | null>(),
    /** The version learners see; null until first published. */
    publishedVersionId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lessons_course_slug_key').on(t.courseId, t.slug),
    index('lessons_module_position_idx').on(t.moduleId, t.position),
    index('lessons_course_position_idx').on(t.courseId, t.position),
    index('lessons_published_version_idx').on(t.publishedVersionId),
  ],
)

/** A published lesson, frozen: a learner's completion points at the version they completed. */
export const lessonVersions = pgTable(
  'lesson_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    title: text().notNull(),
    bodyJson: jsonb().$type<Record<string, unknown>>().notNull(),
    bodyHtml: text().notNull(),
    quiz: jsonb().$type<Quiz | null>(),
    changeNote: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lesson_versions_lesson_version_key').on(t.lessonId, t.version),
    index('lesson_versions_created_by_idx').on(t.createdById),
  ],
)

export const enrolmentStatus = pgEnum('enrolment_status', ['active', 'completed'])

export const enrolments = pgTable(
  'enrolments',
  {
    id: uuid().primaryKey().defaultRandom(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The centre the learner belongs to, for per-centre progress. */
    organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    enrolledById: uuid().references(() => users.id, { onDelete: 'set null' }),
    status: enrolmentStatus().notNull().default('active'),
    completedAt: timestamp({ withTimezone: true }),
    /** Public code on the certificate's verification link. */
    certificateCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * Lessons of the course this learner has completed, kept with every completion so progress reports for
     * 2,000 centres read enrolments alone instead of counting a million progress rows.
     */
    lessonsDone: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex('enrolments_course_user_key').on(t.courseId, t.userId),
    uniqueIndex('enrolments_certificate_key')
      .on(t.certificateCode)
      .where(sql`${t.certificateCode} is not null`),
    index('enrolments_user_idx').on(t.userId, t.status),
    index('enrolments_org_course_idx').on(t.organisationId, t.courseId),
    index('enrolments_enrolled_by_idx').on(t.enrolledById),
  ],
)

export const lessonProgress = pgTable(
  'lesson_progress',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    lessonVersionId: uuid()
      .notNull()
      .references(() => lessonVersions.id),
    completedAt: timestamp({ withTimezone: true }),
    quizScore: integer(),
    quizPassed: boolean(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.lessonId] }),
    index('lesson_progress_course_user_idx').on(t.courseId, t.userId),
    index('lesson_progress_lesson_idx').on(t.lessonId),
    index('lesson_progress_version_idx').on(t.lessonVersionId),
  ],
)

export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonVersionId: uuid()
      .notNull()
      .references(() => lessonVersions.id, { onDelete: 'cascade' }),
    answers: jsonb().$type<number[][]>().notNull(),
    score: integer().notNull(),
    passed: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('quiz_attempts_user_idx').on(t.userId, t.lessonVersionId), index('quiz_attempts_version_idx').on(t.lessonVersionId)],
)

export type Course = typeof courses.$inferSelect
export type Lesson = typeof lessons.$inferSelect
export type LessonVersion = typeof lessonVersions.$inferSelect
