import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, SelectField, TextareaField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  DECISIONS,
  DecisionFormSchema,
  getDecisionHistory,
  getScores,
  listCriteria,
  listExperts,
  namesOf,
  recordDecision,
  requireSelectionAccess,
  requireShortlisted,
  saveScores,
  scoreStatistics,
  uuidFrom,
} from '#app/models/practice.server.ts'
import styles from '#app/styles/practices.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, type FieldErrors } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const LEVELS = [1, 2, 3, 4, 5] as const

/** The programme's managers, administrators and its experts; an expert sees the others' scores only after giving all their own. */
async function requireScoringPage(args: LoaderFunctionArgs) {
  const access = await requireSelectionAccess(args)
  if (!access.canManage && !access.isExpert) forbidden('practices.error.notExpert')
  const practiceId = uuidFrom(args.params.practiceId)
  const practice = await requireShortlisted(access.programme.id, practiceId)
  return { ...access, practice }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, canManage, isExpert, practice } = await requireScoringPage(args)
  const [criteria, own, experts, history] = await Promise.all([
    listCriteria(programme.id),
    isExpert ? getScores(programme.id, practice.id, user.id) : [],
    listExperts(programme.id),
    getDecisionHistory(programme.id, practice.id),
  ])
  const ownComplete = criteria.length > 0 && criteria.every((c) => own.some((s) => s.criterionId === c.id))
  // The rule of independent judgement: until an expert has scored every criterion, nothing of the others'
  // scores leaves the server — not the scores, not the totals, not the spread.
  const mayCompare = !isExpert || ownComplete
  const all = mayCompare ? await getScores(programme.id, practice.id) : null
  const names = all ? await namesOf([...new Set(all.map((s) => s.expertId))]) : new Map<string, string>()
  const stats = all ? scoreStatistics(criteria, all) : null
  const locale = resolveLocale(args.request, user)
  return {
    programme: { id: programme.id, name: programme.name },
    practice: { ...practice, title: locale === 'en' && practice.titleEn ? practice.titleEn : practice.title },
    canManage,
    isExpert,
    criteria: criteria.map(({ scores: _scores, ...c }) => c),
    own: own.map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment })),
    ownComplete,
    expertsNamed: experts.length,
    comparison:
      all && stats
        ? {
            experts: stats.experts
              .map((e) => ({
                ...e,
                name: names.get(e.expertId) ?? '—',
                isMe: e.expertId === user.id,
                scores: Object.fromEntries(
                  all.filter((s) => s.expertId === e.expertId).map((s) => [s.criterionId, { score: s.score, comment: s.comment }]),
                ),
              }))
              .sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name, 'ru')),
            perCriterion: stats.perCriterion,
            totals: stats.totals,
          }
        : null,
    decisions: [...DECISIONS],
    history,
  }
}

type Failure = { ok: false; intent: string; errors: FieldErrors; values: Record<string, string | string[]> }

export async function action(args: ActionFunctionArgs) {
  const { user, programme, canManage, isExpert, practice } = await requireScoringPage(args)
  const formData = await args.request.formData()
  const intent = String(formData.get('intent') ?? '')
  const fail = (errors: FieldErrors, status = 400) => data({ ...formFailure(formData, errors), intent } satisfies Failure, { status })

  if (intent === 'score') {
    // Only the people the programme names as experts score, whatever else they may be.
    if (!isExpert) forbidden('practices.error.notExpert')
    const criteria = await listCriteria(programme.id)
    if (!criteria.length) return fail({ '': ['practices.error.noCriteria'] }, 409)
    const errors: FieldErrors = {}
    const scores: { criterionId: string; score: number; comment: string | null }[] = []
    for (const c of criteria) {
      const raw = String(formData.get(`score.${c.id}`) ?? '').trim()
      const comment = String(formData.get(`comment.${c.id}`) ?? '').trim()
      if (!/^[1-5]$/.test(raw)) errors[`score.${c.id}`] = ['practices.validation.score']
      if (comment.length > 1000) errors[`comment.${c.id}`] = ['validation.tooLong']
      scores.push({ criterionId: c.id, score: Number(raw), comment: comment || null })
    }
    if (Object.keys(errors).length) return fail(errors, 422)
    await db.transaction((tx) => saveScores(tx, { programmeId: programme.id, practiceId: practice.id, expertId: user.id, scores }))
    return redirectWithFlash(`/programmes/${programme.id}/practices/${practice.id}`, 'practices.flash.scored')
  }

  if (intent === 'decide') {
    if (!canManage) forbidden()
    const parsed = parseForm(formData, DecisionFormSchema)
    if (!parsed.ok) return data({ ...parsed, intent } satisfies Failure, { status: 400 })
    await db.transaction((tx) =>
      recordDecision(tx, { programmeId: programme.id, practiceId: practice.id, decision: parsed.data.decision, reason: parsed.data.reason, actorId: user.id }),
    )
    return redirectWithFlash(`/programmes/${programme.id}/practices/${practice.id}`, 'practices.flash.decided')
  }

  return fail({ '': ['errors.badRequest'] })
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function ScoringPage() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>() as Failure | undefined
  const { t, dateTime } = useI18n()
  const scoreFailure = failure?.intent === 'score' ? failure : undefined
  const decideFailure = failure?.intent === 'decide' ? failure : undefined
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${d.programme.id}/practices`}>← {t('practices.selection.backTo', { programme: d.programme.name })}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{d.practice.title}</h1>
          <p className="muted">{t('practices.scoring.title')}</p>
          <p>
            {d.practice.decision ? (
              <span className={`badge decision-${d.practice.decision}`}>{t(`practices.decision.${d.practice.decision}`)}</span>
            ) : (
              <span className="badge">{t('practices.decision.none')}</span>
            )}
          </p>
        </div>
        <Link to={`/practices/${d.practice.slug}`} className="button button-quiet">
          {t('practices.scoring.openCard')}
        </Link>
      </div>

      <p className="card">{t('practices.scoring.scale')}</p>

      {d.criteria.length === 0 ? <p className="alert alert-warn">{t('practices.error.noCriteria')}</p> : null}

      {d.isExpert && d.criteria.length ? (
        <section className="card" aria-labelledby="own-title">
          <h2 id="own-title">{t('practices.scoring.yourScores')}</h2>
          <p className="muted">{d.ownComplete ? t('practices.scoring.changeHint') : t('practices.scoring.hint')}</p>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={scoreFailure?.errors} />
            {d.criteria.map((c) => {
              const own = d.own.find((s) => s.criterionId === c.id)
              const typed = valueOf(scoreFailure?.values, `score.${c.id}`, own ? String(own.score) : '')
              const errors = scoreFailure?.errors[`score.${c.id}`]
              return (
                <fieldset key={c.id} className="field practice-score-field" aria-describedby={errors ? `score-${c.id}-error` : undefined}>
                  <legend>
                    {c.name} <span className="muted">· {t('practices.criteria.weightOnly', { weight: c.weight })}</span>
                  </legend>
                  {c.description ? <p className="field-hint">{c.description}</p> : null}
                  <div className="practice-levels">
                    {LEVELS.map((level) => (
                      <label key={level} className="practice-level">
                        <input type="radio" name={`score.${c.id}`} value={level} defaultChecked={typed === String(level)} />
                        <span>
                          <strong>{level}</strong> <span className="muted">{t(`practices.level.${level}`)}</span>
                        </span>
                      </label>
                    ))}
                  </div>
                  <ErrorList id={`score-${c.id}-error`} errors={errors} />
                  <TextareaField
                    label={t('practices.scoring.comment')}
                    name={`comment.${c.id}`}
                    optional
                    rows={2}
                    maxLength={1000}
                    defaultValue={valueOf(scoreFailure?.values, `comment.${c.id}`, own?.comment)}
                    errors={scoreFailure?.errors[`comment.${c.id}`]}
                  />
                </fieldset>
              )
            })}
            <StatusButton intent="score">{t('practices.scoring.submit')}</StatusButton>
          </Form>
        </section>
      ) : null}

      {!d.isExpert ? <p className="muted">{t('practices.scoring.notExpertNote')}</p> : null}

      <section aria-labelledby="comparison-title">
        <h2 id="comparison-title">{t('practices.scoring.othersTitle')}</h2>
        {d.comparison ? (
          d.comparison.experts.length ? (
            <Comparison d={d} comparison={d.comparison} />
          ) : (
            <p className="muted">{t('practices.scoring.noScores')}</p>
          )
        ) : (
          <p className="alert alert-warn">{t('practices.scoring.hiddenUntilScored')}</p>
        )}
      </section>

      <section aria-labelledby="decision-title">
        <h2 id="decision-title">{t('practices.decision.title')}</h2>
        {d.practice.decisionReason ? (
          <p>
            <strong>{t(`practices.decision.${d.practice.decision}`)}.</strong> {d.practice.decisionReason}
          </p>
        ) : null}
        {d.canManage ? (
          <Form method="post" className="form card" noValidate>
            <FormErrors errors={decideFailure?.errors} />
            <SelectField
              label={t('practices.decision.field')}
              name="decision"
              placeholder={t('practices.decision.choose')}
              options={d.decisions.map((v) => ({ value: v, label: t(`practices.decision.${v}`) }))}
              defaultValue={valueOf(decideFailure?.values, 'decision', d.practice.decision ?? '')}
              errors={decideFailure?.errors.decision}
            />
            <TextareaField
              label={t('practices.decision.reason')}
              hint={t('practices.decision.reasonHint')}
              name="reason"
              rows={3}
              maxLength={2000}
              defaultValue={valueOf(decideFailure?.values, 'reason')}
              errors={decideFailure?.errors.reason}
            />
            <StatusButton intent="decide">{t('practices.decision.submit')}</StatusButton>
          </Form>
        ) : null}
        <h3>{t('practices.decision.history')}</h3>
        {d.history.length ? (
          <ol className="list-plain stack" role="list">
            {d.history.map((h) => (
              <li key={h.id} className="card">
                <p>
                  <span className={`badge decision-${h.decision}`}>{t(`practices.decision.${h.decision}`)}</span>{' '}
                  <span className="muted">{t('practices.decision.by', { name: h.decidedByName ?? t('common.none'), date: dateTime(h.decidedAt) })}</span>
                </p>
                <p>{h.reason}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t('practices.decision.noHistory')}</p>
        )}
      </section>
    </div>
  )
}

function Comparison({ d, comparison }: { d: LoaderData; comparison: NonNullable<LoaderData['comparison']> }) {
  const { t, number } = useI18n()
  const one = (v: number | null | undefined) =>
    v === null || v === undefined ? t('common.none') : number(v, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const two = (v: number) => number(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const totals = comparison.totals
  return (
    <>
      {totals ? (
        <dl className="stats practice-total-stats">
          <div className="stat">
            <dt className="stat-label">{t('practices.scoring.totalOf5')}</dt>
            <dd className="stat-value">{one(totals.mean)}</dd>
          </div>
          <div className="stat">
            <dt className="stat-label">{t('practices.scoring.range')}</dt>
            <dd className="stat-value">
              {one(totals.min)}–{one(totals.max)}
            </dd>
          </div>
          <div className="stat">
            <dt className="stat-label">{t('practices.scoring.sd')}</dt>
            <dd className="stat-value">{two(totals.sd)}</dd>
          </div>
          <div className="stat">
            <dt className="stat-label">{t('practices.scoring.experts')}</dt>
            <dd className="stat-value">{t('practices.scoring.expertsOf', { n: totals.n, all: d.expertsNamed })}</dd>
          </div>
        </dl>
      ) : null}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="scores-caption">
        <table className="practice-scores">
          <caption id="scores-caption">{t('practices.scoring.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('practices.col.expert')}</th>
              {d.criteria.map((c) => (
                <th scope="col" key={c.id}>
                  {c.name} <span className="muted">({c.weight})</span>
                </th>
              ))}
              <th scope="col">{t('practices.col.total')}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.experts.map((e) => (
              <tr key={e.expertId}>
                <th scope="row">
                  {e.name}
                  {e.isMe ? <span className="muted"> ({t('organisations.you')})</span> : null}
                  {!e.complete ? <div className="muted">{t('practices.scoring.incomplete')}</div> : null}
                </th>
                {d.criteria.map((c) => {
                  const s = e.scores[c.id]
                  return (
                    <td key={c.id}>
                      {s ? <strong>{s.score}</strong> : t('common.none')}
                      {s?.comment ? <div className="practice-comment">{s.comment}</div> : null}
                    </td>
                  )
                })}
                <td>
                  <strong>{one(e.total)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('practices.scoring.mean')}</th>
              {d.criteria.map((c) => (
                <td key={c.id}>{one(comparison.perCriterion[c.id]?.mean)}</td>
              ))}
              <td>{one(totals?.mean)}</td>
            </tr>
            <tr>
              <th scope="row">{t('practices.scoring.range')}</th>
              {d.criteria.map((c) => {
                const s = comparison.perCriterion[c.id]
                return <td key={c.id}>{s ? `${s.min}–${s.max}` : t('common.none')}</td>
              })}
              <td>{totals ? `${one(totals.min)}–${one(totals.max)}` : t('common.none')}</td>
            </tr>
            <tr>
              <th scope="row">{t('practices.scoring.sd')}</th>
              {d.criteria.map((c) => {
                const s = comparison.perCriterion[c.id]
                return <td key={c.id}>{s ? two(s.sd) : t('common.none')}</td>
              })}
              <td>{totals ? two(totals.sd) : t('common.none')}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.practice.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
