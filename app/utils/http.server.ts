import { data } from '@remix-run/node'

/**
 * Throws a response with a status (404, 403, 409…) instead of letting a missing record become a 500.
 * The message is an i18n key the error boundary translates.
 */
export function invariantResponse(
  condition: unknown,
  message: string,
  init: { status: number } = { status: 400 },
): asserts condition {
  if (!condition) {
    throw data({ message }, { status: init.status })
  }
}

export function notFound(message = 'errors.notFound'): never {
  throw data({ message }, { status: 404 })
}

export function forbidden(message = 'errors.forbidden'): never {
  throw data({ message }, { status: 403 })
}
