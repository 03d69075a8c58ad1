import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { CentreMentorships } from '#app/components/centre-mentorships.tsx'
import { getCentreMentorships } from '#app/models/mentorship.server.ts'
import {
  getOrganisationPeople,
  getOrganisationProfile,
  getOrganisationProgrammes,
  organisationIdFrom,
} from '#app/models/organisation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { can, requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { canSeeCentreProgress } from '#app/models/learning-report.server.ts'
import { utcOffsetLabel } from '#app/utils/time.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { relation } = await requireOrganisationAccess(user, id, 'view')
  const [profile, programmes, people, mentorships] = await Promise.all([
    getOrganisationProfile(id),
    getOrganisationProgrammes(id),
    getOrganisationPeople(id),
    getCentreMentorships(id),
  ])
  if (!profile) notFound()
  return {
    organisation: { ...profile, utcOffset: utcOffsetLabel(profile.timeZone) },
    programmes,
    mentorships,
    // E-mail addresses stay on the people page, for those who manage the organisation.
    people: people.map(({ email: _email, ...person }) => ({ ...person, isMe: person.userId === user.id })),
    canManage: can(relation, 'manage'),
    canSeeLearning: canSeeCentreProgress(relation),
    // The centre's mentors and administrators put it into the public directory (/centres).
    canPublish: profile.kind === 'centre' && (relation === 'admin' || relation === 'mentor'),
  }
}

export default function OrganisationProfile() {
  const data = useLoaderData<typeof loader>()
  const { organisation: o, programmes, people, canManage } = data
  const { t, locale, calendarDate } = useI18n()
  const region = locale === 'ru' ? o.regionRu : o.regionEn
  const website = o.website && /^https?:\/\//i.test(o.website) ? o.website : null
  const hasContacts = Boolean(o.email || o.phone || o.website || o.address)
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{o.name}</h1>
          <p className="row">
            <span className="badge">{t(`kind.${o.kind}`)}</span>
            {o.published ? (
              <span className="badge">{t('organisations.publishedBadge')}</span>
            ) : (
              <span className="badge badge-accent">{t('organisations.notPublishedBadge')}</span>
            )}
          </p>
        </div>
        <div className="row">
          <Link to={`/organisations/${o.id}/attendance`} className="button button-quiet">
            {t('organisations.attendanceRecord')}
          </Link>
          {o.kind === 'centre' && data.canSeeLearning ? (
            <Link to={`/organisations/${o.id}/learning`} className="button button-quiet">
              {t('organisations.learningRecord')}
            </Link>
          ) : null}
          {o.kind === 'centre' ? (
            <Link to={`/organisations/${o.id}/assessments`} className="button button-quiet">
              {t('mentoring.profileLink')}
            </Link>
          ) : null}
          {o.kind === 'centre' ? (
            <Link to={`/organisations/${o.id}/plan`} className="button button-quiet">
              {t('plans.profileLink')}
            </Link>
          ) : null}
          {o.kind === 'centre' ? (
            <Link to={`/organisations/${o.id}/consultations`} className="button button-quiet">
              {t('consultations.profileLink')}
            </Link>
          ) : null}
          {o.kind === 'centre' ? (
            <Link to={`/organisations/${o.id}/transfers`} className="button button-quiet">
              {t('practices.profileLink')}
            </Link>
          ) : null}
          {data.canPublish ? (
            <Link to={`/organisations/${o.id}/publish`} className="button button-quiet">
              {o.published ? t('directory.inDirectory') : t('directory.publishLink')}
            </Link>
          ) : null}
        </div>
        {canManage ? (
          <div className="row">
            <Link to={`/organisations/${o.id}/edit`} className="button">
              {t('organisations.editProfile')}
            </Link>
            <Link to={`/organisations/${o.id}/people`} className="button button-quiet">
              {t('organisations.managePeople')}
            </Link>
          </div>
        ) : null}
      </div>

      <div className="grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t('organisations.details')}</h2>
          <dl className="details">
            {o.shortName ? <Detail term={t('organisations.field.shortName')}>{o.shortName}</Detail> : null}
            <Detail term={t('field.region')}>{region}</Detail>
            <Detail term={t('organisations.field.city')}>{o.city}</Detail>
            <Detail term={t('organisations.timeZone')}>
              {o.utcOffset} <span className="muted">({o.timeZone})</span>
            </Detail>
            {o.inn ? <Detail term={t('organisations.field.inn')}>{o.inn}</Detail> : null}
            {o.ogrn ? <Detail term={t('organisations.field.ogrn')}>{o.ogrn}</Detail> : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="contacts-title">
          <h2 id="contacts-title">{t('organisations.contacts')}</h2>
          {hasContacts ? (
            <dl className="details">
              {o.address ? <Detail term={t('organisations.field.address')}>{o.address}</Detail> : null}
              {o.phone ? (
                <Detail term={t('organisations.field.phone')}>
                  <a href={`tel:${o.phone.replace(/[^\d+]/g, '')}`}>{o.phone}</a>
                </Detail>
              ) : null}
              {o.email ? (
                <Detail term={t('organisations.field.email')}>
                  <a href={`mailto:${o.email}`}>{o.email}</a>
                </Detail>
              ) : null}
              {o.website ? (
                <Detail term={t('organisations.field.website')}>
                  {website ? (
                    <a href={website} rel="noopener noreferrer nofollow">
                      {website.replace(/^https?:\/\//i, '')}
                    </a>
                  ) : (
                    o.website
                  )}
                </Detail>
              ) : null}
            </dl>
          ) : (
            <p className="muted">{t('organisations.noContacts')}</p>
          )}
        </section>
      </div>

      {o.description ? (
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">{t('organisations.about')}</h2>
          {o.description
            .split(/\n{2,}/)
            .filter((p) => p.trim())
            .map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
        </section>
      ) : null}

      {o.kind === 'centre' ? <CentreMentorships mentorships={data.mentorships} /> : null}

      <section aria-labelledby="programmes-title">
        <h2 id="programmes-title">{t('organisations.programmes')}</h2>
        {programmes.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('organisations.col.programme')}</th>
                  <th scope="col">{t('organisations.col.period')}</th>
                  <th scope="col">{t('organisations.col.participation')}</th>
                </tr>
              </thead>
              <tbody>
                {programmes.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/programmes/${p.id}`}>{p.name}</Link>
                      <div className="muted">{p.funder}</div>
                    </th>
                    <td>
                      {calendarDate(p.startsOn)} — {calendarDate(p.endsOn)}
                    </td>
                    <td>{p.runs ? t('organisations.runs') : t('organisations.takesPart')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('organisations.noProgrammes')}</p>
        )}
      </section>

      {/* Not a landmark itself: the scrollable table below is the region named by this heading. */}
      <section>
        <h2 id="people-title">{t('organisations.people')}</h2>
        {people.length ? (
          // Focusable so that keyboard users can scroll the table sideways on a narrow screen.
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="people-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('organisations.col.person')}</th>
                  <th scope="col">{t('organisations.col.role')}</th>
                  <th scope="col">{t('organisations.col.title')}</th>
                </tr>
              </thead>
              <tbody>
                {people.map((person) => (
                  <tr key={person.membershipId}>
                    <th scope="row">
                      {person.name}
                      {person.isMe ? <span className="muted"> ({t('organisations.you')})</span> : null}{' '}
                      {person.invited ? <span className="badge badge-accent">{t('organisations.invitationSent')}</span> : null}
                    </th>
                    <td>{t(`role.${person.role}`)}</td>
                    <td>{person.title ?? t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('organisations.noPeople')}</p>
        )}
      </section>
    </div>
  )
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.organisation.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
