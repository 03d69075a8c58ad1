// npm run db:backup [-- --out FILE] / npm run db:restore -- FILE
// Embedded PGlite: a gzipped tarball of the data directory (PGlite's dumpDataDir). PostgreSQL
// (DATABASE_URL): pg_dump's custom format, restored with pg_restore. Stop the app server first:
// an embedded data directory must never be open in two processes, and pg_restore --clean would wait
// on the app's locks.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { defaultDataDir } from './client.ts'

export const BACKUP_DIR = path.resolve('backups')

/** 20260314-093015, local time: sorts by name and reads at a glance. */
export function timestamp(date = new Date()) {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`
}

export function defaultBackupFile(kind: 'pglite' | 'postgres', date = new Date()) {
  return path.join(BACKUP_DIR, `resursnik-${timestamp(date)}.${kind === 'pglite' ? 'tar.gz' : 'dump'}`)
}

/** Whether our app server answers on this machine (PGlite has no lock file to tell us). */
export async function isServerRunning(port = Number(process.env.PORT ?? 3000)): Promise<boolean> {
  try {
    const res = await fetch(`http://localhost:${port}/healthz`, { signal: AbortSignal.timeout(2000) })
    return res.ok && (await res.text()).trim() === 'ok'
  } catch (error) {
    // Refused or unreachable: nothing is listening. A timeout means something is, but it is not answering.
    return error instanceof Error && error.name === 'TimeoutError'
  }
}

export async function assertServerStopped(port = Number(process.env.PORT ?? 3000)) {
  if (await isServerRunning(port)) {
    console.error(
      `The Resursnik server is running (http://localhost:${port}/healthz answers). Stop it first: the embedded ` +
        `database may only be open in one process. (Use --force if that answer comes from something else.)`,
    )
    process.exit(1)
  }
}

function isPgliteDir(dir: string) {
  return fs.existsSync(path.join(dir, 'PG_VERSION'))
}

/** Writes a gzipped tarball of the PGlite data directory `dataDir` to `outFile`. */
export async function backupPglite(dataDir: string, outFile: string) {
  if (!isPgliteDir(dataDir)) throw new Error(`No embedded database at ${dataDir} (PG_VERSION is missing).`)
  const pg = new PGlite({ dataDir })
  try {
    await pg.waitReady
    const dump = await pg.dumpDataDir('gzip')
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true })
    // Write next to the target and rename, so an interrupted backup never leaves a truncated file behind.
    const partial = `${outFile}.partial`
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    fs.renameSync(partial, outFile)
  } finally {
    await pg.close()
  }
  return { file: outFile, bytes: fs.statSync(outFile).size }
}

/**
 * Replaces the PGlite data directory `dataDir` with the contents of backup `file`. The current directory
 * is kept as `<dataDir>.before-restore-<timestamp>` (and put back if the restore fails).
 */
export async function restorePglite(file: string, dataDir: string) {
  const bytes = fs.readFileSync(file)
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new Error(`${file} is not a gzipped PGlite backup (made by npm run db:backup).`)
  }
  let aside: string | null = null
  if (fs.existsSync(dataDir)) {
    aside = `${dataDir.replace(/[\\/]+$/, '')}.before-restore-${timestamp()}`
    fs.renameSync(dataDir, aside)
  }
  try {
    fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true })
    const pg = new PGlite({ dataDir, loadDataDir: new Blob([bytes]) })
    try {
      await pg.waitReady
      const { rows } = await pg.query<{ organisations: number | null }>(
        `select case when to_regclass('public.organisations') is null then null
                else (select count(*)::int from organisations) end as organisations`,
      )
      return { dataDir, aside, organisations: rows[0]?.organisations ?? null }
    } finally {
      await pg.close()
    }
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    if (aside) fs.renameSync(aside, dataDir)
    throw error
  }
}

class MissingToolError extends Error {}

/** postgres.js URL → a libpq URL without the password (passed through PGPASSWORD so `ps` does not show it). */
function libpqTarget(url: string) {
  const u = new URL(url)
  const password = decodeURIComponent(u.password)
  u.password = ''
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (password) env.PGPASSWORD = password
  return { dbname: u.toString(), env }
}

function run(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(tool, args, { env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] })
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new MissingToolError(
      `${tool} was not found on PATH. Install the PostgreSQL client tools of the server's major version ` +
        `(Debian/Ubuntu: apt-get install postgresql-client-<version>).`,
    )
  }
  if (result.error) throw result.error
  if (result.status !== 0) {
    throw new Error(`${tool} failed (exit ${result.status}):\n${result.stderr.trim()}`)
  }
}

export function hasPgTools() {
  return ['pg_dump', 'pg_restore'].every((tool) => spawnSync(tool, ['--version']).status === 0)
}

export function backupPostgres(url: string, outFile: string) {
  const { dbname, env } = libpqTarget(url)
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true })
  run('pg_dump', ['--format=custom', '--no-owner', `--file=${outFile}`, `--dbname=${dbname}`], env)
  return { file: outFile, bytes: fs.statSync(outFile).size }
}

/** Restores a pg_dump custom-format file over the database at `url`, in one transaction. */
export function restorePostgres(file: string, url: string) {
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`)
  const { dbname, env } = libpqTarget(url)
  run(
    'pg_restore',
    ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file],
    env,
  )
  return { file }
}

function mb(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
  })
  const [command, file] = positionals
  const url = process.env.DATABASE_URL
  if (command === 'backup') {
    if (url) {
      const out = values.out ?? defaultBackupFile('postgres')
      const result = backupPostgres(url, out)
      console.info(`Backup written: ${result.file} (${mb(result.bytes)}). Restore with: npm run db:restore -- ${result.file}`)
    } else {
      if (!values.force) await assertServerStopped()
      const result = await backupPglite(defaultDataDir(), values.out ?? defaultBackupFile('pglite'))
      console.info(`Backup written: ${result.file} (${mb(result.bytes)}). Restore with: npm run db:restore -- ${result.file}`)
    }
  } else if (command === 'restore') {
    if (!file) throw new Error('Which backup? npm run db:restore -- backups/resursnik-YYYYMMDD-HHMMSS.tar.gz')
    if (!values.force) await assertServerStopped()
    if (url) {
      restorePostgres(file, url)
      console.info(`Restored ${file} into ${new URL(url).pathname.slice(1)}.`)
    } else {
      const result = await restorePglite(file, defaultDataDir())
      console.info(
        `Restored ${file} into ${result.dataDir}` +
          (result.organisations !== null ? ` (${result.organisations} organisations)` : '') +
          (result.aside ? `. The previous data directory is kept at ${result.aside}; delete it when satisfied.` : '.'),
      )
    }
  } else {
    console.error('Usage: npm run db:backup [-- --out FILE] | npm run db:restore -- FILE   (add --force to skip the running-server check)')
    process.exitCode = 2
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
