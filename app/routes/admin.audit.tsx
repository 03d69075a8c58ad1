import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { Fragment } from 'react'
import { z } from 'zod'
import { auditLog, organisations, programmes, users } from '#db/schema/index.ts'
import { SelectField } from '#app/components/ui/field.tsx'
import { requireAdmin } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { isMessageKey, messageKeys } from '#app/utils/i18n.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { utcOffsetLabel } from '#app/utils/time.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const PAGE_SIZE = 50

export const ENTITY_TYPES = [
  'organisation',
  'membership',
  'programme',
  'user',
  'invitation',
  'course',
  'lesson',
  'assessment',
  'resource',
  'mentorship',
  'plan',
  'plan_task',
  'consultation',
  'practice',
  'transfer',
  'indicator',
  'report',
] as const

/** Every action with a label in the catalogue (`audit.<entity>.<verb>`): the choices of the action filter. */
const KNOWN_ACTIONS = messageKeys()
  .filter((key) => /^audit\.[a-z_]+\.[a-z_-]+$/i.test(key))
  .map((key) => key.slice('audit.'.length))
  .sort()

const FilterSchema = z.object({
  entity: z.enum(ENTITY_TYPES).optional().catch(undefined),
  action: z
    .string()
    .refine((a) => KNOWN_ACTIONS.includes(a))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids mentioned in an entry's data (centres added, managers removed…), so the page can show names instead. */
function collectIds(value: unknown, into: Set<string>) {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value)
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into)
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, into)
  }
}

export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args)
  const url = new URL(args.request.url)
  const filters = FilterSchema.parse({
    entity: url.searchParams.get('entity') || undefined,
    action: url.searchParams.get('action') || undefined,
    page: url.searchParams.get('page') ?? 1,
  })
  const where = and(
    filters.entity ? eq(auditLog.entityType, filters.entity) : undefined,
    filters.action ? eq(auditLog.action, filters.action) : undefined,
  )
  // One row more than a page tells whether there is a next page, without counting a log of millions of rows.
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      actor: users.name,
      organisationId: auditLog.organisationId,
      organisation: sql<string | null>`coalesce(${organisations.shortName}, ${organisations.name})`,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(PAGE_SIZE + 1)
    .offset((filters.page - 1) * PAGE_SIZE)
  const entries = rows.slice(0, PAGE_SIZE)

  const ids = new Set<string>()
  for (const entry of entries) {
    collectIds(entry.entityId, ids)
    collectIds(entry.data, ids)
  }
  const idList = [...ids]
  const [orgNames, userNames, programmeNames] = idList.length
    ? await Promise.all([
        db
          .select({ id: organisations.id, name: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})` })
          .from(organisations)
          .where(inArray(organisations.id, idList)),
        db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, idList)),
        db.select({ id: programmes.id, name: programmes.name }).from(programmes).where(inArray(programmes.id, idList)),
      ])
    : [[], [], []]
  const names: Record<string, string> = {}
  for (const row of [...orgNames, ...userNames, ...programmeNames]) names[row.id] = row.name

  return {
    entries,
    names,
    filters: { entity: filters.entity ?? '', action: filters.action ?? '' },
    page: filters.page,
    hasNext: rows.length > PAGE_SIZE,
    actions: KNOWN_ACTIONS,
  }
}

type Line = { label: string; value: string }
type Change = { from: unknown; to: unknown }

function isChange(value: unknown): value is Change {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value) && 'from' in value! && 'to' in value!
}

const ROLES = new Set(['leader', 'mentor', 'staff', 'volunteer'])
const MONEY_FIELDS = new Set(['amount', 'coFinancing'])

function useDescribe(names: Record<string, string>) {
  const { t, money, calendarDate } = useI18n()
  const label = (key: string) => (isMessageKey(`auditField.${key}`) ? t(`auditField.${key}`) : key)
  const show = (value: unknown, key: string): string => {
    if (value === null || value === undefined || value === '') return t('common.none')
    if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no')
    if (Array.isArray(value)) return value.length ? value.map((v) => show(v, key)).join(', ') : t('common.none')
    if (typeof value === 'object') return JSON.stringify(value)
    const text = String(value)
    if (UUID.test(text)) return names[text] ?? text
    if (MONEY_FIELDS.has(key) && /^\d+(\.\d+)?$/.test(text)) return money(text)
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return calendarDate(text)
    if (key === 'role' && ROLES.has(text)) return t(`role.${text}`)
    return text.length > 200 ? `${text.slice(0, 200)}…` : text
  }
  const changeLine = (key: string, change: Change): Line => ({
    label: label(key),
    value: `${show(change.from, key)} → ${show(change.to, key)}`,
  })
  return (action: string, data: Record<string, unknown> | null): Line[] => {
    if (!data) return []
    // membership.role stores just { from, to }: the field is the action's own subject.
    if (isChange(data)) return [changeLine(action.split('.')[1] ?? 'change', data)]
    const lines: Line[] = []
    for (const [key, value] of Object.entries(data)) {
      if (key === 'changedFields' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [field, change] of Object.entries(value)) {
          lines.push(isChange(change) ? changeLine(field, change) : { label: label(field), value: show(change, field) })
        }
      } else if (isChange(value)) {
        lines.push(changeLine(key, value))
      } else {
        lines.push({ label: label(key), value: show(value, key) })
      }
    }
    return lines
  }
}

export default function AdminAudit() {
  const { entries, names, filters, page, hasNext, actions } = useLoaderData<typeof loader>()
  const { t, dateTime, timeZone } = useI18n()
  const describe = useDescribe(names)
  const pageLink = (n: number) => {
    const params = new URLSearchParams()
    if (filters.entity) params.set('entity', filters.entity)
    if (filters.action) params.set('action', filters.action)
    if (n > 1) params.set('page', String(n))
    const query = params.toString()
    return query ? `/admin/audit?${query}` : '/admin/audit'
  }
  const entityLink = (type: string, id: string) =>
    type === 'programme' ? `/programmes/${id}` : type === 'organisation' ? `/organisations/${id}` : null
  return (
    <div className="stack">
      <h1>{t('nav.audit')}</h1>
      <Form method="get" className="filters">
        <SelectField
          label={t('auditLog.filterEntity')}
          name="entity"
          optional
          placeholder={t('auditLog.all')}
          defaultValue={filters.entity}
          options={ENTITY_TYPES.map((type) => ({ value: type, label: t(`auditEntity.${type}`) }))}
        />
        <SelectField
          label={t('auditLog.filterAction')}
          name="action"
          optional
          placeholder={t('auditLog.all')}
          defaultValue={filters.action}
          options={actions.map((a) => ({ value: a, label: t(`audit.${a}`) }))}
        />
        <button type="submit" className="button">
          {t('auditLog.apply')}
        </button>
      </Form>
      <p className="muted">{t('auditLog.timeZoneNote', { zone: `${timeZone} (${utcOffsetLabel(timeZone)})` })}</p>
      {entries.length === 0 ? (
        <p className="card">{t('auditLog.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={t('nav.audit')}>
            <thead>
              <tr>
                <th scope="col">{t('auditLog.col.when')}</th>
                <th scope="col">{t('auditLog.col.who')}</th>
                <th scope="col">{t('auditLog.col.what')}</th>
                <th scope="col">{t('auditLog.col.organisation')}</th>
                <th scope="col">{t('auditLog.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const link = entityLink(entry.entityType, entry.entityId)
                const subject = names[entry.entityId]
                const lines = describe(entry.action, entry.data)
                return (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={new Date(entry.createdAt).toISOString()}>{dateTime(entry.createdAt)}</time>
                    </td>
                    <td>{entry.actor ?? t('common.none')}</td>
                    <th scope="row">
                      {isMessageKey(`audit.${entry.action}`) ? t(`audit.${entry.action}`) : entry.action}
                      {subject ? (
                        <>
                          <br />
                          {link ? <Link to={link}>{subject}</Link> : <span>{subject}</span>}
                        </>
                      ) : null}
                    </th>
                    <td>
                      {entry.organisationId && entry.organisation ? (
                        <Link to={`/organisations/${entry.organisationId}`}>{entry.organisation}</Link>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                    <td>
                      {lines.length ? (
                        <dl className="details">
                          {lines.map((line, i) => (
                            <Fragment key={i}>
                              <dt>{line.label}</dt>
                              <dd>{line.value}</dd>
                            </Fragment>
                          ))}
                        </dl>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {page > 1 || hasNext ? (
        <nav className="pagination" aria-label={t('auditLog.pagination')}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t('common.prev')}</Link> : null}
          <span>{t('auditLog.page', { page })}</span>
          {hasNext ? <Link to={pageLink(page + 1)}>{t('common.next')}</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}

export const meta = titleMeta('nav.audit')
