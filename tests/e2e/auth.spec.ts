import { expect, test } from '@playwright/test'
import { DEMO, DEMO_PASSWORD, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

test('the sign-in page lists the demo accounts and a wrong password keeps the e-mail', async ({ page }) => {
  await visit(page, '/login')
  await expect(page.getByRole('heading', { name: 'Демонстрационные учётные записи' })).toBeVisible()
  for (const email of Object.values(DEMO)) await expect(page.getByText(email, { exact: true })).toBeVisible()

  await page.getByLabel('Электронная почта').fill(DEMO.leader)
  await page.getByLabel('Пароль', { exact: true }).fill('not-the-password')
  await page.getByRole('button', { name: 'Войти', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('Неверная электронная почта или пароль')
  await expect(page.getByLabel('Электронная почта')).toHaveValue(DEMO.leader)
  await expectAccessible(page)
})

test('a centre leader signs in, sees their centre, and signs out', async ({ page, context }) => {
  await signIn(page, DEMO.leader)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Анна Морозова')
  await expect(page.getByRole('heading', { name: 'Мой центр' })).toBeVisible()
  await expect(page.getByRole('link', { name: /Ресурсный центр поддержки НКО «Дон»/ })).toBeVisible()
  await expectAccessible(page)

  const cookie = (await context.cookies()).find((c) => c.name === 'rsn_session')
  expect(cookie?.httpOnly).toBe(true)
  expect(cookie?.sameSite).toBe('Lax')

  await page.getByRole('button', { name: 'Выйти' }).click()
  await expect(page).toHaveURL(/\/login/)
  await expect(page.getByRole('status')).toContainText('Вы вышли из системы')
  // The old session is gone on the server: putting the cookie back does not sign in again.
  await context.addCookies([{ ...cookie!, expires: -1 }])
  await page.goto('/dashboard')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdashboard/)
})

test('each role lands on its own dashboard', async ({ page }) => {
  await signIn(page, DEMO.admin)
  await expect(page.getByRole('heading', { name: 'Администрирование' })).toBeVisible()
  await expectAccessible(page)
  await signOut(page)

  await signIn(page, DEMO.manager)
  await expect(page.getByRole('heading', { name: 'Мои программы' })).toBeVisible()
  await expect(page.getByRole('link', { name: /Точки роста/ })).toBeVisible()
  await signOut(page)

  await signIn(page, DEMO.mentor)
  await expect(page.getByRole('heading', { name: 'Центры, которые я сопровождаю' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'РЦ «Камчатка»' })).toBeVisible()
  await expectAccessible(page)
})

test('the language switch turns the interface to English and is remembered for the account', async ({ page }) => {
  await signIn(page, DEMO.staff)
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello, Дмитрий Павлов!')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expectAccessible(page)

  // Sign out and in again from a clean browser: the choice stays with the account.
  await signOut(page)
  await page.context().clearCookies()
  await page.goto('/login')
  await page.getByLabel('Электронная почта').fill(DEMO.staff)
  await page.getByLabel('Пароль', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Войти', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Hello')
  await page.getByRole('button', { name: 'Переключить на русский' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Здравствуйте')
})

test('a request from another site is refused', async ({ request }) => {
  const response = await request.post('/login', {
    headers: { Origin: 'https://evil.example' },
    form: { email: DEMO.leader, password: DEMO_PASSWORD },
  })
  expect(response.status()).toBe(403)
})

test('the page is usable on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 })
  await signIn(page, DEMO.leader)
  await page.getByText('Меню').click()
  await expect(page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Настройки' })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await expectAccessible(page)
})
