// The security headers a file download really sends over HTTP: the server's middleware sets the site-wide
// ones and the Remix adapter appends the route's own, so a naive set-up sends CSP and nosniff twice. Here
// the real middleware, Remix's request handler with its Express adapter and the real download route run
// behind an Express server, and the raw response headers are counted.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { attachments, indicatorManualValues } from '#db/schema/index.ts'
import { loader as evidenceLoader } from '#app/routes/programmes.$id_.reporting_.evidence.$attachmentId.ts'
import { DOWNLOAD_CSP, securityHeadersMiddleware } from '#app/utils/security.server.ts'
import { storeUpload } from '#app/utils/uploads.server.ts'
import { sessionCookieFor, testDb } from '#tests/db-utils.ts'
import { createIndicator, createPeriod, createReportingWorld } from '#tests/factories/reports.ts'

const UPLOAD_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'download-headers-'))
process.env.UPLOAD_DIR = UPLOAD_ROOT

/**
 * A Remix server build of two routes: the real evidence download (a resource route) and a page. The
 * document "renderer" stands in for entry.server.tsx; the request then goes through Remix's own request
 * handling and its Express adapter, exactly as in app/server.ts.
 */
function buildOf(download: unknown): ServerBuild {
  const entry = {
    default: (_request: Request, status: number, headers: Headers) =>
      new Response('<!doctype html><title>Ресурсник</title>', { status, headers: withType(headers) }),
  }
  return {
    mode: 'production',
    entry: { module: entry },
    routes: {
      root: { id: 'root', path: '', module: { default: () => null } },
      'routes/page': { id: 'routes/page', parentId: 'root', path: 'page', module: { default: () => null } },
      'routes/evidence': {
        id: 'routes/evidence',
        parentId: 'root',
        path: 'programmes/:id/reporting/evidence/:attachmentId',
        module: { loader: download },
      },
    },
    assets: { entry: { module: '/entry.js', imports: [] }, routes: {}, url: '/manifest.js', version: 'test' },
    publicPath: '/',
    assetsBuildDirectory: 'build/client',
    future: { v3_singleFetch: true },
    isSpaMode: false,
    basename: undefined,
  } as unknown as ServerBuild
}

function withType(headers: Headers) {
  headers.set('Content-Type', 'text/html; charset=utf-8')
  return headers
}

let server: http.Server
let origin: string
let fileUrl: string
let cookie: string

beforeAll(async () => {
  const w = await createReportingWorld()
  const period = await createPeriod(w.programme.id)
  const indicator = await createIndicator(w.programme.id, { name: 'Публикации', source: 'manual' })
  const stored = await storeUpload(new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1')), 'Публикации.pdf')
  const [file] = await testDb().insert(attachments).values(stored).returning({ id: attachments.id })
  await testDb()
    .insert(indicatorManualValues)
    .values({ indicatorId: indicator.id, periodId: period.id, value: '2', attachmentId: file!.id })
  fileUrl = `/programmes/${w.programme.id}/reporting/evidence/${file!.id}`
  cookie = await sessionCookieFor(w.manager.id)

  const app = express()
  app.use(securityHeadersMiddleware({ dev: false, hsts: false }))
  app.all(
    '*',
    createRequestHandler({
      build: buildOf(evidenceLoader),
      mode: 'production',
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? 'test' }),
    }),
  )
  server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  fs.rmSync(UPLOAD_ROOT, { recursive: true, force: true })
})

/** Status, raw header lines (repeats kept) and body of a GET. */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; raw: [string, string][]; body: string }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const raw: [string, string][] = []
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            raw.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!])
          resolve({ status: res.statusCode ?? 0, raw, body: Buffer.concat(chunks).toString('latin1') })
        })
      })
      .on('error', reject)
  })
}

const valuesOf = (raw: [string, string][], name: string) => raw.filter(([n]) => n === name).map(([, v]) => v)

describe('response headers of a file download', () => {
  test('CSP and X-Content-Type-Options are sent once each, the CSP being the strict one for downloads', async () => {
    const res = await rawGet(`${origin}${fileUrl}`, { Cookie: cookie })
    expect(res.status, res.body).toBe(200)
    expect(res.body).toContain('%PDF-1.4')
    expect(valuesOf(res.raw, 'content-security-policy')).toEqual([DOWNLOAD_CSP])
    expect(DOWNLOAD_CSP).toBe("default-src 'none'; sandbox")
    expect(valuesOf(res.raw, 'x-content-type-options')).toEqual(['nosniff'])
    expect(valuesOf(res.raw, 'content-disposition')).toHaveLength(1)
    // The other site-wide headers are still there, once.
    expect(valuesOf(res.raw, 'x-frame-options')).toEqual(['DENY'])
    expect(valuesOf(res.raw, 'referrer-policy')).toEqual(['strict-origin-when-cross-origin'])
  })

  test('a download refused for a signed-out visitor still carries the headers once', async () => {
    const res = await rawGet(`${origin}${fileUrl}`)
    expect(res.status).toBe(302)
    expect(valuesOf(res.raw, 'content-security-policy')).toHaveLength(1)
    expect(valuesOf(res.raw, 'x-content-type-options')).toEqual(['nosniff'])
  })

  test('a page keeps the site-wide policy with its nonce', async () => {
    const res = await rawGet(`${origin}/page`)
    const csp = valuesOf(res.raw, 'content-security-policy')
    expect(csp).toHaveLength(1)
    expect(csp[0]).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
    expect(valuesOf(res.raw, 'x-content-type-options')).toEqual(['nosniff'])
  })
})
