import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { UsageByMonth, UsageCells, UsageHead, UsageTotals } from '#app/components/toolkit-usage-tables.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  authoredUsage,
  centreUsage,
  deleteSavedRequisites,
  fieldLabels,
  listSavedRequisitesWithValues,
} from '#app/models/toolkit-usage.server.ts'
import toolkitStyles from '#app/styles/toolkits.css?url'
import { audit } from '#app/utils/audit.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { requireOrganisationAccess, type OrganisationRelation } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: toolkitStyles }]

const PageSchema = z.coerce.number().int().min(1).max(1000).catch(1)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The centre's own people and administrators may remove its saved details; mentors and managers only look. */
const canManageSaved = (relation: OrganisationRelation) => relation === 'admin' || relation === 'leader' || relation === 'member'

async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = args.params.id ?? ''
  if (!UUID.test(id)) notFound()
  // The centre itself, its mentors, the managers of its programmes and administrators: nobody else.
  const { organisation, relation } = await requireOrganisationAccess(user, id.toLowerCase(), 'view')
  return { user, organisation, relation }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation, relation } = await load(args)
  const page = PageSchema.parse(new URL(args.request.url).searchParams.get('page') ?? 1)
  if (organisation.kind === 'mentor') {
    const authored = await authoredUsage(organisation.id, page)
    return { organisation, page, mode: 'mentor' as const, authored, usage: null, saved: [], labels: {}, canManageSaved: false }
  }
  const [usage, saved] = await Promise.all([centreUsage(organisation.id, user.timeZone, page), listSavedRequisitesWithValues(organisation.id)])
  const labels = await fieldLabels([...new Set(saved.flatMap((s) => Object.keys(s.values)))])
  return { organisation, page, mode: 'centre' as const, authored: null, usage, saved, labels, canManageSaved: canManageSaved(relation) }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation, relation } = await load(args)
  const formData = await args.request.formData()
  const savedId = formData.get('savedId')
  if (formData.get('intent') !== 'deleteSaved' || typeof savedId !== 'string' || !UUID.test(savedId)) {
    return data({ ok: false, errors: { '': ['errors.badRequest'] } }, { status: 400 })
  }
  if (!canManageSaved(relation)) return data({ ok: false, errors: { '': ['toolkits.error.savedForbidden'] } }, { status: 403 })
  const removed = await db.transaction(async (tx) => {
    const row = await deleteSavedRequisites(tx, organisation.id, savedId.toLowerCase())
    if (row) {
      await audit(tx, {
        actorId: user.id,
        action: 'organisation.requisites-delete',
        entityType: 'organisation',
        entityId: organisation.id,
        organisationId: organisation.id,
        data: { label: row.label },
      })
    }
    return row
  })
  if (!removed) return data({ ok: false, errors: { '': ['toolkits.error.savedGone'] } }, { status: 404 })
  return redirectWithFlash(`/organisations/${organisation.id}/toolkits`, 'toolkits.flash.savedDeleted')
}

export default function OrganisationToolkits() {
  const loaded = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { organisation } = loaded
  const { t } = useI18n()
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('toolkits.org.title')}</h1>
          <p className="muted">
            <Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
          </p>
        </div>
        <Link to="/toolkits">{t('toolkits.title')}</Link>
      </div>
      <FormErrors errors={failure?.errors} />
      {loaded.mode === 'mentor' ? <AuthoredList authored={loaded.authored} page={loaded.page} organisationId={organisation.id} /> : <CentreView />}
    </div>
  )
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

function AuthoredList({ authored, page, organisationId }: { authored: NonNullable<LoaderData['authored']>; page: number; organisationId: string }) {
  const { t, number } = useI18n()
  return (
    <section aria-labelledby="authored-title" className="stack">
      <h2 id="authored-title">{t('toolkits.org.authoredTitle')}</h2>
      <p className="muted">{t('toolkits.org.authoredIntro')}</p>
      {authored.resources.length === 0 ? (
        <p className="card muted">{t('toolkits.org.authoredNone')}</p>
      ) : (
        <div className="table-wrap">
          <table className="usage-table">
            <UsageHead first={t('toolkits.usage.resource')} last={t('toolkits.usage.centres')} />
            <tbody>
              {authored.resources.map((r) => (
                <tr key={r.slug}>
                  <th scope="row">
                    <Link to={`/toolkits/${r.slug}/usage`}>{r.title}</Link>
                    <br />
                    <span className="muted">
                      {t(`toolkits.kind.${r.kind}`)} · {t(`toolkits.status.${r.status}`)}
                    </span>
                  </th>
                  <UsageCells counts={r.counts} />
                  <td className="num">{number(r.centres)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={authored.pages} path={`/organisations/${organisationId}/toolkits`} label={t('toolkits.usage.pagination')} />
    </section>
  )
}

function CentreView() {
  const { organisation, usage, saved, labels, canManageSaved, page } = useLoaderData<typeof loader>()
  const { t, date, number } = useI18n()
  if (!usage) return null
  return (
    <>
      <section aria-labelledby="used-title" className="stack">
        <h2 id="used-title">{t('toolkits.org.usedTitle')}</h2>
        <UsageTotals
          totals={usage.totals}
          extra={
            <div className="stat">
              <span className="stat-value">{number(usage.resourceCount)}</span>
              <span className="stat-label">{t('toolkits.org.resources')}</span>
            </div>
          }
        />
        {usage.resources.length === 0 ? (
          <p className="card muted">{t('toolkits.org.usedNone')}</p>
        ) : (
          <>
            <div className="table-wrap">
              <table className="usage-table">
                <UsageHead first={t('toolkits.usage.resource')} last={t('toolkits.usage.lastUsed')} />
                <tbody>
                  {usage.resources.map((r) => (
                    <tr key={r.slug}>
                      <th scope="row">
                        {r.readable ? <Link to={`/toolkits/${r.slug}`}>{r.title}</Link> : r.title}
                        <br />
                        <span className="muted">{t(`toolkits.kind.${r.kind}`)}</span>
                      </th>
                      <UsageCells counts={r.counts} />
                      <td>{date(r.lastUsed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pages={usage.pages} path={`/organisations/${organisation.id}/toolkits`} label={t('toolkits.usage.pagination')} />
            <h3>{t('toolkits.usage.byMonth')}</h3>
            <UsageByMonth months={usage.months} caption={t('toolkits.usage.byMonth')} />
          </>
        )}
      </section>

      <section aria-labelledby="saved-title" className="card">
        <h2 id="saved-title">{t('toolkits.org.savedTitle')}</h2>
        <p className="muted">{t('toolkits.org.savedIntro')}</p>
        {saved.length === 0 ? (
          <p className="muted">{t('toolkits.org.savedNone')}</p>
        ) : (
          <ul className="list-plain toolkit-saved" role="list">
            {saved.map((s) => (
              <li key={s.id}>
                <h3>{s.label}</h3>
                <dl className="toolkit-saved-values">
                  {Object.entries(s.values).map(([key, value]) => (
                    <div key={key}>
                      <dt>{(labels as Record<string, string>)[key] ?? key}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
                <p className="muted">
                  {t('toolkits.org.savedMeta', { date: date(s.updatedAt), author: s.author ?? '—' })}
                </p>
                {canManageSaved ? (
                  <Form method="post">
                    <input type="hidden" name="savedId" value={s.id} />
                    <StatusButton intent="deleteSaved" className="button-quiet" aria-label={t('toolkits.org.savedDeleteLabel', { label: s.label })}>
                      {t('toolkits.org.savedDelete')}
                    </StatusButton>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? translate(localeFromMatches(matches), 'toolkits.org.titleOf', { name: data.organisation.name }) : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
