import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

test('a mentor publishes a centre, and a visitor finds it in the public directory by region', async ({ page }) => {
  // The mentor marks «РЦ «Обь»» ready to work on its own.
  await signIn(page, DEMO.mentor)
  await visit(page, '/organisations?q=%D0%9E%D0%B1%D1%8C')
  await page.getByRole('link', { name: 'РЦ «Обь»' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Обь')
  await expectAccessible(page)
  const publishLink = page.getByRole('link', { name: /^(Опубликовать в каталоге|В каталоге)$/ })
  const alreadyPublished = (await publishLink.textContent())?.trim() === 'В каталоге'
  await publishLink.click()
  await expect(page.getByRole('heading', { level: 1, name: 'Публикация в каталоге центров' })).toBeVisible()
  await expectAccessible(page)
  if (!alreadyPublished) {
    await page.getByLabel(/Да, центр готов работать самостоятельно/).check()
    await page.getByRole('button', { name: 'Опубликовать в каталоге' }).click()
    await expect(page.getByRole('status')).toContainText('Центр опубликован в каталоге')
    await expect(page.getByRole('link', { name: 'В каталоге' })).toBeVisible()
    await expectAccessible(page)
  }
  await signOut(page)

  // A visitor, signed out, opens the directory from the landing page.
  await visit(page, '/')
  await page.getByRole('link', { name: 'Каталог ресурсных центров' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Каталог ресурсных центров' })).toBeVisible()
  await expectAccessible(page)
  // A mentor organisation is not a centre: «АНО «Вектор»» is published but not listed.
  await expect(page.getByRole('link', { name: 'АНО «Вектор»' })).toHaveCount(0)

  await page.getByLabel('Регион').selectOption({ label: 'Новосибирская область' })
  await page.getByRole('button', { name: 'Найти' }).click()
  await expect(page).toHaveURL(/region=54/)
  await expect(page.getByRole('heading', { level: 2, name: 'Новосибирская область' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'РЦ «Обь»' }).click()

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ассоциация «Сибирский ресурсный центр «Обь»')
  await expect(page.getByText('Устойчивая работа').first()).toBeVisible()
  await expect(page.getByRole('link', { name: 'ob@rc-nko.example' })).toBeVisible()
  await expect(page.getByText('АНО «Вектор»')).toBeVisible()
  // Nothing private: no people of the centre.
  await expect(page.getByText('Андрей Вершинин')).toHaveCount(0)
  await expect(page.getByText('ob@resursnik.demo')).toHaveCount(0)
  await expectAccessible(page)

  // An unpublished centre has no public page.
  const response = await visit(page, '/centres/baltika')
  expect(response?.status()).toBe(404)
})
