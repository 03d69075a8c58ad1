import { Form, Link } from '@remix-run/react'
import { useMemo } from 'react'
import { CheckboxGroup, SelectField, TextareaField, TextField, valueOf, valuesOf } from '#app/components/ui/field.tsx'
import { FormErrors } from '#app/components/ui/form-errors.tsx'
import { StatusButton } from '#app/components/ui/status-button.tsx'
import type { FieldErrors } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

type RegionOption = { code: string; nameRu: string; nameEn: string }

export type OrganisationFormDefaults = {
  kind: 'mentor' | 'centre'
  name: string
  shortName: string | null
  regionCode: string
  city: string
  address: string | null
  inn: string | null
  ogrn: string | null
  email: string | null
  phone: string | null
  website: string | null
  description: string | null
  published: boolean
}

/**
 * The organisation profile form shared by /organisations/new and /organisations/$id/edit.
 * `adminFields`: kind and publication are shown as fields only to administrators; others see them as text.
 */
export function OrganisationForm({
  regions,
  defaults,
  failure,
  adminFields,
  submitLabel,
  cancelTo,
}: {
  regions: readonly RegionOption[]
  defaults: OrganisationFormDefaults | null
  failure: { errors: FieldErrors; values: Record<string, string | string[]> } | null | undefined
  adminFields: boolean
  submitLabel: string
  cancelTo: string
}) {
  const { t, locale } = useI18n()
  const values = failure?.values
  const errors = failure?.errors
  const regionOptions = useMemo(
    () =>
      regions
        .map((r) => ({ value: r.code, label: locale === 'ru' ? r.nameRu : r.nameEn }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [regions, locale],
  )
  const text = (name: keyof OrganisationFormDefaults) => {
    const fallback = defaults?.[name]
    return valueOf(values, name, typeof fallback === 'string' ? fallback : '')
  }
  return (
    <Form method="post" noValidate className="card">
      <FormErrors errors={errors} />
      <div className="form-grid">
        {adminFields ? (
          <div className="span-2">
            <SelectField
              label={t('organisations.field.kind')}
              name="kind"
              defaultValue={valueOf(values, 'kind', defaults?.kind ?? 'centre')}
              options={[
                { value: 'centre', label: t('kind.centre') },
                { value: 'mentor', label: t('kind.mentor') },
              ]}
              errors={errors?.kind}
            />
          </div>
        ) : defaults ? (
          <p className="span-2">
            <strong>{t('organisations.field.kind')}:</strong> {t(`kind.${defaults.kind}`)} ·{' '}
            {defaults.published ? t('organisations.publishedBadge') : t('organisations.notPublishedBadge')}
            <br />
            <span className="muted">{t('organisations.adminOnlyFields')}</span>
          </p>
        ) : null}
        <div className="span-2">
          <TextField
            label={t('organisations.field.name')}
            name="name"
            hint={t('organisations.field.nameHint')}
            defaultValue={text('name')}
            errors={errors?.name}
            maxLength={300}
          />
        </div>
        <TextField
          label={t('organisations.field.shortName')}
          name="shortName"
          optional
          defaultValue={text('shortName')}
          errors={errors?.shortName}
          maxLength={120}
        />
        <SelectField
          label={t('field.region')}
          name="regionCode"
          placeholder={t('common.none')}
          defaultValue={text('regionCode')}
          options={regionOptions}
          errors={errors?.regionCode}
        />
        <TextField
          label={t('organisations.field.city')}
          name="city"
          autoComplete="address-level2"
          defaultValue={text('city')}
          errors={errors?.city}
          maxLength={120}
        />
        <TextField
          label={t('organisations.field.address')}
          name="address"
          optional
          autoComplete="street-address"
          defaultValue={text('address')}
          errors={errors?.address}
          maxLength={500}
        />
        <TextField
          label={t('organisations.field.inn')}
          name="inn"
          optional
          inputMode="numeric"
          autoComplete="off"
          hint={t('organisations.field.innHint')}
          defaultValue={text('inn')}
          errors={errors?.inn}
          maxLength={20}
        />
        <TextField
          label={t('organisations.field.ogrn')}
          name="ogrn"
          optional
          inputMode="numeric"
          autoComplete="off"
          hint={t('organisations.field.ogrnHint')}
          defaultValue={text('ogrn')}
          errors={errors?.ogrn}
          maxLength={20}
        />
        <TextField
          label={t('organisations.field.email')}
          name="email"
          type="email"
          optional
          inputMode="email"
          autoComplete="email"
          defaultValue={text('email')}
          errors={errors?.email}
        />
        <TextField
          label={t('organisations.field.phone')}
          name="phone"
          type="tel"
          optional
          autoComplete="tel"
          defaultValue={text('phone')}
          errors={errors?.phone}
        />
        <div className="span-2">
          <TextField
            label={t('organisations.field.website')}
            name="website"
            type="url"
            optional
            inputMode="url"
            autoComplete="url"
            defaultValue={text('website')}
            errors={errors?.website}
          />
        </div>
        <div className="span-2">
          <TextareaField
            label={t('organisations.field.description')}
            name="description"
            optional
            rows={6}
            hint={t('organisations.field.descriptionHint')}
            defaultValue={text('description')}
            errors={errors?.description}
            maxLength={5000}
          />
        </div>
        {adminFields ? (
          <div className="span-2">
            <CheckboxGroup
              legend={t('organisations.field.directory')}
              name="published"
              options={[{ value: 'on', label: t('organisations.field.published') }]}
              defaultValues={valuesOf(values, 'published', defaults?.published ? ['on'] : [])}
              errors={errors?.published}
            />
          </div>
        ) : null}
      </div>
      <div className="row">
        <StatusButton>{submitLabel}</StatusButton>
        <Link to={cancelTo} className="button button-quiet">
          {t('action.cancel')}
        </Link>
      </div>
    </Form>
  )
}
