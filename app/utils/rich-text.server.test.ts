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
