import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import {
  ACTIVE_STEPS,
  addPartner,
  getPartners,
  getTrackHistory,
  moveKind,
  MoveFormSchema,
  moveTrack,
  parsePartners,
  requireTrack,
  todayIn,
  TRANSFER_STEPS,
} from '#app/models/practice-transfer.server.ts'
import styles from '#app/styles/practices.css?url'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, parseForm, type FieldErrors } from '#app/utils/forms.ts'
import { forbidden } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const { user, track, canManage } = await requireTrack(args)
  const [history, partners] = await Promise.all([getTrackHistory(track.id), getPartners(track.id)])
  const locale = resolveLocale(args.request, user)
  const { practiceTitleEn, mentorOrganisationId: _mentorOrg, ...rest } = track
  return {
    track: { ...rest, practiceTitle: locale === 'en' && practiceTitleEn ? practiceTitleEn : track.practiceTitle },
    canManage,
    history,
    partners,
    steps: [...ACTIVE_STEPS],
    // Every step but the current one may be chosen; the form says which need a reason.
    targets: TRANSFER_STEPS.filter((s) => s !== track.step).map((s) => ({ step: s, kind: moveKind(track.step, s)! })),
    today: todayIn(user.timeZone),
  }
}

type Failure = { ok: false; intent: string; errors: FieldErrors; values: Record<string, string | string[]> }

export async function action(args: ActionFunctionArgs) {
  const { user, track, canManage } = await requireTrack(args)
  if (!canManage) forbidden('practices.error.cannotMove')
  const formData = await args.request.formData()
  const intent = String(formData.get('intent') ?? '')
  const fail = (errors: FieldErrors, status = 400) => data({ ...formFailure(formData, errors), intent } satisfies Failure, { status })

  if (intent === 'move') {
    const parsed = parseForm(formData, MoveFormSchema)
    if (!parsed.ok) return data({ ...parsed, intent } satisfies Failure, { status: 400 })
    const result = await db.transaction((tx) => moveTrack(tx, track.id, user.id, parsed.data))
    if (!result.ok) return fail(result.errors, result.status)
    return redirectWithFlash(`/transfers/${track.id}`, result.kind === 'stop' ? 'practices.flash.stopped' : 'practices.flash.moved')
  }

  if (intent === 'add-partner') {
    const { partners, errors } = parsePartners(formData, 1)
    if (!partners.length && !Object.keys(errors).length) errors['partnerName.0'] = ['practices.validation.partnerName']
    if (Object.keys(errors).length) return fail(errors)
    await db.transaction((tx) => addPartner(tx, track.id, track.organisationId, user.id, partners[0]!))
    return redirectWithFlash(`/transfers/${track.id}`, 'practices.flash.partnerAdded')
  }

  return fail({ '': ['errors.badRequest'] })
}

export default function TrackPage() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>() as Failure | undefined
  const { t, number, calendarDate, dateTime } = useI18n()
  const tr = d.track
  const current = d.steps.indexOf(tr.step as (typeof d.steps)[number])
  const stoppedAt = tr.stoppedAtStep ? d.steps.indexOf(tr.stoppedAtStep as (typeof d.steps)[number]) : -1
  const reached = tr.step === 'stopped' ? stoppedAt : current
  const move = failure?.intent === 'move' ? failure : undefined
  const partner = failure?.intent === 'add-partner' ? failure : undefined
  const next = d.targets.find((x) => x.kind === 'next')
  return (
    <div className="stack">
      <p>
        <Link to={`/organisations/${tr.organisationId}/transfers`}>← {t('practices.centre.backTo', { centre: tr.organisationShortName ?? tr.organisationName })}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{tr.practiceTitle}</h1>
          <p className="muted">
            {tr.organisationShortName ?? tr.organisationName} · {tr.programmeName}
          </p>
          <p>
            <span className={`badge step-badge step-${tr.step}`}>{t(`practices.step.${tr.step}`)}</span>{' '}
            {tr.decision ? <span className="badge">{t(`practices.decision.${tr.decision}`)}</span> : null}
          </p>
        </div>
        <div className="row">
          <Link to={`/practices/${tr.practiceSlug}`} className="button button-quiet">
            {t('practices.track.openPractice')}
          </Link>
          <Link to={`/programmes/${tr.programmeId}/transfers`} className="button button-quiet">
            {t('practices.boardLink')}
          </Link>
        </div>
      </div>

      <ol className="track-steps" aria-label={t('practices.track.stepsLabel')}>
        {d.steps.map((step, i) => (
          <li
            key={step}
            className={i < reached ? 'track-step done' : i === reached ? 'track-step current' : 'track-step'}
            aria-current={i === current ? 'step' : undefined}
          >
            {t(`practices.step.${step}`)}
          </li>
        ))}
      </ol>
      {tr.step === 'stopped' ? (
        <p className="alert alert-warn">
          {t('practices.track.stopped', { step: t(`practices.step.${tr.stoppedAtStep ?? 'identified'}`), reason: tr.stoppedReason ?? '' })}
        </p>
      ) : null}

      <p className="muted">{t('practices.track.startedOn', { date: calendarDate(tr.startedOn) })}</p>
      <dl className="stats">
        <div className="stat">
          <dt className="stat-label">{t('practices.track.beneficiaries')}</dt>
          <dd className="stat-value">{number(tr.beneficiaries)}</dd>
        </div>
        <div className="stat">
          <dt className="stat-label">{t('practices.track.ngos')}</dt>
          <dd className="stat-value">{number(tr.ngosInvolved)}</dd>
        </div>
        <div className="stat">
          <dt className="stat-label">{t('practices.track.partners')}</dt>
          <dd className="stat-value">{number(d.partners.length)}</dd>
        </div>
      </dl>

      {d.canManage ? (
        <section className="card" aria-labelledby="move-title">
          <h2 id="move-title">{t('practices.move.title')}</h2>
          <p className="muted">{t('practices.move.lead')}</p>
          <Form method="post" className="form" noValidate>
            <FormErrors errors={move?.errors} />
            <input type="hidden" name="fromStep" value={tr.step} />
            <div className="form-grid">
              <SelectField
                label={t('practices.move.toStep')}
                name="toStep"
                options={d.targets.map((x) => ({
                  value: x.step,
                  label: t(`practices.move.option.${x.kind}`, { step: t(`practices.step.${x.step}`) }),
                }))}
                defaultValue={valueOf(move?.values, 'toStep', next?.step ?? 'stopped')}
                errors={move?.errors.toStep}
              />
              <TextField
                label={t('practices.move.occurredOn')}
                name="occurredOn"
                type="date"
                max={d.today}
                defaultValue={valueOf(move?.values, 'occurredOn', d.today)}
                errors={move?.errors.occurredOn}
              />
            </div>
            <TextareaField
              label={t('practices.move.note')}
              hint={t('practices.move.noteHint')}
              name="note"
              rows={3}
              maxLength={2000}
              defaultValue={valueOf(move?.values, 'note')}
              errors={move?.errors.note}
            />
            <TextField
              label={t('practices.move.evidenceUrl')}
              hint={t('practices.move.evidenceHint')}
              name="evidenceUrl"
              type="url"
              optional
              maxLength={500}
              defaultValue={valueOf(move?.values, 'evidenceUrl')}
              errors={move?.errors.evidenceUrl}
            />
            <div className="form-grid">
              <TextField
                label={t('practices.move.beneficiaries')}
                hint={t('practices.move.resultsHint')}
                name="beneficiaries"
                type="number"
                inputMode="numeric"
                min={0}
                defaultValue={valueOf(move?.values, 'beneficiaries', '0')}
                errors={move?.errors.beneficiaries}
              />
              <TextField
                label={t('practices.move.ngosInvolved')}
                hint={t('practices.move.resultsHint')}
                name="ngosInvolved"
                type="number"
                inputMode="numeric"
                min={0}
                defaultValue={valueOf(move?.values, 'ngosInvolved', '0')}
                errors={move?.errors.ngosInvolved}
              />
            </div>
            <TextareaField
              label={t('practices.move.reason')}
              hint={t('practices.move.reasonHint')}
              name="reason"
              optional
              rows={2}
              maxLength={2000}
              defaultValue={valueOf(move?.values, 'reason')}
              errors={move?.errors.reason}
            />
            <StatusButton intent="move">{t('practices.move.submit')}</StatusButton>
          </Form>
        </section>
      ) : (
        <p className="muted">{t('practices.track.viewOnly')}</p>
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('practices.history.title')}</h2>
        <ol className="list-plain stack track-history" role="list">
          {d.history.map((h) => (
            <li key={h.id} className="card">
              <h3>
                {h.fromStep
                  ? t('practices.history.move', { from: t(`practices.step.${h.fromStep}`), to: t(`practices.step.${h.toStep}`) })
                  : t('practices.history.started', { step: t(`practices.step.${h.toStep}`) })}
              </h3>
              <p className="muted">
                {t('practices.history.by', { date: calendarDate(h.occurredOn), name: h.changedByName ?? t('common.none'), recorded: dateTime(h.createdAt) })}
              </p>
              <dl className="details">
                {h.note ? (
                  <>
                    <dt>{t('practices.history.note')}</dt>
                    <dd>{h.note}</dd>
                  </>
                ) : null}
                {h.reason ? (
                  <>
                    <dt>{t('practices.history.reason')}</dt>
                    <dd>{h.reason}</dd>
                  </>
                ) : null}
                {h.evidenceUrl ? (
                  <>
                    <dt>{t('practices.history.evidence')}</dt>
                    <dd>
                      <a href={h.evidenceUrl} rel="noopener noreferrer nofollow">
                        {h.evidenceUrl.replace(/^https?:\/\//i, '')}
                      </a>
                    </dd>
                  </>
                ) : null}
                {h.beneficiaries || h.ngosInvolved ? (
                  <>
                    <dt>{t('practices.history.results')}</dt>
                    <dd>{t('practices.history.resultsValue', { beneficiaries: h.beneficiaries, ngos: h.ngosInvolved })}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="partners-title">
        <h2 id="partners-title">{t('practices.partners.title')}</h2>
        {d.partners.length ? (
          <ul className="list-plain card" role="list">
            {d.partners.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong>
                {p.inn ? <span className="muted"> · {t('practices.partners.inn', { inn: p.inn })}</span> : null}
                {p.contact ? <span className="muted"> · {p.contact}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('practices.partners.empty')}</p>
        )}
        {d.canManage ? (
          <Form method="post" className="form card" noValidate aria-labelledby="partner-add-title">
            <h3 id="partner-add-title">{t('practices.partners.addTitle')}</h3>
            <FormErrors errors={partner?.errors} />
            <div className="form-grid">
              <TextField
                label={t('practices.partner.name')}
                name="partnerName"
                maxLength={300}
                defaultValue={valueOf(partner?.values, 'partnerName')}
                errors={partner?.errors['partnerName.0']}
              />
              <TextField
                label={t('practices.partner.inn')}
                name="partnerInn"
                optional
                inputMode="numeric"
                maxLength={14}
                defaultValue={valueOf(partner?.values, 'partnerInn')}
                errors={partner?.errors['partnerInn.0']}
              />
              <TextField
                label={t('practices.partner.contact')}
                name="partnerContact"
                optional
                maxLength={300}
                defaultValue={valueOf(partner?.values, 'partnerContact')}
                errors={partner?.errors['partnerContact.0']}
              />
            </div>
            <StatusButton intent="add-partner">{t('practices.partners.add')}</StatusButton>
          </Form>
        ) : null}
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.track.practiceTitle)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
