import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ActivityForm, IndicatorForm, PeriodForm, StatusBadge } from '#app/components/report-forms.tsx'
import { ReportNav } from '#app/components/report-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { getProgrammeDetail } from '#app/models/programme.server.ts'
import {
  ActivityFormSchema,
  activityStatus,
  createActivity,
  createIndicator,
  createPeriod,
  describeComputation,
  generateQuarters,
  indicatorChoices,
  listActivities,
  listIndicators,
  listPeriods,
  parseIndicatorForm,
  PeriodFormSchema,
  periodOutsideProgramme,
  requireProgrammeReporting,
  todayFor,
} from '#app/models/reporting-setup.server.ts'
import reportStyles from '#app/styles/reports.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, type FormFailure } from '#app/utils/forms.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }]

const INTENTS = ['createPeriod', 'generateQuarters', 'createActivity', 'createIndicator'] as const
const IntentSchema = z.enum(INTENTS)
type Intent = (typeof INTENTS)[number]

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, canManage } = await requireProgrammeReporting(args, 'view')
  const locale = resolveLocale(args.request, user)
  const [detail, periods, activities, indicators, choices] = await Promise.all([
    getProgrammeDetail(programme.id),
    listPeriods(programme.id),
    listActivities(programme.id),
    listIndicators(programme.id),
    canManage ? indicatorChoices(locale) : null,
  ])
  const today = todayFor(user)
  return {
    programme: {
      id: programme.id,
      name: programme.name,
      funder: detail!.funder,
      competition: detail!.competition,
      grantNumber: detail!.grantNumber,
      amount: detail!.amount,
      coFinancing: detail!.coFinancing,
      startsOn: programme.startsOn,
      endsOn: programme.endsOn,
    },
    canManage,
    periods,
    activities: activities.map(({ updatedAt: _u, ...a }) => ({ ...a, status: activityStatus(a, today) })),
    indicators: indicators.map(({ updatedAt: _u, ...i }) => ({ ...i, computation: describeComputation(i, locale) })),
    choices,
  }
}

type Failure = FormFailure & { intent: Intent }

export async function action(args: ActionFunctionArgs) {
  const { user, programme } = await requireProgrammeReporting(args, 'manage')
  const locale = resolveLocale(args.request, user)
  const formData = await args.request.formData()
  const intent = IntentSchema.safeParse(formData.get('intent'))
  if (!intent.success)
    return data(
      { intent: 'createPeriod' as Intent, ...formFailure(formData, { '': ['errors.badRequest'] }) },
      { status: 400 },
    )
  const fail = (errors: Record<string, string[]>, status = 400) =>
    data<Failure>({ intent: intent.data, ...formFailure(formData, errors) }, { status })
  const actor = { actorId: user.id, organisationId: programme.mentorOrganisationId }
  const back = `/programmes/${programme.id}/reporting`

  switch (intent.data) {
    case 'createPeriod': {
      const parsed = parseForm(formData, PeriodFormSchema)
      if (!parsed.ok) return fail(parsed.errors)
      const outside = periodOutsideProgramme(parsed.data, programme)
      if (outside) return fail(outside)
      await db.transaction((tx) => createPeriod(tx, programme.id, parsed.data, actor))
      return redirectWithFlash(`${back}#periods-title`, 'reporting.setup.period.created')
    }
    case 'generateQuarters': {
      const added = await db.transaction((tx) => generateQuarters(tx, programme, locale, actor))
      return redirectWithFlash(
        `${back}#periods-title`,
        added ? 'reporting.setup.period.quartersAdded' : 'reporting.setup.period.quartersNone',
      )
    }
    case 'createActivity': {
      const parsed = parseForm(formData, ActivityFormSchema)
      if (!parsed.ok) return fail(parsed.errors)
      await db.transaction((tx) => createActivity(tx, programme.id, parsed.data, actor))
      return redirectWithFlash(`${back}#plan-title`, 'reporting.setup.activity.created')
    }
    case 'createIndicator': {
      const parsed = parseIndicatorForm(formData)
      if (!parsed.ok) return fail(parsed.errors)
      const { id } = await db.transaction((tx) => createIndicator(tx, programme.id, parsed.data, actor))
      return redirectWithFlash(`${back}/indicators/${id}`, 'reporting.setup.indicator.created')
    }
  }
}

export default function ReportingSetup() {
  const d = useLoaderData<typeof loader>()
  const { t, money, calendarDate } = useI18n()
  const p = d.programme
  return (
    <div className="stack">
      <ReportNav programme={p} />
      <div className="page-header">
        <h1>{t('reporting.setup.title')}</h1>
      </div>
      <p>{t(d.canManage ? 'reporting.setup.intro' : 'reporting.setup.introReadOnly')}</p>

      <section className="card" aria-labelledby="grant-title">
        <h2 id="grant-title">{t('reporting.setup.grantTitle')}</h2>
        <dl className="details">
          <dt>{t('programmes.field.funder')}</dt>
          <dd>{p.funder}</dd>
          <dt>{t('programmes.field.competition')}</dt>
          <dd>{p.competition ?? t('common.none')}</dd>
          <dt>{t('programmes.field.grantNumber')}</dt>
          <dd>{p.grantNumber ?? t('common.none')}</dd>
          <dt>{t('programmes.amount')}</dt>
          <dd>{p.amount ? money(p.amount) : t('common.none')}</dd>
          <dt>{t('programmes.coFinancing')}</dt>
          <dd>{p.coFinancing ? money(p.coFinancing) : t('common.none')}</dd>
          <dt>{t('programmes.period')}</dt>
          <dd>
            {calendarDate(p.startsOn)} — {calendarDate(p.endsOn)}
          </dd>
        </dl>
        {d.canManage ? (
          <p>
            <Link to={`/programmes/${p.id}/edit`}>{t('reporting.setup.editGrant')}</Link>
          </p>
        ) : null}
      </section>

      <PeriodsSection />
      <PlanSection />
      <IndicatorsSection />

      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">{t('reporting.export.dataTitle')}</h2>
        <p>{t('reporting.export.dataIntro')}</p>
        <p>
          <a href={`/programmes/${p.id}/reporting/data.csv`} download>
            {t('reporting.export.dataDownload')}
          </a>
        </p>
      </section>
    </div>
  )
}

function useFailure(intent: Intent) {
  const failure = useActionData<typeof action>() as Failure | undefined
  return failure?.intent === intent ? failure : undefined
}

function PeriodsSection() {
  const d = useLoaderData<typeof loader>()
  const { t, calendarDate } = useI18n()
  const failure = useFailure('createPeriod')
  return (
    <section aria-labelledby="periods-title">
      <h2 id="periods-title">{t('reporting.setup.period.title')}</h2>
      <p className="muted">{t('reporting.setup.period.intro')}</p>
      {d.periods.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="periods-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reporting.setup.period.label')}</th>
                <th scope="col">{t('reporting.setup.period.dates')}</th>
                <th scope="col">{t('reporting.report.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('reporting.setup.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.periods.map((period) => (
                <tr key={period.id}>
                  <th scope="row">
                    <Link to={`/programmes/${d.programme.id}/reports/${period.id}`}>{period.label}</Link>
                  </th>
                  <td>
                    {calendarDate(period.startsOn)} — {calendarDate(period.endsOn)}
                  </td>
                  <td>
                    <StatusBadge
                      status={period.reportStatus ?? 'none'}
                      label={t(`reporting.report.statusValue.${period.reportStatus ?? 'none'}`)}
                    />
                  </td>
                  <td>
                    {d.canManage ? (
                      <Link
                        to={`/programmes/${d.programme.id}/reporting/periods/${period.id}`}
                        aria-label={t('reporting.setup.editNamed', { name: period.label })}
                      >
                        {t('action.edit')}
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('reporting.setup.period.empty')}</p>
      )}
      {d.canManage ? (
        <div className="report-forms">
          <PeriodForm mode={{ mode: 'add' }} failure={failure} programme={d.programme} />
          <Form method="post" className="card form" aria-labelledby="quarters-title">
            <h3 id="quarters-title">{t('reporting.setup.period.quartersTitle')}</h3>
            <p>{t('reporting.setup.period.quartersIntro')}</p>
            <StatusButton intent="generateQuarters" className="button-quiet">
              {t('reporting.setup.period.generateQuarters')}
            </StatusButton>
          </Form>
        </div>
      ) : null}
    </section>
  )
}

function PlanSection() {
  const d = useLoaderData<typeof loader>()
  const { t, calendarDate } = useI18n()
  const failure = useFailure('createActivity')
  const range = (from: string | null, to: string | null) =>
    from && to
      ? from === to
        ? calendarDate(from)
        : `${calendarDate(from)} — ${calendarDate(to)}`
      : to
        ? calendarDate(to)
        : t('common.none')
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{t('reporting.setup.activity.title')}</h2>
      <p className="muted">{t('reporting.setup.activity.intro')}</p>
      {d.activities.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="plan-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reporting.setup.activity.name')}</th>
                <th scope="col">{t('reporting.setup.activity.planned')}</th>
                <th scope="col">{t('reporting.setup.activity.actual')}</th>
                <th scope="col">{t('reporting.report.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('reporting.setup.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.activities.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.isControlPoint ? (
                      <>
                        <span className="badge badge-accent">{t('reporting.setup.activity.controlPoint')}</span>{' '}
                      </>
                    ) : null}
                    {a.title}
                    {a.result ? <div className="muted pre-line">{a.result}</div> : null}
                  </th>
                  <td>{range(a.plannedStartOn, a.plannedEndOn)}</td>
                  <td>{a.actualStartOn || a.actualEndOn ? range(a.actualStartOn, a.actualEndOn) : t('common.none')}</td>
                  <td>
                    <StatusBadge status={a.status} label={t(`reporting.setup.activity.status.${a.status}`)} />
                  </td>
                  <td>
                    {d.canManage ? (
                      <Link
                        to={`/programmes/${d.programme.id}/reporting/activities/${a.id}`}
                        aria-label={t('reporting.setup.editNamed', { name: a.title })}
                      >
                        {t('action.edit')}
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('reporting.setup.activity.empty')}</p>
      )}
      {d.canManage ? <ActivityForm mode={{ mode: 'add' }} failure={failure} programme={d.programme} /> : null}
    </section>
  )
}

function IndicatorsSection() {
  const d = useLoaderData<typeof loader>()
  const { t, number } = useI18n()
  const failure = useFailure('createIndicator')
  return (
    <section aria-labelledby="indicators-title">
      <h2 id="indicators-title">{t('reporting.setup.indicator.title')}</h2>
      <p className="muted">{t('reporting.setup.indicator.intro')}</p>
      {d.indicators.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="indicators-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reporting.setup.indicator.name')}</th>
                <th scope="col">{t('reporting.setup.indicator.unit')}</th>
                <th scope="col">{t('reporting.setup.indicator.source')}</th>
                <th scope="col" className="num">
                  {t('reporting.setup.indicator.targetTotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.indicators.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/programmes/${d.programme.id}/reporting/indicators/${i.id}`}>{i.name}</Link>
                  </th>
                  <td>{i.unit}</td>
                  <td>{i.source === 'manual' ? t('reporting.setup.indicator.sourceValue.manual') : i.computation}</td>
                  <td className="num">{i.targetTotal === null ? t('common.none') : number(Number(i.targetTotal))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('reporting.setup.indicator.empty')}</p>
      )}
      {d.canManage ? <IndicatorForm mode={{ mode: 'add' }} failure={failure} choices={d.choices!} /> : null}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.programme.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
