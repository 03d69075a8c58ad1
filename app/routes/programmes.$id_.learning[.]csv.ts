import type { LoaderFunctionArgs } from '@remix-run/node'
import { csvResponse, toCsv } from '#app/utils/csv.ts'
import { translate, type Locale } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { loadProgrammeLearning } from '#app/models/learning-report.server.ts'

export async function loader(args: LoaderFunctionArgs) {
  const { user, centres } = await loadProgrammeLearning(args)
  const id = args.params.id ?? ''
  const locale: Locale = resolveLocale(args.request, user)
  const t = (key: string) => translate(locale, key)
  const body = toCsv(
    [t('learning.col.centre'), t('field.region'), t('learning.col.enrolled'), t('learning.col.started'), t('learning.col.completed'), t('learning.col.percent')],
    centres.map((c) => [c.name, locale === 'ru' ? c.regionRu : c.regionEn, c.enrolled, c.started, c.completed, c.averagePercent]),
  )
  return csvResponse(body, `programme-learning-${id.slice(0, 8)}.csv`)
}
