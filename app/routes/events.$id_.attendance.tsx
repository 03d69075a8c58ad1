import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import type { AttendanceStatus } from '#db/schema/index.ts'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  getAttendanceCounts,
  getAttendanceHistory,
  getMarkingSheet,
  HISTORY_LIMIT,
  markUnmarkedPresent,
  saveMarks,
} from '#app/models/attendance.server.ts'
import { EventRuleError, requireEventAccess } from '#app/models/event.server.ts'
import attendanceStyles from '#app/styles/attendance.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, type FieldErrors } from '#app/utils/forms.ts'
import { translate } from '#app/utils/i18n.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: attendanceStyles }]

const MARK_PREFIX = 'mark.'
// The order of the buttons on the sheet; the same four values as the model's ATTENDANCE_STATUSES,
// repeated here because the component cannot import a *.server module.
const STATUSES = ['present', 'late', 'absent', 'excused'] as const satisfies readonly AttendanceStatus[]
const StatusSchema = z.enum(STATUSES)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The sheet's radio groups: «mark.<userId>» = status. A malformed id cannot be anyone registered. */
function parseMarks(
  formData: FormData,
):
  | { ok: true; marks: { userId: string; status: AttendanceStatus }[] }
  | { ok: false; errors: FieldErrors; status: 400 | 422 } {
  const marks: { userId: string; status: AttendanceStatus }[] = []
  for (const [key, value] of formData.entries()) {
    if (!key.startsWith(MARK_PREFIX)) continue
    const userId = key.slice(MARK_PREFIX.length)
    const status = StatusSchema.safeParse(value)
    if (!status.success) return { ok: false, errors: { '': ['attendance.error.badStatus'] }, status: 400 }
    if (!UUID.test(userId)) return { ok: false, errors: { '': ['events.error.markNotRegistered'] }, status: 422 }
    marks.push({ userId: userId.toLowerCase(), status: status.data })
  }
  return { ok: true, marks }
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const { event } = await requireEventAccess(user, args.params.id ?? '', 'manage')
  const [people, counts, history] = await Promise.all([
    getMarkingSheet(event.id),
    getAttendanceCounts(event.id),
    getAttendanceHistory(event.id),
  ])
  return {
    event: {
      id: event.id,
      title: event.title,
      kind: event.kind,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
      cancelled: event.status === 'cancelled',
      checkInCode: event.checkInCode,
    },
    people,
    counts,
    history,
    historyLimited: history.length >= HISTORY_LIMIT,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const { event } = await requireEventAccess(user, args.params.id ?? '', 'manage')
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const back = `/events/${event.id}/attendance`
  const fail = (errors: FieldErrors, status: 400 | 404 | 409 | 422) =>
    data({ intent: typeof intent === 'string' ? intent : null, ...formFailure(formData, errors) }, { status })

  if (event.status === 'cancelled') return fail({ '': ['attendance.error.cancelled'] }, 409)

  if (intent === 'save') {
    const parsed = parseMarks(formData)
    if (!parsed.ok) return fail(parsed.errors, parsed.status)
    if (!parsed.marks.length) return fail({ '': ['attendance.error.nothingToSave'] }, 400)
    try {
      const changed = await db.transaction((tx) =>
        saveMarks(tx, { eventId: event.id, marks: parsed.marks, markedById: user.id }),
      )
      return redirectWithFlash(back, changed ? 'attendance.saved' : 'attendance.unchanged')
    } catch (error) {
      if (error instanceof EventRuleError) return fail({ '': [error.key] }, error.status)
      throw error
    }
  }

  if (intent === 'all-present') {
    const marked = await db.transaction((tx) => markUnmarkedPresent(tx, { eventId: event.id, markedById: user.id }))
    return redirectWithFlash(back, marked ? 'attendance.allPresentDone' : 'attendance.allPresentNone')
  }

  return fail({ '': ['errors.badRequest'] }, 400)
}

export default function AttendancePage() {
  const { event, people, counts, history, historyLimited } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, dateTime, number } = useI18n()
  const typed = actionData?.values
  const city = zoneCity(event.timeZone, locale)
  return (
    <div className="stack">
      <p className="no-print">
        <Link to={`/events/${event.id}`}>← {t('attendance.backToEvent')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('attendance.title')}</h1>
          <p className="muted">
            {event.title} · {dateTime(event.startsAt, event.timeZone)} ({city})
          </p>
        </div>
        <a className="button button-quiet" href={`/events/${event.id}/attendance.csv`} download>
          {t('attendance.downloadCsv')}
        </a>
      </div>

      {event.cancelled ? (
        <p className="alert alert-warn" role="status">
          {t('attendance.cancelledNotice')}
        </p>
      ) : null}

      <section aria-labelledby="counts-title">
        <h2 id="counts-title" className="visually-hidden">
          {t('attendance.countsTitle')}
        </h2>
        <dl className="stats">
          {(['present', 'late', 'absent', 'excused', 'unmarked'] as const).map((key) => (
            <div className="stat" key={key}>
              <dt className="stat-label">{t(`attendance.count.${key}`)}</dt>
              <dd className="stat-value">{number(counts[key])}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card check-in-card" aria-labelledby="code-title">
        <h2 id="code-title">{t('attendance.codeTitle')}</h2>
        <p
          className="check-in-code"
          aria-label={t('attendance.codeSpelled', { code: event.checkInCode.split('').join(' ') })}
        >
          {event.checkInCode}
        </p>
        <p>{t('attendance.codeInstruction')}</p>
      </section>

      <FormErrors errors={actionData?.errors} />

      {people.length === 0 ? (
        <p className="card muted">{t('attendance.nobody')}</p>
      ) : (
        <>
          <Form method="post" className="row">
            <StatusButton
              intent="all-present"
              className="button-quiet"
              disabled={event.cancelled || counts.unmarked === 0}
            >
              {t('attendance.allPresent')}
            </StatusButton>
          </Form>

          {/* Keyed by the history, so the sheet shows the saved marks after each save. */}
          <Form method="post" className="marking-sheet" key={history[0]?.id ?? 0}>
            <ul className="list-plain" role="list">
              {people.map((person) => {
                const name = `${MARK_PREFIX}${person.userId}`
                const typedStatus = typed?.[name]
                const checked = typeof typedStatus === 'string' ? typedStatus : person.status
                return (
                  <li key={person.userId}>
                    <fieldset className="mark-group">
                      <legend>{person.name}</legend>
                      <p className="muted mark-meta">
                        {person.centre ?? t('attendance.noCentre')}
                        {person.selfCheckIn ? (
                          <>
                            {' · '}
                            <span className="badge">{t('attendance.selfCheckInBadge')}</span>
                          </>
                        ) : null}
                      </p>
                      <div className="segmented">
                        {STATUSES.map((status) => (
                          <label key={status} className={`segment segment-${status}`}>
                            <input type="radio" name={name} value={status} defaultChecked={checked === status} />
                            <span>{t(`attendance.choice.${status}`)}</span>
                          </label>
                        ))}
                      </div>
                    </fieldset>
                  </li>
                )
              })}
            </ul>
            <div className="sticky-actions">
              <StatusButton intent="save" disabled={event.cancelled}>
                {t('attendance.save')}
              </StatusButton>
            </div>
          </Form>
        </>
      )}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('attendance.historyTitle')}</h2>
        {history.length ? (
          <details className="history">
            <summary>{t('attendance.historyShow', { count: history.length })}</summary>
            {historyLimited ? (
              <p className="muted">{t('attendance.historyLimited', { count: history.length })}</p>
            ) : null}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('attendance.col.when')}</th>
                    <th scope="col">{t('attendance.col.person')}</th>
                    <th scope="col">{t('attendance.col.mark')}</th>
                    <th scope="col">{t('attendance.col.markedBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h) => (
                    <tr key={h.id}>
                      <td>{dateTime(h.markedAt, event.timeZone)}</td>
                      <th scope="row">{h.personName}</th>
                      <td>{t(`attendance.status.${h.status}`)}</td>
                      <td>{h.selfCheckIn ? t('attendance.selfCheckIn') : (h.markedByName ?? t('common.none'))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        ) : (
          <p className="muted">{t('attendance.historyEmpty')}</p>
        )}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = translate(locale, 'attendance.title')
  return [{ title: `${data ? `${title}: ${data.event.title}` : title} · ${translate(locale, 'app.name')}` }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
