import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { ErrorList } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { listLessonAttachments, presentAttachment, type PresentedAttachment } from '#app/models/attachments.server.ts'
import {
  completeLesson,
  getLessonSequence,
  getPublishedLesson,
  localisedCourse,
  parseQuizAnswers,
  publicQuiz,
  requireReadableCourse,
  slugFrom,
  submitQuiz,
  type QuizResult,
} from '#app/models/course.server.ts'
import styles from '#app/styles/courses.css?url'
import { getUser, requireUser } from '#app/utils/auth.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formValues, type FieldErrors } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args)
  const course = await requireReadableCourse(args, user, args.params.slug)
  const lessonSlug = slugFrom(args.params.lesson)
  const [lesson, sequence] = await Promise.all([
    getPublishedLesson(course.id, lessonSlug, user?.id ?? null),
    getLessonSequence(course.id),
  ])
  if (!lesson) notFound()
  const locale = resolveLocale(args.request, user)
  const files = await listLessonAttachments(lesson.id)
  const index = sequence.findIndex((s) => s.slug === lesson.slug)
  return {
    course: localisedCourse(
      { slug: course.slug, title: course.title, titleEn: course.titleEn, status: course.status },
      locale,
    ),
    lesson: {
      slug: lesson.slug,
      title: lesson.title,
      bodyHtml: lesson.bodyHtml,
      minutes: lesson.minutes,
      required: lesson.required,
      versionId: lesson.versionId,
      quiz: lesson.quiz ? publicQuiz(lesson.quiz) : null,
    },
    position: { n: index + 1, total: sequence.length },
    prev: index > 0 ? sequence[index - 1]! : null,
    next: index >= 0 && index < sequence.length - 1 ? sequence[index + 1]! : null,
    progress: {
      completedAt: lesson.completedAt,
      quizScore: lesson.quizScore,
      quizPassed: lesson.quizPassed,
      outdated: Boolean(lesson.completedAt && lesson.completedVersionId !== lesson.versionId),
    },
    signedIn: Boolean(user),
    canTrack: Boolean(user) && course.status === 'published',
    attachments: files.map((f) => presentAttachment(locale, f)),
  }
}

type ActionResult =
  | {
      intent: 'quiz'
      ok: true
      result: QuizResult
      certificateCode: string | null
      values: Record<string, string | string[]>
    }
  | { intent: string | null; ok: false; errors: FieldErrors; values: Record<string, string | string[]> }

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireReadableCourse(args, user, args.params.slug)
  const lessonSlug = slugFrom(args.params.lesson)
  const lesson = await getPublishedLesson(course.id, lessonSlug, user.id)
  if (!lesson) notFound()
  const formData = await args.request.formData()
  const intent = typeof formData.get('intent') === 'string' ? String(formData.get('intent')) : null
  const fail = (status: number, errors: FieldErrors) =>
    data<ActionResult>({ intent, ok: false, errors, values: formValues(formData) }, { status })

  if (course.status !== 'published') return fail(409, { '': ['courses.notPublished'] })
  // The answers refer to the version the learner read; a newer one may have other questions.
  const version = formData.get('version')
  if (typeof version === 'string' && version !== '' && version !== lesson.versionId) {
    return fail(409, { '': ['courses.lesson.changed'] })
  }
  const target = { id: lesson.id, versionId: lesson.versionId }
  const here = `/courses/${course.slug}/${lesson.slug}`

  if (intent === 'complete') {
    if (lesson.quiz) return fail(409, { '': ['courses.lesson.needsQuiz'] })
    const { certificateCode } = await completeLesson(user, course, target)
    return certificateCode
      ? redirectWithFlash(`/courses/${course.slug}`, 'courses.courseCompletedFlash')
      : redirectWithFlash(here, 'courses.lesson.doneFlash')
  }
  if (intent === 'quiz') {
    if (!lesson.quiz) return fail(400, { '': ['courses.lesson.noQuiz'] })
    const parsed = parseQuizAnswers(formData, lesson.quiz)
    if (!parsed.ok) return fail(400, parsed.errors)
    const { result, certificateCode } = await submitQuiz(user, course, target, lesson.quiz, parsed.answers)
    return data<ActionResult>({ intent, ok: true, result, certificateCode, values: formValues(formData) })
  }
  return fail(400, { '': ['errors.badRequest'] })
}

export default function LessonPage() {
  const { course, lesson, position, prev, next, progress, signedIn, canTrack, attachments } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, date } = useI18n()
  const location = useLocation()
  const courseTitle = course.title
  const signInHref = `/login?redirectTo=${encodeURIComponent(location.pathname)}`
  const failure = actionData && !actionData.ok ? actionData : null
  const lessonHref = (slug: string) => `/courses/${course.slug}/${slug}`
  return (
    <article className="stack lesson-page">
      <p>
        <Link to={`/courses/${course.slug}`}>← {courseTitle}</Link>
      </p>
      <header>
        {position.n > 0 ? (
          <p className="muted">{t('courses.lesson.position', { n: position.n, total: position.total })}</p>
        ) : null}
        <h1>{lesson.title}</h1>
        <p className="muted">
          {lesson.minutes ? t('courses.minutes', { count: lesson.minutes }) : null}
          {lesson.minutes ? ' · ' : null}
          {lesson.required ? t('courses.lesson.required') : t('courses.lesson.optional')}
        </p>
      </header>
      {progress.completedAt ? (
        <p className="alert alert-success">
          ✓ {t('courses.lesson.doneNote', { date: date(progress.completedAt) })}
          {progress.outdated ? ` ${t('courses.lesson.updatedSince')}` : null}
        </p>
      ) : null}

      <div className="prose lesson-body" dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />

      {attachments.length ? <LessonMaterials attachments={attachments} /> : null}

      {course.status !== 'published' ? <p className="alert alert-warn">{t('courses.lesson.draftCourse')}</p> : null}

      {lesson.quiz ? (
        <QuizSection
          quiz={lesson.quiz}
          versionId={lesson.versionId}
          progress={progress}
          canTrack={canTrack}
          signedIn={signedIn}
          signInHref={signInHref}
          courseSlug={course.slug}
        />
      ) : canTrack ? (
        progress.completedAt && !progress.outdated ? null : (
          <Form method="post" className="lesson-complete">
            <FormErrors errors={failure?.errors} />
            <input type="hidden" name="version" value={lesson.versionId} />
            <StatusButton intent="complete">{t('courses.lesson.markDone')}</StatusButton>
          </Form>
        )
      ) : !signedIn ? (
        <p className="card">
          {t('courses.lesson.signInToTrack')} <Link to={signInHref}>{t('courses.signInLink')}</Link>
        </p>
      ) : null}

      <nav className="lesson-nav" aria-label={t('courses.lesson.nav')}>
        {prev ? (
          <Link to={lessonHref(prev.slug)} rel="prev" className="lesson-nav-prev">
            ← {t('courses.lesson.prev', { title: prev.title })}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link to={lessonHref(next.slug)} rel="next" className="lesson-nav-next">
            {t('courses.lesson.next', { title: next.title })} →
          </Link>
        ) : (
          <Link to={`/courses/${course.slug}`} className="lesson-nav-next">
            {t('courses.lesson.backToCourse')}
          </Link>
        )}
      </nav>
    </article>
  )
}

function LessonMaterials({ attachments }: { attachments: PresentedAttachment[] }) {
  const { t } = useI18n()
  return (
    <section className="card" aria-labelledby="materials-title">
      <h2 id="materials-title">{t('attachments.learnerTitle')}</h2>
      <ul className="list-plain" role="list">
        {attachments.map((a) => (
          <li key={a.id}>
            <a href={a.href} download>
              {a.name}
            </a>{' '}
            <span className="muted small">
              {a.type}, {a.size}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

type PublicQuiz = { passMark: number; questions: { text: string; kind: 'single' | 'multiple'; options: string[] }[] }

function QuizSection({
  quiz,
  versionId,
  progress,
  canTrack,
  signedIn,
  signInHref,
  courseSlug,
}: {
  quiz: PublicQuiz
  versionId: string
  progress: { quizScore: number | null; quizPassed: boolean | null }
  canTrack: boolean
  signedIn: boolean
  signInHref: string
  courseSlug: string
}) {
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  const result = actionData?.ok ? actionData.result : null
  const failure = actionData && !actionData.ok ? actionData : null
  const values = actionData?.values
  const chosen = (i: number, j: number) => {
    const v = values?.[`q${i}`]
    return v === undefined ? false : Array.isArray(v) ? v.includes(String(j)) : v === String(j)
  }
  return (
    <section className="card quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title">{t('courses.quiz.title')}</h2>
      <p>{t('courses.quiz.intro', { passMark: quiz.passMark })}</p>
      {!result && progress.quizPassed ? (
        <p className="alert alert-success">{t('courses.quiz.passedBefore', { score: progress.quizScore ?? 0 })}</p>
      ) : !result && progress.quizScore !== null ? (
        <p className="muted">{t('courses.quiz.triedBefore', { score: progress.quizScore, passMark: quiz.passMark })}</p>
      ) : null}
      <FormErrors errors={failure?.errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="version" value={versionId} />
        {quiz.questions.map((q, i) => {
          const name = `q${i}`
          const feedback = result?.questions[i]
          const errorId = `${name}-error`
          const errors = failure?.errors[name]
          return (
            <fieldset key={name} className="quiz-question" aria-describedby={errors?.length ? errorId : undefined}>
              <legend>
                <span className="quiz-number">{t('courses.quiz.question', { n: i + 1 })}</span> {q.text}
              </legend>
              <p className="field-hint">
                {q.kind === 'single' ? t('courses.quiz.chooseOne') : t('courses.quiz.chooseMany')}
              </p>
              <ErrorList id={errorId} errors={errors} />
              <ul className="quiz-options" role="list">
                {q.options.map((option, j) => {
                  const f = feedback?.options[j]
                  const explained = f && (f.correct !== null || f.explanation)
                  const explanationId = `${name}-o${j}-feedback`
                  return (
                    <li
                      key={j}
                      className={
                        f?.correct === true
                          ? 'quiz-option quiz-option-right'
                          : f?.correct === false
                            ? 'quiz-option quiz-option-wrong'
                            : 'quiz-option'
                      }
                    >
                      <label className="checkbox">
                        <input
                          type={q.kind === 'single' ? 'radio' : 'checkbox'}
                          name={name}
                          value={j}
                          defaultChecked={chosen(i, j)}
                          aria-describedby={explained ? explanationId : undefined}
                        />
                        <span>{option}</span>
                      </label>
                      {explained ? (
                        <p id={explanationId} className="quiz-feedback">
                          <strong>
                            {f.correct === true
                              ? t('courses.quiz.right')
                              : f.correct === false
                                ? t('courses.quiz.wrong')
                                : null}
                            {f.chosen
                              ? ` (${t('courses.quiz.yourAnswer')})`
                              : f.correct
                                ? ` (${t('courses.quiz.correctAnswer')})`
                                : null}
                          </strong>
                          {f.explanation ? ` ${f.explanation}` : null}
                        </p>
                      ) : null}
                    </li>
                  )
                })}
              </ul>
              {feedback ? (
                <p className={feedback.right ? 'quiz-verdict quiz-verdict-right' : 'quiz-verdict quiz-verdict-wrong'}>
                  {feedback.right ? t('courses.quiz.questionRight') : t('courses.quiz.questionWrong')}
                </p>
              ) : null}
            </fieldset>
          )
        })}
        {canTrack ? (
          <StatusButton intent="quiz">{t('courses.quiz.submit')}</StatusButton>
        ) : !signedIn ? (
          <p>
            <Link to={signInHref} className="button">
              {t('courses.quiz.signIn')}
            </Link>
          </p>
        ) : null}
      </Form>
      {result ? (
        <div
          className={result.passed ? 'alert alert-success quiz-result' : 'alert alert-error quiz-result'}
          role="status"
        >
          <p>
            {result.passed
              ? t('courses.quiz.passed', { score: result.score })
              : t('courses.quiz.failed', { score: result.score, passMark: result.passMark })}
          </p>
          {actionData?.ok && actionData.certificateCode ? (
            <p>
              {t('courses.courseCompleted')}{' '}
              <Link to={`/certificates/${actionData.certificateCode}`}>{t('courses.certificateLink')}</Link> ·{' '}
              <Link to={`/courses/${courseSlug}`}>{t('courses.lesson.backToCourse')}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.lesson.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
