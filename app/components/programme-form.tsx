import { Form, Link } from '@remix-run/react'
import { useId } from 'react'
import { z } from 'zod'
import { ErrorList, SelectField, TextareaField, TextField, valueOf, valuesOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { isoDate, optionalMoney, optionalText, requiredText, type FormFailure } from '#app/utils/forms.ts'
import type { Locale } from '#app/utils/i18n.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

/** Funders programmes usually come from; people may type any other. Proper names, so not translated. */
export const COMMON_FUNDERS = [
  'Фонд президентских грантов',
  'Фонд президентских грантов (конкурс для регионов)',
  'Президентский фонд культурных инициатив',
  'Региональная субсидия на поддержку СО НКО',
  'Муниципальная субсидия на поддержку СО НКО',
  'Субсидия Минэкономразвития России',
] as const

const emailFormat = z.email()

/** Addresses typed one per line or separated by commas or semicolons, lower-cased and without repeats. */
export function splitEmailList(raw: string | undefined) {
  const emails = [
    ...new Set(
      (raw ?? '')
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]
  const invalid = emails.filter((e) => !emailFormat.safeParse(e).success)
  return { emails, invalid }
}

const programmeFields = {
  name: requiredText(300),
  funder: requiredText(300),
  competition: optionalText(300),
  grantNumber: optionalText(100),
  amount: optionalMoney,
  coFinancing: optionalMoney,
  startsOn: isoDate,
  endsOn: isoDate,
  // Ids are checked against the database (format included) in checkProgrammeReferences, with one message.
  centreIds: z
    .array(z.string())
    .max(5000)
    .transform((ids) => [...new Set(ids)]),
  managerEmails: z
    .string()
    .max(20_000)
    .optional()
    .refine((raw) => splitEmailList(raw).invalid.length === 0, { error: 'validation.email' })
    .transform((raw) => splitEmailList(raw).emails),
  description: optionalText(5000),
  /** When the form was built (the programme's updatedAt in ms): a stale form gets 409 instead of overwriting. */
  version: z.coerce.number().int().optional(),
}

const endNotBeforeStart = (v: { startsOn: string; endsOn: string }) => v.endsOn >= v.startsOn
// Only checked once both dates are valid, so a missing date is not also reported as "wrong order".
const dateOrderIssue = {
  path: ['endsOn'],
  error: 'validation.dateOrder',
  when: (payload: { value: unknown }) => {
    const v = payload.value as { startsOn?: unknown; endsOn?: unknown } | undefined
    return isoDate.safeParse(v?.startsOn).success && isoDate.safeParse(v?.endsOn).success
  },
}

/** The full form, for administrators: the mentor organisation is chosen here. */
export const ProgrammeFormSchema = z
  .object({ ...programmeFields, mentorOrganisationId: z.guid({ error: 'validation.choose' }) })
  .refine(endNotBeforeStart, dateOrderIssue)

/** The form as a programme manager sends it: the mentor organisation is not theirs to change. */
export const ProgrammeManagerFormSchema = z.object(programmeFields).refine(endNotBeforeStart, dateOrderIssue)

export const PROGRAMME_ARRAY_FIELDS = ['centreIds'] as const

/** A stored numeric amount as people type it: «9 484 487,00» in Russian, «9 484 487.00» in English. */
export function moneyForInput(value: string | null, locale: Locale) {
  if (!value) return ''
  const [whole = '0', fraction = '00'] = value.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  return `${grouped}${locale === 'ru' ? ',' : '.'}${fraction}`
}

export type ProgrammeFormDefaults = {
  name: string
  funder: string
  competition: string
  grantNumber: string
  amount: string
  coFinancing: string
  startsOn: string
  endsOn: string
  mentorOrganisationId: string
  centreIds: string[]
  managerEmails: string
  description: string
  version?: number
}

export type ProgrammeFormFailure = FormFailure & { emailProblems?: string[] }

type CentreOption = {
  id: string
  name: string
  shortName: string | null
  city: string
  regionCode: string
  regionRu: string
  regionEn: string
}

export function ProgrammeForm({
  defaults,
  failure,
  mentors,
  centres,
  mentor,
  submitLabel,
  cancelTo,
}: {
  defaults: ProgrammeFormDefaults
  failure: ProgrammeFormFailure | null | undefined
  mentors: { id: string; name: string; city: string }[]
  centres: CentreOption[]
  /** Set when the person may not change the mentor organisation: it is shown, not offered. */
  mentor?: { name: string } | null
  submitLabel: string
  cancelTo: string
}) {
  const { t } = useI18n()
  const funderListId = useId()
  const values = failure?.values
  const errors = failure?.errors
  // Field errors are message keys; these two name the addresses they are about.
  const problems = failure?.emailProblems ?? []
  const emailErrors = errors?.managerEmails?.map((key) =>
    key === 'programmes.unknownManager' || (key === 'validation.email' && problems.length)
      ? t(key === 'validation.email' ? 'programmes.badEmail' : key, { emails: problems.join(', '), count: problems.length })
      : key,
  )
  return (
    <Form method="post" noValidate>
      <FormErrors errors={errors} />
      {defaults.version !== undefined ? <input type="hidden" name="version" value={String(defaults.version)} /> : null}
      <div className="form-grid">
        <div className="span-2">
          <TextField
            label={t('programmes.field.name')}
            name="name"
            defaultValue={valueOf(values, 'name', defaults.name)}
            errors={errors?.name}
            maxLength={300}
          />
        </div>
        <div className="span-2">
          <TextField
            label={t('programmes.field.funder')}
            hint={t('programmes.field.funderHint')}
            name="funder"
            list={funderListId}
            autoComplete="off"
            defaultValue={valueOf(values, 'funder', defaults.funder)}
            errors={errors?.funder}
            maxLength={300}
          />
          <datalist id={funderListId}>
            {COMMON_FUNDERS.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
        </div>
        <TextField
          label={t('programmes.field.competition')}
          hint={t('programmes.field.competitionHint')}
          name="competition"
          optional
          defaultValue={valueOf(values, 'competition', defaults.competition)}
          errors={errors?.competition}
        />
        <TextField
          label={t('programmes.field.grantNumber')}
          hint={t('programmes.field.grantNumberHint')}
          name="grantNumber"
          optional
          defaultValue={valueOf(values, 'grantNumber', defaults.grantNumber)}
          errors={errors?.grantNumber}
        />
        <TextField
          label={t('programmes.field.amount')}
          hint={t('programmes.field.moneyHint')}
          name="amount"
          optional
          inputMode="decimal"
          defaultValue={valueOf(values, 'amount', defaults.amount)}
          errors={errors?.amount}
        />
        <TextField
          label={t('programmes.field.coFinancing')}
          hint={t('programmes.field.moneyHint')}
          name="coFinancing"
          optional
          inputMode="decimal"
          defaultValue={valueOf(values, 'coFinancing', defaults.coFinancing)}
          errors={errors?.coFinancing}
        />
        <TextField
          label={t('programmes.field.startsOn')}
          name="startsOn"
          type="date"
          defaultValue={valueOf(values, 'startsOn', defaults.startsOn)}
          errors={errors?.startsOn}
        />
        <TextField
          label={t('programmes.field.endsOn')}
          name="endsOn"
          type="date"
          defaultValue={valueOf(values, 'endsOn', defaults.endsOn)}
          errors={errors?.endsOn}
        />
        <div className="span-2">
          {mentor ? (
            <div className="field">
              <p>
                <strong>{t('programmes.field.mentor')}:</strong> {mentor.name}
              </p>
              <p className="field-hint">{t('programmes.field.mentorAdminOnly')}</p>
            </div>
          ) : (
            <SelectField
              label={t('programmes.field.mentor')}
              name="mentorOrganisationId"
              placeholder={t('programmes.field.mentorChoose')}
              defaultValue={valueOf(values, 'mentorOrganisationId', defaults.mentorOrganisationId)}
              options={mentors.map((m) => ({ value: m.id, label: `${m.name} (${m.city})` }))}
              errors={errors?.mentorOrganisationId}
            />
          )}
        </div>
        <div className="span-2">
          <CentrePicker
            centres={centres}
            selected={valuesOf(values, 'centreIds', defaults.centreIds)}
            errors={errors?.centreIds}
          />
        </div>
        <div className="span-2">
          <TextareaField
            label={t('programmes.field.managers')}
            hint={t('programmes.field.managersHint')}
            name="managerEmails"
            optional
            rows={3}
            autoComplete="off"
            spellCheck={false}
            defaultValue={valueOf(values, 'managerEmails', defaults.managerEmails)}
            errors={emailErrors}
          />
        </div>
        <div className="span-2">
          <TextareaField
            label={t('programmes.field.description')}
            name="description"
            optional
            rows={5}
            defaultValue={valueOf(values, 'description', defaults.description)}
            errors={errors?.description}
          />
        </div>
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

/**
 * Centres as checkboxes, one collapsible block per region: a federal installation has ~2,000 centres,
 * and a flat list of them is unusable. Regions with a ticked centre start open.
 */
function CentrePicker({
  centres,
  selected,
  errors,
}: {
  centres: CentreOption[]
  selected: string[]
  errors?: readonly string[] | null
}) {
  const { t, locale } = useI18n()
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const chosen = new Set(selected)
  const groups = new Map<string, { name: string; centres: CentreOption[] }>()
  for (const centre of centres) {
    let group = groups.get(centre.regionCode)
    if (!group) {
      group = { name: locale === 'ru' ? centre.regionRu : centre.regionEn, centres: [] }
      groups.set(centre.regionCode, group)
    }
    group.centres.push(centre)
  }
  const sorted = [...groups.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name, locale))
  return (
    <fieldset
      className="field checkbox-group"
      aria-describedby={[hintId, errors?.length ? errorId : null].filter(Boolean).join(' ')}
    >
      <legend>
        {t('programmes.field.centres')}{' '}
        <span className="field-optional">({t('programmes.selectedCount', { count: chosen.size })})</span>
      </legend>
      <p id={hintId} className="field-hint">
        {centres.length ? t('programmes.field.centresHint') : t('programmes.noCentresYet')}
      </p>
      {sorted.map(([code, group]) => {
        const ticked = group.centres.filter((c) => chosen.has(c.id)).length
        return (
          <details key={code} open={ticked > 0}>
            <summary>
              {group.name}{' '}
              <span className="muted">
                {t('programmes.regionSelected', { count: group.centres.length, selected: String(ticked) })}
              </span>
            </summary>
            {group.centres.map((c) => (
              <label key={c.id} className="checkbox">
                <input type="checkbox" name="centreIds" value={c.id} defaultChecked={chosen.has(c.id)} />
                <span>
                  {c.name} <span className="muted">· {c.city}</span>
                </span>
              </label>
            ))}
          </details>
        )
      })}
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  )
}
