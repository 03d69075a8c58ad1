import admin from './ru/admin.ts'
import auth from './ru/auth.ts'
import common from './ru/common.ts'
import authoring from './ru/authoring.ts'
import attachments from './ru/attachments.ts'
import courses from './ru/courses.ts'
import dashboard from './ru/dashboard.ts'
import events from './ru/events.ts'
import schedule from './ru/schedule.ts'
import attendance from './ru/attendance.ts'
import organisations from './ru/organisations.ts'
import programmes from './ru/programmes.ts'
import mentoring from './ru/mentoring.ts'
import directory from './ru/directory.ts'
import toolkits from './ru/toolkits.ts'
import mentorships from './ru/mentorships.ts'
import plans from './ru/plans.ts'
import consultations from './ru/consultations.ts'
import practices from './ru/practices.ts'
import reporting from './ru/reporting.ts'
import type { Message } from './types.ts'

// One catalogue file per area, so people working on different capabilities do not collide.
export const ru = { ...common, ...auth, ...dashboard, ...organisations, ...programmes, ...admin, ...events, ...schedule, ...attendance, ...courses, ...authoring, ...attachments, ...directory, ...mentoring, ...toolkits, ...mentorships, ...plans, ...consultations, ...practices, ...reporting }

export type MessageKey = keyof typeof ru
export type { Message }
