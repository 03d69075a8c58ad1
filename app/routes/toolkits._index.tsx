import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { COURSE_TOPICS, STAGES } from '#db/schema/index.ts'
import { TOOLKIT_AUDIENCES, TOOLKIT_KINDS } from '#db/content/toolkits.ts'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { listAuthorWork } from '#app/models/toolkit-authoring.server.ts'
import { listLibrary, parseLibraryQuery, userCentreId } from '#app/models/toolkit.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import styles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  // The library is for people who work with the platform: signed-out visitors go to the sign-in page.
  const user = await requireUser(args)
  const query = parseLibraryQuery(new URL(args.request.url))
  const canAuthor = user.isAdmin || mentorOrganisationIds(user).length > 0
  const [list, work] = await Promise.all([listLibrary(query), canAuthor ? listAuthorWork(user) : []])
  const locale = resolveLocale(args.request, user)
  return {
    ...list,
    canAuthor,
    work,
    centreId: userCentreId(user),
    resources: list.resources.map((r) => ({ ...r, title: locale === 'en' && r.titleEn ? r.titleEn : r.title })),
    query: {
      q: query.q ?? '',
      kind: query.kind ?? '',
      topic: query.topic ?? '',
      stage: query.stage ?? '',
      audience: query.audience ?? '',
      page: query.page,
    },
    kinds: [...TOOLKIT_KINDS],
    topics: [...COURSE_TOPICS],
    stages: [...STAGES],
    audiences: TOOLKIT_AUDIENCES.filter((a) => a !== 'both'),
  }
}

export default function ToolkitsIndex() {
  const data = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const { query } = data
  const filtered = Boolean(query.q || query.kind || query.topic || query.stage || query.audience)
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('toolkits.title')}</h1>
          <p className="muted">{t('toolkits.lead')}</p>
        </div>
        <div className="row">
          {data.centreId ? <Link to={`/organisations/${data.centreId}/toolkits`}>{t('toolkits.ourUsage')}</Link> : null}
          {data.canAuthor ? (
            <Link to="/toolkits/new" className="button">
              {t('toolkits.newButton')}
            </Link>
          ) : null}
        </div>
      </div>

      {data.work.length ? (
        <details className="card toolkit-work">
          <summary>{t('toolkits.workTitle', { count: data.work.length })}</summary>
          <ul className="list-plain" role="list">
            {data.work.map((w) => (
              <li key={w.slug}>
                <Link to={`/toolkits/${w.slug}/edit`}>{w.title}</Link>{' '}
                <span className="muted">
                  {t(`toolkits.kind.${w.kind}`)} · {t(`toolkits.status.${w.status}`)}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <FilterBar
        label={t('toolkits.filtersLabel')}
        className="toolkit-filters"
        search={{ label: t('toolkits.search'), hint: t('toolkits.searchHint'), value: query.q }}
        selects={[
          {
            name: 'kind',
            label: t('toolkits.kindLabel'),
            placeholder: t('toolkits.anyKind'),
            value: query.kind,
            options: data.kinds.map((kind) => ({ value: kind, label: t(`toolkits.kind.${kind}`) })),
          },
          {
            name: 'topic',
            label: t('toolkits.topicLabel'),
            placeholder: t('toolkits.anyTopic'),
            value: query.topic,
            options: data.topics.map((topic) => ({ value: topic, label: t(`courses.topic.${topic}`) })),
          },
          {
            name: 'stage',
            label: t('toolkits.stageLabel'),
            placeholder: t('toolkits.anyStage'),
            value: query.stage,
            options: data.stages.map((stage) => ({ value: stage, label: t(`courses.stage.${stage}`) })),
          },
          {
            name: 'audience',
            label: t('toolkits.audienceLabel'),
            placeholder: t('toolkits.anyAudience'),
            value: query.audience,
            options: data.audiences.map((a) => ({ value: a, label: t(`toolkits.audience.${a}`) })),
          },
        ]}
        filtered={filtered}
        resetTo="/toolkits"
        resetLabel={t('toolkits.resetFilters')}
      />

      {data.resources.length === 0 ? (
        <p className="card muted">{filtered ? t('toolkits.emptyFiltered') : t('toolkits.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('toolkits.found', { count: data.total })}
          </p>
          <ul className="toolkit-grid" role="list">
            {data.resources.map((r) => (
              <li key={r.id} className="card toolkit-card">
                <h2 className="toolkit-card-title">
                  <Link to={`/toolkits/${r.slug}`}>{r.title}</Link>
                </h2>
                <p className="toolkit-badges">
                  <span className="badge badge-accent">{t(`toolkits.kind.${r.kind}`)}</span>
                  <span className="badge">{t(`courses.topic.${r.topic}`)}</span>
                  <span className="badge">{t(`courses.stage.${r.stage}`)}</span>
                  <span className="badge">{t(`toolkits.audience.${r.audience}`)}</span>
                </p>
                <p>{r.summary}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination
        page={query.page}
        pages={data.pages}
        path="/toolkits"
        params={{ q: query.q, kind: query.kind, topic: query.topic, stage: query.stage, audience: query.audience }}
        label={t('toolkits.pagination')}
      />
    </div>
  )
}

export const meta = titleMeta('toolkits.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
