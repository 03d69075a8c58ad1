import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getProgrammeHeader, listBlocks } from '#app/models/attendance.server.ts'
import { requireEventAccess } from '#app/models/event.server.ts'
import attendanceStyles from '#app/styles/attendance.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { instantToZoned } from '#app/utils/recurrence.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: attendanceStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const { event, programmeName } = await requireEventAccess(user, args.params.id ?? '', 'view')
  const [blocks, header] = await Promise.all([listBlocks(event.id), getProgrammeHeader(event.id)])
  if (!header) notFound()
  const days: {
    date: string
    blocks: {
      id: string
      from: string
      to: string
      title: string
      trainer: string | null
      description: string | null
    }[]
  }[] = []
  for (const b of blocks) {
    const from = instantToZoned(b.startsAt, event.timeZone)
    let day = days.at(-1)
    if (day?.date !== from.date) {
      day = { date: from.date, blocks: [] }
      days.push(day)
    }
    day.blocks.push({
      id: b.id,
      from: from.time,
      to: instantToZoned(b.endsAt, event.timeZone).time,
      title: b.title,
      trainer: b.trainer,
      description: b.description,
    })
  }
  return {
    event: {
      id: event.id,
      title: event.title,
      kind: event.kind,
      timeZone: event.timeZone,
      address: event.address,
      onlineUrl: event.onlineUrl,
      cancelled: event.status === 'cancelled',
      firstDay: instantToZoned(event.startsAt, event.timeZone).date,
      lastDay: instantToZoned(event.endsAt, event.timeZone).date,
    },
    programmeName,
    header,
    days,
  }
}

export default function PrintableProgramme() {
  const { event, programmeName, header, days } = useLoaderData<typeof loader>()
  const { t, locale, calendarDate } = useI18n()
  const place = [header.hostName, header.hostCity].filter(Boolean).join(', ')
  const address = event.address ?? header.hostAddress
  const contacts = [header.organiserPhone, header.organiserEmail, header.organiserWebsite].filter(Boolean)
  return (
    <article className="programme-doc">
      <div className="row no-print programme-doc-tools">
        <Link to={`/events/${event.id}/programme`}>← {t('attendance.print.back')}</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('attendance.print.print')}
        </button>
      </div>

      <header className="programme-doc-header">
        <p className="muted">{programmeName}</p>
        <p className="programme-doc-kind">
          {t(event.kind === 'field_session' ? 'attendance.programme.titleField' : 'attendance.programme.title')}
        </p>
        <h1>{event.title}</h1>
        {event.cancelled ? <p className="alert alert-warn">{t('attendance.print.cancelled')}</p> : null}
        <dl className="details">
          <dt>{t('attendance.print.dates')}</dt>
          <dd>
            {event.firstDay === event.lastDay
              ? calendarDate(event.firstDay)
              : `${calendarDate(event.firstDay)} — ${calendarDate(event.lastDay)}`}
          </dd>
          {place ? (
            <>
              <dt>{t('attendance.print.host')}</dt>
              <dd>{place}</dd>
            </>
          ) : null}
          {address ? (
            <>
              <dt>{t('attendance.print.address')}</dt>
              <dd>{address}</dd>
            </>
          ) : null}
          {!address && event.onlineUrl ? (
            <>
              <dt>{t('attendance.print.online')}</dt>
              <dd>{event.onlineUrl}</dd>
            </>
          ) : null}
          <dt>{t('attendance.print.zone')}</dt>
          <dd>{t('attendance.print.zoneValue', { city: zoneCity(event.timeZone, locale) })}</dd>
        </dl>
      </header>

      {days.length === 0 ? <p className="muted">{t('attendance.programme.empty')}</p> : null}
      {days.map((day, i) => (
        <section key={day.date} className="programme-day" aria-labelledby={`print-day-${day.date}`}>
          <h2 id={`print-day-${day.date}`}>
            {days.length > 1 ? `${t('attendance.print.day', { n: i + 1 })}. ` : ''}
            {calendarDate(day.date)}
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col" className="programme-time">
                    {t('attendance.print.time')}
                  </th>
                  <th scope="col">{t('attendance.print.workshop')}</th>
                  <th scope="col">{t('attendance.print.trainer')}</th>
                </tr>
              </thead>
              <tbody>
                {day.blocks.map((b) => (
                  <tr key={b.id}>
                    <td className="programme-time">
                      {b.from}–{b.to}
                    </td>
                    <td>
                      <strong>{b.title}</strong>
                      {b.description ? <div className="pre-line">{b.description}</div> : null}
                    </td>
                    <td>{b.trainer ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      <footer className="programme-doc-footer">
        <p>
          <strong>{t('attendance.print.organiser')}:</strong> {header.organiserName}
        </p>
        {contacts.length ? <p>{contacts.join(' · ')}</p> : null}
      </footer>
    </article>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = translate(locale, 'attendance.programme.title')
  return [{ title: `${data ? `${title}: ${data.event.title}` : title} · ${translate(locale, 'app.name')}` }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
