// Exports of a period report (CSV and XLSX, from the same content the page shows: live for a draft, the
// snapshot once submitted) and the programme's full data stream (every event with every attendance mark),
// written out batch by batch as the client reads it rather than built in memory.
import { sql } from 'drizzle-orm'
import { CSV_BOM, CSV_SEPARATOR, csvCell, type CsvValue } from '#app/utils/csv.ts'
import { db } from '#app/utils/db.server.ts'
import { translate, type Locale } from '#app/utils/i18n.ts'
import { completionPercent, type ShownReport } from '#app/utils/report-content.ts'
import { buildXlsx, type XlsxCell, type XlsxColumn, type XlsxSheet } from '#app/utils/xlsx.server.ts'

type Translate = (key: string, params?: Record<string, string | number>) => string

function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params)
}

// ---------------------------------------------------------------------------------------------
// CSV of one report

/**
 * A number as Excel in the reader's locale reads it: a decimal comma in Russian (a dot would turn 12.5 into
 * a date there), never a thousands separator. Numbers are never formula-guarded: "-0,5" is just a number.
 */
function csvNumber(value: number | null | undefined, locale: Locale) {
  if (value === null || value === undefined || !Number.isFinite(value)) return ''
  const text = String(Math.round(value * 100) / 100)
  return locale === 'ru' ? text.replace('.', ',') : text
}

function csvDate(iso: string | null | undefined, locale: Locale) {
  if (!iso) return ''
  const [y, m, d] = iso.slice(0, 10).split('-')
  return locale === 'ru' ? `${d}.${m}.${y}` : `${y}-${m}-${d}`
}

type CsvField = CsvValue | { number: number | null | undefined }

function csvLine(values: readonly CsvField[], locale: Locale) {
  return values
    .map((v) => (v !== null && typeof v === 'object' ? csvNumber(v.number, locale) : csvCell(v)))
    .join(CSV_SEPARATOR)
}

/** The instant as a wall-clock date and time in a zone: 'YYYY-MM-DDTHH:mm'. */
function wallClock(iso: string | null | undefined, timeZone = 'Europe/Moscow') {
  if (!iso) return null
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

/** Rows of the summary: a label and a value (text or number), shared by CSV and XLSX. */
function summaryRows(r: ShownReport, t: Translate, viewerZone: string) {
  const met = r.controlPoints.filter((c) => c.status === 'done' || c.status === 'late').length
  const status = r.submittedAt ? t('reporting.report.statusValue.submitted') : t('reporting.report.statusValue.draft')
  const rows: [string, string | number | null, ('date' | 'dateTime' | 'decimal' | 'integer')?][] = [
    [t('reporting.export.field.programme'), r.programme.name],
    [t('programmes.field.funder'), r.programme.funder],
    [t('programmes.field.competition'), r.programme.competition],
    [t('programmes.field.grantNumber'), r.programme.grantNumber],
    [t('programmes.amount'), r.programme.amount === null ? null : Number(r.programme.amount), 'decimal'],
    [t('programmes.coFinancing'), r.programme.coFinancing === null ? null : Number(r.programme.coFinancing), 'decimal'],
    [t('programmes.field.startsOn'), r.programme.startsOn, 'date'],
    [t('programmes.field.endsOn'), r.programme.endsOn, 'date'],
    [t('programmes.field.mentor'), r.programme.mentorName],
    [t('reporting.export.field.centres'), r.programme.centres, 'integer'],
    [t('reporting.export.field.regions'), r.programme.regions, 'integer'],
    [t('reporting.report.periodLabel'), r.period.label],
    [t('reporting.setup.field.startsOn'), r.period.startsOn, 'date'],
    [t('reporting.setup.field.endsOn'), r.period.endsOn, 'date'],
    [t('reporting.report.status'), status],
    [t('reporting.export.field.submittedBy'), r.submittedBy?.name ?? null],
    [t('reporting.report.col.submittedAt'), wallClock(r.submittedAt, viewerZone), 'dateTime'],
    [t('reporting.export.field.generatedAt'), wallClock(r.generatedAt, viewerZone), 'dateTime'],
    [t('reporting.export.field.eventsPlanned'), r.events.planned, 'integer'],
    [t('reporting.export.field.eventsHeld'), r.events.held, 'integer'],
    [t('reporting.export.field.eventsCancelled'), r.events.cancelled, 'integer'],
    [t('reporting.export.field.eventsUpcoming'), r.events.upcoming, 'integer'],
    [t('reporting.report.stat.participants'), r.events.participants, 'integer'],
    [t('reporting.export.field.visits'), r.events.visits, 'integer'],
    [t('reporting.report.stat.centres'), r.events.centresReached, 'integer'],
    [t('reporting.export.field.controlPointsDue'), r.controlPoints.length, 'integer'],
    [t('reporting.export.field.controlPointsMet'), met, 'integer'],
  ]
  for (const k of r.events.byKind) {
    rows.push([t('reporting.export.field.kindPlanned', { kind: t(`schedule.kind.${k.kind}`) }), k.planned, 'integer'])
    rows.push([t('reporting.export.field.kindHeld', { kind: t(`schedule.kind.${k.kind}`) }), k.held, 'integer'])
  }
  return rows
}

function evidenceText(i: ShownReport['indicators'][number]) {
  return i.evidence
    .map((e) => [e.url, e.fileName, e.note].filter(Boolean).join(' · '))
    .filter(Boolean)
    .join('\n')
}

function planRows(r: ShownReport, t: Translate) {
  return [...r.controlPoints, ...r.activities].map((a) => ({
    type: a.isControlPoint ? t('reporting.setup.activity.controlPoint') : t('reporting.export.field.activity'),
    ...a,
    statusLabel: t(`reporting.setup.activity.status.${a.status}`),
  }))
}

function qualitativeRows(r: ShownReport, t: Translate, locale: Locale) {
  const rows: { section: string; centre: string; date: string | null; before: string | number | null; after: string | number | null; change: number | null; text: string }[] = []
  for (const s of r.stageChanges) {
    rows.push({
      section: t('reporting.report.stageChanges'),
      centre: s.centreName,
      date: s.date,
      before: locale === 'ru' ? s.fromTitle : s.fromTitleEn,
      after: locale === 'ru' ? s.toTitle : s.toTitleEn,
      change: null,
      text: s.reason ?? '',
    })
  }
  for (const a of r.assessmentChanges) {
    rows.push({ section: t('reporting.report.assessmentChanges'), centre: a.centreName, date: a.afterOn, before: a.before, after: a.after, change: a.change, text: '' })
  }
  const texts: [string, string][] = [
    [t('reporting.report.section.description'), r.narrative.activityDescription],
    [t('reporting.report.field.qualitativeResults'), r.narrative.qualitativeResults],
    [t('reporting.report.field.feedback'), r.narrative.feedback],
    [t('reporting.report.section.publications'), r.narrative.publications.join('\n')],
    [t('reporting.report.section.commentary'), r.narrative.commentary],
  ]
  for (const [section, text] of texts) {
    if (text.trim()) rows.push({ section, centre: '', date: null, before: null, after: null, change: null, text })
  }
  return rows
}

/** The whole report as one CSV: each section with a title line, its own header and a blank line after. */
export function reportCsv(r: ShownReport, locale: Locale, viewerZone: string) {
  const t = translator(locale)
  const lines: string[] = []
  const line = (values: readonly CsvField[]) => lines.push(csvLine(values, locale))
  const section = (title: string, header: string[]) => {
    if (lines.length) lines.push('')
    line([title])
    line(header)
  }
  line([t('reporting.report.title', { period: r.period.label }), r.programme.name])

  section(t('reporting.report.section.summary'), [t('reporting.export.col.field'), t('reporting.export.col.value')])
  for (const [label, value, format] of summaryRows(r, t, viewerZone)) {
    if (format === 'date') line([label, csvDate(value as string | null, locale)])
    else if (format === 'dateTime') line([label, value ? `${csvDate(String(value), locale)} ${String(value).slice(11, 16)}` : ''])
    else if (typeof value === 'number') line([label, { number: value }])
    else line([label, value])
  }

  section(t('reporting.report.section.controlPoints'), [
    t('reporting.export.col.type'),
    t('reporting.setup.activity.name'),
    t('reporting.setup.activity.plannedStartOn'),
    t('reporting.setup.activity.plannedEndOn'),
    t('reporting.setup.activity.actualStartOn'),
    t('reporting.setup.activity.actualEndOn'),
    t('reporting.report.status'),
    t('reporting.report.col.result'),
  ])
  for (const a of planRows(r, t)) {
    line([
      a.type,
      a.title,
      csvDate(a.plannedStartOn, locale),
      csvDate(a.plannedEndOn, locale),
      csvDate(a.actualStartOn, locale),
      csvDate(a.actualEndOn, locale),
      a.statusLabel,
      a.result,
    ])
  }

  section(t('reporting.report.section.events'), eventHeader(t))
  for (const e of r.events.list) {
    line([
      csvDate(e.date, locale),
      e.time,
      e.timeZone,
      t(`schedule.kind.${e.kind}`),
      e.title,
      e.hostName,
      t(`reporting.report.eventStatus.${e.status}`),
      { number: e.participants },
      { number: e.centres },
    ])
  }

  section(t('reporting.report.section.indicators'), indicatorHeader(t))
  for (const i of r.indicators) {
    line([
      i.name,
      i.unit,
      i.computation,
      { number: i.periodTarget },
      { number: i.periodValue },
      { number: i.cumulativeValue },
      { number: i.totalTarget },
      { number: completionPercent(i.completion) },
      evidenceText(i),
    ])
  }

  section(t('reporting.report.section.qualitative'), qualitativeHeader(t))
  for (const q of qualitativeRows(r, t, locale)) {
    line([
      q.section,
      q.centre,
      csvDate(q.date, locale),
      typeof q.before === 'number' ? { number: q.before } : q.before,
      typeof q.after === 'number' ? { number: q.after } : q.after,
      { number: q.change },
      q.text,
    ])
  }
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`
}

function eventHeader(t: Translate) {
  return [
    t('reporting.report.col.date'),
    t('reporting.export.col.time'),
    t('reporting.export.col.timeZone'),
    t('reporting.report.col.kind'),
    t('reporting.report.col.event'),
    t('reporting.export.col.host'),
    t('reporting.report.status'),
    t('reporting.report.col.participants'),
    t('reporting.export.col.centres'),
  ]
}

function indicatorHeader(t: Translate) {
  return [
    t('reporting.setup.indicator.name'),
    t('reporting.setup.indicator.unit'),
    t('reporting.setup.indicator.source'),
    t('reporting.report.col.periodTarget'),
    t('reporting.report.col.periodValue'),
    t('reporting.report.col.cumulative'),
    t('reporting.report.col.totalTarget'),
    t('reporting.export.col.completionPercent'),
    t('reporting.setup.value.evidence'),
  ]
}

function qualitativeHeader(t: Translate) {
  return [
    t('reporting.export.col.section'),
    t('reporting.report.col.centre'),
    t('reporting.report.col.date'),
    t('reporting.report.col.before'),
    t('reporting.report.col.after'),
    t('reporting.report.col.change'),
    t('reporting.export.col.text'),
  ]
}

// ---------------------------------------------------------------------------------------------
// XLSX of one report: a sheet per section

export function reportXlsx(r: ShownReport, locale: Locale, viewerZone: string) {
  const t = translator(locale)
  const widths = (header: string[], w: number[]): XlsxColumn[] => header.map((h, i) => ({ header: h, width: w[i] ?? 14 }))
  const summary: XlsxSheet = {
    name: t('reporting.report.section.summary'),
    columns: [
      { header: t('reporting.export.col.field'), width: 44 },
      { header: t('reporting.export.col.value'), width: 60, format: 'wrap' },
    ],
    rows: summaryRows(r, t, viewerZone).map(([label, value, format]): XlsxCell[] => [label, format ? { value, format } : value]),
  }
  const plan: XlsxSheet = {
    name: t('reporting.export.sheet.controlPoints'),
    columns: [
      { header: t('reporting.export.col.type'), width: 18 },
      { header: t('reporting.setup.activity.name'), width: 50, format: 'wrap' },
      { header: t('reporting.setup.activity.plannedStartOn'), width: 13, format: 'date' },
      { header: t('reporting.setup.activity.plannedEndOn'), width: 13, format: 'date' },
      { header: t('reporting.setup.activity.actualStartOn'), width: 13, format: 'date' },
      { header: t('reporting.setup.activity.actualEndOn'), width: 13, format: 'date' },
      { header: t('reporting.report.status'), width: 16 },
      { header: t('reporting.report.col.result'), width: 50, format: 'wrap' },
    ],
    rows: planRows(r, t).map((a) => [a.type, a.title, a.plannedStartOn, a.plannedEndOn, a.actualStartOn, a.actualEndOn, a.statusLabel, a.result]),
  }
  const eventColumns = widths(eventHeader(t), [12, 8, 22, 22, 50, 30, 14, 12, 10])
  eventColumns[0]!.format = 'date'
  eventColumns[4]!.format = 'wrap'
  eventColumns[7]!.format = 'integer'
  eventColumns[8]!.format = 'integer'
  const events: XlsxSheet = {
    name: t('reporting.export.sheet.events'),
    columns: eventColumns,
    rows: r.events.list.map((e) => [
      e.date,
      e.time,
      e.timeZone,
      t(`schedule.kind.${e.kind}`),
      e.title,
      e.hostName,
      t(`reporting.report.eventStatus.${e.status}`),
      e.participants,
      e.centres,
    ]),
  }
  const indicatorColumns = widths(indicatorHeader(t), [44, 14, 36, 12, 12, 12, 12, 12, 50])
  indicatorColumns[0]!.format = 'wrap'
  indicatorColumns[2]!.format = 'wrap'
  for (const i of [3, 4, 5, 6]) indicatorColumns[i]!.format = 'decimal'
  indicatorColumns[7]!.format = 'percent'
  indicatorColumns[8]!.format = 'wrap'
  const indicators: XlsxSheet = {
    name: t('reporting.export.sheet.indicators'),
    columns: indicatorColumns,
    rows: r.indicators.map((i) => [
      i.name,
      i.unit,
      i.computation,
      i.periodTarget,
      i.periodValue,
      i.cumulativeValue,
      i.totalTarget,
      i.completion === null ? null : Math.round(i.completion * 1000) / 1000,
      evidenceText(i),
    ]),
  }
  const qualitativeColumns = widths(qualitativeHeader(t), [26, 30, 12, 18, 18, 12, 70])
  qualitativeColumns[2]!.format = 'date'
  qualitativeColumns[5]!.format = 'decimal'
  qualitativeColumns[6]!.format = 'wrap'
  const qualitative: XlsxSheet = {
    name: t('reporting.export.sheet.qualitative'),
    columns: qualitativeColumns,
    rows: qualitativeRows(r, t, locale).map((q) => [
      q.section,
      q.centre,
      q.date,
      typeof q.before === 'number' ? { value: q.before, format: 'decimal' } : q.before,
      typeof q.after === 'number' ? { value: q.after, format: 'decimal' } : q.after,
      q.change,
      q.text,
    ]),
  }
  return buildXlsx([summary, plan, events, indicators, qualitative], {
    title: `${t('reporting.report.title', { period: r.period.label })} — ${r.programme.name}`,
  })
}

export function reportFileName(programmeId: string, period: { startsOn: string; endsOn: string }, ext: 'csv' | 'xlsx') {
  return `report-${programmeId.slice(0, 8)}-${period.startsOn}-${period.endsOn}.${ext}`
}

// ---------------------------------------------------------------------------------------------
// The programme's full data: every event and every attendance mark, streamed

/** Events read per batch; each batch's attendance is read in one more query. */
export const DATA_BATCH_EVENTS = 200

type DataEvent = {
  id: string
  startsAt: string
  date: string
  time: string
  timeZone: string
  kind: string
  title: string
  status: string
  hostName: string | null
}

/**
 * A CSV stream of the programme's events in start order, one line per attendance mark (and one line for an
 * event nobody was marked at). Events are read in keyset-paginated batches as the client pulls, so memory
 * stays flat however big the programme is.
 */
export function streamProgrammeData(programmeId: string, locale: Locale, options: { batch?: number } = {}) {
  const t = translator(locale)
  const batch = options.batch ?? DATA_BATCH_EVENTS
  const encoder = new TextEncoder()
  let cursor: { startsAt: string; id: string } | null = null
  let started = false
  let done = false
  const header = [
    t('reporting.report.col.date'),
    t('reporting.export.col.time'),
    t('reporting.export.col.timeZone'),
    t('reporting.report.col.kind'),
    t('reporting.report.col.event'),
    t('reporting.export.col.eventStatus'),
    t('reporting.export.col.host'),
    t('reporting.export.col.person'),
    t('reporting.export.col.personCentre'),
    t('reporting.export.col.attendance'),
    t('reporting.export.col.markedAt'),
    t('reporting.export.col.selfCheckIn'),
  ]
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true
          controller.enqueue(encoder.encode(`${CSV_BOM}${csvLine(header, locale)}\r\n`))
          return
        }
        if (done) {
          controller.close()
          return
        }
        const after: { startsAt: string; id: string } | null = cursor
        const events = await db
          .select({
            id: sql<string>`e.id`,
            startsAt: sql<string>`to_char(e.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
            date: sql<string>`to_char(e.starts_at at time zone e.time_zone, 'YYYY-MM-DD')`,
            time: sql<string>`to_char(e.starts_at at time zone e.time_zone, 'HH24:MI')`,
            timeZone: sql<string>`e.time_zone`,
            kind: sql<string>`e.kind::text`,
            title: sql<string>`e.title`,
            status: sql<string>`e.status::text`,
            hostName: sql<string | null>`coalesce(h.short_name, h.name)`,
          })
          .from(sql`events e left join organisations h on h.id = e.host_id`)
          .where(
            after
              ? sql`e.programme_id = ${programmeId}::uuid and (e.starts_at, e.id) > (${after.startsAt}::timestamptz, ${after.id}::uuid)`
              : sql`e.programme_id = ${programmeId}::uuid`,
          )
          .orderBy(sql`e.starts_at`, sql`e.id`)
          .limit(batch)
        if (events.length < batch) done = true
        if (events.length === 0) {
          controller.close()
          return
        }
        cursor = { startsAt: events.at(-1)!.startsAt, id: events.at(-1)!.id }
        const marks = await db
          .select({
            eventId: sql<string>`a.event_id`,
            person: sql<string>`u.name`,
            centre: sql<string | null>`coalesce(o.short_name, o.name)`,
            status: sql<string>`a.status::text`,
            markedAt: sql<string>`to_char(a.marked_at at time zone e.time_zone, 'YYYY-MM-DD HH24:MI')`,
            selfCheckIn: sql<boolean>`a.self_check_in`,
          })
          .from(sql`attendance a join events e on e.id = a.event_id join users u on u.id = a.user_id left join organisations o on o.id = a.organisation_id`)
          .where(sql`a.event_id in (${sql.join(events.map((e) => sql`${e.id}::uuid`), sql`, `)})`)
          .orderBy(sql`a.event_id`, sql`u.name`, sql`a.user_id`)
        const byEvent = new Map<string, typeof marks>()
        for (const m of marks) {
          const list = byEvent.get(m.eventId)
          if (list) list.push(m)
          else byEvent.set(m.eventId, [m])
        }
        let chunk = ''
        for (const e of events as DataEvent[]) {
          const base: CsvField[] = [
            csvDate(e.date, locale),
            e.time,
            e.timeZone,
            t(`schedule.kind.${e.kind}`),
            e.title,
            t(`reporting.export.eventStatusValue.${e.status}`),
            e.hostName,
          ]
          const list = byEvent.get(e.id)
          if (!list?.length) {
            chunk += `${csvLine([...base, '', '', '', '', ''], locale)}\r\n`
            continue
          }
          for (const m of list) {
            chunk += `${csvLine(
              [
                ...base,
                m.person,
                m.centre,
                t(`reporting.export.attendanceValue.${m.status}`),
                m.markedAt ? `${csvDate(m.markedAt.slice(0, 10), locale)} ${m.markedAt.slice(11)}` : '',
                m.selfCheckIn ? t('common.yes') : t('common.no'),
              ],
              locale,
            )}\r\n`
          }
        }
        controller.enqueue(encoder.encode(chunk))
      } catch (error) {
        controller.error(error)
      }
    },
  })
}
