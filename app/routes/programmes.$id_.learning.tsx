import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { SelectField } from '#app/components/ui/field.tsx'
import { loadProgrammeLearning } from '#app/models/learning-report.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const { user: _user, ...data } = await loadProgrammeLearning(args)
  return data
}

export default function ProgrammeLearning() {
  const { programme, courses: courseList, courseId, centres, dropOff } = useLoaderData<typeof loader>()
  const { t, locale, number } = useI18n()
  const totals = centres.reduce(
    (acc, c) => ({ enrolled: acc.enrolled + c.enrolled, started: acc.started + c.started, completed: acc.completed + c.completed }),
    { enrolled: 0, started: 0, completed: 0 },
  )
  const csvHref = `/programmes/${programme.id}/learning.csv${courseId ? `?course=${courseId}` : ''}`
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('learning.programmeTitle')}</h1>
          <p className="muted">
            <Link to={`/programmes/${programme.id}`}>{programme.name}</Link>
          </p>
        </div>
        <a className="button button-quiet" href={csvHref} download>
          {t('learning.downloadCsv')}
        </a>
      </div>
      <Form method="get" className="filters">
        <SelectField
          label={t('learning.col.course')}
          name="course"
          optional
          placeholder={t('learning.allCourses')}
          defaultValue={courseId ?? ''}
          options={courseList.map((c) => ({ value: c.id, label: c.title }))}
        />
        <button type="submit" className="button">
          {t('learning.show')}
        </button>
      </Form>
      <div className="stats">
        <div className="stat">
          <span className="stat-value">{number(totals.enrolled)}</span>
          <span className="stat-label">{t('learning.statEnrolments')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{number(totals.started)}</span>
          <span className="stat-label">{t('learning.statStarted')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{number(totals.completed)}</span>
          <span className="stat-label">{t('learning.statCompleted')}</span>
        </div>
      </div>
      <section aria-labelledby="centres-title">
        <h2 id="centres-title">{t('learning.byCentre')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('learning.col.centre')}</th>
                <th scope="col">{t('learning.col.enrolled')}</th>
                <th scope="col">{t('learning.col.started')}</th>
                <th scope="col">{t('learning.col.completed')}</th>
                <th scope="col">{t('learning.col.percent')}</th>
              </tr>
            </thead>
            <tbody>
              {centres.map((c) => (
                <tr key={c.organisationId}>
                  <th scope="row">
                    <Link to={`/organisations/${c.organisationId}/learning`}>{c.shortName ?? c.name}</Link>
                    <br />
                    <span className="muted">{locale === 'ru' ? c.regionRu : c.regionEn}</span>
                  </th>
                  <td>{number(c.enrolled)}</td>
                  <td>{number(c.started)}</td>
                  <td>{number(c.completed)}</td>
                  <td>{c.averagePercent}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {dropOff ? (
        <section aria-labelledby="dropoff-title">
          <h2 id="dropoff-title">{t('learning.dropOff')}</h2>
          <p className="muted">{t('learning.dropOffHint', { count: dropOff.enrolled })}</p>
          <ol className="list-plain">
            {dropOff.lessons.map((l) => (
              <li key={l.lessonId}>
                <span>{l.title}</span> <span className="muted">· {l.module}</span>
                <br />
                <progress max={Math.max(dropOff.enrolled, 1)} value={l.completed} aria-label={l.title}>
                  {l.completed}
                </progress>{' '}
                {t('learning.completedCount', { count: l.completed })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.programme.name)
