// Practice selection and transfer at federal scale: the seed practices of content/ plus ~200 generated ones;
// for every programme 4–6 weighted criteria, 2–4 experts (its mentor organisation's mentors), a shortlist of
// 6–14 practices, the experts' scores and the managers' decisions with their history; transfer tracks with
// their full step history, results and partner NGOs — ~1–3 per centre in most programmes, and 2,000 in one
// programme (the largest that had started half a year before SCALE_NOW) for the transfer board's benchmark.
// Generated programmes have at most 30 centres, so that programme's centres each carry dozens of practices:
// the board's shape (2,000 tracks over seven steps) is what the benchmark needs, not one track per centre.
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../client.ts'
import { innFor } from '../builders.ts'
import { importContent } from '../content/import.ts'
import { regionByCode } from '../reference/regions.ts'
import {
  type COURSE_TOPICS,
  practiceDecisionHistory,
  practiceMaterials,
  practices,
  practiceScores,
  programmeExperts,
  programmePractices,
  selectionCriteria,
  toolkitResources,
  transferPartners,
  transferStepHistory,
  transferTracks,
  type TransferStep,
} from '../schema/index.ts'
import { practiceSearchVector } from '../../app/models/practice-search.server.ts'
import { insertBatched, insertStreamed, SCALE_NOW, type ProgrammeRef, type ScaleStep } from './context.ts'
import { TOWNS } from './geography.ts'
import { CENTRE_NAMES } from './names.ts'
import type { Rng } from './random.ts'

const DAY_MS = 24 * 60 * 60 * 1000
/** Generated practices at full scale (besides the seed ones). */
export const GENERATED_PRACTICES = 200
/** Tracks of the board programme at full scale. */
export const BOARD_TRACKS = 2000
const ACTIVE: TransferStep[] = ['identified', 'studied', 'adapted', 'piloted', 'implemented', 'sustained']

// ---------------------------------------------------------------------------------------------
// Texts

type Kind = {
  key: string
  title: string
  problem: string
  targetGroup: string
  topics: (typeof COURSE_TOPICS)[number][]
  evidence: (a: number, b: number) => string
  people: string
  money: (k: number) => string
  time: string
  steps: [string, string][]
}

const KINDS: Kind[] = [
  {
    key: 'social-laundry',
    title: 'Социальная прачечная для пожилых людей',
    problem: 'Пожилым людям, живущим одним, тяжело стирать крупные вещи: нет сил, нет исправной машины, в частных домах нет воды.',
    targetGroup: 'Одиноко живущие пожилые люди и люди с инвалидностью, которые не могут стирать сами.',
    topics: ['social-services', 'volunteering'],
    evidence: (a, b) => `За год ${a} человек сдали в стирку вещи ${b} раз; по опросу подопечных большинству стало легче справляться с домашними делами.`,
    people: 'Координатор, 4–6 добровольцев для сбора и доставки белья, партнёр с помещением.',
    money: (k) => `Около ${k} тысяч рублей в год: порошок, ремонт машин, бензин.`,
    time: 'Два месяца до первых заказов.',
    steps: [
      ['Найдите помещение и машины', 'Договоритесь с комплексным центром или храмом о помещении с водой; машины часто дарят жители.'],
      ['Соберите список подопечных', 'Списки дают соцработники и старосты — только с согласия самих людей.'],
      ['Наладьте сбор и доставку', 'Добровольцы забирают бельё раз в неделю по графику и возвращают через два дня.'],
      ['Ведите учёт', 'Журнал заказов показывает, кому и как часто помогли.'],
    ],
  },
  {
    key: 'reading-club',
    title: 'Клуб чтения для подростков в сельской библиотеке',
    problem: 'Подросткам в сёлах некуда пойти после уроков: кружков мало, до районного центра далеко.',
    targetGroup: 'Подростки 12–17 лет из сёл и малых городов, их родители.',
    topics: ['communications', 'volunteering'],
    evidence: (a, b) => `В клубе ${a} подростков, ${b} встреч за год; библиотека отмечает рост числа читателей этого возраста.`,
    people: 'Библиотекарь-ведущий, 2–3 взрослых добровольца, приглашённые гости.',
    money: (k) => `До ${k} тысяч рублей в год на книги и поездки.`,
    time: 'Первая встреча через месяц, постоянный круг — за полгода.',
    steps: [
      ['Договоритесь с библиотекой', 'Нужны зал на вечер в неделю и библиотекарь, которому это интересно.'],
      ['Спросите подростков', 'Пусть сами выберут первые книги и формат встреч.'],
      ['Проводите встречи регулярно', 'Одно и то же время, чай, обсуждение, иногда гости.'],
      ['Передавайте ведение участникам', 'Через полгода встречи ведут сами подростки.'],
    ],
  },
  {
    key: 'food-bank',
    title: 'Продуктовый банк с адресной доставкой',
    problem: 'Семьи в трудной ситуации не получают помощи продуктами, а магазины списывают годные продукты.',
    targetGroup: 'Многодетные и малообеспеченные семьи, одинокие пожилые люди.',
    topics: ['social-services', 'fundraising'],
    evidence: (a, b) => `Помощь получили ${a} семей, передано ${b} продуктовых наборов; договоры с магазинами продлеваются ежегодно.`,
    people: 'Координатор, водитель, 10–15 добровольцев на сортировку.',
    money: (k) => `Около ${k} тысяч рублей в год на аренду склада и бензин.`,
    time: 'Три месяца до первых регулярных выдач.',
    steps: [
      ['Договоритесь с магазинами', 'Продукты с подходящим сроком годности передаются по договору пожертвования.'],
      ['Найдите склад', 'Сухое помещение с холодильником.'],
      ['Составьте список семей', 'Вместе с соцзащитой и школами, с согласия семей.'],
      ['Развозите наборы', 'Добровольцы доставляют раз в две недели.'],
    ],
  },
  {
    key: 'ngo-accounting',
    title: 'Бухгалтерское сопровождение начинающих НКО',
    problem: 'Маленькие НКО теряют гранты и получают штрафы из-за ошибок в отчётности.',
    targetGroup: 'Начинающие НКО и инициативные группы района, их руководители и бухгалтеры.',
    topics: ['finance', 'consulting'],
    evidence: (a, b) => `Сопровождение получили ${a} НКО, проведено ${b} консультаций; ни одна из них не получила штраф за отчётность.`,
    people: 'Бухгалтер-консультант, юрист по договору, координатор.',
    money: (k) => `Около ${k} тысяч рублей в год: оплата работы бухгалтера.`,
    time: 'Первый результат — в ближайший отчётный период.',
    steps: [
      ['Соберите запросы НКО', 'Анкета о том, какие отчёты сдаются и где ошибки.'],
      ['Составьте календарь отчётности', 'Общий календарь для всех НКО района.'],
      ['Проводите разборы', 'Раз в месяц — разбор типичных ошибок на примерах.'],
      ['Консультируйте индивидуально', 'Сложные вопросы — на личной консультации.'],
    ],
  },
  {
    key: 'inclusive-sport',
    title: 'Инклюзивные занятия спортом для детей',
    problem: 'Детям с инвалидностью негде заниматься спортом вместе со сверстниками.',
    targetGroup: 'Дети с инвалидностью и ограниченными возможностями здоровья, их братья и сёстры, родители.',
    topics: ['social-services', 'volunteering'],
    evidence: (a, b) => `Занимаются ${a} детей, из них ${b} с инвалидностью; родители отмечают улучшение самочувствия детей.`,
    people: 'Тренер адаптивной физкультуры, 3–5 добровольцев, координатор.',
    money: (k) => `Около ${k} тысяч рублей в год: аренда зала, инвентарь.`,
    time: 'Два месяца до первых занятий.',
    steps: [
      ['Найдите зал и тренера', 'Подойдёт школьный зал; тренер должен знать адаптивную физкультуру.'],
      ['Пригласите семьи', 'Через реабилитационный центр и родительские чаты.'],
      ['Проводите занятия вместе', 'Смешанные группы, упражнения для всех.'],
      ['Устраивайте праздники', 'Раз в квартал — семейные соревнования.'],
    ],
  },
  {
    key: 'digital-literacy',
    title: 'Курсы цифровой грамотности для старшего поколения',
    problem: 'Пожилые люди не умеют записываться к врачу и получать услуги онлайн и становятся жертвами мошенников.',
    targetGroup: 'Пенсионеры и люди старше 55 лет, в том числе в сёлах.',
    topics: ['social-services', 'volunteering'],
    evidence: (a, b) => `Курсы окончили ${a} человек, ${b} из них самостоятельно записываются к врачу онлайн.`,
    people: 'Преподаватель, добровольцы-студенты, координатор.',
    money: (k) => `Около ${k} тысяч рублей: планшеты для занятий, печать пособий.`,
    time: 'Первый поток — через месяц.',
    steps: [
      ['Найдите площадку', 'Библиотека или школа с компьютерным классом.'],
      ['Подготовьте добровольцев', 'Студенты учатся объяснять медленно и без терминов.'],
      ['Проведите курс', 'Восемь занятий: телефон, госуслуги, запись к врачу, безопасность.'],
      ['Оставьте клуб', 'Выпускники встречаются раз в месяц и помогают новичкам.'],
    ],
  },
  {
    key: 'foster-support',
    title: 'Школа и клуб поддержки приёмных семей',
    problem: 'Приёмные семьи остаются без поддержки после передачи ребёнка и часто возвращают детей.',
    targetGroup: 'Приёмные родители, опекуны и кандидаты в приёмные родители, дети в семьях.',
    topics: ['social-services', 'consulting'],
    evidence: (a, b) => `Клуб поддерживает ${a} семей; за ${b} года ни одного возврата ребёнка в учреждение.`,
    people: 'Психолог, социальный педагог, юрист по договору.',
    money: (k) => `Около ${k} тысяч рублей в год на оплату специалистов.`,
    time: 'Полгода до устойчивого круга семей.',
    steps: [
      ['Договоритесь с органами опеки', 'Они рассказывают семьям о клубе.'],
      ['Проводите встречи клуба', 'Раз в месяц, с психологом и занятиями для детей.'],
      ['Консультируйте индивидуально', 'Психолог и юрист — по записи.'],
      ['Организуйте взаимопомощь', 'Опытные семьи поддерживают новые.'],
    ],
  },
  {
    key: 'youth-volunteering',
    title: 'Школьный волонтёрский штаб',
    problem: 'Школьники хотят помогать, но не знают как; НКО не хватает рук на мероприятиях.',
    targetGroup: 'Школьники и студенты колледжей, их педагоги; НКО, которым нужны добровольцы.',
    topics: ['volunteering', 'organisation'],
    evidence: (a, b) => `В штабе ${a} школьников, ${b} добрых дел за год по журналу; штаб работает третий год.`,
    people: 'Педагог-куратор, лидеры из старшеклассников, партнёрские НКО.',
    money: (k) => `До ${k} тысяч рублей в год: форма, проезд, призы.`,
    time: 'Первые дела — через месяц.',
    steps: [
      ['Соберите инициативную группу', 'Пять–семь старшеклассников и куратор.'],
      ['Найдите НКО-партнёров', 'Им нужны добровольцы на конкретные дела.'],
      ['Ведите учёт дел', 'Книжка волонтёра и общий журнал.'],
      ['Отмечайте добровольцев', 'Благодарности, слёт в конце года.'],
    ],
  },
  {
    key: 'village-council',
    title: 'Школа сельских старост',
    problem: 'Старосты и активисты сёл не знают, как добиваться решения проблем и привлекать ресурсы.',
    targetGroup: 'Сельские старосты, активные жители сёл, руководители ТОС.',
    topics: ['organisation', 'fundraising'],
    evidence: (a, b) => `Обучение прошли ${a} старост; ${b} сельских проектов получили поддержку конкурсов.`,
    people: 'Тренеры ресурсного центра, представитель администрации района.',
    money: (k) => `Около ${k} тысяч рублей на выездные занятия.`,
    time: 'Школа — три месяца, первые проекты — через полгода.',
    steps: [
      ['Договоритесь с районом', 'Администрация помогает собрать старост.'],
      ['Проведите модули школы', 'Права старосты, работа с жителями, проекты и гранты.'],
      ['Сопровождайте проекты', 'Консультации при подготовке заявок.'],
      ['Соберите сеть старост', 'Общий чат и встреча раз в год.'],
    ],
  },
  {
    key: 'respite-care',
    title: 'Служба передышки для семей, ухаживающих за близкими',
    problem: 'Родственники, ухаживающие за тяжелобольными, годами без отдыха и выгорают.',
    targetGroup: 'Семьи, где живёт человек с тяжёлой инвалидностью или деменцией.',
    topics: ['social-services', 'volunteering'],
    evidence: (a, b) => `Передышку получили ${a} семей, проведено ${b} часов дежурств; по опросу родственники меньше устают.`,
    people: 'Координатор, обученные сиделки-добровольцы, медицинский консультант.',
    money: (k) => `Около ${k} тысяч рублей в год: обучение, страхование, проезд.`,
    time: 'Три месяца на обучение добровольцев.',
    steps: [
      ['Обучите добровольцев', 'Курс ухода и правила безопасности.'],
      ['Найдите семьи', 'Через поликлиники и соцзащиту, с согласия семей.'],
      ['Организуйте дежурства', 'Три–четыре часа раз в неделю по графику.'],
      ['Поддерживайте добровольцев', 'Разбор случаев раз в месяц.'],
    ],
  },
  {
    key: 'ngo-fair',
    title: 'Ярмарка НКО и добровольчества в малом городе',
    problem: 'Жители малых городов не знают о местных НКО, а НКО не могут найти добровольцев и партнёров.',
    targetGroup: 'Местные НКО и инициативные группы, жители города, местный бизнес.',
    topics: ['communications', 'volunteering'],
    evidence: (a, b) => `В ярмарке участвовали ${a} НКО, ${b} жителей записались добровольцами.`,
    people: 'Оргкомитет из 3–5 НКО, добровольцы, администрация города.',
    money: (k) => `Около ${k} тысяч рублей: шатры, печать, звук.`,
    time: 'Два месяца подготовки.',
    steps: [
      ['Соберите оргкомитет', 'Несколько НКО делят задачи.'],
      ['Договоритесь о площадке', 'Городская площадь или парк в выходной.'],
      ['Подготовьте НКО', 'Каждая готовит рассказ о себе и дело для добровольцев.'],
      ['Соберите контакты', 'Анкеты добровольцев передаются НКО в тот же день.'],
    ],
  },
  {
    key: 'legal-clinic',
    title: 'Юридическая приёмная для жителей сёл',
    problem: 'Жителям сёл некуда обратиться за бесплатной юридической помощью.',
    targetGroup: 'Жители сёл и малых городов, пенсионеры, семьи с детьми.',
    topics: ['law', 'consulting'],
    evidence: (a, b) => `Проведено ${a} консультаций, ${b} человек добились решения вопроса.`,
    people: 'Юристы-добровольцы, студенты юридического факультета, координатор.',
    money: (k) => `Около ${k} тысяч рублей в год: выезды, связь.`,
    time: 'Месяц до первых приёмов.',
    steps: [
      ['Найдите юристов', 'Студенческая юридическая клиника или адвокатская палата.'],
      ['Организуйте выезды', 'Приём раз в месяц в доме культуры.'],
      ['Консультируйте дистанционно', 'Между выездами — по телефону.'],
      ['Ведите журнал обращений', 'Темы обращений подсказывают, о чём рассказывать жителям.'],
    ],
  },
]

const REASONS = {
  selected: [
    'Высокие оценки экспертов, практика нужна большинству регионов программы.',
    'Результаты подтверждены данными за два года, метод описан подробно.',
    'Небольшие затраты и готовые шаблоны документов — по силам молодым центрам.',
  ],
  rejected: [
    'Низкие оценки по доказанности результатов и тиражируемости.',
    'Практика требует ресурсов, которых у центров программы нет.',
  ],
  needs_evidence: [
    'Нужны данные о результатах: анкеты, отчёты, отзывы партнёров.',
    'Метод описан не полностью; попросили авторов прислать шаблоны и бюджет.',
  ],
} as const

const CRITERIA_POOL = [
  ['Доказанность результатов', 'Есть ли данные о результатах и чем они подтверждены.'],
  ['Тиражируемость', 'Может ли другая НКО повторить метод по описанию.'],
  ['Затраты и ресурсы', 'По силам ли практика небольшой НКО.'],
  ['Документированность', 'Есть ли шаблоны, сценарии, методические материалы.'],
  ['Соответствие приоритетам регионов', 'Отвечает ли задачам регионов программы.'],
  ['Устойчивость', 'Сможет ли практика работать без грантов через два года.'],
  ['Вовлечение местного сообщества', 'Участвуют ли жители и добровольцы.'],
] as const

const PARTNER_KINDS = ['АНО', 'БФ', 'МОО', 'АНО', 'РОО', 'АНО'] as const

const MOVE_NOTES: Record<TransferStep, string> = {
  identified: 'Центр выбрал практику и договорился с партнёрами.',
  studied: 'Изучили практику у авторов, получили материалы.',
  adapted: 'Адаптировали метод и документы под свой район.',
  piloted: 'Провели пилот с партнёрскими НКО.',
  implemented: 'Партнёры ведут практику сами, центр консультирует.',
  sustained: 'Практика работает второй год без поддержки программы.',
  stopped: 'Перенос остановлен.',
}
const SKIP_REASONS = ['Этот шаг прошли раньше, на стажировке у авторов.', 'Партнёр уже работал по похожему методу, адаптация не понадобилась.']
const STOP_REASONS = ['Партнёрская НКО закрылась, замены пока нет.', 'Не удалось найти помещение.', 'Уволился координатор, перенос отложен.']

// ---------------------------------------------------------------------------------------------
// Helpers

function iso(ms: number) {
  return new Date(ms).toISOString().slice(0, 10)
}

function townOf(rng: Rng, regionCode: string) {
  const towns = TOWNS[regionCode]
  return towns?.length && rng.chance(0.6) ? rng.pick(towns) : (regionByCode(regionCode)?.capitalRu ?? 'Москва')
}

function bodyHtml(kind: Kind, town: string) {
  const steps = kind.steps.map(([title, text], i) => `<h3>Шаг ${i + 1}. ${title}</h3><p>${text}</p>`).join('')
  return (
    `<h2>Как устроена практика</h2><p>${kind.problem} Практику придумали и отработали в городе ${town}.</p>` +
    `<h2>Как повторить: шаг за шагом</h2>${steps}` +
    '<h2>Типичные риски</h2><ul><li><p>Выгорание координатора — делите обязанности.</p></li><li><p>Нет денег на второй год — ищите местных партнёров с первого дня.</p></li></ul>'
  )
}

type Track = {
  id: string
  programmeId: string
  practiceId: string
  organisationId: string
  startedOn: number
}

/** A track's path: identified, then steps every 2–12 weeks until `final` or SCALE_NOW, sometimes skipping or stopping. */
function pathOf(rng: Rng, startedOn: number, final: TransferStep) {
  const moves: { to: TransferStep; on: number; reason: string | null; beneficiaries: number; ngos: number }[] = []
  const stopAt = final === 'stopped' ? rng.int(0, 3) : -1
  const target = final === 'stopped' ? stopAt : ACTIVE.indexOf(final)
  let at = startedOn
  let index = 0
  while (index < target) {
    const skip = index + 2 <= target && rng.chance(0.08)
    const next = index + (skip ? 2 : 1)
    const on = at + rng.int(14, 84) * DAY_MS
    if (on > SCALE_NOW) break
    const to = ACTIVE[next]!
    moves.push({
      to,
      on,
      reason: skip ? rng.pick(SKIP_REASONS) : null,
      beneficiaries: to === 'piloted' ? rng.int(5, 60) : to === 'implemented' ? rng.int(10, 150) : to === 'sustained' ? rng.int(10, 200) : 0,
      ngos: to === 'adapted' ? rng.int(1, 3) : to === 'implemented' ? rng.int(0, 2) : 0,
    })
    at = on
    index = next
  }
  if (final === 'stopped') {
    const on = at + rng.int(14, 60) * DAY_MS
    if (on <= SCALE_NOW) moves.push({ to: 'stopped', on, reason: rng.pick(STOP_REASONS), beneficiaries: 0, ngos: 0 })
  }
  return moves
}

const FINAL_WEIGHTS: [TransferStep, number][] = [
  ['identified', 14],
  ['studied', 18],
  ['adapted', 18],
  ['piloted', 17],
  ['implemented', 13],
  ['sustained', 10],
  ['stopped', 10],
]

// ---------------------------------------------------------------------------------------------
// The step

export const practicesStep: ScaleStep = {
  name: 'practices',
  async run(ctx) {
    const { rng } = ctx
    // The seed library: already imported by the courses step (the hash check makes this a no-op then).
    await importContent(ctx.db as Database, { onlyIfChanged: true })
    const seedRows = await ctx.db.select({ id: practices.id }).from(practices).where(eq(practices.source, 'content')).orderBy(practices.slug)
    const toolkit = (await ctx.db.select({ id: toolkitResources.id }).from(toolkitResources).orderBy(toolkitResources.slug)).map((r) => r.id)

    // Generated practices, dated before the programmes that score them.
    const count = Math.max(20, Math.round(GENERATED_PRACTICES * ctx.scale))
    const practiceRows: (typeof practices.$inferInsert)[] = []
    const materialRows: (typeof practiceMaterials.$inferInsert)[] = []
    const created = new Date('2024-01-15T09:00:00Z')
    for (let i = 0; i < count; i++) {
      const kind = KINDS[i % KINDS.length]!
      const region = rng.pick(ctx.regions).ref
      const town = townOf(rng, region.code)
      const id = rng.uuid()
      const a = rng.int(12, 180)
      practiceRows.push({
        id,
        slug: `${kind.key}-${String(i + 1).padStart(3, '0')}`,
        title: `${kind.title} — ${town}`,
        problem: kind.problem,
        targetGroup: kind.targetGroup,
        topics: kind.topics,
        originOrganisation: `${rng.pick(PARTNER_KINDS)} «${rng.pick(CENTRE_NAMES)}» (сгенерированный пример)`,
        regionCode: region.code,
        sinceYear: rng.int(2012, 2023),
        evidence: kind.evidence(a, rng.int(Math.max(2, Math.round(a / 4)), a * 3)),
        resourcesPeople: kind.people,
        resourcesMoney: kind.money(rng.int(4, 60) * 10),
        resourcesTime: kind.time,
        contacts: `Пример, контакты вымышлены: +7 900 ${String(rng.int(100, 999))}-${String(rng.int(10, 99))}-${String(rng.int(10, 99))}`,
        bodyHtml: bodyHtml(kind, town),
        status: 'published',
        source: 'scale',
        createdAt: created,
        updatedAt: created,
      })
      for (const [position, resourceId] of rng.sample(toolkit, rng.int(0, 3)).entries()) materialRows.push({ practiceId: id, resourceId, position })
    }
    await insertBatched(ctx, practices, practiceRows, 'practices')
    await insertBatched(ctx, practiceMaterials, materialRows, 'practice materials', 'practice_materials')
    await ctx.db.update(practices).set({ searchVector: practiceSearchVector() }).where(eq(practices.source, 'scale'))
    const allPractices = [...seedRows.map((r) => r.id), ...practiceRows.map((r) => r.id!)]
    // A latent quality per practice, so experts broadly agree and decisions follow the scores.
    const quality = new Map(allPractices.map((id) => [id, 2 + rng.next() * 2.6]))

    // Selection: criteria, experts, shortlist, scores, decisions.
    const criteriaRows: (typeof selectionCriteria.$inferInsert)[] = []
    const expertRows: (typeof programmeExperts.$inferInsert)[] = []
    const shortlistRows: (typeof programmePractices.$inferInsert)[] = []
    const scoreRows: (typeof practiceScores.$inferInsert)[] = []
    const decisionRows: (typeof practiceDecisionHistory.$inferInsert)[] = []
    const selectedBy = new Map<string, string[]>()
    for (const programme of ctx.programmes) {
      const start = Date.parse(`${programme.startsOn}T09:00:00Z`)
      const criteria = rng.sample(CRITERIA_POOL, rng.int(4, 6)).map(([name, description], position) => ({
        id: rng.uuid(),
        programmeId: programme.id,
        name,
        description,
        weight: rng.int(2, 8) * 5,
        position,
        createdAt: new Date(start),
      }))
      criteriaRows.push(...criteria)
      const people = ctx.people.get(programme.mentorOrganisationId)
      const pool = [...new Set([...(people?.mentors ?? []), ...programme.managerIds])]
      const experts = rng.sample(pool, Math.min(pool.length, rng.int(2, 4)))
      for (const userId of experts) expertRows.push({ programmeId: programme.id, userId, addedAt: new Date(start) })
      const manager = programme.managerIds[0] ?? null
      const shortlist = rng.sample(allPractices, rng.int(6, 14))
      const entries = new Map<string, typeof programmePractices.$inferInsert>()
      const scoredAt = Math.min(start + 30 * DAY_MS, SCALE_NOW)
      const selected: string[] = []
      const decided: { practiceId: string; total: number }[] = []
      for (const practiceId of shortlist) {
        const entry: typeof programmePractices.$inferInsert = { programmeId: programme.id, practiceId, addedById: manager, addedAt: new Date(start) }
        shortlistRows.push(entry)
        entries.set(practiceId, entry)
        const q = quality.get(practiceId)!
        const totals: number[] = []
        for (const expertId of experts) {
          if (!rng.chance(0.85)) continue
          let sum = 0
          let weights = 0
          for (const c of criteria) {
            const score = Math.min(5, Math.max(1, Math.round(q + (rng.next() - 0.5) * 2)))
            scoreRows.push({ programmeId: programme.id, practiceId, criterionId: c.id, expertId, score, comment: score <= 2 ? 'Мало данных о результатах.' : null, scoredAt: new Date(scoredAt) })
            sum += c.weight * score
            weights += c.weight
          }
          totals.push(sum / weights)
        }
        if (totals.length >= 2 && rng.chance(0.75)) decided.push({ practiceId, total: totals.reduce((a, b) => a + b, 0) / totals.length })
      }
      // The best-scored practices are selected — at least three per programme, so its centres have some to take up.
      decided.sort((a, b) => b.total - a.total)
      const decidedAt = Math.min(start + 45 * DAY_MS, SCALE_NOW)
      decided.forEach((d, rank) => {
        const decision = d.total >= 3.6 || rank < 3 ? 'selected' : d.total < 2.8 ? 'rejected' : 'needs_evidence'
        const entry = entries.get(d.practiceId)!
        const reason = rng.pick(REASONS[decision])
        Object.assign(entry, { decision, decisionReason: reason, decidedById: manager, decidedAt: new Date(decidedAt) })
        if (decision === 'selected' && rng.chance(0.1)) {
          decisionRows.push({ programmeId: programme.id, practiceId: d.practiceId, decision: 'needs_evidence', reason: rng.pick(REASONS.needs_evidence), decidedById: manager, decidedAt: new Date(decidedAt - 10 * DAY_MS) })
        }
        decisionRows.push({ programmeId: programme.id, practiceId: d.practiceId, decision, reason, decidedById: manager, decidedAt: new Date(decidedAt) })
        if (decision === 'selected') selected.push(d.practiceId)
      })
      selectedBy.set(programme.id, selected.length ? selected : shortlist.slice(0, 3))
    }
    await insertBatched(ctx, selectionCriteria, criteriaRows, 'selection criteria', 'selection_criteria')
    await insertBatched(ctx, programmeExperts, expertRows, 'programme experts', 'programme_experts')
    await insertBatched(ctx, programmePractices, shortlistRows, 'programme practices', 'programme_practices')
    await insertStreamed(ctx, practiceScores, scoreRows, 'practice scores', 'practice_scores')
    await insertBatched(ctx, practiceDecisionHistory, decisionRows, 'decision history', 'practice_decision_history')

    // Tracks: the board programme first, then 1–3 per centre in ~60 % of the centres of the other programmes.
    const started = (p: ProgrammeRef) => Date.parse(`${p.startsOn}T09:00:00Z`)
    const candidates = ctx.programmes.filter((p) => started(p) <= SCALE_NOW - 180 * DAY_MS)
    const board = (candidates.length ? candidates : ctx.programmes).reduce((a, b) => (b.centreIds.length > a.centreIds.length ? b : a))
    const tracks: Track[] = []
    const startBetween = (p: ProgrammeRef) => {
      const from = started(p)
      const to = Math.max(from, Math.min(SCALE_NOW - 7 * DAY_MS, Date.parse(`${p.endsOn}T09:00:00Z`)))
      return from + Math.floor(rng.next() * ((to - from) / DAY_MS)) * DAY_MS
    }
    const boardTarget = Math.min(Math.max(20, Math.round(BOARD_TRACKS * ctx.scale)), board.centreIds.length * allPractices.length)
    const preferred = selectedBy.get(board.id) ?? []
    const perCentre = Math.ceil(boardTarget / board.centreIds.length)
    for (const organisationId of board.centreIds) {
      const picked = [...preferred.slice(0, Math.min(preferred.length, 3)), ...rng.sample(allPractices.filter((id) => !preferred.includes(id)), perCentre)]
      for (const practiceId of picked.slice(0, perCentre)) {
        if (tracks.length >= boardTarget) break
        tracks.push({ id: rng.uuid(), programmeId: board.id, practiceId, organisationId, startedOn: startBetween(board) })
      }
    }
    for (const programme of ctx.programmes) {
      if (programme.id === board.id || started(programme) > SCALE_NOW - 30 * DAY_MS) continue
      const offer = selectedBy.get(programme.id)!
      for (const organisationId of programme.centreIds) {
        if (!rng.chance(0.6)) continue
        for (const practiceId of rng.sample(offer, rng.int(1, 3))) {
          tracks.push({ id: rng.uuid(), programmeId: programme.id, practiceId, organisationId, startedOn: startBetween(programme) })
        }
      }
    }

    const trackRows: (typeof transferTracks.$inferInsert)[] = []
    const historyRows: (typeof transferStepHistory.$inferInsert)[] = []
    const partnerRows: (typeof transferPartners.$inferInsert)[] = []
    const centreRegion = new Map(ctx.centres.map((c) => [c.id, c.regionCode]))
    const mentorOrgOf = new Map(ctx.programmes.map((p) => [p.id, p.mentorOrganisationId]))
    let partnerSeq = 0
    for (const t of tracks) {
      const final = FINAL_WEIGHTS[rng.weightedIndex(FINAL_WEIGHTS.map(([, w]) => w))]![0]
      const moves = pathOf(rng, t.startedOn, final)
      const people = ctx.people.get(t.organisationId)
      const leader = people?.leader ?? null
      const mentors = ctx.people.get(mentorOrgOf.get(t.programmeId)!)?.mentors ?? []
      const by = () => (mentors.length && rng.chance(0.4) ? rng.pick(mentors) : leader)
      const last = moves.at(-1)
      const step = last?.to ?? 'identified'
      trackRows.push({
        id: t.id,
        programmeId: t.programmeId,
        practiceId: t.practiceId,
        organisationId: t.organisationId,
        step,
        stoppedAtStep: step === 'stopped' ? (moves.at(-2)?.to ?? 'identified') : null,
        stoppedReason: step === 'stopped' ? last!.reason : null,
        beneficiaries: moves.reduce((s, m) => s + m.beneficiaries, 0),
        ngosInvolved: moves.reduce((s, m) => s + m.ngos, 0),
        startedOn: iso(t.startedOn),
        stepChangedAt: new Date(`${iso(last?.on ?? t.startedOn)}T00:00:00Z`),
        createdById: leader,
        createdAt: new Date(t.startedOn),
        updatedAt: new Date(last?.on ?? t.startedOn),
      })
      // Every row names every column (null where empty), so the streamed writer sends one statement per batch.
      historyRows.push({
        id: rng.uuid(),
        trackId: t.id,
        fromStep: null,
        toStep: 'identified',
        occurredOn: iso(t.startedOn),
        note: MOVE_NOTES.identified,
        evidenceUrl: null,
        reason: null,
        beneficiaries: 0,
        ngosInvolved: 0,
        changedById: leader,
        createdAt: new Date(t.startedOn + 3 * 3600_000),
      })
      let from: TransferStep = 'identified'
      for (const m of moves) {
        historyRows.push({
          id: rng.uuid(),
          trackId: t.id,
          fromStep: from,
          toStep: m.to,
          occurredOn: iso(m.on),
          note: MOVE_NOTES[m.to],
          evidenceUrl: rng.chance(0.3) ? `https://example.org/reports/${t.id.slice(0, 8)}-${m.to}` : null,
          reason: m.reason,
          beneficiaries: m.beneficiaries,
          ngosInvolved: m.ngos,
          changedById: by(),
          createdAt: new Date(m.on + rng.int(1, 72) * 3600_000),
        })
        from = m.to
      }
      const region = centreRegion.get(t.organisationId) ?? '77'
      for (let i = rng.int(0, 3); i > 0; i--) {
        partnerSeq++
        partnerRows.push({
          id: rng.uuid(),
          trackId: t.id,
          name: `${rng.pick(PARTNER_KINDS)} «${rng.pick(CENTRE_NAMES)}»`,
          inn: rng.chance(0.8) ? innFor(region, 8_000_000 + partnerSeq) : null,
          contact: rng.chance(0.7) ? `+7 900 ${String(rng.int(100, 999))}-${String(rng.int(10, 99))}-${String(rng.int(10, 99))}` : null,
          createdAt: new Date(t.startedOn),
        })
      }
    }
    await insertStreamed(ctx, transferTracks, trackRows, 'transfer tracks', 'transfer_tracks')
    await insertStreamed(ctx, transferStepHistory, historyRows, 'transfer history', 'transfer_step_history')
    await insertStreamed(ctx, transferPartners, partnerRows, 'transfer partners', 'transfer_partners')
    // practices and practice_materials are not in SCALE_TABLES (a reset keeps the seed ones), so they are analysed here.
    await ctx.db.execute(sql`analyze practices, practice_materials`)
  },
}
