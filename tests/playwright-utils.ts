import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'resursnik-demo'

export const DEMO = {
  admin: 'admin@resursnik.demo',
  manager: 'manager@resursnik.demo',
  mentor: 'mentor@resursnik.demo',
  leader: 'leader@resursnik.demo',
  staff: 'staff@resursnik.demo',
  otherCentre: 'amur@resursnik.demo',
} as const

/** Fails on serious or critical accessibility violations of the page as it is now. */
export async function expectAccessible(page: Page) {
  await page.waitForLoadState('domcontentloaded')
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
  expect(report, `accessibility violations on ${page.url()}`).toEqual([])
}

/** Opens a page and checks it with axe. */
export async function visit(page: Page, path: string) {
  const response = await page.goto(path)
  await expectAccessible(page)
  return response
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Электронная почта').fill(email)
  await page.getByLabel('Пароль', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Войти', exact: true }).click()
  await expect(page).toHaveURL(/\/dashboard/)
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: /^(Выйти|Sign out)$/ }).click()
  await expect(page).toHaveURL(/\/login/)
}
