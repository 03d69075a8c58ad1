import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  addCriterion,
  addExpert,
  addToShortlist,
  CriterionFormSchema,
  listAddablePractices,
  listCriteria,
  listExperts,
  listShortlist,
  removeCriterion,
  removeExpert,
  removeFromShortlist,
  requireSelectionAccess,
  updateCriterion,
} from '#app/models/practice.server.ts'
import styles from '#app/styles/practices.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { emailField, formFailure, parseForm, type FieldErrors } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const id = z.string({ error: 'validation.choose' }).regex(UUID, 'validation.choose')

const AddCriterionSchema = CriterionFormSchema.extend({ intent: z.literal('add-criterion') })
const SaveCriterionSchema = CriterionFormSchema.extend({ intent: z.literal('save-criterion'), criterionId: id })
const RemoveCriterionSchema = z.object({ intent: z.literal('remove-criterion'), criterionId: id })
const AddExpertSchema = z.object({ intent: z.literal('add-expert'), email: emailField })
const RemoveExpertSchema = z.object({ intent: z.literal('remove-expert'), userId: id })
const ShortlistSchema = z.object({ intent: z.literal('shortlist'), practiceId: id })
const UnshortlistSchema = z.object({ intent: z.literal('unshortlist'), practiceId: id })

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, canManage, isExpert, relation } = await requireSelectionAccess(args)
  const [criteria, experts, shortlist, addable] = await Promise.all([
    listCriteria(programme.id),
    listExperts(programme.id),
    listShortlist(programme.id, user.id),
    canManage ? listAddablePractices(programme.id) : [],
  ])
  const locale = resolveLocale(args.request, user)
  const title = (row: { title: string; titleEn: string | null }) => (locale === 'en' && row.titleEn ? row.titleEn : row.title)
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0)
  return {
    programme: { id: programme.id, name: programme.name },
    canManage,
    isExpert,
    // Experts from outside the programme see its selection, not the programme page itself.
    canSeeProgramme: relation !== null,
    criteria: criteria.map((c) => ({ ...c, share: totalWeight ? Math.round((100 * c.weight) / totalWeight) : 0 })),
    // Addresses only for those who manage the list.
    experts: experts.map((e) => (canManage ? e : { userId: e.userId, name: e.name, email: null })),
    shortlist: shortlist.map(({ titleEn: _titleEn, ...row }) => ({
      ...row,
      title: title({ title: row.title, titleEn: _titleEn }),
      // An expert who has not finished scoring a practice sees no total for it (the loader of the scoring page enforces the same).
      mine: isExpert ? (row.myScores >= criteria.length && criteria.length > 0 ? 'done' : row.myScores > 0 ? 'partial' : 'todo') : null,
    })),
    addable: addable.map((p) => ({ id: p.id, title: title(p) })),
  }
}

type Failure = { ok: false; intent: string; target?: string; errors: FieldErrors; values: Record<string, string | string[]> }

export async function action(args: ActionFunctionArgs) {
  const { user, programme, canManage } = await requireSelectionAccess(args)
  if (!canManage) forbidden()
  const formData = await args.request.formData()
  const intent = String(formData.get('intent') ?? '')
  const fail = (errors: FieldErrors, status = 400, target?: string) =>
    data({ ...formFailure(formData, errors), intent, target } satisfies Failure, { status })
  const back = `/programmes/${programme.id}/practices`

  switch (intent) {
    case 'add-criterion': {
      const parsed = parseForm(formData, AddCriterionSchema)
      if (!parsed.ok) return data({ ...parsed, intent } satisfies Failure, { status: 400 })
      await db.transaction((tx) => addCriterion(tx, programme.id, user.id, parsed.data))
      return redirectWithFlash(back, 'practices.flash.criterionAdded')
    }
    case 'save-criterion': {
      const parsed = parseForm(formData, SaveCriterionSchema)
      const target = String(formData.get('criterionId') ?? '')
      if (!parsed.ok) return data({ ...parsed, intent, target } satisfies Failure, { status: 400 })
      await db.transaction((tx) => updateCriterion(tx, programme.id, parsed.data.criterionId, user.id, parsed.data))
      return redirectWithFlash(back, 'practices.flash.criterionSaved')
    }
    case 'remove-criterion': {
      const parsed = parseForm(formData, RemoveCriterionSchema)
      if (!parsed.ok) return fail(parsed.errors)
      const removed = await db.transaction((tx) => removeCriterion(tx, programme.id, parsed.data.criterionId, user.id))
      if (!removed) return fail({ '': ['practices.error.criterionHasScores'] }, 409, parsed.data.criterionId)
      return redirectWithFlash(back, 'practices.flash.criterionRemoved')
    }
    case 'add-expert': {
      const parsed = parseForm(formData, AddExpertSchema)
      if (!parsed.ok) return data({ ...parsed, intent } satisfies Failure, { status: 400 })
      const result = await db.transaction((tx) => addExpert(tx, programme.id, parsed.data.email, user.id))
      if (result === 'unknown') return fail({ email: ['practices.error.noSuchUser'] }, 422)
      if (result === 'exists') return fail({ email: ['practices.error.alreadyExpert'] }, 409)
      return redirectWithFlash(back, 'practices.flash.expertAdded')
    }
    case 'remove-expert': {
      const parsed = parseForm(formData, RemoveExpertSchema)
      if (!parsed.ok) return fail(parsed.errors)
      await db.transaction((tx) => removeExpert(tx, programme.id, parsed.data.userId, user.id))
      return redirectWithFlash(back, 'practices.flash.expertRemoved')
    }
    case 'shortlist': {
      const parsed = parseForm(formData, ShortlistSchema)
      if (!parsed.ok) return data({ ...parsed, intent } satisfies Failure, { status: 400 })
      const result = await db.transaction((tx) => addToShortlist(tx, programme.id, parsed.data.practiceId, user.id))
      if (result === 'unknown') return fail({ practiceId: ['practices.error.unknownPractice'] }, 422)
      if (result === 'exists') return fail({ practiceId: ['practices.error.alreadyShortlisted'] }, 409)
      return redirectWithFlash(back, 'practices.flash.shortlisted')
    }
    case 'unshortlist': {
      const parsed = parseForm(formData, UnshortlistSchema)
      if (!parsed.ok) return fail(parsed.errors)
      const result = await db.transaction((tx) => removeFromShortlist(tx, programme.id, parsed.data.practiceId, user.id))
      if (result === 'kept') return fail({ '': ['practices.error.shortlistKept'] }, 409, parsed.data.practiceId)
      return redirectWithFlash(back, 'practices.flash.unshortlisted')
    }
    default:
      return fail({ '': ['errors.badRequest'] })
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function ProgrammePractices() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>() as Failure | undefined
  const { t, number } = useI18n()
  const errorsFor = (intent: string, target?: string) =>
    failure && failure.intent === intent && (target === undefined || failure.target === target) ? failure : undefined
  return (
    <div className="stack">
      <p>
        {d.canSeeProgramme ? <Link to={`/programmes/${d.programme.id}`}>← {d.programme.name}</Link> : d.programme.name}
      </p>
      <div className="page-header">
        <div>
          <h1>{t('practices.selection.title')}</h1>
          <p className="muted">{t('practices.selection.lead')}</p>
        </div>
        <div className="row">
          {d.canSeeProgramme ? (
            <Link to={`/programmes/${d.programme.id}/transfers`} className="button button-quiet">
              {t('practices.boardLink')}
            </Link>
          ) : null}
          <Link to="/practices" className="button button-quiet">
            {t('practices.title')}
          </Link>
        </div>
      </div>

      <section aria-labelledby="shortlist-title">
        <h2 id="shortlist-title">{t('practices.shortlist.title')}</h2>
        {d.isExpert ? <p className="muted">{t('practices.shortlist.expertHint')}</p> : null}
        <FormErrors errors={errorsFor('unshortlist')?.errors} />
        {d.shortlist.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="shortlist-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('practices.col.practice')}</th>
                  <th scope="col">{t('practices.col.scored')}</th>
                  <th scope="col">{t('practices.col.total')}</th>
                  <th scope="col">{t('practices.col.decision')}</th>
                  <th scope="col">{t('practices.col.tracks')}</th>
                  {d.canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">{t('practices.col.actions')}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {d.shortlist.map((row) => (
                  <tr key={row.practiceId}>
                    <th scope="row">
                      <Link to={`/programmes/${d.programme.id}/practices/${row.practiceId}`}>{row.title}</Link>
                      {row.mine ? <div className="muted">{t(`practices.shortlist.mine.${row.mine}`)}</div> : null}
                    </th>
                    <td>{t('practices.shortlist.scoredOf', { done: row.complete, all: d.experts.length })}</td>
                    <td>
                      {row.total !== null
                        ? t('practices.score', { score: number(row.total, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
                        : row.mine && row.mine !== 'done' && row.complete > 0
                          ? t('practices.shortlist.hiddenUntilYouScore')
                          : t('common.none')}
                    </td>
                    <td>
                      {row.decision ? (
                        <span className={`badge decision-${row.decision}`}>{t(`practices.decision.${row.decision}`)}</span>
                      ) : (
                        t('practices.decision.none')
                      )}
                    </td>
                    <td>{number(row.tracks)}</td>
                    {d.canManage ? (
                      <td>
                        {row.decision === null && !row.anyScores ? (
                          <Form method="post">
                            <input type="hidden" name="practiceId" value={row.practiceId} />
                            <StatusButton intent="unshortlist" className="button-quiet">
                              {t('practices.shortlist.remove')}
                            </StatusButton>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('practices.shortlist.empty')}</p>
        )}
        {d.canManage ? (
          d.addable.length ? (
            <Form method="post" className="form card" noValidate>
              <FormErrors errors={errorsFor('shortlist')?.errors} />
              <SelectField
                label={t('practices.shortlist.addLabel')}
                name="practiceId"
                placeholder={t('practices.shortlist.choose')}
                options={d.addable.map((p) => ({ value: p.id, label: p.title }))}
                defaultValue={valueOf(errorsFor('shortlist')?.values, 'practiceId')}
                errors={errorsFor('shortlist')?.errors.practiceId}
              />
              <StatusButton intent="shortlist">{t('practices.shortlist.add')}</StatusButton>
            </Form>
          ) : (
            <p className="muted">{t('practices.shortlist.allAdded')}</p>
          )
        ) : null}
      </section>

      <Criteria d={d} failure={failure} />
      <Experts d={d} failure={failure} />
    </div>
  )
}

function Criteria({ d, failure }: { d: LoaderData; failure: Failure | undefined }) {
  const { t, number } = useI18n()
  const add = failure?.intent === 'add-criterion' ? failure : undefined
  return (
    <section aria-labelledby="criteria-title">
      <h2 id="criteria-title">{t('practices.criteria.title')}</h2>
      <p className="muted">{t('practices.criteria.lead')}</p>
      {d.criteria.length ? (
        <ol className="list-plain stack" role="list">
          {d.criteria.map((c) => {
            const mine = failure && failure.target === c.id ? failure : undefined
            return (
              <li key={c.id} className="card practice-criterion">
                <h3>
                  {c.name}{' '}
                  <span className="badge">
                    {t('practices.criteria.weightShare', { weight: number(c.weight), share: number(c.share) })}
                  </span>
                </h3>
                {c.description ? <p>{c.description}</p> : null}
                {c.scores ? <p className="muted">{t('practices.criteria.scored', { count: c.scores })}</p> : null}
                {d.canManage ? (
                  <details open={Boolean(mine)}>
                    <summary>{t('practices.criteria.edit')}</summary>
                    <Form method="post" className="form" noValidate>
                      <FormErrors errors={mine?.errors} />
                      <input type="hidden" name="criterionId" value={c.id} />
                      <CriterionFields values={mine?.values} errors={mine?.errors} defaults={c} />
                      <div className="row">
                        <StatusButton intent="save-criterion">{t('action.save')}</StatusButton>
                        {c.scores === 0 ? (
                          <StatusButton intent="remove-criterion" className="button-quiet">
                            {t('practices.criteria.remove')}
                          </StatusButton>
                        ) : null}
                      </div>
                    </Form>
                  </details>
                ) : null}
              </li>
            )
          })}
        </ol>
      ) : (
        <p className="muted">{t('practices.criteria.empty')}</p>
      )}
      {d.canManage ? (
        <Form method="post" className="form card" noValidate aria-labelledby="add-criterion-title">
          <h3 id="add-criterion-title">{t('practices.criteria.addTitle')}</h3>
          <FormErrors errors={add?.errors} />
          <CriterionFields values={add?.values} errors={add?.errors} />
          <StatusButton intent="add-criterion">{t('practices.criteria.add')}</StatusButton>
        </Form>
      ) : null}
    </section>
  )
}

function CriterionFields({
  values,
  errors,
  defaults,
}: {
  values?: Record<string, string | string[]>
  errors?: FieldErrors
  defaults?: { name: string; description: string | null; weight: number }
}) {
  const { t } = useI18n()
  return (
    <>
      <div className="form-grid">
        <TextField
          label={t('practices.criteria.name')}
          name="name"
          maxLength={120}
          defaultValue={valueOf(values, 'name', defaults?.name)}
          errors={errors?.name}
        />
        <TextField
          label={t('practices.criteria.weight')}
          hint={t('practices.criteria.weightHint')}
          name="weight"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          defaultValue={valueOf(values, 'weight', defaults ? String(defaults.weight) : '')}
          errors={errors?.weight}
        />
      </div>
      <TextareaField
        label={t('practices.criteria.description')}
        name="description"
        optional
        rows={2}
        maxLength={500}
        defaultValue={valueOf(values, 'description', defaults?.description)}
        errors={errors?.description}
      />
    </>
  )
}

function Experts({ d, failure }: { d: LoaderData; failure: Failure | undefined }) {
  const { t } = useI18n()
  const add = failure?.intent === 'add-expert' ? failure : undefined
  return (
    <section aria-labelledby="experts-title">
      <h2 id="experts-title">{t('practices.experts.title')}</h2>
      <p className="muted">{t('practices.experts.lead')}</p>
      {d.experts.length ? (
        <ul className="list-plain card practice-experts" role="list">
          {d.experts.map((e) => (
            <li key={e.userId}>
              <span>
                {e.name}
                {e.email ? <span className="muted"> · {e.email}</span> : null}
              </span>
              {d.canManage ? (
                <Form method="post">
                  <input type="hidden" name="userId" value={e.userId} />
                  <StatusButton intent="remove-expert" className="button-quiet" aria-label={t('practices.experts.removeNamed', { name: e.name })}>
                    {t('practices.experts.remove')}
                  </StatusButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('practices.experts.empty')}</p>
      )}
      {d.canManage ? (
        <Form method="post" className="form card" noValidate>
          <FormErrors errors={add?.errors} />
          <TextField
            label={t('practices.experts.email')}
            hint={t('practices.experts.emailHint')}
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={valueOf(add?.values, 'email')}
            errors={add?.errors.email}
          />
          <StatusButton intent="add-expert">{t('practices.experts.add')}</StatusButton>
        </Form>
      ) : null}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.programme.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
