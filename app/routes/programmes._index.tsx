import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listVisibleProgrammes } from '#app/models/programme.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args)
  const programmes = await listVisibleProgrammes(user)
  return { programmes, canCreate: user.isAdmin }
}

export default function ProgrammesIndex() {
  const { programmes, canCreate } = useLoaderData<typeof loader>()
  const { t, calendarDate } = useI18n()
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('programmes.title')}</h1>
        {canCreate ? (
          <Link to="/programmes/new" className="button">
            {t('programmes.create')}
          </Link>
        ) : null}
      </div>
      {programmes.length === 0 ? (
        <div className="card">
          <p>{t(canCreate ? 'programmes.emptyAdmin' : 'programmes.empty')}</p>
        </div>
      ) : (
        <ul className="grid" role="list">
          {programmes.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <Link to={`/programmes/${p.id}`}>{p.name}</Link>
              </h2>
              <p className="muted">
                {p.funder}
                {p.grantNumber ? ` · ${t('programmes.grantNumberShort', { number: p.grantNumber })}` : null}
              </p>
              <p>
                {calendarDate(p.startsOn)} — {calendarDate(p.endsOn)}
              </p>
              <p>
                {t('programmes.mentorLine', { name: p.mentorShortName ?? p.mentorName })}
              </p>
              <p>
                {t('programmes.centresCount', { count: p.centres })} · {t('programmes.regionsCount', { count: p.regions })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export const meta = titleMeta('programmes.title')
