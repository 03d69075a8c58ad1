import type { LoaderFunctionArgs } from '@remix-run/node'
import { slugify } from '#db/builders.ts'
import { getAttendanceExportRows } from '#app/models/attendance.server.ts'
import { requireEventAccess } from '#app/models/event.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { csvResponse, toCsv } from '#app/utils/csv.ts'
import { translate, type Params } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { instantToZoned } from '#app/utils/recurrence.ts'
import { formatDateTime } from '#app/utils/time.ts'
import { zoneCity } from '#app/utils/zones.ts'

const COLUMNS = [
  'attendance.csv.name',
  'attendance.csv.email',
  'attendance.csv.centre',
  'attendance.csv.region',
  'attendance.csv.registration',
  'attendance.csv.attendance',
  'attendance.csv.markedBy',
  'attendance.csv.markedAt',
  'attendance.csv.selfCheckIn',
] as const

/** The attendance list of one event as CSV for Excel: headers and marks in the reader's language. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const { event } = await requireEventAccess(user, args.params.id ?? '', 'manage')
  const locale = resolveLocale(args.request, user)
  const t = (key: string, params?: Params) => translate(locale, key, params)
  const rows = await getAttendanceExportRows(event.id)
  const body = toCsv(
    COLUMNS.map((key) => t(key, { zone: zoneCity(event.timeZone, locale) })),
    rows.map((r) => [
      r.name,
      r.email,
      r.centre,
      locale === 'ru' ? r.regionRu : r.regionEn,
      t(`attendance.registration.${r.registrationStatus}`),
      r.status ? t(`attendance.status.${r.status}`) : t('attendance.status.none'),
      r.status ? (r.selfCheckIn ? t('attendance.selfCheckIn') : r.markedByName) : null,
      r.markedAt ? formatDateTime(locale, r.markedAt, event.timeZone) : null,
      r.status ? t(r.selfCheckIn ? 'common.yes' : 'common.no') : null,
    ]),
  )
  const day = instantToZoned(event.startsAt, event.timeZone).date
  return csvResponse(body, `attendance-${day}-${slugify(event.title)}.csv`)
}
