import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { DEFAULT_LOCALE, isLocale, loadCatalogue } from '#app/utils/i18n.ts'

// The server rendered the page in its language (<html lang>); only that language's messages are fetched,
// and before hydrating, so the first client render says exactly what the server's did.
const lang = document.documentElement.lang
loadCatalogue(isLocale(lang) ? lang : DEFAULT_LOCALE).then(
  () => {
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      )
    })
  },
  (error: unknown) => {
    // Without its messages the page stays as the server rendered it: readable, its forms plain HTML forms.
    console.error('The language catalogue could not be loaded:', error)
  },
)
