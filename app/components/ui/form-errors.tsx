import { useI18n } from '#app/utils/use-i18n.ts'
import type { FieldErrors } from '#app/utils/forms.ts'
import { ErrorList } from './field.tsx'

/** A summary at the top of a failed form, announced to screen readers. */
export function FormErrors({ errors }: { errors?: FieldErrors | null }) {
  const { t } = useI18n()
  if (!errors || Object.keys(errors).length === 0) return null
  const general = errors[''] ?? []
  const hasFieldErrors = Object.keys(errors).some((k) => k !== '')
  return (
    <div className="alert alert-error" role="alert">
      {hasFieldErrors ? <p>{t('validation.formErrors')}</p> : null}
      <ErrorList errors={general} />
    </div>
  )
}
