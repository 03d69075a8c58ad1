// Transfer tracks: a centre (with local NGOs as partners) takes up a practice within a programme and moves it
// identified → studied → adapted → piloted → implemented → sustained, or stops it. Every move is a history row
// written in the same transaction as the track's new step and running totals; nothing is ever updated in the
// history. Who may see and change a track: transferAccess.
import { and, asc, desc, eq, inArray, max, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Executor } from '#db/client.ts'
import {
  organisations,
  practices,
  programmeCentres,
  programmePractices,
  programmes,
  regions,
  TRANSFER_STEPS,
  transferPartners,
  transferStepHistory,
  transferTracks,
  users,
  type TransferStep,
} from '#db/schema/index.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { db } from '#app/utils/db.server.ts'
import { isoDate, issuesToErrors, optionalUrl, type FieldErrors } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { getOrganisationRelation, mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { isValidInn, normaliseDigits } from '#app/utils/requisites.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { uuidFrom } from './practice.server.ts'

export { TRANSFER_STEPS, type TransferStep }
/** The steps a practice goes through, in order; 'stopped' is outside the order. */
export const ACTIVE_STEPS = TRANSFER_STEPS.filter((s) => s !== 'stopped') as Exclude<TransferStep, 'stopped'>[]
/** Cards per board column before "show all". */
export const BOARD_COLUMN_CAP = 20
/** Cards per page when one column is shown in full. */
export const BOARD_STEP_PAGE_SIZE = 100
export const MAX_PARTNERS_AT_START = 3
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// ---------------------------------------------------------------------------------------------
// Rules of a move

export type MoveKind = 'next' | 'skip' | 'back' | 'stop' | 'resume'

/**
 * What moving from one step to another means. Only the next step may be taken without a reason; skipping
 * steps, going back, stopping and resuming a stopped track all need one.
 */
export function moveKind(from: TransferStep, to: TransferStep): MoveKind | null {
  if (from === to) return null
  if (to === 'stopped') return 'stop'
  if (from === 'stopped') return 'resume'
  const a = ACTIVE_STEPS.indexOf(from)
  const b = ACTIVE_STEPS.indexOf(to)
  if (b === a + 1) return 'next'
  return b > a ? 'skip' : 'back'
}

export function needsReason(kind: MoveKind) {
  return kind !== 'next'
}

/** The latest calendar date anywhere in Russia (UTC+12) and a little beyond: no move can be later than that. */
export function latestAllowedDate(now = Date.now()) {
  return new Date(now + 14 * 3600_000).toISOString().slice(0, 10)
}

/** Today's date where the person is (for date fields' defaults and limits). */
export function todayIn(timeZone: string) {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date())
}

// ---------------------------------------------------------------------------------------------
// Who may see and change a track

export type TransferAccess = 'manage' | 'view' | null
type TrackScope = { organisationId: string; programmeId: string; mentorOrganisationId: string }

/**
 * A centre's tracks are visible to its people, its mentors, the managers of the track's programme and
 * administrators. The centre's leader, its mentors, those managers and administrators change them (start,
 * move, add partners); the centre's staff and volunteers only look.
 */
export async function transferAccess(user: CurrentUser, track: TrackScope, tx: Executor = db): Promise<TransferAccess> {
  if (user.isAdmin) return 'manage'
  const own = user.memberships.find((m) => m.organisationId === track.organisationId)
  if (own?.role === 'leader') return 'manage'
  if (user.managedProgrammeIds.includes(track.programmeId)) return 'manage'
  if (mentorOrganisationIds(user).includes(track.mentorOrganisationId)) return 'manage'
  if (own) return 'view'
  // A mentor of the centre through another programme or a mentorship.
  if ((await getOrganisationRelation(user, track.organisationId, tx)) === 'mentor') return 'manage'
  return null
}

/** The tracks of one centre a person may see, as a condition on transfer_tracks (they may see the centre). */
export function visibleCentreTracks(user: CurrentUser, relation: string): SQL | undefined {
  if (user.isAdmin || relation === 'leader' || relation === 'member' || relation === 'mentor') return undefined
  const mine = mentorOrganisationIds(user)
  const parts: SQL[] = []
  if (user.managedProgrammeIds.length) parts.push(inArray(transferTracks.programmeId, user.managedProgrammeIds))
  if (mine.length) parts.push(sql`${transferTracks.programmeId} in (select p.id from ${programmes} p where ${inArray(sql`p.mentor_organisation_id`, mine)})`)
  if (!parts.length) return sql`false`
  return sql`(${sql.join(parts, sql` or `)})`
}

// ---------------------------------------------------------------------------------------------
// One track

export async function getTrack(trackId: string, tx: Executor = db) {
  const [row] = await tx
    .select({
      id: transferTracks.id,
      programmeId: transferTracks.programmeId,
      programmeName: programmes.name,
      mentorOrganisationId: programmes.mentorOrganisationId,
      practiceId: transferTracks.practiceId,
      practiceSlug: practices.slug,
      practiceTitle: practices.title,
      practiceTitleEn: practices.titleEn,
      organisationId: transferTracks.organisationId,
      organisationName: organisations.name,
      organisationShortName: organisations.shortName,
      regionCode: organisations.regionCode,
      step: transferTracks.step,
      stoppedAtStep: transferTracks.stoppedAtStep,
      stoppedReason: transferTracks.stoppedReason,
      beneficiaries: transferTracks.beneficiaries,
      ngosInvolved: transferTracks.ngosInvolved,
      startedOn: transferTracks.startedOn,
      stepChangedAt: transferTracks.stepChangedAt,
      decision: programmePractices.decision,
    })
    .from(transferTracks)
    .innerJoin(programmes, eq(programmes.id, transferTracks.programmeId))
    .innerJoin(practices, eq(practices.id, transferTracks.practiceId))
    .innerJoin(organisations, eq(organisations.id, transferTracks.organisationId))
    .leftJoin(
      programmePractices,
      and(eq(programmePractices.programmeId, transferTracks.programmeId), eq(programmePractices.practiceId, transferTracks.practiceId)),
    )
    .where(eq(transferTracks.id, trackId))
  return row ?? null
}

/** Signs in, loads the track of the URL (404) and checks the person may see it (403). */
export async function requireTrack(args: Parameters<typeof requireUser>[0] & { params: Record<string, string | undefined> }) {
  const user = await requireUser(args)
  const id = uuidFrom(args.params.id)
  const track = await getTrack(id)
  if (!track) notFound()
  const access = await transferAccess(user, track)
  if (!access) forbidden()
  return { user, track, canManage: access === 'manage' }
}

export function getTrackHistory(trackId: string) {
  return db
    .select({
      id: transferStepHistory.id,
      fromStep: transferStepHistory.fromStep,
      toStep: transferStepHistory.toStep,
      occurredOn: transferStepHistory.occurredOn,
      note: transferStepHistory.note,
      evidenceUrl: transferStepHistory.evidenceUrl,
      reason: transferStepHistory.reason,
      beneficiaries: transferStepHistory.beneficiaries,
      ngosInvolved: transferStepHistory.ngosInvolved,
      changedByName: users.name,
      createdAt: transferStepHistory.createdAt,
    })
    .from(transferStepHistory)
    .leftJoin(users, eq(users.id, transferStepHistory.changedById))
    .where(eq(transferStepHistory.trackId, trackId))
    .orderBy(asc(transferStepHistory.createdAt), asc(transferStepHistory.occurredOn))
}

export function getPartners(trackId: string) {
  return db
    .select({ id: transferPartners.id, name: transferPartners.name, inn: transferPartners.inn, contact: transferPartners.contact })
    .from(transferPartners)
    .where(eq(transferPartners.trackId, trackId))
    .orderBy(asc(transferPartners.createdAt), asc(transferPartners.name))
}

// ---------------------------------------------------------------------------------------------
// Forms

const count0 = (max: number) =>
  z.preprocess(
    (v) => (v === undefined ? '0' : typeof v === 'string' ? v.replace(/[\s\u00a0]/g, '') : v),
    z.string().regex(/^\d{1,9}$/, 'practices.validation.count').transform(Number).pipe(z.number().max(max, 'practices.validation.count')),
  )

export const MoveFormSchema = z.object({
  fromStep: z.enum(TRANSFER_STEPS, { error: 'validation.invalid' }),
  toStep: z.enum(TRANSFER_STEPS, { error: 'validation.choose' }),
  occurredOn: isoDate,
  note: z.string({ error: 'practices.validation.noteRequired' }).trim().min(1, 'practices.validation.noteRequired').max(2000),
  evidenceUrl: optionalUrl,
  beneficiaries: count0(10_000_000),
  ngosInvolved: count0(100_000),
  reason: z.string().trim().max(2000).optional(),
})
export type MoveInput = z.output<typeof MoveFormSchema>

export type PartnerInput = { name: string; inn: string | null; contact: string | null }

/**
 * Partner rows of a form (`partnerName`, `partnerInn`, `partnerContact`, repeated in the same order). Blank
 * rows are skipped; a row with an INN or a contact needs a name; an INN must pass its check digits.
 * Errors are keyed `partnerName.0`, `partnerInn.0`… so each shows under its own field.
 */
export function parsePartners(formData: FormData, limit = MAX_PARTNERS_AT_START) {
  const get = (key: string) => formData.getAll(key).map((v) => (typeof v === 'string' ? v.trim() : ''))
  const names = get('partnerName')
  const inns = get('partnerInn')
  const contacts = get('partnerContact')
  const rows = Math.min(Math.max(names.length, inns.length, contacts.length), limit)
  const partners: PartnerInput[] = []
  const errors: FieldErrors = {}
  for (let i = 0; i < rows; i++) {
    const name = names[i] ?? ''
    const inn = normaliseDigits(inns[i] ?? '')
    const contact = contacts[i] ?? ''
    if (!name && !inn && !contact) continue
    if (!name) errors[`partnerName.${i}`] = ['practices.validation.partnerName']
    if (name.length > 300) errors[`partnerName.${i}`] = ['validation.tooLong']
    if (inn && !isValidInn(inn)) errors[`partnerInn.${i}`] = ['validation.inn']
    if (contact.length > 300) errors[`partnerContact.${i}`] = ['validation.tooLong']
    partners.push({ name, inn: inn || null, contact: contact || null })
  }
  return { partners, errors }
}

export const StartFormSchema = z.object({
  programmeId: z.string({ error: 'validation.choose' }).regex(UUID, 'validation.choose'),
  organisationId: z.string({ error: 'validation.choose' }).regex(UUID, 'validation.choose'),
  practiceId: z.string({ error: 'validation.choose' }).regex(UUID, 'validation.choose'),
  startedOn: isoDate,
  note: z.string().trim().max(2000).optional(),
})
export type StartInput = z.output<typeof StartFormSchema>

// ---------------------------------------------------------------------------------------------
// Writes

/** The programme and centre a new track would join, if the centre takes part in the programme. */
export async function getStartScope(programmeId: string, organisationId: string, tx: Executor = db) {
  const [row] = await tx
    .select({ programmeId: programmes.id, mentorOrganisationId: programmes.mentorOrganisationId, organisationId: programmeCentres.organisationId })
    .from(programmes)
    .innerJoin(programmeCentres, and(eq(programmeCentres.programmeId, programmes.id), eq(programmeCentres.organisationId, organisationId)))
    .where(eq(programmes.id, programmeId))
  return row ?? null
}

/**
 * Starts a track at «identified» with its partners and the first history row. Returns 'exists' when the centre
 * already carries this practice in this programme, 'unknown-practice' when the practice is not published.
 */
export async function startTrack(tx: Executor, values: StartInput & { partners: PartnerInput[]; actorId: string }) {
  const [practice] = await tx
    .select({ id: practices.id, title: practices.title })
    .from(practices)
    .where(and(eq(practices.id, values.practiceId), eq(practices.status, 'published')))
  if (!practice) return { status: 'unknown-practice' as const }
  const startedAt = new Date(`${values.startedOn}T00:00:00Z`)
  const [track] = await tx
    .insert(transferTracks)
    .values({
      programmeId: values.programmeId,
      practiceId: values.practiceId,
      organisationId: values.organisationId,
      step: 'identified',
      startedOn: values.startedOn,
      stepChangedAt: startedAt,
      createdById: values.actorId,
    })
    .onConflictDoNothing()
    .returning({ id: transferTracks.id })
  if (!track) return { status: 'exists' as const }
  if (values.partners.length) {
    await tx.insert(transferPartners).values(values.partners.map((p) => ({ trackId: track.id, ...p })))
  }
  await tx.insert(transferStepHistory).values({
    trackId: track.id,
    fromStep: null,
    toStep: 'identified',
    occurredOn: values.startedOn,
    note: values.note ?? null,
    changedById: values.actorId,
  })
  await audit(tx, {
    actorId: values.actorId,
    action: 'transfer.started',
    entityType: 'transfer',
    entityId: track.id,
    organisationId: values.organisationId,
    data: { programmeId: values.programmeId, practiceId: values.practiceId, title: practice.title, partners: values.partners.length },
  })
  return { status: 'started' as const, id: track.id }
}

export type MoveResult = { ok: true; kind: MoveKind } | { ok: false; status: 409 | 422; errors: FieldErrors }

/**
 * Moves a track to another step: checks the rules again on the locked row (the form may be stale), writes
 * the history row and the track's new step and totals together, and records who did it.
 */
export async function moveTrack(tx: Executor, trackId: string, actorId: string, input: MoveInput): Promise<MoveResult> {
  const [track] = await tx
    .select({ step: transferTracks.step, organisationId: transferTracks.organisationId })
    .from(transferTracks)
    .where(eq(transferTracks.id, trackId))
    .for('update')
  if (!track) notFound()
  if (track.step !== input.fromStep) return { ok: false, status: 409, errors: { '': ['practices.error.staleStep'] } }
  const kind = moveKind(track.step, input.toStep)
  const errors: FieldErrors = {}
  if (!kind) errors.toStep = ['practices.validation.sameStep']
  const reason = input.reason?.trim() || null
  if (kind && needsReason(kind) && !reason) errors.reason = [`practices.validation.reason.${kind}`]
  if (input.occurredOn > latestAllowedDate()) errors.occurredOn = ['practices.validation.futureDate']
  const [last] = await tx
    .select({ on: max(transferStepHistory.occurredOn) })
    .from(transferStepHistory)
    .where(eq(transferStepHistory.trackId, trackId))
  if (last?.on && input.occurredOn < last.on) errors.occurredOn = ['practices.validation.beforeLastStep']
  if (Object.keys(errors).length || !kind) return { ok: false, status: 422, errors }
  const now = new Date()
  await tx
    .update(transferTracks)
    .set({
      step: input.toStep,
      stoppedAtStep: kind === 'stop' ? track.step : null,
      stoppedReason: kind === 'stop' ? reason : null,
      beneficiaries: sql`${transferTracks.beneficiaries} + ${input.beneficiaries}`,
      ngosInvolved: sql`${transferTracks.ngosInvolved} + ${input.ngosInvolved}`,
      // Days at a step count from the day the move happened, not from when it was typed in.
      stepChangedAt: new Date(`${input.occurredOn}T00:00:00Z`),
      updatedAt: now,
    })
    .where(eq(transferTracks.id, trackId))
  await tx.insert(transferStepHistory).values({
    trackId,
    fromStep: track.step,
    toStep: input.toStep,
    occurredOn: input.occurredOn,
    note: input.note,
    evidenceUrl: input.evidenceUrl ?? null,
    reason,
    beneficiaries: input.beneficiaries,
    ngosInvolved: input.ngosInvolved,
    changedById: actorId,
    createdAt: now,
  })
  await audit(tx, {
    actorId,
    action: `transfer.${kind === 'next' ? 'moved' : kind}`,
    entityType: 'transfer',
    entityId: trackId,
    organisationId: track.organisationId,
    data: { from: track.step, to: input.toStep, occurredOn: input.occurredOn, reason, beneficiaries: input.beneficiaries, ngosInvolved: input.ngosInvolved },
  })
  return { ok: true, kind }
}

export async function addPartner(tx: Executor, trackId: string, organisationId: string, actorId: string, partner: PartnerInput) {
  const [row] = await tx.insert(transferPartners).values({ trackId, ...partner }).returning({ id: transferPartners.id })
  await tx.update(transferTracks).set({ updatedAt: new Date() }).where(eq(transferTracks.id, trackId))
  await audit(tx, {
    actorId,
    action: 'transfer.partner_added',
    entityType: 'transfer',
    entityId: trackId,
    organisationId,
    data: { partnerId: row!.id, name: partner.name, inn: partner.inn },
  })
}

// ---------------------------------------------------------------------------------------------
// The board of a programme

export const BoardQuerySchema = z.object({
  region: z.string().regex(/^\d{2}$/).optional().catch(undefined),
  practice: z.string().regex(UUID).optional().catch(undefined),
  step: z.enum(TRANSFER_STEPS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type BoardQuery = z.output<typeof BoardQuerySchema>

export function parseBoardQuery(url: URL): BoardQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['region', 'practice', 'step', 'page']) raw[key] = url.searchParams.get(key)?.trim() || undefined
  return BoardQuerySchema.parse(raw)
}

/**
 * The board in three queries whatever the number of tracks: the cards (at most BOARD_COLUMN_CAP per step,
 * longest at their step first — or one step in full, page by page), the number of tracks per step, and the
 * practices and regions present for the filters. `onlyOrganisationIds` limits it to a participant's own centres.
 */
export async function loadBoard(programmeId: string, query: BoardQuery, onlyOrganisationIds: string[] | null) {
  const filters: SQL[] = [sql`t.programme_id = ${programmeId}`]
  if (onlyOrganisationIds) filters.push(onlyOrganisationIds.length ? inArray(sql`t.organisation_id`, onlyOrganisationIds) : sql`false`)
  if (query.practice) filters.push(sql`t.practice_id = ${query.practice}`)
  if (query.region) filters.push(sql`t.organisation_id in (select o2.id from ${organisations} o2 where o2.region_code = ${query.region})`)
  const where = sql.join(filters, sql` and `)
  const window = query.step
    ? sql`w.rn > ${(query.page - 1) * BOARD_STEP_PAGE_SIZE} and w.rn <= ${query.page * BOARD_STEP_PAGE_SIZE}`
    : sql`w.rn <= ${BOARD_COLUMN_CAP}`
  // The LIMIT is the most cards the board can show; it also tells the planner that only a few rows come
  // out of the window, so centres and practices are looked up by key instead of hashing whole tables.
  const most = query.step ? BOARD_STEP_PAGE_SIZE : BOARD_COLUMN_CAP * TRANSFER_STEPS.length
  const inner = sql`(select w.* from (
      select t.id, t.step, t.organisation_id, t.practice_id, t.step_changed_at,
        row_number() over (partition by t.step order by t.step_changed_at, t.id) as rn
      from ${transferTracks} t
      where ${where} ${query.step ? sql`and t.step = ${query.step}` : sql``}) w
    where ${window}
    order by w.step, w.rn
    limit ${most}) x`
  const [cards, counts, options] = await Promise.all([
    db
      .select({
        id: sql<string>`x.id`,
        step: sql<TransferStep>`x.step`,
        organisationId: organisations.id,
        centre: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})`,
        regionCode: organisations.regionCode,
        practiceSlug: practices.slug,
        practiceTitle: practices.title,
        practiceTitleEn: practices.titleEn,
        partners: sql<number>`(select count(*)::int from ${transferPartners} tp where tp.track_id = x.id)`,
        days: sql<number>`greatest(0, current_date - (x.step_changed_at at time zone 'UTC')::date)`,
      })
      .from(sql`${inner}`)
      .innerJoin(organisations, sql`${organisations.id} = x.organisation_id`)
      .innerJoin(practices, sql`${practices.id} = x.practice_id`)
      .orderBy(sql`x.step`, sql`x.rn`),
    db
      .select({ step: sql<TransferStep>`t.step`, n: sql<number>`count(*)::int` })
      .from(sql`${transferTracks} t`)
      .where(where)
      .groupBy(sql`t.step`),
    // The filters' choices: the practices and the centres' regions present in the programme (distinct ids
    // first, then their names — a few hundred lookups rather than joins over every track).
    db
      .select({ kind: sql<'practice' | 'region'>`o.kind`, value: sql<string>`o.value`, label: sql<string>`o.label`, labelEn: sql<string | null>`o.label_en` })
      .from(
        sql`(select 'practice' as kind, p.id::text as value, p.title as label, p.title_en as label_en
              from ${practices} p where p.id in (select t.practice_id from ${transferTracks} t where t.programme_id = ${programmeId})
             union all
             select distinct 'region', r.code, r.name_ru, r.name_en
              from (select distinct t.organisation_id from ${transferTracks} t where t.programme_id = ${programmeId}) d
              join ${organisations} o on o.id = d.organisation_id join ${regions} r on r.code = o.region_code) o`,
      )
      .orderBy(sql`o.kind`, sql`o.label`),
  ])
  const perStep = Object.fromEntries(TRANSFER_STEPS.map((s) => [s, 0])) as Record<TransferStep, number>
  for (const c of counts) perStep[c.step as TransferStep] = c.n
  return {
    cards,
    perStep,
    practices: options.filter((o) => o.kind === 'practice'),
    regions: options.filter((o) => o.kind === 'region'),
  }
}

// ---------------------------------------------------------------------------------------------
// A centre's tracks

export function listCentreTracks(organisationId: string, visible: SQL | undefined) {
  return db
    .select({
      id: transferTracks.id,
      programmeId: transferTracks.programmeId,
      programmeName: programmes.name,
      practiceSlug: practices.slug,
      practiceTitle: practices.title,
      practiceTitleEn: practices.titleEn,
      step: transferTracks.step,
      stoppedAtStep: transferTracks.stoppedAtStep,
      startedOn: transferTracks.startedOn,
      stepChangedAt: transferTracks.stepChangedAt,
      beneficiaries: transferTracks.beneficiaries,
      ngosInvolved: transferTracks.ngosInvolved,
      partners: sql<number>`(select count(*)::int from ${transferPartners} tp where tp.track_id = ${transferTracks.id})`,
    })
    .from(transferTracks)
    .innerJoin(programmes, eq(programmes.id, transferTracks.programmeId))
    .innerJoin(practices, eq(practices.id, transferTracks.practiceId))
    .where(and(eq(transferTracks.organisationId, organisationId), visible))
    .orderBy(desc(transferTracks.stepChangedAt), asc(practices.title))
}

/** The centre's programmes in which this person may start a track (with the mentor organisation for the check). */
export async function programmesToStartIn(user: CurrentUser, organisationId: string, relation: string) {
  const rows = await db
    .select({ id: programmes.id, name: programmes.name, mentorOrganisationId: programmes.mentorOrganisationId })
    .from(programmeCentres)
    .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
    .where(eq(programmeCentres.organisationId, organisationId))
    .orderBy(desc(programmes.startsOn), asc(programmes.name))
  const mine = mentorOrganisationIds(user)
  const leads = user.memberships.some((m) => m.organisationId === organisationId && m.role === 'leader')
  return rows.filter(
    (p) =>
      user.isAdmin || leads || relation === 'mentor' || user.managedProgrammeIds.includes(p.id) || mine.includes(p.mentorOrganisationId),
  )
}

/** Published practices for the start form, those selected in the given programmes first. */
export function practicesToStart(programmeIds: string[]) {
  const selectedIn = programmeIds.length
    ? sql<string[]>`coalesce((select json_agg(pp.programme_id) from ${programmePractices} pp
        where pp.practice_id = ${practices.id} and pp.decision = 'selected' and ${inArray(sql`pp.programme_id`, programmeIds)}), '[]'::json)`
    : sql<string[]>`'[]'::json`
  return db
    .select({ id: practices.id, title: practices.title, titleEn: practices.titleEn, selectedIn })
    .from(practices)
    .where(eq(practices.status, 'published'))
    .orderBy(asc(practices.title))
}

/** Centres of a programme for the board's start form: all of them, or only those the person leads. */
export async function centresToStartFor(user: CurrentUser, programmeId: string, all: boolean) {
  const rows = await db
    .select({ id: organisations.id, name: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})` })
    .from(programmeCentres)
    .innerJoin(organisations, eq(organisations.id, programmeCentres.organisationId))
    .where(eq(programmeCentres.programmeId, programmeId))
    .orderBy(asc(sql`coalesce(${organisations.shortName}, ${organisations.name})`))
  if (all) return rows
  const leads = new Set(user.memberships.filter((m) => m.role === 'leader').map((m) => m.organisationId))
  return rows.filter((r) => leads.has(r.id))
}

// ---------------------------------------------------------------------------------------------
// Starting a track from a form (the board fixes the programme, a centre's page fixes the centre)

export type StartOutcome = { ok: true; id: string } | { ok: false; status: 400 | 409 | 422; errors: FieldErrors }

/**
 * Validates the start form, checks the centre takes part in the programme and that the person may start
 * tracks there, then starts it in one transaction (track, partners, first history row, audit entry).
 */
export async function startTrackFromForm(
  user: CurrentUser,
  formData: FormData,
  fixed: { programmeId?: string; organisationId?: string },
): Promise<StartOutcome> {
  const raw: Record<string, unknown> = {}
  for (const key of ['programmeId', 'organisationId', 'practiceId', 'startedOn', 'note']) {
    const value = formData.get(key)
    raw[key] = typeof value === 'string' && value.trim() ? value.trim() : undefined
  }
  if (fixed.programmeId) raw.programmeId = fixed.programmeId
  if (fixed.organisationId) raw.organisationId = fixed.organisationId
  const parsed = StartFormSchema.safeParse(raw)
  const { partners, errors } = parsePartners(formData)
  if (!parsed.success) Object.assign(errors, issuesToErrors(parsed.error.issues))
  else if (parsed.data.startedOn > latestAllowedDate()) {
    errors.startedOn = ['practices.validation.futureDate']
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, status: 400, errors }
  const values = parsed.data
  const scope = await getStartScope(values.programmeId, values.organisationId)
  if (!scope) {
    return { ok: false, status: 422, errors: fixed.organisationId ? { programmeId: ['practices.error.notInProgramme'] } : { organisationId: ['practices.error.notInProgramme'] } }
  }
  if ((await transferAccess(user, scope)) !== 'manage') forbidden('practices.error.cannotStart')
  const result = await db.transaction((tx) => startTrack(tx, { ...values, partners, actorId: user.id }))
  if (result.status === 'unknown-practice') return { ok: false, status: 422, errors: { practiceId: ['practices.error.unknownPractice'] } }
  if (result.status === 'exists') return { ok: false, status: 409, errors: { practiceId: ['practices.error.trackExists'] } }
  return { ok: true, id: result.id }
}
