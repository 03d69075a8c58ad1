import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { CumulativeChart, PlanFactChart, TableWrap } from '#app/components/outcome-charts.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { loadOutcomesDashboard } from '#app/models/outcomes.server.ts'
import outcomesStyles from '#app/styles/outcomes.css?url'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: outcomesStyles }]

export async function loader(args: LoaderFunctionArgs) {
  return loadOutcomesDashboard(args)
}

type Data = Awaited<ReturnType<typeof loader>>
type Row = Data['indicators'][number]

function recordsHref(programmeId: string, indicatorId: string, query: { period?: string | null; centre?: string | null } = {}) {
  const search = new URLSearchParams()
  if (query.period) search.set('period', query.period)
  if (query.centre) search.set('centre', query.centre)
  const q = search.toString()
  return `/programmes/${programmeId}/outcomes/${indicatorId}${q ? `?${q}` : ''}`
}

export default function OutcomesDashboard() {
  const data = useLoaderData<typeof loader>()
  const { t, calendarDate } = useI18n()
  const { programme, periods, indicators } = data
  const selectedPeriod = periods.find((p) => p.id === data.selectedPeriodId) ?? null
  const scopeLabel = selectedPeriod
    ? `${selectedPeriod.label} (${calendarDate(selectedPeriod.startsOn)} — ${calendarDate(selectedPeriod.endsOn)})`
    : `${t('reporting.dashboard.wholeProgramme')} (${calendarDate(data.range.startsOn)} — ${calendarDate(data.range.endsOn)})`
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${programme.id}`}>← {programme.name}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('reporting.dashboard.title')}</h1>
          <p className="muted">
            {programme.name} · {calendarDate(programme.startsOn)} — {calendarDate(programme.endsOn)}
          </p>
        </div>
        <Link to={`/programmes/${programme.id}/reporting`} className="button button-quiet">
          {t('reporting.dashboard.setupLink')}
        </Link>
      </div>
      <p>{t('reporting.dashboard.lead')}</p>

      <details className="card rules">
        <summary>{t('reporting.dashboard.rulesTitle')}</summary>
        <ul>
          <li>{t('reporting.dashboard.rules.period')}</li>
          <li>{t('reporting.dashboard.rules.done')}</li>
          <li>{t('reporting.dashboard.rules.unique')}</li>
        </ul>
      </details>

      {indicators.length === 0 ? (
        <div className="card">
          <p>{t('reporting.dashboard.noIndicators')}</p>
          <p className="muted">{t('reporting.dashboard.noIndicatorsHint')}</p>
        </div>
      ) : (
        <>
          <IndicatorsTable data={data} />
          <PeriodsTable data={data} />
          <Form method="get" className="filters no-print">
            <SelectField
              label={t('reporting.dashboard.periodFilter')}
              name="period"
              required={false}
              placeholder={t('reporting.dashboard.wholeProgramme')}
              defaultValue={data.selectedPeriodId ?? ''}
              options={periods.map((p) => ({ value: p.id, label: p.label }))}
            />
            {data.chartChoices.length ? (
              <SelectField
                label={t('reporting.dashboard.indicatorFilter')}
                name="indicator"
                defaultValue={data.chart?.indicatorId ?? ''}
                options={data.chartChoices}
              />
            ) : null}
            <button type="submit" className="button">
              {t('reporting.dashboard.show')}
            </button>
          </Form>
          <BreakdownTable data={data} kind="centre" scopeLabel={scopeLabel} />
          <BreakdownTable data={data} kind="region" scopeLabel={scopeLabel} />
          {data.chart ? (
            <section aria-labelledby="charts-title">
              <h2 id="charts-title">{t('reporting.dashboard.chartsTitle')}</h2>
              <div className="charts">
                <CumulativeChart name={data.chart.name} months={data.chart.months} target={data.chart.target} />
                <PlanFactChart name={data.chart.name} periods={data.chart.periods} />
              </div>
            </section>
          ) : null}
        </>
      )}
      <CalendarPlan activities={data.activities} />
    </div>
  )
}

function Percent({ actual, target }: { actual: number | null; target: number | null }) {
  const { t } = useI18n()
  if (actual === null || target === null || target <= 0) return null
  const percent = Math.round((actual / target) * 100)
  return (
    <>
      <span className={percent >= 100 ? 'percent-met' : 'percent-low'}>{t('reporting.dashboard.percent', { percent })}</span>
      <meter className="progress-meter" min={0} max={100} value={Math.min(percent, 100)} aria-hidden="true" />
    </>
  )
}

/** A figure that opens its records; manual values and missing ones are plain text. */
function Figure({ row, value, programmeId, period, centre }: { row: Row; value: number | null; programmeId: string; period?: string | null; centre?: string | null }) {
  const { t, number } = useI18n()
  if (value === null) return <span className="muted">{t('reporting.dashboard.noValue')}</span>
  return (
    <Link
      className="figure-link"
      to={recordsHref(programmeId, row.id, { period, centre })}
      aria-label={t('reporting.dashboard.recordsLink', { value: number(value), name: row.name })}
    >
      {number(value)}
    </Link>
  )
}

function Rule({ row }: { row: Row }) {
  const { t } = useI18n()
  const text = row.source === 'manual' ? t('reporting.dashboard.manualRule') : row.ruleKey ? t(row.ruleKey) : t('reporting.dashboard.unknownComputation')
  return (
    <details>
      <summary>{row.source === 'manual' ? t('reporting.dashboard.manual') : t('reporting.dashboard.showRule')}</summary>
      <p>{text}</p>
    </details>
  )
}

function IndicatorsTable({ data }: { data: Data }) {
  const { t, number } = useI18n()
  return (
    <section aria-labelledby="indicators-title">
      <h2 id="indicators-title">{t('reporting.dashboard.indicatorsTitle')}</h2>
      <TableWrap label={t('reporting.dashboard.indicatorsTitle')}>
        <table className="outcomes-table">
          <thead>
            <tr>
              <th scope="col">{t('reporting.dashboard.col.indicator')}</th>
              <th scope="col">{t('reporting.dashboard.col.unit')}</th>
              <th scope="col" className="num">
                {t('reporting.dashboard.col.actual')}
              </th>
              <th scope="col" className="num">
                {t('reporting.dashboard.col.target')}
              </th>
              <th scope="col">{t('reporting.dashboard.col.percent')}</th>
            </tr>
          </thead>
          <tbody>
            {data.indicators.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  {row.name}
                  <Rule row={row} />
                </th>
                <td>{row.unit}</td>
                <td className="num">
                  <Figure row={row} value={row.total} programmeId={data.programme.id} />
                </td>
                <td className="num">{row.target === null ? <span className="muted">{t('reporting.dashboard.noTarget')}</span> : number(row.target)}</td>
                <td>
                  <Percent actual={row.total} target={row.target} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

function PeriodsTable({ data }: { data: Data }) {
  const { t, number } = useI18n()
  return (
    <section aria-labelledby="periods-title">
      <h2 id="periods-title">{t('reporting.dashboard.byPeriodTitle')}</h2>
      {data.periods.length === 0 ? (
        <p className="muted">{t('reporting.dashboard.noPeriods')}</p>
      ) : (
        <TableWrap label={t('reporting.dashboard.byPeriodTitle')}>
          <table className="outcomes-table">
            <thead>
              <tr>
                <th scope="col">{t('reporting.dashboard.col.indicator')}</th>
                {data.periods.map((p) => (
                  <th scope="col" key={p.id} className="num">
                    {p.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.indicators.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{row.name}</th>
                  {row.periods.map((p) => (
                    <td key={p.periodId} className="num">
                      <Figure row={row} value={p.actual} programmeId={data.programme.id} period={p.periodId} />
                      <span className="of-target">
                        {p.target === null ? t('reporting.dashboard.noTarget') : `${t('reporting.dashboard.col.target')}: ${number(p.target)}`}
                      </span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  )
}

function BreakdownTable({ data, kind, scopeLabel }: { data: Data; kind: 'centre' | 'region'; scopeLabel: string }) {
  const { t, locale, number } = useI18n()
  const columns = data.indicators.filter((r) => data.perCentreIds.includes(r.id))
  if (columns.length === 0) return null
  const titleId = `${kind}-title`
  const rows =
    kind === 'centre'
      ? data.centres.map((c) => ({ id: c.id, label: c.name, sub: locale === 'ru' ? c.regionRu : c.regionEn, values: c.values as Record<string, number> }))
      : data.regions.map((r) => ({ id: r.code, label: locale === 'ru' ? r.nameRu : r.nameEn, sub: null, values: r.values as Record<string, number> }))
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{kind === 'centre' ? t('reporting.dashboard.byCentreTitle') : t('reporting.dashboard.byRegionTitle')}</h2>
      <p className="muted">
        {t('reporting.dashboard.scopeHint', { period: scopeLabel })}{' '}
        {data.notPerCentre.length ? t('reporting.dashboard.notPerCentre', { names: data.notPerCentre.join('», «') }) : null}
      </p>
      <TableWrap label={kind === 'centre' ? t('reporting.dashboard.byCentreTitle') : t('reporting.dashboard.byRegionTitle')}>
        <table className="outcomes-table">
          <thead>
            <tr>
              <th scope="col">{kind === 'centre' ? t('reporting.dashboard.col.centre') : t('reporting.dashboard.col.region')}</th>
              {columns.map((c) => (
                <th scope="col" key={c.id} className="num">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.label}
                  {r.sub ? <span className="of-target">{r.sub}</span> : null}
                </th>
                {columns.map((c) => (
                  <td key={c.id} className="num">
                    {kind === 'centre' ? (
                      <Figure row={c} value={r.values[c.id] ?? 0} programmeId={data.programme.id} period={data.selectedPeriodId} centre={r.id} />
                    ) : (
                      number(r.values[c.id] ?? 0)
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  )
}

function CalendarPlan({ activities }: { activities: Data['activities'] }) {
  const { t, calendarDate } = useI18n()
  const controlPoints = activities.filter((a) => a.isControlPoint)
  const count = (status: string) => controlPoints.filter((a) => a.status === status).length
  const dates = (from: string | null, to: string | null) =>
    from ? (to && to !== from ? `${calendarDate(from)} — ${calendarDate(to)}` : calendarDate(from)) : t('reporting.dashboard.notStarted')
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{t('reporting.dashboard.calendarTitle')}</h2>
      {activities.length === 0 ? (
        <p className="muted">{t('reporting.dashboard.noActivities')}</p>
      ) : (
        <>
          {controlPoints.length ? (
            <p>
              {t('reporting.dashboard.controlPointsSummary', {
                count: controlPoints.length,
                done: count('done'),
                late: count('late'),
                overdue: count('overdue'),
              })}
            </p>
          ) : null}
          <TableWrap label={t('reporting.dashboard.calendarTitle')}>
            <table className="outcomes-table">
              <thead>
                <tr>
                  <th scope="col">{t('reporting.dashboard.col.activity')}</th>
                  <th scope="col">{t('reporting.dashboard.col.planned')}</th>
                  <th scope="col">{t('reporting.dashboard.col.actualDates')}</th>
                  <th scope="col">{t('reporting.dashboard.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {activities.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {a.title}
                      {a.isControlPoint ? <span className="control-point">{t('reporting.dashboard.controlPoint')}</span> : null}
                      {a.result ? <span className="of-target">{a.result}</span> : null}
                    </th>
                    <td>{dates(a.plannedStartOn, a.plannedEndOn)}</td>
                    <td>
                      {!a.actualStartOn
                        ? t('reporting.dashboard.notStarted')
                        : a.actualEndOn
                          ? dates(a.actualStartOn, a.actualEndOn)
                          : t('reporting.dashboard.since', { date: calendarDate(a.actualStartOn) })}
                    </td>
                    <td className={`status-${a.status}`}>{t(`reporting.dashboard.status.${a.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${translate(localeFromMatches(matches), 'reporting.dashboard.title')}: ${data.programme.name}` : undefined)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
