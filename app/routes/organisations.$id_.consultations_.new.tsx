import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { ErrorList, SelectField, TextareaField, TextField, valueOf, valuesOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  canRequestFor,
  centreProgrammes,
  ConsultationRuleError,
  CONSULTATION_TOPICS,
  CONSULTATION_URGENCIES,
  createConsultationRequest,
  MAX_SUGGESTIONS,
  REQUEST_ARRAY_FIELDS,
  RequestFormSchema,
} from '#app/models/consultation.server.ts'
import { organisationIdFrom } from '#app/models/organisation.server.ts'
import consultationStyles from '#app/styles/consultations.css?url'
import { requireUser, type CurrentUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { translate } from '#app/utils/i18n.ts'
import { dataTitle, localeFromMatches } from '#app/utils/meta.ts'
import { requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { zoneCity } from '#app/utils/zones.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: consultationStyles }]

/** The centre's leaders and staff ask; everyone else who may see the centre gets 403 here. */
async function requireRequester(args: LoaderFunctionArgs | ActionFunctionArgs): Promise<{ user: CurrentUser; organisation: { id: string; name: string } }> {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation } = await requireOrganisationAccess(user, id, 'view')
  if (organisation.kind !== 'centre') notFound('consultations.error.notCentre')
  if (!canRequestFor(user, id)) forbidden()
  return { user, organisation }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation } = await requireRequester(args)
  const programmes = await centreProgrammes(organisation.id)
  return {
    organisation,
    programmes,
    topics: CONSULTATION_TOPICS,
    urgencies: CONSULTATION_URGENCIES,
    timeZone: user.timeZone,
    suggestionSlots: MAX_SUGGESTIONS,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation } = await requireRequester(args)
  const formData = await args.request.formData()
  const parsed = parseForm(formData, RequestFormSchema, { arrayFields: REQUEST_ARRAY_FIELDS })
  if (!parsed.ok) return data(parsed, { status: 400 })
  try {
    const result = await db.transaction((tx) =>
      createConsultationRequest(tx, { user, organisationId: organisation.id, data: parsed.data }),
    )
    if (!result.ok) return data(formFailure(formData, result.errors), { status: 400 })
    return redirectWithFlash(`/consultations/${result.id}`, 'consultations.flash.created')
  } catch (error) {
    if (error instanceof ConsultationRuleError) return data(formFailure(formData, { '': [error.key] }), { status: error.status })
    throw error
  }
}

export default function NewConsultation() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t, locale } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  const suggestions = valuesOf(values, 'suggestions', [])
  const backTo = `/organisations/${d.organisation.id}/consultations`
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('consultations.newTitle')}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link>
          </p>
        </div>
      </div>
      {d.programmes.length === 0 ? (
        <p className="alert alert-warn">{t('consultations.noProgramme')}</p>
      ) : (
        <section className="card">
          <p>{t('consultations.newIntro')}</p>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={errors} />
            {d.programmes.length > 1 ? (
              <SelectField
                label={t('consultations.field.programme')}
                hint={t('consultations.field.programmeHint')}
                name="programmeId"
                placeholder={t('consultations.field.programmePlaceholder')}
                defaultValue={valueOf(values, 'programmeId')}
                options={d.programmes.map((p) => ({ value: p.programmeId, label: `${p.programmeName} · ${p.mentorOrganisationName}` }))}
                errors={errors?.programmeId}
              />
            ) : (
              <p className="muted">{t('consultations.mentorsOf', { organisation: d.programmes[0]!.mentorOrganisationName })}</p>
            )}
            <div className="form-grid">
              <SelectField
                label={t('consultations.field.topic')}
                name="topic"
                placeholder={t('consultations.field.topicPlaceholder')}
                defaultValue={valueOf(values, 'topic')}
                options={d.topics.map((topic) => ({ value: topic, label: t(`consultations.topic.${topic}`) }))}
                errors={errors?.topic}
              />
              <SelectField
                label={t('consultations.field.urgency')}
                name="urgency"
                defaultValue={valueOf(values, 'urgency', 'normal')}
                options={d.urgencies.map((u) => ({ value: u, label: t(`consultations.urgency.${u}`) }))}
                errors={errors?.urgency}
              />
            </div>
            <TextField
              label={t('consultations.field.subject')}
              hint={t('consultations.field.subjectHint')}
              name="subject"
              maxLength={200}
              defaultValue={valueOf(values, 'subject')}
              errors={errors?.subject}
            />
            <TextareaField
              label={t('consultations.field.description')}
              hint={t('consultations.field.descriptionHint')}
              name="description"
              rows={6}
              maxLength={5000}
              defaultValue={valueOf(values, 'description')}
              errors={errors?.description}
            />
            <TextField
              label={t('consultations.field.clientNgo')}
              hint={t('consultations.field.clientNgoHint')}
              name="clientNgo"
              optional
              maxLength={300}
              defaultValue={valueOf(values, 'clientNgo')}
              errors={errors?.clientNgo}
            />
            <TextareaField
              label={t('consultations.field.preferredTimes')}
              hint={t('consultations.field.preferredTimesHint')}
              name="preferredTimes"
              optional
              rows={2}
              maxLength={1000}
              defaultValue={valueOf(values, 'preferredTimes')}
              errors={errors?.preferredTimes}
            />
            <fieldset className="field" aria-describedby="suggestions-hint">
              <legend>
                {t('consultations.field.suggestions')} <span className="field-optional">({t('common.optional')})</span>
              </legend>
              <p id="suggestions-hint" className="field-hint">
                {t('consultations.field.suggestionsHint', { zone: zoneCity(d.timeZone, locale) })}
              </p>
              <div className="form-grid">
                {Array.from({ length: d.suggestionSlots }, (_, i) => (
                  <TextField
                    key={i}
                    label={t('consultations.field.suggestion', { n: i + 1 })}
                    name="suggestions"
                    type="datetime-local"
                    required={false}
                    defaultValue={suggestions[i] ?? ''}
                  />
                ))}
              </div>
              <ErrorList errors={errors?.suggestions} />
            </fieldset>
            <div className="row">
              <StatusButton>{t('consultations.submit')}</StatusButton>
              <Link to={backTo} className="button button-quiet">
                {t('action.cancel')}
              </Link>
            </div>
          </Form>
        </section>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${translate(localeFromMatches(matches), 'consultations.newTitle')} · ${data.organisation.name}` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
