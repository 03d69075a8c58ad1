import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { moneyForInput, ProgrammeForm } from '#app/components/programme-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  getProgrammeDetail,
  getProgrammeFormOptions,
  programmeFailure,
  programmeIdFrom,
  StaleProgrammeError,
  updateProgramme,
  validateProgrammeForm,
} from '#app/models/programme.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { requireProgrammeAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  const relation = await requireProgrammeAccess(user, id, 'manage')
  const [programme, options] = await Promise.all([getProgrammeDetail(id), getProgrammeFormOptions()])
  if (!programme) notFound()
  const locale = resolveLocale(args.request, user)
  const mayChangeMentor = relation === 'admin'
  return {
    id: programme.id,
    name: programme.name,
    mentor: mayChangeMentor ? null : { name: programme.mentor.name },
    mentors: mayChangeMentor ? options.mentors : [],
    centres: options.centres,
    defaults: {
      name: programme.name,
      funder: programme.funder,
      competition: programme.competition ?? '',
      grantNumber: programme.grantNumber ?? '',
      amount: moneyForInput(programme.amount, locale),
      coFinancing: moneyForInput(programme.coFinancing, locale),
      startsOn: programme.startsOn,
      endsOn: programme.endsOn,
      mentorOrganisationId: programme.mentor.id,
      centreIds: programme.centres.map((c) => c.id),
      managerEmails: programme.managers.map((m) => m.email).join('\n'),
      description: programme.description ?? '',
      version: programme.updatedAt.getTime(),
    },
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  const relation = await requireProgrammeAccess(user, id, 'manage')
  const mayChangeMentor = relation === 'admin'
  const formData = await args.request.formData()
  let result
  try {
    result = await db.transaction(async (tx) => {
      const valid = await validateProgrammeForm(tx, formData, mayChangeMentor ? 'full' : 'manager')
      if (!valid.ok) return valid
      const updated = await updateProgramme(tx, {
        actorId: user.id,
        programmeId: id,
        values: valid.data,
        managerIds: valid.managerIds,
        mayChangeMentor,
        version: valid.data.version,
      })
      if (!updated) notFound()
      return { ok: true as const, managerIds: valid.managerIds }
    })
  } catch (error) {
    if (error instanceof StaleProgrammeError) {
      return data(programmeFailure(formData, { '': ['programmes.stale'] }), { status: 409 })
    }
    throw error
  }
  if (!result.ok) return data(result, { status: 400 })
  // A manager who took themselves off the programme can no longer open it.
  const stillSees = mayChangeMentor || result.managerIds.includes(user.id)
  return redirectWithFlash(stillSees ? `/programmes/${id}` : '/programmes', 'programmes.updated')
}

export default function EditProgramme() {
  const { id, name, mentor, mentors, centres, defaults } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${id}`}>← {name}</Link>
      </p>
      <h1>{t('programmes.editTitle')}</h1>
      <section className="card">
        <ProgrammeForm
          defaults={defaults}
          failure={failure}
          mentors={mentors}
          centres={centres}
          mentor={mentor}
          submitLabel={t('action.save')}
          cancelTo={`/programmes/${id}`}
        />
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
