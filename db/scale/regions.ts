import { loadRegions } from '../builders.ts'
import { REGIONS } from '../reference/regions.ts'
import type { ScaleStep } from './context.ts'
import { POPULATION_K, TOWNS } from './geography.ts'
import { apportion } from './random.ts'

// Centres follow population, flattened (population^0.7): every region has a resource centre or
// several, but Moscow does not get a tenth of them.
const FLATTEN = 0.7

export const regionsStep: ScaleStep = {
  name: 'regions',
  async run(ctx) {
    await loadRegions(ctx.db)
    const weights = REGIONS.map((r) => Math.pow(POPULATION_K[r.code] ?? 500, FLATTEN))
    const counts = apportion(ctx.plan.centres, weights, 1)
    ctx.regions = REGIONS.map((ref, i) => ({
      ref,
      weight: weights[i]!,
      towns: [ref.capitalRu, ...(TOWNS[ref.code] ?? []).filter((t) => t !== ref.capitalRu)],
      centreCount: counts[i]!,
    }))
    ctx.counts.regions = REGIONS.length
  },
}
