// Downloads of a toolkit resource's files (a resource route: no page). Files of a published version are
// for every signed-in person and each download is counted for their centre; files only the draft has are
// for the resource's authors. Always served as an attachment with nosniff, never rendered as a page.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { idFrom } from '#app/models/course-authoring.server.ts'
import { getResourceAttachment, resourceSlugFrom } from '#app/models/toolkit-authoring.server.ts'
import { recordUsage, requireReadableResource } from '#app/models/toolkit.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { serveUpload } from '#app/utils/uploads.server.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const slug = resourceSlugFrom(args.params)
  const attachmentId = idFrom(args.params.id)
  const { resource, canEdit } = await requireReadableResource(user, slug)
  const file = await getResourceAttachment(resource.id, attachmentId)
  if (!file) notFound()
  if (!file.publishedVersionId && !canEdit) notFound()
  const response = await serveUpload(file.storageKey, file.originalName, file.contentType)
  if (file.publishedVersionId) await recordUsage(user, resource, file.publishedVersionId, 'download')
  return response
}
