import type ru from '../ru/mentorships.ts'
import type { Message } from '../types.ts'

export default {
  'mentorships.placeholder': '',
} satisfies Record<keyof typeof ru, Message>
