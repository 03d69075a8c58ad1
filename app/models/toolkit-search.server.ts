import { eq, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { toolkitResources } from '#db/schema/index.ts'

/**
 * Rebuilds a resource's search document: title and tags (A), summary (B), the current version's text (C),
 * with the Russian stemmer. «ё» is folded to «е» as in the query (courseSearchQuery), so «волонтёр» and
 * «волонтер» find the same resources.
 */
export async function refreshToolkitSearch(tx: Executor, resourceId: string) {
  await refreshToolkitSearchWhere(tx, eq(toolkitResources.id, resourceId))
}

/** The same for every resource matching `where`, in one statement (the scale generator fills thousands). */
export async function refreshToolkitSearchWhere(tx: Executor, where: SQL) {
  const fold = (value: ReturnType<typeof sql>) => sql`translate(lower(${value}), 'ё', 'е')`
  await tx
    .update(toolkitResources)
    .set({
      searchVector: sql`
        setweight(to_tsvector('russian', ${fold(sql`coalesce(${toolkitResources.title}, '') || ' ' || coalesce(${toolkitResources.titleEn}, '') || ' ' || coalesce((select string_agg(t, ' ') from jsonb_array_elements_text(${toolkitResources.tags}) t), '')`)}), 'A') ||
        setweight(to_tsvector('russian', ${fold(sql`coalesce(${toolkitResources.summary}, '')`)}), 'B') ||
        setweight(to_tsvector('russian', ${fold(sql`coalesce((
          select regexp_replace(v.body_html, '<[^>]+>', ' ', 'g') from toolkit_versions v
          where v.id = ${toolkitResources.currentVersionId}), '')`)}), 'C')`,
    })
    .where(where)
}
