// The demo programme loaded on first start of the embedded database: a mentor organisation in Perm,
// six young centres from Kaliningrad (UTC+2) to Kamchatka (UTC+12), one grant programme and its people.
// All names are invented.
import { and, count, eq, inArray } from 'drizzle-orm'
import { hashPassword } from '../app/utils/password.server.ts'
import type { Database, Executor } from './client.ts'
import { addMember, innFor, insertOrganisation, insertProgramme, insertUser, ogrnFor } from './builders.ts'
import { regionByCode } from './reference/regions.ts'
import {
  consultationActionItems,
  consultationMessages,
  consultationRequests,
  eventAudienceCentres,
  events,
  registrations,
} from './schema/index.ts'
import { mentorshipPeople, mentorships, organisations, programmes, users, type MembershipRole } from './schema/index.ts'
import { courses, memberships, toolkitResources, toolkitUsage } from './schema/index.ts'
import {
  developmentPlans as demoPlans,
  organisations as demoPlanOrganisations,
  planGoals as demoPlanGoals,
  planTasks as demoPlanTasks,
  users as demoPlanUsers,
} from './schema/index.ts'
import { eq as demoPlanEq, inArray as demoPlanIn } from 'drizzle-orm'
import { and as practiceAnd, eq as practiceEq, inArray as practiceIn, isNull as practiceIsNull } from 'drizzle-orm'
import type { Database as PracticeDatabase, Executor as PracticeExecutor } from './client.ts'
import { innFor as practiceInnFor } from './builders.ts'
import { importContent as practiceImportContent } from './content/import.ts'
import { planActivities as demoPlanActivities, reportPeriods as demoReportPeriods } from './schema/index.ts'
import {
  attendance as reportingAttendance,
  indicatorManualValues as reportingManualValues,
  indicatorTargets as reportingTargets,
  memberships as reportingMemberships,
  programmeIndicators as reportingIndicators,
  reportPeriods as reportingPeriods,
} from './schema/index.ts'
import {
  organisations as practiceOrgs,
  practiceDecisionHistory,
  practices,
  practiceScores,
  programmeExperts,
  programmePractices,
  programmes as practiceProgrammes,
  selectionCriteria,
  transferPartners,
  transferStepHistory,
  transferTracks,
  users as practiceUsers,
  type TransferStep as PracticeTransferStep,
} from './schema/index.ts'

export const DEMO_PASSWORD = 'resursnik-demo'

export type DemoAccount = { email: string; name: string; roleKey: string; organisation?: string }

/** Shown on the sign-in page in demo mode, in this order. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@resursnik.demo', name: 'Ирина Соколова', roleKey: 'role.admin' },
  { email: 'manager@resursnik.demo', name: 'Олег Лебедев', roleKey: 'role.manager', organisation: 'АНО «Вектор»' },
  { email: 'mentor@resursnik.demo', name: 'Наталья Ковалёва', roleKey: 'role.mentor', organisation: 'АНО «Вектор»' },
  { email: 'leader@resursnik.demo', name: 'Анна Морозова', roleKey: 'role.leader', organisation: 'РЦ «Дон»' },
  { email: 'staff@resursnik.demo', name: 'Дмитрий Павлов', roleKey: 'role.staff', organisation: 'РЦ «Дон»' },
  { email: 'amur@resursnik.demo', name: 'Светлана Ким', roleKey: 'role.leader', organisation: 'РЦ «Амур»' },
]

type CentreSeed = {
  key: string
  stage: string
  name: string
  shortName: string
  regionCode: string
  city: string
  address: string
  description: string
  people: { email: string; name: string; role: MembershipRole; title: string }[]
}

const CENTRES: CentreSeed[] = [
  {
    key: 'don',
    stage: 'first-services',
    name: 'Автономная некоммерческая организация «Ресурсный центр поддержки НКО «Дон»',
    shortName: 'РЦ «Дон»',
    regionCode: '61',
    city: 'Ростов-на-Дону',
    address: 'г. Ростов-на-Дону, ул. Большая Садовая, д. 47, оф. 12',
    description:
      'Консультирует инициативные группы и НКО Ростовской области по регистрации, отчётности и подготовке грантовых заявок.',
    people: [
      { email: 'leader@resursnik.demo', name: 'Анна Морозова', role: 'leader', title: 'Директор' },
      { email: 'staff@resursnik.demo', name: 'Дмитрий Павлов', role: 'staff', title: 'Консультант по грантам' },
      { email: 'don.volunteer@resursnik.demo', name: 'Полина Гречко', role: 'volunteer', title: 'Волонтёр' },
    ],
  },
  {
    key: 'kama',
    stage: 'registering',
    name: 'Автономная некоммерческая организация «Ресурсный центр «Кама»',
    shortName: 'РЦ «Кама»',
    regionCode: '59',
    city: 'Березники',
    address: 'Пермский край, г. Березники, Советский пр-т, д. 14',
    description: 'Поддерживает НКО северных территорий Пермского края: консультации, обучение, площадка для встреч.',
    people: [
      { email: 'kama@resursnik.demo', name: 'Михаил Оборин', role: 'leader', title: 'Руководитель' },
      { email: 'kama.staff@resursnik.demo', name: 'Елена Шилова', role: 'staff', title: 'Юрист' },
    ],
  },
  {
    key: 'ob',
    stage: 'operating',
    name: 'Ассоциация «Сибирский ресурсный центр «Обь»',
    shortName: 'РЦ «Обь»',
    regionCode: '54',
    city: 'Новосибирск',
    address: 'г. Новосибирск, ул. Ленина, д. 21, оф. 305',
    description: 'Помогает НКО Новосибирской области выйти на рынок социальных услуг и войти в реестр поставщиков.',
    people: [
      { email: 'ob@resursnik.demo', name: 'Андрей Вершинин', role: 'leader', title: 'Исполнительный директор' },
      { email: 'ob.staff@resursnik.demo', name: 'Мария Цой', role: 'staff', title: 'Специалист по связям с общественностью' },
    ],
  },
  {
    key: 'amur',
    stage: 'operating',
    name: 'Автономная некоммерческая организация «Ресурсный центр «Амур»',
    shortName: 'РЦ «Амур»',
    regionCode: '27',
    city: 'Хабаровск',
    address: 'г. Хабаровск, ул. Муравьёва-Амурского, д. 5',
    description: 'Объединяет НКО Хабаровского края, ведёт школу социального проектирования и волонтёрский центр.',
    people: [
      { email: 'amur@resursnik.demo', name: 'Светлана Ким', role: 'leader', title: 'Директор' },
      { email: 'amur.staff@resursnik.demo', name: 'Георгий Лим', role: 'staff', title: 'Методист' },
    ],
  },
  {
    key: 'baltika',
    stage: 'initiative',
    name: 'Автономная некоммерческая организация «Ресурсный центр «Балтика»',
    shortName: 'РЦ «Балтика»',
    regionCode: '39',
    city: 'Калининград',
    address: 'г. Калининград, Ленинский пр-т, д. 83',
    description: 'Начинающий ресурсный центр: первые консультации для НКО области и сообщество руководителей НКО.',
    people: [{ email: 'baltika@resursnik.demo', name: 'Ольга Янсон', role: 'leader', title: 'Руководитель' }],
  },
  {
    key: 'kamchatka',
    stage: 'initiative',
    name: 'Автономная некоммерческая организация «Ресурсный центр «Камчатка»',
    shortName: 'РЦ «Камчатка»',
    regionCode: '41',
    city: 'Петропавловск-Камчатский',
    address: 'г. Петропавловск-Камчатский, ул. Ленинская, д. 38',
    description: 'Инициативная группа, которая готовится стать ресурсным центром для НКО полуострова.',
    people: [{ email: 'kamchatka@resursnik.demo', name: 'Виктор Ахмедов', role: 'leader', title: 'Координатор' }],
  },
]

export async function isDatabaseEmpty(db: Database) {
  const [row] = await db.select({ n: count() }).from(organisations)
  return (row?.n ?? 0) === 0
}

export async function seedDemo(db: Database) {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.transaction(async (tx) => {
    const zoneOf = (code: string) => regionByCode(code)?.timeZone ?? 'Europe/Moscow'
    const person = (email: string, name: string, regionCode: string, isAdmin = false) =>
      insertUser(tx, { email, name, passwordHash, regionCode, timeZone: zoneOf(regionCode), isAdmin })

    await person('admin@resursnik.demo', 'Ирина Соколова', '77', true)

    const mentorOrg = await insertOrganisation(tx, {
      kind: 'mentor',
      name: 'Автономная некоммерческая организация «Центр развития некоммерческих организаций «Вектор»',
      shortName: 'АНО «Вектор»',
      slug: 'vektor',
      regionCode: '59',
      city: 'Пермь',
      address: 'г. Пермь, ул. Сибирская, д. 35, оф. 410',
      inn: innFor('59', 2_110_001),
      ogrn: ogrnFor('59', 1_000_001),
      email: 'info@vektor-nko.example',
      phone: '+7 342 200-40-10',
      website: 'https://vektor-nko.example',
      description:
        'Опытный ресурсный центр: с 2009 года консультирует и обучает НКО Прикамья, с 2017 года ведёт программы наставничества для молодых ресурсных центров других регионов.',
      published: true,
      stage: 'mentoring',
    })
    const manager = await person('manager@resursnik.demo', 'Олег Лебедев', '59')
    await addMember(tx, manager.id, mentorOrg.id, 'staff', 'Руководитель программы')
    const mentor = await person('mentor@resursnik.demo', 'Наталья Ковалёва', '59')
    await addMember(tx, mentor.id, mentorOrg.id, 'mentor', 'Старший наставник')
    const head = await person('vektor.head@resursnik.demo', 'Сергей Бажин', '59')
    await addMember(tx, head.id, mentorOrg.id, 'leader', 'Директор')
    const mentor2 = await person('mentor2@resursnik.demo', 'Тимур Галиев', '59')
    await addMember(tx, mentor2.id, mentorOrg.id, 'mentor', 'Наставник, юрист')

    const centreIds: string[] = []
    let n = 1
    for (const centre of CENTRES) {
      const org = await insertOrganisation(tx, {
        kind: 'centre',
        name: centre.name,
        shortName: centre.shortName,
        slug: centre.key,
        regionCode: centre.regionCode,
        city: centre.city,
        address: centre.address,
        inn: innFor(centre.regionCode, 3_300_000 + n),
        ogrn: ogrnFor(centre.regionCode, 4_400_000 + n),
        email: `${centre.key}@rc-nko.example`,
        phone: null,
        description: centre.description,
        stage: centre.stage,
      })
      n++
      centreIds.push(org.id)
      for (const p of centre.people) {
        const user = await person(p.email, p.name, centre.regionCode)
        await addMember(tx, user.id, org.id, p.role, p.title)
      }
    }

    await insertProgramme(
      tx,
      {
        name: 'Точки роста: наставничество для молодых ресурсных центров',
        slug: 'tochki-rosta',
        funder: 'Фонд президентских грантов',
        competition: 'Первый конкурс 2026 года',
        grantNumber: '26-1-004217',
        amount: '9484000.00',
        coFinancing: '3173500.00',
        startsOn: '2026-03-01',
        endsOn: '2027-08-31',
        mentorOrganisationId: mentorOrg.id,
        description:
          'Выездные сессии в каждом центре, цикл онлайн-семинаров, сетевые встречи и консультации по запросу для шести молодых ресурсных центров от Калининграда до Камчатки.',
      },
      centreIds,
      [manager.id],
    )
    // The library of content/ before anything that links to it (plan tasks, practices, toolkit usage). New
    // seed courses and resources belong to АНО «Вектор», so its mentors can edit them. importContent runs its
    // own transaction: inside ours it becomes a savepoint; the start-up import then finds nothing changed.
    await practiceImportContent(tx as PracticeDatabase, { ownerOrganisationId: mentorOrg.id })
    await seedDemoMentorships(tx)
    await seedDemoConsultations(tx)
    await seedDemoPlan(tx)
    await seedDemoPractices(tx)
    await seedDemoReportPeriods(tx)
    await seedDemoReporting(tx)
    await seedDemoToolkitUsage(tx)
  })
}

// ---------------------------------------------------------------------------------------------------
// Mentorships of the demo programme (capability: mentorships). Mentors of АНО «Вектор» are named for five
// of the six centres; РЦ «Камчатка» has none yet, so a manager can set one up (the e2e journey does).
// Idempotent: everything is looked up by slug or e-mail and inserted with ON CONFLICT DO NOTHING.

const DEMO_MENTORSHIPS: {
  centre: string
  startsOn: string
  mentors: string[]
  contacts: string[]
  notes: string
}[] = [
  {
    centre: 'don',
    startsOn: '2026-03-01',
    mentors: ['mentor@resursnik.demo', 'mentor2@resursnik.demo'],
    contacts: ['leader@resursnik.demo', 'staff@resursnik.demo'],
    notes: 'Созвон по вторникам в 11:00 по Москве. Главная задача года — первые платные услуги для НКО.',
  },
  {
    centre: 'amur',
    startsOn: '2026-03-15',
    mentors: ['mentor@resursnik.demo'],
    contacts: ['amur@resursnik.demo', 'amur.staff@resursnik.demo'],
    notes: 'Разница с Пермью — 5 часов: встречи утром по Перми.',
  },
  {
    centre: 'ob',
    startsOn: '2026-03-15',
    mentors: ['mentor2@resursnik.demo', 'mentor@resursnik.demo'],
    contacts: ['ob@resursnik.demo'],
    notes: 'Юридическое сопровождение выхода в реестр поставщиков социальных услуг.',
  },
  {
    centre: 'kama',
    startsOn: '2026-04-01',
    mentors: ['mentor2@resursnik.demo'],
    contacts: ['kama@resursnik.demo'],
    notes: 'Регистрация АНО и первый устав.',
  },
  {
    centre: 'baltika',
    startsOn: '2026-04-01',
    mentors: ['mentor@resursnik.demo'],
    contacts: ['baltika@resursnik.demo'],
    notes: 'Инициативная группа: помогаем собрать команду и выбрать форму регистрации.',
  },
]

export async function seedDemoMentorships(tx: Executor) {
  const [programme] = await tx
    .select({ id: programmes.id, endsOn: programmes.endsOn, mentorOrganisationId: programmes.mentorOrganisationId })
    .from(programmes)
    .where(eq(programmes.slug, 'tochki-rosta'))
  if (!programme) return
  const emails = [...new Set(DEMO_MENTORSHIPS.flatMap((m) => [...m.mentors, ...m.contacts]))]
  const [centres, people] = await Promise.all([
    tx
      .select({ id: organisations.id, slug: organisations.slug })
      .from(organisations)
      .where(inArray(organisations.slug, DEMO_MENTORSHIPS.map((m) => m.centre))),
    tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails)),
  ])
  const centreId = new Map(centres.map((c) => [c.slug, c.id]))
  const userId = new Map(people.map((p) => [p.email, p.id]))
  const seeds = DEMO_MENTORSHIPS.filter((m) => centreId.has(m.centre))
  if (!seeds.length) return
  await tx
    .insert(mentorships)
    .values(
      seeds.map((m) => ({
        programmeId: programme.id,
        mentorOrganisationId: programme.mentorOrganisationId,
        centreId: centreId.get(m.centre)!,
        startsOn: m.startsOn,
        plannedEndOn: programme.endsOn,
        notes: m.notes,
      })),
    )
    .onConflictDoNothing({ target: [mentorships.programmeId, mentorships.centreId] })
  const rows = await tx
    .select({ id: mentorships.id, centreId: mentorships.centreId })
    .from(mentorships)
    .where(eq(mentorships.programmeId, programme.id))
  const mentorshipOf = new Map(rows.map((r) => [r.centreId, r.id]))
  const links = seeds.flatMap((m) => {
    const mentorshipId = mentorshipOf.get(centreId.get(m.centre)!)!
    const side = (list: string[], which: 'mentor' | 'centre') =>
      list
        .filter((email) => userId.has(email))
        .map((email, i) => ({ mentorshipId, userId: userId.get(email)!, side: which, isPrimary: i === 0 }))
    return [...side(m.mentors, 'mentor'), ...side(m.contacts, 'centre')]
  })
  if (links.length) await tx.insert(mentorshipPeople).values(links).onConflictDoNothing()
}

// ---------------------------------------------------------------------------------------------------
// Consultation requests (capability: consultations). РЦ «Дон»: one open and urgent, one with a meeting
// scheduled in the calendar; РЦ «Амур»: one answered in writing, one held and closed with notes and
// action items. Times are relative to the moment the demo is loaded. Skipped if any request exists.

const DEMO_DAY_MS = 24 * 3600_000
const DEMO_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** Whole hours in UTC `days` from now: 08:00 UTC is 11:00 in Moscow and Rostov. */
function demoInstant(days: number, utcHour: number) {
  const d = new Date(Date.now() + days * DEMO_DAY_MS)
  d.setUTCHours(utcHour, 0, 0, 0)
  return d
}

function demoCheckInCode() {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => DEMO_CODE_ALPHABET[b % DEMO_CODE_ALPHABET.length]).join('')
}

export async function seedDemoConsultations(tx: Executor) {
  const [existing] = await tx.select({ n: count() }).from(consultationRequests)
  if ((existing?.n ?? 0) > 0) return
  const [programme] = await tx
    .select({ id: programmes.id, mentorOrganisationId: programmes.mentorOrganisationId })
    .from(programmes)
    .where(eq(programmes.slug, 'tochki-rosta'))
  if (!programme) return
  const [centres, people] = await Promise.all([
    tx.select({ id: organisations.id, slug: organisations.slug }).from(organisations).where(inArray(organisations.slug, ['don', 'amur'])),
    tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(
        inArray(users.email, [
          'mentor@resursnik.demo',
          'mentor2@resursnik.demo',
          'leader@resursnik.demo',
          'staff@resursnik.demo',
          'amur@resursnik.demo',
          'amur.staff@resursnik.demo',
        ]),
      ),
  ])
  const centre = new Map(centres.map((c) => [c.slug, c.id]))
  const person = new Map(people.map((p) => [p.email.split('@')[0]!, p.id]))
  const don = centre.get('don')
  const amur = centre.get('amur')
  const mentor = person.get('mentor')
  const mentor2 = person.get('mentor2')
  if (!don || !amur || !mentor || !mentor2) return
  const base = { programmeId: programme.id, mentorOrganisationId: programme.mentorOrganisationId }

  // A consultation meeting in the calendar: for one centre, with the requester registered.
  const meeting = async (values: { title: string; centreId: string; startsAt: Date; timeZone: string; userId: string }) => {
    const [event] = await tx
      .insert(events)
      .values({
        kind: 'consultation',
        title: values.title,
        descriptionHtml: '<p>Консультация по запросу центра.</p>',
        programmeId: programme.id,
        organiserId: programme.mentorOrganisationId,
        startsAt: values.startsAt,
        endsAt: new Date(values.startsAt.getTime() + 3600_000),
        timeZone: values.timeZone,
        onlineUrl: 'https://meet.vektor-nko.example/consultation',
        audience: 'centres',
        checkInCode: demoCheckInCode(),
        createdById: mentor,
        createdAt: new Date(values.startsAt.getTime() - 5 * DEMO_DAY_MS),
      })
      .returning({ id: events.id })
    await tx.insert(eventAudienceCentres).values({ eventId: event!.id, organisationId: values.centreId })
    await tx.insert(registrations).values({ eventId: event!.id, userId: values.userId, organisationId: values.centreId, status: 'registered' })
    return event!.id
  }

  // РЦ «Дон», open and urgent.
  const staff = person.get('staff')!
  const [urgent] = await tx
    .insert(consultationRequests)
    .values({
      ...base,
      organisationId: don,
      requestedById: staff,
      topic: 'accounting',
      urgency: 'urgent',
      subject: 'Как впервые сдать отчёт в Минюст (форма ОН0001)',
      description:
        'Местная АНО «Дети Дона» зарегистрирована в прошлом году и ни разу не сдавала отчёт в Минюст. Срок — через две недели. Не понимаем, нужна ли им форма ОН0001 или достаточно сообщения о продолжении деятельности, и как подать через портал.',
      preferredTimes: 'В любой будний день до 17:00 по Москве, можно созвониться.',
      clientNgo: 'АНО «Дети Дона»',
      createdAt: new Date(Date.now() - 2 * DEMO_DAY_MS),
      updatedAt: new Date(Date.now() - DEMO_DAY_MS),
    })
    .returning({ id: consultationRequests.id })
  await tx.insert(consultationMessages).values({
    requestId: urgent!.id,
    authorId: staff,
    body: 'Добавлю: поступлений от иностранных источников у них не было, доход за год — около 300 тысяч рублей.',
    createdAt: new Date(Date.now() - DEMO_DAY_MS),
  })

  // РЦ «Дон», a meeting scheduled.
  const leader = person.get('leader')!
  const donMeeting = await meeting({
    title: 'Консультация: бюджет заявки в Фонд президентских грантов',
    centreId: don,
    startsAt: demoInstant(5, 8),
    timeZone: 'Europe/Moscow',
    userId: leader,
  })
  const [scheduled] = await tx
    .insert(consultationRequests)
    .values({
      ...base,
      organisationId: don,
      requestedById: leader,
      topic: 'fundraising',
      subject: 'Бюджет заявки в Фонд президентских грантов',
      description:
        'Готовим первую заявку в ФПГ. Просим посмотреть бюджет: правильно ли разнесли оплату труда и аренду, хватает ли софинансирования.',
      preferredTimes: 'Лучше онлайн, во второй половине дня.',
      status: 'scheduled',
      assignedMentorId: mentor,
      eventId: donMeeting,
      createdAt: new Date(Date.now() - 4 * DEMO_DAY_MS),
      updatedAt: new Date(Date.now() - 3 * DEMO_DAY_MS),
    })
    .returning({ id: consultationRequests.id })
  await tx.insert(consultationMessages).values([
    { requestId: scheduled!.id, authorId: mentor, event: 'assigned', body: 'Наталья Ковалёва', createdAt: new Date(Date.now() - 3.5 * DEMO_DAY_MS) },
    { requestId: scheduled!.id, authorId: mentor, event: 'scheduled', body: '', createdAt: new Date(Date.now() - 3 * DEMO_DAY_MS) },
    {
      requestId: scheduled!.id,
      authorId: mentor,
      body: 'Пришлите, пожалуйста, черновик бюджета до встречи — посмотрю заранее.',
      createdAt: new Date(Date.now() - 3 * DEMO_DAY_MS + 60_000),
    },
  ])

  // РЦ «Амур», answered in writing.
  const amurLeader = person.get('amur')!
  const answer =
    'Пресс-релиз лучше строить так: заголовок с главной новостью, первый абзац — кто, что, где и когда, дальше — цитата руководителя и контакты для журналистов. Шаблон есть в библиотеке материалов: «Сценарий публичного мероприятия».'
  const [answered] = await tx
    .insert(consultationRequests)
    .values({
      ...base,
      organisationId: amur,
      requestedById: amurLeader,
      topic: 'pr',
      urgency: 'low',
      subject: 'Как написать пресс-релиз о форуме НКО',
      description: 'В мае проводим краевой форум НКО. Хотим разослать пресс-релиз в местные СМИ — подскажите структуру.',
      status: 'answered',
      assignedMentorId: mentor2,
      answer,
      answeredAt: new Date(Date.now() - 6 * DEMO_DAY_MS),
      createdAt: new Date(Date.now() - 8 * DEMO_DAY_MS),
      updatedAt: new Date(Date.now() - 6 * DEMO_DAY_MS),
    })
    .returning({ id: consultationRequests.id })
  await tx.insert(consultationMessages).values({
    requestId: answered!.id,
    authorId: mentor2,
    event: 'answered',
    body: answer,
    createdAt: new Date(Date.now() - 6 * DEMO_DAY_MS),
  })

  // РЦ «Амур», held and closed with notes and action items.
  const heldAt = demoInstant(-12, 0)
  const amurMeeting = await meeting({
    title: 'Консультация: договор с волонтёрами',
    centreId: amur,
    startsAt: heldAt,
    timeZone: 'Asia/Vladivostok',
    userId: amurLeader,
  })
  const [closed] = await tx
    .insert(consultationRequests)
    .values({
      ...base,
      organisationId: amur,
      requestedById: amurLeader,
      topic: 'legal',
      subject: 'Договор с волонтёрами: что обязательно указать',
      description: 'Набираем волонтёров на форум. Нужен ли с каждым письменный договор и что в нём должно быть?',
      clientNgo: 'Хабаровская краевая общественная организация «Открытое сердце»',
      status: 'closed',
      assignedMentorId: mentor2,
      eventId: amurMeeting,
      outcomeNotes:
        'Разобрали, когда договор с добровольцем обязателен (возмещение расходов, работа с детьми), какие разделы нужны и как хранить согласия на обработку персональных данных.',
      minutesSpent: 75,
      heldAt: new Date(heldAt.getTime() + 3600_000),
      closedAt: new Date(heldAt.getTime() + 2 * DEMO_DAY_MS),
      createdAt: new Date(heldAt.getTime() - 6 * DEMO_DAY_MS),
      updatedAt: new Date(heldAt.getTime() + 2 * DEMO_DAY_MS),
    })
    .returning({ id: consultationRequests.id })
  await tx.insert(consultationMessages).values([
    { requestId: closed!.id, authorId: mentor2, event: 'assigned', body: 'Тимур Галиев', createdAt: new Date(heldAt.getTime() - 5 * DEMO_DAY_MS) },
    { requestId: closed!.id, authorId: mentor2, event: 'scheduled', body: '', createdAt: new Date(heldAt.getTime() - 5 * DEMO_DAY_MS + 60_000) },
    { requestId: closed!.id, authorId: mentor2, event: 'held', body: '', createdAt: new Date(heldAt.getTime() + 3600_000) },
    {
      requestId: closed!.id,
      authorId: amurLeader,
      body: 'Спасибо! Договор переделали по шаблону, отправили на проверку.',
      createdAt: new Date(heldAt.getTime() + DEMO_DAY_MS),
    },
    { requestId: closed!.id, authorId: mentor2, event: 'closed', body: '', createdAt: new Date(heldAt.getTime() + 2 * DEMO_DAY_MS) },
  ])
  await tx.insert(consultationActionItems).values(
    [
      'Переделать договор с добровольцем по шаблону из библиотеки',
      'Собрать согласия на обработку персональных данных у всех волонтёров форума',
      'Назначить ответственного за учёт волонтёрских часов',
    ].map((text, position) => ({ requestId: closed!.id, text, position })),
  )
}

// ---------------------------------------------------------------------------------------------------
// The development plan of РЦ «Дон» (capability: development plans): three goals by area and eleven
// tasks — four done, two in progress, one cancelled and one overdue. Dates are counted from the day the
// demo is loaded, so the plan always looks lived-in. Seven tasks link to a seed course and/or a toolkit
// resource of content/ (imported before, by slug; a link whose target is missing or not published is left
// empty). Idempotent: nothing is added if the plan exists.

const DEMO_PLAN_DAY_MS = 86_400_000
const DEMO_PLAN_COURSES = ['consulting-ngos', 'grant-applications'] as const
const DEMO_PLAN_RESOURCES = [
  'ano-charter',
  'personal-data-consent',
  'consultation-intake-form',
  'consultant-guide-common-questions',
  'grant-budget-template',
] as const

export async function seedDemoPlan(tx: Executor) {
  const day = (offset: number) => new Date(Date.now() + offset * DEMO_PLAN_DAY_MS).toISOString().slice(0, 10)
  const at = (offset: number) => new Date(Date.now() + offset * DEMO_PLAN_DAY_MS)
  const [don] = await tx.select({ id: demoPlanOrganisations.id }).from(demoPlanOrganisations).where(demoPlanEq(demoPlanOrganisations.slug, 'don'))
  if (!don) return
  const people = await tx
    .select({ id: demoPlanUsers.id, email: demoPlanUsers.email })
    .from(demoPlanUsers)
    .where(
      demoPlanIn(demoPlanUsers.email, [
        'leader@resursnik.demo',
        'staff@resursnik.demo',
        'don.volunteer@resursnik.demo',
        'mentor@resursnik.demo',
      ]),
    )
  const id = (email: string) => people.find((p) => p.email === email)?.id ?? null
  const leader = id('leader@resursnik.demo')
  const staff = id('staff@resursnik.demo')
  const volunteer = id('don.volunteer@resursnik.demo')
  const mentor = id('mentor@resursnik.demo')
  const libraryCourses = await tx
    .select({ id: courses.id, slug: courses.slug })
    .from(courses)
    .where(and(inArray(courses.slug, DEMO_PLAN_COURSES), eq(courses.status, 'published')))
  const libraryResources = await tx
    .select({ id: toolkitResources.id, slug: toolkitResources.slug })
    .from(toolkitResources)
    .where(and(inArray(toolkitResources.slug, DEMO_PLAN_RESOURCES), eq(toolkitResources.status, 'published')))
  const courseId = (slug?: string) => libraryCourses.find((c) => c.slug === slug)?.id ?? null
  const resourceId = (slug?: string) => libraryResources.find((r) => r.slug === slug)?.id ?? null
  const [plan] = await tx
    .insert(demoPlans)
    .values({
      organisationId: don.id,
      startsOn: day(-70),
      endsOn: day(290),
      summary:
        'За год центр наводит порядок в документах, запускает постоянную консультационную линию для НКО Ростовской области и готовит первую самостоятельную грантовую заявку.',
      createdById: mentor,
      createdAt: at(-70),
    })
    .onConflictDoNothing({ target: demoPlans.organisationId })
    .returning({ id: demoPlans.id })
  if (!plan) return

  type DemoTask = {
    title: string
    owner: string | null
    due: number
    status: 'todo' | 'in_progress' | 'done' | 'cancelled'
    doneAt?: number
    notes?: string
    /** Slugs of a seed course and a seed toolkit resource (content/) the task links to. */
    course?: (typeof DEMO_PLAN_COURSES)[number]
    resource?: (typeof DEMO_PLAN_RESOURCES)[number]
  }
  const goals: { areaKey: string; title: string; description: string; tasks: DemoTask[] }[] = [
    {
      areaKey: 'legal-base',
      title: 'Привести в порядок учредительные документы и отчётность',
      description: 'Устав соответствует тому, чем центр занимается на деле, отчёты сдаются в срок, работа с персональными данными оформлена.',
      tasks: [
        {
          title: 'Сверить устав с текущими видами деятельности и подготовить изменения',
          owner: leader,
          due: -40,
          status: 'done',
          doneAt: -42,
          resource: 'ano-charter',
        },
        { title: 'Составить календарь отчётности в Минюст, ФНС и фонды на год', owner: staff, due: -20, status: 'done', doneAt: -23 },
        {
          title: 'Утвердить положение о персональных данных и формы согласий',
          owner: staff,
          due: -5,
          status: 'todo',
          notes: 'Взять за основу шаблон согласия из библиотеки, положение согласовать с юристом АНО «Вектор».',
          resource: 'personal-data-consent',
        },
      ],
    },
    {
      areaKey: 'services',
      title: 'Запустить постоянную консультационную линию для НКО',
      description: 'НКО области знают, куда обратиться с вопросом, обращения записываются, ответы даются в течение недели.',
      tasks: [
        { title: 'Провести опрос НКО области о самых частых вопросах', owner: leader, due: -30, status: 'done', doneAt: -31 },
        {
          title: 'Утвердить карточку обращения и порядок записи на консультацию',
          owner: staff,
          due: 10,
          status: 'in_progress',
          course: 'consulting-ngos',
          resource: 'consultation-intake-form',
        },
        { title: 'Обучить волонтёра вести первичный приём обращений', owner: volunteer, due: 25, status: 'todo', course: 'consulting-ngos' },
        {
          title: 'Провести 20 консультаций и разобрать их итоги с наставником',
          owner: leader,
          due: 60,
          status: 'todo',
          resource: 'consultant-guide-common-questions',
        },
      ],
    },
    {
      areaKey: 'finance',
      title: 'Подготовить центр к первому самостоятельному гранту',
      description: 'Центр сам готовит и подаёт заявку в региональный конкурс субсидий, смета и софинансирование просчитаны.',
      tasks: [
        { title: 'Разобрать с наставником три прошлые заявки центра', owner: mentor, due: -15, status: 'done', doneAt: -16, course: 'grant-applications' },
        {
          title: 'Собрать смету проекта по шаблону и обсудить её с бухгалтером',
          owner: staff,
          due: 20,
          status: 'in_progress',
          course: 'grant-applications',
          resource: 'grant-budget-template',
        },
        { title: 'Подать заявку в региональный конкурс субсидий для СО НКО', owner: leader, due: 45, status: 'todo' },
        {
          title: 'Договориться о бесплатной бухгалтерской программе для центра',
          owner: leader,
          due: 30,
          status: 'cancelled',
          notes: 'Отказались: бухгалтерию ведёт партнёр по договору.',
        },
      ],
    },
  ]
  for (const [position, goal] of goals.entries()) {
    const [row] = await tx
      .insert(demoPlanGoals)
      .values({ planId: plan.id, areaKey: goal.areaKey, title: goal.title, description: goal.description, position })
      .returning({ id: demoPlanGoals.id })
    await tx.insert(demoPlanTasks).values(
      goal.tasks.map((task, i) => ({
        goalId: row!.id,
        planId: plan.id,
        title: task.title,
        notes: task.notes ?? null,
        ownerId: task.owner,
        dueOn: day(task.due),
        status: task.status,
        courseId: courseId(task.course),
        resourceId: resourceId(task.resource),
        position: i,
        completedAt: task.doneAt === undefined ? null : at(task.doneAt),
        createdById: mentor,
        createdAt: at(-65),
      })),
    )
  }
}

// ---------------------------------------------------------------------------------------------------
// Practice selection and transfer in the demo programme (capability: practices). It needs the seed
// practices and toolkit, so it imports content/ first unless seedDemo has done so (the start-up import then
// finds nothing changed).
// Criteria with weights; mentor@ and manager@ as experts; scores on four practices (family-club only by the
// manager, so mentor@ can score it and then see the spread); two decisions; six tracks at different steps with
// their history and partner NGOs. Idempotent: rows are looked up by slug or e-mail and inserted with
// ON CONFLICT DO NOTHING; tracks that exist already are left as they are.

const DEMO_CRITERIA = [
  { name: 'Доказанность результатов', weight: 30, description: 'Есть ли данные о результатах: учёт, анкеты, отзывы, внешняя оценка.' },
  { name: 'Тиражируемость', weight: 25, description: 'Описан ли метод так, чтобы его могла повторить другая НКО.' },
  { name: 'Затраты и ресурсы', weight: 15, description: 'По силам ли практика небольшой НКО в малом городе.' },
  { name: 'Документированность', weight: 15, description: 'Есть ли шаблоны документов, сценарии, методические материалы.' },
  { name: 'Соответствие приоритетам регионов', weight: 15, description: 'Отвечает ли практика задачам, которые регионы программы назвали главными.' },
] as const

/** Scores per practice and expert, one per criterion in the order above. */
const DEMO_SCORES: Record<string, Record<string, number[]>> = {
  'social-taxi': { 'mentor@resursnik.demo': [5, 4, 3, 4, 5], 'manager@resursnik.demo': [4, 4, 3, 5, 4] },
  'home-care-volunteers': { 'mentor@resursnik.demo': [4, 5, 4, 4, 4], 'manager@resursnik.demo': [4, 4, 5, 4, 5] },
  'school-of-active-citizens': { 'mentor@resursnik.demo': [3, 3, 4, 2, 4], 'manager@resursnik.demo': [2, 3, 4, 3, 3] },
  'family-club': { 'manager@resursnik.demo': [4, 4, 4, 3, 5] },
}

const DEMO_DECISIONS: { practice: string; decision: 'selected' | 'needs_evidence'; reason: string; at: string }[] = [
  {
    practice: 'social-taxi',
    decision: 'selected',
    reason: 'Высокие оценки обоих экспертов (в среднем 4,1 из 5); практика нужна сельским районам почти всех регионов программы.',
    at: '2026-04-10T09:00:00Z',
  },
  {
    practice: 'school-of-active-citizens',
    decision: 'needs_evidence',
    reason: 'Нет данных о том, что выпускники школы продолжают работать через год. Попросили авторов прислать итоги опроса выпускников.',
    at: '2026-04-10T09:30:00Z',
  },
]

type DemoMove = { to: PracticeTransferStep; on: string; note: string; reason?: string; beneficiaries?: number; ngos?: number; by: string }

const DEMO_TRACKS: {
  centre: string
  practice: string
  startedOn: string
  by: string
  note: string
  partners: { name: string; contact: string }[]
  moves: DemoMove[]
}[] = [
  {
    centre: 'don',
    practice: 'social-taxi',
    startedOn: '2026-04-15',
    by: 'leader@resursnik.demo',
    note: 'За перенос отвечает Анна Морозова; договорились с двумя НКО Азовского района.',
    partners: [
      { name: 'АНО «Дорога к дому»', contact: 'Ирина Белова, +7 900 000-10-01' },
      { name: 'Местная общественная организация ветеранов Азовского района', contact: 'Пётр Ильич, +7 900 000-10-02' },
    ],
    moves: [
      { to: 'studied', on: '2026-05-20', note: 'Съездили к авторам практики в Кировскую область, изучили диспетчерскую и договоры с водителями.', by: 'leader@resursnik.demo' },
      { to: 'adapted', on: '2026-06-25', note: 'Адаптировали порядок заявок под район: заявки через МФЦ и старост, машина партнёра.', ngos: 2, by: 'mentor@resursnik.demo' },
      { to: 'piloted', on: '2026-08-01', note: 'Пилот в трёх сёлах: 46 поездок за два месяца, в основном в районную больницу.', beneficiaries: 31, by: 'leader@resursnik.demo' },
    ],
  },
  {
    centre: 'kama',
    practice: 'social-taxi',
    startedOn: '2026-05-12',
    by: 'mentor@resursnik.demo',
    note: 'Центр ищет партнёра с транспортом в Усольском округе.',
    partners: [],
    moves: [{ to: 'studied', on: '2026-07-03', note: 'Изучили практику на онлайн-встрече с авторами; считаем бюджет на машину и водителя.', by: 'kama@resursnik.demo' }],
  },
  {
    centre: 'amur',
    practice: 'home-care-volunteers',
    startedOn: '2026-04-20',
    by: 'amur@resursnik.demo',
    note: 'Начинаем с двух микрорайонов Хабаровска вместе с советом ветеранов.',
    partners: [{ name: 'Хабаровская городская организация ветеранов', contact: 'Нина Петровна, +7 900 000-20-01' }],
    moves: [
      { to: 'studied', on: '2026-05-28', note: 'Прошли стажировку у авторов по видеосвязи, получили анкеты и журнал визитов.', by: 'amur@resursnik.demo' },
      { to: 'adapted', on: '2026-09-14', note: 'Переписали памятку добровольца под городские условия и зимний график.', ngos: 1, by: 'mentor@resursnik.demo' },
    ],
  },
  {
    centre: 'ob',
    practice: 'home-care-volunteers',
    startedOn: '2026-03-25',
    by: 'ob@resursnik.demo',
    note: 'Практика нужна НКО, которые готовятся войти в реестр поставщиков социальных услуг.',
    partners: [
      { name: 'АНО «Тёплый дом»', contact: 'teply-dom@example.org' },
      { name: 'БФ «Соседи Академгородка»', contact: '+7 900 000-30-02' },
    ],
    moves: [
      { to: 'studied', on: '2026-04-10', note: 'Изучили метод на семинаре программы.', by: 'ob@resursnik.demo' },
      { to: 'adapted', on: '2026-05-05', note: 'Адаптировали договоры и обучение добровольцев.', ngos: 2, by: 'ob@resursnik.demo' },
      { to: 'piloted', on: '2026-06-01', note: 'Пилот: 14 подопечных, 11 добровольцев.', beneficiaries: 14, by: 'ob@resursnik.demo' },
      { to: 'implemented', on: '2026-09-01', note: 'Обе НКО ведут программу сами, центр консультирует раз в месяц.', beneficiaries: 22, ngos: 1, by: 'mentor@resursnik.demo' },
    ],
  },
  {
    centre: 'baltika',
    practice: 'school-of-active-citizens',
    startedOn: '2026-04-05',
    by: 'baltika@resursnik.demo',
    note: 'Хотим провести школу в Гурьевском округе.',
    partners: [],
    moves: [
      { to: 'studied', on: '2026-05-15', note: 'Изучили программу школы и бюджет.', by: 'baltika@resursnik.demo' },
      {
        to: 'stopped',
        on: '2026-06-20',
        note: 'Решили отложить перенос.',
        reason: 'Отбор программы попросил у авторов больше доказательств результатов; вернёмся к практике после их ответа.',
        by: 'mentor@resursnik.demo',
      },
    ],
  },
  {
    centre: 'kamchatka',
    practice: 'family-club',
    startedOn: '2026-10-20',
    by: 'kamchatka@resursnik.demo',
    note: 'Родители из Елизова попросили о клубе; ищем помещение.',
    partners: [],
    moves: [],
  },
]

export async function seedDemoPractices(tx: PracticeExecutor) {
  const [vektor] = await tx.select({ id: practiceOrgs.id }).from(practiceOrgs).where(practiceEq(practiceOrgs.slug, 'vektor'))
  // seedDemo has imported content/ already (the hash check makes this a no-op then); called on its own, this
  // imports it. importContent runs its own transaction: inside ours it becomes a savepoint.
  await practiceImportContent(tx as PracticeDatabase, { ownerOrganisationId: vektor?.id ?? null, onlyIfChanged: true })
  const [programme] = await tx.select({ id: practiceProgrammes.id }).from(practiceProgrammes).where(practiceEq(practiceProgrammes.slug, 'tochki-rosta'))
  if (!programme) return
  const manager = 'manager@resursnik.demo'
  const emails = new Set([manager, 'mentor@resursnik.demo', ...DEMO_TRACKS.flatMap((t) => [t.by, ...t.moves.map((m) => m.by)])])
  const people = new Map(
    (await tx.select({ id: practiceUsers.id, email: practiceUsers.email }).from(practiceUsers).where(practiceIn(practiceUsers.email, [...emails]))).map(
      (u) => [u.email, u.id],
    ),
  )
  const practiceIds = new Map((await tx.select({ id: practices.id, slug: practices.slug }).from(practices)).map((p) => [p.slug, p.id]))
  const centres = new Map(
    (await tx.select({ id: practiceOrgs.id, slug: practiceOrgs.slug, regionCode: practiceOrgs.regionCode }).from(practiceOrgs)).map((o) => [o.slug, o]),
  )

  let criteria = await tx
    .select({ id: selectionCriteria.id })
    .from(selectionCriteria)
    .where(practiceEq(selectionCriteria.programmeId, programme.id))
    .orderBy(selectionCriteria.position)
  if (!criteria.length) {
    criteria = await tx
      .insert(selectionCriteria)
      .values(DEMO_CRITERIA.map((c, position) => ({ programmeId: programme.id, ...c, position, createdAt: new Date('2026-03-20T08:00:00Z') })))
      .returning({ id: selectionCriteria.id })
  }
  await tx
    .insert(programmeExperts)
    .values(['mentor@resursnik.demo', manager].map((email) => ({ programmeId: programme.id, userId: people.get(email)! })))
    .onConflictDoNothing()
  await tx
    .insert(programmePractices)
    .values(
      ['social-taxi', 'home-care-volunteers', 'school-of-active-citizens', 'family-club', 'rural-ngo-incubator'].map((slug) => ({
        programmeId: programme.id,
        practiceId: practiceIds.get(slug)!,
        addedById: people.get(manager),
        addedAt: new Date('2026-03-25T08:00:00Z'),
      })),
    )
    .onConflictDoNothing()
  for (const [slug, byExpert] of Object.entries(DEMO_SCORES)) {
    for (const [email, scores] of Object.entries(byExpert)) {
      await tx
        .insert(practiceScores)
        .values(
          scores.map((score, i) => ({
            programmeId: programme.id,
            practiceId: practiceIds.get(slug)!,
            criterionId: criteria[i]!.id,
            expertId: people.get(email)!,
            score,
            comment: score >= 4 ? null : 'Нужны подтверждения: анкеты, отчёты, отзывы.',
            scoredAt: new Date('2026-04-05T10:00:00Z'),
          })),
        )
        .onConflictDoNothing()
    }
  }
  for (const d of DEMO_DECISIONS) {
    const practiceId = practiceIds.get(d.practice)!
    const decided = await tx
      .update(programmePractices)
      .set({ decision: d.decision, decisionReason: d.reason, decidedById: people.get(manager), decidedAt: new Date(d.at) })
      .where(
        practiceAnd(
          practiceEq(programmePractices.programmeId, programme.id),
          practiceEq(programmePractices.practiceId, practiceId),
          practiceIsNull(programmePractices.decision),
        ),
      )
      .returning({ practiceId: programmePractices.practiceId })
    if (decided.length) {
      await tx.insert(practiceDecisionHistory).values({
        programmeId: programme.id,
        practiceId,
        decision: d.decision,
        reason: d.reason,
        decidedById: people.get(manager),
        decidedAt: new Date(d.at),
      })
    }
  }

  let n = 0
  for (const t of DEMO_TRACKS) {
    const centre = centres.get(t.centre)
    if (!centre) continue
    const last = t.moves.at(-1)
    const stopped = last?.to === 'stopped'
    const [track] = await tx
      .insert(transferTracks)
      .values({
        programmeId: programme.id,
        practiceId: practiceIds.get(t.practice)!,
        organisationId: centre.id,
        step: last?.to ?? 'identified',
        stoppedAtStep: stopped ? (t.moves.at(-2)?.to ?? 'identified') : null,
        stoppedReason: stopped ? (last!.reason ?? null) : null,
        beneficiaries: t.moves.reduce((sum, m) => sum + (m.beneficiaries ?? 0), 0),
        ngosInvolved: t.moves.reduce((sum, m) => sum + (m.ngos ?? 0), 0),
        startedOn: t.startedOn,
        stepChangedAt: new Date(`${last?.on ?? t.startedOn}T00:00:00Z`),
        createdById: people.get(t.by),
        createdAt: new Date(`${t.startedOn}T09:00:00Z`),
      })
      .onConflictDoNothing()
      .returning({ id: transferTracks.id })
    if (!track) continue
    for (const p of t.partners) {
      n += 1
      await tx.insert(transferPartners).values({ trackId: track.id, name: p.name, inn: practiceInnFor(centre.regionCode, 7_700_000 + n), contact: p.contact })
    }
    let from: PracticeTransferStep | null = null
    for (const m of [{ to: 'identified', on: t.startedOn, note: t.note, by: t.by } satisfies DemoMove, ...t.moves]) {
      await tx.insert(transferStepHistory).values({
        trackId: track.id,
        fromStep: from,
        toStep: m.to,
        occurredOn: m.on,
        note: m.note,
        reason: 'reason' in m ? (m.reason ?? null) : null,
        beneficiaries: 'beneficiaries' in m ? (m.beneficiaries ?? 0) : 0,
        ngosInvolved: 'ngos' in m ? (m.ngos ?? 0) : 0,
        changedById: people.get(m.by),
        createdAt: new Date(`${m.on}T12:00:00Z`),
      })
      from = m.to
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Grant outcome reporting (capability: reporting — indicators and dashboard). Quarterly report periods of the
// demo programme, twelve computed indicators and one manual one with targets per quarter, and the programme's
// past activity they count: a field session at РЦ «Дон», online seminars, network meetings (one in Kamchatka
// time) with attendance, and a cancelled seminar that counts for nothing. Dates are relative to the moment
// the demo is loaded, kept inside the programme. Skipped if the programme already has indicators.

const REPORTING_DAY_MS = 24 * 3600_000
const REPORTING_ROMAN = ['I', 'II', 'III', 'IV'] as const

/** Calendar quarters of a programme, cut to its dates. */
function reportingQuarters(startsOn: string, endsOn: string) {
  const quarters: { label: string; startsOn: string; endsOn: string }[] = []
  let year = Number(startsOn.slice(0, 4))
  let q = Math.floor((Number(startsOn.slice(5, 7)) - 1) / 3)
  while (quarters.length < 40) {
    const start = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`
    if (start > endsOn) break
    const lastDay = new Date(Date.UTC(year, q * 3 + 3, 0)).getUTCDate()
    const end = `${year}-${String(q * 3 + 3).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`
    quarters.push({
      label: `${REPORTING_ROMAN[q]} квартал ${year}`,
      startsOn: start < startsOn ? startsOn : start,
      endsOn: end > endsOn ? endsOn : end,
    })
    q = (q + 1) % 4
    if (q === 0) year += 1
  }
  return quarters
}

export async function seedDemoReporting(tx: Executor) {
  const [programme] = await tx
    .select({ id: programmes.id, startsOn: programmes.startsOn, endsOn: programmes.endsOn, mentorOrganisationId: programmes.mentorOrganisationId })
    .from(programmes)
    .where(eq(programmes.slug, 'tochki-rosta'))
  if (!programme) return
  const [existing] = await tx.select({ n: count() }).from(reportingIndicators).where(eq(reportingIndicators.programmeId, programme.id))
  if ((existing?.n ?? 0) > 0) return

  // Periods: the programme's quarters, unless the set-up already has periods.
  let periods = await tx
    .select({ id: reportingPeriods.id, startsOn: reportingPeriods.startsOn, endsOn: reportingPeriods.endsOn })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.programmeId, programme.id))
  if (periods.length === 0) {
    periods = await tx
      .insert(reportingPeriods)
      .values(reportingQuarters(programme.startsOn, programme.endsOn).map((q) => ({ programmeId: programme.id, ...q })))
      .returning({ id: reportingPeriods.id, startsOn: reportingPeriods.startsOn, endsOn: reportingPeriods.endsOn })
  }
  periods.sort((a, b) => a.startsOn.localeCompare(b.startsOn))

  // [name, unit, computation, params, total target]: the total is spread over the quarters by weight.
  const indicators: [string, string, string | null, Record<string, string>, number][] = [
    ['Молодые ресурсные центры, получившие методическую поддержку', 'центров', 'centres_supported', {}, 6],
    ['Сотрудники центров и НКО, прошедшие обучение', 'чел.', 'people_trained', {}, 120],
    ['Посещения мероприятий программы', 'посещений', 'visits', {}, 320],
    ['Выездные сессии в центрах', 'мероприятий', 'events_held', { eventKind: 'field_session' }, 6],
    ['Онлайн-семинары цикла', 'мероприятий', 'events_held', { eventKind: 'online_seminar' }, 12],
    ['Сетевые встречи центров', 'мероприятий', 'events_held', { eventKind: 'network_meeting' }, 6],
    ['Консультации по запросам центров', 'консультаций', 'consultations_given', {}, 60],
    ['НКО, получившие поддержку через ресурсные центры', 'НКО', 'ngos_reached', {}, 90],
    ['Регионы, охваченные программой', 'регионов', 'regions_covered', {}, 6],
    ['Центры, перешедшие на следующий этап развития', 'центров', 'centres_stage_up', {}, 4],
    ['Отобранные успешные практики', 'практик', 'practices_selected', {}, 5],
    ['Практики на апробации в центрах', 'практик в центрах', 'practices_piloted', {}, 6],
    ['Скачивания материалов методической библиотеки центрами', 'скачиваний', 'toolkit_downloads', {}, 40],
    ['Документы, составленные центрами по шаблонам библиотеки', 'документов', 'documents_generated', {}, 60],
    ['Публикации о программе в СМИ и социальных сетях', 'публикаций', null, {}, 24],
  ]
  const weights = periods.map((p) => (Date.parse(p.endsOn) - Date.parse(p.startsOn)) / REPORTING_DAY_MS + 1)
  const weightSum = weights.reduce((a, b) => a + b, 0)
  const rows = await tx
    .insert(reportingIndicators)
    .values(
      indicators.map(([name, unit, key, params, total], i) => ({
        programmeId: programme.id,
        name,
        unit,
        source: key ? ('computed' as const) : ('manual' as const),
        computationKey: key,
        computationParams: params,
        targetTotal: total.toFixed(2),
        position: i + 1,
      })),
    )
    .returning({ id: reportingIndicators.id, name: reportingIndicators.name })
  const targets = rows.flatMap((row, i) => {
    const total = indicators[i]![4]
    return periods.map((p, k) => ({
      indicatorId: row.id,
      periodId: p.id,
      target: Math.max(1, Math.round((total * weights[k]!) / weightSum)).toFixed(2),
    }))
  })
  if (targets.length) await tx.insert(reportingTargets).values(targets)

  // Past activity of the programme, dated relative to now and kept inside the programme.
  const now = Date.now()
  const earliest = Date.parse(`${programme.startsOn}T00:00:00Z`) + REPORTING_DAY_MS
  const daysAgo = (days: number, utcHour: number) => {
    const d = new Date(Math.max(earliest, now - days * REPORTING_DAY_MS))
    d.setUTCHours(utcHour, 0, 0, 0)
    return d
  }
  const centres = await tx
    .select({ id: organisations.id, slug: organisations.slug })
    .from(organisations)
    .where(inArray(organisations.slug, ['don', 'kama', 'ob', 'amur', 'baltika', 'kamchatka']))
  const centreId = (slug: string) => centres.find((c) => c.slug === slug)?.id ?? null
  const people = await tx
    .select({ id: users.id, email: users.email, organisationId: reportingMemberships.organisationId })
    .from(users)
    .innerJoin(reportingMemberships, eq(reportingMemberships.userId, users.id))
    .where(inArray(reportingMemberships.organisationId, centres.map((c) => c.id)))
  const byEmail = (email: string) => people.find((p) => p.email === email)
  const everyone = people.map((p) => p.email)
  const plan: {
    kind: 'field_session' | 'online_seminar' | 'network_meeting'
    title: string
    days: number
    utcHour: number
    timeZone: string
    host?: string
    cancelled?: boolean
    came: string[]
    late?: string[]
    absent?: string[]
  }[] = [
    {
      kind: 'online_seminar',
      title: 'Онлайн-семинар «Устав и регистрация АНО: типичные ошибки»',
      days: 170,
      utcHour: 7,
      timeZone: 'Europe/Moscow',
      came: ['leader@resursnik.demo', 'kama@resursnik.demo', 'kama.staff@resursnik.demo', 'baltika@resursnik.demo', 'amur.staff@resursnik.demo'],
      late: ['ob.staff@resursnik.demo'],
      absent: ['kamchatka@resursnik.demo'],
    },
    {
      kind: 'field_session',
      title: 'Выездная сессия в РЦ «Дон»: услуги ресурсного центра',
      days: 140,
      utcHour: 6,
      timeZone: 'Europe/Moscow',
      host: 'don',
      came: ['leader@resursnik.demo', 'staff@resursnik.demo', 'don.volunteer@resursnik.demo'],
    },
    {
      kind: 'network_meeting',
      title: 'Сетевая встреча центров: итоги первых месяцев',
      days: 110,
      utcHour: 8,
      timeZone: 'Europe/Moscow',
      came: ['leader@resursnik.demo', 'kama@resursnik.demo', 'ob@resursnik.demo', 'amur@resursnik.demo', 'baltika@resursnik.demo'],
      absent: ['kamchatka@resursnik.demo'],
    },
    {
      kind: 'online_seminar',
      title: 'Онлайн-семинар «Грантовая заявка: от идеи до бюджета»',
      days: 80,
      utcHour: 7,
      timeZone: 'Europe/Moscow',
      cancelled: true,
      came: [],
    },
    {
      kind: 'online_seminar',
      title: 'Онлайн-семинар «Грантовая заявка: от идеи до бюджета» (перенесён)',
      days: 73,
      utcHour: 7,
      timeZone: 'Europe/Moscow',
      came: ['staff@resursnik.demo', 'ob@resursnik.demo', 'ob.staff@resursnik.demo', 'amur@resursnik.demo', 'amur.staff@resursnik.demo', 'kamchatka@resursnik.demo'],
      late: ['kama.staff@resursnik.demo'],
    },
    {
      kind: 'network_meeting',
      title: 'Сетевая встреча дальневосточных центров',
      days: 40,
      utcHour: 0,
      timeZone: 'Asia/Kamchatka',
      came: ['amur@resursnik.demo', 'amur.staff@resursnik.demo', 'kamchatka@resursnik.demo'],
    },
    {
      kind: 'online_seminar',
      title: 'Онлайн-семинар «Отчётность НКО в Минюст»',
      days: 12,
      utcHour: 7,
      timeZone: 'Europe/Moscow',
      came: ['staff@resursnik.demo', 'don.volunteer@resursnik.demo', 'kama@resursnik.demo', 'baltika@resursnik.demo', 'ob.staff@resursnik.demo'],
    },
  ]
  for (const item of plan) {
    const startsAt = daysAgo(item.days, item.utcHour)
    if (startsAt.getTime() > now) continue
    const [event] = await tx
      .insert(events)
      .values({
        kind: item.kind,
        title: item.title,
        programmeId: programme.id,
        organiserId: programme.mentorOrganisationId,
        hostId: item.host ? centreId(item.host) : null,
        startsAt,
        endsAt: new Date(startsAt.getTime() + (item.kind === 'field_session' ? 7 : 2) * 3600_000),
        timeZone: item.timeZone,
        onlineUrl: item.kind === 'field_session' ? null : 'https://meet.example.org/vektor-seminar',
        address: item.kind === 'field_session' ? 'г. Ростов-на-Дону, пр. Будённовский, д. 15' : null,
        status: item.cancelled ? 'cancelled' : 'scheduled',
        cancelledAt: item.cancelled ? new Date(startsAt.getTime() - 3 * REPORTING_DAY_MS) : null,
        checkInCode: demoCheckInCode(),
      })
      .returning({ id: events.id })
    if (!event || item.cancelled) continue
    const marks = [
      ...item.came.map((email) => ({ email, status: 'present' as const })),
      ...(item.late ?? []).map((email) => ({ email, status: 'late' as const })),
      ...(item.absent ?? []).map((email) => ({ email, status: 'absent' as const })),
    ].filter((m) => everyone.includes(m.email))
    if (marks.length === 0) continue
    await tx.insert(registrations).values(
      marks.map((m) => ({ eventId: event.id, userId: byEmail(m.email)!.id, organisationId: byEmail(m.email)!.organisationId, status: 'registered' as const })),
    )
    await tx.insert(reportingAttendance).values(
      marks.map((m) => ({
        eventId: event.id,
        userId: byEmail(m.email)!.id,
        organisationId: byEmail(m.email)!.organisationId,
        status: m.status,
        markedAt: new Date(startsAt.getTime() + 3600_000),
      })),
    )
  }

  // One manual value: publications in the first full quarter, with a link as evidence.
  const publications = rows.at(-1)
  const firstFull = periods.find((p) => p.endsOn < new Date(now).toISOString().slice(0, 10)) ?? null
  if (publications && firstFull) {
    await tx.insert(reportingManualValues).values({
      indicatorId: publications.id,
      periodId: firstFull.id,
      value: '5.00',
      evidenceUrl: 'https://vektor-nko.example/press',
      note: 'Две заметки в региональных СМИ, три публикации в сообществе программы',
    })
  }
}

// ---------------------------------------------------------------------------------------------------
// Grant reporting set-up of the demo programme (capability: reports): the quarters as report periods and
// the calendar plan of the application with its control points. Runs before seedDemoReporting, which
// adds indicators and targets to these periods. Idempotent: nothing is added where something exists.

const REPORT_ROMAN = ['I', 'II', 'III', 'IV']

/** Calendar quarters that overlap the programme, cut to its dates, labelled as people say them. */
function demoReportQuarters(startsOn: string, endsOn: string) {
  const quarters: { label: string; startsOn: string; endsOn: string }[] = []
  let year = Number(startsOn.slice(0, 4))
  let q = Math.floor((Number(startsOn.slice(5, 7)) - 1) / 3)
  for (let guard = 0; guard < 100; guard++) {
    const start = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`
    if (start > endsOn) break
    const lastMonth = q * 3 + 3
    const end = `${year}-${String(lastMonth).padStart(2, '0')}-${String(new Date(Date.UTC(year, lastMonth, 0)).getUTCDate()).padStart(2, '0')}`
    quarters.push({
      label: `${REPORT_ROMAN[q]} квартал ${year}`,
      startsOn: start < startsOn ? startsOn : start,
      endsOn: end > endsOn ? endsOn : end,
    })
    q = (q + 1) % 4
    if (q === 0) year += 1
  }
  return quarters
}

/** [title, control point?, planned start, planned end, result once done] — the calendar plan of the application. */
const DEMO_CALENDAR_PLAN: [string, boolean, string, string, string][] = [
  ['Входная диагностика шести центров', true, '2026-03-01', '2026-04-30', 'Диагностика проведена во всех шести центрах, этапы развития определены.'],
  ['Индивидуальные планы развития утверждены для всех центров', true, '2026-05-01', '2026-06-30', 'Планы развития утверждены для шести центров.'],
  ['Выездные сессии в центрах', false, '2026-04-01', '2027-06-30', ''],
  ['Цикл онлайн-семинаров для сотрудников центров', false, '2026-04-01', '2027-06-30', ''],
  ['Сетевые встречи центров — раз в квартал', false, '2026-05-01', '2027-08-15', ''],
  ['Консультации по запросам центров', false, '2026-03-01', '2027-08-31', ''],
  ['Не менее 60 сотрудников центров прошли обучение', true, '2026-09-01', '2026-12-31', ''],
  ['Отобраны и адаптированы 5 успешных практик', true, '2026-10-01', '2027-02-28', ''],
  ['Промежуточная диагностика центров', true, '2027-03-01', '2027-03-31', ''],
  ['Итоговая диагностика и сборник практик', true, '2027-07-01', '2027-08-31', ''],
]

export async function seedDemoReportPeriods(tx: Executor) {
  const [programme] = await tx
    .select({ id: programmes.id, startsOn: programmes.startsOn, endsOn: programmes.endsOn })
    .from(programmes)
    .where(eq(programmes.slug, 'tochki-rosta'))
  if (!programme) return
  const [periods] = await tx.select({ n: count() }).from(demoReportPeriods).where(eq(demoReportPeriods.programmeId, programme.id))
  if ((periods?.n ?? 0) === 0) {
    await tx
      .insert(demoReportPeriods)
      .values(demoReportQuarters(programme.startsOn, programme.endsOn).map((q) => ({ programmeId: programme.id, ...q })))
  }
  const [plan] = await tx.select({ n: count() }).from(demoPlanActivities).where(eq(demoPlanActivities.programmeId, programme.id))
  if ((plan?.n ?? 0) > 0) return
  // What is already past by today was done (the first control point a week late, to show how that looks);
  // what has begun is in progress; the rest is ahead.
  const today = new Date().toISOString().slice(0, 10)
  const weekLater = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10)
  await tx.insert(demoPlanActivities).values(
    DEMO_CALENDAR_PLAN.map(([title, isControlPoint, plannedStartOn, plannedEndOn, result], position) => {
      const done = plannedEndOn < today
      const begun = plannedStartOn <= today
      return {
        programmeId: programme.id,
        title,
        isControlPoint,
        plannedStartOn,
        plannedEndOn,
        actualStartOn: begun ? plannedStartOn : null,
        actualEndOn: done ? (position === 0 ? weekLater(plannedEndOn) : plannedEndOn) : null,
        result: done ? result || 'Выполнено по плану.' : null,
        position,
      }
    }),
  )
}

// ---------------------------------------------------------------------------------------------------
// Toolkit usage of the demo centres (capability: toolkits): a few dozen views, file downloads and documents
// filled in from templates (.docx and print/PDF) over the months of the programme, so the usage pages of the
// seed resources, the centres' «Материалы» pages and the indicators "toolkit downloads" / "documents
// generated" show something. Each row is counted against the resource's current version. Dates are counted
// back from the day the demo is loaded (or the programme's end, if that came first); a row that would fall
// before the programme's start is left out.
// Idempotent: nothing is added once any demo centre has a usage row.

type DemoUsageKind = 'view' | 'download' | 'generate_docx' | 'generate_pdf'

/** [person, resource slug, kind, days ago, UTC hour]; the centre is the person's. */
export const DEMO_TOOLKIT_USAGE: [string, string, DemoUsageKind, number, number][] = [
  ['leader@resursnik.demo', 'ano-charter', 'view', 110, 8],
  ['leader@resursnik.demo', 'ano-charter', 'generate_pdf', 109, 9],
  ['staff@resursnik.demo', 'personal-data-consent', 'view', 62, 7],
  ['staff@resursnik.demo', 'personal-data-consent', 'generate_docx', 61, 7],
  ['staff@resursnik.demo', 'personal-data-consent', 'generate_pdf', 21, 11],
  ['leader@resursnik.demo', 'consultation-intake-form', 'view', 46, 6],
  ['leader@resursnik.demo', 'consultation-intake-form', 'generate_docx', 45, 6],
  ['staff@resursnik.demo', 'consultation-intake-form', 'generate_docx', 13, 10],
  ['staff@resursnik.demo', 'grant-budget-template', 'view', 19, 12],
  ['staff@resursnik.demo', 'grant-budget-template', 'generate_docx', 18, 12],
  ['leader@resursnik.demo', 'consultant-guide-common-questions', 'download', 41, 9],
  ['don.volunteer@resursnik.demo', 'consultant-guide-common-questions', 'download', 9, 14],
  ['kama@resursnik.demo', 'volunteer-agreement', 'view', 95, 6],
  ['kama@resursnik.demo', 'volunteer-agreement', 'generate_docx', 94, 6],
  ['kama.staff@resursnik.demo', 'volunteer-agreement', 'generate_docx', 31, 8],
  ['kama.staff@resursnik.demo', 'public-event-scenario', 'download', 76, 9],
  ['ob@resursnik.demo', 'ngo-registration-checklist', 'download', 125, 4],
  ['ob.staff@resursnik.demo', 'grant-budget-template', 'view', 66, 5],
  ['ob.staff@resursnik.demo', 'grant-budget-template', 'generate_pdf', 66, 6],
  ['amur.staff@resursnik.demo', 'consultant-guide-common-questions', 'download', 52, 1],
  ['amur@resursnik.demo', 'consultation-intake-form', 'generate_docx', 36, 2],
  ['amur@resursnik.demo', 'personal-data-consent', 'generate_pdf', 35, 2],
  ['baltika@resursnik.demo', 'public-event-scenario', 'download', 29, 10],
  ['baltika@resursnik.demo', 'personal-data-consent', 'generate_docx', 27, 10],
  ['kamchatka@resursnik.demo', 'ano-charter', 'view', 16, 23],
  ['kamchatka@resursnik.demo', 'ano-charter', 'generate_docx', 15, 23],
  ['kamchatka@resursnik.demo', 'ngo-registration-checklist', 'download', 15, 22],
]

const DEMO_CENTRE_SLUGS = ['don', 'kama', 'ob', 'amur', 'baltika', 'kamchatka']

export async function seedDemoToolkitUsage(tx: Executor) {
  const [programme] = await tx
    .select({ startsOn: programmes.startsOn, endsOn: programmes.endsOn })
    .from(programmes)
    .where(eq(programmes.slug, 'tochki-rosta'))
  if (!programme) return
  const centres = await tx.select({ id: organisations.id }).from(organisations).where(inArray(organisations.slug, DEMO_CENTRE_SLUGS))
  if (centres.length === 0) return
  const centreIds = centres.map((c) => c.id)
  const [used] = await tx.select({ n: count() }).from(toolkitUsage).where(inArray(toolkitUsage.organisationId, centreIds))
  if ((used?.n ?? 0) > 0) return

  const people = await tx
    .select({ id: users.id, email: users.email, organisationId: memberships.organisationId })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(inArray(users.email, [...new Set(DEMO_TOOLKIT_USAGE.map(([email]) => email))]), inArray(memberships.organisationId, centreIds)))
  const resources = await tx
    .select({ id: toolkitResources.id, slug: toolkitResources.slug, versionId: toolkitResources.currentVersionId })
    .from(toolkitResources)
    .where(and(inArray(toolkitResources.slug, [...new Set(DEMO_TOOLKIT_USAGE.map(([, slug]) => slug))]), eq(toolkitResources.status, 'published')))
  const now = Date.now()
  const latest = Math.min(now, Date.parse(`${programme.endsOn}T23:59:59Z`))
  const earliest = Date.parse(`${programme.startsOn}T00:00:00Z`)
  const rows: (typeof toolkitUsage.$inferInsert)[] = []
  for (const [email, slug, kind, days, utcHour] of DEMO_TOOLKIT_USAGE) {
    const person = people.find((p) => p.email === email)
    const resource = resources.find((r) => r.slug === slug)
    if (!person || !resource) continue
    const at = new Date(latest - days * DEMO_DAY_MS)
    at.setUTCHours(utcHour, 0, 0, 0)
    if (at.getTime() < earliest || at.getTime() > latest) continue
    rows.push({ resourceId: resource.id, versionId: resource.versionId, organisationId: person.organisationId, userId: person.id, kind, createdAt: at })
  }
  if (rows.length) await tx.insert(toolkitUsage).values(rows)
}
