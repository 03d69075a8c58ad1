import { Link } from '@remix-run/react'
import { useI18n } from '#app/utils/use-i18n.ts'

type Person = { userId: string; name: string; email: string; phone: string | null; side: 'mentor' | 'centre'; isPrimary: boolean }

export type CentreMentorshipView = {
  id: string
  programmeId: string
  programmeName: string
  mentorOrganisationName: string
  mentorOrganisationShortName: string | null
  mentorOrganisationCity: string
  startsOn: string
  plannedEndOn: string
  endedOn: string | null
  status: 'active' | 'completed' | 'ended'
  people: Person[]
}

/** The "Mentoring" section of a centre's profile: who mentors it, and whom the mentors talk to. */
export function CentreMentorships({ mentorships }: { mentorships: CentreMentorshipView[] }) {
  const { t, calendarDate } = useI18n()
  return (
    <section aria-labelledby="mentorships-title" className="stack">
      <h2 id="mentorships-title">{t('mentorships.profileTitle')}</h2>
      {mentorships.length ? (
        mentorships.map((m) => (
          <article key={m.id} className="card" aria-labelledby={`mentorship-${m.id}`}>
            <h3 id={`mentorship-${m.id}`}>
              {m.mentorOrganisationShortName ?? m.mentorOrganisationName}{' '}
              <span className="muted">· {m.mentorOrganisationCity}</span>
            </h3>
            <p>
              <span className={m.status === 'active' ? 'badge' : 'badge badge-accent'}>{t(`mentorships.status.${m.status}`)}</span>
            </p>
            <dl className="details">
              <dt>{t('mentorships.profileProgramme')}</dt>
              <dd>
                <Link to={`/programmes/${m.programmeId}`}>{m.programmeName}</Link>
              </dd>
              <dt>{t('mentorships.profilePeriod')}</dt>
              <dd>
                {t('mentorships.period', { from: calendarDate(m.startsOn), to: calendarDate(m.plannedEndOn) })}
                {m.endedOn ? ` (${t('mentorships.endedOnShort', { date: calendarDate(m.endedOn) })})` : null}
              </dd>
              <dt>{t('mentorships.profileMentors')}</dt>
              <dd>
                <PeopleList people={m.people.filter((p) => p.side === 'mentor')} />
              </dd>
              <dt>{t('mentorships.profileContacts')}</dt>
              <dd>
                <PeopleList people={m.people.filter((p) => p.side === 'centre')} />
              </dd>
            </dl>
          </article>
        ))
      ) : (
        <p className="muted">{t('mentorships.profileEmpty')}</p>
      )}
    </section>
  )
}

function PeopleList({ people }: { people: Person[] }) {
  const { t } = useI18n()
  if (!people.length) return <>{t('mentorships.profileNone')}</>
  return (
    <ul className="list-plain" role="list">
      {people.map((p) => (
        <li key={p.userId}>
          {p.name}
          {p.isPrimary ? ` ${t('mentorships.primaryMark')}` : null}
          {' · '}
          <a href={`mailto:${p.email}`}>{p.email}</a>
          {p.phone ? (
            <>
              {' · '}
              <a href={`tel:${p.phone.replace(/[^\d+]/g, '')}`}>{p.phone}</a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  )
}
