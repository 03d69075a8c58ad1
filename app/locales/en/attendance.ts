import type ru from '../ru/attendance.ts'
import type { Message } from '../types.ts'

export default {} satisfies Record<keyof typeof ru, Message>
