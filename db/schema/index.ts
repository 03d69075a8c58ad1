export * from './core.ts'
export * from './programmes.ts'
export * from './system.ts'
export * from './events.ts'
