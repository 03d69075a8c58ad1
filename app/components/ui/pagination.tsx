import { Link } from '@remix-run/react'
import { useI18n } from '#app/utils/use-i18n.ts'

/**
 * Previous / next links for a paginated list. `params` are the list's other query parameters (empty ones
 * are left out of the address); page 1 has no `page` parameter.
 */
export function Pagination({
  page,
  pages,
  path,
  params = {},
  label,
}: {
  page: number
  pages: number
  path: string
  params?: Record<string, string | number | boolean | null | undefined>
  label: string
}) {
  const { t } = useI18n()
  if (pages <= 1 && page <= 1) return null
  const href = (p: number) => {
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(params)) {
      if (value === true) search.set(key, '1')
      else if (value !== undefined && value !== null && value !== '' && value !== false) search.set(key, String(value))
    }
    if (p > 1) search.set('page', String(p))
    const query = search.toString()
    return query ? `${path}?${query}` : path
  }
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link to={href(Math.min(page - 1, pages))} rel="prev">
          {t('common.prev')}
        </Link>
      ) : null}
      <span aria-current="page">{t('common.page', { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          {t('common.next')}
        </Link>
      ) : null}
    </nav>
  )
}
