import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

test('the programme manager opens the outcomes dashboard and drills into a figure; a centre sees only its contribution', async ({
  page,
}) => {
  // Two people, five pages, each checked with axe: longer than the default 30 s on a busy machine.
  test.setTimeout(90_000)
  await signIn(page, DEMO.manager)
  await page.getByRole('link', { name: /Точки роста/ }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: /Точки роста/ })).toBeVisible()
  await page.getByRole('link', { name: 'Результаты программы' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Результаты программы' })).toBeVisible()
  await expectAccessible(page)

  // Actual against target, with the counting rule next to the figure.
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Выполнение' }) })
  const visits = table.getByRole('row').filter({ hasText: 'Посещения мероприятий программы' })
  await expect(visits).toBeVisible()
  await visits.getByText('Как считается').click()
  await expect(visits.getByText(/человек на двух мероприятиях — два посещения/)).toBeVisible()
  await expect(page.getByRole('heading', { name: 'По центрам' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Календарный план' })).toBeVisible()
  await expect(page.getByRole('img', { name: /нарастающим итогом по месяцам/ })).toBeVisible()

  // Click the figure through to the records behind it: every visit is a row, the count matches the figure.
  const link = visits.getByRole('link', { name: /открыть записи/ })
  const figure = (await link.textContent())!.trim()
  await link.click()
  await expect(page.getByRole('heading', { level: 1, name: 'Посещения мероприятий программы' })).toBeVisible()
  await expectAccessible(page)
  const count = Number(figure.replace(/\s/g, ''))
  expect(count).toBeGreaterThan(0)
  await expect(page.getByRole('heading', { level: 2 })).toContainText(String(count))
  await expect(page.getByRole('cell', { name: /Выездная сессия в РЦ «Дон»/ }).first()).toBeVisible()

  // Narrow to one centre.
  await page.getByLabel('Центр').selectOption({ label: 'РЦ «Дон»' })
  await page.getByRole('button', { name: 'Показать' }).click()
  await expect(page).toHaveURL(/centre=/)
  await expect(page.getByRole('row').filter({ hasText: 'РЦ «Амур»' })).toHaveCount(0)
  await signOut(page)

  // The leader of РЦ «Дон» sees the centre's own contribution, and not the programme dashboard.
  await signIn(page, DEMO.leader)
  await page.getByRole('link', { name: /Точки роста/ }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: /Точки роста/ })).toBeVisible()
  const programmeUrl = page.url()
  await expect(page.getByRole('link', { name: 'Результаты программы' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Вклад нашего центра' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Вклад центра в результаты программ' })).toBeVisible()
  await expectAccessible(page)
  await expect(page.getByRole('row').filter({ hasText: 'Выездные сессии в центрах' })).toContainText('1')
  const refused = await visit(page, `${programmeUrl}/outcomes`)
  expect(refused?.status()).toBe(403)
})
