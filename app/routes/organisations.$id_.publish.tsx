import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { getPublicationState, setPublished } from '#app/models/directory.server.ts'
import { organisationIdFrom } from '#app/models/organisation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { getOrganisationRelation } from '#app/utils/permissions.server.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

/**
 * Only a mentor of the centre (its programme's mentor organisation) or an administrator decides that a centre
 * is ready to work on its own; its own leader cannot list itself, and programme managers leave it to mentors.
 */
async function requirePublisher(user: CurrentUser, id: string) {
  const organisation = await getPublicationState(id)
  if (!organisation) notFound()
  const relation = await getOrganisationRelation(user, id)
  if (relation !== 'admin' && relation !== 'mentor') forbidden()
  return organisation
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const o = await requirePublisher(user, id)
  return {
    organisation: { id: o.id, name: o.name, kind: o.kind, slug: o.slug, published: o.published },
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const organisation = await requirePublisher(user, id)
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  if (intent !== 'publish' && intent !== 'unpublish') {
    return data(formFailure(formData, { '': ['directory.error.intent'] }), { status: 400 })
  }
  if (organisation.kind !== 'centre' && intent === 'publish') {
    return data(formFailure(formData, { '': ['directory.notCentre'] }), { status: 400 })
  }
  if (formData.get('confirm') !== 'yes') {
    return data(formFailure(formData, { confirm: ['directory.error.confirm'] }), { status: 400 })
  }
  const published = intent === 'publish'
  const changed = await db.transaction((tx) => setPublished(tx, user.id, id, published))
  if (changed === null) notFound()
  return redirectWithFlash(
    `/organisations/${id}`,
    changed ? (published ? 'directory.flash.published' : 'directory.flash.unpublished') : 'directory.flash.unchanged',
  )
}

export default function PublishCentre() {
  const { organisation: o } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  const intent = o.published ? 'unpublish' : 'publish'
  const confirmError = failure?.errors.confirm
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('directory.publishTitle')}</h1>
          <p className="muted">{o.name}</p>
        </div>
        <Link to={`/organisations/${o.id}`}>{t('directory.backToProfile')}</Link>
      </div>
      <section className="card stack" aria-labelledby="state-title">
        <h2 id="state-title">{o.published ? t('directory.statePublished') : t('directory.stateHidden')}</h2>
        <p>{t('directory.publishIntro')}</p>
        {o.published ? (
          <p>
            <Link to={`/centres/${o.slug}`}>{t('directory.viewPublic')}</Link>
          </p>
        ) : null}
        {o.kind !== 'centre' && !o.published ? (
          <p className="alert alert-warn">{t('directory.notCentre')}</p>
        ) : (
          <Form method="post" className="form">
            <FormErrors errors={failure?.errors} />
            <div className="field">
              <label className="checkbox">
                <input
                  type="checkbox"
                  name="confirm"
                  value="yes"
                  required
                  aria-invalid={confirmError ? true : undefined}
                  aria-describedby={confirmError ? 'confirm-errors' : undefined}
                />
                <span>{o.published ? t('directory.confirmUnpublish') : t('directory.confirmPublish')}</span>
              </label>
              <ErrorList id="confirm-errors" errors={confirmError} />
            </div>
            <div className="row">
              <StatusButton intent={intent} className={o.published ? 'button-danger' : undefined}>
                {o.published ? t('directory.unpublish') : t('directory.publish')}
              </StatusButton>
              <Link to={`/organisations/${o.id}`} className="button button-quiet">
                {t('action.cancel')}
              </Link>
            </div>
          </Form>
        )}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = titleMeta('directory.publishTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
