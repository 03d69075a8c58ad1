// Who mentors which centre, in one place. A mentor organisation accompanies a centre in two ways:
// it runs a programme the centre takes part in, or it is the mentor organisation of an active mentorship of
// the centre (db/schema/mentoring.ts). getOrganisationRelation (one centre), the /organisations list, the
// mentor block of /dashboard and the public directory's mentor line all read the same links from here, so
// the rule cannot drift between them.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { unionAll } from 'drizzle-orm/pg-core'
import { mentorships, programmeCentres, programmes } from '#db/schema/index.ts'
import { db } from './db.server.ts'

/**
 * A mentorship counts while its status is 'active'. Dates do not decide it: a finished mentorship is marked
 * 'completed' or 'ended' with an end date (MentorshipFormSchema), and a passed planned end does not end it.
 */
export const mentorshipIsActive: SQL = sql`${mentorships.status} = 'active'`

export type MentorLinkScope = {
  /** Only links of these mentor organisations. */
  mentorOrganisationIds?: readonly string[]
  /** Only links to these centres. */
  centreIds?: readonly string[]
}

/**
 * Every (centre, mentor organisation, programme) link as a subquery, one row per way the centre is
 * accompanied — a centre can appear twice for the same mentor organisation (its programme and an active
 * mentorship), so callers that list select distinct. The scope's filters are put inside both branches, so
 * PostgreSQL reads only the rows asked for; an empty list in the scope matches nothing.
 */
export function mentorLinks(scope: MentorLinkScope = {}) {
  const { mentorOrganisationIds: mentorIds, centreIds } = scope
  const byProgramme = db
    .select({
      centreId: sql<string>`${programmeCentres.organisationId}`.as('centre_id'),
      mentorOrganisationId: sql<string>`${programmes.mentorOrganisationId}`.as('mentor_organisation_id'),
      programmeId: sql<string>`${programmes.id}`.as('programme_id'),
      through: sql<'programme' | 'mentorship'>`'programme'`.as('through'),
    })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .where(
      and(
        mentorIds ? inArray(programmes.mentorOrganisationId, [...mentorIds]) : undefined,
        centreIds ? inArray(programmeCentres.organisationId, [...centreIds]) : undefined,
      ),
    )
  const byMentorship = db
    .select({
      centreId: sql<string>`${mentorships.centreId}`.as('centre_id'),
      mentorOrganisationId: sql<string>`${mentorships.mentorOrganisationId}`.as('mentor_organisation_id'),
      programmeId: sql<string>`${mentorships.programmeId}`.as('programme_id'),
      through: sql<'programme' | 'mentorship'>`'mentorship'`.as('through'),
    })
    .from(mentorships)
    .where(
      and(
        mentorshipIsActive,
        mentorIds ? inArray(mentorships.mentorOrganisationId, [...mentorIds]) : undefined,
        centreIds ? inArray(mentorships.centreId, [...centreIds]) : undefined,
      ),
    )
  return unionAll(byProgramme, byMentorship).as('mentor_links')
}

/**
 * The ids of the centres the given mentor organisations accompany, as a subquery for `inArray(column, …)`:
 * "the centres this person mentors" when given mentorOrganisationIds(user).
 */
export function mentoredCentreIds(mentorOrganisationIds: readonly string[]) {
  const links = mentorLinks({ mentorOrganisationIds })
  return db.select({ id: links.centreId }).from(links)
}

/** True (in SQL) when one of the mentor organisations accompanies the centre. */
export function mentorsCentre(mentorOrganisationIds: readonly string[], centreId: string): SQL<boolean> {
  const links = mentorLinks({ mentorOrganisationIds, centreIds: [centreId] })
  return sql<boolean>`exists (${db.select({ one: sql`1` }).from(links)})`
}
