// The outcomes dashboard of a programme, the records behind one figure, and a centre's contribution.
// Figures come from app/models/indicators.server.ts; this module gathers what the pages show around them
// (targets, manual values, periods, centres, the calendar plan) in a few queries and decides who may look.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { asc, eq, inArray } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import {
  indicatorManualValues,
  indicatorTargets,
  organisations,
  planActivities,
  programmeCentres,
  programmes,
  regions,
} from '#db/schema/index.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { mentorOrganisationIds, requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import {
  computeDashboard,
  getIndicatorDefinition,
  isIndicatorKey,
  listIndicatorRecords,
  listProgrammeIndicators,
  listReportPeriods,
  periodsComposing,
  RECORDS_PAGE_SIZE,
  type DrillKind,
  type IndicatorKey,
  type PeriodRange,
  type ProgrammePeriod,
} from './indicators.server.ts'
import { activityStatus, requireProgrammeReporting, todayFor, uuidFrom } from './reporting-setup.server.ts'

type Indicator = Awaited<ReturnType<typeof listProgrammeIndicators>>[number]

function toNumber(value: string | null | undefined) {
  if (value === null || value === undefined) return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** The programme's dates stretched to cover every report period (a period may start before the grant). */
function fullRange(programme: PeriodRange, periods: ProgrammePeriod[]): PeriodRange {
  let { startsOn, endsOn } = programme
  for (const p of periods) {
    if (p.startsOn < startsOn) startsOn = p.startsOn
    if (p.endsOn > endsOn) endsOn = p.endsOn
  }
  return { startsOn, endsOn }
}

/** Targets per period and manual values per period of a programme's indicators, in two queries. */
async function targetsAndManualValues(tx: Executor, indicatorIds: string[]) {
  if (indicatorIds.length === 0) return { targets: [], manual: [] }
  const [targets, manual] = await Promise.all([
    tx
      .select({ indicatorId: indicatorTargets.indicatorId, periodId: indicatorTargets.periodId, target: indicatorTargets.target })
      .from(indicatorTargets)
      .where(inArray(indicatorTargets.indicatorId, indicatorIds)),
    tx
      .select({
        indicatorId: indicatorManualValues.indicatorId,
        periodId: indicatorManualValues.periodId,
        value: indicatorManualValues.value,
        evidenceUrl: indicatorManualValues.evidenceUrl,
        attachmentId: indicatorManualValues.attachmentId,
        note: indicatorManualValues.note,
      })
      .from(indicatorManualValues)
      .where(inArray(indicatorManualValues.indicatorId, indicatorIds)),
  ])
  return { targets, manual }
}

export type DashboardIndicator = {
  id: string
  name: string
  unit: string
  source: 'computed' | 'manual'
  key: IndicatorKey | null
  ruleKey: string | null
  perCentre: boolean
  additive: boolean
  total: number | null
  target: number | null
  periods: { periodId: string; actual: number | null; target: number | null }[]
}

/**
 * Actual against target for every indicator: the whole programme and each report period. Computed figures
 * come from one statement (`computeDashboard`); manual ones from the values entered per period.
 */
function assembleIndicators(
  indicators: Indicator[],
  periods: ProgrammePeriod[],
  range: PeriodRange,
  figures: Awaited<ReturnType<typeof computeDashboard>>,
  extra: Awaited<ReturnType<typeof targetsAndManualValues>>,
  options: { scoped: boolean },
): DashboardIndicator[] {
  return indicators.map((indicator) => {
    const key = indicator.source === 'computed' && isIndicatorKey(indicator.computationKey) ? indicator.computationKey : null
    const definition = key ? getIndicatorDefinition(key) : null
    const attributable = !options.scoped || (definition?.perCentre ?? false)
    const targets = new Map(extra.targets.filter((t) => t.indicatorId === indicator.id).map((t) => [t.periodId, toNumber(t.target)]))
    const manual = new Map(extra.manual.filter((m) => m.indicatorId === indicator.id).map((m) => [m.periodId, toNumber(m.value)]))
    const periodRows = periods.map((p) => {
      let actual: number | null = null
      if (key && attributable) actual = figures.byPeriod.get(indicator.id)?.get(p.id) ?? 0
      else if (indicator.source === 'manual' && !options.scoped) actual = manual.get(p.id) ?? null
      return { periodId: p.id, actual, target: targets.get(p.id) ?? null }
    })
    let total: number | null = null
    if (key && attributable) total = figures.totals.get(indicator.id) ?? 0
    else if (indicator.source === 'manual' && !options.scoped) {
      const used = periodsComposing(periods, range, (p) => manual.has(p.id))
      total = used.length ? used.reduce((sum, p) => sum + (manual.get(p.id) ?? 0), 0) : null
    }
    let target = toNumber(indicator.targetTotal)
    if (target === null) {
      const used = periodsComposing(periods, range, (p) => targets.has(p.id))
      target = used.length ? used.reduce((sum, p) => sum + (targets.get(p.id) ?? 0), 0) : null
    }
    return {
      id: indicator.id,
      name: indicator.name,
      unit: indicator.unit,
      source: indicator.source,
      key,
      ruleKey: definition?.ruleKey ?? null,
      perCentre: definition?.perCentre ?? false,
      additive: definition?.additive ?? false,
      total,
      target,
      periods: periodRows,
    }
  })
}

function periodFrom(url: URL, periods: ProgrammePeriod[]) {
  const id = url.searchParams.get('period')
  return periods.find((p) => p.id === id) ?? null
}

/** The dashboard page: `?period=<id>` picks the range of the centre and region tables, `?indicator=<id>` the charts. */
export async function loadOutcomesDashboard(args: Pick<LoaderFunctionArgs, 'request' | 'params' | 'context'>) {
  const { user, programme, canManage } = await requireProgrammeReporting(args, 'view')
  const url = new URL(args.request.url)
  const [indicators, periods, centres, activities] = await Promise.all([
    listProgrammeIndicators(db, programme.id),
    listReportPeriods(db, programme.id),
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        shortName: organisations.shortName,
        regionCode: organisations.regionCode,
        regionRu: regions.nameRu,
        regionEn: regions.nameEn,
      })
      .from(programmeCentres)
      .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
      .innerJoin(regions, eq(regions.code, organisations.regionCode))
      .where(eq(programmeCentres.programmeId, programme.id))
      .orderBy(asc(organisations.name), asc(organisations.id)),
    db
      .select({
        id: planActivities.id,
        title: planActivities.title,
        isControlPoint: planActivities.isControlPoint,
        plannedStartOn: planActivities.plannedStartOn,
        plannedEndOn: planActivities.plannedEndOn,
        actualStartOn: planActivities.actualStartOn,
        actualEndOn: planActivities.actualEndOn,
        result: planActivities.result,
      })
      .from(planActivities)
      .where(eq(planActivities.programmeId, programme.id))
      .orderBy(asc(planActivities.plannedStartOn), asc(planActivities.position), asc(planActivities.createdAt)),
  ])
  const range = fullRange(programme, periods)
  const selectedPeriod = periodFrom(url, periods)
  const selected = selectedPeriod ?? range
  const [figures, extra] = await Promise.all([
    computeDashboard(db, programme.id, range, { selected, indicators, periods }),
    targetsAndManualValues(
      db,
      indicators.map((i) => i.id),
    ),
  ])
  const rows = assembleIndicators(indicators, periods, range, figures, extra, { scoped: false })
  const chartable = rows.filter((r) => r.key)
  const chartId = url.searchParams.get('indicator')
  const chart = chartable.find((r) => r.id === chartId) ?? chartable[0] ?? null
  const perCentre = rows.filter((r) => r.key && r.perCentre)
  const regionsSeen = new Map<string, { code: string; nameRu: string; nameEn: string }>()
  for (const c of centres) regionsSeen.set(c.regionCode, { code: c.regionCode, nameRu: c.regionRu, nameEn: c.regionEn })
  const today = todayFor(user)
  return {
    programme: { id: programme.id, name: programme.name, startsOn: programme.startsOn, endsOn: programme.endsOn },
    canManage,
    range,
    periods,
    selectedPeriodId: selectedPeriod?.id ?? null,
    indicators: rows,
    notPerCentre: rows.filter((r) => r.key && !r.perCentre).map((r) => r.name),
    centres: centres.map((c) => ({
      id: c.id,
      name: c.shortName ?? c.name,
      regionRu: c.regionRu,
      regionEn: c.regionEn,
      values: Object.fromEntries(perCentre.map((r) => [r.id, figures.byCentre.get(r.id)?.get(c.id)?.selected ?? 0])),
    })),
    regions: [...regionsSeen.values()]
      .sort((a, b) => a.nameRu.localeCompare(b.nameRu, 'ru'))
      .map((r) => ({
        ...r,
        values: Object.fromEntries(perCentre.map((i) => [i.id, figures.byRegion.get(i.id)?.get(r.code)?.selected ?? 0])),
      })),
    perCentreIds: perCentre.map((r) => r.id),
    chart: chart
      ? {
          indicatorId: chart.id,
          name: chart.name,
          target: chart.target,
          // Up to this month: a flat line into the future would read as a result.
          months: [...(figures.cumulativeByMonth.get(chart.id) ?? new Map<string, number>())]
            .filter(([month]) => month <= today.slice(0, 7))
            .map(([month, value]) => ({ month, value })),
          periods: periods.map((p) => {
            const row = chart.periods.find((x) => x.periodId === p.id)
            return { periodId: p.id, label: p.label, actual: row?.actual ?? 0, target: row?.target ?? null }
          }),
        }
      : null,
    chartChoices: chartable.map((r) => ({ value: r.id, label: r.name })),
    activities: activities.map((a) => ({ ...a, status: activityStatus(a, today) })),
  }
}

// ---------------------------------------------------------------------------------------------------------
// Drill-down

const PAGE = /^[1-9]\d{0,5}$/

export async function loadIndicatorRecords(args: Pick<LoaderFunctionArgs, 'request' | 'params' | 'context'>) {
  const { programme } = await requireProgrammeReporting(args, 'view')
  const indicatorId = uuidFrom(args.params.indicatorId)
  const url = new URL(args.request.url)
  const [indicators, periods, centres] = await Promise.all([
    listProgrammeIndicators(db, programme.id),
    listReportPeriods(db, programme.id),
    db
      .select({ id: organisations.id, name: organisations.name, shortName: organisations.shortName })
      .from(programmeCentres)
      .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
      .where(eq(programmeCentres.programmeId, programme.id))
      .orderBy(asc(organisations.name), asc(organisations.id)),
  ])
  const indicator = indicators.find((i) => i.id === indicatorId)
  if (!indicator) notFound()
  const range = fullRange(programme, periods)
  const selectedPeriod = periodFrom(url, periods)
  const period = selectedPeriod ?? range
  const centreParam = url.searchParams.get('centre')
  const centre = centres.find((c) => c.id === centreParam) ?? null
  const pageParam = url.searchParams.get('page')
  const page = pageParam && PAGE.test(pageParam) ? Number(pageParam) : 1
  const key = indicator.source === 'computed' && isIndicatorKey(indicator.computationKey) ? indicator.computationKey : null
  const definition = key ? getIndicatorDefinition(key) : null

  const base = {
    programme: { id: programme.id, name: programme.name },
    indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, source: indicator.source, key, ruleKey: definition?.ruleKey ?? null },
    periods,
    selectedPeriodId: selectedPeriod?.id ?? null,
    range: period,
    centres: definition?.perCentre ? centres.map((c) => ({ id: c.id, name: c.shortName ?? c.name })) : [],
    centreId: definition?.perCentre ? (centre?.id ?? null) : null,
    page,
    pageSize: RECORDS_PAGE_SIZE,
  }
  if (!key) {
    const { manual } = await targetsAndManualValues(db, [indicator.id])
    const rows = periods
      .filter((p) => manual.some((m) => m.periodId === p.id))
      .filter((p) => !selectedPeriod || p.id === selectedPeriod.id)
      .map((p) => {
        const m = manual.find((x) => x.periodId === p.id)!
        return { periodId: p.id, label: p.label, value: toNumber(m.value), evidenceUrl: m.evidenceUrl, attachmentId: m.attachmentId, note: m.note }
      })
    return { ...base, drill: null as DrillKind | null, total: rows.length, records: [] as RecordRow[], manual: rows }
  }
  const { total, records } = await listIndicatorRecords(db, programme.id, key, indicator.computationParams, period, {
    scope: base.centreId ? { organisationId: base.centreId } : undefined,
    page,
  })
  return {
    ...base,
    drill: definition!.drill as DrillKind | null,
    total,
    records: records.map((r) => ({ ...r, startsAt: r.startsAt ? r.startsAt.toISOString() : null })) as RecordRow[],
    manual: [] as { periodId: string; label: string; value: number | null; evidenceUrl: string | null; attachmentId: string | null; note: string | null }[],
  }
}

type RecordRow = Omit<Awaited<ReturnType<typeof listIndicatorRecords>>['records'][number], 'startsAt'> & { startsAt: string | null }

// ---------------------------------------------------------------------------------------------------------
// A centre's contribution

/**
 * Which of the centre's programmes the person may see the contribution to: the centre's own people and
 * administrators all of them; a programme manager the ones they manage; a mentor those their mentor
 * organisation runs. Anyone else is refused (403), as are the centre's relations that see no programme.
 */
export async function loadCentreContribution(args: Pick<LoaderFunctionArgs, 'request' | 'params' | 'context'>) {
  const user = await requireUser(args)
  const organisationId = uuidFrom(args.params.id)
  const { organisation, relation } = await requireOrganisationAccess(user, organisationId, 'view')
  const rows = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      mentorOrganisationId: programmes.mentorOrganisationId,
    })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .where(eq(programmeCentres.organisationId, organisationId))
    .orderBy(asc(programmes.startsOn), asc(programmes.name))
  const mentorOrgs = new Set(mentorOrganisationIds(user))
  const visible = rows.filter((p) => {
    if (relation === 'admin' || relation === 'leader' || relation === 'member') return true
    if (relation === 'manager') return user.managedProgrammeIds.includes(p.id)
    if (relation === 'mentor') return mentorOrgs.has(p.mentorOrganisationId)
    return false
  })
  if (relation !== 'admin' && relation !== 'leader' && relation !== 'member' && visible.length === 0) forbidden()

  const programmesOut = await Promise.all(
    visible.map(async (p) => {
      const [indicators, periods] = await Promise.all([listProgrammeIndicators(db, p.id), listReportPeriods(db, p.id)])
      const range = fullRange(p, periods)
      const figures = await computeDashboard(db, p.id, range, { scope: { organisationId }, indicators, periods, breakdowns: false })
      const extra = { targets: [], manual: [] }
      return {
        id: p.id,
        name: p.name,
        range,
        periods,
        indicators: assembleIndicators(indicators, periods, range, figures, extra, { scoped: true }).map(
          ({ target: _target, ...i }) => ({ ...i, periods: i.periods.map(({ target: _t, ...x }) => x) }),
        ),
      }
    }),
  )
  return { organisation: { id: organisation.id, name: organisation.name }, programmes: programmesOut }
}

/** Whether a person standing in `relation` to a programme sees its outcomes (for links on other pages). */
export function canSeeOutcomes(relation: string | null) {
  return relation === 'admin' || relation === 'manager' || relation === 'mentor'
}
