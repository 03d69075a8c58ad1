import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { listDirectory, listDirectoryRegions, parseDirectoryQuery } from '#app/models/directory.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'
import { FEDERAL_DISTRICTS, type FederalDistrict } from '#db/reference/regions.ts'

/** Public: no sign-in. Only published centres and their public fields. */
export async function loader(args: LoaderFunctionArgs) {
  const query = parseDirectoryQuery(new URL(args.request.url))
  const [list, regions] = await Promise.all([listDirectory(query), listDirectoryRegions()])
  return {
    ...list,
    regions,
    query: { q: query.q ?? '', region: query.region ?? '', district: query.district ?? '', page: query.page },
  }
}

export default function CentresDirectory() {
  const data = useLoaderData<typeof loader>()
  const { t, locale } = useI18n()
  const { query } = data
  const filtered = Boolean(query.q || query.region || query.district)
  const regionOptions = useMemo(
    () =>
      data.regions
        .map((r) => ({ value: r.code, label: locale === 'ru' ? r.nameRu : r.nameEn }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [data.regions, locale],
  )
  const districtOptions = (Object.keys(FEDERAL_DISTRICTS) as FederalDistrict[]).map((d) => ({
    value: d,
    label: locale === 'ru' ? FEDERAL_DISTRICTS[d].nameRu : FEDERAL_DISTRICTS[d].nameEn,
  }))
  // The page is sorted by region, so consecutive centres of one region form a group.
  const groups: { code: string; name: string; centres: typeof data.centres }[] = []
  for (const centre of data.centres) {
    const last = groups[groups.length - 1]
    if (last && last.code === centre.regionCode) last.centres.push(centre)
    else
      groups.push({
        code: centre.regionCode,
        name: locale === 'ru' ? centre.regionRu : centre.regionEn,
        centres: [centre],
      })
  }
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('directory.title')}</h1>
          <p className="lead">{t('directory.lead')}</p>
        </div>
      </div>
      <FilterBar
        label={t('directory.filtersLabel')}
        search={{ label: t('directory.search'), hint: t('directory.searchHint'), value: query.q }}
        selects={[
          {
            name: 'region',
            label: t('directory.region'),
            placeholder: t('directory.anyRegion'),
            value: query.region,
            options: regionOptions,
          },
          {
            name: 'district',
            label: t('directory.district'),
            placeholder: t('directory.anyDistrict'),
            value: query.district,
            options: districtOptions,
          },
        ]}
        filtered={filtered}
        resetTo="/centres"
        resetLabel={t('directory.resetFilters')}
      />
      {data.centres.length === 0 ? (
        <p className="card muted">{filtered ? t('directory.emptyFiltered') : t('directory.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('common.results', { count: data.total })}
          </p>
          {groups.map((group) => (
            <section key={group.code} className="stack" aria-labelledby={`region-${group.code}`}>
              <h2 id={`region-${group.code}`}>{group.name}</h2>
              <ul className="grid" role="list">
                {group.centres.map((c) => (
                  <li key={c.slug} className="card">
                    <h3>
                      <Link to={`/centres/${c.slug}`}>{c.shortName ?? c.name}</Link>
                    </h3>
                    {c.shortName ? <p className="muted">{c.name}</p> : null}
                    <p className="row">
                      <span>{c.city}</span>
                      <span className="badge">{t(`directory.stage.${c.stage}`)}</span>
                    </p>
                    {c.description ? <p>{excerpt(c.description)}</p> : null}
                    <dl className="details">
                      {c.phone ? (
                        <>
                          <dt>{t('directory.phone')}</dt>
                          <dd>
                            <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
                          </dd>
                        </>
                      ) : null}
                      {c.email ? (
                        <>
                          <dt>{t('directory.email')}</dt>
                          <dd>
                            <a href={`mailto:${c.email}`}>{c.email}</a>
                          </dd>
                        </>
                      ) : null}
                      {c.mentors.length ? (
                        <>
                          <dt>{t('directory.mentoredBy')}</dt>
                          <dd>{c.mentors.map((m) => m.name).join(', ')}</dd>
                        </>
                      ) : null}
                    </dl>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      <Pagination
        page={query.page}
        pages={data.pages}
        path="/centres"
        params={{ q: query.q, region: query.region, district: query.district }}
        label={t('directory.pagination')}
      />
    </div>
  )
}

function excerpt(text: string, max = 240) {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max).replace(/\s+\S*$/, '')}…` : flat
}

export const meta = titleMeta('directory.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
