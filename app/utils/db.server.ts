import { openFromEnv, type DatabaseHandle } from '#db/client.ts'

declare global {
  var __resursnikDb: DatabaseHandle | undefined
}

/**
 * The single database handle of this process. Kept on globalThis because the server entry and the
 * Remix build each load this module, and an embedded PGlite directory must be opened only once.
 * Tests put their own handle there before importing app code.
 */
export function getDatabaseHandle(): DatabaseHandle {
  globalThis.__resursnikDb ??= openFromEnv()
  return globalThis.__resursnikDb
}

export const db = getDatabaseHandle().db
