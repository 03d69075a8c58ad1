import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  CENTRE_PEOPLE_LIMIT,
  countCentrePeople,
  getCentreEventsRecord,
  getCentrePeopleRecord,
} from '#app/models/attendance.server.ts'
import { organisationIdFrom } from '#app/models/organisation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1)

/**
 * A centre's attendance record: who from the centre came to what. Private to the centre, its mentors,
 * the programme's managers and administrators — never another centre.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation } = await requireOrganisationAccess(user, id, 'view')
  const page = PageSchema.parse(new URL(args.request.url).searchParams.get('page') ?? 1)
  const [people, peopleTotal, events] = await Promise.all([
    getCentrePeopleRecord(id),
    countCentrePeople(id),
    getCentreEventsRecord(id, page),
  ])
  return {
    organisation,
    // E-mail addresses stay in the CSV for those who download it.
    people: people.map(({ email: _email, ...p }) => p),
    peopleTotal,
    peopleLimited: peopleTotal > CENTRE_PEOPLE_LIMIT,
    events: events.rows,
    eventsTotal: events.total,
    page,
    pages: events.pages,
  }
}

export default function CentreAttendance() {
  const data = useLoaderData<typeof loader>()
  const { organisation, people, events, page, pages } = data
  const { t, number, dateTime } = useI18n()
  return (
    <div className="stack">
      <p>
        <Link to={`/organisations/${organisation.id}`}>← {t('attendance.centre.back')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('attendance.centre.title')}</h1>
          <p className="muted">{organisation.name}</p>
        </div>
        {people.length ? (
          <a className="button button-quiet" href={`/organisations/${organisation.id}/attendance.csv`} download>
            {t('attendance.centre.downloadCsv')}
          </a>
        ) : null}
      </div>
      <p className="muted">{t('attendance.centre.intro')}</p>

      <section>
        <h2 id="people-title">{t('attendance.centre.peopleTitle')}</h2>
        {people.length ? (
          <>
            {data.peopleLimited ? (
              <p className="muted">
                {t('attendance.centre.peopleLimited', { shown: people.length, count: data.peopleTotal })}
              </p>
            ) : null}
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="people-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('attendance.col.person')}</th>
                    <th scope="col">{t('attendance.col.registered')}</th>
                    <th scope="col">{t('attendance.count.present')}</th>
                    <th scope="col">{t('attendance.count.late')}</th>
                    <th scope="col">{t('attendance.count.absent')}</th>
                    <th scope="col">{t('attendance.count.excused')}</th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((p) => (
                    <tr key={p.userId}>
                      <th scope="row">{p.name}</th>
                      <td>{number(p.registered)}</td>
                      <td>{number(p.present)}</td>
                      <td>{number(p.late)}</td>
                      <td>{number(p.absent)}</td>
                      <td>{number(p.excused)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p className="card muted">{t('attendance.centre.empty')}</p>
        )}
      </section>

      <section>
        <h2 id="events-title">{t('attendance.centre.eventsTitle')}</h2>
        {events.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="events-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('attendance.col.event')}</th>
                  <th scope="col">{t('attendance.col.date')}</th>
                  <th scope="col">{t('attendance.col.registeredFromCentre')}</th>
                  <th scope="col">{t('attendance.col.attended')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.eventId}>
                    <th scope="row">
                      <Link to={`/events/${e.eventId}`}>{e.title}</Link>
                    </th>
                    <td>{dateTime(e.startsAt, e.timeZone)}</td>
                    <td>{number(e.registered)}</td>
                    <td>{number(e.attended)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="card muted">{t('attendance.centre.empty')}</p>
        )}
        <Pagination
          page={page}
          pages={pages}
          path={`/organisations/${organisation.id}/attendance`}
          label={t('attendance.pagination')}
        />
      </section>
    </div>
  )
}


export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = translate(locale, 'attendance.centre.title')
  return [{ title: `${data ? `${title}: ${data.organisation.name}` : title} · ${translate(locale, 'app.name')}` }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
