import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarResponse, programmeFeed } from '#app/models/calendar.server.ts'
import { db } from '#app/utils/db.server.ts'
import { isLocale } from '#app/utils/i18n.ts'

/** A programme's public events (those marked for the public calendar); no sign-in needed. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const lang = new URL(request.url).searchParams.get('lang')
  const body = await programmeFeed(db, params.id ?? '', isLocale(lang) ? lang : 'ru')
  if (!body) throw new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return calendarResponse(body, 'programme.ics', request)
}
