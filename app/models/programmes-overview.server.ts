// Every programme side by side for administrators: centres, events held, people trained, how far the
// indicators with a total target have got, and the state of the latest report — in a fixed number of
// queries per page, however many programmes and indicators there are.
import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import {
  indicatorManualValues,
  organisations,
  programmeIndicators,
  programmeReports,
  programmes,
  reportPeriods,
} from '#db/schema/index.ts'
import { db } from '#app/utils/db.server.ts'
import { indicatorFactsSql, isIndicatorKey, parseIndicatorParams, periodsComposing } from './indicators.server.ts'

export const OVERVIEW_PAGE_SIZE = 25

export type ProgrammeOverviewRow = {
  id: string
  name: string
  funder: string
  grantNumber: string | null
  startsOn: string
  endsOn: string
  mentorName: string
  centres: number
  eventsHeld: number
  peopleTrained: number
  /** Indicators with a total target, and their average completion (0…1, each capped at 1); null without any. */
  indicatorsWithTarget: number
  completion: number | null
  lastReport: { periodId: string; label: string; startsOn: string; endsOn: string; status: 'draft' | 'submitted' | null } | null
}

/**
 * One page of programmes, newest first. Events held: not cancelled and started by `now`; people trained:
 * distinct people marked present or late at those events (the indicators' rules). Completion: each
 * indicator's value over the whole programme (computed ones counted from the data in one statement for the
 * page, manual ones summed over their periods) divided by its total target.
 */
export async function programmesOverview(options: { page?: number; now?: Date; today: string; tx?: Executor }) {
  const tx = options.tx ?? db
  const now = (options.now ?? new Date()).toISOString()
  const page = Math.max(1, options.page ?? 1)
  const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(programmes)
  const rows = await tx
    .select({
      id: programmes.id,
      name: programmes.name,
      funder: programmes.funder,
      grantNumber: programmes.grantNumber,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      mentorName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      centres: sql<number>`(select count(*)::int from programme_centres pc where pc.programme_id = ${programmes.id})`,
      eventsHeld: sql<number>`(select count(*)::int from events e
        where e.programme_id = ${programmes.id} and e.status <> 'cancelled' and e.starts_at <= ${now}::timestamptz)`,
      peopleTrained: sql<number>`(select count(distinct a.user_id)::int from events e join attendance a on a.event_id = e.id
        where e.programme_id = ${programmes.id} and e.status <> 'cancelled' and e.starts_at <= ${now}::timestamptz
          and a.status in ('present', 'late'))`,
    })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.mentorOrganisationId))
    .orderBy(desc(programmes.startsOn), asc(programmes.name), asc(programmes.id))
    .limit(OVERVIEW_PAGE_SIZE)
    .offset((page - 1) * OVERVIEW_PAGE_SIZE)
  const ids = rows.map((r) => r.id)
  if (!ids.length) return { page, pages: Math.max(1, Math.ceil(total / OVERVIEW_PAGE_SIZE)), total, rows: [] as ProgrammeOverviewRow[] }

  const [indicators, periods, lastReports] = await Promise.all([
    tx
      .select({
        id: programmeIndicators.id,
        programmeId: programmeIndicators.programmeId,
        source: programmeIndicators.source,
        computationKey: programmeIndicators.computationKey,
        computationParams: programmeIndicators.computationParams,
        targetTotal: programmeIndicators.targetTotal,
      })
      .from(programmeIndicators)
      .where(and(inArray(programmeIndicators.programmeId, ids), sql`${programmeIndicators.targetTotal} > 0`)),
    tx
      .select({ id: reportPeriods.id, programmeId: reportPeriods.programmeId, startsOn: reportPeriods.startsOn, endsOn: reportPeriods.endsOn })
      .from(reportPeriods)
      .where(inArray(reportPeriods.programmeId, ids)),
    // The latest period that has begun, with its report's state.
    tx
      .selectDistinctOn([reportPeriods.programmeId], {
        programmeId: reportPeriods.programmeId,
        periodId: reportPeriods.id,
        label: reportPeriods.label,
        startsOn: reportPeriods.startsOn,
        endsOn: reportPeriods.endsOn,
        status: programmeReports.status,
      })
      .from(reportPeriods)
      .leftJoin(programmeReports, eq(programmeReports.periodId, reportPeriods.id))
      .where(and(inArray(reportPeriods.programmeId, ids), lte(reportPeriods.startsOn, options.today)))
      .orderBy(reportPeriods.programmeId, desc(reportPeriods.startsOn), desc(reportPeriods.endsOn)),
  ])

  const byId = new Map(rows.map((r) => [r.id, r]))
  const values = new Map<string, number>()
  // Computed indicators: one statement for the whole page.
  const computed = indicators.filter((i) => i.source === 'computed' && isIndicatorKey(i.computationKey))
  const parts = computed.flatMap((i) => {
    const key = i.computationKey
    if (!isIndicatorKey(key)) return []
    const params = parseIndicatorParams(key, i.computationParams ?? {})
    const programme = byId.get(i.programmeId)!
    const facts = indicatorFactsSql(
      i.programmeId,
      key,
      params.ok ? params.params : {},
      { startsOn: programme.startsOn, endsOn: programme.endsOn },
      undefined,
      { asOf: new Date(now) },
    )
    return [sql`select ${i.id}::uuid as indicator_id, count(distinct f.item)::int as value from (${facts}) f`]
  })
  if (parts.length) {
    const counted = await tx
      .select({ indicatorId: sql<string>`c.indicator_id`, value: sql<number>`c.value` })
      .from(sql`(${sql.join(parts, sql` union all `)}) as c`)
    for (const c of counted) values.set(c.indicatorId, c.value)
  }
  // Manual indicators: the values of the periods that make up the programme (nested periods counted once).
  const manual = indicators.filter((i) => i.source === 'manual')
  if (manual.length) {
    const entered = await tx
      .select({ indicatorId: indicatorManualValues.indicatorId, periodId: indicatorManualValues.periodId, value: indicatorManualValues.value })
      .from(indicatorManualValues)
      .where(inArray(indicatorManualValues.indicatorId, manual.map((i) => i.id)))
    for (const i of manual) {
      const programme = byId.get(i.programmeId)!
      const mine = new Map(entered.filter((e) => e.indicatorId === i.id).map((e) => [e.periodId, Number(e.value)]))
      const used = periodsComposing(
        periods.filter((p) => p.programmeId === i.programmeId),
        { startsOn: programme.startsOn, endsOn: programme.endsOn },
        (p) => mine.has(p.id),
      )
      if (used.length) values.set(i.id, used.reduce((sum, p) => sum + (mine.get(p.id) ?? 0), 0))
    }
  }
  const lastOf = new Map(lastReports.map((r) => [r.programmeId, r]))
  return {
    page,
    pages: Math.max(1, Math.ceil(total / OVERVIEW_PAGE_SIZE)),
    total,
    rows: rows.map((r): ProgrammeOverviewRow => {
      const mine = indicators.filter((i) => i.programmeId === r.id)
      const shares = mine.map((i) => Math.min(1, (values.get(i.id) ?? 0) / Number(i.targetTotal)))
      const last = lastOf.get(r.id)
      return {
        ...r,
        indicatorsWithTarget: mine.length,
        completion: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
        lastReport: last
          ? { periodId: last.periodId, label: last.label, startsOn: last.startsOn, endsOn: last.endsOn, status: last.status ?? null }
          : null,
      }
    }),
  }
}
