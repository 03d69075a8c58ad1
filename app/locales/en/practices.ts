import type ru from '../ru/practices.ts'
import type { Message } from '../types.ts'

export default {
  'practices.placeholder': '',
} satisfies Record<keyof typeof ru, Message>
