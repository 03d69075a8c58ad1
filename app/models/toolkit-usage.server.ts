// Who uses which resource: views, downloads and generated documents counted by centre, resource and
// version (toolkit_usage). Everything is aggregated in SQL. A centre's usage is its own business: a
// resource's author sees by name only the centres they may see anyway (those they mentor, or whose
// programme they manage); the rest are summed into one line.
import { and, asc, countDistinct, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import {
  organisations,
  programmeCentres,
  programmes,
  savedRequisites,
  toolkitResources,
  toolkitUsage,
  toolkitVersions,
  users,
} from '#db/schema/index.ts'
import type { CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'

export const USAGE_PAGE_SIZE = 50
/** Months shown in the "over time" table, the current one included. */
export const USAGE_MONTHS = 12

const byKind = {
  views: sql<number>`(count(*) filter (where ${toolkitUsage.kind} = 'view'))::int`,
  downloads: sql<number>`(count(*) filter (where ${toolkitUsage.kind} = 'download'))::int`,
  docx: sql<number>`(count(*) filter (where ${toolkitUsage.kind} = 'generate_docx'))::int`,
  pdf: sql<number>`(count(*) filter (where ${toolkitUsage.kind} = 'generate_pdf'))::int`,
}

export type KindCounts = { views: number; downloads: number; docx: number; pdf: number }

const zero = (): KindCounts => ({ views: 0, downloads: 0, docx: 0, pdf: 0 })
const add = (a: KindCounts, b: KindCounts) => {
  a.views += b.views
  a.downloads += b.downloads
  a.docx += b.docx
  a.pdf += b.pdf
  return a
}

/** Who may open a resource's usage: administrators, programme managers, members of the organisation that owns it. */
export function canSeeResourceUsage(user: CurrentUser, resource: { organisationId: string | null }) {
  if (user.isAdmin || user.managedProgrammeIds.length > 0) return true
  return resource.organisationId !== null && user.memberships.some((m) => m.organisationId === resource.organisationId)
}

export function requireResourceUsageAccess(user: CurrentUser, resource: { organisationId: string | null }) {
  if (!canSeeResourceUsage(user, resource)) forbidden('toolkits.error.usageForbidden')
}

/**
 * Whether a usage row's centre may be named to this person: their own organisations, the centres of
 * programmes run by the mentor organisations they mentor for, and of programmes they manage.
 */
function namedCentre(user: CurrentUser): SQL {
  if (user.isAdmin) return sql`true`
  const parts: SQL[] = []
  const own = user.memberships.map((m) => m.organisationId)
  if (own.length) parts.push(inArray(toolkitUsage.organisationId, own))
  const mentorOrgs = mentorOrganisationIds(user)
  const managed = user.managedProgrammeIds
  const programmeScope = or(
    mentorOrgs.length ? inArray(programmes.mentorOrganisationId, mentorOrgs) : undefined,
    managed.length ? inArray(programmes.id, managed) : undefined,
  )
  if (programmeScope) {
    parts.push(
      inArray(
        toolkitUsage.organisationId,
        db
          .select({ id: programmeCentres.organisationId })
          .from(programmeCentres)
          .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
          .where(programmeScope),
      ),
    )
  }
  return parts.length ? sql`coalesce(${or(...parts)}, false)` : sql`false`
}

/** Month keys YYYY-MM, oldest first, ending with the month `now` falls in (in `timeZone`). */
export function lastMonths(now: Date, timeZone: string, n = USAGE_MONTHS) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now)
  let year = Number(parts.find((p) => p.type === 'year')!.value)
  let month = Number(parts.find((p) => p.type === 'month')!.value)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    out.unshift(`${year}-${String(month).padStart(2, '0')}`)
    month -= 1
    if (month === 0) {
      month = 12
      year -= 1
    }
  }
  return out
}

/** Counts per month in the viewer's zone for the last USAGE_MONTHS months (months without use show zeros). */
async function usageByMonth(where: SQL, timeZone: string, tx: Executor) {
  const months = lastMonths(new Date(), timeZone)
  const month = sql<string>`to_char(${toolkitUsage.createdAt} at time zone ${timeZone}, 'YYYY-MM')`
  const from = sql`(date_trunc('month', now() at time zone ${timeZone}) - interval '${sql.raw(String(USAGE_MONTHS - 1))} months') at time zone ${timeZone}`
  const rows = await tx
    .select({ month, ...byKind })
    .from(toolkitUsage)
    .where(and(where, sql`${toolkitUsage.createdAt} >= ${from}`))
    // By position: the zone is a bind parameter, and the same expression twice would not match.
    .groupBy(sql`1`)
  const found = new Map(rows.map((r) => [r.month, r]))
  return months.map((m) => {
    const r = found.get(m)
    return { month: m, ...(r ? { views: r.views, downloads: r.downloads, docx: r.docx, pdf: r.pdf } : zero()) }
  })
}

/**
 * A resource's usage for one viewer: totals by kind, by version, by month, and by centre — centres the
 * viewer may not see are summed into `others` (with how many there are), usage by people of no centre
 * (mentors, administrators) into `noCentre`. Three aggregates over the resource's rows, run side by side
 * (measured faster than one GROUPING SETS pass, which has to sort them all: tests/bench/RESULTS.md).
 */
export async function resourceUsage(user: CurrentUser, resourceId: string, page: number, tx: Executor = db) {
  const where = eq(toolkitUsage.resourceId, resourceId)
  const grouped = tx
    .select({
      organisationId: toolkitUsage.organisationId,
      named: sql<boolean>`${namedCentre(user)}`.as('named'),
      views: byKind.views.as('views'),
      downloads: byKind.downloads.as('downloads'),
      docx: byKind.docx.as('docx'),
      pdf: byKind.pdf.as('pdf'),
      lastUsed: sql<Date>`max(${toolkitUsage.createdAt})`.as('last_used'),
    })
    .from(toolkitUsage)
    .where(where)
    .groupBy(toolkitUsage.organisationId)
    .as('g')
  const [centreRows, versionRows, months] = await Promise.all([
    tx
      .select({
        organisationId: grouped.organisationId,
        // Only names the viewer may see leave the database.
        name: sql<string | null>`case when ${grouped.named} then coalesce(${organisations.shortName}, ${organisations.name}) end`,
        named: grouped.named,
        views: grouped.views,
        downloads: grouped.downloads,
        docx: grouped.docx,
        pdf: grouped.pdf,
        lastUsed: grouped.lastUsed,
      })
      .from(grouped)
      .leftJoin(organisations, eq(organisations.id, grouped.organisationId)),
    tx
      .select({ version: toolkitVersions.version, ...byKind })
      .from(toolkitUsage)
      .leftJoin(toolkitVersions, eq(toolkitVersions.id, toolkitUsage.versionId))
      .where(where)
      .groupBy(toolkitUsage.versionId, toolkitVersions.version),
    usageByMonth(where, user.timeZone, tx),
  ])
  const totals = zero()
  const others = { centres: 0, ...zero() }
  const noCentre = zero()
  const centres: { id: string; name: string; lastUsed: Date; counts: KindCounts }[] = []
  for (const row of centreRows) {
    const counts = { views: row.views, downloads: row.downloads, docx: row.docx, pdf: row.pdf }
    add(totals, counts)
    if (row.organisationId === null) add(noCentre, counts)
    else if (row.named && row.name !== null) centres.push({ id: row.organisationId, name: row.name, lastUsed: new Date(row.lastUsed), counts })
    else {
      others.centres += 1
      add(others, counts)
    }
  }
  centres.sort((a, b) => totalOf(b.counts) - totalOf(a.counts) || a.name.localeCompare(b.name, 'ru'))
  return {
    totals,
    centreCount: centreRows.filter((r) => r.organisationId !== null).length,
    centres: centres.slice((page - 1) * USAGE_PAGE_SIZE, page * USAGE_PAGE_SIZE),
    namedCentres: centres.length,
    pages: Math.max(1, Math.ceil(centres.length / USAGE_PAGE_SIZE)),
    others,
    noCentre,
    versions: versionRows
      .map((r) => ({ version: r.version, counts: { views: r.views, downloads: r.downloads, docx: r.docx, pdf: r.pdf } }))
      .sort((a, b) => (b.version ?? -1) - (a.version ?? -1)),
    months,
  }
}

const totalOf = (c: KindCounts) => c.views + c.downloads + c.docx + c.pdf

/** What one centre used: per resource (most recent first), per month, in total. */
export async function centreUsage(organisationId: string, timeZone: string, page: number, tx: Executor = db) {
  const where = eq(toolkitUsage.organisationId, organisationId)
  const grouped = tx
    .select({
      resourceId: toolkitUsage.resourceId,
      views: byKind.views.as('views'),
      downloads: byKind.downloads.as('downloads'),
      docx: byKind.docx.as('docx'),
      pdf: byKind.pdf.as('pdf'),
      lastUsed: sql<Date>`max(${toolkitUsage.createdAt})`.as('last_used'),
      total: sql<number>`(count(*) over ())::int`.as('total'),
    })
    .from(toolkitUsage)
    .where(where)
    .groupBy(toolkitUsage.resourceId)
    .orderBy(desc(sql`max(${toolkitUsage.createdAt})`), asc(toolkitUsage.resourceId))
    .limit(USAGE_PAGE_SIZE)
    .offset((page - 1) * USAGE_PAGE_SIZE)
    .as('g')
  const [rows, months, [totalsRow]] = await Promise.all([
    tx
      .select({
        slug: toolkitResources.slug,
        title: toolkitResources.title,
        kind: toolkitResources.kind,
        status: toolkitResources.status,
        views: grouped.views,
        downloads: grouped.downloads,
        docx: grouped.docx,
        pdf: grouped.pdf,
        lastUsed: grouped.lastUsed,
        total: grouped.total,
      })
      .from(grouped)
      .innerJoin(toolkitResources, eq(toolkitResources.id, grouped.resourceId))
      .orderBy(desc(grouped.lastUsed), asc(toolkitResources.title)),
    usageByMonth(where, timeZone, tx),
    tx
      .select({ ...byKind, resources: countDistinct(toolkitUsage.resourceId), people: countDistinct(toolkitUsage.userId) })
      .from(toolkitUsage)
      .where(where),
  ])
  const resources = rows[0]?.total ?? totalsRow?.resources ?? 0
  return {
    totals: { views: totalsRow?.views ?? 0, downloads: totalsRow?.downloads ?? 0, docx: totalsRow?.docx ?? 0, pdf: totalsRow?.pdf ?? 0 },
    resourceCount: totalsRow?.resources ?? 0,
    people: totalsRow?.people ?? 0,
    resources: rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      kind: r.kind,
      readable: r.status === 'published',
      lastUsed: new Date(r.lastUsed),
      counts: { views: r.views, downloads: r.downloads, docx: r.docx, pdf: r.pdf },
    })),
    pages: Math.max(1, Math.ceil(resources / USAGE_PAGE_SIZE)),
    months,
  }
}

/** Resources a mentor organisation authored, with how much each was used in all (for its own page). */
export async function authoredUsage(organisationId: string, page: number, tx: Executor = db) {
  const usage = tx
    .select({
      resourceId: toolkitUsage.resourceId,
      views: byKind.views.as('views'),
      downloads: byKind.downloads.as('downloads'),
      docx: byKind.docx.as('docx'),
      pdf: byKind.pdf.as('pdf'),
      centres: countDistinct(toolkitUsage.organisationId).as('centres'),
    })
    .from(toolkitUsage)
    .innerJoin(toolkitResources, eq(toolkitResources.id, toolkitUsage.resourceId))
    .where(eq(toolkitResources.organisationId, organisationId))
    .groupBy(toolkitUsage.resourceId)
    .as('u')
  const rows = await tx
    .select({
      slug: toolkitResources.slug,
      title: toolkitResources.title,
      kind: toolkitResources.kind,
      status: toolkitResources.status,
      views: sql<number>`coalesce(${usage.views}, 0)::int`,
      downloads: sql<number>`coalesce(${usage.downloads}, 0)::int`,
      docx: sql<number>`coalesce(${usage.docx}, 0)::int`,
      pdf: sql<number>`coalesce(${usage.pdf}, 0)::int`,
      centres: sql<number>`coalesce(${usage.centres}, 0)::int`,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(toolkitResources)
    .leftJoin(usage, eq(usage.resourceId, toolkitResources.id))
    .where(eq(toolkitResources.organisationId, organisationId))
    .orderBy(asc(toolkitResources.title), asc(toolkitResources.id))
    .limit(USAGE_PAGE_SIZE)
    .offset((page - 1) * USAGE_PAGE_SIZE)
  return {
    resources: rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      kind: r.kind,
      status: r.status,
      centres: r.centres,
      counts: { views: r.views, downloads: r.downloads, docx: r.docx, pdf: r.pdf },
    })),
    pages: Math.max(1, Math.ceil((rows[0]?.total ?? 0) / USAGE_PAGE_SIZE)),
  }
}

// ---------------------------------------------------------------------------------------------
// Saved NGO details, as the centre's page lists them

export async function listSavedRequisitesWithValues(organisationId: string, tx: Executor = db) {
  return tx
    .select({
      id: savedRequisites.id,
      label: savedRequisites.label,
      values: savedRequisites.values,
      updatedAt: savedRequisites.updatedAt,
      author: users.name,
    })
    .from(savedRequisites)
    .leftJoin(users, eq(users.id, savedRequisites.createdById))
    .where(eq(savedRequisites.organisationId, organisationId))
    .orderBy(asc(savedRequisites.label), asc(savedRequisites.id))
}

export async function deleteSavedRequisites(tx: Executor, organisationId: string, id: string) {
  const removed = await tx
    .delete(savedRequisites)
    .where(and(eq(savedRequisites.id, id), eq(savedRequisites.organisationId, organisationId)))
    .returning({ id: savedRequisites.id, label: savedRequisites.label })
  return removed[0] ?? null
}

/** Labels of template fields by key (the first published template that has the key), for saved details. */
export async function fieldLabels(keys: string[], tx: Executor = db): Promise<Record<string, string>> {
  if (keys.length === 0) return {}
  const field = sql`f.value`
  const rows = await tx
    .selectDistinctOn([sql`${field}->>'key'`], { key: sql<string>`${field}->>'key'`, label: sql<string>`${field}->>'label'` })
    .from(toolkitResources)
    .innerJoin(toolkitVersions, eq(toolkitVersions.id, toolkitResources.currentVersionId))
    .innerJoin(sql`jsonb_array_elements(${toolkitVersions.fields}) f`, sql`true`)
    .where(and(eq(toolkitResources.kind, 'template'), eq(toolkitResources.status, 'published'), inArray(sql`${field}->>'key'`, keys)))
    .orderBy(sql`${field}->>'key'`, asc(toolkitResources.slug))
  return Object.fromEntries(rows.map((r) => [r.key, r.label]))
}
