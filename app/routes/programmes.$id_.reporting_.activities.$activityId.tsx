import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ActivityForm } from '#app/components/report-forms.tsx'
import { ReportNav } from '#app/components/report-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  ActivityFormSchema,
  deleteActivity,
  getActivity,
  requireProgrammeReporting,
  StaleRecordError,
  updateActivity,
  uuidFrom,
} from '#app/models/reporting-setup.server.ts'
import reportStyles from '#app/styles/reports.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const { programme } = await requireProgrammeReporting(args, 'manage')
  const activityId = uuidFrom(args.params.activityId)
  const activity = await getActivity(programme.id, activityId)
  if (!activity) notFound()
  const { updatedAt, ...rest } = activity
  return {
    programme: { id: programme.id, name: programme.name, startsOn: programme.startsOn, endsOn: programme.endsOn },
    activity: { ...rest, version: updatedAt.getTime() },
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, programme } = await requireProgrammeReporting(args, 'manage')
  const activityId = uuidFrom(args.params.activityId)
  const formData = await args.request.formData()
  const actor = { actorId: user.id, organisationId: programme.mentorOrganisationId }
  const back = `/programmes/${programme.id}/reporting#plan-title`
  if (formData.get('intent') === 'delete') {
    const deleted = await db.transaction((tx) => deleteActivity(tx, programme.id, activityId, actor))
    if (!deleted) notFound()
    return redirectWithFlash(back, 'reporting.setup.activity.deleted')
  }
  const parsed = parseForm(formData, ActivityFormSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const version = Number(formData.get('version'))
  try {
    const updated = await db.transaction((tx) =>
      updateActivity(
        tx,
        programme.id,
        activityId,
        parsed.data,
        actor,
        Number.isFinite(version) && version > 0 ? version : undefined,
      ),
    )
    if (!updated) notFound()
  } catch (error) {
    if (error instanceof StaleRecordError)
      return data(formFailure(formData, { '': ['reporting.setup.stale'] }), { status: 409 })
    throw error
  }
  return redirectWithFlash(back, 'reporting.setup.activity.updated')
}

export default function EditActivity() {
  const { programme, activity } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <ReportNav programme={programme} />
      <h1>{t('reporting.setup.activity.editTitle')}</h1>
      <ActivityForm
        mode={{ mode: 'edit', version: activity.version, cancelTo: `/programmes/${programme.id}/reporting#plan-title` }}
        failure={failure}
        activity={activity}
        programme={programme}
      />
      <Form method="post" className="card form" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('reporting.setup.activity.deleteTitle')}</h2>
        <p>{t('reporting.setup.activity.deleteWarning')}</p>
        <StatusButton intent="delete" className="button-danger">
          {t('reporting.setup.activity.delete')}
        </StatusButton>
      </Form>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.activity.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
