import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { checkIn, normaliseCheckInCode } from '#app/models/attendance.server.ts'
import attendanceStyles from '#app/styles/attendance.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { formFailure, type FieldErrors } from '#app/utils/forms.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: attendanceStyles }]

/** Six characters of the code alphabet; spaces and letter case do not matter. */
const CheckInFormSchema = z.object({
  code: z
    .string()
    .transform(normaliseCheckInCode)
    .pipe(z.string().regex(/^[A-Z0-9]{6}$/, { error: 'attendance.checkIn.codeFormat' })),
})

// Enough for typos on a phone, far too few to guess one of a billion codes.
const CHECK_IN_LIMIT = { perMinute: 20, windowMs: 60_000 }

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args)
  // A link or QR code may carry the code (?code=…); it still takes a press of the button to check in.
  const code = new URL(args.request.url).searchParams.get('code') ?? ''
  return { code: normaliseCheckInCode(code).slice(0, 6) }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const formData = await args.request.formData()
  const fail = (errors: FieldErrors, status: number) => data(formFailure(formData, errors), { status })

  const limit = await hitRateLimit(db, `check-in:${user.id}`, CHECK_IN_LIMIT.perMinute, CHECK_IN_LIMIT.windowMs)
  if (!limit.allowed) {
    return fail({ code: ['attendance.checkIn.tooMany'] }, 429)
  }
  const raw = formData.get('code')
  const parsed = CheckInFormSchema.safeParse({ code: typeof raw === 'string' ? raw : '' })
  if (!parsed.success) return fail({ code: ['attendance.checkIn.codeFormat'] }, 400)

  const result = await checkIn(user.id, parsed.data.code)
  if (!result.ok) return fail({ code: [result.key] }, result.status)
  return { ok: true as const, event: result.event, status: result.status, already: result.already }
}

export default function CheckInPage() {
  const { code } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()

  if (actionData?.ok) {
    return (
      <div className="stack check-in-page">
        <h1>{t('attendance.checkIn.doneTitle')}</h1>
        <div className="alert alert-success" role="status">
          <p>
            {t(actionData.already ? 'attendance.checkIn.already' : 'attendance.checkIn.done', {
              title: actionData.event.title,
            })}
          </p>
          {actionData.status === 'late' ? <p>{t('attendance.checkIn.markedLate')}</p> : null}
        </div>
        <p className="row">
          <Link to={`/events/${actionData.event.id}`} className="button">
            {t('attendance.checkIn.toEvent')}
          </Link>
          <Link to="/my/sessions" className="button button-quiet">
            {t('attendance.my.title')}
          </Link>
        </p>
      </div>
    )
  }

  const failure = actionData && !actionData.ok ? actionData : null
  return (
    <div className="stack check-in-page">
      <h1>{t('attendance.checkIn.title')}</h1>
      <p>{t('attendance.checkIn.intro')}</p>
      <FormErrors errors={failure?.errors} />
      <Form method="post" className="form" noValidate>
        <TextField
          label={t('attendance.checkIn.codeLabel')}
          hint={t('attendance.checkIn.codeHint')}
          name="code"
          className="code-input"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          maxLength={20}
          defaultValue={valueOf(failure?.values, 'code', code)}
          errors={failure?.errors.code}
        />
        <StatusButton className="button-wide">{t('attendance.checkIn.submit')}</StatusButton>
      </Form>
    </div>
  )
}

export const meta = titleMeta('attendance.checkIn.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
