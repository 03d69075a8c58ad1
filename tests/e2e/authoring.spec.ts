import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

test('a mentor edits a lesson in the editor and publishes a new version that learners then read', async ({ page }) => {
  const addition = `Новый абзац о годовом отчёте ${Date.now()}`
  await signIn(page, DEMO.mentor)
  await visit(page, '/courses/consulting-ngos/edit')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const firstLesson = page.locator('a[href^="/courses/consulting-ngos/edit/"]').first()
  const lessonTitle = (await firstLesson.textContent())!.trim()
  await firstLesson.click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

  // The editor loads lazily and replaces the plain textarea.
  const editor = page.getByRole('textbox', { name: 'Текст урока' })
  await expect(editor).toHaveAttribute('contenteditable', 'true')
  await expectAccessible(page)
  await editor.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Enter')
  await page.keyboard.type(addition)
  await page.getByLabel('Что изменилось').fill('Добавлен абзац о годовом отчёте')
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click()
  await expect(page.getByRole('status').first()).toBeVisible()
  await expect(page.getByText(/Версия 2|версия 2/).first()).toBeVisible()
  await signOut(page)

  // A learner reads the new version.
  await signIn(page, DEMO.staff)
  await visit(page, '/courses/consulting-ngos')
  await page.getByRole('link', { name: lessonTitle }).first().click()
  await expect(page.getByText(addition)).toBeVisible()
  await expectAccessible(page)
})

test('a centre member cannot open the course editor', async ({ page }) => {
  await signIn(page, DEMO.staff)
  const response = await page.goto('/courses/consulting-ngos/edit')
  expect(response?.status()).toBe(403)
})
