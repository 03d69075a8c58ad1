import type ru from '../ru/plans.ts'
import type { Message } from '../types.ts'

export default {
  'plans.placeholder': '',
} satisfies Record<keyof typeof ru, Message>
