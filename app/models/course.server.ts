import crypto from 'node:crypto'
import { and, asc, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  COURSE_TOPICS,
  STAGES,
  courseModules,
  courses,
  enrolments,
  lessonProgress,
  lessonVersions,
  lessons,
  organisations,
  quizAttempts,
  users,
  type Course,
  type Quiz,
} from '#db/schema/index.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { courseSearchQuery } from './course-search.server.ts'

export const CATALOGUE_PAGE_SIZE = 24

type CourseStatus = Course['status']
type Subject = CurrentUser | null | undefined

// ---------------------------------------------------------------------------------------------
// Permissions

/**
 * Who may edit a course: administrators, and mentors or leaders of the mentor organisation that owns it.
 * The installation's own library (organisationId null, the seed courses) is edited by administrators only.
 */
export function canAuthorCourse(user: Subject, course: { organisationId: string | null }): boolean {
  if (!user) return false
  if (user.isAdmin) return true
  if (!course.organisationId) return false
  return mentorOrganisationIds(user).includes(course.organisationId)
}

/**
 * How a person stands towards reading a course: 'ok'; 'sign-in' for a published course that is not public
 * and a visitor who is not signed in; 'not-found' for drafts and archived courses of someone else — they
 * are not acknowledged at all.
 */
export function courseAccess(
  user: Subject,
  course: { organisationId: string | null; status: CourseStatus; isPublic: boolean },
): 'ok' | 'sign-in' | 'not-found' {
  if (course.status !== 'published') return canAuthorCourse(user, course) ? 'ok' : 'not-found'
  if (course.isPublic || user) return 'ok'
  return 'sign-in'
}

export function canViewCourse(
  user: Subject,
  course: { organisationId: string | null; status: CourseStatus; isPublic: boolean },
) {
  return courseAccess(user, course) === 'ok'
}

/**
 * A course's title and summary in the reader's language: the English ones when reading in English and the
 * author gave them, else the Russian. Picked on the server so only one language travels to the phone.
 */
export function localisedCourse<
  T extends { title: string; titleEn: string | null; summary?: string; summaryEn?: string | null },
>(course: T, locale: string) {
  const { titleEn, summaryEn, ...rest } = course
  const en = locale === 'en'
  return {
    ...rest,
    title: en && titleEn ? titleEn : course.title,
    ...(course.summary !== undefined ? { summary: en && summaryEn ? summaryEn : course.summary } : {}),
  } as Omit<T, 'titleEn' | 'summaryEn'>
}

// ---------------------------------------------------------------------------------------------
// URL parameters

const SlugSchema = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)

/** A course or lesson slug from the URL; anything malformed is a 404 like a missing record. */
export function slugFrom(value: string | undefined): string {
  const parsed = SlugSchema.safeParse(value)
  if (!parsed.success) notFound()
  return parsed.data
}

const CertificateCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{12,64}$/)

export function newCertificateCode() {
  // 96 random bits, 16 URL-safe characters: unguessable, short enough to read out over the phone.
  return crypto.randomBytes(12).toString('base64url')
}

// ---------------------------------------------------------------------------------------------
// The person's centre

/** The resource centre a learner belongs to (their first centre membership), with its development stage. */
export async function getLearnerCentre(user: Subject, tx: Executor = db) {
  const membership = user?.memberships.find((m) => m.kind === 'centre')
  if (!membership) return null
  const [row] = await tx
    .select({
      id: organisations.id,
      name: organisations.name,
      shortName: organisations.shortName,
      stage: organisations.stage,
    })
    .from(organisations)
    .where(eq(organisations.id, membership.organisationId))
  return row ?? null
}

// ---------------------------------------------------------------------------------------------
// Catalogue

/** The catalogue's query string; anything malformed falls back to "no filter" rather than an error page. */
export const CatalogueQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  topic: z.enum(COURSE_TOPICS).optional().catch(undefined),
  stage: z.enum(STAGES).optional().catch(undefined),
  mine: z
    .literal('1')
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type CatalogueQuery = z.output<typeof CatalogueQuerySchema>

export function parseCatalogueQuery(url: URL): CatalogueQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['q', 'topic', 'stage', 'mine', 'page']) {
    const value = url.searchParams.get(key)?.trim()
    raw[key] = value ? value : undefined
  }
  return CatalogueQuerySchema.parse(raw)
}

/** Lessons a learner sees: those with a published version. */
const publishedLesson = isNotNull(lessons.publishedVersionId)

/**
 * One page of the catalogue with its total, in one statement: published courses the person may see,
 * filtered, ranked by full-text relevance when searching. Only the page's rows get their lessons counted
 * and the person's progress looked up.
 */
export async function listCatalogue(user: Subject, query: CatalogueQuery, centre: { stage: string } | null) {
  const conditions: (SQL | undefined)[] = [eq(courses.status, 'published')]
  if (!user) conditions.push(eq(courses.isPublic, true))
  if (query.topic) conditions.push(eq(courses.topic, query.topic))
  const stage = query.mine && centre ? centre.stage : query.stage
  if (stage) conditions.push(eq(courses.stage, stage))
  const tsQuery = query.q ? courseSearchQuery(query.q) : null
  if (tsQuery) conditions.push(sql`${courses.searchVector} @@ (${tsQuery})`)
  const where = and(...conditions)
  const offset = (query.page - 1) * CATALOGUE_PAGE_SIZE
  const rank = tsQuery ? sql<number>`ts_rank(${courses.searchVector}, (${tsQuery}))` : sql<number>`0::real`

  const page = db
    .select({
      id: courses.id,
      slug: courses.slug,
      title: courses.title,
      titleEn: courses.titleEn,
      summary: courses.summary,
      summaryEn: courses.summaryEn,
      topic: courses.topic,
      stage: courses.stage,
      isPublic: courses.isPublic,
      rank: rank.as('rank'),
      total: sql<number>`(count(*) over ())::int`.as('total'),
    })
    .from(courses)
    .where(where)
    .orderBy(desc(rank), asc(courses.title), asc(courses.id))
    .limit(CATALOGUE_PAGE_SIZE)
    .offset(offset)
    .as('page')

  const userId = user?.id ?? null
  // Qualified by hand: inside a correlated subquery drizzle would print a bare "id", which binds to the inner table.
  const pageId = sql`"page"."id"`
  const rows = await db
    .select({
      id: page.id,
      slug: page.slug,
      title: page.title,
      titleEn: page.titleEn,
      summary: page.summary,
      summaryEn: page.summaryEn,
      topic: page.topic,
      stage: page.stage,
      isPublic: page.isPublic,
      lessons: sql<number>`(select count(*)::int from ${lessons} l where l.course_id = ${pageId} and l.published_version_id is not null)`,
      minutes: sql<number>`(select coalesce(sum(l.minutes), 0)::int from ${lessons} l where l.course_id = ${pageId} and l.published_version_id is not null)`,
      enrolment: userId
        ? sql<
            'active' | 'completed' | null
          >`(select e.status from ${enrolments} e where e.course_id = ${pageId} and e.user_id = ${userId})`
        : sql<null>`null`,
      done: userId
        ? sql<number>`(select count(*)::int from ${lessonProgress} lp join ${lessons} l on l.id = lp.lesson_id
            where lp.user_id = ${userId} and lp.course_id = ${pageId} and lp.completed_at is not null
            and l.published_version_id is not null)`
        : sql<number>`0`,
      total: page.total,
    })
    .from(page)
    .orderBy(desc(page.rank), asc(page.title), asc(page.id))

  let total = rows[0]?.total ?? 0
  if (!rows.length && query.page > 1) {
    // Past the last page (an old link): the window count has no row to ride on.
    const [row] = await db
      .select({ total: sql<number>`count(*)::int` })
      .from(courses)
      .where(where)
    total = row?.total ?? 0
  }
  return {
    courses: rows.map(({ total: _total, ...row }) => row),
    total,
    pages: Math.max(1, Math.ceil(total / CATALOGUE_PAGE_SIZE)),
  }
}

// ---------------------------------------------------------------------------------------------
// One course

export async function getCourseBySlug(slug: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      id: courses.id,
      slug: courses.slug,
      organisationId: courses.organisationId,
      organisationName: organisations.name,
      title: courses.title,
      titleEn: courses.titleEn,
      summary: courses.summary,
      summaryEn: courses.summaryEn,
      descriptionHtml: courses.descriptionHtml,
      topic: courses.topic,
      stage: courses.stage,
      isPublic: courses.isPublic,
      completion: courses.completion,
      status: courses.status,
    })
    .from(courses)
    .leftJoin(organisations, eq(organisations.id, courses.organisationId))
    .where(eq(courses.slug, slug))
  return row ?? null
}
export type CourseRecord = NonNullable<Awaited<ReturnType<typeof getCourseBySlug>>>

type Args = Parameters<typeof requireUser>[0]

/**
 * The course named in the URL, if this person may read it: 404 for a malformed or unknown slug and for
 * someone else's draft; a sign-in redirect for a members-only course and a visitor.
 */
export async function requireReadableCourse(args: Args, user: Subject, slugParam: string | undefined) {
  const course = await getCourseBySlug(slugFrom(slugParam))
  if (!course) notFound()
  const access = courseAccess(user, course)
  if (access === 'not-found') notFound()
  if (access === 'sign-in') await requireUser(args) // throws the redirect to /login?redirectTo=…
  return course
}

/** Modules and published lessons of a course in order, with the person's progress on each, in one query. */
export async function getCourseOutline(courseId: string, userId: string | null) {
  const rows = await db
    .select({
      moduleId: courseModules.id,
      moduleTitle: courseModules.title,
      lessonId: lessons.id,
      slug: lessons.slug,
      title: lessonVersions.title,
      minutes: lessons.minutes,
      required: lessons.required,
      hasQuiz: sql<boolean>`coalesce(jsonb_typeof(${lessonVersions.quiz}) = 'object', false)`,
      completedAt: lessonProgress.completedAt,
      quizScore: lessonProgress.quizScore,
      quizPassed: lessonProgress.quizPassed,
    })
    .from(courseModules)
    .innerJoin(lessons, and(eq(lessons.moduleId, courseModules.id), publishedLesson))
    .innerJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
    .leftJoin(
      lessonProgress,
      and(eq(lessonProgress.lessonId, lessons.id), userId ? eq(lessonProgress.userId, userId) : sql`false`),
    )
    .where(eq(courseModules.courseId, courseId))
    .orderBy(asc(courseModules.position), asc(lessons.position), asc(lessons.id))

  type Row = (typeof rows)[number]
  const modules: {
    id: string
    title: string
    lessons: (Omit<Row, 'moduleId' | 'moduleTitle' | 'lessonId'> & { id: string; done: boolean })[]
  }[] = []
  for (const { moduleId, moduleTitle, lessonId, ...lesson } of rows) {
    let current = modules.at(-1)
    if (current?.id !== moduleId) {
      current = { id: moduleId, title: moduleTitle, lessons: [] }
      modules.push(current)
    }
    current.lessons.push({ ...lesson, id: lessonId, done: lesson.completedAt !== null })
  }
  return modules
}

export async function getEnrolment(courseId: string, userId: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      id: enrolments.id,
      status: enrolments.status,
      completedAt: enrolments.completedAt,
      certificateCode: enrolments.certificateCode,
      createdAt: enrolments.createdAt,
    })
    .from(enrolments)
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)))
  return row ?? null
}

/** Enrols a person (idempotent: a second call changes nothing). Returns whether a new enrolment was made. */
export async function enrol(
  tx: Executor,
  user: CurrentUser,
  courseId: string,
  options: { enrolledById?: string; organisationId?: string | null } = {},
) {
  const organisationId =
    options.organisationId !== undefined
      ? options.organisationId
      : (user.memberships.find((m) => m.kind === 'centre')?.organisationId ?? null)
  const inserted = await tx
    .insert(enrolments)
    .values({ courseId, userId: user.id, organisationId, enrolledById: options.enrolledById ?? user.id })
    .onConflictDoNothing({ target: [enrolments.courseId, enrolments.userId] })
    .returning({ id: enrolments.id })
  return inserted.length > 0
}

// ---------------------------------------------------------------------------------------------
// A lesson

/** A lesson's published version with the person's progress and enrolment, in one query. */
export async function getPublishedLesson(
  courseId: string,
  lessonSlug: string,
  userId: string | null,
  tx: Executor = db,
) {
  const [row] = await tx
    .select({
      id: lessons.id,
      slug: lessons.slug,
      minutes: lessons.minutes,
      required: lessons.required,
      versionId: lessonVersions.id,
      title: lessonVersions.title,
      bodyHtml: lessonVersions.bodyHtml,
      quiz: lessonVersions.quiz,
      completedAt: lessonProgress.completedAt,
      completedVersionId: lessonProgress.lessonVersionId,
      quizScore: lessonProgress.quizScore,
      quizPassed: lessonProgress.quizPassed,
      enrolment: enrolments.status,
    })
    .from(lessons)
    .innerJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
    .leftJoin(
      lessonProgress,
      and(eq(lessonProgress.lessonId, lessons.id), userId ? eq(lessonProgress.userId, userId) : sql`false`),
    )
    .leftJoin(
      enrolments,
      and(eq(enrolments.courseId, lessons.courseId), userId ? eq(enrolments.userId, userId) : sql`false`),
    )
    .where(and(eq(lessons.courseId, courseId), eq(lessons.slug, lessonSlug)))
  if (!row) return null
  return { ...row, quiz: isQuiz(row.quiz) ? row.quiz : null }
}

function isQuiz(value: unknown): value is Quiz {
  return Boolean(
    value && typeof value === 'object' && Array.isArray((value as Quiz).questions) && (value as Quiz).questions.length,
  )
}

/** The course's published lessons in reading order (for previous/next and "lesson n of m"). */
export function getLessonSequence(courseId: string) {
  return db
    .select({ slug: lessons.slug, title: lessonVersions.title })
    .from(lessons)
    .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
    .innerJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
    .where(eq(lessons.courseId, courseId))
    .orderBy(asc(courseModules.position), asc(lessons.position), asc(lessons.id))
}

/** What a learner sees of a quiz before answering: no right answers, no explanations. */
export function publicQuiz(quiz: Quiz) {
  return {
    passMark: quiz.passMark,
    questions: quiz.questions.map((q) => ({ text: q.text, kind: q.kind, options: q.options.map((o) => o.text) })),
  }
}

// ---------------------------------------------------------------------------------------------
// Quiz answers and grading

export type QuizAnswersResult = { ok: true; answers: number[][] } | { ok: false; errors: Record<string, string[]> }

/** Reads answers posted as q0, q1, … (option indexes; repeated for checkboxes) and checks them against the quiz. */
export function parseQuizAnswers(formData: FormData, quiz: Quiz): QuizAnswersResult {
  const errors: Record<string, string[]> = {}
  const answers = quiz.questions.map((question, i) => {
    const name = `q${i}`
    const raw = formData.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '')
    if (raw.length === 0) {
      errors[name] = ['courses.quiz.answerRequired']
      return []
    }
    const picked = new Set<number>()
    for (const value of raw) {
      const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN
      if (!Number.isInteger(n) || n < 0 || n >= question.options.length) {
        errors[name] = ['courses.quiz.invalidOption']
        return []
      }
      picked.add(n)
    }
    if (question.kind === 'single' && picked.size !== 1) {
      errors[name] = ['courses.quiz.oneAnswer']
      return []
    }
    return [...picked].sort((a, b) => a - b)
  })
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers }
}

/**
 * Grades answers: a question is right when exactly its correct options were chosen; the score is the
 * share of right questions, rounded down, and the pass is judged on the exact share.
 */
export function gradeQuiz(quiz: Quiz, answers: number[][]) {
  const questions = quiz.questions.map((q, i) => {
    const chosen = new Set(answers[i] ?? [])
    const right = q.options.every((o, j) => o.correct === chosen.has(j))
    return { right, chosen, question: q }
  })
  const rightCount = questions.filter((q) => q.right).length
  const total = quiz.questions.length
  const score = Math.floor((100 * rightCount) / total)
  const passed = rightCount * 100 >= quiz.passMark * total
  return {
    score,
    passed,
    passMark: quiz.passMark,
    rightCount,
    total,
    /**
     * What the learner is shown: the explanation of every option they chose. The right options of a
     * question they got wrong stay hidden until they pass, so a retry means re-reading, not guessing.
     */
    questions: questions.map(({ right, chosen, question }) => ({
      right,
      options: question.options.map((o, j) => {
        const reveal = passed || right || chosen.has(j)
        return {
          chosen: chosen.has(j),
          correct: reveal ? o.correct : null,
          explanation: reveal ? (o.explanation ?? null) : null,
        }
      }),
    })),
  }
}
export type QuizResult = ReturnType<typeof gradeQuiz>

// ---------------------------------------------------------------------------------------------
// Completion

/**
 * Whether the course's completion rule holds for a learner:
 * 'all_lessons' — every published lesson completed;
 * 'required_and_quizzes' — every required lesson completed and every lesson with a quiz passed.
 * A course with no published lessons is never complete.
 */
export async function completionRuleHolds(
  tx: Executor,
  course: { id: string; completion: Course['completion'] },
  userId: string,
) {
  const hasQuiz = sql`coalesce(jsonb_typeof(${lessonVersions.quiz}) = 'object', false)`
  const missing =
    course.completion === 'all_lessons'
      ? sql`${lessonProgress.completedAt} is null`
      : sql`(${lessons.required} and ${lessonProgress.completedAt} is null) or (${hasQuiz} and coalesce(${lessonProgress.quizPassed}, false) = false)`
  const [row] = await tx
    .select({
      lessons: sql<number>`count(*)::int`,
      missing: sql<number>`(count(*) filter (where ${missing}))::int`,
    })
    .from(lessons)
    .innerJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
    .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.userId, userId)))
    .where(eq(lessons.courseId, course.id))
  return Boolean(row && row.lessons > 0 && row.missing === 0)
}

/**
 * Marks the enrolment completed and issues the certificate when the rule holds. Call inside the
 * transaction that recorded the progress. Returns the certificate code when the course was completed now.
 */
async function completeCourseIfDone(
  tx: Executor,
  course: { id: string; completion: Course['completion'] },
  userId: string,
) {
  if (!(await completionRuleHolds(tx, course, userId))) return null
  const code = newCertificateCode()
  const updated = await tx
    .update(enrolments)
    .set({ status: 'completed', completedAt: new Date(), certificateCode: code })
    .where(and(eq(enrolments.courseId, course.id), eq(enrolments.userId, userId), eq(enrolments.status, 'active')))
    .returning({ id: enrolments.id })
  return updated.length ? code : null
}

type LearnerCourse = { id: string; completion: Course['completion'] }
type LearnerLesson = { id: string; versionId: string }

/** Records a lesson (without a quiz) as done, enrolling the learner on first completion; evaluates the course. */
export async function completeLesson(user: CurrentUser, course: LearnerCourse, lesson: LearnerLesson) {
  return db.transaction(async (tx) => {
    await enrol(tx, user, course.id)
    const now = new Date()
    await tx
      .insert(lessonProgress)
      .values({
        userId: user.id,
        lessonId: lesson.id,
        courseId: course.id,
        lessonVersionId: lesson.versionId,
        completedAt: now,
      })
      .onConflictDoUpdate({
        target: [lessonProgress.userId, lessonProgress.lessonId],
        // The completion points at the version the learner completed; doing it again on a newer version moves it.
        set: { lessonVersionId: lesson.versionId, completedAt: now, updatedAt: now },
      })
    await touchEnrolment(tx, course.id, user.id, now)
    const certificateCode = await completeCourseIfDone(tx, course, user.id)
    return { certificateCode }
  })
}

/**
 * Stores a quiz attempt and the lesson's progress: passing completes the lesson. A failed retry never
 * takes back an earlier pass.
 */
export async function submitQuiz(
  user: CurrentUser,
  course: LearnerCourse,
  lesson: LearnerLesson,
  quiz: Quiz,
  answers: number[][],
) {
  const result = gradeQuiz(quiz, answers)
  const outcome = await db.transaction(async (tx) => {
    await enrol(tx, user, course.id)
    const now = new Date()
    await tx.insert(quizAttempts).values({
      userId: user.id,
      lessonVersionId: lesson.versionId,
      answers,
      score: result.score,
      passed: result.passed,
    })
    const [existing] = await tx
      .select({ quizPassed: lessonProgress.quizPassed })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, user.id), eq(lessonProgress.lessonId, lesson.id)))
      .for('update')
    if (!(existing?.quizPassed && !result.passed)) {
      const values = {
        lessonVersionId: lesson.versionId,
        quizScore: result.score,
        quizPassed: result.passed,
        completedAt: result.passed ? now : null,
        updatedAt: now,
      }
      await tx
        .insert(lessonProgress)
        .values({ userId: user.id, lessonId: lesson.id, courseId: course.id, ...values })
        .onConflictDoUpdate({ target: [lessonProgress.userId, lessonProgress.lessonId], set: values })
    }
    await touchEnrolment(tx, course.id, user.id, now)
    const certificateCode = result.passed ? await completeCourseIfDone(tx, course, user.id) : null
    return { certificateCode }
  })
  return { result, ...outcome }
}

function touchEnrolment(tx: Executor, courseId: string, userId: string, at: Date) {
  return tx
    .update(enrolments)
    .set({
      lastActivityAt: at,
      lessonsDone: sql`(select count(*)::int from ${lessonProgress} lp where lp.course_id = ${courseId} and lp.user_id = ${userId} and lp.completed_at is not null)`,
    })
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)))
}

// ---------------------------------------------------------------------------------------------
// My learning

/** Every course the person is enrolled in, with lessons done and the next lesson to open, in one query. */
export async function getMyEnrolments(userId: string) {
  return db
    .select({
      slug: courses.slug,
      title: courses.title,
      titleEn: courses.titleEn,
      courseStatus: courses.status,
      status: enrolments.status,
      completedAt: enrolments.completedAt,
      certificateCode: enrolments.certificateCode,
      lastActivityAt: enrolments.lastActivityAt,
      lessons: sql<number>`count(${lessons.id})::int`,
      done: sql<number>`count(${lessonProgress.lessonId})::int`,
      nextLesson: sql<string | null>`(
        select l2.slug from ${lessons} l2 join ${courseModules} m2 on m2.id = l2.module_id
        where l2.course_id = ${courses.id} and l2.published_version_id is not null
          and not exists (select 1 from ${lessonProgress} p2
            where p2.user_id = ${enrolments.userId} and p2.lesson_id = l2.id and p2.completed_at is not null)
        order by m2.position, l2.position, l2.id limit 1)`,
    })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .leftJoin(lessons, and(eq(lessons.courseId, courses.id), publishedLesson))
    .leftJoin(
      lessonProgress,
      and(
        eq(lessonProgress.lessonId, lessons.id),
        eq(lessonProgress.userId, enrolments.userId),
        isNotNull(lessonProgress.completedAt),
      ),
    )
    .where(eq(enrolments.userId, userId))
    .groupBy(enrolments.id, courses.id)
    .orderBy(desc(enrolments.lastActivityAt), asc(courses.title))
}

/** Published courses for a development stage that the person has not enrolled in. */
export function getRecommendedCourses(userId: string, stage: string, limit = 6) {
  // Spelled out: in a select list without joins drizzle prints a bare "id", which the subquery would bind to its own table.
  const courseId = sql`"courses"."id"`
  return db
    .select({
      slug: courses.slug,
      title: courses.title,
      titleEn: courses.titleEn,
      summary: courses.summary,
      summaryEn: courses.summaryEn,
      topic: courses.topic,
      stage: courses.stage,
      lessons: sql<number>`(select count(*)::int from ${lessons} l where l.course_id = ${courseId} and l.published_version_id is not null)`,
      minutes: sql<number>`(select coalesce(sum(l.minutes), 0)::int from ${lessons} l where l.course_id = ${courseId} and l.published_version_id is not null)`,
    })
    .from(courses)
    .where(
      and(
        eq(courses.status, 'published'),
        eq(courses.stage, stage),
        sql`not exists (select 1 from ${enrolments} e where e.course_id = ${courses.id} and e.user_id = ${userId})`,
      ),
    )
    .orderBy(asc(courses.title))
    .limit(limit)
}

// ---------------------------------------------------------------------------------------------
// Certificates

/** A certificate by its public code: only the name, the course, the date and the issuer. */
export async function getCertificate(codeParam: string | undefined) {
  const parsed = CertificateCodeSchema.safeParse(codeParam)
  if (!parsed.success) return null
  const [row] = await db
    .select({
      code: enrolments.certificateCode,
      name: users.name,
      courseTitle: courses.title,
      courseTitleEn: courses.titleEn,
      courseSlug: courses.slug,
      completedAt: enrolments.completedAt,
      issuer: organisations.name,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .leftJoin(organisations, eq(organisations.id, courses.organisationId))
    .where(and(eq(enrolments.certificateCode, parsed.data), eq(enrolments.status, 'completed')))
  if (!row?.code || !row.completedAt) return null
  return { ...row, code: row.code, completedAt: row.completedAt }
}
