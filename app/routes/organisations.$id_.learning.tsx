import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { loadCentreLearning, percent } from '#app/models/learning-report.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import type { MetaFunction } from '@remix-run/node'

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, rows } = await loadCentreLearning(args)
  return {
    organisation,
    rows: rows.map(({ email: _email, ...r }) => ({ ...r, percent: percent(r.done, r.total) })),
  }
}

export default function CentreLearning() {
  const { organisation, rows } = useLoaderData<typeof loader>()
  const { t, date } = useI18n()
  const people = new Set(rows.map((r) => r.userId)).size
  const completed = rows.filter((r) => r.status === 'completed').length
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('learning.centreTitle')}</h1>
          <p className="muted">
            <Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
          </p>
        </div>
        <a className="button button-quiet" href={`/organisations/${organisation.id}/learning.csv`} download>
          {t('learning.downloadCsv')}
        </a>
      </div>
      <div className="stats">
        <div className="stat">
          <span className="stat-value">{people}</span>
          <span className="stat-label">{t('learning.statLearners')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{rows.length}</span>
          <span className="stat-label">{t('learning.statEnrolments')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{completed}</span>
          <span className="stat-label">{t('learning.statCompleted')}</span>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t('learning.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('learning.col.person')}</th>
                <th scope="col">{t('learning.col.course')}</th>
                <th scope="col">{t('learning.col.lessons')}</th>
                <th scope="col">{t('learning.col.status')}</th>
                <th scope="col">{t('learning.col.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.userId}-${r.courseId}`}>
                  <th scope="row">{r.name}</th>
                  <td>
                    <Link to={`/courses/${r.courseSlug}`}>{r.courseTitle}</Link>
                  </td>
                  <td>
                    <progress max={100} value={r.percent} aria-label={t('learning.progressOf', { name: r.name })}>
                      {r.percent}%
                    </progress>{' '}
                    {r.done}/{r.total}
                  </td>
                  <td>{t(`learning.status.${r.status}`)}</td>
                  <td>{date(r.lastActivityAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.organisation.name)
