import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { COURSE_TOPICS } from '#db/schema/index.ts'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { TARGET_GROUP_KEYS } from '#app/models/practice-search.server.ts'
import {
  listCatalogue,
  listMyProgrammes,
  listPracticeRegions,
  listScoringProgrammes,
  MIN_SCORES,
  parseCatalogueQuery,
} from '#app/models/practice.server.ts'
import styles from '#app/styles/practices.css?url'
import { getUser } from '#app/utils/auth.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

/**
 * Public: published practices are meant to spread, so visitors may browse and read them. Scores, the score
 * filter and the programmes' selection and transfer pages are for signed-in people.
 */
export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args)
  const query = parseCatalogueQuery(new URL(args.request.url), Boolean(user))
  const scoringProgrammes = user ? await listScoringProgrammes(user) : []
  const [list, regions, myProgrammes] = await Promise.all([
    listCatalogue(
      user,
      query,
      scoringProgrammes.map((p) => p.id),
    ),
    listPracticeRegions(),
    user ? listMyProgrammes(user) : [],
  ])
  const locale = resolveLocale(args.request, user)
  return {
    ...list,
    practices: list.practices.map(({ titleEn, regionRu, regionEn, ...p }) => ({
      ...p,
      title: locale === 'en' && titleEn ? titleEn : p.title,
      region: locale === 'en' ? regionEn : regionRu,
    })),
    query: {
      q: query.q ?? '',
      topic: query.topic ?? '',
      group: query.group ?? '',
      region: query.region ?? '',
      minScore: query.minScore ?? '',
      programme: list.programmeId ?? '',
      page: query.page,
    },
    topics: [...COURSE_TOPICS],
    groups: TARGET_GROUP_KEYS,
    minScores: [...MIN_SCORES],
    regions,
    programmes: scoringProgrammes,
    myProgrammes,
    signedIn: Boolean(user),
  }
}

export default function PracticesIndex() {
  const data = useLoaderData<typeof loader>()
  const { t, locale, number } = useI18n()
  const { query } = data
  const filtered = Boolean(query.q || query.topic || query.group || query.region || query.minScore || query.programme)
  const regionOptions = useMemo(
    () => data.regions.map((r) => ({ value: r.code, label: locale === 'ru' ? r.nameRu : r.nameEn })),
    [data.regions, locale],
  )
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('practices.title')}</h1>
          <p className="muted">{t('practices.lead')}</p>
        </div>
      </div>

      {data.myProgrammes.length ? (
        <section className="card" aria-labelledby="my-programmes-title">
          <h2 id="my-programmes-title">{t('practices.myProgrammesTitle')}</h2>
          <p className="muted">{t('practices.myProgrammesLead')}</p>
          <ul className="list-plain practice-programme-links" role="list">
            {data.myProgrammes.map((p) => (
              <li key={p.id}>
                <span>{p.name}</span>
                <span className="row">
                  <Link to={`/programmes/${p.id}/practices`}>{t('practices.selectionLink')}</Link>
                  <Link to={`/programmes/${p.id}/transfers`}>{t('practices.boardLink')}</Link>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!data.signedIn ? (
        <p className="alert alert-warn">
          {t('practices.signInHint')} <Link to="/login?redirectTo=%2Fpractices">{t('practices.signInLink')}</Link>
        </p>
      ) : null}

      <FilterBar
        label={t('practices.filtersLabel')}
        className="practice-filters"
        search={{ label: t('practices.search'), hint: t('practices.searchHint'), value: query.q }}
        selects={[
          {
            name: 'topic',
            label: t('practices.topicLabel'),
            placeholder: t('practices.anyTopic'),
            value: query.topic,
            options: data.topics.map((topic) => ({ value: topic, label: t(`courses.topic.${topic}`) })),
          },
          {
            name: 'group',
            label: t('practices.groupLabel'),
            placeholder: t('practices.anyGroup'),
            value: query.group,
            options: data.groups.map((g) => ({ value: g, label: t(`practices.targetGroup.${g}`) })),
          },
          {
            name: 'region',
            label: t('practices.regionLabel'),
            placeholder: t('practices.anyRegion'),
            value: query.region,
            options: regionOptions,
          },
          data.signedIn && {
            name: 'minScore',
            label: t('practices.minScoreLabel'),
            placeholder: t('practices.anyScore'),
            value: query.minScore,
            options: data.minScores.map((s) => ({
              value: s,
              label: t('practices.minScore', { score: number(Number(s)) }),
            })),
          },
          data.signedIn &&
            data.programmes.length > 0 && {
              name: 'programme',
              label: t('practices.programmeLabel'),
              placeholder: t('practices.allProgrammes'),
              value: query.programme,
              options: data.programmes.map((p) => ({ value: p.id, label: p.name })),
            },
        ]}
        filtered={filtered}
        resetTo="/practices"
        resetLabel={t('practices.resetFilters')}
      />
      {data.signedIn ? <p className="muted">{t('practices.scoreHint')}</p> : null}

      {data.practices.length === 0 ? (
        <p className="card muted">{filtered ? t('practices.emptyFiltered') : t('practices.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('practices.found', { count: data.total })}
          </p>
          <ul className="practice-grid" role="list">
            {data.practices.map((p) => (
              <li key={p.id} className="card practice-card">
                <h2 className="practice-card-title">
                  <Link to={`/practices/${p.slug}`}>{p.title}</Link>
                </h2>
                <p className="practice-badges">
                  {p.topics.map((topic) => (
                    <span key={topic} className="badge">
                      {t(`courses.topic.${topic}`)}
                    </span>
                  ))}
                </p>
                <p>{p.problem}</p>
                <p className="muted">
                  {t('practices.from', { organisation: p.originOrganisation, region: p.region ?? t('common.none') })}
                </p>
                <p className="practice-card-facts">
                  {data.signedIn ? (
                    p.score !== null ? (
                      <span className="badge practice-score">
                        {t('practices.score', {
                          score: number(p.score, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
                        })}
                        {' · '}
                        {t('practices.scoredIn', { count: p.scoredIn })}
                      </span>
                    ) : (
                      <span className="badge">{t('practices.notScored')}</span>
                    )
                  ) : null}
                  {p.tracks ? <span className="badge">{t('practices.tracksCount', { count: p.tracks })}</span> : null}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination
        page={query.page}
        pages={data.pages}
        path="/practices"
        params={{
          q: query.q,
          topic: query.topic,
          group: query.group,
          region: query.region,
          minScore: query.minScore,
          programme: query.programme,
        }}
        label={t('practices.pagination')}
      />
    </div>
  )
}

export const meta = titleMeta('practices.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
