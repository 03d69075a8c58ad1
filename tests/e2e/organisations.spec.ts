import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

test('a centre leader invites a volunteer, who follows the link, sets a password and is in', async ({ page, browser }) => {
  const email = `volunteer.${Date.now()}@example.org`
  await signIn(page, DEMO.leader)
  await page.getByRole('link', { name: /Ресурсный центр поддержки НКО «Дон»/ }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Управлять составом' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectAccessible(page)

  const invite = page.locator('form').filter({ has: page.getByRole('button', { name: 'Пригласить' }) })
  await invite.getByLabel('Электронная почта').fill('не почта')
  await invite.getByLabel('Имя и фамилия').fill('Вера Соловьёва')
  await invite.getByRole('button', { name: 'Пригласить' }).click()
  await expect(page.getByText('Введите адрес электронной почты')).toBeVisible()
  await expect(invite.getByLabel('Имя и фамилия')).toHaveValue('Вера Соловьёва')

  await invite.getByLabel('Электронная почта').fill(email)
  await invite.getByLabel('Роль').selectOption({ label: 'Волонтёр' })
  await invite.getByRole('button', { name: 'Пригласить' }).click()
  await expect(page.getByRole('status')).toContainText('Приглашение отправлено')
  await expect(page.getByText('Вера Соловьёва')).toBeVisible()
  await signOut(page)

  // No mail server in tests: the administrator reads the development outbox.
  const adminContext = await browser.newContext({ locale: 'ru-RU' })
  const admin = await adminContext.newPage()
  await signIn(admin, DEMO.admin)
  await visit(admin, '/dev/outbox')
  const mail = admin.getByRole('article').filter({ hasText: email }).first()
  await expect(mail).toContainText('Анна Морозова приглашает вас')
  const link = await mail.getByRole('link', { name: /\/invite\// }).getAttribute('href')
  await adminContext.close()

  await visit(page, link!)
  await expect(page.getByText(/с ролью «Волонтёр»/)).toBeVisible()
  await expect(page.getByLabel('Имя и фамилия')).toHaveValue('Вера Соловьёва')
  await page.getByLabel('Новый пароль').fill('короткий')
  await page.getByLabel('Повторите пароль').fill('короткий')
  await page.getByRole('button', { name: 'Принять приглашение' }).click()
  await expect(page.getByText('Пароль должен быть не короче 10 символов').first()).toBeVisible()
  await page.getByLabel('Новый пароль').fill('волонтёр навсегда')
  await page.getByLabel('Повторите пароль').fill('волонтёр навсегда')
  await page.getByRole('button', { name: 'Принять приглашение' }).click()
  await expect(page).toHaveURL(/\/dashboard/)
  await expect(page.getByRole('status')).toContainText('Приглашение принято')
  await expect(page.getByRole('heading', { name: 'Мой центр' })).toBeVisible()
  await expectAccessible(page)

  // The link is spent.
  await signOut(page)
  await visit(page, link!)
  await expect(page.getByText('Приглашение недействительно')).toBeVisible()
})

test("a centre leader cannot open another centre's profile", async ({ page }) => {
  await signIn(page, DEMO.otherCentre)
  await page.getByRole('link', { name: /«Амур»/ }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Амур')
  const amurUrl = new URL(page.url()).pathname
  await signOut(page)

  await signIn(page, DEMO.leader)
  const response = await page.goto(amurUrl)
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Нет доступа' })).toBeVisible()
  await expect(page.getByText('Амур')).toHaveCount(0)
  await expectAccessible(page)

  const edit = await page.goto(`${amurUrl}/edit`)
  expect(edit?.status()).toBe(403)
})

test('an administrator adds a resource centre; a wrong INN is explained and nothing typed is lost', async ({ page }) => {
  await signIn(page, DEMO.admin)
  await visit(page, '/organisations/new')
  await page.getByLabel('Полное название').fill('АНО «Ресурсный центр «Север»')
  await page.getByLabel('Город или населённый пункт').fill('Архангельск')
  await page.getByLabel('Регион').selectOption({ label: 'Архангельская область' })
  await page.getByLabel('ИНН').fill('2901000001')
  await page.getByRole('button', { name: /Добавить|Создать|Сохранить/ }).click()
  await expect(page.getByText('ИНН не прошёл проверку').first()).toBeVisible()
  await expect(page.getByLabel('Город или населённый пункт')).toHaveValue('Архангельск')
  await expectAccessible(page)
  await page.getByLabel('ИНН').fill('')
  await page.getByRole('button', { name: /Добавить|Создать|Сохранить/ }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Север')
  await expectAccessible(page)
})
