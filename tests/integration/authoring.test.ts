import { and, asc, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { importContent } from '#db/content/import.ts'
import { auditLog, courseModules, courses, lessonProgress, lessonVersions, lessons, quizAttempts } from '#db/schema/index.ts'
import { action as lessonAction, loader as lessonLoader } from '#app/routes/courses.$slug_.edit_.$lessonId.tsx'
import { action as editAction, loader as editLoader } from '#app/routes/courses.$slug_.edit.tsx'
import { action as versionAction, loader as versionLoader } from '#app/routes/courses.$slug_.versions.$versionId.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/courses.new.tsx'
import { translate } from '#app/utils/i18n.ts'
import { callRoute, createMember, createOrganisation, createUser, createWorld, testDb, unique } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null
type Form = Record<string, string>

// ---------------------------------------------------------------------------------------------
// Calls

const newPage = (as: Who) => callRoute(newLoader, '/courses/new', { as })
const create = (as: Who, form: Form) => callRoute(newAction, '/courses/new', { as, form })
const editPage = (slug: string, as: Who) => callRoute(editLoader, `/courses/${slug}/edit`, { as, params: { slug } })
const edit = (slug: string, as: Who, form: Form) => callRoute(editAction, `/courses/${slug}/edit`, { as, params: { slug }, form })
const lessonPage = (slug: string, lessonId: string, as: Who) =>
  callRoute(lessonLoader, `/courses/${slug}/edit/${lessonId}`, { as, params: { slug, lessonId } })
const lessonPost = (slug: string, lessonId: string, as: Who, form: Form) =>
  callRoute(lessonAction, `/courses/${slug}/edit/${lessonId}`, { as, params: { slug, lessonId }, form })
const versionPage = (slug: string, versionId: string, as: Who) =>
  callRoute(versionLoader, `/courses/${slug}/versions/${versionId}`, { as, params: { slug, versionId } })
const versionPost = (slug: string, versionId: string, as: Who, form: Form) =>
  callRoute(versionAction, `/courses/${slug}/versions/${versionId}`, { as, params: { slug, versionId }, form })

// ---------------------------------------------------------------------------------------------
// Documents and forms

const text = (t: string) => ({ type: 'text', text: t })
const para = (...content: object[]) => ({ type: 'paragraph', content })
const doc = (...content: object[]) => ({ type: 'doc', content })

const BODY = doc(
  { type: 'heading', attrs: { level: 2 }, content: [text('Что такое ресурсный центр')] },
  para(text('Ресурсный центр помогает НКО своего региона: консультирует, учит и сводит с партнёрами.')),
  { type: 'callout', attrs: { variant: 'tip' }, content: [para(text('Начните с карты НКО района.'))] },
)

const QUIZ = {
  passMark: 70,
  questions: [
    {
      text: 'Что делает ресурсный центр?',
      kind: 'single',
      options: [
        { text: 'Поддерживает НКО', correct: true, explanation: 'Верно.' },
        { text: 'Собирает налоги', correct: false },
      ],
    },
    {
      text: 'Какие услуги бывают?',
      kind: 'multiple',
      options: [
        { text: 'Консультации', correct: true },
        { text: 'Обучение', correct: true },
        { text: 'Продажа квартир', correct: false },
      ],
    },
  ],
}

function courseForm(overrides: Form = {}): Form {
  return { title: `Основы работы ресурсного центра ${unique()}`, topic: 'organisation', stage: 'initiative', completion: 'all_lessons', ...overrides }
}

function lessonForm(moduleId: string, overrides: Form = {}): Form {
  return { intent: 'save', title: 'Первый урок', moduleId, minutes: '15', required: 'on', body: JSON.stringify(BODY), quiz: '', ...overrides }
}

const flashOf = (result: { headers: Headers }) => decodeURIComponent(/rsn_flash=([^;]*)/.exec(result.headers.get('Set-Cookie') ?? '')?.[1] ?? '')

// ---------------------------------------------------------------------------------------------
// Database helpers

async function courseBySlug(slug: string) {
  const [row] = await testDb().select().from(courses).where(eq(courses.slug, slug))
  return row!
}

async function modulesOf(courseId: string) {
  return testDb()
    .select({ id: courseModules.id, title: courseModules.title, position: courseModules.position })
    .from(courseModules)
    .where(eq(courseModules.courseId, courseId))
    .orderBy(asc(courseModules.position))
}

async function lessonsOf(courseId: string) {
  return testDb()
    .select({ id: lessons.id, title: lessons.title, moduleId: lessons.moduleId, position: lessons.position })
    .from(lessons)
    .where(eq(lessons.courseId, courseId))
    .orderBy(asc(lessons.position))
}

async function versionsOf(lessonId: string) {
  return testDb().select().from(lessonVersions).where(eq(lessonVersions.lessonId, lessonId)).orderBy(asc(lessonVersions.version))
}

async function lessonRow(lessonId: string) {
  const [row] = await testDb().select().from(lessons).where(eq(lessons.id, lessonId))
  return row!
}

/** A course of `owner` (created through the action as `as`), with one module and one lesson, returned by slug and ids. */
async function makeCourse(as: { id: string }, organisationId: string) {
  const result = await create(as, courseForm({ organisationId }))
  expect(result.status).toBe(302)
  const slug = /^\/courses\/([^/]+)\/edit$/.exec(result.location!)![1]!
  const course = await courseBySlug(slug)
  const [module] = await modulesOf(course.id)
  const added = await edit(slug, as, { intent: 'addLesson', moduleId: module!.id, title: 'Первый урок' })
  expect(added.status).toBe(302)
  const lessonId = added.location!.split('/').pop()!
  return { slug, courseId: course.id, moduleId: module!.id, lessonId }
}

// ---------------------------------------------------------------------------------------------

let w: World
let otherMentorOrg: Awaited<ReturnType<typeof createOrganisation>>
let otherMentor: { id: string }
let mentorLeader: { id: string }
let learner: { id: string }

beforeAll(async () => {
  w = await createWorld()
  otherMentorOrg = await createOrganisation({ kind: 'mentor', name: `Другой наставник ${unique()}` })
  otherMentor = await createMember(otherMentorOrg.id, 'mentor')
  mentorLeader = await createMember(w.mentorOrg.id, 'leader')
  learner = w.staffA
  // The seed library, owned by the world's mentor organisation as in the demo.
  await importContent(testDb(), { ownerOrganisationId: w.mentorOrg.id })
})

describe('who may author', () => {
  let c: Awaited<ReturnType<typeof makeCourse>>
  let versionId: string
  let library: Awaited<ReturnType<typeof makeCourse>>
  beforeAll(async () => {
    c = await makeCourse(w.mentor, w.mentorOrg.id)
    expect((await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish' }))).status).toBe(302)
    versionId = (await versionsOf(c.lessonId))[0]!.id
    library = await makeCourse(w.admin, 'library')
  })

  /** Every loader and action of the authoring pages, for one course. */
  const everything = (slug: string, moduleId: string, lessonId: string, version: string, as: Who) => [
    editPage(slug, as),
    edit(slug, as, { intent: 'moveModule', moduleId, direction: 'up' }),
    lessonPage(slug, lessonId, as),
    lessonPost(slug, lessonId, as, lessonForm(moduleId)),
    versionPage(slug, version, as),
    versionPost(slug, version, as, { intent: 'restore' }),
  ]

  test('signed out: every loader and action sends the visitor to sign in', async () => {
    const results = await Promise.all([
      newPage(null),
      create(null, courseForm()),
      ...everything(c.slug, c.moduleId, c.lessonId, versionId, null),
    ])
    for (const result of results) {
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/login/)
    }
  })

  test('centre leaders and staff, a programme manager without a mentor role, and mentors of another organisation get 403', async () => {
    for (const who of [w.leaderA, w.staffA, w.manager, otherMentor, w.noOrg]) {
      for (const result of await Promise.all(everything(c.slug, c.moduleId, c.lessonId, versionId, who))) {
        expect(result.status, JSON.stringify(result.data)).toBe(403)
      }
    }
  })

  test('mentors and leaders of the owning organisation, and administrators, may', async () => {
    for (const who of [w.mentor, mentorLeader, w.admin]) {
      const [page, move, lesson, save, version, restore] = await Promise.all(everything(c.slug, c.moduleId, c.lessonId, versionId, who))
      expect(page!.status).toBe(200)
      expect(move!.status).toBe(302)
      expect(lesson!.status).toBe(200)
      expect(save!.status).toBe(302)
      expect(version!.status).toBe(200)
      expect(restore!.status).toBe(302)
    }
  })

  test('a course of the installation library is edited by administrators only', async () => {
    expect((await courseBySlug(library.slug)).organisationId).toBeNull()
    for (const who of [w.mentor, mentorLeader, otherMentor, w.leaderA]) {
      expect((await editPage(library.slug, who)).status).toBe(403)
      expect((await lessonPage(library.slug, library.lessonId, who)).status).toBe(403)
      expect((await edit(library.slug, who, { intent: 'addModule', title: 'Чужой модуль' })).status).toBe(403)
    }
    expect((await editPage(library.slug, w.admin)).status).toBe(200)
  })

  test('the new-course page: mentors and administrators only; only for one of the person’s organisations', async () => {
    for (const who of [w.leaderA, w.staffA, w.manager, w.noOrg]) {
      expect((await newPage(who)).status).toBe(403)
      expect((await create(who, courseForm())).status).toBe(403)
    }
    const asMentor = await newPage(w.mentor)
    expect(asMentor.status).toBe(200)
    expect(asMentor.data).toMatchObject({ organisations: [{ id: w.mentorOrg.id }], canUseLibrary: false })
    const asAdmin = (await newPage(w.admin)).data as { organisations: { id: string }[]; canUseLibrary: boolean }
    expect(asAdmin.canUseLibrary).toBe(true)
    expect(asAdmin.organisations.map((o) => o.id)).toEqual(expect.arrayContaining([w.mentorOrg.id, otherMentorOrg.id]))
    // Another mentor organisation, or the library, is not the mentor's to choose.
    expect((await create(w.mentor, courseForm({ organisationId: otherMentorOrg.id }))).status).toBe(403)
    expect((await create(w.mentor, courseForm({ organisationId: 'library' }))).status).toBe(403)
  })

  test('a course of one organisation is not reachable through another course’s address', async () => {
    const mine = await makeCourse(otherMentor, otherMentorOrg.id)
    // The other mentor's lesson and module ids under a course the mentor owns: not found, never touched.
    expect((await lessonPage(c.slug, mine.lessonId, w.mentor)).status).toBe(404)
    expect((await edit(c.slug, w.mentor, { intent: 'deleteLesson', lessonId: mine.lessonId })).status).toBe(404)
    expect((await edit(c.slug, w.mentor, { intent: 'deleteModule', moduleId: mine.moduleId })).status).toBe(404)
    expect((await versionPage(c.slug, crypto.randomUUID(), w.mentor)).status).toBe(404)
    expect((await editPage('no-such-course', w.mentor)).status).toBe(404)
    expect((await editPage('Bad Slug!', w.mentor)).status).toBe(404)
    expect((await lessonPage(c.slug, 'not-a-uuid', w.mentor)).status).toBe(404)
    expect(await lessonRow(mine.lessonId)).toBeDefined()
  })

  test('seed courses from content/ may be edited by their organisation, with a warning about re-import', async () => {
    const result = await editPage('consulting-ngos', w.mentor)
    expect(result.status).toBe(200)
    expect((result.data as { course: { source: string } }).course.source).toBe('content')
    expect((await editPage('consulting-ngos', otherMentor)).status).toBe(403)
  })
})

describe('creating and editing a course', () => {
  test('a new course is a draft of the chosen organisation, authored in the app, with a slug from its title', async () => {
    const result = await create(w.mentor, courseForm({ title: 'Гранты для НКО: с чего начать', organisationId: w.mentorOrg.id }))
    expect(result.status).toBe(302)
    expect(result.location).toBe('/courses/granty-dlya-nko-s-chego-nachat/edit')
    expect(flashOf(result)).toBe('authoring.flash.courseCreated')
    const course = await courseBySlug('granty-dlya-nko-s-chego-nachat')
    expect(course).toMatchObject({ status: 'draft', source: 'authored', organisationId: w.mentorOrg.id, createdById: w.mentor.id })
    expect(await modulesOf(course.id)).toHaveLength(1)
    const [entry] = await testDb().select().from(auditLog).where(and(eq(auditLog.entityId, course.id), eq(auditLog.action, 'course.create')))
    expect(entry).toMatchObject({ entityType: 'course', actorId: w.mentor.id, organisationId: w.mentorOrg.id })

    // The same title again gets the next free address.
    const again = await create(w.mentor, courseForm({ title: 'Гранты для НКО: с чего начать', organisationId: w.mentorOrg.id }))
    expect(again.location).toBe('/courses/granty-dlya-nko-s-chego-nachat-2/edit')
  })

  test('a mentor of one organisation need not choose it', async () => {
    const result = await create(w.mentor, courseForm())
    expect(result.status).toBe(302)
    const slug = result.location!.split('/')[2]!
    expect((await courseBySlug(slug)).organisationId).toBe(w.mentorOrg.id)
  })

  test('an empty title is a 400 with the typed values kept', async () => {
    const result = await create(w.mentor, courseForm({ title: '   ', summary: 'Для новых центров' }))
    expect(result.status).toBe(400)
    const data = result.data as { errors: Record<string, string[]>; values: Form }
    expect(data.errors.title).toEqual(['validation.required'])
    expect(data.values.summary).toBe('Для новых центров')
    const bad = await create(w.mentor, courseForm({ topic: 'astrology' }))
    expect(bad.status).toBe(400)
  })

  test('details: a duplicate slug is a 409, a malformed or reserved one a 400, an empty title a 400', async () => {
    const a = await makeCourse(w.mentor, w.mentorOrg.id)
    const b = await makeCourse(w.mentor, w.mentorOrg.id)
    const details = (overrides: Form) => edit(b.slug, w.mentor, { intent: 'details', ...courseForm(), slug: b.slug, ...overrides })

    const taken = await details({ slug: a.slug })
    expect(taken.status).toBe(409)
    expect((taken.data as { errors: Record<string, string[]> }).errors.slug).toEqual(['authoring.error.slugTaken'])
    expect((await details({ slug: 'consulting-ngos' })).status).toBe(409)
    expect((await details({ slug: 'Плохой адрес' })).status).toBe(400)
    expect((await details({ slug: 'new' })).status).toBe(400)
    const empty = await details({ title: '' })
    expect(empty.status).toBe(400)
    expect((empty.data as { errors: Record<string, string[]> }).errors.title).toEqual(['validation.required'])
    expect((await courseBySlug(b.slug)).slug).toBe(b.slug)

    const fresh = `novyy-adres-${unique().toLowerCase()}`
    const saved = await details({ slug: fresh, title: 'Новое название', summary: 'Кратко', isPublic: 'on' })
    expect(saved.status).toBe(302)
    expect(saved.location).toBe(`/courses/${fresh}/edit`)
    expect(await courseBySlug(fresh)).toMatchObject({ title: 'Новое название', summary: 'Кратко', isPublic: true })
  })

  test('details of a content course keep its slug', async () => {
    const before = await courseBySlug('volunteers-and-community')
    const result = await edit('volunteers-and-community', w.mentor, {
      intent: 'details',
      title: before.title,
      topic: before.topic,
      stage: before.stage,
      completion: before.completion,
      summary: before.summary,
      slug: 'something-else',
      descriptionText: 'текст не менялся? нет — изменён',
    })
    expect(result.status).toBe(302)
    expect(result.location).toBe('/courses/volunteers-and-community/edit')
    expect((await courseBySlug('volunteers-and-community')).id).toBe(before.id)
  })

  test('publishing a course needs a published lesson; then unpublish, archive and restore', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)
    const refused = await edit(c.slug, w.mentor, { intent: 'publish' })
    expect(refused.status).toBe(422)
    expect((refused.data as { errors: Record<string, string[]> }).errors['']).toEqual(['authoring.error.noPublishedLessons'])
    expect((await courseBySlug(c.slug)).status).toBe('draft')

    expect((await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish' }))).status).toBe(302)
    expect((await edit(c.slug, w.mentor, { intent: 'publish' })).status).toBe(302)
    const published = await courseBySlug(c.slug)
    expect(published.status).toBe('published')
    expect(published.publishedAt).not.toBeNull()
    expect(published.searchVector).toContain('ресурсн')

    expect((await edit(c.slug, w.mentor, { intent: 'unpublish' })).status).toBe(302)
    expect((await courseBySlug(c.slug)).status).toBe('draft')
    expect((await edit(c.slug, w.mentor, { intent: 'archive' })).status).toBe(302)
    expect((await courseBySlug(c.slug)).status).toBe('archived')
    expect((await edit(c.slug, w.mentor, { intent: 'restore' })).status).toBe(302)
    expect((await courseBySlug(c.slug)).status).toBe('draft')
    expect((await edit(c.slug, w.mentor, { intent: 'nonsense' })).status).toBe(400)
  })
})

describe('lessons: drafts, publishing and versions', () => {
  test('draft → version 1 → version 2; older versions stay and learners’ progress keeps its version', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)

    // Saving a draft makes no version.
    const draft = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { quiz: JSON.stringify(QUIZ) }))
    expect(draft.status).toBe(302)
    expect(flashOf(draft)).toBe('authoring.flash.draftSaved')
    expect(await versionsOf(c.lessonId)).toHaveLength(0)
    const saved = await lessonRow(c.lessonId)
    expect(saved).toMatchObject({ title: 'Первый урок', minutes: 15, required: true, publishedVersionId: null })
    expect(saved.draftJson).toEqual(BODY)
    expect(saved.draftQuiz).toEqual(QUIZ)

    // Publishing makes version 1 with the author and the note.
    const first = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish', quiz: JSON.stringify(QUIZ), changeNote: 'Первая публикация' }))
    expect(first.status).toBe(302)
    expect(flashOf(first)).toBe('authoring.flash.lessonPublished')
    const [v1] = await versionsOf(c.lessonId)
    expect(v1).toMatchObject({ version: 1, title: 'Первый урок', changeNote: 'Первая публикация', createdById: w.mentor.id, quiz: QUIZ })
    expect(v1!.bodyHtml).toContain('<aside')
    expect(v1!.bodyHtml).toContain('Ресурсный центр помогает НКО')
    expect((await lessonRow(c.lessonId)).publishedVersionId).toBe(v1!.id)

    // A learner completes version 1.
    const completedAt = new Date('2026-04-01T10:00:00Z')
    await testDb().insert(lessonProgress).values({
      userId: learner.id,
      lessonId: c.lessonId,
      courseId: c.courseId,
      lessonVersionId: v1!.id,
      completedAt,
      quizScore: 100,
      quizPassed: true,
      updatedAt: completedAt,
    })

    // Publishing the same thing again makes no new version.
    const same = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish', quiz: JSON.stringify(QUIZ) }))
    expect(flashOf(same)).toBe('authoring.flash.nothingToPublish')
    expect(await versionsOf(c.lessonId)).toHaveLength(1)

    // An edit published: version 2; version 1 is still there and the learner still points at it.
    const changed = doc(para(text('Новый текст урока: обновлены сроки конкурса.')))
    const second = await lessonPost(
      c.slug,
      c.lessonId,
      w.mentor,
      lessonForm(c.moduleId, { intent: 'publish', title: 'Первый урок (2026)', body: JSON.stringify(changed), quiz: JSON.stringify(QUIZ), changeNote: 'Сроки 2026 года' }),
    )
    expect(second.status).toBe(302)
    const versions = await versionsOf(c.lessonId)
    expect(versions.map((v) => v.version)).toEqual([1, 2])
    expect(versions[0]!.bodyHtml).toBe(v1!.bodyHtml)
    expect(versions[1]).toMatchObject({ title: 'Первый урок (2026)', changeNote: 'Сроки 2026 года' })
    expect((await lessonRow(c.lessonId)).publishedVersionId).toBe(versions[1]!.id)
    const [progress] = await testDb().select().from(lessonProgress).where(eq(lessonProgress.lessonId, c.lessonId))
    expect(progress).toMatchObject({ lessonVersionId: v1!.id, completedAt, updatedAt: completedAt, quizScore: 100 })

    // The editor lists both versions; the old one is readable, and says it is not current.
    const page = (await lessonPage(c.slug, c.lessonId, w.mentor)).data as {
      versions: { id: string; version: number; learners: number }[]
      lesson: { publishedVersion: number; changed: boolean }
    }
    expect(page.versions.map((v) => [v.version, v.learners])).toEqual([
      [2, 0],
      [1, 1],
    ])
    expect(page.lesson).toMatchObject({ publishedVersion: 2, changed: false })
    const old = await versionPage(c.slug, v1!.id, w.mentor)
    expect(old.status).toBe(200)
    expect(old.data).toMatchObject({ version: { version: 1, current: false, latest: 2, title: 'Первый урок' } })
    expect((old.data as { version: { bodyHtml: string } }).version.bodyHtml).toContain('Ресурсный центр помогает НКО')

    // "Use as draft" brings version 1 back into the working copy only.
    const restored = await versionPost(c.slug, v1!.id, w.mentor, { intent: 'restore' })
    expect(restored.status).toBe(302)
    expect(restored.location).toBe(`/courses/${c.slug}/edit/${c.lessonId}`)
    const after = await lessonRow(c.lessonId)
    expect(after.draftJson).toEqual(BODY)
    expect(after.title).toBe('Первый урок')
    expect(after.publishedVersionId).toBe(versions[1]!.id)
    expect((await versionPost(c.slug, v1!.id, w.mentor, { intent: 'other' })).status).toBe(400)

    const entries = await testDb()
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, c.lessonId), eq(auditLog.action, 'lesson.publish')))
    expect(entries[0]!.n).toBe(2)
  })

  test('a lesson without text cannot be published, and a failed publish changes nothing', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)
    const result = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish', body: '', title: 'Пустой урок' }))
    expect(result.status).toBe(400)
    expect((result.data as { errors: Record<string, string[]> }).errors.body).toEqual(['authoring.error.emptyBody'])
    expect((result.data as { values: Form }).values.title).toBe('Пустой урок')
    expect(await versionsOf(c.lessonId)).toHaveLength(0)
    expect((await lessonRow(c.lessonId)).title).toBe('Первый урок')
  })

  test('bad lesson fields are a 400 with values kept; a stale form is a 409', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)
    const empty = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { title: '' }))
    expect(empty.status).toBe(400)
    expect((empty.data as { errors: Record<string, string[]> }).errors.title).toEqual(['validation.required'])
    expect((empty.data as { values: Form }).values.body).toBe(JSON.stringify(BODY))
    expect((await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { minutes: '0' }))).status).toBe(400)
    expect((await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { minutes: 'много' }))).status).toBe(400)
    // A module of another course.
    const other = await makeCourse(w.mentor, w.mentorOrg.id)
    const wrongModule = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(other.moduleId))
    expect(wrongModule.status).toBe(400)
    expect((await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm('not-a-module'))).status).toBe(400)
    expect((await lessonRow(c.lessonId)).moduleId).toBe(c.moduleId)

    const page = (await lessonPage(c.slug, c.lessonId, w.mentor)).data as { lesson: { version: number } }
    expect((await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { version: String(page.lesson.version) }))).status).toBe(302)
    // The same (now outdated) form sent again.
    const stale = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { version: String(page.lesson.version), title: 'Поверх чужих правок' }))
    expect(stale.status).toBe(409)
    expect((await lessonRow(c.lessonId)).title).toBe('Первый урок')
  })

  test('without JavaScript: an untouched textarea keeps the formatted text, a changed one becomes paragraphs; the quiz stays', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)
    await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { quiz: JSON.stringify(QUIZ) }))
    const page = (await lessonPage(c.slug, c.lessonId, w.mentor)).data as { lesson: { bodyText: string } }
    const { body: _body, quiz: _quiz, ...noScript } = lessonForm(c.moduleId)
    const untouched = await lessonPost(c.slug, c.lessonId, w.mentor, { ...noScript, title: 'Без скриптов', bodyText: page.lesson.bodyText.replace(/\n/g, '\r\n') })
    expect(untouched.status).toBe(302)
    const kept = await lessonRow(c.lessonId)
    expect(kept.title).toBe('Без скриптов')
    expect(kept.draftJson).toEqual(BODY)
    expect(kept.draftQuiz).toEqual(QUIZ)

    await lessonPost(c.slug, c.lessonId, w.mentor, { ...noScript, bodyText: 'Первый абзац.\r\n\r\nВторой абзац.' })
    expect((await lessonRow(c.lessonId)).draftJson).toEqual(doc(para(text('Первый абзац.')), para(text('Второй абзац.'))))
    expect((await lessonRow(c.lessonId)).draftQuiz).toEqual(QUIZ)
  })
})

describe('quiz rules', () => {
  let c: Awaited<ReturnType<typeof makeCourse>>
  beforeAll(async () => {
    c = await makeCourse(w.mentor, w.mentorOrg.id)
  })

  const withQuestion2 = (question: object, passMark: unknown = 70) => JSON.stringify({ passMark, questions: [QUIZ.questions[0], question] })
  const send = (quiz: string, intent = 'save') => lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent, quiz, title: 'Урок с тестом' }))

  async function expectProblem(quiz: string, key: string, question?: number) {
    const result = await send(quiz)
    expect(result.status).toBe(400)
    const data = result.data as { errors: Record<string, string[]>; quizProblems: { key: string; params?: Record<string, number> }[]; values: Form }
    expect(data.errors.quiz).toEqual(['authoring.quiz.invalid'])
    expect(data.quizProblems).toContainEqual(question ? { key, params: expect.objectContaining({ question }) } : { key })
    // What the author typed comes back, so nothing is lost.
    expect(data.values.title).toBe('Урок с тестом')
    expect(data.values.quiz).toBe(quiz)
    const problem = data.quizProblems.find((p) => p.key === key)!
    const message = translate('ru', problem.key, problem.params)
    expect(message).not.toBe(key)
    if (question) expect(message).toContain(`Вопрос ${question}`)
    return message
  }

  test('no correct answer', async () => {
    const message = await expectProblem(
      withQuestion2({ text: 'Вопрос без ответа', kind: 'single', options: [{ text: 'А', correct: false }, { text: 'Б', correct: false }] }),
      'authoring.quiz.noCorrect',
      2,
    )
    expect(message).toBe('Вопрос 2: отметьте хотя бы один правильный ответ.')
  })

  test('a single-choice question with two correct answers', async () => {
    await expectProblem(
      withQuestion2({ text: 'Один ответ', kind: 'single', options: [{ text: 'А', correct: true }, { text: 'Б', correct: true }] }),
      'authoring.quiz.singleManyCorrect',
      2,
    )
  })

  test('fewer than two options, empty texts', async () => {
    await expectProblem(withQuestion2({ text: 'Один вариант', kind: 'multiple', options: [{ text: 'А', correct: true }] }), 'authoring.quiz.fewOptions', 2)
    await expectProblem(withQuestion2({ text: ' ', kind: 'multiple', options: [{ text: 'А', correct: true }, { text: 'Б', correct: false }] }), 'authoring.quiz.questionEmpty', 2)
    await expectProblem(withQuestion2({ text: 'Пустой вариант', kind: 'multiple', options: [{ text: 'А', correct: true }, { text: '', correct: false }] }), 'authoring.quiz.optionText', 2)
  })

  test('a pass mark outside 1–100, no questions, malformed JSON', async () => {
    for (const mark of [0, 101, 50.5, 'семьдесят']) {
      await expectProblem(JSON.stringify({ ...QUIZ, passMark: mark }), 'authoring.quiz.passMarkInvalid')
    }
    await expectProblem(JSON.stringify({ passMark: 70, questions: [] }), 'authoring.quiz.noQuestions')
    await expectProblem('{"passMark": 70, "questions": [', 'authoring.quiz.malformed')
    await expectProblem(JSON.stringify({ passMark: 70, questions: [{ text: 'x', kind: 'essay', options: [] }] }), 'authoring.quiz.malformed')
  })

  test('refused quizzes are never stored; a good one is, and an empty field removes it', async () => {
    expect((await lessonRow(c.lessonId)).draftQuiz).toBeNull()
    expect((await send(JSON.stringify(QUIZ))).status).toBe(302)
    expect((await lessonRow(c.lessonId)).draftQuiz).toEqual(QUIZ)
    expect((await send('')).status).toBe(302)
    expect((await lessonRow(c.lessonId)).draftQuiz).toBeNull()
  })
})

describe('reordering and deleting', () => {
  test('lessons and modules move up and down; positions are renumbered through the course', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)
    expect((await edit(c.slug, w.mentor, { intent: 'addModule', title: 'Второй модуль' })).status).toBe(302)
    const [m1, m2] = await modulesOf(c.courseId)
    const add = async (moduleId: string, title: string) => {
      const r = await edit(c.slug, w.mentor, { intent: 'addLesson', moduleId, title })
      expect(r.status).toBe(302)
      return r.location!.split('/').pop()!
    }
    const b = await add(m1!.id, 'Б')
    const x = await add(m2!.id, 'Икс')
    const a = c.lessonId
    const order = async () => (await lessonsOf(c.courseId)).map((l) => [l.title, l.moduleId === m1!.id ? 1 : 2, l.position])
    expect(await order()).toEqual([
      ['Первый урок', 1, 0],
      ['Б', 1, 1],
      ['Икс', 2, 2],
    ])

    const move = (lessonId: string, direction: string) => edit(c.slug, w.mentor, { intent: 'moveLesson', lessonId, direction })
    expect((await move(b, 'up')).status).toBe(302)
    expect(await order()).toEqual([
      ['Б', 1, 0],
      ['Первый урок', 1, 1],
      ['Икс', 2, 2],
    ])
    // The last lesson of a module goes down into the next module, at its start.
    await move(a, 'down')
    expect(await order()).toEqual([
      ['Б', 1, 0],
      ['Первый урок', 2, 1],
      ['Икс', 2, 2],
    ])
    // The first lesson of the course cannot go further up.
    const edge = await move(b, 'up')
    expect(flashOf(edge)).toBe('authoring.flash.notMoved')
    await move(x, 'up')
    await move(x, 'up')
    expect(await order()).toEqual([
      ['Б', 1, 0],
      ['Икс', 1, 1],
      ['Первый урок', 2, 2],
    ])

    // Modules move with their lessons.
    expect((await edit(c.slug, w.mentor, { intent: 'moveModule', moduleId: m2!.id, direction: 'up' })).status).toBe(302)
    expect((await modulesOf(c.courseId)).map((m) => [m.title, m.position])).toEqual([
      ['Второй модуль', 0],
      [m1!.title, 1],
    ])
    expect(await order()).toEqual([
      ['Первый урок', 2, 0],
      ['Б', 1, 1],
      ['Икс', 1, 2],
    ])
    expect((await edit(c.slug, w.mentor, { intent: 'moveLesson', lessonId: x, direction: 'sideways' })).status).toBe(404)

    // The editor page shows the same order.
    const page = (await editPage(c.slug, w.mentor)).data as { modules: { title: string; lessons: { title: string }[] }[] }
    expect(page.modules.map((m) => [m.title, m.lessons.map((l) => l.title)])).toEqual([
      ['Второй модуль', ['Первый урок']],
      [m1!.title, ['Б', 'Икс']],
    ])

    // Moving a lesson to another module in its editor puts it at the end of that module.
    await lessonPost(c.slug, b, w.mentor, lessonForm(m2!.id, { title: 'Б' }))
    expect(await order()).toEqual([
      ['Первый урок', 2, 0],
      ['Б', 2, 1],
      ['Икс', 1, 2],
    ])
  })

  test('a lesson with learners’ progress cannot be deleted (409); one without can', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)
    await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish' }))
    const [v1] = await versionsOf(c.lessonId)
    await testDb().insert(lessonProgress).values({ userId: learner.id, lessonId: c.lessonId, courseId: c.courseId, lessonVersionId: v1!.id })
    const refused = await edit(c.slug, w.mentor, { intent: 'deleteLesson', lessonId: c.lessonId })
    expect(refused.status).toBe(409)
    expect((refused.data as { errors: Record<string, string[]> }).errors['']).toEqual(['authoring.error.lessonHasProgress'])
    expect(await lessonRow(c.lessonId)).toBeDefined()
    expect(await versionsOf(c.lessonId)).toHaveLength(1)

    // A quiz attempt alone is progress too.
    const tried = (await edit(c.slug, w.mentor, { intent: 'addLesson', moduleId: c.moduleId, title: 'Урок с попыткой' })).location!.split('/').pop()!
    await lessonPost(c.slug, tried, w.mentor, lessonForm(c.moduleId, { intent: 'publish', title: 'Урок с попыткой', quiz: JSON.stringify(QUIZ) }))
    const [tv] = await versionsOf(tried)
    await testDb().insert(quizAttempts).values({ userId: learner.id, lessonVersionId: tv!.id, answers: [[0], [0, 1]], score: 100, passed: true })
    expect((await edit(c.slug, w.mentor, { intent: 'deleteLesson', lessonId: tried })).status).toBe(409)

    const other = await edit(c.slug, w.mentor, { intent: 'addLesson', moduleId: c.moduleId, title: 'Лишний урок' })
    const extra = other.location!.split('/').pop()!
    const deleted = await edit(c.slug, w.mentor, { intent: 'deleteLesson', lessonId: extra })
    expect(deleted.status).toBe(302)
    expect((await lessonsOf(c.courseId)).map((l) => [l.title, l.position])).toEqual([
      ['Первый урок', 0],
      ['Урок с попыткой', 1],
    ])
    expect((await edit(c.slug, w.mentor, { intent: 'deleteLesson', lessonId: extra })).status).toBe(404)
  })

  test('a module must be empty to be deleted; empty titles are refused', async () => {
    const c = await makeCourse(w.mentor, w.mentorOrg.id)
    const refused = await edit(c.slug, w.mentor, { intent: 'deleteModule', moduleId: c.moduleId })
    expect(refused.status).toBe(409)
    expect((refused.data as { errors: Record<string, string[]> }).errors['']).toEqual(['authoring.error.moduleNotEmpty'])
    expect((await edit(c.slug, w.mentor, { intent: 'addModule', title: ' ' })).status).toBe(400)
    await edit(c.slug, w.mentor, { intent: 'addModule', title: 'Пустой модуль' })
    const empty = (await modulesOf(c.courseId)).find((m) => m.title === 'Пустой модуль')!
    expect((await edit(c.slug, w.mentor, { intent: 'renameModule', moduleId: empty.id, title: '' })).status).toBe(400)
    expect((await edit(c.slug, w.mentor, { intent: 'renameModule', moduleId: empty.id, title: 'Переименованный' })).status).toBe(302)
    expect((await edit(c.slug, w.mentor, { intent: 'deleteModule', moduleId: empty.id })).status).toBe(302)
    expect((await modulesOf(c.courseId)).map((m) => m.position)).toEqual([0])
  })
})

describe('security: known XSS payloads through the lesson save and publish actions', () => {
  let c: Awaited<ReturnType<typeof makeCourse>>
  beforeAll(async () => {
    c = await makeCourse(w.mentor, w.mentorOrg.id)
  })

  const NEEDLES = ['javascript:', 'onerror', '<svg', 'data:', '<script']

  const refusedDocs: [string, object][] = [
    ['a javascript: link', doc(para({ type: 'text', text: 'нажми', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }))],
    ['a link with an upper-case, spaced scheme', doc(para({ type: 'text', text: 'нажми', marks: [{ type: 'link', attrs: { href: ' JaVaScRiPt:alert(1)' } }] }))],
    ['a data: SVG image', doc({ type: 'image', attrs: { src: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+' } })],
    ['an image with onerror in its attributes', doc({ type: 'image', attrs: { src: 'https://example.org/a.png', onerror: 'alert(1)' } })],
    ['an image with src=x', doc({ type: 'image', attrs: { src: 'x', onerror: 'alert(1)' } })],
    ['a video from a host that is not allowed', doc({ type: 'videoEmbed', attrs: { src: 'https://evil.example/video/123' } })],
    ['a video pointing at javascript:', doc({ type: 'videoEmbed', attrs: { src: 'javascript:alert(1)' } })],
    ['an unknown node', doc({ type: 'iframe', attrs: { src: 'https://evil.example' } })],
    ['a script node', doc({ type: 'script', content: [text('alert(1)')] })],
    ['a style attribute on a paragraph', { type: 'doc', content: [{ type: 'paragraph', attrs: { style: 'background:url(javascript:alert(1))' }, content: [text('x')] }] }],
    ['a callout with a made-up variant', doc({ type: 'callout', attrs: { variant: '"><script>alert(1)</script>' }, content: [para(text('x'))] })],
    ['an unknown mark', doc(para({ type: 'text', text: 'x', marks: [{ type: 'onmouseover', attrs: {} }] }))],
  ]

  test.each(refusedDocs)('%s is refused with 400 on save and on publish, and nothing is stored', async (_name, payload) => {
    const before = await lessonRow(c.lessonId)
    for (const intent of ['save', 'publish']) {
      const result = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent, body: JSON.stringify(payload) }))
      expect(result.status).toBe(400)
      expect((result.data as { errors: Record<string, string[]> }).errors.body).toEqual(['validation.richText'])
    }
    expect((await lessonRow(c.lessonId)).draftJson).toEqual(before.draftJson)
    expect(await versionsOf(c.lessonId)).toHaveLength(0)
  })

  test('a body that is not JSON, or not a document, is refused', async () => {
    for (const body of ['<img src=x onerror=alert(1)>', '{"type":"paragraph"}', '[]']) {
      expect((await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { body }))).status).toBe(400)
    }
  })

  test('markup typed as text is published as text: no tag, attribute or address of it survives', async () => {
    const payloads = [
      '<svg onload=alert(1)>',
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '<a href="javascript:alert(1)">ссылка</a>',
      '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    ]
    const body = doc(...payloads.map((p) => para(text(p))))
    const result = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish', body: JSON.stringify(body) }))
    expect(result.status).toBe(302)
    const [version] = await versionsOf(c.lessonId)
    const html = version!.bodyHtml
    // Every "<" a person typed is escaped, so no element of theirs exists…
    for (const needle of ['<svg', '<script', '<img', '<iframe', '<a ']) expect(html).not.toContain(needle)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    // …and the markup that does exist (the paragraphs) carries none of the dangerous strings.
    const tags = (html.match(/<[^>]*>/g) ?? []).join('')
    expect(tags).toMatch(/^(<\/?p>)+$/)
    for (const needle of NEEDLES) expect(tags).not.toContain(needle)

    // The same through the no-JavaScript textarea.
    const { body: _b, ...noScript } = lessonForm(c.moduleId, { intent: 'publish' })
    const plain = await lessonPost(c.slug, c.lessonId, w.mentor, { ...noScript, bodyText: payloads.join('\n\n') + '\n\nЕщё абзац.' })
    expect(plain.status).toBe(302)
    const [, v2] = await versionsOf(c.lessonId)
    const tags2 = (v2!.bodyHtml.match(/<[^>]*>/g) ?? []).join('')
    expect(tags2).toMatch(/^(<\/?p>)+$/)
    for (const needle of ['<svg', '<script', '<img', '<iframe']) expect(v2!.bodyHtml).not.toContain(needle)
  })

  test('allowed media render only as safe markup', async () => {
    const body = doc(
      { type: 'image', attrs: { src: 'https://example.org/scheme.png', alt: 'Схема «центр — НКО»' } },
      { type: 'videoEmbed', attrs: { src: 'https://rutube.ru/video/abc123def456/', title: 'Вебинар' } },
      para({ type: 'text', text: 'Сайт фонда', marks: [{ type: 'link', attrs: { href: 'https://xn--80afcdbalict6afooklqi5o.xn--p1ai/' } }] }),
    )
    const result = await lessonPost(c.slug, c.lessonId, w.mentor, lessonForm(c.moduleId, { intent: 'publish', body: JSON.stringify(body) }))
    expect(result.status).toBe(302)
    const versions = await versionsOf(c.lessonId)
    const html = versions[versions.length - 1]!.bodyHtml
    expect(html).toContain('<img src="https://example.org/scheme.png" alt="Схема «центр — НКО»"')
    expect(html).toContain('src="https://rutube.ru/play/embed/abc123def456"')
    expect(html).toContain('rel="noopener noreferrer nofollow"')
    for (const needle of NEEDLES) expect(html).not.toContain(needle)
  })

  test('the course description goes through the same checks', async () => {
    const course = await courseBySlug(c.slug)
    const bad = doc(para({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }))
    const result = await edit(c.slug, w.mentor, {
      intent: 'details',
      title: course.title,
      topic: course.topic,
      stage: course.stage,
      completion: course.completion,
      slug: course.slug,
      description: JSON.stringify(bad),
    })
    expect(result.status).toBe(400)
    expect((result.data as { errors: Record<string, string[]> }).errors.description).toEqual(['validation.richText'])
    const good = await edit(c.slug, w.mentor, {
      intent: 'details',
      title: course.title,
      topic: course.topic,
      stage: course.stage,
      completion: course.completion,
      slug: course.slug,
      description: JSON.stringify(doc(para(text('<script>alert(1)</script> Курс для новых центров.')))),
    })
    expect(good.status).toBe(302)
    const saved = await courseBySlug(c.slug)
    expect(saved.descriptionHtml).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; Курс для новых центров.</p>')
  })

  test('a learner who is also a user of the site cannot publish by posting directly', async () => {
    const someone = await createUser()
    const result = await lessonPost(c.slug, c.lessonId, someone, lessonForm(c.moduleId, { intent: 'publish' }))
    expect(result.status).toBe(403)
  })
})
