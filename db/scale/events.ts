// The schedule: ~50,000 events over the programmes' periods (2024–2028), with series, audiences of chosen
// centres and the workshop blocks of field sessions. Registrations and attendance follow in ./attendance.ts.
import { DateTime } from 'luxon'
import {
  eventAudienceCentres,
  eventBlocks,
  events,
  eventSeries,
  type EventKind,
  type NewEvent,
} from '../schema/index.ts'
import { regionByCode } from '../reference/regions.ts'
import { insertStreamed, SCALE_NOW, withBulkLoad, type OrgRef, type ProgrammeRef, type ScaleStep } from './context.ts'
import { STREETS } from './geography.ts'
import { FEMALE_NAMES, feminineSurname, MALE_NAMES, SURNAMES } from './names.ts'
import { apportion, type Rng } from './random.ts'

const DAY_MS = 24 * 60 * 60 * 1000
/** Events are planned about half a year ahead; further out the schedule is only half filled. */
const PLANNED_AHEAD_MS = 180 * DAY_MS
const FAR_FUTURE_DENSITY = 0.5
const CANCELLED_SHARE = 0.03
const CHANGED_SHARE = 0.1

type KindProfile = {
  weight: number
  /** Share of these events meant for chosen centres rather than the whole programme. */
  centres: number
  /** Share with a limited number of places (15–60). */
  capacity: number
  public: number
  /** Chance that picking this kind starts a series (4–10 sessions) rather than a single event. */
  series: number
  online: number
}

const KINDS: Record<EventKind, KindProfile> = {
  online_seminar: { weight: 36, centres: 0.05, capacity: 0.15, public: 0.2, series: 0.06, online: 1 },
  consultation: { weight: 20, centres: 0.6, capacity: 0.1, public: 0, series: 0, online: 0.85 },
  network_meeting: { weight: 16, centres: 0.05, capacity: 0.5, public: 0.05, series: 0.04, online: 0.7 },
  training: { weight: 14, centres: 0.1, capacity: 1, public: 0.05, series: 0.06, online: 0.5 },
  field_session: { weight: 12, centres: 0.35, capacity: 1, public: 0.05, series: 0, online: 0 },
  conference: { weight: 2, centres: 0, capacity: 0, public: 0.8, series: 0, online: 0.3 },
}
const KIND_LIST = Object.keys(KINDS) as EventKind[]
const KIND_WEIGHTS = KIND_LIST.map((k) => KINDS[k].weight)

/** Wall-clock starts, local time of the event's zone. */
const START_TIMES = ['10:00', '10:00', '11:00', '11:00', '12:00', '14:00', '14:00', '15:00', '16:00'] as const
const DURATIONS = [60, 90, 90, 120, 120, 150, 180] as const

const TOPICS = [
  'Грантовая заявка: от идеи до бюджета',
  'Отчётность НКО в Минюст',
  'Фандрайзинг для малых НКО',
  'Работа с волонтёрами',
  'Социальное предпринимательство',
  'Реестр поставщиков социальных услуг',
  'НКО и СМИ',
  'Оценка социальных результатов',
  'Бухгалтерия и налоги НКО',
  'Персональные данные в НКО',
  'Стратегическое планирование',
  'Муниципальная поддержка НКО',
  'Партнёрство с бизнесом',
  'Управление проектами',
  'Цифровые инструменты для НКО',
  'Сообщество вокруг ресурсного центра',
  'Консультирование НКО: стандарты услуги',
  'Проверки НКО: как подготовиться',
  'Президентские гранты: типичные ошибки',
  'Регистрация НКО: пошаговый разбор',
  'Школа социального проектирования',
  'Эффективный сайт и соцсети НКО',
  'Команда ресурсного центра',
  'Мониторинг и оценка программ',
  'Благотворительные сборы онлайн',
  'Корпоративное волонтёрство',
  'Социальные услуги: субсидии и компенсации',
  'Публичный годовой отчёт',
  'Наставничество в НКО',
  'Договоры и трудовые отношения в НКО',
  'Работа с органами власти',
  'Инициативные группы в малых городах',
  'Устойчивость ресурсного центра',
  'Сетевое взаимодействие ресурсных центров',
  'Диагностика организации',
  'Кейсы регионов: что сработало',
  'Проектный офис НКО',
  'Медиаплан на год',
  'Профилактика выгорания в НКО',
  'Тиражирование успешных практик',
] as const

const SERIES_NAMES = [
  'Школа грантрайтинга',
  'Академия руководителя НКО',
  'Цикл «Финансы НКО»',
  'Школа социального проектирования',
  'Лаборатория коммуникаций',
  'Клуб бухгалтеров НКО',
  'Школа консультанта ресурсного центра',
  'Цикл «Право для НКО»',
] as const

const CONFERENCES = [
  'Межрегиональная конференция ресурсных центров',
  'Форум НКО',
  'Итоговая конференция программы',
  'Форум «Гражданские инициативы регионов»',
  'Конференция «Сильные НКО — сильные регионы»',
] as const

const DESCRIPTIONS = [
  'Разберём практические случаи участников и ответим на вопросы. Материалы и запись пришлём после встречи.',
  'Для руководителей и специалистов ресурсных центров программы. Подготовьте вопросы заранее.',
  'Ведущие — наставники программы. В конце — ответы на вопросы и домашнее задание.',
  'Встреча в формате мастерской: короткие выступления, работа в группах, обсуждение результатов.',
  'Приглашаем команды центров: расскажем о новых требованиях и поделимся шаблонами документов.',
] as const

const BLOCK_TITLES = [
  'Знакомство, ожидания участников',
  'Диагностика: сильные стороны и зоны роста',
  'Разбор кейсов центра',
  'Работа в группах',
  'Встреча с партнёрами и местными НКО',
  'Консультации по запросам',
  'План развития на полгода',
  'Подведение итогов',
] as const

const CHECK_IN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** The app's generateCheckInCode, drawn from the step's stream instead of crypto so it repeats with the seed. */
function checkInCode(rng: Rng) {
  let code = ''
  for (let i = 0; i < 6; i++) code += CHECK_IN_ALPHABET[Math.floor(rng.next() * CHECK_IN_ALPHABET.length)]
  return code
}

function zoneOf(regionCode: string) {
  return regionByCode(regionCode)?.timeZone ?? 'Europe/Moscow'
}

function personName(rng: Rng) {
  return rng.chance(0.62)
    ? `${rng.pick(FEMALE_NAMES)} ${feminineSurname(rng.pick(SURNAMES))}`
    : `${rng.pick(MALE_NAMES)} ${rng.pick(SURNAMES)}`
}

function paragraphDoc(text: string) {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
}

/** Weight of a programme's period in the schedule: past and near-future days count fully, later days half. */
function scheduledDays(p: ProgrammeRef) {
  const s = Date.parse(p.startsOn)
  const e = Date.parse(p.endsOn) + DAY_MS
  const seg = (a: number, b: number) => Math.max(0, Math.min(e, b) - Math.max(s, a)) / DAY_MS
  const horizon = SCALE_NOW + PLANNED_AHEAD_MS
  return seg(-Infinity, horizon) + FAR_FUTURE_DENSITY * seg(horizon, Infinity)
}

/** A day of the programme's period (UTC midnight), with the far future half as likely; Monday to Friday if asked. */
function sampleDay(rng: Rng, p: ProgrammeRef, weekdaysOnly: boolean) {
  const s = Date.parse(p.startsOn)
  const e = Date.parse(p.endsOn)
  for (;;) {
    const t = s + Math.floor(rng.next() * ((e - s) / DAY_MS + 1)) * DAY_MS
    const weekday = new Date(t).getUTCDay()
    if (weekdaysOnly && (weekday === 0 || weekday === 6)) continue
    if (t <= SCALE_NOW + PLANNED_AHEAD_MS || rng.chance(FAR_FUTURE_DENSITY)) return t
  }
}

/** Local wall-clock time on a day, in a zone, as a Luxon DateTime. */
function localStart(day: number, time: string, zone: string) {
  const date = new Date(day)
  const [hour, minute] = time.split(':').map(Number) as [number, number]
  return DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute },
    { zone },
  )
}

export const eventsStep: ScaleStep = {
  name: 'events',
  async run(ctx) {
    const { rng } = ctx
    const eventRows: NewEvent[] = []
    const seriesRows: (typeof eventSeries.$inferInsert)[] = []
    const audienceRows: (typeof eventAudienceCentres.$inferInsert)[] = []
    const blockRows: (typeof eventBlocks.$inferInsert)[] = []
    const centresById = new Map<string, OrgRef>(ctx.centres.map((c) => [c.id, c]))
    const mentorsById = new Map<string, OrgRef>(ctx.mentorOrgs.map((o) => [o.id, o]))
    ctx.events = []

    // Busier programmes: longer periods (weighted towards what is already planned) and more centres.
    const perProgramme = apportion(
      ctx.plan.events,
      ctx.programmes.map((p) => scheduledDays(p) * Math.sqrt(p.centreIds.length)),
      1,
    )
    const task = ctx.progress.start('events (built)', ctx.plan.events)

    ctx.programmes.forEach((programme, programmeIndex) => {
      const organiser = mentorsById.get(programme.mentorOrganisationId)!
      const organiserPeople = ctx.people.get(organiser.id)!
      const markers = organiserPeople.mentors.length ? organiserPeople.mentors : [organiserPeople.leader]
      const organiserZone = zoneOf(organiser.regionCode)
      const programmeEnd = Date.parse(programme.endsOn) + DAY_MS

      type Shape = {
        kind: EventKind
        title: string
        hostId: string | null
        timeZone: string
        onlineUrl: string | null
        address: string | null
        capacity: number | null
        audienceCentreIds: string[] | null
        isPublic: boolean
        description: string | null
        createdById: string
        seriesId: string | null
      }

      const shapeOf = (kind: EventKind, title: string): Shape => {
        const profile = KINDS[kind]
        let hostId: string | null = null
        let timeZone = organiserZone
        let address: string | null = null
        let onlineUrl: string | null = null
        let audienceCentreIds: string[] | null = null
        if (kind === 'field_session') {
          const host = centresById.get(rng.pick(programme.centreIds))!
          hostId = host.id
          timeZone = zoneOf(host.regionCode)
          address = `г. ${host.city}, ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}`
          title = `${title} — ${host.city}`
          if (rng.chance(profile.centres)) {
            // The host and a few neighbours of the programme.
            const others = programme.centreIds.filter((id) => id !== host.id)
            audienceCentreIds = [host.id, ...rng.sample(others, rng.int(0, 4))]
          }
        } else {
          if (rng.chance(profile.online)) onlineUrl = `https://meet.example.org/rsn-${rng.uuid().slice(0, 8)}`
          else address = `г. ${organiser.city}, ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}`
          if (kind === 'conference' && address) onlineUrl = `https://stream.example.org/rsn-${rng.uuid().slice(0, 8)}`
          if (rng.chance(profile.centres)) {
            audienceCentreIds = rng.sample(programme.centreIds, kind === 'consultation' ? rng.int(1, 2) : rng.int(1, 5))
          }
        }
        return {
          kind,
          title,
          hostId,
          timeZone,
          onlineUrl,
          address,
          capacity: rng.chance(profile.capacity) ? rng.int(3, 12) * 5 : null,
          audienceCentreIds,
          isPublic: rng.chance(profile.public),
          description: rng.chance(0.7) ? rng.pick(DESCRIPTIONS) : null,
          createdById: rng.pick(markers),
          seriesId: null,
        }
      }

      const addEvent = (
        shape: Shape,
        starts: DateTime,
        minutes: number,
        series?: { index: number; createdAt: number },
      ) => {
        const startsAt = starts.toMillis()
        const endsAt =
          shape.kind === 'field_session'
            ? starts
                .plus({ days: rng.int(1, 3) - 1 })
                .set({ hour: 17, minute: 0 })
                .toMillis()
            : startsAt + minutes * 60_000
        // Scheduled two weeks to three months ahead (a series: all at once), and never after "now".
        const createdAt =
          series?.createdAt ??
          Math.min(startsAt - rng.int(14, 90) * DAY_MS, SCALE_NOW - rng.int(1, 60) * DAY_MS) - rng.int(0, 36_000) * 1000
        const cancelled = rng.chance(CANCELLED_SHARE)
        const changed = !cancelled && rng.chance(CHANGED_SHARE)
        const lastChange = Math.min(startsAt, SCALE_NOW)
        const cancelledAt = cancelled ? createdAt + Math.floor(rng.next() * Math.max(0, lastChange - createdAt)) : null
        const updatedAt =
          cancelledAt ??
          (changed ? createdAt + Math.floor(rng.next() * Math.max(0, lastChange - createdAt)) : createdAt)
        const id = rng.uuid()
        eventRows.push({
          id,
          kind: shape.kind,
          title: shape.title,
          descriptionJson: shape.description ? paragraphDoc(shape.description) : null,
          descriptionHtml: shape.description ? `<p>${shape.description}</p>` : null,
          programmeId: programme.id,
          organiserId: organiser.id,
          hostId: shape.hostId,
          startsAt: new Date(startsAt),
          endsAt: new Date(endsAt),
          timeZone: shape.timeZone,
          onlineUrl: shape.onlineUrl,
          address: shape.address,
          capacity: shape.capacity,
          audience: shape.audienceCentreIds ? 'centres' : 'programme',
          isPublic: shape.isPublic,
          status: cancelled ? 'cancelled' : 'scheduled',
          sequence: cancelled ? rng.int(1, 3) : changed ? rng.int(1, 2) : 0,
          seriesId: shape.seriesId,
          seriesIndex: series?.index ?? null,
          checkInCode: checkInCode(rng),
          createdById: shape.createdById,
          createdAt: new Date(createdAt),
          updatedAt: new Date(updatedAt),
          cancelledAt: cancelledAt === null ? null : new Date(cancelledAt),
        })
        for (const organisationId of shape.audienceCentreIds ?? []) audienceRows.push({ eventId: id, organisationId })
        if (shape.kind === 'field_session') {
          // Two or three workshop blocks a day, in the host's local time.
          const days = Math.round((endsAt - startsAt) / DAY_MS) + 1
          for (let d = 0; d < days; d++) {
            const day = starts.plus({ days: d })
            const slots = rng.chance(0.5)
              ? [
                  [10, 12],
                  [13, 15],
                  [15, 17],
                ]
              : [
                  [10, 13],
                  [14, 17],
                ]
            for (const [from, to] of slots as [number, number][]) {
              blockRows.push({
                id: rng.uuid(),
                eventId: id,
                title: rng.pick(BLOCK_TITLES),
                trainer: rng.chance(0.8) ? personName(rng) : null,
                startsAt: day.set({ hour: from, minute: 0 }).toJSDate(),
                endsAt: day.set({ hour: to, minute: 0 }).toJSDate(),
              })
            }
          }
        }
        ctx.events.push({
          id,
          programme: programmeIndex,
          organiserId: organiser.id,
          kind: shape.kind,
          startsAt,
          endsAt,
          createdAt,
          cancelled,
          capacity: shape.capacity,
          audienceCentreIds: shape.audienceCentreIds,
        })
        task.tick()
      }

      let left = perProgramme[programmeIndex]!
      while (left > 0) {
        const kind = KIND_LIST[rng.weightedIndex(KIND_WEIGHTS)]!
        const profile = KINDS[kind]
        const time = rng.pick(START_TIMES)
        const minutes = kind === 'conference' ? 180 : rng.pick(DURATIONS)
        if (left >= 4 && rng.chance(profile.series)) {
          // A cycle of 4–10 sessions at the same local time; the last ones may fall after the programme ends.
          const name = rng.pick(SERIES_NAMES)
          const topic = rng.pick(TOPICS)
          const frequency = rng.pick(['weekly', 'biweekly', 'biweekly', 'monthly'] as const)
          const planned = Math.min(left, rng.int(4, 10))
          const first = localStart(sampleDay(rng, programme, true), time, organiserZone)
          const dates: DateTime[] = []
          for (let i = 0; i < planned; i++) {
            const at =
              frequency === 'monthly'
                ? first.plus({ months: i })
                : first.plus({ weeks: i * (frequency === 'weekly' ? 1 : 2) })
            if (at.toMillis() >= programmeEnd) break
            dates.push(at)
          }
          const seriesId = rng.uuid()
          const shape = shapeOf(kind, `${name}: ${topic}`)
          shape.seriesId = seriesId
          const createdAt = Math.min(first.toMillis() - rng.int(14, 60) * DAY_MS, SCALE_NOW - rng.int(1, 60) * DAY_MS)
          seriesRows.push({
            id: seriesId,
            frequency,
            localStartTime: time,
            durationMinutes: minutes,
            timeZone: shape.timeZone,
            firstDate: first.toISODate()!,
            count: dates.length,
            untilDate: null,
            createdById: shape.createdById,
            createdAt: new Date(createdAt),
          })
          const base = shape.title
          dates.forEach((at, i) => {
            shape.title = `${base} (занятие ${i + 1} из ${dates.length})`
            addEvent(shape, at, minutes, { index: i + 1, createdAt })
          })
          left -= dates.length
          continue
        }
        // Field sessions may run over a weekend; everything else is on working days.
        const day = sampleDay(rng, programme, kind !== 'field_session')
        let title: string
        switch (kind) {
          case 'online_seminar':
            title = rng.chance(0.5) ? `Онлайн-семинар «${rng.pick(TOPICS)}»` : `Вебинар: ${rng.pick(TOPICS)}`
            break
          case 'consultation':
            title = `Консультация: ${rng.pick(TOPICS)}`
            break
          case 'network_meeting':
            title = `Сетевая встреча ресурсных центров: ${rng.pick(TOPICS)}`
            break
          case 'training':
            title = `Тренинг «${rng.pick(TOPICS)}»`
            break
          case 'field_session':
            title = `Выездная сессия «${rng.pick(TOPICS)}»`
            break
          case 'conference':
            title = `${rng.pick(CONFERENCES)} ${new Date(day).getUTCFullYear()}`
            break
        }
        const shape = shapeOf(kind, title)
        const starts = localStart(day, kind === 'field_session' ? '10:00' : time, shape.timeZone)
        addEvent(shape, starts, minutes)
        left -= 1
      }
    })
    task.done()

    await withBulkLoad(ctx, ['event_series', 'events', 'event_audience_centres', 'event_blocks'], async () => {
      await insertStreamed(ctx, eventSeries, seriesRows, 'event series', 'event_series')
      await insertStreamed(ctx, events, eventRows, 'events')
      await insertStreamed(ctx, eventAudienceCentres, audienceRows, 'event audiences', 'event_audience_centres')
      await insertStreamed(ctx, eventBlocks, blockRows, 'event blocks', 'event_blocks')
    })
  },
}
