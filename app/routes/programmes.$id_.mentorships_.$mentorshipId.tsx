import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { MentorshipChooser, MentorshipForm } from '#app/components/mentorship-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  getMentorship,
  getMentorshipFormOptions,
  getProgrammeForMentorships,
  isUuid,
  mentorshipIdFrom,
  StaleMentorshipError,
  updateMentorship,
  validateMentorshipForm,
} from '#app/models/mentorship.server.ts'
import { programmeIdFrom } from '#app/models/programme.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { requireProgrammeAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import styles from '#app/styles/mentoring.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  await requireProgrammeAccess(user, id, 'manage')
  const mentorshipId = mentorshipIdFrom(args.params)
  const [programme, mentorship] = await Promise.all([getProgrammeForMentorships(id), getMentorship(id, mentorshipId)])
  if (!programme || !mentorship) notFound('mentorships.error.notFound')
  const mentorParam = new URL(args.request.url).searchParams.get('mentor')
  const mentorOrganisationId = isUuid(mentorParam) ? mentorParam : mentorship.mentorOrganisationId
  const options = await getMentorshipFormOptions(id, {
    centreId: mentorship.centreId,
    mentorOrganisationId,
    exceptMentorshipId: mentorship.id,
  })
  const mentorOrganisation = options.mentorOrganisations.find((o) => o.id === mentorOrganisationId) ?? null
  const side = (s: 'mentor' | 'centre') => mentorship.people.filter((p) => p.side === s)
  // Another mentor organisation chosen: its people are different, so nobody is ticked on the mentors' side.
  const sameMentor = mentorOrganisationId === mentorship.mentorOrganisationId
  return {
    programme: { id: programme.id, name: programme.name, mentorOrganisationId: programme.mentorOrganisationId },
    mentorship: { id: mentorship.id, centreName: mentorship.centreName },
    mentorOrganisations: options.mentorOrganisations,
    mentorOrganisationId: mentorOrganisation?.id ?? '',
    chosen: mentorOrganisation
      ? {
          centre: { id: mentorship.centreId, name: mentorship.centreName },
          mentorOrganisation: { id: mentorOrganisation.id, name: mentorOrganisation.shortName ?? mentorOrganisation.name },
          mentors: options.mentors,
          contacts: options.contacts,
        }
      : null,
    defaults: {
      startsOn: mentorship.startsOn,
      plannedEndOn: mentorship.plannedEndOn,
      status: mentorship.status,
      endedOn: mentorship.endedOn ?? '',
      notes: mentorship.notes ?? '',
      mentorIds: sameMentor ? side('mentor').map((p) => p.userId) : [],
      primaryMentorId: sameMentor ? (side('mentor').find((p) => p.isPrimary)?.userId ?? '') : '',
      contactIds: side('centre').map((p) => p.userId),
      primaryContactId: side('centre').find((p) => p.isPrimary)?.userId ?? '',
      version: mentorship.updatedAt.getTime(),
    },
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  await requireProgrammeAccess(user, id, 'manage')
  const mentorshipId = mentorshipIdFrom(args.params)
  const existing = await getMentorship(id, mentorshipId)
  if (!existing) notFound('mentorships.error.notFound')
  const formData = await args.request.formData()
  let result
  try {
    result = await db.transaction(async (tx) => {
      const valid = await validateMentorshipForm(tx, formData, { programmeId: id, mentorshipId, centreId: existing.centreId })
      if (!valid.ok) return valid
      const updated = await updateMentorship(tx, { actorId: user.id, programmeId: id, mentorshipId, input: valid.data })
      if (!updated) notFound('mentorships.error.notFound')
      return { ok: true as const }
    })
  } catch (error) {
    if (error instanceof StaleMentorshipError) {
      return data(formFailure(formData, { '': ['mentorships.error.stale'] }), { status: 409 })
    }
    throw error
  }
  if (!result.ok) {
    const { status, ...failure } = result
    return data(failure, { status })
  }
  return redirectWithFlash(`/programmes/${id}/mentorships`, 'mentorships.updated')
}

export default function EditMentorship() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${d.programme.id}/mentorships`}>← {t('mentorships.backToList')}</Link>
      </p>
      <div>
        <h1>{t('mentorships.editTitle', { centre: d.mentorship.centreName })}</h1>
        <p className="muted">{d.programme.name}</p>
      </div>
      <MentorshipChooser
        centres={null}
        fixedCentre={d.mentorship.centreName}
        mentorOrganisations={d.mentorOrganisations}
        programmeMentorId={d.programme.mentorOrganisationId}
        centreId={d.chosen?.centre.id ?? ''}
        mentorOrganisationId={d.mentorOrganisationId}
      />
      {d.chosen ? (
        <section className="card" aria-labelledby="form-title">
          <h2 id="form-title">{t('mentorships.chosenMentor', { name: d.chosen.mentorOrganisation.name })}</h2>
          <MentorshipForm
            key={d.chosen.mentorOrganisation.id}
            centre={d.chosen.centre}
            mentorOrganisation={d.chosen.mentorOrganisation}
            mentors={d.chosen.mentors}
            contacts={d.chosen.contacts}
            defaults={d.defaults}
            failure={failure}
            submitLabel={t('mentorships.save')}
            cancelTo={`/programmes/${d.programme.id}/mentorships`}
          />
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.mentorship.centreName)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
