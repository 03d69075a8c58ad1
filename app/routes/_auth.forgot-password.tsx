import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { users } from '#db/schema/index.ts'
import { TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { createUserToken, requireAnonymous } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { emailField, formFailure, parseForm } from '#app/utils/forms.ts'
import { isLocale, translate } from '#app/utils/i18n.ts'
import { enqueueMail } from '#app/utils/mailer.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { hitRateLimit, SIGN_IN_LIMIT } from '#app/utils/rate-limit.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const ForgotPasswordSchema = z.object({ email: emailField })

export async function loader(args: LoaderFunctionArgs) {
  await requireAnonymous(args)
  return null
}

export async function action(args: ActionFunctionArgs) {
  await requireAnonymous(args)
  const formData = await args.request.formData()
  const parsed = parseForm(formData, ForgotPasswordSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const limit = await hitRateLimit(db, `reset:ip:${args.context?.clientIp ?? 'unknown'}`, SIGN_IN_LIMIT.perMinute, SIGN_IN_LIMIT.windowMs)
  if (!limit.allowed) return data(formFailure(formData, { '': ['login.rateLimited'] }), { status: 429 })
  const [user] = await db
    .select({ id: users.id, name: users.name, locale: users.locale, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, parsed.data.email))
  // The answer is the same whether or not the address is known, so the form cannot be used to probe accounts.
  if (user && !user.disabledAt) {
    await db.transaction(async (tx) => {
      const token = await createUserToken(tx, { purpose: 'reset', userId: user.id })
      const locale = isLocale(user.locale) ? user.locale : 'ru'
      await enqueueMail(tx, {
        to: parsed.data.email,
        kind: 'password-reset',
        subject: translate(locale, 'mail.reset.subject'),
        text: translate(locale, 'mail.reset.body', { name: user.name, link: `${appUrl}/reset-password/${token}` }),
      })
    })
  }
  return { ok: true as const, sent: true }
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  const failure = actionData && !actionData.ok ? actionData : null
  if (actionData?.ok) {
    return (
      <div className="card">
        <h1>{t('forgot.title')}</h1>
        <p role="status" className="alert alert-success">
          {t('forgot.sent')}
        </p>
        <Link to="/login">{t('login.title')}</Link>
      </div>
    )
  }
  return (
    <div className="card">
      <h1>{t('forgot.title')}</h1>
      <p className="muted">{t('forgot.intro')}</p>
      <FormErrors errors={failure?.errors} />
      <Form method="post" className="form" noValidate>
        <TextField
          label={t('field.email')}
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={valueOf(failure?.values, 'email')}
          errors={failure?.errors.email}
        />
        <StatusButton>{t('forgot.submit')}</StatusButton>
      </Form>
    </div>
  )
}

export const meta = titleMeta('forgot.title')
