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
import { COURSE_TOPICS, STAGES, TEMPLATE_FIELD_TYPES } from '#db/schema/index.ts'
import { TOOLKIT_AUDIENCES, TOOLKIT_KINDS } from '#db/content/toolkits.ts'
import { AttachmentsSection } from '#app/components/attachments-section.tsx'
import { LessonEditor } from '#app/components/lesson-editor.tsx'
import { fieldRowsFromValues, TemplateFieldsEditor } from '#app/components/template-fields-editor.tsx'
import { ToolkitDetailsFields } from '#app/components/toolkit-details-fields.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { presentAttachment, uploadRules } from '#app/models/attachments.server.ts'
import { docToEditableText, parseRichBody, validateLessonDoc } from '#app/models/course-authoring.server.ts'
import {
  addRelated,
  addResourceAttachment,
  changeResourceStatus,
  checkTemplateBody,
  discardDraft,
  draftStamp,
  getCurrentVersion,
  getDraft,
  listRelated,
  listVersionAttachments,
  MAX_RESOURCE_ATTACHMENTS,
  parseTemplateFields,
  publishDraft,
  removeRelated,
  removeResourceAttachment,
  requireResourceAuthor,
  ResourceDetailsSchema,
  resourceSlugFrom,
  saveDraft,
  searchRelatedCandidates,
  updateResourceDetails,
  type AuthorProblem,
  type DraftInput,
} from '#app/models/toolkit-authoring.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import toolkitStyles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, optionalText, parseForm, type FieldErrors, type FormFailure } from '#app/utils/forms.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import type { RichTextDoc } from '#app/utils/rich-text.ts'
import { isMultipart, parseUploadForm, removeUpload, UploadError, type StoredUpload } from '#app/utils/uploads.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: authoringStyles },
  { rel: 'stylesheet', href: toolkitStyles },
]

const id = z.guid()
const RelatedAddSchema = z.object({ targetKind: z.enum(['resource', 'course', 'lesson']), targetId: id })
const RelatedRemoveSchema = z.object({ relatedId: id })
const ChangeNoteSchema = z.object({ changeNote: optionalText(500) })
/** Text fields of a multipart post may carry a whole draft (JSON) when a client sends the editor's form that way. */
const MAX_MULTIPART_FIELD = 2 * 1024 * 1024

async function load(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args)
  const resource = await requireResourceAuthor(user, resourceSlugFrom(args.params))
  return { user, resource }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, resource } = await load(args)
  const locale = resolveLocale(args.request, user)
  const q = new URL(args.request.url).searchParams.get('rq')?.trim().slice(0, 100) ?? ''
  const [draft, current, related, candidates] = await Promise.all([
    getDraft(resource.id),
    getCurrentVersion(resource),
    listRelated(resource.id),
    q ? searchRelatedCandidates(q, resource.id) : null,
  ])
  // What the editor starts from: the draft, or (before anything was changed) the published text.
  const working = draft ?? current
  const files = working ? await listVersionAttachments(working.id) : []
  const currentFiles = draft && current ? await listVersionAttachments(current.id) : files
  const isTemplate = resource.kind === 'template'
  const doc = (working?.bodyJson ?? null) as RichTextDoc | null
  const valid = doc ? validateLessonDoc(doc) : null
  // jsonb comes back with its keys in one canonical order, so the two documents compare as strings.
  const changed =
    !current ||
    (draft !== null &&
      (JSON.stringify(draft.bodyJson) !== JSON.stringify(current.bodyJson) ||
        (isTemplate && JSON.stringify(draft.fields) !== JSON.stringify(current.fields)) ||
        files.map((f) => f.id).join() !== currentFiles.map((f) => f.id).join()))
  return {
    resource: {
      slug: resource.slug,
      title: resource.title,
      titleEn: resource.titleEn ?? '',
      summary: resource.summary,
      kind: resource.kind,
      topic: resource.topic,
      stage: resource.stage,
      audience: resource.audience,
      tags: resource.tags.join(', '),
      status: resource.status,
      source: resource.source,
      organisationName: resource.organisationName,
    },
    draft: {
      body: doc as Record<string, unknown> | null,
      bodyText: docToEditableText(doc),
      fields: working?.fields ?? [],
      stamp: draftStamp(draft),
      exists: draft !== null,
    },
    current: current ? { version: current.version, date: current.createdAt } : null,
    changed,
    // Problems of the saved draft, shown before the author tries to publish.
    warnings: isTemplate && valid?.content?.length ? checkTemplateBody(valid, working?.fields ?? []) : [],
    attachments: files.map((f) => presentAttachment(locale, f)),
    uploadRules: { ...uploadRules(locale), maxFiles: MAX_RESOURCE_ATTACHMENTS },
    related,
    search: q ? { q, ...candidates! } : null,
    choices: {
      kinds: [...TOOLKIT_KINDS],
      topics: [...COURSE_TOPICS],
      stages: [...STAGES],
      audiences: [...TOOLKIT_AUDIENCES],
      fieldTypes: [...TEMPLATE_FIELD_TYPES],
    },
  }
}

type TextFailure = FormFailure & { intent: 'save' | 'publish'; problems: AuthorProblem[] }
type OtherFailure = FormFailure & { intent: string; problems?: undefined }
/** A refused upload or delete: one message key; the page fills in the limits it already shows. */
type AttachmentFailure = { intent: 'upload' | 'deleteAttachment'; ok: false; message: string }

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldErrors,
    readonly problems: AuthorProblem[],
  ) {
    super('refused')
  }
}

export async function action(args: ActionFunctionArgs) {
  // Who asks comes first: nothing of the body is read, let alone a file stored, before this passes.
  const { user, resource } = await load(args)
  const back = `/toolkits/${resource.slug}/edit`
  let formData: FormData
  let uploads: StoredUpload[] = []
  if (isMultipart(args.request)) {
    try {
      ;({ formData, uploads } = await parseUploadForm(args.request, { field: 'file', maxFieldBytes: MAX_MULTIPART_FIELD }))
    } catch (error) {
      if (error instanceof UploadError) return data<AttachmentFailure>({ intent: 'upload', ok: false, message: error.messageKey }, { status: error.status })
      throw error
    }
  } else {
    formData = await args.request.formData()
  }
  const intent = String(formData.get('intent') ?? '')
  if (intent === 'upload') return handleUpload(user, resource, uploads[0], back)
  // A file sent along with any other intent is not kept.
  await Promise.all(uploads.map((u) => removeUpload(u.storageKey)))
  const fail = (status: number, errors: FieldErrors) => data<OtherFailure>({ intent, ...formFailure(formData, errors) }, { status })

  switch (intent) {
    case 'save':
    case 'publish':
      return handleText(user, resource, formData, intent, back)
    case 'details': {
      const parsed = parseForm(formData, ResourceDetailsSchema)
      if (!parsed.ok) return data<OtherFailure>({ intent, ...parsed }, { status: 400 })
      await db.transaction((tx) => updateResourceDetails(tx, user, resource, parsed.data))
      return redirectWithFlash(back, 'toolkits.flash.detailsSaved')
    }
    case 'deleteAttachment': {
      const attachmentId = id.safeParse(formData.get('attachmentId'))
      if (!attachmentId.success) return data<AttachmentFailure>({ intent, ok: false, message: 'errors.badRequest' }, { status: 400 })
      const outcome = await db.transaction((tx) => removeResourceAttachment(tx, user, resource, attachmentId.data.toLowerCase()))
      if (outcome.kind === 'not-found') return data<AttachmentFailure>({ intent, ok: false, message: 'toolkits.error.attachmentGone' }, { status: 404 })
      // Only after the rows are gone for good: a rolled-back delete keeps its file.
      await Promise.all(outcome.storageKeys.map(removeUpload))
      return redirectWithFlash(back, 'toolkits.flash.attachmentRemoved')
    }
    case 'discard': {
      const outcome = await db.transaction((tx) => discardDraft(tx, user, resource))
      if (outcome.kind === 'never-published') return fail(409, { '': ['toolkits.error.discardNeverPublished'] })
      await Promise.all(outcome.storageKeys.map(removeUpload))
      return redirectWithFlash(back, 'toolkits.flash.draftDiscarded')
    }
    case 'archive':
    case 'restore': {
      // A second click on a stale page: the resource is already where the person wanted it.
      if ((intent === 'archive') === (resource.status === 'archived')) return redirect(back)
      await db.transaction((tx) => changeResourceStatus(tx, user, resource, intent))
      return redirectWithFlash(back, `toolkits.flash.${intent}d`)
    }
    case 'addRelated': {
      const parsed = parseForm(formData, RelatedAddSchema)
      if (!parsed.ok) return fail(400, { '': ['errors.badRequest'] })
      const outcome = await db.transaction((tx) => addRelated(tx, user, resource, { kind: parsed.data.targetKind, id: parsed.data.targetId.toLowerCase() }))
      if (outcome.kind === 'not-found') return fail(404, { '': ['toolkits.error.relatedGone'] })
      if (outcome.kind === 'self') return fail(400, { '': ['toolkits.error.relatedSelf'] })
      if (outcome.kind === 'duplicate') return fail(409, { '': ['toolkits.error.relatedDuplicate'] })
      if (outcome.kind === 'too-many') return fail(422, { '': ['toolkits.error.relatedTooMany'] })
      const q = formData.get('rq')
      return redirectWithFlash(typeof q === 'string' && q ? `${back}?rq=${encodeURIComponent(q)}#related-title` : back, 'toolkits.flash.relatedAdded')
    }
    case 'removeRelated': {
      const parsed = parseForm(formData, RelatedRemoveSchema)
      if (!parsed.ok) return fail(400, { '': ['errors.badRequest'] })
      const removed = await db.transaction((tx) => removeRelated(tx, user, resource, parsed.data.relatedId.toLowerCase()))
      if (!removed) return fail(404, { '': ['toolkits.error.relatedGone'] })
      return redirectWithFlash(back, 'toolkits.flash.relatedRemoved')
    }
    default:
      return fail(400, { '': ['errors.badRequest'] })
  }
}

type Loaded = Awaited<ReturnType<typeof load>>

async function handleText(user: Loaded['user'], resource: Loaded['resource'], formData: FormData, intent: 'save' | 'publish', back: string) {
  const failText = (status: number, errors: FieldErrors, problems: AuthorProblem[] = []) =>
    data<TextFailure>({ intent, problems, ...formFailure(formData, errors) }, { status })
  const [draft, current] = await Promise.all([getDraft(resource.id), getCurrentVersion(resource)])
  // Someone else saved this draft after the form was opened: say so rather than overwrite their work.
  if (formData.has('stamp') && Number(formData.get('stamp')) !== draftStamp(draft)) return failText(409, { '': ['toolkits.error.stale'] })
  const body = parseRichBody(formData, 'body', draft?.bodyJson ?? current?.bodyJson)
  const note = parseForm(formData, ChangeNoteSchema)
  const isTemplate = resource.kind === 'template'
  const hasFieldList = [...formData.keys()].some((k) => k.startsWith('fields.'))
  const fields = isTemplate && hasFieldList ? parseTemplateFields(formData) : null
  if (!body.ok || !note.ok || fields?.problems.length) {
    const errors: FieldErrors = { ...(note.ok ? {} : note.errors), ...(fields?.rowErrors ?? {}) }
    if (!body.ok) errors.body = ['validation.richText']
    if (fields?.problems.length) errors.fields = ['toolkits.error.fieldsInvalid']
    return failText(400, errors, fields?.problems ?? [])
  }
  const input: DraftInput = { body: body.doc, fields: fields?.fields }
  try {
    const outcome = await db.transaction(async (tx) => {
      if (intent === 'save') {
        await saveDraft(tx, user, resource, input)
        return { kind: 'saved' as const }
      }
      const result = await publishDraft(tx, user, resource, input, note.ok ? (note.data.changeNote ?? null) : null)
      // Refusals roll the whole transaction back: a failed publish leaves the draft as it was too.
      if (result.kind === 'problems') throw new Refused(422, result.errors, result.problems)
      if (result.kind === 'archived') throw new Refused(409, { '': ['toolkits.error.publishArchived'] }, [])
      return result
    })
    if (outcome.kind === 'published') return redirectWithFlash(back, 'toolkits.flash.published')
    if (outcome.kind === 'unchanged') return redirectWithFlash(back, 'toolkits.flash.nothingToPublish')
    return redirectWithFlash(back, 'toolkits.flash.draftSaved')
  } catch (error) {
    if (error instanceof Refused) return failText(error.status, error.errors, error.problems)
    throw error
  }
}

async function handleUpload(user: Loaded['user'], resource: Loaded['resource'], file: StoredUpload | undefined, back: string) {
  if (!file) return data<AttachmentFailure>({ intent: 'upload', ok: false, message: 'attachments.error.missing' }, { status: 422 })
  let added = false
  try {
    const outcome = await db.transaction((tx) => addResourceAttachment(tx, user, resource, file))
    added = outcome.kind === 'added'
    if (outcome.kind === 'too-many') return data<AttachmentFailure>({ intent: 'upload', ok: false, message: 'toolkits.error.tooManyFiles' }, { status: 422 })
    return redirectWithFlash(back, 'toolkits.flash.uploaded')
  } finally {
    // The bytes are on disk already; without a row pointing at them nobody could ever reach or delete them.
    if (!added) await removeUpload(file.storageKey)
  }
}

export default function EditResource() {
  const loaded = useLoaderData<typeof loader>()
  const { resource, draft, current, changed, warnings, attachments, uploadRules, related, search, choices } = loaded
  const actionData = useActionData<typeof action>()
  const { t, date } = useI18n()
  const attachmentFailure = actionData && 'message' in actionData ? actionData : undefined
  const failure = actionData && !('message' in actionData) ? actionData : undefined
  const text = failure && (failure.intent === 'save' || failure.intent === 'publish') ? (failure as TextFailure) : null
  const details = failure?.intent === 'details' ? failure : null
  const general = failure && !text && !details ? failure : null
  const values = text?.values
  const bodyDoc = (() => {
    const typed = values?.body
    if (typeof typed !== 'string' || !typed.trim()) return draft.body
    try {
      return JSON.parse(typed) as Record<string, unknown>
    } catch {
      return draft.body
    }
  })()
  const isTemplate = resource.kind === 'template'
  const rows =
    fieldRowsFromValues(values) ??
    draft.fields.map((f) => ({ key: f.key, label: f.label, type: f.type, required: f.required, hint: f.hint ?? '' }))
  return (
    <div className="stack authoring">
      <p className="breadcrumbs">
        <Link to="/toolkits">← {t('toolkits.back')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('toolkits.editTitle')}</h1>
          <p className="muted">
            {resource.title} · <span className={`badge status-${resource.status}`}>{t(`toolkits.status.${resource.status}`)}</span> ·{' '}
            {resource.organisationName ?? t('toolkits.owner.library')}
          </p>
        </div>
        <nav className="row" aria-label={t('toolkits.editLinks')}>
          {resource.status === 'published' ? <Link to={`/toolkits/${resource.slug}`}>{t('toolkits.viewPage')}</Link> : null}
          {current ? <Link to={`/toolkits/${resource.slug}/versions`}>{t('toolkits.versionsLink')}</Link> : null}
          <Link to={`/toolkits/${resource.slug}/usage`}>{t('toolkits.usageLink')}</Link>
        </nav>
      </div>
      {resource.source === 'content' ? <p className="alert alert-warn">{t('toolkits.contentNotice')}</p> : null}
      {general ? <FormErrors errors={general.errors} /> : null}

      <section className="card" aria-labelledby="state-title">
        <h2 id="state-title">{t('toolkits.stateTitle')}</h2>
        <p>
          {current
            ? changed
              ? t('toolkits.state.publishedWithChanges', { n: current.version, date: date(current.date) })
              : t('toolkits.state.publishedSame', { n: current.version, date: date(current.date) })
            : t('toolkits.state.neverPublished')}
        </p>
        {resource.status === 'archived' ? <p className="muted">{t('toolkits.state.archived')}</p> : null}
        <div className="row">
          {current && draft.exists && changed ? (
            <Form method="post">
              <StatusButton intent="discard" className="button-quiet">
                {t('toolkits.discardDraft')}
              </StatusButton>
            </Form>
          ) : null}
          <Form method="post">
            {resource.status === 'archived' ? (
              <StatusButton intent="restore" className="button-quiet">
                {t('toolkits.restore')}
              </StatusButton>
            ) : (
              <StatusButton intent="archive" className="button-quiet">
                {t('toolkits.archive')}
              </StatusButton>
            )}
          </Form>
        </div>
      </section>

      <Form method="post" noValidate className="stack" aria-labelledby="text-title">
        <section className="card stack" aria-labelledby="text-title">
          <h2 id="text-title">{isTemplate ? t('toolkits.textTitleTemplate') : t('toolkits.textTitle')}</h2>
          <FormErrors errors={text?.errors} />
          <input type="hidden" name="stamp" value={String(draft.stamp)} />
          {text?.problems.length ? <ProblemList title={t('toolkits.problemsTitle')} problems={text.problems} /> : null}
          {!text && warnings.length ? <ProblemList title={t('toolkits.warningsTitle')} problems={warnings} tone="warn" /> : null}
          {isTemplate ? (
            <fieldset className="field" aria-describedby="fields-intro">
              <legend>{t('toolkits.fieldsTitle')}</legend>
              <p id="fields-intro" className="field-hint">
                {t('toolkits.fieldsIntro')}
              </p>
              <TemplateFieldsEditor defaultRows={rows} types={choices.fieldTypes} errors={text?.errors} key={JSON.stringify(draft.fields) + draft.stamp} />
            </fieldset>
          ) : null}
          <LessonEditor
            name="body"
            label={isTemplate ? t('toolkits.field.bodyTemplate') : t('toolkits.field.body')}
            hint={isTemplate ? t('toolkits.field.bodyTemplateHint') : t('toolkits.field.bodyHint')}
            defaultDoc={bodyDoc}
            defaultText={valueOf(values, 'bodyText', draft.bodyText)}
            errors={text?.errors.body}
          />
          <div className="row">
            <StatusButton intent="save" className="button-quiet">
              {t('toolkits.saveDraft')}
            </StatusButton>
          </div>
          <TextareaField
            label={t('toolkits.field.changeNote')}
            hint={current ? t('toolkits.field.changeNoteHint') : t('toolkits.field.changeNoteFirst')}
            name="changeNote"
            optional={!current}
            rows={2}
            maxLength={500}
            defaultValue={valueOf(values, 'changeNote')}
            errors={text?.errors.changeNote}
          />
          <div className="row">
            <StatusButton intent="publish">{current ? t('toolkits.publishNew', { n: current.version + 1 }) : t('toolkits.publishFirst')}</StatusButton>
          </div>
        </section>
      </Form>

      <AttachmentsSection
        attachments={attachments}
        rules={uploadRules}
        failure={attachmentFailure}
        intro={t('toolkits.attachmentsIntro')}
        listLabel={t('toolkits.attachmentsList')}
      />

      <RelatedSection related={related} search={search} failure={failure?.intent === 'addRelated' || failure?.intent === 'removeRelated' ? failure : null} />

      <section aria-labelledby="details-title" className="card">
        <h2 id="details-title">{t('toolkits.detailsTitle')}</h2>
        <p className="muted">{t('toolkits.detailsIntro')}</p>
        <Form method="post" noValidate className="form">
          <FormErrors errors={details?.errors} />
          <ToolkitDetailsFields defaults={resource} choices={choices} values={details?.values} errors={details?.errors} />
          <StatusButton intent="details">{t('toolkits.saveDetails')}</StatusButton>
        </Form>
      </section>
    </div>
  )
}

function ProblemList({ title, problems, tone = 'error' }: { title: string; problems: AuthorProblem[]; tone?: 'error' | 'warn' }) {
  const { t } = useI18n()
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p>{title}</p>
      <ul className="error-list" role="list">
        {problems.map((p, i) => (
          <li key={`${p.key}-${i}`}>{t(p.key, p.params)}</li>
        ))}
      </ul>
    </div>
  )
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

function RelatedSection({
  related,
  search,
  failure,
}: {
  related: LoaderData['related']
  search: LoaderData['search']
  failure: { errors: FieldErrors } | null
}) {
  const { t } = useI18n()
  const addButton = (kind: 'resource' | 'course' | 'lesson', targetId: string, title: string) => (
    <Form method="post" className="lesson-actions">
      <input type="hidden" name="targetKind" value={kind} />
      <input type="hidden" name="targetId" value={targetId} />
      <input type="hidden" name="rq" value={search?.q ?? ''} />
      <StatusButton intent="addRelated" className="button-quiet" aria-label={t('toolkits.related.addLabel', { title })}>
        {t('toolkits.related.add')}
      </StatusButton>
    </Form>
  )
  const found = search ? search.resources.length + search.courses.length + search.lessons.length : 0
  return (
    <section className="card" aria-labelledby="related-title">
      <h2 id="related-title">{t('toolkits.related.title')}</h2>
      <p className="muted">{t('toolkits.related.intro')}</p>
      <FormErrors errors={failure?.errors} />
      {related.length === 0 ? (
        <p className="muted">{t('toolkits.related.none')}</p>
      ) : (
        <ul className="list-plain" role="list" aria-label={t('toolkits.related.listLabel')}>
          {related.map((r) => (
            <li key={r.id} className="lesson-row">
              <span className="lesson-main">
                <Link to={r.href}>{r.title}</Link>{' '}
                <span className="muted small">
                  {r.kind === 'resource' ? t(`toolkits.kind.${r.resourceKind}`) : r.kind === 'course' ? t('toolkits.related.course') : t('toolkits.related.lessonOf', { course: r.course ?? '' })}
                  {r.visible ? '' : ` · ${t('toolkits.related.hidden')}`}
                </span>
              </span>
              <Form method="post" className="lesson-actions">
                <input type="hidden" name="relatedId" value={r.id} />
                <StatusButton intent="removeRelated" className="button-quiet" aria-label={t('toolkits.related.removeLabel', { title: r.title })}>
                  {t('toolkits.related.remove')}
                </StatusButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="get" className="inline-form" role="search" aria-label={t('toolkits.related.searchLabel')}>
        <TextField label={t('toolkits.related.search')} hint={t('toolkits.related.searchHint')} name="rq" type="search" optional defaultValue={search?.q ?? ''} maxLength={100} />
        <button type="submit" className="button button-quiet">
          {t('action.search')}
        </button>
      </Form>
      {search ? (
        found === 0 ? (
          <p className="muted" role="status">
            {t('toolkits.related.notFound')}
          </p>
        ) : (
          <div className="stack" role="status">
            {(
              [
                ['resources', search.resources.map((r) => ({ id: r.id, title: r.title, detail: t(`toolkits.kind.${r.kind}`) })), 'resource'],
                ['courses', search.courses.map((c) => ({ id: c.id, title: c.title, detail: t('toolkits.related.course') })), 'course'],
                ['lessons', search.lessons.map((l) => ({ id: l.id, title: l.title, detail: t('toolkits.related.lessonOf', { course: l.course }) })), 'lesson'],
              ] as const
            ).map(([group, items, kind]) =>
              items.length ? (
                <div key={group}>
                  <h3>{t(`toolkits.related.group.${group}`)}</h3>
                  <ul className="list-plain" role="list">
                    {items.map((item) => (
                      <li key={item.id} className="lesson-row">
                        <span className="lesson-main">
                          {item.title} <span className="muted small">{item.detail}</span>
                        </span>
                        {addButton(kind, item.id, item.title)}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null,
            )}
          </div>
        )
      ) : null}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.resource.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
