import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  canAuthorCourse,
  enrol,
  getCourseOutline,
  getEnrolment,
  localisedCourse,
  requireReadableCourse,
} from '#app/models/course.server.ts'
import styles from '#app/styles/courses.css?url'
import { getUser, requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { invariantResponse } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args)
  const course = await requireReadableCourse(args, user, args.params.slug)
  const [modules, enrolment] = await Promise.all([
    getCourseOutline(course.id, user?.id ?? null),
    user ? getEnrolment(course.id, user.id) : null,
  ])
  const all = modules.flatMap((m) => m.lessons)
  const done = all.filter((l) => l.done).length
  const next = all.find((l) => !l.done) ?? null
  return {
    course: localisedCourse(
      {
        slug: course.slug,
        title: course.title,
        titleEn: course.titleEn,
        summary: course.summary,
        summaryEn: course.summaryEn,
        descriptionHtml: course.descriptionHtml,
        topic: course.topic,
        stage: course.stage,
        isPublic: course.isPublic,
        completion: course.completion,
        status: course.status,
        organisationName: course.organisationName,
      },
      resolveLocale(args.request, user),
    ),
    modules,
    progress: { done, total: all.length, minutes: all.reduce((sum, l) => sum + (l.minutes ?? 0), 0) },
    next: next ? { slug: next.slug, title: next.title } : null,
    enrolment: enrolment && {
      status: enrolment.status,
      completedAt: enrolment.completedAt,
      certificateCode: enrolment.certificateCode,
    },
    signedIn: Boolean(user),
    canAuthor: canAuthorCourse(user, course),
    // Centre leaders, mentors and administrators may enrol other people.
    canAssign: Boolean(
      user && course.status === 'published' && (user.isAdmin || user.memberships.some((m) => m.role === 'leader' || m.role === 'mentor')),
    ),
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireReadableCourse(args, user, args.params.slug)
  const formData = await args.request.formData()
  invariantResponse(formData.get('intent') === 'enrol', 'errors.badRequest', { status: 400 })
  invariantResponse(course.status === 'published', 'courses.notPublished', { status: 409 })
  const created = await db.transaction((tx) => enrol(tx, user, course.id))
  return redirectWithFlash(`/courses/${course.slug}`, created ? 'courses.enrolled' : 'courses.alreadyEnrolled')
}

export default function CoursePage() {
  const data = useLoaderData<typeof loader>()
  const { course, modules, progress, next, enrolment, signedIn, canAuthor } = data
  const { t, date } = useI18n()
  const { title, summary } = course
  const completed = enrolment?.status === 'completed'
  const lessonHref = (slug: string) => `/courses/${course.slug}/${slug}`
  return (
    <div className="stack course-page">
      <p>
        <Link to="/courses">← {t('courses.title')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          <p className="course-badges">
            <span className="badge">{t(`courses.topic.${course.topic}`)}</span>
            <span className="badge">{t(`courses.stage.${course.stage}`)}</span>
            {course.isPublic ? <span className="badge">{t('courses.public')}</span> : null}
          </p>
        </div>
        {canAuthor ? (
          <Link to={`/courses/${course.slug}/edit`} className="button button-quiet">
            {t('courses.edit')}
          </Link>
        ) : null}
      </div>
      {course.status === 'draft' ? <p className="alert alert-warn">{t('courses.draftNote')}</p> : null}
      {course.status === 'archived' ? <p className="alert alert-warn">{t('courses.archivedNote')}</p> : null}
      {summary ? <p className="lead">{summary}</p> : null}
      <p className="muted">
        {t('courses.lessonsCount', { count: progress.total })} · {t('courses.minutes', { count: progress.minutes })} ·{' '}
        {t('courses.byOrganisation', { name: course.organisationName ?? t('courses.defaultAuthor') })}
      </p>

      <section className="card course-status" aria-labelledby="completion-title">
        <h2 id="completion-title">{t('courses.completionTitle')}</h2>
        <p>{t(`courses.completion.${course.completion}`)}</p>
        {enrolment ? (
          <>
            <p>
              {completed
                ? `✓ ${t('courses.progress.completed')}`
                : t('courses.progress.done', { done: progress.done, count: progress.total })}
            </p>
            <progress
              max={Math.max(progress.total, 1)}
              value={completed ? Math.max(progress.total, 1) : progress.done}
              aria-label={t('courses.progressLabel')}
            />
          </>
        ) : null}
        {completed && enrolment?.completedAt ? (
          <p>{t('courses.completedOn', { date: date(enrolment.completedAt) })}</p>
        ) : null}
        <div className="row">
          {data.canAssign ? (
            <Link to={`/courses/${course.slug}/assign`} className="button button-quiet">
              {t('assign.link')}
            </Link>
          ) : null}
          {completed && enrolment?.certificateCode ? (
            <Link to={`/certificates/${enrolment.certificateCode}`} className="button">
              {t('courses.certificateLink')}
            </Link>
          ) : null}
          {!enrolment && course.status === 'published' ? (
            signedIn ? (
              <Form method="post">
                <StatusButton intent="enrol">{t('courses.enrol')}</StatusButton>
              </Form>
            ) : (
              <Link to={`/login?redirectTo=${encodeURIComponent(`/courses/${course.slug}`)}`} className="button">
                {t('courses.enrolSignIn')}
              </Link>
            )
          ) : null}
          {next ? (
            <Link to={lessonHref(next.slug)} className={enrolment ? 'button' : 'button button-quiet'}>
              {progress.done > 0
                ? t('courses.continue', { lesson: next.title })
                : t('courses.start', { lesson: next.title })}
            </Link>
          ) : null}
        </div>
      </section>

      {course.descriptionHtml ? (
        <section aria-labelledby="about-title">
          <h2 id="about-title">{t('courses.about')}</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: course.descriptionHtml }} />
        </section>
      ) : null}

      <section aria-labelledby="outline-title">
        <h2 id="outline-title">{t('courses.outline')}</h2>
        {modules.length === 0 ? <p className="card muted">{t('courses.noLessons')}</p> : null}
        {modules.map((m) => (
          <div key={m.id} className="course-module">
            <h3>{m.title}</h3>
            <ol className="lesson-list" role="list">
              {m.lessons.map((l) => (
                <li key={l.id} className={l.done ? 'lesson-item lesson-done' : 'lesson-item'}>
                  <span className="lesson-mark" aria-hidden="true">
                    {l.done ? '✓' : ''}
                  </span>
                  <span className="lesson-main">
                    <Link to={lessonHref(l.slug)}>{l.title}</Link>
                    <span className="lesson-meta">
                      {l.minutes ? <span>{t('courses.minutes', { count: l.minutes })}</span> : null}
                      <span>{l.required ? t('courses.lesson.required') : t('courses.lesson.optional')}</span>
                      {l.hasQuiz ? <span className="badge">{t('courses.lesson.quiz')}</span> : null}
                      {l.done ? <span className="lesson-done-label">{t('courses.lesson.done')}</span> : null}
                      {!l.done && l.quizPassed === false ? (
                        <span className="badge badge-accent">{t('courses.lesson.quizNotPassed')}</span>
                      ) : null}
                    </span>
                  </span>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.course.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
