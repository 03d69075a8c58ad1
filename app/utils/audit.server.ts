import type { Executor } from '#db/client.ts'
import { auditLog } from '#db/schema/index.ts'

export type AuditEvent = {
  actorId: string | null
  action: string
  entityType:
    | 'organisation'
    | 'membership'
    | 'programme'
    | 'user'
    | 'invitation'
    | 'course'
    | 'lesson'
    | 'assessment'
    | 'resource'
    | 'mentorship'
    | 'plan'
    | 'plan_task'
    | 'consultation'
    | 'practice'
    | 'transfer'
    | 'indicator'
    | 'report'
  entityId: string
  organisationId?: string | null
  data?: Record<string, unknown>
}

/** Writes an audit entry; call it inside the transaction that makes the change. */
export async function audit(tx: Executor, event: AuditEvent) {
  await tx.insert(auditLog).values({
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    organisationId: event.organisationId ?? null,
    data: event.data ?? null,
  })
}

/** The fields that differ between two versions of a record, for the audit log. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue
    const old = before[key]
    if (String(old ?? '') !== String(value ?? '')) changes[key] = { from: old ?? null, to: value ?? null }
  }
  return changes
}
