import { lazy, Suspense, useEffect, useId, useState } from 'react'
import { ErrorList } from '#app/components/ui/field.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'
import type { RichTextDoc } from '#app/utils/rich-text-doc.ts'

// The editor (~130 KB) is loaded only on pages that render this component, and only in the browser.
const TiptapEditor = lazy(() => import('./tiptap-editor.tsx'))

type Props = {
  name: string
  label: string
  hint?: string
  errors?: readonly string[] | null
  /** The stored document. */
  defaultDoc?: RichTextDoc | Record<string, unknown> | null
  /** Plain text of the stored document, for the no-JavaScript textarea. */
  defaultText?: string
}

/**
 * A rich-text field. Without JavaScript (or before the editor has loaded) it is a plain textarea posting
 * `${name}Text`; with it, a Tiptap editor posting the document as JSON in `name`.
 */
export function RichTextEditor({ name, label, hint, errors, defaultDoc, defaultText }: Props) {
  const id = useId()
  const { t } = useI18n()
  const [enhanced, setEnhanced] = useState(false)
  useEffect(() => setEnhanced(true), [])
  const errorId = errors?.length ? `${id}-error` : undefined
  const hintId = hint ? `${id}-hint` : undefined
  const textarea = (
    <textarea
      id={id}
      name={`${name}Text`}
      rows={6}
      defaultValue={defaultText ?? ''}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      aria-invalid={errorId ? true : undefined}
    />
  )
  return (
    <div className="field">
      <label htmlFor={id} id={`${id}-label`}>
        {label} <span className="field-optional">({t('common.optional')})</span>
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {enhanced ? (
        <Suspense fallback={textarea}>
          <TiptapEditor
            name={name}
            labelId={`${id}-label`}
            describedBy={[hintId, errorId].filter(Boolean).join(' ') || undefined}
            defaultDoc={defaultDoc ?? null}
            defaultText={defaultText ?? ''}
          />
        </Suspense>
      ) : (
        textarea
      )}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}
