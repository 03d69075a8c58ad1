// Markdown (as written in content/) to Tiptap JSON, so imported lessons are stored exactly like
// lessons written in the editor and go through the same validation and rendering.
import { Lexer, type Token, type Tokens } from 'marked'
import type { RichTextDoc, RichTextNode } from '../../app/utils/rich-text.ts'

type Mark = NonNullable<RichTextNode['marks']>[number]

const VIDEO_LINE = /^@\[video\]\((https:\/\/[^)\s]+)\)\s*$/
const CALLOUT_LINE = /^\s*\[!(NOTE|TIP|WARNING)\]\s*/i

function inline(tokens: Token[] | undefined, marks: Mark[] = []): RichTextNode[] {
  const out: RichTextNode[] = []
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text
        if (t.tokens?.length) out.push(...inline(t.tokens, marks))
        else if (t.text) out.push(textNode(decode(t.text), marks))
        break
      }
      case 'escape':
        out.push(textNode((token as Tokens.Escape).text, marks))
        break
      case 'strong':
        out.push(...inline((token as Tokens.Strong).tokens, [...marks, { type: 'bold' }]))
        break
      case 'em':
        out.push(...inline((token as Tokens.Em).tokens, [...marks, { type: 'italic' }]))
        break
      case 'del':
        out.push(...inline((token as Tokens.Del).tokens, [...marks, { type: 'strike' }]))
        break
      case 'codespan':
        out.push(textNode(decode((token as Tokens.Codespan).text), [...marks, { type: 'code' }]))
        break
      case 'link': {
        const link = token as Tokens.Link
        out.push(...inline(link.tokens, [...marks, { type: 'link', attrs: { href: link.href } }]))
        break
      }
      case 'br':
        out.push({ type: 'hardBreak' })
        break
      case 'html':
        out.push(textNode((token as Tokens.HTML).text, marks))
        break
      default:
        if ('text' in token && typeof token.text === 'string') out.push(textNode(decode(token.text), marks))
    }
  }
  return out.filter((n) => n.type !== 'text' || n.text)
}

function decode(text: string) {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function textNode(text: string, marks: Mark[]): RichTextNode {
  return marks.length ? { type: 'text', text, marks } : { type: 'text', text }
}

function paragraph(content: RichTextNode[]): RichTextNode {
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' }
}

function blocks(tokens: Token[]): RichTextNode[] {
  const out: RichTextNode[] = []
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break
      case 'heading': {
        const h = token as Tokens.Heading
        out.push({ type: 'heading', attrs: { level: Math.min(Math.max(h.depth, 2), 4) }, content: inline(h.tokens) })
        break
      }
      case 'paragraph': {
        const p = token as Tokens.Paragraph
        const video = p.text.trim().match(VIDEO_LINE)
        if (video) {
          out.push({ type: 'videoEmbed', attrs: { src: video[1], title: null } })
          break
        }
        const images = (p.tokens ?? []).filter((t) => t.type === 'image') as Tokens.Image[]
        const rest = (p.tokens ?? []).filter((t) => t.type !== 'image')
        const content = inline(rest)
        if (content.some((n) => n.type !== 'hardBreak')) out.push(paragraph(content))
        for (const image of images) out.push({ type: 'image', attrs: { src: image.href, alt: image.text, title: image.title ?? null } })
        break
      }
      case 'list': {
        const list = token as Tokens.List
        out.push({
          type: list.ordered ? 'orderedList' : 'bulletList',
          ...(list.ordered && typeof list.start === 'number' && list.start !== 1 ? { attrs: { start: list.start } } : {}),
          content: list.items.map((item) => ({ type: 'listItem', content: listItem(item) })),
        })
        break
      }
      case 'blockquote': {
        const quote = token as Tokens.Blockquote
        const marker = quote.text.match(CALLOUT_LINE)
        if (marker) {
          const inner = new Lexer().lex(quote.text.replace(CALLOUT_LINE, ''))
          out.push({ type: 'callout', attrs: { variant: marker[1]!.toLowerCase() }, content: nonEmpty(blocks(inner)) })
        } else {
          out.push({ type: 'blockquote', content: nonEmpty(blocks(quote.tokens)) })
        }
        break
      }
      case 'table': {
        const table = token as Tokens.Table
        const cell = (type: 'tableHeader' | 'tableCell', c: Tokens.TableCell): RichTextNode => ({
          type,
          content: [paragraph(inline(c.tokens))],
        })
        out.push({
          type: 'table',
          content: [
            { type: 'tableRow', content: table.header.map((c) => cell('tableHeader', c)) },
            ...table.rows.map((row) => ({ type: 'tableRow', content: row.map((c) => cell('tableCell', c)) })),
          ],
        })
        break
      }
      case 'hr':
        out.push({ type: 'horizontalRule' })
        break
      case 'code':
        out.push({ type: 'codeBlock', content: [{ type: 'text', text: (token as Tokens.Code).text }] })
        break
      case 'html':
        out.push(paragraph([{ type: 'text', text: (token as Tokens.HTML).text.trim() }]))
        break
      case 'text': {
        const t = token as Tokens.Text
        out.push(paragraph(t.tokens ? inline(t.tokens) : [textNode(decode(t.text), [])]))
        break
      }
      default:
        break
    }
  }
  return out
}

function listItem(item: Tokens.ListItem): RichTextNode[] {
  const content: RichTextNode[] = []
  for (const token of item.tokens) {
    if (token.type === 'text') {
      const t = token as Tokens.Text
      content.push(paragraph(t.tokens ? inline(t.tokens) : [textNode(decode(t.text), [])]))
    } else {
      content.push(...blocks([token]))
    }
  }
  return nonEmpty(content)
}

function nonEmpty(content: RichTextNode[]) {
  return content.length ? content : [paragraph([])]
}

export function markdownToDoc(markdown: string): RichTextDoc {
  const tokens = new Lexer({ gfm: true }).lex(markdown.replace(/\r\n/g, '\n'))
  return { type: 'doc', content: blocks(tokens) }
}
