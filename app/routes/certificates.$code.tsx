import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getCertificate } from '#app/models/course.server.ts'
import { getUser } from '#app/utils/auth.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import styles from '#app/styles/courses.css?url'
import { appUrl } from '#app/utils/env.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { translate } from '#app/utils/i18n.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

/** Public: anyone with the link can check a certificate. It shows a name, a course and a date — nothing else. */
export async function loader(args: LoaderFunctionArgs) {
  const certificate = await getCertificate(args.params.code)
  if (!certificate) notFound('certificate.notFound')
  const url = `${appUrl}/certificates/${certificate.code}`
  return {
    certificate: {
      code: certificate.code,
      name: certificate.name,
      courseTitle:
        resolveLocale(args.request, await getUser(args)) === 'en' && certificate.courseTitleEn
          ? certificate.courseTitleEn
          : certificate.courseTitle,
      completedAt: certificate.completedAt,
      issuer: certificate.issuer,
    },
    url,
    site: new URL(appUrl).host,
  }
}

export default function CertificatePage() {
  const { certificate: c, url, site } = useLoaderData<typeof loader>()
  const { t, date } = useI18n()
  const courseTitle = c.courseTitle
  return (
    <div className="certificate-page">
      <div className="row no-print certificate-actions">
        <button type="button" className="button" onClick={() => window.print()}>
          {t('certificate.print')}
        </button>
      </div>
      <article className="certificate" aria-labelledby="certificate-title">
        <p className="certificate-issuer-top">{c.issuer ?? t('certificate.defaultIssuer')}</p>
        <h1 id="certificate-title">{t('certificate.title')}</h1>
        <p>{t('certificate.confirms')}</p>
        <p className="certificate-name">{c.name}</p>
        <p>{t('certificate.completedCourse')}</p>
        <p className="certificate-course">«{courseTitle}»</p>
        <dl className="certificate-details">
          <div>
            <dt>{t('certificate.date')}</dt>
            <dd>{date(c.completedAt)}</dd>
          </div>
          <div>
            <dt>{t('certificate.issuer')}</dt>
            <dd>{c.issuer ?? t('certificate.defaultIssuer')}</dd>
          </div>
          <div>
            <dt>{t('certificate.number')}</dt>
            <dd className="certificate-code">{c.code}</dd>
          </div>
        </dl>
        <p className="certificate-verified">✓ {t('certificate.verified', { site })}</p>
        <p className="certificate-url">
          {t('certificate.verifyAt')} <a href={url}>{url}</a>
        </p>
      </article>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = translate(locale, 'certificate.title')
  return [
    { title: data ? `${title}: ${data.certificate.name} · ${translate(locale, 'app.name')}` : title },
    // A certificate is public by link, not to be indexed under a person's name.
    { name: 'robots', content: 'noindex' },
  ]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
