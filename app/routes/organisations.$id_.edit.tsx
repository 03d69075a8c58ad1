import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { OrganisationForm } from '#app/components/organisation-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  DuplicateInnError,
  getOrganisationForEdit,
  isUniqueViolation,
  KindChangeError,
  listRegions,
  OrganisationFormSchema,
  OrganisationLeaderFormSchema,
  organisationIdFrom,
  updateOrganisation,
} from '#app/models/organisation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  await requireOrganisationAccess(user, id, 'manage')
  const [organisation, regions] = await Promise.all([getOrganisationForEdit(id), listRegions()])
  if (!organisation) notFound()
  const { createdAt: _c, updatedAt: _u, slug: _s, ...fields } = organisation
  return { organisation: fields, regions, adminFields: user.isAdmin }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  await requireOrganisationAccess(user, id, 'manage')
  const formData = await args.request.formData()
  // Only administrators change the kind and the directory listing; a leader's form has neither,
  // and anything posted for them is ignored.
  const parsed = user.isAdmin
    ? parseForm(formData, OrganisationFormSchema)
    : parseForm(formData, OrganisationLeaderFormSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  let changes: Record<string, unknown> | null
  try {
    changes = await db.transaction((tx) => updateOrganisation(tx, user.id, id, parsed.data))
  } catch (error) {
    if (error instanceof DuplicateInnError || isUniqueViolation(error, 'organisations_inn_key')) {
      return data(formFailure(formData, { inn: ['organisations.innTaken'] }), { status: 409 })
    }
    if (error instanceof KindChangeError) {
      return data(formFailure(formData, { kind: ['organisations.kindLocked'] }), { status: 409 })
    }
    throw error
  }
  if (!changes) notFound()
  return redirectWithFlash(
    `/organisations/${id}`,
    Object.keys(changes).length ? 'organisations.updated' : 'organisations.unchanged',
  )
}

export default function EditOrganisation() {
  const { organisation, regions, adminFields } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('organisations.editTitle')}</h1>
          <p className="muted">{organisation.name}</p>
        </div>
        <Link to={`/organisations/${organisation.id}`}>{t('organisations.backToProfile')}</Link>
      </div>
      <OrganisationForm
        regions={regions}
        defaults={organisation}
        failure={actionData}
        adminFields={adminFields}
        submitLabel={t('action.save')}
        cancelTo={`/organisations/${organisation.id}`}
      />
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const name = data?.organisation.name
  const title = translate(locale, 'organisations.editTitle')
  return [{ title: `${name ? `${title}: ${name}` : title} · ${translate(locale, 'app.name')}` }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
