import { memberships, users, type MembershipRole, type NewUser } from '../schema/index.ts'
import { regionByCode } from '../reference/regions.ts'
import {
  dateBetween,
  insertBatched,
  SCALE_EMAIL_DOMAIN,
  type OrgPeople,
  type OrgRef,
  type ScaleStep,
} from './context.ts'
import { apportion } from './random.ts'
import {
  FEMALE_NAMES,
  feminineSurname,
  LEADER_TITLES,
  MALE_NAMES,
  MANAGER_TITLES,
  MENTOR_TITLES,
  STAFF_TITLES,
  SURNAMES,
} from './names.ts'

/** Share of volunteers who also help a second centre of their region (people with two memberships). */
const SECOND_CENTRE_SHARE = 0.02

type MembershipRow = typeof memberships.$inferInsert

export const usersStep: ScaleStep = {
  name: 'people',
  async run(ctx) {
    const { rng, plan } = ctx
    const userRows: NewUser[] = []
    const membershipRows: MembershipRow[] = []
    let n = 0

    const person = (regionCode: string, isAdmin = false, email?: string) => {
      n += 1
      const female = rng.chance(0.62) // the sector's staff are mostly women
      const name = female
        ? `${rng.pick(FEMALE_NAMES)} ${feminineSurname(rng.pick(SURNAMES))}`
        : `${rng.pick(MALE_NAMES)} ${rng.pick(SURNAMES)}`
      const id = rng.uuid()
      const createdAt = dateBetween(rng, '2024-01-01', '2026-06-01')
      userRows.push({
        id,
        email: email ?? `user${String(n).padStart(6, '0')}@${SCALE_EMAIL_DOMAIN}`,
        name,
        passwordHash: ctx.passwordHash,
        isAdmin,
        locale: rng.chance(0.02) ? 'en' : 'ru',
        timeZone: regionByCode(regionCode)?.timeZone ?? 'Europe/Moscow',
        regionCode,
        phone: rng.chance(0.3) ? `+7 9${rng.int(10, 99)} ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}` : null,
        createdAt,
        updatedAt: createdAt,
      })
      ctx.userIds.push(id)
      return id
    }
    const member = (userId: string, org: OrgRef, role: MembershipRole, title: string | null) => {
      membershipRows.push({
        id: rng.uuid(),
        userId,
        organisationId: org.id,
        role,
        title,
        createdAt: dateBetween(rng, '2024-01-01', '2026-06-01'),
      })
    }

    for (let i = 1; i <= plan.admins; i++) {
      ctx.adminIds.push(person('77', true, `admin${String(i).padStart(2, '0')}@${SCALE_EMAIL_DOMAIN}`))
    }

    for (const org of ctx.mentorOrgs) {
      const people: OrgPeople = { leader: person(org.regionCode), mentors: [], staff: [], volunteers: [] }
      member(people.leader, org, 'leader', rng.pick(LEADER_TITLES))
      for (let i = rng.int(4, 12); i > 0; i--) {
        const id = person(org.regionCode)
        people.mentors.push(id)
        member(id, org, 'mentor', rng.pick(MENTOR_TITLES))
      }
      // Programme managers are staff of the mentor organisation (see the programmes step).
      for (let i = rng.int(3, 8); i > 0; i--) {
        const id = person(org.regionCode)
        people.staff.push(id)
        member(id, org, 'staff', i <= 2 ? rng.pick(MANAGER_TITLES) : rng.pick(STAFF_TITLES))
      }
      ctx.people.set(org.id, people)
    }

    // Whatever is left of the user budget goes to the centres: a leader, a few staff, and volunteers
    // spread unevenly (some centres have a large volunteer base, most a modest one).
    const left = plan.users - n
    if (left < ctx.centres.length) {
      throw new Error(`--scale too small: ${plan.users} users cannot staff ${ctx.centres.length} centres`)
    }
    const staffCounts = ctx.centres.map(() => rng.int(2, 8))
    let over = ctx.centres.length + staffCounts.reduce((a, b) => a + b, 0) - left
    for (let i = 0; over > 0; i = (i + 1) % staffCounts.length) {
      if (staffCounts[i]! > 0) {
        staffCounts[i]! -= 1
        over -= 1
      }
    }
    const volunteersLeft = left - ctx.centres.length - staffCounts.reduce((a, b) => a + b, 0)
    const volunteerCounts = apportion(volunteersLeft, ctx.centres.map(() => rng.spread(0.7)))

    ctx.centres.forEach((centre, i) => {
      const people: OrgPeople = { leader: person(centre.regionCode), mentors: [], staff: [], volunteers: [] }
      member(people.leader, centre, 'leader', rng.pick(LEADER_TITLES))
      for (let k = staffCounts[i]!; k > 0; k--) {
        const id = person(centre.regionCode)
        people.staff.push(id)
        member(id, centre, 'staff', rng.pick(STAFF_TITLES))
      }
      for (let k = volunteerCounts[i]!; k > 0; k--) {
        const id = person(centre.regionCode)
        people.volunteers.push(id)
        member(id, centre, 'volunteer', 'Волонтёр')
      }
      ctx.people.set(centre.id, people)
    })

    // Decided over the original lists first, so nobody is picked twice for the same centre.
    const centresById = new Map(ctx.centres.map((c) => [c.id, c]))
    const seconds: { volunteer: string; centre: OrgRef }[] = []
    for (const centre of ctx.centres) {
      const neighbours = ctx.centreIdsByRegion.get(centre.regionCode)!.filter((id) => id !== centre.id)
      if (neighbours.length === 0) continue
      for (const volunteer of ctx.people.get(centre.id)!.volunteers) {
        if (rng.chance(SECOND_CENTRE_SHARE)) seconds.push({ volunteer, centre: centresById.get(rng.pick(neighbours))! })
      }
    }
    for (const { volunteer, centre } of seconds) {
      ctx.people.get(centre.id)!.volunteers.push(volunteer)
      member(volunteer, centre, 'volunteer', 'Волонтёр')
    }

    await insertBatched(ctx, users, userRows, 'users')
    await insertBatched(ctx, memberships, membershipRows, 'memberships')
  },
}
