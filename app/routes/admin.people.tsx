import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { asc, count, eq, ilike, isNotNull, isNull, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import { memberships, organisations, programmeManagers, users, type MembershipRole, type OrganisationKind } from '#db/schema/index.ts'
import { TextField } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { audit } from '#app/utils/audit.server.ts'
import { requireAdmin } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { invalidateUserSessions } from '#app/utils/session.server.ts'
import { useI18n, useOptionalUser } from '#app/utils/use-i18n.ts'

export const PAGE_SIZE = 50

const SearchSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
})

export const PersonActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('disable'), userId: z.guid() }),
  z.object({ intent: z.literal('enable'), userId: z.guid() }),
  z.object({ intent: z.literal('admin'), userId: z.guid(), admin: z.enum(['grant', 'revoke']) }),
])

/** A search term for ILIKE, with its own wildcards taken literally. */
function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
}

export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args)
  const url = new URL(args.request.url)
  const { q, page } = SearchSchema.parse({ q: url.searchParams.get('q') ?? undefined, page: url.searchParams.get('page') ?? 1 })
  const where = q ? or(ilike(users.name, likePattern(q)), ilike(users.email, likePattern(q))) : undefined
  const [people, [totals]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        isAdmin: users.isAdmin,
        disabled: isNotNull(users.disabledAt),
        pending: isNull(users.passwordHash),
        // The outer table is named in full: drizzle leaves columns unqualified in a one-table select.
        memberships: sql<{ organisationId: string; name: string; kind: OrganisationKind; role: MembershipRole }[]>`coalesce((
          select json_agg(json_build_object('organisationId', o.id, 'name', coalesce(o.short_name, o.name), 'kind', o.kind, 'role', m.role) order by o.name)
          from ${memberships} m join ${organisations} o on o.id = m.organisation_id
          where m.user_id = ${users}.id), '[]'::json)`,
        managedProgrammes: sql<number>`(select count(*)::int from ${programmeManagers} pm where pm.user_id = ${users}.id)`,
      })
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db.select({ total: count() }).from(users).where(where),
  ])
  const total = totals?.total ?? 0
  return { people, q: q ?? '', page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total }
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireAdmin(args)
  const formData = await args.request.formData()
  const parsed = PersonActionSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return data(formFailure(formData, { '': ['errors.badRequest'] }), { status: 400 })
  const input = parsed.data
  if (input.userId === admin.id) {
    const message = input.intent === 'admin' ? 'people.cannotChangeOwnAdmin' : 'people.cannotDisableSelf'
    return data(formFailure(formData, { '': [message] }), { status: 409 })
  }
  const flash = await db.transaction(async (tx) => {
    const [target] = await tx
      .select({ id: users.id, email: users.email, isAdmin: users.isAdmin, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update')
    if (!target) notFound()
    const base = { actorId: admin.id, entityType: 'user' as const, entityId: target.id }
    if (input.intent === 'disable') {
      if (!target.disabledAt) {
        await tx.update(users).set({ disabledAt: new Date(), updatedAt: new Date() }).where(eq(users.id, target.id))
        await audit(tx, { ...base, action: 'user.disable', data: { email: target.email } })
      }
      // Ending the sessions is what actually locks the person out now, not at their next sign-in.
      await invalidateUserSessions(tx, target.id)
      return 'people.disabledFlash'
    }
    if (input.intent === 'enable') {
      if (target.disabledAt) {
        await tx.update(users).set({ disabledAt: null, updatedAt: new Date() }).where(eq(users.id, target.id))
        await audit(tx, { ...base, action: 'user.enable', data: { email: target.email } })
      }
      return 'people.enabledFlash'
    }
    const makeAdmin = input.admin === 'grant'
    if (target.isAdmin !== makeAdmin) {
      await tx.update(users).set({ isAdmin: makeAdmin, updatedAt: new Date() }).where(eq(users.id, target.id))
      await audit(tx, {
        ...base,
        action: 'user.admin',
        data: { email: target.email, isAdmin: { from: target.isAdmin, to: makeAdmin } },
      })
    }
    return makeAdmin ? 'people.adminGranted' : 'people.adminRevoked'
  })
  const url = new URL(args.request.url)
  return redirectWithFlash(`/admin/people${url.search}`, flash)
}

export default function AdminPeople() {
  const { people, q, page, pages, total } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const me = useOptionalUser()
  const { t } = useI18n()
  const pageLink = (n: number) => {
    const params = new URLSearchParams()
    if (q) params.set('q', q)
    if (n > 1) params.set('page', String(n))
    const query = params.toString()
    return query ? `/admin/people?${query}` : '/admin/people'
  }
  return (
    <div className="stack">
      <h1>{t('people.title')}</h1>
      <Form method="get" className="filters" role="search">
        <TextField label={t('people.search')} name="q" type="search" required={false} defaultValue={q} />
        <button type="submit" className="button">
          {t('action.search')}
        </button>
      </Form>
      <FormErrors errors={failure?.errors} />
      <p className="muted" role="status">
        {t('common.results', { count: total })}
      </p>
      {people.length === 0 ? (
        <p className="card">{t('people.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={t('people.title')}>
            <thead>
              <tr>
                <th scope="col">{t('people.col.person')}</th>
                <th scope="col">{t('people.col.organisations')}</th>
                <th scope="col">{t('people.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => {
                const isMe = person.id === me?.id
                return (
                  <tr key={person.id}>
                    <th scope="row">
                      {person.name}
                      {isMe ? <span className="muted"> {t('people.you')}</span> : null}
                      <br />
                      <span className="muted">{person.email}</span>
                      <div className="row">
                        {person.isAdmin ? <span className="badge">{t('role.admin')}</span> : null}
                        {person.managedProgrammes > 0 ? (
                          <span className="badge">{t('people.managerOf', { count: person.managedProgrammes })}</span>
                        ) : null}
                        {person.pending ? <span className="badge badge-accent">{t('people.pending')}</span> : null}
                        {person.disabled ? <span className="badge badge-accent">{t('people.disabled')}</span> : null}
                      </div>
                    </th>
                    <td>
                      {person.memberships.length ? (
                        <ul className="list-plain" role="list">
                          {person.memberships.map((m) => (
                            <li key={m.organisationId}>
                              <Link to={`/organisations/${m.organisationId}`}>{m.name}</Link>
                              <span className="muted"> · {t(`role.${m.role}`)}</span>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">{t('people.noOrganisations')}</span>
                      )}
                    </td>
                    <td>
                      {isMe ? (
                        <span className="muted">{t('common.none')}</span>
                      ) : (
                        <div className="row">
                          <Form method="post">
                            <input type="hidden" name="userId" value={person.id} />
                            <input type="hidden" name="intent" value={person.disabled ? 'enable' : 'disable'} />
                            <button
                              type="submit"
                              className="button button-quiet"
                              aria-label={t(person.disabled ? 'people.enableFor' : 'people.disableFor', { name: person.name })}
                            >
                              {t(person.disabled ? 'people.enable' : 'people.disable')}
                            </button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="userId" value={person.id} />
                            <input type="hidden" name="intent" value="admin" />
                            <input type="hidden" name="admin" value={person.isAdmin ? 'revoke' : 'grant'} />
                            <button
                              type="submit"
                              className="button button-quiet"
                              aria-label={t(person.isAdmin ? 'people.revokeAdminFor' : 'people.grantAdminFor', {
                                name: person.name,
                              })}
                            >
                              {t(person.isAdmin ? 'people.revokeAdmin' : 'people.grantAdmin')}
                            </button>
                          </Form>
                        </div>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="pagination" aria-label={t('people.pagination')}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t('common.prev')}</Link> : null}
          <span>{t('common.page', { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t('common.next')}</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}

export const meta = titleMeta('people.title')
