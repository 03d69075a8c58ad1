import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { deleteBlock, insertBlock, listBlocks, updateBlock, type BlockInput } from '#app/models/attendance.server.ts'
import { requireEventAccess } from '#app/models/event.server.ts'
import attendanceStyles from '#app/styles/attendance.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, isoDate, optionalText, parseForm, requiredText, type FieldErrors } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { instantToZoned, zonedToInstant } from '#app/utils/recurrence.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: attendanceStyles }]

/** «HH:MM» from <input type="time"> (some browsers add seconds). */
const timeField = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/)
  .transform((v) => v.slice(0, 5))

const blockFields = {
  title: requiredText(200),
  trainer: optionalText(200),
  description: optionalText(2000),
  date: isoDate,
  startTime: timeField,
  endTime: timeField,
}

const AddBlockSchema = z.object({ intent: z.literal('add'), ...blockFields })
const EditBlockSchema = z.object({ intent: z.literal('edit'), blockId: z.uuid(), ...blockFields })
const DeleteBlockSchema = z.object({ intent: z.literal('delete'), blockId: z.uuid() })

type BlockForm = z.output<typeof AddBlockSchema>

/** parseForm keeps only `validation.*` keys from a schema; a malformed time gets its own, clearer message. */
function withTimeHints(errors: FieldErrors): FieldErrors {
  const out = { ...errors }
  for (const name of ['startTime', 'endTime'] as const) {
    if (out[name]) out[name] = out[name].map((key) => (key === 'validation.invalid' ? 'attendance.block.time' : key))
  }
  return out
}

/**
 * The block's wall-clock date and times in the event's zone → instants, checked against the event:
 * a block ends after it starts and lies within the event's start and end.
 */
function toBlockInput(
  form: Omit<BlockForm, 'intent'>,
  event: { startsAt: Date; endsAt: Date; timeZone: string },
): { ok: true; input: BlockInput } | { ok: false; errors: FieldErrors } {
  const startsAt = zonedToInstant(form.date, form.startTime, event.timeZone)
  const endsAt = zonedToInstant(form.date, form.endTime, event.timeZone)
  const errors: FieldErrors = {}
  if (!startsAt) errors.startTime = ['attendance.block.noSuchTime']
  if (!endsAt) errors.endTime = ['attendance.block.noSuchTime']
  if (!startsAt || !endsAt) return { ok: false, errors }
  if (endsAt <= startsAt) return { ok: false, errors: { endTime: ['attendance.block.endBeforeStart'] } }
  if (startsAt < event.startsAt || endsAt > event.endsAt) {
    return {
      ok: false,
      errors: { '': ['attendance.block.outsideEvent'], date: ['attendance.block.outsideEventShort'] },
    }
  }
  return {
    ok: true,
    input: {
      title: form.title,
      trainer: form.trainer ?? null,
      description: form.description ?? null,
      startsAt,
      endsAt,
    },
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const { event, canManage } = await requireEventAccess(user, args.params.id ?? '', 'view')
  const blocks = await listBlocks(event.id)
  const start = instantToZoned(event.startsAt, event.timeZone)
  const end = instantToZoned(event.endsAt, event.timeZone)
  return {
    event: {
      id: event.id,
      title: event.title,
      kind: event.kind,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
      firstDay: start.date,
      lastDay: end.date,
    },
    blocks: blocks.map((b) => {
      const from = instantToZoned(b.startsAt, event.timeZone)
      return { ...b, date: from.date, startTime: from.time, endTime: instantToZoned(b.endsAt, event.timeZone).time }
    }),
    canManage,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  // Seeing the programme is not enough to change it: only the organiser's mentors and administrators.
  const { event } = await requireEventAccess(user, args.params.id ?? '', 'manage')
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const rawBlockId = formData.get('blockId')
  const blockId = typeof rawBlockId === 'string' ? rawBlockId : null
  const back = `/events/${event.id}/programme`
  const fail = (errors: FieldErrors, status: 400 | 409 = 400) =>
    data({ intent: typeof intent === 'string' ? intent : null, blockId, ...formFailure(formData, errors) }, { status })

  if (intent === 'add' || intent === 'edit') {
    const parsed = intent === 'add' ? parseForm(formData, AddBlockSchema) : parseForm(formData, EditBlockSchema)
    if (!parsed.ok) {
      if (parsed.errors.blockId) notFound('attendance.block.gone')
      return fail(withTimeHints(parsed.errors))
    }
    const checked = toBlockInput(parsed.data, event)
    if (!checked.ok) return fail(checked.errors)
    if (parsed.data.intent === 'add') {
      await insertBlock(db, event.id, checked.input)
      return redirectWithFlash(back, 'attendance.block.added')
    }
    const target = parsed.data.blockId
    const updated = await db.transaction((tx) => updateBlock(tx, event.id, target, checked.input))
    if (!updated) notFound('attendance.block.gone')
    return redirectWithFlash(back, 'attendance.block.updated')
  }

  if (intent === 'delete') {
    const parsed = parseForm(formData, DeleteBlockSchema)
    if (!parsed.ok) notFound('attendance.block.gone')
    const deleted = await deleteBlock(db, event.id, parsed.data.blockId)
    if (!deleted) notFound('attendance.block.gone')
    return redirectWithFlash(back, 'attendance.block.deleted')
  }

  return fail({ '': ['errors.badRequest'] })
}

type LoadedBlock = ReturnType<typeof useLoaderData<typeof loader>>['blocks'][number]

export default function ProgrammePage() {
  const { event, blocks, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, dateTime, calendarDate } = useI18n()
  const addFailure = actionData?.intent === 'add' ? actionData : null
  const days = groupByDay(blocks)
  const city = zoneCity(event.timeZone, locale)
  return (
    <div className="stack">
      <p>
        <Link to={`/events/${event.id}`}>← {t('attendance.backToEvent')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>
            {t(event.kind === 'field_session' ? 'attendance.programme.titleField' : 'attendance.programme.title')}
          </h1>
          <p className="muted">
            {event.title} · {dateTime(event.startsAt, event.timeZone)} — {dateTime(event.endsAt, event.timeZone)} (
            {city})
          </p>
        </div>
        {blocks.length ? (
          <Link to={`/events/${event.id}/programme/print`} className="button button-quiet">
            {t('attendance.programme.printVersion')}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t('attendance.programme.zoneNote', { city })}</p>

      {actionData && actionData.intent !== 'add' ? <FormErrors errors={actionData.errors} /> : null}

      {days.length === 0 ? (
        <p className="card muted">{t(canManage ? 'attendance.programme.emptyManage' : 'attendance.programme.empty')}</p>
      ) : (
        days.map(([day, dayBlocks]) => (
          <section key={day} aria-labelledby={`day-${day}`}>
            <h2 id={`day-${day}`}>{calendarDate(day)}</h2>
            <ol className="list-plain blocks" role="list">
              {dayBlocks.map((block) => (
                <li key={block.id} className="block">
                  <p className="block-time">
                    {block.startTime}–{block.endTime}
                  </p>
                  <div>
                    <h3>{block.title}</h3>
                    {block.trainer ? (
                      <p>
                        <span className="muted">{t('attendance.block.trainer')}:</span> {block.trainer}
                      </p>
                    ) : null}
                    {block.description ? <p className="pre-line">{block.description}</p> : null}
                    {canManage ? (
                      <BlockEditor
                        block={block}
                        event={event}
                        failure={actionData?.intent === 'edit' && actionData.blockId === block.id ? actionData : null}
                      />
                    ) : null}
                  </div>
                </li>
              ))}
            </ol>
          </section>
        ))
      )}

      {canManage ? (
        <section className="card" aria-labelledby="add-title">
          <h2 id="add-title">{t('attendance.block.addTitle')}</h2>
          <p className="muted">
            {t('attendance.block.window', {
              from: dateTime(event.startsAt, event.timeZone),
              to: dateTime(event.endsAt, event.timeZone),
              city,
            })}
          </p>
          <FormErrors errors={addFailure?.errors} />
          <Form method="post" className="form block-form" noValidate key={blocks.length}>
            <BlockFields
              values={addFailure?.values}
              errors={addFailure?.errors}
              defaults={{ date: event.firstDay === event.lastDay ? event.firstDay : '' }}
              min={event.firstDay}
              max={event.lastDay}
            />
            <StatusButton intent="add">{t('attendance.block.add')}</StatusButton>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

function groupByDay(blocks: LoadedBlock[]) {
  const days = new Map<string, LoadedBlock[]>()
  for (const block of blocks) {
    const list = days.get(block.date) ?? []
    list.push(block)
    days.set(block.date, list)
  }
  return [...days.entries()]
}

type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | null

function BlockFields({
  values,
  errors,
  defaults,
  min,
  max,
}: {
  values?: Record<string, string | string[]>
  errors?: FieldErrors
  defaults: Partial<Record<'title' | 'trainer' | 'description' | 'date' | 'startTime' | 'endTime', string | null>>
  min: string
  max: string
}) {
  const { t } = useI18n()
  return (
    <>
      <TextField
        label={t('attendance.block.title')}
        name="title"
        maxLength={200}
        defaultValue={valueOf(values, 'title', defaults.title)}
        errors={errors?.title}
      />
      <TextField
        label={t('attendance.block.trainer')}
        name="trainer"
        optional
        maxLength={200}
        defaultValue={valueOf(values, 'trainer', defaults.trainer)}
        errors={errors?.trainer}
      />
      <div className="form-grid">
        <TextField
          label={t('attendance.block.date')}
          name="date"
          type="date"
          min={min}
          max={max}
          defaultValue={valueOf(values, 'date', defaults.date)}
          errors={errors?.date}
        />
        <div className="row time-pair">
          <TextField
            label={t('attendance.block.start')}
            name="startTime"
            type="time"
            defaultValue={valueOf(values, 'startTime', defaults.startTime)}
            errors={errors?.startTime}
          />
          <TextField
            label={t('attendance.block.end')}
            name="endTime"
            type="time"
            defaultValue={valueOf(values, 'endTime', defaults.endTime)}
            errors={errors?.endTime}
          />
        </div>
      </div>
      <TextareaField
        label={t('attendance.block.description')}
        name="description"
        optional
        maxLength={2000}
        defaultValue={valueOf(values, 'description', defaults.description)}
        errors={errors?.description}
      />
    </>
  )
}

function BlockEditor({
  block,
  event,
  failure,
}: {
  block: LoadedBlock
  event: { firstDay: string; lastDay: string }
  failure: Failure
}) {
  const { t } = useI18n()
  return (
    <div className="row block-actions">
      <details className="block-edit" open={failure ? true : undefined}>
        <summary className="button button-quiet">
          {t('action.edit')}
          <span className="visually-hidden"> {block.title}</span>
        </summary>
        <FormErrors errors={failure?.errors} />
        {/* Keyed by the stored values, so a saved change shows up in the form. */}
        <Form
          method="post"
          className="form block-form"
          noValidate
          key={`${block.date}${block.startTime}${block.endTime}${block.title}`}
        >
          <input type="hidden" name="blockId" value={block.id} />
          <BlockFields
            values={failure?.values}
            errors={failure?.errors}
            defaults={block}
            min={event.firstDay}
            max={event.lastDay}
          />
          <StatusButton intent="edit">{t('action.save')}</StatusButton>
        </Form>
      </details>
      <Form
        method="post"
        onSubmit={(e) => {
          // A tap on a phone is easy to make by mistake; deleting cannot be undone.
          if (!window.confirm(t('attendance.block.confirmDelete', { title: block.title }))) e.preventDefault()
        }}
      >
        <input type="hidden" name="blockId" value={block.id} />
        <button
          type="submit"
          name="intent"
          value="delete"
          className="button button-danger"
          aria-label={t('attendance.block.deleteFor', { title: block.title })}
        >
          {t('action.delete')}
        </button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = translate(locale, 'attendance.programme.title')
  return [{ title: `${data ? `${title}: ${data.event.title}` : title} · ${translate(locale, 'app.name')}` }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
