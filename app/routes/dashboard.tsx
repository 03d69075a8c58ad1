import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import {
  auditLog,
  memberships,
  organisations,
  programmeCentres,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { mentorLinks } from '#app/utils/mentor-reach.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

const centreCount = sql<number>`(select count(*)::int from ${programmeCentres} pc where pc.programme_id = ${programmes.id})`

function programmeList(where: ReturnType<typeof inArray>) {
  return db
    .select({
      id: programmes.id,
      name: programmes.name,
      funder: programmes.funder,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      centres: centreCount,
    })
    .from(programmes)
    .where(where)
    .orderBy(desc(programmes.startsOn))
}

/**
 * The centres the mentor organisations accompany — through a programme they run or an active mentorship —
 * each once, with the programme of its newest link (a mentorship's programme before a programme's own on a tie).
 */
function mentoredCentres(mentorOrgs: string[]) {
  const links = mentorLinks({ mentorOrganisationIds: mentorOrgs })
  return db
    .selectDistinctOn([organisations.id], {
      id: organisations.id,
      name: organisations.name,
      shortName: organisations.shortName,
      city: organisations.city,
      region: regions.nameRu,
      regionEn: regions.nameEn,
      timeZone: regions.timeZone,
      programme: programmes.name,
      people: sql<number>`(select count(*)::int from ${memberships} m where m.organisation_id = ${organisations.id})`,
    })
    .from(links)
    .innerJoin(programmes, eq(programmes.id, links.programmeId))
    .innerJoin(organisations, eq(organisations.id, links.centreId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .orderBy(
      asc(organisations.id),
      desc(programmes.startsOn),
      sql`${links.through} = 'mentorship' desc`,
      asc(programmes.id),
    )
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const mentorOrgs = mentorOrganisationIds(user)
  const centreOrgs = user.memberships.filter((m) => m.kind === 'centre').map((m) => m.organisationId)

  const [admin, managed, mentored, ownCentres] = await Promise.all([
    user.isAdmin
      ? Promise.all([
          db
            .select({
              centres: sql<number>`count(*) filter (where ${organisations.kind} = 'centre')::int`,
              mentors: sql<number>`count(*) filter (where ${organisations.kind} = 'mentor')::int`,
              people: sql<number>`(select count(*)::int from ${users})`,
              programmes: sql<number>`(select count(*)::int from ${programmes})`,
            })
            .from(organisations),
          db
            .select({
              id: auditLog.id,
              action: auditLog.action,
              createdAt: auditLog.createdAt,
              actor: users.name,
              entityType: auditLog.entityType,
            })
            .from(auditLog)
            .leftJoin(users, eq(users.id, auditLog.actorId))
            .orderBy(desc(auditLog.id))
            .limit(6),
        ]).then(([[stats], recent]) => ({ stats: stats!, recent }))
      : null,
    user.managedProgrammeIds.length ? programmeList(inArray(programmes.id, user.managedProgrammeIds)) : [],
    mentorOrgs.length ? mentoredCentres(mentorOrgs) : [],
    centreOrgs.length
      ? db
          .select({
            id: organisations.id,
            name: organisations.name,
            city: organisations.city,
            region: regions.nameRu,
            regionEn: regions.nameEn,
            programmes: sql<{ id: string; name: string }[]>`coalesce((
              select json_agg(json_build_object('id', p.id, 'name', p.name) order by p.starts_on desc)
              from ${programmeCentres} pc join ${programmes} p on p.id = pc.programme_id
              where pc.organisation_id = ${organisations.id}), '[]'::json)`,
          })
          .from(organisations)
          .innerJoin(regions, eq(regions.code, organisations.regionCode))
          .where(and(inArray(organisations.id, centreOrgs)))
      : [],
  ])
  const mentorOrgNames = user.memberships.filter((m) => mentorOrgs.includes(m.organisationId))
  return {
    name: user.name,
    admin,
    managed,
    mentored: [...mentored].sort((a, b) => a.name.localeCompare(b.name, 'ru')),
    mentorOrgNames,
    ownCentres,
  }
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
  const { t, locale, number, dateTime } = useI18n()
  const regionName = (r: { region: string; regionEn: string }) => (locale === 'ru' ? r.region : r.regionEn)
  const nothing = !data.admin && !data.managed.length && !data.mentored.length && !data.ownCentres.length
  return (
    <div className="stack">
      <h1>{t('dashboard.greeting', { name: data.name })}</h1>

      {data.admin ? (
        <section aria-labelledby="admin-title">
          <h2 id="admin-title">{t('dashboard.adminTitle')}</h2>
          <div className="stats">
            <Stat value={number(data.admin.stats.centres)} label={t('dashboard.statCentres')} to="/organisations?kind=centre" />
            <Stat value={number(data.admin.stats.mentors)} label={t('dashboard.statMentors')} to="/organisations?kind=mentor" />
            <Stat value={number(data.admin.stats.programmes)} label={t('dashboard.statProgrammes')} to="/programmes" />
            <Stat value={number(data.admin.stats.people)} label={t('dashboard.statPeople')} to="/admin/people" />
          </div>
          <div className="row">
            <Link className="button" to="/organisations/new">
              {t('dashboard.newOrganisation')}
            </Link>
            <Link className="button button-quiet" to="/programmes/new">
              {t('dashboard.newProgramme')}
            </Link>
          </div>
          {data.admin.recent.length ? (
            <>
              <h3>{t('dashboard.recentChanges')}</h3>
              <ul className="list-plain" role="list">
                {data.admin.recent.map((entry) => (
                  <li key={entry.id}>
                    <span className="muted">{dateTime(entry.createdAt)}</span> · {entry.actor ?? t('common.none')} ·{' '}
                    {t(`audit.${entry.action}`)}
                  </li>
                ))}
              </ul>
              <Link to="/admin/audit">{t('nav.audit')}</Link>
            </>
          ) : null}
        </section>
      ) : null}

      {data.managed.length ? (
        <section aria-labelledby="managed-title">
          <h2 id="managed-title">{t('dashboard.managedTitle')}</h2>
          <ProgrammeCards programmes={data.managed} />
        </section>
      ) : null}

      {data.mentorOrgNames.length ? (
        <section aria-labelledby="mentored-title">
          <h2 id="mentored-title">{t('dashboard.mentoredTitle')}</h2>
          {data.mentored.length ? (
            <ul className="grid" role="list">
              {data.mentored.map((centre) => (
                <li key={centre.id} className="card">
                  <h3>
                    <Link to={`/organisations/${centre.id}`}>{centre.shortName ?? centre.name}</Link>
                  </h3>
                  <p className="muted">
                    {centre.city}, {regionName(centre)}
                  </p>
                  <p>{t('dashboard.people', { count: centre.people })}</p>
                  <p className="muted">{centre.programme}</p>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('dashboard.noMentored')}</p>
          )}
        </section>
      ) : null}

      {data.ownCentres.length ? (
        <section aria-labelledby="own-title">
          <h2 id="own-title">{t('dashboard.ownTitle')}</h2>
          <ul className="grid" role="list">
            {data.ownCentres.map((centre) => (
              <li key={centre.id} className="card">
                <h3>
                  <Link to={`/organisations/${centre.id}`}>{centre.name}</Link>
                </h3>
                <p className="muted">
                  {centre.city}, {regionName(centre)}
                </p>
                {centre.programmes.length ? (
                  <p>
                    {t('dashboard.inProgramme')}{' '}
                    {centre.programmes.map((p, i) => (
                      <span key={p.id}>
                        {i > 0 ? ', ' : null}
                        <Link to={`/programmes/${p.id}`}>{p.name}</Link>
                      </span>
                    ))}
                  </p>
                ) : (
                  <p className="muted">{t('dashboard.noProgramme')}</p>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {nothing ? <p className="alert alert-warn">{t('dashboard.nothing')}</p> : null}
    </div>
  )
}

function Stat({ value, label, to }: { value: string; label: string; to: string }) {
  return (
    <Link to={to} className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </Link>
  )
}

type ProgrammeCard = { id: string; name: string; funder: string; startsOn: string; endsOn: string; centres: number }

export function ProgrammeCards({ programmes }: { programmes: ProgrammeCard[] }) {
  const { t, calendarDate } = useI18n()
  return (
    <ul className="grid" role="list">
      {programmes.map((p) => (
        <li key={p.id} className="card">
          <h3>
            <Link to={`/programmes/${p.id}`}>{p.name}</Link>
          </h3>
          <p className="muted">{p.funder}</p>
          <p>
            {calendarDate(p.startsOn)} — {calendarDate(p.endsOn)}
          </p>
          <p>{t('dashboard.centres', { count: p.centres })}</p>
        </li>
      ))}
    </ul>
  )
}

export const meta = titleMeta('nav.dashboard')
