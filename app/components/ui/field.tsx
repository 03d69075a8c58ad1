import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { useI18n } from '#app/utils/use-i18n.ts'

/** Translated error messages under a field or a form; `id` lets the field point to them with aria-describedby. */
export function ErrorList({ id, errors }: { id?: string; errors?: readonly string[] | null }) {
  const { t } = useI18n()
  if (!errors?.length) return null
  return (
    <ul id={id} className="error-list" role="list">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  )
}

type FieldShellProps = {
  label: ReactNode
  hint?: ReactNode
  errors?: readonly string[] | null
  optional?: boolean
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode
  className?: string
}

function FieldShell({ label, hint, errors, optional, children, className }: FieldShellProps) {
  const { t } = useI18n()
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = errors?.length ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="field-optional"> ({t('common.optional')})</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy, invalid: Boolean(errorId) })}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

type Common = { label: ReactNode; hint?: ReactNode; errors?: readonly string[] | null; optional?: boolean }

export function TextField({ label, hint, errors, optional, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} optional={optional}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={!optional && input.type !== 'checkbox' ? true : undefined}
          {...input}
        />
      )}
    </FieldShell>
  )
}

export function TextareaField({
  label,
  hint,
  errors,
  optional,
  ...textarea
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} optional={optional}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          rows={4}
          required={!optional || undefined}
          {...textarea}
        />
      )}
    </FieldShell>
  )
}

export type Option = { value: string; label: string }

export function SelectField({
  label,
  hint,
  errors,
  optional,
  options,
  placeholder,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[]; placeholder?: string }) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} optional={optional}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required={!optional || undefined}
          {...select}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  )
}

/** A group of checkboxes sharing one name (e.g. the centres of a programme). */
export function CheckboxGroup({
  legend,
  name,
  options,
  defaultValues,
  errors,
}: {
  legend: ReactNode
  name: string
  options: readonly Option[]
  defaultValues: readonly string[]
  errors?: readonly string[] | null
}) {
  const id = useId()
  return (
    <fieldset className="field checkbox-group" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="checkbox" name={name} value={o.value} defaultChecked={defaultValues.includes(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
      <ErrorList id={`${id}-error`} errors={errors} />
    </fieldset>
  )
}

/** The value to show in a field: what was just typed (after a failed submit), else the stored value. */
export function valueOf(
  values: Record<string, string | string[]> | undefined,
  name: string,
  fallback: string | null | undefined = '',
) {
  const typed = values?.[name]
  if (typed !== undefined) return Array.isArray(typed) ? (typed[0] ?? '') : typed
  return fallback ?? ''
}

export function valuesOf(values: Record<string, string | string[]> | undefined, name: string, fallback: string[]) {
  const typed = values?.[name]
  if (typed === undefined) return values ? [] : fallback
  return Array.isArray(typed) ? typed : [typed]
}
