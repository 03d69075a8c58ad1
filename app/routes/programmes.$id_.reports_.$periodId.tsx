import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ReportSections } from '#app/components/report-content.tsx'
import { StatusBadge } from '#app/components/report-forms.tsx'
import { ReportNav } from '#app/components/report-nav.tsx'
import { TextareaField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  loadReportContent,
  presentReport,
  ReportFormSchema,
  ReportSubmittedError,
  requireReportPeriod,
  saveReportDraft,
  StaleReportError,
  submitReport,
} from '#app/models/programme-report.server.ts'
import reportStyles from '#app/styles/reports.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, type FormFailure } from '#app/utils/forms.ts'
import { translate } from '#app/utils/i18n.ts'
import { localeFromMatches } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }]

export async function loader(args: LoaderFunctionArgs) {
  const { programme, period, canManage, locale, today } = await requireReportPeriod(args, 'view')
  const { row, content, frozen } = await loadReportContent(programme.id, period, { today })
  return {
    programme: { id: programme.id, name: programme.name },
    period,
    canEdit: canManage && !frozen,
    frozen,
    status: row?.status ?? null,
    submittedAt: frozen ? (content.submittedAt ?? null) : null,
    submittedBy: frozen ? (content.submittedBy?.name ?? null) : null,
    version: row ? row.updatedAt.getTime() : 0,
    texts: {
      activityDescription: row?.activityDescription ?? '',
      qualitativeResults: row?.qualitativeResults ?? '',
      feedback: row?.feedback ?? '',
      commentary: row?.commentary ?? '',
      publications: row?.publications ?? '',
    },
    report: presentReport(content, locale),
  }
}

type Failure = FormFailure & { intent: 'save' | 'submit' }

export async function action(args: ActionFunctionArgs) {
  const { user, programme, period, today } = await requireReportPeriod(args, 'manage')
  const formData = await args.request.formData()
  const intent = formData.get('intent') === 'submit' ? 'submit' : 'save'
  const fail = (status: number, errors: Record<string, string[]>) =>
    data<Failure>({ intent, ...formFailure(formData, errors) }, { status })
  const parsed = parseForm(formData, ReportFormSchema)
  if (!parsed.ok) return fail(400, parsed.errors)
  const rawVersion = Number(formData.get('version'))
  const version = Number.isFinite(rawVersion) && rawVersion > 0 ? rawVersion : undefined
  const actor = { actorId: user.id, organisationId: programme.mentorOrganisationId }
  const here = `/programmes/${programme.id}/reports/${period.id}`
  try {
    if (intent === 'submit') {
      await db.transaction((tx) => submitReport(tx, programme.id, period, parsed.data, { ...actor, name: user.name }, { today, version }))
      return redirectWithFlash(here, 'reporting.report.submitted')
    }
    await db.transaction((tx) => saveReportDraft(tx, programme.id, period.id, parsed.data, actor, version))
    return redirectWithFlash(`${here}#report-form-title`, 'reporting.report.saved')
  } catch (error) {
    if (error instanceof ReportSubmittedError) return fail(409, { '': ['reporting.report.alreadySubmitted'] })
    if (error instanceof StaleReportError) return fail(409, { '': ['reporting.report.stale'] })
    throw error
  }
}

/** The report's own texts, in the order of the Fund's analytical report. */
const REPORT_TEXTS = [
  { name: 'activityDescription', rows: 6 },
  { name: 'qualitativeResults', rows: 5 },
  { name: 'feedback', rows: 4 },
  { name: 'publications', rows: 4 },
  { name: 'commentary', rows: 4 },
] as const

export default function PeriodReport() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>() as Failure | undefined
  const { t, dateTime, calendarDate } = useI18n()
  const base = `/programmes/${d.programme.id}/reports/${d.period.id}`
  const values = failure?.values
  const errors = failure?.errors
  const status = d.status ?? 'none'
  return (
    <div className="stack">
      <ReportNav programme={d.programme} />
      <div className="page-header">
        <div>
          <h1>{t('reporting.report.title', { period: d.period.label })}</h1>
          <p className="muted">
            {calendarDate(d.period.startsOn)} — {calendarDate(d.period.endsOn)} ·{' '}
            <StatusBadge status={status} label={t(`reporting.report.statusValue.${status}`)} />
          </p>
        </div>
      </div>
      {d.frozen ? (
        <p className="card report-frozen" role="note">
          {t('reporting.report.frozenNote', {
            name: d.submittedBy ?? t('common.none'),
            date: d.submittedAt ? dateTime(d.submittedAt) : t('common.none'),
          })}
        </p>
      ) : (
        <p className="alert alert-warn" role="note">
          {t('reporting.report.liveNote', { date: dateTime(d.report.generatedAt) })}
        </p>
      )}
      {failure && !d.canEdit ? <FormErrors errors={errors} /> : null}
      <nav aria-label={t('reporting.export.title')}>
        <ul className="report-actions list-plain" role="list">
          <li>
            <a href={`${base}/report.csv`} download>
              {t('reporting.export.csv')}
            </a>
          </li>
          <li>
            <a href={`${base}/report.xlsx`} download>
              {t('reporting.export.xlsx')}
            </a>
          </li>
          <li>
            <Link to={`${base}/print`}>{t('reporting.export.print')}</Link>
          </li>
        </ul>
      </nav>

      <ReportSections
        report={d.report}
        evidenceHref={(id) => `/programmes/${d.programme.id}/reporting/evidence/${id}`}
      />

      {d.canEdit ? (
        <section className="card" aria-labelledby="report-form-title">
          <h2 id="report-form-title">{t('reporting.report.formTitle')}</h2>
          <p className="muted">{t('reporting.report.formIntro')}</p>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={errors} />
            <input type="hidden" name="version" value={String(d.version)} />
            {REPORT_TEXTS.map(({ name, rows }) => (
              <TextareaField
                key={name}
                label={t(`reporting.report.field.${name}`)}
                hint={t(`reporting.report.field.${name}Hint`)}
                name={name}
                optional
                rows={rows}
                defaultValue={valueOf(values, name, d.texts[name])}
                errors={errors?.[name]}
              />
            ))}
            <p className="field-hint">{t('reporting.report.submitHint')}</p>
            <div className="row">
              <StatusButton intent="save" className="button-quiet">
                {t('reporting.report.save')}
              </StatusButton>
              <StatusButton intent="submit">{t('reporting.report.submit')}</StatusButton>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches)
  const title = data ? translate(locale, 'reporting.report.title', { period: data.period.label }) : translate(locale, 'reporting.report.listTitle')
  return [{ title: `${title} · ${translate(locale, 'app.name')}` }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
