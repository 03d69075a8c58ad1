import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { StatusBadge } from '#app/components/report-forms.tsx'
import { ReportNav } from '#app/components/report-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { listPeriods, requireProgrammeReporting, todayFor } from '#app/models/reporting-setup.server.ts'
import reportStyles from '#app/styles/reports.css?url'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, canManage } = await requireProgrammeReporting(args, 'view')
  const periods = await listPeriods(programme.id)
  const today = todayFor(user)
  return {
    programme: { id: programme.id, name: programme.name },
    canManage,
    periods: periods.map((p) => ({
      ...p,
      stage: p.endsOn < today ? 'past' : p.startsOn > today ? 'future' : 'current',
    })),
  }
}

export default function ProgrammeReports() {
  const { programme, canManage, periods } = useLoaderData<typeof loader>()
  const { t, calendarDate, dateTime } = useI18n()
  return (
    <div className="stack">
      <ReportNav programme={programme} />
      <h1>{t('reporting.report.listTitle')}</h1>
      <p>{t('reporting.report.listIntro')}</p>
      {periods.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reporting.report.listTitle')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reporting.setup.period.label')}</th>
                <th scope="col">{t('reporting.setup.period.dates')}</th>
                <th scope="col">{t('reporting.report.status')}</th>
                <th scope="col">{t('reporting.report.col.submittedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/programmes/${programme.id}/reports/${p.id}`}>{p.label}</Link>
                    {p.stage === 'current' ? <div className="muted">{t('reporting.report.currentPeriod')}</div> : null}
                  </th>
                  <td>
                    {calendarDate(p.startsOn)} — {calendarDate(p.endsOn)}
                  </td>
                  <td>
                    <StatusBadge status={p.reportStatus ?? 'none'} label={t(`reporting.report.statusValue.${p.reportStatus ?? 'none'}`)} />
                  </td>
                  <td>{p.submittedAt ? dateTime(p.submittedAt) : t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card">
          <p>{t('reporting.report.noPeriods')}</p>
          {canManage ? (
            <p>
              <Link to={`/programmes/${programme.id}/reporting#periods-title`}>{t('reporting.report.setUpPeriods')}</Link>
            </p>
          ) : null}
        </div>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.programme.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
