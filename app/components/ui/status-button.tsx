import { useNavigation } from '@remix-run/react'
import type { ButtonHTMLAttributes } from 'react'
import { useI18n } from '#app/utils/use-i18n.ts'

/** A submit button that says it is working while its form is being sent. */
export function StatusButton({
  children,
  className,
  intent,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { intent?: string }) {
  const navigation = useNavigation()
  const { t } = useI18n()
  const busy =
    navigation.state === 'submitting' &&
    (intent === undefined || navigation.formData?.get('intent') === intent)
  return (
    <button
      type="submit"
      className={['button', className].filter(Boolean).join(' ')}
      name={intent ? 'intent' : undefined}
      value={intent}
      aria-busy={busy || undefined}
      disabled={busy || props.disabled}
      {...props}
    >
      {busy ? t('action.saving') : children}
    </button>
  )
}
