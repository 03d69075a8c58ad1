// Toolkit records for tests: a published resource written straight into the tables (for tests that need one
// in place, not the authoring flow itself), usage rows, and Tiptap documents to post as a draft's text.
import { eq } from 'drizzle-orm'
import { toolkitResources, toolkitUsage, toolkitVersions, type TemplateField } from '#db/schema/index.ts'
import { refreshToolkitSearch } from '#app/models/toolkit-search.server.ts'
import { renderRichText } from '#app/utils/rich-text.server.ts'
import type { RichTextDoc } from '#app/utils/rich-text.ts'
import { testDb, unique } from '#tests/db-utils.ts'

/** A document of paragraphs, one per string. */
export function docOf(...paragraphs: string[]): RichTextDoc {
  return { type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })) }
}

export const field = (key: string, label = key, type: TemplateField['type'] = 'text', required = true): TemplateField => ({
  key,
  label,
  type,
  required,
})

/** A published resource (version 1) of an organisation, or of the installation's library when it is null. */
export async function insertResource(
  values: {
    organisationId: string | null
    kind?: (typeof toolkitResources.kind.enumValues)[number]
    title?: string
    fields?: TemplateField[]
    body?: RichTextDoc
    status?: 'draft' | 'published' | 'archived'
  } = { organisationId: null },
) {
  const db = testDb()
  const kind = values.kind ?? 'guide'
  const body = values.body ?? docOf('Текст материала для проверки.')
  const [resource] = await db
    .insert(toolkitResources)
    .values({
      slug: unique('res-').toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      organisationId: values.organisationId,
      kind,
      title: values.title ?? `Материал ${unique()}`,
      summary: 'Кратко о материале.',
      topic: 'law',
      stage: 'registering',
      audience: 'both',
      status: values.status ?? 'published',
    })
    .returning()
  const [version] = await db
    .insert(toolkitVersions)
    .values({
      resourceId: resource!.id,
      version: 1,
      bodyJson: body as Record<string, unknown>,
      bodyHtml: renderRichText(body, 'lesson'),
      fields: values.fields ?? [],
      changeNote: 'Первая публикация',
    })
    .returning()
  await db.update(toolkitResources).set({ currentVersionId: version!.id }).where(eq(toolkitResources.id, resource!.id))
  await refreshToolkitSearch(db, resource!.id)
  return { ...resource!, currentVersionId: version!.id, versionId: version!.id }
}

export type UsageKind = (typeof toolkitUsage.kind.enumValues)[number]

/** `n` usage rows of one kind for a resource, by a person of a centre (or of none). */
export async function insertUsage(
  resource: { id: string; versionId: string },
  organisationId: string | null,
  userId: string | null,
  kind: UsageKind,
  n = 1,
  createdAt = new Date(),
) {
  await testDb()
    .insert(toolkitUsage)
    .values(Array.from({ length: n }, () => ({ resourceId: resource.id, versionId: resource.versionId, organisationId, userId, kind, createdAt })))
}
