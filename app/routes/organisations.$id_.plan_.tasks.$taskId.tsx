import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PlanTaskForm } from '#app/components/plan-task-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  deletePlanTask,
  getPlan,
  getTask,
  requireCentrePlan,
  taskFormData,
  TaskFormSchema,
  updatePlanTask,
} from '#app/models/plan.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

/** The centre, its plan, the right to edit tasks and the task itself (404 when it is not this centre's). */
async function requireTask(args: LoaderFunctionArgs) {
  const access = await requireCentrePlan(args)
  if (!access.rights.editTasks) forbidden()
  const taskId = z.uuid().safeParse(args.params.taskId)
  if (!taskId.success) notFound('plans.error.taskNotFound')
  const [plan, task] = await Promise.all([getPlan(access.organisation.id), getTask(access.organisation.id, taskId.data)])
  if (!plan || !task) notFound('plans.error.taskNotFound')
  return { ...access, plan, task }
}

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, plan, task } = await requireTask(args)
  const form = await taskFormData(organisation.id, plan, task)
  return { organisation, form, task }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation, task } = await requireTask(args)
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const plan = `/organisations/${organisation.id}/plan`
  if (intent === 'delete') {
    const outcome = await db.transaction((tx) => deletePlanTask(tx, { organisationId: organisation.id, taskId: task.id, actorId: user.id }))
    if (!outcome.ok) return data({ intent, ...formFailure(formData, outcome.errors) }, { status: outcome.status })
    return redirectWithFlash(`${plan}#goal-${task.goalId}`, 'plans.flash.taskDeleted')
  }
  const parsed = parseForm(formData, TaskFormSchema)
  if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 })
  const outcome = await db.transaction((tx) =>
    updatePlanTask(tx, { organisationId: organisation.id, taskId: task.id, ...parsed.data, actorId: user.id }),
  )
  if (!outcome.ok) return data({ intent, ...formFailure(formData, outcome.errors) }, { status: outcome.status })
  return redirectWithFlash(`${plan}#task-${task.id}`, 'plans.flash.taskSaved')
}

export default function EditPlanTask() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  const back = `/organisations/${d.organisation.id}/plan#task-${d.task.id}`
  const task = d.task
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('plans.editTaskTitle')}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link>
          </p>
        </div>
        <Link to={back}>{t('plans.backToPlan')}</Link>
      </div>
      <section className="card">
        <PlanTaskForm
          data={d.form}
          defaults={{
            goalId: task.goalId,
            title: task.title,
            notes: task.notes,
            ownerId: task.ownerId,
            dueOn: task.dueOn,
            status: task.status,
            courseId: task.courseId,
            resourceId: task.resourceId,
            eventId: task.eventId,
          }}
          failure={failure && failure.intent !== 'delete' && !failure.ok ? failure : null}
          submit={t('plans.saveTask')}
        />
      </section>
      <section className="card" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('plans.deleteTaskTitle')}</h2>
        <p>{t('plans.deleteTaskText')}</p>
        <Form method="post">
          <FormErrors errors={failure?.intent === 'delete' && !failure.ok ? failure.errors : null} />
          <StatusButton intent="delete" className="button-danger">
            {t('plans.deleteTask')}
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${data.task.title} — ${translate(localeFromMatches(matches), 'plans.title')}` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
