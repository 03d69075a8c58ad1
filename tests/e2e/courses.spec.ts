import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, visit } from '../playwright-utils.ts'

const GRANT_COURSE = 'Как помочь НКО подготовить сильную грантовую заявку'

test('a visitor reads the open catalogue and a public lesson without an account', async ({ page }) => {
  await visit(page, '/courses')
  await expect(page.getByRole('heading', { level: 1, name: 'Курсы' })).toBeVisible()
  await expect(page.getByText('Сейчас показаны только открытые курсы')).toBeVisible()
  await page.getByRole('link', { name: GRANT_COURSE }).click()
  await expect(page.getByRole('heading', { level: 1, name: GRANT_COURSE })).toBeVisible()
  await expectAccessible(page)
  await expect(page.getByRole('link', { name: 'Войдите, чтобы записаться' })).toBeVisible()
  await page.getByRole('link', { name: /^Начать:/ }).click()
  await expect(page.getByText('Урок 1 из 8')).toBeVisible()
  await expect(page.getByText('Войдите, чтобы отмечать пройденные уроки')).toBeVisible()
  await expectAccessible(page)

  const missing = await page.goto('/certificates/no-such-certificate-code')
  expect(missing?.status()).toBe(404)
  await expect(page.getByText('Сертификат с таким номером не найден')).toBeVisible()
})

test('a centre staff member finds the grant course, enrols, completes a lesson, takes a quiz and sees progress', async ({
  page,
}) => {
  await signIn(page, DEMO.staff)
  await visit(page, '/courses')
  await page.getByLabel('Поиск по курсам').fill('грант')
  await page.getByRole('button', { name: 'Найти' }).click()
  await expect(page).toHaveURL(/q=%D0%B3%D1%80%D0%B0%D0%BD%D1%82/)
  await expect(page.locator('.course-grid > li').first()).toContainText(GRANT_COURSE)
  await expectAccessible(page)

  await page.getByRole('link', { name: GRANT_COURSE }).click()
  await expect(page.getByRole('heading', { level: 1, name: GRANT_COURSE })).toBeVisible()
  await expect(page.getByText('пройдены все обязательные уроки и сданы все тесты')).toBeVisible()
  await expectAccessible(page)
  const enrol = page.getByRole('button', { name: 'Записаться на курс' })
  if (await enrol.isVisible()) {
    await enrol.click()
    await expect(page.getByText('Вы записались на курс')).toBeVisible()
  }
  await expect(page.getByRole('progressbar', { name: 'Прогресс по курсу' })).toBeVisible()
  await expectAccessible(page)

  // The first lesson has no quiz: it is marked as done by hand.
  await page.getByRole('link', { name: 'Выбор конкурса и грантового направления', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectAccessible(page)
  const markDone = page.getByRole('button', { name: 'Отметить как пройденный' })
  if (await markDone.isVisible()) {
    await markDone.click()
    await expect(page.getByText('Урок отмечен как пройденный')).toBeVisible()
  }
  await expect(page.getByText(/Вы прошли этот урок/)).toBeVisible()

  // The second lesson ends with a quiz.
  await page.getByRole('link', { name: /^Следующий урок:/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Проблема и целевая группа/ })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Проверьте себя' })).toBeVisible()
  await expectAccessible(page)

  const question = (n: number) => page.getByRole('group', { name: new RegExp(`^Вопрос ${n}\\.`) })
  // Wrong answers first.
  await question(1).getByLabel('В районе нет сенсорной комнаты для детей с особенностями развития.').check()
  await question(2).getByLabel('Фраза «все в посёлке знают, что это серьёзная проблема».').check()
  await question(3).getByLabel('Жители района.').check()
  await question(4).getByLabel('Убрать опрос, раз он вызывает вопросы.').check()
  await page.getByRole('button', { name: 'Проверить ответы' }).click()
  await expect(page.getByText(/^Тест не сдан: 0% верных ответов/)).toBeVisible()
  const wrongChoice = question(1).getByLabel('В районе нет сенсорной комнаты для детей с особенностями развития.')
  await expect(question(1).getByText(/Это описание отсутствия решения/)).toBeVisible()
  // The explanation is tied to the option for screen readers, and the choice is kept.
  await expect(wrongChoice).toHaveAccessibleDescription(/Неверно \(ваш ответ\) Это описание отсутствия решения/)
  await expect(wrongChoice).toBeChecked()
  await expectAccessible(page)

  // Then the right ones.
  await question(1)
    .getByLabel(/^Семьи, воспитывающие детей с инвалидностью/)
    .check()
  await question(2).getByLabel('Фраза «все в посёлке знают, что это серьёзная проблема».').uncheck()
  await question(2)
    .getByLabel(/^Данные, полученные по запросу/)
    .check()
  await question(2)
    .getByLabel(/^Результаты опроса, который провела сама НКО/)
    .check()
  await question(2).getByLabel('Журнал обращений в организацию за последний год.').check()
  await question(3)
    .getByLabel(/^Пожилые люди старше 70 лет/)
    .check()
  await question(4)
    .getByLabel(/^Дописать, кто проводил опрос/)
    .check()
  await page.getByRole('button', { name: 'Проверить ответы' }).click()
  await expect(page.getByText('Тест сдан: 100% верных ответов.')).toBeVisible()
  await expectAccessible(page)

  await visit(page, '/learning')
  await expect(page.getByRole('heading', { level: 1, name: 'Моё обучение' })).toBeVisible()
  const card = page.getByRole('listitem').filter({ hasText: GRANT_COURSE })
  await expect(card).toContainText('Пройдено 2 из 8 уроков')
  await expect(card.getByRole('progressbar')).toHaveAttribute('value', '2')
  await expect(page.getByRole('heading', { name: 'Рекомендуем для этапа вашего центра' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Волонтёры и местное сообщество' })).toBeVisible()
})
