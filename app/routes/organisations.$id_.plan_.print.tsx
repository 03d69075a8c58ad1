import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getPlan, getPlanGoals, getPlanTasks, requireCentrePlan, todayIn } from '#app/models/plan.server.ts'
import { getStageModel } from '#app/models/stage-model.server.ts'
import styles from '#app/styles/plans.css?url'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation } = await requireCentrePlan(args)
  const plan = await getPlan(organisation.id)
  if (!plan) notFound('plans.error.noPlan')
  const today = todayIn(user.timeZone)
  const [goals, tasks] = await Promise.all([getPlanGoals(plan.id, today), getPlanTasks(plan.id, { today })])
  return { organisation, plan, goals, tasks, today, areas: getStageModel().areas }
}

export default function PrintablePlan() {
  const d = useLoaderData<typeof loader>()
  const { t, locale, calendarDate } = useI18n()
  const done = d.goals.reduce((n, g) => n + g.done, 0)
  const total = d.goals.reduce((n, g) => n + g.total, 0)
  const percent = (a: number, b: number) => (b ? Math.floor((a / b) * 100) : 0)
  const areaTitle = (key: string) => {
    const area = d.areas.find((a) => a.key === key)
    return area ? (locale === 'ru' ? area.title : area.titleEn) : key
  }
  return (
    <article className="plan-print">
      <div className="row no-print">
        <Link to={`/organisations/${d.organisation.id}/plan`}>← {t('plans.backToPlan')}</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('plans.print')}
        </button>
      </div>
      <h1>
        {t('plans.title')}: {d.organisation.name}
      </h1>
      <p>
        <strong>{t('plans.period', { from: calendarDate(d.plan.startsOn), to: calendarDate(d.plan.endsOn) })}</strong>
        <br />
        {t('plans.printedOn', { date: calendarDate(d.today) })}
      </p>
      {d.plan.summary ? <p className="plan-text">{d.plan.summary}</p> : null}
      <p>{total ? t('plans.progress', { done, count: total, percent: percent(done, total) }) : t('plans.progressEmpty')}</p>
      {d.goals.map((goal) => {
        const tasks = d.tasks.filter((task) => task.goalId === goal.id)
        return (
          <section key={goal.id} className="plan-print-goal" aria-labelledby={`print-goal-${goal.id}`}>
            <h2 id={`print-goal-${goal.id}`}>{goal.title}</h2>
            <p className="muted">
              {areaTitle(goal.areaKey)} ·{' '}
              {goal.total ? t('plans.progress', { done: goal.done, count: goal.total, percent: percent(goal.done, goal.total) }) : t('plans.progressEmpty')}
            </p>
            {goal.description ? <p className="plan-text">{goal.description}</p> : null}
            {tasks.length ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('plans.field.taskTitle')}</th>
                    <th scope="col">{t('plans.field.owner')}</th>
                    <th scope="col">{t('plans.field.dueOn')}</th>
                    <th scope="col">{t('plans.field.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((task) => (
                    <tr key={task.id}>
                      <th scope="row">{task.title}</th>
                      <td>{task.ownerName ?? t('plans.noOwner')}</td>
                      <td>
                        {task.dueOn ? calendarDate(task.dueOn) : t('plans.noDue')}
                        {task.overdue ? <strong> — {t('plans.overdueBadge')}</strong> : null}
                      </td>
                      <td>{t(`plans.status.${task.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('plans.noTasks')}</p>
            )}
          </section>
        )
      })}
    </article>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${translate(localeFromMatches(matches), 'plans.title')} — ${data.organisation.name}` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
