// The practices step of the scale generator, after the steps it depends on (regions, organisations, people,
// programmes), at a small scale: consistent tracks and history, scores within their programme, decisions
// that match their history, and one programme holding the board's tracks.
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '#db/client.ts'
import { createRng } from '#db/scale/random.ts'
import { planFor, type ScaleContext } from '#db/scale/context.ts'
import { silentProgress } from '#db/scale/progress.ts'
import { regionsStep } from '#db/scale/regions.ts'
import { organisationsStep } from '#db/scale/organisations.ts'
import { usersStep } from '#db/scale/users.ts'
import { programmesStep } from '#db/scale/programmes.ts'
import { BOARD_TRACKS, GENERATED_PRACTICES, practicesStep } from '#db/scale/practices.ts'
import { practices, transferTracks } from '#db/schema/index.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { getDatabaseHandle } from '#app/utils/db.server.ts'

const SCALE = 0.01
let ctx: ScaleContext

function db() {
  return getDatabaseHandle().db
}

async function rows<T>(query: SQL): Promise<T[]> {
  const result = (await db().execute(query)) as unknown as T[] | { rows: T[] }
  return Array.isArray(result) ? result : result.rows
}

beforeAll(async () => {
  ctx = {
    db: db(),
    seed: 7,
    scale: SCALE,
    plan: planFor(SCALE),
    rng: createRng(7),
    progress: silentProgress,
    passwordHash: await hashPassword('scale-test'),
    regions: [],
    mentorOrgs: [],
    centres: [],
    centreIdsByRegion: new Map(),
    people: new Map(),
    userIds: [],
    adminIds: [],
    programmes: [],
    events: [],
    courses: [],
    counts: {},
  }
  for (const step of [regionsStep, organisationsStep, usersStep, programmesStep, practicesStep]) {
    ctx.rng = createRng(7, step.name)
    await db().transaction(async (tx) => {
      ctx.db = tx
      await step.run(ctx)
      ctx.db = db() as Database
    })
  }
}, 180_000)

describe('scale: practices', () => {
  test('adds the generated practices to the seed ones, searchable', async () => {
    const [counts] = await rows<{ seed: number; generated: number; unsearchable: number }>(
      sql`select count(*) filter (where source = 'content')::int as seed, count(*) filter (where source = 'scale')::int as generated,
        count(*) filter (where search_vector is null)::int as unsearchable from practices`,
    )
    expect(counts).toEqual({ seed: 6, generated: Math.max(20, Math.round(GENERATED_PRACTICES * SCALE)), unsearchable: 0 })
    const found = await db().select({ id: practices.id }).from(practices).where(sql`${practices.searchVector} @@ to_tsquery('russian', 'прачечная')`)
    expect(found.length).toBeGreaterThan(0)
  })

  test('one programme holds the board’s tracks; every track belongs to a centre of its programme', async () => {
    const perProgramme = await rows<{ n: number }>(sql`select count(*)::int as n from transfer_tracks group by programme_id order by n desc`)
    expect(perProgramme[0]!.n).toBe(Math.max(20, Math.round(BOARD_TRACKS * SCALE)))
    const [outside] = await rows<{ n: number }>(sql`select count(*)::int as n from transfer_tracks t
      where not exists (select 1 from programme_centres pc where pc.programme_id = t.programme_id and pc.organisation_id = t.organisation_id)`)
    expect(outside!.n).toBe(0)
    expect(ctx.counts.transfer_tracks).toBeGreaterThanOrEqual(perProgramme[0]!.n)
  })

  test('every track’s history starts at «identified», runs forward in time, ends at the track’s step and adds up to its totals', async () => {
    const bad = await rows<{ id: string }>(sql`
      with h as (
        select track_id, from_step, to_step, occurred_on, reason, beneficiaries, ngos_involved,
          row_number() over (partition by track_id order by created_at) as n,
          row_number() over (partition by track_id order by created_at desc) as back,
          lag(occurred_on) over (partition by track_id order by created_at) as prev_on,
          lag(to_step) over (partition by track_id order by created_at) as prev_step
        from transfer_step_history)
      select t.id from transfer_tracks t
      where not exists (select 1 from h where h.track_id = t.id and h.n = 1 and h.from_step is null and h.to_step = 'identified' and h.occurred_on = t.started_on)
         or not exists (select 1 from h where h.track_id = t.id and h.back = 1 and h.to_step = t.step and h.occurred_on = (t.step_changed_at at time zone 'UTC')::date)
         or exists (select 1 from h where h.track_id = t.id and h.n > 1 and (h.occurred_on < h.prev_on or h.from_step is distinct from h.prev_step))
         or t.beneficiaries <> (select sum(beneficiaries) from h where h.track_id = t.id)
         or t.ngos_involved <> (select sum(ngos_involved) from h where h.track_id = t.id)
         or (t.step = 'stopped') <> (t.stopped_at_step is not null)`)
    expect(bad).toEqual([])
    // Skips and stops carry a reason; plain next steps do not need one.
    const [noReason] = await rows<{ n: number }>(sql`select count(*)::int as n from transfer_step_history h
      where h.from_step is not null and h.reason is null
        and (h.to_step = 'stopped' or array_position(enum_range(null::transfer_step), h.to_step) - array_position(enum_range(null::transfer_step), h.from_step) <> 1)`)
    expect(noReason!.n).toBe(0)
    const steps = await rows<{ step: string }>(sql`select distinct step::text as step from transfer_tracks`)
    expect(steps.length).toBeGreaterThanOrEqual(5)
  })

  test('scores use their programme’s criteria and experts; decisions match their latest history row', async () => {
    const [wrong] = await rows<{ n: number }>(sql`select count(*)::int as n from practice_scores s
      join selection_criteria c on c.id = s.criterion_id
      where c.programme_id <> s.programme_id
         or not exists (select 1 from programme_experts e where e.programme_id = s.programme_id and e.user_id = s.expert_id)
         or not exists (select 1 from programme_practices pp where pp.programme_id = s.programme_id and pp.practice_id = s.practice_id)`)
    expect(wrong!.n).toBe(0)
    const [mismatch] = await rows<{ n: number }>(sql`select count(*)::int as n from programme_practices pp
      where pp.decision is distinct from (select h.decision from practice_decision_history h
        where h.programme_id = pp.programme_id and h.practice_id = pp.practice_id order by h.decided_at desc limit 1)`)
    expect(mismatch!.n).toBe(0)
    const selected = await rows<{ programme_id: string }>(sql`select programme_id from programme_practices where decision = 'selected' group by programme_id`)
    expect(selected.length).toBeGreaterThan(0)
    const tracked = await db().select({ id: transferTracks.id }).from(transferTracks).where(and(eq(transferTracks.step, 'sustained'))).limit(1)
    expect(tracked.length).toBe(1)
  })
})
