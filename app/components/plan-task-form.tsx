import { Form } from '@remix-run/react'
import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import type { FieldErrors } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

export type PlanTaskFormData = {
  plan: { startsOn: string; endsOn: string }
  statuses: readonly string[]
  goals: { id: string; title: string }[]
  owners: { id: string; name: string; organisationName: string; side: 'centre' | 'mentor' }[]
  options: {
    courses: { id: string; title: string; titleEn: string | null }[]
    resources: { id: string; title: string; titleEn: string | null }[]
    events: { id: string; title: string; startsAt: Date | string; timeZone: string }[]
  }
}

export type PlanTaskValues = {
  goalId: string
  title: string
  notes: string | null
  ownerId: string | null
  dueOn: string | null
  status: string
  courseId: string | null
  resourceId: string | null
  eventId: string | null
}

/** The task form of the plan (new and edit): what, towards which goal, who, by when, and what it draws on. */
export function PlanTaskForm({
  data,
  defaults,
  failure,
  submit,
}: {
  data: PlanTaskFormData
  defaults: PlanTaskValues
  failure?: { errors: FieldErrors; values: Record<string, string | string[]> } | null
  submit: string
}) {
  const { t, locale, calendarDate, dateTime } = useI18n()
  const value = (name: keyof PlanTaskValues) => valueOf(failure?.values, name, defaults[name])
  const localised = (o: { id: string; title: string; titleEn: string | null }) => ({
    value: o.id,
    label: locale === 'en' && o.titleEn ? o.titleEn : o.title,
  })
  return (
    <Form method="post" className="form" noValidate>
      <FormErrors errors={failure?.errors} />
      <SelectField
        label={t('plans.field.goal')}
        name="goalId"
        options={data.goals.map((g) => ({ value: g.id, label: g.title }))}
        defaultValue={value('goalId')}
        errors={failure?.errors.goalId}
      />
      <TextField label={t('plans.field.taskTitle')} name="title" maxLength={300} defaultValue={value('title')} errors={failure?.errors.title} />
      <TextareaField
        label={t('plans.field.notes')}
        name="notes"
        optional
        rows={3}
        maxLength={4000}
        defaultValue={value('notes')}
        errors={failure?.errors.notes}
      />
      <div className="form-grid">
        <SelectField
          label={t('plans.field.owner')}
          hint={t('plans.field.ownerHint')}
          name="ownerId"
          optional
          placeholder={t('plans.noOwner')}
          options={data.owners.map((o) => ({
            value: o.id,
            label: t(o.side === 'mentor' ? 'plans.ownerMentor' : 'plans.ownerCentre', { name: o.name, organisation: o.organisationName }),
          }))}
          defaultValue={value('ownerId')}
          errors={failure?.errors.ownerId}
        />
        <TextField
          label={t('plans.field.dueOn')}
          hint={t('plans.field.dueHint', { from: calendarDate(data.plan.startsOn), to: calendarDate(data.plan.endsOn) })}
          name="dueOn"
          type="date"
          optional
          min={data.plan.startsOn}
          max={data.plan.endsOn}
          defaultValue={value('dueOn')}
          errors={failure?.errors.dueOn}
        />
        <SelectField
          label={t('plans.field.status')}
          name="status"
          options={data.statuses.map((s) => ({ value: s, label: t(`plans.status.${s}`) }))}
          defaultValue={value('status')}
          errors={failure?.errors.status}
        />
      </div>
      <fieldset className="stack">
        <legend>{t('plans.linksLegend')}</legend>
        <p className="field-hint">{t('plans.linksHint')}</p>
        <SelectField
          label={t('plans.field.course')}
          name="courseId"
          optional
          placeholder={t('plans.noLink')}
          options={data.options.courses.map(localised)}
          defaultValue={value('courseId')}
          errors={failure?.errors.courseId}
        />
        <SelectField
          label={t('plans.field.resource')}
          name="resourceId"
          optional
          placeholder={t('plans.noLink')}
          options={data.options.resources.map(localised)}
          defaultValue={value('resourceId')}
          errors={failure?.errors.resourceId}
        />
        <SelectField
          label={t('plans.field.event')}
          hint={t('plans.field.eventHint')}
          name="eventId"
          optional
          placeholder={t('plans.noLink')}
          options={data.options.events.map((e) => ({
            value: e.id,
            label: `${dateTime(e.startsAt, e.timeZone)} (${zoneCity(e.timeZone, locale)}) — ${e.title}`,
          }))}
          defaultValue={value('eventId')}
          errors={failure?.errors.eventId}
        />
      </fieldset>
      <StatusButton intent="save">{submit}</StatusButton>
    </Form>
  )
}
