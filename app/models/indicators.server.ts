/**
 * Grant outcome indicators: what each computed indicator counts, and the SQL that counts it.
 *
 * The counting rules are written out in docs/decisions/007-indicator-counting.md and shown next to every
 * figure (i18n `reporting.indicators.rule.<key>`). In short:
 *
 * - A period is a range of calendar dates, both ends included (`PeriodRange`). Events belong to a period by
 *   the date they start on in their own time zone; course completions, toolkit usage, consultations, stage
 *   changes, NGO partners and practice decisions by their timestamp's date in the time zone of the centre's
 *   region (practice decisions: the mentor organisation's region). Transfer steps carry a date already.
 * - Only what has happened counts: events that are not cancelled and have started (by `asOf`, default now),
 *   attendance marked present or late, consultations held or answered, completed enrolments.
 * - Every figure is a count of distinct things (`item`), so a person who came to two events is one person
 *   and two visits, and a figure for a whole range is never the sum of its parts for "unique" indicators.
 *
 * How it works: each computation key turns into a SELECT of *facts* — one row per piece of evidence with
 * (org_id, local_date, item, via, label) — and every figure is `count(distinct item)` over those facts, grouped
 * as needed. Those live definitions (`FACTS`) serve one figure at a time (`computeIndicator`) and the
 * drill-down (`listIndicatorRecords`). The dashboard and a programme's configured indicators read the same
 * facts stored per programme (indicator-facts.server.ts, docs/decisions/010), filtered per indicator by
 * `factSpec`, in one statement (`computeDashboard`, `computeProgrammeIndicators`); tests hold the two equal.
 *
 * Public API (used by the reporting setup pages, period reports and exports):
 * - `INDICATOR_CATALOGUE`, `IndicatorKey`, `IndicatorDefinition`, `getIndicatorDefinition(key)`
 * - `parseIndicatorParams(key, raw)` → `{ ok: true, params } | { ok: false, errors }` (i18n keys per param)
 * - `computeIndicator(db, programmeId, key, params, period, scope?, options?)` → one number
 *   (null when the indicator cannot be attributed to one centre and a scope is given)
 * - `computeProgrammeIndicators(db, programmeId, period, scope?, options?)` → Map by indicator id of
 *   `{ value, target, source, … }` for the programme's configured indicators: computed ones in one
 *   statement, manual ones from indicator_manual_values (summed over the periods inside the range).
 */
import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import {
  CONSULTATION_GIVEN_AT,
  CONSULTATION_GIVEN_STATUSES,
  ensureIndicatorFacts,
  EVENT_LOCAL_DATE,
  indicatorFactsCurrent,
  ngoKey,
  regionLocalDate,
  STAGE_ARRAY,
  STEPS_FROM_IMPLEMENTED,
  STEPS_FROM_PILOTED,
  trackReachedDate,
} from './indicator-facts.server.ts'
import {
  eventKind as eventKindEnum,
  indicatorManualValues,
  indicatorTargets,
  programmeIndicators,
  programmes,
  reportPeriods,
  type EventKind,
} from '#db/schema/index.ts'

// ---------------------------------------------------------------------------------------------------------
// Catalogue

export const INDICATOR_KEYS = [
  'centres_supported',
  'people_trained',
  'visits',
  'events_held',
  'consultations_given',
  'courses_completed',
  'toolkit_downloads',
  'documents_generated',
  'ngos_reached',
  'regions_covered',
  'centres_stage_up',
  'practices_selected',
  'practices_piloted',
  'practices_implemented',
] as const
export type IndicatorKey = (typeof INDICATOR_KEYS)[number]

export const UNIT_KEYS = [
  'centres',
  'people',
  'visits',
  'events',
  'consultations',
  'completions',
  'downloads',
  'documents',
  'ngos',
  'regions',
  'practices',
  'tracks',
] as const
export type UnitKey = (typeof UNIT_KEYS)[number]

/** What the drill-down lists behind a figure. */
export type DrillKind =
  | 'centre'
  | 'person'
  | 'visit'
  | 'event'
  | 'consultation'
  | 'enrolment'
  | 'usage'
  | 'ngo'
  | 'region'
  | 'practice'
  | 'track'

export const EVENT_KINDS = eventKindEnum.enumValues
export const PEOPLE_VIA = ['any', 'events', 'courses'] as const

export type IndicatorParamDefinition = {
  name: 'eventKind' | 'via' | 'courseId'
  /** Allowed values; null: any uuid (a course). */
  values: readonly string[] | null
  /** Label of each value: `reporting.indicators.param.<name>.<value>`. */
  optional: boolean
}

export type IndicatorDefinition = {
  key: IndicatorKey
  /** i18n key of the indicator's default name. */
  nameKey: string
  /** Default unit: i18n key `reporting.indicators.unit.<unitKey>`. */
  unitKey: UnitKey
  params: readonly IndicatorParamDefinition[]
  /** i18n key of the counting rule shown next to the figure. */
  ruleKey: string
  /** Can be split by centre (a centre's contribution); practice selection is the programme's own decision. */
  perCentre: boolean
  /** By-centre figures add up to the total (counts of records); false for unique people, centres, regions, NGOs. */
  additive: boolean
  drill: DrillKind
}

function define(
  key: IndicatorKey,
  unitKey: UnitKey,
  drill: DrillKind,
  options: { params?: IndicatorParamDefinition[]; perCentre?: boolean; additive?: boolean } = {},
): IndicatorDefinition {
  return {
    key,
    nameKey: `reporting.indicators.key.${key}`,
    unitKey,
    params: options.params ?? [],
    ruleKey: `reporting.indicators.rule.${key}`,
    perCentre: options.perCentre ?? true,
    additive: options.additive ?? false,
    drill,
  }
}

const eventKindParam: IndicatorParamDefinition = { name: 'eventKind', values: EVENT_KINDS, optional: true }

export const INDICATOR_CATALOGUE: readonly IndicatorDefinition[] = Object.freeze([
  define('centres_supported', 'centres', 'centre'),
  define('people_trained', 'people', 'person', {
    params: [{ name: 'via', values: PEOPLE_VIA, optional: true }, eventKindParam],
  }),
  define('visits', 'visits', 'visit', { params: [eventKindParam], additive: true }),
  define('events_held', 'events', 'event', { params: [eventKindParam] }),
  define('consultations_given', 'consultations', 'consultation', { additive: true }),
  define('courses_completed', 'completions', 'enrolment', {
    params: [{ name: 'courseId', values: null, optional: true }],
    additive: true,
  }),
  define('toolkit_downloads', 'downloads', 'usage', { additive: true }),
  define('documents_generated', 'documents', 'usage', { additive: true }),
  define('ngos_reached', 'ngos', 'ngo', { additive: true }),
  define('regions_covered', 'regions', 'region'),
  define('centres_stage_up', 'centres', 'centre', { additive: true }),
  define('practices_selected', 'practices', 'practice', { perCentre: false }),
  define('practices_piloted', 'tracks', 'track', { additive: true }),
  define('practices_implemented', 'tracks', 'track', { additive: true }),
])

const CATALOGUE_BY_KEY = new Map(INDICATOR_CATALOGUE.map((d) => [d.key, d]))

export function isIndicatorKey(value: unknown): value is IndicatorKey {
  return typeof value === 'string' && CATALOGUE_BY_KEY.has(value as IndicatorKey)
}

export function getIndicatorDefinition(key: IndicatorKey): IndicatorDefinition {
  return CATALOGUE_BY_KEY.get(key)!
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Checks the options of a computation against the catalogue: unknown names are dropped, empty values mean
 * "not set", a bad value gives an i18n error key under the param's name.
 */
export function parseIndicatorParams(
  key: IndicatorKey,
  raw: Record<string, unknown>,
): { ok: true; params: Record<string, string> } | { ok: false; errors: Record<string, string> } {
  const definition = getIndicatorDefinition(key)
  const params: Record<string, string> = {}
  const errors: Record<string, string> = {}
  for (const p of definition.params) {
    const value = raw[p.name]
    if (value === undefined || value === null || value === '') {
      if (!p.optional) errors[p.name] = 'reporting.indicators.error.paramRequired'
      continue
    }
    if (typeof value !== 'string') {
      errors[p.name] = 'reporting.indicators.error.paramInvalid'
      continue
    }
    const ok = p.values ? p.values.includes(value) : UUID.test(value)
    if (!ok) errors[p.name] = 'reporting.indicators.error.paramInvalid'
    else params[p.name] = value
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, params }
}

// ---------------------------------------------------------------------------------------------------------
// Types of the API

/** Calendar dates, both included: '2026-01-01'…'2026-03-31' is the first quarter. */
export type PeriodRange = { startsOn: string; endsOn: string }
/** One centre's contribution; without it the whole programme. */
export type IndicatorScope = { organisationId?: string }
export type ComputeOptions = {
  /** Events count once they have started by this moment (default: now). Fixed in tests and frozen reports. */
  asOf?: Date
}

export type IndicatorValue = {
  indicatorId: string
  name: string
  unit: string
  source: 'computed' | 'manual'
  computationKey: IndicatorKey | null
  params: Record<string, string>
  /** Null: no value (manual: nothing entered for the range; computed: not attributable to one centre). */
  value: number | null
  /** The target for the range: a period's own target, the total target, or the sum of the periods inside. */
  target: number | null
  /** i18n key of the counting rule (computed indicators). */
  ruleKey: string | null
  /** Manual values only: the evidence of each period value summed in. */
  evidence: {
    periodId: string
    value: number
    evidenceUrl: string | null
    attachmentId: string | null
    note: string | null
  }[]
}

// ---------------------------------------------------------------------------------------------------------
// Facts: one SELECT per computation key

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const HOUR_MS = 3_600_000

/** Everything a fact query needs, with the UTC window that any local date of the range can fall into. */
type FactContext = {
  programmeId: string
  from: string
  to: string
  /** Sargable bounds: the earliest and latest instants whose local date (UTC−12…UTC+14) can be in range. */
  lower: string
  upper: string
  asOf: string
  orgId: string | null
  params: Record<string, string>
}

function factContext(
  programmeId: string,
  period: PeriodRange,
  params: Record<string, string>,
  scope?: IndicatorScope,
  options?: ComputeOptions,
): FactContext {
  if (!ISO_DATE.test(period.startsOn) || !ISO_DATE.test(period.endsOn)) throw new Error('PeriodRange needs ISO dates')
  const start = Date.parse(`${period.startsOn}T00:00:00Z`)
  const end = Date.parse(`${period.endsOn}T00:00:00Z`) + 24 * HOUR_MS
  return {
    programmeId,
    from: period.startsOn,
    to: period.endsOn,
    lower: new Date(start - 14 * HOUR_MS).toISOString(),
    upper: new Date(end + 12 * HOUR_MS).toISOString(),
    asOf: (options?.asOf ?? new Date()).toISOString(),
    orgId: scope?.organisationId ?? null,
    params,
  }
}

/**
 * The instant's local date (in zone `zone`) is in the range — written as bounds on the instant, midnight of
 * the first day to midnight after the last day in that zone, which is exact and lets the planner estimate
 * it as two ordinary comparisons instead of a 0.5 % guess on an expression (and so choose hash joins).
 */
function localDateInRange(ts: SQL, zone: SQL, c: FactContext) {
  return sql`${ts} >= (${c.from}::date::timestamp at time zone ${zone}) and ${ts} < ((${c.to}::date + 1)::timestamp at time zone ${zone})`
}

function inRange(localDate: SQL, c: FactContext) {
  return sql`${localDate} between ${c.from}::date and ${c.to}::date`
}

function inWindow(ts: SQL, c: FactContext) {
  return sql`${ts} >= ${c.lower}::timestamptz and ${ts} < ${c.upper}::timestamptz`
}

function eventKindFilter(c: FactContext) {
  const kind = c.params.eventKind
  if (!kind) return sql``
  if (!EVENT_KINDS.includes(kind as EventKind)) throw new Error(`Unknown event kind ${kind}`)
  return sql` and e.kind = ${kind}::event_kind`
}

/** Programme events that took place: not cancelled, started by asOf, starting on a date in the range. */
function heldEventsWhere(c: FactContext) {
  return sql`e.programme_id = ${c.programmeId}::uuid and e.status <> 'cancelled'
    and e.starts_at <= ${c.asOf}::timestamptz and ${inWindow(sql`e.starts_at`, c)}
    and ${localDateInRange(sql`e.starts_at`, sql`e.time_zone`, c)}${eventKindFilter(c)}`
}

/**
 * Present or late marks at held events. `centresOnly`: only people who came from a programme centre.
 */
function attendanceFacts(c: FactContext, item: SQL, centresOnly = false) {
  return sql`select a.organisation_id as org_id, ${EVENT_LOCAL_DATE} as local_date, ${item} as item,
      'attendance'::text as via, null::text as label
    from events e join attendance a on a.event_id = e.id
    ${centresOnly ? sql`join programme_centres pc on pc.programme_id = e.programme_id and pc.organisation_id = a.organisation_id` : sql``}
    where ${heldEventsWhere(c)} and a.status in ('present', 'late')
      ${c.orgId ? sql`and a.organisation_id = ${c.orgId}::uuid` : sql``}`
}

/** Held events hosted by a programme centre (field sessions at the centre). */
function hostedFacts(c: FactContext, item: SQL) {
  return sql`select e.host_id as org_id, ${EVENT_LOCAL_DATE} as local_date, ${item} as item,
      'host'::text as via, null::text as label
    from events e join programme_centres pc on pc.programme_id = e.programme_id and pc.organisation_id = e.host_id
    where ${heldEventsWhere(c)} ${c.orgId ? sql`and e.host_id = ${c.orgId}::uuid` : sql``}`
}

/** Consultations of the programme held or answered in the range. */
function consultationFacts(
  c: FactContext,
  item: SQL,
  via = 'consultation',
  extraWhere: SQL = sql``,
  label: SQL = sql`null::text`,
) {
  return sql`select cr.organisation_id as org_id, ${regionLocalDate(CONSULTATION_GIVEN_AT)} as local_date, ${item} as item,
      ${via}::text as via, ${label} as label
    from consultation_requests cr
      join organisations o on o.id = cr.organisation_id
      join regions r on r.code = o.region_code
    where cr.programme_id = ${c.programmeId}::uuid and cr.status in ${CONSULTATION_GIVEN_STATUSES}
      and ${CONSULTATION_GIVEN_AT} is not null and ${inWindow(CONSULTATION_GIVEN_AT, c)}
      and ${localDateInRange(CONSULTATION_GIVEN_AT, sql`r.time_zone`, c)}
      ${c.orgId ? sql`and cr.organisation_id = ${c.orgId}::uuid` : sql``} ${extraWhere}`
}

/** Completed enrolments of people of the programme's centres, by the completion's date. */
function completionFacts(c: FactContext, item: SQL) {
  const courseId = c.params.courseId
  return sql`select en.organisation_id as org_id, ${regionLocalDate(sql`en.completed_at`)} as local_date, ${item} as item,
      'course'::text as via, null::text as label
    from programme_centres pc
      join enrolments en on en.organisation_id = pc.organisation_id
      join organisations o on o.id = pc.organisation_id
      join regions r on r.code = o.region_code
    where pc.programme_id = ${c.programmeId}::uuid ${c.orgId ? sql`and pc.organisation_id = ${c.orgId}::uuid` : sql``}
      and en.status = 'completed' and en.completed_at is not null
      and ${inWindow(sql`en.completed_at`, c)} and ${localDateInRange(sql`en.completed_at`, sql`r.time_zone`, c)}
      ${courseId ? sql`and en.course_id = ${courseId}::uuid` : sql``}`
}

function toolkitFacts(c: FactContext, kinds: readonly string[]) {
  return sql`select tu.organisation_id as org_id, ${regionLocalDate(sql`tu.created_at`)} as local_date, tu.id::text as item,
      tu.kind::text as via, null::text as label
    from programme_centres pc
      join toolkit_usage tu on tu.organisation_id = pc.organisation_id
      join organisations o on o.id = pc.organisation_id
      join regions r on r.code = o.region_code
    where pc.programme_id = ${c.programmeId}::uuid ${c.orgId ? sql`and pc.organisation_id = ${c.orgId}::uuid` : sql``}
      and tu.kind in (${sql.join(
        kinds.map((k) => sql`${k}::toolkit_usage_kind`),
        sql`, `,
      )})
      and ${inWindow(sql`tu.created_at`, c)} and ${localDateInRange(sql`tu.created_at`, sql`r.time_zone`, c)}`
}

/** Centres that received a service: their people came to an event, they hosted one, or got a consultation. */
function supportedCentreFacts(c: FactContext) {
  return sql`${attendanceFacts(c, sql`a.organisation_id::text`, true)}
    union all ${hostedFacts(c, sql`e.host_id::text`)}
    union all ${consultationFacts(c, sql`cr.organisation_id::text`)}`
}

/** Tracks of the programme that reached `steps` (or a later one) for the first time in the range. */
function trackFacts(c: FactContext, steps: readonly string[]) {
  const reached = trackReachedDate(steps)
  return sql`select org_id, local_date, item, via, label from (
      select t.organisation_id as org_id, ${reached} as local_date, t.id::text as item, 'transfer'::text as via, null::text as label
      from transfer_tracks t
        join organisations o on o.id = t.organisation_id
        join regions r on r.code = o.region_code
      where t.programme_id = ${c.programmeId}::uuid ${c.orgId ? sql`and t.organisation_id = ${c.orgId}::uuid` : sql``}
    ) reached where ${inRange(sql`local_date`, c)}`
}

const FACTS: Record<IndicatorKey, (c: FactContext) => SQL> = {
  centres_supported: (c) => supportedCentreFacts(c),
  people_trained: (c) => {
    const via = c.params.via ?? 'any'
    const parts: SQL[] = []
    if (via !== 'courses') parts.push(attendanceFacts(c, sql`a.user_id::text`))
    if (via !== 'events') parts.push(completionFacts(c, sql`en.user_id::text`))
    return sql.join(parts, sql` union all `)
  },
  visits: (c) => attendanceFacts(c, sql`a.event_id::text || ':' || a.user_id::text`),
  events_held: (c) => sql`select e.host_id as org_id, ${EVENT_LOCAL_DATE} as local_date, e.id::text as item,
        'event'::text as via, null::text as label
      from events e where ${heldEventsWhere(c)} ${c.orgId ? sql`and e.host_id = ${c.orgId}::uuid` : sql``}
      union all ${attendanceFacts(c, sql`a.event_id::text`)}`,
  consultations_given: (c) => consultationFacts(c, sql`cr.id::text`),
  courses_completed: (c) => completionFacts(c, sql`en.id::text`),
  toolkit_downloads: (c) => toolkitFacts(c, ['download']),
  documents_generated: (c) => toolkitFacts(c, ['generate_docx', 'generate_pdf']),
  ngos_reached: (c) => sql`select t.organisation_id as org_id, ${regionLocalDate(sql`tp.created_at`)} as local_date,
        ${ngoKey(sql`t.organisation_id`, sql`tp.name`)} as item, 'partner'::text as via, tp.name as label
      from transfer_tracks t
        join transfer_partners tp on tp.track_id = t.id
        join organisations o on o.id = t.organisation_id
        join regions r on r.code = o.region_code
      where t.programme_id = ${c.programmeId}::uuid ${c.orgId ? sql`and t.organisation_id = ${c.orgId}::uuid` : sql``}
        and btrim(tp.name) <> '' and ${inWindow(sql`tp.created_at`, c)} and ${localDateInRange(sql`tp.created_at`, sql`r.time_zone`, c)}
      union all ${consultationFacts(
        c,
        ngoKey(sql`cr.organisation_id`, sql`cr.client_ngo`),
        'client',
        sql`and cr.client_ngo is not null and btrim(cr.client_ngo) <> ''`,
        sql`cr.client_ngo`,
      )}`,
  // The regions of the programme's centres among those supported.
  regions_covered: (c) => sql`select s.org_id, s.local_date, o2.region_code as item, s.via, null::text as label
      from (${supportedCentreFacts(c)}) s join organisations o2 on o2.id = s.org_id
        join programme_centres pc2 on pc2.programme_id = ${c.programmeId}::uuid and pc2.organisation_id = s.org_id`,
  centres_stage_up: (
    c,
  ) => sql`select sh.organisation_id as org_id, ${regionLocalDate(sql`sh.changed_at`)} as local_date,
        sh.organisation_id::text as item, 'stage'::text as via, null::text as label
      from programme_centres pc
        join stage_history sh on sh.organisation_id = pc.organisation_id
        join organisations o on o.id = pc.organisation_id
        join regions r on r.code = o.region_code
      where pc.programme_id = ${c.programmeId}::uuid ${c.orgId ? sql`and pc.organisation_id = ${c.orgId}::uuid` : sql``}
        and array_position(${STAGE_ARRAY}, sh.to_stage) > array_position(${STAGE_ARRAY}, sh.from_stage)
        and ${inWindow(sql`sh.changed_at`, c)} and ${localDateInRange(sql`sh.changed_at`, sql`r.time_zone`, c)}`,
  practices_selected: (c) => sql`select null::uuid as org_id, ${regionLocalDate(sql`pp.decided_at`)} as local_date,
        pp.practice_id::text as item, 'decision'::text as via, null::text as label
      from programme_practices pp
        join programmes pr on pr.id = pp.programme_id
        join organisations o on o.id = pr.mentor_organisation_id
        join regions r on r.code = o.region_code
      where pp.programme_id = ${c.programmeId}::uuid and pp.decision = 'selected' and pp.decided_at is not null
        and ${inWindow(sql`pp.decided_at`, c)} and ${localDateInRange(sql`pp.decided_at`, sql`r.time_zone`, c)}
        ${c.orgId ? sql`and false` : sql``}`,
  practices_piloted: (c) => trackFacts(c, STEPS_FROM_PILOTED),
  practices_implemented: (c) => trackFacts(c, STEPS_FROM_IMPLEMENTED),
}

/** The facts of one computation: `select org_id, local_date, item, via, label …`. Exported for tests and benches. */
export function indicatorFactsSql(
  programmeId: string,
  key: IndicatorKey,
  params: Record<string, string>,
  period: PeriodRange,
  scope?: IndicatorScope,
  options?: ComputeOptions,
) {
  return FACTS[key](factContext(programmeId, period, params, scope, options))
}

function safeParams(key: IndicatorKey, params: Record<string, unknown> | null | undefined) {
  // Stored params were validated when saved; anything that no longer fits is ignored rather than failing a page.
  const definition = getIndicatorDefinition(key)
  const out: Record<string, string> = {}
  for (const p of definition.params) {
    const value = params?.[p.name]
    if (typeof value === 'string' && (p.values ? p.values.includes(value) : UUID.test(value))) out[p.name] = value
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// One figure

/**
 * One computed indicator for one range. Null when a centre's scope is asked of an indicator that belongs to
 * the programme as a whole (practices selected).
 */
export async function computeIndicator(
  db: Executor,
  programmeId: string,
  key: IndicatorKey,
  params: Record<string, string>,
  period: PeriodRange,
  scope?: IndicatorScope,
  options?: ComputeOptions,
): Promise<number | null> {
  if (scope?.organisationId && !getIndicatorDefinition(key).perCentre) return null
  const facts = indicatorFactsSql(programmeId, key, safeParams(key, params), period, scope, options)
  const [row] = await db.select({ value: sql<number>`count(distinct f.item)::int` }).from(sql`(${facts}) as f`)
  return row?.value ?? 0
}

// ---------------------------------------------------------------------------------------------------------
// A programme's configured indicators for one range

type ConfiguredIndicator = {
  id: string
  name: string
  unit: string
  source: 'computed' | 'manual'
  computationKey: string | null
  computationParams: Record<string, string>
  targetTotal: string | null
  position: number
}

export async function listProgrammeIndicators(db: Executor, programmeId: string): Promise<ConfiguredIndicator[]> {
  return db
    .select({
      id: programmeIndicators.id,
      name: programmeIndicators.name,
      unit: programmeIndicators.unit,
      source: programmeIndicators.source,
      computationKey: programmeIndicators.computationKey,
      computationParams: programmeIndicators.computationParams,
      targetTotal: programmeIndicators.targetTotal,
      position: programmeIndicators.position,
    })
    .from(programmeIndicators)
    .where(eq(programmeIndicators.programmeId, programmeId))
    .orderBy(asc(programmeIndicators.position), asc(programmeIndicators.createdAt), asc(programmeIndicators.id))
}

export type ProgrammePeriod = { id: string; label: string; startsOn: string; endsOn: string }

export async function listReportPeriods(db: Executor, programmeId: string): Promise<ProgrammePeriod[]> {
  return db
    .select({
      id: reportPeriods.id,
      label: reportPeriods.label,
      startsOn: reportPeriods.startsOn,
      endsOn: reportPeriods.endsOn,
    })
    .from(reportPeriods)
    .where(eq(reportPeriods.programmeId, programmeId))
    .orderBy(asc(reportPeriods.startsOn), asc(reportPeriods.endsOn), asc(reportPeriods.id))
}

/** Computed indicators that can run: a known key (anything else shows as "no value"). */
function computable(indicators: ConfiguredIndicator[]) {
  return indicators.filter(
    (i): i is ConfiguredIndicator & { computationKey: IndicatorKey } =>
      i.source === 'computed' && isIndicatorKey(i.computationKey),
  )
}

/**
 * How each computation reads the stored facts (app/models/indicator-facts.server.ts): which sources, which
 * of them only from a programme centre, and what is counted — a stored column once each (`item`, `ref`,
 * `org`, `region`), or every row (`rows`: facts that are distinct things already).
 */
type FactSpec = { sources: string[]; centreOnly?: string[]; item: 'item' | 'ref' | 'org' | 'region' | 'rows' }

function factSpec(key: IndicatorKey, params: Record<string, string>): FactSpec {
  // A centre's presence at an event stands for its marks there: once for centres, regions and events, its
  // weight (the number of marks) for visits.
  const supported = { sources: ['presence', 'event', 'consultation'], centreOnly: ['presence', 'event'] }
  switch (key) {
    case 'centres_supported':
      return { ...supported, item: 'org' }
    case 'regions_covered':
      return { sources: supported.sources, centreOnly: supported.sources, item: 'region' }
    case 'people_trained': {
      const via = params.via ?? 'any'
      return {
        sources: via === 'events' ? ['mark'] : via === 'courses' ? ['completion'] : ['mark', 'completion'],
        item: 'item',
      }
    }
    case 'visits':
      return { sources: ['presence'], item: 'rows' }
    case 'events_held':
      return { sources: ['event', 'presence'], item: 'ref' }
    case 'consultations_given':
      return { sources: ['consultation'], item: 'rows' }
    case 'courses_completed':
      return { sources: ['completion'], item: 'rows' }
    case 'toolkit_downloads':
      return { sources: ['download'], item: 'rows' }
    case 'documents_generated':
      return { sources: ['document'], item: 'rows' }
    case 'ngos_reached':
      return { sources: ['partner', 'client'], item: 'item' }
    case 'centres_stage_up':
      return { sources: ['stage_up'], item: 'item' }
    case 'practices_selected':
      return { sources: ['selected'], item: 'rows' }
    case 'practices_piloted':
      return { sources: ['piloted'], item: 'rows' }
    case 'practices_implemented':
      return { sources: ['implemented'], item: 'rows' }
  }
}

/**
 * The stored facts of several indicators at once, each row tagged with its indicator's id: `spec` (a CTE to
 * put in the statement's WITH) and `tagged`, a SELECT of (indicator_id, org_id, local_date, weight, counted,
 * item) over the programme's facts in the range — `counted` rows are distinct things already and count by
 * their weight, the others count once per distinct item. Null when nothing is computable. Call
 * `ensureIndicatorFacts` first.
 */
function taggedFacts(
  programmeId: string,
  indicators: (ConfiguredIndicator & { computationKey: IndicatorKey })[],
  period: PeriodRange,
  scope?: IndicatorScope,
  options?: ComputeOptions,
) {
  const specs: SQL[] = []
  for (const i of indicators) {
    if (scope?.organisationId && !getIndicatorDefinition(i.computationKey).perCentre) continue
    const params = safeParams(i.computationKey, i.computationParams)
    const spec = factSpec(i.computationKey, params)
    for (const source of spec.sources) {
      specs.push(
        sql`(${i.id}::uuid, ${source}::indicator_fact_source, ${spec.centreOnly?.includes(source) ?? false}::boolean, ${params.eventKind ?? null}::event_kind,
          ${params.courseId ?? null}::uuid, ${spec.item}::text)`,
      )
    }
  }
  if (specs.length === 0) return null
  const c = factContext(programmeId, period, {}, scope, options)
  // One spec row per indicator and source, so the facts join them on equal sources (a hash join).
  return {
    spec: sql`spec (indicator_id, source, centre_only, kind, course, item) as (values ${sql.join(specs, sql`, `)})`,
    tagged: sql`select s.indicator_id, f.org_id, f.local_date, f.weight, s.item = 'rows' as counted,
        case s.item when 'item' then f.item when 'ref' then f.ref when 'org' then f.org_id
          when 'region' then md5(f.region_code)::uuid end as item
      from indicator_facts f join spec s on s.source = f.source
      where f.programme_id = ${programmeId}::uuid ${c.orgId ? sql`and f.org_id = ${c.orgId}::uuid` : sql``}
        and f.local_date between ${c.from}::date and ${c.to}::date
        and (f.starts_at is null or f.starts_at <= ${c.asOf}::timestamptz)
        and (s.kind is null or f.event_kind is null or f.event_kind = s.kind)
        and (s.course is null or f.source <> 'completion' or f.ref = s.course)
        and (f.centre or not s.centre_only)`,
  }
}

function toNumber(value: string | number | null | undefined) {
  if (value === null || value === undefined) return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

function sameRange(a: PeriodRange, b: PeriodRange) {
  return a.startsOn === b.startsOn && a.endsOn === b.endsOn
}

function inside(inner: PeriodRange, outer: PeriodRange) {
  return inner.startsOn >= outer.startsOn && inner.endsOn <= outer.endsOn
}

/**
 * The periods whose per-period figures make up a range: the period equal to the range if there is one,
 * otherwise the periods lying inside it that contain no other such period (so a "whole year" period next to
 * its quarters is not counted twice).
 */
export function periodsComposing<P extends PeriodRange & { id: string }>(
  periods: P[],
  range: PeriodRange,
  has: (p: P) => boolean,
): P[] {
  const candidates = periods.filter((p) => has(p) && inside(p, range))
  const exact = candidates.find((p) => sameRange(p, range))
  if (exact) return [exact]
  return candidates.filter((p) => !candidates.some((q) => q !== p && inside(q, p) && !sameRange(q, p)))
}

/**
 * Every configured indicator of a programme for one range: computed ones in one statement, manual ones from
 * the values entered per period (summed over the periods inside the range), with the target for the range.
 */
export async function computeProgrammeIndicators(
  db: Executor,
  programmeId: string,
  period: PeriodRange,
  scope?: IndicatorScope,
  options?: ComputeOptions,
): Promise<Map<string, IndicatorValue>> {
  const [indicators, periods, [programme], current] = await Promise.all([
    listProgrammeIndicators(db, programmeId),
    listReportPeriods(db, programmeId),
    db
      .select({ startsOn: programmes.startsOn, endsOn: programmes.endsOn })
      .from(programmes)
      .where(eq(programmes.id, programmeId)),
    indicatorFactsCurrent(db, programmeId),
  ])
  const result = new Map<string, IndicatorValue>()
  if (indicators.length === 0) return result
  const ids = indicators.map((i) => i.id)
  const tagged = taggedFacts(programmeId, computable(indicators), period, scope, options)
  if (tagged) await ensureIndicatorFacts(db, programmeId, current)
  const [computedRows, targetRows, manualRows] = await Promise.all([
    tagged
      ? db
          .select({
            indicatorId: sql<string>`t.indicator_id`,
            // One pass: unique things counted once, records by their weight.
            value: sql<number>`(count(distinct t.item) filter (where not t.counted) + coalesce(sum(t.weight) filter (where t.counted), 0))::int`,
          })
          .from(sql`(with ${tagged.spec} ${tagged.tagged}) as t`)
          .groupBy(sql`t.indicator_id`)
      : Promise.resolve([]),
    db
      .select({
        indicatorId: indicatorTargets.indicatorId,
        periodId: indicatorTargets.periodId,
        target: indicatorTargets.target,
      })
      .from(indicatorTargets)
      .where(inArray(indicatorTargets.indicatorId, ids)),
    scope?.organisationId
      ? Promise.resolve([])
      : db
          .select({
            indicatorId: indicatorManualValues.indicatorId,
            periodId: indicatorManualValues.periodId,
            value: indicatorManualValues.value,
            evidenceUrl: indicatorManualValues.evidenceUrl,
            attachmentId: indicatorManualValues.attachmentId,
            note: indicatorManualValues.note,
          })
          .from(indicatorManualValues)
          .where(inArray(indicatorManualValues.indicatorId, ids)),
  ])
  const computed = new Map(computedRows.map((r) => [r.indicatorId, r.value]))
  const periodById = new Map(periods.map((p) => [p.id, p]))
  const wholeProgramme = programme ? sameRange(period, programme) : false

  for (const indicator of indicators) {
    const key = isIndicatorKey(indicator.computationKey) ? indicator.computationKey : null
    const definition = key ? getIndicatorDefinition(key) : null
    // Target: the period's own, else the total for the whole programme, else the periods inside the range.
    const targets = new Map(
      targetRows.filter((t) => t.indicatorId === indicator.id).map((t) => [t.periodId, toNumber(t.target)]),
    )
    let target: number | null = null
    const targetPeriods = periodsComposing(periods, period, (p) => targets.has(p.id))
    if (targetPeriods.length === 1 && sameRange(targetPeriods[0]!, period))
      target = targets.get(targetPeriods[0]!.id) ?? null
    else if (wholeProgramme && indicator.targetTotal !== null) target = toNumber(indicator.targetTotal)
    else if (targetPeriods.length) target = targetPeriods.reduce((sum, p) => sum + (targets.get(p.id) ?? 0), 0)

    let value: number | null = null
    let evidence: IndicatorValue['evidence'] = []
    if (indicator.source === 'computed') {
      value = definition && (!scope?.organisationId || definition.perCentre) ? (computed.get(indicator.id) ?? 0) : null
    } else if (!scope?.organisationId) {
      const values = manualRows.filter((m) => m.indicatorId === indicator.id && periodById.has(m.periodId))
      const byPeriod = new Map(values.map((v) => [v.periodId, v]))
      const used = periodsComposing(periods, period, (p) => byPeriod.has(p.id))
      if (used.length) {
        value = used.reduce((sum, p) => sum + (toNumber(byPeriod.get(p.id)!.value) ?? 0), 0)
        evidence = used.map((p) => {
          const v = byPeriod.get(p.id)!
          return {
            periodId: p.id,
            value: toNumber(v.value) ?? 0,
            evidenceUrl: v.evidenceUrl,
            attachmentId: v.attachmentId,
            note: v.note,
          }
        })
      }
    }
    result.set(indicator.id, {
      indicatorId: indicator.id,
      name: indicator.name,
      unit: indicator.unit,
      source: indicator.source,
      computationKey: key,
      params: key ? safeParams(key, indicator.computationParams) : {},
      value,
      target,
      ruleKey: definition?.ruleKey ?? null,
      evidence,
    })
  }
  return result
}

// ---------------------------------------------------------------------------------------------------------
// The dashboard: every computed indicator by period, centre, region and month, in one statement

export type DashboardFigures = {
  /** Over the whole range asked (usually the programme's period). */
  totals: Map<string, number>
  /** indicator id → period id → value */
  byPeriod: Map<string, Map<string, number>>
  /** indicator id → organisation id → value, over the whole range and over the selected range */
  byCentre: Map<string, Map<string, { total: number; selected: number }>>
  /** indicator id → region code → value */
  byRegion: Map<string, Map<string, { total: number; selected: number }>>
  /** indicator id → month ('2026-03') → cumulative value by the end of that month */
  cumulativeByMonth: Map<string, Map<string, number>>
}

function nested<V>(map: Map<string, Map<string, V>>, a: string) {
  let inner = map.get(a)
  if (!inner) {
    inner = new Map()
    map.set(a, inner)
  }
  return inner
}

/**
 * All computed indicators of a programme over `range`, grouped every way the dashboard shows them:
 * total, per report period, per centre and per region (for the whole range and for `selected`), and the
 * cumulative figure month by month (a thing counts in the month it first appears, so the running total of
 * unique people is exact). With `scope`, only that centre's facts are read.
 */
export async function computeDashboard(
  db: Executor,
  programmeId: string,
  range: PeriodRange,
  options: ComputeOptions & {
    selected?: PeriodRange
    scope?: IndicatorScope
    indicators?: ConfiguredIndicator[]
    /** The programme's report periods, if the caller has them already. */
    periods?: ProgrammePeriod[]
    /** false: only the total and the per-period figures (a centre's contribution needs no more). */
    breakdowns?: boolean
  } = {},
): Promise<DashboardFigures> {
  const figures: DashboardFigures = {
    totals: new Map(),
    byPeriod: new Map(),
    byCentre: new Map(),
    byRegion: new Map(),
    cumulativeByMonth: new Map(),
  }
  const [indicators, periods, current] = await Promise.all([
    options.indicators ?? listProgrammeIndicators(db, programmeId),
    options.periods ?? listReportPeriods(db, programmeId),
    indicatorFactsCurrent(db, programmeId),
  ])
  const tagged = taggedFacts(programmeId, computable(indicators), range, options.scope, options)
  if (!tagged) return figures
  await ensureIndicatorFacts(db, programmeId, current)
  const periodOf = periodLookup(periods)
  const periodAll = periodLookup(periods, true)
  const selected = options.selected ?? range
  const inSelected = sql`f.local_date between ${selected.startsOn}::date and ${selected.endsOn}::date`
  // Unreferenced CTEs are never run, so without breakdowns centre_items and region_items cost nothing.
  const breakdowns =
    options.breakdowns === false
      ? sql``
      : sql`union all
        select 'centre', indicator_id, null, org_id, null, null, count(*)::int, (count(*) filter (where sel))::int
        from centre_items group by indicator_id, org_id
        union all
        select 'region', indicator_id, null, null, region_code, null, count(*)::int, (count(*) filter (where sel))::int
        from region_items group by indicator_id, region_code
        union all
        select 'month', indicator_id, null, null, null, to_char(first_date, 'YYYY-MM'), count(*)::int, count(*)::int
        from items group by indicator_id, to_char(first_date, 'YYYY-MM')
        union all
        select 'centre', f.indicator_id, null, f.org_id, null, null, sum(f.weight)::int, (coalesce(sum(f.weight) filter (where ${inSelected}), 0))::int
        from counted f where f.org_id is not null group by f.indicator_id, f.org_id
        union all
        select 'region', f.indicator_id, null, null, cr.region_code, null, sum(f.weight)::int, (coalesce(sum(f.weight) filter (where ${inSelected}), 0))::int
        from counted f join centre_regions cr on cr.id = f.org_id group by f.indicator_id, cr.region_code
        union all
        select 'month', indicator_id, null, null, null, to_char(month, 'YYYY-MM'), sum(weight)::int, sum(weight)::int
        from (select f.indicator_id, f.weight, date_trunc('month', f.local_date) as month from counted f) m group by indicator_id, month`
  // Every count is "distinct things", done as group-by-then-count so PostgreSQL can hash instead of sort.
  const rows = await db
    .select({
      kind: sql<string>`g.kind`,
      indicatorId: sql<string>`g.indicator_id`,
      periodId: sql<string | null>`g.period_id`,
      orgId: sql<string | null>`g.org_id`,
      regionCode: sql<string | null>`g.region_code`,
      month: sql<string | null>`g.month`,
      value: sql<number>`g.value`,
      selected: sql<number>`g.selected`,
    })
    .from(
      sql`(
        with ${tagged.spec},
        tagged as materialized (${tagged.tagged}),
        facts as (select indicator_id, org_id, local_date, item from tagged where not counted),
        counted as (select indicator_id, org_id, local_date, weight from tagged where counted),
        centre_regions as materialized (
          select pc.organisation_id as id, o.region_code
          from programme_centres pc join organisations o on o.id = pc.organisation_id
          where pc.programme_id = ${programmeId}::uuid
        ),
        -- Each item once per centre and period first (a person's marks in a quarter are one row), so the
        -- groupings by item, by centre and by period below read a third of the rows.
        cip as materialized (
          select f.indicator_id, f.org_id, f.item, p.period_id, min(f.local_date) as first_date, bool_or(${inSelected}) as sel
          from facts f ${periodAll} group by f.indicator_id, f.org_id, f.item, p.period_id
        ),
        items as (
          select indicator_id, item, min(first_date) as first_date, bool_or(sel) as sel
          from cip group by indicator_id, item
        ),
        centre_items as materialized (
          select indicator_id, org_id, item, bool_or(sel) as sel
          from cip where org_id is not null group by indicator_id, org_id, item
        ),
        region_items as (
          select ci.indicator_id, cr.region_code, ci.item, bool_or(ci.sel) as sel
          from centre_items ci join centre_regions cr on cr.id = ci.org_id
          group by ci.indicator_id, cr.region_code, ci.item
        ),
        period_items as (
          select indicator_id, period_id, item from cip where period_id is not null group by indicator_id, period_id, item
        )
        select 'total' as kind, indicator_id, null::uuid as period_id, null::uuid as org_id, null::text as region_code,
          null::text as month, count(*)::int as value, (count(*) filter (where sel))::int as selected
        from items group by indicator_id
        union all
        select 'period', indicator_id, period_id, null, null, null, count(*)::int, count(*)::int
        from period_items group by indicator_id, period_id
        union all
        select 'total', f.indicator_id, null, null, null, null, sum(f.weight)::int, (coalesce(sum(f.weight) filter (where ${inSelected}), 0))::int
        from counted f group by f.indicator_id
        union all
        select 'period', f.indicator_id, p.period_id, null, null, null, sum(f.weight)::int, sum(f.weight)::int
        from counted f ${periodOf} group by f.indicator_id, p.period_id
        ${breakdowns}
      ) as g`,
    )
  const monthly = new Map<string, Map<string, number>>()
  for (const row of rows) {
    switch (row.kind) {
      case 'total':
        figures.totals.set(row.indicatorId, row.value)
        break
      case 'centre':
        if (row.orgId)
          nested(figures.byCentre, row.indicatorId).set(row.orgId, { total: row.value, selected: row.selected })
        break
      case 'region':
        if (row.regionCode)
          nested(figures.byRegion, row.indicatorId).set(row.regionCode, { total: row.value, selected: row.selected })
        break
      case 'period':
        if (row.periodId) nested(figures.byPeriod, row.indicatorId).set(row.periodId, row.value)
        break
      case 'month':
        if (row.month) nested(monthly, row.indicatorId).set(row.month, row.value)
        break
    }
  }
  // Running totals over every month of the range, months without anything new included.
  const months = monthsOf(range)
  for (const [indicatorId, perMonth] of monthly) {
    let running = 0
    const cumulative = nested(figures.cumulativeByMonth, indicatorId)
    for (const month of months) {
      running += perMonth.get(month) ?? 0
      cumulative.set(month, running)
    }
  }
  return figures
}

/**
 * `cross join lateral (…) p where p.period_id is not null`: the report periods a fact's date falls in, as
 * CASE expressions over the periods' dates rather than a join — one CASE per layer of periods that do not
 * overlap (usually one: the quarters; a "whole year" period beside them makes a second layer).
 * `keepUnmatched`: facts in no period stay, with a null period (one row per layer).
 */
function periodLookup(periods: ProgrammePeriod[], keepUnmatched = false) {
  const layers: ProgrammePeriod[][] = []
  for (const period of [...periods].sort(
    (a, b) => a.startsOn.localeCompare(b.startsOn) || a.endsOn.localeCompare(b.endsOn),
  )) {
    const layer = layers.find((l) => l.at(-1)!.endsOn < period.startsOn)
    if (layer) layer.push(period)
    else layers.push([period])
  }
  if (layers.length === 0)
    return sql`cross join lateral (select null::uuid as period_id) p ${keepUnmatched ? sql`` : sql`where false`}`
  const cases = layers.map(
    (layer) =>
      sql`(case ${sql.join(
        layer.map((p) => sql`when f.local_date between ${p.startsOn}::date and ${p.endsOn}::date then ${p.id}::uuid`),
        sql` `,
      )} end)`,
  )
  return sql`cross join lateral (values ${sql.join(
    cases.map((c) => sql`(${c})`),
    sql`, `,
  )}) as p(period_id)${keepUnmatched ? sql`` : sql` where p.period_id is not null`}`
}

/** '2026-03', '2026-04', … for every month a range touches. */
export function monthsOf(range: PeriodRange) {
  const months: string[] = []
  let [year, month] = range.startsOn.split('-').map(Number) as [number, number]
  const [endYear, endMonth] = range.endsOn.split('-').map(Number) as [number, number]
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`)
    month += 1
    if (month > 12) {
      month = 1
      year += 1
    }
  }
  return months
}

// ---------------------------------------------------------------------------------------------------------
// Drill-down: the records behind a figure

export type IndicatorRecord = {
  item: string
  firstDate: string
  lastDate: string
  /** How many facts stand behind the item: visits of a person, attendees of an event, … */
  occurrences: number
  visits: number
  completions: number
  title: string | null
  subtitle: string | null
  organisationId: string | null
  organisationName: string | null
  regionCode: string | null
  /** Event start (drill 'event', 'visit') and its zone. */
  startsAt: Date | null
  timeZone: string | null
  detail: string | null
  linkId: string | null
}

export const RECORDS_PAGE_SIZE = 50

/**
 * The distinct items behind one computed figure, a page at a time, newest first, with what each is
 * (an event's title, a person's name and visits, a centre, a consultation's subject …).
 */
export async function listIndicatorRecords(
  db: Executor,
  programmeId: string,
  key: IndicatorKey,
  params: Record<string, string>,
  period: PeriodRange,
  options: ComputeOptions & { scope?: IndicatorScope; page?: number; pageSize?: number } = {},
): Promise<{ total: number; records: IndicatorRecord[] }> {
  const definition = getIndicatorDefinition(key)
  if (options.scope?.organisationId && !definition.perCentre) return { total: 0, records: [] }
  const facts = indicatorFactsSql(programmeId, key, safeParams(key, params), period, options.scope, options)
  const pageSize = options.pageSize ?? RECORDS_PAGE_SIZE
  const offset = Math.max(0, ((options.page ?? 1) - 1) * pageSize)
  const detail = DRILL_DETAILS[definition.drill]
  const rows = await db
    .select({
      total: sql<number>`count(*) over ()::int`,
      item: sql<string>`i.item`,
      firstDate: sql<string>`i.first_date::text`,
      lastDate: sql<string>`i.last_date::text`,
      occurrences: sql<number>`i.occurrences`,
      visits: sql<number>`i.visits`,
      completions: sql<number>`i.completions`,
      title: sql<string | null>`d.title`,
      subtitle: sql<string | null>`d.subtitle`,
      organisationId: sql<string | null>`d.organisation_id`,
      organisationName: sql<string | null>`d.organisation_name`,
      regionCode: sql<string | null>`d.region_code`,
      startsAt: sql<Date | null>`d.starts_at`,
      timeZone: sql<string | null>`d.time_zone`,
      detail: sql<string | null>`d.detail`,
      linkId: sql<string | null>`d.link_id`,
    })
    .from(
      sql`(
        select f.item, min(f.local_date) as first_date, max(f.local_date) as last_date, count(*)::int as occurrences,
          (count(*) filter (where f.via = 'attendance'))::int as visits,
          (count(*) filter (where f.via = 'course'))::int as completions,
          (array_agg(f.org_id order by f.local_date) filter (where f.org_id is not null))[1] as org_id,
          min(f.label) as label
        from (${facts}) f
        group by f.item
      ) as i
      left join lateral (${detail}) d on true`,
    )
    .orderBy(sql`i.first_date desc`, sql`i.item`)
    .limit(pageSize)
    .offset(offset)
  if (rows.length === 0 && offset > 0) {
    // Past the last page: report the total so the page can say so.
    const [row] = await db.select({ n: sql<number>`count(distinct f.item)::int` }).from(sql`(${facts}) as f`)
    return { total: row?.n ?? 0, records: [] }
  }
  return {
    total: rows[0]?.total ?? 0,
    records: rows.map(({ total: _total, ...r }) => ({ ...r, startsAt: r.startsAt ? new Date(r.startsAt) : null })),
  }
}

const ORG_OF_ITEM = sql`(select coalesce(short_name, name) from organisations where id = i.org_id)`
const REGION_OF_ITEM = sql`(select region_code from organisations where id = i.org_id)`

/** Per drill kind: one row describing item `i` (title, subtitle, organisation, detail, link). */
const DRILL_DETAILS: Record<DrillKind, SQL> = {
  centre: sql`select coalesce(o.short_name, o.name) as title, null::text as subtitle, o.id as organisation_id, coalesce(o.short_name, o.name) as organisation_name,
      o.region_code, null::timestamptz as starts_at, null::text as time_zone, o.stage as detail, o.id::text as link_id
    from organisations o where o.id = i.item::uuid`,
  region: sql`select rg.name_ru as title, rg.name_en as subtitle, null::uuid as organisation_id, null::text as organisation_name,
      rg.code as region_code, null::timestamptz as starts_at, null::text as time_zone, null::text as detail, null::text as link_id
    from regions rg where rg.code = i.item`,
  person: sql`select u.name as title, null::text as subtitle, i.org_id as organisation_id, ${ORG_OF_ITEM} as organisation_name,
      ${REGION_OF_ITEM} as region_code, null::timestamptz as starts_at, null::text as time_zone, null::text as detail, null::text as link_id
    from users u where u.id = i.item::uuid`,
  visit: sql`select u.name as title, e.title as subtitle, i.org_id as organisation_id, ${ORG_OF_ITEM} as organisation_name,
      ${REGION_OF_ITEM} as region_code, e.starts_at, e.time_zone, e.kind::text as detail, e.id::text as link_id
    from events e join users u on u.id = split_part(i.item, ':', 2)::uuid where e.id = split_part(i.item, ':', 1)::uuid`,
  event: sql`select e.title, null::text as subtitle, e.host_id as organisation_id, coalesce(h.short_name, h.name) as organisation_name,
      h.region_code, e.starts_at, e.time_zone, e.kind::text as detail, e.id::text as link_id
    from events e left join organisations h on h.id = e.host_id where e.id = i.item::uuid`,
  consultation: sql`select cr.subject as title, cr.client_ngo as subtitle, cr.organisation_id, coalesce(o.short_name, o.name) as organisation_name,
      o.region_code, null::timestamptz as starts_at, null::text as time_zone, cr.topic::text as detail, cr.id::text as link_id
    from consultation_requests cr join organisations o on o.id = cr.organisation_id where cr.id = i.item::uuid`,
  enrolment: sql`select u.name as title, c.title as subtitle, en.organisation_id, coalesce(o.short_name, o.name) as organisation_name,
      o.region_code, null::timestamptz as starts_at, null::text as time_zone, c.slug as detail, c.slug as link_id
    from enrolments en join users u on u.id = en.user_id join courses c on c.id = en.course_id
      left join organisations o on o.id = en.organisation_id
    where en.id = i.item::uuid`,
  usage: sql`select tr.title, null::text as subtitle, tu.organisation_id, coalesce(o.short_name, o.name) as organisation_name,
      o.region_code, null::timestamptz as starts_at, null::text as time_zone, tu.kind::text as detail, tr.slug as link_id
    from toolkit_usage tu join toolkit_resources tr on tr.id = tu.resource_id left join organisations o on o.id = tu.organisation_id
    where tu.id = i.item::bigint`,
  ngo: sql`select i.label as title, null::text as subtitle, i.org_id as organisation_id, ${ORG_OF_ITEM} as organisation_name,
      ${REGION_OF_ITEM} as region_code, null::timestamptz as starts_at, null::text as time_zone, null::text as detail, null::text as link_id`,
  practice: sql`select pr.title, null::text as subtitle, null::uuid as organisation_id, null::text as organisation_name,
      pr.region_code, null::timestamptz as starts_at, null::text as time_zone, null::text as detail, pr.slug as link_id
    from practices pr where pr.id = i.item::uuid`,
  track: sql`select pr.title, null::text as subtitle, t.organisation_id, coalesce(o.short_name, o.name) as organisation_name,
      o.region_code, null::timestamptz as starts_at, null::text as time_zone, t.step::text as detail, pr.slug as link_id
    from transfer_tracks t join practices pr on pr.id = t.practice_id join organisations o on o.id = t.organisation_id
    where t.id = i.item::uuid`,
}
