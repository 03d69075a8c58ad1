import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { IndicatorChoices, ReportActivity } from '#app/utils/report-content.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { SelectField, TextareaField, TextField, valueOf } from './ui/field.tsx'
import { FormErrors } from './ui/form-errors.tsx'
import { StatusButton } from './ui/status-button.tsx'

type Values = Record<string, string | string[]> | undefined
type Errors = Record<string, string[]> | undefined

/** What a failed submit sent back: the typed values and the messages, by field name. */
type Failure = { values?: Values; errors?: Errors } | undefined

/**
 * Where a set-up form stands: on the set-up page it adds a record under its own heading; on the record's page
 * it edits it (with the record's version against lost updates, where the record has one, and a way back).
 */
export type SetupFormMode = { mode: 'add' } | { mode: 'edit'; version?: number; cancelTo?: string }

type Entity = 'period' | 'activity' | 'indicator'

// The add forms share one action on the set-up page, so each names its own intent there.
const ADD_INTENT: Record<Entity, string> = {
  period: 'createPeriod',
  activity: 'createActivity',
  indicator: 'createIndicator',
}

/** A coloured status label (a report's, an activity's); the colours live in reports.css. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge status-${status}`}>{label}</span>
}

/** The frame every set-up form shares: heading (when adding), error summary, version, fields, buttons. */
function SetupForm({
  entity,
  mode,
  failure,
  notice,
  children,
}: {
  entity: Entity
  mode: SetupFormMode
  failure: Failure
  /** A remark between the fields and the buttons. */
  notice?: ReactNode
  children: ReactNode
}) {
  const { t } = useI18n()
  const edit = mode.mode === 'edit' ? mode : null
  const titleId = edit ? undefined : `${entity}-new-title`
  const submit = edit ? (
    <StatusButton intent="save">{t('action.save')}</StatusButton>
  ) : (
    <StatusButton intent={ADD_INTENT[entity]}>{t(`reporting.setup.${entity}.add`)}</StatusButton>
  )
  return (
    <Form method="post" className="card form" noValidate aria-labelledby={titleId}>
      {titleId ? <h3 id={titleId}>{t(`reporting.setup.${entity}.newTitle`)}</h3> : null}
      <FormErrors errors={failure?.errors} />
      {edit?.version !== undefined ? <input type="hidden" name="version" value={String(edit.version)} /> : null}
      {children}
      {notice}
      {edit?.cancelTo ? (
        <div className="row">
          {submit}
          <Link to={edit.cancelTo}>{t('action.cancel')}</Link>
        </div>
      ) : (
        submit
      )}
    </Form>
  )
}

/**
 * Dates of a set-up form, each showing what was typed, else the stored date; `within` keeps the pickers to the
 * programme's dates. No wrapper: they sit in the caller's form grid.
 */
function DateFields({
  dates,
  values,
  errors,
  within,
  optional,
}: {
  dates: readonly { name: string; label: string; stored: string | null | undefined }[]
  values: Values
  errors: Errors
  within?: { startsOn: string; endsOn: string }
  optional?: boolean
}) {
  return dates.map((date) => (
    <TextField
      key={date.name}
      label={date.label}
      name={date.name}
      type="date"
      min={within?.startsOn}
      max={within?.endsOn}
      optional={optional}
      defaultValue={valueOf(values, date.name, date.stored)}
      errors={errors?.[date.name]}
    />
  ))
}

/** A reporting period: added on the set-up page, edited on its own page. */
export function PeriodForm({
  mode,
  failure,
  period,
  programme,
  notice,
}: {
  mode: SetupFormMode
  failure: Failure
  period?: { label: string; startsOn: string; endsOn: string }
  programme: { startsOn: string; endsOn: string }
  notice?: ReactNode
}) {
  const { t } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  return (
    <SetupForm entity="period" mode={mode} failure={failure} notice={notice}>
      <TextField
        label={t('reporting.setup.period.label')}
        hint={t('reporting.setup.period.labelHint')}
        name="label"
        maxLength={120}
        defaultValue={valueOf(values, 'label', period?.label)}
        errors={errors?.label}
      />
      <div className="form-grid">
        <DateFields
          dates={[
            { name: 'startsOn', label: t('reporting.setup.field.startsOn'), stored: period?.startsOn },
            { name: 'endsOn', label: t('reporting.setup.field.endsOn'), stored: period?.endsOn },
          ]}
          within={programme}
          values={values}
          errors={errors}
        />
      </div>
    </SetupForm>
  )
}

/** A calendar-plan entry: added on the set-up page, edited on its own page. */
export function ActivityForm({
  mode,
  failure,
  activity,
  programme,
}: {
  mode: SetupFormMode
  failure: Failure
  activity?: ActivityDefaults
  programme: { startsOn: string; endsOn: string }
}) {
  return (
    <SetupForm entity="activity" mode={mode} failure={failure}>
      <ActivityFields values={failure?.values} errors={failure?.errors} defaults={activity} programme={programme} />
    </SetupForm>
  )
}

/** An indicator: added on the set-up page, its settings edited on the indicator's page. */
export function IndicatorForm({
  mode,
  failure,
  indicator,
  choices,
}: {
  mode: SetupFormMode
  failure: Failure
  indicator?: IndicatorDefaults
  choices: IndicatorChoices
}) {
  return (
    <SetupForm entity="indicator" mode={mode} failure={failure}>
      <IndicatorFields values={failure?.values} errors={failure?.errors} defaults={indicator} choices={choices} />
    </SetupForm>
  )
}

/** A calendar-plan entry as its form shows it: the report's own shape, less what the app works out. */
type ActivityDefaults = Omit<ReportActivity, 'id' | 'status'>

type IndicatorDefaults = {
  name: string
  unit: string
  source: 'computed' | 'manual'
  computationKey: string | null
  computationParams: Record<string, string>
  targetTotal: string | null
  description: string | null
}

function ActivityFields({
  values,
  errors,
  defaults,
  programme,
}: {
  values: Values
  errors: Errors
  defaults?: ActivityDefaults
  programme: { startsOn: string; endsOn: string }
}) {
  const { t } = useI18n()
  // After a failed submit an unticked box is simply absent from the values.
  const controlPoint = values ? values.isControlPoint === 'on' : (defaults?.isControlPoint ?? false)
  return (
    <>
      <TextField
        label={t('reporting.setup.activity.name')}
        name="title"
        maxLength={300}
        defaultValue={valueOf(values, 'title', defaults?.title)}
        errors={errors?.title}
      />
      <label className="checkbox">
        <input type="checkbox" name="isControlPoint" defaultChecked={controlPoint} />
        <span>{t('reporting.setup.activity.isControlPoint')}</span>
      </label>
      <p className="field-hint">{t('reporting.setup.activity.controlPointHint')}</p>
      <div className="form-grid">
        <DateFields
          dates={[
            {
              name: 'plannedStartOn',
              label: t('reporting.setup.activity.plannedStartOn'),
              stored: defaults?.plannedStartOn,
            },
            { name: 'plannedEndOn', label: t('reporting.setup.activity.plannedEndOn'), stored: defaults?.plannedEndOn },
          ]}
          within={programme}
          values={values}
          errors={errors}
        />
        <DateFields
          dates={[
            {
              name: 'actualStartOn',
              label: t('reporting.setup.activity.actualStartOn'),
              stored: defaults?.actualStartOn,
            },
            { name: 'actualEndOn', label: t('reporting.setup.activity.actualEndOn'), stored: defaults?.actualEndOn },
          ]}
          optional
          values={values}
          errors={errors}
        />
      </div>
      <TextareaField
        label={t('reporting.setup.activity.description')}
        name="description"
        optional
        rows={2}
        maxLength={4000}
        defaultValue={valueOf(values, 'description', defaults?.description)}
        errors={errors?.description}
      />
      <TextareaField
        label={t('reporting.setup.activity.result')}
        hint={t('reporting.setup.activity.resultHint')}
        name="result"
        optional
        rows={2}
        maxLength={4000}
        defaultValue={valueOf(values, 'result', defaults?.result)}
        errors={errors?.result}
      />
    </>
  )
}

function IndicatorFields({
  values,
  errors,
  defaults,
  choices,
}: {
  values: Values
  errors: Errors
  defaults?: IndicatorDefaults
  choices: IndicatorChoices
}) {
  const { t } = useI18n()
  return (
    <>
      <div className="form-grid">
        <div className="span-2">
          <TextField
            label={t('reporting.setup.indicator.name')}
            hint={t('reporting.setup.indicator.nameHint')}
            name="name"
            maxLength={300}
            defaultValue={valueOf(values, 'name', defaults?.name)}
            errors={errors?.name}
          />
        </div>
        <TextField
          label={t('reporting.setup.indicator.unit')}
          hint={t('reporting.setup.indicator.unitHint')}
          name="unit"
          maxLength={40}
          defaultValue={valueOf(values, 'unit', defaults?.unit)}
          errors={errors?.unit}
        />
        <TextField
          label={t('reporting.setup.indicator.targetTotal')}
          hint={t('reporting.setup.indicator.targetHint')}
          name="targetTotal"
          inputMode="decimal"
          optional
          defaultValue={valueOf(values, 'targetTotal', defaults?.targetTotal ?? '')}
          errors={errors?.targetTotal}
        />
      </div>
      <SelectField
        label={t('reporting.setup.indicator.source')}
        hint={t('reporting.setup.indicator.sourceHint')}
        name="source"
        options={[
          { value: 'computed', label: t('reporting.setup.indicator.sourceValue.computed') },
          { value: 'manual', label: t('reporting.setup.indicator.sourceValue.manual') },
        ]}
        defaultValue={valueOf(values, 'source', defaults?.source ?? 'computed')}
        errors={errors?.source}
      />
      <SelectField
        label={t('reporting.setup.indicator.computation')}
        hint={t('reporting.setup.indicator.computationHint')}
        name="computationKey"
        optional
        placeholder={t('reporting.setup.indicator.computationChoose')}
        options={choices.computations}
        defaultValue={valueOf(values, 'computationKey', defaults?.computationKey ?? '')}
        errors={errors?.computationKey}
      />
      {choices.params.map((param) => (
        <SelectField
          key={param.name}
          label={param.label}
          hint={param.hint}
          name={`param.${param.name}`}
          optional
          placeholder={t('reporting.setup.indicator.paramAny')}
          options={param.options}
          defaultValue={valueOf(values, `param.${param.name}`, defaults?.computationParams[param.name] ?? '')}
          errors={errors?.[`param.${param.name}`]}
        />
      ))}
      <TextareaField
        label={t('reporting.setup.indicator.description')}
        name="description"
        optional
        rows={2}
        maxLength={2000}
        defaultValue={valueOf(values, 'description', defaults?.description)}
        errors={errors?.description}
      />
    </>
  )
}
