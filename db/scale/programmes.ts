import { slugify } from '../builders.ts'
import { programmeCentres, programmeManagers, programmes, type NewProgramme } from '../schema/index.ts'
import { regionByCode } from '../reference/regions.ts'
import { insertBatched, type ScaleContext, type ScaleStep } from './context.ts'
import { DISTRICT_GENITIVE } from './geography.ts'
import { PROGRAMME_SUBTITLES, PROGRAMME_THEMES } from './names.ts'
import type { Rng } from './random.ts'

const ROUND_NAMES = ['Первый', 'Второй'] as const

type Funding = Pick<NewProgramme, 'funder' | 'competition' | 'grantNumber' | 'amount' | 'coFinancing'>

function rubles(n: number) {
  return `${Math.round(n / 1000) * 1000}.00`
}

/** Grant-funded programmes: who pays, under which competition, and the grant number format each funder uses. */
function funding(rng: Rng, year: number, regionCode: string): Funding {
  const yy = String(year).slice(2)
  const roll = rng.next()
  if (roll < 0.55) {
    const round = rng.int(1, 2)
    const amount = rng.int(2_000, 15_000) * 1000
    return {
      funder: 'Фонд президентских грантов',
      competition: `${ROUND_NAMES[round - 1]} конкурс ${year} года`,
      grantNumber: `${yy}-${round}-${String(rng.int(1, 9999)).padStart(6, '0')}`,
      amount: rubles(amount),
      coFinancing: rubles(amount * (0.15 + rng.next() * 0.35)),
    }
  }
  if (roll < 0.7) {
    const amount = rng.int(5_000, 25_000) * 1000
    return {
      funder: 'Министерство экономического развития Российской Федерации',
      competition: `Субсидии социально ориентированным НКО, ${year}`,
      grantNumber: `139-15-${year}-${String(rng.int(1, 999)).padStart(3, '0')}`,
      amount: rubles(amount),
      coFinancing: rubles(amount * (0.1 + rng.next() * 0.2)),
    }
  }
  if (roll < 0.8) {
    const amount = rng.int(1_500, 6_000) * 1000
    return {
      funder: 'Благотворительный фонд Владимира Потанина',
      competition: `Конкурс «Эффективная филантропия» ${year}`,
      grantNumber: `ГФ-${yy}-${String(rng.int(1, 400)).padStart(3, '0')}`,
      amount: rubles(amount),
      coFinancing: rng.chance(0.5) ? rubles(amount * 0.2) : null,
    }
  }
  const amount = rng.int(1_000, 8_000) * 1000
  const region = regionByCode(regionCode)?.nameRu ?? 'регион'
  return {
    funder: `Министерство внутренней политики (${region})`,
    competition: `Региональный конкурс субсидий СО НКО ${year} года`,
    grantNumber: `С-${year}-${String(rng.int(1, 2999)).padStart(4, '0')}`,
    amount: rubles(amount),
    coFinancing: rubles(amount * (0.05 + rng.next() * 0.15)),
  }
}

function isoDate(year: number, month: number, day: number) {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** A start between 2024 and 2027 and a 12–36 month period ending no later than 2028. */
function period(rng: Rng) {
  const year = rng.int(2024, 2027)
  const month = rng.int(1, 12)
  const months = rng.pick([12, 18, 24, 24, 30, 36])
  const endIndex = Math.min(year * 12 + month - 1 + months - 1, 2028 * 12 + 11)
  const endYear = Math.floor(endIndex / 12)
  const endMonth = (endIndex % 12) + 1
  const lastDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate()
  return { year, startsOn: isoDate(year, month, 1), endsOn: isoDate(endYear, endMonth, lastDay) }
}

/** 5–30 centres, most from the mentor organisation's federal district, some from anywhere. */
function pickCentres(ctx: ScaleContext, district: string) {
  const { rng } = ctx
  const k = Math.min(rng.int(5, 30), ctx.centres.length)
  const near = ctx.centres.filter((c) => c.district === district)
  const chosen = new Set(rng.sample(near, Math.round(k * 0.6)).map((c) => c.id))
  while (chosen.size < k) chosen.add(rng.pick(ctx.centres).id)
  return [...chosen]
}

export const programmesStep: ScaleStep = {
  name: 'programmes',
  async run(ctx) {
    const { rng } = ctx
    const programmeRows: NewProgramme[] = []
    const centreRows: (typeof programmeCentres.$inferInsert)[] = []
    const managerRows: (typeof programmeManagers.$inferInsert)[] = []
    for (let i = 0; i < ctx.plan.programmes; i++) {
      // Every mentor organisation runs at least one programme; the busiest run several.
      const org = i < ctx.mentorOrgs.length ? ctx.mentorOrgs[i]! : rng.pick(ctx.mentorOrgs)
      const district = regionByCode(org.regionCode)!.district
      const { year, startsOn, endsOn } = period(rng)
      const theme = rng.pick(PROGRAMME_THEMES)
      const name = `«${theme}»: ${rng.pick(PROGRAMME_SUBTITLES).replace('%', DISTRICT_GENITIVE[district])}`
      const id = rng.uuid()
      const centreIds = pickCentres(ctx, district)
      const people = ctx.people.get(org.id)!
      const candidates = people.staff.length ? people.staff : [people.leader]
      const managerIds = rng.sample(candidates, rng.int(1, 3))
      programmeRows.push({
        id,
        name,
        slug: `${slugify(theme)}-${year}-${String(i + 1).padStart(4, '0')}`,
        ...funding(rng, year, org.regionCode),
        startsOn,
        endsOn,
        mentorOrganisationId: org.id,
        description: `Выездные сессии, онлайн-семинары, сетевые встречи и консультации по запросу для ${centreIds.length} ресурсных центров.`,
        createdAt: new Date(`${startsOn}T09:00:00Z`),
        updatedAt: new Date(`${startsOn}T09:00:00Z`),
      })
      const joinedAt = new Date(`${startsOn}T09:00:00Z`)
      for (const organisationId of centreIds) centreRows.push({ programmeId: id, organisationId, joinedAt })
      for (const userId of managerIds) managerRows.push({ programmeId: id, userId })
      ctx.programmes.push({ id, mentorOrganisationId: org.id, centreIds, managerIds, startsOn, endsOn })
    }
    await insertBatched(ctx, programmes, programmeRows, 'programmes')
    await insertBatched(ctx, programmeCentres, centreRows, 'programme centres', 'programme_centres')
    await insertBatched(ctx, programmeManagers, managerRows, 'programme managers', 'programme_managers')
  },
}
