import ICAL from 'ical.js'
import { and, eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { events, memberships, outbox, registrations } from '#db/schema/index.ts'
import { loader as feedLoader } from '#app/routes/calendar.$token[.]ics.ts'
import { loader as programmeFeedLoader } from '#app/routes/calendar.programme.$id[.]ics.ts'
import { action as settingsAction, loader as settingsLoader } from '#app/routes/settings.tsx'
import { getFeedToken, regenerateFeedToken } from '#app/models/calendar.server.ts'
import { registerForEvent, unregisterFromEvent } from '#app/models/event.server.ts'
import { sendDueReminders } from '#app/models/reminders.server.ts'
import { eventUid } from '#app/utils/ical.server.ts'
import { callRoute, createEvent, createWorld, testDb } from '#tests/db-utils.ts'

let world: Awaited<ReturnType<typeof createWorld>>

beforeAll(async () => {
  world = await createWorld()
})

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  for (const tz of component.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz))
  return component.getAllSubcomponents('vevent').map((v) => ({ vevent: v, event: new ICAL.Event(v) }))
}

async function feedOf(userId: string) {
  const token = (await getFeedToken(testDb(), userId))?.token ?? (await regenerateFeedToken(testDb(), userId))
  const result = await fetchFeed(token)
  expect(result.status).toBe(200)
  return parse(result.body)
}

async function fetchFeed(token: string) {
  try {
    const response = (await feedLoader({ request: new Request(`http://localhost/calendar/${token}.ics`), params: { token }, context: {} })) as Response
    return { status: response.status, type: response.headers.get('Content-Type'), body: await response.text() }
  } catch (error) {
    if (error instanceof Response) return { status: error.status, type: error.headers.get('Content-Type'), body: await error.text() }
    throw error
  }
}

describe('personal feed', () => {
  test('holds the events a person registered for, in their zones, and nothing else', async () => {
    const novosibirsk = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, timeZone: 'Asia/Novosibirsk', inHours: 30 })
    const kamchatka = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, timeZone: 'Asia/Kamchatka', inHours: 60 })
    const other = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, inHours: 70 })
    for (const e of [novosibirsk, kamchatka]) {
      await testDb().transaction((tx) => registerForEvent(tx, { eventId: e.id, userId: world.staffA.id, organisationId: world.centreA.id }))
    }
    const token = await regenerateFeedToken(testDb(), world.staffA.id)
    const response = await fetchFeed(token)
    expect(response.type).toBe('text/calendar; charset=utf-8')
    const items = parse(response.body)
    const uids = items.map((i) => i.event.uid)
    expect(uids).toContain(eventUid(novosibirsk.id))
    expect(uids).toContain(eventUid(kamchatka.id))
    expect(uids).not.toContain(eventUid(other.id))
    const k = items.find((i) => i.event.uid === eventUid(kamchatka.id))!
    expect(k.event.startDate.toJSDate().toISOString()).toBe(kamchatka.startsAt.toISOString())
    expect(k.event.startDate.zone?.tzid).toBe('Asia/Kamchatka')
  })

  test('a new address replaces the old one at once; a malformed one is a 404', async () => {
    const first = await regenerateFeedToken(testDb(), world.leaderB.id)
    expect((await fetchFeed(first)).status).toBe(200)
    const second = await regenerateFeedToken(testDb(), world.leaderB.id)
    expect(second).not.toBe(first)
    expect((await fetchFeed(first)).status).toBe(404)
    expect((await fetchFeed(second)).status).toBe(200)
    expect((await fetchFeed('../../etc/passwd')).status).toBe(404)
  })

  test('changes raise SEQUENCE; cancellations stay in the feed marked cancelled', async () => {
    const event = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, inHours: 80 })
    await testDb().transaction((tx) => registerForEvent(tx, { eventId: event.id, userId: world.leaderA.id, organisationId: world.centreA.id }))
    await testDb().update(events).set({ status: 'cancelled', sequence: 2, cancelledAt: new Date() }).where(eq(events.id, event.id))
    const item = (await feedOf(world.leaderA.id)).find((i) => i.event.uid === eventUid(event.id))!
    expect(item.vevent.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(item.event.summary).toMatch(/^ОТМЕНЕНО: /)
    expect(item.event.sequence).toBe(2)
  })

  test('leaving an event turns it cancelled in that person\'s feed, with a higher SEQUENCE', async () => {
    const event = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, inHours: 90 })
    await testDb().transaction((tx) => registerForEvent(tx, { eventId: event.id, userId: world.staffA.id, organisationId: world.centreA.id }))
    await testDb().transaction((tx) => unregisterFromEvent(tx, { eventId: event.id, userId: world.staffA.id }))
    const item = (await feedOf(world.staffA.id)).find((i) => i.event.uid === eventUid(event.id))!
    expect(item.vevent.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(item.event.sequence).toBe(1)
  })

  test('a mentor gets every event of their organisation; a person who left the centre loses its events', async () => {
    const event = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, inHours: 100 })
    expect((await feedOf(world.mentor.id)).map((i) => i.event.uid)).toContain(eventUid(event.id))

    const leaver = world.leaderB
    await testDb().transaction((tx) => registerForEvent(tx, { eventId: event.id, userId: leaver.id, organisationId: world.centreB.id }))
    expect((await feedOf(leaver.id)).map((i) => i.event.uid)).toContain(eventUid(event.id))
    await testDb().delete(memberships).where(and(eq(memberships.userId, leaver.id), eq(memberships.organisationId, world.centreB.id)))
    expect((await feedOf(leaver.id)).map((i) => i.event.uid)).not.toContain(eventUid(event.id))
  })
})

describe('programme feed', () => {
  test('only public events of the programme, for anyone', async () => {
    const open = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, isPublic: true, title: 'Открытая сетевая встреча' })
    const closed = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, isPublic: false })
    const response = (await programmeFeedLoader({
      request: new Request(`http://localhost/calendar/programme/${world.programme.id}.ics`),
      params: { id: world.programme.id },
      context: {},
    })) as Response
    const uids = parse(await response.text()).map((i) => i.event.uid)
    expect(uids).toContain(eventUid(open.id))
    expect(uids).not.toContain(eventUid(closed.id))
  })

  test('an unknown programme is a 404', async () => {
    await expect(
      programmeFeedLoader({ request: new Request('http://localhost/x'), params: { id: '00000000-0000-4000-8000-000000000000' }, context: {} }),
    ).rejects.toMatchObject({ status: 404 })
  })
})

describe('settings: calendar address', () => {
  test('signed out is sent to sign in; a person creates and replaces their address', async () => {
    expect((await callRoute(settingsAction, '/settings', { form: { intent: 'calendar' } })).status).toBe(302)
    const user = world.noOrg
    const created = await callRoute(settingsAction, '/settings', { as: user, form: { intent: 'calendar' } })
    expect(created.status).toBe(302)
    const first = (await getFeedToken(testDb(), user.id))!.token
    const page = await callRoute(settingsLoader, '/settings', { as: user })
    expect((page.data as { feed: { https: string; webcal: string } }).feed.webcal).toBe(`webcal://localhost:3000/calendar/${first}.ics`)
    await callRoute(settingsAction, '/settings', { as: user, form: { intent: 'calendar' } })
    expect((await getFeedToken(testDb(), user.id))!.token).not.toBe(first)
  })
})

describe('reminders', () => {
  async function remindersTo(email: string, title: string) {
    return testDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, email), like(outbox.subject, `%${title}%`)))
  }

  test('the day before and an hour before, each once, only to registered people', async () => {
    const event = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, inHours: 20, title: `Напоминание ${Date.now()}`, capacity: 1 })
    await testDb().transaction((tx) => registerForEvent(tx, { eventId: event.id, userId: world.staffA.id, organisationId: world.centreA.id }))
    await testDb().transaction((tx) => registerForEvent(tx, { eventId: event.id, userId: world.leaderA.id, organisationId: world.centreA.id }))
    const [row] = await testDb().select({ status: registrations.status }).from(registrations).where(and(eq(registrations.eventId, event.id), eq(registrations.userId, world.leaderA.id)))
    expect(row?.status).toBe('waitlisted')

    await Promise.all([sendDueReminders(testDb()), sendDueReminders(testDb())])
    await sendDueReminders(testDb())
    expect(await remindersTo(world.staffA.email, event.title)).toHaveLength(1)
    expect(await remindersTo(world.leaderA.email, event.title)).toHaveLength(0)

    // Nineteen and a half hours later: the hour-before reminder, once.
    const later = new Date(Date.now() + 19.5 * 3600_000)
    await sendDueReminders(testDb(), later)
    await sendDueReminders(testDb(), later)
    const mails = await remindersTo(world.staffA.email, event.title)
    expect(mails).toHaveLength(2)
    expect(mails.map((m) => m.kind).sort()).toEqual(['reminder-day_before', 'reminder-hour_before'])
  })

  test('a moved event is reminded again; a cancelled one is not', async () => {
    const event = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, inHours: 10, title: `Перенос ${Date.now()}` })
    await testDb().transaction((tx) => registerForEvent(tx, { eventId: event.id, userId: world.staffA.id, organisationId: world.centreA.id }))
    await sendDueReminders(testDb())
    await testDb().update(events).set({ startsAt: new Date(event.startsAt.getTime() + 3 * 3600_000), endsAt: new Date(event.endsAt.getTime() + 3 * 3600_000) }).where(eq(events.id, event.id))
    await sendDueReminders(testDb())
    expect(await remindersTo(world.staffA.email, event.title)).toHaveLength(2)

    const cancelled = await createEvent({ programmeId: world.programme.id, organiserId: world.mentorOrg.id, inHours: 10, title: `Отмена ${Date.now()}` })
    await testDb().transaction((tx) => registerForEvent(tx, { eventId: cancelled.id, userId: world.staffA.id, organisationId: world.centreA.id }))
    await testDb().update(events).set({ status: 'cancelled' }).where(eq(events.id, cancelled.id))
    await sendDueReminders(testDb())
    expect(await remindersTo(world.staffA.email, cancelled.title)).toHaveLength(0)
  })
})

describe('conditional requests', () => {
  test('a client that already has the feed gets 304', async () => {
    const token = await regenerateFeedToken(testDb(), world.mentor.id)
    const first = (await feedLoader({ request: new Request(`http://localhost/calendar/${token}.ics`), params: { token }, context: {} })) as Response
    const etag = first.headers.get('ETag')!
    expect(etag).toMatch(/^".+"$/)
    const again = (await feedLoader({
      request: new Request(`http://localhost/calendar/${token}.ics`, { headers: { 'If-None-Match': etag } }),
      params: { token },
      context: {},
    })) as Response
    expect(again.status).toBe(304)
  })
})
