// The toolkit library at federal scale: ~10,000 resources written by the mentor organisations (templates with
// fields, guides, checklists, scenarios, presentations, training kits) with one or two published versions,
// a few drafts and archived ones, "see also" links and search documents; then ~200,000 uses of them (views,
// downloads, .docx and print/PDF) by the centres' people, each against the version current at the time.
// Titles and texts are put together from word lists per topic, so search has real Russian to stem.
import { isNull, sql } from 'drizzle-orm'
import { slugify } from '../builders.ts'
import { COURSE_TOPICS, STAGES, toolkitRelated, toolkitResources, toolkitUsage, toolkitVersions, type TemplateField } from '../schema/index.ts'
import { refreshToolkitSearchWhere } from '../../app/models/toolkit-search.server.ts'
import { renderRichText } from '../../app/utils/rich-text.server.ts'
import type { RichTextDoc, RichTextNode } from '../../app/utils/rich-text.ts'
import { batchWriter, dateBetween, insertBatched, SCALE_NOW, withBulkLoad, type ScaleContext, type ScaleStep } from './context.ts'
import type { Rng } from './random.ts'

const DAY_MS = 24 * 60 * 60 * 1000
/** At full scale; both scale linearly with --scale. */
const RESOURCES = 10_000
const USES = 200_000
/** Share of published resources republished once with a correction. */
const REVISED_SHARE = 0.15
const DRAFT_SHARE = 0.03
const ARCHIVED_SHARE = 0.02
/** The seed library is what every centre is pointed to first: it draws this many times an average resource. */
const SEED_POPULARITY = 40
/** When the seed library counts as published in generated time (as in ./courses.ts). */
const SEED_PUBLISHED_AT = Date.parse('2024-08-26T06:00:00Z')

type Topic = (typeof COURSE_TOPICS)[number]
type Kind = (typeof toolkitResources.kind.enumValues)[number]

const KINDS: readonly Kind[] = ['template', 'guide', 'checklist', 'scenario', 'presentation', 'training_kit']
const KIND_WEIGHTS = [30, 25, 15, 12, 10, 8]

const PREFIXES: Record<Exclude<Kind, 'template'>, readonly string[]> = {
  guide: ['Справочник: ', 'Памятка: ', 'Методические рекомендации: ', 'Вопросы и ответы: '],
  checklist: ['Чек-лист: ', 'Проверочный список: '],
  scenario: ['Сценарий встречи: ', 'Сценарий семинара: ', 'Сценарий мастерской: '],
  presentation: ['Презентация: '],
  training_kit: ['Учебный комплект: ', 'Материалы тренинга: '],
}

const QUALIFIERS = [
  '',
  '',
  ' для начинающих НКО',
  ' для сельских НКО',
  ' для ресурсного центра',
  ' для ТОС и инициативных групп',
  ' для родительских организаций',
  ' в вопросах и примерах',
  ' — краткая версия',
  ' — издание 2026 года',
]

type TopicWords = { subjects: readonly string[]; documents: readonly string[]; paragraphs: readonly string[]; points: readonly string[]; tags: readonly string[] }

const WORDS: Record<Topic, TopicWords> = {
  organisation: {
    subjects: ['годовой план ресурсного центра', 'распределение ролей в команде', 'передача дел новому руководителю', 'внутренние регламенты НКО', 'стратегическая сессия команды', 'работа попечительского совета'],
    documents: ['Протокол заседания правления', 'Положение о попечительском совете', 'План работы на год', 'Должностная инструкция координатора', 'Приказ о распределении обязанностей'],
    paragraphs: [
      'Организация переживает смену людей и источников денег, когда её решения записаны, а обязанности распределены.',
      'Годовой план связан со стратегией и бюджетом: из него видно, кто, что и к какому сроку делает.',
      'Регламенты помогают новому сотруднику за неделю разобраться, как в центре принято работать.',
    ],
    points: ['у каждой услуги есть ответственный', 'решения правления оформлены протоколами', 'план на год согласован с бюджетом', 'знания не держатся на одном человеке'],
    tags: ['управление', 'команда', 'планирование', 'регламенты'],
  },
  consulting: {
    subjects: ['первичная консультация НКО', 'журнал консультаций', 'перенаправление запроса к эксперту', 'письменный ответ после встречи', 'оценка качества консультаций', 'консультация по регистрации'],
    documents: ['Карточка консультации', 'Журнал обращений НКО', 'Анкета обратной связи после консультации', 'Направление к эксперту-партнёру', 'Соглашение о сопровождении НКО'],
    paragraphs: [
      'Консультация начинается с уточнения запроса: что уже сделано, к какому сроку нужен результат и кто принимает решение.',
      'Каждое обращение записывается в карточку, чтобы коллега мог продолжить работу и проверить результат.',
      'Вопросы вне компетенции центра передаются партнёрам-экспертам с согласия заявителя.',
    ],
    points: ['запрос уточнён вопросами', 'ответ записан в карточку', 'назначен следующий шаг и срок', 'через месяц центр узнаёт, чем закончилось дело'],
    tags: ['консультации', 'консультант', 'учёт обращений', 'качество'],
  },
  fundraising: {
    subjects: ['подготовка грантовой заявки', 'бюджет проекта', 'софинансирование и вклад партнёров', 'отчёт перед донором', 'сбор пожертвований онлайн', 'работа с местным бизнесом'],
    documents: ['Письмо поддержки проекта', 'Смета проекта', 'Соглашение о софинансировании', 'Благодарственное письмо донору', 'Договор пожертвования'],
    paragraphs: [
      'Сильная заявка показывает проблему цифрами, а результаты — так, чтобы их можно было проверить.',
      'Бюджет проекта обосновывает каждую статью расходов и показывает вклад партнёров и добровольцев.',
      'Донору важно вовремя получить понятный отчёт о том, что изменилось благодаря его деньгам.',
    ],
    points: ['проблема подтверждена данными', 'результаты измеримы', 'софинансирование подтверждено письмами', 'отчёт сдан в срок'],
    tags: ['гранты', 'пожертвования', 'бюджет', 'фандрайзинг', 'софинансирование'],
  },
  'social-services': {
    subjects: ['включение в реестр поставщиков социальных услуг', 'стандарт социальной услуги', 'статус исполнителя общественно полезных услуг', 'учёт получателей услуг', 'оценка качества услуг'],
    documents: ['Заявление о предоставлении социальной услуги', 'Индивидуальная программа получателя услуг', 'Акт оказания услуги', 'Договор о предоставлении социальных услуг', 'Журнал учёта получателей услуг'],
    paragraphs: [
      'Поставщик социальных услуг работает по стандарту: что входит в услугу, как часто и кем она оказывается.',
      'Реестр поставщиков открывает НКО доступ к компенсации за оказанные услуги.',
      'Учёт получателей и актов об оказании услуг нужен и для отчёта, и для проверки качества.',
    ],
    points: ['услуга описана в стандарте', 'у получателя есть индивидуальная программа', 'каждая услуга подтверждена актом', 'качество проверяется опросом получателей'],
    tags: ['социальные услуги', 'реестр поставщиков', 'ОПУ', 'получатели услуг'],
  },
  volunteering: {
    subjects: ['привлечение волонтёров', 'учёт волонтёрских часов', 'договор с добровольцем', 'благодарность волонтёрам', 'безопасность волонтёров', 'волонтёрская книжка'],
    documents: ['Договор с добровольцем', 'Заявление волонтёра', 'Справка о волонтёрской деятельности', 'Журнал учёта волонтёрских часов', 'Благодарственное письмо волонтёру'],
    paragraphs: [
      'Волонтёры остаются надолго, когда понимают свою задачу и видят, что их помощь замечают.',
      'Договор с добровольцем нужен при регулярной работе, работе с уязвимыми людьми и возмещении расходов.',
      'Учёт волонтёрских часов пригодится в отчёте по гранту и в рекомендательном письме волонтёру.',
    ],
    points: ['у волонтёра есть понятная задача', 'есть куратор, к которому можно обратиться', 'часы работы записываются', 'волонтёров благодарят публично'],
    tags: ['волонтёры', 'добровольчество', 'добровольцы', 'договор'],
  },
  communications: {
    subjects: ['пресс-релиз о событии', 'страница НКО в социальных сетях', 'годовой публичный отчёт', 'работа со СМИ', 'открытое мероприятие для жителей', 'фотосъёмка на мероприятии'],
    documents: ['Пресс-релиз', 'Приглашение на открытое мероприятие', 'Согласие на фото- и видеосъёмку', 'Публичный отчёт организации', 'Письмо партнёрам о результатах проекта'],
    paragraphs: [
      'Жители и партнёры доверяют организации, которая регулярно и просто рассказывает о своей работе.',
      'Публичный отчёт показывает, сколько людей получили помощь и на что потрачены деньги.',
      'На открытых мероприятиях важно заранее спросить согласие участников на фотосъёмку.',
    ],
    points: ['у новости есть повод и герой', 'фотографии подписаны', 'отчёт опубликован на сайте', 'журналистам отвечают в тот же день'],
    tags: ['коммуникации', 'СМИ', 'соцсети', 'публичный отчёт', 'мероприятия'],
  },
  finance: {
    subjects: ['бухгалтерская отчётность НКО', 'кассовая дисциплина', 'учёт целевых поступлений', 'отчёт в Минюст', 'налоговые льготы для НКО', 'финансовый план на год'],
    documents: ['Авансовый отчёт', 'Приказ об учётной политике', 'Акт сверки с партнёром', 'Отчёт о целевом использовании средств', 'Служебная записка на закупку'],
    paragraphs: [
      'Целевые поступления учитываются отдельно, чтобы в любой момент показать, на что потрачен каждый рубль.',
      'Сроки отчётов в налоговую, фонды и Минюст удобно собрать в один календарь на год.',
      'Учётная политика закрепляет, как организация ведёт учёт, и защищает её при проверках.',
    ],
    points: ['есть календарь отчётности', 'целевые средства учитываются отдельно', 'первичные документы хранятся в порядке', 'бюджет сверяется с фактом раз в квартал'],
    tags: ['финансы', 'бухгалтерия', 'отчётность', 'налоги', 'Минюст'],
  },
  law: {
    subjects: ['регистрация НКО', 'изменения в уставе', 'персональные данные подопечных', 'трудовые договоры в НКО', 'проверки контрольных органов', 'аренда помещения'],
    documents: ['Устав АНО', 'Решение о создании организации', 'Согласие на обработку персональных данных', 'Доверенность на представление интересов', 'Трудовой договор с сотрудником НКО'],
    paragraphs: [
      'Перед подачей документов сверьте их с действующей редакцией закона и требованиями территориального органа Минюста.',
      'Персональные данные подопечных обрабатываются только с письменного согласия и для названных в нём целей.',
      'Изменения в уставе вступают в силу после государственной регистрации.',
    ],
    points: ['устав соответствует действующему закону', 'согласия на обработку данных собраны', 'договоры подписаны до начала работы', 'документы для проверки собраны в одной папке'],
    tags: ['право', 'устав', 'регистрация', 'персональные данные', '7-ФЗ'],
  },
}

/** Fields a generated template may have, with the sentence of its body that uses each. */
const FIELD_POOL: { field: TemplateField; sentence: string }[] = [
  { field: { key: 'orgName', label: 'Полное наименование организации', type: 'text', required: true }, sentence: 'Организация: {{orgName}}.' },
  { field: { key: 'orgInn', label: 'ИНН организации', type: 'inn', required: true }, sentence: 'ИНН организации: {{orgInn}}.' },
  { field: { key: 'city', label: 'Населённый пункт', type: 'text', required: true }, sentence: 'Место составления: {{city}}.' },
  { field: { key: 'signDate', label: 'Дата документа', type: 'date', required: true }, sentence: 'Дата: {{signDate}}.' },
  { field: { key: 'directorName', label: 'ФИО руководителя', type: 'text', required: true }, sentence: 'Руководитель: {{directorName}} ________________ (подпись)' },
  { field: { key: 'amount', label: 'Сумма, руб.', type: 'money', required: false }, sentence: 'Сумма: {{amount}}.' },
  { field: { key: 'personName', label: 'ФИО', type: 'text', required: true }, sentence: 'ФИО: {{personName}}.' },
  { field: { key: 'phone', label: 'Телефон', type: 'phone', required: false }, sentence: 'Телефон для связи: {{phone}}.' },
]

const CHANGE_NOTES = [
  'Обновлены ссылки на действующую редакцию закона',
  'Исправлены опечатки и уточнены формулировки',
  'Добавлен пример заполнения',
  'Сроки приведены к требованиям 2026 года',
  'Добавлен раздел о типичных ошибках',
]

// ---------------------------------------------------------------------------------------------
// Texts: documents are made of blocks from the lists above, and each distinct block is rendered once
// (Tiptap's renderer takes ~10–30 ms a call; for these block types a document's HTML is its blocks' HTML
// in order, so the cache gives the same result as rendering each document).

const blockHtml = new Map<string, string>()
function renderBlock(node: RichTextNode) {
  const key = JSON.stringify(node)
  let html = blockHtml.get(key)
  if (html === undefined) {
    html = renderRichText({ type: 'doc', content: [node] }, 'lesson')
    blockHtml.set(key, html)
  }
  return html
}

const paragraph = (text: string): RichTextNode => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const heading = (text: string): RichTextNode => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })

function renderDoc(blocks: RichTextNode[]) {
  let html = ''
  for (const block of blocks) {
    if (block.type === 'bulletList') {
      // A list's items are rendered (and cached) one by one, so any choice of points costs nothing new.
      html += `<ul>${(block.content ?? []).map((item) => `<li>${renderBlock(item.content![0]!)}</li>`).join('')}</ul>`
    } else html += renderBlock(block)
  }
  return html
}

function guideBody(rng: Rng, words: TopicWords, note: string | null) {
  const blocks: RichTextNode[] = [
    heading('Коротко'),
    ...rng.sample(words.paragraphs, rng.int(1, 2)).map(paragraph),
    heading('Что проверить'),
    { type: 'bulletList', content: rng.sample(words.points, 3).map((p) => ({ type: 'listItem', content: [paragraph(p)] })) },
    heading('Что дальше'),
    paragraph(rng.pick(words.paragraphs)),
  ]
  if (note) blocks.push(paragraph(`Что изменилось в этой версии: ${note.toLowerCase()}.`))
  return blocks
}

function templateBody(rng: Rng, title: string, words: TopicWords, fields: typeof FIELD_POOL, note: string | null) {
  const blocks: RichTextNode[] = [
    heading(title.replace(/ (для|в|—) .*$/, '')),
    paragraph(rng.pick(words.paragraphs)),
    ...fields.map((f) => paragraph(f.sentence)),
    paragraph('Документ составлен в двух экземплярах, по одному для каждой из сторон.'),
  ]
  if (note) blocks.splice(2, 0, paragraph(`Примечание к версии: ${note.toLowerCase()}.`))
  return blocks
}

// ---------------------------------------------------------------------------------------------

type Generated = {
  id: string
  kind: Kind
  published: boolean
  /** Published versions, oldest first, with when each became current (epoch ms). */
  versions: { id: string; from: number }[]
  seed: boolean
}

function resourceCount(ctx: ScaleContext) {
  return Math.max(60, Math.round(RESOURCES * ctx.scale))
}

async function writeResources(ctx: ScaleContext): Promise<Generated[]> {
  const { rng } = ctx
  const resourceRows: (typeof toolkitResources.$inferInsert)[] = []
  const versionRows: (typeof toolkitVersions.$inferInsert)[] = []
  const relatedRows: (typeof toolkitRelated.$inferInsert)[] = []
  const generated: Generated[] = []
  const byTopic = new Map<Topic, string[]>()
  const n = resourceCount(ctx)
  const task = ctx.progress.start('toolkit texts', n)
  for (let i = 0; i < n; i++) {
    const topic = COURSE_TOPICS[i % COURSE_TOPICS.length]!
    const words = WORDS[topic]
    const kind = KINDS[rng.weightedIndex(KIND_WEIGHTS)]!
    const base = kind === 'template' ? rng.pick(words.documents) : `${rng.pick(PREFIXES[kind])}${rng.pick(words.subjects)}`
    const title = `${base}${rng.pick(QUALIFIERS)}`
    const org = rng.pick(ctx.mentorOrgs)
    const people = ctx.people.get(org.id)
    const authorId = people ? rng.pick([people.leader, ...people.mentors]) : null
    const createdAt = dateBetween(rng, '2024-09-01', new Date(SCALE_NOW - 30 * DAY_MS).toISOString().slice(0, 10))
    const roll = rng.next()
    const status = roll < DRAFT_SHARE ? 'draft' : roll < DRAFT_SHARE + ARCHIVED_SHARE ? 'archived' : 'published'
    const id = rng.uuid()
    const fields = kind === 'template' ? rng.sample(FIELD_POOL, rng.int(3, 6)) : []
    const body = (note: string | null) => (kind === 'template' ? templateBody(rng, title, words, fields, note) : guideBody(rng, words, note))
    const versions: Generated['versions'] = []
    let currentVersionId: string | null = null
    const v1 = body(null)
    if (status === 'draft') {
      versionRows.push({
        id: rng.uuid(),
        resourceId: id,
        version: 0,
        bodyJson: { type: 'doc', content: v1 } as RichTextDoc as Record<string, unknown>,
        bodyHtml: renderDoc(v1),
        fields: fields.map((f) => f.field),
        createdById: authorId,
        createdAt,
      })
    } else {
      const firstId = rng.uuid()
      const publishedAt = createdAt.getTime() + rng.int(1, 14) * DAY_MS
      versionRows.push({
        id: firstId,
        resourceId: id,
        version: 1,
        bodyJson: { type: 'doc', content: v1 },
        bodyHtml: renderDoc(v1),
        fields: fields.map((f) => f.field),
        changeNote: 'Первая публикация',
        createdById: authorId,
        createdAt: new Date(publishedAt),
      })
      versions.push({ id: firstId, from: publishedAt })
      currentVersionId = firstId
      const revisedAt = publishedAt + rng.int(60, 300) * DAY_MS
      if (rng.chance(REVISED_SHARE) && revisedAt < SCALE_NOW - 7 * DAY_MS) {
        const note = rng.pick(CHANGE_NOTES)
        const v2 = body(note)
        const secondId = rng.uuid()
        versionRows.push({
          id: secondId,
          resourceId: id,
          version: 2,
          bodyJson: { type: 'doc', content: v2 },
          bodyHtml: renderDoc(v2),
          fields: fields.map((f) => f.field),
          changeNote: note,
          createdById: authorId,
          createdAt: new Date(revisedAt),
        })
        versions.push({ id: secondId, from: revisedAt })
        currentVersionId = secondId
      }
    }
    const summary = `${rng.pick(words.paragraphs)} ${kind === 'template' ? 'Заполните поля — и документ готов к печати.' : 'С примерами из практики ресурсных центров.'}`
    resourceRows.push({
      id,
      slug: `${slugify(`x ${base}`).replace(/^x-?/, '').slice(0, 50).replace(/-+$/, '')}-${i + 1}`,
      organisationId: org.id,
      kind,
      title,
      summary,
      topic,
      stage: STAGES[rng.weightedIndex([2, 3, 3, 2, 1, 1])]!,
      audience: rng.pick(['ngo', 'consultant', 'both'] as const),
      tags: rng.sample(words.tags, rng.int(2, 4)),
      status,
      source: 'authored',
      currentVersionId,
      createdById: authorId,
      createdAt,
      updatedAt: new Date(versions.at(-1)?.from ?? createdAt.getTime()),
    })
    if (status === 'published') {
      const list = byTopic.get(topic) ?? []
      // A quarter of the resources point at one to three others on the same topic.
      if (list.length > 3 && rng.chance(0.25)) {
        rng.sample(list.slice(-200), rng.int(1, 3)).forEach((relatedResourceId, position) => relatedRows.push({ id: rng.uuid(), resourceId: id, relatedResourceId, position }))
      }
      list.push(id)
      byTopic.set(topic, list)
    }
    generated.push({ id, kind, published: status !== 'draft', versions, seed: false })
    task.tick()
  }
  task.done()
  await insertBatched(ctx, toolkitResources, resourceRows, 'toolkit resources', 'toolkit_resources')
  await insertBatched(ctx, toolkitVersions, versionRows, 'toolkit versions', 'toolkit_versions')
  await insertBatched(ctx, toolkitRelated, relatedRows, 'toolkit related', 'toolkit_related')
  // The app's own search document (title, tags, summary, current text; Russian stemming), in one statement.
  await refreshToolkitSearchWhere(ctx.db, sql`${toolkitResources.source} = 'authored' and ${toolkitResources.searchVector} is null`)
  return generated
}

function rowsOf<R>(result: unknown): R[] {
  // postgres.js returns the rows themselves, PGlite an object holding them.
  return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[]
}

/** The seed library (imported by the courses step), as generated resources with their current version. */
async function seedResources(ctx: ScaleContext): Promise<Generated[]> {
  // The import stamps the real clock; in generated time the library was there before anyone used it (as the
  // courses step does for the seed courses). Same dates every run.
  const at = new Date(SEED_PUBLISHED_AT).toISOString()
  await ctx.db.execute(sql`update ${toolkitResources} set created_at = ${at}::timestamptz, updated_at = ${at}::timestamptz where source = 'content'`)
  await ctx.db.execute(sql`update ${toolkitVersions} v set created_at = ${at}::timestamptz + (v.version - 1) * interval '1 hour'
    from ${toolkitResources} r where r.id = v.resource_id and r.source = 'content'`)
  const rows = rowsOf<{ id: string; kind: Kind; version_id: string }>(
    await ctx.db.execute(sql`select r.id, r.kind, r.current_version_id as version_id from ${toolkitResources} r
      where r.source = 'content' and r.status = 'published' and r.current_version_id is not null order by r.slug`),
  )
  return rows.map((r) => ({ id: r.id, kind: r.kind, published: true, versions: [{ id: r.version_id, from: SEED_PUBLISHED_AT }], seed: true }))
}

/** Draws an index with probability proportional to its weight (binary search: there are thousands). */
function drawer(rng: Rng, weights: number[]) {
  const cumulative = new Float64Array(weights.length)
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0)
  const total = cumulative[cumulative.length - 1]!
  return () => {
    const r = rng.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid]! > r) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

const TEMPLATE_KINDS = ['view', 'generate_docx', 'generate_pdf', 'download'] as const
const TEMPLATE_WEIGHTS = [55, 30, 10, 5]
const OTHER_KINDS = ['view', 'download', 'generate_pdf'] as const
const OTHER_WEIGHTS = [78, 14, 8]

export const toolkitsStep: ScaleStep = {
  name: 'toolkits',
  async run(ctx) {
    const { rng } = ctx
    const authored = ctx.mentorOrgs.length ? await writeResources(ctx) : []
    const library = [...(await seedResources(ctx)), ...authored.filter((r) => r.published && r.versions.length)]
    if (library.length === 0 || ctx.centres.length === 0) return

    // Usage written by an earlier step without a version (the reporting step's dissemination rows, over the
    // seed library, whose resources have one version each) is pinned to the resource's current version, as the
    // app itself always records one.
    await ctx.db
      .update(toolkitUsage)
      .set({ versionId: sql`(select r.current_version_id from ${toolkitResources} r where r.id = ${toolkitUsage.resourceId})` })
      .where(isNull(toolkitUsage.versionId))

    // Some resources draw far more use than others; the seed library most of all.
    const drawResource = drawer(rng, library.map((r) => (r.seed ? SEED_POPULARITY : 1) * rng.spread(1.2)))
    const centres = ctx.centres.map((c) => ({ id: c.id, people: ctx.people.get(c.id)! }))
    const drawCentre = drawer(rng, centres.map(() => rng.spread(0.8)))
    const uses = Math.max(500, Math.round(USES * ctx.scale))

    await withBulkLoad(ctx, ['toolkit_usage'], async () => {
      const writer = batchWriter(ctx, toolkitUsage, 'toolkit_usage')
      const task = ctx.progress.start('toolkit usage', uses)
      for (let i = 0; i < uses; i++) {
        const centre = centres[drawCentre()]!
        const { people } = centre
        const userId = rng.chance(0.5) ? people.leader : rng.pick([people.leader, ...people.staff, ...people.volunteers.slice(0, 20)])
        const resource = library[drawResource()]!
        const from = Math.max(resource.versions[0]!.from, Date.parse('2025-01-01'))
        const at = from + Math.floor(rng.next() * Math.max(DAY_MS, SCALE_NOW - from))
        let versionId = resource.versions[0]!.id
        for (const v of resource.versions) if (v.from <= at) versionId = v.id
        const kind = resource.kind === 'template' ? TEMPLATE_KINDS[rng.weightedIndex(TEMPLATE_WEIGHTS)]! : OTHER_KINDS[rng.weightedIndex(OTHER_WEIGHTS)]!
        await writer.push({ resourceId: resource.id, versionId, organisationId: centre.id, userId, kind, createdAt: new Date(Math.min(at, SCALE_NOW)) })
        task.tick()
      }
      await writer.done()
      task.done()
    })
    // The library's tables are not in SCALE_TABLES (a reset leaves the seed library in them, as a fresh
    // database has it), so the final VACUUM ANALYZE does not see them: give the planner their statistics here.
    await ctx.db.execute(sql`analyze toolkit_resources, toolkit_versions, toolkit_related`)
  },
}
