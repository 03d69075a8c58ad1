import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  attachments,
  auditLog,
  indicatorManualValues,
  indicatorTargets,
  planActivities,
  programmeIndicators,
  programmeReports,
  reportPeriods,
  stageHistory,
} from '#db/schema/index.ts'
import { computeReportContent } from '#app/models/programme-report.server.ts'
import { streamProgrammeData } from '#app/models/report-export.server.ts'
import { quartersOf } from '#app/models/reporting-setup.server.ts'
import { loader as overviewLoader } from '#app/routes/admin.programmes.tsx'
import { action as hubAction, loader as hubLoader } from '#app/routes/programmes.$id_.reporting.tsx'
import { action as activityAction, loader as activityLoader } from '#app/routes/programmes.$id_.reporting_.activities.$activityId.tsx'
import { loader as dataCsvLoader } from '#app/routes/programmes.$id_.reporting_.data[.]csv.ts'
import { loader as evidenceLoader } from '#app/routes/programmes.$id_.reporting_.evidence.$attachmentId.ts'
import { action as indicatorAction, loader as indicatorLoader } from '#app/routes/programmes.$id_.reporting_.indicators.$indicatorId.tsx'
import { action as periodAction, loader as periodLoader } from '#app/routes/programmes.$id_.reporting_.periods.$periodId.tsx'
import { loader as reportsLoader } from '#app/routes/programmes.$id_.reports.tsx'
import { action as reportAction, loader as reportLoader } from '#app/routes/programmes.$id_.reports_.$periodId.tsx'
import { loader as printLoader } from '#app/routes/programmes.$id_.reports_.$periodId_.print.tsx'
import { loader as csvLoader } from '#app/routes/programmes.$id_.reports_.$periodId_.report[.]csv.ts'
import { loader as xlsxLoader } from '#app/routes/programmes.$id_.reports_.$periodId_.report[.]xlsx.ts'
import { callRoute, createMember, createOrganisation, createProgramme, sessionCookieFor, testDb, unique } from '#tests/db-utils.ts'
import {
  createActivity,
  createHeldEvent,
  createIndicator,
  createPeriod,
  createReportingWorld,
  isoDay,
  readXlsx,
  setManualValue,
  setTarget,
} from '#tests/factories/reports.ts'

// Evidence uploads go to a directory of this file's own, with a 1 MB limit so "too large" stays small.
const UPLOAD_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-uploads-'))
process.env.UPLOAD_DIR = UPLOAD_ROOT
process.env.UPLOAD_MAX_MB = '1'
afterAll(() => fs.rmSync(UPLOAD_ROOT, { recursive: true, force: true }))

type World = Awaited<ReturnType<typeof createReportingWorld>>
type Who = { id: string } | null
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RouteFn = (args: any) => unknown

let w: World
let period: Awaited<ReturnType<typeof createPeriod>>
let activity: Awaited<ReturnType<typeof createActivity>>
let indicator: Awaited<ReturnType<typeof createIndicator>>
let otherManager: { id: string }
let otherProgramme: { id: string }
let otherPeriod: { id: string }

beforeAll(async () => {
  w = await createReportingWorld()
  period = await createPeriod(w.programme.id, { label: 'Период для проверки' })
  activity = await createActivity(w.programme.id, { title: 'Входная диагностика 10 центров' })
  indicator = await createIndicator(w.programme.id, { name: 'Проведено мероприятий', targetTotal: '10' })
  await createIndicator(w.programme.id, { name: 'Публикации в СМИ', unit: 'публ.', source: 'manual', targetTotal: '20' })
  // Another programme of another mentor organisation, with its own manager.
  const otherMentor = await createOrganisation({ kind: 'mentor' })
  otherManager = await createMember(otherMentor.id, 'staff')
  otherProgramme = await createProgramme(otherMentor.id, [], [otherManager.id])
  otherPeriod = await createPeriod(otherProgramme.id, { startsOn: '2026-03-01', endsOn: '2026-05-31' })
})

// ---------------------------------------------------------------------------------------------
// Calls

const base = () => `/programmes/${w.programme.id}`

function get(fn: RouteFn, url: string, as: Who, params: Record<string, string>) {
  return callRoute(fn, url, { as, params })
}

function post(fn: RouteFn, url: string, as: Who, params: Record<string, string>, form: Record<string, string | string[]>) {
  return callRoute(fn, url, { as, params, form })
}

/** A multipart post with a file, as a browser sends the value-with-evidence form. */
async function postFile(
  fn: RouteFn,
  url: string,
  as: Who,
  params: Record<string, string>,
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string },
) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  if (file) form.append('file', new File([file.bytes], file.name, { type: file.type ?? 'application/octet-stream' }))
  const headers = new Headers()
  if (as) headers.set('Cookie', await sessionCookieFor(as.id))
  const request = new Request(`http://localhost${url}`, { method: 'POST', headers, body: form })
  try {
    const value = await fn({ request, params, context: { clientIp: unique('ip-') } })
    return normalise(value)
  } catch (error) {
    return normalise(error)
  }
}

async function normalise(value: unknown) {
  if (value instanceof Response) {
    return { status: value.status, data: null as unknown, location: value.headers.get('Location'), response: value }
  }
  if (typeof value === 'object' && value !== null && (value as { type?: string }).type === 'DataWithResponseInit') {
    const v = value as { data: unknown; init: ResponseInit | null }
    return { status: v.init?.status ?? 200, data: v.data, location: null, response: null }
  }
  if (value instanceof Error) throw value
  return { status: 200, data: value, location: null, response: null }
}

/** A minimal PDF: the upload check looks at the first bytes. */
function pdf(size = 400) {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1')
  return new Uint8Array(Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20), Buffer.from('\n%%EOF\n')]))
}

const EXE = new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x41)]))

async function auditActions(entityId: string) {
  const rows = await testDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, entityId))
  return rows.map((r) => r.action)
}

function filesOnDisk(dir = UPLOAD_ROOT): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOnDisk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

// ---------------------------------------------------------------------------------------------
// Who may do what, route by route

describe('permissions', () => {
  type Case = { name: string; fn: RouteFn; url: () => string; params: () => Record<string, string>; write?: () => Record<string, string> }
  const pages: Case[] = [
    { name: 'set-up hub', fn: hubLoader, url: () => `${base()}/reporting`, params: () => ({ id: w.programme.id }) },
    {
      name: 'indicator page',
      fn: indicatorLoader,
      url: () => `${base()}/reporting/indicators/${indicator.id}`,
      params: () => ({ id: w.programme.id, indicatorId: indicator.id }),
    },
    { name: 'reports list', fn: reportsLoader, url: () => `${base()}/reports`, params: () => ({ id: w.programme.id }) },
    {
      name: 'report',
      fn: reportLoader,
      url: () => `${base()}/reports/${period.id}`,
      params: () => ({ id: w.programme.id, periodId: period.id }),
    },
    {
      name: 'print',
      fn: printLoader,
      url: () => `${base()}/reports/${period.id}/print`,
      params: () => ({ id: w.programme.id, periodId: period.id }),
    },
    {
      name: 'report CSV',
      fn: csvLoader,
      url: () => `${base()}/reports/${period.id}/report.csv`,
      params: () => ({ id: w.programme.id, periodId: period.id }),
    },
    {
      name: 'report XLSX',
      fn: xlsxLoader,
      url: () => `${base()}/reports/${period.id}/report.xlsx`,
      params: () => ({ id: w.programme.id, periodId: period.id }),
    },
    { name: 'data CSV', fn: dataCsvLoader, url: () => `${base()}/reporting/data.csv`, params: () => ({ id: w.programme.id }) },
  ]
  const managerOnly: Case[] = [
    {
      name: 'period edit page',
      fn: periodLoader,
      url: () => `${base()}/reporting/periods/${period.id}`,
      params: () => ({ id: w.programme.id, periodId: period.id }),
    },
    {
      name: 'activity edit page',
      fn: activityLoader,
      url: () => `${base()}/reporting/activities/${activity.id}`,
      params: () => ({ id: w.programme.id, activityId: activity.id }),
    },
  ]
  const actions: Case[] = [
    { name: 'hub action', fn: hubAction, url: () => `${base()}/reporting`, params: () => ({ id: w.programme.id }), write: () => ({ intent: 'generateQuarters' }) },
    {
      name: 'period action',
      fn: periodAction,
      url: () => `${base()}/reporting/periods/${period.id}`,
      params: () => ({ id: w.programme.id, periodId: period.id }),
      write: () => ({ label: 'Взлом', startsOn: period.startsOn, endsOn: period.endsOn }),
    },
    {
      name: 'activity action',
      fn: activityAction,
      url: () => `${base()}/reporting/activities/${activity.id}`,
      params: () => ({ id: w.programme.id, activityId: activity.id }),
      write: () => ({ intent: 'delete' }),
    },
    {
      name: 'indicator action',
      fn: indicatorAction,
      url: () => `${base()}/reporting/indicators/${indicator.id}`,
      params: () => ({ id: w.programme.id, indicatorId: indicator.id }),
      write: () => ({ intent: 'delete' }),
    },
    {
      name: 'report action',
      fn: reportAction,
      url: () => `${base()}/reports/${period.id}`,
      params: () => ({ id: w.programme.id, periodId: period.id }),
      write: () => ({ intent: 'submit' }),
    },
  ]

  test.each([...pages, ...managerOnly])('$name: signed out goes to sign in', async (c) => {
    const result = await get(c.fn, c.url(), null, c.params())
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login\?redirectTo=/)
  })

  test.each(pages)('$name: centres, outsiders and other managers are refused; mentors, managers and admins see it', async (c) => {
    for (const who of [w.leaderA, w.staffA, w.leaderB, w.outsiderLeader, w.noOrg, otherManager]) {
      expect((await get(c.fn, c.url(), who, c.params())).status, `refused ${c.name}`).toBe(403)
    }
    for (const who of [w.mentor, w.manager, w.admin]) {
      expect((await get(c.fn, c.url(), who, c.params())).status, `allowed ${c.name}`).toBe(200)
    }
  })

  test.each(managerOnly)('$name: only managers and admins', async (c) => {
    for (const who of [w.mentor, w.leaderA, w.outsiderLeader, otherManager]) {
      expect((await get(c.fn, c.url(), who, c.params())).status).toBe(403)
    }
    for (const who of [w.manager, w.admin]) expect((await get(c.fn, c.url(), who, c.params())).status).toBe(200)
  })

  test.each(actions)('$name: signed out, mentors, centres and other managers change nothing', async (c) => {
    expect((await post(c.fn, c.url(), null, c.params(), c.write!())).status).toBe(302)
    for (const who of [w.mentor, w.leaderA, w.staffA, w.outsiderLeader, w.noOrg, otherManager]) {
      expect((await post(c.fn, c.url(), who, c.params(), c.write!())).status).toBe(403)
    }
    // Nothing happened: the records are all still there and no report was submitted.
    expect(await testDb().select().from(planActivities).where(eq(planActivities.id, activity.id))).toHaveLength(1)
    expect(await testDb().select().from(programmeIndicators).where(eq(programmeIndicators.id, indicator.id))).toHaveLength(1)
    const [p] = await testDb().select().from(reportPeriods).where(eq(reportPeriods.id, period.id))
    expect(p!.label).toBe('Период для проверки')
    expect(await testDb().select().from(programmeReports).where(eq(programmeReports.periodId, period.id))).toHaveLength(0)
  })

  test('a period, activity or indicator of another programme is not found through this one', async () => {
    const params = { id: w.programme.id, periodId: otherPeriod.id }
    expect((await get(reportLoader, `${base()}/reports/${otherPeriod.id}`, w.admin, params)).status).toBe(404)
    expect((await get(periodLoader, `${base()}/reporting/periods/${otherPeriod.id}`, w.manager, params)).status).toBe(404)
    expect((await get(reportLoader, `${base()}/reports/nonsense`, w.admin, { id: w.programme.id, periodId: 'nonsense' })).status).toBe(404)
    expect((await get(hubLoader, '/programmes/x/reporting', w.admin, { id: 'x' })).status).toBe(404)
    // The other programme's manager reaching for their own period through this programme gets 403, not data.
    expect((await get(reportLoader, `${base()}/reports/${otherPeriod.id}`, otherManager, params)).status).toBe(403)
  })

  test('the overview of all programmes is for administrators only', async () => {
    expect((await get(overviewLoader, '/admin/programmes', null, {})).status).toBe(302)
    for (const who of [w.manager, w.mentor, w.leaderA, w.noOrg]) expect((await get(overviewLoader, '/admin/programmes', who, {})).status).toBe(403)
    expect((await get(overviewLoader, '/admin/programmes', w.admin, {})).status).toBe(200)
  })

  test('a mentor sees the set-up read-only: no forms, no choices', async () => {
    const result = await get(hubLoader, `${base()}/reporting`, w.mentor, { id: w.programme.id })
    const d = result.data as { canManage: boolean; choices: unknown }
    expect(d.canManage).toBe(false)
    expect(d.choices).toBeNull()
  })
})

// ---------------------------------------------------------------------------------------------
// Set-up

describe('report periods', () => {
  test('a period ending before it starts is refused with the typed values kept', async () => {
    const result = await post(hubAction, `${base()}/reporting`, w.manager, { id: w.programme.id }, {
      intent: 'createPeriod',
      label: 'Первый этап',
      startsOn: isoDay(10),
      endsOn: isoDay(5),
    })
    expect(result.status).toBe(400)
    const d = result.data as { intent: string; errors: Record<string, string[]>; values: Record<string, string> }
    expect(d.intent).toBe('createPeriod')
    expect(d.errors.endsOn).toEqual(['validation.dateOrder'])
    expect(d.values.label).toBe('Первый этап')
    expect(await testDb().select().from(reportPeriods).where(eq(reportPeriods.label, 'Первый этап'))).toHaveLength(0)
  })

  test('a period outside the programme is refused', async () => {
    const result = await post(hubAction, `${base()}/reporting`, w.manager, { id: w.programme.id }, {
      intent: 'createPeriod',
      label: 'Слишком рано',
      startsOn: isoDay(-400),
      endsOn: isoDay(-300),
    })
    expect(result.status).toBe(400)
    expect((result.data as { errors: Record<string, string[]> }).errors.startsOn).toEqual(['reporting.setup.period.beforeProgramme'])
  })

  test('a manager adds, renames and deletes a period; each change is audited', async () => {
    const created = await post(hubAction, `${base()}/reporting`, w.manager, { id: w.programme.id }, {
      intent: 'createPeriod',
      label: 'Этап 1',
      startsOn: isoDay(-100),
      endsOn: isoDay(-50),
    })
    expect(created.status).toBe(302)
    const [row] = await testDb().select().from(reportPeriods).where(eq(reportPeriods.label, 'Этап 1'))
    expect(row).toMatchObject({ programmeId: w.programme.id, startsOn: isoDay(-100), endsOn: isoDay(-50) })

    const params = { id: w.programme.id, periodId: row!.id }
    const bad = await post(periodAction, `${base()}/reporting/periods/${row!.id}`, w.manager, params, { label: '', startsOn: 'вчера', endsOn: isoDay(-50) })
    expect(bad.status).toBe(400)
    expect((bad.data as { errors: Record<string, string[]> }).errors).toMatchObject({ label: ['validation.required'], startsOn: ['validation.date'] })

    const renamed = await post(periodAction, `${base()}/reporting/periods/${row!.id}`, w.manager, params, {
      label: 'Этап первый',
      startsOn: isoDay(-100),
      endsOn: isoDay(-40),
    })
    expect(renamed.status).toBe(302)
    const [after] = await testDb().select().from(reportPeriods).where(eq(reportPeriods.id, row!.id))
    expect(after).toMatchObject({ label: 'Этап первый', endsOn: isoDay(-40) })

    expect((await post(periodAction, `${base()}/reporting/periods/${row!.id}`, w.manager, params, { intent: 'delete' })).status).toBe(302)
    expect(await testDb().select().from(reportPeriods).where(eq(reportPeriods.id, row!.id))).toHaveLength(0)
    expect(await auditActions(row!.id)).toEqual(expect.arrayContaining(['report.period-create', 'report.period-update', 'report.period-delete']))
  })

  test('quarters are generated once, cut to the programme dates', async () => {
    const programme = await createProgramme(w.mentorOrg.id, [], [w.manager.id])
    // createProgramme: 2026-03-01 … 2027-08-31
    const quarters = quartersOf(programme, 'ru')
    expect(quarters[0]).toEqual({ label: 'I квартал 2026', startsOn: '2026-03-01', endsOn: '2026-03-31' })
    expect(quarters.at(-1)).toEqual({ label: 'III квартал 2027', startsOn: '2027-07-01', endsOn: '2027-08-31' })
    expect(quartersOf(programme, 'en')[1]!.label).toBe('Q2 2026')
    const manager = await createMember(w.mentorOrg.id, 'staff')
    const params = { id: programme.id }
    // Their own programme only: this manager is not one of its managers yet.
    expect((await post(hubAction, `/programmes/${programme.id}/reporting`, manager, params, { intent: 'generateQuarters' })).status).toBe(403)
    expect((await post(hubAction, `/programmes/${programme.id}/reporting`, w.manager, params, { intent: 'generateQuarters' })).status).toBe(302)
    expect((await post(hubAction, `/programmes/${programme.id}/reporting`, w.admin, params, { intent: 'generateQuarters' })).status).toBe(302)
    const rows = await testDb().select().from(reportPeriods).where(eq(reportPeriods.programmeId, programme.id))
    expect(rows).toHaveLength(quarters.length)
    expect(rows.map((r) => r.label)).toContain('IV квартал 2026')
  })
})

describe('calendar plan', () => {
  test('a control point is added, its actual date and result recorded, and deleted', async () => {
    const url = `${base()}/reporting`
    const missing = await post(hubAction, url, w.manager, { id: w.programme.id }, {
      intent: 'createActivity',
      title: '',
      isControlPoint: 'on',
      plannedStartOn: isoDay(-20),
      plannedEndOn: isoDay(-30),
    })
    expect(missing.status).toBe(400)
    const errors = (missing.data as { errors: Record<string, string[]> }).errors
    expect(errors.title).toEqual(['validation.required'])
    expect(errors.plannedEndOn).toEqual(['validation.dateOrder'])

    const ok = await post(hubAction, url, w.manager, { id: w.programme.id }, {
      intent: 'createActivity',
      title: 'Сетевая встреча всех центров',
      isControlPoint: 'on',
      plannedStartOn: isoDay(-20),
      plannedEndOn: isoDay(-15),
    })
    expect(ok.status).toBe(302)
    const [row] = await testDb().select().from(planActivities).where(eq(planActivities.title, 'Сетевая встреча всех центров'))
    expect(row).toMatchObject({ isControlPoint: true, actualEndOn: null })

    const params = { id: w.programme.id, activityId: row!.id }
    const page = await get(activityLoader, `${base()}/reporting/activities/${row!.id}`, w.manager, params)
    const version = String((page.data as { activity: { version: number } }).activity.version)
    const saved = await post(activityAction, `${base()}/reporting/activities/${row!.id}`, w.manager, params, {
      version,
      title: 'Сетевая встреча всех центров',
      isControlPoint: 'on',
      plannedStartOn: isoDay(-20),
      plannedEndOn: isoDay(-15),
      actualStartOn: isoDay(-14),
      actualEndOn: isoDay(-14),
      result: 'Встреча прошла, участвовали 6 центров',
    })
    expect(saved.status).toBe(302)
    const [after] = await testDb().select().from(planActivities).where(eq(planActivities.id, row!.id))
    expect(after).toMatchObject({ actualEndOn: isoDay(-14), result: 'Встреча прошла, участвовали 6 центров' })

    // The same form again, built before that save: refused as stale, nothing overwritten.
    const stale = await post(activityAction, `${base()}/reporting/activities/${row!.id}`, w.manager, params, {
      version,
      title: 'Старое название',
      plannedStartOn: isoDay(-20),
      plannedEndOn: isoDay(-15),
    })
    expect(stale.status).toBe(409)
    expect((stale.data as { values: Record<string, string> }).values.title).toBe('Старое название')

    expect((await post(activityAction, `${base()}/reporting/activities/${row!.id}`, w.manager, params, { intent: 'delete' })).status).toBe(302)
    expect(await testDb().select().from(planActivities).where(eq(planActivities.id, row!.id))).toHaveLength(0)
    expect(await auditActions(row!.id)).toEqual(['report.activity-create', 'report.activity-update', 'report.activity-delete'])
  })
})

describe('indicators', () => {
  test('a computed indicator needs a computation from the catalogue; a target must be a number', async () => {
    const url = `${base()}/reporting`
    const result = await post(hubAction, url, w.manager, { id: w.programme.id }, {
      intent: 'createIndicator',
      name: 'Обучено сотрудников центров',
      unit: 'чел.',
      source: 'computed',
      computationKey: '',
      targetTotal: 'сто двадцать',
    })
    expect(result.status).toBe(400)
    const d = result.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(d.errors.computationKey).toEqual(['reporting.setup.indicator.computationRequired'])
    expect(d.errors.targetTotal).toEqual(['validation.number'])
    expect(d.values.name).toBe('Обучено сотрудников центров')

    const badParam = await post(hubAction, url, w.manager, { id: w.programme.id }, {
      intent: 'createIndicator',
      name: 'Выездные сессии',
      unit: 'ед.',
      source: 'computed',
      computationKey: 'events_held',
      'param.eventKind': 'picnic',
    })
    expect(badParam.status).toBe(400)
    expect((badParam.data as { errors: Record<string, string[]> }).errors['param.eventKind']).toBeDefined()
  })

  test('a manager creates a computed indicator with options, sets targets per period, edits and deletes it', async () => {
    const created = await post(hubAction, `${base()}/reporting`, w.manager, { id: w.programme.id }, {
      intent: 'createIndicator',
      name: 'Проведено выездных сессий',
      unit: 'сессий',
      source: 'computed',
      computationKey: 'events_held',
      'param.eventKind': 'field_session',
      // An option of another computation is not kept.
      'param.courseId': '00000000-0000-4000-8000-000000000000',
      targetTotal: '6',
    })
    expect(created.status).toBe(302)
    const [row] = await testDb().select().from(programmeIndicators).where(eq(programmeIndicators.name, 'Проведено выездных сессий'))
    expect(row).toMatchObject({ source: 'computed', computationKey: 'events_held', computationParams: { eventKind: 'field_session' }, targetTotal: '6.00' })
    expect(created.location).toBe(`${base()}/reporting/indicators/${row!.id}`)

    const params = { id: w.programme.id, indicatorId: row!.id }
    const url = `${base()}/reporting/indicators/${row!.id}`
    const badTarget = await post(indicatorAction, url, w.manager, params, { intent: 'targets', [`target.${period.id}`]: 'три' })
    expect(badTarget.status).toBe(400)
    const bt = badTarget.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(bt.errors[`target.${period.id}`]).toEqual(['validation.number'])
    expect(bt.values[`target.${period.id}`]).toBe('три')
    // A period of another programme cannot be targeted from here.
    expect((await post(indicatorAction, url, w.manager, params, { intent: 'targets', [`target.${otherPeriod.id}`]: '1' })).status).toBe(400)

    expect((await post(indicatorAction, url, w.manager, params, { intent: 'targets', [`target.${period.id}`]: '2,5' })).status).toBe(302)
    const [target] = await testDb().select().from(indicatorTargets).where(eq(indicatorTargets.indicatorId, row!.id))
    expect(target).toMatchObject({ periodId: period.id, target: '2.50' })
    // A blank removes it.
    expect((await post(indicatorAction, url, w.manager, params, { intent: 'targets', [`target.${period.id}`]: '' })).status).toBe(302)
    expect(await testDb().select().from(indicatorTargets).where(eq(indicatorTargets.indicatorId, row!.id))).toHaveLength(0)

    const page = await get(indicatorLoader, url, w.mentor, params)
    expect(page.status).toBe(200)
    expect((page.data as { indicator: { computation: string } }).indicator.computation).toContain('Выездная сессия')

    const edited = await post(indicatorAction, url, w.manager, params, {
      intent: 'save',
      name: 'Выездные сессии в центрах',
      unit: 'сессий',
      source: 'manual',
      targetTotal: '7',
    })
    expect(edited.status).toBe(302)
    const [after] = await testDb().select().from(programmeIndicators).where(eq(programmeIndicators.id, row!.id))
    expect(after).toMatchObject({ name: 'Выездные сессии в центрах', source: 'manual', computationKey: null, targetTotal: '7.00' })

    expect((await post(indicatorAction, url, w.manager, params, { intent: 'delete' })).status).toBe(302)
    expect(await testDb().select().from(programmeIndicators).where(eq(programmeIndicators.id, row!.id))).toHaveLength(0)
    expect(await auditActions(row!.id)).toEqual(['indicator.create', 'indicator.targets', 'indicator.targets', 'indicator.update', 'indicator.delete'])
  })

  test('a manual value needs evidence; a file too large or of the wrong type is refused with the typed values kept', async () => {
    const ind = await createIndicator(w.programme.id, { name: 'Участники конференции', source: 'manual' })
    const url = `${base()}/reporting/indicators/${ind.id}`
    const params = { id: w.programme.id, indicatorId: ind.id }
    const before = filesOnDisk().length

    const noEvidence = await postFile(indicatorAction, url, w.manager, params, { periodId: period.id, intent: 'value', value: '45', evidenceUrl: '' })
    expect(noEvidence.status).toBe(400)
    expect((noEvidence.data as { errors: Record<string, string[]> }).errors.evidenceUrl).toEqual(['reporting.setup.value.evidenceRequired'])

    const notNumber = await postFile(indicatorAction, url, w.manager, params, { periodId: period.id, intent: 'value', value: 'сорок', evidenceUrl: 'https://example.org/x' })
    expect(notNumber.status).toBe(400)
    expect((notNumber.data as { errors: Record<string, string[]> }).errors.value).toEqual(['validation.number'])

    const fields = { periodId: period.id, intent: 'value', value: '45', evidenceUrl: 'https://example.org/конференция', note: 'По списку регистрации' }
    const tooLarge = await postFile(indicatorAction, url, w.manager, params, fields, { name: 'список.pdf', bytes: pdf(1_200_000), type: 'application/pdf' })
    expect(tooLarge.status).toBe(413)
    const tl = tooLarge.data as { intent: string; periodId: string; errors: Record<string, string[]>; values: Record<string, string>; fileError: string }
    expect(tl).toMatchObject({ intent: 'value', periodId: period.id, fileError: 'attachments.error.tooLarge' })
    expect(tl.values).toMatchObject({ value: '45', evidenceUrl: 'https://example.org/конференция', note: 'По списку регистрации' })

    const wrongType = await postFile(indicatorAction, url, w.manager, params, fields, { name: 'список.pdf', bytes: EXE, type: 'application/pdf' })
    expect(wrongType.status).toBe(422)
    expect((wrongType.data as { values: Record<string, string> }).values.value).toBe('45')
    expect(filesOnDisk().filter((f) => !f.endsWith('.part'))).toHaveLength(before)
    expect(await testDb().select().from(indicatorManualValues).where(eq(indicatorManualValues.indicatorId, ind.id))).toHaveLength(0)

    // A good file: stored, linked, downloadable as an attachment by those who may see the reporting.
    const ok = await postFile(indicatorAction, url, w.manager, params, { ...fields, evidenceUrl: '' }, { name: 'Список участников.pdf', bytes: pdf(), type: 'application/pdf' })
    expect(ok.status).toBe(302)
    const [value] = await testDb().select().from(indicatorManualValues).where(eq(indicatorManualValues.indicatorId, ind.id))
    expect(value).toMatchObject({ value: '45.00', periodId: period.id, evidenceUrl: null, enteredById: w.manager.id })
    const [file] = await testDb().select().from(attachments).where(eq(attachments.id, value!.attachmentId!))
    expect(file!.originalName).toBe('Список участников.pdf')
    const evidenceParams = { id: w.programme.id, attachmentId: file!.id }
    const download = await get(evidenceLoader, `${base()}/reporting/evidence/${file!.id}`, w.mentor, evidenceParams)
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    expect((await get(evidenceLoader, `${base()}/reporting/evidence/${file!.id}`, w.leaderA, evidenceParams)).status).toBe(403)
    // Through another programme the file is not there.
    const foreign = await get(evidenceLoader, `/programmes/${otherProgramme.id}/reporting/evidence/${file!.id}`, otherManager, { id: otherProgramme.id, attachmentId: file!.id })
    expect(foreign.status).toBe(404)

    // Replacing the file removes the old one from disk.
    const oldPath = filesOnDisk().find((f) => f.endsWith(file!.storageKey))!
    expect(fs.existsSync(oldPath)).toBe(true)
    const replaced = await postFile(indicatorAction, url, w.manager, params, { periodId: period.id, intent: 'value', value: '47', evidenceUrl: '' }, { name: 'Список 2.pdf', bytes: pdf(), type: 'application/pdf' })
    expect(replaced.status).toBe(302)
    expect(fs.existsSync(oldPath)).toBe(false)
    expect(await testDb().select().from(attachments).where(eq(attachments.id, file!.id))).toHaveLength(0)
    expect(await auditActions(ind.id)).toEqual(['indicator.value', 'indicator.value'])
  })
})

// ---------------------------------------------------------------------------------------------
// Period reports

describe('a period report', () => {
  type ReportData = {
    frozen: boolean
    status: string | null
    canEdit: boolean
    report: {
      events: { planned: number; held: number; cancelled: number; upcoming: number; participants: number; centresReached: number }
      controlPoints: { id: string; status: string; result: string | null }[]
      indicators: { id: string; name: string; periodValue: number | null; periodTarget: number | null; cumulativeValue: number | null; completion: number | null }[]
      stageChanges: { centreName: string; from: string; to: string }[]
      narrative: { commentary: string; publications: string[] }
      submittedBy?: { name: string | null }
    }
  }
  let rw: World
  let rp: Awaited<ReturnType<typeof createPeriod>>
  let events: Awaited<ReturnType<typeof createIndicator>>
  let publications: Awaited<ReturnType<typeof createIndicator>>
  let cp: Awaited<ReturnType<typeof createActivity>>
  const url = () => `/programmes/${rw.programme.id}/reports/${rp.id}`
  const params = () => ({ id: rw.programme.id, periodId: rp.id })
  const load = async (who: Who = rw.manager) => {
    const result = await get(reportLoader, url(), who, params())
    expect(result.status).toBe(200)
    return result.data as ReportData
  }

  beforeAll(async () => {
    rw = await createReportingWorld()
    rp = await createPeriod(rw.programme.id, { label: 'IV квартал', startsOn: isoDay(-30), endsOn: isoDay(30) })
    events = await createIndicator(rw.programme.id, { name: 'Проведено мероприятий', targetTotal: '8' })
    publications = await createIndicator(rw.programme.id, { name: 'Публикации', source: 'manual', targetTotal: '10' })
    await setTarget(events.id, rp.id, '4')
    await setManualValue(publications.id, rp.id, '3', 'https://example.org/smi')
    cp = await createActivity(rw.programme.id, { title: 'Все центры прошли диагностику', plannedEndOn: isoDay(-5), actualEndOn: isoDay(-6), result: 'Шесть из шести' })
    await createHeldEvent(rw, [
      { id: rw.leaderA.id, organisationId: rw.centreA.id },
      { id: rw.staffA.id, organisationId: rw.centreA.id },
      { id: rw.leaderB.id, organisationId: rw.centreB.id, status: 'late' },
    ], { kind: 'field_session', title: 'Выездная сессия в Ростове', hostId: rw.centreA.id })
    await createHeldEvent(rw, [{ id: rw.leaderA.id, organisationId: rw.centreA.id }, { id: rw.staffA.id, organisationId: rw.centreA.id, status: 'absent' }], { inHours: -24 })
    await createHeldEvent(rw, [], { inHours: 48, title: 'Семинар на следующей неделе' })
  })

  test('a draft is computed live from the data', async () => {
    const d = await load()
    expect(d).toMatchObject({ frozen: false, status: null, canEdit: true })
    expect(d.report.events).toMatchObject({ planned: 3, held: 2, upcoming: 1, cancelled: 0, participants: 3, centresReached: 2 })
    expect(d.report.controlPoints).toEqual([expect.objectContaining({ id: cp.id, status: 'done', result: 'Шесть из шести' })])
    const byName = Object.fromEntries(d.report.indicators.map((i) => [i.name, i]))
    expect(byName['Проведено мероприятий']).toMatchObject({ periodValue: 2, periodTarget: 4, cumulativeValue: 2, completion: 0.25 })
    expect(byName['Публикации']).toMatchObject({ periodValue: 3, cumulativeValue: 3, completion: 0.3 })
    // A mentor reads it but may not edit.
    expect((await load(rw.mentor)).canEdit).toBe(false)
  })

  test('bad publications are refused with every text kept; a draft saves', async () => {
    const bad = await post(reportAction, url(), rw.manager, params(), {
      intent: 'save',
      commentary: 'Всё по плану',
      publications: 'Статья без ссылки',
    })
    expect(bad.status).toBe(400)
    const d = bad.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(d.errors.publications).toEqual(['reporting.report.publicationsInvalid'])
    expect(d.values.commentary).toBe('Всё по плану')
    expect(await testDb().select().from(programmeReports).where(eq(programmeReports.periodId, rp.id))).toHaveLength(0)

    const ok = await post(reportAction, url(), rw.manager, params(), {
      intent: 'save',
      activityDescription: 'Провели выездную сессию в Ростове и онлайн-семинар.',
      feedback: '«Очень полезно» — участница из Хабаровска',
      commentary: 'Всё по плану',
      publications: 'Статья в «Вечерней Перми» — https://example.org/perm\n\nhttps://vk.com/wall-1_2',
    })
    expect(ok.status).toBe(302)
    const [row] = await testDb().select().from(programmeReports).where(eq(programmeReports.periodId, rp.id))
    expect(row).toMatchObject({ status: 'draft', commentary: 'Всё по плану', createdById: rw.manager.id, snapshot: null })
    expect(row!.publications).toBe('Статья в «Вечерней Перми» — https://example.org/perm\nhttps://vk.com/wall-1_2')
    expect((await load()).report.narrative.publications).toHaveLength(2)
  })

  test('submitting freezes every figure: later changes to the data do not change the report or its exports', async () => {
    const submitted = await post(reportAction, url(), rw.manager, params(), {
      intent: 'submit',
      activityDescription: 'Провели выездную сессию в Ростове и онлайн-семинар.',
      feedback: '«Очень полезно» — участница из Хабаровска',
      commentary: 'Итог квартала: план выполнен наполовину.',
      publications: 'https://example.org/perm',
    })
    expect(submitted.status).toBe(302)
    const [row] = await testDb().select().from(programmeReports).where(eq(programmeReports.periodId, rp.id))
    expect(row).toMatchObject({ status: 'submitted', submittedById: rw.manager.id })
    expect(row!.submittedAt).toBeInstanceOf(Date)
    expect(row!.snapshot).toMatchObject({ version: 1, events: { held: 2, participants: 3 } })
    expect(await auditActions(row!.id)).toEqual(['report.save', 'report.submit'])

    const frozen = await load()
    expect(frozen).toMatchObject({ frozen: true, status: 'submitted', canEdit: false })
    expect(frozen.report.narrative.commentary).toBe('Итог квартала: план выполнен наполовину.')
    expect(frozen.report.submittedBy?.name).toBe(rw.manager.name ?? 'Тестовый Пользователь')
    const csvBefore = await (await csvLoader(await requestArgs(`${url()}/report.csv`, rw.manager, params()))).text()
    const xlsxBefore = readXlsx(new Uint8Array(await (await xlsxLoader(await requestArgs(`${url()}/report.xlsx`, rw.manager, params()))).arrayBuffer()))

    // The world moves on: another held event with people, a cancelled one, a new control point result,
    // a changed target, a stage change, an indicator renamed, even the period renamed.
    await createHeldEvent(rw, [{ id: rw.leaderB.id, organisationId: rw.centreB.id }, { id: rw.noOrg.id, organisationId: null }], { inHours: -5 })
    await testDb().update(planActivities).set({ result: 'Переписали результат' }).where(eq(planActivities.id, cp.id))
    await testDb().update(indicatorTargets).set({ target: '40' }).where(eq(indicatorTargets.indicatorId, events.id))
    await testDb().update(programmeIndicators).set({ name: 'Мероприятия (новое название)' }).where(eq(programmeIndicators.id, events.id))
    await testDb().insert(stageHistory).values({ organisationId: rw.centreA.id, fromStage: 'initiative', toStage: 'registering', changedById: rw.mentor.id })
    await testDb().update(reportPeriods).set({ label: 'Переименованный период' }).where(eq(reportPeriods.id, rp.id))

    // The live figures did change…
    const narrative = { activityDescription: '', qualitativeResults: '', feedback: '', commentary: '', publications: [] }
    const live = await computeReportContent(rw.programme.id, { ...rp, label: 'Переименованный период' }, narrative, { today: isoDay(0) })
    expect(live.events).toMatchObject({ held: 3, participants: 4 })
    expect(live.stageChanges).toHaveLength(1)
    // …but the report shows exactly what was submitted.
    const after = await load()
    expect(after.report).toEqual(frozen.report)
    expect(after.report.events).toMatchObject({ held: 2, participants: 3 })
    expect(after.report.controlPoints[0]!.result).toBe('Шесть из шести')
    expect(after.report.indicators.find((i) => i.id === events.id)).toMatchObject({ name: 'Проведено мероприятий', periodTarget: 4, periodValue: 2 })
    expect(after.report.stageChanges).toEqual([])
    const csvAfter = await (await csvLoader(await requestArgs(`${url()}/report.csv`, rw.manager, params()))).text()
    // Only the "generated at" stamp could differ — and it is frozen too.
    expect(csvAfter).toBe(csvBefore)
    const xlsxAfter = readXlsx(new Uint8Array(await (await xlsxLoader(await requestArgs(`${url()}/report.xlsx`, rw.manager, params()))).arrayBuffer()))
    expect(xlsxAfter.sheets.map((s) => s.cells)).toEqual(xlsxBefore.sheets.map((s) => s.cells))

    // A manual value of a submitted period is frozen too.
    const valueUrl = `/programmes/${rw.programme.id}/reporting/indicators/${publications.id}`
    const frozenValue = await postFile(indicatorAction, valueUrl, rw.manager, { id: rw.programme.id, indicatorId: publications.id }, {
      periodId: rp.id,
      intent: 'value',
      value: '99',
      evidenceUrl: 'https://example.org/more',
    })
    expect(frozenValue.status).toBe(409)
    // The period's dates stay; it cannot be deleted.
    const periodParams = { id: rw.programme.id, periodId: rp.id }
    const periodUrl = `/programmes/${rw.programme.id}/reporting/periods/${rp.id}`
    expect((await post(periodAction, periodUrl, rw.manager, periodParams, { label: 'X', startsOn: isoDay(-29), endsOn: isoDay(30) })).status).toBe(409)
    expect((await post(periodAction, periodUrl, rw.manager, periodParams, { intent: 'delete' })).status).toBe(409)
  })

  test('a report is submitted once; a draft cannot be saved over it', async () => {
    const again = await post(reportAction, url(), rw.manager, params(), { intent: 'submit', commentary: 'Ещё раз' })
    expect(again.status).toBe(409)
    expect((again.data as { errors: Record<string, string[]>; values: Record<string, string> }).errors['']).toEqual(['reporting.report.alreadySubmitted'])
    expect((await post(reportAction, url(), rw.admin, params(), { intent: 'save', commentary: 'Правка' })).status).toBe(409)
    const [row] = await testDb().select().from(programmeReports).where(eq(programmeReports.periodId, rp.id))
    expect(row!.commentary).toBe('Итог квартала: план выполнен наполовину.')
    const [{ n }] = (await testDb()
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, row!.id), eq(auditLog.action, 'report.submit')))) as [{ n: number }]
    expect(n).toBe(1)
  })

  test('CSV: UTF-8 with a BOM, semicolons, CRLF, Cyrillic intact, decimal commas, formulas guarded', async () => {
    const response = (await csvLoader(await requestArgs(`${url()}/report.csv`, rw.manager, params()))) as Response
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="report-[\w-]+\.csv"$/)
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)
    expect(text).toContain('Отчёт за IV квартал;')
    expect(text).toContain('\r\nКонтрольные точки\r\n')
    expect(text).toContain('Контрольная точка;Все центры прошли диагностику;')
    expect(text).toContain('Выездная сессия в Ростове')
    expect(text).toContain('Проведено мероприятий;ед.;')
    // 2 of 4 in the period; 25 % of the total target of 8.
    expect(text).toMatch(/Проведено мероприятий;ед\.;[^;]*;4;2;2;8;25;/)
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true)
  })

  test('XLSX: a sheet per section with Cyrillic names and typed values', async () => {
    const response = (await xlsxLoader(await requestArgs(`${url()}/report.xlsx`, rw.manager, params()))) as Response
    expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const book = readXlsx(new Uint8Array(await response.arrayBuffer()))
    expect(book.names).toEqual(['Сводка', 'Контрольные точки', 'Мероприятия', 'Показатели', 'Качественные результаты'])
    const [summary, plan, eventsSheet, indicators, qualitative] = book.sheets
    const summaryMap = Object.fromEntries(summary!.rows.slice(1).map((r) => [r[0], r[1]]))
    expect(summaryMap['Программа']).toBe(rw.programme.name)
    expect(summaryMap['Мероприятий проведено']).toBe(2)
    expect(summaryMap['участников (человек)']).toBe(3)
    expect(typeof summaryMap['Начало периода']).toBe('number')
    expect(plan!.rows[1]).toEqual(expect.arrayContaining(['Контрольная точка', 'Все центры прошли диагностику', 'Шесть из шести']))
    expect(eventsSheet!.rows[0]![4]).toBe('Мероприятие')
    expect(eventsSheet!.rows.slice(1).map((r) => r[4])).toEqual(expect.arrayContaining(['Выездная сессия в Ростове', 'Семинар на следующей неделе']))
    const eventRow = indicators!.rows.find((r) => r[0] === 'Проведено мероприятий')!
    expect(eventRow.slice(3, 8)).toEqual([4, 2, 2, 8, 0.25])
    expect(qualitative!.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['Описание деятельности', 'Отзывы участников', 'Комментарий руководителя']))
  })

  test('the print version renders the same content', async () => {
    const result = await get(printLoader, `${url()}/print`, rw.mentor, params())
    expect(result.status).toBe(200)
    const d = result.data as ReportData
    expect(d.frozen).toBe(true)
    expect(d.report.events.held).toBe(2)
  })
})

describe('qualitative results', () => {
  test('stage changes and the assessment score change of the period are reported', async () => {
    const qw = await createReportingWorld()
    const qp = await createPeriod(qw.programme.id, { startsOn: isoDay(-30), endsOn: isoDay(30) })
    await testDb().insert(stageHistory).values({ organisationId: qw.centreA.id, fromStage: 'initiative', toStage: 'first-services', changedById: qw.mentor.id, reason: 'Первые услуги НКО' })
    // Long ago: not in this period.
    await testDb().insert(stageHistory).values({ organisationId: qw.centreB.id, fromStage: 'initiative', toStage: 'registering', changedAt: new Date(Date.now() - 200 * 86_400_000) })
    const { assessments, assessmentAnswers } = await import('#db/schema/index.ts')
    const make = async (organisationId: string, conductedOn: string, scores: number[]) => {
      const [a] = await testDb().insert(assessments).values({ organisationId, kind: 'midline', conductedOn, status: 'completed' }).returning()
      await testDb().insert(assessmentAnswers).values(scores.map((score, i) => ({ assessmentId: a!.id, questionKey: `q${i}`, areaKey: 'team', score })))
    }
    await make(qw.centreA.id, isoDay(-100), [1, 1, 2, 0])
    await make(qw.centreA.id, isoDay(-3), [2, 2, 3, 1])
    await make(qw.centreB.id, isoDay(-200), [1, 1])
    const result = await get(reportLoader, `/programmes/${qw.programme.id}/reports/${qp.id}`, qw.manager, { id: qw.programme.id, periodId: qp.id })
    const report = (result.data as { report: { stageChanges: unknown[]; assessmentChanges: unknown[] } }).report
    expect(report.stageChanges).toEqual([expect.objectContaining({ centreId: qw.centreA.id, from: 'initiative', to: 'first-services', direction: 'up', reason: 'Первые услуги НКО' })])
    expect(report.assessmentChanges).toEqual([
      expect.objectContaining({ centreId: qw.centreA.id, before: 1, after: 2, change: 1, beforeOn: isoDay(-100), afterOn: isoDay(-3) }),
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// The full data stream and the overview

describe('the programme data stream', () => {
  test('streams every event and attendance mark in batches, with a BOM and Cyrillic intact', async () => {
    const dw = await createReportingWorld()
    await createHeldEvent(dw, [{ id: dw.leaderA.id, organisationId: dw.centreA.id }], { inHours: -100, title: 'Первое' })
    await createHeldEvent(dw, [], { inHours: -50, title: 'Второе без отметок' })
    await createHeldEvent(dw, [{ id: dw.leaderB.id, organisationId: dw.centreB.id, status: 'late' }, { id: dw.staffA.id, organisationId: dw.centreA.id, status: 'absent' }], { inHours: -10, title: 'Третье' })
    const stream = streamProgrammeData(dw.programme.id, 'ru', { batch: 2 })
    const reader = stream.getReader()
    const chunks: Uint8Array[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
    }
    // Header, then one chunk per batch of two events.
    expect(chunks.length).toBe(3)
    const bytes = Buffer.concat(chunks)
    // TextDecoder drops a BOM unless told not to: keep it, to see that it is there.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.startsWith('\uFEFFДата;Время;')).toBe(true)
    const lines = text.trimEnd().split('\r\n')
    expect(lines).toHaveLength(1 + 1 + 1 + 2)
    expect(lines[1]).toContain('Первое')
    expect(lines[2]).toContain('Второе без отметок')
    expect(lines.slice(3).join('\n')).toContain('Опоздал')

    const response = (await dataCsvLoader(await requestArgs(`/programmes/${dw.programme.id}/reporting/data.csv`, dw.manager, { id: dw.programme.id }))) as Response
    expect(response.body).toBeInstanceOf(ReadableStream)
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
  })
})

describe('all programmes side by side', () => {
  test('centres, events held, people trained, indicator completion and the latest report', async () => {
    const ow = await createReportingWorld()
    const op = await createPeriod(ow.programme.id, { label: 'Текущий', startsOn: isoDay(-30), endsOn: isoDay(30) })
    await createIndicator(ow.programme.id, { name: 'Мероприятия', targetTotal: '4' })
    const m = await createIndicator(ow.programme.id, { name: 'Публикации', source: 'manual', targetTotal: '10' })
    await setManualValue(m.id, op.id, '20')
    await createHeldEvent(ow, [{ id: ow.leaderA.id, organisationId: ow.centreA.id }, { id: ow.leaderB.id, organisationId: ow.centreB.id }])
    await createHeldEvent(ow, [{ id: ow.leaderA.id, organisationId: ow.centreA.id }], { inHours: -30 })
    await testDb().insert(programmeReports).values({ programmeId: ow.programme.id, periodId: op.id, status: 'draft' })
    const result = await get(overviewLoader, '/admin/programmes', w.admin, {})
    const rows = (result.data as { rows: { id: string; centres: number; eventsHeld: number; peopleTrained: number; completion: number | null; lastReport: { label: string; status: string } | null }[] }).rows
    const row = rows.find((r) => r.id === ow.programme.id)!
    // 2 of 4 events (50 %) and 20 of 10 publications (capped at 100 %): 75 % on average.
    expect(row).toMatchObject({ centres: 2, eventsHeld: 2, peopleTrained: 2, completion: 0.75, lastReport: { label: 'Текущий', status: 'draft' } })
  })
})

/** Arguments for calling a loader directly and keeping the Response it returns. */
async function requestArgs(url: string, as: { id: string }, params: Record<string, string>) {
  const headers = new Headers({ Cookie: await sessionCookieFor(as.id) })
  return { request: new Request(`http://localhost${url}`, { headers }), params, context: { clientIp: unique('ip-') } }
}
