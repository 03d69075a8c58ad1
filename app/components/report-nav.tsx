import { Link, NavLink } from '@remix-run/react'
import { useI18n } from '#app/utils/use-i18n.ts'

/** The header of every grant-reporting page: back to the programme, then set-up and reports. */
export function ReportNav({ programme }: { programme: { id: string; name: string } }) {
  const { t } = useI18n()
  return (
    <nav aria-label={t('reporting.report.navLabel')} className="stack no-print">
      <p>
        <Link to={`/programmes/${programme.id}`}>← {programme.name}</Link>
      </p>
      <ul className="reporting-nav" role="list">
        <li>
          <NavLink to={`/programmes/${programme.id}/reporting`} end>
            {t('reporting.setup.title')}
          </NavLink>
        </li>
        <li>
          <NavLink to={`/programmes/${programme.id}/outcomes`}>{t('reporting.dashboard.link')}</NavLink>
        </li>
        <li>
          <NavLink to={`/programmes/${programme.id}/reports`} end>
            {t('reporting.report.listTitle')}
          </NavLink>
        </li>
      </ul>
    </nav>
  )
}
