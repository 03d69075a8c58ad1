import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { getAssessment, scoresOf } from '#app/models/assessment.server.ts'
import {
  addGoal,
  canChangeStatus,
  createPlan,
  getPlan,
  getPlanGoals,
  getPlanTasks,
  GoalFormSchema,
  moveGoal,
  PlanFormSchema,
  requireCentrePlan,
  setTaskStatus,
  StatusFormSchema,
  TASK_STATUSES,
  todayIn,
  updatePlan,
} from '#app/models/plan.server.ts'
import { areaAverages, getStageModel, recommendations } from '#app/models/stage-model.server.ts'
import styles from '#app/styles/plans.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, type FieldErrors } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const MoveSchema = z.object({ goalId: z.uuid({ error: 'plans.error.goalNotFound' }), direction: z.enum(['up', 'down']) })
const FromAssessmentSchema = z.object({
  assessmentId: z.uuid({ error: 'plans.error.assessmentNotFound' }),
  areaKey: z.string().min(1),
})

/** The same calendar date a number of months later (clamped to the month's last day). */
function addMonths(iso: string, months: number) {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10)
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation, rights } = await requireCentrePlan(args)
  const url = new URL(args.request.url)
  const filter = { mine: url.searchParams.get('mine') === '1', overdue: url.searchParams.get('overdue') === '1' }
  // Overdue is judged by the viewer's calendar: a task due yesterday in Kamchatka may still be due today in Kaliningrad.
  const today = todayIn(user.timeZone)
  const plan = await getPlan(organisation.id)
  const [goals, tasks] = plan
    ? await Promise.all([
        getPlanGoals(plan.id, today),
        getPlanTasks(plan.id, { today, ownerId: filter.mine ? user.id : null, overdueOnly: filter.overdue }),
      ])
    : [[], []]
  const totals = goals.reduce((sum, g) => ({ done: sum.done + g.done, total: sum.total + g.total, overdue: sum.overdue + g.overdue }), {
    done: 0,
    total: 0,
    overdue: 0,
  })
  return {
    organisation,
    rights,
    userId: user.id,
    today,
    defaults: { startsOn: today, endsOn: addMonths(today, 12) },
    plan,
    goals,
    tasks,
    totals,
    filter,
    statuses: TASK_STATUSES,
    areas: getStageModel().areas,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation, rights } = await requireCentrePlan(args)
  const formData = await args.request.formData()
  const intent = String(formData.get('intent') ?? '')
  const url = new URL(args.request.url)
  const here = `/organisations/${organisation.id}/plan`
  const fail = (status: number, errors: FieldErrors, extra: { taskId?: string } = {}) =>
    data({ intent, taskId: extra.taskId ?? null, ...formFailure(formData, errors) }, { status })

  if (intent === 'status') {
    const parsed = parseForm(formData, StatusFormSchema)
    if (!parsed.ok) return data({ intent, taskId: String(formData.get('taskId') ?? ''), ...parsed }, { status: 400 })
    const outcome = await db.transaction((tx) =>
      setTaskStatus(tx, {
        organisationId: organisation.id,
        taskId: parsed.data.taskId,
        status: parsed.data.status,
        actorId: user.id,
        allowed: (task) => canChangeStatus(rights, user, task),
      }),
    )
    if (!outcome.ok && outcome.status === 403) forbidden()
    if (!outcome.ok) return fail(outcome.status, outcome.errors, { taskId: parsed.data.taskId })
    // Back to the same list (filters kept), at the task.
    return redirectWithFlash(`${here}${url.search}#task-${parsed.data.taskId}`, 'plans.flash.statusChanged')
  }

  if (!rights.editPlan) forbidden()

  if (intent === 'create-plan' || intent === 'update-plan') {
    const parsed = parseForm(formData, PlanFormSchema)
    if (!parsed.ok) return data({ intent, taskId: null, ...parsed }, { status: 400 })
    const values = { organisationId: organisation.id, ...parsed.data, summary: parsed.data.summary ?? null, actorId: user.id }
    const outcome = await db.transaction((tx) => (intent === 'create-plan' ? createPlan(tx, values) : updatePlan(tx, values)))
    if (!outcome.ok) return fail(outcome.status, outcome.errors)
    return redirectWithFlash(here, intent === 'create-plan' ? 'plans.flash.created' : 'plans.flash.updated')
  }

  if (intent === 'add-goal') {
    const parsed = parseForm(formData, GoalFormSchema)
    if (!parsed.ok) return data({ intent, taskId: null, ...parsed }, { status: 400 })
    if (!getStageModel().areas.some((a) => a.key === parsed.data.areaKey)) return fail(400, { areaKey: ['validation.choose'] })
    const outcome = await db.transaction((tx) =>
      addGoal(tx, { organisationId: organisation.id, ...parsed.data, description: parsed.data.description ?? null, actorId: user.id }),
    )
    if (!outcome.ok) return fail(outcome.status, outcome.errors)
    return redirectWithFlash(`${here}#goal-${outcome.goalId}`, 'plans.flash.goalAdded')
  }

  if (intent === 'goal-from-assessment') {
    // The goal's text is made here from the completed diagnostic, never taken from the form.
    const parsed = parseForm(formData, FromAssessmentSchema)
    if (!parsed.ok) return data({ intent, taskId: null, ...parsed }, { status: 400 })
    const model = getStageModel()
    const area = model.areas.find((a) => a.key === parsed.data.areaKey)
    if (!area) return fail(400, { '': ['plans.error.areaUnknown'] })
    const assessment = await getAssessment(organisation.id, parsed.data.assessmentId)
    if (!assessment || assessment.status !== 'completed') return fail(404, { '': ['plans.error.assessmentNotFound'] })
    const locale = resolveLocale(args.request, user)
    const scores = scoresOf(assessment.answers)
    const rec = recommendations(scores, model).find((r) => r.area === area.key)
    const stage = model.stages.find((s) => s.key === rec?.targetStage)
    const average = areaAverages(scores, model)[area.key] ?? 0
    const areaTitle = locale === 'en' ? area.titleEn : area.title
    const title = stage
      ? translate(locale, 'plans.fromAssessment.goalTitle', { area: areaTitle, stage: locale === 'en' ? stage.titleEn : stage.title })
      : translate(locale, 'plans.fromAssessment.goalTitleNoStage', { area: areaTitle })
    const description = [
      translate(locale, 'plans.fromAssessment.goalIntro', {
        average: average.toLocaleString(locale === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
      }),
      ...(rec?.criteria ?? []).map((c) => `— ${c}`),
    ].join('\n')
    const outcome = await db.transaction((tx) =>
      addGoal(tx, {
        organisationId: organisation.id,
        areaKey: area.key,
        title: title.slice(0, 200),
        description: description.slice(0, 2000),
        actorId: user.id,
        source: { assessmentId: assessment.id },
      }),
    )
    if (!outcome.ok) return fail(outcome.status, outcome.errors)
    return redirectWithFlash(`${here}#goal-${outcome.goalId}`, 'plans.flash.goalAdded')
  }

  if (intent === 'move-goal') {
    const parsed = parseForm(formData, MoveSchema)
    if (!parsed.ok) return data({ intent, taskId: null, ...parsed }, { status: 400 })
    const outcome = await db.transaction((tx) => moveGoal(tx, { organisationId: organisation.id, ...parsed.data, actorId: user.id }))
    if (!outcome.ok) return fail(outcome.status, outcome.errors)
    return redirectWithFlash(`${here}${url.search}#goal-${parsed.data.goalId}`, 'plans.flash.goalMoved')
  }

  return fail(400, { '': ['errors.badRequest'] })
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type ActionData = ReturnType<typeof useActionData<typeof action>>

export default function PlanPage() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  const base = `/organisations/${d.organisation.id}/plan`
  const generalFailure =
    failure && !['create-plan', 'update-plan', 'add-goal', 'status'].includes(failure.intent) ? failure.errors[''] : null
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('plans.title')}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link>
          </p>
        </div>
        {d.plan ? (
          <div className="row no-print">
            <Link to={`${base}/print`} className="button button-quiet">
              {t('plans.printLink')}
            </Link>
            <a href={`${base}.csv`} className="button button-quiet" download>
              {t('plans.csvLink')}
            </a>
          </div>
        ) : null}
      </div>
      {generalFailure?.length ? (
        <div className="alert alert-error" role="alert">
          <ErrorList errors={generalFailure} />
        </div>
      ) : null}

      {d.plan ? <PlanBody d={d} failure={failure} /> : <NoPlan d={d} failure={failure} />}

      <p className="no-print">
        <Link to={`/organisations/${d.organisation.id}/assessments`}>{t('plans.toDiagnostics')}</Link>
        {' · '}
        <Link to={`/organisations/${d.organisation.id}`}>{t('plans.backToProfile')}</Link>
      </p>
    </div>
  )
}

function NoPlan({ d, failure }: { d: LoaderData; failure: ActionData }) {
  const { t } = useI18n()
  if (!d.rights.editPlan) return <p className="card">{t('plans.noPlanReadOnly')}</p>
  const mine = failure?.intent === 'create-plan' ? failure : undefined
  return (
    <section className="card" aria-labelledby="create-title">
      <h2 id="create-title">{t('plans.createTitle')}</h2>
      <p>{t('plans.createIntro')}</p>
      <PlanFields intent="create-plan" defaults={{ ...d.defaults, summary: '' }} failure={mine} submit={t('plans.create')} />
    </section>
  )
}

function PlanFields({
  intent,
  defaults,
  failure,
  submit,
}: {
  intent: 'create-plan' | 'update-plan'
  defaults: { startsOn: string; endsOn: string; summary: string | null }
  failure: { errors: FieldErrors; values: Record<string, string | string[]> } | undefined
  submit: string
}) {
  const { t } = useI18n()
  return (
    <Form method="post" className="form" noValidate>
      <FormErrors errors={failure?.errors} />
      <div className="form-grid">
        <TextField
          label={t('plans.field.startsOn')}
          name="startsOn"
          type="date"
          defaultValue={valueOf(failure?.values, 'startsOn', defaults.startsOn)}
          errors={failure?.errors.startsOn}
        />
        <TextField
          label={t('plans.field.endsOn')}
          name="endsOn"
          type="date"
          defaultValue={valueOf(failure?.values, 'endsOn', defaults.endsOn)}
          errors={failure?.errors.endsOn}
        />
      </div>
      <TextareaField
        label={t('plans.field.summary')}
        hint={t('plans.field.summaryHint')}
        name="summary"
        optional
        rows={3}
        maxLength={4000}
        defaultValue={valueOf(failure?.values, 'summary', defaults.summary)}
        errors={failure?.errors.summary}
      />
      <StatusButton intent={intent}>{submit}</StatusButton>
    </Form>
  )
}

function PlanBody({ d, failure }: { d: LoaderData; failure: ActionData }) {
  const { t, locale, calendarDate } = useI18n()
  const plan = d.plan!
  const location = useLocation()
  const filtering = d.filter.mine || d.filter.overdue
  const areaTitle = (key: string) => {
    const area = d.areas.find((a) => a.key === key)
    return area ? (locale === 'ru' ? area.title : area.titleEn) : key
  }
  const tasksOf = (goalId: string) => d.tasks.filter((task) => task.goalId === goalId)
  const shownGoals = filtering ? d.goals.filter((g) => tasksOf(g.id).length > 0) : d.goals
  const updateFailure = failure?.intent === 'update-plan' ? failure : undefined
  const goalFailure = failure?.intent === 'add-goal' ? failure : undefined
  return (
    <>
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">{t('plans.summaryTitle')}</h2>
        <p>
          <strong>{t('plans.period', { from: calendarDate(plan.startsOn), to: calendarDate(plan.endsOn) })}</strong>
        </p>
        {plan.summary ? <p className="plan-text">{plan.summary}</p> : null}
        <Progress done={d.totals.done} total={d.totals.total} label={t('plans.progressPlanLabel')} />
        {d.totals.overdue ? (
          <p>
            <span className="badge plan-badge-overdue">{t('plans.overdueBadge')}</span>{' '}
            {t('plans.overdueCount', { count: d.totals.overdue })}
          </p>
        ) : null}
        {d.rights.editPlan ? (
          <details className="no-print" open={Boolean(updateFailure)}>
            <summary>{t('plans.editPlan')}</summary>
            <PlanFields
              intent="update-plan"
              defaults={{ startsOn: plan.startsOn, endsOn: plan.endsOn, summary: plan.summary }}
              failure={updateFailure}
              submit={t('plans.savePlan')}
            />
          </details>
        ) : null}
      </section>

      {d.goals.length ? (
        // Remounted on every change of the query so the boxes show the filter in force.
        <Form method="get" className="filters plan-filters no-print" role="search" aria-label={t('plans.filterLabel')} key={location.search}>
          <label className="checkbox">
            <input type="checkbox" name="mine" value="1" defaultChecked={d.filter.mine} />
            <span>{t('plans.filter.mine')}</span>
          </label>
          <label className="checkbox">
            <input type="checkbox" name="overdue" value="1" defaultChecked={d.filter.overdue} />
            <span>{t('plans.filter.overdue')}</span>
          </label>
          <button type="submit" className="button button-quiet">
            {t('plans.filter.apply')}
          </button>
          {filtering ? <Link to={`/organisations/${d.organisation.id}/plan`}>{t('plans.filter.reset')}</Link> : null}
        </Form>
      ) : null}
      {filtering ? (
        <p role="status">
          {d.tasks.length ? t('plans.filter.shown', { count: d.tasks.length }) : t('plans.filter.none')}
        </p>
      ) : null}

      {d.goals.length === 0 ? <p className="muted">{t('plans.noGoals')}</p> : null}
      {shownGoals.map((goal) => (
        <Goal
          key={goal.id}
          d={d}
          goal={goal}
          index={d.goals.indexOf(goal)}
          tasks={tasksOf(goal.id)}
          areaTitle={areaTitle(goal.areaKey)}
          failure={failure}
          filtering={filtering}
        />
      ))}

      {d.rights.editPlan ? (
        <section className="card no-print" id="new-goal" aria-labelledby="new-goal-title">
          <h2 id="new-goal-title">{t('plans.newGoalTitle')}</h2>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={goalFailure?.errors} />
            <SelectField
              label={t('plans.field.area')}
              name="areaKey"
              placeholder={t('plans.field.areaPlaceholder')}
              options={d.areas.map((a) => ({ value: a.key, label: locale === 'ru' ? a.title : a.titleEn }))}
              defaultValue={valueOf(goalFailure?.values, 'areaKey')}
              errors={goalFailure?.errors.areaKey}
            />
            <TextField
              label={t('plans.field.goalTitle')}
              name="title"
              maxLength={200}
              defaultValue={valueOf(goalFailure?.values, 'title')}
              errors={goalFailure?.errors.title}
            />
            <TextareaField
              label={t('plans.field.goalDescription')}
              name="description"
              optional
              rows={3}
              maxLength={2000}
              defaultValue={valueOf(goalFailure?.values, 'description')}
              errors={goalFailure?.errors.description}
            />
            <StatusButton intent="add-goal">{t('plans.addGoal')}</StatusButton>
          </Form>
        </section>
      ) : null}
    </>
  )
}

function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const { t } = useI18n()
  const percent = total > 0 ? Math.floor((done / total) * 100) : 0
  return (
    <div className="plan-progress">
      <p>{total ? t('plans.progress', { done, count: total, percent }) : t('plans.progressEmpty')}</p>
      <progress max={Math.max(total, 1)} value={Math.min(done, total)} aria-label={label} />
    </div>
  )
}

function Goal({
  d,
  goal,
  index,
  tasks,
  areaTitle,
  failure,
  filtering,
}: {
  d: LoaderData
  goal: LoaderData['goals'][number]
  index: number
  tasks: LoaderData['tasks']
  areaTitle: string
  failure: ActionData
  filtering: boolean
}) {
  const { t } = useI18n()
  const base = `/organisations/${d.organisation.id}/plan`
  return (
    <section id={`goal-${goal.id}`} className="card plan-goal" aria-labelledby={`goal-title-${goal.id}`}>
      <div className="plan-goal-head">
        <div>
          <p className="plan-area">{areaTitle}</p>
          <h2 id={`goal-title-${goal.id}`}>{goal.title}</h2>
        </div>
        {d.rights.editPlan ? (
          <div className="row no-print">
            {index > 0 ? <MoveButton goalId={goal.id} direction="up" title={goal.title} /> : null}
            {index < d.goals.length - 1 ? <MoveButton goalId={goal.id} direction="down" title={goal.title} /> : null}
            <Link to={`${base}/goals/${goal.id}`}>
              {t('plans.editGoal')}
              <span className="visually-hidden"> {t('plans.sr.goalQuoted', { title: goal.title })}</span>
            </Link>
          </div>
        ) : null}
      </div>
      {goal.description ? <p className="plan-text">{goal.description}</p> : null}
      <Progress done={goal.done} total={goal.total} label={t('plans.progressGoalLabel', { title: goal.title })} />
      {goal.overdue && !filtering ? (
        <p>
          <span className="badge plan-badge-overdue">{t('plans.overdueBadge')}</span> {t('plans.overdueCount', { count: goal.overdue })}
        </p>
      ) : null}
      {tasks.length ? (
        <ul className="list-plain plan-tasks" role="list">
          {tasks.map((task) => (
            <Task key={task.id} d={d} task={task} failure={failure?.intent === 'status' && failure.taskId === task.id ? failure : undefined} />
          ))}
        </ul>
      ) : filtering ? null : (
        <p className="muted">{t('plans.noTasks')}</p>
      )}
      {d.rights.editTasks ? (
        <p className="no-print">
          <Link to={`${base}/tasks/new?goal=${goal.id}`} className="button button-quiet">
            {t('plans.addTask')}
            <span className="visually-hidden"> {t('plans.sr.toGoal', { title: goal.title })}</span>
          </Link>
        </p>
      ) : null}
    </section>
  )
}

function MoveButton({ goalId, direction, title }: { goalId: string; direction: 'up' | 'down'; title: string }) {
  const { t } = useI18n()
  return (
    <Form method="post">
      <input type="hidden" name="goalId" value={goalId} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" name="intent" value="move-goal" className="link-button">
        {t(direction === 'up' ? 'plans.moveUp' : 'plans.moveDown')}
        <span className="visually-hidden"> {t('plans.sr.goal', { title })}</span>
      </button>
    </Form>
  )
}

function Task({
  d,
  task,
  failure,
}: {
  d: LoaderData
  task: LoaderData['tasks'][number]
  failure: { errors: FieldErrors; values: Record<string, string | string[]> } | undefined
}) {
  const { t, locale, calendarDate, date, dateTime } = useI18n()
  const base = `/organisations/${d.organisation.id}/plan`
  const mayChange = d.rights.editTasks || task.ownerId === d.userId
  const courseTitle = locale === 'en' && task.courseTitleEn ? task.courseTitleEn : task.courseTitle
  const resourceTitle = locale === 'en' && task.resourceTitleEn ? task.resourceTitleEn : task.resourceTitle
  return (
    <li id={`task-${task.id}`} className={task.overdue ? 'plan-task plan-task-overdue' : 'plan-task'}>
      <h3 className="plan-task-title">
        {d.rights.editTasks ? <Link to={`${base}/tasks/${task.id}`}>{task.title}</Link> : task.title}
      </h3>
      <p className="row plan-task-badges">
        <span className={`badge plan-status plan-status-${task.status}`}>{t(`plans.status.${task.status}`)}</span>
        {task.overdue ? <span className="badge plan-badge-overdue">{t('plans.overdueBadge')}</span> : null}
        {task.ownerId === d.userId ? <span className="badge">{t('plans.yours')}</span> : null}
      </p>
      <dl className="details plan-task-details">
        <dt>{t('plans.field.owner')}</dt>
        <dd>{task.ownerName ?? t('plans.noOwner')}</dd>
        <dt>{t('plans.field.dueOn')}</dt>
        <dd>
          {task.dueOn ? calendarDate(task.dueOn) : t('plans.noDue')}
          {task.overdue ? <strong className="plan-overdue-text"> — {t('plans.overdueText')}</strong> : null}
        </dd>
        {task.completedAt ? (
          <>
            <dt>{t('plans.completedAt')}</dt>
            <dd>{date(task.completedAt)}</dd>
          </>
        ) : null}
        {task.courseSlug ? (
          <>
            <dt>{t('plans.field.course')}</dt>
            <dd>
              <Link to={`/courses/${task.courseSlug}`}>{courseTitle}</Link>
            </dd>
          </>
        ) : null}
        {task.resourceSlug ? (
          <>
            <dt>{t('plans.field.resource')}</dt>
            <dd>
              <Link to={`/toolkits/${task.resourceSlug}`}>{resourceTitle}</Link>
            </dd>
          </>
        ) : null}
        {task.eventId ? (
          <>
            <dt>{t('plans.field.event')}</dt>
            <dd>
              <Link to={`/events/${task.eventId}`}>{task.eventTitle}</Link>
              {task.eventStartsAt ? <span className="muted"> · {dateTime(task.eventStartsAt, task.eventTimeZone ?? undefined)}</span> : null}
              {task.eventCancelled ? <span className="badge badge-accent"> {t('plans.eventCancelled')}</span> : null}
            </dd>
          </>
        ) : null}
        {task.consultationId ? (
          <>
            <dt>{t('plans.fromConsultation')}</dt>
            <dd>
              <Link to={`/consultations/${task.consultationId}`}>{t('plans.openConsultation')}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {task.notes ? <p className="plan-text muted">{task.notes}</p> : null}
      {mayChange ? (
        <Form method="post" className="plan-status-form no-print">
          <input type="hidden" name="taskId" value={task.id} />
          <div className="field">
            <label htmlFor={`status-${task.id}`}>
              {t('plans.field.status')}
              <span className="visually-hidden"> {t('plans.sr.ofTask', { title: task.title })}</span>
            </label>
            <select
              id={`status-${task.id}`}
              name="status"
              defaultValue={valueOf(failure?.values, 'status', task.status)}
              aria-invalid={failure ? true : undefined}
              aria-describedby={failure ? `status-error-${task.id}` : undefined}
            >
              {d.statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`plans.status.${s}`)}
                </option>
              ))}
            </select>
            <ErrorList id={`status-error-${task.id}`} errors={failure ? Object.values(failure.errors).flat() : null} />
          </div>
          <StatusButton intent="status" className="button-quiet">
            {t('plans.changeStatus')}
            <span className="visually-hidden"> {t('plans.sr.ofTask', { title: task.title })}</span>
          </StatusButton>
        </Form>
      ) : null}
    </li>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${translate(localeFromMatches(matches), 'plans.title')} — ${data.organisation.name}` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
