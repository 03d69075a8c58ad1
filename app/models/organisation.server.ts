import { and, asc, eq, exists, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import { insertOrganisation } from '#db/builders.ts'
import { regionByCode } from '#db/reference/regions.ts'
import {
  memberships,
  organisations,
  programmeCentres,
  programmes,
  regions,
  users,
  type MembershipRole,
  type Organisation,
  type OrganisationKind,
} from '#db/schema/index.ts'
import { audit, changedFields } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { optionalEmail, optionalPhone, optionalText, optionalUrl, requiredText } from '#app/utils/forms.ts'
import { mentoredCentreIds } from '#app/utils/mentor-reach.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { innSchema, ogrnSchema } from '#app/utils/requisites.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { ROLES_BY_KIND } from './membership.server.ts'

export const ORGANISATION_KINDS = ['mentor', 'centre'] as const satisfies readonly OrganisationKind[]
export const ORGANISATIONS_PAGE_SIZE = 50

/** The profile form used by /organisations/new and /organisations/$id/edit. */
export const OrganisationFormSchema = z.object({
  kind: z.enum(ORGANISATION_KINDS, { error: 'validation.choose' }),
  name: requiredText(300),
  shortName: optionalText(120),
  regionCode: z
    .string({ error: 'validation.region' })
    .transform((code, ctx) => {
      const region = regionByCode(code)
      if (!region) {
        ctx.addIssue({ code: 'custom', message: 'validation.region' })
        return z.NEVER
      }
      return region.code
    }),
  city: requiredText(120),
  address: optionalText(500),
  // Optional: an initiative group may have no registration yet; when given, the check digits must hold.
  inn: innSchema.optional(),
  ogrn: ogrnSchema.optional(),
  email: optionalEmail,
  phone: optionalPhone,
  website: optionalUrl,
  description: optionalText(5000),
  published: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
})

/** What a centre leader may change: kind and publication stay with administrators. */
export const OrganisationLeaderFormSchema = OrganisationFormSchema.omit({ kind: true, published: true })

export type OrganisationInput = z.output<typeof OrganisationFormSchema>
export type OrganisationLeaderInput = z.output<typeof OrganisationLeaderFormSchema>

/** The list's query string; anything malformed falls back to "no filter" rather than an error page. */
export const OrganisationListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  kind: z.enum(ORGANISATION_KINDS).optional().catch(undefined),
  region: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
export type OrganisationListQuery = z.output<typeof OrganisationListQuerySchema>

export function parseListQuery(url: URL): OrganisationListQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['q', 'kind', 'region', 'page']) {
    const value = url.searchParams.get(key)?.trim()
    raw[key] = value ? value : undefined
  }
  return OrganisationListQuerySchema.parse(raw)
}

const OrganisationIdSchema = z.uuid()

/** The organisation id from the URL; a malformed one is a 404 like a missing one, not a database error. */
export function organisationIdFrom(params: { id?: string }): string {
  const parsed = OrganisationIdSchema.safeParse(params.id)
  if (!parsed.success) notFound()
  return parsed.data
}

export class DuplicateInnError extends Error {}
export class KindChangeError extends Error {}

/** True for a unique-constraint violation, optionally of one named constraint (drizzle wraps the driver error). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown }
    if (e.code === '23505') {
      if (!constraint) return true
      const name = e.constraint ?? e.constraint_name
      return name === undefined || name === constraint
    }
    current = e.cause
  }
  return false
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, '\\$&')
}

/**
 * The organisations a person may see, as a condition on `organisations` — the same rules as
 * getOrganisationRelation in app/utils/permissions.server.ts, but for the whole set at once:
 * their own organisations; the centres their mentor organisation accompanies, through a programme it runs or
 * an active mentorship (mentoredCentreIds, the rule getOrganisationRelation uses too); and the centres and
 * mentor organisation of programmes they manage. Undefined means "everything" (administrators).
 */
export function visibleOrganisationsWhere(user: CurrentUser): SQL | undefined {
  if (user.isAdmin) return undefined
  const own = user.memberships.map((m) => m.organisationId)
  const mentorOrgs = mentorOrganisationIds(user)
  const managed = user.managedProgrammeIds
  const parts: SQL[] = []
  if (own.length) parts.push(inArray(organisations.id, own))
  if (mentorOrgs.length) parts.push(inArray(organisations.id, mentoredCentreIds(mentorOrgs)))
  if (managed.length) {
    parts.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(programmeCentres)
          .where(
            and(eq(programmeCentres.organisationId, organisations.id), inArray(programmeCentres.programmeId, managed)),
          ),
      ),
      inArray(
        organisations.id,
        db.select({ id: programmes.mentorOrganisationId }).from(programmes).where(inArray(programmes.id, managed)),
      ),
    )
  }
  return parts.length ? or(...parts) : sql`false`
}

/**
 * One page of the organisations a person may see, with the total, in one query: the page is cut first
 * (the window count gives the total), and only its 50 rows get their people counted.
 */
export async function listOrganisations(user: CurrentUser, query: OrganisationListQuery) {
  const conditions: (SQL | undefined)[] = [visibleOrganisationsWhere(user)]
  if (query.kind) conditions.push(eq(organisations.kind, query.kind))
  if (query.region) conditions.push(eq(organisations.regionCode, query.region))
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`
    const digits = query.q.replace(/\s+/g, '')
    conditions.push(
      or(
        ilike(organisations.name, pattern),
        ilike(organisations.shortName, pattern),
        ilike(organisations.city, pattern),
        /^\d+$/.test(digits) ? ilike(organisations.inn, `%${digits}%`) : undefined,
      ),
    )
  }
  const where = and(...conditions)
  const offset = (query.page - 1) * ORGANISATIONS_PAGE_SIZE

  const page = db
    .select({
      id: organisations.id,
      name: organisations.name,
      shortName: organisations.shortName,
      kind: organisations.kind,
      city: organisations.city,
      regionCode: organisations.regionCode,
      published: organisations.published,
      total: sql<number>`(count(*) over ())::int`.as('total'),
    })
    .from(organisations)
    .where(where)
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(ORGANISATIONS_PAGE_SIZE)
    .offset(offset)
    .as('page')

  const rows = await db
    .select({
      id: page.id,
      name: page.name,
      shortName: page.shortName,
      kind: page.kind,
      city: page.city,
      published: page.published,
      regionCode: page.regionCode,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      people: sql<number>`(select count(*)::int from ${memberships} m where m.organisation_id = ${page.id})`,
      total: page.total,
    })
    .from(page)
    .innerJoin(regions, eq(regions.code, page.regionCode))
    .orderBy(asc(page.name), asc(page.id))

  let total = rows[0]?.total ?? 0
  if (!rows.length && query.page > 1) {
    // Past the last page (an old link): the window count has no row to ride on, so count separately.
    const [row] = await db
      .select({ total: sql<number>`count(*)::int` })
      .from(organisations)
      .where(where)
    total = row?.total ?? 0
  }
  return {
    organisations: rows.map(({ total: _total, ...row }) => row),
    total,
    pages: Math.max(1, Math.ceil(total / ORGANISATIONS_PAGE_SIZE)),
  }
}

export function listRegions() {
  return db
    .select({ code: regions.code, nameRu: regions.nameRu, nameEn: regions.nameEn })
    .from(regions)
    .orderBy(asc(regions.nameRu))
}

export async function getOrganisationProfile(id: string) {
  const [row] = await db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      shortName: organisations.shortName,
      regionCode: organisations.regionCode,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      timeZone: regions.timeZone,
      city: organisations.city,
      address: organisations.address,
      inn: organisations.inn,
      ogrn: organisations.ogrn,
      email: organisations.email,
      phone: organisations.phone,
      website: organisations.website,
      description: organisations.description,
      published: organisations.published,
    })
    .from(organisations)
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(eq(organisations.id, id))
  return row ?? null
}

/** The programmes an organisation runs (as the mentor organisation) or takes part in (as a centre). */
export function getOrganisationProgrammes(id: string) {
  return db
    .select({
      id: programmes.id,
      name: programmes.name,
      funder: programmes.funder,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      runs: sql<boolean>`${programmes.mentorOrganisationId} = ${id}`,
    })
    .from(programmes)
    .leftJoin(
      programmeCentres,
      and(eq(programmeCentres.programmeId, programmes.id), eq(programmeCentres.organisationId, id)),
    )
    .where(or(eq(programmes.mentorOrganisationId, id), eq(programmeCentres.organisationId, id)))
    .orderBy(sql`${programmes.startsOn} desc`, asc(programmes.name))
}

/** People of an organisation, leaders first. `invited`: the account has no password yet. */
export function getOrganisationPeople(id: string, tx: Executor = db) {
  return tx
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      title: memberships.title,
      invited: sql<boolean>`${users.passwordHash} is null`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, id))
    .orderBy(asc(memberships.role), asc(users.name))
}

/** The editable record, for the edit form. */
export async function getOrganisationForEdit(id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id))
  return row ?? null
}

async function innTaken(tx: Executor, inn: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.inn, inn), exceptId ? ne(organisations.id, exceptId) : undefined))
    .limit(1)
  return Boolean(row)
}

function columnsOf(input: OrganisationLeaderInput) {
  return {
    name: input.name,
    shortName: input.shortName ?? null,
    regionCode: input.regionCode,
    city: input.city,
    address: input.address ?? null,
    inn: input.inn ?? null,
    ogrn: input.ogrn ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    website: input.website ?? null,
    description: input.description ?? null,
  }
}

/**
 * Creates an organisation and its audit entry, inside the caller's transaction.
 * Throws DuplicateInnError when the INN is already registered (the unique index backs this up
 * against a concurrent insert; callers map both to a 409).
 */
export async function createOrganisation(tx: Executor, actorId: string, input: OrganisationInput) {
  if (input.inn && (await innTaken(tx, input.inn))) throw new DuplicateInnError()
  const organisation = await insertOrganisation(tx, { ...columnsOf(input), kind: input.kind, published: input.published })
  await audit(tx, {
    actorId,
    action: 'organisation.create',
    entityType: 'organisation',
    entityId: organisation.id,
    organisationId: organisation.id,
    data: { kind: organisation.kind, name: organisation.name, regionCode: organisation.regionCode, inn: organisation.inn },
  })
  return organisation
}

/**
 * Whether an organisation can switch kind without leaving data that no longer makes sense: members whose
 * role does not exist in the new kind, programmes it runs (only a mentor organisation can) or takes part in.
 */
async function kindChangeBlocked(tx: Executor, organisation: Pick<Organisation, 'id'>, kind: OrganisationKind) {
  const allowed = ROLES_BY_KIND[kind] as readonly MembershipRole[]
  const [row] = await tx
    .select({
      misfits: sql<boolean>`exists (select 1 from ${memberships} m where m.organisation_id = ${organisation.id}
        and m.role not in (${sql.join(
          allowed.map((r) => sql`${r}`),
          sql`, `,
        )}))`,
      runs: sql<boolean>`exists (select 1 from ${programmes} p where p.mentor_organisation_id = ${organisation.id})`,
      takesPart: sql<boolean>`exists (select 1 from ${programmeCentres} pc where pc.organisation_id = ${organisation.id})`,
    })
    .from(organisations)
    .where(eq(organisations.id, organisation.id))
  return Boolean(row?.misfits || row?.runs || row?.takesPart)
}

/**
 * Updates an organisation's profile and writes 'organisation.update' with the changed fields, inside the
 * caller's transaction. `input.kind` / `input.published` are only passed for administrators.
 * Returns null when the organisation is gone, otherwise the changes (empty when nothing differed).
 */
export async function updateOrganisation(
  tx: Executor,
  actorId: string,
  id: string,
  input: OrganisationLeaderInput & { kind?: OrganisationKind; published?: boolean },
) {
  // Lock the row: two editors saving at once are applied one after the other, each audited against
  // the version it actually replaced.
  const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for('update')
  if (!before) return null
  const after = {
    ...columnsOf(input),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.published !== undefined ? { published: input.published } : {}),
  }
  if (after.inn && after.inn !== before.inn && (await innTaken(tx, after.inn, id))) throw new DuplicateInnError()
  if (after.kind && after.kind !== before.kind && (await kindChangeBlocked(tx, before, after.kind))) {
    throw new KindChangeError()
  }
  const changes = changedFields(before, after)
  if (Object.keys(changes).length === 0) return changes
  await tx
    .update(organisations)
    .set({ ...after, updatedAt: new Date() })
    .where(eq(organisations.id, id))
  await audit(tx, {
    actorId,
    action: 'organisation.update',
    entityType: 'organisation',
    entityId: id,
    organisationId: id,
    data: changes,
  })
  return changes
}

/** One membership of this organisation (null when the id belongs to another one or to none). */
export async function getMembershipInOrganisation(tx: Executor, organisationId: string, membershipId: string) {
  const [row] = await tx
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.organisationId, organisationId)))
  return row ?? null
}

/**
 * Locks the organisation's leader memberships and returns how many there are. Taken before demoting or
 * removing a leader, so two such changes at once cannot together leave the organisation without one.
 */
export async function lockLeaders(tx: Executor, organisationId: string) {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'leader')))
    .for('update')
  return rows.length
}
