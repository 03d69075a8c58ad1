import type { ReactNode } from 'react'
import { completionPercent, progressClass, publicationUrl, type ShownReport } from '#app/utils/report-content.ts'
import { useI18n } from '#app/utils/use-i18n.ts'
import { StatusBadge } from './report-forms.tsx'

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="report-section stack" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

function Text({ text, empty }: { text: string; empty: string }) {
  return text.trim() ? <div className="pre-line">{text}</div> : <p className="muted">{empty}</p>
}

/**
 * The report's sections in the order of the Fund's analytical report. The page, the printable version and
 * (in their own way) the exports all show the same content: live for a draft, the snapshot once submitted.
 */
export function ReportSections({ report, evidenceHref }: { report: ShownReport; evidenceHref?: (attachmentId: string) => string }) {
  const { t, number, calendarDate, locale } = useI18n()
  const r = report
  const range = (from: string | null, to: string | null) =>
    from && to ? (from === to ? calendarDate(from) : `${calendarDate(from)} — ${calendarDate(to)}`) : to ? calendarDate(to) : from ? calendarDate(from) : t('common.none')
  const met = r.controlPoints.filter((c) => c.status === 'done' || c.status === 'late').length
  const num = (v: number | null, digits = 2) => (v === null ? t('common.none') : number(v, { maximumFractionDigits: digits }))
  return (
    <>
      <Section id="summary-title" title={t('reporting.report.section.summary')}>
        <div className="stats">
          <p className="stat">
            <span className="stat-value">
              {r.events.held} / {r.events.planned}
            </span>
            <span className="stat-label">{t('reporting.report.stat.eventsHeld')}</span>
          </p>
          <p className="stat">
            <span className="stat-value">{number(r.events.participants)}</span>
            <span className="stat-label">{t('reporting.report.stat.participants')}</span>
          </p>
          <p className="stat">
            <span className="stat-value">
              {r.events.centresReached} / {r.programme.centres}
            </span>
            <span className="stat-label">{t('reporting.report.stat.centres')}</span>
          </p>
          <p className="stat">
            <span className="stat-value">
              {met} / {r.controlPoints.length}
            </span>
            <span className="stat-label">{t('reporting.report.stat.controlPoints')}</span>
          </p>
        </div>
        <dl className="details">
          <dt>{t('programmes.field.funder')}</dt>
          <dd>{r.programme.funder}</dd>
          {r.programme.competition ? (
            <>
              <dt>{t('programmes.field.competition')}</dt>
              <dd>{r.programme.competition}</dd>
            </>
          ) : null}
          <dt>{t('programmes.field.grantNumber')}</dt>
          <dd>{r.programme.grantNumber ?? t('common.none')}</dd>
          <dt>{t('programmes.field.mentor')}</dt>
          <dd>{r.programme.mentorName}</dd>
          <dt>{t('programmes.period')}</dt>
          <dd>{range(r.programme.startsOn, r.programme.endsOn)}</dd>
          <dt>{t('reporting.report.periodLabel')}</dt>
          <dd>
            {r.period.label} ({range(r.period.startsOn, r.period.endsOn)})
          </dd>
        </dl>
      </Section>

      <Section id="control-title" title={t('reporting.report.section.controlPoints')}>
        {r.controlPoints.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="control-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.report.col.controlPoint')}</th>
                  <th scope="col">{t('reporting.report.col.plannedDate')}</th>
                  <th scope="col">{t('reporting.report.col.actualDate')}</th>
                  <th scope="col">{t('reporting.report.status')}</th>
                  <th scope="col">{t('reporting.report.col.result')}</th>
                </tr>
              </thead>
              <tbody>
                {r.controlPoints.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th>
                    <td>{calendarDate(c.plannedEndOn)}</td>
                    <td>{c.actualEndOn ? calendarDate(c.actualEndOn) : t('common.none')}</td>
                    <td>
                      <StatusBadge status={c.status} label={t(`reporting.setup.activity.status.${c.status}`)} />
                    </td>
                    <td className="pre-line">{c.result ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('reporting.report.noControlPoints')}</p>
        )}
        <h3>{t('reporting.report.section.plan')}</h3>
        {r.activities.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reporting.report.section.plan')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.setup.activity.name')}</th>
                  <th scope="col">{t('reporting.setup.activity.planned')}</th>
                  <th scope="col">{t('reporting.setup.activity.actual')}</th>
                  <th scope="col">{t('reporting.report.status')}</th>
                </tr>
              </thead>
              <tbody>
                {r.activities.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {a.title}
                      {a.result ? <div className="muted pre-line">{a.result}</div> : null}
                    </th>
                    <td>{range(a.plannedStartOn, a.plannedEndOn)}</td>
                    <td>{a.actualStartOn || a.actualEndOn ? range(a.actualStartOn, a.actualEndOn) : t('common.none')}</td>
                    <td>
                      <StatusBadge status={a.status} label={t(`reporting.setup.activity.status.${a.status}`)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('reporting.report.noActivities')}</p>
        )}
      </Section>

      <Section id="description-title" title={t('reporting.report.section.description')}>
        <Text text={r.narrative.activityDescription} empty={t('reporting.report.noText')} />
      </Section>

      <Section id="events-title" title={t('reporting.report.section.events')}>
        <p className="muted">{t('reporting.report.eventsRule')}</p>
        {r.events.byKind.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reporting.report.eventsByKind')}>
            <table>
              <caption>{t('reporting.report.eventsByKind')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.report.col.kind')}</th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.planned')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.held')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.cancelled')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.participants')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.events.byKind.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row">{t(`schedule.kind.${k.kind}`)}</th>
                    <td className="num">{k.planned}</td>
                    <td className="num">{k.held}</td>
                    <td className="num">{k.cancelled}</td>
                    <td className="num">{number(k.participants)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('reporting.report.noEvents')}</p>
        )}
        {r.events.list.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reporting.report.eventsList')}>
            <table>
              <caption>{t('reporting.report.eventsList')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.report.col.date')}</th>
                  <th scope="col">{t('reporting.report.col.event')}</th>
                  <th scope="col">{t('reporting.report.col.kind')}</th>
                  <th scope="col">{t('reporting.report.status')}</th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.participants')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.events.list.map((e) => (
                  <tr key={e.id}>
                    <td>
                      {range(e.date, e.endDate)}
                      <div className="muted">{e.time}</div>
                    </td>
                    <th scope="row">
                      {e.title}
                      {e.hostName ? <div className="muted">{e.hostName}</div> : null}
                    </th>
                    <td>{t(`schedule.kind.${e.kind}`)}</td>
                    <td>
                      <StatusBadge
                        status={e.status === 'held' ? 'done' : e.status === 'cancelled' ? 'overdue' : 'planned'}
                        label={t(`reporting.report.eventStatus.${e.status}`)}
                      />
                    </td>
                    <td className="num">
                      {e.status === 'held' ? number(e.participants) : t('common.none')}
                      {e.status === 'held' && e.participants === 0 ? <div className="muted">{t('reporting.report.noAttendance')}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>

      <Section id="indicators-title" title={t('reporting.report.section.indicators')}>
        {r.indicators.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="indicators-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.setup.indicator.name')}</th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.periodTarget')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.periodValue')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.cumulative')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.totalTarget')}
                  </th>
                  <th scope="col">{t('reporting.report.col.completion')}</th>
                </tr>
              </thead>
              <tbody>
                {r.indicators.map((i) => {
                  const percent = completionPercent(i.completion)
                  return (
                    <tr key={i.id}>
                      <th scope="row">
                        {i.name}, <span className="muted">{i.unit}</span>
                        <div className="muted">{i.computation}</div>
                        {i.evidence.map((e, n) => (
                          <div key={n} className="muted">
                            {e.url ? (
                              <a href={e.url} rel="noopener noreferrer nofollow">
                                {e.url}
                              </a>
                            ) : null}
                            {e.url && e.fileName ? ' · ' : null}
                            {e.fileName ? (
                              e.attachmentId && evidenceHref ? <a href={evidenceHref(e.attachmentId)}>{e.fileName}</a> : e.fileName
                            ) : null}
                            {e.note ? ` · ${e.note}` : null}
                          </div>
                        ))}
                      </th>
                      <td className="num">{num(i.periodTarget)}</td>
                      <td className="num">{num(i.periodValue)}</td>
                      <td className="num">{num(i.cumulativeValue)}</td>
                      <td className="num">{num(i.totalTarget)}</td>
                      <td>
                        {percent === null ? (
                          t('common.none')
                        ) : (
                          <>
                            <span className={progressClass(i.completion)} aria-hidden="true">
                              <span />
                            </span>{' '}
                            {number(percent)}&nbsp;%
                          </>
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('reporting.report.noIndicators')}</p>
        )}
      </Section>

      <Section id="qualitative-title" title={t('reporting.report.section.qualitative')}>
        <h3>{t('reporting.report.stageChanges')}</h3>
        {r.stageChanges.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reporting.report.stageChanges')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.report.col.centre')}</th>
                  <th scope="col">{t('reporting.report.col.date')}</th>
                  <th scope="col">{t('reporting.report.col.stageChange')}</th>
                  <th scope="col">{t('reporting.report.col.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {r.stageChanges.map((s, n) => (
                  <tr key={`${s.centreId}-${n}`}>
                    <th scope="row">{s.centreName}</th>
                    <td>{calendarDate(s.date)}</td>
                    <td>
                      {locale === 'ru' ? s.fromTitle : s.fromTitleEn} → {locale === 'ru' ? s.toTitle : s.toTitleEn}
                    </td>
                    <td className="pre-line">{s.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('reporting.report.noStageChanges')}</p>
        )}
        <h3>{t('reporting.report.assessmentChanges')}</h3>
        <p className="muted">{t('reporting.report.assessmentRule')}</p>
        {r.assessmentChanges.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reporting.report.assessmentChanges')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.report.col.centre')}</th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.before')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.after')}
                  </th>
                  <th scope="col" className="num">
                    {t('reporting.report.col.change')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.assessmentChanges.map((a) => (
                  <tr key={a.centreId}>
                    <th scope="row">{a.centreName}</th>
                    <td className="num">
                      {a.before === null ? t('common.none') : number(a.before, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
                      {a.beforeOn ? <div className="muted">{calendarDate(a.beforeOn)}</div> : null}
                    </td>
                    <td className="num">
                      {number(a.after, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
                      <div className="muted">{calendarDate(a.afterOn)}</div>
                    </td>
                    <td className="num">
                      {a.change === null
                        ? t('common.none')
                        : `${a.change > 0 ? '+' : ''}${number(a.change, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('reporting.report.noAssessments')}</p>
        )}
        <h3>{t('reporting.report.field.qualitativeResults')}</h3>
        <Text text={r.narrative.qualitativeResults} empty={t('reporting.report.noText')} />
        <h3>{t('reporting.report.field.feedback')}</h3>
        <Text text={r.narrative.feedback} empty={t('reporting.report.noText')} />
      </Section>

      <Section id="publications-title" title={t('reporting.report.section.publications')}>
        {r.narrative.publications.length ? (
          <ul>
            {r.narrative.publications.map((line, n) => {
              const url = publicationUrl(line)
              const label = url ? line.replace(/https?:\/\/\S+/i, '').replace(/[\s—–:-]+$/, '').trim() : line
              return (
                <li key={n}>
                  {label ? `${label} — ` : null}
                  {url ? (
                    <a href={url} rel="noopener noreferrer nofollow">
                      {url}
                    </a>
                  ) : null}
                </li>
              )
            })}
          </ul>
        ) : (
          <p className="muted">{t('reporting.report.noPublications')}</p>
        )}
      </Section>

      <Section id="commentary-title" title={t('reporting.report.section.commentary')}>
        <Text text={r.narrative.commentary} empty={t('reporting.report.noText')} />
      </Section>
    </>
  )
}
