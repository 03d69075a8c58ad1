import { lazy, Suspense, useEffect, useId, useState } from 'react'
import { ErrorList } from '#app/components/ui/field.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

// Tiptap with tables, images, callouts and videos is the heaviest code in the app: it is fetched only
// by authoring pages that render this component, and only once the page runs in a browser.
const LessonTiptapEditor = lazy(() => import('./lesson-tiptap-editor.tsx'))

type Props = {
  name: string
  label: string
  hint?: string
  errors?: readonly string[] | null
  optional?: boolean
  /** The stored document. */
  defaultDoc?: Record<string, unknown> | null
  /** Its text with blank lines between blocks, for the no-JavaScript textarea. */
  defaultText?: string
  rows?: number
}

/**
 * A lesson text field. Without JavaScript (or while the editor loads) it is a textarea posting
 * `${name}Text` — the server keeps the formatted document when that text is left as it was. With
 * JavaScript it is the lesson editor posting the document as JSON in `name`.
 */
export function LessonEditor({ name, label, hint, errors, optional, defaultDoc, defaultText, rows = 14 }: Props) {
  const id = useId()
  const { t } = useI18n()
  const [enhanced, setEnhanced] = useState(false)
  useEffect(() => setEnhanced(true), [])
  const errorId = errors?.length ? `${id}-error` : undefined
  const hintId = `${id}-hint`
  const describedBy = [hintId, errorId].filter(Boolean).join(' ')
  const textarea = (
    <>
      <textarea
        id={id}
        name={`${name}Text`}
        rows={rows}
        defaultValue={defaultText ?? ''}
        aria-describedby={describedBy}
        aria-invalid={errorId ? true : undefined}
      />
      <p className="field-hint">{t('authoring.editor.noScript')}</p>
    </>
  )
  return (
    <div className="field lesson-editor-field">
      <label htmlFor={id} id={`${id}-label`}>
        {label}
        {optional ? <span className="field-optional"> ({t('common.optional')})</span> : null}
      </label>
      <p id={hintId} className="field-hint">
        {hint ?? t('authoring.editor.hint')}
      </p>
      {enhanced ? (
        <Suspense fallback={textarea}>
          <LessonTiptapEditor
            name={name}
            labelId={`${id}-label`}
            describedBy={describedBy}
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
