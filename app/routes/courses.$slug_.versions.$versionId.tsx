import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  courseSlugFrom,
  getVersionForAuthor,
  idFrom,
  requireCourseAuthor,
  restoreVersionToDraft,
} from '#app/models/course-authoring.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { invariantResponse, notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { sanitizeStoredHtml } from '#app/utils/rich-text.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoringStyles }]

async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireCourseAuthor(user, courseSlugFrom(args.params))
  const versionId = idFrom(args.params.versionId)
  return { course, versionId }
}

export async function loader(args: LoaderFunctionArgs) {
  const { course, versionId } = await load(args)
  const version = await getVersionForAuthor(course.id, versionId)
  if (!version) notFound()
  return {
    course: { slug: course.slug, title: course.title },
    version: {
      ...version,
      // Stored HTML was sanitised when it was published; sanitising again costs little and guards old rows.
      bodyHtml: sanitizeStoredHtml(version.bodyHtml, 'lesson'),
      current: Boolean(version.current),
    },
  }
}

/** "Use as draft": the old version becomes the working copy; publishing it makes a new version. */
export async function action(args: ActionFunctionArgs) {
  const { course, versionId } = await load(args)
  const formData = await args.request.formData()
  invariantResponse(formData.get('intent') === 'restore', 'errors.badRequest', { status: 400 })
  const lessonId = await db.transaction((tx) => restoreVersionToDraft(tx, course, versionId))
  if (!lessonId) notFound()
  return redirectWithFlash(`/courses/${course.slug}/edit/${lessonId}`, 'authoring.flash.restoredToDraft')
}

export default function LessonVersion() {
  const { course, version } = useLoaderData<typeof loader>()
  const { t, dateTime } = useI18n()
  return (
    <div className="stack authoring">
      <p className="breadcrumbs">
        <Link to={`/courses/${course.slug}/edit`}>{course.title}</Link> ›{' '}
        <Link to={`/courses/${course.slug}/edit/${version.lessonId}`}>{version.lessonTitle}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('authoring.versionTitle', { n: version.version, title: version.title })}</h1>
          <p className="muted">
            <time dateTime={new Date(version.createdAt).toISOString()}>{dateTime(version.createdAt)}</time>
            {version.author ? ` · ${version.author}` : ''}
          </p>
        </div>
      </div>
      <p className={version.current ? 'alert alert-success' : 'alert alert-warn'}>
        {version.current ? t('authoring.versionIsCurrent') : t('authoring.versionIsOld', { latest: version.latest })}
      </p>
      {version.changeNote ? (
        <p>
          <strong>{t('authoring.field.changeNote')}:</strong> {version.changeNote}
        </p>
      ) : null}

      <article className="card prose lesson-body" aria-label={t('authoring.versionBody')}>
        {/* Rendered from validated JSON with the lesson allowlist and sanitised (app/utils/rich-text.server.ts). */}
        <div dangerouslySetInnerHTML={{ __html: version.bodyHtml }} />
      </article>

      {version.quiz ? (
        <section className="card" aria-labelledby="version-quiz">
          <h2 id="version-quiz">{t('authoring.quizTitle')}</h2>
          <p className="muted">{t('authoring.quiz.passMarkValue', { passMark: version.quiz.passMark })}</p>
          <ol className="quiz-review">
            {version.quiz.questions.map((q, i) => (
              <li key={i}>
                <p>
                  <strong>{q.text}</strong>{' '}
                  <span className="muted">
                    ({q.kind === 'multiple' ? t('authoring.quiz.kindMultiple') : t('authoring.quiz.kindSingle')})
                  </span>
                </p>
                <ul>
                  {q.options.map((o, j) => (
                    <li key={j} className={o.correct ? 'option-correct' : undefined}>
                      {o.text}
                      {o.correct ? <strong> — {t('authoring.quiz.correct')}</strong> : null}
                      {o.explanation ? <span className="muted small"> · {o.explanation}</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section className="card" aria-labelledby="restore-title">
        <h2 id="restore-title">{t('authoring.restoreTitle')}</h2>
        <p className="muted">{t('authoring.restoreHint')}</p>
        <Form method="post">
          <StatusButton intent="restore" className="button-quiet">
            {t('authoring.restore')}
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  dataTitle(matches, data ? `${data.version.title} (v${data.version.version})` : null)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
