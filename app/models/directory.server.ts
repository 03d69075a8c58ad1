// The public directory of resource centres (/centres): only published centres, only public fields.
// Nothing here reads people, plans, assessments or anything else private — the queries name every column.
import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { FEDERAL_DISTRICTS, type FederalDistrict } from '#db/reference/regions.ts'
import { STAGES, type Stage } from '#db/schema/curricula.ts'
import { organisations, regions } from '#db/schema/index.ts'
import type { Executor } from '#db/client.ts'
import { audit } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { mentorLinks } from '#app/utils/mentor-reach.server.ts'

export const DIRECTORY_PAGE_SIZE = 30
export const DISTRICTS = Object.keys(FEDERAL_DISTRICTS) as FederalDistrict[]

export const DirectoryQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  region: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .catch(undefined),
  district: z
    .enum(DISTRICTS as [FederalDistrict, ...FederalDistrict[]])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
export type DirectoryQuery = z.output<typeof DirectoryQuerySchema>

export function parseDirectoryQuery(url: URL): DirectoryQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['q', 'region', 'district', 'page']) {
    const value = url.searchParams.get(key)?.trim()
    raw[key] = value ? value : undefined
  }
  return DirectoryQuerySchema.parse(raw)
}

/** A stage key from the database as a known stage (an unknown value shows as the first stage). */
export function stageOf(value: string): Stage {
  return (STAGES as readonly string[]).includes(value) ? (value as Stage) : STAGES[0]
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, '\\$&')
}

/** A centre is in the directory when it is a centre and published. */
const isListed = and(eq(organisations.kind, 'centre'), eq(organisations.published, true))

/**
 * The mentor organisations that accompany the given centres — through a programme they run or an active
 * mentorship (mentorLinks, the rule the permission layer uses) — each once per centre, one query for all.
 */
async function mentorsOf(centreIds: string[], tx: Executor = db) {
  // Keyed by centre; the mentor's own id stays here (the public pages need only its name and city).
  const byCentre = new Map<string, { name: string; city: string }[]>()
  const seen = new Set<string>()
  if (centreIds.length === 0) return byCentre
  const links = mentorLinks({ centreIds })
  const name = sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`
  const rows = await tx
    .selectDistinct({ centreId: links.centreId, id: organisations.id, name, city: organisations.city })
    .from(links)
    .innerJoin(organisations, eq(organisations.id, links.mentorOrganisationId))
    .orderBy(asc(links.centreId), asc(name), asc(organisations.id))
  for (const row of rows) {
    const list = byCentre.get(row.centreId) ?? []
    if (seen.has(`${row.centreId}:${row.id}`)) continue
    seen.add(`${row.centreId}:${row.id}`)
    list.push({ name: row.name, city: row.city })
    byCentre.set(row.centreId, list)
  }
  return byCentre
}

/**
 * One page (30) of published centres, sorted by region then name, with the total from a window count,
 * and the mentor organisations of the page's centres in one more query: two queries whatever the size.
 */
export async function listDirectory(query: DirectoryQuery) {
  const conditions: (SQL | undefined)[] = [isListed]
  if (query.region) conditions.push(eq(organisations.regionCode, query.region))
  if (query.district) conditions.push(eq(regions.district, query.district))
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`
    conditions.push(
      or(
        ilike(organisations.name, pattern),
        ilike(organisations.shortName, pattern),
        ilike(organisations.city, pattern),
        ilike(organisations.description, pattern),
      ),
    )
  }
  const where = and(...conditions)
  const rows = await db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      shortName: organisations.shortName,
      city: organisations.city,
      stage: organisations.stage,
      description: organisations.description,
      email: organisations.email,
      phone: organisations.phone,
      website: organisations.website,
      regionCode: organisations.regionCode,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      district: regions.district,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(organisations)
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(where)
    .orderBy(asc(regions.nameRu), asc(organisations.name), asc(organisations.id))
    .limit(DIRECTORY_PAGE_SIZE)
    .offset((query.page - 1) * DIRECTORY_PAGE_SIZE)

  let total = rows[0]?.total ?? 0
  if (!rows.length && query.page > 1) {
    const [row] = await db
      .select({ total: sql<number>`count(*)::int` })
      .from(organisations)
      .innerJoin(regions, eq(regions.code, organisations.regionCode))
      .where(where)
    total = row?.total ?? 0
  }
  const mentors = await mentorsOf(rows.map((r) => r.id))
  return {
    centres: rows.map(({ total: _total, stage, ...row }) => ({
      ...row,
      stage: stageOf(stage),
      mentors: mentors.get(row.id) ?? [],
    })),
    total,
    pages: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
  }
}

/** Regions that have at least one published centre, for the filter. */
export function listDirectoryRegions() {
  return db
    .selectDistinct({ code: regions.code, nameRu: regions.nameRu, nameEn: regions.nameEn, district: regions.district })
    .from(regions)
    .innerJoin(organisations, eq(organisations.regionCode, regions.code))
    .where(isListed)
    .orderBy(asc(regions.nameRu), asc(regions.code))
}

/** The public page of a published centre, or null (unpublished, a mentor organisation, unknown). */
export async function getPublicCentre(slug: string) {
  if (!slug || slug.length > 200) return null
  const [row] = await db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      shortName: organisations.shortName,
      city: organisations.city,
      address: organisations.address,
      email: organisations.email,
      phone: organisations.phone,
      website: organisations.website,
      description: organisations.description,
      stage: organisations.stage,
      regionCode: organisations.regionCode,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      district: regions.district,
    })
    .from(organisations)
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(and(eq(organisations.slug, slug), isListed))
  if (!row) return null
  const mentors = await mentorsOf([row.id])
  const { id: _id, stage, ...centre } = row
  return { ...centre, stage: stageOf(stage), mentors: mentors.get(row.id) ?? [] }
}

/** What the publish page needs to know about an organisation. */
export async function getPublicationState(id: string) {
  const [row] = await db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      shortName: organisations.shortName,
      slug: organisations.slug,
      published: organisations.published,
      stage: organisations.stage,
    })
    .from(organisations)
    .where(eq(organisations.id, id))
  return row ?? null
}

/**
 * Puts a centre into the directory or takes it out, with its audit entry, inside the caller's transaction.
 * Returns null when the organisation is gone, false when nothing changed, true when it did.
 */
export async function setPublished(tx: Executor, actorId: string, id: string, published: boolean) {
  const [before] = await tx
    .select({ id: organisations.id, published: organisations.published, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, id))
    .for('update')
  if (!before) return null
  if (before.published === published) return false
  await tx.update(organisations).set({ published, updatedAt: new Date() }).where(eq(organisations.id, id))
  await audit(tx, {
    actorId,
    action: published ? 'organisation.publish' : 'organisation.unpublish',
    entityType: 'organisation',
    entityId: id,
    organisationId: id,
    data: { name: before.name, published: { from: before.published, to: published } },
  })
  return true
}
