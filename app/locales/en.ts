import admin from './en/admin.ts'
import auth from './en/auth.ts'
import common from './en/common.ts'
import authoring from './en/authoring.ts'
import attachments from './en/attachments.ts'
import courses from './en/courses.ts'
import dashboard from './en/dashboard.ts'
import events from './en/events.ts'
import schedule from './en/schedule.ts'
import attendance from './en/attendance.ts'
import organisations from './en/organisations.ts'
import programmes from './en/programmes.ts'
import mentoring from './en/mentoring.ts'
import directory from './en/directory.ts'
import toolkits from './en/toolkits.ts'
import mentorships from './en/mentorships.ts'
import plans from './en/plans.ts'
import consultations from './en/consultations.ts'
import practices from './en/practices.ts'
import reporting from './en/reporting.ts'
import type { MessageKey } from './ru.ts'
import type { Message } from './types.ts'

export const en: Record<MessageKey, Message> = {
  ...common,
  ...auth,
  ...dashboard,
  ...organisations,
  ...programmes,
  ...admin,
  ...events,
  ...schedule,
  ...attendance,
  ...courses,
  ...authoring,
  ...attachments,
  ...directory,
  ...mentoring,
  ...toolkits,
  ...mentorships,
  ...plans,
  ...consultations,
  ...practices,
  ...reporting,
}
