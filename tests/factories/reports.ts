// Factories for grant-reporting tests: a programme whose dates surround today, periods, plan entries,
// indicators, held events with attendance, and a reader for the XLSX files the exports produce.
import { strFromU8, unzipSync } from 'fflate'
import { eq } from 'drizzle-orm'
import {
  attendance,
  indicatorManualValues,
  indicatorTargets,
  planActivities,
  programmeIndicators,
  programmes,
  reportPeriods,
} from '#db/schema/index.ts'
import { createEvent, createWorld, testDb } from '#tests/db-utils.ts'

const DAY = 86_400_000

/** A calendar date `days` from today (UTC), as 'YYYY-MM-DD'. */
export function isoDay(days = 0) {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10)
}

/**
 * createWorld() with the programme moved to run from a year ago to a year ahead, so "past" and "future"
 * events and periods around today always fall inside it, whenever the tests run.
 */
export async function createReportingWorld() {
  const world = await createWorld()
  const startsOn = isoDay(-365)
  const endsOn = isoDay(365)
  await testDb().update(programmes).set({ startsOn, endsOn }).where(eq(programmes.id, world.programme.id))
  return { ...world, programme: { ...world.programme, startsOn, endsOn } }
}

export async function createPeriod(programmeId: string, values: { label?: string; startsOn?: string; endsOn?: string } = {}) {
  const [row] = await testDb()
    .insert(reportPeriods)
    .values({
      programmeId,
      label: values.label ?? 'Текущий период',
      startsOn: values.startsOn ?? isoDay(-60),
      endsOn: values.endsOn ?? isoDay(60),
    })
    .returning()
  return row!
}

export async function createActivity(
  programmeId: string,
  values: Partial<typeof planActivities.$inferInsert> & { title?: string } = {},
) {
  const [row] = await testDb()
    .insert(planActivities)
    .values({
      programmeId,
      title: values.title ?? 'Контрольная точка',
      isControlPoint: values.isControlPoint ?? true,
      plannedStartOn: values.plannedStartOn ?? isoDay(-30),
      plannedEndOn: values.plannedEndOn ?? isoDay(-10),
      actualStartOn: values.actualStartOn ?? null,
      actualEndOn: values.actualEndOn ?? null,
      result: values.result ?? null,
    })
    .returning()
  return row!
}

export async function createIndicator(
  programmeId: string,
  values: Partial<typeof programmeIndicators.$inferInsert> = {},
) {
  const [row] = await testDb()
    .insert(programmeIndicators)
    .values({
      programmeId,
      name: values.name ?? 'Проведено мероприятий',
      unit: values.unit ?? 'ед.',
      source: values.source ?? 'computed',
      computationKey: values.source === 'manual' ? null : (values.computationKey ?? 'events_held'),
      computationParams: values.computationParams ?? {},
      targetTotal: values.targetTotal ?? null,
    })
    .returning()
  return row!
}

export async function setTarget(indicatorId: string, periodId: string, target: string) {
  await testDb().insert(indicatorTargets).values({ indicatorId, periodId, target })
}

export async function setManualValue(indicatorId: string, periodId: string, value: string, evidenceUrl = 'https://example.org/evidence') {
  await testDb().insert(indicatorManualValues).values({ indicatorId, periodId, value, evidenceUrl })
}

/** A past event of the programme with people marked present (their centres recorded). */
export async function createHeldEvent(
  world: { programme: { id: string }; mentorOrg: { id: string } },
  attendees: { id: string; organisationId: string | null; status?: 'present' | 'late' | 'absent' }[],
  options: { inHours?: number; kind?: 'field_session' | 'online_seminar' | 'network_meeting'; title?: string; hostId?: string } = {},
) {
  const event = await createEvent({
    programmeId: world.programme.id,
    organiserId: world.mentorOrg.id,
    hostId: options.hostId ?? null,
    inHours: options.inHours ?? -72,
    kind: options.kind ?? 'online_seminar',
    title: options.title,
  })
  if (attendees.length) {
    await testDb()
      .insert(attendance)
      .values(attendees.map((a) => ({ eventId: event.id, userId: a.id, organisationId: a.organisationId, status: a.status ?? 'present' })))
  }
  return event
}

/** Reads a workbook back: sheet names, and every cell of every sheet as a shared string or a number. */
export function readXlsx(bytes: Uint8Array) {
  const files = unzipSync(bytes)
  const text = (name: string) => strFromU8(files[name]!)
  const unescape = (s: string) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
  const strings = [...text('xl/sharedStrings.xml').matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g)].map((m) => unescape(m[1]!))
  const names = [...text('xl/workbook.xml').matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescape(m[1]!))
  const sheets = names.map((name, i) => {
    const xml = text(`xl/worksheets/sheet${i + 1}.xml`)
    const cells: Record<string, string | number> = {}
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"((?: [a-z]+="[^"]*")*)><v>([^<]*)<\/v><\/c>/g)) {
      cells[m[1]!] = / t="s"/.test(m[2]!) ? strings[Number(m[3])]! : Number(m[3])
    }
    /** Rows as arrays of values, in column order. */
    const rows: (string | number)[][] = []
    for (const [ref, value] of Object.entries(cells)) {
      const col = ref.replace(/\d+/g, '')
      const row = Number(ref.replace(/[A-Z]+/g, '')) - 1
      const c = [...col].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
      ;(rows[row] ??= [])[c] = value
    }
    return { name, cells, rows }
  })
  return { names, sheets }
}
