import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarResponse, personalFeed } from '#app/models/calendar.server.ts'
import { db } from '#app/utils/db.server.ts'

/**
 * A person's private calendar feed. Calendar clients cannot sign in, so the secret address is the
 * credential: an unknown or replaced token is a plain 404, saying nothing about whether it ever existed.
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const body = await personalFeed(db, params.token ?? '')
  if (!body) throw new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return calendarResponse(body, 'resursnik.ics', request)
}
