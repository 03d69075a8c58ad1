import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
} from '@remix-run/react'
import { AppShell } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/ui/error-boundary.tsx'
import { NonceContext } from '#app/components/nonce.tsx'
import appStyles from '#app/styles/app.css?url'
import { getAuth } from '#app/utils/auth.server.ts'
import { devOutboxEnabled, isDemoMode } from '#app/utils/env.server.ts'
import { consumeFlash } from '#app/utils/flash.server.ts'
import { DEFAULT_LOCALE, translate } from '#app/utils/i18n.ts'
import { resolveLocale } from '#app/utils/locale.server.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.ico', sizes: '32x32' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth({ request, context })
  const user = auth?.user ?? null
  const locale = resolveLocale(request, user)
  return {
    locale,
    timeZone: user?.timeZone ?? 'Europe/Moscow',
    user: user && {
      id: user.id,
      name: user.name,
      email: user.email,
      isAdmin: user.isAdmin,
      isManager: user.managedProgrammeIds.length > 0,
      memberships: user.memberships,
    },
    demo: isDemoMode,
    devOutbox: devOutboxEnabled,
    flash: consumeFlash(request, context),
    nonce: context.cspNonce ?? '',
  }
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const locale = data?.locale ?? DEFAULT_LOCALE
  const nonce = data?.nonce ?? ''
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const data = useLoaderData<typeof loader>()
  return (
    <AppShell flash={data.flash}>
      <Outlet />
    </AppShell>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  // In the page's language: the browser holds only that language's messages.
  return [{ title: translate(data?.locale ?? DEFAULT_LOCALE, 'app.name') }]
}

export function ErrorBoundary() {
  return (
    <AppShell flash={null}>
      <GeneralErrorBoundary />
    </AppShell>
  )
}
