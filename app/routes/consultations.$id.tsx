import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ConsultationStatus, UrgencyBadge } from '#app/components/consultation-list.tsx'
import { EventTime } from '#app/components/event-time.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  allowed,
  AnswerFormSchema,
  answerConsultation,
  assignableMentors,
  assignConsultation,
  canMakeTasks,
  closeConsultation,
  ConsultationRuleError,
  createTaskFromItem,
  declineConsultation,
  DeclineFormSchema,
  getActionItems,
  getThread,
  isUuid,
  MessageFormSchema,
  OutcomeFormSchema,
  parsePreferredTimes,
  planGoalsOf,
  postMessage,
  recordOutcome,
  requireConsultation,
  scheduleConsultation,
  TaskFormSchema,
  type Transition,
} from '#app/models/consultation.server.ts'
import { zoneOptions } from '#app/models/event-form.server.ts'
import { ownerCandidates } from '#app/models/plan.server.ts'
import consultationStyles from '#app/styles/consultations.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, type FieldErrors, type FormFailure } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { instantToZoned } from '#app/utils/recurrence.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }]

const TRANSITIONS: readonly Transition[] = ['assign', 'schedule', 'answer', 'decline', 'record', 'close', 'message', 'task']

/** Which field a rule's message belongs to, so it shows beside the field rather than above the form. */
const FIELD_OF_ERROR: Record<string, string> = {
  'consultations.error.mentor': 'mentorId',
  'consultations.error.goal': 'goalId',
  'consultations.error.owner': 'ownerId',
  'consultations.error.tooManyItems': 'actionItems',
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, details, access } = await requireConsultation(args)
  const { request } = details
  const canTask = canMakeTasks(user, access, request.organisationId) && allowed('task', request.status)
  const [thread, items, mentors, goals, people] = await Promise.all([
    getThread(request),
    getActionItems(request.id),
    access.canAct ? assignableMentors(request.mentorOrganisationId) : Promise.resolve([]),
    canTask ? planGoalsOf(request.organisationId) : Promise.resolve([]),
    canTask ? ownerCandidates(request.organisationId) : Promise.resolve([]),
  ])
  const preferred = parsePreferredTimes(request.preferredTimes)
  const can = Object.fromEntries(TRANSITIONS.map((tr) => [tr, allowed(tr, request.status)])) as Record<Transition, boolean>
  // The schedule form starts at the first time the centre suggested that is still ahead, else in the centre's zone.
  const suggestion = preferred.suggestions.find((s) => s.at.getTime() > Date.now())
  const end = suggestion ? instantToZoned(new Date(suggestion.at.getTime() + 3600_000), suggestion.timeZone) : null
  const schedule = suggestion
    ? {
        startDate: suggestion.date,
        startTime: suggestion.time,
        endTime: end && end.date === suggestion.date ? end.time : '',
        timeZone: suggestion.timeZone,
        prefilled: true,
      }
    : { startDate: '', startTime: '', endTime: '', timeZone: details.centreZone, prefilled: false }
  return {
    request: {
      id: request.id,
      organisationId: request.organisationId,
      topic: request.topic,
      subject: request.subject,
      description: request.description,
      urgency: request.urgency,
      clientNgo: request.clientNgo,
      status: request.status,
      assignedMentorId: request.assignedMentorId,
      answer: request.answer,
      answeredAt: request.answeredAt,
      outcomeNotes: request.outcomeNotes,
      minutesSpent: request.minutesSpent,
      heldAt: request.heldAt,
      closedAt: request.closedAt,
      createdAt: request.createdAt,
    },
    centreName: details.centreName,
    programmeName: details.programmeName,
    mentorOrganisationName: details.mentorOrganisationName,
    requestedByName: details.requestedByName,
    assignedMentorName: details.assignedMentorName,
    event: details.event,
    preferred: { text: preferred.text, suggestions: preferred.suggestions.map((s) => ({ at: s.at, timeZone: s.timeZone })) },
    thread,
    items,
    access: { side: access.side, canAct: access.canAct, canWrite: access.canWrite },
    can,
    canTask,
    mentors,
    goals,
    people,
    schedule,
    zones: access.canAct && can.schedule ? zoneOptions(schedule.timeZone) : [],
    me: user.id,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, details, access } = await requireConsultation(args)
  const requestId = details.request.id
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const actor = { id: user.id, name: user.name }
  const fail = (status: number, errors: FieldErrors) => data(formFailure(formData, errors), { status })
  const back = (flash: string) => redirectWithFlash(`/consultations/${requestId}`, flash)
  try {
    switch (intent) {
      case 'message': {
        if (!access.canWrite) forbidden()
        const parsed = parseForm(formData, MessageFormSchema)
        if (!parsed.ok) return data(parsed, { status: 400 })
        await db.transaction((tx) =>
          postMessage(tx, { requestId, body: parsed.data.body, actor, side: access.side === 'centre' ? 'centre' : 'mentor' }),
        )
        return back('consultations.flash.messageSent')
      }
      case 'assign': {
        if (!access.canAct) forbidden()
        const mentorId = formData.get('mentorId')
        if (!isUuid(mentorId)) return fail(400, { mentorId: ['consultations.error.mentor'] })
        await db.transaction((tx) => assignConsultation(tx, { requestId, mentorId, actor }))
        return back('consultations.flash.assigned')
      }
      case 'schedule': {
        if (!access.canAct) forbidden()
        const result = await db.transaction((tx) => scheduleConsultation(tx, { requestId, user, formData }))
        if (!result.ok) return data(result, { status: 400 })
        return back('consultations.flash.scheduled')
      }
      case 'answer': {
        if (!access.canAct) forbidden()
        const parsed = parseForm(formData, AnswerFormSchema)
        if (!parsed.ok) return data(parsed, { status: 400 })
        await db.transaction((tx) => answerConsultation(tx, { requestId, answer: parsed.data.answer, actor }))
        return back('consultations.flash.answered')
      }
      case 'decline': {
        if (!access.canAct) forbidden()
        const parsed = parseForm(formData, DeclineFormSchema)
        if (!parsed.ok) return data(parsed, { status: 400 })
        await db.transaction((tx) => declineConsultation(tx, { requestId, reason: parsed.data.reason, actor }))
        return back('consultations.flash.declined')
      }
      case 'record': {
        if (!access.canAct) forbidden()
        const parsed = parseForm(formData, OutcomeFormSchema)
        if (!parsed.ok) return data(parsed, { status: 400 })
        await db.transaction((tx) => recordOutcome(tx, { requestId, data: parsed.data, actor }))
        return back('consultations.flash.held')
      }
      case 'close': {
        if (!access.canAct) forbidden()
        await db.transaction((tx) => closeConsultation(tx, { requestId, actor }))
        return back('consultations.flash.closed')
      }
      case 'task': {
        if (!canMakeTasks(user, access, details.request.organisationId)) forbidden()
        const parsed = parseForm(formData, TaskFormSchema)
        if (!parsed.ok) return data(parsed, { status: 400 })
        const result = await db.transaction((tx) => createTaskFromItem(tx, { requestId, data: parsed.data, actor }))
        if (!result.ok) return fail(result.status, result.errors)
        return back('consultations.flash.taskCreated')
      }
    }
  } catch (error) {
    if (error instanceof ConsultationRuleError) {
      return fail(error.status, { [FIELD_OF_ERROR[error.key] ?? '']: [error.key] })
    }
    throw error
  }
  return fail(400, { '': ['errors.badRequest'] })
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

/** The failure of the form that was sent (each form on the page carries its intent), else nothing. */
function failureFor(failure: FormFailure | undefined, intent: string, itemId?: string) {
  if (!failure || failure.values.intent !== intent) return undefined
  if (itemId && failure.values.itemId !== itemId) return undefined
  return failure
}

export default function ConsultationPage() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>() as FormFailure | undefined
  const { t, dateTime } = useI18n()
  const r = d.request
  const fromCentre = d.access.side === 'centre'
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{r.subject}</h1>
          <p className="row">
            <ConsultationStatus status={r.status} />
            <UrgencyBadge urgency={r.urgency} />
            <span className="badge badge-quiet">{t(`consultations.topic.${r.topic}`)}</span>
          </p>
        </div>
        <div className="row">
          {fromCentre ? null : (
            <Link to="/consultations" className="button button-quiet">
              {t('consultations.backToInbox')}
            </Link>
          )}
          <Link to={`/organisations/${r.organisationId}/consultations`} className="button button-quiet">
            {t('consultations.backToList')}
          </Link>
        </div>
      </div>

      <div className="consultation-summary">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t('consultations.detail.description')}</h2>
          <p className="pre-line">{r.description}</p>
          <dl className="details">
            <Detail term={t('consultations.detail.status')}>{t(`consultations.status.${r.status}`)}</Detail>
            <Detail term={t('consultations.detail.topic')}>{t(`consultations.topic.${r.topic}`)}</Detail>
            <Detail term={t('consultations.detail.urgency')}>{t(`consultations.urgency.${r.urgency}`)}</Detail>
            {r.clientNgo ? <Detail term={t('consultations.detail.clientNgo')}>{r.clientNgo}</Detail> : null}
            {d.preferred.text ? (
              <Detail term={t('consultations.detail.preferredTimes')}>
                <span className="pre-line">{d.preferred.text}</span>
              </Detail>
            ) : null}
            {d.preferred.suggestions.length ? (
              <Detail term={t('consultations.detail.suggested')}>
                <ul className="list-plain" role="list">
                  {d.preferred.suggestions.map((s) => (
                    <li key={`${String(s.at)}${s.timeZone}`}>
                      <EventTime startsAt={s.at} timeZone={s.timeZone} />
                    </li>
                  ))}
                </ul>
              </Detail>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="who-title">
          <h2 id="who-title">{t('consultations.detail.centre')}</h2>
          <dl className="details">
            <Detail term={t('consultations.detail.centre')}>
              <Link to={`/organisations/${r.organisationId}`}>{d.centreName}</Link>
            </Detail>
            {d.programmeName ? <Detail term={t('consultations.detail.programme')}>{d.programmeName}</Detail> : null}
            {d.mentorOrganisationName ? (
              <Detail term={t('consultations.detail.mentorOrganisation')}>{d.mentorOrganisationName}</Detail>
            ) : null}
            <Detail term={t('consultations.detail.requestedBy')}>{d.requestedByName ?? t('consultations.thread.formerUser')}</Detail>
            <Detail term={t('consultations.detail.created')}>{dateTime(r.createdAt)}</Detail>
            <Detail term={t('consultations.detail.assigned')}>{d.assignedMentorName ?? t('consultations.notAssigned')}</Detail>
          </dl>
        </section>
      </div>

      {d.event ? (
        <section className="card" aria-labelledby="meeting-title">
          <h2 id="meeting-title">{t('consultations.meeting.title')}</h2>
          {d.event.status === 'cancelled' ? <p className="alert alert-warn">{t('consultations.meeting.cancelled')}</p> : null}
          <p>
            <EventTime startsAt={d.event.startsAt} endsAt={d.event.endsAt} timeZone={d.event.timeZone} weekday />
          </p>
          {d.event.address ? <p>{d.event.address}</p> : null}
          <p>
            <Link to={`/events/${d.event.id}`}>{t('consultations.meeting.open')}</Link>
          </p>
        </section>
      ) : null}

      {r.answer ? (
        <section className="card" aria-labelledby="answer-title">
          <h2 id="answer-title">{t('consultations.answer.title')}</h2>
          {r.answeredAt ? <p className="muted">{t('consultations.answer.at', { date: dateTime(r.answeredAt) })}</p> : null}
          <p className="pre-line">{r.answer}</p>
        </section>
      ) : null}

      {r.outcomeNotes ? <Outcome d={d} failure={failure} /> : null}

      <Thread d={d} failure={failure} />

      {d.access.canAct && r.status !== 'closed' && r.status !== 'declined' ? (
        <section aria-labelledby="actions-title" className="stack">
          <h2 id="actions-title">{t('consultations.actions.title')}</h2>
          {d.can.assign ? <AssignForm d={d} failure={failureFor(failure, 'assign')} /> : null}
          {d.can.schedule ? <ScheduleForm d={d} failure={failureFor(failure, 'schedule')} /> : null}
          {d.can.answer ? (
            <ActionCard id="answer-form-title" title={t('consultations.answerForm.title')}>
              <Form method="post" className="form" noValidate>
                <FormErrors errors={failureFor(failure, 'answer')?.errors} />
                <TextareaField
                  label={t('consultations.answerForm.field')}
                  hint={t('consultations.answerForm.hint')}
                  name="answer"
                  rows={8}
                  defaultValue={valueOf(failureFor(failure, 'answer')?.values, 'answer')}
                  errors={failureFor(failure, 'answer')?.errors.answer}
                />
                <StatusButton intent="answer">{t('consultations.answerForm.submit')}</StatusButton>
              </Form>
            </ActionCard>
          ) : null}
          {d.can.record ? <RecordForm d={d} failure={failureFor(failure, 'record')} /> : null}
          {d.can.close ? (
            <ActionCard id="close-form-title" title={t('consultations.close.title')}>
              <Form method="post" className="form" noValidate>
                <FormErrors errors={failureFor(failure, 'close')?.errors} />
                <p>{t('consultations.close.intro')}</p>
                <StatusButton intent="close">{t('consultations.close.submit')}</StatusButton>
              </Form>
            </ActionCard>
          ) : null}
          {d.can.decline ? (
            <ActionCard id="decline-form-title" title={t('consultations.decline.title')}>
              <Form method="post" className="form" noValidate>
                <FormErrors errors={failureFor(failure, 'decline')?.errors} />
                {d.event ? <p className="muted">{t('consultations.decline.scheduledNote')}</p> : null}
                <TextareaField
                  label={t('consultations.decline.reason')}
                  hint={t('consultations.decline.reasonHint')}
                  name="reason"
                  rows={3}
                  defaultValue={valueOf(failureFor(failure, 'decline')?.values, 'reason')}
                  errors={failureFor(failure, 'decline')?.errors.reason}
                />
                <StatusButton intent="decline" className="button-danger">
                  {t('consultations.decline.submit')}
                </StatusButton>
              </Form>
            </ActionCard>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}

function ActionCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
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

function Thread({ d, failure }: { d: LoaderData; failure: FormFailure | undefined }) {
  const { t, dateTime } = useI18n()
  const mine = failureFor(failure, 'message')
  return (
    <section aria-labelledby="thread-title" className="stack">
      <h2 id="thread-title">{t('consultations.thread.title')}</h2>
      {d.thread.length ? (
        <ol className="list-plain thread" role="list">
          {d.thread.map((m) => {
            const author = m.authorName ?? t('consultations.thread.formerUser')
            const side = m.fromCentre ? t('consultations.thread.fromCentre') : t('consultations.thread.fromMentor')
            if (m.event) {
              return (
                <li key={m.id} className="thread-event">
                  <p className="thread-meta muted">
                    {author} · {dateTime(m.createdAt)}
                  </p>
                  <p>
                    <strong>{t(`consultations.thread.event.${m.event}`, { text: m.body })}</strong>
                  </p>
                  {m.event === 'answered' && m.body ? <p className="pre-line">{m.body}</p> : null}
                </li>
              )
            }
            return (
              <li key={m.id} className={`thread-message ${m.fromCentre ? 'from-centre' : 'from-mentor'}`}>
                <p className="thread-meta">
                  <strong>{author}</strong> <span className="muted">({side}) · {dateTime(m.createdAt)}</span>
                </p>
                <p className="pre-line">{m.body}</p>
              </li>
            )
          })}
        </ol>
      ) : (
        <p className="muted">{t('consultations.thread.empty')}</p>
      )}
      {!d.access.canWrite ? (
        <p className="muted">{t('consultations.thread.readOnly')}</p>
      ) : d.can.message ? (
        <Form method="post" className="form card" noValidate>
          <FormErrors errors={mine?.errors} />
          <TextareaField
            label={t('consultations.thread.message')}
            hint={t('consultations.thread.messageHint')}
            name="body"
            rows={3}
            maxLength={10_000}
            defaultValue={valueOf(mine?.values, 'body')}
            errors={mine?.errors.body}
          />
          <StatusButton intent="message">{t('consultations.thread.send')}</StatusButton>
        </Form>
      ) : (
        <p className="muted">{t('consultations.thread.closed')}</p>
      )}
    </section>
  )
}

function Outcome({ d, failure }: { d: LoaderData; failure: FormFailure | undefined }) {
  const { t, dateTime } = useI18n()
  const r = d.request
  const open = d.items.filter((i) => !i.taskId)
  return (
    <section className="card" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t('consultations.outcome.title')}</h2>
      {r.heldAt ? <p className="muted">{t('consultations.outcome.heldAt', { date: dateTime(r.heldAt) })}</p> : null}
      <h3>{t('consultations.outcome.notes')}</h3>
      <p className="pre-line">{r.outcomeNotes}</p>
      {r.minutesSpent !== null ? (
        <p>
          <strong>{t('consultations.outcome.minutes')}:</strong> {t('consultations.outcome.minutesValue', { count: r.minutesSpent })}
        </p>
      ) : null}
      <h3 id="items-title">{t('consultations.items.title')}</h3>
      {d.items.length ? (
        <ol className="action-items" aria-labelledby="items-title">
          {d.items.map((item) => (
            <li key={item.id}>
              <span className="pre-line">{item.text}</span>
              {item.taskId ? (
                <p className="muted">
                  {t('consultations.items.inPlan', { title: item.taskTitle ?? item.text })}{' '}
                  <Link to={`/organisations/${r.organisationId}/plan`}>{t('consultations.items.planLink')}</Link>
                </p>
              ) : d.canTask && d.goals.length ? (
                <TaskForm d={d} item={item} failure={failureFor(failure, 'task', item.id)} />
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('consultations.items.empty')}</p>
      )}
      {d.canTask && open.length && !d.goals.length ? <p className="muted">{t('consultations.items.noPlan')}</p> : null}
    </section>
  )
}

function TaskForm({ d, item, failure }: { d: LoaderData; item: LoaderData['items'][number]; failure: FormFailure | undefined }) {
  const { t } = useI18n()
  const values = failure?.values
  return (
    <Form method="post" className="task-form" noValidate>
      <input type="hidden" name="itemId" value={item.id} />
      <fieldset>
        <legend>{t('consultations.items.makeTaskFor', { text: item.text })}</legend>
        <FormErrors errors={failure?.errors} />
        <div className="form-grid">
          <SelectField
            label={t('consultations.items.goal')}
            name="goalId"
            placeholder={t('consultations.items.goalPlaceholder')}
            defaultValue={valueOf(values, 'goalId')}
            options={d.goals.map((g) => ({ value: g.id, label: g.title }))}
            errors={failure?.errors.goalId}
          />
          <SelectField
            label={t('consultations.items.owner')}
            name="ownerId"
            optional
            placeholder={t('consultations.items.ownerNone')}
            defaultValue={valueOf(values, 'ownerId')}
            options={d.people.map((p) => ({ value: p.id, label: `${p.name} · ${p.organisationName}` }))}
            errors={failure?.errors.ownerId}
          />
          <TextField
            label={t('consultations.items.dueOn')}
            name="dueOn"
            type="date"
            optional
            defaultValue={valueOf(values, 'dueOn')}
            errors={failure?.errors.dueOn}
          />
        </div>
        <StatusButton intent="task" className="button-quiet">
          {t('consultations.items.makeTask')}
        </StatusButton>
      </fieldset>
    </Form>
  )
}

function AssignForm({ d, failure }: { d: LoaderData; failure: FormFailure | undefined }) {
  const { t } = useI18n()
  return (
    <ActionCard id="assign-form-title" title={t('consultations.assign.title')}>
      {d.mentors.length ? (
        <Form method="post" className="form" noValidate>
          <FormErrors errors={failure?.errors} />
          <SelectField
            label={t('consultations.assign.mentor')}
            name="mentorId"
            defaultValue={valueOf(failure?.values, 'mentorId', d.request.assignedMentorId ?? (d.mentors.some((m) => m.id === d.me) ? d.me : ''))}
            options={d.mentors.map((m) => ({ value: m.id, label: m.name }))}
            errors={failure?.errors.mentorId}
          />
          <StatusButton intent="assign" className="button-quiet">
            {t('consultations.assign.submit')}
          </StatusButton>
        </Form>
      ) : (
        <p className="muted">{t('consultations.assign.noMentors')}</p>
      )}
    </ActionCard>
  )
}

function ScheduleForm({ d, failure }: { d: LoaderData; failure: FormFailure | undefined }) {
  const { t, locale } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  const s = d.schedule
  return (
    <ActionCard id="schedule-form-title" title={t('consultations.schedule.title')}>
      <p className="muted">{t('consultations.schedule.intro')}</p>
      {s.prefilled && !failure ? <p className="muted">{t('consultations.schedule.prefilled')}</p> : null}
      <Form method="post" className="form" noValidate>
        <FormErrors errors={errors} />
        <TextField
          label={t('consultations.schedule.titleField')}
          name="title"
          maxLength={300}
          defaultValue={valueOf(values, 'title', t('consultations.schedule.titleDefault', { subject: d.request.subject }))}
          errors={errors?.title}
        />
        <div className="form-grid">
          <TextField
            label={t('schedule.form.startDate')}
            name="startDate"
            type="date"
            defaultValue={valueOf(values, 'startDate', s.startDate)}
            errors={errors?.startDate}
          />
          <TextField
            label={t('schedule.form.startTime')}
            name="startTime"
            type="time"
            defaultValue={valueOf(values, 'startTime', s.startTime)}
            errors={errors?.startTime}
          />
          <TextField
            label={t('schedule.form.endTime')}
            name="endTime"
            type="time"
            defaultValue={valueOf(values, 'endTime', s.endTime)}
            errors={errors?.endTime}
          />
          <SelectField
            label={t('schedule.form.timeZone')}
            name="timeZone"
            defaultValue={valueOf(values, 'timeZone', s.timeZone)}
            options={d.zones.map((z) => ({ value: z.zone, label: `${z.offset} · ${zoneCity(z.zone, locale)}` }))}
            errors={errors?.timeZone}
          />
          <TextField
            label={t('schedule.form.onlineUrl')}
            name="onlineUrl"
            type="url"
            inputMode="url"
            optional
            maxLength={500}
            defaultValue={valueOf(values, 'onlineUrl')}
            errors={errors?.onlineUrl}
          />
          <TextField
            label={t('schedule.form.address')}
            name="address"
            optional
            maxLength={500}
            defaultValue={valueOf(values, 'address')}
            errors={errors?.address}
          />
          {d.mentors.length ? (
            <SelectField
              label={t('consultations.schedule.mentor')}
              name="assignedMentorId"
              defaultValue={valueOf(values, 'assignedMentorId', d.request.assignedMentorId ?? (d.mentors.some((m) => m.id === d.me) ? d.me : ''))}
              options={d.mentors.map((m) => ({ value: m.id, label: m.name }))}
              errors={errors?.assignedMentorId}
            />
          ) : null}
        </div>
        <StatusButton intent="schedule">{t('consultations.schedule.submit')}</StatusButton>
      </Form>
    </ActionCard>
  )
}

function RecordForm({ d, failure }: { d: LoaderData; failure: FormFailure | undefined }) {
  const { t } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  const again = d.request.status === 'held'
  return (
    <ActionCard id="record-form-title" title={t(again ? 'consultations.record.updateTitle' : 'consultations.record.title')}>
      <Form method="post" className="form" noValidate>
        <FormErrors errors={errors} />
        <TextareaField
          label={t('consultations.record.notes')}
          name="outcomeNotes"
          rows={6}
          defaultValue={valueOf(values, 'outcomeNotes', d.request.outcomeNotes)}
          errors={errors?.outcomeNotes}
        />
        <TextField
          label={t('consultations.record.minutes')}
          hint={t('consultations.record.minutesHint')}
          name="minutesSpent"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={5}
          defaultValue={valueOf(values, 'minutesSpent', d.request.minutesSpent === null ? '' : String(d.request.minutesSpent))}
          errors={errors?.minutesSpent}
        />
        <TextareaField
          label={t(again ? 'consultations.record.moreItems' : 'consultations.record.items')}
          hint={t('consultations.record.itemsHint')}
          name="actionItems"
          optional
          rows={4}
          defaultValue={valueOf(values, 'actionItems')}
          errors={errors?.actionItems}
        />
        <StatusButton intent="record">{t('consultations.record.submit')}</StatusButton>
      </Form>
    </ActionCard>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.request.subject)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
