import Image from '@tiptap/extension-image'
import { TableKit } from '@tiptap/extension-table'
import StarterKit from '@tiptap/starter-kit'
import { Callout, VideoEmbed } from './rich-text-nodes.ts'

/**
 * The Tiptap extensions used both by the editor in the browser and by the server when it renders stored
 * JSON to HTML, so the two always agree on what a document may contain.
 */
export const richTextExtensions = [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    link: {
      openOnClick: false,
      autolink: true,
      protocols: ['http', 'https', 'mailto'],
      HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
    },
  }),
]

/** Lessons and guides also have tables, images, callouts and embedded videos. */
export const lessonExtensions = [
  ...richTextExtensions,
  TableKit.configure({ table: { resizable: false } }),
  Image.configure({ inline: false, allowBase64: false }),
  Callout,
  VideoEmbed,
]

export type RichTextProfile = 'basic' | 'lesson'

export function extensionsFor(profile: RichTextProfile) {
  return profile === 'lesson' ? lessonExtensions : richTextExtensions
}

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
