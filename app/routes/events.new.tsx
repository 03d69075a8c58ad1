import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { EventForm, type EventFormDefaults } from '#app/components/event-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import {
  createEvents,
  getProgrammeForEvents,
  manageableProgrammes,
  validateEventForm,
  zoneOptions,
  lessonOptions,
} from '#app/models/event-form.server.ts'
import { EVENT_KINDS } from '#app/models/event.server.ts'
import { requireUser, type CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

/** Administrators and mentors (mentors or leaders of a mentor organisation) schedule events. */
function requireScheduler(user: CurrentUser) {
  if (!user.isAdmin && mentorOrganisationIds(user).length === 0) forbidden()
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  requireScheduler(user)
  const programmes = await manageableProgrammes(user)
  const asked = new URL(args.request.url).searchParams.get('programme')
  // With one programme there is nothing to choose; a programme in the address that is not theirs is ignored.
  const chosenId = programmes.find((p) => p.id === asked)?.id ?? (programmes.length === 1 ? programmes[0]!.id : null)
  const programme = chosenId ? await getProgrammeForEvents(chosenId) : null
  return {
    programmes,
    programme: programme
      ? {
          id: programme.id,
          name: programme.name,
          organiserName: programme.organiserName,
          organiserZone: programme.organiserZone,
          centres: programme.centres,
        }
      : null,
    zones: zoneOptions(programme?.organiserZone),
    kinds: EVENT_KINDS,
    lessons: programme ? await lessonOptions() : [],
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  requireScheduler(user)
  const formData = await args.request.formData()
  const result = await db.transaction(async (tx) => {
    const valid = await validateEventForm(tx, user, formData, 'new')
    if (!valid.ok) return valid
    const created = await createEvents(tx, {
      actorId: user.id,
      organiserId: valid.organiserId,
      programmeId: valid.data.programmeId,
      data: valid.data,
    })
    return { ok: true as const, ...created }
  })
  if (!result.ok) return data(result, { status: 400 })
  return redirectWithFlash(`/events/${result.id}`, result.seriesId ? 'schedule.flash.seriesCreated' : 'schedule.flash.created')
}

export default function NewEvent() {
  const { programmes, programme, zones, kinds, lessons } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="stack">
      <h1>{t('schedule.newTitle')}</h1>
      <p className="muted">{t('schedule.newIntro')}</p>
      {programmes.length === 0 ? (
        <p className="alert alert-warn">{t('schedule.noProgrammes')}</p>
      ) : programme ? (
        <section className="card">
          <EventForm
            mode="new"
            defaults={defaultsFor(programme)}
            failure={failure}
            kinds={kinds}
            lessons={lessons}
            programme={programme}
            changeProgrammeTo={programmes.length > 1 ? '/events/new' : null}
            centres={programme.centres}
            zones={zones}
            action={`/events/new?programme=${programme.id}`}
            submitLabel={t('schedule.form.create')}
            cancelTo="/events"
          />
        </section>
      ) : (
        <section className="card">
          <p>{t('schedule.chooseProgramme')}</p>
          <Form method="get" className="form">
            <SelectField
              label={t('schedule.form.programme')}
              name="programme"
              options={programmes.map((p) => ({ value: p.id, label: `${p.name} · ${p.organiserName}` }))}
            />
            <button type="submit" className="button">
              {t('schedule.next')}
            </button>
          </Form>
        </section>
      )}
    </div>
  )
}

/** A fresh form: the organiser's zone until a host is chosen (the server does not guess the host). */
function defaultsFor(programme: { organiserZone: string }): EventFormDefaults {
  return {
    kind: 'online_seminar',
    title: '',
    descriptionJson: null,
    descriptionText: '',
    hostId: '',
    lessonId: '',
    startDate: '',
    startTime: '',
    endDate: '',
    endTime: '',
    timeZone: programme.organiserZone,
    onlineUrl: '',
    address: '',
    capacity: '',
    audience: 'programme',
    audienceCentreIds: [],
    isPublic: false,
  }
}

export const meta = titleMeta('schedule.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
