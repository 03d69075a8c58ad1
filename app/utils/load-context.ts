import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Nonce for inline scripts, matching the Content-Security-Policy header. */
    cspNonce?: string
    /** Appends a header to the response (the sliding session cookie). Absent when tests call loaders directly. */
    appendResponseHeader?: (name: string, value: string) => void
    /** The client address, for rate limits. */
    clientIp?: string
    /** Per-request memo, so the session is looked up once however many loaders run. */
    requestCache?: Map<string, Promise<unknown>>
  }
}

export {}
