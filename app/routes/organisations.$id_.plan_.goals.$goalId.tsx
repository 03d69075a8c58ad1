import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { deleteGoal, getGoal, GoalFormSchema, requireCentrePlan, updateGoal } from '#app/models/plan.server.ts'
import { getStageModel } from '#app/models/stage-model.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

/** Goals are edited by those who edit the plan: the centre's leader, its mentors, managers and administrators. */
async function requireGoal(args: LoaderFunctionArgs) {
  const access = await requireCentrePlan(args)
  if (!access.rights.editPlan) forbidden()
  const goalId = z.uuid().safeParse(args.params.goalId)
  if (!goalId.success) notFound('plans.error.goalNotFound')
  const goal = await getGoal(access.organisation.id, goalId.data)
  if (!goal) notFound('plans.error.goalNotFound')
  return { ...access, goal }
}

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, goal } = await requireGoal(args)
  return { organisation, goal, areas: getStageModel().areas }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation, goal } = await requireGoal(args)
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const plan = `/organisations/${organisation.id}/plan`
  if (intent === 'delete') {
    const outcome = await db.transaction((tx) => deleteGoal(tx, { organisationId: organisation.id, goalId: goal.id, actorId: user.id }))
    if (!outcome.ok) return data({ intent, ...formFailure(formData, outcome.errors) }, { status: outcome.status })
    return redirectWithFlash(plan, 'plans.flash.goalDeleted')
  }
  const parsed = parseForm(formData, GoalFormSchema)
  if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 })
  if (!getStageModel().areas.some((a) => a.key === parsed.data.areaKey))
    return data({ intent, ...formFailure(formData, { areaKey: ['validation.choose'] }) }, { status: 400 })
  const outcome = await db.transaction((tx) =>
    updateGoal(tx, { organisationId: organisation.id, goalId: goal.id, ...parsed.data, description: parsed.data.description ?? null, actorId: user.id }),
  )
  if (!outcome.ok) return data({ intent, ...formFailure(formData, outcome.errors) }, { status: outcome.status })
  return redirectWithFlash(`${plan}#goal-${goal.id}`, 'plans.flash.goalSaved')
}

export default function EditPlanGoal() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t, locale } = useI18n()
  const saveFailure = failure && failure.intent !== 'delete' ? failure : null
  const deleteFailure = failure?.intent === 'delete' ? failure : null
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('plans.editGoalTitle')}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link>
          </p>
        </div>
        <Link to={`/organisations/${d.organisation.id}/plan#goal-${d.goal.id}`}>{t('plans.backToPlan')}</Link>
      </div>
      <section className="card">
        <Form method="post" className="form" noValidate>
          <FormErrors errors={saveFailure?.errors} />
          <SelectField
            label={t('plans.field.area')}
            name="areaKey"
            options={d.areas.map((a) => ({ value: a.key, label: locale === 'ru' ? a.title : a.titleEn }))}
            defaultValue={valueOf(saveFailure?.values, 'areaKey', d.goal.areaKey)}
            errors={saveFailure?.errors.areaKey}
          />
          <TextField
            label={t('plans.field.goalTitle')}
            name="title"
            maxLength={200}
            defaultValue={valueOf(saveFailure?.values, 'title', d.goal.title)}
            errors={saveFailure?.errors.title}
          />
          <TextareaField
            label={t('plans.field.goalDescription')}
            name="description"
            optional
            rows={5}
            maxLength={2000}
            defaultValue={valueOf(saveFailure?.values, 'description', d.goal.description)}
            errors={saveFailure?.errors.description}
          />
          <StatusButton intent="save">{t('plans.saveGoal')}</StatusButton>
        </Form>
      </section>
      <section className="card" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('plans.deleteGoalTitle')}</h2>
        <p>{d.goal.tasks ? t('plans.deleteGoalWithTasks', { count: d.goal.tasks }) : t('plans.deleteGoalEmpty')}</p>
        <Form method="post">
          <FormErrors errors={deleteFailure?.errors} />
          <StatusButton intent="delete" className="button-danger">
            {t('plans.deleteGoal')}
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${data.goal.title} — ${translate(localeFromMatches(matches), 'plans.title')}` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
