// Builders shared by the demo seed, the scale generator and the test factories, so the three
// agree on what a valid record looks like.
import type { Executor } from './client.ts'
import { completeInn10, completeOgrn13 } from '../app/utils/requisites.ts'
import {
  memberships,
  organisations,
  programmeCentres,
  programmeManagers,
  programmes,
  regions,
  users,
  type MembershipRole,
  type NewOrganisation,
  type NewProgramme,
  type NewUser,
} from './schema/index.ts'
import { REGIONS } from './reference/regions.ts'

/** A deterministic valid ИНН of a legal entity for region `regionCode`, from a sequence number. */
export function innFor(regionCode: string, n: number) {
  return completeInn10(`${regionCode.padStart(2, '0')}${String(n % 10_000_000).padStart(7, '0')}`)
}

/** A deterministic valid ОГРН (registered after 2002) for a region. */
export function ogrnFor(regionCode: string, n: number) {
  return completeOgrn13(`1${'15'}${regionCode.padStart(2, '0')}${String(n % 10_000_000).padStart(7, '0')}`)
}

export function slugify(text: string) {
  const map: Record<string, string> = {
    а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
    л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
    ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  }
  return (
    text
      .toLowerCase()
      .split('')
      .map((ch) => map[ch] ?? ch)
      .join('')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'org'
  )
}

export async function loadRegions(tx: Executor) {
  await tx
    .insert(regions)
    .values(REGIONS.map((r) => ({ ...r })))
    .onConflictDoNothing()
}

export async function insertOrganisation(tx: Executor, values: Omit<NewOrganisation, 'slug'> & { slug?: string }) {
  const [row] = await tx
    .insert(organisations)
    .values({ ...values, slug: values.slug ?? `${slugify(values.name)}-${crypto.randomUUID().slice(0, 6)}` })
    .returning()
  return row!
}

export async function insertUser(tx: Executor, values: Omit<NewUser, 'email'> & { email: string }) {
  const [row] = await tx
    .insert(users)
    .values({ ...values, email: values.email.toLowerCase() })
    .returning()
  return row!
}

export async function addMember(tx: Executor, userId: string, organisationId: string, role: MembershipRole, title?: string) {
  const [row] = await tx.insert(memberships).values({ userId, organisationId, role, title }).returning()
  return row!
}

export async function insertProgramme(
  tx: Executor,
  values: Omit<NewProgramme, 'slug'> & { slug?: string },
  centreIds: string[] = [],
  managerIds: string[] = [],
) {
  const [programme] = await tx
    .insert(programmes)
    .values({ ...values, slug: values.slug ?? `${slugify(values.name)}-${crypto.randomUUID().slice(0, 6)}` })
    .returning()
  if (centreIds.length) {
    await tx.insert(programmeCentres).values(centreIds.map((organisationId) => ({ programmeId: programme!.id, organisationId })))
  }
  if (managerIds.length) {
    await tx.insert(programmeManagers).values(managerIds.map((userId) => ({ programmeId: programme!.id, userId })))
  }
  return programme!
}
