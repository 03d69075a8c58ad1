/**
 * Stored indicator facts: the evidence behind a programme's computed indicators, one row per fact, so the
 * dashboard, a period's figures and a centre's contribution read one table of a programme instead of joining
 * events, attendance, consultations, enrolments, toolkit use, stage changes and transfers every time.
 *
 * The facts are derived data. Triggers on every table they come from (migration 0009) bump
 * `indicator_fact_state.version` in the same transaction as a change that matters to the counting rules; a
 * read first calls `ensureIndicatorFacts`, which rebuilds the programme's facts when `built_version` lags
 * behind. The rebuild holds the state row's lock, so a change committed while it runs waits for it and then
 * makes the facts stale again: a figure is never computed from facts older than the data. A background job
 * (`refreshStaleIndicatorFacts`) rebuilds changed programmes every half minute, so a dashboard rarely pays
 * for the rebuild itself. Decision and figures: docs/decisions/010-stored-indicator-facts.md.
 *
 * What each source row holds is the same as the live definitions in indicators.server.ts (`FACTS`), which
 * the drill-down and `computeIndicator` still use; tests compare the two on the same data.
 */
import { and, eq, gt, inArray, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '#db/client.ts'
import { indicatorFacts, indicatorFactState, programmeIndicators, STAGES, TRANSFER_STEPS } from '#db/schema/index.ts'

// ---------------------------------------------------------------------------------------------------------
// SQL shared with the live definitions

/** An event's date in its own time zone (`e` is events). */
export const EVENT_LOCAL_DATE = sql`(e.starts_at at time zone e.time_zone)::date`

/** Local date of a timestamp in the time zone of the region `r` joined in the query. */
export function regionLocalDate(ts: SQL) {
  return sql`(${ts} at time zone r.time_zone)::date`
}

/** When a consultation was given: held (a meeting) or answered (in writing). */
export const CONSULTATION_GIVEN_AT = sql`coalesce(cr.held_at, cr.answered_at)`
export const CONSULTATION_GIVEN_STATUSES = sql`('answered', 'held', 'closed')`

export const STAGE_ARRAY = sql.raw(`array[${STAGES.map((s) => `'${s}'`).join(',')}]::text[]`)

/** Quotes and runs of spaces do not make another NGO: «Добро» and "добро " are one. */
const NGO_NAME_NOISE = '[«»"\'„“”\\s]+'
const CYRILLIC_UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё'
const CYRILLIC_LOWER = 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'

/**
 * The same NGO at the same centre, however its name was typed: case (Cyrillic folded explicitly, since
 * lower() leaves it alone under the C locale), ё as е, quotes and runs of spaces ignored.
 */
export function ngoKey(orgColumn: SQL, name: SQL) {
  return sql`${orgColumn}::text || ':' || btrim(regexp_replace(lower(translate(${name}, ${CYRILLIC_UPPER}, ${CYRILLIC_LOWER})), ${NGO_NAME_NOISE}, ' ', 'g'))`
}

export const STEPS_FROM_PILOTED = TRANSFER_STEPS.slice(
  TRANSFER_STEPS.indexOf('piloted'),
  TRANSFER_STEPS.indexOf('stopped'),
)
export const STEPS_FROM_IMPLEMENTED = TRANSFER_STEPS.slice(
  TRANSFER_STEPS.indexOf('implemented'),
  TRANSFER_STEPS.indexOf('stopped'),
)

/** The local date a track first reached one of `steps` (history first, else its current step). */
export function trackReachedDate(steps: readonly string[]) {
  const list = sql.join(
    steps.map((s) => sql`${s}::transfer_step`),
    sql`, `,
  )
  return sql`coalesce(
      (select min(h.occurred_on) from transfer_step_history h where h.track_id = t.id and h.to_step in (${list})),
      case when t.step in (${list}) then ${regionLocalDate(sql`t.step_changed_at`)} end)`
}

// ---------------------------------------------------------------------------------------------------------
// Building

/** Every fact of one programme, in the columns of indicator_facts. */
function programmeFactsSql(programmeId: string) {
  const p = sql`${programmeId}::uuid`
  const isCentre = (org: SQL) =>
    sql`exists (select 1 from programme_centres pc where pc.programme_id = ${p} and pc.organisation_id = ${org})`
  // Columns: programme_id, source, org_id, centre, region_code, local_date, item, ref, event_kind, starts_at, weight
  return sql`with ev as materialized (
      select e.id, e.host_id, e.kind, e.starts_at, ${EVENT_LOCAL_DATE} as local_date
      from events e where e.programme_id = ${p} and e.status <> 'cancelled'
    ),
    marks as materialized (
      select a.organisation_id, pc.organisation_id is not null as centre, o.region_code, ev.local_date, a.user_id, ev.id as event_id,
        ev.kind, ev.starts_at
      from ev join attendance a on a.event_id = ev.id left join organisations o on o.id = a.organisation_id
        left join programme_centres pc on pc.programme_id = ${p} and pc.organisation_id = a.organisation_id
      where a.status in ('present', 'late')
    )
    select ${p}, 'event'::indicator_fact_source, ev.host_id, pc.organisation_id is not null, o.region_code, ev.local_date,
      ev.id, ev.id, ev.kind, ev.starts_at, 1
    from ev left join organisations o on o.id = ev.host_id
      left join programme_centres pc on pc.programme_id = ${p} and pc.organisation_id = ev.host_id
    union all
    select ${p}, 'mark', m.organisation_id, m.centre, m.region_code, m.local_date, m.user_id, m.event_id, m.kind, m.starts_at, 1
    from marks m
    union all
    select ${p}, 'presence', m.organisation_id, m.centre, m.region_code, m.local_date, null, m.event_id, m.kind, m.starts_at, count(*)::int
    from marks m group by m.organisation_id, m.centre, m.region_code, m.local_date, m.event_id, m.kind, m.starts_at
    union all
    select ${p}, 'consultation', cr.organisation_id, ${isCentre(sql`cr.organisation_id`)}, o.region_code,
      ${regionLocalDate(CONSULTATION_GIVEN_AT)}, cr.id, null, null, null, 1
    from consultation_requests cr join organisations o on o.id = cr.organisation_id join regions r on r.code = o.region_code
    where cr.programme_id = ${p} and cr.status in ${CONSULTATION_GIVEN_STATUSES} and ${CONSULTATION_GIVEN_AT} is not null
    union all
    select ${p}, 'client', cr.organisation_id, ${isCentre(sql`cr.organisation_id`)}, o.region_code,
      ${regionLocalDate(CONSULTATION_GIVEN_AT)}, md5(${ngoKey(sql`cr.organisation_id`, sql`cr.client_ngo`)})::uuid, null, null, null, 1
    from consultation_requests cr join organisations o on o.id = cr.organisation_id join regions r on r.code = o.region_code
    where cr.programme_id = ${p} and cr.status in ${CONSULTATION_GIVEN_STATUSES} and ${CONSULTATION_GIVEN_AT} is not null
      and cr.client_ngo is not null and btrim(cr.client_ngo) <> ''
    union all
    select ${p}, 'completion', en.organisation_id, true, o.region_code, ${regionLocalDate(sql`en.completed_at`)},
      en.user_id, en.course_id, null, null, 1
    from programme_centres pc join enrolments en on en.organisation_id = pc.organisation_id
      join organisations o on o.id = pc.organisation_id join regions r on r.code = o.region_code
    where pc.programme_id = ${p} and en.status = 'completed' and en.completed_at is not null
    union all
    select ${p}, (case when tu.kind = 'download' then 'download' else 'document' end)::indicator_fact_source,
      tu.organisation_id, true, o.region_code, ${regionLocalDate(sql`tu.created_at`)}, null, null, null, null, 1
    from programme_centres pc join toolkit_usage tu on tu.organisation_id = pc.organisation_id
      join organisations o on o.id = pc.organisation_id join regions r on r.code = o.region_code
    where pc.programme_id = ${p} and tu.kind in ('download', 'generate_docx', 'generate_pdf')
    union all
    select ${p}, 'stage_up', sh.organisation_id, true, o.region_code, ${regionLocalDate(sql`sh.changed_at`)},
      sh.organisation_id, null, null, null, 1
    from programme_centres pc join stage_history sh on sh.organisation_id = pc.organisation_id
      join organisations o on o.id = pc.organisation_id join regions r on r.code = o.region_code
    where pc.programme_id = ${p}
      and array_position(${STAGE_ARRAY}, sh.to_stage) > array_position(${STAGE_ARRAY}, sh.from_stage)
    union all
    select ${p}, 'partner', t.organisation_id, ${isCentre(sql`t.organisation_id`)}, o.region_code, ${regionLocalDate(sql`tp.created_at`)},
      md5(${ngoKey(sql`t.organisation_id`, sql`tp.name`)})::uuid, null, null, null, 1
    from transfer_tracks t join transfer_partners tp on tp.track_id = t.id
      join organisations o on o.id = t.organisation_id join regions r on r.code = o.region_code
    where t.programme_id = ${p} and btrim(tp.name) <> ''
    union all
    select ${p}, 'selected', null, false, null, ${regionLocalDate(sql`pp.decided_at`)}, pp.practice_id, null, null, null, 1
    from programme_practices pp join programmes pr on pr.id = pp.programme_id
      join organisations o on o.id = pr.mentor_organisation_id join regions r on r.code = o.region_code
    where pp.programme_id = ${p} and pp.decision = 'selected' and pp.decided_at is not null
    union all
    select ${p}, s.source, t.organisation_id, ${isCentre(sql`t.organisation_id`)}, o.region_code, s.reached, t.id, null, null, null, 1
    from transfer_tracks t join organisations o on o.id = t.organisation_id join regions r on r.code = o.region_code
      cross join lateral (values
        ('piloted'::indicator_fact_source, ${trackReachedDate(STEPS_FROM_PILOTED)}),
        ('implemented'::indicator_fact_source, ${trackReachedDate(STEPS_FROM_IMPLEMENTED)})
      ) as s(source, reached)
    where t.programme_id = ${p} and s.reached is not null`
}

/**
 * Rebuilds one programme's facts unless they are current. Holds the programme's state row for the rebuild,
 * so writers touching the programme meanwhile wait and then mark the facts stale again. Returns the time
 * the rebuild took in ms, or null if nothing needed doing.
 */
export async function rebuildIndicatorFacts(db: Executor, programmeId: string): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.insert(indicatorFactState).values({ programmeId }).onConflictDoNothing()
    const [state] = await tx
      .select({ version: indicatorFactState.version, builtVersion: indicatorFactState.builtVersion })
      .from(indicatorFactState)
      .where(eq(indicatorFactState.programmeId, programmeId))
      .for('update')
    if (!state || state.builtVersion === state.version) return null
    const started = performance.now()
    await tx.delete(indicatorFacts).where(eq(indicatorFacts.programmeId, programmeId))
    // In the order of the index, so one centre's facts sit together on a few pages.
    await tx.execute(sql`insert into indicator_facts
      (programme_id, source, org_id, centre, region_code, local_date, item, ref, event_kind, starts_at, weight)
      select * from (${programmeFactsSql(programmeId)}) f order by 3, 6`)
    const buildMs = Math.round(performance.now() - started)
    await tx
      .update(indicatorFactState)
      .set({ builtVersion: state.version, builtAt: new Date(), buildMs })
      .where(eq(indicatorFactState.programmeId, programmeId))
    return buildMs
  })
}

/** Whether a programme's stored facts reflect every committed change. */
export async function indicatorFactsCurrent(db: Executor, programmeId: string) {
  const [state] = await db
    .select({ version: indicatorFactState.version, builtVersion: indicatorFactState.builtVersion })
    .from(indicatorFactState)
    .where(eq(indicatorFactState.programmeId, programmeId))
  return !!state && state.builtVersion === state.version
}

/** Makes sure a programme's facts reflect every committed change before they are read. */
export async function ensureIndicatorFacts(db: Executor, programmeId: string, current?: boolean) {
  if (current ?? (await indicatorFactsCurrent(db, programmeId))) return
  await rebuildIndicatorFacts(db, programmeId)
}

/**
 * The background job: rebuilds up to `limit` programmes with computed indicators whose facts are stale,
 * longest-waiting changes first. Returns the programmes rebuilt.
 */
export async function refreshStaleIndicatorFacts(db: Executor, limit = 3): Promise<string[]> {
  const stale = await db
    .select({ programmeId: indicatorFactState.programmeId })
    .from(indicatorFactState)
    .where(
      and(
        gt(indicatorFactState.version, indicatorFactState.builtVersion),
        inArray(
          indicatorFactState.programmeId,
          db
            .selectDistinct({ id: programmeIndicators.programmeId })
            .from(programmeIndicators)
            .where(eq(programmeIndicators.source, 'computed')),
        ),
      ),
    )
    .orderBy(sql`${indicatorFactState.builtAt} asc nulls first`)
    .limit(limit)
  const done: string[] = []
  for (const { programmeId } of stale) {
    if ((await rebuildIndicatorFacts(db, programmeId)) !== null) done.push(programmeId)
  }
  return done
}
