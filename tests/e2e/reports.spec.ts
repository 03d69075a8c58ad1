import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, visit } from '../playwright-utils.ts'

test('a programme manager sets up reporting, writes the period report, submits it and downloads it', async ({ page }) => {
  // A long journey with an accessibility check on every page it visits.
  test.setTimeout(120_000)
  // Names of this run's own records, so a retry or another spec on the same database never collides.
  const run = Date.now().toString(36)
  const periodLabel = `Этап проверки ${run}`
  const controlPoint = `Шесть центров провели сетевую встречу ${run}`
  const indicatorName = `Проведено выездных сессий ${run}`

  await signIn(page, DEMO.manager)
  await page.goto('/programmes')
  await page.getByRole('link', { name: /Точки роста/ }).first().click()
  await page.getByRole('link', { name: 'Настройка отчётности' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Настройка отчётности' })).toBeVisible()
  await expectAccessible(page)

  // A reporting period of our own: a wrong order of dates first, then right.
  const periodForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Добавить период' }) })
  await periodForm.getByLabel('Название периода').fill(periodLabel)
  await periodForm.getByLabel('Начало периода').fill('2026-06-01')
  await periodForm.getByLabel('Конец периода').fill('2026-05-01')
  await periodForm.getByRole('button', { name: 'Добавить период' }).click()
  await expect(periodForm.getByText('Дата окончания должна быть не раньше даты начала.')).toBeVisible()
  await expect(periodForm.getByLabel('Название периода')).toHaveValue(periodLabel)
  await periodForm.getByLabel('Конец периода').fill('2026-12-31')
  await periodForm.getByRole('button', { name: 'Добавить период' }).click()
  await expect(page.getByRole('status')).toContainText('Период добавлен')
  await expect(page.getByRole('rowheader', { name: periodLabel })).toBeVisible()

  // A control point of the calendar plan, due within the period.
  const planForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Добавить', exact: true }) })
  await planForm.getByLabel('Мероприятие или контрольная точка').fill(controlPoint)
  await planForm.getByLabel('Это контрольная точка').check()
  await planForm.getByLabel('Начало по плану').fill('2026-09-01')
  await planForm.getByLabel('Окончание (срок) по плану').fill('2026-10-15')
  await planForm.getByRole('button', { name: 'Добавить', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Запись календарного плана добавлена')
  await expect(page.getByRole('rowheader', { name: new RegExp(controlPoint) })).toBeVisible()

  // An indicator counted from the data, then its target for our period.
  const indicatorForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Добавить показатель' }) })
  await indicatorForm.getByLabel('Показатель', { exact: true }).fill(indicatorName)
  await indicatorForm.getByLabel('Единица измерения').fill('сессий')
  await indicatorForm.getByLabel('Плановое значение за весь срок').fill('6')
  await indicatorForm.getByLabel('Как получаем значение').selectOption('computed')
  await indicatorForm.getByLabel('Что считать').selectOption('events_held')
  await indicatorForm.getByLabel('Вид мероприятий').selectOption('field_session')
  await indicatorForm.getByRole('button', { name: 'Добавить показатель' }).click()
  await expect(page.getByRole('heading', { level: 1, name: indicatorName })).toBeVisible()
  await expectAccessible(page)
  const target = page.getByLabel(`План на «${periodLabel}»`)
  await target.fill('два')
  await page.getByRole('button', { name: 'Сохранить плановые значения' }).click()
  await expect(page.getByText('Введите число.')).toBeVisible()
  await expect(page.getByLabel(`План на «${periodLabel}»`)).toHaveValue('два')
  await page.getByLabel(`План на «${periodLabel}»`).fill('2')
  await page.getByRole('button', { name: 'Сохранить плановые значения' }).click()
  await expect(page.getByRole('status')).toContainText('Плановые значения сохранены')

  // The period's report: live figures, the manager's commentary, then submission.
  await page.getByRole('navigation', { name: 'Отчётность программы' }).getByRole('link', { name: 'Отчёты' }).click()
  await expectAccessible(page)
  await page.getByRole('link', { name: periodLabel }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Отчёт за ${periodLabel}` })).toBeVisible()
  await expect(page.getByText(/Черновик: цифры посчитаны/)).toBeVisible()
  await expect(page.getByRole('rowheader', { name: controlPoint })).toBeVisible()
  await expect(page.getByRole('rowheader', { name: new RegExp(indicatorName) })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('textbox', { name: 'Комментарий руководителя' }).fill('Этап пройден: все шесть центров включились в работу.')
  await page.getByRole('textbox', { name: 'Публикации' }).fill('Заметка о сетевой встрече — https://vektor-nko.example/news/1')
  await page.getByRole('button', { name: 'Сохранить черновик' }).click()
  await expect(page.getByRole('status')).toContainText('Черновик отчёта сохранён')
  await page.getByRole('button', { name: 'Сдать отчёт' }).click()
  await expect(page.getByRole('status')).toContainText('Отчёт сдан')
  await expect(page.getByText(/Отчёт сдан: Олег Лебедев/)).toBeVisible()
  await expect(page.getByText('Этап пройден: все шесть центров включились в работу.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Сдать отчёт' })).toHaveCount(0)
  await expectAccessible(page)

  // CSV for Excel: a BOM, semicolons, the Cyrillic text intact.
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Скачать CSV (Excel)' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^report-.*\.csv$/)
  const bytes = fs.readFileSync((await download.path())!)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = bytes.toString('utf8')
  expect(text).toContain(`Отчёт за ${periodLabel};`)
  expect(text).toContain(`Контрольная точка;${controlPoint};`)
  expect(text).toContain('Этап пройден: все шесть центров включились в работу.')

  // The printable version carries the same report, without the site's navigation when printed.
  await page.getByRole('link', { name: 'Версия для печати и PDF' }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Отчёт за ${periodLabel}` })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Печать или сохранить в PDF' })).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.site-header')).toBeHidden()
  await page.emulateMedia({ media: 'screen' })
})

test('administrators see every programme side by side; a centre is refused the reports', async ({ page }) => {
  await signIn(page, DEMO.admin)
  await page.getByRole('link', { name: 'Все программы' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Все программы' })).toBeVisible()
  await expect(page.getByRole('rowheader', { name: /Точки роста/ })).toBeVisible()
  await expectAccessible(page)
  const programmeHref = await page.getByRole('rowheader', { name: /Точки роста/ }).getByRole('link').first().getAttribute('href')
  await page.getByRole('button', { name: /^(Выйти|Sign out)$/ }).click()

  await signIn(page, DEMO.leader)
  const response = await visit(page, `${programmeHref}/reports`)
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Нет доступа' })).toBeVisible()
})
