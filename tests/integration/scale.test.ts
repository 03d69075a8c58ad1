// The scale generator at a tiny scale: right proportions, valid requisites, consistent references,
// and the same data for the same seed.
import { and, asc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { migrateDatabase, openDatabase, type Database } from '#db/client.ts'
import { REGIONS } from '#db/reference/regions.ts'
import { countScaleUsers, generateScaleData, planFor, resetScaleData, type ScaleSummary } from '#db/scale/index.ts'
import {
  memberships,
  organisations,
  programmeCentres,
  programmeManagers,
  programmes,
  regions,
  users,
} from '#db/schema/index.ts'
import { getDatabaseHandle } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { isValidInn, isValidOgrn } from '#app/utils/requisites.ts'

const SCALE = 0.005
const SEED = 42
const plan = planFor(SCALE)
let passwordHash: string
let summary: ScaleSummary

function db() {
  return getDatabaseHandle().db
}

/** What two runs must agree on: organisations, people and programmes, ids included. */
async function fingerprint(database: Database) {
  return {
    organisations: await database
      .select({ id: organisations.id, name: organisations.name, inn: organisations.inn, ogrn: organisations.ogrn, slug: organisations.slug })
      .from(organisations)
      .orderBy(asc(organisations.inn)),
    users: await database.select({ id: users.id, email: users.email, name: users.name }).from(users).orderBy(asc(users.email)),
    programmes: await database
      .select({ id: programmes.id, name: programmes.name, grantNumber: programmes.grantNumber, amount: programmes.amount })
      .from(programmes)
      .orderBy(asc(programmes.slug)),
    centres: await database
      .select({ p: programmeCentres.programmeId, o: programmeCentres.organisationId })
      .from(programmeCentres)
      .orderBy(asc(programmeCentres.programmeId), asc(programmeCentres.organisationId)),
  }
}

beforeAll(async () => {
  passwordHash = await hashPassword('scale-test')
  summary = await generateScaleData(db(), { seed: SEED, scale: SCALE, passwordHash })
})

describe('scale generator', () => {
  test('makes the planned numbers of organisations, people and programmes', async () => {
    const [orgs] = await db()
      .select({
        centres: sql<number>`count(*) filter (where ${organisations.kind} = 'centre')::int`,
        mentors: sql<number>`count(*) filter (where ${organisations.kind} = 'mentor')::int`,
      })
      .from(organisations)
    expect(orgs).toEqual({ centres: plan.centres, mentors: plan.mentorOrganisations })
    expect(await countScaleUsers(db())).toBe(plan.users)
    const [{ admins }] = (await db().select({ admins: sql<number>`count(*)::int` }).from(users).where(eq(users.isAdmin, true))) as [{ admins: number }]
    expect(admins).toBe(plan.admins)
    const [{ n: membershipCount }] = (await db().select({ n: sql<number>`count(*)::int` }).from(memberships)) as [{ n: number }]
    // Everyone but the administrators belongs somewhere; a few volunteers help two centres.
    expect(membershipCount).toBeGreaterThanOrEqual(plan.users - plan.admins)
    expect(membershipCount).toBeLessThanOrEqual(plan.users * 1.05)
    expect(summary.counts.programmes).toBe(plan.programmes)
    expect(await db().select({ code: regions.code }).from(regions)).toHaveLength(REGIONS.length)
  })

  test('gives every organisation exactly one leader and people the time zone of their region', async () => {
    const leaders = await db()
      .select({ org: organisations.id, leaders: sql<number>`count(${memberships.id}) filter (where ${memberships.role} = 'leader')::int` })
      .from(organisations)
      .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
      .groupBy(organisations.id)
    expect(leaders.every((row) => row.leaders === 1)).toBe(true)
    const wrongZone = await db()
      .select({ id: users.id })
      .from(users)
      .innerJoin(regions, eq(regions.code, users.regionCode))
      .where(sql`${users.timeZone} <> ${regions.timeZone}`)
    expect(wrongZone).toEqual([])
  })

  test('writes only valid, unique ИНН and ОГРН', async () => {
    const rows = await db().select({ inn: organisations.inn, ogrn: organisations.ogrn }).from(organisations)
    expect(rows.length).toBe(plan.centres + plan.mentorOrganisations)
    for (const row of rows) {
      expect(isValidInn(row.inn!), row.inn!).toBe(true)
      expect(isValidOgrn(row.ogrn!), row.ogrn!).toBe(true)
    }
    expect(new Set(rows.map((r) => r.ogrn)).size).toBe(rows.length)
  })

  test('runs every programme with existing centres and managers from its mentor organisation', async () => {
    const perProgramme = await db()
      .select({
        id: programmes.id,
        centres: sql<number>`(select count(*)::int from ${programmeCentres} pc join ${organisations} o on o.id = pc.organisation_id and o.kind = 'centre' where pc.programme_id = ${programmes.id})`,
        linked: sql<number>`(select count(*)::int from ${programmeCentres} pc where pc.programme_id = ${programmes.id})`,
        managers: sql<number>`(select count(*)::int from ${programmeManagers} pm where pm.programme_id = ${programmes.id})`,
        outsideManagers: sql<number>`(select count(*)::int from ${programmeManagers} pm where pm.programme_id = ${programmes.id}
          and not exists (select 1 from ${memberships} m where m.user_id = pm.user_id and m.organisation_id = ${programmes.mentorOrganisationId}))`,
      })
      .from(programmes)
      .innerJoin(organisations, and(eq(organisations.id, programmes.mentorOrganisationId), eq(organisations.kind, 'mentor')))
    expect(perProgramme).toHaveLength(plan.programmes)
    for (const p of perProgramme) {
      expect(p.centres).toBe(p.linked)
      expect(p.centres).toBeGreaterThanOrEqual(Math.min(5, plan.centres))
      expect(p.centres).toBeLessThanOrEqual(30)
      expect(p.managers).toBeGreaterThanOrEqual(1)
      expect(p.managers).toBeLessThanOrEqual(3)
      expect(p.outsideManagers).toBe(0)
    }
  })

  test('gives the same data for the same seed, on any database', async () => {
    const runs = []
    for (let i = 0; i < 2; i++) {
      const handle = openDatabase({ dataDir: 'memory://' })
      try {
        await migrateDatabase(handle)
        await generateScaleData(handle.db, { seed: SEED, scale: SCALE, passwordHash, analyze: false })
        runs.push(await fingerprint(handle.db))
      } finally {
        await handle.close()
      }
    }
    expect(runs[0]!.organisations.length).toBe(plan.centres + plan.mentorOrganisations)
    expect(runs[1]).toEqual(runs[0])
    // The test database (PGlite or, with TEST_DATABASE_URL, PostgreSQL) got the same rows too.
    expect(await fingerprint(db())).toEqual(runs[0])
  }, 60_000)

  test('--reset empties what it generated and leaves the regions', async () => {
    await resetScaleData(db())
    expect(await countScaleUsers(db())).toBe(0)
    expect(await db().select({ id: organisations.id }).from(organisations)).toEqual([])
    expect(await db().select({ code: regions.code }).from(regions)).toHaveLength(REGIONS.length)
  })
})
