// Diagnostic assessments of a centre: drafts, answers, completion, the mentor's decision on the stage,
// the stage history and the area-by-area chart data. Route actions call these inside one transaction.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import {
  assessmentAnswers,
  assessmentKind,
  assessments,
  courses,
  organisations,
  stageHistory,
  toolkitResources,
  users,
  type Stage,
} from '#db/schema/index.ts'
import { audit } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { requireOrganisationAccess, type OrganisationRelation } from '#app/utils/permissions.server.ts'
import { organisationIdFrom } from './organisation.server.ts'
import { areaAverages, proposeStage, recommendations, type Scores, type StageModel } from './stage-model.server.ts'

export const ASSESSMENT_KINDS = assessmentKind.enumValues
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number]

/** Mentors of the centre and administrators run assessments; the centre and its programme managers only look. */
export function canRunAssessments(relation: OrganisationRelation | null) {
  return relation === 'mentor' || relation === 'admin'
}

/**
 * Signs in, checks that the organisation is a centre the person may see, and says whether they may run
 * its assessments. Every loader and action of the diagnostics pages starts here.
 */
export async function requireCentreAssessments(args: Parameters<typeof requireUser>[0] & { params: { id?: string } }) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation, relation } = await requireOrganisationAccess(user, id, 'view')
  if (organisation.kind !== 'centre') notFound('mentoring.error.notCentre')
  const [row] = await db.select({ stage: organisations.stage }).from(organisations).where(eq(organisations.id, id))
  return { user, organisation: { ...organisation, stage: row!.stage }, relation, canRun: canRunAssessments(relation) }
}

export async function createAssessment(
  tx: Executor,
  values: { organisationId: string; kind: AssessmentKind; conductedOn: string; notes?: string | null; actorId: string },
) {
  const [row] = await tx
    .insert(assessments)
    .values({
      organisationId: values.organisationId,
      kind: values.kind,
      conductedOn: values.conductedOn,
      conductedById: values.actorId,
      notes: values.notes ?? null,
    })
    .returning({ id: assessments.id })
  await audit(tx, {
    actorId: values.actorId,
    action: 'assessment.started',
    entityType: 'organisation',
    entityId: values.organisationId,
    organisationId: values.organisationId,
    data: { assessmentId: row!.id, kind: values.kind, conductedOn: values.conductedOn },
  })
  return row!
}

/** One assessment of this organisation (null if it belongs to another one), with its answers. */
export async function getAssessment(organisationId: string, assessmentId: string, tx: Executor = db) {
  const [assessment] = await tx
    .select({
      id: assessments.id,
      organisationId: assessments.organisationId,
      kind: assessments.kind,
      conductedOn: assessments.conductedOn,
      conductedByName: users.name,
      status: assessments.status,
      proposedStage: assessments.proposedStage,
      confirmedStage: assessments.confirmedStage,
      overrideReason: assessments.overrideReason,
      notes: assessments.notes,
      completedAt: assessments.completedAt,
      confirmedAt: assessments.confirmedAt,
    })
    .from(assessments)
    .leftJoin(users, eq(users.id, assessments.conductedById))
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)))
  if (!assessment) return null
  const answers = await tx
    .select({
      questionKey: assessmentAnswers.questionKey,
      areaKey: assessmentAnswers.areaKey,
      score: assessmentAnswers.score,
      evidence: assessmentAnswers.evidence,
      comment: assessmentAnswers.comment,
    })
    .from(assessmentAnswers)
    .where(eq(assessmentAnswers.assessmentId, assessmentId))
  return { ...assessment, answers }
}

/** Locks the assessment row for the rest of the transaction, so two mentors cannot complete or confirm it twice. */
export async function lockAssessment(tx: Executor, organisationId: string, assessmentId: string) {
  const [row] = await tx
    .select({ id: assessments.id, status: assessments.status, proposedStage: assessments.proposedStage, confirmedStage: assessments.confirmedStage })
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)))
    .for('update')
  return row ?? null
}

export type AnswerInput = { questionKey: string; areaKey: string; score: number; evidence: string | null; comment: string | null }

/** Writes the given answers (insert or replace); answers not given stay as they were. */
export async function saveAnswers(tx: Executor, assessmentId: string, answers: AnswerInput[]) {
  if (!answers.length) return
  await tx
    .insert(assessmentAnswers)
    .values(answers.map((a) => ({ assessmentId, ...a })))
    .onConflictDoUpdate({
      target: [assessmentAnswers.assessmentId, assessmentAnswers.questionKey],
      set: {
        areaKey: sql`excluded.area_key`,
        score: sql`excluded.score`,
        evidence: sql`excluded.evidence`,
        comment: sql`excluded.comment`,
      },
    })
}

export function scoresOf(answers: { questionKey: string; score: number }[]): Scores {
  return Object.fromEntries(answers.map((a) => [a.questionKey, a.score]))
}

/** Questions of the model that have no answer yet. */
export function missingQuestions(answers: { questionKey: string }[], model: StageModel) {
  const answered = new Set(answers.map((a) => a.questionKey))
  return [...model.questions.keys()].filter((key) => !answered.has(key))
}

/** Marks a draft completed and stores the proposed stage computed from its answers. */
export async function completeAssessment(tx: Executor, assessmentId: string, scores: Scores, model: StageModel, actorId: string, organisationId: string) {
  const proposed = proposeStage(scores, model)
  await tx
    .update(assessments)
    .set({ status: 'completed', proposedStage: proposed, completedAt: new Date() })
    .where(eq(assessments.id, assessmentId))
  await audit(tx, {
    actorId,
    action: 'assessment.completed',
    entityType: 'organisation',
    entityId: organisationId,
    organisationId,
    data: { assessmentId, proposedStage: proposed },
  })
  return proposed
}

/** A short text of the area averages, kept with the stage change as its evidence. */
export function evidenceSummary(scores: Scores, model: StageModel) {
  const averages = areaAverages(scores, model)
  return model.areas.map((a) => `${a.title}: ${(averages[a.key] ?? 0).toFixed(1)}`).join('; ')
}

/**
 * The mentor's decision: sets the centre's stage, appends to the stage history and writes the audit
 * entry. Call inside one transaction with the assessment locked (lockAssessment).
 */
export async function confirmStage(
  tx: Executor,
  values: {
    organisationId: string
    assessmentId: string
    stage: Stage
    proposedStage: string
    reason: string | null
    evidence: string
    actorId: string
  },
) {
  const [organisation] = await tx
    .select({ stage: organisations.stage })
    .from(organisations)
    .where(eq(organisations.id, values.organisationId))
    .for('update')
  const fromStage = organisation!.stage
  const now = new Date()
  await tx
    .update(assessments)
    .set({ confirmedStage: values.stage, overrideReason: values.reason, confirmedAt: now })
    .where(eq(assessments.id, values.assessmentId))
  await tx.update(organisations).set({ stage: values.stage, updatedAt: now }).where(eq(organisations.id, values.organisationId))
  await tx.insert(stageHistory).values({
    organisationId: values.organisationId,
    fromStage,
    toStage: values.stage,
    assessmentId: values.assessmentId,
    reason: values.reason,
    evidence: values.evidence,
    changedById: values.actorId,
    changedAt: now,
  })
  await audit(tx, {
    actorId: values.actorId,
    action: 'organisation.stage_confirmed',
    entityType: 'organisation',
    entityId: values.organisationId,
    organisationId: values.organisationId,
    data: {
      assessmentId: values.assessmentId,
      from: fromStage,
      to: values.stage,
      proposed: values.proposedStage,
      overridden: values.stage !== values.proposedStage,
      reason: values.reason,
    },
  })
  return { fromStage }
}

/** The centre's assessments, newest first, with per-area averages (two queries, whatever the count). */
export async function listAssessments(organisationId: string, tx: Executor = db) {
  const rows = await tx
    .select({
      id: assessments.id,
      kind: assessments.kind,
      conductedOn: assessments.conductedOn,
      conductedByName: users.name,
      status: assessments.status,
      proposedStage: assessments.proposedStage,
      confirmedStage: assessments.confirmedStage,
      createdAt: assessments.createdAt,
    })
    .from(assessments)
    .leftJoin(users, eq(users.id, assessments.conductedById))
    .where(eq(assessments.organisationId, organisationId))
    .orderBy(desc(assessments.conductedOn), desc(assessments.createdAt))
  const ids = rows.map((r) => r.id)
  const averages = ids.length
    ? await tx
        .select({
          assessmentId: assessmentAnswers.assessmentId,
          areaKey: assessmentAnswers.areaKey,
          average: sql<string>`avg(${assessmentAnswers.score})`,
        })
        .from(assessmentAnswers)
        .where(inArray(assessmentAnswers.assessmentId, ids))
        .groupBy(assessmentAnswers.assessmentId, assessmentAnswers.areaKey)
    : []
  const byAssessment = new Map<string, Record<string, number>>()
  for (const a of averages) {
    const entry = byAssessment.get(a.assessmentId) ?? {}
    entry[a.areaKey] = Math.round(Number(a.average) * 100) / 100
    byAssessment.set(a.assessmentId, entry)
  }
  return rows.map((r) => ({ ...r, averages: byAssessment.get(r.id) ?? {} }))
}

/** Completed assessments oldest first, as the chart and its data table show them. */
export function chartSeries(list: Awaited<ReturnType<typeof listAssessments>>) {
  return list
    .filter((a) => a.status === 'completed')
    .slice()
    .reverse()
    .map((a) => ({ id: a.id, kind: a.kind, conductedOn: a.conductedOn, averages: a.averages }))
}

export async function getStageHistory(organisationId: string, tx: Executor = db) {
  return tx
    .select({
      id: stageHistory.id,
      fromStage: stageHistory.fromStage,
      toStage: stageHistory.toStage,
      assessmentId: stageHistory.assessmentId,
      reason: stageHistory.reason,
      evidence: stageHistory.evidence,
      changedByName: users.name,
      changedAt: stageHistory.changedAt,
    })
    .from(stageHistory)
    .leftJoin(users, eq(users.id, stageHistory.changedById))
    .where(eq(stageHistory.organisationId, organisationId))
    .orderBy(desc(stageHistory.changedAt))
}

/**
 * Library topics (COURSE_TOPICS, shared by toolkit resources) that serve each area of the stage model.
 * An area not listed here simply gets no resource recommendations.
 */
export const AREA_TOPICS: Record<string, readonly string[]> = {
  'legal-base': ['law', 'organisation'],
  team: ['organisation', 'volunteering'],
  services: ['consulting', 'social-services'],
  communications: ['communications'],
  finance: ['finance', 'fundraising'],
  partnerships: ['organisation', 'volunteering'],
}
/** How many library resources are suggested per weak area. */
const RESOURCES_PER_AREA = 5

/**
 * Recommendations for a completed assessment, with course titles for links (one query) and published
 * toolkit resources for each weak area: the area's topics at the target stage or the proposed one
 * (one more query).
 */
export async function recommendationsWithCourses(scores: Scores, model: StageModel, tx: Executor = db) {
  const recs = recommendations(scores, model)
  const slugs = [...new Set(recs.flatMap((r) => r.courses))]
  const rows = slugs.length
    ? await tx.select({ slug: courses.slug, title: courses.title }).from(courses).where(inArray(courses.slug, slugs)).orderBy(asc(courses.title))
    : []
  const titles = new Map(rows.map((r) => [r.slug, r.title]))
  const topics = [...new Set(recs.flatMap((r) => AREA_TOPICS[r.area] ?? []))]
  const target = recs[0]?.targetStage
  const stages = target ? [target, proposeStage(scores, model)] : []
  const resources = topics.length
    ? await tx
        .select({ slug: toolkitResources.slug, title: toolkitResources.title, titleEn: toolkitResources.titleEn, topic: toolkitResources.topic, stage: toolkitResources.stage })
        .from(toolkitResources)
        .where(and(eq(toolkitResources.status, 'published'), inArray(toolkitResources.topic, topics), inArray(toolkitResources.stage, stages)))
        .orderBy(asc(toolkitResources.title))
    : []
  return recs.map((r) => ({
    ...r,
    courses: r.courses.map((slug) => ({ slug, title: titles.get(slug) ?? slug })),
    resources: resources
      .filter((x) => (AREA_TOPICS[r.area] ?? []).includes(x.topic))
      // Resources for the stage to reach first, then those for the stage the centre is at.
      .sort((a, b) => Number(b.stage === r.targetStage) - Number(a.stage === r.targetStage))
      .slice(0, RESOURCES_PER_AREA)
      .map(({ slug, title, titleEn }) => ({ slug, title, titleEn })),
  }))
}
