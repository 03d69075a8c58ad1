import { Form, Link } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import { RichTextEditor } from '#app/components/rich-text-editor.tsx'
import { CheckboxGroup, ErrorList, SelectField, TextField, valueOf, valuesOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import type { FormFailure } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

export type EventFormDefaults = {
  kind: string
  title: string
  descriptionJson: Record<string, unknown> | null
  /** The stored description as plain text, for the no-JavaScript textarea. */
  descriptionText: string
  hostId: string
  lessonId: string
  startDate: string
  startTime: string
  endDate: string
  endTime: string
  timeZone: string
  onlineUrl: string
  address: string
  capacity: string
  audience: 'programme' | 'centres'
  audienceCentreIds: string[]
  isPublic: boolean
  /** The event's sequence, for the edit form's stale-form check. */
  version?: number
}

type Props = {
  mode: 'new' | 'edit'
  defaults: EventFormDefaults
  failure: FormFailure | null | undefined
  kinds: readonly string[]
  /** Published lessons the event may teach. */
  lessons: readonly { value: string; label: string }[]
  programme: { id: string; name: string; organiserName: string }
  /** Where "choose another programme" leads (the new form only, when there is a choice). */
  changeProgrammeTo?: string | null
  centres: { id: string; name: string; city: string; timeZone?: string }[]
  zones: { zone: string; offset: string }[]
  /** People registered now (edit): shown beside the capacity. */
  registered?: number
  /** Where the form posts; the new form keeps its ?programme= so a failed submit comes back to the same page. */
  action?: string
  submitLabel: string
  cancelTo: string
}

/**
 * The typed description after a failed submit (the editor's JSON, else the no-JavaScript text), else the
 * stored one. The plain text of a document comes from the server: the Tiptap schema is not loaded eagerly.
 */
function descriptionDefaults(values: FormFailure['values'] | undefined, defaults: EventFormDefaults) {
  if (values) {
    const json = valueOf(values, 'description')
    const text = valueOf(values, 'descriptionText')
    if (json) {
      try {
        return { doc: JSON.parse(json) as Record<string, unknown>, text }
      } catch {
        return { doc: null, text }
      }
    }
    if (values.descriptionText !== undefined) return { doc: null, text }
  }
  return { doc: defaults.descriptionJson, text: defaults.descriptionText }
}

/** The form that schedules an event (with an optional series) and changes one occurrence. */
export function EventForm({
  mode,
  defaults,
  failure,
  kinds,
  lessons,
  programme,
  changeProgrammeTo,
  centres,
  zones,
  registered,
  action,
  submitLabel,
  cancelTo,
}: Props) {
  const { t, locale } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  const description = descriptionDefaults(values, defaults)
  const centreOptions = centres.map((c) => ({ value: c.id, label: `${c.name} · ${c.city}` }))
  return (
    <Form method="post" action={action} noValidate>
      <FormErrors errors={errors} />
      <input type="hidden" name="programmeId" value={programme.id} />
      {defaults.version !== undefined ? <input type="hidden" name="version" value={String(defaults.version)} /> : null}
      <div className="form-grid">
        <div className="span-2 field">
          <p>
            <strong>{t('schedule.form.programme')}:</strong> {programme.name}
            <br />
            <strong>{t('schedule.form.organiser')}:</strong> {programme.organiserName}
          </p>
          {changeProgrammeTo ? <Link to={changeProgrammeTo}>{t('schedule.changeProgramme')}</Link> : null}
          <ErrorList errors={errors?.programmeId} />
        </div>
        <SelectField
          label={t('schedule.form.kind')}
          name="kind"
          defaultValue={valueOf(values, 'kind', defaults.kind)}
          options={kinds.map((k) => ({ value: k, label: t(`schedule.kind.${k}`) }))}
          errors={errors?.kind}
        />
        <TextField
          label={t('schedule.form.title')}
          name="title"
          maxLength={300}
          defaultValue={valueOf(values, 'title', defaults.title)}
          errors={errors?.title}
        />
        <div className="span-2">
          <RichTextEditor
            name="description"
            label={t('schedule.form.description')}
            hint={t('schedule.form.descriptionHint')}
            errors={errors?.description}
            defaultDoc={description.doc}
            defaultText={description.text}
          />
        </div>
        <TextField
          label={t('schedule.form.startDate')}
          name="startDate"
          type="date"
          defaultValue={valueOf(values, 'startDate', defaults.startDate)}
          errors={errors?.startDate}
        />
        <TextField
          label={t('schedule.form.startTime')}
          name="startTime"
          type="time"
          defaultValue={valueOf(values, 'startTime', defaults.startTime)}
          errors={errors?.startTime}
        />
        <TextField
          label={t('schedule.form.endDate')}
          hint={t('schedule.form.endDateHint')}
          name="endDate"
          type="date"
          optional
          defaultValue={valueOf(values, 'endDate', defaults.endDate)}
          errors={errors?.endDate}
        />
        <TextField
          label={t('schedule.form.endTime')}
          name="endTime"
          type="time"
          defaultValue={valueOf(values, 'endTime', defaults.endTime)}
          errors={errors?.endTime}
        />
        <div className="span-2">
          <SelectField
            label={t('schedule.form.timeZone')}
            hint={t('schedule.form.timeZoneHint')}
            name="timeZone"
            defaultValue={valueOf(values, 'timeZone', defaults.timeZone)}
            onChange={(e) => {
              e.currentTarget.dataset.touched = 'true'
            }}
            options={zones.map((z) => ({ value: z.zone, label: `${z.offset} · ${zoneCity(z.zone, locale)}` }))}
            errors={errors?.timeZone}
          />
        </div>
        <SelectField
          label={t('schedule.form.host')}
          hint={t('schedule.form.hostHint')}
          name="hostId"
          optional
          placeholder={t('schedule.form.hostNone')}
          defaultValue={valueOf(values, 'hostId', defaults.hostId)}
          onChange={(e) => {
            // The event's zone follows the host centre's region until the author picks a zone themselves.
            const zone = centres.find((c) => c.id === e.currentTarget.value)?.timeZone
            const select = e.currentTarget.form?.elements.namedItem('timeZone')
            if (!zone || !(select instanceof HTMLSelectElement) || select.dataset.touched === 'true') return
            if ([...select.options].some((o) => o.value === zone)) select.value = zone
          }}
          options={centreOptions}
          errors={errors?.hostId}
        />
        {lessons.length ? (
          <SelectField
            label={t('schedule.form.lesson')}
            hint={t('schedule.form.lessonHint')}
            name="lessonId"
            optional
            placeholder={t('schedule.form.lessonNone')}
            defaultValue={valueOf(values, 'lessonId', defaults.lessonId)}
            options={lessons}
            errors={errors?.lessonId}
          />
        ) : null}
        <TextField
          label={t('schedule.form.capacity')}
          hint={
            registered !== undefined
              ? t('schedule.form.capacityRegistered', { count: registered })
              : t('schedule.form.capacityHint')
          }
          name="capacity"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={6}
          optional
          defaultValue={valueOf(values, 'capacity', defaults.capacity)}
          errors={errors?.capacity}
        />
        <TextField
          label={t('schedule.form.onlineUrl')}
          hint={t('schedule.form.onlineUrlHint')}
          name="onlineUrl"
          type="url"
          inputMode="url"
          optional
          maxLength={500}
          defaultValue={valueOf(values, 'onlineUrl', defaults.onlineUrl)}
          errors={errors?.onlineUrl}
        />
        <TextField
          label={t('schedule.form.address')}
          name="address"
          optional
          maxLength={500}
          defaultValue={valueOf(values, 'address', defaults.address)}
          errors={errors?.address}
        />
        <div className="span-2">
          <RadioGroup
            legend={t('schedule.form.audience')}
            name="audience"
            value={valueOf(values, 'audience', defaults.audience)}
            options={[
              { value: 'programme', label: t('schedule.form.audienceProgramme') },
              { value: 'centres', label: t('schedule.form.audienceCentres') },
            ]}
            errors={errors?.audience}
          />
        </div>
        <div className="span-2">
          {centres.length ? (
            <CheckboxGroup
              legend={
                <>
                  {t('schedule.form.audienceCentreList')}{' '}
                  <span className="field-optional">— {t('schedule.form.audienceCentreHint')}</span>
                </>
              }
              name="audienceCentreIds"
              options={centreOptions}
              defaultValues={valuesOf(values, 'audienceCentreIds', defaults.audienceCentreIds)}
              errors={errors?.audienceCentreIds}
            />
          ) : (
            <p className="muted">{t('schedule.form.noCentres')}</p>
          )}
        </div>
        <div className="span-2 field">
          <label className="checkbox">
            <input
              type="checkbox"
              name="isPublic"
              value="on"
              defaultChecked={values ? values.isPublic !== undefined : defaults.isPublic}
            />
            <span>{t('schedule.form.isPublic')}</span>
          </label>
        </div>
        {mode === 'new' ? (
          <div className="span-2">
            <RepeatFields values={values} errors={errors} />
          </div>
        ) : null}
      </div>
      <div className="row">
        <StatusButton>{submitLabel}</StatusButton>
        <Link to={cancelTo} className="button button-quiet">
          {t('action.cancel')}
        </Link>
      </div>
    </Form>
  )
}

function RepeatFields({ values, errors }: { values: FormFailure['values'] | undefined; errors: FormFailure['errors'] | undefined }) {
  const { t } = useI18n()
  const id = useId()
  return (
    <fieldset className="field" aria-describedby={`${id}-hint`}>
      <legend>{t('schedule.form.repeat')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t('schedule.form.repeatHint')}
      </p>
      <div className="form-grid">
        <SelectField
          label={t('schedule.form.repeat')}
          name="repeat"
          required={false}
          defaultValue={valueOf(values, 'repeat', 'none')}
          options={[
            { value: 'none', label: t('schedule.form.repeatNone') },
            { value: 'weekly', label: t('schedule.form.repeatWeekly') },
            { value: 'biweekly', label: t('schedule.form.repeatBiweekly') },
            { value: 'monthly', label: t('schedule.form.repeatMonthly') },
          ]}
          errors={errors?.repeat}
        />
        <RadioGroup
          legend={t('schedule.form.repeatEnd')}
          name="repeatEnd"
          value={valueOf(values, 'repeatEnd', 'count')}
          options={[
            { value: 'count', label: t('schedule.form.repeatEndCount') },
            { value: 'until', label: t('schedule.form.repeatEndUntil') },
          ]}
          errors={errors?.repeatEnd}
        />
        <TextField
          label={t('schedule.form.repeatCount')}
          name="repeatCount"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={2}
          optional
          defaultValue={valueOf(values, 'repeatCount')}
          errors={errors?.repeatCount}
        />
        <TextField
          label={t('schedule.form.repeatUntil')}
          name="repeatUntil"
          type="date"
          optional
          defaultValue={valueOf(values, 'repeatUntil')}
          errors={errors?.repeatUntil}
        />
      </div>
    </fieldset>
  )
}

/** Radio buttons sharing one name, marked up like CheckboxGroup. */
function RadioGroup({
  legend,
  name,
  value,
  options,
  errors,
}: {
  legend: ReactNode
  name: string
  value: string
  options: { value: string; label: string }[]
  errors?: readonly string[] | null
}) {
  const id = useId()
  const errorId = errors?.length ? `${id}-error` : undefined
  return (
    <fieldset className="field checkbox-group" aria-describedby={errorId}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="radio" name={name} value={o.value} defaultChecked={value === o.value} />
          <span>{o.label}</span>
        </label>
      ))}
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  )
}
