// The period report as an Excel workbook, a sheet per section: live figures for a draft, the snapshot
// once submitted.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { loadReportContent, presentReport, requireReportPeriod } from '#app/models/programme-report.server.ts'
import { reportFileName, reportXlsx } from '#app/models/report-export.server.ts'
import { xlsxResponse } from '#app/utils/xlsx.server.ts'

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, period, locale, today } = await requireReportPeriod(args, 'view')
  const { content } = await loadReportContent(programme.id, period, { today })
  const bytes = reportXlsx(presentReport(content, locale), locale, user.timeZone)
  return xlsxResponse(bytes, reportFileName(programme.id, period, 'xlsx'))
}
