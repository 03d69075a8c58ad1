// Mentorships: a mentor organisation accompanies a young centre within a programme, with named mentors on
// one side and the centre's contact people on the other. Administrators and the programme's managers set
// them up (/programmes/<id>/mentorships); the centre's profile shows them; getOrganisationRelation gives the
// mentor organisation's mentors and leaders the 'mentor' relation to the centre while one is active.
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  memberships,
  mentorshipPeople,
  mentorships,
  mentorshipStatus,
  organisations,
  programmeCentres,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import { audit, changedFields } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { formFailure, isoDate, optionalText, parseForm, type FieldErrors, type FormFailure } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { isUniqueViolation } from './organisation.server.ts'

export const MENTORSHIP_STATUSES = mentorshipStatus.enumValues
export type MentorshipStatus = (typeof MENTORSHIP_STATUSES)[number]
/** Roles in a mentor organisation that may be named as mentors (the same roles the permission layer trusts). */
export const MENTOR_ROLES = ['mentor', 'leader'] as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** The mentorship id from the URL, or 404: a malformed id must not reach PostgreSQL as a uuid. */
export function mentorshipIdFrom(params: { mentorshipId?: string }) {
  if (!isUuid(params.mentorshipId)) notFound('mentorships.error.notFound')
  return params.mentorshipId
}

export const MENTORSHIP_ARRAY_FIELDS = ['mentorIds', 'contactIds'] as const

const ids = z
  .array(z.string())
  .max(200)
  .transform((list) => [...new Set(list)])

/**
 * The mentorship form. Checks that need the database (the centre is in the programme, the mentors belong
 * to the mentor organisation, no second mentorship of the centre in the programme) are in
 * checkMentorshipReferences.
 */
export const MentorshipFormSchema = z
  .object({
    centreId: z.string({ error: 'mentorships.error.chooseCentre' }).regex(UUID, { error: 'mentorships.error.chooseCentre' }),
    mentorOrganisationId: z
      .string({ error: 'mentorships.error.chooseMentorOrganisation' })
      .regex(UUID, { error: 'mentorships.error.chooseMentorOrganisation' }),
    startsOn: isoDate,
    plannedEndOn: isoDate,
    status: z.enum(MENTORSHIP_STATUSES, { error: 'validation.choose' }).default('active'),
    endedOn: isoDate.optional(),
    notes: optionalText(4000),
    mentorIds: ids,
    primaryMentorId: z.string().optional(),
    contactIds: ids,
    primaryContactId: z.string().optional(),
    /** updatedAt (ms) of the record the form was built from: a stale form gets 409 instead of overwriting. */
    version: z.coerce.number().int().optional(),
  })
  .superRefine((v, ctx) => {
    const datesValid = isoDate.safeParse(v.startsOn).success && isoDate.safeParse(v.plannedEndOn).success
    if (datesValid && v.plannedEndOn < v.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['plannedEndOn'], message: 'mentorships.error.plannedEndBeforeStart' })
    }
    if (v.status !== 'active' && !v.endedOn) {
      ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'mentorships.error.endedOnRequired' })
    }
    if (v.status !== 'active' && v.endedOn && isoDate.safeParse(v.startsOn).success && v.endedOn < v.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'mentorships.error.endedBeforeStart' })
    }
    if (v.mentorIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['mentorIds'], message: 'mentorships.error.mentorRequired' })
    } else if (v.primaryMentorId ? !v.mentorIds.includes(v.primaryMentorId) : v.mentorIds.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['primaryMentorId'], message: 'mentorships.error.primaryMentor' })
    }
    if (v.contactIds.length === 0 ? Boolean(v.primaryContactId) : v.primaryContactId ? !v.contactIds.includes(v.primaryContactId) : v.contactIds.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['primaryContactId'], message: 'mentorships.error.primaryContact' })
    }
    if (v.mentorIds.some((id) => v.contactIds.includes(id))) {
      ctx.addIssue({ code: 'custom', path: ['contactIds'], message: 'mentorships.error.bothSides' })
    }
  })
  .transform((v) => ({
    ...v,
    // Only a finished mentorship has an end date; one typed for an active mentorship is not kept.
    endedOn: v.status === 'active' ? null : (v.endedOn ?? null),
    notes: v.notes ?? null,
    // With one person on a side, that person is the primary one.
    primaryMentorId: v.primaryMentorId ?? v.mentorIds[0]!,
    primaryContactId: v.primaryContactId ?? v.contactIds[0] ?? null,
  }))

export type MentorshipInput = z.output<typeof MentorshipFormSchema>

export type MentorshipFailure = FormFailure

/** The people of an organisation that a side of the form may name. */
export type PersonOption = { id: string; name: string; role: string; title: string | null }

/**
 * Checks what the form refers to against the database: the centre takes part in the programme, the mentor
 * organisation is a mentor organisation, every named mentor is a mentor or leader there, every contact
 * person belongs to the centre, and the centre has no other mentorship in this programme.
 */
export async function checkMentorshipReferences(
  tx: Executor,
  input: { programmeId: string; mentorshipId?: string; centreId: string; mentorOrganisationId: string; mentorIds: string[]; contactIds: string[] },
): Promise<{ errors: FieldErrors; duplicate: boolean }> {
  const people = [...input.mentorIds, ...input.contactIds].filter(isUuid)
  const [[facts], members] = await Promise.all([
    tx
      .select({
        inProgramme: sql<boolean>`exists (select 1 from ${programmeCentres} pc where pc.programme_id = ${input.programmeId} and pc.organisation_id = ${input.centreId})`,
        centreKind: sql<string | null>`(select o.kind::text from ${organisations} o where o.id = ${input.centreId})`,
        mentorKind: sql<string | null>`(select o.kind::text from ${organisations} o where o.id = ${input.mentorOrganisationId})`,
        duplicate: sql<boolean>`exists (select 1 from ${mentorships} ms where ms.programme_id = ${input.programmeId} and ms.centre_id = ${input.centreId}${
          input.mentorshipId ? sql` and ms.id <> ${input.mentorshipId}` : sql``
        })`,
      })
      .from(sql`(select 1) as one`),
    people.length
      ? tx
          .select({ userId: memberships.userId, organisationId: memberships.organisationId, role: memberships.role })
          .from(memberships)
          .where(
            and(
              inArray(memberships.userId, people),
              inArray(memberships.organisationId, [input.centreId, input.mentorOrganisationId]),
            ),
          )
      : Promise.resolve([]),
  ])
  const errors: FieldErrors = {}
  if (facts!.centreKind !== 'centre' || !facts!.inProgramme) errors.centreId = ['mentorships.error.centreNotInProgramme']
  if (facts!.mentorKind !== 'mentor') errors.mentorOrganisationId = ['mentorships.error.notMentorOrganisation']
  const isMentor = (id: string) =>
    members.some(
      (m) => m.userId === id && m.organisationId === input.mentorOrganisationId && (MENTOR_ROLES as readonly string[]).includes(m.role),
    )
  const isContact = (id: string) => members.some((m) => m.userId === id && m.organisationId === input.centreId)
  if (!errors.mentorOrganisationId && input.mentorIds.some((id) => !isMentor(id))) {
    errors.mentorIds = ['mentorships.error.mentorNotInOrganisation']
  }
  if (!errors.centreId && input.contactIds.some((id) => !isContact(id))) {
    errors.contactIds = ['mentorships.error.contactNotInCentre']
  }
  return { errors, duplicate: facts!.duplicate }
}

export type Validated = { ok: true; data: MentorshipInput } | (MentorshipFailure & { status: 400 | 409 | 422 })

/**
 * Parses the form and checks its references in one go, so one submit reports every problem. For an
 * existing mentorship the centre is fixed: `centreId` comes from the record, not from the form.
 */
export async function validateMentorshipForm(
  tx: Executor,
  formData: FormData,
  context: { programmeId: string; mentorshipId?: string; centreId?: string },
): Promise<Validated> {
  if (context.centreId) formData.set('centreId', context.centreId)
  const parsed = parseForm(formData, MentorshipFormSchema, { arrayFields: MENTORSHIP_ARRAY_FIELDS })
  const raw = (name: string) => {
    const value = formData.get(name)
    return typeof value === 'string' ? value.trim() : ''
  }
  const centreId = parsed.ok ? parsed.data.centreId : raw('centreId')
  const mentorOrganisationId = parsed.ok ? parsed.data.mentorOrganisationId : raw('mentorOrganisationId')
  const list = (name: string) => [...new Set(formData.getAll(name).filter((v): v is string => typeof v === 'string' && v !== ''))]
  let refs: { errors: FieldErrors; duplicate: boolean } = { errors: {}, duplicate: false }
  if (isUuid(centreId) && isUuid(mentorOrganisationId)) {
    refs = await checkMentorshipReferences(tx, {
      programmeId: context.programmeId,
      mentorshipId: context.mentorshipId,
      centreId,
      mentorOrganisationId,
      mentorIds: list('mentorIds'),
      contactIds: list('contactIds'),
    })
  }
  if (parsed.ok && Object.keys(refs.errors).length === 0 && !refs.duplicate) return { ok: true, data: parsed.data }
  // The schema's message wins where both found something.
  const errors: FieldErrors = { ...refs.errors, ...(parsed.ok ? {} : parsed.errors) }
  if (refs.duplicate) errors[''] = ['mentorships.error.duplicate']
  const status = !parsed.ok ? 400 : refs.duplicate && Object.keys(refs.errors).length === 0 ? 409 : 422
  return { ...formFailure(formData, errors), status }
}

function peopleRows(mentorshipId: string, input: MentorshipInput) {
  return [
    ...input.mentorIds.map((userId) => ({
      mentorshipId,
      userId,
      side: 'mentor' as const,
      isPrimary: userId === input.primaryMentorId,
    })),
    ...input.contactIds.map((userId) => ({
      mentorshipId,
      userId,
      side: 'centre' as const,
      isPrimary: userId === input.primaryContactId,
    })),
  ]
}

export class DuplicateMentorshipError extends Error {}
export class StaleMentorshipError extends Error {}

/** Creates the mentorship with its people and the audit entry, in the caller's transaction. */
export async function createMentorship(tx: Executor, actorId: string, programmeId: string, input: MentorshipInput) {
  let row
  try {
    ;[row] = await tx
      .insert(mentorships)
      .values({
        programmeId,
        mentorOrganisationId: input.mentorOrganisationId,
        centreId: input.centreId,
        startsOn: input.startsOn,
        plannedEndOn: input.plannedEndOn,
        endedOn: input.endedOn,
        status: input.status,
        notes: input.notes,
        createdById: actorId,
      })
      .returning({ id: mentorships.id })
  } catch (error) {
    // Lost a race with another manager between the check and the insert: the caller answers 409.
    if (isUniqueViolation(error, 'mentorships_programme_centre_key')) throw new DuplicateMentorshipError()
    throw error
  }
  if (!row) throw new Error('mentorship insert returned nothing')
  await tx.insert(mentorshipPeople).values(peopleRows(row.id, input))
  await audit(tx, {
    actorId,
    action: 'mentorship.create',
    entityType: 'mentorship',
    entityId: row.id,
    organisationId: input.centreId,
    data: {
      programmeId,
      centreId: input.centreId,
      mentorOrganisationId: input.mentorOrganisationId,
      startsOn: input.startsOn,
      plannedEndOn: input.plannedEndOn,
      status: input.status,
      endedOn: input.endedOn,
      mentors: input.mentorIds,
      primaryMentor: input.primaryMentorId,
      contacts: input.contactIds,
      primaryContact: input.primaryContactId,
    },
  })
  return row
}

/**
 * Replaces a mentorship's fields and people and writes one audit entry with what changed, in the caller's
 * transaction. Returns null when the mentorship is not in this programme.
 */
export async function updateMentorship(
  tx: Executor,
  values: { actorId: string; programmeId: string; mentorshipId: string; input: MentorshipInput },
) {
  const [before] = await tx
    .select()
    .from(mentorships)
    .where(and(eq(mentorships.id, values.mentorshipId), eq(mentorships.programmeId, values.programmeId)))
    .for('update')
  if (!before) return null
  const { input } = values
  if (input.version !== undefined && before.updatedAt.getTime() !== input.version) throw new StaleMentorshipError()
  const oldPeople = await tx
    .select({ userId: mentorshipPeople.userId, side: mentorshipPeople.side, isPrimary: mentorshipPeople.isPrimary })
    .from(mentorshipPeople)
    .where(eq(mentorshipPeople.mentorshipId, values.mentorshipId))
  const next = {
    mentorOrganisationId: input.mentorOrganisationId,
    startsOn: input.startsOn,
    plannedEndOn: input.plannedEndOn,
    endedOn: input.endedOn,
    status: input.status,
    notes: input.notes,
  }
  const changes = changedFields(before, next)
  const newPeople = peopleRows(values.mentorshipId, input)
  const key = (p: { userId: string; side: string; isPrimary: boolean }) => `${p.side}:${p.userId}${p.isPrimary ? ':primary' : ''}`
  const oldKeys = new Set(oldPeople.map(key))
  const newKeys = new Set(newPeople.map(key))
  const added = newPeople.filter((p) => !oldKeys.has(key(p))).map(({ userId, side, isPrimary }) => ({ userId, side, isPrimary }))
  const removed = oldPeople.filter((p) => !newKeys.has(key(p)))

  await tx.update(mentorships).set({ ...next, updatedAt: new Date() }).where(eq(mentorships.id, values.mentorshipId))
  if (added.length || removed.length) {
    await tx.delete(mentorshipPeople).where(eq(mentorshipPeople.mentorshipId, values.mentorshipId))
    await tx.insert(mentorshipPeople).values(newPeople)
  }
  const data: Record<string, unknown> = { changedFields: changes }
  if (added.length) data.peopleAdded = added
  if (removed.length) data.peopleRemoved = removed
  await audit(tx, {
    actorId: values.actorId,
    action: 'mentorship.update',
    entityType: 'mentorship',
    entityId: values.mentorshipId,
    organisationId: before.centreId,
    data,
  })
  return { changes, added, removed, centreId: before.centreId }
}

type PersonJson = { userId: string; name: string; email: string; phone: string | null; side: 'mentor' | 'centre'; isPrimary: boolean }

/** Named people of a mentorship as JSON, primary first (one correlated subquery per mentorship row). */
const peopleJson = sql<PersonJson[]>`coalesce((
  select json_agg(json_build_object('userId', u.id, 'name', u.name, 'email', u.email, 'phone', u.phone,
    'side', mp.side, 'isPrimary', mp.is_primary) order by mp.side, mp.is_primary desc, u.name)
  from ${mentorshipPeople} mp join ${users} u on u.id = mp.user_id
  where mp.mentorship_id = "mentorships"."id"), '[]'::json)`

/** Every mentorship of a programme with its centre, mentor organisation and people: one query. */
export async function listProgrammeMentorships(programmeId: string, tx: Executor = db) {
  return tx
    .select({
      id: mentorships.id,
      centreId: mentorships.centreId,
      centreName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      city: organisations.city,
      regionRu: regions.nameRu,
      regionEn: regions.nameEn,
      mentorOrganisationId: mentorships.mentorOrganisationId,
      mentorOrganisationName: sql<string>`(select coalesce(mo.short_name, mo.name) from ${organisations} mo where mo.id = "mentorships"."mentor_organisation_id")`,
      startsOn: mentorships.startsOn,
      plannedEndOn: mentorships.plannedEndOn,
      endedOn: mentorships.endedOn,
      status: mentorships.status,
      people: peopleJson,
    })
    .from(mentorships)
    .innerJoin(organisations, eq(organisations.id, mentorships.centreId))
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(eq(mentorships.programmeId, programmeId))
    .orderBy(sql`${mentorships.status} = 'active' desc`, asc(regions.nameRu), asc(organisations.name), asc(mentorships.id))
}

/** The programme's centres that have no mentorship in it yet (for the list page and the new form). */
export function listCentresWithoutMentorship(programmeId: string, tx: Executor = db) {
  return tx
    .select({
      id: organisations.id,
      name: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      city: organisations.city,
    })
    .from(programmeCentres)
    .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
    .where(
      and(
        eq(programmeCentres.programmeId, programmeId),
        sql`not exists (select 1 from ${mentorships} ms where ms.programme_id = ${programmeId} and ms.centre_id = ${sql.raw('"organisations"."id"')})`,
      ),
    )
    .orderBy(asc(organisations.name), asc(organisations.id))
}

/** One mentorship of this programme, for the edit form (null when it belongs to another programme). */
export async function getMentorship(programmeId: string, mentorshipId: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      id: mentorships.id,
      centreId: mentorships.centreId,
      centreName: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
      mentorOrganisationId: mentorships.mentorOrganisationId,
      startsOn: mentorships.startsOn,
      plannedEndOn: mentorships.plannedEndOn,
      endedOn: mentorships.endedOn,
      status: mentorships.status,
      notes: mentorships.notes,
      updatedAt: mentorships.updatedAt,
      people: peopleJson,
    })
    .from(mentorships)
    .innerJoin(organisations, eq(organisations.id, mentorships.centreId))
    .where(and(eq(mentorships.id, mentorshipId), eq(mentorships.programmeId, programmeId)))
  return row ?? null
}

/** The programme as the mentorship pages need it: name, dates and its own mentor organisation. */
export async function getProgrammeForMentorships(programmeId: string) {
  const [row] = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      mentorOrganisationId: programmes.mentorOrganisationId,
    })
    .from(programmes)
    .where(eq(programmes.id, programmeId))
  return row ?? null
}

/**
 * What the form offers: the programme's centres (with whether each already has a mentorship here), every
 * mentor organisation, and — once chosen — the mentors and leaders of the mentor organisation and the
 * people of the centre.
 */
export async function getMentorshipFormOptions(
  programmeId: string,
  chosen: { centreId?: string | null; mentorOrganisationId?: string | null; exceptMentorshipId?: string },
) {
  const personColumns = {
    id: users.id,
    name: users.name,
    role: memberships.role,
    title: memberships.title,
  }
  const peopleOf = (organisationId: string, roles?: readonly ('leader' | 'mentor')[]) =>
    db
      .select(personColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.organisationId, organisationId),
          roles ? inArray(memberships.role, [...roles]) : undefined,
          sql`${users.disabledAt} is null`,
        ),
      )
      .orderBy(asc(memberships.role), asc(users.name), asc(users.id))
  const [centres, mentorOrganisations, mentors, contacts] = await Promise.all([
    db
      .select({
        id: organisations.id,
        name: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
        city: organisations.city,
        taken: sql<boolean>`exists (select 1 from ${mentorships} ms where ms.programme_id = ${programmeId} and ms.centre_id = ${sql.raw('"organisations"."id"')}${
          chosen.exceptMentorshipId ? sql` and ms.id <> ${chosen.exceptMentorshipId}` : sql``
        })`,
      })
      .from(programmeCentres)
      .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
      .where(eq(programmeCentres.programmeId, programmeId))
      .orderBy(asc(organisations.name), asc(organisations.id)),
    db
      .select({ id: organisations.id, name: organisations.name, shortName: organisations.shortName, city: organisations.city })
      .from(organisations)
      .where(eq(organisations.kind, 'mentor'))
      .orderBy(asc(organisations.name), asc(organisations.id)),
    isUuid(chosen.mentorOrganisationId) ? peopleOf(chosen.mentorOrganisationId, MENTOR_ROLES) : Promise.resolve([] as PersonOption[]),
    isUuid(chosen.centreId) ? peopleOf(chosen.centreId) : Promise.resolve([] as PersonOption[]),
  ])
  return { centres, mentorOrganisations, mentors: mentors as PersonOption[], contacts: contacts as PersonOption[] }
}

/** The mentorships of a centre for its profile page: programme, mentor organisation, people with contacts. */
export function getCentreMentorships(centreId: string, tx: Executor = db) {
  return tx
    .select({
      id: mentorships.id,
      programmeId: mentorships.programmeId,
      programmeName: programmes.name,
      mentorOrganisationId: mentorships.mentorOrganisationId,
      mentorOrganisationName: organisations.name,
      mentorOrganisationShortName: organisations.shortName,
      mentorOrganisationCity: organisations.city,
      startsOn: mentorships.startsOn,
      plannedEndOn: mentorships.plannedEndOn,
      endedOn: mentorships.endedOn,
      status: mentorships.status,
      people: peopleJson,
    })
    .from(mentorships)
    .innerJoin(programmes, eq(programmes.id, mentorships.programmeId))
    .innerJoin(organisations, eq(organisations.id, mentorships.mentorOrganisationId))
    .where(eq(mentorships.centreId, centreId))
    .orderBy(sql`${mentorships.status} = 'active' desc`, sql`${mentorships.startsOn} desc`, asc(mentorships.id))
}

export type CentreMentorship = Awaited<ReturnType<typeof getCentreMentorships>>[number]
