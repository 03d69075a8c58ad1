import { Form } from '@remix-run/react'
import { ErrorList, SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import type { FieldErrors } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

type Option = { id: string; name: string }
type PracticeOption = { id: string; title: string; selected: boolean }

/** The i-th value of a repeated field after a failed submit. */
function nth(values: Record<string, string | string[]> | undefined, name: string, i: number) {
  const v = values?.[name]
  if (v === undefined) return ''
  return Array.isArray(v) ? (v[i] ?? '') : i === 0 ? v : ''
}

/**
 * Starting a transfer track: the board fixes the programme and asks for the centre, a centre's page fixes the
 * centre and asks for the programme. Practices selected in the programme come first. Up to three partner NGOs.
 */
export function TrackStartForm({
  centres,
  programmes,
  practices,
  partnerRows,
  today,
  failure,
}: {
  centres?: Option[]
  programmes?: Option[]
  practices: PracticeOption[]
  partnerRows: number
  today: string
  failure?: { errors: FieldErrors; values: Record<string, string | string[]> }
}) {
  const { t } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  const selected = practices.filter((p) => p.selected)
  const others = practices.filter((p) => !p.selected)
  const practiceError = errors?.practiceId
  return (
    <Form method="post" className="form" noValidate>
      <FormErrors errors={errors} />
      <div className="form-grid">
        {centres ? (
          <SelectField
            label={t('practices.start.centre')}
            name="organisationId"
            placeholder={t('practices.start.chooseCentre')}
            options={centres.map((c) => ({ value: c.id, label: c.name }))}
            defaultValue={valueOf(values, 'organisationId')}
            errors={errors?.organisationId}
          />
        ) : null}
        {programmes ? (
          <SelectField
            label={t('practices.start.programme')}
            name="programmeId"
            placeholder={programmes.length > 1 ? t('practices.start.chooseProgramme') : undefined}
            options={programmes.map((p) => ({ value: p.id, label: p.name }))}
            defaultValue={valueOf(values, 'programmeId')}
            errors={errors?.programmeId}
          />
        ) : null}
        <div className="field">
          <label htmlFor="start-practice">{t('practices.start.practice')}</label>
          <select
            id="start-practice"
            name="practiceId"
            required
            defaultValue={valueOf(values, 'practiceId')}
            aria-invalid={practiceError ? true : undefined}
            aria-describedby={practiceError ? 'start-practice-error' : undefined}
          >
            <option value="">{t('practices.start.choosePractice')}</option>
            {selected.length ? (
              <optgroup label={t('practices.start.selectedGroup')}>
                {selected.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </optgroup>
            ) : null}
            <optgroup label={selected.length ? t('practices.start.otherGroup') : t('practices.start.allGroup')}>
              {others.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </optgroup>
          </select>
          <ErrorList id="start-practice-error" errors={practiceError} />
        </div>
        <TextField
          label={t('practices.start.startedOn')}
          name="startedOn"
          type="date"
          max={today}
          defaultValue={valueOf(values, 'startedOn', today)}
          errors={errors?.startedOn}
        />
      </div>
      <TextareaField
        label={t('practices.start.note')}
        hint={t('practices.start.noteHint')}
        name="note"
        optional
        rows={2}
        maxLength={2000}
        defaultValue={valueOf(values, 'note')}
        errors={errors?.note}
      />
      <fieldset className="practice-partners">
        <legend>{t('practices.start.partnersTitle')}</legend>
        <p className="field-hint">{t('practices.start.partnersHint')}</p>
        {Array.from({ length: partnerRows }, (_, i) => (
          <div key={i} className="form-grid practice-partner-row">
            <TextField
              label={t('practices.partner.nameN', { n: i + 1 })}
              name="partnerName"
              optional
              maxLength={300}
              defaultValue={nth(values, 'partnerName', i)}
              errors={errors?.[`partnerName.${i}`]}
            />
            <TextField
              label={t('practices.partner.innN', { n: i + 1 })}
              name="partnerInn"
              optional
              inputMode="numeric"
              maxLength={14}
              defaultValue={nth(values, 'partnerInn', i)}
              errors={errors?.[`partnerInn.${i}`]}
            />
            <TextField
              label={t('practices.partner.contactN', { n: i + 1 })}
              name="partnerContact"
              optional
              maxLength={300}
              defaultValue={nth(values, 'partnerContact', i)}
              errors={errors?.[`partnerContact.${i}`]}
            />
          </div>
        ))}
      </fieldset>
      <StatusButton intent="start">{t('practices.start.submit')}</StatusButton>
    </Form>
  )
}
