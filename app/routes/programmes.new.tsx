import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ProgrammeForm, type ProgrammeFormDefaults } from '#app/components/programme-form.tsx'
import {
  createProgramme,
  getProgrammeFormOptions,
  validateProgrammeForm,
} from '#app/models/programme.server.ts'
import { requireAdmin } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args)
  return getProgrammeFormOptions()
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireAdmin(args)
  const formData = await args.request.formData()
  const result = await db.transaction(async (tx) => {
    const valid = await validateProgrammeForm(tx, formData, 'full')
    if (!valid.ok) return valid
    const programme = await createProgramme(tx, user.id, valid.data, valid.managerIds)
    return { ok: true as const, id: programme.id }
  })
  if (!result.ok) return data(result, { status: 400 })
  return redirectWithFlash(`/programmes/${result.id}`, 'programmes.created')
}

const EMPTY: ProgrammeFormDefaults = {
  name: '',
  funder: '',
  competition: '',
  grantNumber: '',
  amount: '',
  coFinancing: '',
  startsOn: '',
  endsOn: '',
  mentorOrganisationId: '',
  centreIds: [],
  managerEmails: '',
  description: '',
}

export default function NewProgramme() {
  const { mentors, centres } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <h1>{t('programmes.newTitle')}</h1>
      <p className="muted">{t('programmes.newIntro')}</p>
      {mentors.length === 0 ? (
        <div className="alert alert-warn">
          <p>{t('programmes.noMentorOrgs')}</p>
          <Link to="/organisations/new">{t('programmes.addOrganisation')}</Link>
        </div>
      ) : null}
      <section className="card">
        <ProgrammeForm
          defaults={EMPTY}
          failure={failure}
          mentors={mentors}
          centres={centres}
          submitLabel={t('programmes.create')}
          cancelTo="/programmes"
        />
      </section>
    </div>
  )
}

export const meta = titleMeta('programmes.newTitle')
