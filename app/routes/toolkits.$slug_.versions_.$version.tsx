import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { presentAttachment } from '#app/models/attachments.server.ts'
import { getPublishedVersion, getVersionNumber, listVersionAttachments, resourceSlugFrom } from '#app/models/toolkit-authoring.server.ts'
import { requireReadableResource } from '#app/models/toolkit.server.ts'
import toolkitStyles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { sanitizeStoredHtml } from '#app/utils/rich-text.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: toolkitStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const slug = resourceSlugFrom(args.params)
  const raw = args.params.version ?? ''
  if (!/^\d{1,6}$/.test(raw)) notFound()
  const { resource } = await requireReadableResource(user, slug)
  const version = await getPublishedVersion(resource.id, Number(raw))
  if (!version) notFound()
  const [files, latest] = await Promise.all([
    listVersionAttachments(version.id),
    getVersionNumber(resource.currentVersionId),
  ])
  const locale = resolveLocale(args.request, user)
  return {
    resource: {
      slug: resource.slug,
      kind: resource.kind,
      title: locale === 'en' && resource.titleEn ? resource.titleEn : resource.title,
      status: resource.status,
    },
    version: {
      number: version.version,
      date: version.createdAt,
      author: version.author,
      changeNote: version.changeNote,
      // Stored HTML was sanitised when it was published; sanitising again costs little and guards old rows.
      html: sanitizeStoredHtml(version.bodyHtml, 'lesson'),
      fields: resource.kind === 'template' ? version.fields : [],
    },
    current: resource.currentVersionId === version.id,
    latest,
    attachments: files.map((f) => ({ ...presentAttachment(locale, f), href: `/toolkits/${resource.slug}/files/${f.id}` })),
  }
}

export default function ResourceVersion() {
  const { resource, version, current, latest, attachments } = useLoaderData<typeof loader>()
  const { t, dateTime } = useI18n()
  return (
    <div className="stack">
      <p className="toolkit-back no-print">
        <Link to={`/toolkits/${resource.slug}/versions`}>← {t('toolkits.versionsTitle')}</Link>
      </p>
      <div>
        <h1>{resource.title}</h1>
        <p className="muted">
          {t('toolkits.versionN', { n: version.number })} ·{' '}
          <time dateTime={new Date(version.date).toISOString()}>{dateTime(version.date)}</time>
          {version.author ? ` · ${version.author}` : ''}
        </p>
      </div>
      {current && resource.status === 'published' ? (
        <p className="alert alert-success">
          {t('toolkits.versionIsCurrent')} <Link to={`/toolkits/${resource.slug}`}>{t('toolkits.openCurrent')}</Link>
        </p>
      ) : (
        <p className="alert alert-warn" role="note">
          <strong>{t('toolkits.versionNotCurrent')}</strong>{' '}
          {resource.status === 'published' && latest ? (
            <>
              {t('toolkits.versionLatestIs', { n: latest })} <Link to={`/toolkits/${resource.slug}`}>{t('toolkits.openCurrent')}</Link>
            </>
          ) : (
            t('toolkits.versionWithdrawn')
          )}
        </p>
      )}
      {version.changeNote ? (
        <p>
          <strong>{t('toolkits.field.changeNote')}:</strong> {version.changeNote}
        </p>
      ) : null}
      {version.fields.length ? (
        <section className="card" aria-labelledby="version-fields">
          <h2 id="version-fields">{t('toolkits.fieldsTitle')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('toolkits.fields.label')}</th>
                  <th scope="col">{t('toolkits.fields.key')}</th>
                  <th scope="col">{t('toolkits.fields.type')}</th>
                  <th scope="col">{t('toolkits.fields.required')}</th>
                </tr>
              </thead>
              <tbody>
                {version.fields.map((f) => (
                  <tr key={f.key}>
                    <th scope="row">{f.label}</th>
                    <td>
                      <code>{`{{${f.key}}}`}</code>
                    </td>
                    <td>{t(`toolkits.fieldType.${f.type}`)}</td>
                    <td>{f.required ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <article className="card prose toolkit-body" aria-label={t('toolkits.versionBody')}>
        {/* Rendered from validated JSON with the lesson allowlist and sanitised (app/utils/rich-text.server.ts). */}
        <div dangerouslySetInnerHTML={{ __html: version.html }} />
      </article>
      {attachments.length ? (
        <section className="card" aria-labelledby="version-files">
          <h2 id="version-files">{t('toolkits.filesTitle')}</h2>
          <ul className="list-plain" role="list">
            {attachments.map((a) => (
              <li key={a.id}>
                <a href={a.href} download>
                  {a.name}
                </a>{' '}
                <span className="muted">
                  {a.type}, {a.size}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? translate(localeFromMatches(matches), 'toolkits.versionTitleMeta', { title: data.resource.title, n: data.version.number }) : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
