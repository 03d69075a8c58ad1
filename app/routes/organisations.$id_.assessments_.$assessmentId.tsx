import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, SelectField, TextareaField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  completeAssessment,
  confirmStage,
  evidenceSummary,
  getAssessment,
  lockAssessment,
  missingQuestions,
  recommendationsWithCourses,
  requireCentreAssessments,
  saveAnswers,
  scoresOf,
  type AnswerInput,
} from '#app/models/assessment.server.ts'
import { areaAverages, getStageModel, type StageModel } from '#app/models/stage-model.server.ts'
import { getPlanAreas, planRights } from '#app/models/plan.server.ts'
import { STAGES } from '#db/schema/index.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, formValues, optionalText, parseForm, type FieldErrors } from '#app/utils/forms.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

const TEXT_MAX = 2000
/** The questionnaire's scale: four levels, 0 to 3. */
const LEVELS = [0, 1, 2, 3] as const

const ConfirmSchema = z.object({
  intent: z.literal('confirm'),
  stage: z.enum(STAGES, { error: 'validation.choose' }),
  reason: optionalText(TEXT_MAX),
})

function assessmentIdFrom(params: { assessmentId?: string }) {
  const parsed = z.uuid().safeParse(params.assessmentId)
  if (!parsed.success) notFound()
  return parsed.data
}

/**
 * Reads the questionnaire fields `score.<question>`, `evidence.<question>`, `comment.<question>`.
 * A question the model does not have, a score outside 0–3, or text without a level are errors.
 */
function parseAnswers(formData: FormData, model: StageModel): { ok: true; answers: AnswerInput[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const add = (field: string, key: string) => {
    const list = (errors[field] ??= [])
    if (!list.includes(key)) list.push(key)
  }
  const byQuestion = new Map<string, { score?: string; evidence?: string; comment?: string }>()
  for (const [name, raw] of formData) {
    const match = /^(score|evidence|comment)\.(.+)$/.exec(name)
    if (!match || typeof raw !== 'string') continue
    const [, part, questionKey] = match as unknown as [string, 'score' | 'evidence' | 'comment', string]
    if (!model.questions.has(questionKey)) {
      add('', 'mentoring.error.unknownQuestion')
      continue
    }
    const entry = byQuestion.get(questionKey) ?? {}
    entry[part] = raw.trim()
    byQuestion.set(questionKey, entry)
  }
  const answers: AnswerInput[] = []
  for (const [questionKey, entry] of byQuestion) {
    const question = model.questions.get(questionKey)!
    const field = `score.${questionKey}`
    if (entry.score === undefined || entry.score === '') {
      if (entry.evidence || entry.comment) add(field, 'mentoring.error.textWithoutScore')
      continue
    }
    if (!/^[0-3]$/.test(entry.score)) {
      add(field, 'mentoring.error.score')
      continue
    }
    if ((entry.evidence?.length ?? 0) > TEXT_MAX) add(`evidence.${questionKey}`, 'validation.tooLong')
    if ((entry.comment?.length ?? 0) > TEXT_MAX) add(`comment.${questionKey}`, 'validation.tooLong')
    answers.push({
      questionKey,
      areaKey: question.area,
      score: Number(entry.score),
      evidence: entry.evidence || null,
      comment: entry.comment || null,
    })
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation, relation, canRun } = await requireCentreAssessments(args)
  const assessment = await getAssessment(organisation.id, assessmentIdFrom(args.params))
  if (!assessment) notFound()
  const model = getStageModel()
  const scores = scoresOf(assessment.answers)
  const completed = assessment.status === 'completed'
  return {
    organisation,
    canRun,
    assessment: { ...assessment, answers: undefined },
    answers: Object.fromEntries(assessment.answers.map((a) => [a.questionKey, a])),
    areas: model.areas,
    questionnaire: model.questionnaire,
    total: model.questions.size,
    stages: model.stages.map((s) => ({ key: s.key, title: s.title, titleEn: s.titleEn })),
    averages: areaAverages(scores, model),
    recommendations: completed ? await recommendationsWithCourses(scores, model) : [],
    // Weak areas can become goals of the centre's development plan (for those who edit the plan).
    canPlan: completed && planRights(relation, user, organisation.id).editPlan,
    plan: completed ? await getPlanAreas(organisation.id) : null,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, organisation, canRun } = await requireCentreAssessments(args)
  const assessmentId = assessmentIdFrom(args.params)
  if (!canRun) forbidden()
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  const model = getStageModel()
  const here = `/organisations/${organisation.id}/assessments/${assessmentId}`

  if (intent === 'save' || intent === 'complete') {
    const parsed = parseAnswers(formData, model)
    if (!parsed.ok) return data({ intent, missing: 0, ...formFailure(formData, parsed.errors) }, { status: 400 })
    const outcome = await db.transaction(async (tx) => {
      const locked = await lockAssessment(tx, organisation.id, assessmentId)
      if (!locked) return { kind: 'not-found' as const }
      if (locked.status !== 'draft') return { kind: 'not-draft' as const }
      await saveAnswers(tx, assessmentId, parsed.answers)
      if (intent === 'save') return { kind: 'saved' as const }
      const current = await getAssessment(organisation.id, assessmentId, tx)
      const missing = missingQuestions(current!.answers, model)
      // The answers given so far stay saved; only the completion waits.
      if (missing.length) return { kind: 'missing' as const, missing: missing.length }
      await completeAssessment(tx, assessmentId, scoresOf(current!.answers), model, user.id, organisation.id)
      return { kind: 'completed' as const }
    })
    if (outcome.kind === 'not-found') notFound()
    if (outcome.kind === 'not-draft')
      return data({ intent, missing: 0, ...formFailure(formData, { '': ['mentoring.error.notDraft'] }) }, { status: 409 })
    if (outcome.kind === 'missing')
      return data({ intent, missing: outcome.missing, ok: false as const, errors: {} as FieldErrors, values: formValues(formData) }, { status: 422 })
    return redirectWithFlash(here, outcome.kind === 'saved' ? 'mentoring.saved' : 'mentoring.completed')
  }

  if (intent === 'confirm') {
    const parsed = parseForm(formData, ConfirmSchema)
    if (!parsed.ok) return data({ intent, missing: 0, ...parsed }, { status: 400 })
    const { stage, reason } = parsed.data
    const outcome = await db.transaction(async (tx) => {
      const locked = await lockAssessment(tx, organisation.id, assessmentId)
      if (!locked) return { kind: 'not-found' as const }
      if (locked.status !== 'completed' || !locked.proposedStage) return { kind: 'not-completed' as const }
      if (locked.confirmedStage) return { kind: 'already' as const }
      if (stage !== locked.proposedStage && !reason) return { kind: 'reason' as const }
      const current = await getAssessment(organisation.id, assessmentId, tx)
      await confirmStage(tx, {
        organisationId: organisation.id,
        assessmentId,
        stage,
        proposedStage: locked.proposedStage,
        reason: reason ?? null,
        evidence: evidenceSummary(scoresOf(current!.answers), model),
        actorId: user.id,
      })
      return { kind: 'done' as const }
    })
    if (outcome.kind === 'not-found') notFound()
    if (outcome.kind === 'reason')
      return data({ intent, missing: 0, ...formFailure(formData, { reason: ['mentoring.error.reasonRequired'] }) }, { status: 400 })
    if (outcome.kind === 'not-completed' || outcome.kind === 'already') {
      const key = outcome.kind === 'already' ? 'mentoring.error.alreadyConfirmed' : 'mentoring.error.notCompleted'
      return data({ intent, missing: 0, ...formFailure(formData, { '': [key] }) }, { status: 409 })
    }
    return redirectWithFlash(here, 'mentoring.confirmed')
  }

  return data({ intent: null, missing: 0, ...formFailure(formData, { '': ['errors.badRequest'] }) }, { status: 400 })
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function AssessmentPage() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t, locale, calendarDate } = useI18n()
  const a = d.assessment
  const editable = d.canRun && a.status === 'draft'
  const answered = Object.keys(d.answers).length
  const stageTitle = (key: string | null) => {
    const stage = d.stages.find((s) => s.key === key)
    return stage ? (locale === 'ru' ? stage.title : stage.titleEn) : (key ?? t('common.none'))
  }
  const areaTitle = (key: string) => {
    const area = d.areas.find((x) => x.key === key)
    return area ? (locale === 'ru' ? area.title : area.titleEn) : key
  }
  const answerFailure = failure && failure.intent !== 'confirm' ? failure : null
  const confirmFailure = failure?.intent === 'confirm' ? failure : null
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('mentoring.formTitle', { kind: t(`mentoring.kind.${a.kind}`) })}</h1>
          <p className="muted">
            <Link to={`/organisations/${d.organisation.id}`}>{d.organisation.name}</Link> · {calendarDate(a.conductedOn)}
            {a.conductedByName ? ` · ${a.conductedByName}` : ''}
          </p>
          <p className="row">
            <span className="badge">{t(`mentoring.status.${a.status}`)}</span>
            <span>{t('mentoring.progress', { count: answered, total: d.total })}</span>
          </p>
        </div>
        <Link to={`/organisations/${d.organisation.id}/assessments`}>{t('mentoring.backToList')}</Link>
      </div>
      {a.notes ? <p>{a.notes}</p> : null}

      {a.status === 'completed' ? <Results d={d} stageTitle={stageTitle} areaTitle={areaTitle} failure={confirmFailure} /> : null}

      {editable ? (
        <Form method="post" noValidate className="stack">
          <p>{t('mentoring.formIntro')}</p>
          {answerFailure ? (
            <div className="alert alert-error" role="alert">
              {answerFailure.missing ? <p>{t('mentoring.error.missing', { count: answerFailure.missing })}</p> : null}
              {Object.keys(answerFailure.errors).some((k) => k !== '') ? <p>{t('validation.formErrors')}</p> : null}
              <ErrorList errors={answerFailure.errors['']} />
            </div>
          ) : null}
          {d.questionnaire.map((section) => (
            <fieldset key={section.area} className="card stack">
              <legend>
                <h2>{areaTitle(section.area)}</h2>
              </legend>
              {section.questions.map((q) => (
                <QuestionFields key={q.key} question={q} answer={d.answers[q.key]} failure={answerFailure} />
              ))}
            </fieldset>
          ))}
          <p className="muted">{t('mentoring.completeHint')}</p>
          {/* Repeated by the buttons: after a failed submit the page stays scrolled down here. */}
          {answerFailure?.missing ? (
            <p className="alert alert-error">{t('mentoring.error.missing', { count: answerFailure.missing })}</p>
          ) : null}
          <div className="row">
            <StatusButton intent="save" className="button-quiet">
              {t('mentoring.saveDraft')}
            </StatusButton>
            <StatusButton intent="complete">{t('mentoring.complete')}</StatusButton>
          </div>
        </Form>
      ) : (
        <>
          {a.status === 'draft' ? <p className="alert alert-warn">{t('mentoring.readOnly')}</p> : null}
          {d.questionnaire.map((section) => (
            <section key={section.area} className="card" aria-labelledby={`area-${section.area}`}>
              <h2 id={`area-${section.area}`}>{areaTitle(section.area)}</h2>
              <ol className="list-plain stack" role="list">
                {section.questions.map((q) => {
                  const answer = d.answers[q.key]
                  return (
                    <li key={q.key}>
                      <h3>{q.text}</h3>
                      {answer ? (
                        <>
                          <p>
                            <strong>{t('mentoring.level', { level: answer.score })}.</strong> {q.levels[answer.score]}
                          </p>
                          {answer.evidence ? (
                            <p>
                              <strong>{t('mentoring.field.evidence')}:</strong> {answer.evidence}
                            </p>
                          ) : null}
                          {answer.comment ? (
                            <p>
                              <strong>{t('mentoring.field.comment')}:</strong> {answer.comment}
                            </p>
                          ) : null}
                        </>
                      ) : (
                        <p className="muted">{t('mentoring.notAnswered')}</p>
                      )}
                    </li>
                  )
                })}
              </ol>
            </section>
          ))}
        </>
      )}
    </div>
  )
}

type Failure = { errors: FieldErrors; values: Record<string, string | string[]> } | null

function QuestionFields({
  question,
  answer,
  failure,
}: {
  question: LoaderData['questionnaire'][number]['questions'][number]
  answer: LoaderData['answers'][string] | undefined
  failure: Failure
}) {
  const { t } = useI18n()
  const scoreName = `score.${question.key}`
  const errorId = `error-${question.key}`
  const errors = failure?.errors[scoreName]
  const chosen = valueOf(failure?.values, scoreName, answer ? String(answer.score) : '')
  return (
    <fieldset aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{question.text}</legend>
      {LEVELS.map((level) => (
        <label key={level} className="checkbox">
          <input type="radio" name={scoreName} value={level} defaultChecked={chosen === String(level)} />
          <span>
            <strong>{t('mentoring.level', { level })}.</strong> {question.levels[level]}
          </span>
        </label>
      ))}
      <ErrorList id={errorId} errors={errors} />
      <div className="form-grid">
        <TextareaField
          label={t('mentoring.field.evidence')}
          name={`evidence.${question.key}`}
          optional
          rows={2}
          maxLength={TEXT_MAX}
          defaultValue={valueOf(failure?.values, `evidence.${question.key}`, answer?.evidence)}
          errors={failure?.errors[`evidence.${question.key}`]}
        />
        <TextareaField
          label={t('mentoring.field.comment')}
          name={`comment.${question.key}`}
          optional
          rows={2}
          maxLength={TEXT_MAX}
          defaultValue={valueOf(failure?.values, `comment.${question.key}`, answer?.comment)}
          errors={failure?.errors[`comment.${question.key}`]}
        />
      </div>
    </fieldset>
  )
}

function Results({
  d,
  stageTitle,
  areaTitle,
  failure,
}: {
  d: LoaderData
  stageTitle: (key: string | null) => string
  areaTitle: (key: string) => string
  failure: Failure
}) {
  const { t, number, locale } = useI18n()
  const a = d.assessment
  const next = d.recommendations[0]?.targetStage ?? null
  const stageOptions = d.stages.map((s) => ({
    value: s.key,
    label: s.key === a.proposedStage ? t('mentoring.proposedOption', { stage: stageTitle(s.key) }) : stageTitle(s.key),
  }))
  return (
    <>
      <section className="card" aria-labelledby="result-title">
        <h2 id="result-title">{t('mentoring.resultTitle')}</h2>
        <p>
          <strong>{t('mentoring.proposedStage', { stage: stageTitle(a.proposedStage) })}</strong>
        </p>
        <p className="muted">{t('mentoring.proposedRule')}</p>
        {a.confirmedStage ? (
          <>
            <p>
              <strong>{t('mentoring.confirmedStage', { stage: stageTitle(a.confirmedStage) })}</strong>
            </p>
            {a.overrideReason ? <p>{t('mentoring.overrideReason', { reason: a.overrideReason })}</p> : null}
          </>
        ) : (
          <p className="muted">{t('mentoring.awaitingConfirmation')}</p>
        )}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('mentoring.col.area')}</th>
                <th scope="col">{t('mentoring.areaAverage')}</th>
              </tr>
            </thead>
            <tbody>
              {d.areas.map((area) => (
                <tr key={area.key}>
                  <th scope="row">{areaTitle(area.key)}</th>
                  <td>{number(d.averages[area.key] ?? 0, { maximumFractionDigits: 2, minimumFractionDigits: 1 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {d.canRun && !a.confirmedStage ? (
        <section className="card" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t('mentoring.confirmTitle')}</h2>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={failure?.errors} />
            <SelectField
              label={t('mentoring.field.stage')}
              name="stage"
              options={stageOptions}
              defaultValue={valueOf(failure?.values, 'stage', a.proposedStage)}
              errors={failure?.errors.stage}
            />
            <TextareaField
              label={t('mentoring.field.reason')}
              hint={t('mentoring.field.reasonHint')}
              name="reason"
              optional
              rows={3}
              maxLength={TEXT_MAX}
              defaultValue={valueOf(failure?.values, 'reason')}
              errors={failure?.errors.reason}
            />
            <StatusButton intent="confirm">{t('mentoring.confirm')}</StatusButton>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="recs-title">
        <h2 id="recs-title">{t('mentoring.recommendationsTitle')}</h2>
        {next ? (
          <>
            <p>{t('mentoring.recommendationsIntro', { stage: stageTitle(next) })}</p>
            {d.canPlan && !d.plan ? (
              <p>
                {t('plans.fromAssessment.noPlan')}{' '}
                <Link to={`/organisations/${d.organisation.id}/plan`}>{t('plans.fromAssessment.openPlan')}</Link>
              </p>
            ) : null}
            {d.recommendations.map((r) => (
              <article key={r.area} className="stack">
                <h3>
                  {areaTitle(r.area)} — {number(r.average, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}
                </h3>
                {r.criteria.length ? (
                  <>
                    <h4>{t('mentoring.criteriaHeading')}</h4>
                    <ul>
                      {r.criteria.map((c) => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {r.resources.length ? (
                  <>
                    <h4>{t('plans.fromAssessment.resourcesHeading')}</h4>
                    <ul>
                      {r.resources.map((x) => (
                        <li key={x.slug}>
                          <Link to={`/toolkits/${x.slug}`}>{locale === 'en' && x.titleEn ? x.titleEn : x.title}</Link>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {d.canPlan && d.plan ? (
                  <Form method="post" action={`/organisations/${d.organisation.id}/plan`} className="row field">
                    <input type="hidden" name="assessmentId" value={a.id} />
                    <input type="hidden" name="areaKey" value={r.area} />
                    <StatusButton intent="goal-from-assessment" className="button-quiet">
                      {t('plans.fromAssessment.addGoal')}
                      <span className="visually-hidden"> {t('plans.sr.area', { area: areaTitle(r.area) })}</span>
                    </StatusButton>
                    {d.plan.areas.includes(r.area) ? <span className="muted">{t('plans.fromAssessment.inPlan')}</span> : null}
                  </Form>
                ) : null}
              </article>
            ))}
            {/* The courses and workshops of a stage are the same for every weak area: listed once. */}
            {d.recommendations[0]!.courses.length ? (
              <>
                <h3>{t('mentoring.coursesHeading')}</h3>
                <ul>
                  {d.recommendations[0]!.courses.map((c) => (
                    <li key={c.slug}>
                      <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {d.recommendations[0]!.workshops.length ? (
              <>
                <h3>{t('mentoring.workshopsHeading')}</h3>
                <ul>
                  {d.recommendations[0]!.workshops.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : (
          <p className="muted">{t('mentoring.recommendationsNone')}</p>
        )}
      </section>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.organisation.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
