import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { StatusBadge } from '#app/components/report-forms.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { programmesOverview } from '#app/models/programmes-overview.server.ts'
import { todayFor } from '#app/models/reporting-setup.server.ts'
import reportStyles from '#app/styles/reports.css?url'
import { requireAdmin } from '#app/utils/auth.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { completionPercent, progressClass } from '#app/utils/report-content.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }]

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1)

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireAdmin(args)
  const page = PageSchema.parse(new URL(args.request.url).searchParams.get('page') ?? 1)
  return programmesOverview({ page, today: todayFor(user) })
}

export default function ProgrammesOverview() {
  const { rows, page, pages, total } = useLoaderData<typeof loader>()
  const { t, number, calendarDate } = useI18n()
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('reporting.report.overview.title')}</h1>
        <Link to="/programmes/new" className="button">
          {t('programmes.create')}
        </Link>
      </div>
      <p>{t('reporting.report.overview.intro', { count: total })}</p>
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="overview-caption">
          <table>
            <caption id="overview-caption" className="visually-hidden">
              {t('reporting.report.overview.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('reporting.report.overview.col.programme')}</th>
                <th scope="col" className="num">
                  {t('reporting.report.overview.col.centres')}
                </th>
                <th scope="col" className="num">
                  {t('reporting.report.overview.col.eventsHeld')}
                </th>
                <th scope="col" className="num">
                  {t('reporting.report.overview.col.peopleTrained')}
                </th>
                <th scope="col">{t('reporting.report.overview.col.completion')}</th>
                <th scope="col">{t('reporting.report.overview.col.lastReport')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const percent = completionPercent(r.completion)
                return (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/programmes/${r.id}`}>{r.name}</Link>
                      <div className="muted">
                        {r.mentorName} · {calendarDate(r.startsOn)} — {calendarDate(r.endsOn)}
                      </div>
                      <div className="muted">
                        <Link to={`/programmes/${r.id}/reports`}>{t('reporting.report.listTitle')}</Link>
                      </div>
                    </th>
                    <td className="num">{number(r.centres)}</td>
                    <td className="num">{number(r.eventsHeld)}</td>
                    <td className="num">{number(r.peopleTrained)}</td>
                    <td>
                      {percent === null ? (
                        <span className="muted">{t('reporting.report.overview.noTargets')}</span>
                      ) : (
                        <>
                          <span className={progressClass(r.completion)} aria-hidden="true">
                            <span />
                          </span>{' '}
                          {number(percent)}&nbsp;%
                          <div className="muted">{t('reporting.report.overview.indicatorsCount', { count: r.indicatorsWithTarget })}</div>
                        </>
                      )}
                    </td>
                    <td>
                      {r.lastReport ? (
                        <>
                          <Link to={`/programmes/${r.id}/reports/${r.lastReport.periodId}`}>{r.lastReport.label}</Link>
                          <div>
                            <StatusBadge
                              status={r.lastReport.status ?? 'none'}
                              label={t(`reporting.report.statusValue.${r.lastReport.status ?? 'none'}`)}
                            />
                          </div>
                        </>
                      ) : (
                        <span className="muted">{t('reporting.report.overview.noPeriods')}</span>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="card">{t('programmes.emptyAdmin')}</p>
      )}
      <Pagination page={page} pages={pages} path="/admin/programmes" label={t('reporting.report.overview.pages')} />
      <p className="muted">{t('reporting.report.overview.rules')}</p>
    </div>
  )
}

export const meta = titleMeta('reporting.report.overview.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
