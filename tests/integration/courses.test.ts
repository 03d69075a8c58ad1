import { and, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { importContent } from '#db/content/import.ts'
import {
  courseModules,
  courses,
  enrolments,
  lessonProgress,
  lessonVersions,
  lessons,
  organisations,
  quizAttempts,
  type Quiz,
} from '#db/schema/index.ts'
import { refreshCourseSearch } from '#app/models/course-search.server.ts'
import { canAuthorCourse, gradeQuiz } from '#app/models/course.server.ts'
import { loader as certificateLoader } from '#app/routes/certificates.$code.tsx'
import { loader as catalogueLoader } from '#app/routes/courses._index.tsx'
import { action as courseAction, loader as courseLoader } from '#app/routes/courses.$slug.tsx'
import { action as lessonAction, loader as lessonLoader } from '#app/routes/courses.$slug_.$lesson.tsx'
import { loader as learningLoader } from '#app/routes/learning.tsx'
import { callRoute, createMember, createWorld, testDb, unique } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null

type CatalogueData = {
  courses: {
    slug: string
    title: string
    topic: string
    stage: string
    lessons: number
    minutes: number
    enrolment: string | null
    done: number
  }[]
  total: number
  pages: number
  signedIn: boolean
  centreStage: string | null
  query: { mine: boolean }
}
type QuizFeedback = {
  right: boolean
  options: { chosen: boolean; correct: boolean | null; explanation: string | null }[]
}
type QuizActionData =
  | {
      intent: 'quiz'
      ok: true
      result: { score: number; passed: boolean; questions: QuizFeedback[] }
      certificateCode: string | null
    }
  | { intent: string | null; ok: false; errors: Record<string, string[]>; values: Record<string, string | string[]> }

const catalogue = async (as: Who, search = '') => {
  const result = await callRoute(catalogueLoader, `/courses${search}`, { as })
  expect(result.status).toBe(200)
  return result.data as CatalogueData
}
const coursePage = (slug: string, as: Who) => callRoute(courseLoader, `/courses/${slug}`, { as, params: { slug } })
const enrolPost = (slug: string, as: Who, form: Record<string, string> = { intent: 'enrol' }) =>
  callRoute(courseAction, `/courses/${slug}`, { as, params: { slug }, form })
const lessonPage = (slug: string, lesson: string, as: Who) =>
  callRoute(lessonLoader, `/courses/${slug}/${lesson}`, { as, params: { slug, lesson } })
const lessonPost = (slug: string, lesson: string, as: Who, form: Record<string, string | string[]>) =>
  callRoute(lessonAction, `/courses/${slug}/${lesson}`, { as, params: { slug, lesson }, form })

/** The lessons of a course in reading order, with their published version and quiz. */
async function courseLessons(slug: string) {
  return testDb()
    .select({
      id: lessons.id,
      slug: lessons.slug,
      required: lessons.required,
      versionId: lessons.publishedVersionId,
      quiz: lessonVersions.quiz,
      courseId: lessons.courseId,
    })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
    .innerJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
    .where(eq(courses.slug, slug))
    .orderBy(courseModules.position, lessons.position)
}

/** Answers as the lesson form posts them: the right options, or for every question a wrong one. */
function answersFor(quiz: Quiz, right: boolean) {
  const form: Record<string, string | string[]> = { intent: 'quiz' }
  quiz.questions.forEach((q, i) => {
    const picks = q.options.map((o, j) => ({ o, j })).filter(({ o }) => (right ? o.correct : !o.correct))
    const values = (right ? picks : picks.slice(0, 1)).map(({ j }) => String(j))
    form[`q${i}`] = q.kind === 'single' ? values[0]! : values
  })
  return form
}

async function enrolment(courseSlug: string, userId: string) {
  const [row] = await testDb()
    .select({
      id: enrolments.id,
      organisationId: enrolments.organisationId,
      status: enrolments.status,
      completedAt: enrolments.completedAt,
      certificateCode: enrolments.certificateCode,
    })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(and(eq(courses.slug, courseSlug), eq(enrolments.userId, userId)))
  return row
}

async function progressOf(userId: string, lessonId: string) {
  const [row] = await testDb()
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lessonId)))
  return row
}

/** A course made in the app (not from content/): one module, lessons published unless told otherwise. */
async function createCourse(values: {
  organisationId: string | null
  status?: 'draft' | 'published' | 'archived'
  isPublic?: boolean
  title?: string
  lessons?: { slug: string; quiz?: Quiz | null; published?: boolean }[]
}) {
  const db = testDb()
  const slug = `test-${unique().toLowerCase()}`
  const [course] = await db
    .insert(courses)
    .values({
      slug,
      organisationId: values.organisationId,
      title: values.title ?? `Тестовый курс ${slug}`,
      summary: 'Курс для проверки доступа.',
      topic: 'law',
      stage: 'independent',
      isPublic: values.isPublic ?? false,
      status: values.status ?? 'published',
      completion: 'all_lessons',
    })
    .returning()
  const [module] = await db
    .insert(courseModules)
    .values({ courseId: course!.id, key: 'main', title: 'Основное', position: 0 })
    .returning()
  for (const [position, l] of (values.lessons ?? [{ slug: 'first' }]).entries()) {
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Текст урока.' }] }] }
    const [lesson] = await db
      .insert(lessons)
      .values({
        courseId: course!.id,
        moduleId: module!.id,
        slug: l.slug,
        title: `Урок ${l.slug}`,
        position,
        minutes: 5,
        draftJson: body,
      })
      .returning()
    if (l.published === false) continue
    const [version] = await db
      .insert(lessonVersions)
      .values({
        lessonId: lesson!.id,
        version: 1,
        title: `Урок ${l.slug}`,
        bodyJson: body,
        bodyHtml: '<p>Текст урока.</p>',
        quiz: l.quiz ?? null,
      })
      .returning()
    await db.update(lessons).set({ publishedVersionId: version!.id }).where(eq(lessons.id, lesson!.id))
  }
  await refreshCourseSearch(db, course!.id)
  return course!
}

let w: World
let membersOnly: Awaited<ReturnType<typeof createCourse>>
let draft: Awaited<ReturnType<typeof createCourse>>
let archived: Awaited<ReturnType<typeof createCourse>>

beforeAll(async () => {
  await importContent(testDb())
  w = await createWorld()
  membersOnly = await createCourse({
    organisationId: w.mentorOrg.id,
    isPublic: false,
    title: 'Закрытый курс для своих',
  })
  draft = await createCourse({ organisationId: w.mentorOrg.id, status: 'draft', isPublic: true })
  archived = await createCourse({ organisationId: w.mentorOrg.id, status: 'archived', isPublic: true })
})

describe('catalogue', () => {
  test('signed out: public courses only, with a hint to sign in; signed in: members-only courses too', async () => {
    const out = await catalogue(null)
    const outSlugs = out.courses.map((c) => c.slug)
    expect(out.signedIn).toBe(false)
    expect(outSlugs).toEqual(
      expect.arrayContaining(['grant-applications', 'consulting-ngos', 'starting-a-resource-centre']),
    )
    expect(outSlugs).not.toContain(membersOnly.slug)
    expect(outSlugs).not.toContain(draft.slug)
    expect(outSlugs).not.toContain(archived.slug)

    const inside = await catalogue(w.staffA)
    const inSlugs = inside.courses.map((c) => c.slug)
    expect(inSlugs).toContain(membersOnly.slug)
    expect(inSlugs).not.toContain(draft.slug)
    expect(inSlugs).not.toContain(archived.slug)
    expect(inside.total).toBe(out.total + 1)
  })

  test('cards count published lessons and minutes', async () => {
    const data = await catalogue(null, '?q=грант')
    const grant = data.courses.find((c) => c.slug === 'grant-applications')!
    const rows = await courseLessons('grant-applications')
    expect(grant.lessons).toBe(rows.length)
    expect(grant.minutes).toBeGreaterThan(0)
    expect(grant.enrolment).toBeNull()
  })

  test('a members-only course page sends a visitor to sign in and back', async () => {
    const result = await coursePage(membersOnly.slug, null)
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(`/courses/${membersOnly.slug}`)}`)
    const lesson = await lessonPage(membersOnly.slug, 'first', null)
    expect(lesson.status).toBe(302)
    expect(lesson.location).toMatch(/^\/login\?redirectTo=/)
    expect((await coursePage(membersOnly.slug, w.staffA)).status).toBe(200)
  })

  test('a public course and its lessons are readable without an account', async () => {
    expect((await coursePage('grant-applications', null)).status).toBe(200)
    const [first] = await courseLessons('grant-applications')
    const lesson = await lessonPage('grant-applications', first!.slug, null)
    expect(lesson.status).toBe(200)
    expect((lesson.data as { lesson: { bodyHtml: string } }).lesson.bodyHtml).toContain('<')
  })

  test('search finds word forms: «грант», «гранты», «грантовой»', async () => {
    for (const q of ['грант', 'гранты', 'грантовой', 'ГРАНТ']) {
      const data = await catalogue(null, `?q=${encodeURIComponent(q)}`)
      expect(data.courses[0]?.slug, q).toBe('grant-applications')
    }
    const none = await catalogue(null, `?q=${encodeURIComponent('квазар')}`)
    expect(none.courses).toEqual([])
    expect(none.total).toBe(0)
    // Punctuation only: no words, no filter, no error.
    expect((await catalogue(null, `?q=${encodeURIComponent("'&|!:*")}`)).total).toBeGreaterThan(0)
  })

  test('filters by topic and stage; malformed filters are ignored', async () => {
    const fundraising = await catalogue(null, '?topic=fundraising')
    expect(fundraising.courses.length).toBeGreaterThan(0)
    expect(fundraising.courses.every((c) => c.topic === 'fundraising')).toBe(true)

    const stage = await catalogue(null, '?stage=first-services')
    expect(stage.courses.map((c) => c.slug).sort()).toEqual(['consulting-ngos', 'volunteers-and-community'])

    const both = await catalogue(null, '?stage=first-services&topic=consulting&q=консультация')
    expect(both.courses.map((c) => c.slug)).toEqual(['consulting-ngos'])

    const junk = await catalogue(null, '?topic=nonsense&stage=%27%3B+drop&page=-4&mine=yes')
    expect(junk.total).toBe((await catalogue(null)).total)
  })

  test("«for my centre's stage» filters by the centre's stage for its members", async () => {
    await testDb().update(organisations).set({ stage: 'operating' }).where(eq(organisations.id, w.centreA.id))
    const mine = await catalogue(w.staffA, '?mine=1')
    expect(mine.centreStage).toBe('operating')
    expect(mine.query.mine).toBe(true)
    expect(mine.courses.map((c) => c.slug).sort()).toEqual(['grant-applications', 'social-services-providers'])
    // Someone with no centre has no stage to filter by: the filter is ignored.
    const noCentre = await catalogue(w.noOrg, '?mine=1')
    expect(noCentre.centreStage).toBeNull()
    expect(noCentre.query.mine).toBe(false)
    expect(noCentre.total).toBe((await catalogue(w.noOrg)).total)
  })
})

describe('drafts, archived courses and authors', () => {
  test('a draft is a 404 for learners and other organisations, visible to its authors and administrators', async () => {
    for (const who of [null, w.staffA, w.leaderA, w.leaderB, w.manager, w.noOrg]) {
      expect((await coursePage(draft.slug, who)).status).toBe(404)
      expect((await lessonPage(draft.slug, 'first', who)).status).toBe(404)
      expect((await coursePage(archived.slug, who)).status).toBe(404)
    }
    for (const who of [w.mentor, w.admin]) {
      const page = await coursePage(draft.slug, who)
      expect(page.status).toBe(200)
      expect((page.data as { canAuthor: boolean }).canAuthor).toBe(true)
      expect((await coursePage(archived.slug, who)).status).toBe(200)
    }
  })

  test('a learner cannot enrol in or complete a lesson of a draft course (404); an author gets 409', async () => {
    expect((await enrolPost(draft.slug, w.staffA)).status).toBe(404)
    expect((await lessonPost(draft.slug, 'first', w.staffA, { intent: 'complete' })).status).toBe(404)
    expect((await enrolPost(draft.slug, w.mentor)).status).toBe(409)
    expect((await lessonPost(draft.slug, 'first', w.mentor, { intent: 'complete' })).status).toBe(409)
    const [row] = await testDb().select({ n: count() }).from(enrolments).where(eq(enrolments.courseId, draft.id))
    expect(row!.n).toBe(0)
  })

  test('canAuthorCourse: administrators, and mentors of the owning organisation; the library is for administrators', async () => {
    const asUser = async (id: string) => {
      const page = await coursePage(membersOnly.slug, { id })
      return (page.data as { canAuthor: boolean }).canAuthor
    }
    expect(await asUser(w.mentor.id)).toBe(true)
    expect(await asUser(w.admin.id)).toBe(true)
    for (const who of [w.staffA, w.leaderA, w.manager]) expect(await asUser(who.id)).toBe(false)
    // The seed library belongs to no organisation.
    const library = await coursePage('grant-applications', w.mentor)
    expect((library.data as { canAuthor: boolean }).canAuthor).toBe(false)
    expect(canAuthorCourse(null, { organisationId: null })).toBe(false)
  })

  test('a lesson that is not published yet is a 404', async () => {
    const course = await createCourse({
      organisationId: w.mentorOrg.id,
      isPublic: true,
      lessons: [{ slug: 'ready' }, { slug: 'later', published: false }],
    })
    expect((await lessonPage(course.slug, 'ready', w.staffA)).status).toBe(200)
    expect((await lessonPage(course.slug, 'later', w.staffA)).status).toBe(404)
    expect((await lessonPost(course.slug, 'later', w.staffA, { intent: 'complete' })).status).toBe(404)
  })
})

describe('enrolment, lessons, quizzes and the certificate', () => {
  const slug = 'grant-applications'

  test('signed out: enrolling and completing send the visitor to sign in', async () => {
    const enrol = await enrolPost(slug, null)
    expect(enrol.status).toBe(302)
    expect(enrol.location).toBe(`/login?redirectTo=${encodeURIComponent(`/courses/${slug}`)}`)
    const [first] = await courseLessons(slug)
    const complete = await lessonPost(slug, first!.slug, null, { intent: 'complete' })
    expect(complete.status).toBe(302)
    expect(complete.location).toMatch(/^\/login/)
  })

  test("enrolling records the learner's centre; a second enrolment is harmless", async () => {
    const first = await enrolPost(slug, w.staffA)
    expect(first.status).toBe(302)
    expect(first.location).toBe(`/courses/${slug}`)
    const row = await enrolment(slug, w.staffA.id)
    expect(row).toMatchObject({ organisationId: w.centreA.id, status: 'active', certificateCode: null })

    const again = await enrolPost(slug, w.staffA)
    expect(again.status).toBe(302)
    const [n] = await testDb()
      .select({ n: count() })
      .from(enrolments)
      .where(and(eq(enrolments.userId, w.staffA.id), eq(enrolments.courseId, (await courseLessons(slug))[0]!.courseId)))
    expect(n!.n).toBe(1)

    expect((await enrolPost(slug, w.staffA, { intent: 'nonsense' })).status).toBe(400)
    const page = (await coursePage(slug, w.staffA)).data as {
      enrolment: { status: string } | null
      next: { slug: string } | null
    }
    expect(page.enrolment?.status).toBe('active')
    expect(page.next?.slug).toBe((await courseLessons(slug))[0]!.slug)
  })

  test('completing a lesson stores the published version it was completed on', async () => {
    const [first] = await courseLessons(slug)
    expect(first!.quiz).toBeNull()
    const result = await lessonPost(slug, first!.slug, w.staffA, { intent: 'complete', version: first!.versionId! })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/courses/${slug}/${first!.slug}`)
    const progress = await progressOf(w.staffA.id, first!.id)
    expect(progress?.lessonVersionId).toBe(first!.versionId)
    expect(progress?.completedAt).toBeInstanceOf(Date)
    // The enrolment's counter, which progress reports read, follows the completion.
    const [enrolment] = await testDb()
      .select({ lessonsDone: enrolments.lessonsDone })
      .from(enrolments)
      .innerJoin(courses, eq(courses.id, enrolments.courseId))
      .where(and(eq(enrolments.userId, w.staffA.id), eq(courses.slug, slug)))
    expect(enrolment?.lessonsDone).toBe(1)

    const page = (await lessonPage(slug, first!.slug, w.staffA)).data as {
      progress: { completedAt: Date | null; outdated: boolean }
    }
    expect(page.progress.completedAt).toBeInstanceOf(Date)
    expect(page.progress.outdated).toBe(false)

    const card = (await catalogue(w.staffA, '?q=грант')).courses.find((c) => c.slug === slug)!
    expect(card).toMatchObject({ enrolment: 'active', done: 1 })
  })

  test('the lesson page never shows right answers before the learner answers', async () => {
    const lesson = (await courseLessons(slug)).find((l) => l.quiz)!
    const page = await lessonPage(slug, lesson.slug, w.staffA)
    const json = JSON.stringify(page.data)
    expect(json).not.toContain('"correct"')
    expect(json).not.toContain('explanation')
  })

  test('bad quiz input is a 400 with a message per question, never a 500', async () => {
    const lesson = (await courseLessons(slug)).find((l) => l.quiz)!
    const quiz = lesson.quiz!
    const missing = await lessonPost(slug, lesson.slug, w.staffA, { intent: 'quiz' })
    expect(missing.status).toBe(400)
    const missingData = missing.data as Extract<QuizActionData, { ok: false }>
    expect(Object.keys(missingData.errors).sort()).toEqual(quiz.questions.map((_, i) => `q${i}`).sort())
    expect(missingData.errors.q0).toEqual(['courses.quiz.answerRequired'])

    const right = answersFor(quiz, true)
    const outOfRange = await lessonPost(slug, lesson.slug, w.staffA, {
      ...right,
      q0: String(quiz.questions[0]!.options.length),
    })
    expect(outOfRange.status).toBe(400)
    const outData = outOfRange.data as Extract<QuizActionData, { ok: false }>
    expect(outData.errors.q0).toEqual(['courses.quiz.invalidOption'])
    // What was chosen comes back so the form keeps it.
    expect(outData.values.q1).toEqual(right.q1)

    for (const bad of ['-1', 'abc', '1.5', '99999999999']) {
      expect((await lessonPost(slug, lesson.slug, w.staffA, { ...right, q0: bad })).status).toBe(400)
    }
    const singleIndex = quiz.questions.findIndex((q) => q.kind === 'single')
    const twoForSingle = await lessonPost(slug, lesson.slug, w.staffA, { ...right, [`q${singleIndex}`]: ['0', '1'] })
    expect(twoForSingle.status).toBe(400)
    expect((twoForSingle.data as Extract<QuizActionData, { ok: false }>).errors[`q${singleIndex}`]).toEqual([
      'courses.quiz.oneAnswer',
    ])

    // Marking a quiz lesson done without the quiz, a quiz on a lesson without one, an unknown intent.
    expect((await lessonPost(slug, lesson.slug, w.staffA, { intent: 'complete' })).status).toBe(409)
    const [plain] = await courseLessons(slug)
    expect((await lessonPost(slug, plain!.slug, w.staffA, { ...right })).status).toBe(400)
    expect((await lessonPost(slug, lesson.slug, w.staffA, { intent: 'hack' })).status).toBe(400)
    // Answers for a version that is no longer the published one.
    expect((await lessonPost(slug, lesson.slug, w.staffA, { ...right, version: crypto.randomUUID() })).status).toBe(409)

    const [attempts] = await testDb()
      .select({ n: count() })
      .from(quizAttempts)
      .where(eq(quizAttempts.userId, w.staffA.id))
    expect(attempts!.n).toBe(0)
  })

  test('wrong answers: not passed, the attempt is stored, explanations of the chosen options come back', async () => {
    const lesson = (await courseLessons(slug)).find((l) => l.quiz)!
    const result = await lessonPost(slug, lesson.slug, w.staffA, {
      ...answersFor(lesson.quiz!, false),
      version: lesson.versionId!,
    })
    expect(result.status).toBe(200)
    const data = result.data as Extract<QuizActionData, { ok: true }>
    expect(data.result.passed).toBe(false)
    expect(data.result.score).toBe(0)
    for (const q of data.result.questions) {
      expect(q.right).toBe(false)
      const chosen = q.options.filter((o) => o.chosen)
      expect(chosen.length).toBeGreaterThan(0)
      for (const o of chosen) {
        expect(o.correct).toBe(false)
        expect(o.explanation).toBeTruthy()
      }
      // The right options stay hidden until the learner passes.
      expect(q.options.filter((o) => !o.chosen).every((o) => o.correct === null && o.explanation === null)).toBe(true)
    }
    const [attempt] = await testDb()
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.userId, w.staffA.id), eq(quizAttempts.lessonVersionId, lesson.versionId!)))
    expect(attempt).toMatchObject({ passed: false, score: 0 })
    const progress = await progressOf(w.staffA.id, lesson.id)
    expect(progress).toMatchObject({
      quizPassed: false,
      quizScore: 0,
      completedAt: null,
      lessonVersionId: lesson.versionId,
    })
  })

  test('right answers: passed, the lesson is complete; a failed retry does not take the pass back', async () => {
    const lesson = (await courseLessons(slug)).find((l) => l.quiz)!
    const result = await lessonPost(slug, lesson.slug, w.staffA, answersFor(lesson.quiz!, true))
    expect(result.status).toBe(200)
    const data = result.data as Extract<QuizActionData, { ok: true }>
    expect(data.result).toMatchObject({ passed: true, score: 100 })
    expect(data.result.questions.every((q) => q.right && q.options.every((o) => o.correct !== null))).toBe(true)
    expect(data.certificateCode).toBeNull()
    const progress = await progressOf(w.staffA.id, lesson.id)
    expect(progress).toMatchObject({ quizPassed: true, quizScore: 100, lessonVersionId: lesson.versionId })
    expect(progress?.completedAt).toBeInstanceOf(Date)

    const retry = await lessonPost(slug, lesson.slug, w.staffA, answersFor(lesson.quiz!, false))
    expect((retry.data as Extract<QuizActionData, { ok: true }>).result.passed).toBe(false)
    expect(await progressOf(w.staffA.id, lesson.id)).toMatchObject({ quizPassed: true, quizScore: 100 })
    const [attempts] = await testDb()
      .select({ n: count() })
      .from(quizAttempts)
      .where(eq(quizAttempts.userId, w.staffA.id))
    expect(attempts!.n).toBe(3)
  })

  test('the certificate is issued once every required lesson is done and every quiz passed — not before', async () => {
    const all = await courseLessons(slug)
    const remaining = []
    for (const l of all) {
      const p = await progressOf(w.staffA.id, l.id)
      if (!p?.completedAt) remaining.push(l)
    }
    expect(remaining.length).toBeGreaterThan(1)
    const last = remaining.pop()!
    for (const l of remaining) {
      const result = l.quiz
        ? await lessonPost(slug, l.slug, w.staffA, answersFor(l.quiz, true))
        : await lessonPost(slug, l.slug, w.staffA, { intent: 'complete' })
      expect(result.status, l.slug).toBeLessThan(400)
      expect((await enrolment(slug, w.staffA.id))?.status).toBe('active')
    }
    expect((await enrolment(slug, w.staffA.id))?.certificateCode).toBeNull()

    const result = last.quiz
      ? await lessonPost(slug, last.slug, w.staffA, answersFor(last.quiz, true))
      : await lessonPost(slug, last.slug, w.staffA, { intent: 'complete' })
    const row = await enrolment(slug, w.staffA.id)
    expect(row?.status).toBe('completed')
    expect(row?.completedAt).toBeInstanceOf(Date)
    expect(row?.certificateCode).toMatch(/^[A-Za-z0-9_-]{12,}$/)
    if (last.quiz)
      expect((result.data as Extract<QuizActionData, { ok: true }>).certificateCode).toBe(row!.certificateCode)
    else expect(result.location).toBe(`/courses/${slug}`)

    // Doing a lesson again changes nothing about the certificate.
    await lessonPost(slug, all[0]!.slug, w.staffA, { intent: 'complete' })
    expect((await enrolment(slug, w.staffA.id))?.certificateCode).toBe(row!.certificateCode)

    const page = (await coursePage(slug, w.staffA)).data as { enrolment: { status: string; certificateCode: string } }
    expect(page.enrolment).toMatchObject({ status: 'completed', certificateCode: row!.certificateCode })
  })

  test("'all lessons' rule: every lesson counts, optional ones too", async () => {
    const course = await createCourse({
      organisationId: null,
      isPublic: true,
      lessons: [{ slug: 'one' }, { slug: 'two' }],
    })
    await testDb()
      .update(lessons)
      .set({ required: false })
      .where(and(eq(lessons.courseId, course.id), eq(lessons.slug, 'two')))
    await lessonPost(course.slug, 'one', w.leaderA, { intent: 'complete' })
    expect((await enrolment(course.slug, w.leaderA.id))?.status).toBe('active')
    await lessonPost(course.slug, 'two', w.leaderA, { intent: 'complete' })
    expect((await enrolment(course.slug, w.leaderA.id))?.status).toBe('completed')
  })

  test('the certificate page shows the name and the course; a bad code is a 404', async () => {
    const row = await enrolment(slug, w.staffA.id)
    const result = await callRoute(certificateLoader, `/certificates/${row!.certificateCode}`, {
      params: { code: row!.certificateCode! },
    })
    expect(result.status).toBe(200)
    const data = result.data as {
      certificate: { name: string; courseTitle: string; completedAt: Date; issuer: string | null }
      url: string
    }
    expect(data.certificate.name).toBe('Тестовый Пользователь')
    expect(data.certificate.courseTitle).toContain('грантовую заявку')
    expect(data.certificate.issuer).toBeNull()
    expect(data.url).toMatch(new RegExp(`/certificates/${row!.certificateCode}$`))
    expect(JSON.stringify(data)).not.toContain('@')

    for (const code of ['AAAAAAAAAAAAAAAA', 'short', "x' or '1'='1", '']) {
      const bad = await callRoute(certificateLoader, `/certificates/${encodeURIComponent(code)}`, { params: { code } })
      expect(bad.status, code).toBe(404)
    }
  })

  test('malformed and unknown slugs are 404s, never 500s', async () => {
    for (const s of ['Bad_Slug!', '..', 'a'.repeat(300), "x' or '1'='1", 'no-such-course']) {
      expect((await coursePage(s, w.staffA)).status, s).toBe(404)
      expect((await enrolPost(s, w.staffA)).status, s).toBe(404)
      expect((await lessonPage(s, 'x', w.staffA)).status, s).toBe(404)
    }
    for (const l of ['no-such-lesson', 'Bad Lesson', '%00']) {
      expect((await lessonPage(slug, l, w.staffA)).status, l).toBe(404)
      expect((await lessonPost(slug, l, w.staffA, { intent: 'complete' })).status, l).toBe(404)
    }
  })
})

describe('my learning', () => {
  test('in progress, completed with the certificate, and recommended for the centre stage', async () => {
    await testDb().update(organisations).set({ stage: 'first-services' }).where(eq(organisations.id, w.centreA.id))
    // In progress: consulting-ngos with one lesson done.
    const [first] = await courseLessons('consulting-ngos')
    expect(first!.quiz).toBeTruthy()
    await lessonPost('consulting-ngos', first!.slug, w.staffA, answersFor(first!.quiz!, true))

    const result = await callRoute(learningLoader, '/learning', { as: w.staffA })
    expect(result.status).toBe(200)
    const data = result.data as {
      inProgress: { slug: string; done: number; lessons: number; nextLesson: string | null }[]
      completed: { slug: string; certificateCode: string | null }[]
      recommended: { slug: string; stage: string }[]
      centre: { stage: string } | null
    }
    const consulting = await courseLessons('consulting-ngos')
    expect(data.inProgress).toEqual([
      expect.objectContaining({
        slug: 'consulting-ngos',
        done: 1,
        lessons: consulting.length,
        nextLesson: consulting[1]!.slug,
      }),
    ])
    const grant = await enrolment('grant-applications', w.staffA.id)
    expect(data.completed).toEqual([
      expect.objectContaining({ slug: 'grant-applications', certificateCode: grant!.certificateCode }),
    ])
    expect(data.centre?.stage).toBe('first-services')
    // The other first-services course, not the one already started.
    expect(data.recommended.map((c) => c.slug)).toEqual(['volunteers-and-community'])
    expect((data.recommended[0] as unknown as { lessons: number }).lessons).toBe(
      (await courseLessons('volunteers-and-community')).length,
    )

    // Someone else sees only their own learning.
    const other = await createMember(w.centreB.id, 'staff')
    const otherData = (await callRoute(learningLoader, '/learning', { as: other })).data as typeof data
    expect(otherData.inProgress).toEqual([])
    expect(otherData.completed).toEqual([])
    expect(otherData.centre?.stage).toBe('initiative')
    expect(otherData.recommended.map((c) => c.slug)).toEqual(['starting-a-resource-centre'])

    const outsider = (await callRoute(learningLoader, '/learning', { as: w.noOrg })).data as typeof data
    expect(outsider.centre).toBeNull()
    expect(outsider.recommended).toEqual([])

    const signedOut = await callRoute(learningLoader, '/learning')
    expect(signedOut.status).toBe(302)
    expect(signedOut.location).toBe('/login?redirectTo=%2Flearning')
  })
})

describe('grading', () => {
  const quiz: Quiz = {
    passMark: 67,
    questions: [
      {
        text: 'A',
        kind: 'single',
        options: [
          { text: 'x', correct: true },
          { text: 'y', correct: false },
        ],
      },
      {
        text: 'B',
        kind: 'multiple',
        options: [
          { text: 'x', correct: true },
          { text: 'y', correct: true },
          { text: 'z', correct: false },
        ],
      },
      {
        text: 'C',
        kind: 'single',
        options: [
          { text: 'x', correct: false },
          { text: 'y', correct: true },
        ],
      },
    ],
  }
  test('a question counts only when exactly its right options are chosen; the pass mark is exact', () => {
    expect(gradeQuiz(quiz, [[0], [0, 1], [1]])).toMatchObject({ score: 100, passed: true })
    // Two of three is 66.7%: below a 67% pass mark, though it rounds to 67.
    expect(gradeQuiz(quiz, [[0], [0], [1]])).toMatchObject({ score: 66, passed: false, rightCount: 2 })
    expect(gradeQuiz(quiz, [[0], [0, 1, 2], [1]]).rightCount).toBe(2)
    expect(gradeQuiz({ ...quiz, passMark: 66 }, [[0], [0], [1]]).passed).toBe(true)
  })
})
