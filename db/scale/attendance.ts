// Registrations (~1.6 million at full scale), attendance marks for past events (~1 million) and their
// history. Far too many rows to build first and insert after: they are made event by event and streamed
// to the database in batches, so memory stays flat whatever the scale.
import { attendance, attendanceHistory, registrations, type AttendanceStatus, type EventKind } from '../schema/index.ts'
import { batchWriter, SCALE_NOW, withBulkLoad, type EventRef, type ScaleContext, type ScaleStep } from './context.ts'
import type { Rng } from './random.ts'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

/** Registrations wanted per event, before the "how far ahead" factor; capped by the audience's size. */
const DEMAND: Record<EventKind, [number, number]> = {
  online_seminar: [25, 82],
  consultation: [3, 15],
  network_meeting: [17, 52],
  training: [15, 46],
  field_session: [17, 69],
  conference: [95, 290],
}
/** No event draws more than this share of the people who may come. */
const MAX_POOL_SHARE = 0.6
/** Leaders and staff come to far more events than volunteers. */
const ROLE_WEIGHT = { leader: 5, staff: 3, volunteer: 1 } as const
const CANCELLED_REGISTRATION_SHARE = 0.07

const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'late', 'absent', 'excused']
const ATTENDANCE_WEIGHTS = [75, 8, 10, 7] as const
/** Of those who came (present or late), the share who checked in themselves with the event's code. */
const SELF_CHECK_IN_SHARE = 0.24
/** Of the marks a mentor made, the share corrected later (an extra row in the history). */
const CORRECTION_SHARE = 0.0625

/** People registered for an upcoming event: the further away, the fewer have signed up yet. */
function timeFactor(event: EventRef) {
  if (event.endsAt < SCALE_NOW) return 1
  const ahead = event.startsAt - SCALE_NOW
  if (ahead < 30 * DAY_MS) return 0.9
  if (ahead < 120 * DAY_MS) return 0.65
  return 0.4
}

/** Who may register for an event, with how likely each is to: cumulative weights for a binary search. */
type Pool = { users: string[]; orgs: string[]; cumulative: Float64Array; total: number }

function makePool(members: { user: string; org: string; weight: number }[][]): Pool {
  const users: string[] = []
  const orgs: string[] = []
  const weights: number[] = []
  for (const list of members) {
    for (const m of list) {
      users.push(m.user)
      orgs.push(m.org)
      weights.push(m.weight)
    }
  }
  const cumulative = new Float64Array(weights.length)
  let total = 0
  weights.forEach((w, i) => {
    total += w
    cumulative[i] = total
  })
  return { users, orgs, cumulative, total }
}

/** `n` distinct people of the pool (indexes), each drawn by weight. */
function drawPeople(rng: Rng, pool: Pool, n: number) {
  const picked: number[] = []
  const seen = new Set<string>()
  for (let attempts = 0; picked.length < n && attempts < n * 30; attempts++) {
    const r = rng.next() * pool.total
    let lo = 0
    let hi = pool.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (pool.cumulative[mid]! > r) hi = mid
      else lo = mid + 1
    }
    const user = pool.users[lo]!
    if (seen.has(user)) continue
    seen.add(user)
    picked.push(lo)
  }
  return picked
}

export const attendanceStep: ScaleStep = {
  name: 'attendance',
  async run(ctx: ScaleContext) {
    const { rng } = ctx
    // Each centre's people with their weights; some centres are simply more active than others.
    const membersOf = new Map<string, { user: string; org: string; weight: number }[]>()
    for (const centre of ctx.centres) {
      const people = ctx.people.get(centre.id)!
      const activity = rng.spread(0.5)
      membersOf.set(centre.id, [
        { user: people.leader, org: centre.id, weight: ROLE_WEIGHT.leader * activity },
        ...people.staff.map((user) => ({ user, org: centre.id, weight: ROLE_WEIGHT.staff * activity })),
        ...people.volunteers.map((user) => ({ user, org: centre.id, weight: ROLE_WEIGHT.volunteer * activity })),
      ])
    }
    const programmePools = ctx.programmes.map((p) => makePool(p.centreIds.map((id) => membersOf.get(id) ?? [])))
    const poolOf = (event: EventRef) =>
      event.audienceCentreIds
        ? makePool(event.audienceCentreIds.map((id) => membersOf.get(id) ?? []))
        : programmePools[event.programme]!

    // First pass: how many registrations each event gets, so the progress bar knows the total.
    const demand = new Uint16Array(ctx.events.length)
    let total = 0
    ctx.events.forEach((event, i) => {
      const [lo, hi] = DEMAND[event.kind]
      const size = event.audienceCentreIds
        ? event.audienceCentreIds.reduce((sum, id) => sum + (membersOf.get(id)?.length ?? 0), 0)
        : programmePools[event.programme]!.users.length
      const wanted = Math.round(rng.int(lo, hi) * timeFactor(event))
      demand[i] = Math.max(size > 0 ? 1 : 0, Math.min(wanted, Math.floor(size * MAX_POOL_SHARE)))
      total += demand[i]!
    })

    await withBulkLoad(ctx, ['registrations', 'attendance', 'attendance_history'], async () => {
      const task = ctx.progress.start('registrations', total)
      const registrationWriter = batchWriter(ctx, registrations, 'registrations', task)
      const attendanceWriter = batchWriter(ctx, attendance, 'attendance')
      const historyWriter = batchWriter(ctx, attendanceHistory, 'attendance_history')

      for (let e = 0; e < ctx.events.length; e++) {
        const event = ctx.events[e]!
        const pool = poolOf(event)
        const picked = drawPeople(rng, pool, demand[e]!)
        if (picked.length === 0) continue
        // Sign-ups open a month ahead (or when the event is announced, if later) and close an hour before the
        // start; for events further ahead than that, those who signed up did so between the announcement and now.
        const monthAhead = Math.max(event.createdAt, event.startsAt - 30 * DAY_MS)
        const open = monthAhead < SCALE_NOW ? monthAhead : event.createdAt
        const close = Math.max(open, Math.min(event.startsAt - HOUR_MS, SCALE_NOW - 60_000))
        const signUps = picked
          .map((index) => ({
            index,
            createdAt: open + Math.floor(rng.next() * (close - open)),
            cancelled: rng.chance(CANCELLED_REGISTRATION_SHARE),
          }))
          .sort((a, b) => a.createdAt - b.createdAt || a.index - b.index)

        const past = !event.cancelled && event.endsAt < SCALE_NOW
        const organiserPeople = ctx.people.get(event.organiserId)!
        const markers = organiserPeople.mentors.length ? organiserPeople.mentors : [organiserPeople.leader]
        const leadMarker = rng.pick(markers)
        let places = event.capacity ?? Number.MAX_SAFE_INTEGER

        for (const signUp of signUps) {
          const userId = pool.users[signUp.index]!
          const organisationId = pool.orgs[signUp.index]!
          // First come, first served: those after the last place wait (and stay waiting once it is over).
          const status = signUp.cancelled ? 'cancelled' : places > 0 ? 'registered' : 'waitlisted'
          if (status === 'registered') places -= 1
          const updatedAt = signUp.cancelled
            ? signUp.createdAt + Math.floor(rng.next() * Math.max(0, close - signUp.createdAt))
            : signUp.createdAt
          await registrationWriter.push({
            id: rng.uuid(),
            eventId: event.id,
            userId,
            organisationId,
            status,
            createdAt: new Date(signUp.createdAt),
            updatedAt: new Date(updatedAt),
          })
          if (!past || status !== 'registered') continue

          const mark = ATTENDANCE_STATUSES[rng.weightedIndex(ATTENDANCE_WEIGHTS, 100)]!
          const came = mark === 'present' || mark === 'late'
          if (came && rng.chance(SELF_CHECK_IN_SHARE)) {
            const minutes = mark === 'present' ? rng.int(-10, 5) : rng.int(10, 40)
            const markedAt = new Date(event.startsAt + minutes * 60_000)
            await attendanceWriter.push({
              eventId: event.id,
              userId,
              organisationId,
              status: mark,
              markedById: userId,
              selfCheckIn: true,
              markedAt,
            })
            await historyWriter.push({
              eventId: event.id,
              userId,
              status: mark,
              markedById: userId,
              selfCheckIn: true,
              markedAt,
            })
            continue
          }
          const markedById = rng.chance(0.9) ? leadMarker : rng.pick(markers)
          let markedAt = Math.min(event.endsAt + rng.int(0, 24 * 60) * 60_000, SCALE_NOW)
          if (rng.chance(CORRECTION_SHARE)) {
            // A first mark, corrected later (an absence excused after a note, a late arrival noticed…).
            const first = Math.min(event.endsAt + rng.int(0, 120) * 60_000, SCALE_NOW)
            const others = ATTENDANCE_STATUSES.filter((s) => s !== mark)
            await historyWriter.push({
              eventId: event.id,
              userId,
              status: rng.pick(others),
              markedById,
              selfCheckIn: false,
              markedAt: new Date(first),
            })
            markedAt = Math.min(first + rng.int(60, 72 * 60) * 60_000, SCALE_NOW)
          }
          const at = new Date(markedAt)
          await attendanceWriter.push({
            eventId: event.id,
            userId,
            organisationId,
            status: mark,
            markedById,
            selfCheckIn: false,
            markedAt: at,
          })
          await historyWriter.push({
            eventId: event.id,
            userId,
            status: mark,
            markedById,
            selfCheckIn: false,
            markedAt: at,
          })
        }
      }
      await registrationWriter.done()
      task.done()
      await attendanceWriter.done()
      await historyWriter.done()
    })
  },
}
