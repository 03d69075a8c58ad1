import { useId, useRef, useState } from 'react'
import { useI18n } from '#app/utils/use-i18n.ts'

type Kind = 'single' | 'multiple'
/** The stored shape (db/schema/curricula.ts), repeated here because client code does not import db/. */
type Quiz = { passMark: number; questions: { text: string; kind: Kind; options: { text: string; correct: boolean; explanation?: string }[] }[] }
type OptionState = { key: number; text: string; correct: boolean; explanation: string }
type QuestionState = { key: number; text: string; kind: Kind; options: OptionState[] }
type QuizState = { passMark: string; questions: QuestionState[] }

/** What the editor accepts as a starting point: a stored quiz, or the JSON an author just sent back. */
export type QuizInput = {
  passMark?: unknown
  questions?: { text?: unknown; kind?: unknown; options?: { text?: unknown; correct?: unknown; explanation?: unknown }[] }[]
}

function toState(quiz: QuizInput | Quiz | null, next: () => number): QuizState | null {
  if (!quiz) return null
  return {
    passMark: quiz.passMark === undefined || quiz.passMark === null ? '' : String(quiz.passMark),
    questions: (Array.isArray(quiz.questions) ? quiz.questions : []).map((q) => ({
      key: next(),
      text: typeof q.text === 'string' ? q.text : '',
      kind: q.kind === 'multiple' ? 'multiple' : 'single',
      options: (Array.isArray(q.options) ? q.options : []).map((o) => ({
        key: next(),
        text: typeof o.text === 'string' ? o.text : '',
        correct: o.correct === true,
        explanation: typeof o.explanation === 'string' ? o.explanation : '',
      })),
    })),
  }
}

function toJson(state: QuizState | null) {
  if (!state) return ''
  const mark = state.passMark.trim()
  return JSON.stringify({
    passMark: /^\d+$/.test(mark) ? Number(mark) : mark,
    questions: state.questions.map((q) => ({
      text: q.text,
      kind: q.kind,
      options: q.options.map((o) => (o.explanation.trim() ? { text: o.text, correct: o.correct, explanation: o.explanation } : { text: o.text, correct: o.correct })),
    })),
  })
}

/**
 * The self-check quiz of a lesson: questions with one or several right answers, an explanation per
 * option and a pass mark. Posts the quiz as JSON in a hidden field; the server checks every rule.
 */
export default function QuizEditor({ name, defaultQuiz }: { name: string; defaultQuiz: QuizInput | Quiz | null }) {
  const { t } = useI18n()
  const baseId = useId()
  const counter = useRef(0)
  const next = () => ++counter.current
  const [quiz, setQuiz] = useState<QuizState | null>(() => toState(defaultQuiz, next))
  const [announcement, setAnnouncement] = useState('')

  const newOption = (correct = false): OptionState => ({ key: next(), text: '', correct, explanation: '' })
  const newQuestion = (): QuestionState => ({ key: next(), text: '', kind: 'single', options: [newOption(true), newOption()] })

  const update = (change: (q: QuizState) => QuizState) => setQuiz((current) => (current ? change(current) : current))
  const updateQuestion = (qi: number, change: (q: QuestionState) => QuestionState) =>
    update((q) => ({ ...q, questions: q.questions.map((item, i) => (i === qi ? change(item) : item)) }))
  const updateOption = (qi: number, oi: number, change: (o: OptionState) => OptionState) =>
    updateQuestion(qi, (q) => ({ ...q, options: q.options.map((item, i) => (i === oi ? change(item) : item)) }))

  const hidden = <input type="hidden" name={name} value={toJson(quiz)} />

  if (!quiz) {
    return (
      <div className="quiz-editor">
        {hidden}
        <p className="muted">{t('authoring.quiz.none')}</p>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setQuiz({ passMark: '70', questions: [newQuestion()] })
            setAnnouncement(t('authoring.quiz.added'))
          }}
        >
          {t('authoring.quiz.add')}
        </button>
        <p className="visually-hidden" role="status">
          {announcement}
        </p>
      </div>
    )
  }

  return (
    <div className="quiz-editor stack">
      {hidden}
      <div className="field quiz-pass-mark">
        <label htmlFor={`${baseId}-pass`}>{t('authoring.quiz.passMark')}</label>
        <p className="field-hint" id={`${baseId}-pass-hint`}>
          {t('authoring.quiz.passMarkHint')}
        </p>
        <input
          id={`${baseId}-pass`}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          value={quiz.passMark}
          aria-describedby={`${baseId}-pass-hint`}
          onChange={(e) => update((q) => ({ ...q, passMark: e.target.value }))}
        />
      </div>

      <ol className="quiz-questions" role="list">
        {quiz.questions.map((question, qi) => {
          const n = qi + 1
          const qid = `${baseId}-q${question.key}`
          return (
            <li key={question.key}>
              <fieldset className="quiz-question">
                <legend>{t('authoring.quiz.question', { n })}</legend>
                <div className="field">
                  <label htmlFor={`${qid}-text`}>{t('authoring.quiz.questionText')}</label>
                  <textarea
                    id={`${qid}-text`}
                    rows={2}
                    value={question.text}
                    onChange={(e) => updateQuestion(qi, (q) => ({ ...q, text: e.target.value }))}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${qid}-kind`}>{t('authoring.quiz.kind')}</label>
                  <select
                    id={`${qid}-kind`}
                    value={question.kind}
                    onChange={(e) => updateQuestion(qi, (q) => ({ ...q, kind: e.target.value === 'multiple' ? 'multiple' : 'single' }))}
                  >
                    <option value="single">{t('authoring.quiz.kindSingle')}</option>
                    <option value="multiple">{t('authoring.quiz.kindMultiple')}</option>
                  </select>
                </div>
                <ol className="quiz-options" role="list">
                  {question.options.map((option, oi) => {
                    const m = oi + 1
                    const oid = `${qid}-o${option.key}`
                    return (
                      <li key={option.key} className="quiz-option">
                        <div className="field">
                          <label htmlFor={`${oid}-text`}>{t('authoring.quiz.option', { n: m })}</label>
                          <input
                            id={`${oid}-text`}
                            type="text"
                            value={option.text}
                            onChange={(e) => updateOption(qi, oi, (o) => ({ ...o, text: e.target.value }))}
                          />
                        </div>
                        <label className="checkbox">
                          <input
                            type="checkbox"
                            checked={option.correct}
                            onChange={(e) => updateOption(qi, oi, (o) => ({ ...o, correct: e.target.checked }))}
                          />
                          <span>{t('authoring.quiz.correct')}</span>
                        </label>
                        <div className="field">
                          <label htmlFor={`${oid}-why`}>
                            {t('authoring.quiz.explanation')} <span className="field-optional">({t('common.optional')})</span>
                          </label>
                          <input
                            id={`${oid}-why`}
                            type="text"
                            value={option.explanation}
                            onChange={(e) => updateOption(qi, oi, (o) => ({ ...o, explanation: e.target.value }))}
                          />
                        </div>
                        <button
                          type="button"
                          className="link-button quiz-remove"
                          aria-label={t('authoring.quiz.removeOptionLabel', { option: m, question: n })}
                          onClick={() => {
                            updateQuestion(qi, (q) => ({ ...q, options: q.options.filter((_, i) => i !== oi) }))
                            setAnnouncement(t('authoring.quiz.optionRemoved', { option: m, question: n }))
                          }}
                        >
                          {t('authoring.quiz.removeOption')}
                        </button>
                      </li>
                    )
                  })}
                </ol>
                <div className="row">
                  <button
                    type="button"
                    className="button button-quiet"
                    aria-label={t('authoring.quiz.addOptionLabel', { question: n })}
                    onClick={() => updateQuestion(qi, (q) => ({ ...q, options: [...q.options, newOption()] }))}
                  >
                    {t('authoring.quiz.addOption')}
                  </button>
                  <button
                    type="button"
                    className="button button-danger"
                    aria-label={t('authoring.quiz.removeQuestionLabel', { question: n })}
                    onClick={() => {
                      update((q) => ({ ...q, questions: q.questions.filter((_, i) => i !== qi) }))
                      setAnnouncement(t('authoring.quiz.questionRemoved', { question: n }))
                    }}
                  >
                    {t('authoring.quiz.removeQuestion')}
                  </button>
                </div>
              </fieldset>
            </li>
          )
        })}
      </ol>

      <div className="row">
        <button type="button" className="button button-quiet" onClick={() => update((q) => ({ ...q, questions: [...q.questions, newQuestion()] }))}>
          {t('authoring.quiz.addQuestion')}
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => {
            setQuiz(null)
            setAnnouncement(t('authoring.quiz.removed'))
          }}
        >
          {t('authoring.quiz.remove')}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  )
}
