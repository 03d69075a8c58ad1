// Document helpers without any Tiptap code, so browser bundles that only need them stay small.

export type RichTextDoc = { type: 'doc'; content?: RichTextNode[] }
export type RichTextNode = {
  type: string
  attrs?: Record<string, unknown>
  content?: RichTextNode[]
  marks?: { type: string; attrs?: Record<string, unknown> }[]
  text?: string
}

/** Plain text (paragraphs split by blank lines) as a document: what a person typed without JavaScript. */
export function plainTextToDoc(text: string): RichTextDoc {
  const paragraphs = text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
  return {
    type: 'doc',
    content: paragraphs.map((p) => {
      const lines = p.split('\n')
      const content: RichTextNode[] = []
      lines.forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' })
        if (line) content.push({ type: 'text', text: line })
      })
      return { type: 'paragraph', content }
    }),
  }
}

/** The text of a document, for previews, search and calendar descriptions. */
export function docToPlainText(doc: RichTextDoc | RichTextNode | null | undefined): string {
  if (!doc) return ''
  if (doc.type === 'text') return (doc as RichTextNode).text ?? ''
  if (doc.type === 'hardBreak') return '\n'
  const inner = (doc.content ?? []).map((n) => docToPlainText(n))
  const block = ['doc', 'bulletList', 'orderedList', 'blockquote'].includes(doc.type)
  return block ? inner.join('\n') : inner.join('') + (doc.type === 'doc' ? '' : '\n')
}
