import { eq, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { courses } from '#db/schema/index.ts'

/**
 * Rebuilds a course's search document from its title (weight A), summary (B) and the text of its
 * published lessons (C), with PostgreSQL's Russian stemmer, so «грант» finds «гранты» and «грантовой».
 */
export async function refreshCourseSearch(tx: Executor, courseId: string) {
  await tx
    .update(courses)
    .set({
      searchVector: sql`
        setweight(to_tsvector('russian', coalesce(${courses.title}, '') || ' ' || coalesce(${courses.titleEn}, '')), 'A') ||
        setweight(to_tsvector('russian', coalesce(${courses.summary}, '')), 'B') ||
        setweight(to_tsvector('russian', coalesce((
          select string_agg(lv.title || ' ' || regexp_replace(lv.body_html, '<[^>]+>', ' ', 'g'), ' ')
          from lessons l join lesson_versions lv on lv.id = l.published_version_id
          where l.course_id = ${courses.id}), '')), 'C')`,
    })
    .where(eq(courses.id, courseId))
}

/**
 * A search query from what a person typed: each word stemmed and matched as a prefix, all words required.
 * Returns null for input with no words.
 */
export function courseSearchQuery(input: string) {
  const words = input
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1)
    .slice(0, 8)
  if (!words.length) return null
  // to_tsquery on each word stems it the Russian way; ':*' then matches longer forms too.
  const parts = words.map((w) => sql`(to_tsquery('russian', ${w})::text || ':*')::tsquery`)
  return sql.join(parts, sql` && `)
}
