// Factories for consultation requests: a world with a second mentor organisation, requests in a given
// state, and a development plan with goals for turning action items into tasks.
import { asc, eq } from 'drizzle-orm'
import {
  consultationRequests,
  developmentPlans,
  outbox,
  planGoals,
  type ConsultationRequest,
} from '#db/schema/index.ts'
import { createMember, createOrganisation, createProgramme, createWorld, testDb } from '#tests/db-utils.ts'

/**
 * createWorld() plus: staff of the second centre, a volunteer of the first, a second mentor organisation
 * that mentors only centre B, and a centre C taking part in programmes of both mentor organisations.
 */
export async function createConsultationWorld() {
  const w = await createWorld()
  const staffB = await createMember(w.centreB.id, 'staff')
  const volunteerA = await createMember(w.centreA.id, 'volunteer')
  const mentor2 = await createMember(w.mentorOrg.id, 'mentor')
  const otherMentorOrg = await createOrganisation({ kind: 'mentor', name: 'Другой наставник' })
  const otherMentor = await createMember(otherMentorOrg.id, 'mentor')
  const otherProgramme = await createProgramme(otherMentorOrg.id, [w.centreB.id])
  const centreC = await createOrganisation({ regionCode: '54', city: 'Новосибирск' })
  const leaderC = await createMember(centreC.id, 'leader')
  const programmeC1 = await createProgramme(w.mentorOrg.id, [centreC.id])
  const programmeC2 = await createProgramme(otherMentorOrg.id, [centreC.id])
  return { ...w, staffB, volunteerA, mentor2, otherMentorOrg, otherMentor, otherProgramme, centreC, leaderC, programmeC1, programmeC2 }
}

export type ConsultationWorld = Awaited<ReturnType<typeof createConsultationWorld>>

/** A request written straight to the database, in any state (for list and permission tests). */
export async function insertConsultation(
  values: Partial<typeof consultationRequests.$inferInsert> & { organisationId: string },
): Promise<ConsultationRequest> {
  const [row] = await testDb()
    .insert(consultationRequests)
    .values({
      topic: 'legal',
      subject: 'Вопрос по уставу',
      description: 'Нужно ли менять устав при смене адреса?',
      ...values,
    })
    .returning()
  return row!
}

/** A development plan for a centre with goals; returns the goal ids in order. */
export async function createPlanWithGoals(organisationId: string, titles: string[] = ['Юридическая база', 'Команда']) {
  const [plan] = await testDb()
    .insert(developmentPlans)
    .values({ organisationId, startsOn: '2026-01-01', endsOn: '2027-12-31' })
    .returning({ id: developmentPlans.id })
  const goals = await testDb()
    .insert(planGoals)
    .values(titles.map((title, position) => ({ planId: plan!.id, areaKey: 'legal-base', title, position })))
    .returning({ id: planGoals.id })
  return { planId: plan!.id, goalIds: goals.map((g) => g.id) }
}

export function mailTo(email: string) {
  return testDb().select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(asc(outbox.createdAt))
}

/** A date some days ahead, as <input type="date"> sends it. */
export function daysAhead(days: number) {
  return new Date(Date.now() + days * 24 * 3600_000).toISOString().slice(0, 10)
}
