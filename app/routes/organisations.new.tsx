import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { OrganisationForm } from '#app/components/organisation-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  createOrganisation,
  DuplicateInnError,
  isUniqueViolation,
  listRegions,
  OrganisationFormSchema,
} from '#app/models/organisation.server.ts'
import { requireAdmin } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args)
  return { regions: await listRegions() }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireAdmin(args)
  const formData = await args.request.formData()
  const parsed = parseForm(formData, OrganisationFormSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  let organisationId: string
  try {
    organisationId = await db.transaction(async (tx) => (await createOrganisation(tx, user.id, parsed.data)).id)
  } catch (error) {
    if (error instanceof DuplicateInnError || isUniqueViolation(error, 'organisations_inn_key')) {
      return data(formFailure(formData, { inn: ['organisations.innTaken'] }), { status: 409 })
    }
    throw error
  }
  return redirectWithFlash(`/organisations/${organisationId}`, 'organisations.created')
}

export default function NewOrganisation() {
  const { regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('organisations.newTitle')}</h1>
        <Link to="/organisations">{t('organisations.backToList')}</Link>
      </div>
      <OrganisationForm
        regions={regions}
        defaults={null}
        failure={actionData}
        adminFields
        submitLabel={t('action.create')}
        cancelTo="/organisations"
      />
    </div>
  )
}

export const meta = titleMeta('organisations.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
