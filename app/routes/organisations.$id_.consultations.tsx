import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ConsultationList } from '#app/components/consultation-list.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import {
  canRequestFor,
  CONSULTATION_STATUSES,
  CONSULTATION_TOPICS,
  listConsultations,
  parseListQuery,
} from '#app/models/consultation.server.ts'
import { organisationIdFrom } from '#app/models/organisation.server.ts'
import consultationStyles from '#app/styles/consultations.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation } = await requireOrganisationAccess(user, id, 'view')
  if (organisation.kind !== 'centre') notFound('consultations.error.notCentre')
  const query = parseListQuery(new URL(args.request.url), { status: 'all' })
  // Mentors and managers see only the requests addressed to them (the list applies the same rule as the page).
  const list = await listConsultations(user, query, { organisationId: id, order: 'centre' })
  return {
    organisation,
    requests: list.rows,
    total: list.total,
    pages: list.pages,
    query: { status: query.status, topic: query.topic ?? '', page: query.page },
    statuses: CONSULTATION_STATUSES,
    topics: CONSULTATION_TOPICS,
    canRequest: canRequestFor(user, id),
  }
}

export default function CentreConsultations() {
  const d = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const path = `/organisations/${d.organisation.id}/consultations`
  const filtered = d.query.status !== 'all' || Boolean(d.query.topic)
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('consultations.centreTitle')}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link>
          </p>
        </div>
        {d.canRequest ? (
          <Link to={`${path}/new`} className="button">
            {t('consultations.new')}
          </Link>
        ) : null}
      </div>
      <p>{t('consultations.centreIntro')}</p>

      <FilterBar
        label={t('consultations.filtersLabel')}
        selects={[
          {
            name: 'status',
            label: t('consultations.filter.status'),
            value: d.query.status,
            options: [
              { value: 'all', label: t('consultations.filter.all') },
              { value: 'active', label: t('consultations.filter.active') },
              ...d.statuses.map((s) => ({ value: s, label: t(`consultations.status.${s}`) })),
            ],
          },
          {
            name: 'topic',
            label: t('consultations.filter.topic'),
            placeholder: t('consultations.filter.anyTopic'),
            value: d.query.topic,
            options: d.topics.map((topic) => ({ value: topic, label: t(`consultations.topic.${topic}`) })),
          },
        ]}
        submitLabel={t('consultations.filter.apply')}
        filtered={filtered}
        resetTo={path}
        resetLabel={t('consultations.filter.reset')}
      />

      <section aria-labelledby="requests-title">
        <h2 id="requests-title">{t('consultations.listTitle')}</h2>
        {d.requests.length ? (
          <>
            <p className="muted">{t('consultations.total', { count: d.total })}</p>
            <ConsultationList rows={d.requests} showCentre={false} labelledBy="requests-title" />
          </>
        ) : (
          <p className="card muted">{filtered ? t('consultations.emptyFiltered') : t('consultations.empty')}</p>
        )}
      </section>
      <Pagination
        page={d.query.page}
        pages={d.pages}
        path={path}
        params={{ status: d.query.status === 'all' ? null : d.query.status, topic: d.query.topic }}
        label={t('consultations.pagination')}
      />
      <p>
        <Link to={`/organisations/${d.organisation.id}`}>{t('consultations.backToCentre')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(
    matches,
    data ? `${translate(localeFromMatches(matches), 'consultations.centreTitle')} · ${data.organisation.name}` : null,
  )

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
