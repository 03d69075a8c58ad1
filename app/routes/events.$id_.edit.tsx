import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { and, count, eq } from 'drizzle-orm'
import { eventAudienceCentres, events, registrations } from '#db/schema/index.ts'
import { EventForm } from '#app/components/event-form.tsx'
import { EventTime } from '#app/components/event-time.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { ErrorList } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  cancelEvent,
  descriptionPlainText,
  eventIdFrom,
  getProgrammeForEvents,
  updateEvent,
  validateEventForm,
  zoneOptions,
  lessonOptions,
} from '#app/models/event-form.server.ts'
import { EVENT_KINDS, EventRuleError, requireEventAccess } from '#app/models/event.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, type FormFailure } from '#app/utils/forms.ts'
import { invariantResponse, notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { instantToZoned } from '#app/utils/recurrence.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = eventIdFrom(args.params)
  const { event } = await requireEventAccess(user, id, 'manage')
  invariantResponse(event.status !== 'cancelled', 'schedule.error.cancelledNoEdit', { status: 409 })
  const [programme, audience, [counts], [series]] = await Promise.all([
    getProgrammeForEvents(event.programmeId),
    db
      .select({ id: eventAudienceCentres.organisationId })
      .from(eventAudienceCentres)
      .where(eq(eventAudienceCentres.eventId, id)),
    db
      .select({ registered: count() })
      .from(registrations)
      .where(and(eq(registrations.eventId, id), eq(registrations.status, 'registered'))),
    event.seriesId
      ? db.select({ total: count() }).from(events).where(eq(events.seriesId, event.seriesId))
      : Promise.resolve([null]),
  ])
  if (!programme) notFound()
  const start = instantToZoned(event.startsAt, event.timeZone)
  const end = instantToZoned(event.endsAt, event.timeZone)
  return {
    event: {
      id: event.id,
      title: event.title,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
      seriesPosition: series && event.seriesIndex !== null ? { index: event.seriesIndex + 1, total: series.total } : null,
    },
    defaults: {
      kind: event.kind,
      title: event.title,
      descriptionJson: event.descriptionJson ?? null,
      descriptionText: descriptionPlainText(event.descriptionJson),
      hostId: event.hostId ?? '',
      lessonId: event.lessonId ?? '',
      startDate: start.date,
      startTime: start.time,
      endDate: end.date === start.date ? '' : end.date,
      endTime: end.time,
      timeZone: event.timeZone,
      onlineUrl: event.onlineUrl ?? '',
      address: event.address ?? '',
      capacity: event.capacity === null ? '' : String(event.capacity),
      audience: event.audience,
      audienceCentreIds: audience.map((a) => a.id),
      isPublic: event.isPublic,
      version: event.sequence,
    },
    programme: { id: programme.id, name: programme.name, organiserName: programme.organiserName },
    centres: programme.centres,
    registered: counts?.registered ?? 0,
    zones: zoneOptions(event.timeZone),
    kinds: EVENT_KINDS,
    lessons: await lessonOptions(),
  }
}

type ActionResult = FormFailure & { intent: 'save' | 'cancel' }

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = eventIdFrom(args.params)
  const { event } = await requireEventAccess(user, id, 'manage')
  const formData = await args.request.formData()
  const intent = formData.get('intent') === 'cancel' ? 'cancel' : 'save'
  const fail = (status: number, errors: FormFailure['errors']) =>
    data<ActionResult>({ intent, ...formFailure(formData, errors) }, { status })

  if (intent === 'cancel') {
    if (formData.get('confirm') !== 'yes') return fail(400, { confirm: ['schedule.error.confirmCancel'] })
    try {
      await db.transaction((tx) => cancelEvent(tx, id))
    } catch (error) {
      if (error instanceof EventRuleError) return fail(error.status, { '': [error.key] })
      throw error
    }
    return redirectWithFlash(`/events/${id}`, 'schedule.flash.cancelled')
  }

  if (event.status === 'cancelled') return fail(409, { '': ['schedule.error.cancelledNoEdit'] })
  // The programme (and so the organiser) of an occurrence stays; the form shows it but does not change it.
  formData.set('programmeId', event.programmeId)
  try {
    const outcome = await db.transaction(async (tx) => {
      const valid = await validateEventForm(tx, user, formData, 'edit')
      if (!valid.ok) return { kind: 'invalid' as const, failure: valid }
      return updateEvent(tx, { eventId: id, data: valid.data })
    })
    if (outcome.kind === 'invalid') return data<ActionResult>({ intent, ...outcome.failure }, { status: 400 })
    if (outcome.kind === 'capacity') return fail(422, { capacity: ['schedule.error.capacityBelowRegistered'] })
    return redirectWithFlash(
      `/events/${id}`,
      outcome.kind === 'unchanged' ? 'schedule.flash.unchanged' : 'schedule.flash.updated',
    )
  } catch (error) {
    if (error instanceof EventRuleError) return fail(error.status, { '': [error.key] })
    throw error
  }
}

export default function EditEvent() {
  const { event, defaults, programme, centres, registered, zones, kinds, lessons } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  const saveFailure = actionData?.intent === 'save' ? actionData : null
  const cancelFailure = actionData?.intent === 'cancel' ? actionData : null
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('schedule.editTitle')}</h1>
          <p className="muted">
            {event.title} · <EventTime startsAt={event.startsAt} timeZone={event.timeZone} />
          </p>
        </div>
      </div>
      {event.seriesPosition ? (
        <p className="alert alert-warn">{t('schedule.editSeriesNotice', event.seriesPosition)}</p>
      ) : null}
      {registered > 0 ? <p className="muted">{t('schedule.editMailNotice', { count: registered })}</p> : null}
      <section className="card">
        <EventForm
          mode="edit"
          defaults={defaults}
          failure={saveFailure}
          kinds={kinds}
          lessons={lessons}
          programme={programme}
          centres={centres}
          zones={zones}
          registered={registered}
          submitLabel={t('schedule.form.save')}
          cancelTo={`/events/${event.id}`}
        />
      </section>

      <section className="card" aria-labelledby="cancel-title">
        <h2 id="cancel-title">{t('schedule.cancelTitle')}</h2>
        <p>{t('schedule.cancelIntro')}</p>
        <FormErrors errors={cancelFailure?.errors} />
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="cancel" />
          <div className="field">
            <label className="checkbox">
              <input
                type="checkbox"
                name="confirm"
                value="yes"
                required
                aria-invalid={cancelFailure?.errors.confirm ? true : undefined}
              />
              <span>{t('schedule.cancelConfirm')}</span>
            </label>
            <ErrorList errors={cancelFailure?.errors.confirm} />
          </div>
          <StatusButton intent="cancel" className="button-danger">
            {t('schedule.cancelSubmit')}
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.event.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
