import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPlan, getPlanGoals, getPlanTasks, requireCentrePlan, todayIn } from '#app/models/plan.server.ts'
import { getStageModel } from '#app/models/stage-model.server.ts'
import { csvResponse, toCsv, type CsvValue } from '#app/utils/csv.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate, type Locale } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'

/** The plan as a spreadsheet: one row per task, goals without tasks as a row of their own. */
export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation } = await requireCentrePlan(args)
  const plan = await getPlan(organisation.id)
  if (!plan) notFound('plans.error.noPlan')
  const today = todayIn(user.timeZone)
  const [goals, tasks] = await Promise.all([getPlanGoals(plan.id, today), getPlanTasks(plan.id, { today })])
  const locale: Locale = resolveLocale(args.request, user)
  const t = (key: string) => translate(locale, key)
  const areas = new Map(getStageModel().areas.map((a) => [a.key, locale === 'en' ? a.titleEn : a.title]))
  const rows: CsvValue[][] = []
  for (const goal of goals) {
    const goalCells = [areas.get(goal.areaKey) ?? goal.areaKey, goal.title]
    const own = tasks.filter((task) => task.goalId === goal.id)
    if (!own.length) rows.push([...goalCells, '', '', '', '', '', '', '', '', '', ''])
    for (const task of own) {
      rows.push([
        ...goalCells,
        task.title,
        task.ownerName ?? '',
        task.dueOn ?? '',
        t(`plans.status.${task.status}`),
        task.overdue ? t('common.yes') : '',
        task.completedAt ? task.completedAt.toISOString().slice(0, 10) : '',
        (locale === 'en' && task.courseTitleEn) || task.courseTitle || '',
        (locale === 'en' && task.resourceTitleEn) || task.resourceTitle || '',
        task.eventTitle ?? '',
        task.notes ?? '',
      ])
    }
  }
  const body = toCsv(
    [
      t('plans.field.area'),
      t('plans.field.goal'),
      t('plans.field.taskTitle'),
      t('plans.field.owner'),
      t('plans.field.dueOn'),
      t('plans.field.status'),
      t('plans.overdueBadge'),
      t('plans.completedAt'),
      t('plans.field.course'),
      t('plans.field.resource'),
      t('plans.field.event'),
      t('plans.field.notes'),
    ],
    rows,
  )
  return csvResponse(body, `plan-${organisation.id.slice(0, 8)}.csv`)
}
