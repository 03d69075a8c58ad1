// The HTTP server: one process serves the Remix app, owns the database handle (an embedded PGlite
// directory can be opened by one process only) and runs the mail outbox worker.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { prepareDatabase } from '#db/prepare.ts'
import { getDatabaseHandle } from './utils/db.server.ts'
import { cookieSecure, env, isDemoMode } from './utils/env.server.ts'
import { refreshStaleIndicatorFacts } from './models/indicator-facts.server.ts'
import { sendDueReminders } from './models/reminders.server.ts'
import { startBackgroundJobs } from './utils/mailer.server.ts'
import { isCrossSiteRequest, securityHeadersMiddleware } from './utils/security.server.ts'

const isDev = process.argv.includes('--dev')
const handle = getDatabaseHandle()
await prepareDatabase(handle, { demo: isDemoMode })

const viteDevServer = isDev
  ? await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined

const app = express()
app.disable('x-powered-by')
if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)
app.use(compression())

// Security headers on every response; a download's own (stricter) ones replace them rather than doubling up.
app.use(securityHeadersMiddleware({ dev: isDev, hsts: cookieSecure }))

// Every state-changing request must come from our own pages.
app.use((req, res, next) => {
  const foreign = isCrossSiteRequest(req.method, {
    origin: req.get('origin'),
    secFetchSite: req.get('sec-fetch-site'),
    host: req.get('host'),
  })
  if (foreign) {
    res.status(403).type('text/plain; charset=utf-8').send('Запрос отклонён: он пришёл с другого сайта.\nRequest refused: cross-site request.')
    return
  }
  next()
})

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  app.use(express.static('build/client', { maxAge: '1h' }))
}

app.get('/healthz', (_req, res) => {
  res.type('text/plain').send('ok')
})

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(pathToFileURL(path.resolve('build/server/index.js')).href)) as ServerBuild)

app.all(
  '*',
  createRequestHandler({
    build,
    mode: isDev ? 'development' : 'production',
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      clientIp: req.ip ?? 'unknown',
      requestCache: new Map(),
      appendResponseHeader: (name: string, value: string) => {
        res.append(name, value)
      },
    }),
  }),
)

// Every minute: reminders; every half minute: indicator facts of programmes whose records changed.
const stopWorker = await startBackgroundJobs(handle.db, [
  { every: 12, run: sendDueReminders },
  { every: 6, run: (db) => refreshStaleIndicatorFacts(db) },
])

const server = app.listen(env.PORT, () => {
  console.info(`Resursnik: http://localhost:${env.PORT} (${handle.kind}${isDemoMode ? ', demo mode' : ''})`)
})

async function shutdown() {
  stopWorker()
  server.close()
  await handle.close()
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
