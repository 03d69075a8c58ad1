import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { COURSE_TOPICS, STAGES } from '#db/schema/index.ts'
import { FilterBar } from '#app/components/filter-bar.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { getLearnerCentre, listCatalogue, localisedCourse, parseCatalogueQuery } from '#app/models/course.server.ts'
import styles from '#app/styles/courses.css?url'
import { getUser } from '#app/utils/auth.server.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'
import { titleMeta } from '#app/utils/meta.ts'
import { mentorOrganisationIds } from '#app/utils/permissions.server.ts'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { useI18n } from '#app/utils/use-i18n.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args)
  const query = parseCatalogueQuery(new URL(args.request.url))
  const centre = await getLearnerCentre(user)
  const list = await listCatalogue(user, query, centre)
  const locale = resolveLocale(args.request, user)
  return {
    ...list,
    courses: list.courses.map((c) => localisedCourse(c, locale)),
    query: {
      q: query.q ?? '',
      topic: query.topic ?? '',
      stage: query.stage ?? '',
      mine: Boolean(query.mine && centre),
      page: query.page,
    },
    // The lists travel as data so the page's JavaScript does not pull in the database schema.
    topics: [...COURSE_TOPICS],
    stages: [...STAGES],
    centreStage: centre?.stage ?? null,
    signedIn: Boolean(user),
    // Mentors (and administrators) write courses for their organisation.
    canCreate: Boolean(user && (user.isAdmin || mentorOrganisationIds(user).length > 0)),
  }
}

export default function CoursesIndex() {
  const data = useLoaderData<typeof loader>()
  const { t } = useI18n()
  const { query } = data
  const filtered = Boolean(query.q || query.topic || query.stage || query.mine)
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>{t('courses.title')}</h1>
          <p className="muted">{t('courses.lead')}</p>
        </div>
        {data.canCreate ? (
          <Link to="/courses/new" className="button">
            {t('authoring.newTitle')}
          </Link>
        ) : null}
        {data.signedIn ? (
          <Link to="/learning" className="button button-quiet">
            {t('courses.myLearning')}
          </Link>
        ) : null}
      </div>

      {!data.signedIn ? (
        <p className="alert alert-warn">
          {t('courses.signInHint')} <Link to="/login?redirectTo=%2Fcourses">{t('courses.signInLink')}</Link>
        </p>
      ) : null}

      <FilterBar
        label={t('courses.filtersLabel')}
        className="course-filters"
        search={{ label: t('courses.search'), hint: t('courses.searchHint'), value: query.q }}
        selects={[
          {
            name: 'topic',
            label: t('courses.topicLabel'),
            placeholder: t('courses.anyTopic'),
            value: query.topic,
            options: data.topics.map((topic) => ({ value: topic, label: t(`courses.topic.${topic}`) })),
          },
          {
            name: 'stage',
            label: t('courses.stageLabel'),
            placeholder: t('courses.anyStage'),
            value: query.stage,
            options: data.stages.map((stage) => ({ value: stage, label: t(`courses.stage.${stage}`) })),
          },
        ]}
        filtered={filtered}
        resetTo="/courses"
        resetLabel={t('courses.resetFilters')}
      >
        {data.centreStage ? (
          <label className="checkbox">
            <input type="checkbox" name="mine" value="1" defaultChecked={query.mine} />
            <span>{t('courses.forMyStage', { stage: t(`courses.stage.${data.centreStage}`) })}</span>
          </label>
        ) : null}
      </FilterBar>

      {data.courses.length === 0 ? (
        <p className="card muted">{filtered ? t('courses.emptyFiltered') : t('courses.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('courses.found', { count: data.total })}
          </p>
          <ul className="course-grid" role="list">
            {data.courses.map((c) => {
              const forMyStage = data.centreStage !== null && c.stage === data.centreStage
              return (
                <li key={c.id} className={forMyStage ? 'card course-card course-card-mine' : 'card course-card'}>
                  <h2 className="course-card-title">
                    <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                  </h2>
                  <p className="course-badges">
                    <span className="badge">{t(`courses.topic.${c.topic}`)}</span>
                    <span className="badge">{t(`courses.stage.${c.stage}`)}</span>
                    {forMyStage ? <span className="badge badge-accent">{t('courses.myStageBadge')}</span> : null}
                  </p>
                  <p>{c.summary}</p>
                  <p className="muted">
                    {t('courses.lessonsCount', { count: c.lessons })} · {t('courses.minutes', { count: c.minutes })}
                  </p>
                  {c.enrolment ? (
                    <div className="course-progress">
                      {c.enrolment === 'completed' ? (
                        <p className="course-done">✓ {t('courses.progress.completed')}</p>
                      ) : (
                        <>
                          <p>
                            {t('courses.progress.enrolled')}.{' '}
                            {t('courses.progress.done', { done: c.done, count: c.lessons })}
                          </p>
                          <progress
                            max={Math.max(c.lessons, 1)}
                            value={Math.min(c.done, c.lessons)}
                            aria-label={t('courses.progressLabel')}
                          />
                        </>
                      )}
                    </div>
                  ) : null}
                </li>
              )
            })}
          </ul>
        </>
      )}
      <Pagination
        page={query.page}
        pages={data.pages}
        path="/courses"
        params={{ q: query.q, topic: query.topic, stage: query.stage, mine: query.mine }}
        label={t('courses.pagination')}
      />
    </div>
  )
}

export const meta = titleMeta('courses.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
