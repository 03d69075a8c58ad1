import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { TableWrap } from '#app/components/outcome-charts.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { loadIndicatorRecords } from '#app/models/outcomes.server.ts'
import outcomesStyles from '#app/styles/outcomes.css?url'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: outcomesStyles }]

export async function loader(args: LoaderFunctionArgs) {
  return loadIndicatorRecords(args)
}

type Data = Awaited<ReturnType<typeof loader>>
type Record = Data['records'][number]
type Column = { key: string; label: string; cell: (r: Record) => ReactNode; num?: boolean }

export default function IndicatorRecords() {
  const data = useLoaderData<typeof loader>()
  const { t, number, calendarDate } = useI18n()
  const { programme, indicator } = data
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize))
  const period = data.periods.find((p) => p.id === data.selectedPeriodId)
  const columns = useColumns(data.drill)
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${programme.id}/outcomes${data.selectedPeriodId ? `?period=${data.selectedPeriodId}` : ''}`}>
          ← {t('reporting.dashboard.records.back')}
        </Link>
      </p>
      <div>
        <h1>{indicator.name}</h1>
        <p className="muted">
          {t('reporting.dashboard.records.title')} · {programme.name}
        </p>
      </div>
      <p className="figure-summary">
        <span className="figure-value">{number(indicator.key ? data.total : data.manual.reduce((s, m) => s + (m.value ?? 0), 0))}</span>{' '}
        {indicator.unit}
        <span className="of-target">
          {period ? period.label : t('reporting.dashboard.wholeProgramme')} ({calendarDate(data.range.startsOn)} — {calendarDate(data.range.endsOn)})
        </span>
      </p>
      <p className="rules">{indicator.ruleKey ? t(indicator.ruleKey) : t('reporting.dashboard.manualRule')}</p>

      <Form method="get" className="filters no-print" aria-label={t('reporting.dashboard.records.filters')}>
        <SelectField
          label={t('reporting.dashboard.col.period')}
          name="period"
          required={false}
          placeholder={t('reporting.dashboard.wholeProgramme')}
          defaultValue={data.selectedPeriodId ?? ''}
          options={data.periods.map((p) => ({ value: p.id, label: p.label }))}
        />
        {data.centres.length ? (
          <SelectField
            label={t('reporting.dashboard.col.centre')}
            name="centre"
            required={false}
            placeholder={t('reporting.dashboard.records.allCentres')}
            defaultValue={data.centreId ?? ''}
            options={data.centres.map((c) => ({ value: c.id, label: c.name }))}
          />
        ) : null}
        <button type="submit" className="button">
          {t('reporting.dashboard.show')}
        </button>
      </Form>

      {indicator.key ? (
        <section aria-labelledby="records-title">
          <h2 id="records-title">{t('reporting.dashboard.records.summary', { count: data.total })}</h2>
          {data.records.length === 0 ? (
            <p className="muted">{t('reporting.dashboard.records.empty')}</p>
          ) : (
            <TableWrap label={indicator.name}>
              <table className="outcomes-table">
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th scope="col" key={c.key} className={c.num ? 'num' : undefined}>
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.records.map((r) => (
                    <tr key={r.item}>
                      {columns.map((c, i) =>
                        i === 0 ? (
                          <th scope="row" key={c.key}>
                            {c.cell(r)}
                          </th>
                        ) : (
                          <td key={c.key} className={c.num ? 'num' : undefined}>
                            {c.cell(r)}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <Pagination
            page={data.page}
            pages={pages}
            path={`/programmes/${programme.id}/outcomes/${indicator.id}`}
            params={{ period: data.selectedPeriodId, centre: data.centreId }}
            label={t('reporting.dashboard.records.pagination')}
          />
        </section>
      ) : (
        <ManualValues data={data} />
      )}
    </div>
  )
}

function ManualValues({ data }: { data: Data }) {
  const { t, number } = useI18n()
  return (
    <section aria-labelledby="manual-title">
      <h2 id="manual-title">{t('reporting.dashboard.records.manualTitle')}</h2>
      {data.manual.length === 0 ? (
        <p className="muted">{t('reporting.dashboard.records.empty')}</p>
      ) : (
        <TableWrap label={t('reporting.dashboard.records.manualTitle')}>
          <table className="outcomes-table">
            <thead>
              <tr>
                <th scope="col">{t('reporting.dashboard.col.period')}</th>
                <th scope="col" className="num">
                  {t('reporting.dashboard.records.value')}
                </th>
                <th scope="col">{t('reporting.dashboard.records.evidence')}</th>
                <th scope="col">{t('reporting.dashboard.records.note')}</th>
              </tr>
            </thead>
            <tbody>
              {data.manual.map((m) => (
                <tr key={m.periodId}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{m.value === null ? '—' : number(m.value)}</td>
                  <td>
                    {m.evidenceUrl ? (
                      <a href={m.evidenceUrl} rel="noopener noreferrer" target="_blank">
                        {t('reporting.dashboard.records.evidenceLink')}
                      </a>
                    ) : null}
                    {m.evidenceUrl && m.attachmentId ? ' · ' : null}
                    {m.attachmentId ? (
                      <a href={`/programmes/${data.programme.id}/reporting/evidence/${m.attachmentId}`}>
                        {t('reporting.dashboard.records.evidenceFile')}
                      </a>
                    ) : null}
                    {!m.evidenceUrl && !m.attachmentId ? t('reporting.dashboard.records.noEvidence') : null}
                  </td>
                  <td>{m.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  )
}

/** The columns that describe each kind of record. */
function useColumns(drill: Data['drill']): Column[] {
  const { t, locale, number, calendarDate, dateTime } = useI18n()
  const col = (key: string, cell: Column['cell'], num = false): Column => ({
    key,
    label: t(`reporting.dashboard.records.col.${key}`),
    cell,
    num,
  })
  const centre = col('centre', (r) =>
    r.organisationId ? (r.organisationName ?? '') : <span className="muted">{t('reporting.dashboard.records.noCentre')}</span>,
  )
  const date = col('date', (r) => calendarDate(r.firstDate))
  const firstDate = col('firstDate', (r) => calendarDate(r.firstDate))
  const lastDate = col('lastDate', (r) => calendarDate(r.lastDate))
  const eventDate = col('date', (r) => (r.startsAt && r.timeZone ? dateTime(r.startsAt, r.timeZone) : calendarDate(r.firstDate)))
  const occurrences = col('occurrences', (r) => number(r.occurrences), true)
  switch (drill) {
    case 'person':
      return [
        col('person', (r) => r.title),
        centre,
        col('visits', (r) => number(r.visits), true),
        col('completions', (r) => number(r.completions), true),
        firstDate,
        lastDate,
      ]
    case 'visit':
      return [
        col('person', (r) => r.title),
        col('event', (r) => (r.linkId ? <Link to={`/events/${r.linkId}`}>{r.subtitle}</Link> : r.subtitle)),
        eventDate,
        centre,
      ]
    case 'event':
      return [
        col('event', (r) => (r.linkId ? <Link to={`/events/${r.linkId}`}>{r.title}</Link> : r.title)),
        col('kind', (r) => (r.detail ? t(`schedule.kind.${r.detail}`) : '')),
        eventDate,
        centre,
        col('attendees', (r) => number(r.visits), true),
      ]
    case 'centre':
      return [
        col('centre', (r) => (r.organisationId ? <Link to={`/organisations/${r.organisationId}`}>{r.title}</Link> : r.title)),
        col('stage', (r) => (r.detail ? t(`courses.stage.${r.detail}`) : '')),
        occurrences,
        firstDate,
        lastDate,
      ]
    case 'region':
      return [col('region', (r) => (locale === 'ru' ? r.title : (r.subtitle ?? r.title))), occurrences, firstDate, lastDate]
    case 'consultation':
      return [col('subject', (r) => r.title), centre, col('client', (r) => r.subtitle ?? '—'), date]
    case 'enrolment':
      return [col('person', (r) => r.title), col('course', (r) => (r.linkId ? <Link to={`/courses/${r.linkId}`}>{r.subtitle}</Link> : r.subtitle)), centre, date]
    case 'usage':
      return [
        col('resource', (r) => (r.linkId ? <Link to={`/toolkits/${r.linkId}`}>{r.title}</Link> : r.title)),
        col('usage', (r) => (r.detail ? t(`reporting.dashboard.records.usage.${r.detail}`) : '')),
        centre,
        date,
      ]
    case 'ngo':
      return [col('ngo', (r) => r.title), centre, occurrences, firstDate, lastDate]
    case 'practice':
      return [col('practice', (r) => r.title), date]
    case 'track':
      return [
        col('practice', (r) => r.title),
        centre,
        col('step', (r) => (r.detail ? t(`reporting.dashboard.records.step.${r.detail}`) : '')),
        date,
      ]
    default:
      return []
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.indicator.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
