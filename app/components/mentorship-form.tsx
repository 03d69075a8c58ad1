import { Form, Link } from '@remix-run/react'
import { useId } from 'react'
import { ErrorList, SelectField, TextareaField, TextField, valueOf, valuesOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import type { FormFailure } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const MENTORSHIP_FORM_STATUSES = ['active', 'completed', 'ended'] as const

type Person = { id: string; name: string; role: string; title: string | null }
type Org = { id: string; name: string; shortName?: string | null; city: string }

export type MentorshipFormDefaults = {
  startsOn: string
  plannedEndOn: string
  status: (typeof MENTORSHIP_FORM_STATUSES)[number]
  endedOn: string
  notes: string
  mentorIds: string[]
  primaryMentorId: string
  contactIds: string[]
  primaryContactId: string
  version?: number
}

/**
 * The first step: which centre and which mentor organisation. A GET form, so it works without JavaScript;
 * the page then lists the people of both to choose from. On the edit page the centre is fixed.
 */
export function MentorshipChooser({
  centres,
  mentorOrganisations,
  programmeMentorId,
  centreId,
  mentorOrganisationId,
  fixedCentre,
}: {
  centres: { id: string; name: string; city: string; taken: boolean }[] | null
  mentorOrganisations: Org[]
  programmeMentorId: string
  centreId: string
  mentorOrganisationId: string
  fixedCentre?: string | null
}) {
  const { t } = useI18n()
  return (
    <section className="card" aria-labelledby="choose-title">
      <h2 id="choose-title">{t('mentorships.chooseTitle')}</h2>
      <p className="field-hint">{fixedCentre ? t('mentorships.chooseMentorHint') : t('mentorships.chooseHint')}</p>
      <Form method="get" className="filters">
        {fixedCentre ? (
          <p>
            <strong>{t('mentorships.chosenCentre', { name: fixedCentre })}</strong>
          </p>
        ) : (
          <SelectField
            label={t('mentorships.field.centre')}
            name="centre"
            placeholder={t('mentorships.field.centreChoose')}
            defaultValue={centreId}
            options={(centres ?? []).map((c) => ({
              value: c.id,
              label: c.taken ? t('mentorships.field.centreTaken', { name: `${c.name} (${c.city})` }) : `${c.name} (${c.city})`,
            }))}
          />
        )}
        <SelectField
          label={t('mentorships.field.mentorOrganisation')}
          name="mentor"
          placeholder={t('mentorships.field.mentorOrganisationChoose')}
          defaultValue={mentorOrganisationId}
          options={mentorOrganisations.map((o) => {
            const name = `${o.shortName ?? o.name} (${o.city})`
            return { value: o.id, label: o.id === programmeMentorId ? t('mentorships.field.programmeMentor', { name }) : name }
          })}
        />
        <button type="submit" className="button button-quiet">
          {t('mentorships.continue')}
        </button>
      </Form>
    </section>
  )
}

export function MentorshipForm({
  centre,
  mentorOrganisation,
  mentors,
  contacts,
  defaults,
  failure,
  submitLabel,
  cancelTo,
}: {
  centre: { id: string; name: string }
  mentorOrganisation: { id: string; name: string }
  mentors: Person[]
  contacts: Person[]
  defaults: MentorshipFormDefaults
  failure: FormFailure | null | undefined
  submitLabel: string
  cancelTo: string
}) {
  const { t } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  return (
    <Form method="post" noValidate className="stack">
      <FormErrors errors={errors} />
      <input type="hidden" name="centreId" value={centre.id} />
      <input type="hidden" name="mentorOrganisationId" value={mentorOrganisation.id} />
      {defaults.version !== undefined ? <input type="hidden" name="version" value={String(defaults.version)} /> : null}
      <ErrorList errors={[...(errors?.centreId ?? []), ...(errors?.mentorOrganisationId ?? [])]} />
      <p className="muted">
        {t('mentorships.chosenCentre', { name: centre.name })} · {t('mentorships.chosenMentor', { name: mentorOrganisation.name })}
      </p>
      <PeoplePicker
        legend={t('mentorships.field.mentors')}
        hint={t('mentorships.field.mentorsHint')}
        emptyText={t('mentorships.field.mentorsEmpty')}
        people={mentors}
        name="mentorIds"
        primaryName="primaryMentorId"
        selected={valuesOf(values, 'mentorIds', defaults.mentorIds)}
        primary={valueOf(values, 'primaryMentorId', defaults.primaryMentorId)}
        errors={[...(errors?.mentorIds ?? []), ...(errors?.primaryMentorId ?? [])]}
      />
      <PeoplePicker
        legend={t('mentorships.field.contacts')}
        hint={t('mentorships.field.contactsHint')}
        emptyText={t('mentorships.field.contactsEmpty')}
        people={contacts}
        name="contactIds"
        primaryName="primaryContactId"
        selected={valuesOf(values, 'contactIds', defaults.contactIds)}
        primary={valueOf(values, 'primaryContactId', defaults.primaryContactId)}
        errors={[...(errors?.contactIds ?? []), ...(errors?.primaryContactId ?? [])]}
      />
      <div className="form-grid">
        <TextField
          label={t('mentorships.field.startsOn')}
          name="startsOn"
          type="date"
          defaultValue={valueOf(values, 'startsOn', defaults.startsOn)}
          errors={errors?.startsOn}
        />
        <TextField
          label={t('mentorships.field.plannedEndOn')}
          name="plannedEndOn"
          type="date"
          defaultValue={valueOf(values, 'plannedEndOn', defaults.plannedEndOn)}
          errors={errors?.plannedEndOn}
        />
        <SelectField
          label={t('mentorships.field.status')}
          name="status"
          defaultValue={valueOf(values, 'status', defaults.status)}
          options={MENTORSHIP_FORM_STATUSES.map((s) => ({ value: s, label: t(`mentorships.status.${s}`) }))}
          errors={errors?.status}
        />
        <TextField
          label={t('mentorships.field.endedOn')}
          hint={t('mentorships.field.endedOnHint')}
          name="endedOn"
          type="date"
          optional
          defaultValue={valueOf(values, 'endedOn', defaults.endedOn)}
          errors={errors?.endedOn}
        />
      </div>
      <TextareaField
        label={t('mentorships.field.notes')}
        hint={t('mentorships.field.notesHint')}
        name="notes"
        optional
        rows={3}
        defaultValue={valueOf(values, 'notes', defaults.notes)}
        errors={errors?.notes}
      />
      <div className="row">
        <StatusButton>{submitLabel}</StatusButton>
        <Link to={cancelTo} className="button button-quiet">
          {t('action.cancel')}
        </Link>
      </div>
    </Form>
  )
}

/** People of one side: a checkbox to name each person and a radio button to mark the primary one. */
function PeoplePicker({
  legend,
  hint,
  emptyText,
  people,
  name,
  primaryName,
  selected,
  primary,
  errors,
}: {
  legend: string
  hint: string
  emptyText: string
  people: Person[]
  name: string
  primaryName: string
  selected: string[]
  primary: string
  errors: string[]
}) {
  const { t } = useI18n()
  const id = useId()
  const chosen = new Set(selected)
  return (
    <fieldset
      className="field checkbox-group mentorship-people"
      aria-describedby={[`${id}-hint`, errors.length ? `${id}-error` : null].filter(Boolean).join(' ')}
    >
      <legend>{legend}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {people.length ? hint : emptyText}
      </p>
      {people.length ? (
        <ul className="list-plain" role="list">
          {people.map((p) => (
            <li key={p.id} className="mentorship-person">
              <label className="checkbox">
                <input type="checkbox" name={name} value={p.id} defaultChecked={chosen.has(p.id)} />
                <span>
                  {p.name}{' '}
                  <span className="muted">
                    · {t(`role.${p.role}`)}
                    {p.title ? `, ${p.title}` : ''}
                  </span>
                </span>
              </label>
              <label className="checkbox mentorship-primary">
                <input
                  type="radio"
                  name={primaryName}
                  value={p.id}
                  defaultChecked={primary === p.id}
                  aria-label={t('mentorships.field.primaryOf', { name: p.name })}
                />
                <span aria-hidden="true">{t('mentorships.field.primary')}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorList id={`${id}-error`} errors={errors} />
    </fieldset>
  )
}
