// Evidence files of a submitted (frozen) report stay downloadable when the indicator or value behind them
// is later deleted; evidence no submitted report lists is removed with its indicator, as before.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { attachments, indicatorManualValues, programmeIndicators } from '#db/schema/index.ts'
import { loader as evidenceLoader } from '#app/routes/programmes.$id_.reporting_.evidence.$attachmentId.ts'
import { action as indicatorAction } from '#app/routes/programmes.$id_.reporting_.indicators.$indicatorId.tsx'
import { action as reportAction, loader as reportLoader } from '#app/routes/programmes.$id_.reports_.$periodId.tsx'
import { uploadExists } from '#app/utils/uploads.server.ts'
import {
  callRoute,
  createMember,
  createOrganisation,
  createProgramme,
  sessionCookieFor,
  testDb,
  unique,
} from '#tests/db-utils.ts'
import { createIndicator, createPeriod, createReportingWorld, isoDay } from '#tests/factories/reports.ts'

const UPLOAD_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'report-evidence-'))
process.env.UPLOAD_DIR = UPLOAD_ROOT
afterAll(() => fs.rmSync(UPLOAD_ROOT, { recursive: true, force: true }))

type World = Awaited<ReturnType<typeof createReportingWorld>>
type Who = { id: string } | null

/** A minimal PDF: the upload check looks at the first bytes. */
function pdf() {
  return new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n', 'latin1'))
}

/** The value-with-evidence form as a browser sends it: multipart with one file. */
async function postValue(w: World, indicatorId: string, periodId: string, fileName: string) {
  const form = new FormData()
  form.append('intent', 'value')
  form.append('periodId', periodId)
  form.append('value', '3')
  form.append('evidenceUrl', '')
  form.append('file', new File([pdf()], fileName, { type: 'application/pdf' }))
  const request = new Request(`http://localhost/programmes/${w.programme.id}/reporting/indicators/${indicatorId}`, {
    method: 'POST',
    headers: { Cookie: await sessionCookieFor(w.manager.id) },
    body: form,
  })
  let result: unknown
  try {
    result = await indicatorAction({
      request,
      params: { id: w.programme.id, indicatorId },
      context: { clientIp: unique('ip-') },
    })
  } catch (error) {
    result = error
  }
  expect(result instanceof Response ? result.status : result).toBe(302)
  const [value] = await testDb()
    .select({ attachmentId: indicatorManualValues.attachmentId, storageKey: attachments.storageKey })
    .from(indicatorManualValues)
    .innerJoin(attachments, eq(attachments.id, indicatorManualValues.attachmentId))
    .where(eq(indicatorManualValues.indicatorId, indicatorId))
  return { attachmentId: value!.attachmentId!, storageKey: value!.storageKey }
}

const deleteIndicator = (w: World, indicatorId: string) =>
  callRoute(indicatorAction, `/programmes/${w.programme.id}/reporting/indicators/${indicatorId}`, {
    as: w.manager,
    params: { id: w.programme.id, indicatorId },
    form: { intent: 'delete' },
  })

const download = (programmeId: string, attachmentId: string, as: Who) =>
  callRoute(evidenceLoader, `/programmes/${programmeId}/reporting/evidence/${attachmentId}`, {
    as,
    params: { id: programmeId, attachmentId },
  })

type Evidence = { fileName: string | null; attachmentId: string | null }
type ReportData = { frozen: boolean; report: { indicators: { name: string; evidence: Evidence[] }[] } }

describe('evidence of a submitted report', () => {
  let w: World
  let period: { id: string }
  let otherManager: { id: string }
  let otherProgramme: { id: string }

  beforeAll(async () => {
    w = await createReportingWorld()
    period = await createPeriod(w.programme.id, { label: 'I квартал', startsOn: isoDay(-60), endsOn: isoDay(20) })
    const otherMentor = await createOrganisation({ kind: 'mentor' })
    otherManager = await createMember(otherMentor.id, 'staff')
    otherProgramme = await createProgramme(otherMentor.id, [], [otherManager.id])
  })

  test('stays downloadable for those who may see the report after its indicator is deleted', async () => {
    const indicator = await createIndicator(w.programme.id, { name: 'Публикации в СМИ', source: 'manual' })
    const file = await postValue(w, indicator.id, period.id, 'Публикации за квартал.pdf')

    const submitted = await callRoute(reportAction, `/programmes/${w.programme.id}/reports/${period.id}`, {
      as: w.manager,
      params: { id: w.programme.id, periodId: period.id },
      form: { intent: 'submit', commentary: 'Итоги квартала' },
    })
    expect(submitted.status).toBe(302)

    expect((await deleteIndicator(w, indicator.id)).status).toBe(302)
    expect(
      await testDb().select().from(programmeIndicators).where(eq(programmeIndicators.id, indicator.id)),
    ).toHaveLength(0)

    // The frozen report still lists the file, with its id…
    const page = await callRoute(reportLoader, `/programmes/${w.programme.id}/reports/${period.id}`, {
      as: w.mentor,
      params: { id: w.programme.id, periodId: period.id },
    })
    const d = page.data as ReportData
    expect(d.frozen).toBe(true)
    const listed = d.report.indicators.find((i) => i.name === 'Публикации в СМИ')!.evidence[0]!
    expect(listed).toMatchObject({ fileName: 'Публикации за квартал.pdf', attachmentId: file.attachmentId })

    // …the file is kept, and its link works for the report's readers.
    expect(uploadExists(file.storageKey)).toBe(true)
    for (const who of [w.manager, w.mentor, w.admin]) {
      const result = await download(w.programme.id, file.attachmentId, who)
      expect(result.status).toBe(200)
      expect(result.headers.get('Content-Disposition')).toContain('attachment')
      expect(result.data).toContain('%PDF-1.4')
    }
    // Nobody else gets it: signed out, a centre, another programme's manager, nor through another programme.
    const signedOut = await download(w.programme.id, file.attachmentId, null)
    expect(signedOut.status).toBe(302)
    expect(signedOut.location).toMatch(/^\/login/)
    for (const who of [w.leaderA, w.staffA, w.outsiderLeader, otherManager]) {
      expect((await download(w.programme.id, file.attachmentId, who)).status).toBe(403)
    }
    expect((await download(otherProgramme.id, file.attachmentId, otherManager)).status).toBe(404)
  })

  test('evidence no submitted report lists goes with its indicator: the row and the file', async () => {
    const draftPeriod = await createPeriod(w.programme.id, {
      label: 'II квартал',
      startsOn: isoDay(21),
      endsOn: isoDay(100),
    })
    const indicator = await createIndicator(w.programme.id, { name: 'Проведено интервью', source: 'manual' })
    const file = await postValue(w, indicator.id, draftPeriod.id, 'Интервью.pdf')
    expect(uploadExists(file.storageKey)).toBe(true)

    expect((await deleteIndicator(w, indicator.id)).status).toBe(302)
    expect(await testDb().select().from(attachments).where(eq(attachments.id, file.attachmentId))).toHaveLength(0)
    expect(uploadExists(file.storageKey)).toBe(false)
    expect((await download(w.programme.id, file.attachmentId, w.manager)).status).toBe(404)
  })
})
