import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './core.ts'
import { programmes } from './programmes.ts'

export const eventKind = pgEnum('event_kind', [
  'field_session',
  'online_seminar',
  'network_meeting',
  'consultation',
  'training',
  'conference',
])
export const eventStatus = pgEnum('event_status', ['scheduled', 'cancelled'])
export const eventAudience = pgEnum('event_audience', ['programme', 'centres'])
export const seriesFrequency = pgEnum('series_frequency', ['weekly', 'biweekly', 'monthly'])

/** A recurring cycle (a seminar series): the rule it was created with; occurrences are ordinary events. */
export const eventSeries = pgTable(
  'event_series',
  {
    id: uuid().primaryKey().defaultRandom(),
    frequency: seriesFrequency().notNull(),
    /** Wall-clock start in the series' zone, e.g. 10:00 Moscow stays 10:00 Moscow across DST changes abroad. */
    localStartTime: text().notNull(),
    durationMinutes: integer().notNull(),
    timeZone: text().notNull(),
    firstDate: date({ mode: 'string' }).notNull(),
    count: integer(),
    untilDate: date({ mode: 'string' }),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_series_created_by_idx').on(t.createdById)],
)

export const events = pgTable(
  'events',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: eventKind().notNull(),
    title: text().notNull(),
    /** Tiptap JSON as authored, and the sanitised HTML rendered from it on save. */
    descriptionJson: jsonb().$type<Record<string, unknown>>(),
    descriptionHtml: text(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'cascade' }),
    /** The mentor organisation that runs the event. */
    organiserId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** The centre where it takes place (a field session), if any. */
    hostId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    timeZone: text().notNull(),
    onlineUrl: text(),
    address: text(),
    capacity: integer(),
    audience: eventAudience().notNull().default('programme'),
    /** Shown in the programme's public calendar feed. */
    isPublic: boolean().notNull().default(false),
    status: eventStatus().notNull().default('scheduled'),
    /** iCalendar SEQUENCE: raised on every change people's calendars must pick up. */
    sequence: integer().notNull().default(0),
    seriesId: uuid().references(() => eventSeries.id, { onDelete: 'set null' }),
    seriesIndex: integer(),
    /** The course lesson this event teaches (curricula). */
    lessonId: uuid(),
    checkInCode: text().notNull(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('events_programme_starts_idx').on(t.programmeId, t.startsAt),
    index('events_organiser_starts_idx').on(t.organiserId, t.startsAt),
    index('events_host_starts_idx').on(t.hostId, t.startsAt),
    index('events_starts_idx').on(t.startsAt),
    index('events_series_idx').on(t.seriesId, t.seriesIndex),
    index('events_lesson_idx').on(t.lessonId),
    index('events_created_by_idx').on(t.createdById),
    index('events_public_idx')
      .on(t.programmeId, t.startsAt)
      .where(sql`${t.isPublic}`),
  ],
)

/** Centres an event is meant for when its audience is 'centres'. */
export const eventAudienceCentres = pgTable(
  'event_audience_centres',
  {
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.organisationId] }),
    index('event_audience_centres_org_idx').on(t.organisationId),
  ],
)

/** Workshop blocks of a multi-day field session. */
export const eventBlocks = pgTable(
  'event_blocks',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    trainer: text(),
    description: text(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('event_blocks_event_idx').on(t.eventId, t.startsAt)],
)

export const registrationStatus = pgEnum('registration_status', ['registered', 'waitlisted', 'cancelled'])

export const registrations = pgTable(
  'registrations',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The centre the person came from, for per-centre attendance records. */
    organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    status: registrationStatus().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('registrations_event_user_key').on(t.eventId, t.userId),
    index('registrations_event_status_idx').on(t.eventId, t.status, t.createdAt),
    index('registrations_user_idx').on(t.userId, t.status),
    index('registrations_org_idx').on(t.organisationId),
  ],
)

export const attendanceStatus = pgEnum('attendance_status', ['present', 'late', 'absent', 'excused'])

/** The current mark per person and event. */
export const attendance = pgTable(
  'attendance',
  {
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    status: attendanceStatus().notNull(),
    markedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    selfCheckIn: boolean().notNull().default(false),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId] }),
    index('attendance_user_idx').on(t.userId),
    index('attendance_org_idx').on(t.organisationId, t.status),
    index('attendance_marked_by_idx').on(t.markedById),
  ],
)

/** Every mark ever made, so corrections leave a trail. */
export const attendanceHistory = pgTable(
  'attendance_history',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: attendanceStatus().notNull(),
    markedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    selfCheckIn: boolean().notNull().default(false),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('attendance_history_event_idx').on(t.eventId, t.userId),
    index('attendance_history_user_idx').on(t.userId),
    index('attendance_history_marked_by_idx').on(t.markedById),
  ],
)

/** A person's private calendar feed address. Regenerating replaces the row; the old address stops at once. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    token: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calendar_feeds_token_key').on(t.token)],
)

export const reminderKind = pgEnum('reminder_kind', ['day_before', 'hour_before'])

/** One row per reminder sent: the primary key makes each reminder go out once, whatever runs it. */
export const eventReminders = pgTable(
  'event_reminders',
  {
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: reminderKind().notNull(),
    /** The event's start the reminder was for: a moved event gets fresh reminders. */
    forStartsAt: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId, t.kind, t.forStartsAt] }),
    index('event_reminders_user_idx').on(t.userId),
  ],
)

export type Event = typeof events.$inferSelect
export type NewEvent = typeof events.$inferInsert
export type EventKind = (typeof eventKind.enumValues)[number]
export type AttendanceStatus = (typeof attendanceStatus.enumValues)[number]
export type Registration = typeof registrations.$inferSelect
