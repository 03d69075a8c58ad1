import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { membershipRole, type MembershipRole } from '#db/schema/index.ts'
import { SelectField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  changeMemberRole,
  inviteMember,
  MembershipConflictError,
  removeMember,
  roleFitsKind,
  ROLES_BY_KIND,
} from '#app/models/membership.server.ts'
import {
  getMembershipInOrganisation,
  getOrganisationPeople,
  isUniqueViolation,
  lockLeaders,
  organisationIdFrom,
} from '#app/models/organisation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { emailField, formFailure, parseForm, requiredText } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

type Kind = 'mentor' | 'centre'

/** A role that exists in this kind of organisation (a centre has no mentors, a mentor organisation no volunteers). */
const roleFor = (kind: Kind) =>
  z
    .enum(membershipRole.enumValues, { error: 'validation.choose' })
    .refine((role) => roleFitsKind(role, kind), { error: 'validation.choose' })

const InviteFormSchema = (kind: Kind) =>
  z.object({ intent: z.literal('invite'), email: emailField, name: requiredText(120), role: roleFor(kind) })

const RoleFormSchema = (kind: Kind) =>
  z.object({ intent: z.literal('role'), membershipId: z.uuid(), role: roleFor(kind) })

const RemoveFormSchema = z.object({ intent: z.literal('remove'), membershipId: z.uuid() })

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation } = await requireOrganisationAccess(user, id, 'manage')
  const people = await getOrganisationPeople(id)
  return {
    organisation,
    people: people.map((p) => ({ ...p, isMe: p.userId === user.id })),
    roles: ROLES_BY_KIND[organisation.kind] as readonly MembershipRole[],
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation } = await requireOrganisationAccess(user, id, 'manage')
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const back = `/organisations/${id}/people`

  if (intent === 'invite') {
    const parsed = parseForm(formData, InviteFormSchema(organisation.kind))
    if (!parsed.ok) return data({ intent, membershipId: null, ...parsed }, { status: 400 })
    const { email, name, role } = parsed.data
    try {
      const result = await db.transaction((tx) =>
        inviteMember(tx, {
          actor: { id: user.id, name: user.name },
          organisationId: id,
          email,
          name,
          role,
          locale: resolveLocale(args.request, user),
        }),
      )
      return redirectWithFlash(back, result.invited ? 'organisations.invited' : 'organisations.memberAdded')
    } catch (error) {
      // A concurrent invitation of the same address ends on a unique index instead of the pre-check.
      if (error instanceof MembershipConflictError || isUniqueViolation(error, 'memberships_user_org_key')) {
        return data(
          { intent, membershipId: null, ...formFailure(formData, { email: ['organisations.alreadyMember'] }) },
          { status: 409 },
        )
      }
      if (isUniqueViolation(error, 'users_email_key')) {
        return data({ intent, membershipId: null, ...formFailure(formData, { '': ['errors.conflict'] }) }, { status: 409 })
      }
      throw error
    }
  }

  if (intent === 'role' || intent === 'remove') {
    const schema = intent === 'role' ? RoleFormSchema(organisation.kind) : RemoveFormSchema
    const parsed = parseForm(formData, schema)
    const membershipId = typeof formData.get('membershipId') === 'string' ? String(formData.get('membershipId')) : null
    if (!parsed.ok) {
      // A malformed membership id cannot name a membership of this organisation.
      if (parsed.errors.membershipId) notFound()
      return data({ intent, membershipId, ...parsed }, { status: 400 })
    }
    const newRole = 'role' in parsed.data ? parsed.data.role : null
    const outcome = await db.transaction(async (tx) => {
      const membership = await getMembershipInOrganisation(tx, id, parsed.data.membershipId)
      if (!membership) return { kind: 'not-found' as const }
      if (newRole === membership.role) return { kind: 'unchanged' as const }
      const losesLeader = membership.role === 'leader' && newRole !== 'leader'
      if (losesLeader && (await lockLeaders(tx, id)) <= 1) return { kind: 'last-leader' as const }
      const done = newRole
        ? await changeMemberRole(tx, { actorId: user.id, membershipId: membership.id, organisationId: id, role: newRole })
        : await removeMember(tx, { actorId: user.id, membershipId: membership.id, organisationId: id })
      if (!done) return { kind: 'not-found' as const }
      return { kind: 'done' as const, self: membership.userId === user.id, losesLeader }
    })
    if (outcome.kind === 'not-found') notFound('organisations.membershipGone')
    if (outcome.kind === 'unchanged') return redirectWithFlash(back, 'organisations.unchanged')
    if (outcome.kind === 'last-leader') {
      return data(
        { intent, membershipId, ...formFailure(formData, { '': ['organisations.lastLeader'] }) },
        { status: 409 },
      )
    }
    // Someone who has just removed or demoted themselves can no longer manage this page.
    if (outcome.self && outcome.losesLeader && !user.isAdmin) {
      return redirectWithFlash(
        newRole ? `/organisations/${id}` : '/organisations',
        newRole ? 'organisations.roleChanged' : 'organisations.youLeft',
      )
    }
    return redirectWithFlash(back, newRole ? 'organisations.roleChanged' : 'organisations.memberRemoved')
  }

  return data({ intent: null, membershipId: null, ...formFailure(formData, { '': ['errors.badRequest'] }) }, { status: 400 })
}

export default function OrganisationPeople() {
  const { organisation, people, roles } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  const inviteFailure = actionData?.intent === 'invite' ? actionData : null
  const rowFailure = actionData && actionData.intent !== 'invite' ? actionData : null
  const roleOptions = roles.map((role) => ({ value: role, label: t(`role.${role}`) }))
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('organisations.peopleTitle')}</h1>
          <p className="muted">{organisation.name}</p>
        </div>
        <Link to={`/organisations/${organisation.id}`}>{t('organisations.backToProfile')}</Link>
      </div>
      <p>{t('organisations.peopleIntro')}</p>

      {rowFailure ? <FormErrors errors={rowFailure.errors} /> : null}

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('organisations.people')}</h2>
        {people.length ? (
          // A list rather than a table: each person's forms wrap under their name on a phone.
          <ul className="list-plain" role="list">
            {people.map((person) => {
              const failed = rowFailure?.membershipId === person.membershipId ? rowFailure : null
              return (
                <li key={person.membershipId} className="page-header">
                  <div>
                    <strong>{person.name}</strong>
                    {person.isMe ? <span className="muted"> ({t('organisations.you')})</span> : null}
                    <br />
                    <span className="muted">{person.email}</span>{' '}
                    {person.invited ? (
                      <span className="badge badge-accent">{t('organisations.invitationSent')}</span>
                    ) : null}
                  </div>
                  <div className="row">
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="membershipId" value={person.membershipId} />
                      <select
                        name="role"
                        aria-label={t('organisations.roleFor', { name: person.name })}
                        defaultValue={failed?.intent === 'role' ? valueOf(failed.values, 'role', person.role) : person.role}
                        aria-invalid={failed?.errors.role ? true : undefined}
                      >
                        {/* A role left over from another kind stays visible until it is changed. */}
                        {roles.includes(person.role) ? null : <option value={person.role}>{t(`role.${person.role}`)}</option>}
                        {roleOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                      <button
                        type="submit"
                        className="button button-quiet"
                        aria-label={t('organisations.saveRoleFor', { name: person.name })}
                      >
                        {t('organisations.saveRole')}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="membershipId" value={person.membershipId} />
                      <button
                        type="submit"
                        className="button button-danger"
                        aria-label={t('organisations.removeFor', { name: person.name })}
                      >
                        {t('organisations.remove')}
                      </button>
                    </Form>
                  </div>
                </li>
              )
            })}
          </ul>
        ) : (
          <p className="muted">{t('organisations.noPeople')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t('organisations.inviteTitle')}</h2>
        <p className="muted">{t('organisations.inviteHint')}</p>
        <FormErrors errors={inviteFailure?.errors} />
        {/* Keyed by the head count, so a successful invitation clears the form while a failed one keeps it. */}
        <Form method="post" className="form" noValidate key={people.length}>
          <input type="hidden" name="intent" value="invite" />
          <TextField
            label={t('field.email')}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="off"
            defaultValue={valueOf(inviteFailure?.values, 'email')}
            errors={inviteFailure?.errors.email}
          />
          <TextField
            label={t('field.name')}
            name="name"
            autoComplete="off"
            defaultValue={valueOf(inviteFailure?.values, 'name')}
            errors={inviteFailure?.errors.name}
          />
          <SelectField
            label={t('field.role')}
            name="role"
            defaultValue={valueOf(inviteFailure?.values, 'role', roles.includes('staff') ? 'staff' : roles[0])}
            options={roleOptions}
            errors={inviteFailure?.errors.role}
          />
          <StatusButton intent="invite">{t('organisations.inviteSubmit')}</StatusButton>
        </Form>
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = translate(locale, 'organisations.peopleTitle')
  const name = data?.organisation.name
  return [{ title: `${name ? `${title}: ${name}` : title} · ${translate(locale, 'app.name')}` }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
