import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { UsageByMonth, UsageCells, UsageHead, UsageTotals } from '#app/components/toolkit-usage-tables.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { canAuthorResource, resourceSlugFrom } from '#app/models/toolkit-authoring.server.ts'
import { requireResourceUsageAccess, resourceUsage } from '#app/models/toolkit-usage.server.ts'
import { getResourceBySlug } from '#app/models/toolkit.server.ts'
import toolkitStyles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: toolkitStyles }]

const PageSchema = z.coerce.number().int().min(1).max(1000).catch(1)

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const resource = await getResourceBySlug(resourceSlugFrom(args.params))
  if (!resource) notFound()
  requireResourceUsageAccess(user, resource)
  const page = PageSchema.parse(new URL(args.request.url).searchParams.get('page') ?? 1)
  const usage = await resourceUsage(user, resource.id, page)
  const locale = resolveLocale(args.request, user)
  return {
    resource: {
      slug: resource.slug,
      title: locale === 'en' && resource.titleEn ? resource.titleEn : resource.title,
      status: resource.status,
      kind: resource.kind,
    },
    canEdit: canAuthorResource(user, resource),
    page,
    usage,
  }
}

export default function ResourceUsage() {
  const { resource, canEdit, page, usage } = useLoaderData<typeof loader>()
  const { t, date, number } = useI18n()
  const anything = usage.totals.views + usage.totals.downloads + usage.totals.docx + usage.totals.pdf > 0
  return (
    <div className="stack">
      <p className="toolkit-back">
        <Link to={resource.status === 'published' ? `/toolkits/${resource.slug}` : `/toolkits/${resource.slug}/edit`}>← {resource.title}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('toolkits.usage.title')}</h1>
          <p className="muted">{resource.title}</p>
        </div>
        {canEdit ? <Link to={`/toolkits/${resource.slug}/edit`}>{t('toolkits.editLink')}</Link> : null}
      </div>
      <p className="muted">{t('toolkits.usage.intro')}</p>
      <UsageTotals
        totals={usage.totals}
        extra={
          <div className="stat">
            <span className="stat-value">{number(usage.centreCount)}</span>
            <span className="stat-label">{t('toolkits.usage.centres')}</span>
          </div>
        }
      />
      {!anything ? (
        <p className="card muted">{t('toolkits.usage.none')}</p>
      ) : (
        <>
          <section aria-labelledby="by-centre" className="stack">
            <h2 id="by-centre">{t('toolkits.usage.byCentre')}</h2>
            <p className="muted">{t('toolkits.usage.byCentreHint')}</p>
            <div className="table-wrap">
              <table className="usage-table">
                <UsageHead first={t('toolkits.usage.centre')} last={t('toolkits.usage.lastUsed')} />
                <tbody>
                  {usage.centres.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link to={`/organisations/${c.id}/toolkits`}>{c.name}</Link>
                      </th>
                      <UsageCells counts={c.counts} />
                      <td>{date(c.lastUsed)}</td>
                    </tr>
                  ))}
                  {usage.others.centres > 0 ? (
                    <tr>
                      <th scope="row">{t('toolkits.usage.otherCentres', { count: usage.others.centres })}</th>
                      <UsageCells counts={usage.others} />
                      <td />
                    </tr>
                  ) : null}
                  {usage.noCentre.views + usage.noCentre.downloads + usage.noCentre.docx + usage.noCentre.pdf > 0 ? (
                    <tr>
                      <th scope="row">{t('toolkits.usage.noCentre')}</th>
                      <UsageCells counts={usage.noCentre} />
                      <td />
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pages={usage.pages} path={`/toolkits/${resource.slug}/usage`} label={t('toolkits.usage.pagination')} />
          </section>

          <section aria-labelledby="by-month" className="stack">
            <h2 id="by-month">{t('toolkits.usage.byMonth')}</h2>
            <UsageByMonth months={usage.months} caption={t('toolkits.usage.byMonth')} />
          </section>

          <section aria-labelledby="by-version" className="stack">
            <h2 id="by-version">{t('toolkits.usage.byVersion')}</h2>
            <div className="table-wrap">
              <table className="usage-table">
                <UsageHead first={t('toolkits.usage.version')} />
                <tbody>
                  {usage.versions.map((v) => (
                    <tr key={v.version ?? 'none'}>
                      <th scope="row">
                        {v.version ? (
                          <Link to={`/toolkits/${resource.slug}/versions/${v.version}`}>{t('toolkits.versionN', { n: v.version })}</Link>
                        ) : (
                          t('toolkits.usage.versionUnknown')
                        )}
                      </th>
                      <UsageCells counts={v.counts} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? translate(localeFromMatches(matches), 'toolkits.usage.titleOf', { title: data.resource.title }) : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
