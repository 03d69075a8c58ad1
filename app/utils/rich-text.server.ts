import { generateHTML } from '@tiptap/html/server'
import sanitizeHtml from 'sanitize-html'
import { z } from 'zod'
import { plainTextToDoc, richTextExtensions, type RichTextDoc, type RichTextNode } from './rich-text.ts'

const NODE_TYPES = new Set([
  'doc',
  'paragraph',
  'text',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'hardBreak',
  'horizontalRule',
  'codeBlock',
])
const MARK_TYPES = new Set(['bold', 'italic', 'strike', 'underline', 'code', 'link'])
const SAFE_HREF = /^(https?:\/\/|mailto:)/i
const MAX_DEPTH = 12
const MAX_NODES = 5000

/**
 * Checks stored JSON against an allowlist before it is ever rendered: unknown node or mark types, links
 * to anything but http(s)/mailto (a `javascript:` href), and absurdly deep or large documents are refused.
 */
export function validateRichText(value: unknown): RichTextDoc | null {
  let count = 0
  function ok(node: unknown, depth: number): boolean {
    if (++count > MAX_NODES || depth > MAX_DEPTH) return false
    if (typeof node !== 'object' || node === null) return false
    const n = node as RichTextNode
    if (typeof n.type !== 'string' || !NODE_TYPES.has(n.type)) return false
    if (n.type === 'text' && typeof n.text !== 'string') return false
    if (n.type === 'heading') {
      const level = n.attrs?.level
      if (level !== 2 && level !== 3 && level !== 4) return false
    }
    for (const mark of n.marks ?? []) {
      if (!mark || typeof mark.type !== 'string' || !MARK_TYPES.has(mark.type)) return false
      if (mark.type === 'link' && !SAFE_HREF.test(String(mark.attrs?.href ?? ''))) return false
    }
    if (n.content !== undefined) {
      if (!Array.isArray(n.content)) return false
      return n.content.every((child) => ok(child, depth + 1))
    }
    return true
  }
  if (!ok(value, 0) || (value as RichTextNode).type !== 'doc') return null
  return value as RichTextDoc
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'br', 'hr', 'pre', 'code', 'strong', 'em', 's', 'u', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
  },
}

/** Renders validated Tiptap JSON to HTML and sanitises the result as a second wall. */
export function renderRichText(doc: RichTextDoc): string {
  if (!doc.content?.length) return ''
  return sanitizeHtml(generateHTML(doc, richTextExtensions), SANITIZE)
}

export function sanitizeStoredHtml(html: string) {
  return sanitizeHtml(html, SANITIZE)
}

/**
 * A rich-text form field: the editor posts JSON in `name`; without JavaScript the textarea posts plain
 * text in `${name}Text`. Returns the document and its HTML, null for empty, or an error key.
 */
export const richTextField = z
  .object({ json: z.string().optional(), text: z.string().max(50_000).optional() })
  .transform((value, ctx) => {
    let doc: RichTextDoc | null = null
    if (value.json?.trim()) {
      try {
        doc = validateRichText(JSON.parse(value.json))
      } catch {
        doc = null
      }
      if (!doc) {
        ctx.addIssue({ code: 'custom', message: 'validation.richText' })
        return z.NEVER
      }
    } else if (value.text?.trim()) {
      doc = plainTextToDoc(value.text)
    }
    if (!doc || !doc.content?.length) return null
    return { json: doc as Record<string, unknown>, html: renderRichText(doc) }
  })

/** Reads the pair of fields a RichTextEditor posts. */
export function richTextInput(formData: FormData, name: string) {
  const json = formData.get(name)
  const text = formData.get(`${name}Text`)
  return { json: typeof json === 'string' ? json : undefined, text: typeof text === 'string' ? text : undefined }
}
