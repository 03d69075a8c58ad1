import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  ASSESSMENT_KINDS,
  chartSeries,
  createAssessment,
  getStageHistory,
  listAssessments,
  requireCentreAssessments,
} from '#app/models/assessment.server.ts'
import { getStageModel } from '#app/models/stage-model.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { isoDate, optionalText, parseForm } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

const StartSchema = z.object({
  intent: z.literal('start'),
  kind: z.enum(ASSESSMENT_KINDS, { error: 'validation.choose' }),
  conductedOn: isoDate,
  notes: optionalText(2000),
})

/** How many assessments the chart draws (the table beside it lists all of them). */
const CHART_LIMIT = 4
/** Bar colours: dark enough against white for the 3:1 contrast of graphical objects. */
const PALETTE = ['#1f5fa8', '#b8480f', '#2b7a3d', '#7b3fa0']

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation, canRun } = await requireCentreAssessments(args)
  const model = getStageModel()
  const [list, history] = await Promise.all([listAssessments(organisation.id), getStageHistory(organisation.id)])
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: user.timeZone }).format(new Date())
  return {
    organisation,
    canRun,
    today,
    kinds: ASSESSMENT_KINDS,
    assessments: list.map(({ createdAt: _createdAt, ...a }) => a),
    chart: chartSeries(list),
    history,
    areas: model.areas,
    stages: model.stages.map((s) => ({ key: s.key, title: s.title, titleEn: s.titleEn })),
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation, canRun } = await requireCentreAssessments(args)
  if (!canRun) forbidden()
  const formData = await args.request.formData()
  const parsed = parseForm(formData, StartSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const { id } = await db.transaction((tx) =>
    createAssessment(tx, {
      organisationId: organisation.id,
      kind: parsed.data.kind,
      conductedOn: parsed.data.conductedOn,
      notes: parsed.data.notes ?? null,
      actorId: user.id,
    }),
  )
  return redirectWithFlash(`/organisations/${organisation.id}/assessments/${id}`, 'mentoring.started')
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function CentreAssessments() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t, locale, calendarDate, date } = useI18n()
  const stageTitle = (key: string | null) => {
    const stage = d.stages.find((s) => s.key === key)
    return stage ? (locale === 'ru' ? stage.title : stage.titleEn) : (key ?? t('common.none'))
  }
  const kindOptions = d.kinds.map((k) => ({ value: k, label: t(`mentoring.kind.${k}`) }))
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('mentoring.title')}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link>
          </p>
          <p>
            <span className="badge">{t('mentoring.currentStage', { stage: stageTitle(d.organisation.stage) })}</span>
          </p>
        </div>
      </div>
      <p>{t('mentoring.intro')}</p>

      {d.canRun ? (
        <section className="card" aria-labelledby="start-title">
          <h2 id="start-title">{t('mentoring.startTitle')}</h2>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={failure?.errors} />
            <div className="form-grid">
              <SelectField
                label={t('mentoring.field.kind')}
                name="kind"
                options={kindOptions}
                defaultValue={valueOf(failure?.values, 'kind', d.assessments.length ? 'midline' : 'baseline')}
                errors={failure?.errors.kind}
              />
              <TextField
                label={t('mentoring.field.conductedOn')}
                name="conductedOn"
                type="date"
                defaultValue={valueOf(failure?.values, 'conductedOn', d.today)}
                errors={failure?.errors.conductedOn}
              />
            </div>
            <TextareaField
              label={t('mentoring.field.notes')}
              hint={t('mentoring.field.notesHint')}
              name="notes"
              optional
              rows={2}
              defaultValue={valueOf(failure?.values, 'notes')}
              errors={failure?.errors.notes}
            />
            <StatusButton intent="start">{t('mentoring.start')}</StatusButton>
          </Form>
        </section>
      ) : null}

      <section>
        <h2 id="list-title">{t('mentoring.listTitle')}</h2>
        {d.assessments.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="list-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('mentoring.col.assessment')}</th>
                  <th scope="col">{t('mentoring.col.by')}</th>
                  <th scope="col">{t('mentoring.col.status')}</th>
                  <th scope="col">{t('mentoring.col.stage')}</th>
                </tr>
              </thead>
              <tbody>
                {d.assessments.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/organisations/${d.organisation.id}/assessments/${a.id}`}>
                        {t('mentoring.assessmentLabel', { kind: t(`mentoring.kind.${a.kind}`), date: calendarDate(a.conductedOn) })}
                      </Link>
                    </th>
                    <td>{a.conductedByName ?? t('common.none')}</td>
                    <td>{t(`mentoring.status.${a.status}`)}</td>
                    <td>
                      {a.confirmedStage
                        ? t('mentoring.stageConfirmed', { stage: stageTitle(a.confirmedStage) })
                        : a.proposedStage
                          ? t('mentoring.stageProposed', { stage: stageTitle(a.proposedStage) })
                          : t('common.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('mentoring.empty')}</p>
        )}
      </section>

      <section aria-labelledby="chart-title">
        <h2 id="chart-title">{t('mentoring.chartTitle')}</h2>
        {d.chart.length ? (
          <>
            <p className="muted">{t('mentoring.chartIntro')}</p>
            <div className="grid">
              <AreaChart chart={d.chart.slice(-CHART_LIMIT)} areas={d.areas} />
              <ChartTable chart={d.chart} areas={d.areas} />
            </div>
            {d.chart.length > CHART_LIMIT ? <p className="muted">{t('mentoring.chartShowsLast', { count: CHART_LIMIT })}</p> : null}
          </>
        ) : (
          <p className="muted">{t('mentoring.chartEmpty')}</p>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('mentoring.historyTitle')}</h2>
        {d.history.length ? (
          <ol className="list-plain stack" role="list">
            {d.history.map((h) => (
              <li key={h.id} className="card">
                <h3>
                  {h.fromStage === h.toStage
                    ? t('mentoring.historySame', { stage: stageTitle(h.toStage) })
                    : t('mentoring.historyChange', { from: stageTitle(h.fromStage), to: stageTitle(h.toStage) })}
                </h3>
                <p className="muted">
                  {t('mentoring.historyBy', { name: h.changedByName ?? t('common.none'), date: date(h.changedAt) })}
                </p>
                <dl className="details">
                  {h.reason ? (
                    <>
                      <dt>{t('mentoring.historyReason')}</dt>
                      <dd>{h.reason}</dd>
                    </>
                  ) : null}
                  {h.evidence ? (
                    <>
                      <dt>{t('mentoring.historyEvidence')}</dt>
                      <dd>{h.evidence}</dd>
                    </>
                  ) : null}
                </dl>
                {h.assessmentId ? (
                  <p>
                    <Link to={`/organisations/${d.organisation.id}/assessments/${h.assessmentId}`}>
                      {t('mentoring.historyAssessment')}
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t('mentoring.historyEmpty')}</p>
        )}
      </section>

      <p>
        <Link to={`/organisations/${d.organisation.id}/plan`}>{t('plans.profileLink')}</Link>
        {' · '}
        <Link to={`/organisations/${d.organisation.id}`}>{t('mentoring.backToProfile')}</Link>
      </p>
    </div>
  )
}

function useSeriesLabel() {
  const { t, calendarDate } = useI18n()
  return (a: LoaderData['chart'][number]) =>
    t('mentoring.assessmentLabel', { kind: t(`mentoring.kind.${a.kind}`), date: calendarDate(a.conductedOn) })
}

/**
 * Horizontal grouped bars, drawn on the server as SVG: one group per area, one bar per assessment.
 * Rows rather than columns so that long area titles stay readable on a phone. The data table beside it
 * is the text alternative; the SVG itself is one image with a summary label.
 */
function AreaChart({ chart, areas }: { chart: LoaderData['chart']; areas: LoaderData['areas'] }) {
  const { t, locale, number } = useI18n()
  const label = useSeriesLabel()
  const width = 360
  const labelX = 8
  const barX = 8
  const barMax = width - barX - 48
  const barH = 12
  const gap = 4
  const legendRow = 20
  const legendH = chart.length * legendRow + 8
  const groupH = 22 + chart.length * (barH + gap) + 10
  const height = legendH + areas.length * groupH + 20
  const summary = t('mentoring.chartLabel', { list: chart.map(label).join('; ') })
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={summary} focusable="false">
      {chart.map((a, i) => (
        <g key={a.id} transform={`translate(${labelX} ${i * legendRow})`}>
          <rect x="0" y="4" width="12" height="12" fill={PALETTE[i % PALETTE.length]} />
          <text x="18" y="14" fontSize="13" fill="#1d2733">
            {label(a)}
          </text>
        </g>
      ))}
      {/* Scale marks at 0, 1, 2 and 3 */}
      {[0, 1, 2, 3].map((mark) => (
        <g key={mark}>
          <line
            x1={barX + (mark / 3) * barMax}
            x2={barX + (mark / 3) * barMax}
            y1={legendH}
            y2={height - 18}
            stroke="#c9d1db"
            strokeDasharray={mark === 0 ? undefined : '3 3'}
          />
          <text x={barX + (mark / 3) * barMax} y={height - 4} fontSize="12" textAnchor="middle" fill="#4a5562">
            {mark}
          </text>
        </g>
      ))}
      {areas.map((area, row) => {
        const top = legendH + row * groupH
        return (
          <g key={area.key} transform={`translate(0 ${top})`}>
            <text x={labelX} y="16" fontSize="12" fontWeight="600" fill="#1d2733">
              {locale === 'ru' ? area.title : area.titleEn}
            </text>
            {chart.map((a, i) => {
              const value = a.averages[area.key] ?? 0
              const y = 22 + i * (barH + gap)
              return (
                <g key={a.id}>
                  <rect x={barX} y={y} width={Math.max((value / 3) * barMax, 1)} height={barH} fill={PALETTE[i % PALETTE.length]} />
                  <text x={barX + (value / 3) * barMax + 4} y={y + barH - 2} fontSize="12" fill="#1d2733">
                    {number(value, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}
                  </text>
                </g>
              )
            })}
          </g>
        )
      })}
    </svg>
  )
}

function ChartTable({ chart, areas }: { chart: LoaderData['chart']; areas: LoaderData['areas'] }) {
  const { t, locale, number } = useI18n()
  const label = useSeriesLabel()
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="chart-table-caption">
      <table>
        <caption id="chart-table-caption">{t('mentoring.chartTableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mentoring.col.area')}</th>
            {chart.map((a) => (
              <th scope="col" key={a.id}>
                {label(a)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {areas.map((area) => (
            <tr key={area.key}>
              <th scope="row">{locale === 'ru' ? area.title : area.titleEn}</th>
              {chart.map((a) => (
                <td key={a.id}>
                  {a.averages[area.key] === undefined
                    ? t('common.none')
                    : number(a.averages[area.key]!, { maximumFractionDigits: 2, minimumFractionDigits: 1 })}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.organisation.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
