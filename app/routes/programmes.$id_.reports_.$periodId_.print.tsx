import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ReportSections } from '#app/components/report-content.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { loadReportContent, presentReport, requireReportPeriod } from '#app/models/programme-report.server.ts'
import reportStyles from '#app/styles/reports.css?url'
import { translate } from '#app/utils/i18n.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const { programme, period, locale, today } = await requireReportPeriod(args, 'view')
  const { content, frozen } = await loadReportContent(programme.id, period, { today })
  return { programme: { id: programme.id, name: programme.name }, period, frozen, report: presentReport(content, locale) }
}

export default function PrintableReport() {
  const { programme, period, frozen, report } = useLoaderData<typeof loader>()
  const { t, dateTime, calendarDate } = useI18n()
  return (
    <article className="report-doc stack">
      <div className="row no-print report-doc-tools">
        <Link to={`/programmes/${programme.id}/reports/${period.id}`}>← {t('reporting.export.backToReport')}</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('reporting.export.printButton')}
        </button>
        <span className="muted">{t('reporting.export.printHint')}</span>
      </div>
      <header>
        <p className="muted">{report.programme.name}</p>
        <h1>{t('reporting.report.title', { period: period.label })}</h1>
        <p>
          {calendarDate(report.period.startsOn)} — {calendarDate(report.period.endsOn)}
        </p>
        <p className={frozen ? undefined : 'alert alert-warn'}>
          {frozen
            ? t('reporting.report.frozenNote', {
                name: report.submittedBy?.name ?? t('common.none'),
                date: report.submittedAt ? dateTime(report.submittedAt) : t('common.none'),
              })
            : t('reporting.export.draftMark', { date: dateTime(report.generatedAt) })}
        </p>
      </header>
      <ReportSections report={report} />
    </article>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = data
    ? `${translate(locale, 'reporting.report.title', { period: data.period.label })} — ${data.programme.name}`
    : translate(locale, 'reporting.report.listTitle')
  return [{ title }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
