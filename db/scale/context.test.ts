// batchWriter: rows that name different columns are written as db.insert() would write them — a missing or
// undefined key gets the column's default, null stays NULL, an extra key is not dropped — and a key that is
// no column fails at once.
import { asc, like, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/index.ts'
import { getDatabaseHandle } from '#app/utils/db.server.ts'
import { batchWriter, type ScaleContext } from './context.ts'

function context() {
  return { db: getDatabaseHandle().db, counts: {} } as unknown as ScaleContext
}

async function rowsOf(prefix: string) {
  return getDatabaseHandle()
    .db.select({
      entityId: auditLog.entityId,
      action: auditLog.action,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(like(auditLog.entityId, `${prefix}%`))
    .orderBy(asc(auditLog.entityId))
}

describe('batchWriter', () => {
  test('rows with extra, missing and undefined optional keys keep their values and defaults', async () => {
    const ctx = context()
    const writer = batchWriter(ctx, auditLog, 'audit_log')
    const at = new Date('2026-01-02T03:04:05Z')
    // The first row names fewer columns than the later ones: they must not be cut to its list.
    await writer.push({ action: 'a.first', entityType: 'test', entityId: 'mix-1' })
    await writer.push({
      action: 'a.extra',
      entityType: 'test',
      entityId: 'mix-2',
      data: { note: 'with "quotes", commas {}' },
      createdAt: at,
    })
    // The same columns in another order, and an undefined value, which means "default" as in db.insert().
    await writer.push({ createdAt: at, entityId: 'mix-3', entityType: 'test', action: 'a.reordered', data: undefined })
    await writer.push({ action: 'a.null', entityType: 'test', entityId: 'mix-4', data: null, createdAt: at })
    expect(await writer.done()).toBe(4)
    expect(ctx.counts.audit_log).toBe(4)

    const rows = await rowsOf('mix-')
    expect(rows.map((r) => [r.entityId, r.action, r.data])).toEqual([
      ['mix-1', 'a.first', null],
      ['mix-2', 'a.extra', { note: 'with "quotes", commas {}' }],
      ['mix-3', 'a.reordered', null],
      ['mix-4', 'a.null', null],
    ])
    // Missing created_at got the column's default (now), not NULL; given ones were kept.
    expect(Math.abs(rows[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000)
    expect(rows.slice(1).map((r) => r.createdAt.toISOString())).toEqual([
      at.toISOString(),
      at.toISOString(),
      at.toISOString(),
    ])
  })

  test('shapes that alternate across several batches are all written', async () => {
    const ctx = context()
    const writer = batchWriter(ctx, auditLog, 'audit_log')
    const total = 10_050 // more than one streamed batch
    for (let i = 0; i < total; i++) {
      const base = { action: 'a.bulk', entityType: 'test', entityId: `bulk-${String(i).padStart(5, '0')}` }
      await writer.push(i % 3 === 0 ? { ...base, data: { i } } : base)
    }
    expect(await writer.done()).toBe(total)
    const [stats] = await getDatabaseHandle()
      .db.select({
        n: sql<number>`count(*)::int`,
        withData: sql<number>`(count(*) filter (where ${auditLog.data} is not null))::int`,
        right: sql<number>`(count(*) filter (where (${auditLog.data} ->> 'i')::int = substr(${auditLog.entityId}, 6)::int))::int`,
      })
      .from(auditLog)
      .where(like(auditLog.entityId, 'bulk-%'))
    expect(stats).toEqual({ n: total, withData: Math.ceil(total / 3), right: Math.ceil(total / 3) })
  })

  test('a key that is not a column fails at once and writes nothing', async () => {
    const writer = batchWriter(context(), auditLog, 'audit_log')
    await expect(
      writer.push({
        action: 'a.bad',
        entityType: 'test',
        entityId: 'bad-1',
        colour: 'red',
      } as unknown as typeof auditLog.$inferInsert),
    ).rejects.toThrow('audit_log has no column colour')
    expect(await writer.done()).toBe(0)
    expect(await rowsOf('bad-')).toEqual([])
  })
})
