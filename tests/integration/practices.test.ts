// Practice transfer: the catalogue, a programme's selection (criteria, experts, scores, decisions) and transfer
// tracks (start, move, partners, the board, a centre's list) — route by route, with who may do what.
import { and, asc, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { importContent } from '#db/content/import.ts'
import {
  auditLog,
  practiceDecisionHistory,
  practices,
  practiceScores,
  programmeExperts,
  programmePractices,
  selectionCriteria,
  transferPartners,
  transferStepHistory,
  transferTracks,
  users,
} from '#db/schema/index.ts'
import { moveKind, needsReason } from '#app/models/practice-transfer.server.ts'
import { scoreStatistics, spreadOf, weightedTotal } from '#app/models/practice.server.ts'
import { loader as cardLoader } from '#app/routes/practices.$slug.tsx'
import { loader as catalogueLoader } from '#app/routes/practices._index.tsx'
import { action as selectionAction, loader as selectionLoader } from '#app/routes/programmes.$id_.practices.tsx'
import { action as scoringAction, loader as scoringLoader } from '#app/routes/programmes.$id_.practices_.$practiceId.tsx'
import { action as boardAction, loader as boardLoader } from '#app/routes/programmes.$id_.transfers.tsx'
import { action as centreAction, loader as centreLoader } from '#app/routes/organisations.$id_.transfers.tsx'
import { action as trackAction, loader as trackLoader } from '#app/routes/transfers.$id.tsx'
import { callRoute, createMember, createOrganisation, createProgramme, createUser, createWorld, testDb } from '#tests/db-utils.ts'
import { addCriteria, addExperts, createPractice, createTrack, giveScores, shortlist, trackRow } from '#tests/factories/practices.ts'

type World = Awaited<ReturnType<typeof createWorld>>
type Who = { id: string } | null
let w: World
/** A mentor organisation with its own programme (over centre B only) and its mentor: "another mentor organisation". */
let otherMentor: { id: string }
let seed: Record<string, string>

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

beforeAll(async () => {
  await importContent(testDb())
  w = await createWorld()
  const otherOrg = await createOrganisation({ kind: 'mentor' })
  otherMentor = await createMember(otherOrg.id, 'mentor')
  await createProgramme(otherOrg.id, [w.centreB.id], [])
  const rows = await testDb().select({ id: practices.id, slug: practices.slug }).from(practices)
  seed = Object.fromEntries(rows.map((r) => [r.slug, r.id]))
})

function today() {
  return new Date().toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------
describe('scores: the arithmetic', () => {
  test('weighted total, mean, range and standard deviation', () => {
    expect(weightedTotal([{ weight: 3, score: 5 }, { weight: 1, score: 1 }])).toBe(4)
    expect(weightedTotal([])).toBeNull()
    expect(spreadOf([4, 3])).toEqual({ mean: 3.5, min: 3, max: 4, sd: 0.5, n: 2 })
    const stats = scoreStatistics(
      [
        { id: 'a', weight: 3 },
        { id: 'b', weight: 1 },
      ],
      [
        { expertId: 'x', criterionId: 'a', score: 5, comment: null, scoredAt: new Date() },
        { expertId: 'x', criterionId: 'b', score: 1, comment: null, scoredAt: new Date() },
        { expertId: 'y', criterionId: 'a', score: 3, comment: null, scoredAt: new Date() },
      ],
    )
    expect(stats.experts).toEqual([
      { expertId: 'x', complete: true, total: 4 },
      { expertId: 'y', complete: false, total: 3 },
    ])
    expect(stats.perCriterion.a).toMatchObject({ mean: 4, min: 3, max: 5, sd: 1 })
    expect(stats.totals).toMatchObject({ mean: 3.5, sd: 0.5 })
  })

  test('moves: only the next step goes without a reason', () => {
    expect(moveKind('identified', 'studied')).toBe('next')
    expect(moveKind('identified', 'piloted')).toBe('skip')
    expect(moveKind('piloted', 'studied')).toBe('back')
    expect(moveKind('adapted', 'stopped')).toBe('stop')
    expect(moveKind('stopped', 'adapted')).toBe('resume')
    expect(moveKind('adapted', 'adapted')).toBeNull()
    expect(['next', 'skip', 'back', 'stop', 'resume'].map((k) => needsReason(k as never))).toEqual([false, true, true, true, true])
  })
})

// ---------------------------------------------------------------------------------------------
describe('the catalogue', () => {
  const list = (as: Who, query = '') => callRoute(catalogueLoader, `/practices${query}`, { as })

  test('is public: a visitor sees published practices, without scores or the score filter', async () => {
    const draft = await createPractice({ status: 'draft', title: 'Черновик практики' })
    const result = await list(null, '?minScore=4.5')
    expect(result.status).toBe(200)
    const data = result.data as Any
    expect(data.signedIn).toBe(false)
    expect(data.query.minScore).toBe('')
    const slugs = data.practices.map((p: Any) => p.slug)
    expect(slugs).toEqual(expect.arrayContaining(Object.keys(seed)))
    expect(slugs).not.toContain(draft.slug)
    expect(data.practices.every((p: Any) => p.score === null)).toBe(true)
    expect(data.myProgrammes).toEqual([])
  })

  test('searches Russian word forms and filters by topic, target group and region', async () => {
    const slugs = async (query: string) => ((await list(w.staffA, query)).data as Any).practices.map((p: Any) => p.slug)
    expect(await slugs(`?q=${encodeURIComponent('такси')}`)).toEqual(['social-taxi'])
    expect(await slugs(`?q=${encodeURIComponent('пожилых')}`)).toEqual(expect.arrayContaining(['home-care-volunteers', 'social-taxi']))
    expect(await slugs('?topic=fundraising')).toEqual(expect.arrayContaining(['rural-ngo-incubator', 'school-of-active-citizens']))
    expect(await slugs('?topic=fundraising')).not.toContain('social-taxi')
    expect((await slugs('?group=disability')).sort()).toEqual(expect.arrayContaining(['family-club', 'inclusive-workshop', 'social-taxi']))
    expect(await slugs('?group=disability')).not.toContain('rural-ngo-incubator')
    expect(await slugs('?region=43')).toEqual(['social-taxi'])
    expect(await slugs(`?q=${encodeURIComponent('такси')}&region=22`)).toEqual([])
    // Nonsense in the address falls back to "no filter" rather than an error.
    expect((await list(w.staffA, '?topic=nope&group=x&region=abc&page=-3')).status).toBe(200)
  })

  test('is paginated', async () => {
    for (let i = 0; i < 16; i++) await createPractice({ title: `Пагинация ${String(i).padStart(2, '0')}` })
    const first = (await list(w.staffA)).data as Any
    expect(first.practices).toHaveLength(20)
    expect(first.pages).toBeGreaterThanOrEqual(2)
    const second = (await list(w.staffA, '?page=2')).data as Any
    expect(second.practices.length).toBeGreaterThan(0)
    expect(second.practices.map((p: Any) => p.id)).not.toEqual(expect.arrayContaining([first.practices[0].id]))
  })

  test('shows the mean weighted total across programmes and filters by it; an unfinished expert does not see it', async () => {
    const p = await createProgramme(w.mentorOrg.id, [w.centreA.id], [w.manager.id])
    const criteria = await addCriteria(p.id, [3, 1])
    const expertA = await createUser()
    const expertB = await createUser()
    await addExperts(p.id, [expertA.id, expertB.id])
    const practice = await createPractice({ title: 'Оценённая практика' })
    await shortlist(p.id, practice.id)
    await giveScores(p.id, practice.id, expertA.id, criteria, [5, 1]) // 4.0
    await giveScores(p.id, practice.id, expertB.id, criteria.slice(0, 1), [3]) // 3.0, unfinished
    const find = async (as: Who, query = '') =>
      ((await list(as, `?q=${encodeURIComponent('Оценённая')}${query}`)).data as Any).practices.find((x: Any) => x.id === practice.id)
    expect(await find(w.staffA)).toMatchObject({ score: 3.5, scoredIn: 1 })
    expect(await find(w.staffA, '&minScore=3.5')).toBeTruthy()
    expect(await find(w.staffA, '&minScore=4')).toBeUndefined()
    expect(await find(w.staffA, `&programme=${p.id}`)).toMatchObject({ score: 3.5 })
    // Expert B has not scored every criterion: the programme's total stays hidden from them.
    expect(await find(expertB)).toMatchObject({ score: null, scoredIn: 0 })
    expect(await find(expertA)).toMatchObject({ score: 3.5 })
    // A programme the person cannot see is ignored as a filter.
    expect(((await list(w.outsiderLeader, `?programme=${p.id}`)).data as Any).query.programme).toBe('')
  })
})

describe('a practice card', () => {
  const card = (as: Who, slug: string) => callRoute(cardLoader, `/practices/${slug}`, { as, params: { slug } })

  test('shows every field, the method with its steps, materials and transfer counts to a visitor', async () => {
    const result = await card(null, 'social-taxi')
    expect(result.status).toBe(200)
    const d = result.data as Any
    expect(d.practice).toMatchObject({ slug: 'social-taxi', regionCode: '43', sinceYear: expect.any(Number) })
    expect(d.practice.problem).toBeTruthy()
    expect(d.practice.evidence).toBeTruthy()
    expect(d.practice.contacts).toContain('example')
    expect(d.outline.some((h: Any) => h.text.startsWith('Шаг 1'))).toBe(true)
    expect(d.html).toContain('id="section-1"')
    expect(d.materials.map((m: Any) => m.slug)).toEqual(['personal-data-consent', 'volunteer-agreement', 'grant-budget-template'])
    expect(Object.keys(d.transfers)).toEqual(['identified', 'studied', 'adapted', 'piloted', 'implemented', 'sustained', 'stopped'])
    expect(d.programmes).toEqual([])
  })

  test('counts tracks by step and lists the programmes the person may see with their decision', async () => {
    const practice = await createPractice()
    await shortlist(w.programme.id, practice.id, 'selected')
    await createTrack({ programmeId: w.programme.id, practiceId: practice.id, organisationId: w.centreA.id, step: 'piloted' })
    await createTrack({ programmeId: w.programme.id, practiceId: practice.id, organisationId: w.centreB.id, step: 'piloted' })
    const d = (await card(w.leaderA, practice.slug)).data as Any
    expect(d.transfers.piloted).toBe(2)
    expect(d.transfersTotal).toBe(2)
    expect(d.programmes).toEqual([expect.objectContaining({ programmeId: w.programme.id, decision: 'selected' })])
    expect(((await card(w.outsiderLeader, practice.slug)).data as Any).programmes).toEqual([])
  })

  test('an unknown or unpublished practice is 404', async () => {
    expect((await card(null, 'no-such-practice')).status).toBe(404)
    const draft = await createPractice({ status: 'draft' })
    expect((await card(w.admin, draft.slug)).status).toBe(404)
  })
})

// ---------------------------------------------------------------------------------------------
describe('a programme’s selection page', () => {
  const view = (as: Who, id = w.programme.id) => callRoute(selectionLoader, `/programmes/${id}/practices`, { as, params: { id } })
  const post = (as: Who, form: Record<string, string>, id = w.programme.id) =>
    callRoute(selectionAction, `/programmes/${id}/practices`, { as, params: { id }, form })

  test('signed out → sign-in; outsiders → 403; unknown programme → 404; participants see, do not manage', async () => {
    const out = await view(null)
    expect(out.status).toBe(302)
    expect(out.location).toMatch(/^\/login/)
    expect((await view(w.outsiderLeader)).status).toBe(403)
    expect((await view(otherMentor)).status).toBe(403)
    expect((await view(w.noOrg)).status).toBe(403)
    expect((await view(w.admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await view(w.admin, 'not-a-uuid')).status).toBe(404)
    const participant = await view(w.leaderA)
    expect(participant.status).toBe(200)
    expect((participant.data as Any).canManage).toBe(false)
    expect((participant.data as Any).experts.every((e: Any) => e.email === null)).toBe(true)
    expect((await post(w.leaderA, { intent: 'add-criterion', name: 'X', weight: '10' })).status).toBe(403)
    expect((await post(w.mentor, { intent: 'add-criterion', name: 'X', weight: '10' })).status).toBe(403)
    expect((await post(null, { intent: 'add-criterion', name: 'X', weight: '10' })).status).toBe(302)
  })

  test('the manager defines criteria with weights; bad input keeps what was typed; scored criteria stay', async () => {
    const p = await createProgramme(w.mentorOrg.id, [w.centreA.id], [w.manager.id])
    const bad = await post(w.manager, { intent: 'add-criterion', name: 'Доказанность результатов', weight: '0', description: 'Есть ли данные' }, p.id)
    expect(bad.status).toBe(400)
    expect((bad.data as Any).errors.weight).toEqual(['practices.validation.weight'])
    expect((bad.data as Any).values).toMatchObject({ name: 'Доказанность результатов', weight: '0' })
    expect(await testDb().select().from(selectionCriteria).where(eq(selectionCriteria.programmeId, p.id))).toEqual([])

    expect((await post(w.manager, { intent: 'add-criterion', name: 'Доказанность результатов', weight: '40' }, p.id)).status).toBe(302)
    expect((await post(w.manager, { intent: 'add-criterion', name: 'Тиражируемость', weight: '20' }, p.id)).status).toBe(302)
    const rows = await testDb().select().from(selectionCriteria).where(eq(selectionCriteria.programmeId, p.id)).orderBy(asc(selectionCriteria.position))
    expect(rows.map((r) => [r.name, r.weight, r.position])).toEqual([
      ['Доказанность результатов', 40, 0],
      ['Тиражируемость', 20, 1],
    ])
    const d = (await view(w.manager, p.id)).data as Any
    expect(d.criteria.map((c: Any) => c.share)).toEqual([67, 33])

    expect((await post(w.manager, { intent: 'save-criterion', criterionId: rows[1]!.id, name: 'Тиражируемость', weight: '30' }, p.id)).status).toBe(302)
    expect((await testDb().select().from(selectionCriteria).where(eq(selectionCriteria.id, rows[1]!.id)))[0]!.weight).toBe(30)

    const practice = await createPractice()
    await shortlist(p.id, practice.id)
    const expert = await createUser()
    await giveScores(p.id, practice.id, expert.id, rows.slice(0, 1), [4])
    const refused = await post(w.manager, { intent: 'remove-criterion', criterionId: rows[0]!.id }, p.id)
    expect(refused.status).toBe(409)
    expect((refused.data as Any).errors['']).toEqual(['practices.error.criterionHasScores'])
    expect((await post(w.manager, { intent: 'remove-criterion', criterionId: rows[1]!.id }, p.id)).status).toBe(302)
    expect(await testDb().select().from(selectionCriteria).where(eq(selectionCriteria.programmeId, p.id))).toHaveLength(1)
    // A criterion of another programme is not found through this one.
    const other = await addCriteria(w.programme.id, [5])
    expect((await post(w.manager, { intent: 'remove-criterion', criterionId: other[0]!.id }, p.id)).status).toBe(404)
    const audit = await testDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, p.id))
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['practice.criterion_added', 'practice.criterion_changed', 'practice.criterion_removed']))
  })

  test('the manager names experts by e-mail — anyone with an account — and takes them off again', async () => {
    const p = await createProgramme(w.mentorOrg.id, [w.centreA.id], [w.manager.id])
    const unknown = await post(w.manager, { intent: 'add-expert', email: 'nobody@nowhere.example' }, p.id)
    expect(unknown.status).toBe(422)
    expect((unknown.data as Any).errors.email).toEqual(['practices.error.noSuchUser'])
    expect((unknown.data as Any).values.email).toBe('nobody@nowhere.example')
    const outsider = await createUser()
    const [row] = await testDb().select({ email: programmeExperts.userId }).from(programmeExperts).where(eq(programmeExperts.programmeId, p.id))
    expect(row).toBeUndefined()
    const [{ email }] = (await testDb().select({ email: users.email }).from(users).where(eq(users.id, outsider.id))) as [{ email: string }]
    expect((await post(w.manager, { intent: 'add-expert', email: email.toUpperCase() }, p.id)).status).toBe(302)
    expect((await post(w.manager, { intent: 'add-expert', email }, p.id)).status).toBe(409)
    // The expert is from outside the programme, yet sees its selection.
    const seen = await view(outsider, p.id)
    expect(seen.status).toBe(200)
    expect((seen.data as Any).isExpert).toBe(true)
    expect((seen.data as Any).canSeeProgramme).toBe(false)
    expect((await post(w.manager, { intent: 'remove-expert', userId: outsider.id }, p.id)).status).toBe(302)
    expect((await view(outsider, p.id)).status).toBe(403)
  })

  test('the shortlist: add a practice once; one with scores or a decision stays', async () => {
    const p = await createProgramme(w.mentorOrg.id, [w.centreA.id], [w.manager.id])
    const a = await createPractice()
    const b = await createPractice()
    expect((await post(w.manager, { intent: 'shortlist', practiceId: a.id }, p.id)).status).toBe(302)
    expect((await post(w.manager, { intent: 'shortlist', practiceId: a.id }, p.id)).status).toBe(409)
    expect((await post(w.manager, { intent: 'shortlist', practiceId: '' }, p.id)).status).toBe(400)
    expect((await post(w.manager, { intent: 'shortlist', practiceId: '00000000-0000-4000-8000-000000000000' }, p.id)).status).toBe(422)
    await shortlist(p.id, b.id, 'rejected')
    const d = (await view(w.manager, p.id)).data as Any
    expect(d.shortlist.map((s: Any) => s.practiceId).sort()).toEqual([a.id, b.id].sort())
    expect(d.addable.some((x: Any) => x.id === a.id)).toBe(false)
    expect((await post(w.manager, { intent: 'unshortlist', practiceId: b.id }, p.id)).status).toBe(409)
    expect((await post(w.manager, { intent: 'unshortlist', practiceId: a.id }, p.id)).status).toBe(302)
    const left = await testDb().select().from(programmePractices).where(eq(programmePractices.programmeId, p.id))
    expect(left.map((r) => r.practiceId)).toEqual([b.id])
  })
})

// ---------------------------------------------------------------------------------------------
describe('scoring a practice', () => {
  let p: { id: string }
  let practiceId: string
  let criteria: { id: string }[]
  let expertA: { id: string }
  let expertB: { id: string }
  const view = (as: Who, id = practiceId) =>
    callRoute(scoringLoader, `/programmes/${p.id}/practices/${id}`, { as, params: { id: p.id, practiceId: id } })
  const post = (as: Who, form: Record<string, string>) =>
    callRoute(scoringAction, `/programmes/${p.id}/practices/${practiceId}`, { as, params: { id: p.id, practiceId }, form })
  const scoresForm = (values: number[]) => {
    const form: Record<string, string> = { intent: 'score' }
    criteria.forEach((c, i) => {
      form[`score.${c.id}`] = String(values[i])
      form[`comment.${c.id}`] = `Комментарий ${i + 1}`
    })
    return form
  }

  beforeAll(async () => {
    p = await createProgramme(w.mentorOrg.id, [w.centreA.id, w.centreB.id], [w.manager.id])
    criteria = await addCriteria(p.id, [3, 1])
    expertA = w.mentor
    expertB = await createUser()
    await addExperts(p.id, [expertA.id, expertB.id])
    practiceId = seed['home-care-volunteers']!
    await shortlist(p.id, practiceId)
  })

  test('only the programme’s managers, administrators and experts open it', async () => {
    expect((await view(null)).status).toBe(302)
    expect((await view(w.leaderA)).status).toBe(403)
    expect((await view(w.outsiderLeader)).status).toBe(403)
    expect((await view(otherMentor)).status).toBe(403)
    expect((await view(w.admin)).status).toBe(200)
    expect((await view(w.manager)).status).toBe(200)
    expect((await view(expertB)).status).toBe(200)
    // A practice not on the shortlist is not found here.
    expect((await view(w.manager, seed['social-taxi'])).status).toBe(404)
  })

  test('an expert sees nobody else’s scores until they have given all their own', async () => {
    await giveScores(p.id, practiceId, expertB.id, criteria, [3, 3])
    const before = (await view(expertA)).data as Any
    expect(before.isExpert).toBe(true)
    expect(before.own).toEqual([])
    expect(before.comparison).toBeNull()
    expect(JSON.stringify(before)).not.toContain('Оценка 3')

    // Half the criteria is still not enough.
    await giveScores(p.id, practiceId, expertA.id, criteria.slice(0, 1), [5])
    expect(((await view(expertA)).data as Any).comparison).toBeNull()
    await testDb().delete(practiceScores).where(and(eq(practiceScores.expertId, expertA.id), eq(practiceScores.practiceId, practiceId)))

    // A manager who is not an expert sees everything at once.
    const manager = (await view(w.manager)).data as Any
    expect(manager.comparison.experts).toHaveLength(1)
  })

  test('scores are validated for every criterion, nothing half-saved, then the spread shows', async () => {
    const missing = scoresForm([5, 1])
    delete missing[`score.${criteria[1]!.id}`]
    missing[`score.${criteria[0]!.id}`] = '7'
    const bad = await post(expertA, missing)
    expect(bad.status).toBe(422)
    expect((bad.data as Any).errors[`score.${criteria[0]!.id}`]).toEqual(['practices.validation.score'])
    expect((bad.data as Any).errors[`score.${criteria[1]!.id}`]).toEqual(['practices.validation.score'])
    expect((bad.data as Any).values[`comment.${criteria[0]!.id}`]).toBe('Комментарий 1')
    const [none] = await testDb().select({ n: count() }).from(practiceScores).where(eq(practiceScores.expertId, expertA.id))
    expect(none!.n).toBe(0)

    const ok = await post(expertA, scoresForm([5, 1]))
    expect(ok.status).toBe(302)
    const rows = await testDb().select().from(practiceScores).where(and(eq(practiceScores.expertId, expertA.id), eq(practiceScores.practiceId, practiceId)))
    expect(rows.map((r) => r.score).sort()).toEqual([1, 5])

    const after = (await view(expertA)).data as Any
    expect(after.ownComplete).toBe(true)
    const { comparison } = after
    expect(comparison.experts.map((e: Any) => [e.isMe, e.total])).toEqual([
      [true, 4],
      [false, 3],
    ])
    expect(comparison.totals).toMatchObject({ mean: 3.5, min: 3, max: 4, sd: 0.5, n: 2 })
    expect(comparison.perCriterion[criteria[0]!.id]).toMatchObject({ mean: 4, min: 3, max: 5, sd: 1 })
    expect(comparison.perCriterion[criteria[1]!.id]).toMatchObject({ mean: 2, min: 1, max: 3, sd: 1 })

    // Changing one's scores later is allowed and logged with the old values.
    expect((await post(expertA, scoresForm([4, 2]))).status).toBe(302)
    const audit = await testDb().select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(and(eq(auditLog.entityId, practiceId), eq(auditLog.actorId, expertA.id)))
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['practice.scored', 'practice.rescored']))
    expect(JSON.stringify(audit.find((a) => a.action === 'practice.rescored')!.data)).toContain('"was":5')
  })

  test('only named experts score — not managers, administrators or participants', async () => {
    for (const who of [w.manager, w.admin, w.leaderA]) {
      const result = await post(who, scoresForm([5, 5]))
      expect(result.status).toBe(403)
    }
    const [{ n }] = (await testDb().select({ n: count() }).from(practiceScores).where(and(eq(practiceScores.practiceId, practiceId), eq(practiceScores.programmeId, p.id)))) as [{ n: number }]
    expect(n).toBe(4)
  })

  test('the manager records decisions with a reason; every one is kept in the history', async () => {
    const noReason = await post(w.manager, { intent: 'decide', decision: 'selected', reason: '  ' })
    expect(noReason.status).toBe(400)
    expect((noReason.data as Any).errors.reason).toEqual(['practices.validation.reasonRequired'])
    expect((noReason.data as Any).values.decision).toBe('selected')
    expect((await post(w.manager, { intent: 'decide', decision: 'maybe', reason: 'x' })).status).toBe(400)
    expect((await post(expertA, { intent: 'decide', decision: 'selected', reason: 'Эксперт решил' })).status).toBe(403)

    expect((await post(w.manager, { intent: 'decide', decision: 'needs_evidence', reason: 'Нет данных о результатах за второй год.' })).status).toBe(302)
    expect((await post(w.manager, { intent: 'decide', decision: 'selected', reason: 'Прислали анкеты за два года: оценки 4 и 3.' })).status).toBe(302)
    const [entry] = await testDb().select().from(programmePractices).where(and(eq(programmePractices.programmeId, p.id), eq(programmePractices.practiceId, practiceId)))
    expect(entry).toMatchObject({ decision: 'selected', decisionReason: 'Прислали анкеты за два года: оценки 4 и 3.', decidedById: w.manager.id })
    const history = await testDb()
      .select({ decision: practiceDecisionHistory.decision, reason: practiceDecisionHistory.reason })
      .from(practiceDecisionHistory)
      .where(and(eq(practiceDecisionHistory.programmeId, p.id), eq(practiceDecisionHistory.practiceId, practiceId)))
      .orderBy(asc(practiceDecisionHistory.decidedAt))
    expect(history.map((h) => h.decision)).toEqual(['needs_evidence', 'selected'])
    const d = (await view(w.manager)).data as Any
    expect(d.history.map((h: Any) => h.decision)).toEqual(['selected', 'needs_evidence'])
  })
})

// ---------------------------------------------------------------------------------------------
describe('transfer tracks', () => {
  const trackView = (as: Who, id: string) => callRoute(trackLoader, `/transfers/${id}`, { as, params: { id } })
  const trackPost = (as: Who, id: string, form: Record<string, string>) => callRoute(trackAction, `/transfers/${id}`, { as, params: { id }, form })
  const moveForm = (from: string, to: string, extra: Record<string, string> = {}) => ({
    intent: 'move',
    fromStep: from,
    toStep: to,
    occurredOn: today(),
    note: 'Провели встречу с партнёрами',
    beneficiaries: '12',
    ngosInvolved: '2',
    ...extra,
  })

  test('a track is seen by its centre, its mentors, the programme’s managers and administrators — no one else', async () => {
    const practice = await createPractice()
    const track = await createTrack({ programmeId: w.programme.id, practiceId: practice.id, organisationId: w.centreA.id })
    expect((await trackView(null, track.id)).status).toBe(302)
    for (const who of [w.leaderB, w.outsiderLeader, otherMentor, w.noOrg]) expect((await trackView(who, track.id)).status).toBe(403)
    for (const who of [w.admin, w.manager, w.mentor, w.leaderA]) {
      const r = await trackView(who, track.id)
      expect(r.status).toBe(200)
      expect((r.data as Any).canManage).toBe(true)
    }
    const staff = await trackView(w.staffA, track.id)
    expect(staff.status).toBe(200)
    expect((staff.data as Any).canManage).toBe(false)
    expect((await trackPost(w.staffA, track.id, moveForm('identified', 'studied'))).status).toBe(403)
    expect((await trackPost(w.leaderB, track.id, moveForm('identified', 'studied'))).status).toBe(403)
    expect((await trackView(w.admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await trackView(w.admin, 'nope')).status).toBe(404)
    // A manager of another programme the centre takes part in does not see this programme's track.
    const otherManager = await createUser()
    await createProgramme(w.mentorOrg.id, [w.centreA.id], [otherManager.id])
    expect((await trackView(otherManager, track.id)).status).toBe(403)
  })

  test('moving to the next step writes the history row and the running totals together', async () => {
    const practice = await createPractice()
    const track = await createTrack({ programmeId: w.programme.id, practiceId: practice.id, organisationId: w.centreA.id, startedOn: '2026-01-15' })
    const result = await trackPost(w.mentor, track.id, moveForm('identified', 'studied', { occurredOn: '2026-02-01', evidenceUrl: 'example.org/report' }))
    expect(result.status).toBe(302)
    const row = await trackRow(track.id)
    expect(row).toMatchObject({ step: 'studied', beneficiaries: 12, ngosInvolved: 2 })
    expect(row.stepChangedAt.toISOString()).toBe('2026-02-01T00:00:00.000Z')
    const history = await testDb().select().from(transferStepHistory).where(eq(transferStepHistory.trackId, track.id)).orderBy(asc(transferStepHistory.createdAt))
    expect(history.map((h) => [h.fromStep, h.toStep])).toEqual([
      [null, 'identified'],
      ['identified', 'studied'],
    ])
    expect(history[1]).toMatchObject({ occurredOn: '2026-02-01', changedById: w.mentor.id, evidenceUrl: 'https://example.org/report', beneficiaries: 12, ngosInvolved: 2, reason: null })
    expect((await trackPost(w.leaderA, track.id, moveForm('studied', 'adapted', { occurredOn: '2026-03-01', beneficiaries: '3', ngosInvolved: '0' }))).status).toBe(302)
    expect(await trackRow(track.id)).toMatchObject({ step: 'adapted', beneficiaries: 15, ngosInvolved: 2 })
    const d = (await trackView(w.leaderA, track.id)).data as Any
    expect(d.history.map((h: Any) => h.toStep)).toEqual(['identified', 'studied', 'adapted'])
    expect(d.history[1].changedByName).toBeTruthy()
    const audit = await testDb().select({ action: auditLog.action, org: auditLog.organisationId }).from(auditLog).where(eq(auditLog.entityId, track.id))
    expect(audit).toEqual(expect.arrayContaining([{ action: 'transfer.moved', org: w.centreA.id }]))
  })

  test('skipping, going back, stopping and resuming need a reason; bad input changes nothing', async () => {
    const practice = await createPractice()
    const track = await createTrack({ programmeId: w.programme.id, practiceId: practice.id, organisationId: w.centreA.id, startedOn: '2026-01-15' })
    const snapshot = async () => ({
      track: await trackRow(track.id),
      history: (await testDb().select({ n: count() }).from(transferStepHistory).where(eq(transferStepHistory.trackId, track.id)))[0]!.n,
    })
    const before = await snapshot()

    const skip = await trackPost(w.leaderA, track.id, moveForm('identified', 'piloted'))
    expect(skip.status).toBe(422)
    expect((skip.data as Any).errors.reason).toEqual(['practices.validation.reason.skip'])
    expect((skip.data as Any).values).toMatchObject({ toStep: 'piloted', note: 'Провели встречу с партнёрами', beneficiaries: '12' })
    const noNote = await trackPost(w.leaderA, track.id, moveForm('identified', 'studied', { note: '' }))
    expect(noNote.status).toBe(400)
    expect((noNote.data as Any).errors.note).toEqual(['practices.validation.noteRequired'])
    const badCount = await trackPost(w.leaderA, track.id, moveForm('identified', 'studied', { beneficiaries: '-4', ngosInvolved: 'много' }))
    expect(badCount.status).toBe(400)
    expect((badCount.data as Any).errors).toMatchObject({ beneficiaries: ['practices.validation.count'], ngosInvolved: ['practices.validation.count'] })
    const early = await trackPost(w.leaderA, track.id, moveForm('identified', 'studied', { occurredOn: '2026-01-01' }))
    expect(early.status).toBe(422)
    expect((early.data as Any).errors.occurredOn).toEqual(['practices.validation.beforeLastStep'])
    const future = await trackPost(w.leaderA, track.id, moveForm('identified', 'studied', { occurredOn: '2999-01-01' }))
    expect((future.data as Any).errors.occurredOn).toEqual(['practices.validation.futureDate'])
    const same = await trackPost(w.leaderA, track.id, moveForm('identified', 'identified'))
    expect((same.data as Any).errors.toStep).toEqual(['practices.validation.sameStep'])
    const stale = await trackPost(w.leaderA, track.id, moveForm('adapted', 'piloted'))
    expect(stale.status).toBe(409)
    expect((stale.data as Any).errors['']).toEqual(['practices.error.staleStep'])
    expect(await snapshot()).toEqual(before)

    expect((await trackPost(w.leaderA, track.id, moveForm('identified', 'piloted', { reason: 'Практику уже изучали и адаптировали в прошлом году.' }))).status).toBe(302)
    expect((await trackRow(track.id)).step).toBe('piloted')
    const back = await trackPost(w.manager, track.id, moveForm('piloted', 'adapted'))
    expect((back.data as Any).errors.reason).toEqual(['practices.validation.reason.back'])
    const stop = await trackPost(w.manager, track.id, moveForm('piloted', 'stopped', { beneficiaries: '0', ngosInvolved: '0' }))
    expect((stop.data as Any).errors.reason).toEqual(['practices.validation.reason.stop'])
    expect((await trackPost(w.manager, track.id, moveForm('piloted', 'stopped', { reason: 'Партнёр закрылся, замены нет.' }))).status).toBe(302)
    expect(await trackRow(track.id)).toMatchObject({ step: 'stopped', stoppedAtStep: 'piloted', stoppedReason: 'Партнёр закрылся, замены нет.' })
    const resume = await trackPost(w.mentor, track.id, moveForm('stopped', 'piloted'))
    expect((resume.data as Any).errors.reason).toEqual(['practices.validation.reason.resume'])
    expect((await trackPost(w.mentor, track.id, moveForm('stopped', 'piloted', { reason: 'Нашли нового партнёра.' }))).status).toBe(302)
    expect(await trackRow(track.id)).toMatchObject({ step: 'piloted', stoppedAtStep: null, stoppedReason: null })
    const history = await testDb().select().from(transferStepHistory).where(eq(transferStepHistory.trackId, track.id)).orderBy(asc(transferStepHistory.createdAt))
    expect(history.map((h) => `${h.fromStep}>${h.toStep}:${h.reason ? 'r' : '-'}`)).toEqual([
      'null>identified:-',
      'identified>piloted:r',
      'piloted>stopped:r',
      'stopped>piloted:r',
    ])
  })

  test('partners are added with a valid INN only', async () => {
    const practice = await createPractice()
    const track = await createTrack({ programmeId: w.programme.id, practiceId: practice.id, organisationId: w.centreA.id })
    const bad = await trackPost(w.leaderA, track.id, { intent: 'add-partner', partnerName: 'АНО «Соседи»', partnerInn: '1234567890', partnerContact: '' })
    expect(bad.status).toBe(400)
    expect((bad.data as Any).errors['partnerInn.0']).toEqual(['validation.inn'])
    expect((bad.data as Any).values.partnerName).toBe('АНО «Соседи»')
    const noName = await trackPost(w.leaderA, track.id, { intent: 'add-partner', partnerName: '', partnerInn: '', partnerContact: '' })
    expect((noName.data as Any).errors['partnerName.0']).toEqual(['practices.validation.partnerName'])
    expect((await trackPost(w.leaderA, track.id, { intent: 'add-partner', partnerName: 'АНО «Соседи»', partnerInn: '7707083893', partnerContact: 'Ольга, +7 900 000-00-00' })).status).toBe(302)
    const partners = await testDb().select().from(transferPartners).where(eq(transferPartners.trackId, track.id))
    expect(partners).toEqual([expect.objectContaining({ name: 'АНО «Соседи»', inn: '7707083893', contact: 'Ольга, +7 900 000-00-00' })])
    expect((await trackPost(w.staffA, track.id, { intent: 'add-partner', partnerName: 'X' })).status).toBe(403)
  })
})

// ---------------------------------------------------------------------------------------------
describe('the board of a programme', () => {
  let p: { id: string }
  let practiceX: { id: string }
  let practiceY: { id: string }
  const board = (as: Who, query = '') => callRoute(boardLoader, `/programmes/${p.id}/transfers${query}`, { as, params: { id: p.id } })
  const start = (as: Who, form: Record<string, string | string[]>) =>
    callRoute(boardAction, `/programmes/${p.id}/transfers`, { as, params: { id: p.id }, form: { intent: 'start', ...form } })

  beforeAll(async () => {
    // Centre A (Rostov, 61) and centre B (Khabarovsk, 27); 25 tracks at «piloted» to fill a column past its cap.
    p = await createProgramme(w.mentorOrg.id, [w.centreA.id, w.centreB.id], [w.manager.id])
    practiceX = await createPractice({ title: 'Практика X' })
    practiceY = await createPractice({ title: 'Практика Y' })
    await createTrack({ programmeId: p.id, practiceId: practiceX.id, organisationId: w.centreA.id, step: 'adapted', partners: 2 })
    await createTrack({ programmeId: p.id, practiceId: practiceY.id, organisationId: w.centreB.id, step: 'stopped' })
    for (let i = 0; i < 25; i++) {
      const extra = await createPractice({ title: `Пилот ${i}` })
      await createTrack({ programmeId: p.id, practiceId: extra.id, organisationId: i % 2 ? w.centreA.id : w.centreB.id, step: 'piloted', startedOn: `2026-02-${String(i + 1).padStart(2, '0')}` })
    }
  })

  test('signed out → sign-in; outsiders and other mentor organisations → 403', async () => {
    expect((await board(null)).status).toBe(302)
    expect((await board(w.outsiderLeader)).status).toBe(403)
    expect((await board(otherMentor)).status).toBe(403)
    expect((await start(otherMentor, { organisationId: w.centreA.id, practiceId: practiceY.id, startedOn: '2026-03-01' })).status).toBe(403)
  })

  test('shows every track by step, each column capped with the full count', async () => {
    const d = (await board(w.manager)).data as Any
    expect(d.seesAll).toBe(true)
    expect(d.perStep).toMatchObject({ identified: 0, adapted: 1, piloted: 25, stopped: 1 })
    const piloted = d.cards.filter((c: Any) => c.step === 'piloted')
    expect(piloted).toHaveLength(20)
    // Longest at the step first.
    expect(piloted[0].practice).toBe('Пилот 0')
    const adapted = d.cards.find((c: Any) => c.step === 'adapted')
    expect(adapted).toMatchObject({ partners: 2, centre: expect.any(String), practice: 'Практика X' })
    expect(adapted.days).toBeGreaterThanOrEqual(0)
    const all = (await board(w.manager, '?step=piloted')).data as Any
    expect(all.cards).toHaveLength(25)
    expect(all.cards.every((c: Any) => c.step === 'piloted')).toBe(true)
    expect(d.practiceOptions.length).toBe(27)
    expect(d.regionOptions.map((r: Any) => r.value).sort()).toEqual(['27', '61'])
  })

  test('filters by region and practice', async () => {
    const rostov = (await board(w.mentor, '?region=61')).data as Any
    expect(rostov.perStep).toMatchObject({ adapted: 1, piloted: 12, stopped: 0 })
    const byPractice = (await board(w.mentor, `?practice=${practiceY.id}`)).data as Any
    expect(byPractice.cards.map((c: Any) => c.step)).toEqual(['stopped'])
  })

  test('a centre taking part sees only its own tracks', async () => {
    const d = (await board(w.leaderA)).data as Any
    expect(d.seesAll).toBe(false)
    expect(d.perStep).toMatchObject({ adapted: 1, piloted: 12, stopped: 0 })
    expect(d.start.centres.map((c: Any) => c.id)).toEqual([w.centreA.id])
    const staff = (await board(w.staffA)).data as Any
    expect(staff.start).toBeNull()
  })

  test('starting a track: validated, one per centre and practice, partners and first history row written together', async () => {
    const practice = await createPractice()
    const bad = await start(w.manager, {
      organisationId: w.centreA.id,
      practiceId: practice.id,
      startedOn: '2026-03-01',
      partnerName: ['АНО «Добро»', ''],
      partnerInn: ['1234567890', '7707083893'],
      partnerContact: ['', ''],
    })
    expect(bad.status).toBe(400)
    expect((bad.data as Any).errors).toMatchObject({ 'partnerInn.0': ['validation.inn'], 'partnerName.1': ['practices.validation.partnerName'] })
    expect((bad.data as Any).values.partnerName).toEqual(['АНО «Добро»', ''])
    expect(await testDb().select().from(transferTracks).where(eq(transferTracks.practiceId, practice.id))).toEqual([])

    const noPractice = await start(w.manager, { organisationId: w.centreA.id, startedOn: '2026-03-01' })
    expect((noPractice.data as Any).errors.practiceId).toEqual(['validation.choose'])
    const future = await start(w.manager, { organisationId: w.centreA.id, practiceId: practice.id, startedOn: '2999-03-01' })
    expect((future.data as Any).errors.startedOn).toEqual(['practices.validation.futureDate'])
    const notIn = await start(w.manager, { organisationId: w.outsider.id, practiceId: practice.id, startedOn: '2026-03-01' })
    expect(notIn.status).toBe(422)
    expect((notIn.data as Any).errors.organisationId).toEqual(['practices.error.notInProgramme'])
    expect((await start(w.staffA, { organisationId: w.centreA.id, practiceId: practice.id, startedOn: '2026-03-01' })).status).toBe(403)
    expect((await start(w.leaderA, { organisationId: w.centreB.id, practiceId: practice.id, startedOn: '2026-03-01' })).status).toBe(403)

    const ok = await start(w.leaderA, {
      organisationId: w.centreA.id,
      practiceId: practice.id,
      startedOn: '2026-03-01',
      note: 'Отвечает Анна',
      partnerName: ['АНО «Добро»', '', ''],
      partnerInn: ['7707083893', '', ''],
      partnerContact: ['+7 900 000-00-01', '', ''],
    })
    expect(ok.status).toBe(302)
    const id = ok.location!.split('/').pop()!
    expect(await trackRow(id)).toMatchObject({ programmeId: p.id, organisationId: w.centreA.id, step: 'identified', startedOn: '2026-03-01', createdById: w.leaderA.id })
    expect(await testDb().select({ name: transferPartners.name, inn: transferPartners.inn }).from(transferPartners).where(eq(transferPartners.trackId, id))).toEqual([
      { name: 'АНО «Добро»', inn: '7707083893' },
    ])
    expect(await testDb().select({ from: transferStepHistory.fromStep, to: transferStepHistory.toStep, on: transferStepHistory.occurredOn, note: transferStepHistory.note }).from(transferStepHistory).where(eq(transferStepHistory.trackId, id))).toEqual([
      { from: null, to: 'identified', on: '2026-03-01', note: 'Отвечает Анна' },
    ])
    const dup = await start(w.manager, { organisationId: w.centreA.id, practiceId: practice.id, startedOn: '2026-03-02' })
    expect(dup.status).toBe(409)
    expect((dup.data as Any).errors.practiceId).toEqual(['practices.error.trackExists'])
  })
})

// ---------------------------------------------------------------------------------------------
describe('a centre’s transfers page', () => {
  const view = (as: Who, id = w.centreA.id) => callRoute(centreLoader, `/organisations/${id}/transfers`, { as, params: { id } })
  const start = (as: Who, form: Record<string, string>, id = w.centreA.id) =>
    callRoute(centreAction, `/organisations/${id}/transfers`, { as, params: { id }, form: { intent: 'start', ...form } })

  test('signed out → sign-in; other centres and other mentor organisations → 403; a mentor organisation → 404', async () => {
    expect((await view(null)).status).toBe(302)
    expect((await view(w.leaderB)).status).toBe(403)
    expect((await view(w.outsiderLeader)).status).toBe(403)
    expect((await view(otherMentor)).status).toBe(403)
    expect((await view(w.admin, w.mentorOrg.id)).status).toBe(404)
  })

  test('lists the centre’s tracks; a manager of another programme sees only that programme’s', async () => {
    const q = await createProgramme(w.mentorOrg.id, [w.centreA.id], [])
    const qManager = await createUser()
    await createProgramme(w.mentorOrg.id, [w.centreA.id], [qManager.id]).then(async (r) => {
      const practice = await createPractice({ title: 'Трек чужой программы' })
      await createTrack({ programmeId: r.id, practiceId: practice.id, organisationId: w.centreA.id })
    })
    const practice = await createPractice({ title: 'Трек программы Q' })
    await createTrack({ programmeId: q.id, practiceId: practice.id, organisationId: w.centreA.id })
    const leader = (await view(w.leaderA)).data as Any
    expect(leader.tracks.map((t: Any) => t.practice)).toEqual(expect.arrayContaining(['Трек чужой программы', 'Трек программы Q']))
    const mentor = (await view(w.mentor)).data as Any
    expect(mentor.tracks.length).toBe(leader.tracks.length)
    const manager = (await view(qManager)).data as Any
    expect(manager.tracks.map((t: Any) => t.practice)).toEqual(['Трек чужой программы'])
    expect((await view(w.staffA)).data as Any).toMatchObject({ start: null })
  })

  test('the leader starts a track in one of the centre’s programmes only', async () => {
    const practice = await createPractice()
    const foreign = await createProgramme(w.mentorOrg.id, [w.centreB.id], [])
    const refused = await start(w.leaderA, { programmeId: foreign.id, practiceId: practice.id, startedOn: '2026-04-01' })
    expect(refused.status).toBe(422)
    expect((refused.data as Any).errors.programmeId).toEqual(['practices.error.notInProgramme'])
    const ok = await start(w.leaderA, { programmeId: w.programme.id, practiceId: practice.id, startedOn: '2026-04-01' })
    expect(ok.status).toBe(302)
    const [row] = await testDb().select().from(transferTracks).where(eq(transferTracks.practiceId, practice.id))
    expect(row).toMatchObject({ organisationId: w.centreA.id, programmeId: w.programme.id })
    expect((await start(w.staffA, { programmeId: w.programme.id, practiceId: (await createPractice()).id, startedOn: '2026-04-01' })).status).toBe(403)
  })
})
