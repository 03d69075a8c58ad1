import { redirect, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ConsultationList } from '#app/components/consultation-list.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import {
  CONSULTATION_STATUSES,
  CONSULTATION_TOPICS,
  CONSULTATION_URGENCIES,
  inboxCentres,
  listConsultations,
  parseListQuery,
} from '#app/models/consultation.server.ts'
import consultationStyles from '#app/styles/consultations.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }]

/**
 * The mentors' inbox: requests for the centres their organisation mentors (managers: of their programmes;
 * administrators: all). A centre's people have their centre's own list instead and are sent there.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  if (!user.isAdmin && !user.managedProgrammeIds.length && !mentorOrganisationIds(user).length) {
    const centre = user.memberships.find((m) => m.kind === 'centre')
    if (centre) throw redirect(`/organisations/${centre.organisationId}/consultations`)
    forbidden()
  }
  const query = parseListQuery(new URL(args.request.url), { status: 'active' })
  const [list, centres] = await Promise.all([listConsultations(user, query, { order: 'inbox' }), inboxCentres(user)])
  return {
    requests: list.rows,
    total: list.total,
    pages: list.pages,
    query: {
      status: query.status,
      topic: query.topic ?? '',
      urgency: query.urgency ?? '',
      centre: query.centre ?? '',
      page: query.page,
    },
    centres,
    statuses: CONSULTATION_STATUSES,
    topics: CONSULTATION_TOPICS,
    urgencies: CONSULTATION_URGENCIES,
  }
}

export default function ConsultationInbox() {
  const d = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const q = d.query
  const filtered = q.status !== 'active' || Boolean(q.topic || q.urgency || q.centre)
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('consultations.inboxTitle')}</h1>
      </div>
      <p>{t('consultations.inboxIntro')}</p>

      <FilterBar
        label={t('consultations.filtersLabel')}
        selects={[
          {
            name: 'status',
            label: t('consultations.filter.status'),
            value: q.status,
            options: [
              { value: 'active', label: t('consultations.filter.active') },
              { value: 'all', label: t('consultations.filter.all') },
              ...d.statuses.map((s) => ({ value: s, label: t(`consultations.status.${s}`) })),
            ],
          },
          {
            name: 'topic',
            label: t('consultations.filter.topic'),
            placeholder: t('consultations.filter.anyTopic'),
            value: q.topic,
            options: d.topics.map((topic) => ({ value: topic, label: t(`consultations.topic.${topic}`) })),
          },
          {
            name: 'urgency',
            label: t('consultations.filter.urgency'),
            placeholder: t('consultations.filter.anyUrgency'),
            value: q.urgency,
            options: d.urgencies.map((u) => ({ value: u, label: t(`consultations.urgency.${u}`) })),
          },
          {
            name: 'centre',
            label: t('consultations.filter.centre'),
            placeholder: t('consultations.filter.anyCentre'),
            value: q.centre,
            options: d.centres.map((c) => ({ value: c.id, label: c.name })),
          },
        ]}
        submitLabel={t('consultations.filter.apply')}
        filtered={filtered}
        resetTo="/consultations"
        resetLabel={t('consultations.filter.reset')}
      />

      <section aria-labelledby="inbox-list-title">
        <h2 id="inbox-list-title">{t('consultations.listTitle')}</h2>
        {d.requests.length ? (
          <>
            <p className="muted">{t('consultations.total', { count: d.total })}</p>
            <ConsultationList rows={d.requests} showCentre labelledBy="inbox-list-title" />
          </>
        ) : (
          <p className="card muted">{filtered ? t('consultations.emptyFiltered') : t('consultations.empty')}</p>
        )}
      </section>
      <Pagination
        page={q.page}
        pages={d.pages}
        path="/consultations"
        params={{
          status: q.status === 'active' ? null : q.status,
          topic: q.topic,
          urgency: q.urgency,
          centre: q.centre,
        }}
        label={t('consultations.pagination')}
      />
    </div>
  )
}

export const meta = titleMeta('consultations.inboxTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
