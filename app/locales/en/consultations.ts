import type ru from '../ru/consultations.ts'
import type { Message } from '../types.ts'

export default {
  'consultations.placeholder': '',
} satisfies Record<keyof typeof ru, Message>
