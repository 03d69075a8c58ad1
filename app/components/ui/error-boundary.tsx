import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { useI18n } from '#app/utils/use-i18n.ts'

const TITLES: Record<number, string> = {
  400: 'errors.title',
  403: 'errors.forbiddenTitle',
  404: 'errors.notFoundTitle',
  409: 'errors.title',
  422: 'errors.title',
}

/** One error page for every route: a clear message per status, never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useI18n()
  let status = 500
  let message = 'errors.unexpected'
  if (isRouteErrorResponse(error)) {
    status = error.status
    const body = error.data as { message?: string } | string | undefined
    message =
      typeof body === 'object' && body?.message
        ? body.message
        : status === 404
          ? 'errors.notFound'
          : status === 403
            ? 'errors.forbidden'
            : 'errors.badRequest'
  } else if (typeof document === 'undefined') {
    console.error(error)
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(TITLES[status] ?? 'errors.title')}</h1>
      <p>{t(message)}</p>
      <p>
        <Link to="/">{t('errors.goHome')}</Link>
      </p>
    </section>
  )
}
