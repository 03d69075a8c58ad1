import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useI18n, useRootData } from '#app/utils/use-i18n.ts'

type NavItem = { to: string; label: string }

function useNavItems(): NavItem[] {
  const data = useRootData()
  const user = data?.user
  if (!user) return []
  const items: NavItem[] = [
    { to: '/dashboard', label: 'nav.dashboard' },
    { to: '/events', label: 'nav.events' },
    { to: '/courses', label: 'nav.courses' },
    { to: '/learning', label: 'nav.learning' },
    { to: '/toolkits', label: 'nav.toolkits' },
    { to: '/practices', label: 'practices.nav' },
  ]
  const hasOrganisations = user.isAdmin || user.isManager || user.memberships.length > 0
  if (hasOrganisations) items.push({ to: '/organisations', label: 'nav.organisations' })
  items.push({ to: '/programmes', label: 'nav.programmes' })
  const mentorsCentres = user.memberships.some((m) => m.kind === 'mentor' && (m.role === 'mentor' || m.role === 'leader'))
  if (user.isAdmin || user.isManager || mentorsCentres) items.push({ to: '/mentoring', label: 'mentorships.nav' })
  // Consultations: the inbox for mentors, managers and administrators; a centre's people go to their centre's list.
  const ownCentre = user.memberships.find((m) => m.kind === 'centre')
  if (user.isAdmin || user.isManager || mentorsCentres) items.push({ to: '/consultations', label: 'consultations.nav' })
  else if (ownCentre) items.push({ to: `/organisations/${ownCentre.organisationId}/consultations`, label: 'consultations.nav' })
  if (user.isAdmin) {
    items.push({ to: '/admin/programmes', label: 'reporting.report.overview.title' })
    items.push({ to: '/admin/people', label: 'nav.people' })
    items.push({ to: '/admin/audit', label: 'nav.audit' })
  }
  return items
}

function NavList({ items, devOutbox }: { items: NavItem[]; devOutbox: boolean }) {
  const { t } = useI18n()
  return (
    <ul role="list">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} prefetch="intent">
            {t(item.label)}
          </NavLink>
        </li>
      ))}
      {devOutbox ? (
        <li>
          <NavLink to="/dev/outbox">{t('nav.outbox')}</NavLink>
        </li>
      ) : null}
      <li>
        <NavLink to="/settings">{t('nav.settings')}</NavLink>
      </li>
    </ul>
  )
}

function LanguageSwitch() {
  const { t, locale } = useI18n()
  const location = useLocation()
  return (
    <Form method="post" action="/set-language" className="language-switch">
      <input type="hidden" name="locale" value={locale === 'ru' ? 'en' : 'ru'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="link-button" aria-label={t('lang.switchToLabel')} lang={locale === 'ru' ? 'en' : 'ru'}>
        {t('lang.switchTo')}
      </button>
    </Form>
  )
}

export function AppShell({ children, flash }: { children: ReactNode; flash: string | null | undefined }) {
  const { t } = useI18n()
  const data = useRootData()
  const user = data?.user
  const items = useNavItems()
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="site-header">
        <div className="container header-row">
          <Link to={user ? '/dashboard' : '/'} className="brand">
            <span className="brand-mark" aria-hidden="true">
              Р
            </span>
            {t('app.name')}
          </Link>
          {user ? (
            <>
              <nav aria-label={t('nav.main')} className="nav-desktop">
                <NavList items={items} devOutbox={Boolean(data?.devOutbox && user.isAdmin)} />
              </nav>
              <details className="nav-menu">
                <summary>{t('nav.menu')}</summary>
                <nav aria-label={t('nav.main')}>
                  <NavList items={items} devOutbox={Boolean(data?.devOutbox && user.isAdmin)} />
                </nav>
              </details>
            </>
          ) : null}
          <div className="header-actions">
            <LanguageSwitch />
            {user ? (
              <Form method="post" action="/logout">
                <button type="submit" className="button button-quiet">
                  {t('nav.signOut')}
                </button>
              </Form>
            ) : (
              <Link to="/login" className="button button-quiet">
                {t('nav.signIn')}
              </Link>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        {flash ? (
          <div className="alert alert-success" role="status">
            {t(flash)}
          </div>
        ) : null}
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('app.tagline')}</p>
        </div>
      </footer>
    </>
  )
}
