import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useI18n } from '#app/utils/use-i18n.ts'
import { SelectField, TextField, type Option } from './ui/field.tsx'

/** One drop-down of a filter bar: its query parameter, label, current value and choices. */
export type FilterSelect = {
  name: string
  label: string
  value: string
  options: readonly Option[]
  /** The "any …" choice with an empty value; leave it out where every choice is a real one. */
  placeholder?: string
}

/** The free-text search box of a filter bar (query parameter `q` unless named otherwise). */
export type FilterSearch = {
  label: string
  hint?: string
  value: string
  name?: string
}

/**
 * The filters above a list: a GET form (so the filtered list has its own address and works without
 * JavaScript), announced as a search landmark, with an optional search box, drop-downs, a submit button and a
 * "reset" link while any filter is set. The fields wrap in a row on a wide screen and stack on a phone.
 * Entries of `selects` may be `false`/`null` so a page can leave one out for some viewers inline.
 */
export function FilterBar({
  label,
  search,
  selects = [],
  hidden,
  children,
  submitLabel,
  filtered,
  resetTo,
  resetLabel,
  className,
}: {
  /** The accessible name of the search landmark. */
  label: string
  search?: FilterSearch
  selects?: readonly (FilterSelect | false | null | undefined)[]
  /** Parameters the form carries over unchanged (e.g. the tab the list is on). */
  hidden?: Record<string, string | null | undefined>
  /** Further controls after the drop-downs (e.g. a checkbox). */
  children?: ReactNode
  submitLabel?: string
  /** Whether any filter is set: the reset link shows only then. */
  filtered: boolean
  resetTo: string
  resetLabel: string
  className?: string
}) {
  const { t } = useI18n()
  return (
    <Form
      method="get"
      className={['filters filter-bar', className].filter(Boolean).join(' ')}
      role="search"
      aria-label={label}
    >
      {Object.entries(hidden ?? {}).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      {search ? (
        <TextField
          label={search.label}
          hint={search.hint}
          name={search.name ?? 'q'}
          type="search"
          required={false}
          defaultValue={search.value}
          maxLength={100}
        />
      ) : null}
      {selects.map((select) =>
        select ? (
          <SelectField
            key={select.name}
            label={select.label}
            name={select.name}
            required={false}
            placeholder={select.placeholder}
            defaultValue={select.value}
            options={select.options}
          />
        ) : null,
      )}
      {children}
      <div className="row filter-bar-actions">
        <button type="submit" className="button">
          {submitLabel ?? t('action.search')}
        </button>
        {filtered ? (
          <Link to={resetTo} className="button button-quiet">
            {resetLabel}
          </Link>
        ) : null}
      </div>
    </Form>
  )
}
