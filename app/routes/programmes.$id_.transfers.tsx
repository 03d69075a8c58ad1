import { eq } from 'drizzle-orm'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { TrackStartForm } from '#app/components/practices/track-start-form.tsx'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import {
  BOARD_COLUMN_CAP,
  BOARD_STEP_PAGE_SIZE,
  centresToStartFor,
  loadBoard,
  MAX_PARTNERS_AT_START,
  parseBoardQuery,
  practicesToStart,
  startTrackFromForm,
  todayIn,
  TRANSFER_STEPS,
} from '#app/models/practice-transfer.server.ts'
import { programmeIdFrom } from '#app/models/programme.server.ts'
import { programmes } from '#db/schema/index.ts'
import styles from '#app/styles/practices.css?url'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formValues } from '#app/utils/forms.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { requireProgrammeAccess } from '#app/utils/permissions.server.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

/**
 * Administrators, the programme's managers and its mentor organisation see every track; a centre taking part
 * sees only its own (another centre's tracks are not its business).
 */
async function requireBoard(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const id = programmeIdFrom(args.params)
  const relation = await requireProgrammeAccess(user, id, 'view')
  const [programme] = await db
    .select({ id: programmes.id, name: programmes.name })
    .from(programmes)
    .where(eq(programmes.id, id))
  const seesAll = relation === 'admin' || relation === 'manager' || relation === 'mentor'
  const own = seesAll ? null : user.memberships.filter((m) => m.kind === 'centre').map((m) => m.organisationId)
  return { user, programme: programme!, relation, seesAll, own }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, programme, seesAll, own, relation } = await requireBoard(args)
  const query = parseBoardQuery(new URL(args.request.url))
  const [board, centres] = await Promise.all([
    loadBoard(programme.id, query, own),
    centresToStartFor(user, programme.id, seesAll),
  ])
  const practices = centres.length ? await practicesToStart([programme.id]) : []
  const locale = resolveLocale(args.request, user)
  const title = (p: { title: string; titleEn: string | null }) => (locale === 'en' && p.titleEn ? p.titleEn : p.title)
  return {
    programme,
    seesAll,
    isManager: relation === 'admin' || relation === 'manager',
    query: { region: query.region ?? '', practice: query.practice ?? '', step: query.step ?? '', page: query.page },
    steps: [...TRANSFER_STEPS],
    cap: BOARD_COLUMN_CAP,
    pages: query.step ? Math.max(1, Math.ceil(board.perStep[query.step] / BOARD_STEP_PAGE_SIZE)) : 1,
    perStep: board.perStep,
    cards: board.cards.map(({ practiceTitle, practiceTitleEn, ...c }) => ({
      ...c,
      practice: title({ title: practiceTitle, titleEn: practiceTitleEn }),
    })),
    practiceOptions: board.practices.map((p) => ({
      value: p.value,
      label: locale === 'en' && p.labelEn ? p.labelEn : p.label,
    })),
    regionOptions: board.regions.map((r) => ({
      value: r.value,
      label: locale === 'en' && r.labelEn ? r.labelEn : r.label,
    })),
    start: centres.length
      ? {
          centres,
          practices: practices.map((p) => ({ id: p.id, title: title(p), selected: p.selectedIn.length > 0 })),
          today: todayIn(user.timeZone),
        }
      : null,
    partnerRows: MAX_PARTNERS_AT_START,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, programme } = await requireBoard(args)
  const formData = await args.request.formData()
  const result = await startTrackFromForm(user, formData, { programmeId: programme.id })
  if (!result.ok)
    return data({ ok: false as const, errors: result.errors, values: formValues(formData) }, { status: result.status })
  return redirectWithFlash(`/transfers/${result.id}`, 'practices.flash.started')
}

export default function TransferBoard() {
  const d = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const { t } = useI18n()
  const filterParams = { region: d.query.region, practice: d.query.practice }
  const search = (extra: Record<string, string>) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries({ ...filterParams, ...extra })) if (v) params.set(k, v)
    const q = params.toString()
    return q ? `?${q}` : ''
  }
  const total = d.steps.reduce((sum, s) => sum + d.perStep[s], 0)
  const shownSteps = d.query.step ? d.steps.filter((s) => s === d.query.step) : d.steps
  return (
    <div className="stack">
      <p>
        <Link to={`/programmes/${d.programme.id}`}>← {d.programme.name}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('practices.board.title')}</h1>
          <p className="muted">{d.seesAll ? t('practices.board.lead') : t('practices.board.onlyYours')}</p>
        </div>
        <Link to={`/programmes/${d.programme.id}/practices`} className="button button-quiet">
          {t('practices.selectionLink')}
        </Link>
      </div>

      <FilterBar
        label={t('practices.board.filtersLabel')}
        hidden={{ step: d.query.step }}
        selects={[
          {
            name: 'practice',
            label: t('practices.board.practiceLabel'),
            placeholder: t('practices.board.anyPractice'),
            value: d.query.practice,
            options: d.practiceOptions,
          },
          {
            name: 'region',
            label: t('practices.board.regionLabel'),
            placeholder: t('practices.board.anyRegion'),
            value: d.query.region,
            options: d.regionOptions,
          },
        ]}
        submitLabel={t('practices.board.show')}
        filtered={Boolean(d.query.region || d.query.practice)}
        resetTo={`/programmes/${d.programme.id}/transfers${search({ region: '', practice: '', step: d.query.step })}`}
        resetLabel={t('practices.resetFilters')}
      />

      <p className="muted" role="status">
        {t('practices.board.total', { count: total })}
      </p>

      {d.query.step ? (
        <p>
          <Link to={`/programmes/${d.programme.id}/transfers${search({})}`}>← {t('practices.board.backToBoard')}</Link>
        </p>
      ) : null}

      <div className={d.query.step ? 'board board-single' : 'board'}>
        {shownSteps.map((step) => {
          const cards = d.cards.filter((c) => c.step === step)
          const count = d.perStep[step]
          return (
            <section key={step} className={`board-column board-${step}`} aria-labelledby={`col-${step}`}>
              <h2 id={`col-${step}`} className="board-column-title">
                {t(`practices.step.${step}`)} <span className="badge">{count}</span>
              </h2>
              {cards.length ? (
                <ol className="board-cards" role="list">
                  {cards.map((c) => (
                    <li key={c.id} className="board-card">
                      <Link to={`/transfers/${c.id}`} className="board-card-title">
                        {c.centre}
                      </Link>
                      <span className="board-card-practice">{c.practice}</span>
                      <span className="muted board-card-facts">
                        {t('practices.board.partners', { count: c.partners })} ·{' '}
                        {t('practices.board.days', { count: c.days })}
                      </span>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="muted">{t('practices.board.emptyColumn')}</p>
              )}
              {!d.query.step && count > cards.length ? (
                <Link to={`/programmes/${d.programme.id}/transfers${search({ step })}`} className="board-show-all">
                  {t('practices.board.showAll', { count })}
                </Link>
              ) : null}
            </section>
          )
        })}
      </div>
      {d.query.step ? (
        <Pagination
          page={d.query.page}
          pages={d.pages}
          path={`/programmes/${d.programme.id}/transfers`}
          params={{ ...filterParams, step: d.query.step }}
          label={t('practices.board.pagination')}
        />
      ) : null}

      {d.start ? (
        <section className="card" aria-labelledby="start-title">
          <details open={Boolean(failure)}>
            <summary>
              <h2 id="start-title" className="practice-summary-heading">
                {t('practices.start.title')}
              </h2>
            </summary>
            <p className="muted">{t('practices.start.lead')}</p>
            <TrackStartForm
              centres={d.start.centres}
              practices={d.start.practices}
              partnerRows={d.partnerRows}
              today={d.start.today}
              failure={failure}
            />
          </details>
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.programme.name)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
