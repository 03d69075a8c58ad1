import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  getProgrammeForMentorships,
  listCentresWithoutMentorship,
  listProgrammeMentorships,
} from '#app/models/mentorship.server.ts'
import { programmeIdFrom } from '#app/models/programme.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { requireProgrammeAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import styles from '#app/styles/mentoring.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  const relation = await requireProgrammeAccess(user, id, 'view')
  // The programme's administrators, managers and its mentor organisation; a centre sees its own mentorship
  // on its profile, not everybody else's.
  if (relation === 'participant') forbidden()
  const [programme, list, without] = await Promise.all([
    getProgrammeForMentorships(id),
    listProgrammeMentorships(id),
    listCentresWithoutMentorship(id),
  ])
  if (!programme) notFound()
  return {
    programme: { id: programme.id, name: programme.name },
    mentorships: list,
    without,
    canManage: relation === 'admin' || relation === 'manager',
  }
}

export default function ProgrammeMentorships() {
  const { programme, mentorships, without, canManage } = useLoaderData<typeof loader>()
  const { t, locale, calendarDate } = useI18n()
  const active = mentorships.filter((m) => m.status === 'active').length
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${programme.id}`}>← {programme.name}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('mentorships.title')}</h1>
          <p className="muted">{programme.name}</p>
        </div>
        {canManage ? (
          <Link to={`/programmes/${programme.id}/mentorships/new`} className="button">
            {t('mentorships.new')}
          </Link>
        ) : null}
      </div>
      <p>{t('mentorships.lead')}</p>

      <section>
        <h2 id="list-title">{t('mentorships.activeCount', { count: active })}</h2>
        {mentorships.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="list-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('mentorships.col.centre')}</th>
                  <th scope="col">{t('mentorships.col.mentorOrganisation')}</th>
                  <th scope="col">{t('mentorships.col.mentors')}</th>
                  <th scope="col">{t('mentorships.col.contacts')}</th>
                  <th scope="col">{t('mentorships.col.period')}</th>
                  <th scope="col">{t('mentorships.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {mentorships.map((m) => {
                  const names = (side: 'mentor' | 'centre') =>
                    m.people
                      .filter((p) => p.side === side)
                      .map((p) => (p.isPrimary ? `${p.name} ${t('mentorships.primaryMark')}` : p.name))
                      .join(', ') || t('common.none')
                  return (
                    <tr key={m.id}>
                      <th scope="row">
                        {canManage ? (
                          <Link
                            to={`/programmes/${programme.id}/mentorships/${m.id}`}
                            aria-label={`${t('mentorships.edit')}: ${m.centreName}`}
                          >
                            {m.centreName}
                          </Link>
                        ) : (
                          <Link to={`/organisations/${m.centreId}`}>{m.centreName}</Link>
                        )}
                        <span className="muted">
                          {' '}
                          · {m.city}, {locale === 'ru' ? m.regionRu : m.regionEn}
                        </span>
                      </th>
                      <td>{m.mentorOrganisationName}</td>
                      <td>{names('mentor')}</td>
                      <td>{names('centre')}</td>
                      <td>
                        {t('mentorships.period', { from: calendarDate(m.startsOn), to: calendarDate(m.plannedEndOn) })}
                        {m.endedOn ? <div className="muted">{t('mentorships.endedOnShort', { date: calendarDate(m.endedOn) })}</div> : null}
                      </td>
                      <td>
                        <span className={m.status === 'active' ? 'badge' : 'badge badge-accent'}>{t(`mentorships.status.${m.status}`)}</span>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('mentorships.empty')}</p>
        )}
      </section>

      <section aria-labelledby="without-title">
        <h2 id="without-title">{t('mentorships.withoutTitle')}</h2>
        {without.length ? (
          <ul className="list-plain card" role="list">
            {without.map((c) => (
              <li key={c.id}>
                {c.name} <span className="muted">· {c.city}</span>
                {canManage ? (
                  <>
                    {' · '}
                    <Link
                      to={`/programmes/${programme.id}/mentorships/new?centre=${c.id}`}
                      aria-label={`${t('mentorships.setUp')}: ${c.name}`}
                    >
                      {t('mentorships.setUp')}
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('mentorships.withoutEmpty')}</p>
        )}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${data.programme.name}` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
