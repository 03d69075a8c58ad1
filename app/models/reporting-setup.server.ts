// Grant reporting set-up of a programme: report periods, the calendar plan (activities and control points),
// indicators with their targets per period and, for manual ones, values with evidence. Who may do what:
// administrators and the programme's managers manage; mentors of its mentor organisation (who deliver
// the work being reported) may look; centres and everyone else are refused.
import { unstable_parseMultipartFormData, type LoaderFunctionArgs, type UploadHandler } from '@remix-run/node'
import { and, asc, eq, exists, inArray, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  attachments,
  courses,
  indicatorManualValues,
  indicatorTargets,
  planActivities,
  programmeIndicators,
  programmeReports,
  programmes,
  reportPeriods,
} from '#db/schema/index.ts'
import { audit } from '#app/utils/audit.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { isoDate, optionalText, optionalUrl, parseForm, requiredText } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { isMessageKey, translate, type Locale } from '#app/utils/i18n.ts'
import { getProgrammeRelation } from '#app/utils/permissions.server.ts'
import type { ActivityStatus, IndicatorChoices } from '#app/utils/report-content.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import {
  isMultipart,
  maxUploadBytes,
  removeUpload,
  storeUpload,
  UploadError,
  type StoredUpload,
} from '#app/utils/uploads.server.ts'
import { getIndicatorDefinition, INDICATOR_CATALOGUE, isIndicatorKey, parseIndicatorParams } from './indicators.server.ts'
import { programmeIdFrom } from './programme.server.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A uuid from the URL or a form, or 404: a malformed one must not reach PostgreSQL (that would be a 500). */
export function uuidFrom(value: string | undefined | null) {
  if (!value || !UUID.test(value)) notFound()
  return value.toLowerCase()
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

// ---------------------------------------------------------------------------------------------
// Access

export type ReportingRelation = 'admin' | 'manager' | 'mentor'

/**
 * Signs in and checks the person's standing towards the programme's reporting. 'view': administrators,
 * the programme's managers and the mentors (and leaders) of its mentor organisation; 'manage': only
 * administrators and managers. Centre staff, the mentor organisation's other staff and outsiders get 403;
 * a programme that does not exist, 404.
 */
export async function requireProgrammeReporting(
  args: Pick<LoaderFunctionArgs, 'request' | 'params' | 'context'>,
  capability: 'view' | 'manage' = 'view',
) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  const [programme] = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      mentorOrganisationId: programmes.mentorOrganisationId,
    })
    .from(programmes)
    .where(eq(programmes.id, id))
  if (!programme) notFound()
  const relation = await getProgrammeRelation(user, id)
  if (relation !== 'admin' && relation !== 'manager' && relation !== 'mentor') forbidden()
  const canManage = relation === 'admin' || relation === 'manager'
  if (capability === 'manage' && !canManage) forbidden()
  return { user, programme, relation: relation as ReportingRelation, canManage }
}

/** Today's date where the person is, as 'YYYY-MM-DD'. */
export function todayFor(user: Pick<CurrentUser, 'timeZone'>, now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: user.timeZone }).format(now)
}

// ---------------------------------------------------------------------------------------------
// Form schemas (shared by the routes and the tests)

const periodLabel = requiredText(120)

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * «The end is not before the start», checked even when other fields of the form failed (zod skips an
 * object's refinements then unless told when they can run), so one submit reports every problem.
 */
function dateOrder(from: string, to: string): [(value: Record<string, unknown>) => boolean, { path: string[]; message: string; when: (payload: { value: unknown }) => boolean }] {
  return [
    (value: Record<string, unknown>) => {
      const a = value[from]
      const b = value[to]
      return !(typeof a === 'string' && typeof b === 'string' && b < a)
    },
    {
      path: [to],
      message: 'validation.dateOrder',
      when: (payload: { value: unknown }) => {
        const v = payload.value as Record<string, unknown> | null
        return Boolean(v) && [v?.[from], v?.[to]].every((d) => d === undefined || (typeof d === 'string' && ISO_DAY.test(d)))
      },
    },
  ]
}

export const PeriodFormSchema = z
  .object({ label: periodLabel, startsOn: isoDate, endsOn: isoDate })
  .refine(...dateOrder('startsOn', 'endsOn'))

export type PeriodInput = z.output<typeof PeriodFormSchema>

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === '1' || v === 'true')

export const ActivityFormSchema = z
  .object({
    title: requiredText(300),
    description: optionalText(4000),
    isControlPoint: checkbox,
    plannedStartOn: isoDate,
    plannedEndOn: isoDate,
    actualStartOn: isoDate.optional(),
    actualEndOn: isoDate.optional(),
    result: optionalText(4000),
  })
  .refine(...dateOrder('plannedStartOn', 'plannedEndOn'))
  .refine(...dateOrder('actualStartOn', 'actualEndOn'))

export type ActivityInput = z.output<typeof ActivityFormSchema>

/**
 * A quantity as people type it: spaces between thousands, a comma or a dot before the decimals, at most
 * two decimals, not negative. Returned as the string PostgreSQL's numeric(14,2) takes.
 */
export const quantity = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s\u00a0]/g, '').replace(',', '.'))
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: 'validation.number' }))

export const optionalQuantity = quantity.optional()

// ---------------------------------------------------------------------------------------------
// Periods

export async function listPeriods(programmeId: string, tx: Executor = db) {
  return tx
    .select({
      id: reportPeriods.id,
      label: reportPeriods.label,
      startsOn: reportPeriods.startsOn,
      endsOn: reportPeriods.endsOn,
      reportStatus: programmeReports.status,
      submittedAt: programmeReports.submittedAt,
    })
    .from(reportPeriods)
    .leftJoin(
      programmeReports,
      and(eq(programmeReports.periodId, reportPeriods.id), eq(programmeReports.programmeId, reportPeriods.programmeId)),
    )
    .where(eq(reportPeriods.programmeId, programmeId))
    .orderBy(asc(reportPeriods.startsOn), asc(reportPeriods.endsOn), asc(reportPeriods.label))
}

export async function getPeriod(programmeId: string, periodId: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      id: reportPeriods.id,
      label: reportPeriods.label,
      startsOn: reportPeriods.startsOn,
      endsOn: reportPeriods.endsOn,
    })
    .from(reportPeriods)
    .where(and(eq(reportPeriods.id, periodId), eq(reportPeriods.programmeId, programmeId)))
  return row ?? null
}

/** Errors of a period against its programme: it must lie within the grant's dates. */
export function periodOutsideProgramme(input: PeriodInput, programme: { startsOn: string; endsOn: string }) {
  const errors: Record<string, string[]> = {}
  if (input.startsOn < programme.startsOn) errors.startsOn = ['reporting.setup.period.beforeProgramme']
  if (input.endsOn > programme.endsOn) errors.endsOn = ['reporting.setup.period.afterProgramme']
  return Object.keys(errors).length ? errors : null
}

type Actor = { actorId: string; organisationId: string }

export async function createPeriod(tx: Executor, programmeId: string, input: PeriodInput, actor: Actor) {
  const [row] = await tx
    .insert(reportPeriods)
    .values({ programmeId, label: input.label, startsOn: input.startsOn, endsOn: input.endsOn })
    .returning({ id: reportPeriods.id })
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.period-create',
    entityType: 'report',
    entityId: row!.id,
    organisationId: actor.organisationId,
    data: { programmeId, ...input },
  })
  return row!
}

export async function updatePeriod(tx: Executor, programmeId: string, periodId: string, input: PeriodInput, actor: Actor) {
  const before = await getPeriod(programmeId, periodId, tx)
  if (!before) return null
  await tx.update(reportPeriods).set(input).where(eq(reportPeriods.id, periodId))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.period-update',
    entityType: 'report',
    entityId: periodId,
    organisationId: actor.organisationId,
    data: { programmeId, from: before, to: input },
  })
  return { id: periodId }
}

export async function periodReportStatus(programmeId: string, periodId: string, tx: Executor = db) {
  const [row] = await tx
    .select({ status: programmeReports.status })
    .from(programmeReports)
    .where(and(eq(programmeReports.programmeId, programmeId), eq(programmeReports.periodId, periodId)))
  return row?.status ?? null
}

/**
 * Deletes a period with its targets, manual values and draft report. A period whose report was submitted
 * is kept: 'submitted' tells the caller to refuse.
 */
export async function deletePeriod(tx: Executor, programmeId: string, periodId: string, actor: Actor) {
  const [period] = await tx
    .select({ id: reportPeriods.id, label: reportPeriods.label, startsOn: reportPeriods.startsOn, endsOn: reportPeriods.endsOn })
    .from(reportPeriods)
    .where(and(eq(reportPeriods.id, periodId), eq(reportPeriods.programmeId, programmeId)))
    .for('update')
  if (!period) return 'not-found' as const
  if ((await periodReportStatus(programmeId, periodId, tx)) === 'submitted') return 'submitted' as const
  await tx.delete(reportPeriods).where(eq(reportPeriods.id, periodId))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.period-delete',
    entityType: 'report',
    entityId: periodId,
    organisationId: actor.organisationId,
    data: { programmeId, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn },
  })
  return 'deleted' as const
}

const ROMAN = ['I', 'II', 'III', 'IV']

/** Calendar quarters that overlap the programme, each cut to the programme's dates. */
export function quartersOf(programme: { startsOn: string; endsOn: string }, locale: Locale) {
  const quarters: PeriodInput[] = []
  let year = Number(programme.startsOn.slice(0, 4))
  let q = Math.floor((Number(programme.startsOn.slice(5, 7)) - 1) / 3)
  for (let guard = 0; guard < 100; guard++) {
    const start = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`
    const lastMonth = q * 3 + 3
    const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate()
    const end = `${year}-${String(lastMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`
    if (start > programme.endsOn) break
    quarters.push({
      label: translate(locale, 'reporting.setup.period.quarterLabel', { quarter: locale === 'ru' ? ROMAN[q]! : `Q${q + 1}`, year: String(year) }),
      startsOn: start < programme.startsOn ? programme.startsOn : start,
      endsOn: end > programme.endsOn ? programme.endsOn : end,
    })
    q += 1
    if (q === 4) {
      q = 0
      year += 1
    }
  }
  return quarters
}

/** Adds the programme's quarters that are not there yet (same dates); returns how many were added. */
export async function generateQuarters(
  tx: Executor,
  programme: { id: string; startsOn: string; endsOn: string },
  locale: Locale,
  actor: Actor,
) {
  // Serialises two clicks at once, so no quarter is added twice.
  await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, programme.id)).for('update')
  const existing = await tx
    .select({ startsOn: reportPeriods.startsOn, endsOn: reportPeriods.endsOn })
    .from(reportPeriods)
    .where(eq(reportPeriods.programmeId, programme.id))
  const have = new Set(existing.map((p) => `${p.startsOn}/${p.endsOn}`))
  const missing = quartersOf(programme, locale).filter((q) => !have.has(`${q.startsOn}/${q.endsOn}`))
  if (!missing.length) return 0
  const rows = await tx
    .insert(reportPeriods)
    .values(missing.map((q) => ({ programmeId: programme.id, ...q })))
    .returning({ id: reportPeriods.id })
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.quarters-generate',
    entityType: 'report',
    entityId: programme.id,
    organisationId: actor.organisationId,
    data: { programmeId: programme.id, periods: missing.map((q, i) => ({ id: rows[i]!.id, ...q })) },
  })
  return missing.length
}

// ---------------------------------------------------------------------------------------------
// Calendar plan

const activityColumns = {
  id: planActivities.id,
  title: planActivities.title,
  description: planActivities.description,
  isControlPoint: planActivities.isControlPoint,
  plannedStartOn: planActivities.plannedStartOn,
  plannedEndOn: planActivities.plannedEndOn,
  actualStartOn: planActivities.actualStartOn,
  actualEndOn: planActivities.actualEndOn,
  result: planActivities.result,
  position: planActivities.position,
  updatedAt: planActivities.updatedAt,
}

export async function listActivities(programmeId: string, tx: Executor = db) {
  return tx
    .select(activityColumns)
    .from(planActivities)
    .where(eq(planActivities.programmeId, programmeId))
    .orderBy(asc(planActivities.plannedStartOn), asc(planActivities.position), asc(planActivities.createdAt))
}

export async function getActivity(programmeId: string, activityId: string, tx: Executor = db) {
  const [row] = await tx
    .select(activityColumns)
    .from(planActivities)
    .where(and(eq(planActivities.id, activityId), eq(planActivities.programmeId, programmeId)))
  return row ?? null
}


/**
 * Where an activity stands on a given day: done (finished on time), late (finished after the planned end),
 * overdue (planned end passed, not finished), in progress (started, not finished), planned.
 */
export function activityStatus(
  a: { plannedEndOn: string; actualStartOn: string | null; actualEndOn: string | null },
  today: string,
): ActivityStatus {
  if (a.actualEndOn) return a.actualEndOn > a.plannedEndOn ? 'late' : 'done'
  if (a.plannedEndOn < today) return 'overdue'
  if (a.actualStartOn) return 'inProgress'
  return 'planned'
}

function activityValues(input: ActivityInput) {
  return {
    title: input.title,
    description: input.description ?? null,
    isControlPoint: input.isControlPoint,
    plannedStartOn: input.plannedStartOn,
    plannedEndOn: input.plannedEndOn,
    actualStartOn: input.actualStartOn ?? null,
    actualEndOn: input.actualEndOn ?? null,
    result: input.result ?? null,
  }
}

export async function createActivity(tx: Executor, programmeId: string, input: ActivityInput, actor: Actor) {
  const [{ next } = { next: 0 }] = await tx
    .select({ next: sql<number>`coalesce(max(${planActivities.position}) + 1, 0)::int` })
    .from(planActivities)
    .where(eq(planActivities.programmeId, programmeId))
  const [row] = await tx
    .insert(planActivities)
    .values({ programmeId, ...activityValues(input), position: next })
    .returning({ id: planActivities.id })
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.activity-create',
    entityType: 'report',
    entityId: row!.id,
    organisationId: actor.organisationId,
    data: { programmeId, title: input.title, isControlPoint: input.isControlPoint, plannedEndOn: input.plannedEndOn },
  })
  return row!
}

export class StaleRecordError extends Error {}

export async function updateActivity(
  tx: Executor,
  programmeId: string,
  activityId: string,
  input: ActivityInput,
  actor: Actor,
  version?: number,
) {
  const [before] = await tx
    .select(activityColumns)
    .from(planActivities)
    .where(and(eq(planActivities.id, activityId), eq(planActivities.programmeId, programmeId)))
    .for('update')
  if (!before) return null
  if (version !== undefined && before.updatedAt.getTime() !== version) throw new StaleRecordError()
  const next = activityValues(input)
  const changed: Record<string, { from: unknown; to: unknown }> = {}
  for (const [key, value] of Object.entries(next)) {
    const old = before[key as keyof typeof before]
    if (String(old ?? '') !== String(value ?? '')) changed[key] = { from: old ?? null, to: value }
  }
  await tx.update(planActivities).set({ ...next, updatedAt: new Date() }).where(eq(planActivities.id, activityId))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.activity-update',
    entityType: 'report',
    entityId: activityId,
    organisationId: actor.organisationId,
    data: { programmeId, title: input.title, changed },
  })
  return { id: activityId }
}

export async function deleteActivity(tx: Executor, programmeId: string, activityId: string, actor: Actor) {
  const [row] = await tx
    .delete(planActivities)
    .where(and(eq(planActivities.id, activityId), eq(planActivities.programmeId, programmeId)))
    .returning({ title: planActivities.title })
  if (!row) return false
  await audit(tx, {
    actorId: actor.actorId,
    action: 'report.activity-delete',
    entityType: 'report',
    entityId: activityId,
    organisationId: actor.organisationId,
    data: { programmeId, title: row.title },
  })
  return true
}

// ---------------------------------------------------------------------------------------------
// Indicators

const indicatorColumns = {
  id: programmeIndicators.id,
  name: programmeIndicators.name,
  unit: programmeIndicators.unit,
  source: programmeIndicators.source,
  computationKey: programmeIndicators.computationKey,
  computationParams: programmeIndicators.computationParams,
  targetTotal: programmeIndicators.targetTotal,
  description: programmeIndicators.description,
  position: programmeIndicators.position,
  updatedAt: programmeIndicators.updatedAt,
}

export async function listIndicators(programmeId: string, tx: Executor = db) {
  return tx
    .select(indicatorColumns)
    .from(programmeIndicators)
    .where(eq(programmeIndicators.programmeId, programmeId))
    .orderBy(asc(programmeIndicators.position), asc(programmeIndicators.createdAt))
}

export async function getIndicator(programmeId: string, indicatorId: string, tx: Executor = db) {
  const [row] = await tx
    .select(indicatorColumns)
    .from(programmeIndicators)
    .where(and(eq(programmeIndicators.id, indicatorId), eq(programmeIndicators.programmeId, programmeId)))
  return row ?? null
}

export type IndicatorValues = {
  name: string
  unit: string
  source: 'computed' | 'manual'
  computationKey: string | null
  computationParams: Record<string, string>
  targetTotal: string | null
  description: string | null
}

export async function createIndicator(tx: Executor, programmeId: string, values: IndicatorValues, actor: Actor) {
  const [{ next } = { next: 0 }] = await tx
    .select({ next: sql<number>`coalesce(max(${programmeIndicators.position}) + 1, 0)::int` })
    .from(programmeIndicators)
    .where(eq(programmeIndicators.programmeId, programmeId))
  const [row] = await tx
    .insert(programmeIndicators)
    .values({ programmeId, ...values, position: next })
    .returning({ id: programmeIndicators.id })
  await audit(tx, {
    actorId: actor.actorId,
    action: 'indicator.create',
    entityType: 'indicator',
    entityId: row!.id,
    organisationId: actor.organisationId,
    data: { programmeId, ...values },
  })
  return row!
}

export async function updateIndicator(
  tx: Executor,
  programmeId: string,
  indicatorId: string,
  values: IndicatorValues,
  actor: Actor,
  version?: number,
) {
  const [before] = await tx
    .select(indicatorColumns)
    .from(programmeIndicators)
    .where(and(eq(programmeIndicators.id, indicatorId), eq(programmeIndicators.programmeId, programmeId)))
    .for('update')
  if (!before) return null
  if (version !== undefined && before.updatedAt.getTime() !== version) throw new StaleRecordError()
  const changed: Record<string, { from: unknown; to: unknown }> = {}
  for (const [key, value] of Object.entries(values)) {
    const old = before[key as keyof typeof before]
    const a = typeof old === 'object' && old !== null ? JSON.stringify(old) : String(old ?? '')
    const b = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '')
    if (a !== b) changed[key] = { from: old ?? null, to: value }
  }
  await tx.update(programmeIndicators).set({ ...values, updatedAt: new Date() }).where(eq(programmeIndicators.id, indicatorId))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'indicator.update',
    entityType: 'indicator',
    entityId: indicatorId,
    organisationId: actor.organisationId,
    data: { programmeId, name: values.name, changed },
  })
  return { id: indicatorId }
}

/**
 * Deletes an indicator with its targets and values. Evidence files that a submitted report lists stay (the
 * attachment row and the file): a frozen report must keep its evidence downloadable. Returns the storage
 * keys of the other evidence files, to remove after commit.
 */
export async function deleteIndicator(tx: Executor, programmeId: string, indicatorId: string, actor: Actor) {
  await lockProgrammeEvidence(tx, programmeId)
  const indicator = await getIndicator(programmeId, indicatorId, tx)
  if (!indicator) return null
  const files = await tx
    .select({ id: attachments.id, storageKey: attachments.storageKey })
    .from(indicatorManualValues)
    .innerJoin(attachments, eq(attachments.id, indicatorManualValues.attachmentId))
    .where(eq(indicatorManualValues.indicatorId, indicatorId))
  const kept = await evidenceInSubmittedReports(tx, programmeId)
  const removed = files.filter((f) => !kept.has(f.id))
  const evidenceKept = files.length - removed.length
  await tx.delete(programmeIndicators).where(eq(programmeIndicators.id, indicatorId))
  if (removed.length) await tx.delete(attachments).where(inArray(attachments.id, removed.map((f) => f.id)))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'indicator.delete',
    entityType: 'indicator',
    entityId: indicatorId,
    organisationId: actor.organisationId,
    data: { programmeId, name: indicator.name, ...(evidenceKept ? { evidenceKept } : {}) },
  })
  return removed.map((f) => f.storageKey)
}

/**
 * Takes the programme's row lock that submitting a report takes too (`for share` there, here one that
 * conflicts with it), so evidence is never deleted while a report that is about to freeze it is being
 * submitted: whichever commits second sees what the first did.
 */
export async function lockProgrammeEvidence(tx: Executor, programmeId: string) {
  await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, programmeId)).for('no key update')
}

/**
 * Ids of the evidence files listed by the programme's submitted reports (their snapshots keep each file's
 * attachment id). Read from the snapshots in one statement; a programme has a handful of reports.
 */
export async function evidenceInSubmittedReports(tx: Executor, programmeId: string) {
  const rows = await tx
    .select({
      id: sql<string | null>`jsonb_path_query(${programmeReports.snapshot}, '$.indicators[*].evidence[*].attachmentId') #>> '{}'`,
    })
    .from(programmeReports)
    .where(and(eq(programmeReports.programmeId, programmeId), eq(programmeReports.status, 'submitted')))
  return new Set(rows.map((r) => r.id).filter((id): id is string => Boolean(id)))
}

/** Targets per period of one indicator. */
export async function listTargets(indicatorId: string, tx: Executor = db) {
  return tx
    .select({ periodId: indicatorTargets.periodId, target: indicatorTargets.target })
    .from(indicatorTargets)
    .where(eq(indicatorTargets.indicatorId, indicatorId))
}

/**
 * Replaces an indicator's targets per period: a value sets it, a blank removes it. Only the programme's
 * own periods are accepted (the caller passes them).
 */
export async function saveTargets(
  tx: Executor,
  indicator: { id: string; name: string },
  targets: Map<string, string | null>,
  actor: Actor & { programmeId: string },
) {
  const before = new Map((await listTargets(indicator.id, tx)).map((t) => [t.periodId, t.target]))
  const changed: Record<string, { from: string | null; to: string | null }> = {}
  for (const [periodId, value] of targets) {
    const old = before.get(periodId) ?? null
    if (value === null) {
      if (old === null) continue
      await tx
        .delete(indicatorTargets)
        .where(and(eq(indicatorTargets.indicatorId, indicator.id), eq(indicatorTargets.periodId, periodId)))
      changed[periodId] = { from: old, to: null }
    } else {
      if (old !== null && Number(old) === Number(value)) continue
      await tx
        .insert(indicatorTargets)
        .values({ indicatorId: indicator.id, periodId, target: value })
        .onConflictDoUpdate({ target: [indicatorTargets.indicatorId, indicatorTargets.periodId], set: { target: value } })
      changed[periodId] = { from: old, to: value }
    }
  }
  if (Object.keys(changed).length) {
    await audit(tx, {
      actorId: actor.actorId,
      action: 'indicator.targets',
      entityType: 'indicator',
      entityId: indicator.id,
      organisationId: actor.organisationId,
      data: { programmeId: actor.programmeId, name: indicator.name, changed },
    })
  }
  return Object.keys(changed).length
}

/** Manual values of one indicator, per period, with the evidence file if any. */
export async function listManualValues(indicatorId: string, tx: Executor = db) {
  return tx
    .select({
      id: indicatorManualValues.id,
      periodId: indicatorManualValues.periodId,
      value: indicatorManualValues.value,
      evidenceUrl: indicatorManualValues.evidenceUrl,
      note: indicatorManualValues.note,
      enteredAt: indicatorManualValues.enteredAt,
      attachment: {
        id: attachments.id,
        originalName: attachments.originalName,
        contentType: attachments.contentType,
        size: attachments.size,
      },
    })
    .from(indicatorManualValues)
    .leftJoin(attachments, eq(attachments.id, indicatorManualValues.attachmentId))
    .where(eq(indicatorManualValues.indicatorId, indicatorId))
}

export const ManualValueFormSchema = z.object({
  periodId: z.string().regex(UUID, { error: 'validation.choose' }),
  value: quantity,
  evidenceUrl: optionalUrl,
  note: optionalText(1000),
  removeFile: checkbox,
})

export type StoredEvidence = {
  storageKey: string
  originalName: string
  contentType: string
  size: number
  sha256: string
}

/**
 * Writes the value of a manual indicator for a period, with its evidence: a link, a new file (which
 * replaces the old one) or both. Returns the storage key of a replaced or removed file, for the caller to
 * delete once the transaction has committed.
 */
export async function saveManualValue(
  tx: Executor,
  indicator: { id: string; name: string },
  input: { periodId: string; value: string; evidenceUrl: string | null; note: string | null; removeFile: boolean },
  file: StoredEvidence | null,
  actor: Actor & { programmeId: string },
) {
  await lockProgrammeEvidence(tx, actor.programmeId)
  const [before] = await tx
    .select({
      id: indicatorManualValues.id,
      value: indicatorManualValues.value,
      attachmentId: indicatorManualValues.attachmentId,
      storageKey: attachments.storageKey,
    })
    .from(indicatorManualValues)
    .leftJoin(attachments, eq(attachments.id, indicatorManualValues.attachmentId))
    .where(and(eq(indicatorManualValues.indicatorId, indicator.id), eq(indicatorManualValues.periodId, input.periodId)))
    .for('update', { of: indicatorManualValues })
  let attachmentId = before?.attachmentId ?? null
  // Whether the value's old file is unlinked: replaced by a new one or removed.
  let unlinked = false
  if (file) {
    const [row] = await tx
      .insert(attachments)
      .values({ ...file, uploadedById: actor.actorId })
      .returning({ id: attachments.id })
    attachmentId = row!.id
    unlinked = Boolean(before?.attachmentId)
  } else if (input.removeFile && before?.attachmentId) {
    attachmentId = null
    unlinked = true
  }
  // A file a submitted report lists stays for that report (the route refuses changes to a submitted
  // period; this covers a report submitted in between).
  const oldId = unlinked ? before!.attachmentId! : null
  const keepOld = oldId !== null && (await evidenceInSubmittedReports(tx, actor.programmeId)).has(oldId)
  const obsolete = oldId !== null && !keepOld ? before!.storageKey : null
  const values = {
    value: input.value,
    evidenceUrl: input.evidenceUrl,
    note: input.note,
    attachmentId,
    enteredById: actor.actorId,
    enteredAt: new Date(),
  }
  if (before) await tx.update(indicatorManualValues).set(values).where(eq(indicatorManualValues.id, before.id))
  else await tx.insert(indicatorManualValues).values({ indicatorId: indicator.id, periodId: input.periodId, ...values })
  if (obsolete && oldId) await tx.delete(attachments).where(eq(attachments.id, oldId))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'indicator.value',
    entityType: 'indicator',
    entityId: indicator.id,
    organisationId: actor.organisationId,
    data: {
      programmeId: actor.programmeId,
      name: indicator.name,
      periodId: input.periodId,
      from: before?.value ?? null,
      to: input.value,
      evidenceUrl: input.evidenceUrl,
      file: file?.originalName ?? null,
      fileRemoved: unlinked && !file,
    },
  })
  return { obsolete }
}

/** Removes a period's value of a manual indicator; returns the evidence file's storage key to delete after commit. */
export async function deleteManualValue(
  tx: Executor,
  indicator: { id: string; name: string },
  periodId: string,
  actor: Actor & { programmeId: string },
) {
  await lockProgrammeEvidence(tx, actor.programmeId)
  const [row] = await tx
    .select({ id: indicatorManualValues.id, value: indicatorManualValues.value, attachmentId: indicatorManualValues.attachmentId, storageKey: attachments.storageKey })
    .from(indicatorManualValues)
    .leftJoin(attachments, eq(attachments.id, indicatorManualValues.attachmentId))
    .where(and(eq(indicatorManualValues.indicatorId, indicator.id), eq(indicatorManualValues.periodId, periodId)))
  if (!row) return { deleted: false, obsolete: null }
  await tx.delete(indicatorManualValues).where(eq(indicatorManualValues.id, row.id))
  const keep = row.attachmentId !== null && (await evidenceInSubmittedReports(tx, actor.programmeId)).has(row.attachmentId)
  if (row.attachmentId && !keep) await tx.delete(attachments).where(eq(attachments.id, row.attachmentId))
  await audit(tx, {
    actorId: actor.actorId,
    action: 'indicator.value-delete',
    entityType: 'indicator',
    entityId: indicator.id,
    organisationId: actor.organisationId,
    data: { programmeId: actor.programmeId, name: indicator.name, periodId, value: row.value },
  })
  return { deleted: true, obsolete: keep ? null : row.storageKey }
}

/**
 * An evidence file of this programme, for download: one of its manual indicator values, or one a submitted
 * report of the programme lists (the value or the whole indicator may be gone since; the frozen report
 * still links to the file). Null if there is none.
 */
export async function getEvidenceFile(programmeId: string, attachmentId: string, tx: Executor = db) {
  const ofAValue = tx
    .select({ one: sql`1` })
    .from(indicatorManualValues)
    .innerJoin(programmeIndicators, eq(programmeIndicators.id, indicatorManualValues.indicatorId))
    .where(and(eq(indicatorManualValues.attachmentId, attachments.id), eq(programmeIndicators.programmeId, programmeId)))
  // Containment: some indicator of the snapshot has some evidence entry with this attachment id.
  const listed = JSON.stringify({ indicators: [{ evidence: [{ attachmentId }] }] })
  const ofASubmittedReport = tx
    .select({ one: sql`1` })
    .from(programmeReports)
    .where(
      and(
        eq(programmeReports.programmeId, programmeId),
        eq(programmeReports.status, 'submitted'),
        sql`${programmeReports.snapshot} @> ${listed}::jsonb`,
      ),
    )
  const [row] = await tx
    .select({
      storageKey: attachments.storageKey,
      originalName: attachments.originalName,
      contentType: attachments.contentType,
    })
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), or(exists(ofAValue), exists(ofASubmittedReport))))
  return row ?? null
}

// ---------------------------------------------------------------------------------------------
// The indicator form: the catalogue of computations (app/models/indicators.server.ts) as choices

const IndicatorBaseSchema = z.object({
  name: requiredText(300),
  unit: requiredText(40),
  source: z.enum(['computed', 'manual'], { error: 'validation.choose' }),
  computationKey: z.string().optional(),
  targetTotal: optionalQuantity,
  description: optionalText(2000),
})

/** A message of the catalogue, or a fallback while a key is missing (the catalogue is another module's). */
function label(locale: Locale, key: string, fallback: string) {
  return isMessageKey(key) ? translate(locale, key) : fallback
}

/** The readable name of a computation with its options: «Обучено людей (выездные сессии)». */
export function describeComputation(
  indicator: { source: 'computed' | 'manual'; computationKey: string | null; computationParams: Record<string, string> },
  locale: Locale,
) {
  if (indicator.source === 'manual') return translate(locale, 'reporting.setup.indicator.sourceValue.manual')
  if (!isIndicatorKey(indicator.computationKey)) return translate(locale, 'reporting.setup.indicator.unknownComputation')
  const definition = getIndicatorDefinition(indicator.computationKey)
  const name = label(locale, definition.nameKey, definition.key)
  const options = definition.params
    .map((p) => {
      const value = indicator.computationParams?.[p.name]
      if (!value) return null
      if (p.values === null) return translate(locale, `reporting.setup.indicator.param.${p.name}`)
      return paramValueLabel(locale, p.name, value)
    })
    .filter(Boolean)
  return options.length ? `${name} (${options.join(', ')})` : name
}

function paramValueLabel(locale: Locale, name: string, value: string) {
  const fallback = name === 'eventKind' ? translate(locale, `schedule.kind.${value}`) : value
  return label(locale, `reporting.indicators.param.${name}.${value}`, fallback)
}

/** Choices for the indicator form: every computation of the catalogue and every option any of them takes. */
export async function indicatorChoices(locale: Locale, tx: Executor = db): Promise<IndicatorChoices> {
  const needsCourses = INDICATOR_CATALOGUE.some((d) => d.params.some((p) => p.name === 'courseId'))
  const courseRows = needsCourses
    ? await tx
        .select({ id: courses.id, title: courses.title, titleEn: courses.titleEn })
        .from(courses)
        .where(eq(courses.status, 'published'))
        .orderBy(asc(courses.title))
    : []
  const computations = INDICATOR_CATALOGUE.map((d) => ({ value: d.key, label: label(locale, d.nameKey, d.key) }))
  const params = new Map<string, { name: string; label: string; hint: string; options: { value: string; label: string }[] }>()
  for (const d of INDICATOR_CATALOGUE) {
    for (const p of d.params) {
      if (params.has(p.name)) continue
      const users = INDICATOR_CATALOGUE.filter((x) => x.params.some((q) => q.name === p.name))
        .map((x) => label(locale, x.nameKey, x.key))
        .join('; ')
      params.set(p.name, {
        name: p.name,
        label: translate(locale, `reporting.setup.indicator.param.${p.name}`),
        hint: translate(locale, 'reporting.setup.indicator.paramHint', { list: users }),
        options:
          p.values === null
            ? courseRows.map((c) => ({ value: c.id, label: locale === 'en' && c.titleEn ? c.titleEn : c.title }))
            : p.values.map((v) => ({ value: v, label: paramValueLabel(locale, p.name, v) })),
      })
    }
  }
  return { computations, params: [...params.values()] }
}


/**
 * Parses the indicator form. A computed indicator needs a computation from the catalogue, with options
 * the catalogue allows for it (`param.<name>` fields; options of other computations are ignored); a
 * manual one keeps no computation.
 */
export function parseIndicatorForm(
  formData: FormData,
): { ok: true; data: IndicatorValues } | { ok: false; errors: Record<string, string[]> } {
  const parsed = parseForm(formData, IndicatorBaseSchema)
  const errors: Record<string, string[]> = parsed.ok ? {} : { ...parsed.errors }
  const source = formData.get('source')
  const key = String(formData.get('computationKey') ?? '').trim()
  let computationKey: string | null = null
  let computationParams: Record<string, string> = {}
  if (source === 'computed') {
    if (!key) errors.computationKey = ['reporting.setup.indicator.computationRequired']
    else if (!isIndicatorKey(key)) errors.computationKey = ['validation.choose']
    else {
      computationKey = key
      const raw: Record<string, unknown> = {}
      for (const p of getIndicatorDefinition(key).params) raw[p.name] = formData.get(`param.${p.name}`) ?? undefined
      const params = parseIndicatorParams(key, raw)
      if (params.ok) computationParams = params.params
      else for (const [name, message] of Object.entries(params.errors)) errors[`param.${name}`] = [isMessageKey(message) ? message : 'validation.choose']
    }
  }
  if (!parsed.ok || Object.keys(errors).length) return { ok: false, errors }
  return {
    ok: true,
    data: {
      name: parsed.data.name,
      unit: parsed.data.unit,
      source: parsed.data.source,
      computationKey,
      computationParams,
      targetTotal: parsed.data.targetTotal ?? null,
      description: parsed.data.description ?? null,
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The value-with-evidence form: multipart, one optional file

const EVIDENCE_FIELD_BYTES = 8 * 1024
const EVIDENCE_FORM_OVERHEAD = 64 * 1024
const EVIDENCE_MAX_PARTS = 20

async function readField(data: AsyncIterable<Uint8Array>, limit: number) {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size > limit) throw new UploadError('malformed')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export type EvidenceForm =
  | { ok: true; formData: FormData; file: StoredUpload | null }
  | { ok: false; error: UploadError; fields: Record<string, string> }

/**
 * Reads the value form, storing its file (field `file`) through storeUpload as it streams in: checked by
 * extension and content, capped in size. Unlike parseUploadForm it keeps the text fields that arrived
 * before a refused file (the form puts them first), so a failed upload does not lose what was typed.
 * A plain (urlencoded) post is read as it is, with no file.
 */
export async function parseEvidenceForm(request: Request): Promise<EvidenceForm> {
  if (!isMultipart(request)) return { ok: true, formData: await request.formData(), file: null }
  const fields: Record<string, string> = {}
  if (!request.body) return { ok: false, error: new UploadError('malformed'), fields }
  const maxBytes = maxUploadBytes()
  const bodyLimit = maxBytes + EVIDENCE_FORM_OVERHEAD
  let received = 0
  const limited = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength
        if (received > bodyLimit) controller.error(new UploadError('tooLarge'))
        else controller.enqueue(chunk)
      },
    }),
  )
  const limitedRequest = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: limited,
    duplex: 'half',
  } as RequestInit)
  let stored: StoredUpload | null = null
  let parts = 0
  let refused: UploadError | null = null
  const handler: UploadHandler = async ({ name, filename, data }) => {
    parts += 1
    if (parts > EVIDENCE_MAX_PARTS) throw new UploadError('malformed')
    if (filename === undefined) {
      const value = await readField(data, EVIDENCE_FIELD_BYTES)
      fields[name] = value
      return value
    }
    if (name !== 'file' || stored) throw new UploadError('malformed')
    if (filename === '') {
      await readField(data, 0)
      return undefined
    }
    try {
      stored = await storeUpload(data, filename, { maxBytes })
    } catch (error) {
      refused = error instanceof UploadError ? error : new UploadError('malformed')
      throw refused
    }
    return stored.storageKey
  }
  try {
    const formData = await unstable_parseMultipartFormData(limitedRequest, handler)
    return { ok: true, formData, file: stored }
  } catch (error) {
    const file = stored as StoredUpload | null
    if (file) await removeUpload(file.storageKey)
    const reason = refused ?? (error instanceof UploadError ? error : new UploadError('malformed'))
    return { ok: false, error: reason, fields }
  }
}
