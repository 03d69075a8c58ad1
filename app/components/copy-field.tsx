import { useEffect, useId, useState } from 'react'
import { useI18n } from '#app/utils/use-i18n.ts'

/** A read-only value with a copy button (the button appears only when the browser can copy). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId()
  const { t } = useI18n()
  const [canCopy, setCanCopy] = useState(false)
  const [copied, setCopied] = useState(false)
  useEffect(() => setCanCopy(typeof navigator !== 'undefined' && Boolean(navigator.clipboard)), [])
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} type="text" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        {canCopy ? (
          <button
            type="button"
            className="button button-quiet"
            onClick={async () => {
              await navigator.clipboard.writeText(value)
              setCopied(true)
            }}
          >
            {copied ? t('calendar.copied') : t('calendar.copy')}
          </button>
        ) : null}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {copied ? t('calendar.copied') : ''}
      </p>
    </div>
  )
}
