import { data, type ActionFunctionArgs } from '@remix-run/node'
import { docxFor, fillFromForm, getPublishedResource, recordUsage } from '#app/models/toolkit.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { DOCX_MIME } from '#app/utils/docx.server.ts'
import { notFound } from '#app/utils/http.server.ts'

/** POST the filled form here to get the finished .docx; a bad value answers 400 with the field errors. */
export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const row = await getPublishedResource(args.params.slug ?? '')
  if (!row || row.resource.kind !== 'template') notFound()
  const outcome = fillFromForm(row, await args.request.formData())
  if (!outcome.ok) return data({ ok: false, errors: outcome.errors, values: outcome.values }, { status: outcome.status })
  const bytes = docxFor(row, outcome.doc)
  await recordUsage(user, row.resource, row.version.id, 'generate_docx')
  const name = `${row.resource.slug}.docx`
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': DOCX_MIME,
      'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${row.resource.title}.docx`)}`,
      'Content-Length': String(bytes.byteLength),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  })
}

export async function loader() {
  // Only the form's POST makes a document.
  throw data({ message: 'errors.notFound' }, { status: 405 })
}
