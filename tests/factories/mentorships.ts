// Test factories for mentorships and the rows the mentor's dashboard reads (plans, consultations,
// attendance, assessments), inserted directly: the plan and consultation pages are other capabilities.
import {
  assessments,
  attendance,
  consultationMessages,
  consultationRequests,
  developmentPlans,
  mentorshipPeople,
  mentorships,
  planGoals,
  planTasks,
} from '#db/schema/index.ts'
import { testDb } from '#tests/db-utils.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** A date `days` from now (negative: in the past), as an ISO date string. */
export function isoDay(days: number, from = Date.now()) {
  return new Date(from + days * DAY_MS).toISOString().slice(0, 10)
}

export function daysAgo(days: number, from = Date.now()) {
  return new Date(from - days * DAY_MS)
}

export async function createMentorship(values: {
  programmeId: string
  mentorOrganisationId: string
  centreId: string
  mentorIds?: string[]
  contactIds?: string[]
  status?: 'active' | 'completed' | 'ended'
  startsOn?: string
  plannedEndOn?: string
}) {
  const [row] = await testDb()
    .insert(mentorships)
    .values({
      programmeId: values.programmeId,
      mentorOrganisationId: values.mentorOrganisationId,
      centreId: values.centreId,
      startsOn: values.startsOn ?? '2026-03-01',
      plannedEndOn: values.plannedEndOn ?? '2027-08-31',
      status: values.status ?? 'active',
      endedOn: values.status && values.status !== 'active' ? '2026-10-01' : null,
    })
    .returning()
  const people = [
    ...(values.mentorIds ?? []).map((userId, i) => ({ mentorshipId: row!.id, userId, side: 'mentor' as const, isPrimary: i === 0 })),
    ...(values.contactIds ?? []).map((userId, i) => ({ mentorshipId: row!.id, userId, side: 'centre' as const, isPrimary: i === 0 })),
  ]
  if (people.length) await testDb().insert(mentorshipPeople).values(people)
  return row!
}

type TaskSeed = { status: 'todo' | 'in_progress' | 'done' | 'cancelled'; dueOn?: string | null; updatedAt?: Date }

/** A development plan with one goal and the given tasks. */
export async function createPlan(organisationId: string, tasks: TaskSeed[]) {
  const [plan] = await testDb()
    .insert(developmentPlans)
    .values({ organisationId, startsOn: '2026-03-01', endsOn: '2027-08-31' })
    .returning()
  const [goal] = await testDb()
    .insert(planGoals)
    .values({ planId: plan!.id, areaKey: 'team', title: 'Команда центра' })
    .returning()
  if (tasks.length) {
    await testDb()
      .insert(planTasks)
      .values(
        tasks.map((task, i) => ({
          goalId: goal!.id,
          planId: plan!.id,
          title: `Задача ${i + 1}`,
          status: task.status,
          dueOn: task.dueOn ?? null,
          position: i,
          createdAt: task.updatedAt ?? daysAgo(200),
          updatedAt: task.updatedAt ?? daysAgo(200),
        })),
      )
  }
  return plan!
}

/** A consultation request with messages at the given times. */
export async function createConsultation(
  organisationId: string,
  values: { status: (typeof consultationRequests.status.enumValues)[number]; messagesAt?: Date[]; authorId?: string },
) {
  const [request] = await testDb()
    .insert(consultationRequests)
    .values({
      organisationId,
      topic: 'legal',
      subject: 'Вопрос по уставу',
      description: 'Как внести изменения в устав АНО?',
      status: values.status,
      createdAt: daysAgo(200),
      updatedAt: daysAgo(200),
    })
    .returning()
  if (values.messagesAt?.length) {
    await testDb()
      .insert(consultationMessages)
      .values(values.messagesAt.map((createdAt) => ({ requestId: request!.id, authorId: values.authorId ?? null, body: 'Сообщение', createdAt })))
  }
  return request!
}

export async function markAttendance(eventId: string, userId: string, status: 'present' | 'late' | 'absent' | 'excused', organisationId?: string) {
  await testDb().insert(attendance).values({ eventId, userId, status, organisationId: organisationId ?? null })
}

export async function createAssessment(organisationId: string, conductedOn: string) {
  const [row] = await testDb().insert(assessments).values({ organisationId, kind: 'baseline', conductedOn }).returning()
  return row!
}
