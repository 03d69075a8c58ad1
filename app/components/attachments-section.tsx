import { Form } from '@remix-run/react'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

/** An attached file as lists show it (see presentAttachment in app/models/attachments.server.ts). */
export type AttachmentItem = { id: string; name: string; type: string; size: string; href: string }

/** What the upload form tells the author (see uploadRules in app/models/attachments.server.ts). */
export type UploadRules = { accept: string; formats: string; maxBytes: number; maxLabel: string; maxFiles: number }

/**
 * The files of what is being edited (a lesson, a toolkit resource's draft), each with a delete button,
 * and an upload form. Both post to the page itself with intent `upload` (multipart, field `file`) or
 * `deleteAttachment` (field `attachmentId`); a refused upload or delete comes back as `failure`.
 */
export function AttachmentsSection({
  attachments,
  rules,
  failure,
  intro,
  listLabel,
}: {
  attachments: AttachmentItem[]
  rules: UploadRules
  failure: { intent: string; message: string } | undefined
  /** What the files are for, already translated (default: a lesson's attachments). */
  intro?: string
  listLabel?: string
}) {
  const { t } = useI18n()
  const params = { max: rules.maxLabel, formats: rules.formats, count: rules.maxFiles }
  const uploadError = failure?.intent === 'upload' ? t(failure.message, params) : null
  const deleteError = failure?.intent === 'deleteAttachment' ? t(failure.message, params) : null
  const hint = t('attachments.field.fileHint', params)
  return (
    <section className="card" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('attachments.title')}</h2>
      <p className="muted">{intro ?? t('attachments.intro')}</p>
      {deleteError ? (
        <p className="alert alert-error" role="alert">
          {deleteError}
        </p>
      ) : null}
      {attachments.length === 0 ? (
        <p className="muted">{t('attachments.none')}</p>
      ) : (
        <ul className="list-plain" role="list" aria-label={listLabel ?? t('attachments.listLabel')}>
          {attachments.map((a) => (
            <li key={a.id} className="lesson-row">
              <span className="lesson-main">
                <a href={a.href} download>
                  {a.name}
                </a>{' '}
                <span className="muted small">
                  {a.type}, {a.size}
                </span>
              </span>
              <Form method="post" className="lesson-actions">
                <input type="hidden" name="attachmentId" value={a.id} />
                <button
                  type="submit"
                  name="intent"
                  value="deleteAttachment"
                  className="button button-quiet"
                  aria-label={t('attachments.deleteLabel', { name: a.name })}
                >
                  {t('attachments.delete')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" encType="multipart/form-data" className="inline-form">
        <div className="field">
          <label htmlFor="attachment-file">{t('attachments.field.file')}</label>
          <p id="attachment-file-hint" className="field-hint">
            {hint}
          </p>
          <input
            id="attachment-file"
            type="file"
            name="file"
            accept={rules.accept}
            required
            aria-describedby={uploadError ? 'attachment-file-hint attachment-file-error' : 'attachment-file-hint'}
            aria-invalid={uploadError ? true : undefined}
            onChange={(event) => {
              // Saves sending a file the server would refuse after the whole upload.
              const input = event.currentTarget
              const chosen = input.files?.[0]
              input.setCustomValidity(chosen && chosen.size > rules.maxBytes ? t('attachments.error.tooLarge', params) : '')
            }}
          />
          {uploadError ? (
            <ul id="attachment-file-error" className="error-list" role="list">
              <li>{uploadError}</li>
            </ul>
          ) : null}
        </div>
        <StatusButton intent="upload">{t('attachments.upload')}</StatusButton>
      </Form>
    </section>
  )
}
