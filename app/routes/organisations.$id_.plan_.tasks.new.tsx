import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { PlanTaskForm } from '#app/components/plan-task-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { addPlanTask, getPlan, requireCentrePlan, taskFormData, TaskFormSchema } from '#app/models/plan.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

/** The centre, the plan and the right to add tasks: every loader and action of this page starts here. */
async function requireTaskEditing(args: LoaderFunctionArgs) {
  const access = await requireCentrePlan(args)
  if (!access.rights.editTasks) forbidden()
  const plan = await getPlan(access.organisation.id)
  if (!plan) notFound('plans.error.noPlan')
  return { ...access, plan }
}

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, plan } = await requireTaskEditing(args)
  const form = await taskFormData(organisation.id, plan)
  const wanted = new URL(args.request.url).searchParams.get('goal')
  const goalId = form.goals.find((g) => g.id === wanted)?.id ?? form.goals[0]?.id ?? ''
  return { organisation, form, goalId }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation } = await requireTaskEditing(args)
  const formData = await args.request.formData()
  const parsed = parseForm(formData, TaskFormSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const outcome = await db.transaction((tx) =>
    addPlanTask(tx, { organisationId: organisation.id, ...parsed.data, actorId: user.id }),
  )
  if (!outcome.ok) return data(formFailure(formData, outcome.errors), { status: outcome.status })
  return redirectWithFlash(`/organisations/${organisation.id}/plan#task-${outcome.taskId}`, 'plans.flash.taskAdded')
}

export default function NewPlanTask() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  const back = `/organisations/${d.organisation.id}/plan`
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('plans.newTaskTitle')}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link>
          </p>
        </div>
        <Link to={d.goalId ? `${back}#goal-${d.goalId}` : back}>{t('plans.backToPlan')}</Link>
      </div>
      {d.form.goals.length ? (
        <section className="card">
          <PlanTaskForm
            data={d.form}
            defaults={{
              goalId: d.goalId,
              title: '',
              notes: null,
              ownerId: null,
              dueOn: null,
              status: 'todo',
              courseId: null,
              resourceId: null,
              eventId: null,
            }}
            failure={failure && !failure.ok ? failure : null}
            submit={t('plans.addTask')}
          />
        </section>
      ) : (
        <p className="card">{t('plans.needGoalFirst')}</p>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${translate(localeFromMatches(matches), 'plans.newTaskTitle')} — ${data.organisation.name}` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
