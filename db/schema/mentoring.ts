import { sql } from 'drizzle-orm'
import { check, date, index, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from './core.ts'

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
