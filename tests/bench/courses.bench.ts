// Curricula at federal scale (`npm run db:scale`: 45 published courses, ~180,000 enrolments, ~1 million
// lesson completions, ~300,000 quiz attempts): the catalogue, a course and a lesson page, "My learning",
// the programme progress report and a centre's learning page, called through the routes' loaders with a
// session cookie as Remix would, plus the report queries on their own.
//   BENCH_DATABASE_URL=postgres://…/resursnik_scale npx vitest bench --run tests/bench/courses.bench.ts
//   PGLITE_DIR=/tmp/resursnik-scale npx vitest bench --run tests/bench/courses.bench.ts
// After `npm run build` it also prints the JavaScript the lesson page and the catalogue load (see jsSizes).
// Like events.bench.ts it refuses an embedded directory when bench files may run in parallel.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { afterAll, bench, describe } from 'vitest'
import type { Database } from '#db/client.ts'
import {
  courseModules,
  courses,
  enrolments,
  lessonProgress,
  lessons,
  lessonVersions,
  memberships,
  organisations,
  programmeCentres,
  programmeManagers,
  programmes,
  quizAttempts,
  sessions,
} from '#db/schema/index.ts'
import { explainOperation, openBenchDatabase, writePlans, type PlanReport } from './bench-db.ts'

const BENCH = { time: 1000, warmupTime: 200 }
/** The temporary programme of every centre (see addFederalProgramme). */
const FEDERAL_PROGRAMME_ID = '00000000-0000-4000-8000-00000000fed1'

function maxWorkers() {
  const state = (globalThis as { __vitest_worker__?: { config?: { maxWorkers?: number } } }).__vitest_worker__
  return state?.config?.maxWorkers ?? 2
}

printJsSizes()

const opened =
  !process.env.BENCH_DATABASE_URL && process.env.PGLITE_DIR && maxWorkers() > 1
    ? {
        skip:
          'an embedded PGlite directory must not be opened by two bench files at once: ' +
          'run without --file-parallelism (or with --no-file-parallelism)',
      }
    : await openBenchDatabase()
const noCourses = 'skip' in opened ? null : await hasNoEnrolments(opened.handle.db)

if ('skip' in opened || noCourses) {
  const reason = 'skip' in opened ? opened.skip : noCourses!
  if (!('skip' in opened)) await opened.handle.close()
  console.warn(`[bench] Course benchmarks skipped: ${reason}.`)
  describe.skip(`course benchmarks (${reason})`, () => {
    bench('nothing to measure', () => {})
  })
} else {
  const target = opened
  const db = target.handle.db
  // App modules read the database handle when first imported: point them at the scale database first.
  globalThis.__resursnikDb = target.handle
  const { createSession, SESSION_COOKIE } = await import('#app/utils/session.server.ts')
  const { hashToken } = await import('#app/utils/crypto.server.ts')
  const { programmeProgressByCentre, courseDropOff, centreProgressByPerson } = await import(
    '#app/models/learning-report.server.ts'
  )
  const { loader: catalogueLoader } = await import('#app/routes/courses._index.tsx')
  const { loader: courseLoader } = await import('#app/routes/courses.$slug.tsx')
  const { loader: lessonLoader } = await import('#app/routes/courses.$slug_.$lesson.tsx')
  const { loader: learningLoader } = await import('#app/routes/learning.tsx')
  const { loader: programmeLearningLoader } = await import('#app/routes/programmes.$id_.learning.tsx')
  const { loader: centreLearningLoader } = await import('#app/routes/organisations.$id_.learning.tsx')

  const actors = await findActors(db)
  // The "programme with 2,000 centres and 100,000 learners": generated programmes have 5–30 centres,
  // so a federal one spanning every centre is added for the run (and removed afterwards).
  const federal = await addFederalProgramme(db, actors.programme, actors.users.manager)
  const roles = ['staff', 'learner', 'leader', 'manager'] as const
  type Role = (typeof roles)[number]
  const tokens = {} as Record<Role, string>
  for (const role of roles) tokens[role] = (await createSession(db, actors.users[role], 'courses-benchmark')).token

  const context = () => ({ requestCache: new Map(), clientIp: 'bench' })
  const call = (loader: (args: never) => unknown, url: string, params: Record<string, string>, role: Role | null) =>
    loader({
      request: new Request(`http://localhost${url}`, {
        headers: role ? { Cookie: `${SESSION_COOKIE}=${tokens[role]}` } : {},
      }),
      params,
      context: context(),
    } as never)
  const { learning } = actors
  const grant = encodeURIComponent('грант')

  const operations: { name: string; run: () => Promise<unknown> | unknown }[] = [
    { name: '/courses loader: signed out (public courses, page 1)', run: () => call(catalogueLoader, '/courses', {}, null) },
    { name: '/courses loader: centre staff (page 1 + my enrolment and progress)', run: () => call(catalogueLoader, '/courses', {}, 'staff') },
    { name: '/courses?q=грант loader: centre staff', run: () => call(catalogueLoader, `/courses?q=${grant}`, {}, 'staff') },
    {
      name: '/courses?topic=fundraising&stage=operating loader: centre staff',
      run: () => call(catalogueLoader, '/courses?topic=fundraising&stage=operating', {}, 'staff'),
    },
    {
      name: '/courses?q=грант&topic=fundraising loader: signed out',
      run: () => call(catalogueLoader, `/courses?q=${grant}&topic=fundraising`, {}, null),
    },
    {
      name: `/courses/<slug> loader: enrolled learner (${learning.courseLessons} lessons)`,
      run: () => call(courseLoader, `/courses/${learning.courseSlug}`, { slug: learning.courseSlug }, 'learner'),
    },
    {
      name: '/courses/<slug>/<lesson> loader: enrolled learner (next lesson)',
      run: () =>
        call(lessonLoader, `/courses/${learning.courseSlug}/${learning.lessonSlug}`, { slug: learning.courseSlug, lesson: learning.lessonSlug }, 'learner'),
    },
    {
      name: '/courses/<slug>/<lesson> loader: signed out, public seed course',
      run: () =>
        call(lessonLoader, `/courses/${actors.publicLesson.course}/${actors.publicLesson.lesson}`, {
          slug: actors.publicLesson.course,
          lesson: actors.publicLesson.lesson,
        }, null),
    },
    { name: `/learning loader: learner (${actors.facts.learnerEnrolments} enrolments)`, run: () => call(learningLoader, '/learning', {}, 'learner') },
    {
      name: `programmeProgressByCentre: largest programme (${actors.facts.programmeCentres} centres), all courses`,
      run: () => programmeProgressByCentre(db, actors.programme, null),
    },
    {
      name: 'programmeProgressByCentre: largest programme, one course',
      run: () => programmeProgressByCentre(db, actors.programme, actors.programmeCourse),
    },
    { name: 'courseDropOff: largest programme, one course', run: () => courseDropOff(db, actors.programmeCourse, actors.programme) },
    {
      name: '/programmes/<id>/learning loader: manager, all courses',
      run: () => call(programmeLearningLoader, `/programmes/${actors.programme}/learning`, { id: actors.programme }, 'manager'),
    },
    {
      name: '/programmes/<id>/learning?course= loader: manager, one course (with drop-off)',
      run: () =>
        call(
          programmeLearningLoader,
          `/programmes/${actors.programme}/learning?course=${actors.programmeCourse}`,
          { id: actors.programme },
          'manager',
        ),
    },
    {
      name: `programmeProgressByCentre: federal programme (${federal.centres} centres, ${federal.enrolments} enrolments), all courses`,
      run: () => programmeProgressByCentre(db, federal.id, null),
    },
    {
      name: 'programmeProgressByCentre: federal programme, one course',
      run: () => programmeProgressByCentre(db, federal.id, actors.programmeCourse),
    },
    { name: 'courseDropOff: federal programme, one course', run: () => courseDropOff(db, actors.programmeCourse, federal.id) },
    {
      name: '/programmes/<id>/learning loader: manager, federal programme, all courses',
      run: () => call(programmeLearningLoader, `/programmes/${federal.id}/learning`, { id: federal.id }, 'manager'),
    },
    {
      name: '/programmes/<id>/learning?course= loader: manager, federal programme, one course',
      run: () =>
        call(programmeLearningLoader, `/programmes/${federal.id}/learning?course=${actors.programmeCourse}`, { id: federal.id }, 'manager'),
    },
    {
      name: `centreProgressByPerson: centre with the most enrolments (${actors.facts.centreEnrolments})`,
      run: () => centreProgressByPerson(db, actors.centre),
    },
    {
      name: '/organisations/<id>/learning loader: centre leader',
      run: () => call(centreLearningLoader, `/organisations/${actors.centre}/learning`, { id: actors.centre }, 'leader'),
    },
  ]

  const reports: PlanReport[] = []
  const sizes: Record<string, string> = {}
  for (const op of operations) {
    const { result, queries } = await target.capture(async () => op.run())
    sizes[op.name] = describeResult(result)
    reports.push(...(await explainOperation(target, op.name, queries)))
  }
  const planFile = writePlans(target.label, `courses-${target.handle.kind}`, reports)
  console.info(`[bench] ${target.label}: ${JSON.stringify(await dataSizes(db))}`)
  console.info(`[bench] Actors: ${JSON.stringify(actors.facts)}`)
  for (const [name, size] of Object.entries(sizes)) console.info(`[bench]   ${name}: ${size}`)
  console.info(`[bench] Plans written to ${planFile}`)
  for (const r of reports.filter((r) => r.seqScans.length)) {
    console.warn(`[bench] Seq scan on ${r.seqScans.join(', ')} in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }
  for (const r of reports) {
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(r.plan)?.[1] ?? 0)
    if (ms >= 10) console.warn(`[bench] Slow statement (${ms} ms under EXPLAIN ANALYZE) in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }

  afterAll(async () => {
    await db.delete(sessions).where(inArray(sessions.id, Object.values(tokens).map(hashToken)))
    await removeFederalProgramme(db)
    await target.handle.close()
  })

  describe(`courses: ${target.label}`, () => {
    for (const op of operations) {
      bench(
        op.name,
        async () => {
          await op.run()
        },
        BENCH,
      )
    }
  })
}

async function removeFederalProgramme(db: Database) {
  await db.delete(programmes).where(eq(programmes.id, FEDERAL_PROGRAMME_ID))
  await db.execute(sql`analyze programme_centres, programme_managers`)
}

/** A programme of every centre, run by the largest programme's mentor organisation and manager. */
async function addFederalProgramme(db: Database, modelId: string, managerId: string) {
  await removeFederalProgramme(db)
  const [model] = await db.select().from(programmes).where(eq(programmes.id, modelId))
  await db.insert(programmes).values({
    ...model!,
    id: FEDERAL_PROGRAMME_ID,
    name: 'Федеральная программа (бенчмарк)',
    slug: 'bench-federal-programme',
  })
  await db.execute(sql`insert into ${programmeCentres} (programme_id, organisation_id, joined_at)
    select ${FEDERAL_PROGRAMME_ID}::uuid, id, now() from ${organisations} where kind = 'centre'`)
  await db.insert(programmeManagers).values({ programmeId: FEDERAL_PROGRAMME_ID, userId: managerId })
  await db.execute(sql`analyze programme_centres, programme_managers`)
  const [row] = await db
    .select({ centres: sql<number>`count(distinct ${programmeCentres.organisationId})::int`, enrolments: sql<number>`count(${enrolments.id})::int` })
    .from(programmeCentres)
    .leftJoin(enrolments, eq(enrolments.organisationId, programmeCentres.organisationId))
    .where(eq(programmeCentres.programmeId, FEDERAL_PROGRAMME_ID))
  return { id: FEDERAL_PROGRAMME_ID, centres: row!.centres, enrolments: row!.enrolments }
}

async function hasNoEnrolments(db: Database) {
  const [row] = await db.select({ id: enrolments.id }).from(enrolments).limit(1)
  return row ? null : 'the scale database has no enrolments; regenerate it with `npm run db:scale -- --reset`'
}

function describeResult(result: unknown): string {
  if (Array.isArray(result)) return `${result.length} rows`
  if (!result || typeof result !== 'object') return String(result)
  const r = result as Record<string, unknown>
  const parts: string[] = []
  for (const [key, value] of Object.entries(r)) {
    if (Array.isArray(value)) parts.push(`${key}: ${value.length}`)
    else if (typeof value === 'number' && ['total', 'pages', 'enrolled'].includes(key)) parts.push(`${key}: ${value}`)
    else if (value && typeof value === 'object' && Array.isArray((value as { lessons?: unknown[] }).lessons)) {
      parts.push(`${key}: ${(value as { lessons: unknown[] }).lessons.length} lessons, ${(value as { enrolled?: number }).enrolled ?? '?'} enrolled`)
    }
  }
  return parts.join(', ')
}

/**
 * Representative people and places: the centre with the most enrolments (its leader, a staff member, and
 * its learner with the most enrolments, on the next lesson of their largest unfinished course), and the
 * programme with the most centres (a manager; its most taken course for the course filter).
 */
async function findActors(db: Database) {
  const [centreRow] = await db
    .select({ id: enrolments.organisationId, n: count() })
    .from(enrolments)
    .groupBy(enrolments.organisationId)
    .orderBy(sql`count(*) desc`, asc(enrolments.organisationId))
    .limit(1)
  const centre = centreRow!.id!
  const memberOf = async (organisationId: string, role: 'staff' | 'leader') => {
    const [row] = await db
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, role)))
      .orderBy(asc(memberships.userId))
      .limit(1)
    return row!.id
  }
  const [learnerRow] = await db
    .select({ id: enrolments.userId, n: count() })
    .from(enrolments)
    .where(eq(enrolments.organisationId, centre))
    .groupBy(enrolments.userId)
    .orderBy(sql`count(*) desc`, asc(enrolments.userId))
    .limit(1)
  const learner = learnerRow!.id
  // The learner's unfinished course with the most lessons, and its first lesson not yet done.
  const lessonCount = sql<number>`(select count(*)::int from ${lessons} l where l.course_id = ${courses.id} and l.published_version_id is not null)`
  const [course] = await db
    .select({ id: courses.id, slug: courses.slug, lessons: lessonCount })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(and(eq(enrolments.userId, learner), eq(enrolments.status, 'active')))
    .orderBy(sql`3 desc`, asc(courses.slug))
    .limit(1)
  const outline = await db
    .select({ slug: lessons.slug, done: lessonProgress.completedAt })
    .from(lessons)
    .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
    .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.userId, learner)))
    .where(and(eq(lessons.courseId, course!.id), isNotNull(lessons.publishedVersionId)))
    .orderBy(asc(courseModules.position), asc(lessons.position), asc(lessons.id))
  const next = outline.find((l) => !l.done) ?? outline[0]!
  const [publicLesson] = await db
    .select({ course: courses.slug, lesson: lessons.slug })
    .from(courses)
    .innerJoin(lessons, eq(lessons.courseId, courses.id))
    .innerJoin(lessonVersions, eq(lessonVersions.id, lessons.publishedVersionId))
    .where(and(eq(courses.isPublic, true), eq(courses.status, 'published'), eq(courses.source, 'content')))
    .orderBy(asc(courses.slug), asc(lessons.position))
    .limit(1)

  const [programmeRow] = await db
    .select({ id: programmeCentres.programmeId, n: count() })
    .from(programmeCentres)
    .groupBy(programmeCentres.programmeId)
    .orderBy(sql`count(*) desc`, asc(programmeCentres.programmeId))
    .limit(1)
  const programme = programmeRow!.id
  const [manager] = await db
    .select({ id: programmeManagers.userId })
    .from(programmeManagers)
    .where(eq(programmeManagers.programmeId, programme))
    .orderBy(asc(programmeManagers.userId))
    .limit(1)
  const [topCourse] = await db
    .select({ id: enrolments.courseId, n: count() })
    .from(enrolments)
    .innerJoin(programmeCentres, eq(programmeCentres.organisationId, enrolments.organisationId))
    .where(eq(programmeCentres.programmeId, programme))
    .groupBy(enrolments.courseId)
    .orderBy(sql`count(*) desc`, asc(enrolments.courseId))
    .limit(1)
  const [programmeEnrolments] = await db
    .select({ n: count() })
    .from(enrolments)
    .innerJoin(programmeCentres, eq(programmeCentres.organisationId, enrolments.organisationId))
    .where(eq(programmeCentres.programmeId, programme))

  return {
    centre,
    programme,
    programmeCourse: topCourse!.id,
    learning: { courseSlug: course!.slug, courseLessons: course!.lessons, lessonSlug: next.slug },
    publicLesson: publicLesson!,
    users: {
      staff: await memberOf(centre, 'staff'),
      leader: await memberOf(centre, 'leader'),
      learner,
      manager: manager!.id,
    },
    facts: {
      centreEnrolments: centreRow!.n,
      learnerEnrolments: learnerRow!.n,
      programmeCentres: programmeRow!.n,
      programmeEnrolments: programmeEnrolments!.n,
      programmeCourseEnrolments: topCourse!.n,
      course: course!.slug,
      lesson: next.slug,
    },
  }
}

async function dataSizes(db: Database) {
  const [row] = await db
    .select({
      courses: sql<number>`(select count(*)::int from ${courses} where ${courses.status} = 'published')`,
      lessons: sql<number>`(select count(*)::int from ${lessons})`,
      enrolments: sql<number>`(select count(*)::int from ${enrolments})`,
      lessonProgress: sql<number>`(select count(*)::int from ${lessonProgress})`,
      notCompleted: sql<number>`(select count(*)::int from ${lessonProgress} where ${isNull(lessonProgress.completedAt)})`,
      quizAttempts: sql<number>`(select count(*)::int from ${quizAttempts})`,
      database: sql<string>`pg_size_pretty(pg_database_size(current_database()))`,
    })
    .from(sql`(select 1) as one`)
  return row!
}

// ---------------------------------------------------------------------------------------------
// The JavaScript a page loads, from the client build's manifest (`npm run build`): the entry and root
// modules with their imports, plus the route's module and imports, each file counted once. Raw and gzip
// (level 9, file by file, as a server would send them).

type ManifestEntry = { module: string; imports?: string[] }
type Manifest = { entry: ManifestEntry; routes: Record<string, ManifestEntry> }

function printJsSizes() {
  const assets = path.resolve('build/client/assets')
  const file = fs.existsSync(assets) ? fs.readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f)) : undefined
  if (!file) {
    console.warn('[bench] No client build (build/client/assets/manifest-*.js): run `npm run build` for the JS sizes.')
    return
  }
  const text = fs.readFileSync(path.join(assets, file), 'utf8')
  const manifest = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as Manifest
  const root = path.resolve('build/client')
  // Chunks holding editor code (Tiptap / ProseMirror), whoever loads them.
  const editorChunks = fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js') && /tiptap|prosemirror/i.test(fs.readFileSync(path.join(assets, f), 'utf8')))
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  const measure = (routeId: string) => {
    const route = manifest.routes[routeId]
    if (!route) return `${routeId}: not in the manifest`
    const files = new Set<string>()
    for (const entry of [manifest.entry, manifest.routes.root!, route]) {
      files.add(entry.module)
      for (const i of entry.imports ?? []) files.add(i)
    }
    let raw = 0
    let gzip = 0
    const loaded: string[] = []
    const lazy = new Set<string>()
    for (const f of files) {
      const body = fs.readFileSync(path.join(root, f))
      raw += body.length
      gzip += zlib.gzipSync(body, { level: 9 }).length
      const name = path.basename(f)
      if (editorChunks.includes(name)) loaded.push(name)
      // A chunk named in the code (a dynamic import) is fetched when that code runs.
      const source = body.toString('utf8')
      for (const chunk of editorChunks) if (chunk !== name && source.includes(chunk)) lazy.add(chunk)
    }
    const shared = new Set([manifest.entry, manifest.routes.root!].flatMap((e) => [e.module, ...(e.imports ?? [])]))
    const own = [route.module, ...(route.imports ?? [])].filter((f) => !shared.has(f))
    const ownRaw = own.reduce((sum, f) => sum + fs.statSync(path.join(root, f)).size, 0)
    const editor = loaded.length || lazy.size ? `loaded ${loaded.join(', ') || '–'}; imported on demand ${[...lazy].join(', ') || '–'}` : 'none'
    return `${routeId}: ${files.size} files, ${kb(raw)} raw, ${kb(gzip)} gzip (of which the route's own ${own.length} files ${kb(ownRaw)} raw); editor code: ${editor}`
  }
  console.info(`[bench] JS chunks with editor code: ${editorChunks.join(', ') || 'none'}`)
  for (const id of ['routes/courses.$slug_.$lesson', 'routes/courses._index', 'routes/courses.$slug_.edit_.$lessonId']) {
    console.info(`[bench] JS ${measure(id)}`)
  }
}
