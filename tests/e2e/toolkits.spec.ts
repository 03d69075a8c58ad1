import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

test('a mentor publishes a template with two fields, a centre fills it in and downloads the .docx, the mentor sees the use', async ({ page }) => {
  test.setTimeout(90_000)
  const title = `Заявление о вступлении в ассоциацию НКО ${Date.now()}`

  // The mentor creates the template…
  await signIn(page, DEMO.mentor)
  await visit(page, '/toolkits')
  await page.getByRole('link', { name: 'Новый материал' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Новый материал' })).toBeVisible()
  await page.getByLabel('Название', { exact: true }).fill(title)
  await page.getByLabel('Кратко о материале').fill('Заявление, с которым НКО вступает в региональную ассоциацию.')
  await page.getByLabel('Вид').selectOption('template')
  await page.getByLabel('Для кого').selectOption('ngo')
  await page.getByLabel('Тема').selectOption('organisation')
  await page.getByLabel('Стадия развития').selectOption('first-services')
  await page.getByRole('button', { name: 'Создать материал' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Редактирование материала' })).toBeVisible()
  const slug = /\/toolkits\/([^/]+)\/edit/.exec(page.url())![1]!

  // …with two fields and a text that uses them…
  const editor = page.getByRole('textbox', { name: 'Текст шаблона' })
  await expect(editor).toHaveAttribute('contenteditable', 'true')
  await expectAccessible(page)
  await page.getByLabel('Ключ — поле 1').fill('orgName')
  await page.getByLabel('Подпись в форме — поле 1').fill('Название организации')
  await page.getByLabel('Обязательное — поле 1').check()
  await page.getByRole('button', { name: 'Добавить поле' }).click()
  await page.getByLabel('Ключ — поле 2').fill('joinDate')
  await page.getByLabel('Подпись в форме — поле 2').fill('Дата заявления')
  await page.getByLabel('Тип — поле 2').selectOption('date')
  await page.getByLabel('Обязательное — поле 2').check()
  await editor.click()
  await page.keyboard.type('Прошу принять {{orgName}} в члены ассоциации с {{joinDate}}.')
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click()
  await expect(page.getByText('Новая версия опубликована: читатели уже видят её.')).toBeVisible()
  await expect(page.getByText(/Опубликована версия 1/)).toBeVisible()
  await signOut(page)

  // …a centre's staff member finds it, fills it in and downloads the document…
  await signIn(page, DEMO.staff)
  await visit(page, `/toolkits?q=${encodeURIComponent('заявления ассоциации')}`)
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await page.getByLabel('Название организации').fill('АНО «Донские берега»')
  await page.getByLabel('Дата заявления').fill('2026-12-01')
  await page.getByRole('button', { name: 'Проверить и посмотреть' }).click()
  await expect(page.getByText('Прошу принять АНО «Донские берега» в члены ассоциации с 01.12.2026.')).toBeVisible()
  await expectAccessible(page)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Скачать .docx' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/\.docx$/)
  const bytes = fs.readFileSync((await download.path())!)
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')
  // Print / PDF opens the filled document alone in a new tab (and counts it).
  const opening = page.waitForEvent('popup')
  await page.getByRole('button', { name: 'Печать / PDF' }).click()
  const printView = await opening
  await expect(printView.getByText('Прошу принять АНО «Донские берега» в члены ассоциации с 01.12.2026.')).toBeVisible()
  await expect(printView.getByRole('button', { name: 'Печать или сохранить в PDF' })).toBeVisible()
  await expectAccessible(printView)
  await printView.close()
  // The centre's own page lists what it used.
  await page.getByRole('link', { name: 'Все материалы' }).click()
  await page.getByRole('link', { name: 'Материалы нашего центра' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Материалы' })).toBeVisible()
  await expect(page.getByRole('link', { name: title })).toBeVisible()
  await expectAccessible(page)
  await signOut(page)

  // …and the mentor sees which centre used it, and how.
  await signIn(page, DEMO.mentor)
  await visit(page, `/toolkits/${slug}/usage`)
  const row = page.getByRole('row', { name: /РЦ «Дон»/ })
  await expect(row).toBeVisible()
  // Columns: views, file downloads, .docx, print/PDF.
  await expect(row.getByRole('cell').nth(2)).toHaveText('1')
  await expect(row.getByRole('cell').nth(3)).toHaveText('1')
  await visit(page, `/toolkits/${slug}/versions`)
  await page.getByRole('link', { name: 'Версия 1' }).click()
  await expect(page.getByText('Это текущая версия материала.')).toBeVisible()
  await expectAccessible(page)
})

test('a centre member cannot open the resource editor or a resource’s usage', async ({ page }) => {
  await signIn(page, DEMO.staff)
  expect((await page.goto('/toolkits/volunteer-agreement/edit'))?.status()).toBe(403)
  expect((await page.goto('/toolkits/volunteer-agreement/usage'))?.status()).toBe(403)
  expect((await page.goto('/toolkits/new'))?.status()).toBe(403)
})
