import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { COURSE_TOPICS, STAGES } from '#db/schema/index.ts'
import { TOOLKIT_AUDIENCES, TOOLKIT_KINDS } from '#db/content/toolkits.ts'
import { ToolkitDetailsFields, type ResourceDetailsDefaults } from '#app/components/toolkit-details-fields.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { SelectField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { getAuthorableOrganisations } from '#app/models/course-authoring.server.ts'
import { isUniqueViolation } from '#app/models/organisation.server.ts'
import { createResource, NewResourceSchema, requireCanAuthorResources } from '#app/models/toolkit-authoring.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import toolkitStyles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: authoringStyles },
  { rel: 'stylesheet', href: toolkitStyles },
]

/** The value the owner select sends for the installation's own library (administrators only). */
const LIBRARY = 'library'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  requireCanAuthorResources(user)
  const organisations = await getAuthorableOrganisations(user)
  return {
    organisations,
    canUseLibrary: user.isAdmin,
    choices: { kinds: [...TOOLKIT_KINDS], topics: [...COURSE_TOPICS], stages: [...STAGES], audiences: [...TOOLKIT_AUDIENCES] },
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  requireCanAuthorResources(user)
  const formData = await args.request.formData()
  const parsed = parseForm(formData, NewResourceSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const allowed = await getAuthorableOrganisations(user)
  const chosen = parsed.data.organisationId
  let organisationId: string | null
  if (chosen === LIBRARY && user.isAdmin) organisationId = null
  else if (chosen && allowed.some((o) => o.id === chosen)) organisationId = chosen
  else if (!chosen && allowed.length === 1 && !user.isAdmin) organisationId = allowed[0]!.id
  else if (!chosen) return data(formFailure(formData, { organisationId: ['validation.choose'] }), { status: 400 })
  // An organisation the person does not author for: a tampered form, not a typing mistake.
  else forbidden('toolkits.error.notYourOrganisation')
  try {
    const resource = await db.transaction((tx) => createResource(tx, user, parsed.data, organisationId))
    return redirectWithFlash(`/toolkits/${resource.slug}/edit`, 'toolkits.flash.created')
  } catch (error) {
    // Two resources with the same title created at the same moment: the second is asked to try again.
    if (isUniqueViolation(error, 'toolkit_resources_slug_key')) {
      return data(formFailure(formData, { '': ['toolkits.error.slugRace'] }), { status: 409 })
    }
    throw error
  }
}

const EMPTY: ResourceDetailsDefaults = { title: '', titleEn: '', summary: '', kind: '', topic: '', stage: '', audience: 'both', tags: '' }

export default function NewResource() {
  const { organisations, canUseLibrary, choices } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  const owners = [
    ...organisations.map((o) => ({ value: o.id, label: o.name })),
    ...(canUseLibrary ? [{ value: LIBRARY, label: t('toolkits.owner.library') }] : []),
  ]
  return (
    <div className="stack authoring">
      <p className="breadcrumbs">
        <Link to="/toolkits">← {t('toolkits.back')}</Link>
      </p>
      <h1>{t('toolkits.newTitle')}</h1>
      <p className="muted">{t('toolkits.newIntro')}</p>
      <section className="card">
        <Form method="post" noValidate className="form">
          <FormErrors errors={failure?.errors} />
          {owners.length > 1 ? (
            <SelectField
              label={t('toolkits.field.owner')}
              hint={t('toolkits.field.ownerHint')}
              name="organisationId"
              placeholder={t('authoring.field.choose')}
              defaultValue={valueOf(failure?.values, 'organisationId', '')}
              options={owners}
              errors={failure?.errors.organisationId}
            />
          ) : owners[0] ? (
            <p>
              <strong>{t('toolkits.field.owner')}:</strong> {owners[0].label}
              <input type="hidden" name="organisationId" value={owners[0].value} />
            </p>
          ) : null}
          <ToolkitDetailsFields defaults={EMPTY} choices={choices} values={failure?.values} errors={failure?.errors} />
          <div className="row">
            <StatusButton>{t('toolkits.create')}</StatusButton>
            <Link to="/toolkits" className="button button-quiet">
              {t('action.cancel')}
            </Link>
          </div>
        </Form>
      </section>
    </div>
  )
}

export const meta = titleMeta('toolkits.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
