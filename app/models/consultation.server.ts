// Consultations on request: a centre asks its mentors for help; the mentor organisation accepts it,
// schedules a meeting (an event in the programme's calendar) or answers in writing, records what was
// agreed and turns action items into tasks of the centre's development plan. Route actions call these
// inside one transaction; every status change is written to the thread, the audit log and the outbox.
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  consultationActionItems,
  consultationMessages,
  consultationRequests,
  consultationStatus,
  consultationUrgency,
  CONSULTATION_TOPICS,
  developmentPlans,
  events,
  memberships,
  mentorshipPeople,
  mentorships,
  organisations,
  planGoals,
  planTasks,
  programmeCentres,
  programmes,
  regions,
  users,
  type ConsultationRequest,
} from '#db/schema/index.ts'
import { EventRuleError, notifyAboutEvent, registerForEvent } from '#app/models/event.server.ts'
import { cancelEvent, createEvents, validateEventForm } from '#app/models/event-form.server.ts'
import { addPlanTask } from '#app/models/plan.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { formValues, isoDate, optionalText, requiredText, type FieldErrors, type FormFailure } from '#app/utils/forms.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { isLocale, translate, type Locale } from '#app/utils/i18n.ts'
import { enqueueMail } from '#app/utils/mailer.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { zonedToInstant } from '#app/utils/recurrence.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { formatDateTime } from '#app/utils/time.ts'
import { zoneCity } from '#app/utils/zones.ts'

export { CONSULTATION_TOPICS }
export const CONSULTATION_URGENCIES = consultationUrgency.enumValues
export const CONSULTATION_STATUSES = consultationStatus.enumValues
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number]
/** Requests still in work; the inbox shows these unless asked otherwise. */
export const ACTIVE_STATUSES = ['open', 'scheduled', 'answered', 'held'] as const satisfies readonly ConsultationStatus[]
export const CONSULTATIONS_PAGE_SIZE = 30
/** Date-and-time suggestions a centre may add to its free-text preferred times. */
export const MAX_SUGGESTIONS = 3
export const MAX_ACTION_ITEMS = 30
/** Messages shown on a request's page; a thread longer than this is a sign of a problem, not a feature. */
export const THREAD_LIMIT = 500

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A rule of the request's life a person broke (closing an open request…): a 4xx with an i18n key. */
export class ConsultationRuleError extends Error {
  constructor(
    public readonly key: string,
    public readonly status: 400 | 403 | 404 | 409 | 422 = 409,
  ) {
    super(key)
  }
}

/** A uuid from a form or an address, before it reaches PostgreSQL (where a malformed one would be a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

export function consultationIdFrom(params: { id?: string }) {
  const id = params.id ?? ''
  if (!UUID.test(id)) notFound()
  return id
}

// ---------------------------------------------------------------------------------------------------
// Who may do what

/** Leaders and staff of a centre ask for consultations on its behalf. */
export function canRequestFor(user: CurrentUser, organisationId: string) {
  return user.memberships.some(
    (m) => m.organisationId === organisationId && m.kind === 'centre' && (m.role === 'leader' || m.role === 'staff'),
  )
}

/**
 * The condition "this person may see this request", as SQL over consultation_requests, for lists:
 * administrators all; members of the centre its requests; mentors the requests addressed to their
 * mentor organisation while the centre is in a programme it runs or in an active mentorship with it; managers the requests of the programmes
 * they manage while the centre takes part in them. requireConsultation applies the same rule to one request.
 */
export function visibleConsultationsCondition(user: CurrentUser): SQL | undefined {
  if (user.isAdmin) return undefined
  const myCentres = user.memberships.filter((m) => m.kind === 'centre').map((m) => m.organisationId)
  const mentorOrgs = mentorOrganisationIds(user)
  const managed = user.managedProgrammeIds
  const parts: SQL[] = []
  if (myCentres.length) parts.push(inArray(consultationRequests.organisationId, myCentres))
  if (mentorOrgs.length) {
    parts.push(
      and(
        inArray(consultationRequests.mentorOrganisationId, mentorOrgs),
        sql`(exists (select 1 from ${programmeCentres} pc join ${programmes} p on p.id = pc.programme_id
          where pc.organisation_id = ${consultationRequests.organisationId}
          and p.mentor_organisation_id = ${consultationRequests.mentorOrganisationId})
          or exists (select 1 from ${mentorships} ms where ms.centre_id = ${consultationRequests.organisationId}
          and ms.status = 'active' and ms.mentor_organisation_id = ${consultationRequests.mentorOrganisationId}))`,
      )!,
    )
  }
  if (managed.length) {
    parts.push(
      and(
        inArray(consultationRequests.programmeId, managed),
        sql`exists (select 1 from ${programmeCentres} pc
          where pc.programme_id = ${consultationRequests.programmeId}
          and pc.organisation_id = ${consultationRequests.organisationId})`,
      )!,
    )
  }
  if (!parts.length) return sql`false`
  return or(...parts)
}

/**
 * How a person stands towards one request:
 * - centre: a member of the asking centre — reads the thread and writes to it;
 * - mentor: a mentor of the organisation it is addressed to (or an administrator) — also acts on it;
 * - manager: manages its programme — reads only.
 */
export type ConsultationAccess = { side: 'centre' | 'mentor' | 'manager'; canAct: boolean; canWrite: boolean; isAdmin: boolean }

export async function consultationAccess(
  user: CurrentUser,
  request: Pick<ConsultationRequest, 'organisationId' | 'programmeId' | 'mentorOrganisationId'>,
  tx: Executor = db,
): Promise<ConsultationAccess | null> {
  if (user.isAdmin) return { side: 'mentor', canAct: true, canWrite: true, isAdmin: true }
  if (user.memberships.some((m) => m.organisationId === request.organisationId)) {
    return { side: 'centre', canAct: false, canWrite: true, isAdmin: false }
  }
  const mentorOrgs = mentorOrganisationIds(user)
  const addressedToMe = request.mentorOrganisationId !== null && mentorOrgs.includes(request.mentorOrganisationId)
  const manages = request.programmeId !== null && user.managedProgrammeIds.includes(request.programmeId)
  if (!addressedToMe && !manages) return null
  // The same rule as the list: the centre must still be in a programme the mentor organisation runs or
  // in an active mentorship with it (or in the managed programme). One query answers all three; an
  // aggregate without GROUP BY returns a row even for a centre that is in no programme any more.
  const [row] = await tx
    .select({
      mentored: addressedToMe
        ? sql<boolean>`coalesce(bool_or(${programmes.mentorOrganisationId} = ${request.mentorOrganisationId}), false) or exists (select 1 from ${mentorships} ms where ms.centre_id = ${request.organisationId} and ms.status = 'active' and ms.mentor_organisation_id = ${request.mentorOrganisationId})`
        : sql<boolean>`false`,
      managed: manages ? sql<boolean>`bool_or(${programmes.id} = ${request.programmeId})` : sql<boolean>`false`,
    })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .where(eq(programmeCentres.organisationId, request.organisationId))
  if (row?.mentored) return { side: 'mentor', canAct: true, canWrite: true, isAdmin: false }
  if (row?.managed) return { side: 'manager', canAct: false, canWrite: false, isAdmin: false }
  return null
}

/**
 * Signs in, loads the request and decides how the person stands towards it, or throws 404 / 403.
 * Every loader and action of a request's page starts here.
 */
export async function requireConsultation(args: Parameters<typeof requireUser>[0] & { params: { id?: string } }) {
  const user = await requireUser(args)
  const id = consultationIdFrom(args.params)
  const details = await getConsultation(id)
  if (!details) notFound()
  const access = await consultationAccess(user, details.request)
  if (!access) forbidden()
  return { user, details, access }
}

/** Action items become plan tasks by the mentor side or the centre's leader. */
export function canMakeTasks(user: CurrentUser, access: ConsultationAccess, organisationId: string) {
  return (
    access.canAct ||
    user.memberships.some((m) => m.organisationId === organisationId && m.role === 'leader')
  )
}

// ---------------------------------------------------------------------------------------------------
// The new request form

const suggestionField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: 'consultations.error.suggestion' })
  .transform((v) => v.slice(0, 16))

export const RequestFormSchema = z.object({
  programmeId: z.string().regex(UUID, { error: 'consultations.error.programme' }).optional(),
  topic: z.enum(CONSULTATION_TOPICS, { error: 'consultations.error.topic' }),
  subject: requiredText(200),
  description: z.string({ error: 'consultations.error.description' }).trim().min(1, { error: 'consultations.error.description' }).max(5000),
  urgency: z.enum(CONSULTATION_URGENCIES, { error: 'validation.choose' }).default('normal'),
  preferredTimes: optionalText(1000),
  suggestions: z.array(suggestionField).max(MAX_SUGGESTIONS, { error: 'consultations.error.suggestion' }),
  clientNgo: optionalText(300),
})
export const REQUEST_ARRAY_FIELDS = ['suggestions'] as const
export type RequestInput = z.output<typeof RequestFormSchema>

/** A suggested time as stored in preferred_times: one line «2026-03-12 10:00 (Europe/Moscow)». */
const SUGGESTION_LINE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) \(([A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})\)$/

/** Free text and suggested times in one column: the text, then a blank line and one line per suggestion. */
export function composePreferredTimes(text: string | undefined, suggestions: readonly string[], timeZone: string) {
  const lines = suggestions.map((s) => `${s.slice(0, 10)} ${s.slice(11, 16)} (${timeZone})`)
  const parts = [text?.trim() ?? '', lines.join('\n')].filter(Boolean)
  return parts.length ? parts.join('\n\n') : null
}

/** The stored column taken apart again: the free text and the suggested times as instants in their zone. */
export function parsePreferredTimes(stored: string | null) {
  const text: string[] = []
  const suggestions: { date: string; time: string; timeZone: string; at: Date }[] = []
  for (const line of (stored ?? '').split('\n')) {
    const m = SUGGESTION_LINE.exec(line.trim())
    const at = m ? zonedToInstant(m[1]!, m[2]!, m[3]!) : null
    if (m && at) suggestions.push({ date: m[1]!, time: m[2]!, timeZone: m[3]!, at })
    else text.push(line)
  }
  return { text: text.join('\n').trim(), suggestions }
}

/** Suggested times must be real moments of the requester's zone, and not in the past. */
export function checkSuggestions(suggestions: readonly string[], timeZone: string, now = new Date()): FieldErrors {
  for (const s of suggestions) {
    const at = zonedToInstant(s.slice(0, 10), s.slice(11, 16), timeZone)
    if (!at) return { suggestions: ['consultations.error.suggestion'] }
    if (at.getTime() < now.getTime()) return { suggestions: ['consultations.error.suggestionPast'] }
  }
  return {}
}

export type CentreProgrammeOption = {
  programmeId: string
  programmeName: string
  mentorOrganisationId: string
  mentorOrganisationName: string
}

/**
 * The programmes a centre takes part in, each with the organisation that mentors it there: the active
 * mentorship's mentor organisation if there is one, otherwise the programme's.
 */
export async function centreProgrammes(organisationId: string, tx: Executor = db): Promise<CentreProgrammeOption[]> {
  const mentorOrg = sql<string>`coalesce(${mentorships.mentorOrganisationId}, ${programmes.mentorOrganisationId})`
  return tx
    .select({
      programmeId: programmes.id,
      programmeName: programmes.name,
      mentorOrganisationId: mentorOrg,
      mentorOrganisationName: sql<string>`(select coalesce(o.short_name, o.name) from ${organisations} o where o.id = ${mentorOrg})`,
    })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .leftJoin(
      mentorships,
      and(
        eq(mentorships.programmeId, programmes.id),
        eq(mentorships.centreId, programmeCentres.organisationId),
        eq(mentorships.status, 'active'),
      ),
    )
    .where(eq(programmeCentres.organisationId, organisationId))
    .orderBy(desc(programmes.startsOn), asc(programmes.name))
}

/** Creates a request and tells the centre's mentors. Returns its id, or field errors (nothing written). */
export async function createConsultationRequest(
  tx: Executor,
  input: { user: CurrentUser; organisationId: string; data: RequestInput },
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const { user, organisationId, data } = input
  const options = await centreProgrammes(organisationId, tx)
  if (!options.length) throw new ConsultationRuleError('consultations.error.noProgramme', 409)
  const chosen = data.programmeId
    ? options.find((o) => o.programmeId === data.programmeId)
    : options.length === 1
      ? options[0]
      : undefined
  if (!chosen) return { ok: false, errors: { programmeId: ['consultations.error.programme'] } }
  const suggestionErrors = checkSuggestions(data.suggestions, user.timeZone)
  if (Object.keys(suggestionErrors).length) return { ok: false, errors: suggestionErrors }

  const [row] = await tx
    .insert(consultationRequests)
    .values({
      organisationId,
      programmeId: chosen.programmeId,
      mentorOrganisationId: chosen.mentorOrganisationId,
      requestedById: user.id,
      topic: data.topic,
      subject: data.subject,
      description: data.description,
      urgency: data.urgency,
      preferredTimes: composePreferredTimes(data.preferredTimes, data.suggestions, user.timeZone),
      clientNgo: data.clientNgo ?? null,
    })
    .returning()
  const request = row!
  await audit(tx, {
    actorId: user.id,
    action: 'consultation.create',
    entityType: 'consultation',
    entityId: request.id,
    organisationId,
    data: { topic: data.topic, urgency: data.urgency, programmeId: chosen.programmeId, mentorOrganisationId: chosen.mentorOrganisationId },
  })
  const mentors = await mentorRecipients(tx, request)
  await mailAboutRequest(tx, request, mentors, 'new', { actorName: user.name })
  return { ok: true, id: request.id }
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** One request with the names the page shows, or null. */
export async function getConsultation(id: string, tx: Executor = db) {
  const requester = sql<string | null>`(select u.name from ${users} u where u.id = ${consultationRequests.requestedById})`
  const assigned = sql<string | null>`(select u.name from ${users} u where u.id = ${consultationRequests.assignedMentorId})`
  const mentorOrgName = sql<string | null>`(select coalesce(o.short_name, o.name) from ${organisations} o where o.id = ${consultationRequests.mentorOrganisationId})`
  const [row] = await tx
    .select({
      request: consultationRequests,
      centreName: organisations.name,
      centreShortName: organisations.shortName,
      centreZone: regions.timeZone,
      programmeName: programmes.name,
      mentorOrganisationName: mentorOrgName,
      requestedByName: requester,
      assignedMentorName: assigned,
      event: {
        id: events.id,
        title: events.title,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        timeZone: events.timeZone,
        status: events.status,
        onlineUrl: events.onlineUrl,
        address: events.address,
      },
    })
    .from(consultationRequests)
    .innerJoin(organisations, eq(organisations.id, consultationRequests.organisationId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .leftJoin(programmes, eq(programmes.id, consultationRequests.programmeId))
    .leftJoin(events, eq(events.id, consultationRequests.eventId))
    .where(eq(consultationRequests.id, id))
  if (!row) return null
  return { ...row, event: row.event?.id ? row.event : null }
}

export type ConsultationDetails = NonNullable<Awaited<ReturnType<typeof getConsultation>>>

/** The thread, oldest first, with authors' names and which side they wrote from. */
export async function getThread(request: Pick<ConsultationRequest, 'id' | 'organisationId'>, tx: Executor = db) {
  return tx
    .select({
      id: consultationMessages.id,
      body: consultationMessages.body,
      event: consultationMessages.event,
      createdAt: consultationMessages.createdAt,
      authorId: consultationMessages.authorId,
      authorName: users.name,
      fromCentre: sql<boolean>`exists (select 1 from ${memberships} m where m.user_id = ${consultationMessages.authorId} and m.organisation_id = ${request.organisationId})`,
    })
    .from(consultationMessages)
    .leftJoin(users, eq(users.id, consultationMessages.authorId))
    .where(eq(consultationMessages.requestId, request.id))
    .orderBy(asc(consultationMessages.createdAt), asc(consultationMessages.id))
    .limit(THREAD_LIMIT)
}

export async function getActionItems(requestId: string, tx: Executor = db) {
  return tx
    .select({
      id: consultationActionItems.id,
      text: consultationActionItems.text,
      taskId: consultationActionItems.taskId,
      taskTitle: planTasks.title,
      taskStatus: planTasks.status,
      taskDueOn: planTasks.dueOn,
    })
    .from(consultationActionItems)
    .leftJoin(planTasks, eq(planTasks.id, consultationActionItems.taskId))
    .where(eq(consultationActionItems.requestId, requestId))
    .orderBy(asc(consultationActionItems.position), asc(consultationActionItems.createdAt))
}

/** Mentors and leaders of the mentor organisation: whom a request can be assigned to. */
export async function assignableMentors(mentorOrganisationId: string | null, tx: Executor = db) {
  if (!mentorOrganisationId) return []
  return tx
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organisationId, mentorOrganisationId),
        inArray(memberships.role, ['mentor', 'leader']),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(users.name))
}

/** The goals of the centre's development plan, for turning an action item into a task. */
export async function planGoalsOf(organisationId: string, tx: Executor = db) {
  return tx
    .select({ id: planGoals.id, title: planGoals.title, planId: planGoals.planId })
    .from(planGoals)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planGoals.planId))
    .where(eq(developmentPlans.organisationId, organisationId))
    .orderBy(asc(planGoals.position), asc(planGoals.createdAt))
}

// ---------------------------------------------------------------------------------------------------
// Lists

export const ListQuerySchema = z.object({
  status: z.enum([...CONSULTATION_STATUSES, 'active', 'all']).catch('active'),
  topic: z.enum(CONSULTATION_TOPICS).optional().catch(undefined),
  urgency: z.enum(CONSULTATION_URGENCIES).optional().catch(undefined),
  centre: z.string().regex(UUID).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
export type ListQuery = z.output<typeof ListQuerySchema>

export function parseListQuery(url: URL, defaults: { status?: ListQuery['status'] } = {}): ListQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['status', 'topic', 'urgency', 'centre', 'page']) raw[key] = url.searchParams.get(key)?.trim() || undefined
  raw.status ??= defaults.status
  return ListQuerySchema.parse(raw)
}

const urgencyRank = sql`case ${consultationRequests.urgency} when 'urgent' then 0 when 'normal' then 1 else 2 end`

/**
 * A page of requests the person may see, filtered. The inbox reads urgent and oldest first (what waits
 * longest gets answered first); a centre's own list reads open ones first, newest first.
 */
export async function listConsultations(
  user: CurrentUser,
  query: ListQuery,
  options: { organisationId?: string; order: 'inbox' | 'centre' },
  tx: Executor = db,
) {
  const conditions: (SQL | undefined)[] = [visibleConsultationsCondition(user)]
  if (options.organisationId) conditions.push(eq(consultationRequests.organisationId, options.organisationId))
  else if (query.centre) conditions.push(eq(consultationRequests.organisationId, query.centre))
  if (query.status === 'active') conditions.push(inArray(consultationRequests.status, [...ACTIVE_STATUSES]))
  else if (query.status !== 'all') conditions.push(eq(consultationRequests.status, query.status))
  if (query.topic) conditions.push(eq(consultationRequests.topic, query.topic))
  if (query.urgency) conditions.push(eq(consultationRequests.urgency, query.urgency))
  const where = and(...conditions)
  const activeFirst = sql`case when ${consultationRequests.status} in ('closed', 'declined') then 1 else 0 end`
  const order =
    options.order === 'inbox'
      ? [urgencyRank, asc(consultationRequests.createdAt), asc(consultationRequests.id)]
      : [activeFirst, desc(consultationRequests.createdAt), desc(consultationRequests.id)]
  const [rows, [counted]] = await Promise.all([
    tx
      .select({
        id: consultationRequests.id,
        subject: consultationRequests.subject,
        topic: consultationRequests.topic,
        urgency: consultationRequests.urgency,
        status: consultationRequests.status,
        createdAt: consultationRequests.createdAt,
        updatedAt: consultationRequests.updatedAt,
        organisationId: consultationRequests.organisationId,
        centreName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
        requestedByName: sql<string | null>`(select u.name from ${users} u where u.id = ${consultationRequests.requestedById})`,
        assignedMentorName: sql<string | null>`(select u.name from ${users} u where u.id = ${consultationRequests.assignedMentorId})`,
        eventStartsAt: events.startsAt,
        eventTimeZone: events.timeZone,
      })
      .from(consultationRequests)
      .innerJoin(organisations, eq(organisations.id, consultationRequests.organisationId))
      .leftJoin(events, eq(events.id, consultationRequests.eventId))
      .where(where)
      .orderBy(...order)
      .limit(CONSULTATIONS_PAGE_SIZE)
      .offset((query.page - 1) * CONSULTATIONS_PAGE_SIZE),
    tx.select({ total: sql<number>`count(*)::int` }).from(consultationRequests).where(where),
  ])
  const total = counted?.total ?? 0
  return { rows, total, pages: Math.max(1, Math.ceil(total / CONSULTATIONS_PAGE_SIZE)) }
}

/** Centres the inbox can filter by: those of the programmes the person mentors or manages; all for administrators. */
export async function inboxCentres(user: CurrentUser, tx: Executor = db) {
  const name = sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`
  if (user.isAdmin) {
    return tx
      .selectDistinct({ id: organisations.id, name, sortName: organisations.name })
      .from(programmeCentres)
      .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
      .orderBy(organisations.name)
      .then((rows) => rows.map(({ id, name }) => ({ id, name })))
  }
  const mentorOrgs = mentorOrganisationIds(user)
  const parts: SQL[] = []
  if (mentorOrgs.length) parts.push(inArray(programmes.mentorOrganisationId, mentorOrgs))
  if (user.managedProgrammeIds.length) parts.push(inArray(programmes.id, user.managedProgrammeIds))
  if (!parts.length) return []
  const rows = await tx
    .selectDistinct({ id: organisations.id, name, sortName: organisations.name })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
    .where(or(...parts))
    .orderBy(organisations.name)
  return rows.map(({ id, name }) => ({ id, name }))
}

// ---------------------------------------------------------------------------------------------------
// Status changes

export type Transition = 'assign' | 'schedule' | 'answer' | 'decline' | 'record' | 'close' | 'message' | 'task'

/** From which statuses each action may be taken; anything else is refused with its own message. */
export const ALLOWED_FROM: Record<Transition, readonly ConsultationStatus[]> = {
  assign: ['open', 'scheduled', 'answered', 'held'],
  schedule: ['open'],
  answer: ['open'],
  decline: ['open', 'scheduled'],
  record: ['scheduled', 'answered', 'held'],
  close: ['answered', 'held'],
  message: ['open', 'scheduled', 'answered', 'held'],
  task: ['held', 'closed'],
}

export function allowed(transition: Transition, status: ConsultationStatus) {
  return ALLOWED_FROM[transition].includes(status)
}

/** Locks the request for the rest of the transaction and checks the action is allowed in its status. */
async function lockFor(tx: Executor, requestId: string, transition: Transition) {
  const [row] = await tx.select().from(consultationRequests).where(eq(consultationRequests.id, requestId)).for('update')
  if (!row) throw new ConsultationRuleError('errors.notFound', 404)
  if (!allowed(transition, row.status)) throw new ConsultationRuleError(`consultations.error.cannot.${transition}`, 409)
  return row
}

type Actor = { id: string; name: string }

async function threadEntry(tx: Executor, requestId: string, actorId: string, event: string | null, body: string) {
  await tx.insert(consultationMessages).values({ requestId, authorId: actorId, event, body })
}

async function changeStatus(
  tx: Executor,
  request: ConsultationRequest,
  actor: Actor,
  values: Partial<typeof consultationRequests.$inferInsert>,
  change: { event: string; body?: string; action: string; data?: Record<string, unknown> },
) {
  const [updated] = await tx
    .update(consultationRequests)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(consultationRequests.id, request.id))
    .returning()
  await threadEntry(tx, request.id, actor.id, change.event, change.body ?? '')
  await audit(tx, {
    actorId: actor.id,
    action: `consultation.${change.action}`,
    entityType: 'consultation',
    entityId: request.id,
    organisationId: request.organisationId,
    data: { from: request.status, to: updated!.status, ...change.data },
  })
  // The requester hears about what the mentor side did (not about their own doings).
  if (request.requestedById && request.requestedById !== actor.id) {
    await mailAboutRequest(tx, updated!, [request.requestedById], `status.${change.event}`, {
      actorName: actor.name,
      text: change.body ?? '',
    })
  }
  return updated!
}

/** The mentor side takes the request and names who answers it. */
export async function assignConsultation(tx: Executor, input: { requestId: string; mentorId: string; actor: Actor }) {
  const request = await lockFor(tx, input.requestId, 'assign')
  const mentors = await assignableMentors(request.mentorOrganisationId, tx)
  const mentor = mentors.find((m) => m.id === input.mentorId)
  if (!mentor) throw new ConsultationRuleError('consultations.error.mentor', 422)
  return changeStatus(
    tx,
    request,
    input.actor,
    { assignedMentorId: mentor.id },
    { event: 'assigned', body: mentor.name, action: 'assign', data: { assignedMentorId: mentor.id } },
  )
}

/** The schedule form's fields, as the event form names them; anything else the event form reports goes on top. */
const SCHEDULE_FIELDS = ['title', 'startDate', 'startTime', 'endTime', 'timeZone', 'onlineUrl', 'address'] as const

/**
 * Schedules a meeting: a 'consultation' event in the programme's calendar for the centre (validated and
 * created by the event form's own code), the requester registered — so it lands in their calendar feed
 * and they get the .ics invitation — and the request linked to it.
 */
export async function scheduleConsultation(
  tx: Executor,
  input: { requestId: string; user: CurrentUser; formData: FormData },
): Promise<{ ok: true; eventId: string } | FormFailure> {
  const { user, formData } = input
  const request = await lockFor(tx, input.requestId, 'schedule')
  if (!request.programmeId) throw new ConsultationRuleError('consultations.error.noProgramme', 409)
  const failWith = (errors: FieldErrors) => ({ ok: false as const, errors, values: formValues(formData) })

  const mentorId = formData.get('assignedMentorId')
  const mentors = await assignableMentors(request.mentorOrganisationId, tx)
  const chosenMentor =
    typeof mentorId === 'string' && mentorId
      ? mentors.find((m) => m.id === mentorId)
      : (mentors.find((m) => m.id === request.assignedMentorId) ?? mentors.find((m) => m.id === user.id))
  const mentorErrors: FieldErrors = typeof mentorId === 'string' && mentorId && !chosenMentor ? { assignedMentorId: ['consultations.error.mentor'] } : {}

  const eventForm = new FormData()
  eventForm.set('kind', 'consultation')
  eventForm.set('programmeId', request.programmeId)
  eventForm.set('audience', 'centres')
  eventForm.append('audienceCentreIds', request.organisationId)
  for (const name of SCHEDULE_FIELDS) {
    const value = formData.get(name)
    if (typeof value === 'string') eventForm.set(name, value)
  }
  eventForm.set('descriptionText', translate(isLocale(user.locale) ? user.locale : 'ru', 'consultations.eventDescription', { link: `${appUrl}/consultations/${request.id}` }))
  const valid = await validateEventForm(tx, user, eventForm, 'new')
  const errors: FieldErrors = { ...mentorErrors }
  if (!valid.ok) {
    for (const [name, keys] of Object.entries(valid.errors)) {
      const field = name === 'endDate' ? 'endTime' : (SCHEDULE_FIELDS as readonly string[]).includes(name) ? name : ''
      errors[field] = [...(errors[field] ?? []), ...keys]
    }
  } else {
    if (!valid.data.onlineUrl && !valid.data.address) errors.onlineUrl = ['consultations.error.where']
    if (valid.data.startsAt.getTime() <= Date.now()) errors.startDate = ['consultations.error.pastTime']
  }
  if (!valid.ok || Object.keys(errors).length) return failWith(errors)

  const created = await createEvents(tx, {
    actorId: user.id,
    organiserId: valid.organiserId,
    programmeId: request.programmeId,
    data: valid.data,
  })
  if (request.requestedById) {
    try {
      const status = await registerForEvent(tx, {
        eventId: created.id,
        userId: request.requestedById,
        organisationId: request.organisationId,
      })
      await notifyAboutEvent(tx, created.id, [request.requestedById], status)
    } catch (error) {
      if (error instanceof EventRuleError) throw new ConsultationRuleError(error.key, 409)
      throw error
    }
  }
  await changeStatus(
    tx,
    request,
    { id: user.id, name: user.name },
    { status: 'scheduled', eventId: created.id, assignedMentorId: chosenMentor?.id ?? request.assignedMentorId },
    { event: 'scheduled', action: 'schedule', data: { eventId: created.id } },
  )
  return { ok: true, eventId: created.id }
}

export const AnswerFormSchema = z.object({
  answer: z.string({ error: 'consultations.error.answer' }).trim().min(1, { error: 'consultations.error.answer' }).max(20_000),
})

/** Answers in writing: the answer is kept on the request and shown in the thread. */
export async function answerConsultation(tx: Executor, input: { requestId: string; answer: string; actor: Actor }) {
  const request = await lockFor(tx, input.requestId, 'answer')
  const assigned = request.assignedMentorId ?? (await isAssignable(tx, request, input.actor.id) ? input.actor.id : null)
  return changeStatus(
    tx,
    request,
    input.actor,
    { status: 'answered', answer: input.answer, answeredAt: new Date(), assignedMentorId: assigned },
    { event: 'answered', body: input.answer, action: 'answer' },
  )
}

async function isAssignable(tx: Executor, request: ConsultationRequest, userId: string) {
  return (await assignableMentors(request.mentorOrganisationId, tx)).some((m) => m.id === userId)
}

export const DeclineFormSchema = z.object({
  reason: z.string({ error: 'consultations.error.reason' }).trim().min(1, { error: 'consultations.error.reason' }).max(5000),
})

/** Declines with a reason; a meeting already in the calendar is cancelled, so calendars drop it. */
export async function declineConsultation(tx: Executor, input: { requestId: string; reason: string; actor: Actor }) {
  const request = await lockFor(tx, input.requestId, 'decline')
  if (request.eventId) {
    const [event] = await tx.select({ status: events.status }).from(events).where(eq(events.id, request.eventId))
    if (event && event.status !== 'cancelled') await cancelEvent(tx, request.eventId)
  }
  return changeStatus(
    tx,
    request,
    input.actor,
    { status: 'declined', closedAt: new Date() },
    { event: 'declined', body: input.reason, action: 'decline' },
  )
}

export const OutcomeFormSchema = z.object({
  outcomeNotes: z.string({ error: 'consultations.error.notes' }).trim().min(1, { error: 'consultations.error.notes' }).max(20_000),
  minutesSpent: z
    .string({ error: 'consultations.error.minutes' })
    .trim()
    .regex(/^\d{1,5}$/, { error: 'consultations.error.minutes' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 6000, { error: 'consultations.error.minutes' }),
  actionItems: z
    .string()
    .max(20_000)
    .optional()
    .transform((text) =>
      (text ?? '')
        .split('\n')
        .map((line) => line.replace(/^\s*(?:[-•*]|\d+[.)])\s*/, '').trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(500, { error: 'consultations.error.itemTooLong' }))
        .max(MAX_ACTION_ITEMS, { error: 'consultations.error.tooManyItems' }),
    ),
})
export type OutcomeInput = z.output<typeof OutcomeFormSchema>

/**
 * Records what happened: notes, minutes spent and new action items. The first time marks the request held;
 * later the notes and minutes are corrected and more items added.
 */
export async function recordOutcome(tx: Executor, input: { requestId: string; data: OutcomeInput; actor: Actor }) {
  const request = await lockFor(tx, input.requestId, 'record')
  const [{ n } = { n: 0 }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(consultationActionItems)
    .where(eq(consultationActionItems.requestId, request.id))
  if (n + input.data.actionItems.length > MAX_ACTION_ITEMS) throw new ConsultationRuleError('consultations.error.tooManyItems', 422)
  if (input.data.actionItems.length) {
    await tx.insert(consultationActionItems).values(
      input.data.actionItems.map((text, i) => ({ requestId: request.id, text, position: n + i })),
    )
  }
  const first = request.status !== 'held'
  if (!first) {
    await tx
      .update(consultationRequests)
      .set({ outcomeNotes: input.data.outcomeNotes, minutesSpent: input.data.minutesSpent, updatedAt: new Date() })
      .where(eq(consultationRequests.id, request.id))
    await audit(tx, {
      actorId: input.actor.id,
      action: 'consultation.outcome',
      entityType: 'consultation',
      entityId: request.id,
      organisationId: request.organisationId,
      data: { minutesSpent: input.data.minutesSpent, itemsAdded: input.data.actionItems.length },
    })
    return request
  }
  return changeStatus(
    tx,
    request,
    input.actor,
    {
      status: 'held',
      outcomeNotes: input.data.outcomeNotes,
      minutesSpent: input.data.minutesSpent,
      heldAt: new Date(),
      assignedMentorId: request.assignedMentorId ?? ((await isAssignable(tx, request, input.actor.id)) ? input.actor.id : null),
    },
    {
      event: 'held',
      action: 'hold',
      data: { minutesSpent: input.data.minutesSpent, itemsAdded: input.data.actionItems.length },
    },
  )
}

/** Closes a request that was answered in writing or held; an open or only scheduled one cannot be closed. */
export async function closeConsultation(tx: Executor, input: { requestId: string; actor: Actor }) {
  const request = await lockFor(tx, input.requestId, 'close')
  return changeStatus(tx, request, input.actor, { status: 'closed', closedAt: new Date() }, { event: 'closed', action: 'close' })
}

export const MessageFormSchema = z.object({
  body: z.string({ error: 'consultations.error.message' }).trim().min(1, { error: 'consultations.error.message' }).max(10_000),
})

/**
 * A message in the thread. A centre's message goes to the assigned mentor (or, before anyone is assigned,
 * to the centre's mentors); a mentor's message goes to the requester.
 */
export async function postMessage(
  tx: Executor,
  input: { requestId: string; body: string; actor: Actor; side: 'centre' | 'mentor' },
) {
  const request = await lockFor(tx, input.requestId, 'message')
  await threadEntry(tx, request.id, input.actor.id, null, input.body)
  await tx.update(consultationRequests).set({ updatedAt: new Date() }).where(eq(consultationRequests.id, request.id))
  const recipients =
    input.side === 'centre'
      ? request.assignedMentorId
        ? [request.assignedMentorId]
        : await mentorRecipients(tx, request)
      : request.requestedById
        ? [request.requestedById]
        : []
  await mailAboutRequest(
    tx,
    request,
    recipients.filter((id) => id !== input.actor.id),
    'message',
    { actorName: input.actor.name, text: input.body },
  )
}

export const TaskFormSchema = z.object({
  itemId: z.string().regex(UUID, { error: 'errors.notFound' }),
  goalId: z.string({ error: 'consultations.error.goal' }).regex(UUID, { error: 'consultations.error.goal' }),
  ownerId: z.string().regex(UUID, { error: 'consultations.error.owner' }).optional(),
  dueOn: isoDate.optional(),
})
export type TaskInput = z.output<typeof TaskFormSchema>

/**
 * Makes an action item a task of the centre's development plan (through the plan's own addPlanTask, which
 * checks the goal, owner and due date against the plan) and links the two. The task remembers the
 * consultation it came from. Field errors come back with nothing written.
 */
export async function createTaskFromItem(
  tx: Executor,
  input: { requestId: string; data: TaskInput; actor: Actor },
): Promise<{ ok: true; taskId: string } | { ok: false; status: 404 | 409 | 422; errors: FieldErrors }> {
  const request = await lockFor(tx, input.requestId, 'task')
  const [item] = await tx
    .select()
    .from(consultationActionItems)
    .where(and(eq(consultationActionItems.id, input.data.itemId), eq(consultationActionItems.requestId, request.id)))
    .for('update')
  if (!item) throw new ConsultationRuleError('errors.notFound', 404)
  if (item.taskId) throw new ConsultationRuleError('consultations.error.alreadyTask', 409)
  const added = await addPlanTask(tx, {
    organisationId: request.organisationId,
    goalId: input.data.goalId,
    title: item.text,
    ownerId: input.data.ownerId ?? null,
    dueOn: input.data.dueOn ?? null,
    consultationId: request.id,
    actorId: input.actor.id,
  })
  if (!added.ok) return added
  await tx.update(consultationActionItems).set({ taskId: added.taskId }).where(eq(consultationActionItems.id, item.id))
  await audit(tx, {
    actorId: input.actor.id,
    action: 'consultation.task-create',
    entityType: 'consultation',
    entityId: request.id,
    organisationId: request.organisationId,
    data: { itemId: item.id, taskId: added.taskId, goalId: input.data.goalId },
  })
  return { ok: true, taskId: added.taskId }
}

// ---------------------------------------------------------------------------------------------------
// E-mail

/**
 * Who hears about a new request: the mentors named in the centre's active mentorship for that programme,
 * otherwise the mentor organisation's mentors (or, if it has none, its leaders).
 */
export async function mentorRecipients(tx: Executor, request: Pick<ConsultationRequest, 'programmeId' | 'organisationId' | 'mentorOrganisationId'>) {
  if (request.programmeId) {
    const named = await tx
      .select({ id: mentorshipPeople.userId })
      .from(mentorshipPeople)
      .innerJoin(mentorships, eq(mentorships.id, mentorshipPeople.mentorshipId))
      .where(
        and(
          eq(mentorships.programmeId, request.programmeId),
          eq(mentorships.centreId, request.organisationId),
          eq(mentorships.status, 'active'),
          eq(mentorshipPeople.side, 'mentor'),
        ),
      )
    if (named.length) return named.map((r) => r.id)
  }
  if (!request.mentorOrganisationId) return []
  const people = await tx
    .select({ id: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, request.mentorOrganisationId), inArray(memberships.role, ['mentor', 'leader'])))
  const mentors = people.filter((p) => p.role === 'mentor')
  return (mentors.length ? mentors : people).map((p) => p.id)
}

type MailKind = 'new' | 'message' | `status.${string}`

/** Mails people about a request, each in their own language, through the caller's transaction. */
async function mailAboutRequest(
  tx: Executor,
  request: ConsultationRequest,
  userIds: readonly string[],
  kind: MailKind,
  extra: { actorName: string; text?: string },
) {
  const ids = [...new Set(userIds)]
  if (!ids.length) return
  const [people, [centre], [event]] = await Promise.all([
    tx
      .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, timeZone: users.timeZone })
      .from(users)
      .where(and(inArray(users.id, ids), isNull(users.disabledAt))),
    tx
      .select({ name: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})` })
      .from(organisations)
      .where(eq(organisations.id, request.organisationId)),
    request.eventId
      ? tx
          .select({ startsAt: events.startsAt, timeZone: events.timeZone, onlineUrl: events.onlineUrl, address: events.address })
          .from(events)
          .where(eq(events.id, request.eventId))
      : Promise.resolve([]),
  ])
  for (const person of people) {
    const locale: Locale = isLocale(person.locale) ? person.locale : 'ru'
    const when = event
      ? `${formatDateTime(locale, event.startsAt, event.timeZone)} (${zoneCity(event.timeZone, locale)})` +
        (person.timeZone !== event.timeZone
          ? ` / ${formatDateTime(locale, event.startsAt, person.timeZone)} (${zoneCity(person.timeZone, locale)})`
          : '')
      : ''
    const params = {
      name: person.name,
      actor: extra.actorName,
      centre: centre?.name ?? '',
      subject: request.subject,
      topic: translate(locale, `consultations.topic.${request.topic}`),
      urgency: translate(locale, `consultations.urgency.${request.urgency}`),
      description: request.description,
      text: extra.text ?? '',
      when,
      where: event?.onlineUrl ?? event?.address ?? '—',
      link: `${appUrl}/consultations/${request.id}`,
    }
    await enqueueMail(tx, {
      to: person.email,
      kind: `consultation-${kind.replace('.', '-')}`,
      subject: translate(locale, `consultations.mail.${kind}.subject`, params),
      text: translate(locale, `consultations.mail.${kind}.body`, params),
    })
  }
}

/** Statuses whose thread entry is a status change (for the page); anything else is a plain message. */
export const THREAD_EVENTS = ['assigned', 'scheduled', 'answered', 'declined', 'held', 'closed'] as const
