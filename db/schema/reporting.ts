import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { attachments } from './attachments.ts'
import { users } from './core.ts'
import { eventKind } from './events.ts'
import { programmes } from './programmes.ts'

/** Reporting periods of a programme's grant (a quarter, a half-year, the whole grant). */
export const reportPeriods = pgTable(
  'report_periods',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    label: text().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('report_periods_programme_idx').on(t.programmeId, t.startsOn),
    check('report_periods_dates', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
)

/** The calendar plan of the grant application: activities and control points with planned and actual dates. */
export const planActivities = pgTable(
  'plan_activities',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    description: text(),
    /** A control point: a result the funder checks by a date (e.g. "10 centres completed the baseline"). */
    isControlPoint: boolean().notNull().default(false),
    plannedStartOn: date({ mode: 'string' }).notNull(),
    plannedEndOn: date({ mode: 'string' }).notNull(),
    actualStartOn: date({ mode: 'string' }),
    actualEndOn: date({ mode: 'string' }),
    /** What was achieved, for a control point. */
    result: text(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_activities_programme_idx').on(t.programmeId, t.plannedStartOn),
    check('plan_activities_dates', sql`${t.plannedEndOn} >= ${t.plannedStartOn}`),
  ],
)

export const indicatorSource = pgEnum('indicator_source', ['computed', 'manual'])

/**
 * An indicator of the grant application: a name, a unit, a total target, and either a computation
 * from the data (computationKey, see app/models/indicators.server.ts) or values entered by hand with evidence.
 */
export const programmeIndicators = pgTable(
  'programme_indicators',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    unit: text().notNull(),
    source: indicatorSource().notNull(),
    computationKey: text(),
    /** Options of the computation, e.g. { "eventKind": "field_session" }. */
    computationParams: jsonb().$type<Record<string, string>>().notNull().default({}),
    targetTotal: numeric({ precision: 14, scale: 2 }),
    description: text(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('programme_indicators_programme_idx').on(t.programmeId, t.position),
    check(
      'programme_indicators_source',
      sql`(${t.source} = 'computed' and ${t.computationKey} is not null) or (${t.source} = 'manual')`,
    ),
  ],
)

/** An indicator's target for one period. */
export const indicatorTargets = pgTable(
  'indicator_targets',
  {
    indicatorId: uuid()
      .notNull()
      .references(() => programmeIndicators.id, { onDelete: 'cascade' }),
    periodId: uuid()
      .notNull()
      .references(() => reportPeriods.id, { onDelete: 'cascade' }),
    target: numeric({ precision: 14, scale: 2 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.periodId] }), index('indicator_targets_period_idx').on(t.periodId)],
)

/** A value of a manual indicator for a period, with its evidence (a file or a link). */
export const indicatorManualValues = pgTable(
  'indicator_manual_values',
  {
    id: uuid().primaryKey().defaultRandom(),
    indicatorId: uuid()
      .notNull()
      .references(() => programmeIndicators.id, { onDelete: 'cascade' }),
    periodId: uuid()
      .notNull()
      .references(() => reportPeriods.id, { onDelete: 'cascade' }),
    value: numeric({ precision: 14, scale: 2 }).notNull(),
    evidenceUrl: text(),
    attachmentId: uuid().references(() => attachments.id, { onDelete: 'set null' }),
    note: text(),
    enteredById: uuid().references(() => users.id, { onDelete: 'set null' }),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicator_manual_values_key').on(t.indicatorId, t.periodId),
    index('indicator_manual_values_period_idx').on(t.periodId),
    index('indicator_manual_values_attachment_idx').on(t.attachmentId),
    index('indicator_manual_values_entered_by_idx').on(t.enteredById),
  ],
)

export const reportStatus = pgEnum('report_status', ['draft', 'submitted'])

/**
 * A report for a period, following the Fund's analytical report. While a draft its figures are computed
 * live; submitting freezes them into `snapshot`, kept with who submitted it and when.
 */
export const programmeReports = pgTable(
  'programme_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    periodId: uuid()
      .notNull()
      .references(() => reportPeriods.id, { onDelete: 'cascade' }),
    status: reportStatus().notNull().default('draft'),
    activityDescription: text(),
    qualitativeResults: text(),
    feedback: text(),
    commentary: text(),
    /** One link per line: publications in the media and social networks. */
    publications: text(),
    snapshot: jsonb().$type<Record<string, unknown>>(),
    submittedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp({ withTimezone: true }),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('programme_reports_period_key').on(t.programmeId, t.periodId),
    index('programme_reports_period_idx').on(t.periodId),
    index('programme_reports_submitted_by_idx').on(t.submittedById),
    index('programme_reports_created_by_idx').on(t.createdById),
  ],
)

/**
 * What a stored indicator fact is evidence of (see app/models/indicator-facts.server.ts): an event held, an
 * attendance mark, a centre's presence at an event (its marks, once, weighted by their number), a consultation and its client NGO, a course completion, a toolkit download or generated
 * document, a stage moved up, a transfer partner NGO, a practice selected, a track piloted or implemented.
 */
export const indicatorFactSource = pgEnum('indicator_fact_source', [
  'event',
  'mark',
  'presence',
  'consultation',
  'client',
  'completion',
  'download',
  'document',
  'stage_up',
  'partner',
  'selected',
  'piloted',
  'implemented',
])

/**
 * The evidence behind a programme's computed indicators, one row per fact, derived from the records
 * (events, attendance, consultations, …) and rebuilt per programme whenever any of them changes: triggers
 * bump `indicator_fact_state.version` in the same transaction as the change, and a read finds the facts
 * stale when `built_version` lags behind. Never edited by hand.
 */
export const indicatorFacts = pgTable(
  'indicator_facts',
  {
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    source: indicatorFactSource().notNull(),
    /** The centre (or other organisation) the fact is credited to: attendee's, host's, the consultation's … */
    orgId: uuid(),
    /** The organisation is one of the programme's centres (for marks: the attendee's; for events: the host). */
    centre: boolean().notNull(),
    regionCode: text(),
    /** The fact's date in its own zone: the event's, else the zone of the centre's region. */
    localDate: date({ mode: 'string' }).notNull(),
    /** The thing a unique count counts: a person, an event, a consultation, an NGO key, a centre, a track … */
    item: uuid(),
    /** A second key: the event of a mark or event, the course of a completion. */
    ref: uuid(),
    eventKind: eventKind(),
    /** Events and marks count once the event has started. */
    startsAt: timestamp({ withTimezone: true }),
    /** How many records the row stands for when counting records (a presence: its marks); 1 otherwise. */
    weight: integer().notNull().default(1),
  },
  (t) => [index('indicator_facts_programme_idx').on(t.programmeId, t.orgId, t.localDate)],
)

/** Per programme: how many changes its facts have seen (`version`) and which of them they were built from. */
export const indicatorFactState = pgTable('indicator_fact_state', {
  programmeId: uuid()
    .primaryKey()
    .references(() => programmes.id, { onDelete: 'cascade' }),
  version: integer().notNull().default(1),
  builtVersion: integer().notNull().default(0),
  builtAt: timestamp({ withTimezone: true }),
  /** How long the last rebuild took (ms): for diagnosis and the benchmarks. */
  buildMs: integer(),
})

export type ReportPeriod = typeof reportPeriods.$inferSelect
export type PlanActivity = typeof planActivities.$inferSelect
export type ProgrammeIndicator = typeof programmeIndicators.$inferSelect
export type ProgrammeReport = typeof programmeReports.$inferSelect
