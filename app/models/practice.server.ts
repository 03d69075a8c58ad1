// The practice catalogue and a programme's selection of practices: criteria with weights, the experts
// the programme names, its shortlist, each expert's scores and the manager's decisions.
// Weighted totals are on the 1–5 scale of the scores: sum(weight × score) / sum(weight) per expert, then the
// mean over experts; the catalogue averages those programme totals.
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  COURSE_TOPICS,
  practiceDecisionHistory,
  practiceMaterials,
  practiceScores,
  practices,
  programmeCentres,
  programmeExperts,
  programmePractices,
  programmes,
  regions,
  selectionCriteria,
  toolkitResources,
  TRANSFER_STEPS,
  transferTracks,
  users,
} from '#db/schema/index.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { getProgrammeRelation } from '#app/utils/permissions.server.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { courseSearchQuery } from './course-search.server.ts'
import { programmeIdFrom, visibleProgrammesCondition } from './programme.server.ts'
import { TARGET_GROUP_KEYS, targetGroupQuery } from './practice-search.server.ts'

export const CATALOGUE_PAGE_SIZE = 20
export const DECISIONS = ['selected', 'rejected', 'needs_evidence'] as const
export type Decision = (typeof DECISIONS)[number]
/** The catalogue's score filter: at least this weighted total (of 5). */
export const MIN_SCORES = ['3', '3.5', '4', '4.5'] as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function uuidFrom(value: string | undefined) {
  if (!value || !UUID.test(value)) notFound()
  return value
}

// ---------------------------------------------------------------------------------------------
// Scores

/**
 * Weighted totals per programme and practice: each expert's sum(weight × score) / sum(weight), averaged
 * over the experts who scored. An expert who has not yet scored every criterion of a practice must not see
 * the others' judgement, not even as an average: for them that programme's total is left out.
 */
type TotalsScope = { programmeId?: string; practiceIds?: string[]; practiceIn?: SQL }

function programmeTotals(viewerId: string | null, only: TotalsScope = {}) {
  const filters: SQL[] = []
  if (only.programmeId) filters.push(sql`s.programme_id = ${only.programmeId}`)
  if (only.practiceIds) filters.push(only.practiceIds.length ? inArray(sql`s.practice_id`, only.practiceIds) : sql`false`)
  if (only.practiceIn) filters.push(sql`s.practice_id in (${only.practiceIn})`)
  const where = filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``
  // Both subqueries run once: the programmes where the viewer is an expert, and the practices they have
  // scored on every criterion there.
  const hideFromUnfinishedExpert = viewerId
    ? sql`where et.programme_id not in (select pe.programme_id from ${programmeExperts} pe where pe.user_id = ${viewerId})
        or (et.programme_id, et.practice_id) in (
          select ms.programme_id, ms.practice_id from ${practiceScores} ms where ms.expert_id = ${viewerId}
          group by ms.programme_id, ms.practice_id
          having count(*) >= (select count(*) from ${selectionCriteria} sc where sc.programme_id = ms.programme_id))`
    : sql``
  return sql`(
    select et.programme_id, et.practice_id, avg(et.total)::float8 as total, count(*)::int as experts
    from (
      select s.programme_id, s.practice_id, s.expert_id, sum(c.weight * s.score)::float8 / sum(c.weight) as total
      from ${practiceScores} s join ${selectionCriteria} c on c.id = s.criterion_id
      ${where}
      group by s.programme_id, s.practice_id, s.expert_id
    ) et
    ${hideFromUnfinishedExpert}
    group by et.programme_id, et.practice_id)`
}

/** One expert's weighted total over the criteria they scored (null when none). */
export function weightedTotal(scores: { weight: number; score: number }[]) {
  const weights = scores.reduce((sum, s) => sum + s.weight, 0)
  if (!weights) return null
  return scores.reduce((sum, s) => sum + s.weight * s.score, 0) / weights
}

/** Mean, min, max and population standard deviation of a list of numbers (null when empty). */
export function spreadOf(values: number[]) {
  if (!values.length) return null
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length
  return { mean, min: Math.min(...values), max: Math.max(...values), sd: Math.sqrt(variance), n: values.length }
}

// ---------------------------------------------------------------------------------------------
// Catalogue

export const CatalogueQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  topic: z.enum(COURSE_TOPICS).optional().catch(undefined),
  group: z.enum(TARGET_GROUP_KEYS as [string, ...string[]]).optional().catch(undefined),
  region: z.string().regex(/^\d{2}$/).optional().catch(undefined),
  minScore: z.enum(MIN_SCORES).optional().catch(undefined),
  programme: z.string().regex(UUID).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type CatalogueQuery = z.output<typeof CatalogueQuerySchema>

export function parseCatalogueQuery(url: URL, signedIn: boolean): CatalogueQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['q', 'topic', 'group', 'region', 'minScore', 'programme', 'page']) {
    const value = url.searchParams.get(key)?.trim()
    raw[key] = value ? value : undefined
  }
  const query = CatalogueQuerySchema.parse(raw)
  // Scores are for people who work with the platform, not for visitors.
  if (!signedIn) return { ...query, minScore: undefined, programme: undefined }
  return query
}

/** Programmes the person may see that have selection criteria: the choices of the score filter. */
export async function listScoringProgrammes(user: CurrentUser) {
  const where = visibleProgrammesCondition(user)
  if (where === null) return []
  return db
    .select({ id: programmes.id, name: programmes.name })
    .from(programmes)
    .where(and(where, sql`exists (select 1 from ${selectionCriteria} c where c.programme_id = ${programmes.id})`))
    .orderBy(asc(programmes.name))
}

/** How many programmes the catalogue lists with links to their selection and transfer pages. */
export const MY_PROGRAMMES_LIMIT = 12

/**
 * The programmes a person works in — manages, runs as a mentor, takes part in through their centre, or
 * scores practices for — newest first, for links to their selection and transfer pages.
 */
export async function listMyProgrammes(user: CurrentUser) {
  const orgIds = user.memberships.map((m) => m.organisationId)
  const parts: SQL[] = [sql`exists (select 1 from ${programmeExperts} pe where pe.programme_id = ${programmes.id} and pe.user_id = ${user.id})`]
  if (user.managedProgrammeIds.length) parts.push(inArray(programmes.id, user.managedProgrammeIds))
  if (orgIds.length) {
    parts.push(inArray(programmes.mentorOrganisationId, orgIds))
    parts.push(sql`exists (select 1 from ${programmeCentres} pc where pc.programme_id = ${programmes.id} and ${inArray(sql`pc.organisation_id`, orgIds)})`)
  }
  return db
    .select({ id: programmes.id, name: programmes.name })
    .from(programmes)
    .where(user.isAdmin ? undefined : sql`(${sql.join(parts, sql` or `)})`)
    .orderBy(desc(programmes.startsOn), asc(programmes.name))
    .limit(MY_PROGRAMMES_LIMIT)
}

/** The mean of the programmes' weighted totals per practice, as a joinable subquery (practice_id, score, programmes). */
function practiceScoresSql(viewerId: string, only: TotalsScope) {
  return sql`(select pt.practice_id, avg(pt.total)::float8 as score, count(*)::int as programmes
    from ${programmeTotals(viewerId, only)} pt group by pt.practice_id)`
}

/**
 * One page of published practices with the total, by relevance when searching, else by title. Scores (for
 * signed-in people) are the mean weighted total over the programmes that scored the practice, or within the
 * chosen programme (one the person may see; otherwise that filter is ignored). They are computed for the
 * page's practices only, unless the score is part of the filter.
 */
export async function listCatalogue(user: CurrentUser | null, query: CatalogueQuery, scoringProgrammeIds: string[]) {
  const programmeId = user && query.programme && scoringProgrammeIds.includes(query.programme) ? query.programme : undefined
  const minScore = user && query.minScore ? Number(query.minScore) : undefined
  const conditions: (SQL | undefined)[] = [eq(practices.status, 'published')]
  if (query.topic) conditions.push(sql`${practices.topics} @> ${JSON.stringify([query.topic])}::jsonb`)
  if (query.region) conditions.push(eq(practices.regionCode, query.region))
  if (query.group) conditions.push(sql`${practices.searchVector} @@ (${targetGroupQuery(query.group as never)})`)
  const tsQuery = query.q ? courseSearchQuery(query.q) : null
  if (query.q && !tsQuery) conditions.push(sql`false`)
  if (tsQuery) conditions.push(sql`${practices.searchVector} @@ (${tsQuery})`)
  const scoreFiltered = Boolean(programmeId || minScore !== undefined)
  if (scoreFiltered) {
    // Only the scores of practices that pass the other filters are aggregated.
    const candidates = db.select({ id: practices.id }).from(practices).where(and(...conditions))
    const scored = practiceScoresSql(user!.id, { programmeId, practiceIn: sql`${candidates}` })
    conditions.push(
      minScore !== undefined
        ? sql`${practices.id} in (select f.practice_id from ${scored} f where f.score >= ${minScore})`
        : sql`${practices.id} in (select f.practice_id from ${scored} f)`,
    )
  }
  const rank = tsQuery ? sql`ts_rank(${practices.searchVector}, (${tsQuery}))` : sql`0::real`
  const rows = await db
    .select({
      id: practices.id,
      slug: practices.slug,
      title: practices.title,
      titleEn: practices.titleEn,
      problem: practices.problem,
      targetGroup: practices.targetGroup,
      topics: practices.topics,
      regionCode: practices.regionCode,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      originOrganisation: practices.originOrganisation,
      tracks: sql<number>`(select count(*)::int from ${transferTracks} tt where tt.practice_id = ${practices.id})`,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(practices)
    .leftJoin(regions, eq(regions.code, practices.regionCode))
    .where(and(...conditions))
    .orderBy(desc(rank), asc(practices.title), asc(practices.id))
    .limit(CATALOGUE_PAGE_SIZE)
    .offset((query.page - 1) * CATALOGUE_PAGE_SIZE)
  const total = rows[0]?.total ?? 0
  const ids = rows.map((r) => r.id)
  const scores =
    user && ids.length
      ? await db
          .select({ practiceId: sql<string>`sc.practice_id`, score: sql<number>`sc.score`, programmes: sql<number>`sc.programmes` })
          .from(sql`${practiceScoresSql(user.id, { programmeId, practiceIds: ids })} sc`)
      : []
  const byId = new Map(scores.map((s) => [s.practiceId, s]))
  return {
    practices: rows.map(({ total: _total, ...r }) => ({ ...r, score: byId.get(r.id)?.score ?? null, scoredIn: byId.get(r.id)?.programmes ?? 0 })),
    total,
    pages: Math.max(1, Math.ceil(total / CATALOGUE_PAGE_SIZE)),
    programmeId: programmeId ?? null,
  }
}

/** Regions that published practices come from, for the region filter. */
export function listPracticeRegions() {
  return db
    .selectDistinct({ code: regions.code, nameRu: regions.nameRu, nameEn: regions.nameEn })
    .from(practices)
    .innerJoin(regions, eq(regions.code, practices.regionCode))
    .where(eq(practices.status, 'published'))
    .orderBy(asc(regions.nameRu))
}

// ---------------------------------------------------------------------------------------------
// One practice

export async function getPublishedPractice(slug: string) {
  const [row] = await db
    .select({
      id: practices.id,
      slug: practices.slug,
      title: practices.title,
      titleEn: practices.titleEn,
      problem: practices.problem,
      targetGroup: practices.targetGroup,
      topics: practices.topics,
      originOrganisation: practices.originOrganisation,
      regionCode: practices.regionCode,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      sinceYear: practices.sinceYear,
      evidence: practices.evidence,
      resourcesPeople: practices.resourcesPeople,
      resourcesMoney: practices.resourcesMoney,
      resourcesTime: practices.resourcesTime,
      contacts: practices.contacts,
      bodyHtml: practices.bodyHtml,
      updatedAt: practices.updatedAt,
    })
    .from(practices)
    .leftJoin(regions, eq(regions.code, practices.regionCode))
    .where(and(eq(practices.slug, slug), eq(practices.status, 'published')))
  return row ?? null
}

export function getPracticeMaterials(practiceId: string) {
  return db
    .select({ slug: toolkitResources.slug, title: toolkitResources.title, titleEn: toolkitResources.titleEn, kind: toolkitResources.kind })
    .from(practiceMaterials)
    .innerJoin(toolkitResources, eq(toolkitResources.id, practiceMaterials.resourceId))
    .where(and(eq(practiceMaterials.practiceId, practiceId), eq(toolkitResources.status, 'published')))
    .orderBy(asc(practiceMaterials.position))
}

/** How many centres carry the practice at each step, across every programme (public counts, no names). */
export async function transferCountsByStep(practiceId: string) {
  const rows = await db
    .select({ step: transferTracks.step, n: count() })
    .from(transferTracks)
    .where(eq(transferTracks.practiceId, practiceId))
    .groupBy(transferTracks.step)
  const counts = Object.fromEntries(TRANSFER_STEPS.map((s) => [s, 0])) as Record<(typeof TRANSFER_STEPS)[number], number>
  for (const r of rows) counts[r.step] = r.n
  return counts
}

/** The programmes this person may see that consider the practice: decision and the total they may see. */
export async function practiceInMyProgrammes(user: CurrentUser, practiceId: string) {
  const where = visibleProgrammesCondition(user)
  const experts = sql`exists (select 1 from ${programmeExperts} x where x.programme_id = ${programmes.id} and x.user_id = ${user.id})`
  return db
    .select({
      programmeId: programmes.id,
      name: programmes.name,
      decision: programmePractices.decision,
      total: sql<number | null>`pt.total`,
      experts: sql<number>`coalesce(pt.experts, 0)`,
    })
    .from(programmePractices)
    .innerJoin(programmes, eq(programmes.id, programmePractices.programmeId))
    .leftJoin(sql`${programmeTotals(user.id, { practiceIds: [practiceId] })} pt`, sql`pt.programme_id = ${programmePractices.programmeId} and pt.practice_id = ${programmePractices.practiceId}`)
    .where(and(eq(programmePractices.practiceId, practiceId), where === null ? experts : where ? sql`(${where} or ${experts})` : undefined))
    .orderBy(asc(programmes.name))
}

// ---------------------------------------------------------------------------------------------
// A programme's selection: who may do what

export type SelectionAccess = {
  user: CurrentUser
  programme: { id: string; name: string; mentorOrganisationId: string }
  /** Administrators and the programme's managers: criteria, experts, shortlist, decisions. */
  canManage: boolean
  /** Named by the programme as an expert: scores practices. */
  isExpert: boolean
}

/**
 * Signs in and checks the person may see the programme's selection: anyone who may see the programme, and
 * the experts it names (an expert may be from outside the programme). Everyone else gets 403.
 */
export async function requireSelectionAccess(args: Parameters<typeof requireUser>[0] & { params: Record<string, string | undefined> }) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  const [programme] = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      mentorOrganisationId: programmes.mentorOrganisationId,
      isExpert: sql<boolean>`exists (select 1 from ${programmeExperts} pe where pe.programme_id = ${programmes.id} and pe.user_id = ${user.id})`,
    })
    .from(programmes)
    .where(eq(programmes.id, id))
  if (!programme) notFound()
  const relation = await getProgrammeRelation(user, id)
  if (!relation && !programme.isExpert) forbidden()
  const { isExpert, ...rest } = programme
  return {
    user,
    programme: rest,
    relation,
    canManage: relation === 'admin' || relation === 'manager',
    isExpert,
  } satisfies SelectionAccess & { relation: unknown }
}

// ---------------------------------------------------------------------------------------------
// Criteria

export const CriterionFormSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(500).optional(),
  weight: z.coerce.number({ error: 'practices.validation.weight' }).int('practices.validation.weight').min(1, 'practices.validation.weight').max(100, 'practices.validation.weight'),
})

export function listCriteria(programmeId: string, tx: Executor = db) {
  return tx
    .select({
      id: selectionCriteria.id,
      name: selectionCriteria.name,
      description: selectionCriteria.description,
      weight: selectionCriteria.weight,
      position: selectionCriteria.position,
      scores: sql<number>`(select count(*)::int from ${practiceScores} s where s.criterion_id = ${selectionCriteria.id})`,
    })
    .from(selectionCriteria)
    .where(eq(selectionCriteria.programmeId, programmeId))
    .orderBy(asc(selectionCriteria.position), asc(selectionCriteria.createdAt))
}

export async function addCriterion(tx: Executor, programmeId: string, actorId: string, values: z.output<typeof CriterionFormSchema>) {
  const [last] = await tx
    .select({ n: sql<number>`coalesce(max(${selectionCriteria.position}), -1)::int` })
    .from(selectionCriteria)
    .where(eq(selectionCriteria.programmeId, programmeId))
  const [row] = await tx
    .insert(selectionCriteria)
    .values({ programmeId, name: values.name, description: values.description ?? null, weight: values.weight, position: (last?.n ?? -1) + 1 })
    .returning({ id: selectionCriteria.id })
  await audit(tx, {
    actorId,
    action: 'practice.criterion_added',
    entityType: 'programme',
    entityId: programmeId,
    data: { criterionId: row!.id, name: values.name, weight: values.weight },
  })
  return row!
}

export async function updateCriterion(
  tx: Executor,
  programmeId: string,
  criterionId: string,
  actorId: string,
  values: z.output<typeof CriterionFormSchema>,
) {
  const [before] = await tx
    .select({ name: selectionCriteria.name, weight: selectionCriteria.weight, description: selectionCriteria.description })
    .from(selectionCriteria)
    .where(and(eq(selectionCriteria.id, criterionId), eq(selectionCriteria.programmeId, programmeId)))
    .for('update')
  if (!before) notFound()
  await tx
    .update(selectionCriteria)
    .set({ name: values.name, description: values.description ?? null, weight: values.weight })
    .where(eq(selectionCriteria.id, criterionId))
  await audit(tx, {
    actorId,
    action: 'practice.criterion_changed',
    entityType: 'programme',
    entityId: programmeId,
    data: { criterionId, from: before, to: { name: values.name, weight: values.weight, description: values.description ?? null } },
  })
}

/** Removes a criterion nobody has scored yet; returns false when it already has scores (they would be lost). */
export async function removeCriterion(tx: Executor, programmeId: string, criterionId: string, actorId: string) {
  const [row] = await tx
    .select({ name: selectionCriteria.name })
    .from(selectionCriteria)
    .where(and(eq(selectionCriteria.id, criterionId), eq(selectionCriteria.programmeId, programmeId)))
    .for('update')
  if (!row) notFound()
  const [scored] = await tx.select({ n: count() }).from(practiceScores).where(eq(practiceScores.criterionId, criterionId))
  if ((scored?.n ?? 0) > 0) return false
  await tx.delete(selectionCriteria).where(eq(selectionCriteria.id, criterionId))
  await audit(tx, { actorId, action: 'practice.criterion_removed', entityType: 'programme', entityId: programmeId, data: { criterionId, name: row.name } })
  return true
}

// ---------------------------------------------------------------------------------------------
// Experts

export function listExperts(programmeId: string, tx: Executor = db) {
  return tx
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(programmeExperts)
    .innerJoin(users, eq(users.id, programmeExperts.userId))
    .where(eq(programmeExperts.programmeId, programmeId))
    .orderBy(asc(users.name))
}

/** Names a person (by e-mail) as an expert; 'unknown' when no account has that address, 'exists' when already named. */
export async function addExpert(tx: Executor, programmeId: string, email: string, actorId: string) {
  const [person] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email.toLowerCase()))
  if (!person) return 'unknown' as const
  const inserted = await tx
    .insert(programmeExperts)
    .values({ programmeId, userId: person.id })
    .onConflictDoNothing()
    .returning({ userId: programmeExperts.userId })
  if (!inserted.length) return 'exists' as const
  await audit(tx, { actorId, action: 'practice.expert_added', entityType: 'programme', entityId: programmeId, data: { userId: person.id, name: person.name } })
  return 'added' as const
}

/** Takes a person off the list of experts. Their scores stay: they were given while the person was an expert. */
export async function removeExpert(tx: Executor, programmeId: string, userId: string, actorId: string) {
  const removed = await tx
    .delete(programmeExperts)
    .where(and(eq(programmeExperts.programmeId, programmeId), eq(programmeExperts.userId, userId)))
    .returning({ userId: programmeExperts.userId })
  if (!removed.length) notFound()
  await audit(tx, { actorId, action: 'practice.expert_removed', entityType: 'programme', entityId: programmeId, data: { userId } })
}

// ---------------------------------------------------------------------------------------------
// Shortlist and decisions

/**
 * The programme's shortlist with each practice's decision, how many experts scored it completely and the
 * weighted total — which an expert sees only for the practices they have finished scoring themselves.
 */
export async function listShortlist(programmeId: string, viewerId: string) {
  const criteriaCount = sql`(select count(*) from ${selectionCriteria} c where c.programme_id = ${programmeId})`
  return db
    .select({
      practiceId: practices.id,
      slug: practices.slug,
      title: practices.title,
      titleEn: practices.titleEn,
      decision: programmePractices.decision,
      decisionReason: programmePractices.decisionReason,
      decidedAt: programmePractices.decidedAt,
      total: sql<number | null>`pt.total`,
      expertsScored: sql<number>`coalesce(pt.experts, 0)`,
      myScores: sql<number>`(select count(*)::int from ${practiceScores} ms where ms.programme_id = ${programmeId}
        and ms.practice_id = ${practices.id} and ms.expert_id = ${viewerId})`,
      complete: sql<number>`(select count(*)::int from (
          select s.expert_id from ${practiceScores} s where s.programme_id = ${programmeId} and s.practice_id = ${practices.id}
          group by s.expert_id having count(*) >= ${criteriaCount}) done)`,
      anyScores: sql<boolean>`exists (select 1 from ${practiceScores} s where s.programme_id = ${programmeId} and s.practice_id = ${practices.id})`,
      tracks: sql<number>`(select count(*)::int from ${transferTracks} t where t.programme_id = ${programmeId} and t.practice_id = ${practices.id})`,
    })
    .from(programmePractices)
    .innerJoin(practices, eq(practices.id, programmePractices.practiceId))
    .leftJoin(sql`${programmeTotals(viewerId, { programmeId })} pt`, sql`pt.practice_id = ${practices.id}`)
    .where(eq(programmePractices.programmeId, programmeId))
    .orderBy(asc(practices.title))
}

/** Published practices not yet on the programme's shortlist, for the "add" select. */
export function listAddablePractices(programmeId: string) {
  return db
    .select({ id: practices.id, title: practices.title, titleEn: practices.titleEn })
    .from(practices)
    .where(
      and(
        eq(practices.status, 'published'),
        sql`not exists (select 1 from ${programmePractices} pp where pp.programme_id = ${programmeId} and pp.practice_id = ${practices.id})`,
      ),
    )
    .orderBy(asc(practices.title))
}

export async function addToShortlist(tx: Executor, programmeId: string, practiceId: string, actorId: string) {
  const [practice] = await tx
    .select({ id: practices.id, title: practices.title })
    .from(practices)
    .where(and(eq(practices.id, practiceId), eq(practices.status, 'published')))
  if (!practice) return 'unknown' as const
  const inserted = await tx
    .insert(programmePractices)
    .values({ programmeId, practiceId, addedById: actorId })
    .onConflictDoNothing()
    .returning({ practiceId: programmePractices.practiceId })
  if (!inserted.length) return 'exists' as const
  await audit(tx, { actorId, action: 'practice.shortlisted', entityType: 'practice', entityId: practiceId, data: { programmeId, title: practice.title } })
  return 'added' as const
}

/** Takes a practice off the shortlist while nothing was recorded about it; 'kept' when scores or a decision exist. */
export async function removeFromShortlist(tx: Executor, programmeId: string, practiceId: string, actorId: string) {
  const [row] = await tx
    .select({
      decision: programmePractices.decision,
      scores: sql<number>`(select count(*)::int from ${practiceScores} s where s.programme_id = ${programmeId} and s.practice_id = ${practiceId})`,
    })
    .from(programmePractices)
    .where(and(eq(programmePractices.programmeId, programmeId), eq(programmePractices.practiceId, practiceId)))
    .for('update')
  if (!row) notFound()
  if (row.decision || row.scores > 0) return 'kept' as const
  await tx.delete(programmePractices).where(and(eq(programmePractices.programmeId, programmeId), eq(programmePractices.practiceId, practiceId)))
  await audit(tx, { actorId, action: 'practice.unshortlisted', entityType: 'practice', entityId: practiceId, data: { programmeId } })
  return 'removed' as const
}

export const DecisionFormSchema = z.object({
  decision: z.enum(DECISIONS, { error: 'validation.choose' }),
  reason: z.string({ error: 'practices.validation.reasonRequired' }).trim().min(1, 'practices.validation.reasonRequired').max(2000),
})

/** Records a decision on the shortlist entry and appends it to the decision history (never updated). */
export async function recordDecision(
  tx: Executor,
  values: { programmeId: string; practiceId: string; decision: Decision; reason: string; actorId: string },
) {
  const [row] = await tx
    .select({ decision: programmePractices.decision })
    .from(programmePractices)
    .where(and(eq(programmePractices.programmeId, values.programmeId), eq(programmePractices.practiceId, values.practiceId)))
    .for('update')
  if (!row) notFound()
  const now = new Date()
  await tx
    .update(programmePractices)
    .set({ decision: values.decision, decisionReason: values.reason, decidedById: values.actorId, decidedAt: now })
    .where(and(eq(programmePractices.programmeId, values.programmeId), eq(programmePractices.practiceId, values.practiceId)))
  await tx.insert(practiceDecisionHistory).values({
    programmeId: values.programmeId,
    practiceId: values.practiceId,
    decision: values.decision,
    reason: values.reason,
    decidedById: values.actorId,
    decidedAt: now,
  })
  await audit(tx, {
    actorId: values.actorId,
    action: 'practice.decided',
    entityType: 'practice',
    entityId: values.practiceId,
    data: { programmeId: values.programmeId, from: row.decision, to: values.decision, reason: values.reason },
  })
}

export function getDecisionHistory(programmeId: string, practiceId: string) {
  return db
    .select({
      id: practiceDecisionHistory.id,
      decision: practiceDecisionHistory.decision,
      reason: practiceDecisionHistory.reason,
      decidedAt: practiceDecisionHistory.decidedAt,
      decidedByName: users.name,
    })
    .from(practiceDecisionHistory)
    .leftJoin(users, eq(users.id, practiceDecisionHistory.decidedById))
    .where(and(eq(practiceDecisionHistory.programmeId, programmeId), eq(practiceDecisionHistory.practiceId, practiceId)))
    .orderBy(desc(practiceDecisionHistory.decidedAt))
}

// ---------------------------------------------------------------------------------------------
// Scoring one practice

/** The shortlist entry of a practice in a programme, or 404. */
export async function requireShortlisted(programmeId: string, practiceId: string) {
  const [row] = await db
    .select({
      id: practices.id,
      slug: practices.slug,
      title: practices.title,
      titleEn: practices.titleEn,
      decision: programmePractices.decision,
      decisionReason: programmePractices.decisionReason,
      decidedAt: programmePractices.decidedAt,
    })
    .from(programmePractices)
    .innerJoin(practices, eq(practices.id, programmePractices.practiceId))
    .where(and(eq(programmePractices.programmeId, programmeId), eq(programmePractices.practiceId, practiceId)))
  if (!row) notFound()
  return row
}

export type ScoreRow = { expertId: string; criterionId: string; score: number; comment: string | null; scoredAt: Date }

export function getScores(programmeId: string, practiceId: string, expertId?: string) {
  return db
    .select({
      expertId: practiceScores.expertId,
      criterionId: practiceScores.criterionId,
      score: practiceScores.score,
      comment: practiceScores.comment,
      scoredAt: practiceScores.scoredAt,
    })
    .from(practiceScores)
    .where(
      and(
        eq(practiceScores.programmeId, programmeId),
        eq(practiceScores.practiceId, practiceId),
        expertId ? eq(practiceScores.expertId, expertId) : undefined,
      ),
    )
}

/** Names of the people who scored (experts now or before), for the table of scores. */
export async function namesOf(ids: string[]) {
  if (!ids.length) return new Map<string, string>()
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/**
 * Per-criterion and total statistics over the experts' scores: each expert's weighted total (over the
 * criteria they scored), and for every criterion and for the totals the mean, min–max and standard deviation.
 */
export function scoreStatistics(criteria: { id: string; weight: number }[], scores: ScoreRow[]) {
  const byExpert = new Map<string, ScoreRow[]>()
  for (const s of scores) byExpert.set(s.expertId, [...(byExpert.get(s.expertId) ?? []), s])
  const weights = new Map(criteria.map((c) => [c.id, c.weight]))
  const experts = [...byExpert.entries()].map(([expertId, rows]) => {
    const relevant = rows.filter((r) => weights.has(r.criterionId))
    return {
      expertId,
      complete: criteria.every((c) => relevant.some((r) => r.criterionId === c.id)),
      total: weightedTotal(relevant.map((r) => ({ weight: weights.get(r.criterionId)!, score: r.score }))),
    }
  })
  const perCriterion = Object.fromEntries(
    criteria.map((c) => [c.id, spreadOf(scores.filter((s) => s.criterionId === c.id).map((s) => s.score))]),
  )
  const totals = spreadOf(experts.map((e) => e.total).filter((t): t is number => t !== null))
  return { experts, perCriterion, totals }
}

/** Writes an expert's scores for every criterion (replacing earlier ones) and records the change in the audit log. */
export async function saveScores(
  tx: Executor,
  values: {
    programmeId: string
    practiceId: string
    expertId: string
    scores: { criterionId: string; score: number; comment: string | null }[]
  },
) {
  const before = await tx
    .select({ criterionId: practiceScores.criterionId, score: practiceScores.score })
    .from(practiceScores)
    .where(
      and(
        eq(practiceScores.programmeId, values.programmeId),
        eq(practiceScores.practiceId, values.practiceId),
        eq(practiceScores.expertId, values.expertId),
      ),
    )
  const now = new Date()
  await tx
    .insert(practiceScores)
    .values(values.scores.map((s) => ({ ...s, programmeId: values.programmeId, practiceId: values.practiceId, expertId: values.expertId, scoredAt: now })))
    .onConflictDoUpdate({
      target: [practiceScores.programmeId, practiceScores.practiceId, practiceScores.criterionId, practiceScores.expertId],
      set: { score: sql`excluded.score`, comment: sql`excluded.comment`, scoredAt: sql`excluded.scored_at` },
    })
  const old = new Map(before.map((b) => [b.criterionId, b.score]))
  await audit(tx, {
    actorId: values.expertId,
    action: before.length ? 'practice.rescored' : 'practice.scored',
    entityType: 'practice',
    entityId: values.practiceId,
    data: {
      programmeId: values.programmeId,
      scores: values.scores.map((s) => ({ criterionId: s.criterionId, score: s.score, ...(old.has(s.criterionId) ? { was: old.get(s.criterionId) } : {}) })),
    },
  })
}

/**
 * The method's headings as a table of contents, with the ids withHeadingIds (toolkit.server.ts) gives the
 * rendered h2/h3 — the same numbering, so links land on them.
 */
export function outlineOf(html: string) {
  const out: { id: string; level: number; text: string }[] = []
  for (const match of html.matchAll(/<h([23])>([\s\S]*?)<\/h\1>/g)) {
    const text = match[2]!
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .trim()
    out.push({ id: `section-${out.length + 1}`, level: Number(match[1]), text })
  }
  return out
}
