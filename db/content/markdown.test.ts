import { describe, expect, test } from 'vitest'
import { renderRichText, validateRichText } from '../../app/utils/rich-text.server.ts'
import { markdownToDoc } from './markdown.ts'

function html(md: string) {
  const doc = validateRichText(markdownToDoc(md), 'lesson')
  expect(doc, 'the converted document passes the lesson allowlist').not.toBeNull()
  return renderRichText(doc!, 'lesson')
}

describe('markdown to lesson HTML', () => {
  test('headings, emphasis, links and lists', () => {
    const out = html('## Миссия\n\nТекст с **жирным**, *курсивом* и [ссылкой](https://example.org).\n\n- один\n- два\n\n1. первый\n2. второй')
    expect(out).toContain('<h2>Миссия</h2>')
    expect(out).toContain('<strong>жирным</strong>')
    expect(out).toContain('<em>курсивом</em>')
    expect(out).toMatch(/<a [^>]*href="https:\/\/example\.org"[^>]*>ссылкой<\/a>/)
    expect(out).toContain('<ul><li><p>один</p></li><li><p>два</p></li></ul>')
    expect(out).toContain('<ol><li><p>первый</p></li>')
  })

  test('a table with empty cells', () => {
    const out = html('| Вопрос | Ответ |\n| --- | --- |\n| ИНН | |\n| ОГРН | есть |')
    expect(out).toContain('<table>')
    expect(out).toMatch(/<th[^>]*><p>Вопрос<\/p><\/th>/)
    expect(out).toMatch(/<td[^>]*><p>ИНН<\/p><\/td><td[^>]*><p><\/p><\/td>/)
  })

  test('callouts and plain quotes', () => {
    const out = html('> [!TIP]\n> Заведите журнал консультаций с первого дня.\n\n> Просто цитата.')
    expect(out).toContain('<aside data-variant="tip" class="callout callout-tip"><p>Заведите журнал консультаций с первого дня.</p></aside>')
    expect(out).toContain('<blockquote><p>Просто цитата.</p></blockquote>')
  })

  test('a video line becomes an embedded player from an allowed host', () => {
    const out = html('@[video](https://rutube.ru/video/abc123def456/)')
    expect(out).toContain('<iframe src="https://rutube.ru/play/embed/abc123def456"')
  })

  test('quotes and ampersands come through as text', () => {
    expect(html('Фонд «Вектор» & партнёры: "кавычки"')).toBe('<p>Фонд «Вектор» &amp; партнёры: "кавычки"</p>')
  })
})
