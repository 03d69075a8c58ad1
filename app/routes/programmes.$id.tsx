import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getProgrammeDetail, programmeIdFrom } from '#app/models/programme.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { requireProgrammeAccess } from '#app/utils/permissions.server.ts'
import { utcOffsetLabel } from '#app/utils/time.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  const relation = await requireProgrammeAccess(user, id, 'view')
  const programme = await getProgrammeDetail(id)
  if (!programme) notFound()

  const myOrgs = new Set(user.memberships.map((m) => m.organisationId))
  const seesAllCentres = relation === 'admin' || relation === 'manager' || relation === 'mentor'
  // Centre staff see who manages the programme, but not their addresses.
  const showEmails = relation !== 'participant'
  return {
    programme: {
      id: programme.id,
      name: programme.name,
      funder: programme.funder,
      competition: programme.competition,
      grantNumber: programme.grantNumber,
      amount: programme.amount,
      coFinancing: programme.coFinancing,
      startsOn: programme.startsOn,
      endsOn: programme.endsOn,
      description: programme.description,
    },
    mentor: {
      ...programme.mentor,
      linked: relation === 'admin' || relation === 'manager' || myOrgs.has(programme.mentor.id),
    },
    centres: programme.centres.map((c) => ({
      ...c,
      offset: utcOffsetLabel(c.timeZone),
      linked: seesAllCentres || myOrgs.has(c.id),
    })),
    managers: programme.managers.map((m) => (showEmails ? m : { id: m.id, name: m.name })),
    canManage: relation === 'admin' || relation === 'manager',
    // Grant outcomes: the dashboard for those who run the programme, each centre's own contribution for its people.
    outcomes: { dashboard: seesAllCentres, centreIds: programme.centres.filter((c) => myOrgs.has(c.id)).map((c) => c.id) },
    canSeeMentorships: seesAllCentres,
  }
}

export default function ProgrammePage() {
  const { programme, mentor, centres, managers, canManage, canSeeMentorships } = useLoaderData<typeof loader>()
  const { outcomes } = useLoaderData<typeof loader>()
  const { t, locale, money, calendarDate } = useI18n()
  const regionCount = new Set(centres.map((c) => c.regionCode)).size
  return (
    <div className="stack">
      <p>
        <Link to="/programmes">← {t('programmes.back')}</Link>
      </p>
      <div className="page-header">
        <h1>{programme.name}</h1>
        {canSeeMentorships ? (
          <Link to={`/programmes/${programme.id}/mentorships`} className="button button-quiet">
            {t('mentorships.programmeLink')}
          </Link>
        ) : null}
        {canManage ? (
          <Link to={`/programmes/${programme.id}/edit`} className="button">
            {t('programmes.edit')}
          </Link>
        ) : null}
      </div>

      {outcomes.dashboard || outcomes.centreIds.length ? (
        <p className="row">
          {outcomes.dashboard ? <Link to={`/programmes/${programme.id}/outcomes`}>{t('reporting.dashboard.link')}</Link> : null}
          {outcomes.dashboard ? <Link to={`/programmes/${programme.id}/reports`}>{t('reporting.report.listTitle')}</Link> : null}
          {outcomes.dashboard ? <Link to={`/programmes/${programme.id}/reporting`}>{t('reporting.setup.title')}</Link> : null}
          {outcomes.dashboard ? <Link to={`/programmes/${programme.id}/practices`}>{t('practices.selectionLink')}</Link> : null}
          {outcomes.dashboard ? <Link to={`/programmes/${programme.id}/transfers`}>{t('practices.boardLink')}</Link> : null}
          {outcomes.centreIds.map((id) => (
            <Link key={id} to={`/organisations/${id}/contribution`}>
              {t('reporting.dashboard.contribution.link')}
            </Link>
          ))}
        </p>
      ) : null}

      <section className="card" aria-labelledby="grant-title">
        <h2 id="grant-title">{t('programmes.grantTitle')}</h2>
        <dl className="details">
          <dt>{t('programmes.field.funder')}</dt>
          <dd>{programme.funder}</dd>
          <dt>{t('programmes.field.competition')}</dt>
          <dd>{programme.competition ?? t('common.none')}</dd>
          <dt>{t('programmes.field.grantNumber')}</dt>
          <dd>{programme.grantNumber ?? t('common.none')}</dd>
          <dt>{t('programmes.amount')}</dt>
          <dd>{programme.amount ? money(programme.amount) : t('common.none')}</dd>
          <dt>{t('programmes.coFinancing')}</dt>
          <dd>{programme.coFinancing ? money(programme.coFinancing) : t('common.none')}</dd>
          {programme.amount && programme.coFinancing ? (
            <>
              <dt>{t('programmes.totalBudget')}</dt>
              <dd>{money(Number(programme.amount) + Number(programme.coFinancing))}</dd>
            </>
          ) : null}
          <dt>{t('programmes.period')}</dt>
          <dd>
            {calendarDate(programme.startsOn)} — {calendarDate(programme.endsOn)}
          </dd>
          <dt>{t('programmes.field.mentor')}</dt>
          <dd>
            {mentor.linked ? <Link to={`/organisations/${mentor.id}`}>{mentor.name}</Link> : mentor.name}
            <span className="muted"> · {mentor.city}</span>
          </dd>
        </dl>
        {programme.description
          ? programme.description
              .split(/\n\s*\n|\n/)
              .filter((line) => line.trim())
              .map((line, i) => <p key={i}>{line}</p>)
          : null}
      </section>

      <section aria-labelledby="centres-title">
        <h2 id="centres-title">{t('programmes.centresTitle')}</h2>
        {centres.length ? (
          <>
            <p className="muted">
              {t('programmes.centresCount', { count: centres.length })} ·{' '}
              {t('programmes.regionsCount', { count: regionCount })}
            </p>
            <div className="table-wrap">
              <table aria-labelledby="centres-title">
                <thead>
                  <tr>
                    <th scope="col">{t('programmes.col.centre')}</th>
                    <th scope="col">{t('field.region')}</th>
                    <th scope="col">{t('programmes.col.city')}</th>
                    <th scope="col">{t('field.timeZone')}</th>
                  </tr>
                </thead>
                <tbody>
                  {centres.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        {c.linked ? <Link to={`/organisations/${c.id}`}>{c.shortName ?? c.name}</Link> : (c.shortName ?? c.name)}
                      </th>
                      <td>{locale === 'ru' ? c.regionRu : c.regionEn}</td>
                      <td>{c.city}</td>
                      <td>{c.offset}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p className="muted">{t('programmes.noCentres')}</p>
        )}
      </section>

      <section aria-labelledby="managers-title">
        <h2 id="managers-title">{t('programmes.managersTitle')}</h2>
        {managers.length ? (
          <ul className="list-plain card" role="list">
            {managers.map((m) => (
              <li key={m.id}>
                {m.name}
                {'email' in m ? (
                  <>
                    {' · '}
                    <a href={`mailto:${m.email}`}>{m.email}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('programmes.noManagers')}</p>
        )}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.programme.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
