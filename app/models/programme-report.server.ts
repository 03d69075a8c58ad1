// Period reports of a programme, following the Fund's analytical report: control points, the calendar plan,
// events planned and held, quantitative results (the indicators), qualitative results (stage changes,
// assessment score changes, participants' feedback), publications, the manager's commentary.
//
// A draft is computed live from the data every time it is shown. Submitting computes it once more and
// freezes every figure and table into programme_reports.snapshot (with who submitted it and when); from
// then on the report — its page, CSV, XLSX and print — is rendered from that snapshot alone, so later
// changes to events, attendance, indicators or the plan do not change it.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  assessmentAnswers,
  assessments,
  attachments,
  organisations,
  programmeCentres,
  programmeIndicators,
  programmeReports,
  programmes,
  regions,
  stageHistory,
  users,
} from '#db/schema/index.ts'
import { audit } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { optionalText } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import type { Locale } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { computeProgrammeIndicators } from './indicators.server.ts'
import {
  activityStatus,
  describeComputation,
  getPeriod,
  listActivities,
  requireProgrammeReporting,
  todayFor,
  uuidFrom,
} from './reporting-setup.server.ts'
import { getStageModel } from './stage-model.server.ts'
import {
  publicationUrl,
  splitPublications,
  type ReportActivity,
  type ReportAssessmentChange,
  type ReportContent,
  type ReportEventStatus,
  type ReportIndicator,
  type ReportNarrative,
  type ReportStageChange,
  type ShownReport,
} from '#app/utils/report-content.ts'

export type { ReportContent } from '#app/utils/report-content.ts'

export const SNAPSHOT_VERSION = 1

// ---------------------------------------------------------------------------------------------
// The report's content: the same shape live (a draft) and frozen (a submitted report's snapshot)

// ---------------------------------------------------------------------------------------------
// The narrative form

export const ReportFormSchema = z.object({
  activityDescription: optionalText(20_000),
  qualitativeResults: optionalText(20_000),
  feedback: optionalText(20_000),
  commentary: optionalText(20_000),
  publications: z
    .string()
    .trim()
    .max(10_000)
    .optional()
    .refine((v) => splitPublications(v).length <= 200, { error: 'validation.tooLong' })
    .refine((v) => splitPublications(v).every((line) => publicationUrl(line) !== null), {
      error: 'reporting.report.publicationsInvalid',
    }),
})

export type ReportInput = z.output<typeof ReportFormSchema>

// ---------------------------------------------------------------------------------------------
// Reading

export async function getReportRow(programmeId: string, periodId: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      id: programmeReports.id,
      status: programmeReports.status,
      activityDescription: programmeReports.activityDescription,
      qualitativeResults: programmeReports.qualitativeResults,
      feedback: programmeReports.feedback,
      commentary: programmeReports.commentary,
      publications: programmeReports.publications,
      snapshot: programmeReports.snapshot,
      submittedAt: programmeReports.submittedAt,
      submittedByName: users.name,
      updatedAt: programmeReports.updatedAt,
    })
    .from(programmeReports)
    .leftJoin(users, eq(users.id, programmeReports.submittedById))
    .where(and(eq(programmeReports.programmeId, programmeId), eq(programmeReports.periodId, periodId)))
  return row ?? null
}

export type ReportRow = NonNullable<Awaited<ReturnType<typeof getReportRow>>>

function narrativeOf(row: Partial<Pick<ReportRow, 'activityDescription' | 'qualitativeResults' | 'feedback' | 'commentary' | 'publications'>> | null): ReportNarrative {
  return {
    activityDescription: row?.activityDescription ?? '',
    qualitativeResults: row?.qualitativeResults ?? '',
    feedback: row?.feedback ?? '',
    commentary: row?.commentary ?? '',
    publications: splitPublications(row?.publications),
  }
}

/** A frozen report's content, or null when the stored snapshot is not one this code can read. */
export function readSnapshot(snapshot: unknown): ReportContent | null {
  if (!snapshot || typeof snapshot !== 'object') return null
  const s = snapshot as Partial<ReportContent>
  if (s.version !== SNAPSHOT_VERSION || !s.period || !s.programme) return null
  return s as ReportContent
}

/**
 * What the report shows: the snapshot of a submitted report, or the live figures of a draft (with its
 * texts as saved).
 */
export async function loadReportContent(
  programmeId: string,
  period: { id: string; label: string; startsOn: string; endsOn: string },
  options: { today: string; now?: Date; tx?: Executor } = { today: new Date().toISOString().slice(0, 10) },
) {
  const row = await getReportRow(programmeId, period.id, options.tx)
  if (row?.status === 'submitted') {
    const frozen = readSnapshot(row.snapshot)
    if (frozen) return { row, content: frozen, frozen: true as const }
  }
  const content = await computeReportContent(programmeId, period, narrativeOf(row), options)
  return { row, content, frozen: false as const }
}

// ---------------------------------------------------------------------------------------------
// Computing

/**
 * Every figure and table of the report for a period, read from the data as it is now. `today` judges
 * overdue activities; `now` judges which events have taken place (not cancelled and started by then —
 * the rule the indicators use too).
 */
export async function computeReportContent(
  programmeId: string,
  period: { id: string; label: string; startsOn: string; endsOn: string },
  narrative: ReportNarrative,
  options: { today: string; now?: Date; tx?: Executor },
): Promise<ReportContent> {
  const tx = options.tx ?? db
  const now = options.now ?? new Date()
  const [programme, activities, events, indicators, stageChanges, assessmentChanges] = await Promise.all([
    programmeHeader(tx, programmeId),
    listActivities(programmeId, tx),
    periodEvents(tx, programmeId, period, now),
    periodIndicators(tx, programmeId, period, now),
    periodStageChanges(tx, programmeId, period),
    periodAssessmentChanges(tx, programmeId, period),
  ])
  if (!programme) throw new Error(`Programme ${programmeId} not found`)
  const touches = (from: string | null, to: string | null) => Boolean(from && to && from <= period.endsOn && to >= period.startsOn)
  const inPeriod = (d: string | null) => Boolean(d && d >= period.startsOn && d <= period.endsOn)
  const asActivity = ({ position: _p, updatedAt: _u, ...a }: Awaited<ReturnType<typeof listActivities>>[number]): ReportActivity => ({
    ...a,
    status: activityStatus(a, options.today),
  })
  // Control points due in the period or reached in it; activities planned or carried out in it.
  const controlPoints = activities
    .filter((a) => a.isControlPoint && (inPeriod(a.plannedEndOn) || inPeriod(a.actualEndOn)))
    .map(asActivity)
  const plan = activities
    .filter(
      (a) =>
        !a.isControlPoint &&
        (touches(a.plannedStartOn, a.plannedEndOn) || touches(a.actualStartOn, a.actualEndOn ?? a.actualStartOn)),
    )
    .map(asActivity)
  return {
    version: SNAPSHOT_VERSION,
    generatedAt: now.toISOString(),
    asOfDate: options.today,
    programme,
    period: { id: period.id, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn },
    controlPoints,
    activities: plan,
    events,
    indicators,
    stageChanges,
    assessmentChanges,
    narrative,
  }
}

async function programmeHeader(tx: Executor, programmeId: string) {
  const [row] = await tx
    .select({
      id: programmes.id,
      name: programmes.name,
      funder: programmes.funder,
      competition: programmes.competition,
      grantNumber: programmes.grantNumber,
      amount: programmes.amount,
      coFinancing: programmes.coFinancing,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      mentorName: organisations.name,
      centres: sql<number>`(select count(*)::int from ${programmeCentres} pc where pc.programme_id = ${programmes.id})`,
      regions: sql<number>`(select count(distinct o.region_code)::int from ${programmeCentres} pc join ${organisations} o on o.id = pc.organisation_id where pc.programme_id = ${programmes.id})`,
    })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.mentorOrganisationId))
    .where(eq(programmes.id, programmeId))
  return row ?? null
}

/**
 * The programme's events that start within the period (by the date in their own time zone), each with
 * its status and attendance: held = not cancelled and started by `now`; cancelled; upcoming = not yet
 * started. Participants are people marked present or late; centres, the distinct centres they came from.
 */
async function periodEvents(tx: Executor, programmeId: string, period: { startsOn: string; endsOn: string }, now: Date) {
  // Sargable bounds: any local date of the period lies within UTC−12…UTC+14 of its UTC day.
  const lower = new Date(Date.parse(`${period.startsOn}T00:00:00Z`) - 14 * 3600_000).toISOString()
  const upper = new Date(Date.parse(`${period.endsOn}T00:00:00Z`) + 36 * 3600_000).toISOString()
  const nowIso = now.toISOString()
  const rows = await tx
    .select({
      id: sql<string>`e.id`,
      title: sql<string>`e.title`,
      kind: sql<string>`e.kind::text`,
      date: sql<string>`to_char(e.starts_at at time zone e.time_zone, 'YYYY-MM-DD')`,
      time: sql<string>`to_char(e.starts_at at time zone e.time_zone, 'HH24:MI')`,
      endDate: sql<string>`to_char(e.ends_at at time zone e.time_zone, 'YYYY-MM-DD')`,
      timeZone: sql<string>`e.time_zone`,
      hostName: sql<string | null>`coalesce(h.short_name, h.name)`,
      status: sql<ReportEventStatus>`case when e.status = 'cancelled' then 'cancelled' when e.starts_at <= ${nowIso}::timestamptz then 'held' else 'upcoming' end`,
      participants: sql<number>`coalesce(att.participants, 0)::int`,
      centres: sql<number>`coalesce(att.centres, 0)::int`,
    })
    .from(
      sql`events e
        left join organisations h on h.id = e.host_id
        left join lateral (
          select count(*) as participants, count(distinct a.organisation_id) as centres
          from attendance a where a.event_id = e.id and a.status in ('present', 'late')
        ) att on true`,
    )
    .where(
      sql`e.programme_id = ${programmeId}::uuid
        and e.starts_at >= ${lower}::timestamptz and e.starts_at < ${upper}::timestamptz
        and (e.starts_at at time zone e.time_zone)::date between ${period.startsOn}::date and ${period.endsOn}::date`,
    )
    .orderBy(sql`e.starts_at`, sql`e.id`)
  const [totals] = await tx
    .select({
      participants: sql<number>`count(distinct a.user_id)::int`,
      visits: sql<number>`count(*)::int`,
      centresReached: sql<number>`count(distinct pc.organisation_id)::int`,
    })
    .from(
      sql`events e join attendance a on a.event_id = e.id and a.status in ('present', 'late')
        left join programme_centres pc on pc.programme_id = e.programme_id and pc.organisation_id = a.organisation_id`,
    )
    .where(
      sql`e.programme_id = ${programmeId}::uuid and e.status <> 'cancelled' and e.starts_at <= ${nowIso}::timestamptz
        and e.starts_at >= ${lower}::timestamptz and e.starts_at < ${upper}::timestamptz
        and (e.starts_at at time zone e.time_zone)::date between ${period.startsOn}::date and ${period.endsOn}::date`,
    )
  const byKind = new Map<string, { kind: string; planned: number; held: number; cancelled: number; participants: number }>()
  for (const e of rows) {
    const k = byKind.get(e.kind) ?? { kind: e.kind, planned: 0, held: 0, cancelled: 0, participants: 0 }
    k.planned += 1
    if (e.status === 'held') {
      k.held += 1
      k.participants += e.participants
    }
    if (e.status === 'cancelled') k.cancelled += 1
    byKind.set(e.kind, k)
  }
  return {
    planned: rows.length,
    held: rows.filter((e) => e.status === 'held').length,
    cancelled: rows.filter((e) => e.status === 'cancelled').length,
    upcoming: rows.filter((e) => e.status === 'upcoming').length,
    participants: totals?.participants ?? 0,
    visits: totals?.visits ?? 0,
    centresReached: totals?.centresReached ?? 0,
    byKind: [...byKind.values()],
    list: rows.map((e) => ({ ...e, participants: e.status === 'held' ? e.participants : 0, centres: e.status === 'held' ? e.centres : 0 })),
  }
}

/** Every indicator for the period and from the programme's start to the period's end, with evidence file names. */
async function periodIndicators(
  tx: Executor,
  programmeId: string,
  period: { startsOn: string; endsOn: string },
  now: Date,
): Promise<ReportIndicator[]> {
  const [header] = await tx.select({ startsOn: programmes.startsOn }).from(programmes).where(eq(programmes.id, programmeId))
  const [forPeriod, cumulative, totals] = await Promise.all([
    computeProgrammeIndicators(tx, programmeId, { startsOn: period.startsOn, endsOn: period.endsOn }, undefined, { asOf: now }),
    computeProgrammeIndicators(
      tx,
      programmeId,
      { startsOn: header && header.startsOn < period.startsOn ? header.startsOn : period.startsOn, endsOn: period.endsOn },
      undefined,
      { asOf: now },
    ),
    tx
      .select({ id: programmeIndicators.id, targetTotal: programmeIndicators.targetTotal })
      .from(programmeIndicators)
      .where(eq(programmeIndicators.programmeId, programmeId)),
  ])
  const fileIds = [...forPeriod.values()].flatMap((i) => i.evidence.map((e) => e.attachmentId)).filter((id): id is string => Boolean(id))
  const files = fileIds.length
    ? await tx.select({ id: attachments.id, name: attachments.originalName }).from(attachments).where(inArray(attachments.id, fileIds))
    : []
  const fileName = new Map(files.map((f) => [f.id, f.name]))
  const totalTarget = new Map(totals.map((t) => [t.id, t.targetTotal === null ? null : Number(t.targetTotal)]))
  return [...forPeriod.values()].map((i) => {
    const cumulativeValue = cumulative.get(i.indicatorId)?.value ?? null
    const target = totalTarget.get(i.indicatorId) ?? null
    return {
      id: i.indicatorId,
      name: i.name,
      unit: i.unit,
      source: i.source,
      computationKey: i.computationKey,
      params: i.params,
      periodTarget: i.target,
      periodValue: i.value,
      cumulativeValue,
      totalTarget: target,
      completion: target && cumulativeValue !== null ? cumulativeValue / target : null,
      evidence: i.evidence.map((e) => ({
        value: e.value,
        url: e.evidenceUrl,
        fileName: e.attachmentId ? (fileName.get(e.attachmentId) ?? null) : null,
        attachmentId: e.attachmentId,
        note: e.note,
      })),
    }
  })
}

/** Stage changes of the programme's centres on a date of the period (in the centre's region's zone). */
async function periodStageChanges(tx: Executor, programmeId: string, period: { startsOn: string; endsOn: string }) {
  const localDate = sql`(${stageHistory.changedAt} at time zone ${regions.timeZone})::date`
  const rows = await tx
    .select({
      centreId: organisations.id,
      centreName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      date: sql<string>`to_char(${localDate}, 'YYYY-MM-DD')`,
      from: stageHistory.fromStage,
      to: stageHistory.toStage,
      reason: stageHistory.reason,
    })
    .from(stageHistory)
    .innerJoin(programmeCentres, and(eq(programmeCentres.organisationId, stageHistory.organisationId), eq(programmeCentres.programmeId, programmeId)))
    .innerJoin(organisations, eq(organisations.id, stageHistory.organisationId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(
      and(
        sql`${stageHistory.changedAt} >= ${new Date(Date.parse(`${period.startsOn}T00:00:00Z`) - 14 * 3600_000).toISOString()}::timestamptz`,
        sql`${stageHistory.changedAt} < ${new Date(Date.parse(`${period.endsOn}T00:00:00Z`) + 36 * 3600_000).toISOString()}::timestamptz`,
        sql`${localDate} between ${period.startsOn}::date and ${period.endsOn}::date`,
      ),
    )
    .orderBy(asc(stageHistory.changedAt))
  const model = getStageModel()
  const order = model.stages.map((s) => s.key as string)
  const stage = (key: string) => model.stages.find((s) => s.key === key)
  return rows.map((r): ReportStageChange => {
    const a = order.indexOf(r.from)
    const b = order.indexOf(r.to)
    return {
      ...r,
      fromTitle: stage(r.from)?.title ?? r.from,
      toTitle: stage(r.to)?.title ?? r.to,
      fromTitleEn: stage(r.from)?.titleEn ?? r.from,
      toTitleEn: stage(r.to)?.titleEn ?? r.to,
      direction: b > a ? 'up' : b < a ? 'down' : 'same',
    }
  })
}

/**
 * For every programme centre with a completed assessment conducted in the period: the average score (0–3
 * over all answers) of its last assessment in the period and of the completed assessment before that, and
 * the change between them.
 */
async function periodAssessmentChanges(tx: Executor, programmeId: string, period: { startsOn: string; endsOn: string }) {
  const rows = await tx
    .select({
      centreId: assessments.organisationId,
      centreName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      conductedOn: assessments.conductedOn,
      score: sql<number>`avg(${assessmentAnswers.score})::float8`,
    })
    .from(assessments)
    .innerJoin(programmeCentres, and(eq(programmeCentres.organisationId, assessments.organisationId), eq(programmeCentres.programmeId, programmeId)))
    .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
    .innerJoin(assessmentAnswers, eq(assessmentAnswers.assessmentId, assessments.id))
    .where(and(eq(assessments.status, 'completed'), sql`${assessments.conductedOn} <= ${period.endsOn}::date`))
    .groupBy(assessments.id, organisations.id)
    .orderBy(asc(organisations.name), asc(assessments.conductedOn), asc(assessments.completedAt))
  const byCentre = new Map<string, typeof rows>()
  for (const r of rows) byCentre.set(r.centreId, [...(byCentre.get(r.centreId) ?? []), r])
  const changes: ReportAssessmentChange[] = []
  for (const list of byCentre.values()) {
    const lastIndex = list.findLastIndex((r) => r.conductedOn >= period.startsOn)
    if (lastIndex < 0) continue
    const after = list[lastIndex]!
    const before = lastIndex > 0 ? list[lastIndex - 1]! : null
    const round = (n: number) => Math.round(n * 100) / 100
    changes.push({
      centreId: after.centreId,
      centreName: after.centreName,
      beforeOn: before?.conductedOn ?? null,
      before: before ? round(before.score) : null,
      afterOn: after.conductedOn,
      after: round(after.score),
      change: before ? round(after.score - before.score) : null,
    })
  }
  return changes
}

// ---------------------------------------------------------------------------------------------
// Writing

export class ReportSubmittedError extends Error {}
export class StaleReportError extends Error {}

type ReportActor = { actorId: string; organisationId: string }

function textValues(input: ReportInput) {
  return {
    activityDescription: input.activityDescription ?? null,
    qualitativeResults: input.qualitativeResults ?? null,
    feedback: input.feedback ?? null,
    commentary: input.commentary ?? null,
    publications: splitPublications(input.publications).join('\n') || null,
  }
}

/**
 * Saves a draft's texts, creating the report on first save. Refuses (ReportSubmittedError) once it is
 * submitted, and (StaleReportError) when someone else saved it after the form was opened.
 */
export async function saveReportDraft(
  tx: Executor,
  programmeId: string,
  periodId: string,
  input: ReportInput,
  actor: ReportActor,
  version?: number,
) {
  const row = await lockReport(tx, programmeId, periodId, actor.actorId)
  if (row.status === 'submitted') throw new ReportSubmittedError()
  if (version !== undefined && row.updatedAt.getTime() !== version) throw new StaleReportError()
  await tx
    .update(programmeReports)
    .set({ ...textValues(input), updatedAt: new Date() })
    .where(eq(programmeReports.id, row.id))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.save',
    entityType: 'report',
    entityId: row.id,
    organisationId: actor.organisationId,
    data: { programmeId, periodId },
  })
  return row.id
}

/** The report row locked for update, created as an empty draft if there is none yet. */
async function lockReport(tx: Executor, programmeId: string, periodId: string, actorId: string) {
  await tx
    .insert(programmeReports)
    .values({ programmeId, periodId, status: 'draft', createdById: actorId })
    .onConflictDoNothing({ target: [programmeReports.programmeId, programmeReports.periodId] })
  const [row] = await tx
    .select({ id: programmeReports.id, status: programmeReports.status, updatedAt: programmeReports.updatedAt })
    .from(programmeReports)
    .where(and(eq(programmeReports.programmeId, programmeId), eq(programmeReports.periodId, periodId)))
    .for('update')
  return row!
}

/**
 * Submits a report: saves its texts, computes every figure and table once more, and freezes them with who
 * submitted it and when. A report is submitted once (ReportSubmittedError on a second try).
 */
export async function submitReport(
  tx: Executor,
  programmeId: string,
  period: { id: string; label: string; startsOn: string; endsOn: string },
  input: ReportInput,
  actor: ReportActor & { name: string },
  options: { today: string; now?: Date; version?: number },
) {
  // Evidence files are deleted under a conflicting lock of the same row (lockProgrammeEvidence): the
  // snapshot never lists a file that is being deleted, and a deletion sees the files this report freezes.
  await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, programmeId)).for('share')
  const row = await lockReport(tx, programmeId, period.id, actor.actorId)
  if (row.status === 'submitted') throw new ReportSubmittedError()
  if (options.version !== undefined && row.updatedAt.getTime() !== options.version) throw new StaleReportError()
  const now = options.now ?? new Date()
  const texts = textValues(input)
  const content = await computeReportContent(programmeId, period, narrativeOf(texts), { today: options.today, now, tx })
  const snapshot: ReportContent = {
    ...content,
    submittedBy: { id: actor.actorId, name: actor.name },
    submittedAt: now.toISOString(),
  }
  await tx
    .update(programmeReports)
    .set({
      ...texts,
      status: 'submitted',
      snapshot: snapshot as unknown as Record<string, unknown>,
      submittedById: actor.actorId,
      submittedAt: now,
      updatedAt: now,
    })
    .where(eq(programmeReports.id, row.id))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.submit',
    entityType: 'report',
    entityId: row.id,
    organisationId: actor.organisationId,
    data: {
      programmeId,
      periodId: period.id,
      period: period.label,
      eventsHeld: content.events.held,
      participants: content.events.participants,
      indicators: content.indicators.map((i) => ({ id: i.id, value: i.periodValue, target: i.periodTarget })),
    },
  })
  return { id: row.id, content: snapshot }
}

// ---------------------------------------------------------------------------------------------
// Routes' common start

/**
 * Signs in, checks the person may see the programme's reporting, and finds the period (404 if it is not
 * this programme's). `capability` 'manage' for actions.
 */
export async function requireReportPeriod(
  args: Pick<LoaderFunctionArgs, 'request' | 'params' | 'context'>,
  capability: 'view' | 'manage' = 'view',
) {
  const access = await requireProgrammeReporting(args, capability)
  const periodId = uuidFrom(args.params.periodId)
  const period = await getPeriod(access.programme.id, periodId)
  if (!period) notFound()
  const locale = resolveLocale(args.request, access.user)
  return { ...access, period, locale, today: todayFor(access.user) }
}

/** The content with each indicator's computation described in the reader's language. */
export function presentReport(content: ReportContent, locale: Locale): ShownReport {
  return {
    ...content,
    indicators: content.indicators.map((i) => ({
      ...i,
      computation: describeComputation({ source: i.source, computationKey: i.computationKey, computationParams: i.params }, locale),
    })),
  }
}
