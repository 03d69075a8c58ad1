import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  courses,
  lessons,
  eventAudienceCentres,
  eventSeries,
  events,
  organisations,
  programmeCentres,
  programmes,
  regions,
  registrations,
  type Event,
} from '#db/schema/index.ts'
import {
  activeRegistrantIds,
  canManageEventsOf,
  EVENT_KINDS,
  EventRuleError,
  generateCheckInCode,
  notifyAboutEvent,
  promoteWaitlist,
} from '#app/models/event.server.ts'
import { db } from '#app/utils/db.server.ts'
import {
  formDataToObject,
  formValues,
  isoDate,
  issuesToErrors,
  optionalText,
  optionalUrl,
  requiredText,
  type FieldErrors,
  type FormFailure,
} from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { expandSeries, MAX_OCCURRENCES, zonedToInstant, type Frequency } from '#app/utils/recurrence.ts'
import { docToPlainText, type RichTextDoc } from '#app/utils/rich-text-doc.ts'
import { richTextField, richTextInput } from '#app/utils/rich-text.server.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { isValidTimeZone, utcOffsetLabel } from '#app/utils/time.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// <input type="time"> sends HH:MM, or HH:MM:SS when a step is set; seconds are dropped.
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/
const DAY_MS = 24 * 3600 * 1000

/** Longer than this is a mistake in the dates, not an event; the upcoming list also relies on it for its index. */
export const MAX_EVENT_DAYS = 31
export const EVENTS_PAGE_SIZE = 30
export const REPEAT_OPTIONS = ['none', 'weekly', 'biweekly', 'monthly'] as const
export const EVENT_ARRAY_FIELDS = ['audienceCentreIds'] as const
/** Registrations shown on an event's page; a federal network meeting may have thousands. */
export const REGISTRATIONS_SHOWN = 500

/** The event id from the URL, or 404: a malformed id must not reach PostgreSQL as a uuid (that would be a 500). */
export function eventIdFrom(params: Record<string, string | undefined>) {
  const id = params.id ?? ''
  if (!UUID.test(id)) notFound()
  return id
}

// Russia's zones, west to east, then the neighbours and partners people most often meet with.
const RUSSIAN_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Simferopol',
  'Europe/Volgograd',
  'Europe/Kirov',
  'Europe/Samara',
  'Europe/Astrakhan',
  'Europe/Saratov',
  'Europe/Ulyanovsk',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Barnaul',
  'Asia/Tomsk',
  'Asia/Novokuznetsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Chita',
  'Asia/Yakutsk',
  'Asia/Khandyga',
  'Asia/Vladivostok',
  'Asia/Ust-Nera',
  'Asia/Magadan',
  'Asia/Sakhalin',
  'Asia/Srednekolymsk',
  'Asia/Kamchatka',
  'Asia/Anadyr',
] as const
const FOREIGN_ZONES = [
  'Europe/London',
  'Europe/Berlin',
  'Europe/Minsk',
  'Europe/Istanbul',
  'Asia/Yerevan',
  'Asia/Tbilisi',
  'Asia/Baku',
  'Asia/Dubai',
  'Asia/Tashkent',
  'Asia/Almaty',
  'Asia/Bishkek',
] as const

/** An IANA zone name both Intl and Luxon understand (not an offset like "+03:00", which has no rules). */
export function isEventTimeZone(zone: string) {
  return (
    /^[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2}$/.test(zone) && isValidTimeZone(zone) && DateTime.now().setZone(zone).isValid
  )
}

export type ZoneOption = { zone: string; offset: string }

/** The zone select: Russian zones by offset, then a few foreign ones; an event's own zone is always offered. */
export function zoneOptions(current?: string | null): ZoneOption[] {
  const byOffset = (zones: readonly string[]) =>
    zones
      .map((zone) => ({ zone, minutes: DateTime.now().setZone(zone).offset }))
      .sort((a, b) => a.minutes - b.minutes || a.zone.localeCompare(b.zone))
      .map(({ zone }) => ({ zone, offset: utcOffsetLabel(zone) }))
  const list = [...byOffset(RUSSIAN_ZONES), ...byOffset(FOREIGN_ZONES)]
  if (current && !list.some((z) => z.zone === current) && isEventTimeZone(current)) {
    list.push({ zone: current, offset: utcOffsetLabel(current) })
  }
  return list
}

// ---------------------------------------------------------------------------------------------------
// The form

const timeField = z
  .string({ error: 'validation.required' })
  .regex(TIME, { error: 'schedule.error.time' })
  .transform((v) => v.slice(0, 5))

/** Everything but the times: checked on its own so one submit reports problems of both parts. */
export const EventFieldsSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { error: 'validation.choose' }),
    title: requiredText(300),
    programmeId: z.string({ error: 'validation.choose' }).regex(UUID, { error: 'validation.choose' }),
    hostId: z.string().regex(UUID, { error: 'schedule.error.hostNotInProgramme' }).optional(),
    lessonId: z.string().regex(UUID, { error: 'schedule.error.lesson' }).optional(),
    onlineUrl: optionalUrl,
    address: optionalText(500),
    capacity: z
      .string()
      .regex(/^\d{1,6}$/, { error: 'schedule.error.capacity' })
      .transform(Number)
      .refine((n) => n >= 1, { error: 'schedule.error.capacity' })
      .optional(),
    audience: z.enum(['programme', 'centres'], { error: 'validation.choose' }).default('programme'),
    audienceCentreIds: z
      .array(z.string().regex(UUID, { error: 'schedule.error.audienceNotInProgramme' }))
      .max(5000)
      .transform((ids) => [...new Set(ids)]),
    isPublic: z
      .string()
      .optional()
      .transform((v) => v !== undefined),
    /** The event's sequence when the edit form was built: a stale form gets 409 instead of overwriting. */
    version: z.coerce.number().int().nonnegative().optional(),
  })
  .refine((v) => v.audience !== 'centres' || v.audienceCentreIds.length > 0, {
    path: ['audienceCentreIds'],
    error: 'schedule.error.audienceEmpty',
    when: (payload) => {
      const v = payload.value as { audience?: unknown; audienceCentreIds?: unknown } | undefined
      return v?.audience === 'centres' && Array.isArray(v.audienceCentreIds)
    },
  })

const timingFields = {
  startDate: isoDate,
  startTime: timeField,
  endDate: isoDate.optional(),
  endTime: timeField,
  timeZone: z.string({ error: 'validation.timeZone' }).refine(isEventTimeZone, { error: 'validation.timeZone' }),
}

const repeatFields = {
  repeat: z.enum(REPEAT_OPTIONS, { error: 'validation.choose' }).default('none'),
  repeatEnd: z.enum(['count', 'until'], { error: 'validation.choose' }).default('count'),
  repeatCount: z.string().optional(),
  repeatUntil: z.string().optional(),
}

type TimingValues = {
  startDate: string
  startTime: string
  endDate?: string
  endTime: string
  timeZone: string
  repeat?: (typeof REPEAT_OPTIONS)[number]
  repeatEnd?: 'count' | 'until'
  repeatCount?: string
  repeatUntil?: string
}

export type SeriesPlan = {
  frequency: Frequency
  firstDate: string
  localStartTime: string
  durationMinutes: number
  timeZone: string
  count: number | null
  untilDate: string | null
  occurrences: { startsAt: Date; endsAt: Date }[]
}

const INTERVAL_DAYS: Record<Frequency, number> = { weekly: 7, biweekly: 14, monthly: 28 }

/**
 * Wall-clock dates and times in the event's zone → instants, with every rule about them: the end after the
 * start, no time that the zone skips, a sane length, and for a series its occurrences (at most 60).
 */
function resolveTiming(v: TimingValues, ctx: z.RefinementCtx) {
  const endDate = v.endDate ?? v.startDate
  // A day the calendar does not have (30 February) is a wrong date, not a wrong time.
  let badDate = false
  const dates: [string, string | undefined][] = [
    ['startDate', v.startDate],
    ['endDate', v.endDate],
  ]
  for (const [field, value] of dates) {
    if (value !== undefined && !DateTime.fromISO(value).isValid) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'validation.date' })
      badDate = true
    }
  }
  if (badDate) return z.NEVER
  const startsAt = zonedToInstant(v.startDate, v.startTime, v.timeZone)
  const endsAt = zonedToInstant(endDate, v.endTime, v.timeZone)
  if (!startsAt) ctx.addIssue({ code: 'custom', path: ['startTime'], message: 'schedule.error.noSuchTime' })
  if (!endsAt) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'schedule.error.noSuchTime' })
  if (!startsAt || !endsAt) return z.NEVER
  if (endsAt <= startsAt) {
    ctx.addIssue({
      code: 'custom',
      path: [endDate < v.startDate ? 'endDate' : 'endTime'],
      message: 'schedule.error.endBeforeStart',
    })
    return z.NEVER
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_EVENT_DAYS * DAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'schedule.error.tooLong' })
    return z.NEVER
  }
  const base = { timeZone: v.timeZone, startsAt, endsAt, series: null as SeriesPlan | null }
  if (!v.repeat || v.repeat === 'none') return base

  const frequency: Frequency = v.repeat
  const durationMinutes = Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000)
  if (durationMinutes >= INTERVAL_DAYS[frequency] * 24 * 60) {
    ctx.addIssue({ code: 'custom', path: ['repeat'], message: 'schedule.error.seriesOverlap' })
    return z.NEVER
  }
  let count: number | null = null
  let untilDate: string | null = null
  if (v.repeatEnd === 'until') {
    if (!v.repeatUntil || !isoDate.safeParse(v.repeatUntil).success || v.repeatUntil < v.startDate) {
      ctx.addIssue({ code: 'custom', path: ['repeatUntil'], message: 'schedule.error.repeatUntil' })
      return z.NEVER
    }
    untilDate = v.repeatUntil
    // The 61st occurrence still on or before the last date means the series would be cut short silently.
    const first = DateTime.fromISO(`${v.startDate}T${v.startTime}`, { zone: v.timeZone })
    const next =
      frequency === 'monthly'
        ? first.plus({ months: MAX_OCCURRENCES })
        : first.plus({ weeks: MAX_OCCURRENCES * (frequency === 'weekly' ? 1 : 2) })
    if ((next.toISODate() ?? '') <= untilDate) {
      ctx.addIssue({ code: 'custom', path: ['repeatUntil'], message: 'schedule.error.tooManyOccurrences' })
      return z.NEVER
    }
  } else {
    const n = /^\d{1,3}$/.test(v.repeatCount ?? '') ? Number(v.repeatCount) : NaN
    if (!(n >= 2 && n <= MAX_OCCURRENCES)) {
      ctx.addIssue({ code: 'custom', path: ['repeatCount'], message: 'schedule.error.repeatCount' })
      return z.NEVER
    }
    count = n
  }
  const rule = {
    frequency,
    firstDate: v.startDate,
    localStartTime: v.startTime,
    durationMinutes,
    timeZone: v.timeZone,
    count,
    untilDate,
  }
  const occurrences = expandSeries(rule)
  if (occurrences.length < 2) {
    ctx.addIssue({ code: 'custom', path: ['repeatUntil'], message: 'schedule.error.seriesTooShort' })
    return z.NEVER
  }
  return { ...base, series: { ...rule, occurrences } }
}

export const NewEventTimingSchema = z.object({ ...timingFields, ...repeatFields }).transform(resolveTiming)
/** One occurrence is edited at a time: no repeat fields. */
export const EditEventTimingSchema = z.object(timingFields).transform(resolveTiming)

export type EventFormMode = 'new' | 'edit'

export type EventInput = Omit<z.output<typeof EventFieldsSchema>, 'capacity' | 'hostId' | 'lessonId'> &
  z.output<typeof NewEventTimingSchema> & {
    capacity: number | null
    hostId: string | null
    lessonId: string | null
    description: { json: Record<string, unknown>; html: string } | null
  }

/** Our own message keys pass through as they are; zod's generic issues get the shared validation keys. */
function toErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const own = issues.filter((i) => i.message.startsWith('schedule.'))
  const errors = issuesToErrors(issues.filter((i) => !i.message.startsWith('schedule.')))
  for (const issue of own) {
    const name = issue.path.length ? String(issue.path[0]) : ''
    const list = (errors[name] ??= [])
    if (!list.includes(issue.message)) list.push(issue.message)
  }
  return errors
}

function mergeErrors(...all: FieldErrors[]): FieldErrors {
  const out: FieldErrors = {}
  for (const errors of all) {
    for (const [name, keys] of Object.entries(errors)) {
      const list = (out[name] ??= [])
      for (const key of keys) if (!list.includes(key)) list.push(key)
    }
  }
  return out
}

/** Parses the event form without touching the database. */
export function parseEventForm(formData: FormData, mode: EventFormMode): { ok: true; data: EventInput } | FormFailure {
  const raw = formDataToObject(formData, EVENT_ARRAY_FIELDS)
  const fields = EventFieldsSchema.safeParse(raw)
  const timing = (mode === 'new' ? NewEventTimingSchema : EditEventTimingSchema).safeParse(raw)
  const description = richTextField.safeParse(richTextInput(formData, 'description'))
  if (fields.success && timing.success && description.success) {
    return {
      ok: true,
      data: {
        ...fields.data,
        ...timing.data,
        capacity: fields.data.capacity ?? null,
        hostId: fields.data.hostId ?? null,
        lessonId: fields.data.lessonId ?? null,
        description: description.data,
      },
    }
  }
  const errors = mergeErrors(
    fields.success ? {} : toErrors(fields.error.issues),
    timing.success ? {} : toErrors(timing.error.issues),
    description.success ? {} : { description: ['validation.richText'] },
  )
  return { ok: false, errors, values: formValues(formData) }
}

/**
 * Checks what the form refers to: a programme the person may schedule for, and a host and audience centres
 * that take part in it. `programmeCheck: false` when the event's own programme is kept (an edit).
 */
export async function checkEventReferences(
  tx: Executor,
  user: CurrentUser,
  input: { programmeId?: string; hostId?: string | null; audienceCentreIds?: readonly string[]; lessonId?: string | null },
  options: { programmeCheck: boolean } = { programmeCheck: true },
): Promise<{ ok: true; organiserId: string } | { ok: false; errors: FieldErrors }> {
  const programmeId = input.programmeId && UUID.test(input.programmeId) ? input.programmeId : null
  const [programme] = programmeId
    ? await tx
        .select({ id: programmes.id, mentorOrganisationId: programmes.mentorOrganisationId })
        .from(programmes)
        .where(eq(programmes.id, programmeId))
    : []
  if (!programme || (options.programmeCheck && !canManageEventsOf(user, programme.mentorOrganisationId))) {
    return { ok: false, errors: { programmeId: ['schedule.error.programme'] } }
  }
  const hostId = input.hostId && UUID.test(input.hostId) ? input.hostId : null
  const audience = (input.audienceCentreIds ?? []).filter((id) => UUID.test(id))
  const wanted = [...new Set([...(hostId ? [hostId] : []), ...audience])]
  const found = wanted.length
    ? await tx
        .select({ id: programmeCentres.organisationId })
        .from(programmeCentres)
        .where(and(eq(programmeCentres.programmeId, programme.id), inArray(programmeCentres.organisationId, wanted)))
    : []
  const inProgramme = new Set(found.map((r) => r.id))
  const errors: FieldErrors = {}
  if (hostId && !inProgramme.has(hostId)) errors.hostId = ['schedule.error.hostNotInProgramme']
  if (audience.some((id) => !inProgramme.has(id))) errors.audienceCentreIds = ['schedule.error.audienceNotInProgramme']
  const lessonId = input.lessonId && UUID.test(input.lessonId) ? input.lessonId : null
  if (lessonId) {
    const [lesson] = await tx
      .select({ id: lessons.id })
      .from(lessons)
      .innerJoin(courses, eq(courses.id, lessons.courseId))
      .where(and(eq(lessons.id, lessonId), isNotNull(lessons.publishedVersionId), eq(courses.status, 'published')))
    if (!lesson) errors.lessonId = ['schedule.error.lesson']
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, organiserId: programme.mentorOrganisationId }
}

/** Parses the form and checks its references; every problem found is reported at once. */
export async function validateEventForm(
  tx: Executor,
  user: CurrentUser,
  formData: FormData,
  mode: EventFormMode,
): Promise<{ ok: true; data: EventInput; organiserId: string } | FormFailure> {
  const parsed = parseEventForm(formData, mode)
  const raw = formDataToObject(formData, EVENT_ARRAY_FIELDS)
  const refs = await checkEventReferences(
    tx,
    user,
    parsed.ok
      ? parsed.data
      : {
          programmeId: typeof raw.programmeId === 'string' ? raw.programmeId : undefined,
          hostId: typeof raw.hostId === 'string' ? raw.hostId : null,
          audienceCentreIds: raw.audienceCentreIds as string[],
          lessonId: typeof raw.lessonId === 'string' ? raw.lessonId : null,
        },
    { programmeCheck: mode === 'new' },
  )
  if (parsed.ok && refs.ok) return { ok: true, data: parsed.data, organiserId: refs.organiserId }
  // The schema's own message wins where both found something about the same field.
  const errors = { ...(refs.ok ? {} : refs.errors), ...(parsed.ok ? {} : parsed.errors) }
  return { ok: false, errors, values: formValues(formData) }
}

// ---------------------------------------------------------------------------------------------------
// Writing

function eventValues(input: EventInput) {
  return {
    kind: input.kind,
    title: input.title,
    descriptionJson: input.description?.json ?? null,
    descriptionHtml: input.description?.html || null,
    hostId: input.hostId,
    lessonId: input.lessonId,
    timeZone: input.timeZone,
    onlineUrl: input.onlineUrl ?? null,
    address: input.address ?? null,
    capacity: input.capacity,
    audience: input.audience,
    isPublic: input.isPublic,
  }
}

async function insertAudience(tx: Executor, eventIds: readonly string[], centreIds: readonly string[]) {
  const rows = eventIds.flatMap((eventId) => centreIds.map((organisationId) => ({ eventId, organisationId })))
  // Chunks keep each statement well under PostgreSQL's limit on bound parameters.
  for (let i = 0; i < rows.length; i += 5000) {
    await tx.insert(eventAudienceCentres).values(rows.slice(i, i + 5000))
  }
}

/**
 * Creates one event, or a series (its rule and one event per occurrence), in the caller's transaction.
 * Returns the first occurrence.
 */
export async function createEvents(
  tx: Executor,
  input: { actorId: string; organiserId: string; programmeId: string; data: EventInput },
) {
  const { data } = input
  let seriesId: string | null = null
  if (data.series) {
    const [series] = await tx
      .insert(eventSeries)
      .values({
        frequency: data.series.frequency,
        localStartTime: data.series.localStartTime,
        durationMinutes: data.series.durationMinutes,
        timeZone: data.series.timeZone,
        firstDate: data.series.firstDate,
        count: data.series.count,
        untilDate: data.series.untilDate,
        createdById: input.actorId,
      })
      .returning({ id: eventSeries.id })
    seriesId = series!.id
  }
  const occurrences = data.series?.occurrences ?? [{ startsAt: data.startsAt, endsAt: data.endsAt }]
  const common = eventValues(data)
  const rows = await tx
    .insert(events)
    .values(
      occurrences.map((o, index) => ({
        ...common,
        programmeId: input.programmeId,
        organiserId: input.organiserId,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        seriesId,
        seriesIndex: seriesId ? index : null,
        checkInCode: generateCheckInCode(),
        createdById: input.actorId,
      })),
    )
    .returning({ id: events.id, seriesIndex: events.seriesIndex })
  rows.sort((a, b) => (a.seriesIndex ?? 0) - (b.seriesIndex ?? 0))
  if (data.audience === 'centres') {
    await insertAudience(
      tx,
      rows.map((r) => r.id),
      data.audienceCentreIds,
    )
  }
  return { id: rows[0]!.id, count: rows.length, seriesId }
}

async function registeredCount(tx: Executor, eventId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'registered')))
  return row?.n ?? 0
}

export type UpdateOutcome =
  | { kind: 'updated'; notified: number; promoted: string[] }
  | { kind: 'unchanged' }
  | { kind: 'capacity'; registered: number }

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null)

/**
 * Changes one occurrence in the caller's transaction: the row is locked, a cancelled or stale event is
 * refused (EventRuleError 409), fewer places than registered people is refused without writing anything.
 * Otherwise SEQUENCE goes up, freed places go to the waiting list, and everyone registered is told.
 */
export async function updateEvent(tx: Executor, input: { eventId: string; data: EventInput }): Promise<UpdateOutcome> {
  const { data } = input
  const [before] = await tx.select().from(events).where(eq(events.id, input.eventId)).for('update')
  if (!before) throw new EventRuleError('errors.notFound', 404)
  if (before.status === 'cancelled') throw new EventRuleError('schedule.error.cancelledNoEdit', 409)
  if (data.version !== undefined && data.version !== before.sequence) throw new EventRuleError('errors.conflict', 409)
  const registered = await registeredCount(tx, input.eventId)
  if (data.capacity !== null && data.capacity < registered) return { kind: 'capacity', registered }

  const audienceBefore = (
    await tx
      .select({ id: eventAudienceCentres.organisationId })
      .from(eventAudienceCentres)
      .where(eq(eventAudienceCentres.eventId, input.eventId))
  ).map((r) => r.id)
  const audienceAfter = data.audience === 'centres' ? data.audienceCentreIds : []
  const next = eventValues(data)
  const unchanged =
    sameTime(before.startsAt, data.startsAt) &&
    sameTime(before.endsAt, data.endsAt) &&
    (Object.keys(next) as (keyof typeof next)[]).every((key) =>
      key === 'descriptionJson'
        ? JSON.stringify(before.descriptionJson ?? null) === JSON.stringify(next.descriptionJson)
        : before[key as keyof Event] === next[key],
    ) &&
    audienceBefore.length === audienceAfter.length &&
    audienceAfter.every((id) => audienceBefore.includes(id))
  if (unchanged) return { kind: 'unchanged' }

  await tx
    .update(events)
    .set({
      ...next,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      sequence: sql`${events.sequence} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(events.id, input.eventId))
  await tx.delete(eventAudienceCentres).where(eq(eventAudienceCentres.eventId, input.eventId))
  if (audienceAfter.length) await insertAudience(tx, [input.eventId], audienceAfter)

  const promoted = await promoteWaitlist(tx, input.eventId)
  const everyone = await activeRegistrantIds(tx, input.eventId)
  const promotedSet = new Set(promoted)
  // Someone who has just got a place hears that (with the updated invitation), not a second "changed" mail.
  const changed = everyone.filter((id) => !promotedSet.has(id))
  await notifyAboutEvent(tx, input.eventId, changed, 'changed')
  await notifyAboutEvent(tx, input.eventId, promoted, 'promoted')
  return { kind: 'updated', notified: everyone.length, promoted }
}

/**
 * Cancels an event: STATUS:CANCELLED with a higher SEQUENCE, so calendars drop it, and a cancellation
 * to everyone registered or waiting. Registrations are kept as they were, for the record.
 */
export async function cancelEvent(tx: Executor, eventId: string) {
  const [before] = await tx
    .select({ status: events.status })
    .from(events)
    .where(eq(events.id, eventId))
    .for('update')
  if (!before) throw new EventRuleError('errors.notFound', 404)
  if (before.status === 'cancelled') throw new EventRuleError('schedule.error.alreadyCancelled', 409)
  const now = new Date()
  await tx
    .update(events)
    .set({ status: 'cancelled', cancelledAt: now, sequence: sql`${events.sequence} + 1`, updatedAt: now })
    .where(eq(events.id, eventId))
  const everyone = await activeRegistrantIds(tx, eventId)
  await notifyAboutEvent(tx, eventId, everyone, 'cancelled')
  return everyone.length
}

// ---------------------------------------------------------------------------------------------------
// What the form offers

/** A stored description as plain text, for the editor's no-JavaScript textarea. */
export function descriptionPlainText(json: Record<string, unknown> | null) {
  // Blocks are separated by a blank line, which is how the textarea's text is split into paragraphs again.
  const blocks = (json as RichTextDoc | null)?.content ?? []
  return blocks
    .map((block) => docToPlainText(block).trim())
    .filter(Boolean)
    .join('\n\n')
}

/** Programmes the person may schedule events for: those run by their mentor organisations; administrators all. */
export async function manageableProgrammes(user: CurrentUser) {
  const mine = mentorOrganisationIds(user)
  if (!user.isAdmin && !mine.length) return []
  return db
    .select({ id: programmes.id, name: programmes.name, organiserName: organisations.name })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.mentorOrganisationId))
    .where(user.isAdmin ? undefined : inArray(programmes.mentorOrganisationId, mine))
    .orderBy(asc(programmes.name), asc(programmes.id))
}

export type ProgrammeCentreOption = { id: string; name: string; city: string; timeZone: string }

/** A programme with its organiser and centres (each with its region's zone), for the event form. */
export async function getProgrammeForEvents(programmeId: string) {
  const [programme] = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      organiserId: organisations.id,
      organiserName: organisations.name,
      organiserZone: regions.timeZone,
    })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.mentorOrganisationId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(eq(programmes.id, programmeId))
  if (!programme) return null
  const centres: ProgrammeCentreOption[] = await db
    .select({
      id: organisations.id,
      name: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      city: organisations.city,
      timeZone: regions.timeZone,
    })
    .from(programmeCentres)
    .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(eq(programmeCentres.programmeId, programmeId))
    .orderBy(asc(organisations.name), asc(organisations.id))
  return { ...programme, centres }
}

/** Published lessons a seminar can teach, grouped under their course titles, for the event form. */
export async function lessonOptions() {
  const rows = await db
    .select({ id: lessons.id, title: lessons.title, course: courses.title })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(and(eq(courses.status, 'published'), isNotNull(lessons.publishedVersionId)))
    .orderBy(asc(courses.title), asc(lessons.position))
    .limit(2000)
  return rows.map((r) => ({ value: r.id, label: `${r.course} — ${r.title}` }))
}
