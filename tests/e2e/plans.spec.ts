import { expect, test, type Page } from '@playwright/test'
import { DEMO, expectAccessible, signIn, signOut } from '../playwright-utils.ts'

/** A calendar date `days` from now in Moscow time (РЦ «Дон» and its leader live in Europe/Moscow). */
function moscowDate(days: number) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date(Date.now() + days * 86_400_000))
}

/** From the dashboard to РЦ «Дон»'s development plan, the way a person clicks through. */
async function openDonPlan(page: Page) {
  await page.getByRole('link', { name: /«Дон»/ }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Дон')
  await page.getByRole('link', { name: 'План развития' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'План развития' })).toBeVisible()
}

test('a mentor adds a goal and gives the leader a task; the overdue task stands out; the leader marks it done', async ({ page }) => {
  const stamp = Date.now().toString(36)
  const goalTitle = `Команда консультантов ${stamp}`
  const taskTitle = `Провести разбор трудных обращений ${stamp}`
  // Two people, five pages checked with axe: longer than the default 30 s on a slow machine.
  test.setTimeout(90_000)

  await signIn(page, DEMO.mentor)
  await openDonPlan(page)
  await expectAccessible(page)
  // The demo plan has an overdue task: a badge and words, not only a colour.
  const demoOverdue = page.locator('li', { has: page.getByRole('heading', { name: 'Утвердить положение о персональных данных и формы согласий' }) })
  await expect(demoOverdue.getByText('Просрочено', { exact: true })).toBeVisible()
  await expect(demoOverdue.getByText('срок прошёл')).toBeVisible()

  // A new goal in the "team" area.
  const goalForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Добавить цель' }) })
  await goalForm.getByLabel('Направление').selectOption({ label: 'Команда и компетенции' })
  await goalForm.getByLabel('Цель', { exact: true }).fill(goalTitle)
  await goalForm.getByRole('button', { name: 'Добавить цель' }).click()
  await expect(page.getByRole('status')).toContainText('Цель добавлена в план')
  const goal = page.getByRole('region', { name: goalTitle })
  await expect(goal).toBeVisible()
  await expect(goal.getByText('Задач пока нет.').first()).toBeVisible()

  // A task for the leader: a date before the plan is explained and nothing typed is lost.
  await goal.getByRole('link', { name: `Добавить задачу к цели «${goalTitle}»` }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Новая задача плана' })).toBeVisible()
  await expect(page.getByLabel('Цель', { exact: true })).toHaveValue(/[0-9a-f-]{36}/)
  await page.getByLabel('Задача', { exact: true }).fill(taskTitle)
  await page.getByLabel(/^Ответственный/).selectOption({ label: 'Анна Морозова — РЦ «Дон»' })
  await page.getByLabel(/^Срок/).fill('2000-01-01')
  await page.getByRole('button', { name: 'Добавить задачу' }).click()
  await expect(page.getByText('Срок раньше начала плана. Выберите дату в пределах плана.')).toBeVisible()
  await expect(page.getByLabel('Задача', { exact: true })).toHaveValue(taskTitle)
  await expectAccessible(page)
  // Due two days ago: inside the plan, already overdue.
  await page.getByLabel(/^Срок/).fill(moscowDate(-2))
  await page.getByRole('button', { name: 'Добавить задачу' }).click()
  await expect(page.getByRole('status')).toContainText('Задача добавлена')
  const task = page.locator('li', { has: page.getByRole('heading', { name: taskTitle }) })
  await expect(task.getByText('Просрочено', { exact: true })).toBeVisible()
  await expect(task.getByText('Анна Морозова')).toBeVisible()
  await expectAccessible(page)
  await signOut(page)

  // The leader finds it among her tasks and marks it done.
  await signIn(page, DEMO.leader)
  await openDonPlan(page)
  await page.getByLabel('Только мои задачи').check()
  await page.getByRole('button', { name: 'Показать' }).click()
  await expect(page).toHaveURL(/mine=1/)
  const mine = page.locator('li', { has: page.getByRole('heading', { name: taskTitle }) })
  await expect(mine.getByText('Ваша задача')).toBeVisible()
  await expect(mine.getByText('Просрочено', { exact: true })).toBeVisible()
  await mine.getByLabel(`Статус задачи «${taskTitle}»`).selectOption({ label: 'Выполнена' })
  await mine.getByRole('button', { name: `Сменить статус задачи «${taskTitle}»` }).click()
  // The filter's count is a live region too: pick the flash by its words.
  await expect(page.getByRole('status').filter({ hasText: 'Статус задачи изменён' })).toBeVisible()
  await expect(page).toHaveURL(/mine=1/)
  const done = page.locator('li', { has: page.getByRole('heading', { name: taskTitle }) })
  await expect(done.locator('.plan-status')).toHaveText('Выполнена')
  await expect(done.getByText('Просрочено', { exact: true })).toHaveCount(0)
  await expect(page.getByRole('region', { name: goalTitle }).getByText(/Выполнено 1 из 1 задачи/)).toBeVisible()
  await expectAccessible(page)
})

test('another centre cannot open РЦ «Дон»’s plan', async ({ page }) => {
  await signIn(page, DEMO.leader)
  await openDonPlan(page)
  const planUrl = new URL(page.url()).pathname
  await signOut(page)
  await signIn(page, DEMO.otherCentre)
  const response = await page.goto(planUrl)
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Нет доступа' })).toBeVisible()
  await expect(page.getByText('Утвердить положение о персональных данных')).toHaveCount(0)
})
