import { sql } from 'drizzle-orm'
import {
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, regions, users } from './core.ts'
import { programmes } from './programmes.ts'
import { toolkitResources } from './toolkits.ts'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const practiceStatus = pgEnum('practice_status', ['draft', 'published', 'archived'])

/**
 * A proven NGO practice: the problem, for whom, how to repeat it step by step, what it achieved and
 * on what evidence, what it takes. Seed practices come from content/practices (source 'content').
 */
export const practices = pgTable(
  'practices',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    title: text().notNull(),
    titleEn: text(),
    problem: text().notNull(),
    targetGroup: text().notNull(),
    topics: jsonb().$type<string[]>().notNull().default([]),
    originOrganisation: text().notNull(),
    regionCode: text().references(() => regions.code),
    sinceYear: integer(),
    evidence: text().notNull(),
    resourcesPeople: text(),
    resourcesMoney: text(),
    resourcesTime: text(),
    contacts: text(),
    /** The replication method and the rest of the description, sanitised HTML rendered from Markdown. */
    bodyHtml: text().notNull(),
    status: practiceStatus().notNull().default('published'),
    source: text().notNull().default('authored'),
    /** Hash of the content file it was imported from; re-import skips unchanged files. */
    contentHash: text(),
    searchVector: tsvector(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('practices_slug_key').on(t.slug),
    index('practices_region_idx').on(t.regionCode),
    index('practices_status_idx').on(t.status),
    index('practices_topics_idx').using('gin', t.topics),
    index('practices_search_idx').using('gin', t.searchVector),
    index('practices_created_by_idx').on(t.createdById),
  ],
)

/** Toolkit resources that go with a practice (agreements, budgets, scenarios). */
export const practiceMaterials = pgTable(
  'practice_materials',
  {
    practiceId: uuid()
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    resourceId: uuid()
      .notNull()
      .references(() => toolkitResources.id, { onDelete: 'cascade' }),
    position: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.practiceId, t.resourceId] }), index('practice_materials_resource_idx').on(t.resourceId)],
)

/** A programme's selection criteria with weights (evidence of results, replicability, cost…). */
export const selectionCriteria = pgTable(
  'selection_criteria',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text(),
    weight: integer().notNull(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('selection_criteria_programme_idx').on(t.programmeId, t.position),
    check('selection_criteria_weight', sql`${t.weight} between 1 and 100`),
  ],
)

/** The people a programme names as experts: only they score practices. */
export const programmeExperts = pgTable(
  'programme_experts',
  {
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.programmeId, t.userId] }), index('programme_experts_user_idx').on(t.userId)],
)

export const practiceDecision = pgEnum('practice_decision', ['selected', 'rejected', 'needs_evidence'])

/** A practice under consideration in a programme, and the decision once made. */
export const programmePractices = pgTable(
  'programme_practices',
  {
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    practiceId: uuid()
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    decision: practiceDecision(),
    decisionReason: text(),
    decidedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    addedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.practiceId] }),
    index('programme_practices_practice_idx').on(t.practiceId),
    index('programme_practices_decision_idx').on(t.programmeId, t.decision),
    index('programme_practices_decided_by_idx').on(t.decidedById),
    index('programme_practices_added_by_idx').on(t.addedById),
  ],
)

/** Every decision on a practice in a programme, never updated: who decided what, when, why. */
export const practiceDecisionHistory = pgTable(
  'practice_decision_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    practiceId: uuid()
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    decision: practiceDecision().notNull(),
    reason: text().notNull(),
    decidedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('practice_decision_history_idx').on(t.programmeId, t.practiceId, t.decidedAt),
    index('practice_decision_history_practice_idx').on(t.practiceId),
    index('practice_decision_history_decided_by_idx').on(t.decidedById),
  ],
)

/** One expert's score of one practice on one criterion, 1–5. */
export const practiceScores = pgTable(
  'practice_scores',
  {
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    practiceId: uuid()
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    criterionId: uuid()
      .notNull()
      .references(() => selectionCriteria.id, { onDelete: 'cascade' }),
    expertId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    score: smallint().notNull(),
    comment: text(),
    scoredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.practiceId, t.criterionId, t.expertId] }),
    index('practice_scores_practice_idx').on(t.practiceId),
    index('practice_scores_criterion_idx').on(t.criterionId),
    index('practice_scores_expert_idx').on(t.expertId),
    check('practice_scores_range', sql`${t.score} between 1 and 5`),
  ],
)

export const TRANSFER_STEPS = ['identified', 'studied', 'adapted', 'piloted', 'implemented', 'sustained', 'stopped'] as const
export const transferStep = pgEnum('transfer_step', TRANSFER_STEPS)

/** A centre (with local NGOs as partners) takes up a practice and moves it step by step. */
export const transferTracks = pgTable(
  'transfer_tracks',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    practiceId: uuid()
      .notNull()
      .references(() => practices.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    step: transferStep().notNull().default('identified'),
    /** The step it was at when stopped, and why. */
    stoppedAtStep: transferStep(),
    stoppedReason: text(),
    /** Running totals kept with each step change, so the board needs no aggregation over history. */
    beneficiaries: integer().notNull().default(0),
    ngosInvolved: integer().notNull().default(0),
    startedOn: date({ mode: 'string' }).notNull(),
    stepChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('transfer_tracks_key').on(t.programmeId, t.practiceId, t.organisationId),
    index('transfer_tracks_board_idx').on(t.programmeId, t.step),
    index('transfer_tracks_practice_idx').on(t.practiceId),
    index('transfer_tracks_org_idx').on(t.organisationId),
    index('transfer_tracks_created_by_idx').on(t.createdById),
    check('transfer_tracks_counts', sql`${t.beneficiaries} >= 0 and ${t.ngosInvolved} >= 0`),
  ],
)

/** Local NGOs taking part in a transfer. */
export const transferPartners = pgTable(
  'transfer_partners',
  {
    id: uuid().primaryKey().defaultRandom(),
    trackId: uuid()
      .notNull()
      .references(() => transferTracks.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    inn: text(),
    contact: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('transfer_partners_track_idx').on(t.trackId)],
)

/** Each move of a track: from which step to which, when, on what evidence, with what results. Never updated. */
export const transferStepHistory = pgTable(
  'transfer_step_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    trackId: uuid()
      .notNull()
      .references(() => transferTracks.id, { onDelete: 'cascade' }),
    fromStep: transferStep(),
    toStep: transferStep().notNull(),
    occurredOn: date({ mode: 'string' }).notNull(),
    note: text(),
    evidenceUrl: text(),
    /** Required when a step is skipped or the track is stopped. */
    reason: text(),
    beneficiaries: integer().notNull().default(0),
    ngosInvolved: integer().notNull().default(0),
    changedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('transfer_step_history_track_idx').on(t.trackId, t.createdAt),
    index('transfer_step_history_to_step_idx').on(t.toStep, t.occurredOn),
    index('transfer_step_history_changed_by_idx').on(t.changedById),
  ],
)

export type Practice = typeof practices.$inferSelect
export type TransferTrack = typeof transferTracks.$inferSelect
export type TransferStep = (typeof TRANSFER_STEPS)[number]
