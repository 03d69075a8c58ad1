import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { userTokens, users } from '#db/schema/index.ts'
import { NewPasswordFields } from '#app/components/new-password-fields.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { findUsableToken } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { newPasswordFields, parseForm, passwordsMatch } from '#app/utils/forms.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { createSession, invalidateUserSessions, serializeSessionCookie } from '#app/utils/session.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'

export const ResetPasswordSchema = z.object(newPasswordFields).superRefine(passwordsMatch)

export async function loader({ params }: LoaderFunctionArgs) {
  const token = await findUsableToken(db, params.token ?? '', 'reset')
  if (!token) return data({ valid: false as const, email: null }, { status: 404 })
  return { valid: true as const, email: token.email }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  const parsed = parseForm(formData, ResetPasswordSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const passwordHash = await hashPassword(parsed.data.password)
  const session = await db.transaction(async (tx) => {
    const token = await findUsableToken(tx, params.token ?? '', 'reset')
    if (!token) return null
    await tx.update(userTokens).set({ usedAt: new Date() }).where(eq(userTokens.id, token.id))
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, token.userId))
    // A reset means the old password may be known to someone else: end every session.
    await invalidateUserSessions(tx, token.userId)
    return createSession(tx, token.userId, request.headers.get('User-Agent'))
  })
  if (!session) throw redirect(`/reset-password/${encodeURIComponent(params.token ?? '')}`)
  return redirectWithFlash('/dashboard', 'reset.done', {
    headers: { 'Set-Cookie': serializeSessionCookie(session.token, session.expiresAt) },
  })
}

export default function ResetPassword() {
  const { valid, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  if (!valid) {
    return (
      <div className="card">
        <h1>{t('reset.title')}</h1>
        <p className="alert alert-error">{t('reset.invalidLink')}</p>
        <Link to="/forgot-password">{t('forgot.submit')}</Link>
      </div>
    )
  }
  return (
    <div className="card">
      <h1>{t('reset.title')}</h1>
      <p className="muted">{email}</p>
      <FormErrors errors={actionData?.errors} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="username" value={email ?? ''} autoComplete="username" />
        <NewPasswordFields errors={actionData?.errors} />
        <StatusButton>{t('reset.submit')}</StatusButton>
      </Form>
    </div>
  )
}

export const meta = titleMeta('reset.title')
