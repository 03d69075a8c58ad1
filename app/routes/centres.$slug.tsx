import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getPublicCentre } from '#app/models/directory.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { FEDERAL_DISTRICTS, type FederalDistrict } from '#db/reference/regions.ts'

/** Public: a published centre's page. Unpublished centres, mentor organisations and unknown slugs are 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  const centre = await getPublicCentre(params.slug ?? '')
  if (!centre) notFound()
  return { centre }
}

export default function PublicCentre() {
  const { centre: c } = useLoaderData<typeof loader>()
  const { t, locale } = useI18n()
  const region = locale === 'ru' ? c.regionRu : c.regionEn
  const district = FEDERAL_DISTRICTS[c.district as FederalDistrict]
  const website = c.website ? (/^https?:\/\//i.test(c.website) ? c.website : `https://${c.website}`) : null
  const hasContacts = Boolean(c.email || c.phone || c.website || c.address)
  return (
    <div className="stack">
      <p>
        <Link to="/centres">{t('directory.backToList')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{c.name}</h1>
          <p className="row">
            <span className="badge">{t(`directory.stage.${c.stage}`)}</span>
            <span>
              {c.city}, {region}
            </span>
          </p>
        </div>
      </div>

      <div className="grid">
        <section className="card" aria-labelledby="location-title">
          <h2 id="location-title">{t('directory.location')}</h2>
          <dl className="details">
            <Detail term={t('directory.region')}>
              <Link to={`/centres?region=${c.regionCode}`}>{region}</Link>
            </Detail>
            {district ? (
              <Detail term={t('directory.district')}>{locale === 'ru' ? district.nameRu : district.nameEn}</Detail>
            ) : null}
            <Detail term={t('organisations.field.city')}>{c.city}</Detail>
            <Detail term={t('directory.stageLabel')}>{t(`directory.stage.${c.stage}`)}</Detail>
          </dl>
        </section>
        <section className="card" aria-labelledby="contacts-title">
          <h2 id="contacts-title">{t('directory.contacts')}</h2>
          {hasContacts ? (
            <dl className="details">
              {c.address ? <Detail term={t('directory.address')}>{c.address}</Detail> : null}
              {c.phone ? (
                <Detail term={t('directory.phone')}>
                  <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
                </Detail>
              ) : null}
              {c.email ? (
                <Detail term={t('directory.email')}>
                  <a href={`mailto:${c.email}`}>{c.email}</a>
                </Detail>
              ) : null}
              {website ? (
                <Detail term={t('directory.website')}>
                  <a href={website} rel="noopener noreferrer nofollow">
                    {website.replace(/^https?:\/\//i, '')}
                  </a>
                </Detail>
              ) : null}
            </dl>
          ) : (
            <p className="muted">{t('directory.noContacts')}</p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="services-title">
        <h2 id="services-title">{t('directory.services')}</h2>
        {c.description ? (
          c.description
            .split(/\n{2,}/)
            .filter((p) => p.trim())
            .map((paragraph, i) => <p key={i}>{paragraph}</p>)
        ) : (
          <p className="muted">{t('directory.noDescription')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="mentors-title">
        <h2 id="mentors-title">{t('directory.mentors')}</h2>
        {c.mentors.length ? (
          <>
            <p className="muted">{t('directory.mentorsIntro')}</p>
            <ul className="list-plain">
              {c.mentors.map((m) => (
                <li key={`${m.name}-${m.city}`}>
                  {m.name} <span className="muted">({m.city})</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">{t('directory.noMentors')}</p>
        )}
      </section>
    </div>
  )
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.centre.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
