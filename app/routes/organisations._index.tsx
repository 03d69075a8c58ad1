import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { listOrganisations, listRegions, parseListQuery } from '#app/models/organisation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const query = parseListQuery(new URL(args.request.url))
  const [list, regions] = await Promise.all([listOrganisations(user, query), listRegions()])
  return {
    ...list,
    query: { q: query.q ?? '', kind: query.kind ?? '', region: query.region ?? '', page: query.page },
    regions,
    canCreate: user.isAdmin,
    hasScope: user.isAdmin || user.memberships.length > 0 || user.managedProgrammeIds.length > 0,
  }
}

export default function OrganisationsIndex() {
  const data = useLoaderData<typeof loader>()
  const { t, locale, number } = useI18n()
  const { query } = data
  const filtered = Boolean(query.q || query.kind || query.region)
  const regionOptions = useMemo(
    () =>
      data.regions
        .map((r) => ({ value: r.code, label: locale === 'ru' ? r.nameRu : r.nameEn }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [data.regions, locale],
  )
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('organisations.title')}</h1>
        {data.canCreate ? (
          <Link to="/organisations/new" className="button">
            {t('organisations.add')}
          </Link>
        ) : null}
      </div>

      <FilterBar
        label={t('organisations.filtersLabel')}
        search={{ label: t('organisations.search'), hint: t('organisations.searchHint'), value: query.q }}
        selects={[
          {
            name: 'kind',
            label: t('organisations.col.kind'),
            placeholder: t('organisations.anyKind'),
            value: query.kind,
            options: [
              { value: 'centre', label: t('kind.centre') },
              { value: 'mentor', label: t('kind.mentor') },
            ],
          },
          {
            name: 'region',
            label: t('organisations.col.region'),
            placeholder: t('organisations.anyRegion'),
            value: query.region,
            options: regionOptions,
          },
        ]}
        filtered={filtered}
        resetTo="/organisations"
        resetLabel={t('organisations.resetFilters')}
      />

      {data.organisations.length === 0 ? (
        <p className="card muted">
          {filtered
            ? t('organisations.emptyFiltered')
            : data.canCreate
              ? t('organisations.emptyAdmin')
              : data.hasScope
                ? t('organisations.empty')
                : t('organisations.emptyNone')}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('common.results', { count: data.total })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('organisations.col.name')}</th>
                  <th scope="col">{t('organisations.col.kind')}</th>
                  <th scope="col">{t('organisations.col.region')}</th>
                  <th scope="col">{t('organisations.col.city')}</th>
                  <th scope="col">{t('organisations.col.people')}</th>
                </tr>
              </thead>
              <tbody>
                {data.organisations.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      {/* The short name reads better in a table, on a phone above all; the full one stays beside it. */}
                      <Link to={`/organisations/${o.id}`}>{o.shortName ?? o.name}</Link>
                      {o.shortName ? <div className="muted">{o.name}</div> : null}
                    </th>
                    <td>{t(`kind.${o.kind}`)}</td>
                    <td>{locale === 'ru' ? o.regionRu : o.regionEn}</td>
                    <td>{o.city}</td>
                    <td>{number(o.people)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pagination
        page={query.page}
        pages={data.pages}
        path="/organisations"
        params={{ q: query.q, kind: query.kind, region: query.region }}
        label={t('organisations.pagination')}
      />
    </div>
  )
}

export const meta = titleMeta('organisations.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
