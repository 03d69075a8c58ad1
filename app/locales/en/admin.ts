import type ru from '../ru/admin.ts'
import type { Message } from '../types.ts'

export default {
  'outbox.intro':
    'Mail the system would have sent. This page exists only in development and demo mode; without SMTP_URL mail stays here.',
  'outbox.to': 'To',
  'audit.organisation.create': 'organisation created',
  'audit.organisation.update': 'organisation changed',
  'audit.membership.create': 'member added to an organisation',
  'audit.membership.role': 'member role changed',
  'audit.membership.delete': 'member removed from an organisation',
  'audit.programme.create': 'programme created',
  'audit.programme.update': 'programme changed',
  'audit.invitation.accept': 'invitation accepted',
} satisfies Record<keyof typeof ru, Message>
