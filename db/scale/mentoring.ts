// Mentoring at scale: a mentorship for every programme centre (named mentors of the mentor organisation,
// the centre's leader and sometimes a staff member as contacts), a development plan per centre (3–5 goals,
// 8–20 tasks with due dates around SCALE_NOW and statuses that fit them) and 0–8 consultation requests per
// centre with their threads. The senior mentor of each mentor organisation is named on all of its
// mentorships, so the busiest mentors accompany ~50 centres — the mentor's dashboard is measured on them.
// About one centre in eight "went quiet": its activity stops one to five months before SCALE_NOW.
import {
  CONSULTATION_TOPICS,
  consultationMessages,
  consultationRequests,
  developmentPlans,
  mentorshipPeople,
  mentorships,
  planGoals,
  planTasks,
  type ConsultationTopic,
} from '../schema/index.ts'
import { insertBatched, SCALE_NOW, type OrgPeople, type ProgrammeRef, type ScaleContext, type ScaleStep } from './context.ts'
import type { Rng } from './random.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000
/** Share of mentorships run by a partner mentor organisation rather than the programme's own. */
const PARTNER_SHARE = 0.08
/** Share of active mentorships that ended early. */
const ENDED_EARLY_SHARE = 0.03
/** Share of centres whose activity stops well before SCALE_NOW. */
const QUIET_SHARE = 0.12

type MentorshipRow = typeof mentorships.$inferInsert
type TaskRow = typeof planTasks.$inferInsert
type RequestRow = typeof consultationRequests.$inferInsert
type MessageRow = typeof consultationMessages.$inferInsert
type TaskStatus = NonNullable<TaskRow['status']>
type RequestStatus = NonNullable<RequestRow['status']>

const AREA_GOALS: Record<string, { goals: string[]; tasks: string[] }> = {
  'legal-base': {
    goals: ['Привести учредительные документы в порядок', 'Выстроить отчётность перед Минюстом и ФНС', 'Оформить политику обработки персональных данных'],
    tasks: [
      'Сверить устав с действующей редакцией закона',
      'Подготовить изменения в устав',
      'Составить календарь обязательной отчётности',
      'Сдать отчёт по форме ОН0001',
      'Утвердить положение о персональных данных',
      'Заключить договоры с волонтёрами',
      'Провести общее собрание учредителей',
    ],
  },
  team: {
    goals: ['Собрать устойчивую команду центра', 'Обучить консультантов центра', 'Распределить роли и обязанности'],
    tasks: [
      'Описать обязанности консультантов',
      'Провести стратегическую сессию команды',
      'Пройти курс «Консультирование НКО»',
      'Найти юриста на полставки',
      'Привлечь двух волонтёров-экспертов',
      'Провести супервизию трудных консультаций',
      'Составить план обучения сотрудников',
    ],
  },
  services: {
    goals: ['Запустить линейку консультационных услуг', 'Выйти в реестр поставщиков социальных услуг', 'Наладить учёт обращений НКО'],
    tasks: [
      'Описать пакет базовых услуг для НКО',
      'Запустить журнал обращений',
      'Провести первые десять консультаций',
      'Подготовить стандарт консультации',
      'Собрать обратную связь от НКО',
      'Провести школу социального проектирования',
      'Организовать выездную консультацию в район',
    ],
  },
  communications: {
    goals: ['Сделать центр заметным для НКО региона', 'Наладить регулярные новости центра', 'Обновить сайт и соцсети'],
    tasks: [
      'Обновить страницу центра на сайте',
      'Составить контент-план на квартал',
      'Выпустить рассылку для НКО региона',
      'Подготовить годовой отчёт для партнёров',
      'Провести день открытых дверей',
      'Снять короткие видео о консультациях',
      'Опубликовать истории поддержанных НКО',
    ],
  },
  finance: {
    goals: ['Диверсифицировать источники финансирования', 'Подготовить заявку в Фонд президентских грантов', 'Навести порядок в учёте'],
    tasks: [
      'Составить бюджет центра на год',
      'Подготовить заявку на региональную субсидию',
      'Найти бухгалтера на аутсорсинге',
      'Запустить сбор пожертвований на сайте',
      'Собрать портфолио проектов для заявки',
      'Провести аудит расходов по гранту',
      'Разработать прайс на платные услуги',
    ],
  },
  partnerships: {
    goals: ['Выстроить отношения с органами власти', 'Создать сеть партнёров в муниципалитетах', 'Подписать соглашения с бизнесом'],
    tasks: [
      'Встретиться с профильным министерством',
      'Подписать соглашение с администрацией города',
      'Провести встречу с муниципальными ресурсными центрами',
      'Войти в общественный совет при министерстве',
      'Найти партнёра среди местного бизнеса',
      'Организовать сетевую встречу НКО района',
      'Составить карту партнёров центра',
    ],
  },
}
const AREAS = Object.keys(AREA_GOALS)

const REQUESTS: Record<ConsultationTopic, { subject: string; description: string }[]> = {
  legal: [
    { subject: 'Изменения в устав АНО', description: 'Хотим добавить в устав новые виды деятельности. Нужно ли регистрировать изменения и какие документы готовить?' },
    { subject: 'Договор с волонтёром', description: 'Как правильно оформить договор с волонтёром, который ведёт консультации для НКО?' },
    { subject: 'Персональные данные участников', description: 'Собираем анкеты на мероприятия. Какое согласие на обработку данных нужно и где его хранить?' },
  ],
  accounting: [
    { subject: 'Отчётность по гранту', description: 'Впервые сдаём финансовый отчёт по гранту. Как подтвердить расходы на оплату труда?' },
    { subject: 'Упрощённая система налогообложения', description: 'Нужно ли центру платить налог с целевых поступлений и как это отразить в декларации?' },
  ],
  fundraising: [
    { subject: 'Заявка в Фонд президентских грантов', description: 'Просим посмотреть проект заявки: цели, показатели и бюджет. Срок подачи через три недели.' },
    { subject: 'Пожертвования через сайт', description: 'Как подключить приём пожертвований на сайте и что нужно указать в оферте?' },
  ],
  pr: [
    { subject: 'Продвижение в соцсетях', description: 'Наши публикации почти никто не видит. Как выстроить контент-план и что публиковать?' },
    { subject: 'Годовой отчёт центра', description: 'Хотим выпустить публичный годовой отчёт. Есть ли хороший пример и структура?' },
  ],
  services: [
    { subject: 'Стандарт консультации', description: 'Как описать стандарт консультации, чтобы новые сотрудники вели её одинаково?' },
    { subject: 'Реестр поставщиков социальных услуг', description: 'Какие шаги нужны, чтобы центр вошёл в региональный реестр поставщиков?' },
  ],
  other: [
    { subject: 'Стратегическая сессия', description: 'Планируем стратегическую сессию команды. Сможете ли провести её или порекомендовать ведущего?' },
    { subject: 'Сетевая встреча НКО', description: 'Хотим провести сетевую встречу НКО района. Поделитесь сценарием и раздаточными материалами.' },
  ],
}

const CLIENT_NGOS = [
  'АНО «Добрые соседи»',
  'РОО «Родители особых детей»',
  'Фонд «Память поколений»',
  'АНО «Серебряный возраст»',
  'МОО «Зелёный город»',
  'АНО «Спортивная деревня»',
  'Клуб многодетных семей «Радуга»',
]

const MENTOR_REPLIES = [
  'Спасибо за вопрос. Пришлите, пожалуйста, текущую редакцию документа — посмотрю до конца недели.',
  'Предлагаю созвониться и разобрать по шагам. Какое время вам удобно?',
  'Посмотрела материалы, комментарии в приложении. Главное — поправить раздел с показателями.',
  'Есть готовый шаблон в библиотеке материалов, пришлю ссылку. Его можно адаптировать под вас.',
  'Подведу итог: вы готовите черновик, я смотрю его до пятницы, потом встречаемся ещё раз.',
]
const CENTRE_REPLIES = [
  'Спасибо! Прикладываю документ.',
  'Удобно во вторник после обеда по нашему времени.',
  'Поправили, посмотрите, пожалуйста, ещё раз.',
  'Всё получилось, вопрос можно закрывать.',
  'Уточним у руководителя и вернёмся с ответом.',
]

function isoDate(ms: number) {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Named mentors: the organisation's senior mentor on every mentorship, one more mentor on most of them. */
function mentorsFor(rng: Rng, people: OrgPeople) {
  const senior = people.mentors[0] ?? people.leader
  const others = people.mentors.slice(1)
  const named = [senior]
  if (others.length && rng.chance(0.85)) named.push(rng.pick(others))
  // The senior mentor leads a minority of pairs; day-to-day work is with the second mentor.
  const primary = named.length > 1 && rng.chance(0.65) ? named[1]! : senior
  return { named, primary }
}

type CentreState = {
  centreId: string
  /** The mentorship the plan and the requests belong to. */
  home: {
    id: string
    programmeId: string
    mentorOrganisationId: string
    startsMs: number
    endsMs: number
    /** When a finished mentorship ended (null while it runs). */
    stoppedMs: number | null
    primaryMentor: string
    mentors: string[]
  }
  /** When this centre's activity stops (SCALE_NOW for most). */
  activeUntil: number
}

function taskStatus(rng: Rng, dueMs: number, activeUntil: number): TaskStatus {
  if (dueMs < activeUntil - 14 * DAY_MS) {
    const r = rng.next()
    return r < 0.78 ? 'done' : r < 0.83 ? 'cancelled' : r < 0.92 ? 'in_progress' : 'todo'
  }
  if (dueMs < SCALE_NOW) {
    // Due recently, or after a quiet centre stopped: mostly still open, so overdue.
    const r = rng.next()
    return r < 0.35 ? 'done' : r < 0.4 ? 'cancelled' : r < 0.7 ? 'in_progress' : 'todo'
  }
  const r = rng.next()
  return r < 0.12 ? 'done' : r < 0.15 ? 'cancelled' : r < 0.45 ? 'in_progress' : 'todo'
}

export const mentoringStep: ScaleStep = {
  name: 'mentoring',
  async run(ctx) {
    const { rng } = ctx
    const mentorshipRows: MentorshipRow[] = []
    const peopleRows: (typeof mentorshipPeople.$inferInsert)[] = []
    const byCentre = new Map<string, CentreState['home'][]>()

    for (const programme of ctx.programmes) {
      const startsMs = Date.parse(`${programme.startsOn}T00:00:00Z`)
      const endsMs = Date.parse(`${programme.endsOn}T00:00:00Z`)
      for (const centreId of programme.centreIds) {
        const mentorOrganisationId = partnerOrOwn(ctx, rng, programme)
        const mentorPeople = ctx.people.get(mentorOrganisationId)!
        const centrePeople = ctx.people.get(centreId)!
        const { named, primary } = mentorsFor(rng, mentorPeople)
        const id = rng.uuid()
        const { status, endedOn } = statusFor(rng, startsMs, endsMs, programme.endsOn)
        const createdAt = new Date(startsMs - rng.int(3, 20) * DAY_MS + 9 * HOUR_MS)
        mentorshipRows.push({
          id,
          programmeId: programme.id,
          mentorOrganisationId,
          centreId,
          startsOn: programme.startsOn,
          plannedEndOn: programme.endsOn,
          endedOn,
          status,
          createdById: programme.managerIds[0] ?? null,
          createdAt,
          updatedAt: endedOn ? new Date(`${endedOn}T12:00:00Z`) : createdAt,
        })
        for (const userId of named) peopleRows.push({ mentorshipId: id, userId, side: 'mentor', isPrimary: userId === primary })
        peopleRows.push({ mentorshipId: id, userId: centrePeople.leader, side: 'centre', isPrimary: true })
        if (centrePeople.staff.length && rng.chance(0.5)) {
          peopleRows.push({ mentorshipId: id, userId: rng.pick(centrePeople.staff), side: 'centre', isPrimary: false })
        }
        if (startsMs <= SCALE_NOW) {
          const list = byCentre.get(centreId) ?? []
          const stoppedMs = endedOn ? Date.parse(`${endedOn}T18:00:00Z`) : null
          list.push({ id, programmeId: programme.id, mentorOrganisationId, startsMs, endsMs, stoppedMs, primaryMentor: primary, mentors: named })
          byCentre.set(centreId, list)
        }
      }
    }
    await insertBatched(ctx, mentorships, mentorshipRows, 'mentorships')
    await insertBatched(ctx, mentorshipPeople, peopleRows, 'mentorship people', 'mentorship_people')

    // A plan and consultations for every centre whose mentoring has begun. "Home" is the mentorship they
    // belong to: the latest one under way, else the latest that started (and has finished since).
    const states: CentreState[] = []
    for (const centre of ctx.centres) {
      const list = byCentre.get(centre.id)
      if (!list?.length) continue
      const latest = (a: CentreState['home'], b: CentreState['home']) => (b.startsMs > a.startsMs ? b : a)
      const running = list.filter((m) => m.stoppedMs === null)
      const home = running.length ? running.reduce(latest) : list.reduce(latest)
      const quiet = rng.chance(QUIET_SHARE)
      let activeUntil = quiet ? SCALE_NOW - rng.int(35, 150) * DAY_MS : SCALE_NOW - rng.int(0, 20) * DAY_MS
      if (home.stoppedMs !== null) activeUntil = Math.min(activeUntil, home.stoppedMs)
      states.push({ centreId: centre.id, home, activeUntil: Math.max(activeUntil, home.startsMs + DAY_MS) })
    }
    await writePlans(ctx, states)
    await writeConsultations(ctx, states)
  },
}

function partnerOrOwn(ctx: ScaleContext, rng: Rng, programme: ProgrammeRef) {
  if (ctx.mentorOrgs.length > 1 && rng.chance(PARTNER_SHARE)) {
    const partner = rng.pick(ctx.mentorOrgs)
    if (partner.id !== programme.mentorOrganisationId) return partner.id
  }
  return programme.mentorOrganisationId
}

function statusFor(rng: Rng, startsMs: number, endsMs: number, endsOn: string) {
  if (endsMs < SCALE_NOW) {
    if (rng.chance(0.9)) return { status: 'completed' as const, endedOn: endsOn }
    return { status: 'ended' as const, endedOn: isoDate(startsMs + Math.floor(rng.next() * (endsMs - startsMs))) }
  }
  if (startsMs < SCALE_NOW && rng.chance(ENDED_EARLY_SHARE)) {
    return { status: 'ended' as const, endedOn: isoDate(startsMs + Math.floor(rng.next() * (SCALE_NOW - startsMs))) }
  }
  return { status: 'active' as const, endedOn: null }
}

async function writePlans(ctx: ScaleContext, states: CentreState[]) {
  const { rng } = ctx
  const plans: (typeof developmentPlans.$inferInsert)[] = []
  const goals: (typeof planGoals.$inferInsert)[] = []
  const tasks: TaskRow[] = []
  for (const state of states) {
    const { home } = state
    const planId = rng.uuid()
    const planCreated = home.startsMs + rng.int(7, 40) * DAY_MS
    const created = Math.min(planCreated, state.activeUntil, SCALE_NOW)
    plans.push({
      id: planId,
      organisationId: state.centreId,
      startsOn: isoDate(home.startsMs),
      endsOn: isoDate(home.endsMs),
      summary: 'План развития на период программы: цели по направлениям модели этапов и задачи с исполнителями и сроками.',
      createdById: home.primaryMentor,
      createdAt: new Date(created),
      updatedAt: new Date(created),
    })
    const people = ctx.people.get(state.centreId)!
    const owners = [people.leader, ...people.staff]
    const areas = rng.sample(AREAS, rng.int(3, 5))
    const goalIds = areas.map((area, position) => {
      const id = rng.uuid()
      goals.push({ id, planId, areaKey: area, title: rng.pick(AREA_GOALS[area]!.goals), position, createdAt: new Date(created) })
      return id
    })
    const count = rng.int(8, 20)
    const span = Math.max(30 * DAY_MS, home.endsMs - created)
    for (let i = 0; i < count; i++) {
      const g = i % goalIds.length
      const area = areas[g]!
      const due = created + 21 * DAY_MS + Math.floor(rng.next() * span)
      const status = taskStatus(rng, due, state.activeUntil)
      // Touched last when done (around the due date) or while worked on, never after the centre went quiet.
      const lastTouch = Math.min(state.activeUntil, SCALE_NOW)
      let updated = created + Math.floor(rng.next() * Math.max(0, lastTouch - created))
      let completedAt: Date | null = null
      if (status === 'done') {
        updated = Math.min(lastTouch, Math.max(created, due - rng.int(0, 20) * DAY_MS))
        completedAt = new Date(updated)
      }
      tasks.push({
        id: rng.uuid(),
        goalId: goalIds[g]!,
        planId,
        title: rng.pick(AREA_GOALS[area]!.tasks),
        ownerId: rng.pick(owners),
        dueOn: isoDate(due),
        status,
        position: Math.floor(i / goalIds.length),
        completedAt,
        createdById: home.primaryMentor,
        createdAt: new Date(created),
        updatedAt: new Date(updated),
      })
    }
  }
  await insertBatched(ctx, developmentPlans, plans, 'development plans', 'development_plans')
  await insertBatched(ctx, planGoals, goals, 'plan goals', 'plan_goals')
  await insertBatched(ctx, planTasks, tasks, 'plan tasks', 'plan_tasks')
}

function requestStatus(rng: Rng, ageDays: number): RequestStatus {
  const r = rng.next()
  if (ageDays > 60) return r < 0.8 ? 'closed' : r < 0.86 ? 'declined' : r < 0.94 ? 'held' : 'answered'
  if (ageDays > 14) return r < 0.45 ? 'closed' : r < 0.6 ? 'held' : r < 0.75 ? 'answered' : r < 0.9 ? 'scheduled' : r < 0.95 ? 'open' : 'declined'
  return r < 0.4 ? 'open' : r < 0.65 ? 'scheduled' : r < 0.85 ? 'answered' : 'held'
}

async function writeConsultations(ctx: ScaleContext, states: CentreState[]) {
  const { rng } = ctx
  const requests: RequestRow[] = []
  const messages: MessageRow[] = []
  for (const state of states) {
    const { home } = state
    const people = ctx.people.get(state.centreId)!
    const askers = [people.leader, ...people.staff]
    const from = home.startsMs + 14 * DAY_MS
    const until = Math.min(state.activeUntil, SCALE_NOW)
    if (until <= from) continue
    const n = rng.int(0, 8)
    for (let i = 0; i < n; i++) {
      const createdMs = from + Math.floor(rng.next() * (until - from))
      const ageDays = (SCALE_NOW - createdMs) / DAY_MS
      const status = requestStatus(rng, ageDays)
      const topic = rng.pick(CONSULTATION_TOPICS)
      const text = rng.pick(REQUESTS[topic])
      const id = rng.uuid()
      const asker = rng.pick(askers)
      const mentor = status === 'open' ? null : rng.chance(0.8) ? home.primaryMentor : rng.pick(home.mentors)
      // The thread: the question, then replies a few hours to a few days apart, none after the centre went quiet.
      let t = createdMs
      const count = status === 'open' ? rng.int(1, 2) : rng.int(2, 6)
      for (let k = 0; k < count && t <= until; k++) {
        const byMentor = k % 2 === 1 && mentor !== null
        messages.push({
          id: rng.uuid(),
          requestId: id,
          authorId: byMentor ? mentor : asker,
          body: k === 0 ? text.description : byMentor ? rng.pick(MENTOR_REPLIES) : rng.pick(CENTRE_REPLIES),
          event: null,
          createdAt: new Date(t),
        })
        t += rng.int(2, 96) * HOUR_MS
      }
      const last = Math.min(t, until)
      const answeredAt = ['answered', 'held', 'closed'].includes(status) ? new Date(Math.min(createdMs + rng.int(1, 5) * DAY_MS, last)) : null
      const heldAt = ['held', 'closed'].includes(status) && rng.chance(0.7) ? new Date(Math.min(createdMs + rng.int(3, 12) * DAY_MS, last)) : null
      requests.push({
        id,
        organisationId: state.centreId,
        programmeId: home.programmeId,
        mentorOrganisationId: home.mentorOrganisationId,
        requestedById: asker,
        topic,
        subject: text.subject,
        description: text.description,
        urgency: rng.chance(0.15) ? 'urgent' : rng.chance(0.2) ? 'low' : 'normal',
        preferredTimes: rng.chance(0.4) ? 'Будни после 14:00 по местному времени' : null,
        clientNgo: rng.chance(0.4) ? rng.pick(CLIENT_NGOS) : null,
        status,
        assignedMentorId: mentor,
        answer: answeredAt ? rng.pick(MENTOR_REPLIES) : null,
        answeredAt,
        outcomeNotes: heldAt ? 'Разобрали вопрос по шагам, договорились о следующих действиях.' : null,
        minutesSpent: heldAt ? rng.int(30, 120) : null,
        heldAt,
        closedAt: status === 'closed' || status === 'declined' ? new Date(last) : null,
        createdAt: new Date(createdMs),
        updatedAt: new Date(last),
      })
    }
  }
  await insertBatched(ctx, consultationRequests, requests, 'consultation requests', 'consultation_requests')
  await insertBatched(ctx, consultationMessages, messages, 'consultation messages', 'consultation_messages')
}
