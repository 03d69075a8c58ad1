import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3100)

// The browser journeys run against the production build, on a fresh embedded database with demo data.
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'tests/.tmp/playwright-results.json' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: 'ru-RU',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf tests/.tmp/e2e-db && npm run build --silent && exec ./node_modules/.bin/tsx app/server.ts`,
    env: {
      NODE_ENV: 'production',
      PORT: String(PORT),
      PGLITE_DIR: 'tests/.tmp/e2e-db',
      DEMO_MODE: '1',
      DEV_OUTBOX: '1',
      COOKIE_SECURE: '0',
      APP_URL: `http://localhost:${PORT}`,
      SIGN_IN_LIMIT_PER_MINUTE: '200',
      DATABASE_URL: '',
    },
    url: `http://localhost:${PORT}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
