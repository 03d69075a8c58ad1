import type { MembershipRole, OrganisationKind } from '#db/schema/core.ts'

/** Which roles fit which kind of organisation (shared by forms in the browser and checks on the server). */
export const ROLES_BY_KIND = {
  mentor: ['leader', 'mentor', 'staff'],
  centre: ['leader', 'staff', 'volunteer'],
} as const satisfies Record<OrganisationKind, readonly MembershipRole[]>

export function roleFitsKind(role: MembershipRole, kind: OrganisationKind) {
  return (ROLES_BY_KIND[kind] as readonly string[]).includes(role)
}
