import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { organisations, programmeCentres, programmes } from '#db/schema/index.ts'
import type { CurrentUser } from './session.server.ts'
import { db } from './db.server.ts'
import { mentorsCentre } from './mentor-reach.server.ts'
import { forbidden, notFound } from './http.server.ts'

/**
 * How a person stands towards an organisation:
 * - admin: the installation's administrator — sees and changes everything;
 * - leader: leads this organisation — edits its profile and people;
 * - member: staff, volunteer or mentor of this organisation;
 * - manager: manages a programme this organisation takes part in (or runs);
 * - mentor: belongs (as mentor or leader) to the mentor organisation of a programme this centre takes part in,
 *   or to the mentor organisation of an active mentorship of this centre (db/schema/mentoring.ts).
 * Null means the organisation is none of their business.
 */
export type OrganisationRelation = 'admin' | 'leader' | 'member' | 'manager' | 'mentor'

export type Capability = 'view' | 'manage'

const CAN: Record<Capability, ReadonlySet<OrganisationRelation>> = {
  view: new Set(['admin', 'leader', 'member', 'manager', 'mentor']),
  manage: new Set(['admin', 'leader']),
}

/** Organisations where the person is a mentor (a mentor or leader of a mentor organisation). */
export function mentorOrganisationIds(user: CurrentUser) {
  return user.memberships
    .filter((m) => m.kind === 'mentor' && (m.role === 'mentor' || m.role === 'leader'))
    .map((m) => m.organisationId)
}

export async function getOrganisationRelation(
  user: CurrentUser,
  organisationId: string,
  tx: Executor = db,
): Promise<OrganisationRelation | null> {
  if (user.isAdmin) return 'admin'
  const own = user.memberships.find((m) => m.organisationId === organisationId)
  if (own) return own.role === 'leader' ? 'leader' : 'member'
  const mentorOrgs = mentorOrganisationIds(user)
  const managed = user.managedProgrammeIds
  if (mentorOrgs.length === 0 && managed.length === 0) return null
  // One query answers all three: is the organisation in (or running) a programme I manage, a centre in a
  // programme run by my mentor organisation, or a centre my mentor organisation has an active mentorship with?
  // Each is an EXISTS over a one-row source, so the answer comes back even for a centre that is in no programme
  // any more. The mentor rule is mentorLinks (mentor-reach.server.ts), the same the /organisations list, the
  // dashboard and the directory use.
  const [row] = await tx
    .select({
      managed: managed.length
        ? sql<boolean>`exists (${tx
            .select({ one: sql`1` })
            .from(programmes)
            .where(
              and(
                inArray(programmes.id, managed),
                or(
                  eq(programmes.mentorOrganisationId, organisationId),
                  sql`exists (select 1 from ${programmeCentres} pc where pc.programme_id = ${programmes.id} and pc.organisation_id = ${organisationId})`,
                ),
              ),
            )})`
        : sql<boolean>`false`,
      mentored: mentorOrgs.length ? mentorsCentre(mentorOrgs, organisationId) : sql<boolean>`false`,
    })
    .from(sql`(select 1) as one`)
  if (row?.managed) return 'manager'
  if (row?.mentored) return 'mentor'
  return null
}

export function can(relation: OrganisationRelation | null, capability: Capability) {
  return relation !== null && CAN[capability].has(relation)
}

/**
 * Loads an organisation the person may see (or change), or throws 404 / 403.
 * Every loader and action that touches one organisation's data goes through here.
 */
export async function requireOrganisationAccess(
  user: CurrentUser,
  organisationId: string,
  capability: Capability = 'view',
) {
  const [organisation] = await db
    .select({ id: organisations.id, kind: organisations.kind, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  if (!organisation) notFound()
  const relation = await getOrganisationRelation(user, organisationId)
  if (!can(relation, capability)) forbidden()
  return { organisation, relation: relation as OrganisationRelation }
}

/** A programme the person may see: administrators, its managers, its mentor organisation, its centres. */
export async function getProgrammeRelation(user: CurrentUser, programmeId: string, tx: Executor = db) {
  if (user.isAdmin) return 'admin' as const
  if (user.managedProgrammeIds.includes(programmeId)) return 'manager' as const
  const myOrgs = user.memberships.map((m) => m.organisationId)
  if (myOrgs.length === 0) return null
  const [row] = await tx
    .select({
      mentorOrganisationId: programmes.mentorOrganisationId,
      centre: sql<boolean>`exists (select 1 from ${programmeCentres} pc where pc.programme_id = ${programmes.id} and ${inArray(sql`pc.organisation_id`, myOrgs)})`,
    })
    .from(programmes)
    .where(eq(programmes.id, programmeId))
  if (!row) return null
  if (mentorOrganisationIds(user).includes(row.mentorOrganisationId)) return 'mentor' as const
  if (myOrgs.includes(row.mentorOrganisationId) || row.centre) return 'participant' as const
  return null
}

export async function requireProgrammeAccess(user: CurrentUser, programmeId: string, capability: Capability = 'view') {
  const [programme] = await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, programmeId))
  if (!programme) notFound()
  const relation = await getProgrammeRelation(user, programmeId)
  if (!relation) forbidden()
  if (capability === 'manage' && relation !== 'admin' && relation !== 'manager') forbidden()
  return relation
}
