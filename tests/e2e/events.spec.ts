import { expect, test } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut, visit } from '../playwright-utils.ts'

function inDays(days: number) {
  const d = new Date(Date.now() + days * 24 * 3600_000)
  return d.toISOString().slice(0, 10)
}

test('a mentor schedules a seminar, a centre member registers and subscribes, the mentor marks attendance on a phone', async ({
  page,
  request,
}) => {
  const title = `Семинар по отчётности ${Date.now()}`
  await signIn(page, DEMO.mentor)
  await visit(page, '/events')
  await page.getByRole('link', { name: 'Запланировать событие' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectAccessible(page)

  await page.getByLabel('Вид события').selectOption({ label: 'Онлайн-семинар' })
  await page.getByLabel('Название').fill(title)
  await page.getByLabel('Дата начала').fill(inDays(3))
  await page.getByLabel('Время начала').fill('11:00')
  await page.getByLabel('Время окончания').fill('10:00')
  await page.getByLabel('Часовой пояс события').selectOption('Europe/Moscow')
  await page.getByLabel('Ссылка для подключения').fill('https://meet.example.org/report')
  await page.getByRole('button', { name: 'Запланировать', exact: true }).click()
  // End before start: explained, and what was typed is still there.
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page.getByLabel('Название')).toHaveValue(title)
  await page.getByLabel('Время начала').fill('10:00')
  await page.getByLabel('Время окончания').fill('11:30')
  await page.getByRole('button', { name: 'Запланировать', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Событие запланировано')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title)
  // The mentor lives in Perm: the time is shown in Moscow and in Yekaterinburg time.
  await expect(page.getByText(/10:00 Москва \/ 12:00 Екатеринбург/).first()).toBeVisible()
  await expectAccessible(page)
  const eventUrl = new URL(page.url()).pathname
  await signOut(page)

  // A staff member of a centre in the programme registers.
  await signIn(page, DEMO.staff)
  await visit(page, '/events')
  await page.getByRole('link', { name: title }).click()
  await page.getByRole('button', { name: 'Записаться' }).click()
  await expect(page.getByRole('button', { name: 'Отменить запись' })).toBeVisible()
  await expectAccessible(page)

  // …and subscribes to their calendar: the feed carries the event in its own zone.
  await visit(page, '/settings')
  await page.getByRole('button', { name: 'Создать ссылку на календарь' }).click()
  const address = await page.getByLabel('Адрес календаря (держите его в секрете)').inputValue()
  expect(address).toMatch(/\/calendar\/[a-z2-7]{32}\.ics$/)
  await expect(page.getByRole('link', { name: 'Подписаться в календаре' })).toHaveAttribute('href', /^webcal:\/\//)
  const feed = await request.get(new URL(address).pathname)
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8')
  const ics = await feed.text()
  expect(ics).toContain(title)
  expect(ics).toMatch(/DTSTART;TZID=Europe\/Moscow:\d{8}T100000/)
  expect(ics).toContain('BEGIN:VTIMEZONE')
  await signOut(page)

  // The mentor marks attendance on a phone.
  await page.setViewportSize({ width: 360, height: 740 })
  await signIn(page, DEMO.mentor)
  await visit(page, `${eventUrl}/attendance`)
  const person = page.getByRole('group', { name: 'Дмитрий Павлов' })
  await person.getByLabel('Был', { exact: true }).check()
  await page.getByRole('button', { name: 'Сохранить отметки' }).click()
  await expect(page.getByRole('status')).toContainText('Отметки сохранены')
  await expect(page.getByRole('group', { name: 'Дмитрий Павлов' }).getByLabel('Был', { exact: true })).toBeChecked()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await expectAccessible(page)
})

test('a centre member cannot schedule events', async ({ page }) => {
  await signIn(page, DEMO.staff)
  const response = await page.goto('/events/new')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Нет доступа' })).toBeVisible()
  await expectAccessible(page)
})
