import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './core.ts'
import { courses } from './curricula.ts'
import { events } from './events.ts'
import { programmes } from './programmes.ts'
import { toolkitResources } from './toolkits.ts'

/** When in the mentoring an assessment is made; 'other' is an extra check-up between the three. */
export const assessmentKind = pgEnum('assessment_kind', ['baseline', 'midline', 'endline', 'other'])
export const assessmentStatus = pgEnum('assessment_status', ['draft', 'completed'])

/**
 * A diagnostic assessment of a centre, run by a mentor with the centre against the questionnaire of
 * the stage model (content/stages/stage-model.yaml). A draft collects answers; completing it computes
 * the proposed stage; the mentor then confirms that stage or another one with a reason.
 * Stages are stored as the model's keys (see STAGES in curricula.ts).
 */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: assessmentKind().notNull(),
    conductedOn: date({ mode: 'string' }).notNull(),
    conductedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    status: assessmentStatus().notNull().default('draft'),
    /** Computed from the scores when the assessment is completed. */
    proposedStage: text(),
    /** What the mentor decided; differs from the proposal only with an override reason. */
    confirmedStage: text(),
    overrideReason: text(),
    notes: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('assessments_org_idx').on(t.organisationId, t.conductedOn),
    index('assessments_conducted_by_idx').on(t.conductedById),
    index('assessments_status_idx').on(t.status),
  ],
)

/** One answer to one question of the questionnaire: a level 0–3 with its evidence and a comment. */
export const assessmentAnswers = pgTable(
  'assessment_answers',
  {
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    questionKey: text().notNull(),
    /** Copied from the model at the time of answering, so averages survive a later edit of the model. */
    areaKey: text().notNull(),
    score: smallint().notNull(),
    evidence: text(),
    comment: text(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.questionKey] }),
    index('assessment_answers_area_idx').on(t.assessmentId, t.areaKey),
    check('assessment_answers_score_range', sql`${t.score} between 0 and 3`),
  ],
)

/** Every change of a centre's stage: who, when, from what to what, on what evidence. Never updated. */
export const stageHistory = pgTable(
  'stage_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    fromStage: text().notNull(),
    toStage: text().notNull(),
    assessmentId: uuid().references(() => assessments.id, { onDelete: 'set null' }),
    reason: text(),
    evidence: text(),
    changedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stage_history_org_idx').on(t.organisationId, t.changedAt),
    index('stage_history_assessment_idx').on(t.assessmentId),
    index('stage_history_changed_by_idx').on(t.changedById),
  ],
)

export const mentorshipStatus = pgEnum('mentorship_status', ['active', 'completed', 'ended'])

/**
 * An organisation mentors an organisation: a mentor organisation accompanies a young centre within
 * a programme, from a start date to a planned end. Set up by administrators and programme managers.
 */
export const mentorships = pgTable(
  'mentorships',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    mentorOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    centreId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    startsOn: date({ mode: 'string' }).notNull(),
    plannedEndOn: date({ mode: 'string' }).notNull(),
    endedOn: date({ mode: 'string' }),
    status: mentorshipStatus().notNull().default('active'),
    notes: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mentorships_programme_centre_key').on(t.programmeId, t.centreId),
    index('mentorships_mentor_org_idx').on(t.mentorOrganisationId, t.status),
    index('mentorships_centre_idx').on(t.centreId),
    index('mentorships_created_by_idx').on(t.createdById),
    check('mentorships_dates', sql`${t.plannedEndOn} >= ${t.startsOn}`),
  ],
)

export const mentorshipSide = pgEnum('mentorship_side', ['mentor', 'centre'])

/** The named people on each side: the mentors, and the centre's contact people. */
export const mentorshipPeople = pgTable(
  'mentorship_people',
  {
    mentorshipId: uuid()
      .notNull()
      .references(() => mentorships.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    side: mentorshipSide().notNull(),
    /** The lead mentor, or the centre's main contact. */
    isPrimary: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.mentorshipId, t.userId] }), index('mentorship_people_user_idx').on(t.userId)],
)

/** One development plan per centre, worked on by the centre and its mentors. */
export const developmentPlans = pgTable(
  'development_plans',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    summary: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('development_plans_org_key').on(t.organisationId),
    index('development_plans_created_by_idx').on(t.createdById),
    check('development_plans_dates', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
)

/** A goal in one area of the stage model (legal base, team, services…). */
export const planGoals = pgTable(
  'plan_goals',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => developmentPlans.id, { onDelete: 'cascade' }),
    areaKey: text().notNull(),
    title: text().notNull(),
    description: text(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_goals_plan_idx').on(t.planId, t.position)],
)

export const planTaskStatus = pgEnum('plan_task_status', ['todo', 'in_progress', 'done', 'cancelled'])

/** A task towards a goal: an owner, a due date, a status; may point at a course, a toolkit resource or an event. */
export const planTasks = pgTable(
  'plan_tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    goalId: uuid()
      .notNull()
      .references(() => planGoals.id, { onDelete: 'cascade' }),
    /** Denormalised from the goal so a plan's progress is one indexed scan. */
    planId: uuid()
      .notNull()
      .references(() => developmentPlans.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    notes: text(),
    ownerId: uuid().references(() => users.id, { onDelete: 'set null' }),
    dueOn: date({ mode: 'string' }),
    status: planTaskStatus().notNull().default('todo'),
    courseId: uuid().references(() => courses.id, { onDelete: 'set null' }),
    resourceId: uuid().references(() => toolkitResources.id, { onDelete: 'set null' }),
    eventId: uuid().references(() => events.id, { onDelete: 'set null' }),
    /** The consultation whose action item this task came from. */
    consultationId: uuid(),
    position: integer().notNull().default(0),
    completedAt: timestamp({ withTimezone: true }),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_tasks_goal_idx').on(t.goalId, t.position),
    index('plan_tasks_plan_status_idx').on(t.planId, t.status, t.dueOn),
    index('plan_tasks_owner_idx').on(t.ownerId),
    index('plan_tasks_course_idx').on(t.courseId),
    index('plan_tasks_resource_idx').on(t.resourceId),
    index('plan_tasks_event_idx').on(t.eventId),
    index('plan_tasks_consultation_idx').on(t.consultationId),
    index('plan_tasks_created_by_idx').on(t.createdById),
  ],
)

export const CONSULTATION_TOPICS = ['legal', 'accounting', 'fundraising', 'pr', 'services', 'other'] as const
export const consultationTopic = pgEnum('consultation_topic', CONSULTATION_TOPICS)
export const consultationUrgency = pgEnum('consultation_urgency', ['low', 'normal', 'urgent'])
/**
 * open → scheduled (an event in the calendar) or answered (in writing) → held (notes recorded) → closed.
 * declined: the mentor could not take it, with a reason in the thread.
 */
export const consultationStatus = pgEnum('consultation_status', ['open', 'scheduled', 'answered', 'held', 'closed', 'declined'])

/** A centre asks its mentors for help. */
export const consultationRequests = pgTable(
  'consultation_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    programmeId: uuid().references(() => programmes.id, { onDelete: 'set null' }),
    mentorOrganisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    requestedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    topic: consultationTopic().notNull(),
    subject: text().notNull(),
    description: text().notNull(),
    urgency: consultationUrgency().notNull().default('normal'),
    preferredTimes: text(),
    /** The local NGO the question is about, if any: counted as an NGO reached in reports. */
    clientNgo: text(),
    status: consultationStatus().notNull().default('open'),
    assignedMentorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    eventId: uuid().references(() => events.id, { onDelete: 'set null' }),
    answer: text(),
    answeredAt: timestamp({ withTimezone: true }),
    /** After it is held: what was discussed, how long it took. */
    outcomeNotes: text(),
    minutesSpent: integer(),
    heldAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('consultation_requests_org_idx').on(t.organisationId, t.status, t.createdAt),
    index('consultation_requests_mentor_org_idx').on(t.mentorOrganisationId, t.status),
    index('consultation_requests_programme_idx').on(t.programmeId, t.status),
    index('consultation_requests_requested_by_idx').on(t.requestedById),
    index('consultation_requests_assigned_idx').on(t.assignedMentorId),
    index('consultation_requests_event_idx').on(t.eventId),
    check('consultation_requests_minutes', sql`${t.minutesSpent} is null or ${t.minutesSpent} between 0 and 6000`),
  ],
)

/** The conversation on a request, seen by both sides. */
export const consultationMessages = pgTable(
  'consultation_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => consultationRequests.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    /** A status change announced in the thread ('scheduled', 'answered', …), or null for a plain message. */
    event: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('consultation_messages_request_idx').on(t.requestId, t.createdAt),
    index('consultation_messages_author_idx').on(t.authorId),
  ],
)

/** What was agreed at a consultation; an item can become a task in the centre's plan. */
export const consultationActionItems = pgTable(
  'consultation_action_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => consultationRequests.id, { onDelete: 'cascade' }),
    text: text().notNull(),
    taskId: uuid().references(() => planTasks.id, { onDelete: 'set null' }),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('consultation_action_items_request_idx').on(t.requestId, t.position),
    index('consultation_action_items_task_idx').on(t.taskId),
  ],
)

export type Mentorship = typeof mentorships.$inferSelect
export type DevelopmentPlan = typeof developmentPlans.$inferSelect
export type PlanGoal = typeof planGoals.$inferSelect
export type PlanTask = typeof planTasks.$inferSelect
export type ConsultationRequest = typeof consultationRequests.$inferSelect
export type ConsultationTopic = (typeof CONSULTATION_TOPICS)[number]
