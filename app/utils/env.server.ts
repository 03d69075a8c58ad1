import { z } from 'zod'

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Public address used in links inside e-mails; defaults to http://localhost:PORT. */
  APP_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Ресурсник <no-reply@resursnik.local>'),
  /** Demo accounts on the sign-in page. Default: on with the embedded database, off with a server. */
  DEMO_MODE: flag.optional(),
  /** Secure cookies and HSTS. Default: on in production outside demo mode. */
  COOKIE_SECURE: flag.optional(),
  /** Show the development mail outbox page. Default: on outside production and in demo mode. */
  DEV_OUTBOX: flag.optional(),
  /** Where uploaded files are kept: outside public/, never served by the static handler. */
  UPLOAD_DIR: z.string().default('./data/uploads'),
  /** The largest file one upload may carry, in megabytes. */
  UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(20),
})

export type Env = z.infer<typeof EnvSchema>

function readEnv(): Env {
  // An empty variable means "not set" (a shell's `DATABASE_URL= npm start`).
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''))
  const parsed = EnvSchema.safeParse(raw)
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`)
  }
  return parsed.data
}

export const env = readEnv()

export const isProduction = env.NODE_ENV === 'production'
export const isDemoMode = env.DEMO_MODE ?? !env.DATABASE_URL
// A demo on the embedded database is often opened over plain HTTP on a local network, where Secure
// cookies would make signing in impossible; a real deployment (production, not demo) gets them.
export const cookieSecure = env.COOKIE_SECURE ?? (isProduction && !isDemoMode)
export const devOutboxEnabled = env.DEV_OUTBOX ?? (!isProduction || isDemoMode)
export const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
