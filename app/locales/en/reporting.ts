import type ru from '../ru/reporting.ts'
import type { Message } from '../types.ts'

export default {
  'reporting.placeholder': '',
} satisfies Record<keyof typeof ru, Message>
