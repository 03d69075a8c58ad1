import { useId, type ReactNode } from 'react'
import { useI18n } from '#app/utils/use-i18n.ts'

// Inline SVG charts of the outcomes dashboard. Each is an image with a title and a description, followed
// by the same numbers as a table for screen readers and anyone who prefers figures. Colours come from
// classes in app/styles/outcomes.css (no inline styles: CSP).

/** A table that may scroll sideways on a phone: focusable and named, so keyboard users can scroll it too. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  )
}

const WIDTH = 640
const HEIGHT = 260
const PAD = { top: 16, right: 16, bottom: 44, left: 48 }

/** A "nice" upper bound for the axis: 1, 2 or 5 times a power of ten at or above `max`. */
function niceMax(max: number) {
  if (max <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power
  return 10 * power
}

/** A period label on two short lines under its bars: «I квартал» / «2026». */
function labelLines(label: string) {
  const cut = label.lastIndexOf(' ')
  const lines = cut > 0 ? [label.slice(0, cut), label.slice(cut + 1)] : [label]
  return lines.map((line) => (line.length > 14 ? `${line.slice(0, 13)}…` : line))
}

function useMonthLabel() {
  const { locale } = useI18n()
  const format = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' })
  return (month: string) => format.format(new Date(`${month}-01T00:00:00Z`))
}

export function CumulativeChart({
  name,
  months,
  target,
}: {
  name: string
  months: { month: string; value: number }[]
  target: number | null
}) {
  const { t, number } = useI18n()
  const monthLabel = useMonthLabel()
  const id = useId()
  if (months.length === 0) return <p className="muted">{t('reporting.dashboard.noChartData')}</p>
  const top = niceMax(Math.max(target ?? 0, ...months.map((m) => m.value)))
  const innerW = WIDTH - PAD.left - PAD.right
  const innerH = HEIGHT - PAD.top - PAD.bottom
  const x = (i: number) => PAD.left + (months.length === 1 ? innerW / 2 : (i * innerW) / (months.length - 1))
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH
  const points = months.map((m, i) => `${x(i).toFixed(1)},${y(m.value).toFixed(1)}`).join(' ')
  const every = Math.max(1, Math.ceil(months.length / 8))
  const ticks = [0, top / 2, top]
  const title = t('reporting.dashboard.progressTitle', { name })
  const description = t('reporting.dashboard.progressDescription', { target: target === null ? '—' : number(target) })
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} className="chart-label" textAnchor="end">
              {number(v)}
            </text>
          </g>
        ))}
        {target !== null && target > 0 ? (
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(target)} y2={y(target)} className="chart-target" />
        ) : null}
        <polyline points={points} className="chart-line" fill="none" />
        {months.map((m, i) => (
          <circle key={m.month} cx={x(i)} cy={y(m.value)} r={3} className="chart-dot" />
        ))}
        {months.map((m, i) =>
          i % every === 0 || i === months.length - 1 ? (
            <text key={m.month} x={x(i)} y={HEIGHT - PAD.bottom + 18} className="chart-label" textAnchor="middle">
              {monthLabel(m.month)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>
        <p className="muted">{description}</p>
        <details>
          <summary>{t('reporting.dashboard.chartTable')}</summary>
          <TableWrap label={title}>
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.dashboard.col.month')}</th>
                  <th scope="col">{t('reporting.dashboard.col.actual')}</th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{monthLabel(m.month)}</th>
                    <td>{number(m.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      </figcaption>
    </figure>
  )
}

export function PlanFactChart({
  name,
  periods,
}: {
  name: string
  periods: { periodId: string; label: string; actual: number; target: number | null }[]
}) {
  const { t, number } = useI18n()
  const id = useId()
  if (periods.length === 0) return <p className="muted">{t('reporting.dashboard.noPeriods')}</p>
  const top = niceMax(Math.max(...periods.map((p) => Math.max(p.actual, p.target ?? 0))))
  const innerW = WIDTH - PAD.left - PAD.right
  const innerH = HEIGHT - PAD.top - PAD.bottom
  const slot = innerW / periods.length
  const bar = Math.min(28, slot / 3)
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH
  const ticks = [0, top / 2, top]
  const title = t('reporting.dashboard.planFactTitle', { name })
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{t('reporting.dashboard.planFactDescription')}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} className="chart-label" textAnchor="end">
              {number(v)}
            </text>
          </g>
        ))}
        {periods.map((p, i) => {
          const centre = PAD.left + slot * i + slot / 2
          return (
            <g key={p.periodId}>
              {p.target !== null ? (
                <rect x={centre - bar - 1} y={y(p.target)} width={bar} height={Math.max(0, y(0) - y(p.target))} className="chart-bar-plan" />
              ) : null}
              <rect x={centre + 1} y={y(p.actual)} width={bar} height={Math.max(0, y(0) - y(p.actual))} className="chart-bar-fact" />
              <text x={centre + 1 + bar / 2} y={y(p.actual) - 4} className="chart-label" textAnchor="middle">
                {number(p.actual)}
              </text>
              <text x={centre} y={HEIGHT - PAD.bottom + 16} className="chart-label" textAnchor="middle">
                {labelLines(p.label).map((line, k) => (
                  <tspan key={k} x={centre} dy={k === 0 ? 0 : 14}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>
        <p className="chart-legend">
          <span className="chart-key chart-key-plan" aria-hidden="true" /> {t('reporting.dashboard.legendPlan')}{' '}
          <span className="chart-key chart-key-fact" aria-hidden="true" /> {t('reporting.dashboard.legendFact')}
        </p>
        <details>
          <summary>{t('reporting.dashboard.chartTable')}</summary>
          <TableWrap label={title}>
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.dashboard.col.period')}</th>
                  <th scope="col">{t('reporting.dashboard.col.target')}</th>
                  <th scope="col">{t('reporting.dashboard.col.actual')}</th>
                </tr>
              </thead>
              <tbody>
                {periods.map((p) => (
                  <tr key={p.periodId}>
                    <th scope="row">{p.label}</th>
                    <td>{p.target === null ? t('reporting.dashboard.noTarget') : number(p.target)}</td>
                    <td>{number(p.actual)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      </figcaption>
    </figure>
  )
}
