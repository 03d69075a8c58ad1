import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { organisations, userTokens, users } from '#db/schema/index.ts'
import { NewPasswordFields } from '#app/components/new-password-fields.tsx'
import { TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { findUsableToken } from '#app/utils/auth.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { newPasswordFields, parseForm, passwordsMatch, requiredText } from '#app/utils/forms.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { createSession, invalidateUserSessions, serializeSessionCookie } from '#app/utils/session.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const AcceptInviteSchema = z.object({ name: requiredText(120), ...newPasswordFields }).superRefine(passwordsMatch)

async function loadInvitation(token: string) {
  const invite = await findUsableToken(db, token, 'invite')
  if (!invite) return null
  const [organisation] = invite.organisationId
    ? await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, invite.organisationId))
    : []
  return { ...invite, organisationName: organisation?.name ?? '' }
}

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = await loadInvitation(params.token ?? '')
  if (!invite) return data({ invite: null }, { status: 404 })
  return {
    invite: { email: invite.email, name: invite.name, organisation: invite.organisationName, role: invite.role },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData()
  const parsed = parseForm(formData, AcceptInviteSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const passwordHash = await hashPassword(parsed.data.password)
  const session = await db.transaction(async (tx) => {
    const invite = await findUsableToken(tx, params.token ?? '', 'invite')
    if (!invite) return null
    await tx.update(userTokens).set({ usedAt: new Date() }).where(eq(userTokens.id, invite.id))
    await tx
      .update(users)
      .set({ name: parsed.data.name, passwordHash, updatedAt: new Date() })
      .where(eq(users.id, invite.userId))
    await invalidateUserSessions(tx, invite.userId)
    await audit(tx, {
      actorId: invite.userId,
      action: 'invitation.accept',
      entityType: 'invitation',
      entityId: invite.id,
      organisationId: invite.organisationId,
    })
    return createSession(tx, invite.userId, request.headers.get('User-Agent'))
  })
  if (!session) throw redirect(`/invite/${encodeURIComponent(params.token ?? '')}`)
  return redirectWithFlash('/dashboard', 'invite.accepted', {
    headers: { 'Set-Cookie': serializeSessionCookie(session.token, session.expiresAt) },
  })
}

export default function AcceptInvite() {
  const { invite } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  if (!invite) {
    return (
      <div className="card">
        <h1>{t('invite.title')}</h1>
        <p className="alert alert-error">{t('invite.invalid')}</p>
      </div>
    )
  }
  return (
    <div className="card">
      <h1>{t('invite.title')}</h1>
      <p>{t('invite.intro', { organisation: invite.organisation, role: t(`role.${invite.role ?? 'staff'}`) })}</p>
      <FormErrors errors={actionData?.errors} />
      <Form method="post" className="form" noValidate>
        <TextField label={t('field.email')} name="username" value={invite.email} readOnly autoComplete="username" />
        <TextField
          label={t('field.name')}
          name="name"
          autoComplete="name"
          defaultValue={valueOf(actionData?.values, 'name', invite.name)}
          errors={actionData?.errors.name}
        />
        <NewPasswordFields errors={actionData?.errors} />
        <StatusButton>{t('invite.submit')}</StatusButton>
      </Form>
    </div>
  )
}

export const meta = titleMeta('invite.title')
