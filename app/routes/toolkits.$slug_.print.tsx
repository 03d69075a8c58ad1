// The print view of a resource: the filled template (posted from the resource page's preview) or a guide,
// checklist or scenario, alone on the page with a button that opens the browser's print dialog — where
// people print it or save it as PDF. Every render of a document here counts as one 'generate_pdf'.
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { resourceSlugFrom } from '#app/models/toolkit-authoring.server.ts'
import { fillFromForm, getPublishedResource, recordUsage } from '#app/models/toolkit.server.ts'
import toolkitStyles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { renderRichText, sanitizeStoredHtml } from '#app/utils/rich-text.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: toolkitStyles }]

async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args)
  const row = await getPublishedResource(resourceSlugFrom(args.params))
  if (!row) notFound()
  const locale = resolveLocale(args.request, user)
  const title = locale === 'en' && row.resource.titleEn ? row.resource.titleEn : row.resource.title
  return { user, row, title }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, row, title } = await load(args)
  const base = { slug: row.resource.slug, title, isTemplate: row.resource.kind === 'template' }
  // A template prints only once filled in: the form on its page posts the values here.
  if (base.isTemplate) return { ...base, html: null }
  await recordUsage(user, row.resource, row.version.id, 'generate_pdf')
  return { ...base, html: sanitizeStoredHtml(row.version.bodyHtml, 'lesson') }
}

type ActionData = { ok: true; html: string } | { ok: false; errors: Record<string, string[]> }

export async function action(args: ActionFunctionArgs) {
  const { user, row } = await load(args)
  if (row.resource.kind !== 'template') notFound()
  const outcome = fillFromForm(row, await args.request.formData())
  if (!outcome.ok) return data<ActionData>({ ok: false, errors: outcome.errors }, { status: outcome.status })
  await recordUsage(user, row.resource, row.version.id, 'generate_pdf')
  return data<ActionData>({ ok: true, html: renderRichText(outcome.doc, 'lesson') })
}

export default function PrintResource() {
  const page = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const { t } = useI18n()
  const html = posted?.ok ? posted.html : page.html
  const errors = posted && !posted.ok ? Object.values(posted.errors).flat() : null
  return (
    <div className="stack toolkit-print">
      <div className="row no-print toolkit-print-tools">
        <Link to={`/toolkits/${page.slug}`}>← {t('toolkits.printBack')}</Link>
        {html ? (
          <button type="button" className="button" onClick={() => window.print()}>
            {t('toolkits.printNow')}
          </button>
        ) : null}
      </div>
      {html ? (
        <>
          <p className="muted no-print">{t('toolkits.printHint')}</p>
          {page.isTemplate ? null : <h1>{page.title}</h1>}
          {/* Rendered from validated JSON with the lesson allowlist (values escaped) and sanitised. */}
          <article className="prose toolkit-body" dangerouslySetInnerHTML={{ __html: html }} />
        </>
      ) : (
        <div className="card">
          <h1>{page.title}</h1>
          {errors ? (
            <div className="alert alert-error" role="alert">
              <p>{t('toolkits.printFixForm')}</p>
              <ErrorList errors={[...new Set(errors)]} />
            </div>
          ) : (
            <p>{t('toolkits.printFillFirst')}</p>
          )}
          <p>
            <Link to={`/toolkits/${page.slug}`}>{t('toolkits.printOpenForm')}</Link>
          </p>
        </div>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
