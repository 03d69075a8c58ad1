import { z } from 'zod'
import { isMessageKey } from './i18n.ts'

export type FieldErrors = Record<string, string[]>

export type FormFailure = {
  ok: false
  /** i18n keys per field name; '' holds errors of the form as a whole. */
  errors: FieldErrors
  /** What the person typed, echoed back so nothing is lost on a failed submit. */
  values: Record<string, string | string[]>
}

export type FormResult<T> = { ok: true; data: T } | FormFailure

/** Maps a zod issue to an i18n key: a schema may give its own key, otherwise we pick one by the issue's kind. */
function issueKey(issue: z.core.$ZodIssue): string {
  // A schema may name its own message by its catalogue key; zod's own messages are English prose.
  if (issue.message.startsWith('validation.') || isMessageKey(issue.message)) return issue.message
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? 'validation.required'
        : 'validation.invalid'
    case 'too_small':
      return issue.minimum === 1 && issue.origin === 'string' ? 'validation.required' : 'validation.tooShort'
    case 'too_big':
      return 'validation.tooLong'
    case 'invalid_format':
      if (issue.format === 'email') return 'validation.email'
      if (issue.format === 'url') return 'validation.url'
      return 'validation.invalid'
    case 'invalid_value':
      return 'validation.choose'
    default:
      return 'validation.invalid'
  }
}

export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {}
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('password') || key === 'currentPassword' || key === 'confirmPassword') continue
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    values[key] = all.length > 1 ? all : (all[0] ?? '')
  }
  return values
}

/** Turns FormData into a plain object: repeated names (checkbox groups) become arrays, blanks become undefined. */
export function formDataToObject(formData: FormData, arrayFields: readonly string[] = []) {
  const out: Record<string, unknown> = {}
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    if (arrayFields.includes(key)) out[key] = all.filter((v) => v !== '')
    else {
      const value = all[0]?.trim()
      out[key] = value === '' ? undefined : value
    }
  }
  for (const key of arrayFields) out[key] ??= []
  return out
}

export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  options: { arrayFields?: readonly string[] } = {},
): FormResult<z.output<S>> {
  const parsed = schema.safeParse(formDataToObject(formData, options.arrayFields))
  if (parsed.success) return { ok: true, data: parsed.data }
  return { ok: false, errors: issuesToErrors(parsed.error.issues), values: formValues(formData) }
}

export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const name = issue.path.length ? String(issue.path[0]) : ''
    const list = (errors[name] ??= [])
    const key = issueKey(issue)
    if (!list.includes(key)) list.push(key)
  }
  return errors
}

/** A failure for errors found after parsing (a wrong password, a taken e-mail). */
export function formFailure(formData: FormData, errors: FieldErrors): FormFailure {
  return { ok: false, errors, values: formValues(formData) }
}

// Reusable field schemas. Optional text fields arrive as undefined when blank (see formDataToObject).
export const requiredText = (max = 200) => z.string().trim().min(1).max(max)
export const optionalText = (max = 2000) => z.string().trim().max(max).optional()
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'validation.email' }).max(254))
export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'validation.email' }).max(254))
  .optional()
export const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (/^https?:\/\//i.test(v) ? v : `https://${v}`))
  .pipe(z.url({ protocol: /^https?$/, error: 'validation.url' }).max(500))
  .optional()
export const optionalPhone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s()-]{6,20}$/, { error: 'validation.phone' })
  .optional()
export const passwordField = z
  .string()
  .min(10, { error: 'validation.passwordShort' })
  .max(200)
/** ISO date from <input type="date">. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.date' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'validation.date' })
/** Roubles as typed by a person: spaces as thousands separators, comma or dot for kopecks. */
export const optionalMoney = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s\u00a0]/g, '').replace(',', '.'))
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: 'validation.money' }))
  .optional()

/** A new password typed twice. */
export const newPasswordFields = {
  password: passwordField,
  confirmPassword: z.string().min(1),
}
export function passwordsMatch(value: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) {
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'validation.passwordMismatch' })
  }
}
