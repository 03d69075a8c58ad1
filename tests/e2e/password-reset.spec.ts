import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

// Uses an account no other journey signs in with, since it changes the password.
const EMAIL = 'kama@resursnik.demo'

test('a forgotten password is reset through the e-mailed link', async ({ page, browser }) => {
  await visit(page, '/forgot-password')
  await page.getByLabel('Электронная почта').fill(EMAIL)
  await page.getByRole('button', { name: 'Прислать ссылку' }).click()
  await expect(page.getByRole('status')).toContainText('письмо со ссылкой уже в пути')
  await expectAccessible(page)

  // The administrator reads the development outbox (no mail server in tests).
  const adminContext = await browser.newContext({ locale: 'ru-RU' })
  const admin = await adminContext.newPage()
  await signIn(admin, DEMO.admin)
  await visit(admin, '/dev/outbox')
  const mail = admin.getByRole('article').filter({ hasText: EMAIL }).first()
  await expect(mail).toContainText('Восстановление пароля')
  const link = await mail.getByRole('link', { name: /reset-password/ }).getAttribute('href')
  await adminContext.close()

  await visit(page, link!)
  await page.getByLabel('Новый пароль').fill('новая надёжная фраза')
  await page.getByLabel('Повторите пароль').fill('новая надёжная фраза')
  await page.getByRole('button', { name: 'Сохранить пароль' }).click()
  await expect(page).toHaveURL(/\/dashboard/)
  await expect(page.getByRole('status')).toContainText('Пароль изменён')

  // The link works once.
  await signOut(page)
  await visit(page, link!)
  await expect(page.getByText('Ссылка недействительна')).toBeVisible()

  await signIn(page, EMAIL, 'новая надёжная фраза')
})
