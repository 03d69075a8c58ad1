import type ru from '../ru/events.ts'
import type { Message } from '../types.ts'

export default {
  'ical.joinOnline': 'Join online',
  'ical.cancelledPrefix': 'CANCELLED:',
} satisfies Record<keyof typeof ru, Message>
