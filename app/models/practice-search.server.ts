import { eq, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { practices } from '#db/schema/index.ts'

const fold = (value: SQL) => sql`translate(lower(${value}), 'ё', 'е')`

/**
 * A practice's search document with the Russian stemmer: title (A), target group (B — the catalogue's
 * "for whom" filter matches only this weight), problem, evidence and origin (C), the method's text (D).
 * «ё» is folded to «е» as in the query (courseSearchQuery). Written for `update practices set …`, so it
 * serves one row (refreshPracticeSearch) or every row at once (the scale generator).
 */
export function practiceSearchVector() {
  return sql`
    setweight(to_tsvector('russian', ${fold(sql`coalesce(${practices.title}, '') || ' ' || coalesce(${practices.titleEn}, '')`)}), 'A') ||
    setweight(to_tsvector('russian', ${fold(sql`coalesce(${practices.targetGroup}, '')`)}), 'B') ||
    setweight(to_tsvector('russian', ${fold(sql`coalesce(${practices.problem}, '') || ' ' || coalesce(${practices.evidence}, '') || ' ' || coalesce(${practices.originOrganisation}, '')`)}), 'C') ||
    setweight(to_tsvector('russian', ${fold(sql`regexp_replace(coalesce(${practices.bodyHtml}, ''), '<[^>]+>', ' ', 'g')`)}), 'D')`
}

export async function refreshPracticeSearch(tx: Executor, practiceId: string) {
  await tx.update(practices).set({ searchVector: practiceSearchVector() }).where(eq(practices.id, practiceId))
}

/**
 * The catalogue's "for whom" filter: groups of people, each found by the words its practices use when they
 * describe their target group (stemmed and matched as prefixes, only in the target-group part of the document).
 */
export const TARGET_GROUPS = {
  older: ['пожилые', 'пенсионеры', 'ветераны'],
  disability: ['инвалидностью', 'ограниченными', 'нарушениями'],
  families: ['семьи', 'родители', 'дети', 'мамы'],
  youth: ['молодые', 'молодёжь', 'подростки', 'старшеклассники', 'студенты', 'школьники'],
  ngo: ['нко', 'инициативные', 'организации', 'лидеры'],
  rural: ['сёла', 'сельские', 'деревни'],
  residents: ['жители', 'соседи', 'добровольцы'],
} as const satisfies Record<string, readonly string[]>

export type TargetGroup = keyof typeof TARGET_GROUPS
export const TARGET_GROUP_KEYS = Object.keys(TARGET_GROUPS) as TargetGroup[]

/** A tsquery matching any word of the group, as a prefix, in weight B (the target group) only. */
export function targetGroupQuery(group: TargetGroup) {
  const parts = TARGET_GROUPS[group].map(
    (word) => sql`(to_tsquery('russian', ${word.replace(/ё/g, 'е')})::text || ':*B')::tsquery`,
  )
  return sql.join(parts, sql` || `)
}
