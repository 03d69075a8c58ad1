import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import {
  eventAudienceCentres,
  events,
  organisations,
  programmeCentres,
  programmes,
  registrations,
} from '#db/schema/index.ts'
import { EventTime } from '#app/components/event-time.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { EVENTS_PAGE_SIZE, MAX_EVENT_DAYS } from '#app/models/event-form.server.ts'
import { EVENT_KINDS, visibleEventsCondition } from '#app/models/event.server.ts'
import { visibleProgrammesCondition } from '#app/models/programme.server.ts'
import { requireUser, type CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

/** The list's query string; anything malformed falls back to "no filter" rather than an error page. */
const EventListQuerySchema = z.object({
  when: z.enum(['upcoming', 'past']).catch('upcoming'),
  programme: z.uuid().optional().catch(undefined),
  kind: z.enum(EVENT_KINDS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

function parseQuery(url: URL) {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['when', 'programme', 'kind', 'page']) raw[key] = url.searchParams.get(key)?.trim() || undefined
  return EventListQuerySchema.parse(raw)
}

/**
 * A cheap superset of the events a person may see, as plain lists the planner can answer from the
 * (programme, start) and (organiser, start) indexes: their organisations' events, their managed programmes,
 * the programmes their centres take part in, and the events whose audience names one of their centres.
 * visibleEventsCondition stays the rule; this only saves reading every upcoming event of the country to
 * count a centre's few hundred (null: no restriction needed, for administrators).
 */
async function candidateEvents(user: CurrentUser, when: SQL | undefined): Promise<SQL | null> {
  if (user.isAdmin) return null
  const myOrgs = user.memberships.map((m) => m.organisationId)
  const myCentres = user.memberships.filter((m) => m.kind === 'centre').map((m) => m.organisationId)
  const [programmeRows, audienceRows] = myCentres.length
    ? await Promise.all([
        db
          .select({ id: programmeCentres.programmeId })
          .from(programmeCentres)
          .where(inArray(programmeCentres.organisationId, myCentres)),
        db
          .selectDistinct({ id: eventAudienceCentres.eventId })
          .from(eventAudienceCentres)
          .innerJoin(events, eq(events.id, eventAudienceCentres.eventId))
          .where(and(inArray(eventAudienceCentres.organisationId, myCentres), when)),
      ])
    : [[], []]
  const programmeIds = [...new Set([...user.managedProgrammeIds, ...programmeRows.map((r) => r.id)])]
  const parts: SQL[] = []
  if (myOrgs.length) parts.push(inArray(events.organiserId, myOrgs))
  if (programmeIds.length) parts.push(inArray(events.programmeId, programmeIds))
  if (audienceRows.length)
    parts.push(
      inArray(
        events.id,
        audienceRows.map((r) => r.id),
      ),
    )
  return parts.length ? (or(...parts) ?? sql`false`) : sql`false`
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const query = parseQuery(new URL(args.request.url))
  const now = new Date()
  const when =
    query.when === 'upcoming'
      ? // Not ended yet. The lower bound on the start (no event lasts longer than MAX_EVENT_DAYS) lets the
        // start-time index narrow the scan instead of reading every event ever held.
        and(
          gte(events.endsAt, now),
          gt(events.startsAt, new Date(now.getTime() - (MAX_EVENT_DAYS + 1) * 24 * 3600_000)),
        )
      : lt(events.endsAt, now)
  const candidates = await candidateEvents(user, when)
  const conditions: (SQL | undefined)[] = [visibleEventsCondition(user), candidates ?? undefined, when]
  if (query.programme) conditions.push(eq(events.programmeId, query.programme))
  if (query.kind) conditions.push(eq(events.kind, query.kind))
  const where = and(...conditions)
  const order =
    query.when === 'upcoming' ? [asc(events.startsAt), asc(events.id)] : [desc(events.startsAt), desc(events.id)]

  const host = alias(organisations, 'host')
  const programmeWhere = visibleProgrammesCondition(user)
  const [rows, [counted], programmeOptions] = await Promise.all([
    db
      .select({
        id: events.id,
        title: events.title,
        kind: events.kind,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        timeZone: events.timeZone,
        status: events.status,
        capacity: events.capacity,
        address: events.address,
        online: sql<boolean>`${events.onlineUrl} is not null`,
        programmeName: programmes.name,
        hostName: sql<string | null>`coalesce(${host.shortName}, ${host.name})`,
        hostCity: host.city,
        myStatus: registrations.status,
        registered: sql<number>`(select count(*)::int from ${registrations} r where r.event_id = ${events.id} and r.status = 'registered')`,
        waitlisted: sql<number>`(select count(*)::int from ${registrations} r where r.event_id = ${events.id} and r.status = 'waitlisted')`,
      })
      .from(events)
      .innerJoin(programmes, eq(programmes.id, events.programmeId))
      .leftJoin(host, eq(host.id, events.hostId))
      .leftJoin(registrations, and(eq(registrations.eventId, events.id), eq(registrations.userId, user.id)))
      .where(where)
      .orderBy(...order)
      .limit(EVENTS_PAGE_SIZE)
      .offset((query.page - 1) * EVENTS_PAGE_SIZE),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(events)
      .where(where),
    programmeWhere === null
      ? Promise.resolve([])
      : db
          .select({ id: programmes.id, name: programmes.name })
          .from(programmes)
          .where(programmeWhere)
          .orderBy(asc(programmes.name)),
  ])
  const total = counted?.total ?? 0
  return {
    events: rows.map(({ myStatus, ...row }) => ({
      ...row,
      myStatus: myStatus === 'registered' || myStatus === 'waitlisted' ? myStatus : null,
    })),
    total,
    pages: Math.max(1, Math.ceil(total / EVENTS_PAGE_SIZE)),
    query: { when: query.when, programme: query.programme ?? '', kind: query.kind ?? '', page: query.page },
    programmes: programmeOptions,
    kinds: EVENT_KINDS,
    canSchedule: user.isAdmin || mentorOrganisationIds(user).length > 0,
  }
}

type Query = { when: 'upcoming' | 'past'; programme: string; kind: string; page: number }

function listHref(query: Query, changes: Partial<Query>) {
  const next = { ...query, ...changes }
  const params = new URLSearchParams()
  if (next.when === 'past') params.set('when', 'past')
  if (next.programme) params.set('programme', next.programme)
  if (next.kind) params.set('kind', next.kind)
  if (next.page > 1) params.set('page', String(next.page))
  const search = params.toString()
  return search ? `/events?${search}` : '/events'
}

export default function EventsIndex() {
  const data = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const { query } = data
  const filtered = Boolean(query.programme || query.kind)
  const past = query.when === 'past'
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t(past ? 'schedule.pastTitle' : 'schedule.title')}</h1>
        <div className="row">
          <Link to="/check-in" className="button button-quiet">
            {t('schedule.checkInLink')}
          </Link>
          <Link to="/my/sessions" className="button button-quiet">
            {t('schedule.mySessionsLink')}
          </Link>
          {data.canSchedule ? (
            <Link to="/events/new" className="button">
              {t('schedule.new')}
            </Link>
          ) : null}
        </div>
      </div>

      <nav aria-label={t('schedule.tabs')}>
        <ul className="row list-plain" role="list">
          <li>
            <Link to={listHref(query, { when: 'upcoming', page: 1 })} aria-current={past ? undefined : 'page'}>
              {t('schedule.tab.upcoming')}
            </Link>
          </li>
          <li>
            <Link to={listHref(query, { when: 'past', page: 1 })} aria-current={past ? 'page' : undefined}>
              {t('schedule.tab.past')}
            </Link>
          </li>
        </ul>
      </nav>

      <FilterBar
        label={t('schedule.filtersLabel')}
        hidden={{ when: past ? 'past' : null }}
        selects={[
          {
            name: 'programme',
            label: t('schedule.filter.programme'),
            placeholder: t('schedule.filter.anyProgramme'),
            value: query.programme,
            options: data.programmes.map((p) => ({ value: p.id, label: p.name })),
          },
          {
            name: 'kind',
            label: t('schedule.filter.kind'),
            placeholder: t('schedule.filter.anyKind'),
            value: query.kind,
            options: data.kinds.map((k) => ({ value: k, label: t(`schedule.kind.${k}`) })),
          },
        ]}
        submitLabel={t('schedule.filter.apply')}
        filtered={filtered}
        resetTo={listHref(query, { programme: '', kind: '', page: 1 })}
        resetLabel={t('schedule.filter.reset')}
      />

      {data.events.length === 0 ? (
        <p className="card muted">
          {filtered ? t('schedule.emptyFiltered') : past ? t('schedule.emptyPast') : t('schedule.empty')}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('schedule.results', { count: data.total })}
          </p>
          {/* A list rather than a table: each event reads top to bottom on a phone. */}
          <ul className="list-plain card" role="list">
            {data.events.map((e) => {
              const cancelled = e.status === 'cancelled'
              const left = e.capacity === null ? null : Math.max(0, e.capacity - e.registered)
              return (
                <li key={e.id}>
                  <p className="row">
                    <Link to={`/events/${e.id}`}>
                      <strong>{cancelled ? <s>{e.title}</s> : e.title}</strong>
                    </Link>
                    <span className="badge">{t(`schedule.kind.${e.kind}`)}</span>
                    {cancelled ? <span className="badge badge-accent">{t('schedule.cancelled')}</span> : null}
                    {!cancelled && e.myStatus ? (
                      <span className="badge badge-accent">
                        {t(e.myStatus === 'registered' ? 'schedule.my.registered' : 'schedule.my.waitlisted')}
                      </span>
                    ) : null}
                  </p>
                  <div>
                    <EventTime startsAt={e.startsAt} timeZone={e.timeZone} weekday />
                  </div>
                  <div className="muted">
                    {placeOf(e, t)} · {e.programmeName}
                  </div>
                  {!cancelled && !past ? (
                    <div className="muted">
                      {left === null
                        ? t('schedule.noLimit')
                        : left > 0
                          ? t('schedule.placesLeft', { count: left })
                          : t('schedule.full')}
                      {e.waitlisted ? ` · ${t('schedule.waiting', { count: e.waitlisted })}` : null}
                    </div>
                  ) : null}
                </li>
              )
            })}
          </ul>
        </>
      )}
      <Pagination
        page={query.page}
        pages={data.pages}
        path="/events"
        params={{ when: query.when === 'past' ? 'past' : null, programme: query.programme, kind: query.kind }}
        label={t('schedule.pagination')}
      />
    </div>
  )
}

function placeOf(
  e: { hostName: string | null; hostCity: string | null; address: string | null; online: boolean },
  t: (key: string) => string,
) {
  if (e.hostName) return `${e.hostName}, ${e.hostCity ?? ''}`.replace(/, $/, '')
  if (e.address) return e.address
  if (e.online) return t('schedule.online')
  return t('common.none')
}

export const meta = titleMeta('schedule.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
