import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut } from '../playwright-utils.ts'

test('a manager sets up a mentorship for РЦ «Камчатка», and the named mentor finds the centre on the dashboard', async ({ page }) => {
  // A long journey with an accessibility check on every page: three times the default budget.
  test.slow()
  // The programme manager opens «Наставничество» and goes to the programme's mentorships.
  await signIn(page, DEMO.manager)
  await page.getByRole('navigation', { name: 'Основное меню' }).first().getByRole('link', { name: 'Наставничество' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Наставничество' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Точки роста: наставничество для молодых ресурсных центров' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Наставничество в программе' })).toBeVisible()
  await expectAccessible(page)

  // The demo seed leaves РЦ «Камчатка» without a mentorship (a retried run may find it already set up).
  const setUp = page.getByRole('link', { name: 'Назначить: РЦ «Камчатка»' })
  if ((await setUp.count()) > 0) {
    await setUp.click()
    await expect(page.getByRole('heading', { level: 1, name: 'Новое наставничество' })).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: 'Центр: РЦ «Камчатка»' })).toBeVisible()
    await expectAccessible(page)

    await page.getByRole('checkbox', { name: /Наталья Ковалёва/ }).check()
    await page.getByRole('checkbox', { name: /Тимур Галиев/ }).check()
    await page.getByRole('radio', { name: 'основной: Наталья Ковалёва' }).check()
    // The centre's leader is ticked as its contact already.
    await expect(page.getByRole('checkbox', { name: /Виктор Ахмедов/ })).toBeChecked()
    // A planned end before the start is refused, and what was typed stays.
    await page.getByLabel('Дата начала').fill('2026-12-01')
    await page.getByLabel('Плановая дата окончания').fill('2026-06-30')
    await page.getByLabel('Заметки').fill('Первая выездная сессия — весной')
    await page.getByRole('button', { name: 'Назначить наставничество' }).click()
    await expect(page.getByText('Плановая дата окончания не может быть раньше даты начала.')).toBeVisible()
    await expect(page.getByLabel('Заметки')).toHaveValue('Первая выездная сессия — весной')
    await expect(page.getByRole('checkbox', { name: /Тимур Галиев/ })).toBeChecked()
    await expectAccessible(page)

    await page.getByLabel('Плановая дата окончания').fill('2027-08-31')
    await page.getByRole('button', { name: 'Назначить наставничество' }).click()
    await expect(page.getByRole('status')).toContainText('Наставничество назначено.')
  }
  const row = page.getByRole('row', { name: /РЦ «Камчатка»/ })
  await expect(row).toContainText('Наталья Ковалёва (основной)')
  await expect(row).toContainText('Виктор Ахмедов')
  await expectAccessible(page)
  await signOut(page)

  // The mentor opens the dashboard and finds the centre, with the gone-quiet rule spelled out.
  await signIn(page, DEMO.mentor)
  await page.getByRole('navigation', { name: 'Основное меню' }).first().getByRole('link', { name: 'Наставничество' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Наставничество' })).toBeVisible()
  await expect(page.getByText('Когда центр «пропал из виду»')).toBeVisible()
  await expect(page.getByRole('link', { name: 'РЦ «Дон»' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'РЦ «Камчатка»' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Камчатка')
  const section = page.getByRole('region', { name: 'Наставничество' })
  await expect(section).toContainText('АНО «Вектор»')
  await expect(section).toContainText('Наталья Ковалёва (основной)')
  await expect(section.getByRole('link', { name: 'mentor@resursnik.demo' })).toBeVisible()
  await expectAccessible(page)

  // In English too (the choice is remembered for the account, so switch back for the other journeys).
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Mentoring' })).toBeVisible()
  await page.goto('/mentoring')
  await expect(page.getByRole('heading', { level: 1, name: 'Mentoring' })).toBeVisible()
  await expect(page.getByText('When a centre has “gone quiet”')).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Переключить на русский' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Наставничество' })).toBeVisible()
})
