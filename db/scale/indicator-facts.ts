// The last step: every programme's stored indicator facts, built from everything the steps before wrote,
// so dashboards and benchmarks read current facts (app/models/indicator-facts.server.ts).
import { rebuildIndicatorFacts } from '../../app/models/indicator-facts.server.ts'
import type { ScaleContext, ScaleStep } from './context.ts'

export const indicatorFactsStep: ScaleStep = {
  name: 'indicator facts',
  async run(ctx: ScaleContext) {
    const task = ctx.progress.start('indicator facts', ctx.programmes.length)
    for (const programme of ctx.programmes) {
      await rebuildIndicatorFacts(ctx.db, programme.id)
      task.tick(1)
    }
    task.done()
  },
}
