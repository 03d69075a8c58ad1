import { sql } from 'drizzle-orm'
import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow()

/** Federal subjects of Russia: reference data loaded from db/reference/regions.ts. */
export const regions = pgTable('regions', {
  code: text().primaryKey(),
  nameRu: text().notNull(),
  nameEn: text().notNull(),
  district: text().notNull(),
  capitalRu: text().notNull(),
  timeZone: text().notNull(),
})

export const organisationKind = pgEnum('organisation_kind', ['mentor', 'centre'])

export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: organisationKind().notNull(),
    name: text().notNull(),
    shortName: text(),
    slug: text().notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    city: text().notNull(),
    address: text(),
    inn: text(),
    ogrn: text(),
    email: text(),
    phone: text(),
    website: text(),
    description: text(),
    /** Development stage (see STAGES in curricula.ts and the stage model in content/). */
    stage: text().notNull().default('initiative'),
    /** Shown in the public directory once its mentor marks it ready to work on its own. */
    published: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_slug_key').on(t.slug),
    index('organisations_region_idx').on(t.regionCode),
    index('organisations_kind_idx').on(t.kind),
    index('organisations_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    uniqueIndex('organisations_inn_key')
      .on(t.inn)
      .where(sql`${t.inn} is not null`),
  ],
)

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored lower-cased; the unique index makes e-mail the sign-in name. */
    email: text().notNull(),
    name: text().notNull(),
    /** Null until an invited person sets a password. */
    passwordHash: text(),
    isAdmin: boolean().notNull().default(false),
    locale: text().notNull().default('ru'),
    timeZone: text().notNull().default('Europe/Moscow'),
    regionCode: text().references(() => regions.code),
    phone: text(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_region_idx').on(t.regionCode),
    // Substring search over 100,000 people (ILIKE '%…%') needs trigram indexes.
    index('users_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('users_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`),
  ],
)

export const membershipRole = pgEnum('membership_role', ['leader', 'mentor', 'staff', 'volunteer'])

export const memberships = pgTable(
  'memberships',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: membershipRole().notNull(),
    title: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_user_org_key').on(t.userId, t.organisationId),
    index('memberships_org_idx').on(t.organisationId, t.role),
  ],
)

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the token in the cookie; the token itself is never stored. */
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
)

export const tokenPurpose = pgEnum('token_purpose', ['invite', 'reset'])

/** One-time links (invitations, password resets); only the hash of the secret is kept. */
export const userTokens = pgTable(
  'user_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull(),
    purpose: tokenPurpose().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
    role: membershipRole(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('user_tokens_hash_key').on(t.tokenHash),
    index('user_tokens_user_idx').on(t.userId),
    index('user_tokens_org_idx').on(t.organisationId),
    index('user_tokens_created_by_idx').on(t.createdById),
  ],
)

/** Fixed-window counters for sign-in attempts; kept in PostgreSQL so every app server shares them. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    hits: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_window_idx').on(t.windowStart)],
)

export type Region = typeof regions.$inferSelect
export type Organisation = typeof organisations.$inferSelect
export type NewOrganisation = typeof organisations.$inferInsert
export type User = typeof users.$inferSelect
export type NewUser = typeof users.$inferInsert
export type Membership = typeof memberships.$inferSelect
export type MembershipRole = (typeof membershipRole.enumValues)[number]
export type OrganisationKind = (typeof organisationKind.enumValues)[number]
export type Session = typeof sessions.$inferSelect
