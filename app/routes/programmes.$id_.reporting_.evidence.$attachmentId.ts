// Evidence files of manual indicator values (a resource route: no page). Whoever may see the programme's
// reporting may download them; the file always arrives as an attachment, never rendered as a page.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getEvidenceFile, requireProgrammeReporting, uuidFrom } from '#app/models/reporting-setup.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { serveUpload } from '#app/utils/uploads.server.ts'

export async function loader(args: LoaderFunctionArgs) {
  const { programme } = await requireProgrammeReporting(args, 'view')
  const file = await getEvidenceFile(programme.id, uuidFrom(args.params.attachmentId))
  if (!file) notFound()
  return serveUpload(file.storageKey, file.originalName, file.contentType)
}
