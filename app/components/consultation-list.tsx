import { Link } from '@remix-run/react'
import { EventTime } from '#app/components/event-time.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

export type ConsultationRow = {
  id: string
  subject: string
  topic: string
  urgency: string
  status: string
  createdAt: Date | string
  centreName: string
  requestedByName: string | null
  assignedMentorName: string | null
  eventStartsAt: Date | string | null
  eventTimeZone: string | null
}

/** The status as a badge: closed and declined requests are quiet, the rest stand out. */
export function ConsultationStatus({ status }: { status: string }) {
  const { t } = useI18n()
  const done = status === 'closed' || status === 'declined'
  return <span className={done ? 'badge badge-quiet' : 'badge'}>{t(`consultations.status.${status}`)}</span>
}

export function UrgencyBadge({ urgency }: { urgency: string }) {
  const { t } = useI18n()
  if (urgency === 'normal') return null
  return (
    <span className={urgency === 'urgent' ? 'badge badge-accent' : 'badge badge-quiet'}>
      {t(`consultations.urgency.${urgency}`)}
    </span>
  )
}

/** Requests as a list that reads top to bottom on a phone: question, centre, status, who and when. */
export function ConsultationList({
  rows,
  showCentre,
  labelledBy,
}: {
  rows: readonly ConsultationRow[]
  showCentre: boolean
  labelledBy: string
}) {
  const { t, date } = useI18n()
  return (
    <ul className="list-plain card consultation-list" role="list" aria-labelledby={labelledBy}>
      {rows.map((r) => (
        <li key={r.id}>
          <p className="row">
            <Link to={`/consultations/${r.id}`}>
              <strong>{r.subject}</strong>
            </Link>
            <ConsultationStatus status={r.status} />
            <UrgencyBadge urgency={r.urgency} />
          </p>
          <div className="muted">
            {showCentre ? `${r.centreName} · ` : null}
            {t(`consultations.topic.${r.topic}`)} · {date(r.createdAt)}
            {r.requestedByName ? ` · ${r.requestedByName}` : null}
          </div>
          <div className="muted">
            {t('consultations.col.mentor')}: {r.assignedMentorName ?? t('consultations.notAssigned')}
            {r.eventStartsAt && r.eventTimeZone && r.status === 'scheduled' ? (
              <>
                {' · '}
                <EventTime startsAt={r.eventStartsAt} timeZone={r.eventTimeZone} />
              </>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  )
}
