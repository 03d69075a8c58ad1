import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import { enrolments, memberships, organisations, programmeCentres, programmes } from '#db/schema/index.ts'
import { CheckboxGroup, SelectField } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { requireReadableCourse } from '#app/models/course.server.ts'
import { centrePeople } from '#app/models/learning-report.server.ts'
import { requireUser, type CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { getOrganisationRelation, mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

const AssignFormSchema = z.object({
  centreId: z.uuid({ error: 'validation.choose' }),
  userIds: z.array(z.uuid()).min(1, { error: 'assign.noneChosen' }),
})

/** Centres whose people this person may enrol: their own (as leader), the ones they mentor, or all (admin). */
async function assignableCentres(user: CurrentUser) {
  const base = db.select({ id: organisations.id, name: organisations.name, shortName: organisations.shortName }).from(organisations)
  if (user.isAdmin) return base.where(eq(organisations.kind, 'centre')).orderBy(asc(organisations.name))
  const led = user.memberships.filter((m) => m.kind === 'centre' && m.role === 'leader').map((m) => m.organisationId)
  const mentorOrgs = mentorOrganisationIds(user)
  const mentored = mentorOrgs.length
    ? await db
        .selectDistinct({ id: programmeCentres.organisationId })
        .from(programmeCentres)
        .innerJoin(programmes, eq(programmes.id, programmeCentres.programmeId))
        .where(inArray(programmes.mentorOrganisationId, mentorOrgs))
    : []
  const ids = [...new Set([...led, ...mentored.map((m) => m.id)])]
  if (!ids.length) return []
  return base.where(inArray(organisations.id, ids)).orderBy(asc(organisations.name))
}

async function mayAssignFor(user: CurrentUser, centreId: string) {
  const relation = await getOrganisationRelation(user, centreId)
  return relation === 'admin' || relation === 'leader' || relation === 'mentor'
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireReadableCourse(args, user, args.params.slug)
  if (course.status !== 'published') notFound()
  const centres = await assignableCentres(user)
  if (!centres.length) throw data({ message: 'assign.noCentres' }, { status: 403 })
  const requested = new URL(args.request.url).searchParams.get('centre')
  const centreId = centres.some((c) => c.id === requested) ? requested : centres.length === 1 ? centres[0]!.id : null
  let people: { id: string; name: string; role: string; enrolled: boolean }[] = []
  if (centreId) {
    const [list, already] = await Promise.all([
      centrePeople(db, centreId),
      db
        .select({ userId: enrolments.userId })
        .from(enrolments)
        .innerJoin(memberships, and(eq(memberships.userId, enrolments.userId), eq(memberships.organisationId, centreId)))
        .where(eq(enrolments.courseId, course.id)),
    ])
    const enrolled = new Set(already.map((a) => a.userId))
    people = list.map((p) => ({ ...p, enrolled: enrolled.has(p.id) }))
  }
  return { course: { slug: course.slug, title: course.title }, centres, centreId, people }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireReadableCourse(args, user, args.params.slug)
  if (course.status !== 'published') notFound()
  const formData = await args.request.formData()
  const parsed = parseForm(formData, AssignFormSchema, { arrayFields: ['userIds'] })
  if (!parsed.ok) return data(parsed, { status: 400 })
  const { centreId, userIds } = parsed.data
  if (!(await mayAssignFor(user, centreId))) throw data({ message: 'errors.forbidden' }, { status: 403 })
  const added = await db.transaction(async (tx) => {
    const members = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organisationId, centreId), inArray(memberships.userId, userIds)))
    if (members.length !== new Set(userIds).size) return null
    const rows = await tx
      .insert(enrolments)
      .values(userIds.map((userId) => ({ courseId: course.id, userId, organisationId: centreId, enrolledById: user.id })))
      .onConflictDoNothing({ target: [enrolments.courseId, enrolments.userId] })
      .returning({ id: enrolments.id })
    return rows.length
  })
  if (added === null) return data(formFailure(formData, { userIds: ['assign.notMembers'] }), { status: 422 })
  return redirectWithFlash(`/courses/${course.slug}/assign?centre=${centreId}`, added ? 'assign.done' : 'assign.nothingNew')
}

export default function AssignLearners() {
  const { course, centres, centreId, people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  const roleLabel = (role: string) => t(`role.${role}`)
  const notYet = people.filter((p) => !p.enrolled)
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('assign.title')}</h1>
          <p className="muted">
            <Link to={`/courses/${course.slug}`}>{course.title}</Link>
          </p>
        </div>
      </div>
      {centres.length > 1 ? (
        <Form method="get" className="filters">
          <SelectField
            label={t('assign.centre')}
            name="centre"
            placeholder={t('assign.chooseCentre')}
            defaultValue={centreId ?? ''}
            options={centres.map((c) => ({ value: c.id, label: c.shortName ?? c.name }))}
          />
          <button type="submit" className="button button-quiet">
            {t('assign.show')}
          </button>
        </Form>
      ) : null}
      {centreId ? (
        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title">{t('assign.people')}</h2>
          {people.some((p) => p.enrolled) ? (
            <p className="muted">
              {t('assign.alreadyEnrolled')}: {people.filter((p) => p.enrolled).map((p) => p.name).join(', ')}
            </p>
          ) : null}
          {notYet.length ? (
            <Form method="post" className="form">
              <FormErrors errors={actionData?.errors} />
              <input type="hidden" name="centreId" value={centreId} />
              <CheckboxGroup
                legend={t('assign.whom')}
                name="userIds"
                options={notYet.map((p) => ({ value: p.id, label: `${p.name} · ${roleLabel(p.role)}` }))}
                defaultValues={[]}
                errors={actionData?.errors.userIds}
              />
              <StatusButton>{t('assign.submit')}</StatusButton>
            </Form>
          ) : (
            <p>{t('assign.everyoneEnrolled')}</p>
          )}
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => dataTitle(matches, d?.course.title)
