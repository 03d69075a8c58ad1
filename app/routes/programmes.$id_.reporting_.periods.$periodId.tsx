import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ReportNav } from '#app/components/report-nav.tsx'
import { PeriodForm } from '#app/components/report-forms.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  deletePeriod,
  getPeriod,
  periodOutsideProgramme,
  PeriodFormSchema,
  periodReportStatus,
  requireProgrammeReporting,
  updatePeriod,
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
  const periodId = uuidFrom(args.params.periodId)
  const [period, status] = await Promise.all([
    getPeriod(programme.id, periodId),
    periodReportStatus(programme.id, periodId),
  ])
  if (!period) notFound()
  return {
    programme: { id: programme.id, name: programme.name, startsOn: programme.startsOn, endsOn: programme.endsOn },
    period,
    reportStatus: status,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, programme } = await requireProgrammeReporting(args, 'manage')
  const periodId = uuidFrom(args.params.periodId)
  const formData = await args.request.formData()
  const actor = { actorId: user.id, organisationId: programme.mentorOrganisationId }
  const back = `/programmes/${programme.id}/reporting`
  if (formData.get('intent') === 'delete') {
    const outcome = await db.transaction((tx) => deletePeriod(tx, programme.id, periodId, actor))
    if (outcome === 'not-found') notFound()
    if (outcome === 'submitted')
      return data(formFailure(formData, { '': ['reporting.setup.period.submittedNoDelete'] }), { status: 409 })
    return redirectWithFlash(`${back}#periods-title`, 'reporting.setup.period.deleted')
  }
  const parsed = parseForm(formData, PeriodFormSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const outside = periodOutsideProgramme(parsed.data, programme)
  if (outside) return data(formFailure(formData, outside), { status: 400 })
  // A submitted report was made for these dates: they stay; the label may still be corrected.
  const [before, status] = await Promise.all([
    getPeriod(programme.id, periodId),
    periodReportStatus(programme.id, periodId),
  ])
  if (!before) notFound()
  if (status === 'submitted' && (before.startsOn !== parsed.data.startsOn || before.endsOn !== parsed.data.endsOn)) {
    return data(formFailure(formData, { '': ['reporting.setup.period.submittedDates'] }), { status: 409 })
  }
  const updated = await db.transaction((tx) => updatePeriod(tx, programme.id, periodId, parsed.data, actor))
  if (!updated) notFound()
  return redirectWithFlash(`${back}#periods-title`, 'reporting.setup.period.updated')
}

export default function EditPeriod() {
  const { programme, period, reportStatus } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <ReportNav programme={programme} />
      <h1>{t('reporting.setup.period.editTitle', { name: period.label })}</h1>
      <PeriodForm
        mode={{ mode: 'edit', cancelTo: `/programmes/${programme.id}/reporting` }}
        failure={failure}
        period={period}
        programme={programme}
        notice={
          reportStatus === 'submitted' ? (
            <p className="alert alert-warn">{t('reporting.setup.period.submittedNote')}</p>
          ) : null
        }
      />
      {reportStatus !== 'submitted' ? (
        <Form method="post" className="card form" aria-labelledby="delete-title">
          <h2 id="delete-title">{t('reporting.setup.period.deleteTitle')}</h2>
          <p>
            {t(
              reportStatus === 'draft'
                ? 'reporting.setup.period.deleteDraftWarning'
                : 'reporting.setup.period.deleteWarning',
            )}
          </p>
          <StatusButton intent="delete" className="button-danger">
            {t('reporting.setup.period.delete')}
          </StatusButton>
        </Form>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.period.label)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
