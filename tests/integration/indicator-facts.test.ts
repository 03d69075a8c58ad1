// Stored indicator facts (app/models/indicator-facts.server.ts): the dashboard and a programme's figures read
// them, the drill-down and computeIndicator still compute from the records. On the known data set, and after
// every kind of change the counting rules care about, both must give the same figure — so stored facts are
// never stale and never differ from the written rules.
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { refreshStaleIndicatorFacts } from '#app/models/indicator-facts.server.ts'
import {
  computeDashboard,
  computeIndicator,
  computeProgrammeIndicators,
  isIndicatorKey,
  type PeriodRange,
} from '#app/models/indicators.server.ts'
import {
  attendance,
  consultationRequests,
  events,
  indicatorFacts,
  indicatorFactState,
  organisations,
  programmeCentres,
  transferPartners,
} from '#db/schema/index.ts'
import { testDb } from '#tests/db-utils.ts'
import {
  buildKnownDataSet,
  changeStage,
  createConsultation,
  createCourse,
  createEventAt,
  createIndicator,
  createResource,
  enrol,
  KNOWN_AS_OF,
  markAttendance,
  Q1,
  Q2,
  Q3,
  recordToolkitUse,
  YEAR,
} from '#tests/factories/indicators.ts'

let known: Awaited<ReturnType<typeof buildKnownDataSet>>
let configured: { id: string; key: string; params: Record<string, string> }[]

const VARIANTS: [string, Record<string, string>][] = [
  ['centres_supported', {}],
  ['people_trained', {}],
  ['people_trained', { via: 'events' }],
  ['people_trained', { via: 'courses' }],
  ['people_trained', { via: 'events', eventKind: 'online_seminar' }],
  ['visits', {}],
  ['visits', { eventKind: 'field_session' }],
  ['events_held', {}],
  ['events_held', { eventKind: 'online_seminar' }],
  ['consultations_given', {}],
  ['courses_completed', {}],
  ['toolkit_downloads', {}],
  ['documents_generated', {}],
  ['ngos_reached', {}],
  ['regions_covered', {}],
  ['centres_stage_up', {}],
  ['practices_selected', {}],
  ['practices_piloted', {}],
  ['practices_implemented', {}],
]

beforeAll(async () => {
  known = await buildKnownDataSet()
  configured = []
  const variants: [string, Record<string, string>][] = [
    ...VARIANTS,
    ['courses_completed', { courseId: known.course.id }],
  ]
  for (const [index, [key, params]] of variants.entries()) {
    const row = await createIndicator({
      programmeId: known.programme.id,
      name: `${key} ${index}`,
      computationKey: key,
      params,
      position: index,
    })
    configured.push({ id: row.id, key, params })
  }
})

/** Every configured indicator, stored against live, for a range and a scope. */
async function expectStoredEqualsLive(range: PeriodRange, organisationId?: string) {
  const scope = organisationId ? { organisationId } : undefined
  const stored = await computeProgrammeIndicators(testDb(), known.programme.id, range, scope, { asOf: KNOWN_AS_OF })
  for (const c of configured) {
    if (!isIndicatorKey(c.key)) throw new Error(c.key)
    const live = await computeIndicator(testDb(), known.programme.id, c.key, c.params, range, scope, {
      asOf: KNOWN_AS_OF,
    })
    expect({ indicator: `${c.key} ${JSON.stringify(c.params)}`, value: stored.get(c.id)?.value }).toEqual({
      indicator: `${c.key} ${JSON.stringify(c.params)}`,
      value: live,
    })
  }
}

/** Every quarter and the year, for the programme and each centre. */
async function everyScope() {
  for (const range of [Q1, Q2, Q3, YEAR]) {
    await expectStoredEqualsLive(range)
    for (const centre of [known.A, known.B, known.C]) await expectStoredEqualsLive(range, centre.id)
  }
}

/** After a change: the year and the quarter it touched, for the programme and each centre. */
async function afterChange(quarter: PeriodRange = Q1) {
  for (const range of [quarter, YEAR]) {
    await expectStoredEqualsLive(range)
    for (const centre of [known.A, known.B, known.C]) await expectStoredEqualsLive(range, centre.id)
  }
}

async function state() {
  const [row] = await testDb()
    .select()
    .from(indicatorFactState)
    .where(eq(indicatorFactState.programmeId, known.programme.id))
  return row!
}

describe('stored facts against the written rules', { timeout: 60_000 }, () => {
  test('every indicator, every quarter and the year, the programme and each centre, agree with the live count', async () => {
    await everyScope()
    const s = await state()
    expect(s.builtVersion).toBe(s.version)
    expect(s.builtAt).not.toBeNull()
  })

  test('the dashboard gives the same totals, per-centre and per-period figures as counting one by one', async () => {
    const figures = await computeDashboard(testDb(), known.programme.id, YEAR, { asOf: KNOWN_AS_OF, selected: Q1 })
    for (const c of configured) {
      if (!isIndicatorKey(c.key)) continue
      const live = await computeIndicator(testDb(), known.programme.id, c.key, c.params, YEAR, undefined, {
        asOf: KNOWN_AS_OF,
      })
      expect(figures.totals.get(c.id) ?? 0).toBe(live)
      for (const centre of [known.A, known.B]) {
        const liveCentre = await computeIndicator(
          testDb(),
          known.programme.id,
          c.key,
          c.params,
          YEAR,
          { organisationId: centre.id },
          {
            asOf: KNOWN_AS_OF,
          },
        )
        expect(figures.byCentre.get(c.id)?.get(centre.id)?.total ?? 0).toBe(liveCentre ?? 0)
      }
    }
  })

  test('events that have not started yet are stored but not counted until they have', async () => {
    const event = await createEventAt({
      programmeId: known.programme.id,
      organiserId: known.programme.mentorOrganisationId,
      startsAt: '2026-06-20T07:00:00Z',
      timeZone: 'Europe/Moscow',
      kind: 'network_meeting',
    })
    await markAttendance(event.id, known.people.p1.id, known.A.id)
    await expectStoredEqualsLive(Q2)
    const later = new Date('2026-06-25T00:00:00Z')
    const held = await computeProgrammeIndicators(testDb(), known.programme.id, Q2, undefined, { asOf: later })
    const events_ = configured.find((c) => c.key === 'events_held' && !c.params.eventKind)!
    const live = await computeIndicator(testDb(), known.programme.id, 'events_held', {}, Q2, undefined, { asOf: later })
    expect(held.get(events_.id)?.value).toBe(live)
    // Ours and the known data set's seminar of 20 June, both not yet started on KNOWN_AS_OF.
    const before = await computeIndicator(testDb(), known.programme.id, 'events_held', {}, Q2, undefined, {
      asOf: KNOWN_AS_OF,
    })
    expect(live).toBe(before! + 2)
  })
})

describe(
  'a change to the records makes the facts stale in the same transaction, and the next read sees it',
  { timeout: 60_000 },
  () => {
    test('attendance marked, then changed to absent', async () => {
      const before = (await state()).version
      await markAttendance(known.events.e1.id, known.people.p10.id, known.B.id)
      expect((await state()).version).toBeGreaterThan(before)
      await afterChange()
      await testDb().update(attendance).set({ status: 'absent' }).where(eq(attendance.userId, known.people.p10.id))
      await afterChange()
    })

    test('an event cancelled, or moved to another kind', async () => {
      await testDb().update(events).set({ status: 'cancelled' }).where(eq(events.id, known.events.e2.id))
      await afterChange()
      await testDb().update(events).set({ kind: 'field_session' }).where(eq(events.id, known.events.e1.id))
      await afterChange()
    })

    test('a new title of an event does not make the facts stale', async () => {
      await computeProgrammeIndicators(testDb(), known.programme.id, YEAR, undefined, { asOf: KNOWN_AS_OF })
      const before = await state()
      await testDb()
        .update(events)
        .set({ title: 'Семинар о грантах: новое название' })
        .where(eq(events.id, known.events.e1.id))
      const after = await state()
      expect(after.version).toBe(before.version)
      expect(after.builtVersion).toBe(after.version)
    })

    test('a consultation answered, a course completed, a toolkit document, a stage moved up', async () => {
      await createConsultation({
        organisationId: known.C.id,
        programmeId: known.programme.id,
        status: 'answered',
        answeredAt: '2026-05-10T10:00:00Z',
        clientNgo: 'АНО «Новое дело»',
      })
      await enrol((await createCourse()).id, known.people.p9.id, known.C.id, '2026-05-11T10:00:00Z')
      const resource = await createResource()
      await recordToolkitUse(resource.id, known.C.id, 'generate_docx', '2026-05-12T10:00:00Z')
      await changeStage(known.C.id, 'first-services', 'operating', '2026-05-13T10:00:00Z')
      await afterChange(Q2)
    })

    test('viewing a toolkit resource does not make the facts stale', async () => {
      await computeProgrammeIndicators(testDb(), known.programme.id, YEAR, undefined, { asOf: KNOWN_AS_OF })
      const before = (await state()).version
      const resource = await createResource()
      await recordToolkitUse(resource.id, known.A.id, 'view', '2026-05-12T10:00:00Z')
      expect((await state()).version).toBe(before)
    })

    test('a centre moved to a far-east region: dates and regions follow', async () => {
      await testDb().update(organisations).set({ regionCode: '41' }).where(eq(organisations.id, known.A.id))
      await afterChange()
    })

    test('a transfer partner removed, a consultation reopened, a centre leaving the programme', async () => {
      await testDb().delete(transferPartners)
      await testDb()
        .update(consultationRequests)
        .set({ status: 'open' })
        .where(eq(consultationRequests.organisationId, known.A.id))
      await afterChange()
      await testDb()
        .delete(programmeCentres)
        .where(
          sql`${programmeCentres.programmeId} = ${known.programme.id} and ${programmeCentres.organisationId} = ${known.C.id}`,
        )
      await afterChange()
    })
  },
)

describe('the background job', () => {
  test('rebuilds stale programmes that have computed indicators, and nothing else', async () => {
    await computeProgrammeIndicators(testDb(), known.programme.id, YEAR, undefined, { asOf: KNOWN_AS_OF })
    expect(await refreshStaleIndicatorFacts(testDb(), 500)).not.toContain(known.programme.id)
    await markAttendance(known.events.e4.id, known.people.p8.id, known.A.id)
    const stale = await state()
    expect(stale.builtVersion).toBeLessThan(stale.version)
    const done = await refreshStaleIndicatorFacts(testDb(), 500)
    expect(done).toContain(known.programme.id)
    expect(done).not.toContain(known.other.id)
    const fresh = await state()
    expect(fresh.builtVersion).toBe(fresh.version)
    const rows = await testDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(indicatorFacts)
      .where(eq(indicatorFacts.programmeId, known.programme.id))
    expect(rows[0]!.n).toBeGreaterThan(0)
  })
})
