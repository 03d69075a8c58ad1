import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CourseFields } from '#app/components/course-authoring-fields.tsx'
import { LessonEditor } from '#app/components/lesson-editor.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  addLesson,
  addModule,
  changeCourseStatus,
  CourseDetailsFormSchema,
  courseSlugFrom,
  deleteLesson,
  deleteModule,
  docToEditableText,
  getCourseOutline,
  moveLesson,
  moveModule,
  parseRichBody,
  renameModule,
  requireCourseAuthor,
  SlugTakenError,
  updateCourseDetails,
  type CourseStatusChange,
} from '#app/models/course-authoring.server.ts'
import { isUniqueViolation } from '#app/models/organisation.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, requiredText, type FieldErrors, type FormFailure } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { removeUploads } from '#app/utils/uploads.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoringStyles }]

const id = z.guid()
const direction = z.enum(['up', 'down'])
const ModuleFormSchema = z.object({ title: requiredText(200) })
const RenameModuleSchema = z.object({ moduleId: id, title: requiredText(200) })
const ModuleRefSchema = z.object({ moduleId: id })
const MoveModuleSchema = z.object({ moduleId: id, direction })
const AddLessonSchema = z.object({ moduleId: id, title: requiredText(200) })
const LessonRefSchema = z.object({ lessonId: id })
const MoveLessonSchema = z.object({ lessonId: id, direction })

const STATUS_INTENTS = ['publish', 'unpublish', 'archive', 'restore'] as const

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireCourseAuthor(user, courseSlugFrom(args.params))
  const modules = await getCourseOutline(course.id)
  const { descriptionJson, ...rest } = course
  return {
    course: { ...rest, description: descriptionJson ?? null, descriptionText: docToEditableText(descriptionJson) },
    modules,
    publishedLessons: modules.reduce((n, m) => n + m.lessons.filter((l) => l.version !== null).length, 0),
  }
}

type ActionFailure = FormFailure & { intent: string; target: string | null }

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const course = await requireCourseAuthor(user, courseSlugFrom(args.params))
  const formData = await args.request.formData()
  const intent = String(formData.get('intent') ?? '')
  const target = String(formData.get('moduleId') ?? formData.get('lessonId') ?? '') || null
  const back = `/courses/${course.slug}/edit`
  const fail = (status: number, errors: FieldErrors) =>
    data<ActionFailure>({ intent, target, ...formFailure(formData, errors) }, { status })
  /** Parses a small form; a malformed id cannot name anything in this course. */
  const parse = <S extends z.ZodType>(schema: S) => {
    const parsed = parseForm(formData, schema)
    if (!parsed.ok && (parsed.errors.moduleId || parsed.errors.lessonId || parsed.errors.direction)) notFound()
    return parsed
  }

  switch (intent) {
    case 'details': {
      const parsed = parseForm(formData, CourseDetailsFormSchema)
      const description = parseRichBody(formData, 'description', course.descriptionJson)
      if (!parsed.ok || !description.ok) {
        const errors = parsed.ok ? {} : parsed.errors
        if (!description.ok) errors.description = ['validation.richText']
        return fail(400, errors)
      }
      try {
        const { slug } = await db.transaction((tx) => updateCourseDetails(tx, user, course, parsed.data, description.doc))
        return redirectWithFlash(`/courses/${slug}/edit`, 'authoring.flash.detailsSaved')
      } catch (error) {
        if (error instanceof SlugTakenError || isUniqueViolation(error, 'courses_slug_key')) {
          return fail(409, { slug: ['authoring.error.slugTaken'] })
        }
        throw error
      }
    }
    case 'addModule': {
      const parsed = parse(ModuleFormSchema)
      if (!parsed.ok) return fail(400, parsed.errors)
      await db.transaction((tx) => addModule(tx, user, course, parsed.data.title))
      return redirectWithFlash(back, 'authoring.flash.moduleAdded')
    }
    case 'renameModule': {
      const parsed = parse(RenameModuleSchema)
      if (!parsed.ok) return fail(400, parsed.errors)
      const done = await db.transaction((tx) => renameModule(tx, course, parsed.data.moduleId, parsed.data.title))
      if (!done) notFound('authoring.error.moduleGone')
      return redirectWithFlash(back, 'authoring.flash.moduleRenamed')
    }
    case 'deleteModule': {
      const parsed = parse(ModuleRefSchema)
      if (!parsed.ok) notFound()
      const outcome = await db.transaction((tx) => deleteModule(tx, user, course, parsed.data.moduleId))
      if (outcome === 'not-found') notFound('authoring.error.moduleGone')
      if (outcome === 'not-empty') return fail(409, { '': ['authoring.error.moduleNotEmpty'] })
      return redirectWithFlash(back, 'authoring.flash.moduleDeleted')
    }
    case 'moveModule': {
      const parsed = parse(MoveModuleSchema)
      if (!parsed.ok) notFound()
      const outcome = await db.transaction((tx) => moveModule(tx, course, parsed.data.moduleId, parsed.data.direction))
      if (outcome === 'not-found') notFound('authoring.error.moduleGone')
      return redirectWithFlash(back, outcome === 'edge' ? 'authoring.flash.notMoved' : 'authoring.flash.moved')
    }
    case 'addLesson': {
      const parsed = parse(AddLessonSchema)
      if (!parsed.ok) return fail(400, parsed.errors)
      const lesson = await db.transaction((tx) => addLesson(tx, user, course, parsed.data.moduleId, parsed.data.title))
      if (!lesson) notFound('authoring.error.moduleGone')
      return redirectWithFlash(`/courses/${course.slug}/edit/${lesson.id}`, 'authoring.flash.lessonAdded')
    }
    case 'moveLesson': {
      const parsed = parse(MoveLessonSchema)
      if (!parsed.ok) notFound()
      const outcome = await db.transaction((tx) => moveLesson(tx, course, parsed.data.lessonId, parsed.data.direction))
      if (outcome === 'not-found') notFound('authoring.error.lessonGone')
      return redirectWithFlash(back, outcome === 'edge' ? 'authoring.flash.notMoved' : 'authoring.flash.moved')
    }
    case 'deleteLesson': {
      const parsed = parse(LessonRefSchema)
      if (!parsed.ok) notFound()
      const outcome = await db.transaction((tx) => deleteLesson(tx, user, course, parsed.data.lessonId))
      if (outcome.kind === 'not-found') notFound('authoring.error.lessonGone')
      if (outcome.kind === 'has-progress') return fail(409, { '': ['authoring.error.lessonHasProgress'] })
      // Only now, with the deletion committed, do the lesson's files leave the disk.
      await removeUploads(outcome.storageKeys)
      return redirectWithFlash(back, 'authoring.flash.lessonDeleted')
    }
    default: {
      if (!(STATUS_INTENTS as readonly string[]).includes(intent)) return fail(400, { '': ['errors.badRequest'] })
      const change = intent as CourseStatusChange
      const allowed: Record<CourseStatusChange, readonly string[]> = {
        publish: ['draft'],
        unpublish: ['published'],
        archive: ['draft', 'published'],
        restore: ['archived'],
      }
      // A second click on a stale page: the course is already where the person wanted it.
      if (!allowed[change].includes(course.status)) return redirect(back)
      const outcome = await db.transaction((tx) => changeCourseStatus(tx, user, course, change))
      if (outcome.kind === 'no-published-lessons') return fail(422, { '': ['authoring.error.noPublishedLessons'] })
      return redirectWithFlash(back, `authoring.flash.${change}`)
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type Module = LoaderData['modules'][number]
type Failure = ReturnType<typeof useActionData<typeof action>>

export default function EditCourse() {
  const { course, modules, publishedLessons } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  // Field errors show beside their field; refusals of a whole action (delete, publish) show at the top.
  const general = failure && failure.intent !== 'details' && failure.errors[''] ? failure : null
  const details = failure?.intent === 'details' ? failure : null
  return (
    <div className="stack authoring">
      <div className="page-header">
        <div>
          <h1>{t('authoring.editTitle')}</h1>
          <p className="muted">
            {course.title} · <StatusBadge status={course.status} /> ·{' '}
            {course.organisationName ?? t('authoring.owner.library')}
          </p>
        </div>
        {course.status === 'published' ? <Link to={`/courses/${course.slug}`}>{t('authoring.viewCourse')}</Link> : null}
      </div>
      {course.source === 'content' ? <p className="alert alert-warn">{t('authoring.contentNotice')}</p> : null}
      {general ? <FormErrors errors={general.errors} /> : null}

      <PublishSection status={course.status} publishedLessons={publishedLessons} />

      <section aria-labelledby="outline-title" className="stack">
        <h2 id="outline-title">{t('authoring.outlineTitle')}</h2>
        <p className="muted">{t('authoring.outlineHint')}</p>
        {modules.length === 0 ? <p className="card">{t('authoring.noModules')}</p> : null}
        <ol className="outline" role="list">
          {modules.map((module, i) => (
            <ModuleBlock
              key={module.id}
              courseSlug={course.slug}
              module={module}
              number={i + 1}
              first={i === 0}
              last={i === modules.length - 1}
              failure={failure?.target === module.id ? failure : null}
            />
          ))}
        </ol>
        <Form method="post" className="card inline-form" noValidate>
          <input type="hidden" name="intent" value="addModule" />
          <TextField
            label={t('authoring.moduleNew')}
            name="title"
            maxLength={200}
            defaultValue={failure?.intent === 'addModule' ? valueOf(failure.values, 'title') : ''}
            errors={failure?.intent === 'addModule' ? failure.errors.title : undefined}
            key={modules.length}
          />
          <StatusButton intent="addModule">{t('authoring.moduleAdd')}</StatusButton>
        </Form>
      </section>

      <section aria-labelledby="details-title" className="card">
        <h2 id="details-title">{t('authoring.detailsTitle')}</h2>
        <Form method="post" noValidate className="form">
          <FormErrors errors={details?.errors} />
          <CourseFields
            full
            defaults={{
              title: course.title,
              titleEn: course.titleEn ?? '',
              summary: course.summary,
              summaryEn: course.summaryEn ?? '',
              topic: course.topic,
              stage: course.stage,
              completion: course.completion,
              isPublic: course.isPublic,
            }}
            values={details?.values}
            errors={details?.errors}
          />
          {course.source === 'content' ? (
            <p>
              <strong>{t('authoring.field.slug')}:</strong> <code>{course.slug}</code>
              <br />
              <span className="field-hint">{t('authoring.field.slugContent')}</span>
            </p>
          ) : (
            <TextField
              label={t('authoring.field.slug')}
              hint={t('authoring.field.slugHint')}
              name="slug"
              maxLength={80}
              autoComplete="off"
              spellCheck={false}
              defaultValue={valueOf(details?.values, 'slug', course.slug)}
              errors={details?.errors.slug}
            />
          )}
          <LessonEditor
            name="description"
            label={t('authoring.field.description')}
            hint={t('authoring.field.descriptionHint')}
            optional
            rows={8}
            defaultDoc={course.description}
            defaultText={valueOf(details?.values, 'descriptionText', course.descriptionText)}
            errors={details?.errors.description}
          />
          <StatusButton intent="details">{t('authoring.detailsSave')}</StatusButton>
        </Form>
      </section>
    </div>
  )
}

function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n()
  return <span className={`badge status-${status}`}>{t(`authoring.status.${status}`)}</span>
}

function PublishSection({ status, publishedLessons }: { status: string; publishedLessons: number }) {
  const { t } = useI18n()
  const button = (intent: (typeof STATUS_INTENTS)[number], className = '') => (
    <Form method="post" key={intent}>
      <StatusButton intent={intent} className={className}>
        {t(`authoring.course.${intent}`)}
      </StatusButton>
    </Form>
  )
  return (
    <section aria-labelledby="publish-title" className="card">
      <h2 id="publish-title">{t('authoring.publishTitle')}</h2>
      <p>{t(`authoring.statusExplained.${status}`)}</p>
      {status === 'draft' && publishedLessons === 0 ? <p className="muted">{t('authoring.publishNeedsLesson')}</p> : null}
      <div className="row">
        {status === 'draft' ? button('publish') : null}
        {status === 'published' ? button('unpublish', 'button-quiet') : null}
        {status !== 'archived' ? button('archive', 'button-quiet') : button('restore', 'button-quiet')}
      </div>
    </section>
  )
}

function MoveButtons({
  intent,
  name,
  value,
  title,
  first,
  last,
  kind,
}: {
  intent: 'moveModule' | 'moveLesson'
  name: 'moduleId' | 'lessonId'
  value: string
  title: string
  first: boolean
  last: boolean
  kind: 'module' | 'lesson'
}) {
  const { t } = useI18n()
  return (
    <span className="move-buttons">
      {(['up', 'down'] as const).map((dir) => (
        <Form method="post" preventScrollReset key={dir}>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name={name} value={value} />
          <input type="hidden" name="direction" value={dir} />
          <button
            type="submit"
            className="button button-quiet move-button"
            aria-label={t(`authoring.move.${kind}.${dir}`, { title })}
            title={t(`authoring.move.${kind}.${dir}`, { title })}
            disabled={dir === 'up' ? first : last}
          >
            <span aria-hidden="true">{dir === 'up' ? '↑' : '↓'}</span>
          </button>
        </Form>
      ))}
    </span>
  )
}

function ModuleBlock({
  courseSlug,
  module,
  number,
  first,
  last,
  failure,
}: {
  courseSlug: string
  module: Module
  number: number
  first: boolean
  last: boolean
  failure: Failure | null
}) {
  const { t } = useI18n()
  const headingId = `module-${module.id}`
  return (
    <li className="card module-block" aria-labelledby={headingId}>
      <div className="module-head">
        <h3 id={headingId}>
          {t('authoring.moduleNumber', { n: number })}. {module.title}
        </h3>
        <MoveButtons
          intent="moveModule"
          name="moduleId"
          value={module.id}
          title={module.title}
          first={first}
          last={last}
          kind="module"
        />
      </div>

      {module.lessons.length ? (
        <ol className="lesson-list" role="list">
          {module.lessons.map((lesson, i) => (
            <li key={lesson.id} className="lesson-row">
              <div className="lesson-main">
                <Link to={`/courses/${courseSlug}/edit/${lesson.id}`}>{lesson.title}</Link>
                <span className="lesson-badges">
                  {lesson.version === null ? (
                    <span className="badge status-draft">{t('authoring.lesson.notPublished')}</span>
                  ) : (
                    <span className="badge status-published">{t('authoring.lesson.version', { n: lesson.version })}</span>
                  )}
                  {lesson.version !== null && lesson.changed ? (
                    <span className="badge badge-accent">{t('authoring.lesson.unpublishedChanges')}</span>
                  ) : null}
                  {lesson.hasQuiz ? <span className="badge">{t('authoring.lesson.quiz')}</span> : null}
                  {!lesson.required ? <span className="badge">{t('authoring.lesson.optional')}</span> : null}
                  {lesson.minutes ? <span className="muted">{t('authoring.lesson.minutes', { count: lesson.minutes })}</span> : null}
                </span>
              </div>
              <div className="lesson-actions">
                <MoveButtons
                  intent="moveLesson"
                  name="lessonId"
                  value={lesson.id}
                  title={lesson.title}
                  // A lesson can leave its module through the top or the bottom, except at the ends of the course.
                  first={first && i === 0}
                  last={last && i === module.lessons.length - 1}
                  kind="lesson"
                />
                {lesson.hasLearners ? (
                  <span className="muted small">{t('authoring.lesson.hasLearners')}</span>
                ) : (
                  <details className="confirm">
                    <summary>{t('authoring.lesson.delete')}</summary>
                    <Form method="post">
                      <input type="hidden" name="intent" value="deleteLesson" />
                      <input type="hidden" name="lessonId" value={lesson.id} />
                      <button type="submit" className="button button-danger">
                        {t('authoring.lesson.deleteConfirm', { title: lesson.title })}
                      </button>
                    </Form>
                  </details>
                )}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('authoring.moduleEmpty')}</p>
      )}

      <Form method="post" className="inline-form" noValidate>
        <input type="hidden" name="intent" value="addLesson" />
        <input type="hidden" name="moduleId" value={module.id} />
        <TextField
          label={t('authoring.lessonNew', { module: module.title })}
          name="title"
          maxLength={200}
          defaultValue={failure?.intent === 'addLesson' ? valueOf(failure.values, 'title') : ''}
          errors={failure?.intent === 'addLesson' ? failure.errors.title : undefined}
          key={module.lessons.length}
        />
        <StatusButton intent="addLesson">{t('authoring.lessonAdd')}</StatusButton>
      </Form>

      <details className="module-settings" open={failure?.intent === 'renameModule' || failure?.intent === 'deleteModule'}>
        <summary>{t('authoring.moduleSettings')}</summary>
        <Form method="post" className="inline-form" noValidate>
          <input type="hidden" name="intent" value="renameModule" />
          <input type="hidden" name="moduleId" value={module.id} />
          <TextField
            label={t('authoring.moduleTitle')}
            name="title"
            maxLength={200}
            defaultValue={failure?.intent === 'renameModule' ? valueOf(failure.values, 'title', module.title) : module.title}
            errors={failure?.intent === 'renameModule' ? failure.errors.title : undefined}
          />
          <StatusButton intent="renameModule">{t('authoring.moduleRename')}</StatusButton>
        </Form>
        {module.lessons.length === 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="deleteModule" />
            <input type="hidden" name="moduleId" value={module.id} />
            <button type="submit" className="button button-danger">
              {t('authoring.moduleDelete', { title: module.title })}
            </button>
          </Form>
        ) : (
          <p className="muted small">{t('authoring.moduleDeleteHint')}</p>
        )}
      </details>
    </li>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.course.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
