// npm run db:scale -- [--seed N] [--scale 0.01..1] [--reset]
// Fills the database named by DATABASE_URL (or the embedded one at PGLITE_DIR / ./data/pglite) with
// deterministic synthetic data at the scale of DESIGN.md, for benchmarks and load tests.
import { parseArgs } from 'node:util'
import { assertServerStopped } from './backup.ts'
import { migrateDatabase, openFromEnv } from './client.ts'
import { countScaleUsers, generateScaleData, planFor, resetScaleData, SCALE_PASSWORD } from './scale/index.ts'
import { stderrProgress } from './scale/progress.ts'

const USAGE = `Usage: npm run db:scale -- [--seed N] [--scale F] [--reset]
  --seed N    PRNG seed (default 1); the same seed gives the same data, ids included
  --scale F   fraction of the full scale (default 1 = 2,000 centres, 100,000 users)
  --reset     empty organisations, users, programmes and what references them first
  --force     skip the check that no app server is running on PORT (embedded database only)
Target: DATABASE_URL if set, else the embedded PGlite at PGLITE_DIR (default ./data/pglite).`

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    reset: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (values.help) {
  console.info(USAGE)
  process.exit(0)
}
const seed = Number(values.seed)
const scale = Number(values.scale)
if (!Number.isInteger(seed) || !(scale > 0)) {
  console.error(`Bad --seed or --scale.\n${USAGE}`)
  process.exit(2)
}

// An embedded database directory must be opened by one process only.
if (!process.env.DATABASE_URL && !values.force) await assertServerStopped()

const started = performance.now()
const handle = openFromEnv()
try {
  await migrateDatabase(handle)
  if (values.reset) {
    await resetScaleData(handle.db)
  } else {
    const existing = await countScaleUsers(handle.db)
    if (existing > 0) {
      console.error(`The database already holds scale data (${existing} accounts @scale.example). Run with --reset to regenerate.`)
      process.exitCode = 1
    }
  }
  if (!process.exitCode) {
    const plan = planFor(scale)
    console.error(
      `Generating (${handle.kind}, seed ${seed}, scale ${scale}): ${plan.centres} centres, ${plan.mentorOrganisations} mentor organisations, ${plan.users} users, ${plan.programmes} programmes`,
    )
    const summary = await generateScaleData(handle.db, { seed, scale, progress: stderrProgress() })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.info(`Done in ${seconds} s. Rows: ${Object.entries(summary.counts).map(([t, n]) => `${t} ${n}`).join(', ')}.`)
    console.info(
      `Step times: ${Object.entries(summary.timings).map(([s, ms]) => `${s} ${(ms / 1000).toFixed(1)} s`).join(', ')}.`,
    )
    console.info(`Every generated account (admin01@scale.example, user000001@scale.example …) signs in with "${SCALE_PASSWORD}".`)
  }
} finally {
  await handle.close()
}
