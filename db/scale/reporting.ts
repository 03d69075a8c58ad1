// Grant outcome reporting at scale: each programme's quarterly report periods, its indicators (12 computed
// from the data and one entered by hand) with a target per quarter and in total, manual values with
// evidence for the quarters already over, and a calendar plan of 6–10 activities with control points.
// It also writes what the indicators count and no other step makes: the centres' stage changes — a history
// per centre, whose last change sets the centre's current stage (organisations.stage). Toolkit use comes from
// ./toolkits.ts, consultations from ./mentoring.ts, practices and transfers from ./practices.ts.
import { inArray } from 'drizzle-orm'
import {
  indicatorManualValues,
  indicatorTargets,
  organisations,
  planActivities,
  programmeIndicators,
  reportPeriods,
  stageHistory,
  STAGES,
} from '../schema/index.ts'
import { insertBatched, SCALE_NOW, type ProgrammeRef, type ScaleContext, type ScaleStep } from './context.ts'
import { apportion, type Rng } from './random.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const ROMAN = ['I', 'II', 'III', 'IV'] as const

/** How far young centres have come: initiative … independent (none mentors others yet). */
const STAGE_WEIGHTS = [3, 4, 4, 3, 1] as const

type Period = { id: string; label: string; startsOn: string; endsOn: string }

function isoDay(ms: number) {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Calendar quarters overlapping the programme, cut to its dates. */
export function programmeQuarters(rng: Rng, p: Pick<ProgrammeRef, 'startsOn' | 'endsOn'>): Period[] {
  const quarters: Period[] = []
  let year = Number(p.startsOn.slice(0, 4))
  let q = Math.floor((Number(p.startsOn.slice(5, 7)) - 1) / 3)
  while (quarters.length < 40) {
    const start = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`
    if (start > p.endsOn) break
    const lastDay = new Date(Date.UTC(year, q * 3 + 3, 0)).getUTCDate()
    const end = `${year}-${String(q * 3 + 3).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`
    quarters.push({
      id: rng.uuid(),
      label: `${ROMAN[q]} квартал ${year}`,
      startsOn: start < p.startsOn ? p.startsOn : start,
      endsOn: end > p.endsOn ? p.endsOn : end,
    })
    q = (q + 1) % 4
    if (q === 0) year += 1
  }
  return quarters
}

/** The indicators of a grant application, with a total target sized to the programme. */
function indicatorPlan(rng: Rng, centres: number, months: number): { name: string; unit: string; key: string | null; params: Record<string, string>; total: number }[] {
  const f = months / 24
  const round = (n: number) => Math.max(1, Math.round(n))
  return [
    { name: 'Молодые ресурсные центры, получившие методическую поддержку', unit: 'центров', key: 'centres_supported', params: {}, total: centres },
    { name: 'Сотрудники центров и НКО, прошедшие обучение', unit: 'чел.', key: 'people_trained', params: {}, total: round(centres * rng.int(12, 25)) },
    { name: 'Посещения мероприятий программы', unit: 'посещений', key: 'visits', params: {}, total: round(centres * 60 * f) },
    { name: 'Выездные сессии в центрах', unit: 'мероприятий', key: 'events_held', params: { eventKind: 'field_session' }, total: round(centres * 0.8 * f) },
    { name: 'Онлайн-семинары', unit: 'мероприятий', key: 'events_held', params: { eventKind: 'online_seminar' }, total: round(24 * f) },
    { name: 'Сетевые встречи центров', unit: 'мероприятий', key: 'events_held', params: { eventKind: 'network_meeting' }, total: round(8 * f) },
    { name: 'Консультации по запросам центров', unit: 'консультаций', key: 'consultations_given', params: {}, total: round(centres * 4 * f) },
    { name: 'Завершённые курсы', unit: 'завершений', key: 'courses_completed', params: {}, total: round(centres * 15 * f) },
    { name: 'Документы, сформированные по шаблонам', unit: 'документов', key: 'documents_generated', params: {}, total: round(centres * 20 * f) },
    { name: 'НКО, получившие поддержку через ресурсные центры', unit: 'НКО', key: 'ngos_reached', params: {}, total: round(centres * 5) },
    { name: 'Регионы, охваченные программой', unit: 'регионов', key: 'regions_covered', params: {}, total: round(centres / 3) },
    { name: 'Центры, перешедшие на следующий этап развития', unit: 'центров', key: 'centres_stage_up', params: {}, total: round(centres / 2) },
    { name: 'Практики на апробации в центрах', unit: 'практик в центрах', key: 'practices_piloted', params: {}, total: round(centres / 2) },
    { name: 'Публикации о программе в СМИ', unit: 'публикаций', key: null, params: {}, total: round(12 * f) },
  ]
}

const ACTIVITIES = [
  'Отбор молодых ресурсных центров — участников программы',
  'Входная диагностика центров и планы развития',
  'Выездные сессии в центрах',
  'Цикл онлайн-семинаров',
  'Сетевые встречи центров',
  'Консультации по запросам центров',
  'Отбор и описание успешных практик',
  'Апробация практик в центрах',
  'Итоговая диагностика центров',
  'Итоговая конференция и аналитический отчёт',
]

export const reportingStep: ScaleStep = {
  name: 'reporting',
  async run(ctx: ScaleContext) {
    const { rng } = ctx
    const periodRows: (typeof reportPeriods.$inferInsert)[] = []
    const indicatorRows: (typeof programmeIndicators.$inferInsert)[] = []
    const targetRows: (typeof indicatorTargets.$inferInsert)[] = []
    const manualRows: (typeof indicatorManualValues.$inferInsert)[] = []
    const activityRows: (typeof planActivities.$inferInsert)[] = []
    const now = isoDay(SCALE_NOW)

    for (const p of ctx.programmes) {
      const periods = programmeQuarters(rng, p)
      const created = new Date(`${p.startsOn}T09:00:00Z`)
      for (const period of periods) periodRows.push({ ...period, programmeId: p.id, createdAt: created })
      const weights = periods.map((q) => (Date.parse(q.endsOn) - Date.parse(q.startsOn)) / DAY_MS + 1)
      const months = weights.reduce((a, b) => a + b, 0) / 30.4
      indicatorPlan(rng, p.centreIds.length, months).forEach((plan, position) => {
        const id = rng.uuid()
        indicatorRows.push({
          id,
          programmeId: p.id,
          name: plan.name,
          unit: plan.unit,
          source: plan.key ? 'computed' : 'manual',
          computationKey: plan.key,
          computationParams: plan.params,
          targetTotal: plan.total.toFixed(2),
          position: position + 1,
          createdAt: created,
          updatedAt: created,
        })
        apportion(plan.total, weights, 0).forEach((target, k) => {
          targetRows.push({ indicatorId: id, periodId: periods[k]!.id, target: target.toFixed(2) })
        })
        if (!plan.key) {
          for (const period of periods.filter((q) => q.endsOn < now)) {
            manualRows.push({
              id: rng.uuid(),
              indicatorId: id,
              periodId: period.id,
              value: String(rng.int(0, 6)),
              evidenceUrl: `https://media.example.org/${p.id.slice(0, 8)}/${period.startsOn}`,
              note: 'Подборка публикаций за квартал',
              enteredById: p.managerIds[0] ?? null,
              enteredAt: new Date(Date.parse(`${period.endsOn}T12:00:00Z`) + rng.int(1, 20) * DAY_MS),
            })
          }
        }
      })
      // The calendar plan: activities spread over the programme, control points among them; those planned
      // to end before now are done (some late), the rest in progress or planned.
      const start = Date.parse(p.startsOn)
      const span = Date.parse(p.endsOn) - start
      const count = rng.int(6, ACTIVITIES.length)
      ACTIVITIES.slice(0, count).forEach((title, i) => {
        const from = start + Math.floor((span * i) / count)
        const to = Math.min(start + span, from + Math.floor(span / count) + rng.int(0, 60) * DAY_MS)
        const plannedStartOn = isoDay(from)
        const plannedEndOn = isoDay(Math.max(from, to))
        const over = plannedEndOn < now
        const late = over && rng.chance(0.2)
        const startedOn = plannedStartOn <= now ? isoDay(from + rng.int(0, 10) * DAY_MS) : null
        activityRows.push({
          id: rng.uuid(),
          programmeId: p.id,
          title,
          isControlPoint: i % 3 === 2 || i === count - 1,
          plannedStartOn,
          plannedEndOn,
          actualStartOn: startedOn && startedOn <= now ? startedOn : null,
          actualEndOn: over && !(late && rng.chance(0.3)) ? isoDay(Date.parse(plannedEndOn) + (late ? rng.int(5, 40) : -rng.int(0, 5)) * DAY_MS) : null,
          result: over ? 'Выполнено, подтверждающие документы в отчёте' : null,
          position: i,
          createdAt: created,
          updatedAt: created,
        })
      })
    }
    await insertBatched(ctx, reportPeriods, periodRows, 'report_periods')
    await insertBatched(ctx, programmeIndicators, indicatorRows, 'programme_indicators')
    await insertBatched(ctx, indicatorTargets, targetRows, 'indicator_targets')
    await insertBatched(ctx, indicatorManualValues, manualRows, 'indicator_manual_values')
    await insertBatched(ctx, planActivities, activityRows, 'plan_activities')

    // Stage changes: each centre climbs from 'initiative' to a stage drawn for it, one assessment at a time,
    // now and then put back a stage and coming up again; its current stage is where its history ends.
    const firstStart = new Map<string, number>()
    for (const p of ctx.programmes) {
      for (const id of p.centreIds) firstStart.set(id, Math.min(firstStart.get(id) ?? Infinity, Date.parse(p.startsOn)))
    }
    const stageRows: (typeof stageHistory.$inferInsert)[] = []
    const finalStage = new Map<string, string[]>()
    for (const centre of ctx.centres) {
      const top = rng.weightedIndex(STAGE_WEIGHTS)
      const from = Math.min((firstStart.get(centre.id) ?? Date.parse('2025-01-01')) - 120 * DAY_MS, SCALE_NOW - 400 * DAY_MS)
      let at = from
      for (let s = 0; s < top; s++) {
        at += Math.floor((rng.next() * (SCALE_NOW - at)) / (top - s + 1))
        if (s > 0 && rng.chance(0.08)) {
          stageRows.push(stageRow(rng, centre.id, STAGES[s]!, STAGES[s - 1]!, at))
          at += DAY_MS * rng.int(20, 90)
          stageRows.push(stageRow(rng, centre.id, STAGES[s - 1]!, STAGES[s]!, at))
        }
        at += DAY_MS
        stageRows.push(stageRow(rng, centre.id, STAGES[s]!, STAGES[s + 1]!, Math.min(at, SCALE_NOW - DAY_MS)))
      }
      const stage = STAGES[top]!
      finalStage.set(stage, [...(finalStage.get(stage) ?? []), centre.id])
    }
    await insertBatched(ctx, stageHistory, stageRows, 'stage_history')
    for (const [stage, ids] of finalStage) {
      if (stage !== 'initiative') await ctx.db.update(organisations).set({ stage }).where(inArray(organisations.id, ids))
    }
  },
}

function stageRow(rng: Rng, organisationId: string, fromStage: string, toStage: string, at: number): typeof stageHistory.$inferInsert {
  return {
    id: rng.uuid(),
    organisationId,
    fromStage,
    toStage,
    reason: STAGES.indexOf(toStage as (typeof STAGES)[number]) > STAGES.indexOf(fromStage as (typeof STAGES)[number]) ? 'По итогам диагностики' : 'Пересмотр после диагностики',
    changedAt: new Date(at),
  }
}
