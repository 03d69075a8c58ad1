// Factories and request helpers for integration tests. Records are built with db/builders.ts,
// the same code the demo seed and the scale generator use.
import { addMember, innFor, insertOrganisation, insertProgramme, insertUser, ogrnFor } from '#db/builders.ts'
import { eventAudienceCentres, events, type MembershipRole, type OrganisationKind } from '#db/schema/index.ts'
import { generateCheckInCode } from '#app/models/event.server.ts'
import { getDatabaseHandle } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { createSession, SESSION_COOKIE } from '#app/utils/session.server.ts'

export const TEST_PASSWORD = 'correct horse battery'

export function testDb() {
  return getDatabaseHandle().db
}

let passwordHash: Promise<string> | undefined
function testPasswordHash() {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  return passwordHash
}

let counter = 0
export function unique(prefix = 'x') {
  counter += 1
  return `${prefix}${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`
}

export async function createOrganisation(
  overrides: Partial<{ kind: OrganisationKind; name: string; regionCode: string; city: string; published: boolean }> = {},
) {
  counter += 1
  const regionCode = overrides.regionCode ?? '59'
  const n = Math.floor(Math.random() * 9_000_000) + counter
  return insertOrganisation(testDb(), {
    kind: overrides.kind ?? 'centre',
    name: overrides.name ?? `Тестовый центр ${unique()}`,
    regionCode,
    city: overrides.city ?? 'Пермь',
    inn: innFor(regionCode, n),
    ogrn: ogrnFor(regionCode, n),
    published: overrides.published ?? false,
  })
}

export async function createUser(overrides: Partial<{ name: string; email: string; isAdmin: boolean; withPassword: boolean }> = {}) {
  return insertUser(testDb(), {
    email: overrides.email ?? `${unique('user')}@test.example`,
    name: overrides.name ?? 'Тестовый Пользователь',
    isAdmin: overrides.isAdmin ?? false,
    passwordHash: overrides.withPassword === false ? null : await testPasswordHash(),
    regionCode: '59',
    timeZone: 'Asia/Yekaterinburg',
  })
}

export async function createMember(organisationId: string, role: MembershipRole) {
  const user = await createUser()
  await addMember(testDb(), user.id, organisationId, role)
  return user
}

export async function createProgramme(mentorOrganisationId: string, centreIds: string[], managerIds: string[] = []) {
  return insertProgramme(
    testDb(),
    {
      name: `Программа ${unique()}`,
      funder: 'Фонд президентских грантов',
      startsOn: '2026-03-01',
      endsOn: '2027-08-31',
      mentorOrganisationId,
    },
    centreIds,
    managerIds,
  )
}

/**
 * A small world most permission tests need: a mentor organisation with a programme over two centres,
 * a third centre outside it, and one person of each role.
 */
export async function createWorld() {
  const mentorOrg = await createOrganisation({ kind: 'mentor', name: `Наставник ${unique()}` })
  const centreA = await createOrganisation({ regionCode: '61', city: 'Ростов-на-Дону' })
  const centreB = await createOrganisation({ regionCode: '27', city: 'Хабаровск' })
  const outsider = await createOrganisation({ regionCode: '39', city: 'Калининград' })
  const admin = await createUser({ isAdmin: true })
  const manager = await createMember(mentorOrg.id, 'staff')
  const mentor = await createMember(mentorOrg.id, 'mentor')
  const leaderA = await createMember(centreA.id, 'leader')
  const staffA = await createMember(centreA.id, 'staff')
  const leaderB = await createMember(centreB.id, 'leader')
  const outsiderLeader = await createMember(outsider.id, 'leader')
  const noOrg = await createUser()
  const programme = await createProgramme(mentorOrg.id, [centreA.id, centreB.id], [manager.id])
  return { mentorOrg, centreA, centreB, outsider, admin, manager, mentor, leaderA, staffA, leaderB, outsiderLeader, noOrg, programme }
}

export async function sessionCookieFor(userId: string) {
  const { token } = await createSession(testDb(), userId)
  return `${SESSION_COOKIE}=${token}`
}

type RequestOptions = {
  method?: string
  /** A signed-in user's id, or a ready cookie header. */
  as?: { id: string } | string | null
  form?: Record<string, string | string[]>
  headers?: Record<string, string>
}

export async function makeRequest(path: string, options: RequestOptions = {}) {
  const headers = new Headers(options.headers)
  if (options.as) {
    headers.set('Cookie', typeof options.as === 'string' ? options.as : await sessionCookieFor(options.as.id))
  }
  let body: FormData | undefined
  if (options.form) {
    body = new FormData()
    for (const [key, value] of Object.entries(options.form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
    }
  }
  return new Request(`http://localhost${path}`, {
    method: options.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
  })
}

export type RouteResult = {
  status: number
  data: unknown
  headers: Headers
  /** Where a redirect points. */
  location: string | null
}

function isDataWithInit(value: unknown): value is { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null } {
  return typeof value === 'object' && value !== null && (value as { type?: string }).type === 'DataWithResponseInit'
}

async function normalise(value: unknown): Promise<RouteResult> {
  if (value instanceof Response) {
    const text = await value.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // not JSON: keep the text
    }
    return { status: value.status, data: parsed, headers: value.headers, location: value.headers.get('Location') }
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers)
    return { status: value.init?.status ?? 200, data: value.data, headers, location: headers.get('Location') }
  }
  return { status: 200, data: value, headers: new Headers(), location: null }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RouteFn = (args: any) => unknown

/** Calls a loader or an action the way Remix would, turning thrown responses into results. */
export async function callRoute(
  fn: RouteFn,
  path: string,
  options: RequestOptions & { params?: Record<string, string>; ip?: string } = {},
): Promise<RouteResult> {
  const request = await makeRequest(path, options)
  // Each call comes from its own address unless a test says otherwise, so per-address limits stay out of the way.
  const context = { clientIp: options.ip ?? unique('ip-') }
  try {
    return await normalise(await fn({ request, params: options.params ?? {}, context }))
  } catch (error) {
    if (error instanceof Response || isDataWithInit(error)) return normalise(error)
    throw error
  }
}

/** An event of a programme, starting in `inHours` hours (negative for the past). */
export async function createEvent(
  values: {
    programmeId: string
    organiserId: string
    hostId?: string | null
    title?: string
    inHours?: number
    durationHours?: number
    timeZone?: string
    capacity?: number | null
    audience?: 'programme' | 'centres'
    audienceCentreIds?: string[]
    isPublic?: boolean
    kind?: (typeof events.kind.enumValues)[number]
  },
) {
  // Whole minutes, as people schedule them (and as iCalendar carries them).
  const start = new Date(Math.floor((Date.now() + (values.inHours ?? 48) * 3600_000) / 60_000) * 60_000)
  const [event] = await testDb()
    .insert(events)
    .values({
      kind: values.kind ?? 'online_seminar',
      title: values.title ?? `Семинар ${unique()}`,
      programmeId: values.programmeId,
      organiserId: values.organiserId,
      hostId: values.hostId ?? null,
      startsAt: start,
      endsAt: new Date(start.getTime() + (values.durationHours ?? 2) * 3600_000),
      timeZone: values.timeZone ?? 'Europe/Moscow',
      onlineUrl: 'https://meet.example.org/seminar',
      capacity: values.capacity ?? null,
      audience: values.audience ?? 'programme',
      isPublic: values.isPublic ?? false,
      checkInCode: generateCheckInCode(),
    })
    .returning()
  if (values.audienceCentreIds?.length) {
    await testDb()
      .insert(eventAudienceCentres)
      .values(values.audienceCentreIds.map((organisationId) => ({ eventId: event!.id, organisationId })))
  }
  return event!
}
