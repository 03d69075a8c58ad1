import { beforeAll, describe, expect, test } from 'vitest'
import {
  computeDashboard,
  computeIndicator,
  computeProgrammeIndicators,
  INDICATOR_CATALOGUE,
  listIndicatorRecords,
  parseIndicatorParams,
  type IndicatorKey,
  type PeriodRange,
} from '#app/models/indicators.server.ts'
import { loader as contributionLoader } from '#app/routes/organisations.$id_.contribution.tsx'
import { loader as dashboardLoader } from '#app/routes/programmes.$id_.outcomes.tsx'
import { loader as recordsLoader } from '#app/routes/programmes.$id_.outcomes_.$indicatorId.tsx'
import { callRoute, testDb } from '#tests/db-utils.ts'
import {
  buildKnownDataSet,
  createIndicator,
  createPeriod,
  enterManualValue,
  KNOWN_AS_OF,
  Q1,
  Q2,
  Q3,
  YEAR,
} from '#tests/factories/indicators.ts'

let known: Awaited<ReturnType<typeof buildKnownDataSet>>
let periods: { q1: { id: string }; q2: { id: string }; year: { id: string } }
let otherIndicatorId: string
let ids: Record<'people' | 'seminars' | 'selected' | 'publications' | 'broken', string>

beforeAll(async () => {
  known = await buildKnownDataSet()
  const P = known.programme.id
  const q1 = await createPeriod(P, 'I квартал 2026', Q1.startsOn, Q1.endsOn)
  const q2 = await createPeriod(P, 'II квартал 2026', Q2.startsOn, Q2.endsOn)
  const year = await createPeriod(P, '2026 год', YEAR.startsOn, YEAR.endsOn)
  periods = { q1, q2, year }
  const people = await createIndicator({
    programmeId: P,
    name: 'Обучено сотрудников',
    computationKey: 'people_trained',
    targetTotal: '40',
    position: 1,
    targets: [
      { periodId: q1.id, target: '10' },
      { periodId: q2.id, target: '15' },
    ],
  })
  const seminars = await createIndicator({
    programmeId: P,
    name: 'Онлайн-семинары',
    unit: 'ед.',
    computationKey: 'events_held',
    params: { eventKind: 'online_seminar' },
    position: 2,
  })
  const selected = await createIndicator({ programmeId: P, name: 'Отобрано практик', computationKey: 'practices_selected', position: 3 })
  const publications = await createIndicator({ programmeId: P, name: 'Публикации в СМИ', unit: 'ед.', position: 4, targetTotal: '12' })
  await enterManualValue(publications.id, q1.id, '3', 'https://example.org/press')
  await enterManualValue(publications.id, q2.id, '4')
  // The year's own value would double the quarters if summed with them: a range takes one or the other.
  await enterManualValue(publications.id, year.id, '9')
  const broken = await createIndicator({ programmeId: P, name: 'Неизвестный расчёт', computationKey: 'no_such_key', position: 5 })
  ids = { people: people.id, seminars: seminars.id, selected: selected.id, publications: publications.id, broken: broken.id }
  otherIndicatorId = (await createIndicator({ programmeId: known.other.id, name: 'Обучено (другая программа)', computationKey: 'people_trained' })).id
})

function value(key: IndicatorKey, period: PeriodRange, params: Record<string, string> = {}, organisationId?: string) {
  return computeIndicator(testDb(), known.programme.id, key, params, period, organisationId ? { organisationId } : undefined, {
    asOf: KNOWN_AS_OF,
  })
}

/** Every computed indicator, worked out by hand from the comments in tests/factories/indicators.ts. */
const EXPECTED: { key: IndicatorKey; params?: Record<string, string>; year: number; q1: number; q2: number; q3?: number; a: number; b: number }[] = [
  // A: attendance E1, E2, host E2, CR1 (and CR5 in July); B: attendance E2, E4, E5, CR2.
  { key: 'centres_supported', year: 2, q1: 2, q2: 1, q3: 1, a: 1, b: 1 },
  // p1, p2, p4, p7 (no centre) at events in Q1 + p8's January completion; p6 at E5 and p2's completion in Q2.
  { key: 'people_trained', year: 6, q1: 5, q2: 2, a: 2, b: 3 },
  { key: 'people_trained', params: { via: 'events' }, year: 5, q1: 4, q2: 1, a: 2, b: 2 },
  { key: 'people_trained', params: { via: 'courses' }, year: 2, q1: 1, q2: 1, a: 1, b: 1 },
  { key: 'people_trained', params: { eventKind: 'field_session' }, year: 4, q1: 3, q2: 1, a: 2, b: 2 },
  // E1: p1, p2, p7; E2: p1, p4; E4: p4; E5: p6.
  { key: 'visits', year: 7, q1: 6, q2: 1, a: 3, b: 3 },
  { key: 'visits', params: { eventKind: 'online_seminar' }, year: 3, q1: 3, q2: 0, a: 2, b: 0 },
  // E1, E2, E4 (Kamchatka, 31 March local), E5 (Kamchatka, 1 April local); not E3 (cancelled), E6 (future).
  { key: 'events_held', year: 4, q1: 3, q2: 1, a: 2, b: 3 },
  { key: 'events_held', params: { eventKind: 'network_meeting' }, year: 1, q1: 1, q2: 0, a: 0, b: 1 },
  { key: 'events_held', params: { eventKind: 'consultation' }, year: 1, q1: 0, q2: 1, a: 0, b: 1 },
  { key: 'events_held', params: { eventKind: 'field_session' }, year: 1, q1: 1, q2: 0, a: 1, b: 1 },
  { key: 'consultations_given', year: 3, q1: 1, q2: 1, q3: 1, a: 2, b: 1 },
  { key: 'courses_completed', year: 2, q1: 1, q2: 1, a: 1, b: 1 },
  { key: 'toolkit_downloads', year: 2, q1: 2, q2: 0, a: 2, b: 0 },
  { key: 'documents_generated', year: 2, q1: 1, q2: 1, a: 0, b: 2 },
  // A: «Добро» (partner in March, CR1 in February, CR5 in July), «Надежда» (May); B: "Добро" (CR2, April).
  { key: 'ngos_reached', year: 3, q1: 1, q2: 2, q3: 1, a: 2, b: 1 },
  { key: 'regions_covered', year: 2, q1: 2, q2: 1, q3: 1, a: 1, b: 1 },
  // A up twice (February, March) counts once; B down in March, up in May.
  { key: 'centres_stage_up', year: 2, q1: 1, q2: 1, a: 1, b: 1 },
  { key: 'practices_selected', year: 2, q1: 1, q2: 1, a: -1, b: -1 },
  // T1 piloted 15 March; T2 skipped piloting, reached implemented 20 April; T3 at piloted since 1 June.
  { key: 'practices_piloted', year: 3, q1: 1, q2: 2, a: 1, b: 2 },
  { key: 'practices_implemented', year: 2, q1: 0, q2: 2, a: 1, b: 1 },
]

describe('every computed indicator on the known data set', () => {
  test('the expectations cover the whole catalogue', () => {
    const covered = new Set(EXPECTED.map((e) => e.key))
    expect([...covered].sort()).toEqual(INDICATOR_CATALOGUE.map((d) => d.key).sort())
  })

  for (const e of EXPECTED) {
    const label = `${e.key}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`
    test(`${label}: year, quarters, each centre`, async () => {
      expect(await value(e.key, YEAR, e.params)).toBe(e.year)
      expect(await value(e.key, Q1, e.params)).toBe(e.q1)
      expect(await value(e.key, Q2, e.params)).toBe(e.q2)
      expect(await value(e.key, Q3, e.params)).toBe(e.q3 ?? 0)
      const a = await value(e.key, YEAR, e.params, known.A.id)
      const b = await value(e.key, YEAR, e.params, known.B.id)
      expect(a).toBe(e.a === -1 ? null : e.a)
      expect(b).toBe(e.b === -1 ? null : e.b)
      // Nothing of a centre outside the programme.
      const c = await value(e.key, YEAR, e.params, known.C.id)
      expect(c === null || c === 0).toBe(true)
    })
  }

  test('a person at two events is one person and two visits', async () => {
    const { p1 } = known.people
    const people = await listIndicatorRecords(testDb(), known.programme.id, 'people_trained', {}, Q1, { asOf: KNOWN_AS_OF })
    const visits = await listIndicatorRecords(testDb(), known.programme.id, 'visits', {}, Q1, { asOf: KNOWN_AS_OF })
    expect(people.records.filter((r) => r.item === p1.id)).toHaveLength(1)
    expect(people.records.find((r) => r.item === p1.id)!.visits).toBe(2)
    expect(visits.records.filter((r) => r.item.endsWith(p1.id))).toHaveLength(2)
  })

  test('the far-east boundary: 23:30 on 31 March in Kamchatka is March, 00:30 on 1 April is April', async () => {
    const march = { startsOn: '2026-03-31', endsOn: '2026-03-31' }
    const april = { startsOn: '2026-04-01', endsOn: '2026-04-01' }
    // Both are 31 March in UTC.
    expect(known.events.e4.startsAt.toISOString().slice(0, 10)).toBe('2026-03-31')
    expect(known.events.e5.startsAt.toISOString().slice(0, 10)).toBe('2026-03-31')
    const marchEvents = await listIndicatorRecords(testDb(), known.programme.id, 'events_held', {}, march, { asOf: KNOWN_AS_OF })
    const aprilEvents = await listIndicatorRecords(testDb(), known.programme.id, 'events_held', {}, april, { asOf: KNOWN_AS_OF })
    expect(marchEvents.records.map((r) => r.item)).toEqual([known.events.e4.id])
    expect(aprilEvents.records.map((r) => r.item)).toEqual([known.events.e5.id])
    expect(aprilEvents.records[0]!.firstDate).toBe('2026-04-01')
  })

  test('events count only once they have started', async () => {
    const later = new Date('2026-07-01T00:00:00Z')
    const before = await value('events_held', Q2)
    const after = await computeIndicator(testDb(), known.programme.id, 'events_held', {}, Q2, undefined, { asOf: later })
    expect(after).toBe(before! + 1)
  })

  test('parameters are checked against the catalogue', () => {
    expect(parseIndicatorParams('events_held', { eventKind: 'field_session', other: 'x' })).toEqual({ ok: true, params: { eventKind: 'field_session' } })
    expect(parseIndicatorParams('events_held', { eventKind: '' })).toEqual({ ok: true, params: {} })
    expect(parseIndicatorParams('events_held', { eventKind: 'party' })).toEqual({
      ok: false,
      errors: { eventKind: 'reporting.indicators.error.paramInvalid' },
    })
    expect(parseIndicatorParams('courses_completed', { courseId: 'nope' }).ok).toBe(false)
    expect(parseIndicatorParams('courses_completed', { courseId: known.course.id })).toEqual({ ok: true, params: { courseId: known.course.id } })
  })
})

describe("a programme's configured indicators", () => {
  test('computed ones in one go, manual ones from the values entered, with targets for the range', async () => {
    const q1 = await computeProgrammeIndicators(testDb(), known.programme.id, Q1, undefined, { asOf: KNOWN_AS_OF })
    expect(q1.get(ids.people!)).toMatchObject({ value: 5, target: 10, source: 'computed', computationKey: 'people_trained' })
    expect(q1.get(ids.seminars!)).toMatchObject({ value: 1, target: null, params: { eventKind: 'online_seminar' } })
    expect(q1.get(ids.selected!)).toMatchObject({ value: 1 })
    expect(q1.get(ids.publications!)).toMatchObject({ value: 3, source: 'manual' })
    expect(q1.get(ids.publications!)!.evidence).toEqual([
      expect.objectContaining({ periodId: periods.q1.id, value: 3, evidenceUrl: 'https://example.org/press' }),
    ])
    expect(q1.get(ids.broken!)).toMatchObject({ value: null, computationKey: null })

    const year = await computeProgrammeIndicators(testDb(), known.programme.id, YEAR, undefined, { asOf: KNOWN_AS_OF })
    expect(year.get(ids.people!)).toMatchObject({ value: 6, target: 40 })
    expect(year.get(ids.publications!)).toMatchObject({ value: 9, target: 12 })

    // First half-year: no period of its own, so the quarters inside it are summed (targets and manual values).
    const half = await computeProgrammeIndicators(testDb(), known.programme.id, { startsOn: '2026-01-01', endsOn: '2026-06-30' }, undefined, {
      asOf: KNOWN_AS_OF,
    })
    expect(half.get(ids.people!)).toMatchObject({ value: 6, target: 25 })
    expect(half.get(ids.publications!)).toMatchObject({ value: 7 })
  })

  test("a centre's contribution: its own figures, nothing it cannot be credited with", async () => {
    const a = await computeProgrammeIndicators(testDb(), known.programme.id, YEAR, { organisationId: known.A.id }, { asOf: KNOWN_AS_OF })
    expect(a.get(ids.people!)!.value).toBe(2)
    expect(a.get(ids.seminars!)!.value).toBe(1)
    expect(a.get(ids.selected!)!.value).toBeNull()
    expect(a.get(ids.publications!)!.value).toBeNull()
  })

  test('the dashboard: total, per period, per centre, per region and month by month in one statement', async () => {
    const figures = await computeDashboard(testDb(), known.programme.id, YEAR, { asOf: KNOWN_AS_OF, selected: Q1 })
    expect(figures.totals.get(ids.people!)).toBe(6)
    expect(figures.byPeriod.get(ids.people!)!.get(periods.q1.id)).toBe(5)
    expect(figures.byPeriod.get(ids.people!)!.get(periods.q2.id)).toBe(2)
    expect(figures.byPeriod.get(ids.people!)!.get(periods.year.id)).toBe(6)
    expect(figures.byCentre.get(ids.people!)!.get(known.A.id)).toEqual({ total: 2, selected: 2 })
    expect(figures.byCentre.get(ids.people!)!.get(known.B.id)).toEqual({ total: 3, selected: 2 })
    expect(figures.byRegion.get(ids.people!)!.get('41')).toEqual({ total: 3, selected: 2 })
    const months = figures.cumulativeByMonth.get(ids.people!)!
    // January: p8's completion; February: p1, p2, p7; March: p4; April: p6 (p2 already counted).
    expect(months.get('2026-01')).toBe(1)
    expect(months.get('2026-02')).toBe(4)
    expect(months.get('2026-03')).toBe(5)
    expect(months.get('2026-04')).toBe(6)
    expect(months.get('2026-12')).toBe(6)
    expect(figures.totals.has(ids.publications!)).toBe(false)
  })
})

describe('the outcomes dashboard (/programmes/:id/outcomes)', () => {
  const path = (query = '') => `/programmes/${known.programme.id}/outcomes${query}`
  const params = () => ({ id: known.programme.id })
  type Dashboard = Awaited<ReturnType<typeof dashboardLoader>>

  test('signed out → sign in; centres, another programme\'s manager and outsiders are refused', async () => {
    const signedOut = await callRoute(dashboardLoader, path(), { params: params() })
    expect(signedOut.status).toBe(302)
    expect(signedOut.location).toContain('/login')
    for (const who of [known.leaderA, known.people.p1, known.otherManager, known.world.manager, known.world.outsiderLeader, known.world.noOrg]) {
      expect((await callRoute(dashboardLoader, path(), { params: params(), as: who })).status).toBe(403)
    }
  })

  test('a missing or malformed programme is a 404', async () => {
    expect((await callRoute(dashboardLoader, '/programmes/x/outcomes', { params: { id: 'x' }, as: known.world.admin })).status).toBe(404)
    const missing = '00000000-0000-4000-8000-000000000000'
    expect((await callRoute(dashboardLoader, `/programmes/${missing}/outcomes`, { params: { id: missing }, as: known.world.admin })).status).toBe(404)
  })

  test('its manager sees actual against target, by period, centre and region, with the calendar plan', async () => {
    const result = await callRoute(dashboardLoader, path(`?period=${periods.q1.id}&indicator=${ids.people}`), { params: params(), as: known.manager })
    expect(result.status).toBe(200)
    const data = result.data as Dashboard
    const people = data.indicators.find((i) => i.id === ids.people)!
    expect(people).toMatchObject({ total: 6, target: 40, key: 'people_trained', ruleKey: 'reporting.indicators.rule.people_trained' })
    expect(people.periods.find((p) => p.periodId === periods.q1.id)).toEqual({ periodId: periods.q1.id, actual: 5, target: 10 })
    const publications = data.indicators.find((i) => i.id === ids.publications)!
    expect(publications).toMatchObject({ source: 'manual', total: 9, target: 12 })
    expect(data.indicators.find((i) => i.id === ids.broken)).toMatchObject({ total: null, key: null })
    // Centre and region tables for the first quarter.
    expect(data.centres.find((c) => c.id === known.B.id)!.values[ids.people]).toBe(2)
    expect(data.centres.find((c) => c.id === known.A.id)!.values[ids.people]).toBe(2)
    expect(data.regions.find((r) => r.code === '41')!.values[ids.people]).toBe(2)
    expect(data.notPerCentre).toEqual(['Отобрано практик'])
    expect(data.chart!.indicatorId).toBe(ids.people)
    expect(data.chart!.months.find((m) => m.month === '2026-03')!.value).toBe(5)
  })

  test('administrators and the mentors of the mentor organisation may look too', async () => {
    expect((await callRoute(dashboardLoader, path(), { params: params(), as: known.world.admin })).status).toBe(200)
    expect((await callRoute(dashboardLoader, path(), { params: params(), as: known.world.mentor })).status).toBe(200)
  })

  test('an unknown period in the address falls back to the whole programme', async () => {
    const result = await callRoute(dashboardLoader, path('?period=nonsense&indicator=nonsense'), { params: params(), as: known.manager })
    expect(result.status).toBe(200)
    const data = result.data as Dashboard
    expect(data.selectedPeriodId).toBeNull()
    expect(data.centres.find((c) => c.id === known.B.id)!.values[ids.people]).toBe(3)
  })
})

describe('the records behind a figure (/programmes/:id/outcomes/:indicatorId)', () => {
  const path = (indicatorId: string, query = '') => `/programmes/${known.programme.id}/outcomes/${indicatorId}${query}`
  const params = (indicatorId: string) => ({ id: known.programme.id, indicatorId })
  type Records = Awaited<ReturnType<typeof recordsLoader>>

  test('signed out → sign in; a centre and another programme\'s manager are refused', async () => {
    expect((await callRoute(recordsLoader, path(ids.people), { params: params(ids.people) })).status).toBe(302)
    for (const who of [known.leaderA, known.otherManager, known.world.outsiderLeader]) {
      expect((await callRoute(recordsLoader, path(ids.people), { params: params(ids.people), as: who })).status).toBe(403)
    }
  })

  test("another programme's indicator or a malformed id is a 404", async () => {
    expect((await callRoute(recordsLoader, path(otherIndicatorId), { params: params(otherIndicatorId), as: known.manager })).status).toBe(404)
    expect((await callRoute(recordsLoader, path('x'), { params: params('x'), as: known.manager })).status).toBe(404)
  })

  test('the people of the first quarter: one row per person with their visits', async () => {
    const result = await callRoute(recordsLoader, path(ids.people, `?period=${periods.q1.id}`), { params: params(ids.people), as: known.manager })
    expect(result.status).toBe(200)
    const data = result.data as Records
    expect(data.total).toBe(5)
    expect(data.records).toHaveLength(5)
    const p1 = data.records.find((r) => r.item === known.people.p1.id)!
    expect(p1).toMatchObject({ visits: 2, completions: 0, organisationId: known.A.id })
    expect(data.records.find((r) => r.item === known.people.p7.id)!.organisationId).toBeNull()
    expect(JSON.stringify(data)).not.toContain('@test.example')
  })

  test('filtered by centre and paginated', async () => {
    const b = await callRoute(recordsLoader, path(ids.people, `?period=${periods.q1.id}&centre=${known.B.id}`), { params: params(ids.people), as: known.manager })
    expect((b.data as Records).total).toBe(2)
    expect((b.data as Records).records.map((r) => r.item).sort()).toEqual([known.people.p4.id, known.people.p8.id].sort())
    // A centre outside the programme is ignored, not trusted.
    const c = await callRoute(recordsLoader, path(ids.people, `?centre=${known.C.id}`), { params: params(ids.people), as: known.manager })
    expect((c.data as Records).centreId).toBeNull()
    const far = await callRoute(recordsLoader, path(ids.people, '?page=9'), { params: params(ids.people), as: known.manager })
    expect(far.status).toBe(200)
    expect((far.data as Records).records).toEqual([])
    expect((far.data as Records).total).toBe(6)
  })

  test('a manual indicator lists the values entered with their evidence', async () => {
    const result = await callRoute(recordsLoader, path(ids.publications), { params: params(ids.publications), as: known.manager })
    const data = result.data as Records
    expect(data.indicator.source).toBe('manual')
    // Periods in order of their start: the first quarter, the year, the second quarter.
    expect(data.manual.map((m) => m.value)).toEqual([3, 9, 4])
    expect(data.manual[0]!.evidenceUrl).toBe('https://example.org/press')
  })
})

describe("a centre's contribution (/organisations/:id/contribution)", () => {
  const path = (id: string) => `/organisations/${id}/contribution`
  type Contribution = Awaited<ReturnType<typeof contributionLoader>>

  test('signed out → sign in; another centre, outsiders and people without a centre are refused', async () => {
    expect((await callRoute(contributionLoader, path(known.A.id), { params: { id: known.A.id } })).status).toBe(302)
    for (const who of [known.people.p10, known.people.p4, known.world.outsiderLeader, known.world.noOrg, known.world.leaderB]) {
      expect((await callRoute(contributionLoader, path(known.A.id), { params: { id: known.A.id }, as: who })).status).toBe(403)
    }
    expect((await callRoute(contributionLoader, path('x'), { params: { id: 'x' }, as: known.leaderA })).status).toBe(404)
  })

  test("the centre's own people see its own figures in each of its programmes, nothing of other centres", async () => {
    for (const who of [known.leaderA, known.people.p1]) {
      const result = await callRoute(contributionLoader, path(known.A.id), { params: { id: known.A.id }, as: who })
      expect(result.status).toBe(200)
      const data = result.data as Contribution
      expect(data.programmes.map((p) => p.id).sort()).toEqual([known.programme.id, known.other.id].sort())
      const ours = data.programmes.find((p) => p.id === known.programme.id)!
      const people = ours.indicators.find((i) => i.id === ids.people)!
      expect(people.total).toBe(2)
      expect(people.periods.find((p) => p.periodId === periods.q1.id)!.actual).toBe(2)
      expect(ours.indicators.find((i) => i.id === ids.selected)!.total).toBeNull()
      expect(ours.indicators.find((i) => i.id === ids.publications)!.total).toBeNull()
      // No targets and no programme totals: nothing from which another centre's share could be read.
      expect(JSON.stringify(data)).not.toContain('"target"')
      expect(JSON.stringify(data)).not.toContain(known.B.id)
      const other = data.programmes.find((p) => p.id === known.other.id)!
      expect(other.indicators[0]!.total).toBe(1)
    }
  })

  test('a programme manager sees the contribution to their own programmes only', async () => {
    const theirs = await callRoute(contributionLoader, path(known.A.id), { params: { id: known.A.id }, as: known.otherManager })
    expect(theirs.status).toBe(200)
    expect((theirs.data as Contribution).programmes.map((p) => p.id)).toEqual([known.other.id])
    const ours = await callRoute(contributionLoader, path(known.A.id), { params: { id: known.A.id }, as: known.manager })
    expect((ours.data as Contribution).programmes.map((p) => p.id)).toEqual([known.programme.id])
    // C is in the other programme only: our manager has no business there.
    expect((await callRoute(contributionLoader, path(known.C.id), { params: { id: known.C.id }, as: known.manager })).status).toBe(403)
  })
})
