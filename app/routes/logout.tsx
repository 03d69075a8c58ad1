import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { getAuth } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { invalidateSession, serializeBlankSessionCookie } from '#app/utils/session.server.ts'

// Signing out is a POST; a GET (a stale link) just goes home without side effects.
export async function loader(_args: LoaderFunctionArgs) {
  return redirect('/')
}

export async function action(args: ActionFunctionArgs) {
  const auth = await getAuth(args)
  if (auth) await invalidateSession(db, auth.session.id)
  return redirectWithFlash('/login', 'login.signedOut', {
    headers: { 'Set-Cookie': serializeBlankSessionCookie() },
  })
}
