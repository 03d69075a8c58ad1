import { and, eq } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { memberships, organisations, users, type MembershipRole } from '#db/schema/index.ts'
import { regionByCode } from '#db/reference/regions.ts'
import { audit } from '#app/utils/audit.server.ts'
import { createUserToken } from '#app/utils/auth.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { isLocale, translate, type Locale } from '#app/utils/i18n.ts'
import { enqueueMail } from '#app/utils/mailer.server.ts'

export { ROLES_BY_KIND, roleFitsKind } from '#app/utils/roles.ts'

export class MembershipConflictError extends Error {}

/**
 * Adds a person to an organisation with a role, inside the caller's transaction. A new address gets an
 * account without a password and an invitation link; a known one is added and told by e-mail. The mail
 * goes to the outbox in the same transaction, so a failed change sends nothing and a made change is never
 * left unannounced.
 */
export async function inviteMember(
  tx: Executor,
  input: {
    actor: { id: string; name: string }
    organisationId: string
    email: string
    name: string
    role: MembershipRole
    locale: Locale
  },
) {
  const [organisation] = await tx
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId))
  if (!organisation) throw new Error('organisation vanished during invitation')

  const email = input.email.toLowerCase()
  let [user] = await tx
    .select({ id: users.id, name: users.name, passwordHash: users.passwordHash, locale: users.locale })
    .from(users)
    .where(eq(users.email, email))
  if (user) {
    const [existing] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, organisation.id)))
    if (existing) throw new MembershipConflictError('already a member')
  } else {
    const [created] = await tx
      .insert(users)
      .values({
        email,
        name: input.name,
        locale: input.locale,
        regionCode: organisation.regionCode,
        timeZone: regionByCode(organisation.regionCode)?.timeZone ?? 'Europe/Moscow',
      })
      .returning({ id: users.id, name: users.name, passwordHash: users.passwordHash, locale: users.locale })
    user = created!
  }

  const [membership] = await tx
    .insert(memberships)
    .values({ userId: user.id, organisationId: organisation.id, role: input.role })
    .returning({ id: memberships.id })

  const locale: Locale = isLocale(user.locale) ? user.locale : input.locale
  const roleName = translate(locale, `role.${input.role}`)
  if (user.passwordHash) {
    await enqueueMail(tx, {
      to: email,
      kind: 'membership-added',
      subject: translate(locale, 'mail.added.subject', { organisation: organisation.name }),
      text: translate(locale, 'mail.added.body', {
        name: user.name,
        inviter: input.actor.name,
        organisation: organisation.name,
        role: roleName,
        link: `${appUrl}/login`,
      }),
    })
  } else {
    const token = await createUserToken(tx, {
      purpose: 'invite',
      userId: user.id,
      organisationId: organisation.id,
      role: input.role,
      createdById: input.actor.id,
    })
    await enqueueMail(tx, {
      to: email,
      kind: 'invitation',
      subject: translate(locale, 'mail.invite.subject', { organisation: organisation.name }),
      text: translate(locale, 'mail.invite.body', {
        name: user.name,
        inviter: input.actor.name,
        organisation: organisation.name,
        role: roleName,
        link: `${appUrl}/invite/${token}`,
      }),
    })
  }
  await audit(tx, {
    actorId: input.actor.id,
    action: 'membership.create',
    entityType: 'membership',
    entityId: membership!.id,
    organisationId: organisation.id,
    data: { email, role: input.role, invited: !user.passwordHash },
  })
  return { membershipId: membership!.id, userId: user.id, invited: !user.passwordHash }
}

export async function changeMemberRole(
  tx: Executor,
  input: { actorId: string; membershipId: string; organisationId: string; role: MembershipRole },
) {
  const [before] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.id, input.membershipId), eq(memberships.organisationId, input.organisationId)))
  if (!before) return false
  await tx.update(memberships).set({ role: input.role }).where(eq(memberships.id, input.membershipId))
  await audit(tx, {
    actorId: input.actorId,
    action: 'membership.role',
    entityType: 'membership',
    entityId: input.membershipId,
    organisationId: input.organisationId,
    data: { from: before.role, to: input.role },
  })
  return true
}

export async function removeMember(tx: Executor, input: { actorId: string; membershipId: string; organisationId: string }) {
  const [removed] = await tx
    .delete(memberships)
    .where(and(eq(memberships.id, input.membershipId), eq(memberships.organisationId, input.organisationId)))
    .returning({ userId: memberships.userId, role: memberships.role })
  if (!removed) return false
  await audit(tx, {
    actorId: input.actorId,
    action: 'membership.delete',
    entityType: 'membership',
    entityId: input.membershipId,
    organisationId: input.organisationId,
    data: removed,
  })
  return true
}
