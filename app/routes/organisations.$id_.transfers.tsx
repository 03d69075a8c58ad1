import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { TrackStartForm } from '#app/components/practices/track-start-form.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  listCentreTracks,
  MAX_PARTNERS_AT_START,
  practicesToStart,
  programmesToStartIn,
  startTrackFromForm,
  todayIn,
  visibleCentreTracks,
} from '#app/models/practice-transfer.server.ts'
import { organisationIdFrom } from '#app/models/organisation.server.ts'
import styles from '#app/styles/practices.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formValues } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { requireOrganisationAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

async function requireCentre(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = organisationIdFrom(args.params)
  const { organisation, relation } = await requireOrganisationAccess(user, id, 'view')
  if (organisation.kind !== 'centre') notFound('practices.error.notCentre')
  return { user, organisation, relation }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation, relation } = await requireCentre(args)
  const [tracks, startIn] = await Promise.all([
    listCentreTracks(organisation.id, visibleCentreTracks(user, relation)),
    programmesToStartIn(user, organisation.id, relation),
  ])
  const practices = startIn.length ? await practicesToStart(startIn.map((p) => p.id)) : []
  const locale = resolveLocale(args.request, user)
  const title = (p: { title: string; titleEn: string | null }) => (locale === 'en' && p.titleEn ? p.titleEn : p.title)
  return {
    organisation,
    tracks: tracks.map(({ practiceTitle, practiceTitleEn, ...tr }) => ({ ...tr, practice: title({ title: practiceTitle, titleEn: practiceTitleEn }) })),
    start: startIn.length
      ? {
          programmes: startIn.map((p) => ({ id: p.id, name: p.name })),
          practices: practices.map((p) => ({ id: p.id, title: title(p), selected: p.selectedIn.length > 0 })),
          today: todayIn(user.timeZone),
        }
      : null,
    partnerRows: MAX_PARTNERS_AT_START,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation } = await requireCentre(args)
  const formData = await args.request.formData()
  const result = await startTrackFromForm(user, formData, { organisationId: organisation.id })
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(formData) }, { status: result.status })
  return redirectWithFlash(`/transfers/${result.id}`, 'practices.flash.started')
}

export default function CentreTransfers() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t, number, date } = useI18n()
  return (
    <div className="stack">
      <p>
        <Link to={`/organisations/${d.organisation.id}`}>← {d.organisation.name}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('practices.centre.title')}</h1>
          <p className="muted">{t('practices.centre.lead')}</p>
        </div>
        <Link to="/practices" className="button button-quiet">
          {t('practices.title')}
        </Link>
      </div>

      <section>
        <h2 id="tracks-title">{t('practices.centre.tracksTitle')}</h2>
        {d.tracks.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="tracks-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('practices.col.practice')}</th>
                  <th scope="col">{t('practices.col.programme')}</th>
                  <th scope="col">{t('practices.col.step')}</th>
                  <th scope="col">{t('practices.col.partners')}</th>
                  <th scope="col">{t('practices.col.results')}</th>
                </tr>
              </thead>
              <tbody>
                {d.tracks.map((tr) => (
                  <tr key={tr.id}>
                    <th scope="row">
                      <Link to={`/transfers/${tr.id}`}>{tr.practice}</Link>
                    </th>
                    <td>{tr.programmeName}</td>
                    <td>
                      <span className={`badge step-badge step-${tr.step}`}>{t(`practices.step.${tr.step}`)}</span>
                      <div className="muted">{t('practices.centre.since', { date: date(tr.stepChangedAt, 'UTC') })}</div>
                    </td>
                    <td>{number(tr.partners)}</td>
                    <td>{t('practices.history.resultsValue', { beneficiaries: tr.beneficiaries, ngos: tr.ngosInvolved })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('practices.centre.empty')}</p>
        )}
      </section>

      {d.start ? (
        <section className="card" aria-labelledby="start-title">
          <h2 id="start-title">{t('practices.start.title')}</h2>
          <p className="muted">{t('practices.start.lead')}</p>
          <TrackStartForm
            programmes={d.start.programmes}
            practices={d.start.practices}
            partnerRows={d.partnerRows}
            today={d.start.today}
            failure={failure}
          />
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.organisation.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
