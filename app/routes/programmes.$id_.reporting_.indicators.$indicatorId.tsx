import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { IndicatorForm } from '#app/components/report-forms.tsx'
import { ReportNav } from '#app/components/report-nav.tsx'
import { TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { presentAttachment, uploadRules } from '#app/models/attachments.server.ts'
import { computeDashboard } from '#app/models/indicators.server.ts'
import {
  deleteIndicator,
  deleteManualValue,
  describeComputation,
  getIndicator,
  indicatorChoices,
  isUuid,
  listManualValues,
  listPeriods,
  listTargets,
  ManualValueFormSchema,
  optionalQuantity,
  parseEvidenceForm,
  parseIndicatorForm,
  requireProgrammeReporting,
  saveManualValue,
  saveTargets,
  StaleRecordError,
  updateIndicator,
  uuidFrom,
} from '#app/models/reporting-setup.server.ts'
import reportStyles from '#app/styles/reports.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formValues, parseForm, type FieldErrors } from '#app/utils/forms.ts'
import { notFound } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { removeUpload, type StoredUpload } from '#app/utils/uploads.server.ts'
import { quantityForInput } from '#app/utils/report-content.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }]

type Intent = 'save' | 'targets' | 'value' | 'deleteValue' | 'delete'

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, canManage } = await requireProgrammeReporting(args, 'view')
  const indicatorId = uuidFrom(args.params.indicatorId)
  const locale = resolveLocale(args.request, user)
  const indicator = await getIndicator(programme.id, indicatorId)
  if (!indicator) notFound()
  const [periods, targets, values, choices, figures] = await Promise.all([
    listPeriods(programme.id),
    listTargets(indicatorId),
    indicator.source === 'manual' ? listManualValues(indicatorId) : Promise.resolve([]),
    canManage ? indicatorChoices(locale) : Promise.resolve(null),
    indicator.source === 'computed'
      ? computeDashboard(
          db,
          programme.id,
          { startsOn: programme.startsOn, endsOn: programme.endsOn },
          { indicators: [indicator] },
        )
      : Promise.resolve(null),
  ])
  const targetOf = new Map(targets.map((t) => [t.periodId, t.target]))
  const valueOf = new Map(values.map((v) => [v.periodId, v]))
  const computed = figures?.byPeriod.get(indicator.id)
  const { updatedAt, ...rest } = indicator
  return {
    programme: { id: programme.id, name: programme.name },
    canManage,
    indicator: {
      ...rest,
      targetTotal: rest.targetTotal === null ? null : quantityForInput(rest.targetTotal, locale),
      version: updatedAt.getTime(),
      computation: describeComputation(indicator, locale),
    },
    computedTotal: figures ? (figures.totals.get(indicator.id) ?? 0) : null,
    periods: periods.map((p) => {
      const v = valueOf.get(p.id)
      return {
        id: p.id,
        label: p.label,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        frozen: p.reportStatus === 'submitted',
        target: targetOf.has(p.id) ? quantityForInput(targetOf.get(p.id), locale) : null,
        computed: computed ? (computed.get(p.id) ?? 0) : null,
        value: v
          ? {
              value: quantityForInput(v.value, locale),
              evidenceUrl: v.evidenceUrl,
              note: v.note,
              file: v.attachment?.id
                ? {
                    ...presentAttachment(locale, {
                      id: v.attachment.id,
                      originalName: v.attachment.originalName!,
                      contentType: v.attachment.contentType!,
                      size: v.attachment.size!,
                    }),
                    href: `/programmes/${programme.id}/reporting/evidence/${v.attachment.id}`,
                  }
                : null,
            }
          : null,
      }
    }),
    choices,
    upload: uploadRules(locale),
  }
}

type Failure = {
  ok: false
  intent: Intent
  periodId?: string
  errors: FieldErrors
  values: Record<string, string | string[]>
  fileError?: string
}

function failure(
  intent: Intent,
  status: number,
  errors: FieldErrors,
  values: Record<string, string | string[]>,
  extra: Partial<Failure> = {},
) {
  return data<Failure>({ ok: false, intent, errors, values, ...extra }, { status })
}

const TargetKey = /^target\.(.+)$/

export async function action(args: ActionFunctionArgs) {
  // Who asks comes first: nothing of the body is read, let alone a file stored, before this passes.
  const { user, programme } = await requireProgrammeReporting(args, 'manage')
  const indicatorId = uuidFrom(args.params.indicatorId)
  const indicator = await getIndicator(programme.id, indicatorId)
  if (!indicator) notFound()
  const actor = { actorId: user.id, organisationId: programme.mentorOrganisationId, programmeId: programme.id }
  const here = `/programmes/${programme.id}/reporting/indicators/${indicatorId}`

  const form = await parseEvidenceForm(args.request)
  if (!form.ok) {
    // A refused file: the typed value, link and note come back with the message.
    return failure('value', form.error.status, { file: [form.error.messageKey] }, form.fields, {
      periodId: form.fields.periodId,
      fileError: form.error.messageKey,
    })
  }
  const { formData, file } = form
  const intent = String(formData.get('intent') ?? 'save') as Intent
  // A file sent with anything but a value is not kept.
  if (file && intent !== 'value') await removeUpload(file.storageKey)

  switch (intent) {
    case 'value':
      return saveValue(formData, file)
    case 'deleteValue': {
      const periodId = String(formData.get('periodId') ?? '')
      if (!isUuid(periodId)) return failure('deleteValue', 400, { '': ['errors.badRequest'] }, formValues(formData))
      const periods = await listPeriods(programme.id)
      const period = periods.find((p) => p.id === periodId)
      if (!period) notFound()
      if (period.reportStatus === 'submitted') {
        return failure('deleteValue', 409, { '': ['reporting.setup.value.frozen'] }, formValues(formData), { periodId })
      }
      const outcome = await db.transaction((tx) => deleteManualValue(tx, indicator, periodId, actor))
      if (outcome.obsolete) await removeUpload(outcome.obsolete)
      return redirectWithFlash(`${here}#values-title`, 'reporting.setup.value.deleted')
    }
    case 'targets': {
      const periods = await listPeriods(programme.id)
      const errors: FieldErrors = {}
      const targets = new Map<string, string | null>()
      for (const [name, raw] of formData.entries()) {
        const m = TargetKey.exec(name)
        if (!m || typeof raw !== 'string') continue
        if (!periods.some((p) => p.id === m[1]))
          return failure('targets', 400, { '': ['errors.badRequest'] }, formValues(formData))
        const parsed = optionalQuantity.safeParse(raw.trim() === '' ? undefined : raw)
        if (!parsed.success) errors[name] = ['validation.number']
        else targets.set(m[1]!, parsed.data ?? null)
      }
      if (Object.keys(errors).length) return failure('targets', 400, errors, formValues(formData))
      await db.transaction((tx) => saveTargets(tx, indicator, targets, actor))
      return redirectWithFlash(`${here}#targets-title`, 'reporting.setup.target.saved')
    }
    case 'delete': {
      const files = await db.transaction((tx) => deleteIndicator(tx, programme.id, indicatorId, actor))
      if (!files) notFound()
      await Promise.all(files.map((key) => removeUpload(key)))
      return redirectWithFlash(
        `/programmes/${programme.id}/reporting#indicators-title`,
        'reporting.setup.indicator.deleted',
      )
    }
    default: {
      const parsed = parseIndicatorForm(formData)
      if (!parsed.ok) return failure('save', 400, parsed.errors, formValues(formData))
      const version = Number(formData.get('version'))
      try {
        await db.transaction((tx) =>
          updateIndicator(
            tx,
            programme.id,
            indicatorId,
            parsed.data,
            actor,
            Number.isFinite(version) && version > 0 ? version : undefined,
          ),
        )
      } catch (error) {
        if (error instanceof StaleRecordError)
          return failure('save', 409, { '': ['reporting.setup.stale'] }, formValues(formData))
        throw error
      }
      return redirectWithFlash(here, 'reporting.setup.indicator.updated')
    }
  }

  async function saveValue(formData: FormData, file: StoredUpload | null) {
    const values = formValues(formData)
    const periodId = String(formData.get('periodId') ?? '')
    const refuse = async (status: number, errors: FieldErrors) => {
      if (file) await removeUpload(file.storageKey)
      return failure('value', status, errors, values, { periodId })
    }
    if (indicator!.source !== 'manual') return refuse(409, { '': ['reporting.setup.value.notManual'] })
    const parsed = parseForm(formData, ManualValueFormSchema)
    if (!parsed.ok) return refuse(400, parsed.errors)
    const periods = await listPeriods(programme.id)
    const period = periods.find((p) => p.id === parsed.data.periodId)
    if (!period) return refuse(400, { '': ['errors.badRequest'] })
    if (period.reportStatus === 'submitted') return refuse(409, { '': ['reporting.setup.value.frozen'] })
    // Every value needs its evidence: a link, a file now, or the file already there (and kept).
    const existing = (await listManualValues(indicatorId)).find((v) => v.periodId === period.id)
    const keepsFile = Boolean(existing?.attachment?.id) && !parsed.data.removeFile
    if (!parsed.data.evidenceUrl && !file && !keepsFile)
      return refuse(400, { evidenceUrl: ['reporting.setup.value.evidenceRequired'] })
    let saved = false
    try {
      const outcome = await db.transaction((tx) =>
        saveManualValue(
          tx,
          indicator!,
          {
            periodId: period.id,
            value: parsed.data.value,
            evidenceUrl: parsed.data.evidenceUrl ?? null,
            note: parsed.data.note ?? null,
            removeFile: parsed.data.removeFile,
          },
          file,
          actor,
        ),
      )
      saved = true
      if (outcome.obsolete) await removeUpload(outcome.obsolete)
    } finally {
      // The bytes are on disk already; without a row pointing at them nobody could ever reach or delete them.
      if (!saved && file) await removeUpload(file.storageKey)
    }
    return redirectWithFlash(`${here}#values-title`, 'reporting.setup.value.saved')
  }
}

export default function IndicatorPage() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Failure | undefined
  const { t, number, calendarDate } = useI18n()
  const i = d.indicator
  const fail = (intent: Intent) => (result?.intent === intent ? result : undefined)
  const saveFailure = fail('save')
  const targetsFailure = fail('targets')
  const toNumber = (v: string) => Number(v.replace(',', '.'))
  const targetSum = d.periods.reduce((sum, p) => sum + (p.target === null ? 0 : toNumber(p.target)), 0)
  return (
    <div className="stack">
      <ReportNav programme={d.programme} />
      <div className="page-header">
        <div>
          <h1>{i.name}</h1>
          <p className="muted">
            {i.unit} · {i.computation}
          </p>
        </div>
      </div>
      {i.description ? <p className="pre-line">{i.description}</p> : null}

      <section aria-labelledby="targets-title">
        <h2 id="targets-title">{t('reporting.setup.target.title')}</h2>
        <p className="muted">
          {i.targetTotal === null
            ? t('reporting.setup.target.noTotal')
            : t('reporting.setup.target.total', { total: number(toNumber(i.targetTotal)), unit: i.unit })}{' '}
          {targetSum > 0 ? t('reporting.setup.target.sum', { sum: number(targetSum) }) : null}
        </p>
        {d.periods.length === 0 ? (
          <p className="alert alert-warn">
            {t('reporting.setup.target.noPeriods')}{' '}
            <Link to={`/programmes/${d.programme.id}/reporting#periods-title`}>
              {t('reporting.setup.period.title')}
            </Link>
          </p>
        ) : d.canManage ? (
          <Form method="post" className="card form" noValidate>
            <FormErrors errors={targetsFailure?.errors} />
            <div className="form-grid">
              {d.periods.map((p) => (
                <TextField
                  key={p.id}
                  label={t('reporting.setup.target.forPeriod', { period: p.label })}
                  hint={`${calendarDate(p.startsOn)} — ${calendarDate(p.endsOn)}`}
                  name={`target.${p.id}`}
                  inputMode="decimal"
                  optional
                  defaultValue={valueOf(targetsFailure?.values, `target.${p.id}`, p.target ?? '')}
                  errors={targetsFailure?.errors[`target.${p.id}`]}
                />
              ))}
            </div>
            <StatusButton intent="targets">{t('reporting.setup.target.save')}</StatusButton>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="values-title">
        <h2 id="values-title">
          {t(i.source === 'manual' ? 'reporting.setup.value.title' : 'reporting.setup.value.computedTitle')}
        </h2>
        <p className="muted">
          {t(i.source === 'manual' ? 'reporting.setup.value.intro' : 'reporting.setup.value.computedIntro')}
        </p>
        {d.periods.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="values-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.setup.period.label')}</th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.target')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.value')}
                  </th>
                  {i.source === 'manual' ? <th scope="col">{t('reporting.setup.value.evidence')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.periods.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      {p.label}
                      <div className="muted">
                        {calendarDate(p.startsOn)} — {calendarDate(p.endsOn)}
                      </div>
                    </th>
                    <td className="num">{p.target === null ? t('common.none') : number(toNumber(p.target))}</td>
                    <td className="num">
                      {i.source === 'computed'
                        ? number(p.computed ?? 0)
                        : p.value
                          ? number(toNumber(p.value.value))
                          : t('common.none')}
                    </td>
                    {i.source === 'manual' ? (
                      <td>
                        {p.value?.evidenceUrl ? (
                          <div>
                            <a href={p.value.evidenceUrl} rel="noopener noreferrer nofollow" target="_blank">
                              {p.value.evidenceUrl}
                            </a>
                          </div>
                        ) : null}
                        {p.value?.file ? (
                          <div>
                            <a href={p.value.file.href}>{p.value.file.name}</a>{' '}
                            <span className="muted">
                              ({p.value.file.type}, {p.value.file.size})
                            </span>
                          </div>
                        ) : null}
                        {p.value?.note ? <div className="muted pre-line">{p.value.note}</div> : null}
                        {!p.value ? t('common.none') : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {i.source === 'computed' && d.computedTotal !== null ? (
          <p>{t('reporting.setup.value.computedTotal', { total: number(d.computedTotal), unit: i.unit })}</p>
        ) : null}
        {i.source === 'manual' && d.canManage ? <ValueForms /> : null}
      </section>

      {d.canManage && d.choices ? (
        <section aria-labelledby="settings-title">
          <h2 id="settings-title">{t('reporting.setup.indicator.settingsTitle')}</h2>
          <IndicatorForm
            mode={{ mode: 'edit', version: i.version }}
            failure={saveFailure}
            indicator={i}
            choices={d.choices}
          />
          <Form method="post" className="card form" aria-labelledby="delete-title">
            <h3 id="delete-title">{t('reporting.setup.indicator.deleteTitle')}</h3>
            <p>{t('reporting.setup.indicator.deleteWarning')}</p>
            <StatusButton intent="delete" className="button-danger">
              {t('reporting.setup.indicator.delete')}
            </StatusButton>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

/** One form per period: the value, a link and/or a file as evidence, a note. Frozen periods show why not. */
function ValueForms() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Failure | undefined
  const { t } = useI18n()
  const ruleParams = { formats: d.upload.formats, max: d.upload.maxLabel }
  const firstEmpty = d.periods.find((p) => !p.value && !p.frozen)?.id
  return (
    <div className="stack">
      {d.periods.map((p) => {
        const failed =
          result && (result.intent === 'value' || result.intent === 'deleteValue') && result.periodId === p.id
            ? result
            : undefined
        const values = failed?.values
        const headingId = `value-${p.id}`
        if (p.frozen) {
          return (
            <p key={p.id} id={headingId} className="card muted">
              <strong>{p.label}</strong>: {t('reporting.setup.value.frozen')}
            </p>
          )
        }
        // One period open at a time: the one whose save just failed, else the first without a value.
        return (
          <details key={p.id} className="card" open={failed ? true : !result && p.id === firstEmpty}>
            <summary id={headingId}>
              {t(p.value ? 'reporting.setup.value.editFor' : 'reporting.setup.value.addFor', { period: p.label })}
            </summary>
            <Form method="post" encType="multipart/form-data" className="form" noValidate aria-labelledby={headingId}>
              {/* Text fields first: if the file is refused, what was typed above it still comes back. */}
              <input type="hidden" name="periodId" value={p.id} />
              <FormErrors errors={failed?.errors} />
              <div className="form-grid">
                <TextField
                  label={t('reporting.setup.value.value')}
                  name="value"
                  inputMode="decimal"
                  defaultValue={valueOf(values, 'value', p.value?.value ?? '')}
                  errors={failed?.errors.value}
                />
                <TextField
                  label={t('reporting.setup.value.evidenceUrl')}
                  hint={t('reporting.setup.value.evidenceUrlHint')}
                  name="evidenceUrl"
                  type="url"
                  optional
                  defaultValue={valueOf(values, 'evidenceUrl', p.value?.evidenceUrl ?? '')}
                  errors={failed?.errors.evidenceUrl}
                />
              </div>
              <TextareaField
                label={t('reporting.setup.value.note')}
                name="note"
                optional
                rows={2}
                maxLength={1000}
                defaultValue={valueOf(values, 'note', p.value?.note ?? '')}
                errors={failed?.errors.note}
              />
              {p.value?.file ? (
                <label className="checkbox">
                  <input type="checkbox" name="removeFile" defaultChecked={values?.removeFile === 'on'} />
                  <span>{t('reporting.setup.value.removeFile', { name: p.value.file.name })}</span>
                </label>
              ) : null}
              <TextField
                label={t(p.value?.file ? 'reporting.setup.value.replaceFile' : 'reporting.setup.value.file')}
                hint={t('attachments.field.fileHint', ruleParams)}
                name="file"
                type="file"
                accept={d.upload.accept}
                optional
                errors={failed?.fileError ? [t(failed.fileError, ruleParams)] : undefined}
              />
              <div className="row">
                <StatusButton intent="value">{t('reporting.setup.value.save')}</StatusButton>
              </div>
            </Form>
            {p.value ? (
              <Form method="post" className="value-form">
                <input type="hidden" name="periodId" value={p.id} />
                <StatusButton intent="deleteValue" className="button-quiet">
                  {t('reporting.setup.value.delete')}
                </StatusButton>
              </Form>
            ) : null}
          </details>
        )
      })}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.indicator.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
