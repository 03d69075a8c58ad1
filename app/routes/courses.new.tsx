import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CourseFields, type CourseFieldDefaults } from '#app/components/course-authoring-fields.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { SelectField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  createCourse,
  getAuthorableOrganisations,
  NewCourseFormSchema,
  requireCanCreateCourses,
} from '#app/models/course-authoring.server.ts'
import { isUniqueViolation } from '#app/models/organisation.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoringStyles }]

/** The value the owner select sends for the installation's own library (administrators only). */
const LIBRARY = 'library'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  requireCanCreateCourses(user)
  const organisations = await getAuthorableOrganisations(user)
  return { organisations, canUseLibrary: user.isAdmin }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  requireCanCreateCourses(user)
  const formData = await args.request.formData()
  const parsed = parseForm(formData, NewCourseFormSchema)
  if (!parsed.ok) return data(parsed, { status: 400 })
  const allowed = await getAuthorableOrganisations(user)
  const chosen = parsed.data.organisationId
  let organisationId: string | null
  if (chosen === LIBRARY && user.isAdmin) organisationId = null
  else if (chosen && allowed.some((o) => o.id === chosen)) organisationId = chosen
  else if (!chosen && allowed.length === 1 && !user.isAdmin) organisationId = allowed[0]!.id
  else if (!chosen) return data(formFailure(formData, { organisationId: ['validation.choose'] }), { status: 400 })
  // An organisation the person does not author for: a tampered form, not a typing mistake.
  else forbidden('authoring.error.notYourOrganisation')
  try {
    const course = await db.transaction((tx) => createCourse(tx, user, parsed.data, organisationId, null))
    return redirectWithFlash(`/courses/${course.slug}/edit`, 'authoring.flash.courseCreated')
  } catch (error) {
    // Two courses with the same title created at the same moment: the second one is asked to retry.
    if (isUniqueViolation(error, 'courses_slug_key')) {
      return data(formFailure(formData, { '': ['authoring.error.slugRace'] }), { status: 409 })
    }
    throw error
  }
}

const EMPTY: CourseFieldDefaults = {
  title: '',
  titleEn: '',
  summary: '',
  summaryEn: '',
  topic: '',
  stage: '',
  completion: 'all_lessons',
  isPublic: false,
}

export default function NewCourse() {
  const { organisations, canUseLibrary } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  const owners = [
    ...organisations.map((o) => ({ value: o.id, label: o.name })),
    ...(canUseLibrary ? [{ value: LIBRARY, label: t('authoring.owner.library') }] : []),
  ]
  return (
    <div className="stack authoring">
      <h1>{t('authoring.newTitle')}</h1>
      <p className="muted">{t('authoring.newIntro')}</p>
      <section className="card">
        <Form method="post" noValidate className="form">
          <FormErrors errors={failure?.errors} />
          {owners.length > 1 || canUseLibrary ? (
            <SelectField
              label={t('authoring.field.owner')}
              hint={t('authoring.field.ownerHint')}
              name="organisationId"
              placeholder={t('authoring.field.choose')}
              defaultValue={valueOf(failure?.values, 'organisationId', owners.length === 1 ? owners[0]!.value : '')}
              options={owners}
              errors={failure?.errors.organisationId}
            />
          ) : owners[0] ? (
            <p>
              <strong>{t('authoring.field.owner')}:</strong> {owners[0].label}
              <input type="hidden" name="organisationId" value={owners[0].value} />
            </p>
          ) : null}
          <CourseFields defaults={EMPTY} values={failure?.values} errors={failure?.errors} />
          <div className="row">
            <StatusButton>{t('authoring.create')}</StatusButton>
            <Link to="/courses" className="button button-quiet">
              {t('action.cancel')}
            </Link>
          </div>
        </Form>
      </section>
    </div>
  )
}

export const meta = titleMeta('authoring.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
