// Factories for the development-plan tests: courses and toolkit resources to link to, a second mentor
// organisation with its own programme, a plan with a goal, and a completed diagnostic.
import { eq } from 'drizzle-orm'
import { courses, toolkitResources, users } from '#db/schema/index.ts'
import { completeAssessment, createAssessment, saveAnswers } from '#app/models/assessment.server.ts'
import { addGoal, createPlan } from '#app/models/plan.server.ts'
import { getStageModel } from '#app/models/stage-model.server.ts'
import { createMember, createOrganisation, createProgramme, testDb, unique } from '#tests/db-utils.ts'

export async function createCourse(values: { status?: 'draft' | 'published' | 'archived'; title?: string } = {}) {
  const [row] = await testDb()
    .insert(courses)
    .values({
      slug: unique('course-'),
      title: values.title ?? `Курс ${unique()}`,
      topic: 'fundraising',
      stage: 'first-services',
      status: values.status ?? 'published',
    })
    .returning({ id: courses.id, slug: courses.slug, title: courses.title })
  return row!
}

export async function createResource(
  values: { status?: 'draft' | 'published' | 'archived'; title?: string; topic?: string; stage?: string } = {},
) {
  const [row] = await testDb()
    .insert(toolkitResources)
    .values({
      slug: unique('resource-'),
      kind: 'template',
      title: values.title ?? `Шаблон ${unique()}`,
      topic: values.topic ?? 'finance',
      stage: values.stage ?? 'first-services',
      status: values.status ?? 'published',
    })
    .returning({ id: toolkitResources.id, slug: toolkitResources.slug, title: toolkitResources.title })
  return row!
}

/** Another mentor organisation running its own programme for its own centre. */
export async function createOtherMentorWorld() {
  const mentorOrg = await createOrganisation({ kind: 'mentor', name: `Другой наставник ${unique()}` })
  const centre = await createOrganisation({ regionCode: '54', city: 'Новосибирск' })
  const mentor = await createMember(mentorOrg.id, 'mentor')
  const leader = await createMember(centre.id, 'leader')
  const programme = await createProgramme(mentorOrg.id, [centre.id])
  return { mentorOrg, centre, mentor, leader, programme }
}

export async function setTimeZone(userId: string, timeZone: string) {
  await testDb().update(users).set({ timeZone }).where(eq(users.id, userId))
}

/** A plan for a centre (directly through the model), with one goal; returns their ids. */
export async function createPlanWithGoal(
  organisationId: string,
  actorId: string,
  values: { startsOn?: string; endsOn?: string; areaKey?: string; title?: string } = {},
) {
  return testDb().transaction(async (tx) => {
    const plan = await createPlan(tx, {
      organisationId,
      startsOn: values.startsOn ?? '2026-03-01',
      endsOn: values.endsOn ?? '2027-08-31',
      summary: 'Тестовый план',
      actorId,
    })
    if (!plan.ok) throw new Error('plan not created')
    const goal = await addGoal(tx, {
      organisationId,
      areaKey: values.areaKey ?? 'services',
      title: values.title ?? 'Запустить консультационную линию',
      actorId,
    })
    if (!goal.ok) throw new Error('goal not created')
    return { planId: plan.planId, goalId: goal.goalId }
  })
}

/** A completed diagnostic with every question at `score`, except the areas given otherwise. */
export async function createCompletedAssessment(organisationId: string, actorId: string, score: number, areas: Record<string, number> = {}) {
  const model = getStageModel()
  return testDb().transaction(async (tx) => {
    const { id } = await createAssessment(tx, { organisationId, kind: 'baseline', conductedOn: '2026-03-10', actorId })
    const answers = [...model.questions.values()].map((q) => ({
      questionKey: q.key,
      areaKey: q.area,
      score: areas[q.area] ?? score,
      evidence: null,
      comment: null,
    }))
    await saveAnswers(tx, id, answers)
    await completeAssessment(tx, id, Object.fromEntries(answers.map((a) => [a.questionKey, a.score])), model, actorId, organisationId)
    return id
  })
}
