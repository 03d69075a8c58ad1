// Every event of the programme with every attendance mark, as CSV for Excel — streamed in batches as the
// client reads it, never built whole in memory.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { streamProgrammeData } from '#app/models/report-export.server.ts'
import { requireProgrammeReporting } from '#app/models/reporting-setup.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme } = await requireProgrammeReporting(args, 'view')
  const locale = resolveLocale(args.request, user)
  return new Response(streamProgrammeData(programme.id, locale), {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="programme-data-${programme.id.slice(0, 8)}.csv"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
