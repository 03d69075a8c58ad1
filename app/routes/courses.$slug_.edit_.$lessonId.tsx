import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { lazy, Suspense, useEffect, useState } from 'react'
import { AttachmentsSection } from '#app/components/attachments-section.tsx'
import { LessonEditor } from '#app/components/lesson-editor.tsx'
import type { QuizInput } from '#app/components/quiz-editor.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  addLessonAttachment,
  deleteLessonAttachment,
  listLessonAttachments,
  MAX_LESSON_ATTACHMENTS,
  presentAttachment,
  uploadRules,
} from '#app/models/attachments.server.ts'
import {
  courseSlugFrom,
  docToEditableText,
  getCourseOutline,
  getLessonForEditing,
  getLessonVersions,
  idFrom,
  LessonFormSchema,
  parseQuiz,
  parseRichBody,
  publishLesson,
  requireCourseAuthor,
  saveLessonDraft,
  validateLessonDoc,
  type LessonDraft,
  type QuizProblem,
} from '#app/models/course-authoring.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, type FieldErrors, type FormFailure } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { isMultipart, parseUploadForm, removeUpload, UploadError, type StoredUpload } from '#app/utils/uploads.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

// Like the text editor, the quiz editor is fetched only by this page and only in the browser.
const QuizEditor = lazy(() => import('#app/components/quiz-editor.tsx'))

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoringStyles }]

async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireCourseAuthor(user, courseSlugFrom(args.params))
  const lessonId = idFrom(args.params.lessonId)
  const lesson = await getLessonForEditing(course.id, lessonId)
  if (!lesson) notFound('authoring.error.lessonGone')
  return { user, course, lesson }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, course, lesson } = await load(args)
  const locale = resolveLocale(args.request, user)
  const [outline, versions, files] = await Promise.all([
    getCourseOutline(course.id),
    getLessonVersions(lesson.id),
    listLessonAttachments(lesson.id),
  ])
  const current = versions.find((v) => v.id === lesson.publishedVersionId) ?? null
  const entry = outline.flatMap((m) => m.lessons).find((l) => l.id === lesson.id)
  return {
    course: { slug: course.slug, title: course.title, source: course.source, status: course.status },
    lesson: {
      id: lesson.id,
      title: lesson.title,
      moduleId: lesson.moduleId,
      minutes: lesson.minutes,
      required: lesson.required,
      body: lesson.draftJson ?? null,
      bodyText: docToEditableText(lesson.draftJson),
      quiz: lesson.draftQuiz ?? null,
      version: lesson.updatedAt.getTime(),
      publishedVersion: current?.version ?? null,
      changed: entry?.changed ?? true,
    },
    modules: outline.map((m) => ({ id: m.id, title: m.title })),
    versions,
    attachments: files.map((f) => presentAttachment(locale, f)),
    uploadRules: { ...uploadRules(locale), maxFiles: MAX_LESSON_ATTACHMENTS },
  }
}

type ActionFailure = FormFailure & { intent: 'save' | 'publish'; quizProblems: QuizProblem[] }
/** A refused upload or delete: one message key; the page fills in the limits it already shows. */
type AttachmentFailure = { intent: 'upload' | 'deleteAttachment'; ok: false; message: string }

const attachmentFailure = (intent: AttachmentFailure['intent'], status: number, message: string) =>
  data<AttachmentFailure>({ intent, ok: false, message }, { status })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Text fields of a multipart post may carry a whole lesson (JSON) when a client sends the editor's form that way. */
const MAX_MULTIPART_FIELD = 2 * 1024 * 1024

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldErrors,
  ) {
    super('refused')
  }
}

export async function action(args: ActionFunctionArgs) {
  // Who asks comes first: nothing of the body is read, let alone a file stored, before this passes.
  const { user, course, lesson } = await load(args)
  const back = `/courses/${course.slug}/edit/${lesson.id}`
  let formData: FormData
  let uploads: StoredUpload[] = []
  if (isMultipart(args.request)) {
    try {
      ;({ formData, uploads } = await parseUploadForm(args.request, { field: 'file', maxFieldBytes: MAX_MULTIPART_FIELD }))
    } catch (error) {
      if (error instanceof UploadError) return attachmentFailure('upload', error.status, error.messageKey)
      throw error
    }
  } else {
    formData = await args.request.formData()
  }
  if (formData.get('intent') === 'upload') return handleUpload(user, course, lesson, uploads[0], back)
  // A file sent along with any other intent is not kept.
  await Promise.all(uploads.map((u) => removeUpload(u.storageKey)))
  if (formData.get('intent') === 'deleteAttachment') return handleDeleteAttachment(user, course, lesson, formData, back)

  const intent = formData.get('intent') === 'publish' ? 'publish' : 'save'
  const fail = (status: number, errors: FieldErrors, quizProblems: QuizProblem[] = []) =>
    data<ActionFailure>({ intent, quizProblems, ...formFailure(formData, errors) }, { status })

  const parsed = parseForm(formData, LessonFormSchema)
  const body = parseRichBody(formData, 'body', lesson.draftJson)
  const quiz = parseQuiz(formData.get('quiz'))
  if (!parsed.ok || !body.ok || !quiz.ok) {
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors }
    if (!body.ok) errors.body = ['validation.richText']
    if (!quiz.ok) errors.quiz = ['authoring.quiz.invalid']
    return fail(400, errors, quiz.ok ? [] : quiz.problems)
  }
  // Someone else saved this lesson after the form was opened: say so rather than overwrite their work.
  const version = Number(formData.get('version'))
  if (formData.has('version') && version !== lesson.updatedAt.getTime()) return fail(409, { '': ['authoring.error.stale'] })

  const draft: LessonDraft = {
    title: parsed.data.title,
    moduleId: parsed.data.moduleId,
    minutes: parsed.data.minutes ?? null,
    required: parsed.data.required,
    body: body.doc,
    quiz: quiz.quiz,
  }
  if (intent === 'publish') {
    const text = body.doc === undefined ? (lesson.draftJson ? validateLessonDoc(lesson.draftJson) : null) : body.doc
    if (!text?.content?.length) return fail(400, { body: ['authoring.error.emptyBody'] })
  }
  try {
    const outcome = await db.transaction(async (tx) => {
      const result =
        intent === 'publish'
          ? await publishLesson(tx, user, course, lesson, draft, parsed.data.changeNote ?? null)
          : { kind: await saveLessonDraft(tx, course, lesson, draft) }
      // Refusals roll the whole transaction back: a failed publish leaves the draft as it was too.
      if (result.kind === 'bad-module') throw new Refused(400, { moduleId: ['validation.choose'] })
      if (result.kind === 'bad-body') throw new Refused(400, { body: ['validation.richText'] })
      if (result.kind === 'empty-body') throw new Refused(400, { body: ['authoring.error.emptyBody'] })
      if (result.kind === 'not-found') throw new Refused(404, { '': ['authoring.error.lessonGone'] })
      return result
    })
    if (outcome.kind === 'published') return redirectWithFlash(back, 'authoring.flash.lessonPublished')
    if (outcome.kind === 'unchanged') return redirectWithFlash(back, 'authoring.flash.nothingToPublish')
    return redirectWithFlash(back, 'authoring.flash.draftSaved')
  } catch (error) {
    if (error instanceof Refused) {
      if (error.status === 404) notFound('authoring.error.lessonGone')
      return fail(error.status, error.errors)
    }
    throw error
  }
}

type Loaded = Awaited<ReturnType<typeof load>>

async function handleUpload(user: Loaded['user'], course: Loaded['course'], lesson: Loaded['lesson'], file: StoredUpload | undefined, back: string) {
  if (!file) return attachmentFailure('upload', 422, 'attachments.error.missing')
  let added = false
  try {
    const outcome = await db.transaction((tx) => addLessonAttachment(tx, user, course, lesson, file))
    added = outcome.kind === 'added'
    if (outcome.kind === 'not-found') notFound('authoring.error.lessonGone')
    if (outcome.kind === 'too-many') return attachmentFailure('upload', 422, 'attachments.error.tooMany')
    return redirectWithFlash(back, 'attachments.flash.uploaded')
  } finally {
    // The bytes are on disk already; without a row pointing at them nobody could ever reach or delete them.
    if (!added) await removeUpload(file.storageKey)
  }
}

async function handleDeleteAttachment(
  user: Loaded['user'],
  course: Loaded['course'],
  lesson: Loaded['lesson'],
  formData: FormData,
  back: string,
) {
  const attachmentId = formData.get('attachmentId')
  if (typeof attachmentId !== 'string' || !UUID.test(attachmentId)) return attachmentFailure('deleteAttachment', 400, 'errors.badRequest')
  const storageKey = await db.transaction((tx) => deleteLessonAttachment(tx, user, course, lesson, attachmentId.toLowerCase()))
  if (!storageKey) return attachmentFailure('deleteAttachment', 404, 'attachments.error.gone')
  // Only after the row is gone for good: a rolled-back delete keeps its file.
  await removeUpload(storageKey)
  return redirectWithFlash(back, 'attachments.flash.deleted')
}

/** The quiz the author just sent back (kept on a failed submit), else the stored one. */
function quizToShow(values: Record<string, string | string[]> | undefined, stored: QuizInput | null): QuizInput | null {
  const typed = values?.quiz
  if (typeof typed !== 'string') return stored
  if (!typed.trim()) return null
  try {
    const parsed: unknown = JSON.parse(typed)
    return parsed && typeof parsed === 'object' ? (parsed as QuizInput) : stored
  } catch {
    return stored
  }
}

export default function EditLesson() {
  const { course, lesson, modules, versions, attachments, uploadRules } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const failure = actionData && (actionData.intent === 'save' || actionData.intent === 'publish') ? actionData : undefined
  const attachmentFailure = actionData && !('quizProblems' in actionData) ? actionData : undefined
  const { t, dateTime } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  const [enhanced, setEnhanced] = useState(false)
  useEffect(() => setEnhanced(true), [])
  const requiredChecked = values ? valueOf(values, 'required') === 'on' : lesson.required
  const bodyDoc = (() => {
    const typed = values?.body
    if (typeof typed !== 'string' || !typed.trim()) return lesson.body
    try {
      return JSON.parse(typed) as Record<string, unknown>
    } catch {
      return lesson.body
    }
  })()
  const noScriptQuiz = lesson.quiz
    ? t('authoring.quiz.summary', { count: lesson.quiz.questions.length, passMark: lesson.quiz.passMark })
    : t('authoring.quiz.none')
  return (
    <div className="stack authoring">
      <p className="breadcrumbs">
        <Link to={`/courses/${course.slug}/edit`}>← {course.title}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('authoring.lessonEditTitle')}</h1>
          <p className="muted">
            {lesson.title} ·{' '}
            {lesson.publishedVersion === null
              ? t('authoring.lesson.notPublished')
              : lesson.changed
                ? t('authoring.lesson.publishedWithChanges', { n: lesson.publishedVersion })
                : t('authoring.lesson.publishedSame', { n: lesson.publishedVersion })}
          </p>
        </div>
      </div>
      {course.source === 'content' ? <p className="alert alert-warn">{t('authoring.contentNotice')}</p> : null}

      <Form method="post" noValidate className="form stack">
        <FormErrors errors={errors} />
        <input type="hidden" name="version" value={String(lesson.version)} />
        <section className="card" aria-labelledby="lesson-main-title">
          <h2 id="lesson-main-title">{t('authoring.lessonMain')}</h2>
          <TextField
            label={t('authoring.field.lessonTitle')}
            name="title"
            maxLength={200}
            defaultValue={valueOf(values, 'title', lesson.title)}
            errors={errors?.title}
          />
          <div className="form-grid">
            <SelectField
              label={t('authoring.field.module')}
              name="moduleId"
              defaultValue={valueOf(values, 'moduleId', lesson.moduleId)}
              options={modules.map((m) => ({ value: m.id, label: m.title }))}
              errors={errors?.moduleId}
            />
            <TextField
              label={t('authoring.field.minutes')}
              hint={t('authoring.field.minutesHint')}
              name="minutes"
              optional
              inputMode="numeric"
              pattern="[0-9]*"
              defaultValue={valueOf(values, 'minutes', lesson.minutes === null ? '' : String(lesson.minutes))}
              errors={errors?.minutes}
            />
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" name="required" defaultChecked={requiredChecked} aria-describedby="lesson-required-hint" />
              <span>{t('authoring.field.required')}</span>
            </label>
            <p className="field-hint" id="lesson-required-hint">
              {t('authoring.field.requiredHint')}
            </p>
          </div>
          <LessonEditor
            name="body"
            label={t('authoring.field.body')}
            defaultDoc={bodyDoc}
            defaultText={valueOf(values, 'bodyText', lesson.bodyText)}
            errors={errors?.body}
          />
        </section>

        <section className="card" aria-labelledby="quiz-title">
          <h2 id="quiz-title">{t('authoring.quizTitle')}</h2>
          <p className="muted">{t('authoring.quizIntro')}</p>
          {failure?.quizProblems.length ? (
            <div className="alert alert-error" role="alert">
              <ul className="error-list" role="list">
                {failure.quizProblems.map((p) => (
                  <li key={`${p.key}-${p.params?.question ?? ''}-${p.params?.option ?? ''}`}>{t(p.key, p.params)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {enhanced ? (
            <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
              <QuizEditor name="quiz" defaultQuiz={quizToShow(values, lesson.quiz)} />
            </Suspense>
          ) : (
            <div>
              <p>{noScriptQuiz}</p>
              <p className="muted">{t('authoring.quiz.needsScript')}</p>
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="save-title">
          <h2 id="save-title">{t('authoring.saveTitle')}</h2>
          <p className="muted">{t('authoring.saveIntro')}</p>
          <div className="row">
            <StatusButton intent="save" className="button-quiet">
              {t('authoring.saveDraft')}
            </StatusButton>
          </div>
          <TextareaField
            label={t('authoring.field.changeNote')}
            hint={t('authoring.field.changeNoteHint')}
            name="changeNote"
            optional
            rows={2}
            maxLength={500}
            defaultValue={valueOf(values, 'changeNote')}
            errors={errors?.changeNote}
          />
          <StatusButton intent="publish">{t('authoring.publish')}</StatusButton>
        </section>
      </Form>

      <AttachmentsSection attachments={attachments} rules={uploadRules} failure={attachmentFailure} />

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('authoring.versionsTitle')}</h2>
        {versions.length === 0 ? (
          <p className="muted">{t('authoring.versionsNone')}</p>
        ) : (
          <ol className="list-plain version-list" role="list">
            {versions.map((v) => (
              <li key={v.id}>
                <Link to={`/courses/${course.slug}/versions/${v.id}`}>{t('authoring.lesson.version', { n: v.version })}</Link>{' '}
                {v.version === lesson.publishedVersion ? <span className="badge status-published">{t('authoring.versionCurrent')}</span> : null}
                <br />
                <span className="muted small">
                  <time dateTime={new Date(v.createdAt).toISOString()}>{dateTime(v.createdAt)}</time>
                  {v.author ? ` · ${v.author}` : ''}
                  {v.learners ? ` · ${t('authoring.versionLearners', { count: v.learners })}` : ''}
                </span>
                {v.changeNote ? <p className="version-note">{v.changeNote}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.lesson.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
