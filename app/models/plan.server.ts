// A centre's development plan: one plan per centre with goals by area of the stage model and tasks
// towards each goal (owner, due date, status, links to a course, a toolkit resource or an event).
// The centre and its mentors work on it together; programme managers and administrators too.
// Every change is one transaction with its audit entry (and the e-mail to a new task owner).
import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  courses,
  developmentPlans,
  events,
  memberships,
  mentorships,
  organisations,
  planGoals,
  planTaskStatus,
  planTasks,
  programmeCentres,
  programmes,
  toolkitResources,
  users,
} from '#db/schema/index.ts'
import { audit, changedFields } from '#app/utils/audit.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { isoDate, optionalText, requiredText, type FieldErrors } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { isLocale, translate, type Locale } from '#app/utils/i18n.ts'
import { enqueueMail } from '#app/utils/mailer.server.ts'
import { requireOrganisationAccess, type OrganisationRelation } from '#app/utils/permissions.server.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { formatCalendarDate } from '#app/utils/time.ts'
import { organisationIdFrom } from './organisation.server.ts'

export const TASK_STATUSES = planTaskStatus.enumValues
export type TaskStatus = (typeof TASK_STATUSES)[number]
/** Tasks that no longer count as open: never overdue. */
const CLOSED_STATUSES: TaskStatus[] = ['done', 'cancelled']

/** How many events the task form offers: the centre's programmes' events around the plan's period. */
const EVENT_OPTIONS_LIMIT = 200
const RESOURCE_OPTIONS_LIMIT = 300
const COURSE_OPTIONS_LIMIT = 300

// ---------------------------------------------------------------------------------------------
// Who may do what

export type PlanRights = {
  /** Create the plan, change its dates and summary, add, edit, reorder and delete goals. */
  editPlan: boolean
  /** Add, edit and delete tasks, change any task's status. */
  editTasks: boolean
}

/**
 * The centre's leader, its mentors, its programme managers and administrators edit the plan and its
 * goals; the centre's staff also edit tasks. Volunteers look, and change the status of their own tasks.
 */
export function planRights(relation: OrganisationRelation | null, user: CurrentUser, organisationId: string): PlanRights {
  const editPlan = relation === 'admin' || relation === 'manager' || relation === 'mentor' || relation === 'leader'
  const role = user.memberships.find((m) => m.organisationId === organisationId)?.role
  return { editPlan, editTasks: editPlan || (relation === 'member' && role === 'staff') }
}

/** May this person change the status of this task? Task editors may; anyone who sees the plan may for their own task. */
export function canChangeStatus(rights: PlanRights, user: { id: string }, task: { ownerId: string | null }) {
  return rights.editTasks || task.ownerId === user.id
}

/**
 * Signs in, checks that the organisation is a centre the person may see (403 for another centre or
 * another mentor organisation), and says what they may change. Every plan loader and action starts here.
 */
export async function requireCentrePlan(args: Parameters<typeof requireUser>[0] & { params: { id?: string } }) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation, relation } = await requireOrganisationAccess(user, id, 'view')
  if (organisation.kind !== 'centre') notFound('plans.error.notCentre')
  return { user, organisation, relation, rights: planRights(relation, user, id) }
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Today's calendar date (YYYY-MM-DD) in a time zone: what "overdue" is measured against. */
export function todayIn(timeZone: string, now: Date = new Date()) {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  try {
    return format(timeZone)
  } catch {
    return format('Europe/Moscow')
  }
}

/** Overdue: a due date before today (in the viewer's zone) on a task that is neither done nor cancelled. */
export function isOverdue(task: { dueOn: string | null; status: TaskStatus }, today: string) {
  return task.dueOn !== null && task.dueOn < today && !CLOSED_STATUSES.includes(task.status)
}

/** The same rule in SQL, for counts. */
function overdueSql(today: string) {
  return sql`(${planTasks.dueOn} < ${today}::date and ${planTasks.status} not in ('done', 'cancelled'))`
}

/** Share of done tasks, cancelled ones left out: 0–100, rounded down so 99.6 % is not shown as done. */
export function progressPercent(done: number, total: number) {
  return total > 0 ? Math.floor((done / total) * 100) : 0
}

// ---------------------------------------------------------------------------------------------
// Forms (shared by the routes; messages are i18n keys)

const optionalId = (message: string) => z.uuid({ error: message }).optional()
const optionalDate = isoDate.optional()

export const PlanFormSchema = z
  .object({
    startsOn: isoDate,
    endsOn: isoDate,
    summary: optionalText(4000),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'plans.error.endBeforeStart' })
  })

export const GoalFormSchema = z.object({
  areaKey: z.string({ error: 'validation.choose' }).min(1, { error: 'validation.choose' }),
  title: requiredText(200),
  description: optionalText(2000),
})

export const TaskFormSchema = z.object({
  goalId: z.uuid({ error: 'plans.error.goalNotFound' }),
  title: requiredText(300),
  notes: optionalText(4000),
  ownerId: optionalId('plans.error.ownerCannotSee'),
  dueOn: optionalDate,
  status: z.enum(TASK_STATUSES, { error: 'validation.choose' }).default('todo'),
  courseId: optionalId('plans.error.courseNotFound'),
  resourceId: optionalId('plans.error.resourceNotFound'),
  eventId: optionalId('plans.error.eventNotFound'),
})

export const StatusFormSchema = z.object({
  taskId: z.uuid({ error: 'plans.error.taskNotFound' }),
  status: z.enum(TASK_STATUSES, { error: 'validation.choose' }),
})

// ---------------------------------------------------------------------------------------------
// Reading

export type Plan = { id: string; organisationId: string; startsOn: string; endsOn: string; summary: string | null }

export async function getPlan(organisationId: string, tx: Executor = db): Promise<Plan | null> {
  const [plan] = await tx
    .select({
      id: developmentPlans.id,
      organisationId: developmentPlans.organisationId,
      startsOn: developmentPlans.startsOn,
      endsOn: developmentPlans.endsOn,
      summary: developmentPlans.summary,
    })
    .from(developmentPlans)
    .where(eq(developmentPlans.organisationId, organisationId))
  return plan ?? null
}

/** The plan row locked for the rest of the transaction: 'update' to change its dates, 'share' to write tasks against them. */
async function lockPlan(tx: Executor, organisationId: string, mode: 'update' | 'share') {
  const [plan] = await tx
    .select({
      id: developmentPlans.id,
      organisationId: developmentPlans.organisationId,
      startsOn: developmentPlans.startsOn,
      endsOn: developmentPlans.endsOn,
      summary: developmentPlans.summary,
    })
    .from(developmentPlans)
    .where(eq(developmentPlans.organisationId, organisationId))
    .for(mode)
  return plan ?? null
}

/** Goals in order, each with its task counts (done, counted = not cancelled, overdue) from one grouped query. */
export async function getPlanGoals(planId: string, today: string, tx: Executor = db) {
  return tx
    .select({
      id: planGoals.id,
      areaKey: planGoals.areaKey,
      title: planGoals.title,
      description: planGoals.description,
      position: planGoals.position,
      total: sql<number>`count(${planTasks.id}) filter (where ${planTasks.status} <> 'cancelled')`.mapWith(Number),
      done: sql<number>`count(${planTasks.id}) filter (where ${planTasks.status} = 'done')`.mapWith(Number),
      overdue: sql<number>`count(${planTasks.id}) filter (where ${overdueSql(today)})`.mapWith(Number),
    })
    .from(planGoals)
    .leftJoin(planTasks, eq(planTasks.goalId, planGoals.id))
    .where(eq(planGoals.planId, planId))
    .groupBy(planGoals.id)
    .orderBy(asc(planGoals.position), asc(planGoals.createdAt))
}

export type TaskFilter = { ownerId?: string | null; overdueOnly?: boolean; today: string }

/** The plan's tasks with their owner and links, in goal order (one query with joins). */
export async function getPlanTasks(planId: string, filter: TaskFilter, tx: Executor = db) {
  const conditions = [eq(planTasks.planId, planId)]
  if (filter.ownerId) conditions.push(eq(planTasks.ownerId, filter.ownerId))
  if (filter.overdueOnly) conditions.push(overdueSql(filter.today))
  const rows = await tx
    .select({
      id: planTasks.id,
      goalId: planTasks.goalId,
      title: planTasks.title,
      notes: planTasks.notes,
      ownerId: planTasks.ownerId,
      ownerName: users.name,
      dueOn: planTasks.dueOn,
      status: planTasks.status,
      completedAt: planTasks.completedAt,
      consultationId: planTasks.consultationId,
      courseSlug: courses.slug,
      courseTitle: courses.title,
      courseTitleEn: courses.titleEn,
      resourceSlug: toolkitResources.slug,
      resourceTitle: toolkitResources.title,
      resourceTitleEn: toolkitResources.titleEn,
      eventId: events.id,
      eventTitle: events.title,
      eventStartsAt: events.startsAt,
      eventTimeZone: events.timeZone,
      eventCancelled: sql<boolean>`${events.status} = 'cancelled'`,
    })
    .from(planTasks)
    .innerJoin(planGoals, eq(planGoals.id, planTasks.goalId))
    .leftJoin(users, eq(users.id, planTasks.ownerId))
    .leftJoin(courses, eq(courses.id, planTasks.courseId))
    .leftJoin(toolkitResources, eq(toolkitResources.id, planTasks.resourceId))
    .leftJoin(events, eq(events.id, planTasks.eventId))
    .where(and(...conditions))
    .orderBy(asc(planGoals.position), asc(planGoals.createdAt), asc(planTasks.position), asc(planTasks.createdAt))
  return rows.map((r) => ({ ...r, overdue: isOverdue(r, filter.today) }))
}

export type PlanTaskRow = Awaited<ReturnType<typeof getPlanTasks>>[number]

/** One task of this centre's plan, as stored (null if it is not this centre's). */
export async function getTask(organisationId: string, taskId: string, tx: Executor = db) {
  const [task] = await tx
    .select({
      id: planTasks.id,
      planId: planTasks.planId,
      goalId: planTasks.goalId,
      title: planTasks.title,
      notes: planTasks.notes,
      ownerId: planTasks.ownerId,
      dueOn: planTasks.dueOn,
      status: planTasks.status,
      courseId: planTasks.courseId,
      resourceId: planTasks.resourceId,
      eventId: planTasks.eventId,
      consultationId: planTasks.consultationId,
      completedAt: planTasks.completedAt,
    })
    .from(planTasks)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planTasks.planId))
    .where(and(eq(planTasks.id, taskId), eq(developmentPlans.organisationId, organisationId)))
  return task ?? null
}

/** One goal of this centre's plan (null if it is not this centre's), with the number of its tasks. */
export async function getGoal(organisationId: string, goalId: string, tx: Executor = db) {
  const [goal] = await tx
    .select({
      id: planGoals.id,
      planId: planGoals.planId,
      areaKey: planGoals.areaKey,
      title: planGoals.title,
      description: planGoals.description,
      position: planGoals.position,
      tasks: sql<number>`(select count(*) from ${planTasks} pt where pt.goal_id = ${planGoals.id})`.mapWith(Number),
    })
    .from(planGoals)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planGoals.planId))
    .where(and(eq(planGoals.id, goalId), eq(developmentPlans.organisationId, organisationId)))
  return goal ?? null
}

/** The plan's goals for a select (id, title, area). */
export async function listGoalOptions(planId: string, tx: Executor = db) {
  return tx
    .select({ id: planGoals.id, title: planGoals.title, areaKey: planGoals.areaKey })
    .from(planGoals)
    .where(eq(planGoals.planId, planId))
    .orderBy(asc(planGoals.position), asc(planGoals.createdAt))
}

/** Areas that already have a goal in the centre's plan (for the diagnostics page); null when there is no plan. */
export async function getPlanAreas(organisationId: string, tx: Executor = db) {
  const rows = await tx
    .select({ planId: developmentPlans.id, areaKey: planGoals.areaKey })
    .from(developmentPlans)
    .leftJoin(planGoals, eq(planGoals.planId, developmentPlans.id))
    .where(eq(developmentPlans.organisationId, organisationId))
  if (!rows.length) return null
  return { planId: rows[0]!.planId, areas: [...new Set(rows.map((r) => r.areaKey).filter((a): a is string => a !== null))] }
}

// ---------------------------------------------------------------------------------------------
// Owners: people who can see the centre

export type OwnerCandidate = { id: string; name: string; organisationName: string; side: 'centre' | 'mentor' }

/**
 * People a task may be given to: the centre's own people, and the mentors (mentors and leaders) of the
 * mentor organisations running the programmes the centre takes part in or holding an active mentorship
 * with it — the people who can see the centre's plan besides managers and administrators (the same rule
 * as getOrganisationRelation). Disabled accounts are left out.
 */
export async function ownerCandidates(organisationId: string, tx: Executor = db, onlyUserId?: string): Promise<OwnerCandidate[]> {
  const only = onlyUserId ? [eq(users.id, onlyUserId)] : []
  const [own, mentors] = await Promise.all([
    tx
      .select({ id: users.id, name: users.name, organisationName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})` })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(and(eq(memberships.organisationId, organisationId), isNull(users.disabledAt), ...only))
      .orderBy(asc(users.name)),
    tx
      .select({ id: users.id, name: users.name, organisationName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})` })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(
        and(
          inArray(memberships.role, ['mentor', 'leader']),
          or(
            inArray(
              memberships.organisationId,
              tx
                .select({ id: programmes.mentorOrganisationId })
                .from(programmeCentres)
                .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
                .where(eq(programmeCentres.organisationId, organisationId)),
            ),
            inArray(
              memberships.organisationId,
              tx
                .select({ id: mentorships.mentorOrganisationId })
                .from(mentorships)
                .where(and(eq(mentorships.centreId, organisationId), eq(mentorships.status, 'active'))),
            ),
          ),
          isNull(users.disabledAt),
          ...only,
        ),
      )
      .orderBy(asc(users.name)),
  ])
  // A person listed once: as the centre's own if they are, else under their first mentor organisation.
  const people = new Map<string, OwnerCandidate>()
  for (const p of own) people.set(p.id, { ...p, side: 'centre' })
  for (const p of mentors) if (!people.has(p.id)) people.set(p.id, { ...p, side: 'mentor' })
  return [...people.values()]
}

// ---------------------------------------------------------------------------------------------
// Links: courses, toolkit resources, events of the centre's programmes

/** The programmes the centre takes part in, as a subquery. */
function centreProgrammeIds(tx: Executor, organisationId: string) {
  return tx.select({ id: programmeCentres.programmeId }).from(programmeCentres).where(eq(programmeCentres.organisationId, organisationId))
}

/**
 * What a task may link to, as short lists for selects: published courses and toolkit resources, and the
 * events of the centre's programmes during the plan (not cancelled). The current links of the task being
 * edited are kept in the lists even when they fall outside them.
 */
export async function linkOptions(
  organisationId: string,
  plan: Plan,
  current: { courseId?: string | null; resourceId?: string | null; eventId?: string | null } = {},
  tx: Executor = db,
) {
  const [courseRows, resourceRows, eventRows] = await Promise.all([
    tx
      .select({ id: courses.id, title: courses.title, titleEn: courses.titleEn })
      .from(courses)
      .where(current.courseId ? or(eq(courses.status, 'published'), eq(courses.id, current.courseId)) : eq(courses.status, 'published'))
      .orderBy(asc(courses.title))
      .limit(COURSE_OPTIONS_LIMIT),
    tx
      .select({ id: toolkitResources.id, title: toolkitResources.title, titleEn: toolkitResources.titleEn })
      .from(toolkitResources)
      .where(current.resourceId
          ? or(eq(toolkitResources.status, 'published'), eq(toolkitResources.id, current.resourceId))
          : eq(toolkitResources.status, 'published'))
      .orderBy(asc(toolkitResources.title))
      .limit(RESOURCE_OPTIONS_LIMIT),
    tx
      .select({ id: events.id, title: events.title, startsAt: events.startsAt, timeZone: events.timeZone })
      .from(events)
      .where(
        or(
          and(
            inArray(events.programmeId, centreProgrammeIds(tx, organisationId)),
            ne(events.status, 'cancelled'),
            // A day of slack on each side: an event late on the last day in a far-eastern zone still counts.
            gt(events.startsAt, sql`${plan.startsOn}::date - interval '1 day'`),
            lt(events.startsAt, sql`${plan.endsOn}::date + interval '2 days'`),
          ),
          current.eventId ? eq(events.id, current.eventId) : undefined,
        ),
      )
      .orderBy(asc(events.startsAt))
      .limit(EVENT_OPTIONS_LIMIT),
  ])
  return { courses: courseRows, resources: resourceRows, events: eventRows }
}

// ---------------------------------------------------------------------------------------------
// Checks that need the database

type TaskValues = {
  goalId: string
  title: string
  notes?: string | null
  ownerId?: string | null
  dueOn?: string | null
  status?: TaskStatus
  courseId?: string | null
  resourceId?: string | null
  eventId?: string | null
}

/**
 * Field errors for a task of this plan: the goal must be the plan's, the due date inside the plan's
 * period, the owner someone who can see the centre, the links existing (the event one of the centre's
 * programmes'). Unchanged values of an existing task are not checked again (an owner who since left
 * the centre does not block an edit of the title).
 */
async function checkTask(tx: Executor, plan: Plan, values: TaskValues, before?: TaskValues | null): Promise<FieldErrors> {
  const errors: FieldErrors = {}
  const add = (field: string, key: string) => (errors[field] ??= []).push(key)
  const changed = (key: keyof TaskValues) => values[key] && (!before || before[key] !== values[key])

  const [goal] = await tx
    .select({ id: planGoals.id })
    .from(planGoals)
    .where(and(eq(planGoals.id, values.goalId), eq(planGoals.planId, plan.id)))
  if (!goal) add('goalId', 'plans.error.goalNotFound')

  if (values.dueOn && changed('dueOn')) {
    if (values.dueOn < plan.startsOn) add('dueOn', 'plans.error.dueBeforeStart')
    else if (values.dueOn > plan.endsOn) add('dueOn', 'plans.error.dueAfterEnd')
  }
  if (values.ownerId && changed('ownerId')) {
    const found = await ownerCandidates(plan.organisationId, tx, values.ownerId)
    if (!found.length) add('ownerId', 'plans.error.ownerCannotSee')
  }
  if (values.courseId && changed('courseId')) {
    const [row] = await tx
      .select({ id: courses.id })
      .from(courses)
      .where(and(eq(courses.id, values.courseId), eq(courses.status, 'published')))
    if (!row) add('courseId', 'plans.error.courseNotFound')
  }
  if (values.resourceId && changed('resourceId')) {
    const [row] = await tx
      .select({ id: toolkitResources.id })
      .from(toolkitResources)
      .where(and(eq(toolkitResources.id, values.resourceId), eq(toolkitResources.status, 'published')))
    if (!row) add('resourceId', 'plans.error.resourceNotFound')
  }
  if (values.eventId && changed('eventId')) {
    const [row] = await tx
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.id, values.eventId), inArray(events.programmeId, centreProgrammeIds(tx, plan.organisationId))))
    if (!row) add('eventId', 'plans.error.eventNotFound')
  }
  return errors
}

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0

// ---------------------------------------------------------------------------------------------
// The plan and its goals

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; status: 404 | 409 | 422; errors: FieldErrors }

const failed = (status: 404 | 409 | 422, errors: FieldErrors) => ({ ok: false as const, status, errors })

export async function createPlan(
  tx: Executor,
  values: { organisationId: string; startsOn: string; endsOn: string; summary?: string | null; actorId: string },
): Promise<Outcome<{ planId: string }>> {
  const [row] = await tx
    .insert(developmentPlans)
    .values({
      organisationId: values.organisationId,
      startsOn: values.startsOn,
      endsOn: values.endsOn,
      summary: values.summary ?? null,
      createdById: values.actorId,
    })
    .onConflictDoNothing({ target: developmentPlans.organisationId })
    .returning({ id: developmentPlans.id })
  if (!row) return failed(409, { '': ['plans.error.planExists'] })
  await audit(tx, {
    actorId: values.actorId,
    action: 'plan.created',
    entityType: 'plan',
    entityId: row.id,
    organisationId: values.organisationId,
    data: { startsOn: values.startsOn, endsOn: values.endsOn },
  })
  return { ok: true, planId: row.id }
}

/** New dates and summary; refused while tasks are due outside the new period (they would silently fall out of it). */
export async function updatePlan(
  tx: Executor,
  values: { organisationId: string; startsOn: string; endsOn: string; summary?: string | null; actorId: string },
): Promise<Outcome> {
  const plan = await lockPlan(tx, values.organisationId, 'update')
  if (!plan) return failed(404, { '': ['plans.error.noPlan'] })
  const outside = await tx
    .select({ dueOn: planTasks.dueOn })
    .from(planTasks)
    .where(and(eq(planTasks.planId, plan.id), or(lt(planTasks.dueOn, values.startsOn), gt(planTasks.dueOn, values.endsOn))))
    .limit(1)
  if (outside.length) {
    const field = outside[0]!.dueOn! < values.startsOn ? 'startsOn' : 'endsOn'
    return failed(422, { [field]: ['plans.error.tasksOutsidePeriod'] })
  }
  const next = { startsOn: values.startsOn, endsOn: values.endsOn, summary: values.summary ?? null }
  const changes = changedFields(plan, next)
  if (!Object.keys(changes).length) return { ok: true }
  await tx.update(developmentPlans).set({ ...next, updatedAt: new Date() }).where(eq(developmentPlans.id, plan.id))
  await audit(tx, {
    actorId: values.actorId,
    action: 'plan.updated',
    entityType: 'plan',
    entityId: plan.id,
    organisationId: plan.organisationId,
    data: { changes },
  })
  return { ok: true }
}

export async function addGoal(
  tx: Executor,
  values: { organisationId: string; areaKey: string; title: string; description?: string | null; actorId: string; source?: Record<string, unknown> },
): Promise<Outcome<{ goalId: string }>> {
  const plan = await lockPlan(tx, values.organisationId, 'update')
  if (!plan) return failed(409, { '': ['plans.error.noPlan'] })
  const [last] = await tx
    .select({ position: sql<number>`coalesce(max(${planGoals.position}), -1)`.mapWith(Number) })
    .from(planGoals)
    .where(eq(planGoals.planId, plan.id))
  const [row] = await tx
    .insert(planGoals)
    .values({
      planId: plan.id,
      areaKey: values.areaKey,
      title: values.title,
      description: values.description ?? null,
      position: (last?.position ?? -1) + 1,
    })
    .returning({ id: planGoals.id })
  await audit(tx, {
    actorId: values.actorId,
    action: 'plan.goal_added',
    entityType: 'plan',
    entityId: plan.id,
    organisationId: plan.organisationId,
    data: { goalId: row!.id, areaKey: values.areaKey, title: values.title, ...values.source },
  })
  return { ok: true, goalId: row!.id }
}

export async function updateGoal(
  tx: Executor,
  values: { organisationId: string; goalId: string; areaKey: string; title: string; description?: string | null; actorId: string },
): Promise<Outcome> {
  const goal = await getGoal(values.organisationId, values.goalId, tx)
  if (!goal) return failed(404, { '': ['plans.error.goalNotFound'] })
  const next = { areaKey: values.areaKey, title: values.title, description: values.description ?? null }
  const changes = changedFields(goal, next)
  if (!Object.keys(changes).length) return { ok: true }
  await tx.update(planGoals).set(next).where(eq(planGoals.id, goal.id))
  await audit(tx, {
    actorId: values.actorId,
    action: 'plan.goal_updated',
    entityType: 'plan',
    entityId: goal.planId,
    organisationId: values.organisationId,
    data: { goalId: goal.id, changes },
  })
  return { ok: true }
}

/** Moves a goal one place up or down; positions are renumbered 0…n−1 under the plan's lock. */
export async function moveGoal(
  tx: Executor,
  values: { organisationId: string; goalId: string; direction: 'up' | 'down'; actorId: string },
): Promise<Outcome> {
  const plan = await lockPlan(tx, values.organisationId, 'update')
  if (!plan) return failed(404, { '': ['plans.error.noPlan'] })
  const goals = await listGoalOptions(plan.id, tx)
  const from = goals.findIndex((g) => g.id === values.goalId)
  if (from < 0) return failed(404, { '': ['plans.error.goalNotFound'] })
  const to = values.direction === 'up' ? from - 1 : from + 1
  if (to < 0 || to >= goals.length) return { ok: true }
  const order = goals.map((g) => g.id)
  ;[order[from], order[to]] = [order[to]!, order[from]!]
  // One statement renumbers every goal of the plan.
  await tx
    .update(planGoals)
    .set({ position: sql`array_position(array[${sql.join(order.map((id) => sql`${id}`), sql`, `)}]::uuid[], ${planGoals.id}) - 1` })
    .where(eq(planGoals.planId, plan.id))
  await audit(tx, {
    actorId: values.actorId,
    action: 'plan.goal_moved',
    entityType: 'plan',
    entityId: plan.id,
    organisationId: plan.organisationId,
    data: { goalId: values.goalId, from, to },
  })
  return { ok: true }
}

/** Deletes a goal with its tasks (the audit entry keeps their titles). */
export async function deleteGoal(tx: Executor, values: { organisationId: string; goalId: string; actorId: string }): Promise<Outcome> {
  const plan = await lockPlan(tx, values.organisationId, 'update')
  if (!plan) return failed(404, { '': ['plans.error.noPlan'] })
  const goal = await getGoal(values.organisationId, values.goalId, tx)
  if (!goal) return failed(404, { '': ['plans.error.goalNotFound'] })
  const tasks = await tx.select({ title: planTasks.title }).from(planTasks).where(eq(planTasks.goalId, goal.id))
  await tx.delete(planGoals).where(eq(planGoals.id, goal.id))
  await audit(tx, {
    actorId: values.actorId,
    action: 'plan.goal_deleted',
    entityType: 'plan',
    entityId: plan.id,
    organisationId: plan.organisationId,
    data: { goalId: goal.id, areaKey: goal.areaKey, title: goal.title, tasks: tasks.map((t) => t.title) },
  })
  return { ok: true }
}

// ---------------------------------------------------------------------------------------------
// Tasks

/** Tells a task's new owner by e-mail, in their language (through the caller's transaction). */
async function notifyOwner(tx: Executor, values: { taskId: string; ownerId: string; actorId: string; organisationId: string }) {
  const [row] = await tx
    .select({
      title: planTasks.title,
      dueOn: planTasks.dueOn,
      goalTitle: planGoals.title,
      email: users.email,
      name: users.name,
      locale: users.locale,
    })
    .from(planTasks)
    .innerJoin(planGoals, eq(planGoals.id, planTasks.goalId))
    .innerJoin(users, eq(users.id, values.ownerId))
    .where(eq(planTasks.id, values.taskId))
  const [names] = await tx
    .select({
      centre: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      actor: sql<string | null>`(select u.name from ${users} u where u.id = ${values.actorId})`,
    })
    .from(organisations)
    .where(eq(organisations.id, values.organisationId))
  if (!row || !names) return
  const locale: Locale = isLocale(row.locale) ? row.locale : 'ru'
  const params = {
    name: row.name,
    actor: names.actor ?? translate(locale, 'plans.mail.someone'),
    centre: names.centre,
    title: row.title,
    goal: row.goalTitle,
    due: row.dueOn ? formatCalendarDate(locale, row.dueOn) : translate(locale, 'plans.mail.noDue'),
    link: `${appUrl}/organisations/${values.organisationId}/plan#task-${values.taskId}`,
  }
  await enqueueMail(tx, {
    to: row.email,
    kind: 'plan-task-assigned',
    subject: translate(locale, 'plans.mail.assigned.subject', params),
    text: translate(locale, 'plans.mail.assigned.body', params),
  })
}

export type AddPlanTaskInput = {
  organisationId: string
  goalId: string
  title: string
  ownerId?: string | null
  dueOn?: string | null
  consultationId?: string | null
  actorId: string
  notes?: string | null
  status?: TaskStatus
  courseId?: string | null
  resourceId?: string | null
  eventId?: string | null
}

/**
 * Adds a task to a goal of the centre's plan, inside the caller's transaction: checks it (see checkTask),
 * writes it at the end of the goal, audits it and, when it is given to someone other than the actor,
 * e-mails the owner. Returns the new id, or field errors (i18n keys) and nothing written.
 * Other capabilities use it too: a consultation's action item becomes a task with its consultationId.
 */
export async function addPlanTask(tx: Executor, input: AddPlanTaskInput): Promise<Outcome<{ taskId: string }>> {
  const plan = await lockPlan(tx, input.organisationId, 'share')
  if (!plan) return failed(409, { '': ['plans.error.noPlan'] })
  const values: TaskValues = {
    goalId: input.goalId,
    title: input.title.trim(),
    notes: input.notes ?? null,
    ownerId: input.ownerId ?? null,
    dueOn: input.dueOn ?? null,
    status: input.status ?? 'todo',
    courseId: input.courseId ?? null,
    resourceId: input.resourceId ?? null,
    eventId: input.eventId ?? null,
  }
  const errors = await checkTask(tx, plan, values)
  if (!values.title) (errors.title ??= []).push('validation.required')
  if (hasErrors(errors)) return failed(422, errors)
  const [last] = await tx
    .select({ position: sql<number>`coalesce(max(${planTasks.position}), -1)`.mapWith(Number) })
    .from(planTasks)
    .where(eq(planTasks.goalId, values.goalId))
  const [row] = await tx
    .insert(planTasks)
    .values({
      goalId: values.goalId,
      planId: plan.id,
      title: values.title,
      notes: values.notes,
      ownerId: values.ownerId,
      dueOn: values.dueOn,
      status: values.status,
      courseId: values.courseId,
      resourceId: values.resourceId,
      eventId: values.eventId,
      consultationId: input.consultationId ?? null,
      position: (last?.position ?? -1) + 1,
      completedAt: values.status === 'done' ? new Date() : null,
      createdById: input.actorId,
    })
    .returning({ id: planTasks.id })
  await audit(tx, {
    actorId: input.actorId,
    action: 'plan_task.created',
    entityType: 'plan_task',
    entityId: row!.id,
    organisationId: plan.organisationId,
    data: {
      planId: plan.id,
      goalId: values.goalId,
      title: values.title,
      ownerId: values.ownerId,
      dueOn: values.dueOn,
      status: values.status,
      consultationId: input.consultationId ?? null,
    },
  })
  if (values.ownerId && values.ownerId !== input.actorId) {
    await notifyOwner(tx, { taskId: row!.id, ownerId: values.ownerId, actorId: input.actorId, organisationId: plan.organisationId })
  }
  return { ok: true, taskId: row!.id }
}

/** Saves an edited task (all its fields); a new owner other than the actor is told by e-mail. */
export async function updatePlanTask(
  tx: Executor,
  input: Omit<AddPlanTaskInput, 'consultationId'> & { taskId: string },
): Promise<Outcome> {
  const plan = await lockPlan(tx, input.organisationId, 'share')
  if (!plan) return failed(404, { '': ['plans.error.noPlan'] })
  const before = await getTask(input.organisationId, input.taskId, tx)
  if (!before) return failed(404, { '': ['plans.error.taskNotFound'] })
  const values: TaskValues = {
    goalId: input.goalId,
    title: input.title.trim(),
    notes: input.notes ?? null,
    ownerId: input.ownerId ?? null,
    dueOn: input.dueOn ?? null,
    status: input.status ?? before.status,
    courseId: input.courseId ?? null,
    resourceId: input.resourceId ?? null,
    eventId: input.eventId ?? null,
  }
  const errors = await checkTask(tx, plan, values, before)
  if (!values.title) (errors.title ??= []).push('validation.required')
  if (hasErrors(errors)) return failed(422, errors)
  const changes = changedFields(before, values)
  if (!Object.keys(changes).length) return { ok: true }
  const completedAt = values.status === 'done' ? (before.status === 'done' ? before.completedAt : new Date()) : null
  await tx
    .update(planTasks)
    .set({ ...values, completedAt, updatedAt: new Date() })
    .where(eq(planTasks.id, before.id))
  await audit(tx, {
    actorId: input.actorId,
    action: 'plan_task.updated',
    entityType: 'plan_task',
    entityId: before.id,
    organisationId: plan.organisationId,
    data: { planId: plan.id, changes },
  })
  if (values.ownerId && values.ownerId !== before.ownerId && values.ownerId !== input.actorId) {
    await notifyOwner(tx, { taskId: before.id, ownerId: values.ownerId, actorId: input.actorId, organisationId: plan.organisationId })
  }
  return { ok: true }
}

/**
 * The quick status change from the plan's list. The rights check needs the task's owner, so the caller
 * passes a predicate that is asked with the locked task.
 */
export async function setTaskStatus(
  tx: Executor,
  input: { organisationId: string; taskId: string; status: TaskStatus; actorId: string; allowed: (task: { ownerId: string | null }) => boolean },
): Promise<Outcome | { ok: false; status: 403; errors: FieldErrors }> {
  const [task] = await tx
    .select({ id: planTasks.id, planId: planTasks.planId, status: planTasks.status, ownerId: planTasks.ownerId, title: planTasks.title })
    .from(planTasks)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planTasks.planId))
    .where(and(eq(planTasks.id, input.taskId), eq(developmentPlans.organisationId, input.organisationId)))
    .for('update', { of: planTasks })
  if (!task) return failed(404, { '': ['plans.error.taskNotFound'] })
  if (!input.allowed(task)) return { ok: false, status: 403, errors: { '': ['errors.forbidden'] } }
  if (task.status === input.status) return { ok: true }
  await tx
    .update(planTasks)
    .set({ status: input.status, completedAt: input.status === 'done' ? new Date() : null, updatedAt: new Date() })
    .where(eq(planTasks.id, task.id))
  await audit(tx, {
    actorId: input.actorId,
    action: 'plan_task.status',
    entityType: 'plan_task',
    entityId: task.id,
    organisationId: input.organisationId,
    data: { planId: task.planId, title: task.title, from: task.status, to: input.status },
  })
  return { ok: true }
}

export async function deletePlanTask(tx: Executor, input: { organisationId: string; taskId: string; actorId: string }): Promise<Outcome> {
  const before = await getTask(input.organisationId, input.taskId, tx)
  if (!before) return failed(404, { '': ['plans.error.taskNotFound'] })
  await tx.delete(planTasks).where(eq(planTasks.id, before.id))
  await audit(tx, {
    actorId: input.actorId,
    action: 'plan_task.deleted',
    entityType: 'plan_task',
    entityId: before.id,
    organisationId: input.organisationId,
    data: { planId: before.planId, goalId: before.goalId, title: before.title, status: before.status },
  })
  return { ok: true }
}

/** Everything the task form offers: the plan's goals, possible owners, and the short lists of links. */
export async function taskFormData(
  organisationId: string,
  plan: Plan,
  current: { courseId?: string | null; resourceId?: string | null; eventId?: string | null } = {},
  tx: Executor = db,
) {
  const [goals, owners, options] = await Promise.all([
    listGoalOptions(plan.id, tx),
    ownerCandidates(organisationId, tx),
    linkOptions(organisationId, plan, current, tx),
  ])
  return { plan: { startsOn: plan.startsOn, endsOn: plan.endsOn }, statuses: TASK_STATUSES, goals, owners, options }
}
