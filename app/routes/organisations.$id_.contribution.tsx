import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { TableWrap } from '#app/components/outcome-charts.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { loadCentreContribution } from '#app/models/outcomes.server.ts'
import outcomesStyles from '#app/styles/outcomes.css?url'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: outcomesStyles }]

export async function loader(args: LoaderFunctionArgs) {
  return loadCentreContribution(args)
}

type Programme = Awaited<ReturnType<typeof loader>>['programmes'][number]

export default function CentreContribution() {
  const { organisation, programmes } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <p>
        <Link to={`/organisations/${organisation.id}`}>← {organisation.name}</Link>
      </p>
      <h1>{t('reporting.dashboard.contribution.title')}</h1>
      <p>{t('reporting.dashboard.contribution.lead')}</p>
      <details className="card rules">
        <summary>{t('reporting.dashboard.rulesTitle')}</summary>
        <ul>
          <li>{t('reporting.dashboard.rules.period')}</li>
          <li>{t('reporting.dashboard.rules.done')}</li>
          <li>{t('reporting.dashboard.rules.unique')}</li>
        </ul>
      </details>
      {programmes.length === 0 ? <p className="muted">{t('reporting.dashboard.contribution.none')}</p> : null}
      {programmes.map((p) => (
        <ProgrammeContribution key={p.id} programme={p} />
      ))}
    </div>
  )
}

function ProgrammeContribution({ programme }: { programme: Programme }) {
  const { t, number, calendarDate } = useI18n()
  const titleId = `programme-${programme.id}`
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{programme.name}</h2>
      <p className="muted">
        {calendarDate(programme.range.startsOn)} — {calendarDate(programme.range.endsOn)}
      </p>
      {programme.indicators.length === 0 ? (
        <p className="muted">{t('reporting.dashboard.contribution.noIndicators')}</p>
      ) : (
        <TableWrap label={programme.name}>
          <table className="outcomes-table">
            <thead>
              <tr>
                <th scope="col">{t('reporting.dashboard.col.indicator')}</th>
                <th scope="col">{t('reporting.dashboard.col.unit')}</th>
                <th scope="col" className="num">
                  {t('reporting.dashboard.contribution.programmeTotal')}
                </th>
                {programme.periods.map((p) => (
                  <th scope="col" key={p.id} className="num">
                    {p.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {programme.indicators.map((i) => {
                const attributed = i.total !== null
                return (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.name}
                      <details>
                        <summary>{i.source === 'manual' ? t('reporting.dashboard.manual') : t('reporting.dashboard.showRule')}</summary>
                        <p>{i.ruleKey ? t(i.ruleKey) : t('reporting.dashboard.manualRule')}</p>
                      </details>
                    </th>
                    <td>{i.unit}</td>
                    <td className="num">
                      {attributed ? number(i.total!) : <span className="muted">{t('reporting.dashboard.contribution.notAttributed')}</span>}
                    </td>
                    {i.periods.map((p) => (
                      <td key={p.periodId} className="num">
                        {p.actual === null ? '—' : number(p.actual)}
                      </td>
                    ))}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${translate(localeFromMatches(matches), 'reporting.dashboard.contribution.title')}: ${data.organisation.name}` : undefined)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
