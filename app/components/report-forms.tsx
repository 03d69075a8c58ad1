import type { IndicatorChoices } from '#app/utils/report-content.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { SelectField, TextareaField, TextField, valueOf } from './ui/field.tsx'

type Values = Record<string, string | string[]> | undefined
type Errors = Record<string, string[]> | undefined

/** A coloured status label (a report's, an activity's); the colours live in reports.css. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge status-${status}`}>{label}</span>
}

/** The fields of a calendar-plan entry; the edit page uses them too. */
export function ActivityFields({
  values,
  errors,
  defaults,
  programme,
}: {
  values: Values
  errors: Errors
  defaults?: {
    title: string
    description: string | null
    isControlPoint: boolean
    plannedStartOn: string
    plannedEndOn: string
    actualStartOn: string | null
    actualEndOn: string | null
    result: string | null
  }
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
        <TextField
          label={t('reporting.setup.activity.plannedStartOn')}
          name="plannedStartOn"
          type="date"
          min={programme.startsOn}
          max={programme.endsOn}
          defaultValue={valueOf(values, 'plannedStartOn', defaults?.plannedStartOn)}
          errors={errors?.plannedStartOn}
        />
        <TextField
          label={t('reporting.setup.activity.plannedEndOn')}
          name="plannedEndOn"
          type="date"
          min={programme.startsOn}
          max={programme.endsOn}
          defaultValue={valueOf(values, 'plannedEndOn', defaults?.plannedEndOn)}
          errors={errors?.plannedEndOn}
        />
        <TextField
          label={t('reporting.setup.activity.actualStartOn')}
          name="actualStartOn"
          type="date"
          optional
          defaultValue={valueOf(values, 'actualStartOn', defaults?.actualStartOn)}
          errors={errors?.actualStartOn}
        />
        <TextField
          label={t('reporting.setup.activity.actualEndOn')}
          name="actualEndOn"
          type="date"
          optional
          defaultValue={valueOf(values, 'actualEndOn', defaults?.actualEndOn)}
          errors={errors?.actualEndOn}
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

/** The fields of an indicator; the indicator's own page uses them too. */
export function IndicatorFields({
  values,
  errors,
  defaults,
  choices,
}: {
  values: Values
  errors: Errors
  defaults?: {
    name: string
    unit: string
    source: 'computed' | 'manual'
    computationKey: string | null
    computationParams: Record<string, string>
    targetTotal: string | null
    description: string | null
  }
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

