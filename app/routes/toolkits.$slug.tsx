import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, SelectField, TextareaField, TextField } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { presentAttachment } from '#app/models/attachments.server.ts'
import { canAuthorResource, listVersionAttachments, resourceSlugFrom } from '#app/models/toolkit-authoring.server.ts'
import { canSeeResourceUsage } from '#app/models/toolkit-usage.server.ts'
import {
  fillFromForm,
  getPublishedResource,
  getRelatedForReaders,
  getSavedRequisitesFor,
  listSavedRequisites,
  recordUsage,
  saveRequisites,
  tableOfContents,
  userCentreId,
  validateFill,
  withHeadingIds,
} from '#app/models/toolkit.server.ts'
import styles from '#app/styles/toolkits.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { notFound, forbidden } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { renderRichText } from '#app/utils/rich-text.server.ts'
import type { RichTextDoc } from '#app/utils/rich-text.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const row = await getPublishedResource(resourceSlugFrom(args.params))
  if (!row) notFound()
  const { resource, version } = row
  const [related, files] = await Promise.all([
    getRelatedForReaders(resource.id),
    listVersionAttachments(version.id),
    recordUsage(user, resource, version.id, 'view'),
  ])
  const locale = resolveLocale(args.request, user)
  const centreId = userCentreId(user)
  const isTemplate = resource.kind === 'template'
  let prefill: Record<string, string> = {}
  const savedId = new URL(args.request.url).searchParams.get('requisites')
  if (isTemplate && savedId) {
    // Only the person's own centre's details: anyone else's id is simply not found.
    const saved = await getSavedRequisitesFor(user, savedId)
    if (!saved) notFound()
    prefill = Object.fromEntries(version.fields.filter((f) => saved.values[f.key]).map((f) => [f.key, saved.values[f.key]!]))
  }
  return {
    resource: {
      slug: resource.slug,
      kind: resource.kind,
      title: locale === 'en' && resource.titleEn ? resource.titleEn : resource.title,
      summary: resource.summary,
      topic: resource.topic,
      stage: resource.stage,
      audience: resource.audience,
      tags: resource.tags,
    },
    version: { number: version.version, date: version.createdAt },
    html: isTemplate ? null : withHeadingIds(version.bodyHtml),
    toc: isTemplate ? [] : tableOfContents(version.bodyJson as RichTextDoc),
    fields: isTemplate ? version.fields : [],
    saved: isTemplate && centreId ? await listSavedRequisites(centreId) : [],
    savedId: savedId ?? '',
    canSave: Boolean(centreId),
    prefill,
    related: related.map(({ id, kind, title, href, resourceKind, course }) => ({ id, kind, title, href, resourceKind, course })),
    attachments: files.map((f) => ({ ...presentAttachment(locale, f), href: `/toolkits/${resource.slug}/files/${f.id}` })),
    canEdit: canAuthorResource(user, resource),
    canSeeUsage: canSeeResourceUsage(user, resource),
  }
}

type ActionData =
  | { ok: true; intent: 'preview'; html: string; values: Record<string, string> }
  | { ok: true; intent: 'save' }
  | { ok: false; intent: string; errors: Record<string, string[]>; values: Record<string, string> }

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args)
  const row = await getPublishedResource(resourceSlugFrom(args.params))
  if (!row || row.resource.kind !== 'template') notFound()
  const formData = await args.request.formData()
  const intent = String(formData.get('intent') ?? 'preview')
  if (intent === 'save') {
    if (!userCentreId(user)) forbidden()
    // Details are saved as typed so far: nothing is required, but what is there must be valid.
    const checked = validateFill(
      row.version.fields.map((f) => ({ ...f, required: false })),
      formData,
    )
    const label = z.string().trim().min(1).max(200).safeParse(formData.get('label'))
    if (!checked.ok || !label.success) {
      const errors = { ...(checked.ok ? {} : checked.errors), ...(label.success ? {} : { label: ['validation.required'] }) }
      return data<ActionData>({ ok: false, intent, errors, values: checked.values }, { status: 400 })
    }
    await saveRequisites(user, label.data, checked.values)
    return data<ActionData>({ ok: true, intent: 'save' })
  }
  if (intent !== 'preview') throw data({ message: 'errors.badRequest' }, { status: 400 })
  // Printing and saving as PDF go through the print view (/toolkits/<slug>/print), which counts them.
  const outcome = fillFromForm(row, formData)
  if (!outcome.ok) return data<ActionData>({ ok: false, intent, errors: outcome.errors, values: outcome.values }, { status: outcome.status })
  return data<ActionData>({ ok: true, intent, html: renderRichText(outcome.doc, 'lesson'), values: outcome.values })
}

/** Opens the print view, where printing or saving as PDF is counted as a use of the resource. */
function PrintLink({ slug }: { slug: string }) {
  const { t } = useI18n()
  return (
    <Link to={`/toolkits/${slug}/print`} className="button button-quiet" reloadDocument>
      {t('toolkits.print')}
    </Link>
  )
}

export default function ToolkitPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<ActionData>()
  const navigation = useNavigation()
  const { t, date } = useI18n()
  const { resource } = data
  const failed = actionData && !actionData.ok ? actionData : null
  const preview = actionData?.ok && actionData.intent !== 'save' ? actionData : null
  const typed = (key: string) => failed?.values[key] ?? (preview ? preview.values[key] : undefined) ?? data.prefill[key] ?? ''
  return (
    <div className="stack">
      <p className="toolkit-back no-print">
        <Link to="/toolkits">← {t('toolkits.back')}</Link>
      </p>
      <div>
        <h1>{resource.title}</h1>
        <p className="toolkit-badges">
          <span className="badge badge-accent">{t(`toolkits.kind.${resource.kind}`)}</span>
          <span className="badge">{t(`courses.topic.${resource.topic}`)}</span>
          <span className="badge">{t(`courses.stage.${resource.stage}`)}</span>
          <span className="badge">{t(`toolkits.audience.${resource.audience}`)}</span>
        </p>
        <p>{resource.summary}</p>
        <p className="muted">
          {t('toolkits.version', { version: data.version.number, date: date(data.version.date) })}
          {data.version.number > 1 ? (
            <>
              {' · '}
              <Link to={`/toolkits/${resource.slug}/versions`}>{t('toolkits.versionsLink')}</Link>
            </>
          ) : null}
        </p>
        {data.canEdit || data.canSeeUsage ? (
          <p className="row no-print">
            {data.canEdit ? <Link to={`/toolkits/${resource.slug}/edit`}>{t('toolkits.editLink')}</Link> : null}
            {data.canSeeUsage ? <Link to={`/toolkits/${resource.slug}/usage`}>{t('toolkits.usageLink')}</Link> : null}
          </p>
        ) : null}
      </div>

      {data.html !== null ? (
        <>
          <div className="row no-print">
            <PrintLink slug={resource.slug} />
          </div>
          {data.toc.length ? (
            <nav className="card toolkit-toc" aria-labelledby="toc-title">
              <h2 id="toc-title">{t('toolkits.contents')}</h2>
              <ol>
                {data.toc.map((h) => (
                  <li key={h.id} className={`toc-level-${h.level}`}>
                    <a href={`#${h.id}`}>{h.text}</a>
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          <article className="prose toolkit-body" dangerouslySetInnerHTML={{ __html: data.html }} />
        </>
      ) : (
        <>
          {data.saved.length ? (
            <Form method="get" className="card row toolkit-fill">
              <SelectField
                label={t('toolkits.prefillLabel')}
                name="requisites"
                required={false}
                defaultValue={data.savedId}
                options={data.saved.map((s) => ({ value: s.id, label: s.label }))}
              />
              <button type="submit" className="button button-quiet">
                {t('toolkits.prefillButton')}
              </button>
            </Form>
          ) : null}

          <Form method="post" className="card toolkit-fill" aria-labelledby="fill-title" key={data.savedId}>
            <h2 id="fill-title">{t('toolkits.fillTitle')}</h2>
            <p className="muted">{t('toolkits.fillLead')}</p>
            <ErrorList errors={failed?.errors['']} />
            <div className="toolkit-fields">
              {data.fields.map((field) => {
                const name = `f.${field.key}`
                const common = {
                  label: field.label,
                  hint: field.hint,
                  name,
                  optional: !field.required,
                  required: field.required,
                  errors: failed?.errors[name],
                  defaultValue: typed(field.key),
                }
                if (field.type === 'textarea') return <TextareaField key={field.key} {...common} rows={4} maxLength={5000} />
                const input =
                  field.type === 'date'
                    ? { type: 'date' }
                    : field.type === 'email'
                      ? { type: 'email', autoComplete: 'email' }
                      : field.type === 'phone'
                        ? { type: 'tel', autoComplete: 'tel' }
                        : field.type === 'inn' || field.type === 'ogrn' || field.type === 'kpp' || field.type === 'number'
                          ? { inputMode: 'numeric' as const }
                          : field.type === 'money'
                            ? { inputMode: 'decimal' as const }
                            : { maxLength: 500 }
                return <TextField key={field.key} {...common} {...input} />
              })}
            </div>
            <div className="row">
              <button type="submit" name="intent" value="preview" className="button" disabled={navigation.state === 'submitting'}>
                {t('toolkits.preview')}
              </button>
            </div>
            {data.canSave ? (
              <fieldset className="toolkit-save">
                <legend>{t('toolkits.saveTitle')}</legend>
                <p className="muted">{t('toolkits.saveLead')}</p>
                <TextField label={t('toolkits.saveLabel')} hint={t('toolkits.saveHint')} name="label" required={false} maxLength={200} errors={failed?.errors['label']} />
                <button type="submit" name="intent" value="save" className="button button-quiet">
                  {t('toolkits.saveButton')}
                </button>
                {actionData?.ok && actionData.intent === 'save' ? (
                  <p role="status" className="alert alert-success">
                    {t('toolkits.saved')}
                  </p>
                ) : null}
              </fieldset>
            ) : null}
          </Form>

          {preview ? (
            <section className="card toolkit-preview" aria-labelledby="preview-title">
              <h2 id="preview-title" className="no-print">
                {t('toolkits.previewTitle')}
              </h2>
              <Form method="post" action={`/toolkits/${resource.slug}/docx`} reloadDocument className="row toolkit-actions">
                {Object.entries(preview.values).map(([key, value]) => (
                  <input key={key} type="hidden" name={`f.${key}`} value={value} />
                ))}
                <button type="submit" className="button">
                  {t('toolkits.downloadDocx')}
                </button>
                <button type="submit" className="button button-quiet" formAction={`/toolkits/${resource.slug}/print`} formTarget="_blank">
                  {t('toolkits.print')}
                </button>
              </Form>
              <article className="prose toolkit-body" dangerouslySetInnerHTML={{ __html: preview.html }} />
            </section>
          ) : null}
        </>
      )}
      {data.attachments.length ? (
        <section className="card no-print" aria-labelledby="files-title">
          <h2 id="files-title">{t('toolkits.filesTitle')}</h2>
          <ul className="list-plain" role="list">
            {data.attachments.map((a) => (
              <li key={a.id}>
                <a href={a.href} download>
                  {a.name}
                </a>{' '}
                <span className="muted">
                  {a.type}, {a.size}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <SeeAlso links={data.related} />
    </div>
  )
}

type Related = ReturnType<typeof useLoaderData<typeof loader>>['related']

/** «См. также»: the templates, other materials and lessons the author linked, each group under its heading. */
function SeeAlso({ links }: { links: Related }) {
  const { t } = useI18n()
  if (links.length === 0) return null
  const groups = [
    { key: 'templates', items: links.filter((l) => l.kind === 'resource' && l.resourceKind === 'template') },
    { key: 'materials', items: links.filter((l) => l.kind === 'resource' && l.resourceKind !== 'template') },
    { key: 'learning', items: links.filter((l) => l.kind !== 'resource') },
  ].filter((g) => g.items.length)
  return (
    <section className="card toolkit-related no-print" aria-labelledby="see-also-title">
      <h2 id="see-also-title">{t('toolkits.seeAlso')}</h2>
      {groups.map((g) => (
        <div key={g.key}>
          <h3>{t(`toolkits.seeAlsoGroup.${g.key}`)}</h3>
          <ul className="list-plain" role="list">
            {g.items.map((l) => (
              <li key={l.id}>
                <Link to={l.href}>{l.title}</Link>{' '}
                <span className="muted">
                  {l.kind === 'resource'
                    ? t(`toolkits.kind.${l.resourceKind}`)
                    : l.kind === 'course'
                      ? t('toolkits.related.course')
                      : t('toolkits.related.lessonOf', { course: l.course ?? '' })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.resource.title} — Ресурсник` : 'Ресурсник' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
