// The content of a period report — the same shape live (a draft) and frozen (a submitted report's snapshot)
// — and small helpers the pages, exports and the server share. No server code here: pages import it.

/** Where a calendar-plan entry stands (see activityStatus in app/models/reporting-setup.server.ts). */
export type ActivityStatus = 'done' | 'late' | 'inProgress' | 'overdue' | 'planned'

export type ReportActivity = {
  id: string
  title: string
  description: string | null
  isControlPoint: boolean
  plannedStartOn: string
  plannedEndOn: string
  actualStartOn: string | null
  actualEndOn: string | null
  result: string | null
  status: ActivityStatus
}

export type ReportEventStatus = 'held' | 'cancelled' | 'upcoming'

export type ReportEvent = {
  id: string
  title: string
  kind: string
  /** Local date and time where the event takes place, and its zone. */
  date: string
  time: string
  endDate: string
  timeZone: string
  hostName: string | null
  status: ReportEventStatus
  participants: number
  centres: number
}

export type ReportIndicator = {
  id: string
  name: string
  unit: string
  source: 'computed' | 'manual'
  computationKey: string | null
  params: Record<string, string>
  /** The period's target and value. */
  periodTarget: number | null
  periodValue: number | null
  /** From the programme's start to the period's end. */
  cumulativeValue: number | null
  totalTarget: number | null
  /** Cumulative value as a share of the total target, 0…∞ (1 = done), or null without a target. */
  completion: number | null
  evidence: { value: number; url: string | null; fileName: string | null; attachmentId: string | null; note: string | null }[]
}

export type ReportStageChange = {
  centreId: string
  centreName: string
  date: string
  from: string
  to: string
  fromTitle: string
  toTitle: string
  fromTitleEn: string
  toTitleEn: string
  direction: 'up' | 'down' | 'same'
  reason: string | null
}

export type ReportAssessmentChange = {
  centreId: string
  centreName: string
  beforeOn: string | null
  before: number | null
  afterOn: string
  after: number
  change: number | null
}

export type ReportNarrative = {
  activityDescription: string
  qualitativeResults: string
  feedback: string
  commentary: string
  publications: string[]
}

export type ReportContent = {
  version: number
  /** When the figures were computed (submission time for a frozen report). */
  generatedAt: string
  /** The day statuses were judged on (events held, activities overdue). */
  asOfDate: string
  programme: {
    id: string
    name: string
    funder: string
    competition: string | null
    grantNumber: string | null
    amount: string | null
    coFinancing: string | null
    startsOn: string
    endsOn: string
    mentorName: string
    centres: number
    regions: number
  }
  period: { id: string; label: string; startsOn: string; endsOn: string }
  controlPoints: ReportActivity[]
  activities: ReportActivity[]
  events: {
    planned: number
    held: number
    cancelled: number
    upcoming: number
    participants: number
    visits: number
    centresReached: number
    byKind: { kind: string; planned: number; held: number; cancelled: number; participants: number }[]
    list: ReportEvent[]
  }
  indicators: ReportIndicator[]
  stageChanges: ReportStageChange[]
  assessmentChanges: ReportAssessmentChange[]
  narrative: ReportNarrative
  submittedBy?: { id: string | null; name: string | null } | null
  submittedAt?: string | null
}


/** One publication a line: a link, with a title before it if wanted («Статья в «Вечерней Перми» — https://…»). */
export function splitPublications(text: string | null | undefined) {
  return (text ?? '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean)
}

const URL_IN_LINE = /https?:\/\/[^\s<>"«»]+/i

/** The link inside a publication line, if it is a well-formed http(s) address. */
export function publicationUrl(line: string) {
  const match = URL_IN_LINE.exec(line)
  if (!match) return null
  try {
    const url = new URL(match[0].replace(/[.,;:)]+$/, ''))
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null
  } catch {
    return null
  }
}


/** A report as pages show it: each indicator with its computation described in the reader's language. */
export type ShownReport = Omit<ReportContent, 'indicators'> & {
  indicators: (ReportIndicator & { computation: string })[]
}

/** Choices of the indicator form (built on the server from the indicator catalogue). */
export type IndicatorChoices = {
  computations: { value: string; label: string }[]
  params: { name: string; label: string; hint: string; options: { value: string; label: string }[] }[]
}

/** A completion share as a whole percentage, and the nearest 5 % step for the progress bar's CSS class. */
export function completionPercent(share: number | null) {
  if (share === null || !Number.isFinite(share)) return null
  return Math.round(share * 100)
}

export function progressClass(share: number | null) {
  const percent = Math.max(0, Math.min(100, completionPercent(share) ?? 0))
  return `progress-bar progress-${Math.round(percent / 5) * 5}`
}

/**
 * A stored quantity (numeric(14,2) as text, «24.00») as a person would type it: «24», «12,5» in Russian,
 * «12.5» in English. The form accepts either separator back.
 */
export function quantityForInput(value: string | null | undefined, locale: 'ru' | 'en') {
  if (value === null || value === undefined || value === '') return ''
  const n = Number(value)
  if (!Number.isFinite(n)) return value
  const text = String(n)
  return locale === 'ru' ? text.replace('.', ',') : text
}
