import { describe, expect, test } from 'vitest'
import { renderRichText, richTextField, validateRichText } from './rich-text.server.ts'

const doc = (content: unknown[]) => ({ type: 'doc', content })

describe('rich text', () => {
  test('renders headings, lists and safe links', () => {
    const html = renderRichText(
      validateRichText(
        doc([
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Программа' }] },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Сайт ', marks: [{ type: 'bold' }] },
              { type: 'text', text: 'фонда', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] },
            ],
          },
          { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'пункт' }] }] }] },
        ]),
      )!,
    )
    expect(html).toContain('<h2>Программа</h2>')
    expect(html).toContain('<strong>Сайт </strong>')
    expect(html).toMatch(/<a (rel="noopener noreferrer nofollow" href="https:\/\/example\.org"|href="https:\/\/example\.org" rel="noopener noreferrer nofollow")>фонда<\/a>/)
    expect(html).toContain('<li><p>пункт</p></li>')
  })

  test('a javascript: link, an unknown node or a script is refused', () => {
    expect(validateRichText(doc([{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }]))).toBeNull()
    expect(validateRichText(doc([{ type: 'iframe' }]))).toBeNull()
    expect(validateRichText({ type: 'paragraph' })).toBeNull()
  })

  test('text is escaped, never interpreted', () => {
    const html = renderRichText(validateRichText(doc([{ type: 'paragraph', content: [{ type: 'text', text: '<script>alert(1)</script>' }] }]))!)
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
  })

  test('the form field takes JSON from the editor or plain text without JavaScript', () => {
    const fromText = richTextField.parse({ text: 'Первый абзац.\n\nВторой <b>абзац</b>.' })
    expect(fromText?.html).toBe('<p>Первый абзац.</p><p>Второй &lt;b&gt;абзац&lt;/b&gt;.</p>')
    expect(richTextField.parse({ text: '   ' })).toBeNull()
    expect(richTextField.safeParse({ json: '{"type":"doc","content":[{"type":"script"}]}' }).success).toBe(false)
    expect(richTextField.safeParse({ json: 'not json' }).success).toBe(false)
  })
})

describe('lesson documents: known XSS payloads do not survive', () => {
  const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })
  test('unsafe images, videos and links are refused', () => {
    const bad = [
      { type: 'image', attrs: { src: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+' } },
      { type: 'image', attrs: { src: 'javascript:alert(1)' } },
      { type: 'image', attrs: { src: 'http://insecure.example/a.png' } },
      { type: 'videoEmbed', attrs: { src: 'https://evil.example/video/1' } },
      { type: 'callout', attrs: { variant: '"><script>' }, content: [para('x')] },
      { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: ' javascript:alert(1)' } }] }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'data:text/html,<script>alert(1)</script>' } }] }] },
    ]
    for (const node of bad) expect(validateRichText(doc([node]), 'lesson'), JSON.stringify(node)).toBeNull()
  })

  test('extra attributes such as onerror are dropped on rendering', () => {
    const html = renderRichText(
      validateRichText(doc([{ type: 'image', attrs: { src: 'https://example.org/a.png', alt: 'схема', onerror: 'alert(1)' } }]), 'lesson')!,
      'lesson',
    )
    expect(html).toContain('src="https://example.org/a.png"')
    expect(html).not.toContain('onerror')
  })

  test('markup typed as text stays text', () => {
    const html = renderRichText(
      validateRichText(doc([para('<svg onload=alert(1)><img src=x onerror=alert(1)><script>alert(1)</script>')]), 'lesson')!,
      'lesson',
    )
    for (const needle of ['<svg', '<img', '<script', 'javascript:']) expect(html).not.toContain(needle)
  })

  test('an allowed video becomes a sandboxed player from its host only', () => {
    const html = renderRichText(validateRichText(doc([{ type: 'videoEmbed', attrs: { src: 'https://youtu.be/dQw4w9WgXcQ' } }]), 'lesson')!, 'lesson')
    expect(html).toContain('src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"')
  })
})
