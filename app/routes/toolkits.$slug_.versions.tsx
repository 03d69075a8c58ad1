import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { listVersions, resourceSlugFrom } from '#app/models/toolkit-authoring.server.ts'
import { requireReadableResource } from '#app/models/toolkit.server.ts'
import toolkitStyles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: toolkitStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const { resource, canEdit } = await requireReadableResource(user, resourceSlugFrom(args.params))
  const versions = await listVersions(resource.id)
  const locale = resolveLocale(args.request, user)
  return {
    resource: {
      slug: resource.slug,
      title: locale === 'en' && resource.titleEn ? resource.titleEn : resource.title,
      status: resource.status,
    },
    currentVersionId: resource.currentVersionId,
    versions,
    canEdit,
  }
}

export default function ResourceVersions() {
  const { resource, currentVersionId, versions, canEdit } = useLoaderData<typeof loader>()
  const { t, dateTime } = useI18n()
  return (
    <div className="stack">
      <p className="toolkit-back">
        {resource.status === 'published' ? (
          <Link to={`/toolkits/${resource.slug}`}>← {resource.title}</Link>
        ) : (
          <Link to={`/toolkits/${resource.slug}/edit`}>← {resource.title}</Link>
        )}
      </p>
      <div className="page-header">
        <div>
          <h1>{t('toolkits.versionsTitle')}</h1>
          <p className="muted">{resource.title}</p>
        </div>
        {canEdit ? <Link to={`/toolkits/${resource.slug}/edit`}>{t('toolkits.editLink')}</Link> : null}
      </div>
      <p className="muted">{t('toolkits.versionsIntro')}</p>
      {versions.length === 0 ? (
        <p className="card muted">{t('toolkits.versionsNone')}</p>
      ) : (
        <ol className="list-plain card toolkit-versions" role="list">
          {versions.map((v) => (
            <li key={v.id}>
              <Link to={`/toolkits/${resource.slug}/versions/${v.version}`}>{t('toolkits.versionN', { n: v.version })}</Link>{' '}
              {v.id === currentVersionId ? <span className="badge badge-accent">{t('toolkits.versionCurrent')}</span> : null}
              <br />
              <span className="muted">
                <time dateTime={new Date(v.createdAt).toISOString()}>{dateTime(v.createdAt)}</time>
                {v.author ? ` · ${v.author}` : ''}
                {v.uses ? ` · ${t('toolkits.versionUses', { count: v.uses })}` : ''}
              </span>
              {v.changeNote ? <p className="version-note">{v.changeNote}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? translate(localeFromMatches(matches), 'toolkits.versionsOf', { title: data.resource.title }) : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
