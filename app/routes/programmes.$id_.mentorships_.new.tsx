import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { MentorshipChooser, MentorshipForm } from '#app/components/mentorship-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  createMentorship,
  DuplicateMentorshipError,
  getMentorshipFormOptions,
  getProgrammeForMentorships,
  isUuid,
  validateMentorshipForm,
} from '#app/models/mentorship.server.ts'
import { programmeIdFrom } from '#app/models/programme.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { requireProgrammeAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import styles from '#app/styles/mentoring.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  await requireProgrammeAccess(user, id, 'manage')
  const programme = await getProgrammeForMentorships(id)
  if (!programme) notFound()
  const url = new URL(args.request.url)
  const centreParam = url.searchParams.get('centre')
  const mentorParam = url.searchParams.get('mentor')
  // The programme's own mentor organisation is the usual choice.
  const mentorOrganisationId = isUuid(mentorParam) ? mentorParam : programme.mentorOrganisationId
  const centreId = isUuid(centreParam) ? centreParam : null
  const options = await getMentorshipFormOptions(id, { centreId, mentorOrganisationId })
  const centre = options.centres.find((c) => c.id === centreId) ?? null
  const mentorOrganisation = options.mentorOrganisations.find((o) => o.id === mentorOrganisationId) ?? null
  return {
    programme: { id: programme.id, name: programme.name, mentorOrganisationId: programme.mentorOrganisationId },
    centres: options.centres,
    mentorOrganisations: options.mentorOrganisations,
    centreId: centre?.id ?? '',
    mentorOrganisationId: mentorOrganisation?.id ?? '',
    // The people appear once both sides are chosen (and the centre is one of the programme's).
    chosen:
      centre && mentorOrganisation
        ? {
            centre: { id: centre.id, name: centre.name },
            mentorOrganisation: { id: mentorOrganisation.id, name: mentorOrganisation.shortName ?? mentorOrganisation.name },
            mentors: options.mentors,
            contacts: options.contacts,
          }
        : null,
    defaults: {
      startsOn: programme.startsOn,
      plannedEndOn: programme.endsOn,
      status: 'active' as const,
      endedOn: '',
      notes: '',
      mentorIds: options.mentors.length === 1 ? [options.mentors[0]!.id] : [],
      primaryMentorId: '',
      contactIds: options.contacts.filter((p) => p.role === 'leader').map((p) => p.id),
      primaryContactId: '',
    },
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  await requireProgrammeAccess(user, id, 'manage')
  const formData = await args.request.formData()
  let result
  try {
    result = await db.transaction(async (tx) => {
      const valid = await validateMentorshipForm(tx, formData, { programmeId: id })
      if (!valid.ok) return valid
      const created = await createMentorship(tx, user.id, id, valid.data)
      return { ok: true as const, id: created.id }
    })
  } catch (error) {
    if (error instanceof DuplicateMentorshipError) {
      return data(formFailure(formData, { '': ['mentorships.error.duplicate'] }), { status: 409 })
    }
    throw error
  }
  if (!result.ok) {
    const { status, ...failure } = result
    return data(failure, { status })
  }
  return redirectWithFlash(`/programmes/${id}/mentorships`, 'mentorships.created')
}

export default function NewMentorship() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${d.programme.id}/mentorships`}>← {t('mentorships.backToList')}</Link>
      </p>
      <div>
        <h1>{t('mentorships.newTitle')}</h1>
        <p className="muted">{d.programme.name}</p>
      </div>
      <MentorshipChooser
        centres={d.centres}
        mentorOrganisations={d.mentorOrganisations}
        programmeMentorId={d.programme.mentorOrganisationId}
        centreId={d.centreId}
        mentorOrganisationId={d.mentorOrganisationId}
      />
      {d.chosen ? (
        <section className="card" aria-labelledby="form-title">
          <h2 id="form-title">{t('mentorships.chosenCentre', { name: d.chosen.centre.name })}</h2>
          <MentorshipForm
            key={`${d.chosen.centre.id}:${d.chosen.mentorOrganisation.id}`}
            centre={d.chosen.centre}
            mentorOrganisation={d.chosen.mentorOrganisation}
            mentors={d.chosen.mentors}
            contacts={d.chosen.contacts}
            defaults={d.defaults}
            failure={failure}
            submitLabel={t('mentorships.create')}
            cancelTo={`/programmes/${d.programme.id}/mentorships`}
          />
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = titleMeta('mentorships.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
