// The mentor's dashboard (/mentoring): every centre a person accompanies, with how it is doing — stage,
// development plan progress, overdue tasks, open consultation requests, attendance, the last contact — and
// a "gone quiet" flag. One statement computes the page whatever the number of centres: the scope, then one
// grouped subquery per source over the scope's centres, joined once (no per-centre queries).
import { asc, inArray, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { STAGES, type Stage } from '#db/schema/curricula.ts'
import {
  assessments,
  attendance,
  consultationMessages,
  consultationRequests,
  developmentPlans,
  events,
  memberships,
  mentorshipPeople,
  mentorships,
  organisations,
  planTasks,
  programmeCentres,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import type { Executor } from '#db/client.ts'
import { db } from '#app/utils/db.server.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import type { CurrentUser } from '#app/utils/session.server.ts'

/**
 * The "gone quiet" rule, shown on the page as it is applied here. A centre is flagged when
 * - nothing has happened with it for QUIET_DAYS days: no consultation message, no attended event of the
 *   programme, no assessment, no plan task update — counted from the last contact, or from the start of the
 *   mentorship if that is later (a mentorship that has not started yet is never quiet), or
 * - its mentorship has started, it has overdue plan tasks and nobody from the centre attended any event in
 *   the last STALLED_DAYS days.
 */
export const QUIET_DAYS = 30
export const STALLED_DAYS = 60
/** The window of the attendance figure. */
export const ATTENDANCE_DAYS = 90
export const DASHBOARD_PAGE_SIZE = 100
/** Consultation requests that still wait for something from the mentor or the centre. */
export const OPEN_CONSULTATION_STATUSES = ['open', 'scheduled', 'answered', 'held'] as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const DashboardQuerySchema = z.object({
  programme: z.string().regex(UUID).optional().catch(undefined),
  stage: z.enum(STAGES).optional().catch(undefined),
  flagged: z
    .string()
    .optional()
    .transform((v) => v === '1' || v === 'on' || v === 'true')
    .catch(false),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type DashboardQuery = z.output<typeof DashboardQuerySchema>

export function parseDashboardQuery(url: URL): DashboardQuery {
  const raw: Record<string, string | undefined> = {}
  for (const key of ['programme', 'stage', 'flagged', 'page']) {
    const value = url.searchParams.get(key)?.trim()
    raw[key] = value ? value : undefined
  }
  return DashboardQuerySchema.parse(raw)
}

/** Who sees which centres on the dashboard. */
export type DashboardScope = {
  userId: string
  /** Administrators see every programme's centres. */
  all: boolean
  /** Programmes the person manages: all their centres, with or without a mentorship. */
  managedProgrammeIds: string[]
  /** Mentor organisations the person leads: every active mentorship of them. */
  ledMentorOrganisationIds: string[]
  /** A mentor (or leader) of a mentor organisation: the active mentorships they are named on. */
  mentors: boolean
}

export function dashboardScope(user: CurrentUser): DashboardScope {
  return {
    userId: user.id,
    all: user.isAdmin,
    managedProgrammeIds: user.managedProgrammeIds,
    ledMentorOrganisationIds: user.memberships
      .filter((m) => m.kind === 'mentor' && m.role === 'leader')
      .map((m) => m.organisationId),
    mentors: mentorOrganisationIds(user).length > 0,
  }
}

/** People who mentor centres (mentors and leaders of mentor organisations), programme managers and administrators. */
export function canUseMentoringDashboard(user: CurrentUser) {
  return user.isAdmin || user.managedProgrammeIds.length > 0 || mentorOrganisationIds(user).length > 0
}

const none = sql`false`
/** The outer programme's id, qualified: an unqualified "id" inside a subquery would bind to the subquery's own table. */
const outerProgrammeId = sql.raw('"programmes"."id"')

/** The (programme, centre) pairs in scope, with the mentorship if there is an active one. */
function scopeQuery(scope: DashboardScope, programmeId: string | undefined): SQL {
  const byProgramme = (column: SQL) => (programmeId ? sql` and ${column} = ${programmeId}` : sql``)
  const mentorshipColumns = sql`ms.programme_id, ms.centre_id, ms.id as mentorship_id, ms.mentor_organisation_id,
        (ms.starts_on::timestamp at time zone 'UTC') as since`
  const parts: SQL[] = []
  // One branch per way in, each answered by its own index (a single OR would hide that from the planner).
  if (scope.mentors) {
    parts.push(sql`select ${mentorshipColumns}
      from ${mentorshipPeople} mp join ${mentorships} ms on ms.id = mp.mentorship_id
      where mp.user_id = ${scope.userId} and mp.side = 'mentor' and ms.status = 'active'${byProgramme(sql`ms.programme_id`)}`)
  }
  if (scope.ledMentorOrganisationIds.length) {
    parts.push(sql`select ${mentorshipColumns}
      from ${mentorships} ms
      where ${inArray(sql`ms.mentor_organisation_id`, scope.ledMentorOrganisationIds)} and ms.status = 'active'${byProgramme(sql`ms.programme_id`)}`)
  }
  if (scope.all || scope.managedProgrammeIds.length) {
    const managed = scope.all ? sql`true` : inArray(sql`pc.programme_id`, scope.managedProgrammeIds)
    parts.push(sql`select pc.programme_id, pc.organisation_id as centre_id, ms.id as mentorship_id, ms.mentor_organisation_id,
        coalesce((ms.starts_on::timestamp at time zone 'UTC'), pc.joined_at) as since
      from ${programmeCentres} pc
      left join ${mentorships} ms on ms.programme_id = pc.programme_id and ms.centre_id = pc.organisation_id and ms.status = 'active'
      where ${managed}${byProgramme(sql`pc.programme_id`)}`)
  }
  if (!parts.length) return sql`select null::uuid as programme_id, null::uuid as centre_id, null::uuid as mentorship_id, null::uuid as mentor_organisation_id, null::timestamptz as since where ${none}`
  // UNION (not UNION ALL): a manager who is also named on a mentorship sees its centre once.
  return sql.join(parts, sql` union `)
}

export type DashboardRow = {
  programmeId: string
  programmeName: string
  centreId: string
  centreName: string
  city: string
  regionRu: string
  regionEn: string
  stage: Stage
  mentorshipId: string | null
  mentorOrganisationName: string | null
  mentorNames: string | null
  tasksTotal: number
  tasksDone: number
  tasksOverdue: number
  openConsultations: number
  attendanceMarked: number
  attendancePresent: number
  /** ISO timestamp (UTC) of the last contact, or null when there has been none. */
  lastContact: string | null
  /** What the last contact was: 'message' | 'event' | 'assessment' | 'task'. */
  lastContactKind: 'message' | 'event' | 'assessment' | 'task' | null
  quiet: boolean
  stalled: boolean
  flagged: boolean
}

/** ISO text of a timestamptz in UTC: the same string from both drivers, whatever their type parsers do. */
const iso = (expr: SQL) => sql`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

/**
 * The dashboard's rows (one page, flagged first, then the longest without contact) and the totals,
 * in one statement. `now` and `today` are parameters so that tests and benchmarks can fix the clock.
 */
export async function getMentoringDashboard(
  scope: DashboardScope,
  query: Pick<DashboardQuery, 'programme' | 'stage' | 'flagged' | 'page'>,
  clock: { now: Date; today: string },
  tx: Executor = db,
) {
  const now = sql`${clock.now.toISOString()}::timestamptz`
  const today = sql`${clock.today}::date`
  const page = query.page
  // marked_events: the events a mark can count for — those of the attendance window (any programme) and every
  // past event of the rows' programmes (for the last attended event). Materialised so that it is read once and
  // hash-joined: probing events once per attendance mark (tens of thousands for a mentor's 50 centres) costs
  // several times more than reading these few thousand events.
  const statement = sql`
    with scope as (${scopeQuery(scope, query.programme)}),
    rows as (
      select s.programme_id, s.centre_id, s.mentorship_id, s.mentor_organisation_id, s.since,
        coalesce(o.short_name, o.name) as centre_name, o.city, o.stage, o.region_code
      from scope s join ${organisations} o on o.id = s.centre_id
      ${query.stage ? sql`where o.stage = ${query.stage}` : sql``}
    ),
    centres as (select distinct centre_id from rows),
    plan as (
      select dp.organisation_id as centre_id,
        count(*) filter (where t.status <> 'cancelled')::int as total,
        count(*) filter (where t.status = 'done')::int as done,
        count(*) filter (where t.status in ('todo', 'in_progress') and t.due_on < ${today})::int as overdue,
        max(t.updated_at) as last_update
      from ${developmentPlans} dp join ${planTasks} t on t.plan_id = dp.id
      where dp.organisation_id in (select centre_id from centres)
      group by dp.organisation_id
    ),
    requests as (
      select cr.organisation_id as centre_id,
        count(*) filter (where cr.status in (${sql.join(
          OPEN_CONSULTATION_STATUSES.map((s) => sql`${s}`),
          sql`, `,
        )}))::int as open,
        max(lm.created_at) as last_message
      from ${consultationRequests} cr
      left join lateral (
        select cm.created_at from ${consultationMessages} cm
        where cm.request_id = cr.id and cm.created_at <= ${now}
        order by cm.created_at desc limit 1
      ) lm on true
      where cr.organisation_id in (select centre_id from centres)
      group by cr.organisation_id
    ),
    marked_events as materialized (
      select e.id, e.programme_id, e.starts_at from ${events} e
      where e.starts_at >= ${now} - make_interval(days => ${ATTENDANCE_DAYS}) and e.starts_at <= ${now} and e.status = 'scheduled'
      union
      select e.id, e.programme_id, e.starts_at from ${events} e
      where e.programme_id = any (array(select distinct programme_id from rows)) and e.starts_at <= ${now} and e.status = 'scheduled'
    ),
    marks as (
      select m.organisation_id as centre_id, e.programme_id,
        count(*) filter (where e.starts_at >= ${now} - make_interval(days => ${ATTENDANCE_DAYS}))::int as marked,
        count(*) filter (where e.starts_at >= ${now} - make_interval(days => ${ATTENDANCE_DAYS})
          and a.status in ('present', 'late'))::int as present,
        count(*) filter (where e.starts_at >= ${now} - make_interval(days => ${STALLED_DAYS})
          and a.status in ('present', 'late'))::int as present_recent,
        max(e.starts_at) filter (where a.status in ('present', 'late')) as last_attended
      from ${memberships} m
      join ${attendance} a on a.user_id = m.user_id
      join marked_events e on e.id = a.event_id
      where m.organisation_id in (select centre_id from centres)
      group by m.organisation_id, e.programme_id
    ),
    marks_by_centre as (
      select centre_id, sum(marked)::int as marked, sum(present)::int as present, sum(present_recent)::int as present_recent
      from marks group by centre_id
    ),
    assessed as (
      select a.organisation_id as centre_id, max(a.conducted_on) as last
      from ${assessments} a
      where a.organisation_id in (select centre_id from centres) and a.conducted_on <= ${today}
      group by a.organisation_id
    ),
    figures as (
      select r.*,
        coalesce(pl.total, 0) as tasks_total, coalesce(pl.done, 0) as tasks_done, coalesce(pl.overdue, 0) as tasks_overdue,
        coalesce(rq.open, 0) as open_consultations,
        coalesce(mc.marked, 0) as marked, coalesce(mc.present, 0) as present, coalesce(mc.present_recent, 0) as present_recent,
        rq.last_message, mp.last_attended, (asd.last::timestamp at time zone 'UTC') as last_assessed,
        case when pl.last_update <= ${now} then pl.last_update end as last_task
      from rows r
      left join plan pl on pl.centre_id = r.centre_id
      left join requests rq on rq.centre_id = r.centre_id
      left join marks_by_centre mc on mc.centre_id = r.centre_id
      left join marks mp on mp.centre_id = r.centre_id and mp.programme_id = r.programme_id
      left join assessed asd on asd.centre_id = r.centre_id
    ),
    judged as (
      select f.*, greatest(f.last_message, f.last_attended, f.last_assessed, f.last_task) as last_contact
      from figures f
    ),
    flagged as (
      select j.*,
        greatest(j.last_contact, j.since) < ${now} - make_interval(days => ${QUIET_DAYS}) as quiet,
        (j.since <= ${now} and j.tasks_overdue > 0 and j.present_recent = 0) as stalled
      from judged j
    ),
    listed as (
      select f.*, (f.quiet or f.stalled) as flagged,
        count(*) over () as total,
        count(*) filter (where f.quiet or f.stalled) over () as flagged_total
      from flagged f
      ${query.flagged ? sql`where f.quiet or f.stalled` : sql``}
    )
    select l.*,
      p.name as programme_name, rg.name_ru as region_ru, rg.name_en as region_en,
      coalesce(mo.short_name, mo.name) as mentor_organisation_name,
      (select string_agg(u.name, ', ' order by mp.is_primary desc, u.name)
        from ${mentorshipPeople} mp join ${users} u on u.id = mp.user_id
        where mp.mentorship_id = l.mentorship_id and mp.side = 'mentor') as mentor_names
    from listed l
    join ${programmes} p on p.id = l.programme_id
    join ${regions} rg on rg.code = l.region_code
    left join ${organisations} mo on mo.id = l.mentor_organisation_id
    order by l.flagged desc, greatest(l.last_contact, l.since) asc, l.centre_name asc, p.name asc, l.centre_id, l.programme_id
    limit ${DASHBOARD_PAGE_SIZE} offset ${(page - 1) * DASHBOARD_PAGE_SIZE}`

  const d = (column: string) => sql.raw(`d.${column}`)
  const rows = await tx
    .select({
      programmeId: sql<string>`${d('programme_id')}`,
      programmeName: sql<string>`${d('programme_name')}`,
      centreId: sql<string>`${d('centre_id')}`,
      centreName: sql<string>`${d('centre_name')}`,
      city: sql<string>`${d('city')}`,
      regionRu: sql<string>`${d('region_ru')}`,
      regionEn: sql<string>`${d('region_en')}`,
      stage: sql<string>`${d('stage')}`,
      mentorshipId: sql<string | null>`${d('mentorship_id')}`,
      mentorOrganisationName: sql<string | null>`${d('mentor_organisation_name')}`,
      mentorNames: sql<string | null>`${d('mentor_names')}`,
      tasksTotal: sql<number>`${d('tasks_total')}::int`,
      tasksDone: sql<number>`${d('tasks_done')}::int`,
      tasksOverdue: sql<number>`${d('tasks_overdue')}::int`,
      openConsultations: sql<number>`${d('open_consultations')}::int`,
      attendanceMarked: sql<number>`${d('marked')}::int`,
      attendancePresent: sql<number>`${d('present')}::int`,
      lastContact: sql<string | null>`${iso(d('last_contact'))}`,
      lastContactKind: sql<DashboardRow['lastContactKind']>`case
        when ${d('last_contact')} is null then null
        when ${d('last_contact')} = ${d('last_message')} then 'message'
        when ${d('last_contact')} = ${d('last_attended')} then 'event'
        when ${d('last_contact')} = ${d('last_task')} then 'task'
        else 'assessment' end`,
      quiet: sql<boolean>`${d('quiet')}`,
      stalled: sql<boolean>`${d('stalled')}`,
      flagged: sql<boolean>`${d('flagged')}`,
      total: sql<number>`${d('total')}::int`,
      flaggedTotal: sql<number>`${d('flagged_total')}::int`,
    })
    .from(sql`(${statement}) as d`)

  let total = rows[0]?.total ?? 0
  let flaggedTotal = rows[0]?.flaggedTotal ?? 0
  if (!rows.length && page > 1) {
    // Past the last page (an old link): no row carries the totals, so ask for page 1's.
    const first = await getMentoringDashboard(scope, { ...query, page: 1 }, clock, tx)
    total = first.total
    flaggedTotal = first.flaggedTotal
  }
  return {
    rows: rows.map(({ total: _t, flaggedTotal: _f, stage, ...row }): DashboardRow => ({
      ...row,
      stage: (STAGES as readonly string[]).includes(stage) ? (stage as Stage) : STAGES[0],
    })),
    total,
    flaggedTotal,
    pages: Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE)),
  }
}

/** The programmes a person may filter the dashboard by: all for administrators, else those in their scope. */
export function dashboardProgrammes(scope: DashboardScope, tx: Executor = db) {
  const conditions: SQL[] = []
  if (scope.managedProgrammeIds.length) conditions.push(inArray(programmes.id, scope.managedProgrammeIds))
  if (scope.mentors || scope.ledMentorOrganisationIds.length) {
    const mine: SQL[] = []
    if (scope.mentors) {
      mine.push(
        sql`exists (select 1 from ${mentorshipPeople} mp where mp.mentorship_id = ms.id and mp.user_id = ${scope.userId} and mp.side = 'mentor')`,
      )
    }
    if (scope.ledMentorOrganisationIds.length) mine.push(inArray(sql`ms.mentor_organisation_id`, scope.ledMentorOrganisationIds))
    conditions.push(
      sql`exists (select 1 from ${mentorships} ms where ms.programme_id = ${outerProgrammeId} and ms.status = 'active' and (${sql.join(mine, sql` or `)}))`,
    )
  }
  if (!scope.all && !conditions.length) return Promise.resolve([])
  return tx
    .select({ id: programmes.id, name: programmes.name, startsOn: programmes.startsOn })
    .from(programmes)
    .where(scope.all ? undefined : or(...conditions))
    .orderBy(sql`${programmes.startsOn} desc`, asc(programmes.name), asc(programmes.id))
}

/** Programmes the person manages (or all, for administrators) — the dashboard links to their mentorships. */
export function managedProgrammesForMentorships(scope: DashboardScope, tx: Executor = db) {
  if (!scope.all && !scope.managedProgrammeIds.length) return Promise.resolve([])
  return tx
    .select({
      id: programmes.id,
      name: programmes.name,
      centres: sql<number>`(select count(*)::int from ${programmeCentres} pc where pc.programme_id = ${outerProgrammeId})`,
      mentorships: sql<number>`(select count(*)::int from ${mentorships} ms where ms.programme_id = ${outerProgrammeId} and ms.status = 'active')`,
    })
    .from(programmes)
    .where(scope.all ? undefined : inArray(programmes.id, scope.managedProgrammeIds))
    .orderBy(sql`${programmes.startsOn} desc`, asc(programmes.name), asc(programmes.id))
    .limit(scope.all ? 20 : 100)
}

