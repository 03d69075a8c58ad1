// Factories for the practices capability: practices, a programme's criteria, experts and shortlist, scores,
// and transfer tracks with their first history row — written straight to the database, as the demo seed and
// the scale generator do, so tests can set up a state and then call the routes.
import { eq } from 'drizzle-orm'
import {
  practices,
  practiceScores,
  programmeExperts,
  programmePractices,
  selectionCriteria,
  transferPartners,
  transferStepHistory,
  transferTracks,
  type TransferStep,
} from '#db/schema/index.ts'
import { refreshPracticeSearch } from '#app/models/practice-search.server.ts'
import { testDb, unique } from '#tests/db-utils.ts'

export async function createPractice(
  overrides: Partial<{ title: string; targetGroup: string; topics: string[]; regionCode: string; status: 'draft' | 'published' | 'archived' }> = {},
) {
  const slug = unique('practice-').toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const [row] = await testDb()
    .insert(practices)
    .values({
      slug,
      title: overrides.title ?? `Практика ${slug}`,
      problem: 'Одинокие пожилые люди в сёлах не получают помощи по дому.',
      targetGroup: overrides.targetGroup ?? 'Одиноко живущие пожилые люди в сёлах района.',
      topics: overrides.topics ?? ['volunteering'],
      originOrganisation: 'АНО «Пример» (вымышленный пример)',
      regionCode: overrides.regionCode ?? '59',
      sinceYear: 2020,
      evidence: 'Журнал визитов и анкеты подопечных.',
      bodyHtml: '<h2>Как повторить</h2><h3>Шаг 1. Найдите подопечных</h3><p>Договоритесь с соцзащитой.</p>',
      status: overrides.status ?? 'published',
      source: 'authored',
    })
    .returning()
  await refreshPracticeSearch(testDb(), row!.id)
  return row!
}

/** Criteria with the given weights, in order. */
export async function addCriteria(programmeId: string, weights: number[]) {
  const rows = await testDb()
    .insert(selectionCriteria)
    .values(weights.map((weight, position) => ({ programmeId, name: `Критерий ${position + 1}`, weight, position })))
    .returning()
  return rows.sort((a, b) => a.position - b.position)
}

export async function addExperts(programmeId: string, userIds: string[]) {
  await testDb().insert(programmeExperts).values(userIds.map((userId) => ({ programmeId, userId })))
}

export async function shortlist(programmeId: string, practiceId: string, decision: 'selected' | 'rejected' | 'needs_evidence' | null = null) {
  await testDb()
    .insert(programmePractices)
    .values({ programmeId, practiceId, decision, decisionReason: decision ? 'Решение для теста' : null, decidedAt: decision ? new Date() : null })
}

/** One expert's scores, one per criterion in the order given. */
export async function giveScores(programmeId: string, practiceId: string, expertId: string, criteria: { id: string }[], scores: number[]) {
  await testDb()
    .insert(practiceScores)
    .values(scores.map((score, i) => ({ programmeId, practiceId, expertId, criterionId: criteria[i]!.id, score, comment: `Оценка ${score}` })))
}

export async function createTrack(values: {
  programmeId: string
  practiceId: string
  organisationId: string
  step?: TransferStep
  startedOn?: string
  partners?: number
}) {
  const startedOn = values.startedOn ?? '2026-03-10'
  const [track] = await testDb()
    .insert(transferTracks)
    .values({
      programmeId: values.programmeId,
      practiceId: values.practiceId,
      organisationId: values.organisationId,
      step: values.step ?? 'identified',
      startedOn,
      stepChangedAt: new Date(`${startedOn}T00:00:00Z`),
    })
    .returning()
  await testDb().insert(transferStepHistory).values({ trackId: track!.id, fromStep: null, toStep: 'identified', occurredOn: startedOn })
  for (let i = 0; i < (values.partners ?? 0); i++) {
    await testDb().insert(transferPartners).values({ trackId: track!.id, name: `НКО-партнёр ${i + 1}` })
  }
  return track!
}

export async function trackRow(id: string) {
  const [row] = await testDb().select().from(transferTracks).where(eq(transferTracks.id, id))
  return row!
}
