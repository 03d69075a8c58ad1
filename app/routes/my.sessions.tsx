import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getPersonRecord } from '#app/models/attendance.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { isValidTimeZone } from '#app/utils/time.ts'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1)

/** The signed-in person's own record: sessions up to the end of their today, newest first. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const page = PageSchema.parse(new URL(args.request.url).searchParams.get('page') ?? 1)
  const zone = isValidTimeZone(user.timeZone) ? user.timeZone : 'Europe/Moscow'
  const until = DateTime.now().setZone(zone).endOf('day').toJSDate()
  const record = await getPersonRecord(user.id, until, page)
  return { ...record, page }
}

export default function MySessions() {
  const { rows, totals, page, pages } = useLoaderData<typeof loader>()
  const { t, locale, dateTime, number } = useI18n()
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('attendance.my.title')}</h1>
        <Link to="/check-in" className="button">
          {t('attendance.checkIn.title')}
        </Link>
      </div>
      <p className="muted">{t('attendance.my.intro')}</p>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title" className="visually-hidden">
          {t('attendance.countsTitle')}
        </h2>
        <dl className="stats">
          <div className="stat">
            <dt className="stat-label">{t('attendance.my.total')}</dt>
            <dd className="stat-value">{number(totals.total)}</dd>
          </div>
          <div className="stat">
            <dt className="stat-label">{t('attendance.my.attended')}</dt>
            <dd className="stat-value">{number(totals.attended)}</dd>
          </div>
          {(['late', 'absent', 'excused', 'unmarked'] as const).map((key) => (
            <div className="stat" key={key}>
              <dt className="stat-label">{t(`attendance.my.${key}`)}</dt>
              <dd className="stat-value">{number(totals[key])}</dd>
            </div>
          ))}
        </dl>
      </section>

      {rows.length === 0 ? (
        <p className="card muted">{t('attendance.my.empty')}</p>
      ) : (
        <section>
          <h2 id="record-title">{t('attendance.my.listTitle')}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="record-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('attendance.col.event')}</th>
                  <th scope="col">{t('attendance.col.mark')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.eventId}>
                    <th scope="row">
                      <Link to={`/events/${r.eventId}`}>{r.title}</Link>
                      <div className="muted">
                        {dateTime(r.startsAt, r.timeZone)} ({zoneCity(r.timeZone, locale)})
                      </div>
                    </th>
                    <td>
                      <span className={`badge mark-badge mark-${r.status ?? 'none'}`}>
                        {t(`attendance.status.${r.status ?? 'none'}`)}
                      </span>
                      {r.selfCheckIn ? <div className="muted">{t('attendance.selfCheckIn')}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <Pagination page={page} pages={pages} path="/my/sessions" label={t('attendance.pagination')} />
    </div>
  )
}


export const meta = titleMeta('attendance.my.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
