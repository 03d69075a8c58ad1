// Toolkits at federal scale (`npm run db:scale`: ~10,000 resources, ~400,000 usage rows): the library page,
// Russian search with word forms, a template's and a guide's page, the usage views of a resource and of a
// centre, and making a .docx — called through the routes' loaders and actions with a session cookie, as
// Remix would. Rows the measured loaders write (each page view is counted) are removed afterwards.
//   BENCH_DATABASE_URL=postgres://…/resursnik_scale npx vitest bench --run tests/bench/toolkits.bench.ts
//   PGLITE_DIR=/tmp/resursnik-scale npx vitest bench --run --no-file-parallelism tests/bench/toolkits.bench.ts
import { and, asc, count, desc, eq, gt, inArray, sql } from 'drizzle-orm'
import { afterAll, bench, describe } from 'vitest'
import type { Database } from '#db/client.ts'
import { memberships, organisations, programmeManagers, sessions, toolkitRelated, toolkitResources, toolkitUsage, users } from '#db/schema/index.ts'
import { explainOperation, openBenchDatabase, writePlans, type PlanReport } from './bench-db.ts'

const BENCH = { time: 1000, warmupTime: 200 }

function maxWorkers() {
  const state = (globalThis as { __vitest_worker__?: { config?: { maxWorkers?: number } } }).__vitest_worker__
  return state?.config?.maxWorkers ?? 2
}

const opened =
  !process.env.BENCH_DATABASE_URL && process.env.PGLITE_DIR && maxWorkers() > 1
    ? { skip: 'an embedded PGlite directory must not be opened by two bench files at once: run with --no-file-parallelism' }
    : await openBenchDatabase()
const noLibrary = 'skip' in opened ? null : await hasNoGeneratedLibrary(opened.handle.db)

if ('skip' in opened || noLibrary) {
  const reason = 'skip' in opened ? opened.skip : noLibrary!
  if (!('skip' in opened)) await opened.handle.close()
  console.warn(`[bench] Toolkit benchmarks skipped: ${reason}.`)
  describe.skip(`toolkit benchmarks (${reason})`, () => {
    bench('nothing to measure', () => {})
  })
} else {
  const target = opened
  const db = target.handle.db
  // App modules read the database handle when first imported: point them at the scale database first.
  globalThis.__resursnikDb = target.handle
  const { createSession, SESSION_COOKIE } = await import('#app/utils/session.server.ts')
  const { hashToken } = await import('#app/utils/crypto.server.ts')
  const { loader: libraryLoader } = await import('#app/routes/toolkits._index.tsx')
  const { loader: pageLoader } = await import('#app/routes/toolkits.$slug.tsx')
  const { loader: usageLoader } = await import('#app/routes/toolkits.$slug_.usage.tsx')
  const { loader: editLoader } = await import('#app/routes/toolkits.$slug_.edit.tsx')
  const { loader: orgLoader } = await import('#app/routes/organisations.$id_.toolkits.tsx')
  const { action: docxAction } = await import('#app/routes/toolkits.$slug_.docx.ts')
  const { docxFor, fillFromForm, getPublishedResource, listLibrary, parseLibraryQuery } = await import('#app/models/toolkit.server.ts')

  const actors = await findActors(db)
  const roles = ['staff', 'leader', 'mentor', 'manager', 'admin'] as const
  type Role = (typeof roles)[number]
  const tokens = {} as Record<Role, string>
  for (const role of roles) tokens[role] = (await createSession(db, actors.users[role], 'toolkits-benchmark')).token
  const [lastUsage] = await db.select({ id: sql<number>`coalesce(max(${toolkitUsage.id}), 0)::bigint` }).from(toolkitUsage)

  const context = () => ({ requestCache: new Map(), clientIp: 'bench' })
  const request = (url: string, role: Role | null, body?: FormData) =>
    new Request(`http://localhost${url}`, { method: body ? 'POST' : 'GET', headers: role ? { Cookie: `${SESSION_COOKIE}=${tokens[role]}` } : {}, body })
  const call = (loader: (args: never) => unknown, url: string, params: Record<string, string>, role: Role | null) =>
    loader({ request: request(url, role), params, context: context() } as never)
  const q = (text: string) => encodeURIComponent(text)

  // The largest seed template, filled with valid values, for the .docx.
  const charter = (await getPublishedResource('ano-charter'))!
  const charterForm = () => {
    const form = new FormData()
    for (const f of charter.version.fields) {
      const value =
        f.type === 'date' ? '2026-03-01' : f.type === 'number' ? '5' : f.type === 'inn' ? '7707083893' : f.type === 'textarea' ? 'Первая строка\nВторая строка' : `Значение «${f.key}» & <проверка>`
      form.append(`f.${f.key}`, value)
    }
    return form
  }

  const operations: { name: string; run: () => Promise<unknown> | unknown }[] = [
    { name: `/toolkits loader: centre staff, page 1 of ${actors.facts.published} published`, run: () => call(libraryLoader, '/toolkits', {}, 'staff') },
    { name: '/toolkits loader: mentor (page 1 + their drafts and archive)', run: () => call(libraryLoader, '/toolkits', {}, 'mentor') },
    { name: '/toolkits?page=200 loader: centre staff', run: () => call(libraryLoader, '/toolkits?page=200', {}, 'staff') },
    { name: '/toolkits?kind=template&topic=law&stage=registering loader', run: () => call(libraryLoader, '/toolkits?kind=template&topic=law&stage=registering', {}, 'staff') },
    { name: '/toolkits?q=волонтёров loader (word form)', run: () => call(libraryLoader, `/toolkits?q=${q('волонтёров')}`, {}, 'staff') },
    { name: '/toolkits?q=персональных данных&kind=template loader', run: () => call(libraryLoader, `/toolkits?q=${q('персональных данных')}&kind=template`, {}, 'staff') },
    { name: '/toolkits?q=договора с добровольцем loader (three words)', run: () => call(libraryLoader, `/toolkits?q=${q('договора с добровольцем')}`, {}, 'staff') },
    { name: 'listLibrary: q=отчётности (search only, no session)', run: () => listLibrary(parseLibraryQuery(new URL(`http://x/toolkits?q=${q('отчётности')}`))) },
    { name: '/toolkits/volunteer-agreement loader: template page (counts a view)', run: () => call(pageLoader, '/toolkits/volunteer-agreement', { slug: 'volunteer-agreement' }, 'staff') },
    { name: `/toolkits/<slug> loader: generated guide with ${actors.facts.guideRelated} related links`, run: () => call(pageLoader, `/toolkits/${actors.guide}`, { slug: actors.guide }, 'staff') },
    {
      name: `/toolkits/<slug>/usage loader: mentor, their organisation's most used resource (${actors.facts.authoredUses} uses)`,
      run: () => call(usageLoader, `/toolkits/${actors.authored}/usage`, { slug: actors.authored }, 'mentor'),
    },
    {
      name: `/toolkits/<slug>/usage loader: manager, most used seed resource (${actors.facts.seedUses} uses)`,
      run: () => call(usageLoader, `/toolkits/${actors.seed}/usage`, { slug: actors.seed }, 'manager'),
    },
    { name: '/toolkits/<slug>/usage loader: admin, most used seed resource (every centre named)', run: () => call(usageLoader, `/toolkits/${actors.seed}/usage`, { slug: actors.seed }, 'admin') },
    {
      name: `/organisations/<id>/toolkits loader: leader of the most active centre (${actors.facts.centreUses} uses)`,
      run: () => call(orgLoader, `/organisations/${actors.centre}/toolkits`, { id: actors.centre }, 'leader'),
    },
    { name: `/organisations/<id>/toolkits loader: mentor organisation (${actors.facts.orgResources} authored resources)`, run: () => call(orgLoader, `/organisations/${actors.mentorOrg}/toolkits`, { id: actors.mentorOrg }, 'mentor') },
    { name: '/toolkits/<slug>/edit loader: author of a generated template', run: () => call(editLoader, `/toolkits/${actors.authoredTemplate}/edit`, { slug: actors.authoredTemplate }, 'mentor') },
    {
      name: `.docx of ano-charter: validate + fill + write (${charter.version.fields.length} fields, no database)`,
      run: () => {
        const outcome = fillFromForm(charter, charterForm())
        if (!outcome.ok) throw new Error('the bench form is invalid')
        return docxFor(charter, outcome.doc).byteLength
      },
    },
    {
      name: '/toolkits/ano-charter/docx action: signed-in staff (fill, write, count)',
      run: async () => {
        const response = (await docxAction({ request: request('/toolkits/ano-charter/docx', 'staff', charterForm()), params: { slug: 'ano-charter' }, context: context() } as never)) as Response
        return (await response.arrayBuffer()).byteLength
      },
    },
  ]

  const reports: PlanReport[] = []
  for (const op of operations) {
    const { queries } = await target.capture(async () => op.run())
    reports.push(...(await explainOperation(target, op.name, queries)))
  }
  const planFile = writePlans(target.label, `toolkits-${target.handle.kind}`, reports)
  console.info(`[bench] ${target.label}: ${JSON.stringify(await dataSizes(db))}`)
  console.info(`[bench] Actors: ${JSON.stringify(actors.facts)}`)
  console.info(`[bench] Plans written to ${planFile}`)
  for (const r of reports.filter((r) => r.seqScans.length)) {
    console.warn(`[bench] Seq scan on ${r.seqScans.join(', ')} in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }
  for (const r of reports) {
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(r.plan)?.[1] ?? 0)
    if (ms >= 10) console.warn(`[bench] Slow statement (${ms} ms under EXPLAIN ANALYZE) in "${r.operation}": ${r.sql.slice(0, 160)}…`)
  }

  afterAll(async () => {
    // The page views and documents the benchmark itself counted.
    await db.delete(toolkitUsage).where(gt(toolkitUsage.id, Number(lastUsage!.id)))
    await db.delete(sessions).where(inArray(sessions.id, Object.values(tokens).map(hashToken)))
    await target.handle.close()
  })

  describe(`toolkits: ${target.label}`, () => {
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

async function hasNoGeneratedLibrary(db: Database) {
  const [row] = await db.select({ n: count() }).from(toolkitResources).where(eq(toolkitResources.source, 'authored'))
  return (row?.n ?? 0) > 100 ? null : 'the scale database has no generated toolkit library; regenerate it with `npm run db:scale -- --reset`'
}

/**
 * Representative people and places: the most used seed resource and authored resource (and a mentor of
 * the organisation that wrote it), a generated guide with "see also" links, the centre that used the
 * toolkit most (its leader and a staff member), a programme manager and an administrator.
 */
async function findActors(db: Database) {
  const usesOf = (source: 'content' | 'authored') =>
    db
      .select({ slug: toolkitResources.slug, organisationId: toolkitResources.organisationId, n: count() })
      .from(toolkitUsage)
      .innerJoin(toolkitResources, eq(toolkitResources.id, toolkitUsage.resourceId))
      .where(and(eq(toolkitResources.source, source), eq(toolkitResources.status, 'published')))
      .groupBy(toolkitResources.slug, toolkitResources.organisationId)
      .orderBy(desc(count()), asc(toolkitResources.slug))
      .limit(1)
  const [[seed], [authored]] = await Promise.all([usesOf('content'), usesOf('authored')])
  const member = async (organisationId: string, role: 'mentor' | 'leader' | 'staff') => {
    const [row] = await db
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, role)))
      .orderBy(asc(memberships.userId))
      .limit(1)
    return row?.id ?? null
  }
  const mentorOrg = authored!.organisationId!
  const mentor = (await member(mentorOrg, 'mentor')) ?? (await member(mentorOrg, 'leader'))!
  const [template] = await db
    .select({ slug: toolkitResources.slug })
    .from(toolkitResources)
    .where(and(eq(toolkitResources.organisationId, mentorOrg), eq(toolkitResources.kind, 'template'), eq(toolkitResources.status, 'published')))
    .orderBy(asc(toolkitResources.slug))
    .limit(1)
  const [guide] = await db
    .select({ slug: toolkitResources.slug, n: count() })
    .from(toolkitRelated)
    .innerJoin(toolkitResources, eq(toolkitResources.id, toolkitRelated.resourceId))
    .where(and(eq(toolkitResources.kind, 'guide'), eq(toolkitResources.status, 'published'), eq(toolkitResources.source, 'authored')))
    .groupBy(toolkitResources.slug)
    .orderBy(desc(count()), asc(toolkitResources.slug))
    .limit(1)
  const [centreRow] = await db
    .select({ id: toolkitUsage.organisationId, n: count() })
    .from(toolkitUsage)
    .innerJoin(organisations, eq(organisations.id, toolkitUsage.organisationId))
    .where(eq(organisations.kind, 'centre'))
    .groupBy(toolkitUsage.organisationId)
    .orderBy(desc(count()), asc(toolkitUsage.organisationId))
    .limit(1)
  const centre = centreRow!.id!
  const [manager] = await db.select({ id: programmeManagers.userId }).from(programmeManagers).orderBy(asc(programmeManagers.userId)).limit(1)
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).orderBy(asc(users.email)).limit(1)
  const [orgResources] = await db.select({ n: count() }).from(toolkitResources).where(eq(toolkitResources.organisationId, mentorOrg))
  const [published] = await db.select({ n: count() }).from(toolkitResources).where(eq(toolkitResources.status, 'published'))
  return {
    seed: seed!.slug,
    authored: authored!.slug,
    authoredTemplate: template!.slug,
    guide: guide!.slug,
    centre,
    mentorOrg,
    users: {
      staff: (await member(centre, 'staff')) ?? (await member(centre, 'leader'))!,
      leader: (await member(centre, 'leader'))!,
      mentor,
      manager: manager!.id,
      admin: admin!.id,
    },
    facts: {
      published: published!.n,
      seed: seed!.slug,
      seedUses: seed!.n,
      authoredUses: authored!.n,
      guideRelated: guide!.n,
      centreUses: centreRow!.n,
      orgResources: orgResources!.n,
    },
  }
}

async function dataSizes(db: Database) {
  const [row] = await db
    .select({
      resources: sql<number>`(select count(*)::int from ${toolkitResources})`,
      versions: sql<number>`(select count(*)::int from toolkit_versions)`,
      related: sql<number>`(select count(*)::int from ${toolkitRelated})`,
      usage: sql<number>`(select count(*)::int from ${toolkitUsage})`,
      database: sql<string>`pg_size_pretty(pg_database_size(current_database()))`,
    })
    .from(sql`(select 1) as one`)
  return row!
}
