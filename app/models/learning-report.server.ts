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

/** Published lessons per course, counted once (not once per enrolment). */
function lessonCounts(db: Executor) {
  return db
    .select({ courseId: lessons.courseId, n: sql<number>`count(*)::int`.as('n') })
    .from(lessons)
    .where(isNotNull(lessons.publishedVersionId))
    .groupBy(lessons.courseId)
    .as('lesson_counts')
}

function programmeCentreIds(db: Executor, programmeId: string) {
  return db.select({ id: programmeCentres.organisationId }).from(programmeCentres).where(eq(programmeCentres.programmeId, programmeId))
}

/**
 * Per centre of a programme: enrolled, started, completed and average share of lessons done. Read from
 * enrolments alone (each keeps its lessons-done counter), aggregated per centre before joining the names.
 */
export async function programmeProgressByCentre(db: Executor, programmeId: string, courseId: string | null) {
  const counts = lessonCounts(db)
  const perCentre = db
    .select({
      organisationId: enrolments.organisationId,
      enrolled: sql<number>`count(*)::int`.as('enrolled'),
      started: sql<number>`count(*) filter (where ${enrolments.lessonsDone} > 0)::int`.as('started'),
      completed: sql<number>`count(*) filter (where ${enrolments.status} = 'completed')::int`.as('completed'),
      averagePercent: sql<number>`coalesce(round(avg(case when ${counts.n} > 0 then 100.0 * least(${enrolments.lessonsDone}, ${counts.n}) / ${counts.n} end)), 0)::int`.as(
        'average_percent',
      ),
    })
    .from(enrolments)
    .leftJoin(counts, eq(counts.courseId, enrolments.courseId))
    .where(
      and(
        inArray(enrolments.organisationId, programmeCentreIds(db, programmeId)),
        courseId ? eq(enrolments.courseId, courseId) : undefined,
      ),
    )
    .groupBy(enrolments.organisationId)
    .as('per_centre')
  return db
    .select({
      organisationId: organisations.id,
      name: organisations.name,
      shortName: organisations.shortName,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      enrolled: sql<number>`coalesce(${perCentre.enrolled}, 0)`,
      started: sql<number>`coalesce(${perCentre.started}, 0)`,
      completed: sql<number>`coalesce(${perCentre.completed}, 0)`,
      averagePercent: sql<number>`coalesce(${perCentre.averagePercent}, 0)`,
    })
    .from(programmeCentres)
    .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .leftJoin(perCentre, eq(perCentre.organisationId, organisations.id))
    .where(eq(programmeCentres.programmeId, programmeId))
    .orderBy(asc(organisations.name), asc(organisations.id))
}

/** Where people stop: for each lesson of a course, how many of the programme's learners completed it. */
export async function courseDropOff(db: Executor, courseId: string, programmeId: string) {
  const inProgramme = and(eq(enrolments.courseId, courseId), inArray(enrolments.organisationId, programmeCentreIds(db, programmeId)))
  // Completions are counted per lesson first, then joined to the course's lessons.
  const perLesson = db
    .select({ lessonId: lessonProgress.lessonId, completed: sql<number>`count(*)::int`.as('completed') })
    .from(lessonProgress)
    .innerJoin(enrolments, and(eq(enrolments.courseId, lessonProgress.courseId), eq(enrolments.userId, lessonProgress.userId)))
    .where(and(eq(lessonProgress.courseId, courseId), isNotNull(lessonProgress.completedAt), inProgramme))
    .groupBy(lessonProgress.lessonId)
    .as('per_lesson')
  const [[enrolled], rows] = await Promise.all([
    db.select({ n: count() }).from(enrolments).where(inProgramme),
    db
      .select({
        lessonId: lessons.id,
        title: lessons.title,
        module: courseModules.title,
        completed: sql<number>`coalesce(${perLesson.completed}, 0)`,
      })
      .from(lessons)
      .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
      .leftJoin(perLesson, eq(perLesson.lessonId, lessons.id))
      .where(and(eq(lessons.courseId, courseId), isNotNull(lessons.publishedVersionId)))
      .orderBy(asc(courseModules.position), asc(lessons.position)),
  ])
  return { enrolled: enrolled?.n ?? 0, lessons: rows }
}

/** Per person of a centre: each enrolment with lessons done, status and last activity. */
export async function centreProgressByPerson(db: Executor, organisationId: string) {
  const counts = lessonCounts(db)
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
      done: enrolments.lessonsDone,
      total: sql<number>`coalesce(${counts.n}, 0)`,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .leftJoin(counts, eq(counts.courseId, enrolments.courseId))
    .where(eq(enrolments.organisationId, organisationId))
    .orderBy(asc(users.name), asc(courses.title), asc(users.id))
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
