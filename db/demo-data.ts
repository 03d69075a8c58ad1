// The demo programme loaded on first start of the embedded database: a mentor organisation in Perm,
// six young centres from Kaliningrad (UTC+2) to Kamchatka (UTC+12), one grant programme and its people.
// All names are invented.
import { count } from 'drizzle-orm'
import { hashPassword } from '../app/utils/password.server.ts'
import type { Database } from './client.ts'
import { addMember, innFor, insertOrganisation, insertProgramme, insertUser, ogrnFor } from './builders.ts'
import { regionByCode } from './reference/regions.ts'
import { organisations, type MembershipRole } from './schema/index.ts'

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
  })
}
