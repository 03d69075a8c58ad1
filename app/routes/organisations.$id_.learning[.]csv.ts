import type { LoaderFunctionArgs } from '@remix-run/node'
import { csvResponse, toCsv } from '#app/utils/csv.ts'
import { translate, type Locale } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { loadCentreLearning, percent } from '#app/models/learning-report.server.ts'

export async function loader(args: LoaderFunctionArgs) {
  const { user, organisation, rows } = await loadCentreLearning(args)
  const locale: Locale = resolveLocale(args.request, user)
  const t = (key: string) => translate(locale, key)
  const body = toCsv(
    [
      t('learning.col.person'),
      t('field.email'),
      t('learning.col.course'),
      t('learning.col.status'),
      t('learning.col.lessons'),
      t('learning.col.percent'),
      t('learning.col.enrolled'),
      t('learning.col.completed'),
    ],
    rows.map((r) => [
      r.name,
      r.email,
      r.courseTitle,
      t(`learning.status.${r.status}`),
      `${r.done}/${r.total}`,
      percent(r.done, r.total),
      r.enrolledAt.toISOString().slice(0, 10),
      r.completedAt ? r.completedAt.toISOString().slice(0, 10) : '',
    ]),
  )
  return csvResponse(body, `learning-${organisation.id.slice(0, 8)}.csv`)
}
