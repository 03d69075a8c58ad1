import type { ReactNode } from 'react'
import { useI18n } from '#app/utils/use-i18n.ts'

export type KindCounts = { views: number; downloads: number; docx: number; pdf: number }

const KINDS = ['views', 'downloads', 'docx', 'pdf'] as const

export const totalOf = (c: KindCounts) => c.views + c.downloads + c.docx + c.pdf

/** The four kinds of use as figures: views, file downloads, .docx made, printed or saved as PDF. */
export function UsageTotals({ totals, extra }: { totals: KindCounts; extra?: ReactNode }) {
  const { t, number } = useI18n()
  return (
    <div className="stats">
      {KINDS.map((kind) => (
        <div key={kind} className="stat">
          <span className="stat-value">{number(totals[kind])}</span>
          <span className="stat-label">{t(`toolkits.usage.kind.${kind}`)}</span>
        </div>
      ))}
      {extra}
    </div>
  )
}

/** The count cells of one table row, in the order of UsageHead. */
export function UsageCells({ counts }: { counts: KindCounts }) {
  const { number } = useI18n()
  return (
    <>
      {KINDS.map((kind) => (
        <td key={kind} className="num">
          {number(counts[kind])}
        </td>
      ))}
    </>
  )
}

export function UsageHead({ first, last }: { first: string; last?: string }) {
  const { t } = useI18n()
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {KINDS.map((kind) => (
          <th key={kind} scope="col" className="num">
            {t(`toolkits.usage.kind.${kind}`)}
          </th>
        ))}
        {last ? <th scope="col">{last}</th> : null}
      </tr>
    </thead>
  )
}

/** A month key YYYY-MM as «март 2026». */
function monthLabel(locale: string, key: string) {
  const [y, m] = key.split('-').map(Number)
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)))
}

/** Use per month with a bar for the month's total (drawn in SVG: the CSP allows no inline styles). */
export function UsageByMonth({ months, caption }: { months: ({ month: string } & KindCounts)[]; caption: string }) {
  const { t, locale, number } = useI18n()
  const peak = Math.max(1, ...months.map(totalOf))
  return (
    <div className="table-wrap">
      <table className="usage-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('toolkits.usage.month')}</th>
            {KINDS.map((kind) => (
              <th key={kind} scope="col" className="num">
                {t(`toolkits.usage.kind.${kind}`)}
              </th>
            ))}
            <th scope="col">{t('toolkits.usage.total')}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => {
            const total = totalOf(m)
            return (
              <tr key={m.month}>
                <th scope="row">{monthLabel(locale, m.month)}</th>
                <UsageCells counts={m} />
                <td className="usage-bar-cell">
                  <svg className="usage-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect x="0" y="0" height="8" width={(100 * total) / peak} />
                  </svg>
                  <span>{number(total)}</span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
