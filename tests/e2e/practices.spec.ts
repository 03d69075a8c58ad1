import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

test('a visitor finds a practice in the public catalogue and reads its card', async ({ page }) => {
  await visit(page, '/practices')
  await expect(page.getByRole('heading', { level: 1, name: 'Практики' })).toBeVisible()
  await page.getByRole('searchbox', { name: 'Поиск' }).fill('такси')
  await page.getByRole('button', { name: 'Найти' }).click()
  await expect(page).toHaveURL(/q=/)
  await expect(page.getByRole('status')).toContainText('Найдена 1 практика')
  await expectAccessible(page)
  await page.getByRole('link', { name: /Социальное такси/ }).click()

  await expect(page.getByRole('heading', { level: 1, name: /Социальное такси/ })).toBeVisible()
  for (const section of ['Какую проблему решает', 'Для кого', 'Откуда практика', 'Что нужно', 'Результаты и чем они подтверждены', 'Как повторить', 'Материалы', 'Контакты', 'Где практику переносят']) {
    await expect(page.getByRole('heading', { level: 2, name: section, exact: true })).toBeVisible()
  }
  await expect(page.getByRole('navigation', { name: 'Шаги метода' }).getByRole('link').first()).toBeVisible()
  await expect(page.getByRole('link', { name: /Договор с добровольцем/ })).toHaveAttribute('href', '/toolkits/volunteer-agreement')
  // The demo programme transfers it in two centres; the card shows counts, not names.
  await expect(page.getByText('РЦ «Дон»')).toHaveCount(0)
  await expectAccessible(page)
})

test('an expert scores a practice, then sees the other expert’s scores and the spread', async ({ page }) => {
  await signIn(page, DEMO.mentor)
  await page.getByRole('navigation', { name: 'Основное меню' }).first().getByRole('link', { name: 'Практики' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Практики' })).toBeVisible()
  await page.getByRole('link', { name: 'Отбор практик' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Отбор практик' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: /Семейный клуб/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Семейный клуб/ })).toBeVisible()

  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Сохранить оценки' }) })
  const criteria = form.getByRole('group')
  const count = await criteria.count()
  expect(count).toBeGreaterThanOrEqual(3)
  if ((await page.getByText('Оценки других экспертов откроются').count()) > 0) {
    // Nothing of the manager's scores is on the page yet.
    await expect(page.getByRole('table')).toHaveCount(0)
  }
  await expectAccessible(page)
  for (let i = 0; i < count; i++) await criteria.nth(i).getByRole('radio', { name: /^3/ }).check()
  await form.getByLabel('Комментарий').first().fill('Нужны данные о том, сколько семей остаются в клубе через год.')
  await form.getByRole('button', { name: 'Сохранить оценки' }).click()

  await expect(page.getByRole('status')).toContainText('Оценки сохранены')
  const table = page.getByRole('table')
  await expect(table.getByRole('rowheader', { name: /Наталья Ковалёва/ })).toBeVisible()
  await expect(table.getByRole('rowheader', { name: /Олег Лебедев/ })).toBeVisible()
  await expect(table.getByRole('rowheader', { name: 'Разброс' })).toBeVisible()
  await expect(table.getByRole('rowheader', { name: 'Стандартное отклонение' })).toBeVisible()
  await expect(page.getByText(/из 5/).first()).toBeVisible()
  await expectAccessible(page)
  await signOut(page)
})

test('a mentor moves a centre’s track to its next step from the board', async ({ page }) => {
  await signIn(page, DEMO.mentor)
  await visit(page, '/practices')
  await page.getByRole('link', { name: 'Перенос практик' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Перенос практик' })).toBeVisible()
  await expectAccessible(page)
  // On a phone the columns stack, each still a section with its heading.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(page.getByRole('heading', { level: 2, name: /Изучена/ })).toBeVisible()
  await expectAccessible(page)
  await page.setViewportSize({ width: 1280, height: 800 })

  await page.getByRole('link', { name: 'РЦ «Кама»' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Социальное такси/ })).toBeVisible()
  const current = (await page.locator('.track-step.current').textContent())?.trim()
  await expectAccessible(page)

  // Skipping a step without a reason is refused, and what was typed stays.
  const select = page.getByLabel('Новый шаг')
  const skip = select.locator('option', { hasText: 'с пропуском шагов' }).first()
  if ((await skip.count()) > 0) {
    await select.selectOption({ label: (await skip.textContent())!.trim() })
    await page.getByLabel('Что сделано').fill('Подписали соглашение с НКО «Дорога»')
    await page.getByRole('button', { name: 'Записать шаг' }).click()
    await expect(page.getByText('Шаги пропускаются — объясните почему.')).toBeVisible()
    await expect(page.getByLabel('Что сделано')).toHaveValue('Подписали соглашение с НКО «Дорога»')
  }

  await select.selectOption({ label: (await select.locator('option', { hasText: 'следующий шаг' }).first().textContent())!.trim() })
  await page.getByLabel('Что сделано').fill('Адаптировали порядок заявок: заявки принимают старосты')
  await page.getByLabel('Новых НКО вовлечено').fill('1')
  await page.getByRole('button', { name: 'Записать шаг' }).click()
  await expect(page.getByRole('status')).toContainText('Шаг записан')
  await expect(page.locator('.track-step.current')).not.toHaveText(current ?? '')
  await expect(page.getByRole('heading', { level: 3, name: `${current} → ${(await page.locator('.track-step.current').textContent())?.trim()}` })).toBeVisible()
  await expect(page.getByText('Адаптировали порядок заявок: заявки принимают старосты')).toBeVisible()
  await expect(page.getByText(/записал\(а\) Наталья Ковалёва/).last()).toBeVisible()
  await expectAccessible(page)
})
