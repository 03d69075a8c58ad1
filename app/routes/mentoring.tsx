import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { SelectField } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import {
  ATTENDANCE_DAYS,
  canUseMentoringDashboard,
  dashboardProgrammes,
  dashboardScope,
  getMentoringDashboard,
  managedProgrammesForMentorships,
  parseDashboardQuery,
  QUIET_DAYS,
  STALLED_DAYS,
} from '#app/models/mentoring-dashboard.server.ts'
import { getStageModel } from '#app/models/stage-model.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import styles from '#app/styles/mentoring.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  if (!canUseMentoringDashboard(user)) forbidden()
  const query = parseDashboardQuery(new URL(args.request.url))
  const scope = dashboardScope(user)
  // Administrators look at one programme at a time: every centre of the installation at once is not a
  // working view (and would make the page as slow as the installation is large).
  const adminMustChoose = user.isAdmin && !query.programme
  if (adminMustChoose) scope.all = false
  const now = new Date()
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: user.timeZone }).format(now)
  const [dashboard, programmes, managed] = await Promise.all([
    getMentoringDashboard(scope, query, { now, today }),
    dashboardProgrammes(dashboardScope(user)),
    managedProgrammesForMentorships(dashboardScope(user)),
  ])
  const model = getStageModel()
  return {
    ...dashboard,
    programmes: programmes.map((p) => ({ id: p.id, name: p.name })),
    managed,
    stages: model.stages.map((s) => ({ key: s.key, title: s.title, titleEn: s.titleEn })),
    adminMustChoose: adminMustChoose && dashboard.total === 0,
    isAdmin: user.isAdmin,
    query: { programme: query.programme ?? '', stage: query.stage ?? '', flagged: query.flagged, page: query.page },
    rule: { quietDays: QUIET_DAYS, stalledDays: STALLED_DAYS, attendanceDays: ATTENDANCE_DAYS },
  }
}

export default function MentoringDashboard() {
  const d = useLoaderData<typeof loader>()
  const { t, locale, number, date } = useI18n()
  const stageTitle = (key: string) => {
    const stage = d.stages.find((s) => s.key === key)
    return stage ? (locale === 'ru' ? stage.title : stage.titleEn) : key
  }
  const filtered = Boolean(d.query.programme || d.query.stage || d.query.flagged)
  return (
    <div className="stack">
      <div>
        <h1>{t('mentorships.dashboard.title')}</h1>
        <p className="lead">{t('mentorships.dashboard.lead')}</p>
      </div>

      {d.managed.length ? (
        <section aria-labelledby="programmes-title">
          <h2 id="programmes-title">{t('mentorships.dashboard.programmesTitle')}</h2>
          <ul className="list-plain card" role="list">
            {d.managed.map((p) => (
              <li key={p.id}>
                <Link to={`/programmes/${p.id}/mentorships`}>{p.name}</Link>{' '}
                <span className="muted">
                  · {t('mentorships.dashboard.programmeLine', { count: p.centres, mentorships: number(p.mentorships) })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="centres-title" className="stack">
        <h2 id="centres-title">{t('mentorships.dashboard.centresTitle')}</h2>
        <Form method="get" className="filters" role="search" aria-label={t('mentorships.dashboard.filters')}>
          <SelectField
            label={t('mentorships.dashboard.programme')}
            name="programme"
            optional
            placeholder={d.isAdmin ? t('mentorships.dashboard.chooseProgramme') : t('mentorships.dashboard.allProgrammes')}
            defaultValue={d.query.programme}
            options={d.programmes.map((p) => ({ value: p.id, label: p.name }))}
          />
          <SelectField
            label={t('mentorships.dashboard.stage')}
            name="stage"
            optional
            placeholder={t('mentorships.dashboard.allStages')}
            defaultValue={d.query.stage}
            options={d.stages.map((s) => ({ value: s.key, label: locale === 'ru' ? s.title : s.titleEn }))}
          />
          <label className="checkbox">
            <input type="checkbox" name="flagged" value="1" defaultChecked={d.query.flagged} />
            <span>{t('mentorships.dashboard.flaggedOnly')}</span>
          </label>
          <div className="row">
            <button type="submit" className="button">
              {t('mentorships.dashboard.show')}
            </button>
            {filtered ? (
              <Link to="/mentoring" className="button button-quiet">
                {t('mentorships.dashboard.reset')}
              </Link>
            ) : null}
          </div>
        </Form>

        <div className="quiet-rule">
          <h3>{t('mentorships.dashboard.ruleTitle')}</h3>
          <ul>
            <li>{t('mentorships.dashboard.ruleQuiet', { days: d.rule.quietDays })}</li>
            <li>
              <em>{t('mentorships.dashboard.ruleOr')}</em> {t('mentorships.dashboard.ruleStalled', { days: d.rule.stalledDays })}
            </li>
          </ul>
        </div>

        {d.adminMustChoose ? (
          <p className="muted">{t('mentorships.dashboard.adminChoose')}</p>
        ) : d.total === 0 ? (
          <p className="muted">{filtered ? t('mentorships.dashboard.empty') : t('mentorships.dashboard.nothing')}</p>
        ) : (
          <>
            <p>
              <strong>{t('mentorships.dashboard.summary', { count: d.total })}</strong>
              {d.flaggedTotal ? `, ${t('mentorships.dashboard.summaryFlagged', { count: d.flaggedTotal })}` : ''}
            </p>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="centres-title">
              <table className="dashboard-table">
                <thead>
                  <tr>
                    <th scope="col">{t('mentorships.dashboard.col.centre')}</th>
                    <th scope="col">{t('mentorships.dashboard.col.flag')}</th>
                    <th scope="col">{t('mentorships.dashboard.col.stage')}</th>
                    <th scope="col">{t('mentorships.dashboard.col.plan')}</th>
                    <th scope="col">{t('mentorships.dashboard.col.overdue')}</th>
                    <th scope="col">{t('mentorships.dashboard.col.consultations')}</th>
                    <th scope="col">{t('mentorships.dashboard.col.attendance')}</th>
                    <th scope="col">{t('mentorships.dashboard.col.lastContact')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={`${r.programmeId}:${r.centreId}`} className={r.flagged ? 'row-flagged' : undefined}>
                      <th scope="row">
                        <Link to={`/organisations/${r.centreId}`}>{r.centreName}</Link>
                        <span className="muted">
                          {r.city}, {locale === 'ru' ? r.regionRu : r.regionEn}
                        </span>
                        <span className="muted">{r.programmeName}</span>
                        <span className="muted">
                          {r.mentorshipId
                            ? [r.mentorOrganisationName, r.mentorNames ? t('mentorships.dashboard.mentorsLine', { names: r.mentorNames }) : null]
                                .filter(Boolean)
                                .join(' · ')
                            : t('mentorships.dashboard.noMentorship')}
                        </span>
                      </th>
                      <td>
                        {r.flagged ? (
                          <>
                            <span className="badge badge-quiet">{t('mentorships.dashboard.flag')}</span>
                            {r.quiet ? <span className="muted">{t('mentorships.dashboard.flagQuiet', { count: d.rule.quietDays })}</span> : null}
                            {r.stalled ? <span className="muted">{t('mentorships.dashboard.flagStalled')}</span> : null}
                          </>
                        ) : (
                          <span className="badge badge-ok">{t('mentorships.dashboard.ok')}</span>
                        )}
                      </td>
                      <td>{stageTitle(r.stage)}</td>
                      <td>
                        {r.tasksTotal
                          ? t('mentorships.dashboard.planProgress', { done: number(r.tasksDone), total: number(r.tasksTotal) })
                          : t('mentorships.dashboard.noPlan')}
                      </td>
                      <td className={r.tasksOverdue ? 'figure-alert' : undefined}>{number(r.tasksOverdue)}</td>
                      <td>{number(r.openConsultations)}</td>
                      <td>
                        {r.attendanceMarked
                          ? t('mentorships.dashboard.attendanceShare', {
                              percent: number(Math.round((100 * r.attendancePresent) / r.attendanceMarked)),
                              present: number(r.attendancePresent),
                              marked: number(r.attendanceMarked),
                            })
                          : t('mentorships.dashboard.noMarks')}
                      </td>
                      <td>
                        {r.lastContact ? (
                          <>
                            {date(r.lastContact)}
                            {r.lastContactKind ? <span className="muted">{t(`mentorships.dashboard.contact.${r.lastContactKind}`)}</span> : null}
                          </>
                        ) : (
                          t('mentorships.dashboard.noContact')
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination
              page={d.query.page}
              pages={d.pages}
              path="/mentoring"
              params={{ programme: d.query.programme, stage: d.query.stage, flagged: d.query.flagged }}
              label={t('mentorships.dashboard.pagination')}
            />
          </>
        )}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = titleMeta('mentorships.dashboard.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
