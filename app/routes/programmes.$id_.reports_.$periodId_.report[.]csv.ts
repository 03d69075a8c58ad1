// The period report as CSV for Excel (UTF-8 with BOM, ';', CRLF): live figures for a draft, the snapshot
// once submitted.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { loadReportContent, presentReport, requireReportPeriod } from '#app/models/programme-report.server.ts'
import { reportCsv, reportFileName } from '#app/models/report-export.server.ts'
import { csvResponse } from '#app/utils/csv.ts'

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, period, locale, today } = await requireReportPeriod(args, 'view')
  const { content } = await loadReportContent(programme.id, period, { today })
  const body = reportCsv(presentReport(content, locale), locale, user.timeZone)
  return csvResponse(body, reportFileName(programme.id, period, 'csv'))
}
