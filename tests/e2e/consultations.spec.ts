import { expect, test, type Page } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

function inDays(days: number) {
  return new Date(Date.now() + days * 24 * 3600_000).toISOString().slice(0, 10)
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Основное меню' })
}

/** Staff of РЦ «Дон» asks from the nav item; returns the request's address. */
async function askForHelp(page: Page, subject: string, options: { suggestion?: string } = {}) {
  await signIn(page, DEMO.staff)
  await mainNav(page).getByRole('link', { name: 'Консультации' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Консультации центра')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Попросить консультацию' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Запрос на консультацию')
  await expectAccessible(page)

  // Forgetting the topic: explained, and what was typed stays.
  await page.getByLabel('Коротко о вопросе').fill(subject)
  await page.getByLabel('Подробности').fill('Местная НКО получила пожертвование от компании. Как оформить и отразить в отчётности?')
  await page.getByLabel('НКО, о которой вопрос').fill('АНО «Дети Дона»')
  if (options.suggestion) await page.getByLabel('Вариант 1').fill(options.suggestion)
  await page.getByRole('button', { name: 'Отправить запрос' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page.getByText('Выберите тему запроса')).toBeVisible()
  await expect(page.getByLabel('Коротко о вопросе')).toHaveValue(subject)
  await expect(page.getByLabel('НКО, о которой вопрос')).toHaveValue('АНО «Дети Дона»')

  await page.getByLabel('Тема').selectOption({ label: 'Бухгалтерия и отчётность' })
  await page.getByLabel('Срочность').selectOption({ label: 'Срочно' })
  await page.getByRole('button', { name: 'Отправить запрос' }).click()
  await expect(page.getByRole('status')).toContainText('Запрос отправлен наставникам')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject)
  await expectAccessible(page)
  const url = new URL(page.url()).pathname
  await signOut(page)
  return url
}

test('staff ask for help, the mentor answers in writing, staff read the answer and reply', async ({ page }) => {
  // Three people and ten pages, each checked with axe: longer than the default 30 s on a slow machine.
  test.slow()
  const subject = `Пожертвование от компании ${Date.now()}`
  const url = await askForHelp(page, subject)

  // The mentor finds it in the inbox, urgent ones first.
  await signIn(page, DEMO.mentor)
  await mainNav(page).getByRole('link', { name: 'Консультации' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Запросы на консультации')
  await expectAccessible(page)
  await page.getByLabel('Срочность').selectOption({ label: 'Срочно' })
  await page.getByRole('button', { name: 'Показать' }).click()
  await page.getByRole('link', { name: subject }).click()
  await expect(page).toHaveURL(new RegExp(`${url}$`))
  await expectAccessible(page)

  // Nothing to close before an answer or a meeting.
  await expect(page.getByRole('button', { name: 'Закрыть запрос' })).toHaveCount(0)
  await page.getByLabel('Ответ', { exact: true }).fill('Договор пожертвования в простой письменной форме; в отчётности — целевые поступления.')
  await page.getByRole('button', { name: 'Отправить ответ' }).click()
  await expect(page.getByRole('status')).toContainText('Ответ отправлен')
  await expect(page.getByRole('heading', { name: 'Письменный ответ' })).toBeVisible()
  await expectAccessible(page)
  await signOut(page)

  // Staff read the answer and ask a follow-up question; the thread shows both sides.
  await signIn(page, DEMO.staff)
  await visit(page, url)
  await expect(page.getByRole('heading', { name: 'Письменный ответ' })).toBeVisible()
  await expect(page.getByText('Договор пожертвования в простой письменной форме').first()).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Действия наставника' })).toHaveCount(0)
  await page.getByLabel('Сообщение').fill('Спасибо! А акт приёма-передачи нужен?')
  await page.getByRole('button', { name: 'Отправить сообщение' }).click()
  await expect(page.getByRole('status')).toContainText('Сообщение отправлено')
  const thread = page.getByRole('list').filter({ hasText: 'Дан письменный ответ' })
  await expect(thread).toContainText('Спасибо! А акт приёма-передачи нужен?')
  await expectAccessible(page)
})

test('the mentor schedules a meeting at the time the centre suggested; it reaches the requester', async ({ page }) => {
  test.slow()
  const subject = `Отчёт в Минюст ${Date.now()}`
  const url = await askForHelp(page, subject, { suggestion: `${inDays(6)}T10:00` })

  await signIn(page, DEMO.mentor)
  await visit(page, url)
  // The form starts at the suggested time, in the requester's zone.
  await expect(page.getByLabel('Дата начала')).toHaveValue(inDays(6))
  await expect(page.getByLabel('Время начала')).toHaveValue('10:00')
  await page.getByRole('button', { name: 'Назначить встречу' }).click()
  await expect(page.getByText('Укажите ссылку для подключения или адрес встречи.')).toBeVisible()
  await page.getByLabel('Ссылка для подключения').fill('https://meet.example.org/minjust')
  await page.getByRole('button', { name: 'Назначить встречу' }).click()
  await expect(page.getByRole('status')).toContainText('Встреча назначена')
  await expect(page.getByRole('heading', { name: 'Встреча', exact: true })).toBeVisible()
  await expectAccessible(page)
  await signOut(page)

  // The requester sees the meeting, is registered for it, and can open it in the schedule.
  await page.setViewportSize({ width: 360, height: 740 })
  await signIn(page, DEMO.staff)
  await visit(page, url)
  await expect(page.getByText('Назначена встреча').first()).toBeVisible()
  await page.getByRole('link', { name: 'Открыть событие в расписании' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject)
  await expect(page.getByRole('button', { name: 'Отменить запись' })).toBeVisible()
  await visit(page, url)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
})

test('another centre cannot open a request of РЦ «Дон»', async ({ page }) => {
  await signIn(page, DEMO.staff)
  await mainNav(page).getByRole('link', { name: 'Консультации' }).click()
  // The demo has an urgent open request of РЦ «Дон».
  const href = await page.getByRole('link', { name: /Как впервые сдать отчёт в Минюст/ }).getAttribute('href')
  await signOut(page)

  await signIn(page, DEMO.otherCentre)
  const response = await page.goto(href!)
  expect(response?.status()).toBe(403)
  await expect(page.getByText('У вас нет доступа к этой странице.')).toBeVisible()
  // Their own nav item leads to their own centre's list.
  await mainNav(page).getByRole('link', { name: 'Консультации' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Консультации центра')
  await expect(page.getByRole('link', { name: 'Договор с волонтёрами: что обязательно указать' })).toBeVisible()
  await expect(page.getByText('Как впервые сдать отчёт в Минюст')).toHaveCount(0)
  await expectAccessible(page)
})
