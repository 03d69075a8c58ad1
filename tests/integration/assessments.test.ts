import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { assessmentAnswers, assessments, auditLog, organisations, stageHistory, STAGES } from '#db/schema/index.ts'
import {
  ContentError,
  getStageModel,
  parseStageModel,
  proposeStage,
  recommendations,
  STAGE_MODEL_FILE,
  type StageModel,
} from '#app/models/stage-model.server.ts'
import { confirmStage } from '#app/models/assessment.server.ts'
import { action as listAction, loader as listLoader } from '#app/routes/organisations.$id_.assessments.tsx'
import { action as formAction, loader as formLoader } from '#app/routes/organisations.$id_.assessments_.$assessmentId.tsx'
import { callRoute, createWorld, testDb } from '#tests/db-utils.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null

const model = getStageModel()
const questionKeys = [...model.questions.keys()]

/** Every question at one score, optionally with some areas at another. */
function scoresAt(score: number, overrides: Record<string, number> = {}) {
  return Object.fromEntries(
    [...model.questions.values()].map((q) => [q.key, overrides[q.area] ?? score]),
  )
}

/** A questionnaire form: the given scores plus evidence on the first question. */
function answersForm(intent: string, scores: Record<string, number>) {
  const form: Record<string, string> = { intent }
  for (const [key, score] of Object.entries(scores)) form[`score.${key}`] = String(score)
  const first = Object.keys(scores)[0]
  if (first) {
    form[`evidence.${first}`] = 'Устав, выписка из ЕГРЮЛ'
    form[`comment.${first}`] = 'Обсудили с руководителем'
  }
  return form
}

const list = (w: World, as: Who, id = w.centreA.id) => callRoute(listLoader, `/organisations/${id}/assessments`, { as, params: { id } })
const start = (w: World, as: Who, form: Record<string, string> = {}, id = w.centreA.id) =>
  callRoute(listAction, `/organisations/${id}/assessments`, {
    as,
    params: { id },
    form: { intent: 'start', kind: 'baseline', conductedOn: '2026-03-10', ...form },
  })
const view = (w: World, as: Who, assessmentId: string) =>
  callRoute(formLoader, `/organisations/${w.centreA.id}/assessments/${assessmentId}`, {
    as,
    params: { id: w.centreA.id, assessmentId },
  })
const post = (w: World, as: Who, assessmentId: string, form: Record<string, string>) =>
  callRoute(formAction, `/organisations/${w.centreA.id}/assessments/${assessmentId}`, {
    as,
    params: { id: w.centreA.id, assessmentId },
    form,
  })

/** Starts a draft as the given mentor and returns its id. */
async function startDraft(w: World, as: Who, form: Record<string, string> = {}) {
  const result = await start(w, as, form)
  expect(result.status).toBe(302)
  const id = result.location!.split('/').pop()!
  expect(id).toMatch(/^[0-9a-f-]{36}$/)
  return id
}

describe('the stage model', () => {
  test('loads from content/ and is valid', () => {
    expect(model.areas.map((a) => a.key)).toEqual(['legal-base', 'team', 'services', 'communications', 'finance', 'partnerships'])
    expect(model.stages.map((s) => s.key)).toEqual([...STAGES])
    for (const section of model.questionnaire) {
      expect(model.areas.some((a) => a.key === section.area)).toBe(true)
      for (const q of section.questions) expect(q.levels).toHaveLength(4)
    }
    // Cached: the same object until the file changes.
    expect(getStageModel()).toBe(model)
  })

  function brokenCopy(edit: (text: string) => string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-model-'))
    const file = path.join(dir, 'stage-model.yaml')
    fs.writeFileSync(file, edit(fs.readFileSync(STAGE_MODEL_FILE, 'utf8')))
    return file
  }

  function problemsOf(file: string) {
    try {
      parseStageModel(file)
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError)
      return (error as ContentError).problems
    }
    throw new Error('expected the model to be rejected')
  }

  test('a question in an unknown area is reported with the file and the line', () => {
    const file = brokenCopy((text) => text.replace('  - area: finance\n', '  - area: money\n'))
    const line = fs.readFileSync(file, 'utf8').split('\n').indexOf('  - area: money') + 1
    const problems = problemsOf(file)
    expect(problems.some((p) => p.includes(`stage-model.yaml:${line}:`) && p.includes('unknown area "money"'))).toBe(true)
  })

  test('a question with three levels, or stages out of order, are rejected', () => {
    const threeLevels = brokenCopy((text) =>
      text.replace('          - "Не знаем точно, какие отчёты и когда нужно сдавать."\n', ''),
    )
    expect(problemsOf(threeLevels).some((p) => /stage-model\.yaml:\d+: questionnaire\.0\.questions\.1\.levels four levels/.test(p))).toBe(true)
    const renamed = brokenCopy((text) => text.replace('  - key: operating\n', '  - key: steady\n'))
    expect(problemsOf(renamed).some((p) => /stage-model\.yaml:\d+: stages\.3\.key/.test(p))).toBe(true)
  })

  test('broken YAML names the line', () => {
    const file = brokenCopy((text) => text.replace('areas:\n', 'areas:\n  - key: [unclosed\n'))
    expect(problemsOf(file)[0]).toMatch(/stage-model\.yaml:\d+: /)
  })
})

describe('proposeStage', () => {
  test('all zeros → initiative; all threes → mentoring', () => {
    expect(proposeStage(scoresAt(0), model)).toBe('initiative')
    expect(proposeStage(scoresAt(3), model)).toBe('mentoring')
  })

  test('steady middle scores give the middle stages', () => {
    expect(proposeStage(scoresAt(1), model)).toBe('registering')
    expect(proposeStage(scoresAt(2), model)).toBe('operating')
  })

  test('one weak area caps the stage', () => {
    expect(proposeStage(scoresAt(3, { finance: 0 }), model)).toBe('initiative')
    expect(proposeStage(scoresAt(3, { partnerships: 1 }), model)).toBe('registering')
    expect(proposeStage(scoresAt(2, { team: 1 }), model)).toBe('registering')
  })

  test('recommendations name the weak areas and the next stage’s courses and workshops', () => {
    const recs = recommendations(scoresAt(2, { finance: 1 }), model)
    expect(recs.map((r) => r.area)).toEqual(['finance'])
    const next = model.stages.find((s) => s.key === 'first-services')!
    expect(recs[0]!.targetStage).toBe('first-services')
    expect(recs[0]!.courses).toEqual(next.recommended.courses)
    expect(recs[0]!.workshops).toEqual(next.recommended.workshops)
    expect(recs[0]!.criteria).toEqual(next.criteria.finance)
    expect(recommendations(scoresAt(3), model)).toEqual([])
  })

  test('thresholds are content: a stage may set its own', () => {
    const lenient: StageModel = { ...model, stages: model.stages.map((s) => (s.key === 'mentoring' ? { ...s, threshold: 2.5 } : s)) }
    expect(proposeStage(scoresAt(3, { team: 2.5 }), lenient)).toBe('mentoring')
    expect(proposeStage(scoresAt(3, { team: 2.5 }), model)).toBe('independent')
  })
})

describe('who may see and run diagnostics', () => {
  let w: World
  let draftId: string
  beforeAll(async () => {
    w = await createWorld()
    draftId = await startDraft(w, w.mentor)
  })

  test('signed out → sign in, for every loader and action', async () => {
    const results = await Promise.all([
      list(w, null),
      start(w, null),
      view(w, null, draftId),
      post(w, null, draftId, { intent: 'save' }),
    ])
    for (const r of results) {
      expect(r.status).toBe(302)
      expect(r.location).toMatch(/^\/login/)
    }
  })

  test('the centre, its mentor, its programme manager and an administrator see the list and the questionnaire', async () => {
    for (const who of [w.leaderA, w.staffA, w.mentor, w.manager, w.admin]) {
      expect((await list(w, who)).status).toBe(200)
      expect((await view(w, who, draftId)).status).toBe(200)
    }
    expect(((await list(w, w.leaderA)).data as { canRun: boolean }).canRun).toBe(false)
    expect(((await list(w, w.manager)).data as { canRun: boolean }).canRun).toBe(false)
    expect(((await list(w, w.mentor)).data as { canRun: boolean }).canRun).toBe(true)
  })

  test('another centre’s leader and a person with no organisation are refused', async () => {
    for (const who of [w.leaderB, w.outsiderLeader, w.noOrg]) {
      expect((await list(w, who)).status).toBe(403)
      expect((await view(w, who, draftId)).status).toBe(403)
      expect((await start(w, who)).status).toBe(403)
      expect((await post(w, who, draftId, answersForm('save', { [questionKeys[0]!]: 2 }))).status).toBe(403)
    }
  })

  test('the centre’s staff and leader and the programme manager cannot start, answer or confirm', async () => {
    for (const who of [w.leaderA, w.staffA, w.manager]) {
      expect((await start(w, who)).status).toBe(403)
      expect((await post(w, who, draftId, answersForm('save', { [questionKeys[0]!]: 2 }))).status).toBe(403)
      expect((await post(w, who, draftId, answersForm('complete', scoresAt(2)))).status).toBe(403)
      expect((await post(w, who, draftId, { intent: 'confirm', stage: 'operating' })).status).toBe(403)
    }
    const rows = await testDb().select().from(assessmentAnswers).where(eq(assessmentAnswers.assessmentId, draftId))
    expect(rows).toHaveLength(0)
  })

  test('the mentor and an administrator can start and answer', async () => {
    const adminDraft = await startDraft(w, w.admin, { kind: 'midline' })
    expect((await post(w, w.admin, adminDraft, answersForm('save', { [questionKeys[0]!]: 1 }))).status).toBe(302)
    const saved = await post(w, w.mentor, draftId, answersForm('save', { [questionKeys[0]!]: 2, [questionKeys[1]!]: 3 }))
    expect(saved.status).toBe(302)
    const rows = await testDb().select().from(assessmentAnswers).where(eq(assessmentAnswers.assessmentId, draftId))
    expect(rows.map((r) => [r.questionKey, r.score]).sort()).toEqual(
      [
        [questionKeys[0], 2],
        [questionKeys[1], 3],
      ].sort(),
    )
    expect(rows.find((r) => r.questionKey === questionKeys[0])!.evidence).toBe('Устав, выписка из ЕГРЮЛ')
  })

  test('an assessment of another centre is not found through this centre', async () => {
    const other = await callRoute(listAction, `/organisations/${w.centreB.id}/assessments`, {
      as: w.mentor,
      params: { id: w.centreB.id },
      form: { intent: 'start', kind: 'baseline', conductedOn: '2026-03-10' },
    })
    const otherId = other.location!.split('/').pop()!
    expect((await view(w, w.mentor, otherId)).status).toBe(404)
    expect((await post(w, w.mentor, otherId, { intent: 'save' })).status).toBe(404)
    expect((await view(w, w.mentor, 'not-a-uuid')).status).toBe(404)
  })

  test('a mentor organisation has no diagnostics page', async () => {
    expect((await list(w, w.admin, w.mentorOrg.id)).status).toBe(404)
  })
})

describe('bad input', () => {
  let w: World
  let draftId: string
  beforeAll(async () => {
    w = await createWorld()
    draftId = await startDraft(w, w.mentor)
  })

  test('starting without a valid date or kind → 400 and the form is kept', async () => {
    const result = await start(w, w.mentor, { kind: 'yearly', conductedOn: '10.03.2026', notes: 'Встреча в офисе' })
    expect(result.status).toBe(400)
    const body = result.data as { errors: Record<string, string[]>; values: Record<string, string> }
    expect(body.errors.kind).toBeTruthy()
    expect(body.errors.conductedOn).toEqual(['validation.date'])
    expect(body.values.notes).toBe('Встреча в офисе')
  })

  test('a score outside 0–3 → 400', async () => {
    for (const score of ['4', '-1', '1.5', 'три']) {
      const result = await post(w, w.mentor, draftId, { intent: 'save', [`score.${questionKeys[0]}`]: score })
      expect(result.status).toBe(400)
      expect((result.data as { errors: Record<string, string[]> }).errors[`score.${questionKeys[0]}`]).toEqual(['mentoring.error.score'])
    }
  })

  test('an unknown question key → 400', async () => {
    const result = await post(w, w.mentor, draftId, { intent: 'save', 'score.no-such-question': '2' })
    expect(result.status).toBe(400)
    expect((result.data as { errors: Record<string, string[]> }).errors['']).toEqual(['mentoring.error.unknownQuestion'])
  })

  test('evidence without a level → 400, and what was typed comes back', async () => {
    const result = await post(w, w.mentor, draftId, { intent: 'save', [`evidence.${questionKeys[2]}`]: 'Протокол от 1 марта' })
    expect(result.status).toBe(400)
    expect((result.data as { values: Record<string, string> }).values[`evidence.${questionKeys[2]}`]).toBe('Протокол от 1 марта')
  })

  test('completing with unanswered questions → 422 naming how many are missing; the answers given are kept', async () => {
    const some = Object.fromEntries(questionKeys.slice(0, 5).map((k) => [k, 2]))
    const result = await post(w, w.mentor, draftId, answersForm('complete', some))
    expect(result.status).toBe(422)
    expect((result.data as { missing: number }).missing).toBe(questionKeys.length - 5)
    const [row] = await testDb().select().from(assessments).where(eq(assessments.id, draftId))
    expect(row!.status).toBe('draft')
    const saved = await testDb().select().from(assessmentAnswers).where(eq(assessmentAnswers.assessmentId, draftId))
    expect(saved).toHaveLength(5)
  })

  test('confirming before completing → 409; confirming another stage without a reason → 400', async () => {
    expect((await post(w, w.mentor, draftId, { intent: 'confirm', stage: 'initiative' })).status).toBe(409)
    const completed = await post(w, w.mentor, draftId, answersForm('complete', scoresAt(2)))
    expect(completed.status).toBe(302)
    const noReason = await post(w, w.mentor, draftId, { intent: 'confirm', stage: 'independent', reason: '  ' })
    expect(noReason.status).toBe(400)
    expect((noReason.data as { errors: Record<string, string[]> }).errors.reason).toEqual(['mentoring.error.reasonRequired'])
    expect((await post(w, w.mentor, draftId, { intent: 'confirm', stage: 'legendary' })).status).toBe(400)
    // A completed assessment's answers cannot be changed.
    expect((await post(w, w.mentor, draftId, answersForm('save', scoresAt(1)))).status).toBe(409)
    const [org] = await testDb().select().from(organisations).where(eq(organisations.id, w.centreA.id))
    expect(org!.stage).toBe('initiative')
  })
})

describe('completing and confirming', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld()
  })

  test('completing proposes the stage; confirming writes the stage, the history and the audit together', async () => {
    const id = await startDraft(w, w.mentor, { kind: 'baseline', conductedOn: '2026-03-10' })
    // Mostly level 2, finance weaker: the stage is capped by finance.
    const scores = scoresAt(2, { finance: 1 })
    expect((await post(w, w.mentor, id, answersForm('complete', scores))).status).toBe(302)
    const [done] = await testDb().select().from(assessments).where(eq(assessments.id, id))
    expect(done!.status).toBe('completed')
    expect(done!.proposedStage).toBe('registering')
    expect(done!.completedAt).toBeTruthy()

    const page = await view(w, w.leaderA, id)
    const body = page.data as { recommendations: { area: string; courses: { slug: string }[] }[]; canRun: boolean }
    expect(body.canRun).toBe(false)
    expect(body.recommendations.map((r) => r.area)).toEqual(['finance'])

    const confirmed = await post(w, w.mentor, id, { intent: 'confirm', stage: 'registering' })
    expect(confirmed.status).toBe(302)
    const [org] = await testDb().select().from(organisations).where(eq(organisations.id, w.centreA.id))
    expect(org!.stage).toBe('registering')
    const history = await testDb().select().from(stageHistory).where(eq(stageHistory.organisationId, w.centreA.id))
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ fromStage: 'initiative', toStage: 'registering', assessmentId: id, changedById: w.mentor.id, reason: null })
    expect(history[0]!.evidence).toContain('Финансы и привлечение ресурсов: 1.0')
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, w.centreA.id), eq(auditLog.action, 'organisation.stage_confirmed')))
    expect(audits).toHaveLength(1)
    expect(audits[0]!.data).toMatchObject({ from: 'initiative', to: 'registering', overridden: false })
    // Confirming twice is refused; the history is not rewritten.
    expect((await post(w, w.mentor, id, { intent: 'confirm', stage: 'operating', reason: 'Ещё раз' })).status).toBe(409)
  })

  test('the stage, the history and the audit are written in one transaction: a failure leaves none of them', async () => {
    const id = await startDraft(w, w.mentor, { kind: 'other', conductedOn: '2026-04-01' })
    expect((await post(w, w.mentor, id, answersForm('complete', scoresAt(3)))).status).toBe(302)
    const count = async () => ({
      history: (await testDb().select().from(stageHistory).where(eq(stageHistory.organisationId, w.centreA.id))).length,
      audit: (
        await testDb()
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.organisationId, w.centreA.id), eq(auditLog.action, 'organisation.stage_confirmed')))
      ).length,
    })
    const before = await count()
    await expect(
      testDb().transaction(async (tx) => {
        await confirmStage(tx, {
          organisationId: w.centreA.id,
          assessmentId: id,
          stage: 'mentoring',
          proposedStage: 'mentoring',
          reason: null,
          evidence: 'test',
          actorId: w.mentor.id,
        })
        throw new Error('the connection dropped')
      }),
    ).rejects.toThrow('the connection dropped')
    expect(await count()).toEqual(before)
    const [org] = await testDb().select().from(organisations).where(eq(organisations.id, w.centreA.id))
    expect(org!.stage).toBe('registering')
    const [a] = await testDb().select().from(assessments).where(eq(assessments.id, id))
    expect(a!.confirmedStage).toBeNull()
    // An over-long reason is refused before anything is written.
    const tooLong = await post(w, w.mentor, id, { intent: 'confirm', stage: 'initiative', reason: 'x'.repeat(2001) })
    expect(tooLong.status).toBe(400)
    expect(await count()).toEqual(before)
  })

  test('an override with a reason is recorded as such', async () => {
    const [draft] = await testDb()
      .select({ id: assessments.id })
      .from(assessments)
      .where(and(eq(assessments.organisationId, w.centreA.id), eq(assessments.kind, 'other')))
    const result = await post(w, w.admin, draft!.id, {
      intent: 'confirm',
      stage: 'independent',
      reason: 'Центр уже ведёт два молодых центра; анкета этого пока не отражает.',
    })
    expect(result.status).toBe(302)
    const [a] = await testDb().select().from(assessments).where(eq(assessments.id, draft!.id))
    expect(a).toMatchObject({ proposedStage: 'mentoring', confirmedStage: 'independent' })
    expect(a!.overrideReason).toMatch(/молодых центра/)
    const history = await testDb().select().from(stageHistory).where(eq(stageHistory.assessmentId, draft!.id))
    expect(history[0]).toMatchObject({ fromStage: 'registering', toStage: 'independent' })
  })

  test('a second assessment shows in the chart data with per-area averages', async () => {
    const result = await list(w, w.staffA)
    expect(result.status).toBe(200)
    const body = result.data as {
      chart: { kind: string; conductedOn: string; averages: Record<string, number> }[]
      history: unknown[]
      organisation: { stage: string }
    }
    expect(body.chart.map((c) => [c.kind, c.conductedOn])).toEqual([
      ['baseline', '2026-03-10'],
      ['other', '2026-04-01'],
    ])
    expect(body.chart[0]!.averages).toEqual({
      'legal-base': 2,
      team: 2,
      services: 2,
      communications: 2,
      finance: 1,
      partnerships: 2,
    })
    expect(Object.keys(body.chart[1]!.averages).sort()).toEqual(model.areas.map((a) => a.key).sort())
    expect(Object.values(body.chart[1]!.averages).every((v) => v === 3)).toBe(true)
    expect(body.history).toHaveLength(2)
    expect(body.organisation.stage).toBe('independent')
  })
})
