import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getLearnerCentre, getMyEnrolments, getRecommendedCourses, localisedCourse } from '#app/models/course.server.ts'
import styles from '#app/styles/courses.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const [enrolments, centre] = await Promise.all([getMyEnrolments(user.id), getLearnerCentre(user)])
  const recommended = centre ? await getRecommendedCourses(user.id, centre.stage) : []
  const locale = resolveLocale(args.request, user)
  const view = enrolments.map((e) => ({
    slug: e.slug,
    title: locale === 'en' && e.titleEn ? e.titleEn : e.title,
    status: e.status,
    available: e.courseStatus === 'published',
    completedAt: e.completedAt,
    certificateCode: e.certificateCode,
    lessons: e.lessons,
    done: e.done,
    nextLesson: e.nextLesson,
  }))
  return {
    // A course withdrawn from publication drops out of "in progress"; a completed one keeps its certificate.
    inProgress: view.filter((e) => e.status === 'active' && e.available),
    completed: view.filter((e) => e.status === 'completed'),
    recommended: recommended.map((c) => localisedCourse(c, locale)),
    centre: centre && { name: centre.shortName ?? centre.name, stage: centre.stage },
  }
}

export default function Learning() {
  const { inProgress, completed, recommended, centre } = useLoaderData<typeof loader>()
  const { t, date } = useI18n()
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('learning.title')}</h1>
        <Link to="/courses" className="button button-quiet">
          {t('learning.browse')}
        </Link>
      </div>

      <section aria-labelledby="in-progress-title">
        <h2 id="in-progress-title">{t('learning.inProgress')}</h2>
        {inProgress.length === 0 ? (
          <p className="card muted">
            {t('learning.emptyInProgress')} <Link to="/courses">{t('learning.browse')}</Link>
          </p>
        ) : (
          <ul className="course-grid" role="list">
            {inProgress.map((c) => (
              <li key={c.slug} className="card course-card">
                <h3 className="course-card-title">
                  <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                </h3>
                <p>{t('courses.progress.done', { done: c.done, count: c.lessons })}</p>
                <progress
                  max={Math.max(c.lessons, 1)}
                  value={Math.min(c.done, c.lessons)}
                  aria-label={`${t('courses.progressLabel')}: ${c.title}`}
                />
                {c.nextLesson ? (
                  <p>
                    <Link to={`/courses/${c.slug}/${c.nextLesson}`} className="button">
                      {t('learning.continue')}
                      <span className="visually-hidden">: {c.title}</span>
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="completed-title">
        <h2 id="completed-title">{t('learning.completed')}</h2>
        {completed.length === 0 ? (
          <p className="card muted">{t('learning.emptyCompleted')}</p>
        ) : (
          <ul className="list-plain card" role="list">
            {completed.map((c) => (
              <li key={c.slug} className="completed-course">
                <span>
                  {c.available ? <Link to={`/courses/${c.slug}`}>{c.title}</Link> : c.title}
                  {!c.available ? <span className="muted"> ({t('learning.unavailable')})</span> : null}
                  {c.completedAt ? (
                    <span className="muted"> · {t('learning.completedOn', { date: date(c.completedAt) })}</span>
                  ) : null}
                </span>
                {c.certificateCode ? (
                  <Link to={`/certificates/${c.certificateCode}`}>
                    {t('courses.certificateLink')}
                    <span className="visually-hidden">: {c.title}</span>
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="recommended-title">
        <h2 id="recommended-title">{t('learning.recommended')}</h2>
        {!centre ? (
          <p className="card muted">{t('learning.noCentre')}</p>
        ) : (
          <>
            <p>{t('learning.recommendedLead', { centre: centre.name, stage: t(`courses.stage.${centre.stage}`) })}</p>
            {recommended.length === 0 ? (
              <p className="card muted">
                {t('learning.noRecommendations')} <Link to="/courses">{t('learning.browse')}</Link>
              </p>
            ) : (
              <ul className="course-grid" role="list">
                {recommended.map((c) => (
                  <li key={c.slug} className="card course-card">
                    <h3 className="course-card-title">
                      <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                    </h3>
                    <p className="course-badges">
                      <span className="badge">{t(`courses.topic.${c.topic}`)}</span>
                    </p>
                    <p>{c.summary}</p>
                    <p className="muted">
                      {t('courses.lessonsCount', { count: c.lessons })} · {t('courses.minutes', { count: c.minutes })}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </div>
  )
}

export const meta = titleMeta('learning.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
