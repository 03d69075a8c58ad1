import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { getUser } from '#app/utils/auth.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  if (await getUser(args)) throw redirect('/dashboard')
  return null
}

export default function Landing() {
  const { t } = useI18n()
  return (
    <section className="landing stack">
      <h1>{t('landing.title')}</h1>
      <p className="lead">{t('landing.lead')}</p>
      <ul className="grid" role="list">
        {(['landing.point1', 'landing.point2', 'landing.point3'] as const).map((key) => (
          <li key={key} className="card">
            {t(key)}
          </li>
        ))}
      </ul>
      <p className="row">
        <Link to="/login" className="button">
          {t('nav.signIn')}
        </Link>
        <Link to="/courses" className="button button-quiet">
          {t('landing.openCourses')}
        </Link>
        <Link to="/centres" className="button button-quiet">
          {t('directory.landingLink')}
        </Link>
        <Link to="/practices" className="button button-quiet">
          {t('landing.openPractices')}
        </Link>
      </p>
    </section>
  )
}

export const meta = titleMeta('app.tagline')
