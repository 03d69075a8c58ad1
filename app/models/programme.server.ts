import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import { insertProgramme } from '#db/builders.ts'
import {
  organisations,
  programmeCentres,
  programmeManagers,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import {
  PROGRAMME_ARRAY_FIELDS,
  splitEmailList,
  ProgrammeFormSchema,
  ProgrammeManagerFormSchema,
} from '#app/components/programme-form.tsx'
import { audit, changedFields } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { formDataToObject, formFailure, parseForm, type FieldErrors, type FormFailure } from '#app/utils/forms.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ProgrammeParamsSchema = z.object({ id: z.string().regex(UUID) })

/** The programme id from the URL, or 404: a malformed id must not reach PostgreSQL as a uuid (that would be a 500). */
export function programmeIdFrom(params: Record<string, string | undefined>) {
  const parsed = ProgrammeParamsSchema.safeParse(params)
  if (!parsed.success) notFound()
  return parsed.data.id
}

/** What the programme form gives the server once zod has parsed it. */
export type ProgrammeInput = {
  name: string
  funder: string
  competition?: string
  grantNumber?: string
  amount?: string
  coFinancing?: string
  startsOn: string
  endsOn: string
  mentorOrganisationId?: string
  centreIds: string[]
  managerEmails: string[]
  description?: string
  version?: number
}

/**
 * Which programmes a person may see, as a condition on `programmes`: administrators all of them;
 * others those they manage, those run by an organisation they belong to, and those one of their
 * centres takes part in. Undefined means "no restriction"; null means "nothing at all".
 * Mirrors getProgrammeRelation in permissions.server.ts, which answers the same question for one programme.
 */
export function visibleProgrammesCondition(user: CurrentUser): SQL | undefined | null {
  if (user.isAdmin) return undefined
  const orgIds = user.memberships.map((m) => m.organisationId)
  const conditions: SQL[] = []
  if (user.managedProgrammeIds.length) conditions.push(inArray(programmes.id, user.managedProgrammeIds))
  if (orgIds.length) {
    conditions.push(inArray(programmes.mentorOrganisationId, orgIds))
    conditions.push(
      sql`exists (select 1 from ${programmeCentres} vpc where vpc.programme_id = ${programmes.id} and ${inArray(sql`vpc.organisation_id`, orgIds)})`,
    )
  }
  if (!conditions.length) return null
  return or(...conditions)
}

/** The programmes a person may see with their size, in one query, newest start first. */
export async function listVisibleProgrammes(user: CurrentUser) {
  const where = visibleProgrammesCondition(user)
  if (where === null) return []
  const mentor = alias(organisations, 'mentor_org')
  return db
    .select({
      id: programmes.id,
      name: programmes.name,
      funder: programmes.funder,
      grantNumber: programmes.grantNumber,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      mentorName: mentor.name,
      mentorShortName: mentor.shortName,
      centres: sql<number>`count(${programmeCentres.organisationId})::int`,
      regions: sql<number>`count(distinct ${organisations.regionCode})::int`,
    })
    .from(programmes)
    .innerJoin(mentor, eq(mentor.id, programmes.mentorOrganisationId))
    .leftJoin(programmeCentres, eq(programmeCentres.programmeId, programmes.id))
    .leftJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
    .where(where)
    .groupBy(programmes.id, mentor.id)
    .orderBy(desc(programmes.startsOn), asc(programmes.name))
}

/** One programme with its mentor organisation, centres (with region) and managers. */
export async function getProgrammeDetail(programmeId: string) {
  const [programme] = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      funder: programmes.funder,
      competition: programmes.competition,
      grantNumber: programmes.grantNumber,
      amount: programmes.amount,
      coFinancing: programmes.coFinancing,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      description: programmes.description,
      updatedAt: programmes.updatedAt,
      mentor: { id: organisations.id, name: organisations.name, shortName: organisations.shortName, city: organisations.city },
      centres: sql<
        {
          id: string
          name: string
          shortName: string | null
          city: string
          regionCode: string
          regionRu: string
          regionEn: string
          timeZone: string
        }[]
      >`coalesce((
        select json_agg(json_build_object(
          'id', o.id, 'name', o.name, 'shortName', o.short_name, 'city', o.city, 'regionCode', o.region_code,
          'regionRu', r.name_ru, 'regionEn', r.name_en, 'timeZone', r.time_zone) order by r.name_ru, o.name)
        from ${programmeCentres} pc
        join ${organisations} o on o.id = pc.organisation_id
        join ${regions} r on r.code = o.region_code
        where pc.programme_id = ${programmes.id}), '[]'::json)`,
      managers: sql<{ id: string; name: string; email: string }[]>`coalesce((
        select json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email) order by u.name)
        from ${programmeManagers} pm join ${users} u on u.id = pm.user_id
        where pm.programme_id = ${programmes.id}), '[]'::json)`,
    })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.mentorOrganisationId))
    .where(eq(programmes.id, programmeId))
  return programme ?? null
}

/** Choices for the programme form: mentor organisations and every centre with its region. */
export async function getProgrammeFormOptions() {
  const [mentors, centres] = await Promise.all([
    db
      .select({ id: organisations.id, name: organisations.name, city: organisations.city })
      .from(organisations)
      .where(eq(organisations.kind, 'mentor'))
      .orderBy(asc(organisations.name)),
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        shortName: organisations.shortName,
        city: organisations.city,
        regionCode: organisations.regionCode,
        regionRu: regions.nameRu,
        regionEn: regions.nameEn,
      })
      .from(organisations)
      .innerJoin(regions, eq(regions.code, organisations.regionCode))
      .where(eq(organisations.kind, 'centre'))
      .orderBy(asc(regions.nameRu), asc(organisations.name)),
  ])
  return { mentors, centres }
}

export type ReferenceCheck =
  | { ok: true; managerIds: string[] }
  | { ok: false; errors: FieldErrors; unknownEmails: string[] }

/**
 * Checks what the form refers to: the mentor organisation exists and is a mentor organisation, every
 * centre exists and is a centre, every manager address belongs to an existing account.
 */
export async function checkProgrammeReferences(
  tx: Executor,
  input: { mentorOrganisationId?: string; centreIds: string[]; managerEmails: string[] },
): Promise<ReferenceCheck> {
  // Only well-formed ids reach PostgreSQL: a malformed uuid literal would be a 500, not a form error.
  const ids = [...new Set([...(input.mentorOrganisationId ? [input.mentorOrganisationId] : []), ...input.centreIds])].filter(
    (id) => UUID.test(id),
  )
  const [orgs, people] = await Promise.all([
    ids.length
      ? tx.select({ id: organisations.id, kind: organisations.kind }).from(organisations).where(inArray(organisations.id, ids))
      : Promise.resolve([]),
    input.managerEmails.length
      ? tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, input.managerEmails))
      : Promise.resolve([]),
  ])
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]))
  const errors: FieldErrors = {}
  if (input.mentorOrganisationId && kindOf.get(input.mentorOrganisationId) !== 'mentor') {
    errors.mentorOrganisationId = ['programmes.notMentor']
  }
  if (input.centreIds.some((id) => kindOf.get(id) !== 'centre')) errors.centreIds = ['programmes.unknownCentre']
  const byEmail = new Map(people.map((p) => [p.email, p.id]))
  const unknownEmails = input.managerEmails.filter((e) => !byEmail.has(e))
  if (unknownEmails.length) errors.managerEmails = ['programmes.unknownManager']
  if (Object.keys(errors).length) return { ok: false, errors, unknownEmails }
  return { ok: true, managerIds: input.managerEmails.map((e) => byEmail.get(e)!) }
}

function scalarValues(input: ProgrammeInput) {
  return {
    name: input.name,
    funder: input.funder,
    competition: input.competition ?? null,
    grantNumber: input.grantNumber ?? null,
    amount: normaliseMoney(input.amount),
    coFinancing: normaliseMoney(input.coFinancing),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    description: input.description ?? null,
  }
}

/** Money as PostgreSQL returns numeric(14,2): always two decimals, so the audit log compares like with like. */
function normaliseMoney(value: string | undefined) {
  if (value === undefined) return null
  const [whole, fraction = ''] = value.split('.')
  return `${BigInt(whole!).toString()}.${fraction.padEnd(2, '0')}`
}

export async function createProgramme(
  tx: Executor,
  actorId: string,
  input: ProgrammeInput & { mentorOrganisationId: string },
  managerIds: string[],
) {
  const programme = await insertProgramme(
    tx,
    { ...scalarValues(input), mentorOrganisationId: input.mentorOrganisationId },
    input.centreIds,
    managerIds,
  )
  await audit(tx, {
    actorId,
    action: 'programme.create',
    entityType: 'programme',
    entityId: programme.id,
    organisationId: programme.mentorOrganisationId,
    data: {
      name: programme.name,
      funder: programme.funder,
      grantNumber: programme.grantNumber,
      amount: programme.amount,
      startsOn: programme.startsOn,
      endsOn: programme.endsOn,
      centres: input.centreIds,
      managers: managerIds,
    },
  })
  return programme
}

export class StaleProgrammeError extends Error {}

/**
 * Replaces a programme's fields, centres and managers in the caller's transaction and writes one audit
 * entry with what changed. `version` (the updatedAt the form was built from, in ms) guards against
 * silently overwriting someone else's edit.
 */
export async function updateProgramme(
  tx: Executor,
  input: {
    actorId: string
    programmeId: string
    values: ProgrammeInput
    managerIds: string[]
    /** Only administrators may move a programme to another mentor organisation. */
    mayChangeMentor: boolean
    version?: number
  },
) {
  const [before] = await tx
    .select()
    .from(programmes)
    .where(eq(programmes.id, input.programmeId))
    .for('update')
  if (!before) return null
  if (input.version !== undefined && before.updatedAt.getTime() !== input.version) throw new StaleProgrammeError()

  const [centreRows, managerRows] = await Promise.all([
    tx
      .select({ id: programmeCentres.organisationId })
      .from(programmeCentres)
      .where(eq(programmeCentres.programmeId, input.programmeId)),
    tx
      .select({ id: programmeManagers.userId })
      .from(programmeManagers)
      .where(eq(programmeManagers.programmeId, input.programmeId)),
  ])
  const next = {
    ...scalarValues(input.values),
    mentorOrganisationId:
      input.mayChangeMentor && input.values.mentorOrganisationId ? input.values.mentorOrganisationId : before.mentorOrganisationId,
  }
  const changes = changedFields(before, next)
  const diff = (old: string[], now: string[]) => ({
    added: now.filter((id) => !old.includes(id)),
    removed: old.filter((id) => !now.includes(id)),
  })
  const centres = diff(
    centreRows.map((r) => r.id),
    input.values.centreIds,
  )
  const managers = diff(
    managerRows.map((r) => r.id),
    input.managerIds,
  )

  await tx.update(programmes).set({ ...next, updatedAt: new Date() }).where(eq(programmes.id, input.programmeId))
  if (centres.removed.length) {
    await tx
      .delete(programmeCentres)
      .where(and(eq(programmeCentres.programmeId, input.programmeId), inArray(programmeCentres.organisationId, centres.removed)))
  }
  if (centres.added.length) {
    await tx
      .insert(programmeCentres)
      .values(centres.added.map((organisationId) => ({ programmeId: input.programmeId, organisationId })))
  }
  if (managers.removed.length) {
    await tx
      .delete(programmeManagers)
      .where(and(eq(programmeManagers.programmeId, input.programmeId), inArray(programmeManagers.userId, managers.removed)))
  }
  if (managers.added.length) {
    await tx.insert(programmeManagers).values(managers.added.map((userId) => ({ programmeId: input.programmeId, userId })))
  }
  const data: Record<string, unknown> = { changedFields: changes }
  if (centres.added.length) data.centresAdded = centres.added
  if (centres.removed.length) data.centresRemoved = centres.removed
  if (managers.added.length) data.managersAdded = managers.added
  if (managers.removed.length) data.managersRemoved = managers.removed
  await audit(tx, {
    actorId: input.actorId,
    action: 'programme.update',
    entityType: 'programme',
    entityId: input.programmeId,
    organisationId: next.mentorOrganisationId,
    data,
  })
  return { changes, centres, managers }
}

export type ProgrammeFailure = FormFailure & { emailProblems: string[] }

type FormKind = 'full' | 'manager'

function parseProgrammeForm(formData: FormData, form: FormKind) {
  const options = { arrayFields: PROGRAMME_ARRAY_FIELDS }
  return form === 'full'
    ? parseForm(formData, ProgrammeFormSchema, options)
    : parseForm(formData, ProgrammeManagerFormSchema, options)
}

type Validated<T> = { ok: true; data: T; managerIds: string[] } | ProgrammeFailure

/**
 * Parses the programme form — the full one for administrators, the one without the mentor organisation for
 * programme managers — and checks what it refers to. The references are checked even when some field is
 * wrong, so one submit reports every problem. A failure carries the typed values and, for the managers
 * field, the addresses the error is about, so the message can name them.
 */
export async function validateProgrammeForm(
  tx: Executor,
  formData: FormData,
  form: 'full',
): Promise<Validated<ProgrammeInput & { mentorOrganisationId: string }>>
export async function validateProgrammeForm(tx: Executor, formData: FormData, form: FormKind): Promise<Validated<ProgrammeInput>>
export async function validateProgrammeForm(tx: Executor, formData: FormData, form: FormKind): Promise<Validated<ProgrammeInput>> {
  const parsed = parseProgrammeForm(formData, form)
  const raw = formDataToObject(formData, PROGRAMME_ARRAY_FIELDS)
  const rawEmails = typeof raw.managerEmails === 'string' ? raw.managerEmails : undefined
  const refs = await checkProgrammeReferences(
    tx,
    parsed.ok
      ? // The manager's schema drops mentorOrganisationId, so it is only checked for the full form.
        (parsed.data as ProgrammeInput)
      : {
          mentorOrganisationId:
            form === 'full' && !parsed.errors.mentorOrganisationId && typeof raw.mentorOrganisationId === 'string'
              ? raw.mentorOrganisationId
              : undefined,
          centreIds: parsed.errors.centreIds ? [] : (raw.centreIds as string[]),
          managerEmails: parsed.errors.managerEmails ? [] : splitEmailList(rawEmails).emails,
        },
  )
  if (parsed.ok && refs.ok) return { ok: true, data: parsed.data, managerIds: refs.managerIds }
  // The schema's message wins where both found something.
  const errors = { ...(refs.ok ? {} : refs.errors), ...(parsed.ok ? {} : parsed.errors) }
  const emailProblems =
    !parsed.ok && parsed.errors.managerEmails ? splitEmailList(rawEmails).invalid : refs.ok ? [] : refs.unknownEmails
  return programmeFailure(formData, errors, emailProblems)
}

export function programmeFailure(formData: FormData, errors: FieldErrors, emailProblems: string[] = []): ProgrammeFailure {
  return { ...formFailure(formData, errors), emailProblems }
}
