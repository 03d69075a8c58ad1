import { TextField } from '#app/components/ui/field.tsx'
import type { FieldErrors } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export function NewPasswordFields({ errors }: { errors?: FieldErrors }) {
  const { t } = useI18n()
  return (
    <>
      <TextField
        label={t('password.new')}
        name="password"
        type="password"
        autoComplete="new-password"
        hint={t('password.hint')}
        errors={errors?.password}
        minLength={10}
      />
      <TextField
        label={t('password.confirm')}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        errors={errors?.confirmPassword}
      />
    </>
  )
}
