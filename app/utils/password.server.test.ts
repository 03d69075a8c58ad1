import { expect, test } from 'vitest'
import { hashPassword, verifyPassword } from './password.server.ts'

test('passwords are hashed with argon2id and verified', async () => {
  const hash = await hashPassword('длинная парольная фраза')
  expect(hash.startsWith('$argon2id$')).toBe(true)
  expect(await verifyPassword(hash, 'длинная парольная фраза')).toBe(true)
  expect(await verifyPassword(hash, 'другая фраза')).toBe(false)
  expect(await verifyPassword('not a hash', 'x')).toBe(false)
})
