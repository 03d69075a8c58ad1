import type { LoaderFunctionArgs } from '@remix-run/node'
import { DateTime } from 'luxon'
import { getCentrePeopleRecord } from '#app/models/attendance.server.ts'
import { organisationIdFrom } from '#app/models/organisation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { csvResponse, toCsv } from '#app/utils/csv.ts'
import { translate } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { slugify } from '#db/builders.ts'

const COLUMNS = [
  'attendance.col.registered',
  'attendance.count.present',
  'attendance.count.late',
  'attendance.count.absent',
  'attendance.count.excused',
  'attendance.col.attended',
] as const

// A safety net for the download, far above any real centre's head count.
const MAX_ROWS = 100_000

/** The per-person table of a centre's record as CSV (same readers as the page). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation, relation } = await requireOrganisationAccess(user, id, 'view')
  const locale = resolveLocale(args.request, user)
  const people = await getCentrePeopleRecord(id, MAX_ROWS)
  // As on the organisation's pages, staff and volunteers do not get their colleagues' addresses.
  const withEmail = relation !== 'member'
  const header = [
    translate(locale, 'attendance.csv.name'),
    ...(withEmail ? [translate(locale, 'attendance.csv.email')] : []),
    ...COLUMNS.map((key) => translate(locale, key)),
  ]
  const body = toCsv(
    header,
    people.map((p) => [
      p.name,
      ...(withEmail ? [p.email] : []),
      p.registered,
      p.present,
      p.late,
      p.absent,
      p.excused,
      p.present + p.late,
    ]),
  )
  const today = DateTime.now().setZone(user.timeZone).toISODate() ?? DateTime.utc().toISODate()
  return csvResponse(body, `attendance-${today}-${slugify(organisation.name)}.csv`)
}
