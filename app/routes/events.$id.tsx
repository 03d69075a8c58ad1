import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { events, organisations, registrations, users } from '#db/schema/index.ts'
import { EventTime } from '#app/components/event-time.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { eventIdFrom, REGISTRATIONS_SHOWN } from '#app/models/event-form.server.ts'
import {
  EventRuleError,
  notifyAboutEvent,
  registerForEvent,
  requireEventAccess,
  unregisterFromEvent,
  visibleEventsCondition,
} from '#app/models/event.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure } from '#app/utils/forms.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = eventIdFrom(args.params)
  const access = await requireEventAccess(user, id)
  const { event, canManage, audienceCentreIds } = access
  const host = alias(organisations, 'host')
  const regCentre = alias(organisations, 'reg_centre')

  // One row: host, the person's own registration and the counts.
  const [summary] = await db
    .select({
      hostName: sql<string | null>`coalesce(${host.shortName}, ${host.name})`,
      hostCity: host.city,
      myStatus: registrations.status,
      registered: sql<number>`(select count(*)::int from ${registrations} r where r.event_id = ${events.id} and r.status = 'registered')`,
      waitlisted: sql<number>`(select count(*)::int from ${registrations} r where r.event_id = ${events.id} and r.status = 'waitlisted')`,
      seriesTotal: sql<number | null>`case when ${events.seriesId} is null then null else (select count(*)::int from ${events} s where s.series_id = ${events.seriesId}) end`,
      lesson: sql<{ title: string; lessonSlug: string; courseSlug: string } | null>`(
        select json_build_object('title', l.title, 'lessonSlug', l.slug, 'courseSlug', c.slug)
        from lessons l join courses c on c.id = l.course_id
        where l.id = ${events.lessonId} and c.status = 'published')`,
    })
    .from(events)
    .leftJoin(host, eq(host.id, events.hostId))
    .leftJoin(registrations, and(eq(registrations.eventId, events.id), eq(registrations.userId, user.id)))
    .where(eq(events.id, id))

  const [series, people, centres] = await Promise.all([
    // The other sessions of the series the person may see, for moving between them.
    event.seriesId
      ? db
          .select({ id: events.id, startsAt: events.startsAt, status: events.status, index: events.seriesIndex })
          .from(events)
          .where(and(eq(events.seriesId, event.seriesId), visibleEventsCondition(user)))
          .orderBy(asc(events.seriesIndex))
      : Promise.resolve([]),
    canManage
      ? db
          .select({
            id: registrations.id,
            name: users.name,
            email: users.email,
            centre: sql<string | null>`coalesce(${regCentre.shortName}, ${regCentre.name})`,
            status: registrations.status,
            createdAt: registrations.createdAt,
          })
          .from(registrations)
          .innerJoin(users, eq(users.id, registrations.userId))
          .leftJoin(regCentre, eq(regCentre.id, registrations.organisationId))
          .where(and(eq(registrations.eventId, id), inArray(registrations.status, ['registered', 'waitlisted'])))
          .orderBy(desc(sql`${registrations.status} = 'registered'`), asc(registrations.createdAt), asc(registrations.id))
          .limit(REGISTRATIONS_SHOWN)
      : Promise.resolve([]),
    audienceCentreIds.length > 1
      ? db
          .select({ id: organisations.id, name: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})` })
          .from(organisations)
          .where(inArray(organisations.id, audienceCentreIds))
          .orderBy(asc(organisations.name))
      : Promise.resolve([]),
  ])

  const myStatus = summary?.myStatus === 'registered' || summary?.myStatus === 'waitlisted' ? summary.myStatus : null
  const now = Date.now()
  return {
    event: {
      id: event.id,
      kind: event.kind,
      title: event.title,
      descriptionHtml: event.descriptionHtml,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
      address: event.address,
      // The link to join is for those who have a place, and for the organisers.
      onlineUrl: canManage || myStatus === 'registered' ? event.onlineUrl : null,
      hasOnlineUrl: Boolean(event.onlineUrl),
      capacity: event.capacity,
      status: event.status,
      programmeId: event.programmeId,
      seriesIndex: event.seriesIndex,
      past: event.endsAt.getTime() < now,
    },
    programmeName: access.programmeName,
    organiserName: access.organiserName,
    host: summary?.hostName ? { name: summary.hostName, city: summary.hostCity } : null,
    lesson: summary?.lesson ?? null,
    registered: summary?.registered ?? 0,
    waitlisted: summary?.waitlisted ?? 0,
    seriesTotal: summary?.seriesTotal ?? null,
    series,
    myStatus,
    mayRegister: audienceCentreIds.length > 0,
    registerAs: centres,
    canManage,
    registrations: people,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = eventIdFrom(args.params)
  const { audienceCentreIds } = await requireEventAccess(user, id)
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const fail = (status: number, key: string) => data(formFailure(formData, { '': [key] }), { status })

  try {
    if (intent === 'register') {
      if (!audienceCentreIds.length) return fail(403, 'schedule.error.notInAudience')
      const asked = formData.get('organisationId')
      const organisationId =
        typeof asked === 'string' && audienceCentreIds.includes(asked) ? asked : audienceCentreIds[0]!
      const status = await db.transaction(async (tx) => {
        const result = await registerForEvent(tx, { eventId: id, userId: user.id, organisationId })
        await notifyAboutEvent(tx, id, [user.id], result)
        return result
      })
      return redirectWithFlash(`/events/${id}`, `schedule.flash.${status}`)
    }
    if (intent === 'unregister') {
      await db.transaction(async (tx) => {
        const promoted = await unregisterFromEvent(tx, { eventId: id, userId: user.id })
        await notifyAboutEvent(tx, id, [user.id], 'unregistered')
        await notifyAboutEvent(tx, id, promoted, 'promoted')
      })
      return redirectWithFlash(`/events/${id}`, 'schedule.flash.unregistered')
    }
  } catch (error) {
    if (error instanceof EventRuleError) return fail(error.status, error.key)
    throw error
  }
  return fail(400, 'errors.badRequest')
}

export default function EventPage() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t, date } = useI18n()
  const { event } = d
  const cancelled = event.status === 'cancelled'
  const placesLeft = event.capacity === null ? null : Math.max(0, event.capacity - d.registered)
  return (
    <div className="stack">
      <p>
        <Link to="/events">← {t('schedule.back')}</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="row">
            <span className="badge">{t(`schedule.kind.${event.kind}`)}</span>
            {cancelled ? <span className="badge badge-accent">{t('schedule.cancelled')}</span> : null}
          </p>
          <h1>{cancelled ? <s>{event.title}</s> : event.title}</h1>
        </div>
      </div>

      {cancelled ? (
        <p className="alert alert-error" role="status">
          {t('schedule.detail.cancelledNotice')}
        </p>
      ) : event.past ? (
        <p className="alert alert-warn">{t('schedule.detail.pastNotice')}</p>
      ) : null}
      <FormErrors errors={failure?.errors} />

      <section className="card" aria-label={t('schedule.detail.when')}>
        <dl className="details">
          <dt>{t('schedule.detail.when')}</dt>
          <dd>
            <EventTime startsAt={event.startsAt} endsAt={event.endsAt} timeZone={event.timeZone} weekday />
          </dd>
          <dt>{t('schedule.detail.place')}</dt>
          <dd>
            {d.host ? (
              <>
                {d.host.name}
                <span className="muted"> · {d.host.city}</span>
                <br />
              </>
            ) : null}
            {event.address ? (
              <>
                {event.address}
                <br />
              </>
            ) : null}
            {event.onlineUrl ? (
              // The address itself can be long enough to break a phone's layout; the link carries it.
              <a href={event.onlineUrl} rel="noopener noreferrer" target="_blank">
                {t('schedule.detail.onlineLink')}
              </a>
            ) : event.hasOnlineUrl ? (
              <span className="muted">
                {t('schedule.online')} — {t('schedule.detail.onlineLinkHidden')}
              </span>
            ) : null}
            {!d.host && !event.address && !event.hasOnlineUrl ? t('common.none') : null}
          </dd>
          <dt>{t('schedule.detail.programme')}</dt>
          <dd>
            <Link to={`/programmes/${event.programmeId}`}>{d.programmeName}</Link>
          </dd>
          <dt>{t('schedule.detail.organiser')}</dt>
          <dd>{d.organiserName}</dd>
          {d.lesson ? (
            <>
              <dt>{t('schedule.detail.lesson')}</dt>
              <dd>
                <Link to={`/courses/${d.lesson.courseSlug}/${d.lesson.lessonSlug}`}>{d.lesson.title}</Link>
              </dd>
            </>
          ) : null}
          {event.kind === 'field_session' ? (
            <>
              <dt>{t('schedule.manage.programme')}</dt>
              <dd>
                <Link to={`/events/${event.id}/programme`}>{t('schedule.openProgramme')}</Link>
              </dd>
            </>
          ) : null}
          <dt>{t('schedule.detail.places')}</dt>
          <dd>
            {event.capacity === null ? (
              t('schedule.noLimit')
            ) : (
              <>
                {t('schedule.detail.capacity', { count: event.capacity })} ·{' '}
                {placesLeft ? t('schedule.placesLeft', { count: placesLeft }) : t('schedule.full')}
              </>
            )}
            <br />
            <span className="muted">
              {t('schedule.detail.registered', { count: d.registered })}
              {d.waitlisted ? ` · ${t('schedule.waiting', { count: d.waitlisted })}` : null}
            </span>
          </dd>
          {d.seriesTotal && event.seriesIndex !== null ? (
            <>
              <dt>{t('schedule.detail.series')}</dt>
              <dd>{t('schedule.detail.seriesPosition', { index: event.seriesIndex + 1, total: d.seriesTotal })}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <RegistrationPanel
        status={d.myStatus}
        mayRegister={d.mayRegister}
        open={!cancelled && !event.past}
        full={placesLeft === 0}
        registerAs={d.registerAs}
      />

      {event.descriptionHtml ? (
        <section className="card" aria-labelledby="description-title">
          <h2 id="description-title">{t('schedule.detail.description')}</h2>
          {/* Sanitised when it was saved (see rich-text.server.ts). */}
          <div className="prose" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />
        </section>
      ) : null}

      {d.series.length > 1 ? (
        <section aria-labelledby="series-title">
          <h2 id="series-title">{t('schedule.detail.seriesOthers')}</h2>
          <ol className="card">
            {d.series.map((s) => (
              <li key={s.id}>
                {s.id === event.id ? (
                  <strong aria-current="page">
                    {date(s.startsAt, event.timeZone)} ({t('schedule.detail.thisOne')})
                  </strong>
                ) : (
                  <Link to={`/events/${s.id}`}>
                    {s.status === 'cancelled' ? <s>{date(s.startsAt, event.timeZone)}</s> : date(s.startsAt, event.timeZone)}
                  </Link>
                )}
                {s.status === 'cancelled' ? <span className="badge badge-accent">{t('schedule.cancelled')}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {d.canManage ? <ManagePanel eventId={event.id} cancelled={cancelled} registrations={d.registrations} total={d.registered + d.waitlisted} /> : null}
    </div>
  )
}

function RegistrationPanel({
  status,
  mayRegister,
  open,
  full,
  registerAs,
}: {
  status: 'registered' | 'waitlisted' | null
  mayRegister: boolean
  open: boolean
  full: boolean
  registerAs: { id: string; name: string }[]
}) {
  const { t } = useI18n()
  if (!status && !mayRegister) return null
  if (!status && !open) return null
  return (
    <section className="card" aria-label={t('schedule.action.register')}>
      {status ? (
        <Form method="post" className="row">
          <p>
            <span className="badge badge-accent">
              {t(status === 'registered' ? 'schedule.my.registered' : 'schedule.my.waitlisted')}
            </span>{' '}
            {t(status === 'registered' ? 'schedule.detail.youRegistered' : 'schedule.detail.youWaitlisted')}
          </p>
          {open ? (
            <StatusButton intent="unregister" className="button-quiet">
              {t(status === 'registered' ? 'schedule.action.unregister' : 'schedule.action.leaveWaitlist')}
            </StatusButton>
          ) : null}
        </Form>
      ) : (
        <Form method="post" className="row">
          {registerAs.length > 1 ? (
            <SelectField
              label={t('schedule.detail.registerAs')}
              name="organisationId"
              options={registerAs.map((c) => ({ value: c.id, label: c.name }))}
            />
          ) : null}
          <StatusButton intent="register">
            {t(full ? 'schedule.action.joinWaitlist' : 'schedule.action.register')}
          </StatusButton>
        </Form>
      )}
    </section>
  )
}

function ManagePanel({
  eventId,
  cancelled,
  registrations,
  total,
}: {
  eventId: string
  cancelled: boolean
  registrations: { id: string; name: string; email: string; centre: string | null; status: string; createdAt: Date }[]
  total: number
}) {
  const { t, dateTime } = useI18n()
  return (
    <section className="card" aria-labelledby="manage-title">
      <h2 id="manage-title">{t('schedule.manage.title')}</h2>
      <p className="row">
        {!cancelled ? (
          <>
            <Link to={`/events/${eventId}/edit`} className="button">
              {t('schedule.manage.edit')}
            </Link>
            <Link to={`/events/${eventId}/edit#cancel-title`} className="button button-quiet">
              {t('schedule.manage.cancel')}
            </Link>
          </>
        ) : null}
        <Link to={`/events/${eventId}/attendance`}>{t('schedule.manage.attendance')}</Link>
        <Link to={`/events/${eventId}/programme`}>{t('schedule.manage.programme')}</Link>
      </p>
      <h3 id="registrations-title">{t('schedule.manage.registrations')}</h3>
      {registrations.length ? (
        <>
          {total > registrations.length ? (
            <p className="muted">{t('schedule.manage.moreRegistrations', { shown: registrations.length, count: total })}</p>
          ) : null}
          <div className="table-wrap">
            <table aria-labelledby="registrations-title">
              <thead>
                <tr>
                  <th scope="col">{t('schedule.reg.name')}</th>
                  <th scope="col">{t('schedule.reg.centre')}</th>
                  <th scope="col">{t('schedule.reg.status')}</th>
                  <th scope="col">{t('schedule.reg.at')}</th>
                </tr>
              </thead>
              <tbody>
                {registrations.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.name}
                      <div className="muted">{r.email}</div>
                    </th>
                    <td>{r.centre ?? t('common.none')}</td>
                    <td>{t(r.status === 'registered' ? 'schedule.reg.registered' : 'schedule.reg.waitlisted')}</td>
                    <td>{dateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="muted">{t('schedule.manage.noRegistrations')}</p>
      )}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.event.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
