import {
  date,
  index,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './core.ts'

/** A grant-funded programme run by one mentor organisation for a set of young centres. */
export const programmes = pgTable(
  'programmes',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    slug: text().notNull(),
    funder: text().notNull(),
    competition: text(),
    grantNumber: text(),
    amount: numeric({ precision: 14, scale: 2 }),
    coFinancing: numeric({ precision: 14, scale: 2 }),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    mentorOrganisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    description: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('programmes_slug_key').on(t.slug),
    index('programmes_mentor_org_idx').on(t.mentorOrganisationId),
  ],
)

export const programmeCentres = pgTable(
  'programme_centres',
  {
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.organisationId] }),
    index('programme_centres_org_idx').on(t.organisationId),
  ],
)

export const programmeManagers = pgTable(
  'programme_managers',
  {
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.programmeId, t.userId] }),
    index('programme_managers_user_idx').on(t.userId),
  ],
)

export type Programme = typeof programmes.$inferSelect
export type NewProgramme = typeof programmes.$inferInsert
