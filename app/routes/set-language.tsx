import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { users } from '#db/schema/index.ts'
import { getUser, safeRedirect } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { cookieSecure } from '#app/utils/env.server.ts'
import { isLocale, LOCALE_COOKIE } from '#app/utils/i18n.ts'

export async function loader(_args: LoaderFunctionArgs) {
  return redirect('/')
}

/** Remembers the language: on the account when signed in, in a cookie either way. */
export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.formData()
  const locale = formData.get('locale')
  const back = safeRedirect(formData.get('redirectTo'), '/')
  if (!isLocale(locale)) return redirect(back)
  const user = await getUser(args)
  if (user) await db.update(users).set({ locale }).where(eq(users.id, user.id))
  return redirect(back, {
    headers: {
      'Set-Cookie': `${LOCALE_COOKIE}=${locale}; Path=/; SameSite=Lax; Max-Age=31536000${cookieSecure ? '; Secure' : ''}`,
    },
  })
}
