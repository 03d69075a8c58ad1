import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { regions, users } from '#db/schema/index.ts'
import { CopyField } from '#app/components/copy-field.tsx'
import { NewPasswordFields } from '#app/components/new-password-fields.tsx'
import { SelectField, TextField, valueOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import { feedUrls, getFeedToken, regenerateFeedToken } from '#app/models/calendar.server.ts'
import { requireAuth } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithFlash } from '#app/utils/flash.server.ts'
import { formFailure, newPasswordFields, optionalPhone, parseForm, passwordsMatch, requiredText } from '#app/utils/forms.ts'
import { LOCALES } from '#app/utils/i18n.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { hashPassword, verifyPassword } from '#app/utils/password.server.ts'
import { invalidateUserSessions } from '#app/utils/session.server.ts'
import { isValidTimeZone, utcOffsetLabel } from '#app/utils/time.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const ProfileFormSchema = z.object({
  intent: z.literal('profile'),
  name: requiredText(120),
  phone: optionalPhone,
  locale: z.enum(LOCALES, { error: 'validation.choose' }),
  regionCode: z.string().optional(),
  timeZone: z.string().refine(isValidTimeZone, { error: 'validation.timeZone' }),
})

export const PasswordFormSchema = z
  .object({ intent: z.literal('password'), currentPassword: z.string().min(1), ...newPasswordFields })
  .superRefine(passwordsMatch)

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireAuth(args)
  const [profile] = await db
    .select({ name: users.name, phone: users.phone, locale: users.locale, timeZone: users.timeZone, regionCode: users.regionCode, email: users.email })
    .from(users)
    .where(eq(users.id, user.id))
  const regionList = await db
    .select({ code: regions.code, nameRu: regions.nameRu, nameEn: regions.nameEn, timeZone: regions.timeZone })
    .from(regions)
    .orderBy(asc(regions.nameRu))
  const zones = [...new Set(regionList.map((r) => r.timeZone))]
    .map((zone) => ({ zone, offset: utcOffsetLabel(zone) }))
    .sort((a, b) => parseOffset(a.offset) - parseOffset(b.offset) || a.zone.localeCompare(b.zone))
  const feed = await getFeedToken(db, user.id)
  return { profile: profile!, regions: regionList, zones, feed: feed ? { ...feedUrls(feed.token), createdAt: feed.createdAt } : null }
}

function parseOffset(label: string) {
  const m = /UTC([+-])(\d+)(?::(\d+))?/.exec(label)
  if (!m) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0))
}

export async function action(args: ActionFunctionArgs) {
  const { user, session } = await requireAuth(args)
  const formData = await args.request.formData()
  const intent = formData.get('intent')
  if (intent === 'profile') {
    const parsed = parseForm(formData, ProfileFormSchema)
    if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 })
    const { name, phone, locale, regionCode, timeZone } = parsed.data
    if (regionCode) {
      const [region] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode))
      if (!region) return data({ intent, ...formFailure(formData, { regionCode: ['validation.region'] }) }, { status: 400 })
    }
    await db
      .update(users)
      .set({ name, phone: phone ?? null, locale, regionCode: regionCode ?? null, timeZone, updatedAt: new Date() })
      .where(eq(users.id, user.id))
    return redirectWithFlash('/settings', 'common.saved')
  }
  if (intent === 'password') {
    const parsed = parseForm(formData, PasswordFormSchema)
    if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 })
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id))
    if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, parsed.data.currentPassword))) {
      return data({ intent, ...formFailure(formData, { currentPassword: ['settings.wrongPassword'] }) }, { status: 400 })
    }
    const passwordHash = await hashPassword(parsed.data.password)
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id))
      await invalidateUserSessions(tx, user.id, session.id)
    })
    return redirectWithFlash('/settings', 'settings.passwordChanged')
  }
  if (intent === 'calendar') {
    const existed = await getFeedToken(db, user.id)
    await regenerateFeedToken(db, user.id)
    return redirectWithFlash('/settings#calendar', existed ? 'calendar.regenerated' : 'calendar.created')
  }
  if (intent === 'sign-out-others') {
    await invalidateUserSessions(db, user.id, session.id)
    return redirectWithFlash('/settings', 'settings.othersSignedOut')
  }
  return data({ intent: null, ...formFailure(formData, { '': ['errors.badRequest'] }) }, { status: 400 })
}

export default function Settings() {
  const { profile, regions: regionList, zones, feed } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale } = useI18n()
  const profileFailure = actionData?.intent === 'profile' ? actionData : null
  const passwordFailure = actionData?.intent === 'password' ? actionData : null
  return (
    <div className="stack">
      <h1>{t('settings.title')}</h1>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('settings.profile')}</h2>
        <p className="muted">{profile.email}</p>
        <FormErrors errors={profileFailure?.errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <TextField
            label={t('field.name')}
            name="name"
            autoComplete="name"
            defaultValue={valueOf(profileFailure?.values, 'name', profile.name)}
            errors={profileFailure?.errors.name}
          />
          <TextField
            label={t('field.phone')}
            name="phone"
            type="tel"
            optional
            autoComplete="tel"
            defaultValue={valueOf(profileFailure?.values, 'phone', profile.phone)}
            errors={profileFailure?.errors.phone}
          />
          <SelectField
            label={t('settings.language')}
            name="locale"
            defaultValue={valueOf(profileFailure?.values, 'locale', profile.locale)}
            options={[
              { value: 'ru', label: 'Русский' },
              { value: 'en', label: 'English' },
            ]}
            errors={profileFailure?.errors.locale}
          />
          <SelectField
            label={t('field.region')}
            name="regionCode"
            optional
            placeholder={t('common.none')}
            defaultValue={valueOf(profileFailure?.values, 'regionCode', profile.regionCode)}
            options={regionList.map((r) => ({ value: r.code, label: locale === 'ru' ? r.nameRu : r.nameEn }))}
            errors={profileFailure?.errors.regionCode}
          />
          <SelectField
            label={t('field.timeZone')}
            name="timeZone"
            hint={t('settings.timeZoneHint')}
            defaultValue={valueOf(profileFailure?.values, 'timeZone', profile.timeZone)}
            options={zones.map((z) => ({ value: z.zone, label: `${z.offset} · ${z.zone}` }))}
            errors={profileFailure?.errors.timeZone}
          />
          <StatusButton intent="profile">{t('action.save')}</StatusButton>
        </Form>
      </section>
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t('settings.passwordTitle')}</h2>
        <FormErrors errors={passwordFailure?.errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="password" />
          <input type="hidden" name="username" value={profile.email} autoComplete="username" />
          <TextField
            label={t('settings.currentPassword')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            errors={passwordFailure?.errors.currentPassword}
          />
          <NewPasswordFields errors={passwordFailure?.errors} />
          <StatusButton intent="password">{t('settings.passwordTitle')}</StatusButton>
        </Form>
      </section>
      <section className="card" aria-labelledby="calendar" id="calendar-section">
        <h2 id="calendar">{t('calendar.title')}</h2>
        <p>{t('calendar.intro')}</p>
        {feed ? (
          <>
            <p>
              <a className="button" href={feed.webcal}>
                {t('calendar.subscribe')}
              </a>
            </p>
            <CopyField label={t('calendar.address')} value={feed.https} />
            <p className="field-hint">{t('calendar.help')}</p>
          </>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="calendar" />
          <button type="submit" className={feed ? 'button button-quiet' : 'button'}>
            {feed ? t('calendar.regenerate') : t('calendar.create')}
          </button>
          {feed ? <p className="field-hint">{t('calendar.regenerateHint')}</p> : null}
        </Form>
      </section>
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('settings.sessionsTitle')}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-others" />
          <button type="submit" className="button button-quiet">
            {t('settings.signOutOthers')}
          </button>
        </Form>
      </section>
    </div>
  )
}

export const meta = titleMeta('settings.title')
