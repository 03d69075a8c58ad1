import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { users } from '#db/schema/index.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '#db/demo-data.ts'
import { TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { requireAnonymous, safeRedirect } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { isDemoMode } from '#app/utils/env.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { dummyPasswordHash, verifyPassword } from '#app/utils/password.server.ts'
import { hitRateLimit, SIGN_IN_LIMIT } from '#app/utils/rate-limit.server.ts'
import { createSession, serializeSessionCookie } from '#app/utils/session.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const LoginFormSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
})

export async function loader(args: LoaderFunctionArgs) {
  await requireAnonymous(args)
  return { demo: isDemoMode ? { accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD } : null }
}

export async function action(args: ActionFunctionArgs) {
  await requireAnonymous(args)
  const { request, context } = args
  const formData = await request.formData()
  const parsed = parseForm(formData, LoginFormSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const { email, password, redirectTo } = parsed.data

  // Limit both per address and per account, so neither one machine nor one mailbox can be hammered.
  const ip = context?.clientIp ?? 'unknown'
  const [byIp, byAccount] = await Promise.all([
    hitRateLimit(db, `login:ip:${ip}`, SIGN_IN_LIMIT.perMinute, SIGN_IN_LIMIT.windowMs),
    hitRateLimit(db, `login:email:${email}`, SIGN_IN_LIMIT.perMinute, SIGN_IN_LIMIT.windowMs),
  ])
  if (!byIp.allowed || !byAccount.allowed) {
    return data(formFailure(formData, { '': ['login.rateLimited'] }), {
      status: 429,
      headers: { 'Retry-After': String(Math.max(byIp.retryAfterSeconds, byAccount.retryAfterSeconds)) },
    })
  }

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email))
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await verifyPassword(await dummyPasswordHash(), password).then(() => false)
  if (!user || !valid || user.disabledAt) {
    return data(formFailure(formData, { '': ['login.invalid'] }), { status: 400 })
  }
  const session = await createSession(db, user.id, request.headers.get('User-Agent'))
  return redirect(safeRedirect(redirectTo), {
    headers: { 'Set-Cookie': serializeSessionCookie(session.token, session.expiresAt) },
  })
}

export default function LoginPage() {
  const { demo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useI18n()
  const failure = actionData && !actionData.ok ? actionData : null
  return (
    <>
      <div className="card">
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <FormErrors errors={failure?.errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
          <TextField
            label={t('field.email')}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            defaultValue={valueOf(failure?.values, 'email')}
            errors={failure?.errors.email}
            autoFocus
          />
          <TextField
            label={t('field.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            errors={failure?.errors.password}
          />
          <div className="row">
            <StatusButton>{t('login.submit')}</StatusButton>
            <Link to="/forgot-password">{t('login.forgot')}</Link>
          </div>
        </Form>
      </div>
      {demo ? <DemoAccounts accounts={demo.accounts} password={demo.password} /> : null}
    </>
  )
}

function DemoAccounts({ accounts, password }: { accounts: typeof DEMO_ACCOUNTS; password: string }) {
  const { t } = useI18n()
  return (
    <section className="card demo-accounts" aria-labelledby="demo-title">
      <h2 id="demo-title">{t('login.demoTitle')}</h2>
      <p className="muted">{t('login.demoIntro')}</p>
      <p>
        {t('field.password')}: <code>{password}</code>
      </p>
      <ul className="list-plain" role="list">
        {accounts.map((account) => (
          <li key={account.email}>
            <Form method="post" className="row">
              <input type="hidden" name="email" value={account.email} />
              <input type="hidden" name="password" value={password} />
              <div>
                <strong>{t(account.roleKey)}</strong>
                {account.organisation ? <span className="muted"> · {account.organisation}</span> : null}
                <br />
                <span>{account.name}</span> · <code>{account.email}</code>
              </div>
              <button type="submit" className="button button-quiet">
                {t('login.demoUse', { name: account.name })}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  )
}

export const meta = titleMeta('login.title')
