import { innFor, ogrnFor, slugify } from '../builders.ts'
import { organisations, type NewOrganisation } from '../schema/index.ts'
import type { FederalDistrict } from '../reference/regions.ts'
import {
  dateBetween,
  insertBatched,
  REQUISITE_SEQUENCE_BASE,
  type OrgRef,
  type RegionSlot,
  type ScaleContext,
  type ScaleStep,
} from './context.ts'
import { STREETS } from './geography.ts'
import {
  CENTRE_DESCRIPTIONS,
  CENTRE_NAMES,
  CENTRE_PATTERNS,
  MENTOR_DESCRIPTIONS,
  MENTOR_NAMES,
  MENTOR_PATTERNS,
} from './names.ts'

const PUBLISHED_SHARE = 0.3

/** Mentor organisations: one per federal district first, the rest in populous regions. */
function mentorRegions(ctx: ScaleContext): RegionSlot[] {
  const { rng } = ctx
  const chosen: RegionSlot[] = []
  const districts = [...new Set(ctx.regions.map((r) => r.ref.district))] as FederalDistrict[]
  const remaining = [...ctx.regions]
  const take = (pool: RegionSlot[]) => {
    const slot = pool[rng.weightedIndex(pool.map((r) => r.weight))]!
    chosen.push(slot)
    remaining.splice(remaining.indexOf(slot), 1)
  }
  for (const district of districts) {
    if (chosen.length >= ctx.plan.mentorOrganisations) break
    take(remaining.filter((r) => r.ref.district === district))
  }
  while (chosen.length < ctx.plan.mentorOrganisations) {
    // More mentor organisations than regions only happens with --scale > 1: start over.
    if (remaining.length === 0) remaining.push(...ctx.regions)
    take(remaining)
  }
  return chosen
}

export const organisationsStep: ScaleStep = {
  name: 'organisations',
  async run(ctx) {
    const { rng } = ctx
    const rows: NewOrganisation[] = []
    let seq = 0
    const make = (kind: 'mentor' | 'centre', slot: RegionSlot): OrgRef => {
      seq += 1
      const n = REQUISITE_SEQUENCE_BASE + seq
      const code = slot.ref.code
      const core = rng.pick(kind === 'mentor' ? MENTOR_NAMES : CENTRE_NAMES)
      const pattern = rng.pick(kind === 'mentor' ? MENTOR_PATTERNS : CENTRE_PATTERNS)
      const name = pattern.full.replace('%', core)
      const shortName = pattern.short.replace('%', core)
      // Most centres sit in the regional capital; some in other towns of the region.
      const city = slot.towns.length > 1 && rng.chance(0.35) ? rng.pick(slot.towns.slice(1)) : slot.towns[0]!
      const id = rng.uuid()
      const slug = `${slugify(core)}-${code}-${String(seq).padStart(4, '0')}`
      const createdAt = dateBetween(rng, '2023-01-01', '2026-01-01')
      rows.push({
        id,
        kind,
        name,
        shortName,
        slug,
        regionCode: code,
        city,
        address: `г. ${city}, ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}${rng.chance(0.6) ? `, оф. ${rng.int(1, 420)}` : ''}`,
        inn: innFor(code, n),
        ogrn: ogrnFor(code, n),
        email: `info@${slug}.example`,
        phone: rng.chance(0.8) ? `+7 9${rng.int(10, 99)} ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}` : null,
        website: rng.chance(0.5) ? `https://${slug}.example` : null,
        description: rng.pick(kind === 'mentor' ? MENTOR_DESCRIPTIONS : CENTRE_DESCRIPTIONS),
        published: kind === 'mentor' || rng.chance(PUBLISHED_SHARE),
        createdAt,
        updatedAt: createdAt,
      })
      return { id, name, regionCode: code, district: slot.ref.district, city }
    }

    ctx.mentorOrgs = mentorRegions(ctx).map((slot) => make('mentor', slot))
    ctx.centres = []
    ctx.centreIdsByRegion = new Map()
    for (const slot of ctx.regions) {
      const ids: string[] = []
      for (let i = 0; i < slot.centreCount; i++) {
        const centre = make('centre', slot)
        ctx.centres.push(centre)
        ids.push(centre.id)
      }
      ctx.centreIdsByRegion.set(slot.ref.code, ids)
    }
    await insertBatched(ctx, organisations, rows, 'organisations')
  },
}
