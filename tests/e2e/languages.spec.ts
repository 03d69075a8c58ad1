import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from '../playwright-utils.ts'

// The browser gets only the catalogue of the language on screen (a chunk of its own, /assets/ru-….js or
// /assets/en-….js), fetched before hydration; the other one only when the person switches.

/** Collects the catalogue chunks the page fetches, console errors (hydration mismatches among them) and any
 * text that ever appears on the page as a bare message key («nav.settings») — a flash of untranslated text. */
async function watch(page: Page) {
  const catalogues: string[] = []
  const errors: string[] = []
  page.on('request', (request) => {
    const m = /\/assets\/(ru|en)-[\w-]+\.js$/.exec(new URL(request.url()).pathname)
    if (m) catalogues.push(m[1]!)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.addInitScript(() => {
    const KEY = /^[a-z][a-zA-Z]*(\.[a-zA-Z0-9-]+)+$/
    const seen: string[] = []
    ;(window as unknown as { bareKeys: string[] }).bareKeys = seen
    const check = (text: string | null) => {
      const t = text?.trim()
      if (t && KEY.test(t) && !t.includes('@')) seen.push(t)
    }
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') check(r.target.textContent)
        r.addedNodes.forEach((node) => {
          if (node.nodeType === Node.TEXT_NODE) check(node.textContent)
          else if (node instanceof Element) {
            const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT)
            for (let n = walker.nextNode(); n; n = walker.nextNode()) check(n.textContent)
          }
        })
      }
    }).observe(document, { subtree: true, childList: true, characterData: true })
  })
  return {
    catalogues,
    errors,
    bareKeys: () => page.evaluate(() => (window as unknown as { bareKeys: string[] }).bareKeys),
  }
}

/** Hydrated: a link click is handled by the client router (no new document is requested). */
async function expectHydrated(page: Page, linkName: RegExp, url: RegExp) {
  let documents = 0
  const count = (request: { resourceType(): string }) => {
    if (request.resourceType() === 'document') documents += 1
  }
  page.on('request', count)
  await page.getByRole('navigation').first().getByRole('link', { name: linkName }).click()
  await expect(page).toHaveURL(url)
  page.off('request', count)
  expect(documents).toBe(0)
}

test('a page ships only its own language, hydrates, and switches to the other one without untranslated text', async ({
  page,
}) => {
  const seen = await watch(page)
  await signIn(page, DEMO.staff)
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Здравствуйте')
  await expect(page).toHaveTitle(/Ресурсник/)
  await expectHydrated(page, /^Настройки$/, /\/settings$/)
  expect([...new Set(seen.catalogues)]).toEqual(['ru'])

  // To English: the English catalogue arrives with the switch, and the page is in English throughout.
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(
    page
      .getByRole('navigation')
      .first()
      .getByRole('link', { name: /^Settings$/ }),
  ).toBeVisible()
  await expect(page).toHaveTitle(/Resursnik/)
  expect([...new Set(seen.catalogues)]).toEqual(['ru', 'en'])
  await expectHydrated(page, /^Dashboard$|^Home$/, /\/dashboard$/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello, Дмитрий Павлов!')

  // A fresh load in English fetches the English catalogue alone.
  seen.catalogues.length = 0
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello')
  await expectHydrated(page, /^Settings$/, /\/settings$/)
  expect([...new Set(seen.catalogues)]).toEqual(['en'])

  // And back to Russian (remembered for the account, so the other journeys stay in Russian).
  await page.getByRole('button', { name: 'Переключить на русский' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await expect(
    page
      .getByRole('navigation')
      .first()
      .getByRole('link', { name: /^Настройки$/ }),
  ).toBeVisible()

  expect(await seen.bareKeys()).toEqual([])
  expect(seen.errors).toEqual([])
})
