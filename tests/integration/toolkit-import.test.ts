// Re-importing content/ respects what authors did to seed toolkit resources in the app: an archived resource
// stays archived (and untouched), and a resource whose version, details or links authors changed keeps them.
// Resources nobody touched still follow their files.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, eq, gt } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CONTENT_ROOT, importContent } from '#db/content/import.ts'
import { auditLog, toolkitRelated, toolkitResources, toolkitVersions } from '#db/schema/index.ts'
import { action as editAction } from '#app/routes/toolkits.$slug_.edit.tsx'
import { loader as pageLoader } from '#app/routes/toolkits.$slug.tsx'
import { callRoute, createWorld, testDb } from '#tests/db-utils.ts'
import { docOf } from '#tests/factories/toolkits.ts'

let world: Awaited<ReturnType<typeof createWorld>>
const dirs: string[] = []

beforeAll(async () => {
  await importContent(testDb())
  world = await createWorld()
})

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
})

const edit = (slug: string, form: Record<string, string>) =>
  callRoute(editAction, `/toolkits/${slug}/edit`, { as: world.admin, params: { slug }, form })

/** A copy of content/ in which each named resource's file gets a new title and one more paragraph. */
function changedContent(...slugs: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resursnik-toolkit-import-'))
  dirs.push(dir)
  fs.cpSync(CONTENT_ROOT, dir, { recursive: true })
  for (const slug of slugs) {
    const file = path.join(dir, 'toolkits', `${slug}.md`)
    const text = fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Заголовок из обновлённого файла')
    fs.writeFileSync(file, `${text.trimEnd()}\n\nАбзац, добавленный в файл после правок авторов.\n`)
  }
  return dir
}

async function stateOf(slug: string) {
  const [resource] = await testDb().select().from(toolkitResources).where(eq(toolkitResources.slug, slug))
  const versions = await testDb()
    .select({ id: toolkitVersions.id, version: toolkitVersions.version, changeNote: toolkitVersions.changeNote })
    .from(toolkitVersions)
    .where(and(eq(toolkitVersions.resourceId, resource!.id), gt(toolkitVersions.version, 0)))
    .orderBy(asc(toolkitVersions.version))
  const related = await testDb()
    .select({ id: toolkitRelated.id })
    .from(toolkitRelated)
    .where(eq(toolkitRelated.resourceId, resource!.id))
  return { resource: resource!, versions, related: related.length }
}

// Each test imports content/ two or three times: seconds each on PGlite under load.
describe('re-importing the seed toolkit', { timeout: 120_000 }, () => {
  test('an archived resource stays archived and untouched, also when its file changed; restored, it follows its file again', async () => {
    const slug = 'ngo-registration-checklist'
    expect((await edit(slug, { intent: 'archive' })).status).toBe(302)
    const before = await stateOf(slug)
    expect(before.resource.status).toBe('archived')

    const same = await importContent(testDb())
    expect(same.toolkitsKept?.archived).toEqual([slug])
    const changed = await importContent(testDb(), { root: changedContent(slug) })
    expect(changed.toolkitsKept?.archived).toEqual([slug])
    expect(changed.toolkits?.newVersions).toBe(0)
    const after = await stateOf(slug)
    expect(after.resource.status).toBe('archived')
    expect(after.resource.title).toBe(before.resource.title)
    expect(after.versions).toEqual(before.versions)
    // Readers still do not find it.
    expect((await callRoute(pageLoader, `/toolkits/${slug}`, { as: world.leaderA, params: { slug } })).status).toBe(404)

    // Restoring is not an edit: the import takes care of it again.
    expect((await edit(slug, { intent: 'restore' })).status).toBe(302)
    const again = await importContent(testDb(), { root: changedContent(slug) })
    expect(again.toolkitsKept?.archived).toEqual([])
    const restored = await stateOf(slug)
    expect(restored.resource.status).toBe('published')
    expect(restored.resource.title).toBe('Заголовок из обновлённого файла')
    expect(restored.versions.map((v) => v.changeNote).at(-1)).toBe('Обновлено из content/')
    expect(restored.versions).toHaveLength(before.versions.length + 1)
  })

  test('a version published in the app, edited details and edited links are not overwritten; untouched resources still update', async () => {
    // A new version of a guide, published by an administrator (seed resources are theirs to edit).
    const guide = 'consultant-guide-common-questions'
    const published = await edit(guide, {
      intent: 'publish',
      body: JSON.stringify(docOf('Справочник, переписанный автором.')),
      changeNote: 'Переписан автором',
    })
    expect(published.status).toBe(302)
    const guideBefore = await stateOf(guide)
    expect(guideBefore.versions.at(-1)!.changeNote).toBe('Переписан автором')
    expect(guideBefore.resource.currentVersionId).toBe(guideBefore.versions.at(-1)!.id)

    // Details only (no new version) of a scenario.
    const scenario = 'public-event-scenario'
    const details = await edit(scenario, {
      intent: 'details',
      title: 'Ярмарка социальных идей: сценарий, уточнённый автором',
      summary: 'Сценарий встречи в редакции автора.',
      kind: 'scenario',
      topic: 'communications',
      stage: 'first-services',
      audience: 'both',
      tags: 'встреча, сценарий',
    })
    expect(details.status).toBe(302)
    const scenarioBefore = await stateOf(scenario)

    // One "see also" link taken off a template.
    const template = 'volunteer-agreement'
    const templateBefore = await stateOf(template)
    const [link] = await testDb()
      .select({ id: toolkitRelated.id })
      .from(toolkitRelated)
      .where(eq(toolkitRelated.resourceId, templateBefore.resource.id))
    expect((await edit(template, { intent: 'removeRelated', relatedId: link!.id })).status).toBe(302)
    const templateLinks = templateBefore.related - 1

    // A resource nobody touched.
    const charter = 'ano-charter'
    const charterBefore = await stateOf(charter)

    const summary = await importContent(testDb(), { root: changedContent(guide, scenario, template, charter) })
    expect(summary.toolkitsKept?.authored.sort()).toEqual([guide, scenario, template].sort())

    const guideAfter = await stateOf(guide)
    expect(guideAfter.versions).toEqual(guideBefore.versions)
    expect(guideAfter.resource.currentVersionId).toBe(guideBefore.resource.currentVersionId)
    expect(guideAfter.resource.title).toBe(guideBefore.resource.title)
    const scenarioAfter = await stateOf(scenario)
    expect(scenarioAfter.resource.title).toBe('Ярмарка социальных идей: сценарий, уточнённый автором')
    expect(scenarioAfter.versions).toEqual(scenarioBefore.versions)
    const templateAfter = await stateOf(template)
    expect(templateAfter.related).toBe(templateLinks)
    expect(templateAfter.versions).toEqual(templateBefore.versions)
    expect(templateAfter.resource.title).toBe(templateBefore.resource.title)

    const charterAfter = await stateOf(charter)
    expect(charterAfter.resource.title).toBe('Заголовок из обновлённого файла')
    expect(charterAfter.versions).toHaveLength(charterBefore.versions.length + 1)
    expect(charterAfter.resource.currentVersionId).toBe(charterAfter.versions.at(-1)!.id)
  })

  test('an author’s version is recognised by its note even after the author’s account and the audit trail are gone', async () => {
    const guide = 'consultant-guide-common-questions'
    const before = await stateOf(guide)
    await testDb()
      .update(toolkitVersions)
      .set({ createdById: null })
      .where(eq(toolkitVersions.resourceId, before.resource.id))
    await testDb()
      .delete(auditLog)
      .where(and(eq(auditLog.entityType, 'resource'), eq(auditLog.entityId, before.resource.id)))
    const summary = await importContent(testDb(), { root: changedContent(guide) })
    expect(summary.toolkitsKept?.authored).toContain(guide)
    const after = await stateOf(guide)
    expect(after.versions).toEqual(before.versions)
    expect(after.resource.currentVersionId).toBe(before.resource.currentVersionId)
  })
})
