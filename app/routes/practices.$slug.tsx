import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import {
  getPracticeMaterials,
  getPublishedPractice,
  outlineOf,
  practiceInMyProgrammes,
  transferCountsByStep,
} from '#app/models/practice.server.ts'
import { withHeadingIds } from '#app/models/toolkit.server.ts'
import { TRANSFER_STEPS } from '#app/models/practice-transfer.server.ts'
import styles from '#app/styles/practices.css?url'
import { getUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { dataTitle } from '#app/utils/meta.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

/** Public like the catalogue; the programmes' decisions and scores are added for signed-in people. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args)
  const practice = await getPublishedPractice(args.params.slug ?? '')
  if (!practice) notFound('practices.error.notFound')
  const [materials, transfers, programmes] = await Promise.all([
    getPracticeMaterials(practice.id),
    transferCountsByStep(practice.id),
    user ? practiceInMyProgrammes(user, practice.id) : [],
  ])
  const locale = resolveLocale(args.request, user)
  const { titleEn, regionRu, regionEn, bodyHtml, updatedAt: _updatedAt, ...rest } = practice
  return {
    practice: {
      ...rest,
      title: locale === 'en' && titleEn ? titleEn : practice.title,
      region: locale === 'en' ? regionEn : regionRu,
    },
    html: withHeadingIds(bodyHtml),
    outline: outlineOf(bodyHtml),
    materials: materials.map((m) => ({ ...m, title: locale === 'en' && m.titleEn ? m.titleEn : m.title })),
    transfers,
    steps: [...TRANSFER_STEPS],
    transfersTotal: Object.values(transfers).reduce((a, b) => a + b, 0),
    programmes,
    signedIn: Boolean(user),
  }
}

export default function PracticePage() {
  const d = useLoaderData<typeof loader>()
  const { t, number } = useI18n()
  const p = d.practice
  return (
    <div className="stack">
      <p>
        <Link to="/practices">← {t('practices.back')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{p.title}</h1>
          <p className="practice-badges">
            {p.topics.map((topic) => (
              <span key={topic} className="badge">
                {t(`courses.topic.${topic}`)}
              </span>
            ))}
          </p>
        </div>
      </div>

      <div className="grid">
        <Section id="problem" title={t('practices.section.problem')}>
          <p>{p.problem}</p>
        </Section>
        <Section id="target" title={t('practices.section.targetGroup')}>
          <p>{p.targetGroup}</p>
        </Section>
      </div>

      <div className="grid">
        <Section id="origin" title={t('practices.section.origin')}>
          <dl className="details">
            <dt>{t('practices.origin.organisation')}</dt>
            <dd>{p.originOrganisation}</dd>
            <dt>{t('practices.origin.region')}</dt>
            <dd>{p.region ?? t('common.none')}</dd>
            {p.sinceYear ? (
              <>
                <dt>{t('practices.origin.since')}</dt>
                <dd>{p.sinceYear}</dd>
              </>
            ) : null}
          </dl>
        </Section>
        <Section id="resources" title={t('practices.section.resources')}>
          <dl className="details">
            <dt>{t('practices.resources.people')}</dt>
            <dd>{p.resourcesPeople ?? t('common.none')}</dd>
            <dt>{t('practices.resources.money')}</dt>
            <dd>{p.resourcesMoney ?? t('common.none')}</dd>
            <dt>{t('practices.resources.time')}</dt>
            <dd>{p.resourcesTime ?? t('common.none')}</dd>
          </dl>
        </Section>
      </div>

      <Section id="evidence" title={t('practices.section.evidence')}>
        <p>{p.evidence}</p>
      </Section>

      <section className="card practice-method" aria-labelledby="method-title">
        <h2 id="method-title">{t('practices.section.method')}</h2>
        {d.outline.length ? (
          <nav className="practice-outline" aria-label={t('practices.outline')}>
            <ol>
              {d.outline.map((h) => (
                <li key={h.id} className={h.level === 3 ? 'outline-level-3' : undefined}>
                  <a href={`#${h.id}`}>{h.text}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        {/* Sanitised on import: Markdown → validated rich text → HTML through the allowlist. */}
        <div className="rich-text practice-body" dangerouslySetInnerHTML={{ __html: d.html }} />
      </section>

      <div className="grid">
        <Section id="materials" title={t('practices.section.materials')}>
          {d.materials.length ? (
            <>
              <ul>
                {d.materials.map((m) => (
                  <li key={m.slug}>
                    <Link to={`/toolkits/${m.slug}`}>{m.title}</Link>{' '}
                    <span className="muted">· {t(`toolkits.kind.${m.kind}`)}</span>
                  </li>
                ))}
              </ul>
              {!d.signedIn ? <p className="muted">{t('practices.materialsHint')}</p> : null}
            </>
          ) : (
            <p className="muted">{t('practices.noMaterials')}</p>
          )}
        </Section>
        <Section id="contacts" title={t('practices.section.contacts')}>
          <p>{p.contacts ?? t('common.none')}</p>
        </Section>
      </div>

      <section className="card" aria-labelledby="transfers-title">
        <h2 id="transfers-title">{t('practices.section.transfers')}</h2>
        {d.transfersTotal ? (
          <>
            <p className="muted">{t('practices.transfersLead')}</p>
            <ul className="practice-step-counts" role="list">
              {d.steps.map((step) => (
                <li key={step} className={d.transfers[step] ? undefined : 'muted'}>
                  <span className="practice-step-count">{number(d.transfers[step])}</span> {t(`practices.step.${step}`)}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">{t('practices.noTransfers')}</p>
        )}
      </section>

      {d.programmes.length ? (
        <section aria-labelledby="programmes-title">
          <h2 id="programmes-title">{t('practices.inProgrammesTitle')}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="programmes-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('practices.col.programme')}</th>
                  <th scope="col">{t('practices.col.decision')}</th>
                  <th scope="col">{t('practices.col.total')}</th>
                </tr>
              </thead>
              <tbody>
                {d.programmes.map((row) => (
                  <tr key={row.programmeId}>
                    <th scope="row">
                      <Link to={`/programmes/${row.programmeId}/practices/${p.id}`}>{row.name}</Link>
                    </th>
                    <td>{row.decision ? t(`practices.decision.${row.decision}`) : t('practices.decision.none')}</td>
                    <td>
                      {row.total !== null
                        ? t('practices.score', { score: number(row.total, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
                        : t('common.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.practice.title)

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
