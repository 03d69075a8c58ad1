import type { LoaderFunctionArgs } from '@remix-run/node'
import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import {
  courseModules,
  courses,
  enrolments,
  lessonProgress,
  lessons,
  memberships,
  organisations,
  programmeCentres,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import {
  requireOrganisationAccess,
  requireProgrammeAccess,
  type OrganisationRelation,
} from '#app/utils/permissions.server.ts'

/**
 * A centre's learning progress is for its leader, its mentors, its programme managers and administrators:
 * not for its other staff, and never for another centre.
 */
export function canSeeCentreProgress(relation: OrganisationRelation | null) {
  return relation === 'admin' || relation === 'leader' || relation === 'mentor' || relation === 'manager'
}

const lessonsInCourse = sql<number>`(select count(*)::int from ${lessons} l where l.course_id = ${enrolments.courseId} and l.published_version_id is not null)`

/** Per centre of a programme: enrolled, started, completed and average share of lessons done. */
export async function programmeProgressByCentre(db: Executor, programmeId: string, courseId: string | null) {
  const done = sql<number>`count(${lessonProgress.lessonId})`
  const perEnrolment = db
    .select({
      organisationId: enrolments.organisationId,
      enrolmentId: enrolments.id,
      status: enrolments.status,
      done: done.as('done'),
      total: lessonsInCourse.as('total'),
    })
    .from(enrolments)
    .leftJoin(
      lessonProgress,
      and(
        eq(lessonProgress.courseId, enrolments.courseId),
        eq(lessonProgress.userId, enrolments.userId),
        isNotNull(lessonProgress.completedAt),
      ),
    )
    .where(
      and(
        inArray(
          enrolments.organisationId,
          db
            .select({ id: programmeCentres.organisationId })
            .from(programmeCentres)
            .where(eq(programmeCentres.programmeId, programmeId)),
        ),
        courseId ? eq(enrolments.courseId, courseId) : undefined,
      ),
    )
    .groupBy(enrolments.id)
    .as('per_enrolment')
  const rows = await db
    .select({
      organisationId: organisations.id,
      name: organisations.name,
      shortName: organisations.shortName,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      enrolled: sql<number>`count(${perEnrolment.enrolmentId})::int`,
      started: sql<number>`count(${perEnrolment.enrolmentId}) filter (where ${perEnrolment.done} > 0)::int`,
      completed: sql<number>`count(${perEnrolment.enrolmentId}) filter (where ${perEnrolment.status} = 'completed')::int`,
      averagePercent: sql<number>`coalesce(round(avg(case when ${perEnrolment.total} > 0 then 100.0 * ${perEnrolment.done} / ${perEnrolment.total} end)), 0)::int`,
    })
    .from(programmeCentres)
    .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .leftJoin(perEnrolment, eq(perEnrolment.organisationId, organisations.id))
    .where(eq(programmeCentres.programmeId, programmeId))
    .groupBy(organisations.id, regions.code)
    .orderBy(asc(organisations.name))
  return rows
}

/** Where people stop: for each lesson of a course, how many of the programme's learners completed it. */
export async function courseDropOff(db: Executor, courseId: string, programmeId: string) {
  const learners = db
    .select({ userId: enrolments.userId })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.courseId, courseId),
        inArray(
          enrolments.organisationId,
          db
            .select({ id: programmeCentres.organisationId })
            .from(programmeCentres)
            .where(eq(programmeCentres.programmeId, programmeId)),
        ),
      ),
    )
  const [enrolled] = await db
    .select({ n: count() })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.courseId, courseId),
        inArray(
          enrolments.organisationId,
          db
            .select({ id: programmeCentres.organisationId })
            .from(programmeCentres)
            .where(eq(programmeCentres.programmeId, programmeId)),
        ),
      ),
    )
  const rows = await db
    .select({
      lessonId: lessons.id,
      title: lessons.title,
      module: courseModules.title,
      completed: sql<number>`count(${lessonProgress.userId})::int`,
    })
    .from(lessons)
    .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
    .leftJoin(
      lessonProgress,
      and(
        eq(lessonProgress.lessonId, lessons.id),
        isNotNull(lessonProgress.completedAt),
        inArray(lessonProgress.userId, learners),
      ),
    )
    .where(and(eq(lessons.courseId, courseId), isNotNull(lessons.publishedVersionId)))
    .groupBy(lessons.id, courseModules.id)
    .orderBy(asc(courseModules.position), asc(lessons.position))
  return { enrolled: enrolled?.n ?? 0, lessons: rows }
}

/** Per person of a centre: each enrolment with lessons done, status and last activity. */
export async function centreProgressByPerson(db: Executor, organisationId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      courseId: courses.id,
      courseSlug: courses.slug,
      courseTitle: courses.title,
      status: enrolments.status,
      enrolledAt: enrolments.createdAt,
      completedAt: enrolments.completedAt,
      lastActivityAt: enrolments.lastActivityAt,
      done: sql<number>`count(${lessonProgress.lessonId})::int`,
      total: lessonsInCourse,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .leftJoin(
      lessonProgress,
      and(
        eq(lessonProgress.courseId, enrolments.courseId),
        eq(lessonProgress.userId, enrolments.userId),
        isNotNull(lessonProgress.completedAt),
      ),
    )
    .where(eq(enrolments.organisationId, organisationId))
    .groupBy(enrolments.id, users.id, courses.id)
    .orderBy(asc(users.name), asc(courses.title))
    .limit(5000)
}

/** People of a centre who may be enrolled by its leader or mentor. */
export async function centrePeople(db: Executor, organisationId: string) {
  return db
    .select({ id: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(users.name))
}

export function percent(done: number, total: number) {
  return total > 0 ? Math.round((100 * done) / total) : 0
}

/** The centre's people and courses, for those allowed to see a centre's progress. */
export async function loadCentreLearning(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = args.params.id ?? ''
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound()
  const { organisation, relation } = await requireOrganisationAccess(user, id, 'view')
  if (!canSeeCentreProgress(relation)) forbidden()
  const rows = await centreProgressByPerson(db, id)
  return { user, organisation, rows }
}

/** Learning progress of a programme's centres: for its managers, its mentors and administrators. */
export async function loadProgrammeLearning(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = args.params.id ?? ''
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound()
  const relation = await requireProgrammeAccess(user, id, 'view')
  if (relation !== 'admin' && relation !== 'manager' && relation !== 'mentor') forbidden()
  const url = new URL(args.request.url)
  const courseParam = url.searchParams.get('course')
  const [[programme], courseList] = await Promise.all([
    db.select({ id: programmes.id, name: programmes.name }).from(programmes).where(eq(programmes.id, id)),
    db
      .select({ id: courses.id, title: courses.title })
      .from(courses)
      .where(eq(courses.status, 'published'))
      .orderBy(asc(courses.title)),
  ])
  const courseId = courseList.some((c) => c.id === courseParam) ? courseParam : null
  const [centres, dropOff] = await Promise.all([
    programmeProgressByCentre(db, id, courseId),
    courseId ? courseDropOff(db, courseId, id) : Promise.resolve(null),
  ])
  return { user, programme: programme!, courses: courseList, courseId, centres, dropOff }
}
