import { useEffect, useRef, useState } from 'react'
import { ErrorList } from '#app/components/ui/field.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

export type FieldRow = { key: string; label: string; type: string; required: boolean; hint: string }

type Row = FieldRow & { uid: number }

const blank = (): FieldRow => ({ key: '', label: '', type: 'text', required: false, hint: '' })

/**
 * The rows a failed submit sent back (`fields.<i>.key` …), in their order and blank ones included (so the
 * server's errors, named by row index, land on the same rows), or null when the form did not carry the
 * field list (the stored one applies).
 */
export function fieldRowsFromValues(values: Record<string, string | string[]> | undefined): FieldRow[] | null {
  if (!values) return null
  const indices = new Set<number>()
  for (const name of Object.keys(values)) {
    const m = /^fields\.(\d{1,3})\./.exec(name)
    if (m) indices.add(Number(m[1]))
  }
  if (indices.size === 0) return null
  const text = (name: string) => {
    const v = values[name]
    return typeof v === 'string' ? v : (v?.[0] ?? '')
  }
  return [...indices]
    .sort((a, b) => a - b)
    .map((i) => ({
      key: text(`fields.${i}.key`),
      label: text(`fields.${i}.label`),
      type: text(`fields.${i}.type`) || 'text',
      required: text(`fields.${i}.required`) === 'on',
      hint: text(`fields.${i}.hint`),
    }))
}

/**
 * The list of a template's fields: key (used in the text as {{key}}), label, type, required, hint. Each
 * row posts `fields.<i>.…`; a row left blank is ignored by the server. Without JavaScript it is a plain
 * list with one empty row to add a field (clear a row to remove it); with it, rows can be added, moved and
 * removed. `errors` are per input name, as the server reports them.
 */
export function TemplateFieldsEditor({
  defaultRows,
  types,
  errors,
}: {
  defaultRows: FieldRow[]
  types: readonly string[]
  errors?: Record<string, string[]>
}) {
  const { t } = useI18n()
  const next = useRef(0)
  const withId = (row: FieldRow): Row => ({ ...row, uid: next.current++ })
  // Always one empty row at the end, so a field can be added without JavaScript too.
  const [rows, setRows] = useState<Row[]>(() => {
    const last = defaultRows.at(-1)
    const endsBlank = last !== undefined && !last.key && !last.label && !last.hint
    return (endsBlank ? defaultRows : [...defaultRows, blank()]).map(withId)
  })
  const [enhanced, setEnhanced] = useState(false)
  useEffect(() => setEnhanced(true), [])
  const update = (uid: number, patch: Partial<FieldRow>) => setRows((list) => list.map((r) => (r.uid === uid ? { ...r, ...patch } : r)))
  const move = (index: number, by: -1 | 1) =>
    setRows((list) => {
      const copy = [...list]
      const j = index + by
      if (j < 0 || j >= copy.length) return list
      ;[copy[index], copy[j]] = [copy[j]!, copy[index]!]
      return copy
    })
  const remove = (uid: number) => setRows((list) => (list.length > 1 ? list.filter((r) => r.uid !== uid) : [withId(blank())]))
  return (
    <div className="template-fields">
      <ol className="template-field-list" role="list">
        {rows.map((row, i) => {
          const n = i + 1
          const name = (part: string) => `fields.${i}.${part}`
          const id = (part: string) => `field-${row.uid}-${part}`
          const errorsOf = (part: string) => errors?.[name(part)]
          const number = <span className="visually-hidden"> — {t('toolkits.fields.rowLabel', { n })}</span>
          return (
            <li key={row.uid} className="template-field">
              <fieldset>
                <legend>
                  {row.key || row.label ? t('toolkits.fields.row', { n, label: row.label || row.key }) : t('toolkits.fields.rowNew', { n })}
                </legend>
                <div className="template-field-grid">
                  <div className="field">
                    <label htmlFor={id('key')}>
                      {t('toolkits.fields.key')}
                      {number}
                    </label>
                    <input
                      id={id('key')}
                      name={name('key')}
                      value={row.key}
                      onChange={(e) => update(row.uid, { key: e.currentTarget.value })}
                      maxLength={40}
                      autoCapitalize="off"
                      autoCorrect="off"
                      spellCheck={false}
                      pattern="[A-Za-z][A-Za-z0-9_]*"
                      aria-describedby={`${id('key')}-hint${errorsOf('key') ? ` ${id('key')}-error` : ''}`}
                      aria-invalid={errorsOf('key') ? true : undefined}
                    />
                    <p className="field-hint" id={`${id('key')}-hint`}>
                      {row.key ? t('toolkits.fields.keyUse', { placeholder: `{{${row.key}}}` }) : t('toolkits.fields.keyHint')}
                    </p>
                    <ErrorList id={`${id('key')}-error`} errors={errorsOf('key')} />
                  </div>
                  <div className="field">
                    <label htmlFor={id('label')}>
                      {t('toolkits.fields.label')}
                      {number}
                    </label>
                    <input
                      id={id('label')}
                      name={name('label')}
                      value={row.label}
                      onChange={(e) => update(row.uid, { label: e.currentTarget.value })}
                      maxLength={200}
                      aria-describedby={errorsOf('label') ? `${id('label')}-error` : undefined}
                      aria-invalid={errorsOf('label') ? true : undefined}
                    />
                    <ErrorList id={`${id('label')}-error`} errors={errorsOf('label')} />
                  </div>
                  <div className="field">
                    <label htmlFor={id('type')}>
                      {t('toolkits.fields.type')}
                      {number}
                    </label>
                    <select id={id('type')} name={name('type')} value={row.type} onChange={(e) => update(row.uid, { type: e.currentTarget.value })}>
                      {types.map((type) => (
                        <option key={type} value={type}>
                          {t(`toolkits.fieldType.${type}`)}
                        </option>
                      ))}
                    </select>
                    <ErrorList errors={errorsOf('type')} />
                  </div>
                  <div className="field">
                    <label htmlFor={id('hint')}>
                      {t('toolkits.fields.hint')}
                      {number} <span className="field-optional">({t('common.optional')})</span>
                    </label>
                    <input
                      id={id('hint')}
                      name={name('hint')}
                      value={row.hint}
                      onChange={(e) => update(row.uid, { hint: e.currentTarget.value })}
                      maxLength={500}
                    />
                    <ErrorList errors={errorsOf('hint')} />
                  </div>
                </div>
                <div className="template-field-actions">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name={name('required')}
                      checked={row.required}
                      onChange={(e) => update(row.uid, { required: e.currentTarget.checked })}
                    />
                    <span>
                      {t('toolkits.fields.required')}
                      {number}
                    </span>
                  </label>
                  {enhanced ? (
                    <span className="move-buttons">
                      <button
                        type="button"
                        className="button button-quiet move-button"
                        onClick={() => move(i, -1)}
                        disabled={i === 0}
                        aria-label={t('toolkits.fields.moveUp', { n })}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button button-quiet move-button"
                        onClick={() => move(i, 1)}
                        disabled={i === rows.length - 1}
                        aria-label={t('toolkits.fields.moveDown', { n })}
                      >
                        ↓
                      </button>
                      <button type="button" className="button button-quiet" onClick={() => remove(row.uid)} aria-label={t('toolkits.fields.removeLabel', { n })}>
                        {t('toolkits.fields.remove')}
                      </button>
                    </span>
                  ) : null}
                </div>
              </fieldset>
            </li>
          )
        })}
      </ol>
      {enhanced ? (
        <button type="button" className="button button-quiet" onClick={() => setRows((list) => [...list, withId(blank())])}>
          {t('toolkits.fields.add')}
        </button>
      ) : (
        <p className="field-hint">{t('toolkits.fields.noScript')}</p>
      )}
    </div>
  )
}
