import { generateHTML } from '@tiptap/html/server'
import sanitizeHtml from 'sanitize-html'
import { z } from 'zod'
import { VIDEO_EMBED_HOSTS, videoEmbedUrl, CALLOUT_VARIANTS } from './rich-text-nodes.ts'
import {
  extensionsFor,
  plainTextToDoc,
  type RichTextDoc,
  type RichTextNode,
  type RichTextProfile,
} from './rich-text.ts'

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
const LESSON_NODE_TYPES = new Set([
  ...NODE_TYPES,
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'image',
  'callout',
  'videoEmbed',
])
const MARK_TYPES = new Set(['bold', 'italic', 'strike', 'underline', 'code', 'link'])
/** Images from this site's uploads or any https address; never data: or javascript:. */
const SAFE_IMAGE = /^(https:\/\/|\/uploads\/)/i
const SAFE_HREF = /^(https?:\/\/|mailto:)/i
const MAX_DEPTH = 12
const MAX_NODES = 5000

/**
 * Checks stored JSON against an allowlist before it is ever rendered: unknown node or mark types, links
 * to anything but http(s)/mailto (a `javascript:` href), and absurdly deep or large documents are refused.
 */
export function validateRichText(value: unknown, profile: RichTextProfile = 'basic'): RichTextDoc | null {
  const allowed = profile === 'lesson' ? LESSON_NODE_TYPES : NODE_TYPES
  let count = 0
  function ok(node: unknown, depth: number): boolean {
    if (++count > MAX_NODES || depth > MAX_DEPTH) return false
    if (typeof node !== 'object' || node === null) return false
    const n = node as RichTextNode
    if (typeof n.type !== 'string' || !allowed.has(n.type)) return false
    if (n.type === 'image' && !SAFE_IMAGE.test(String(n.attrs?.src ?? ''))) return false
    if (n.type === 'videoEmbed' && !videoEmbedUrl(String(n.attrs?.src ?? ''))) return false
    if (n.type === 'callout' && !(CALLOUT_VARIANTS as readonly string[]).includes(String(n.attrs?.variant ?? 'note')))
      return false
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

const LESSON_SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'ul',
    'ol',
    'li',
    'blockquote',
    'br',
    'hr',
    'pre',
    'code',
    'strong',
    'em',
    's',
    'u',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'colgroup',
    'col',
    'img',
    'aside',
    'figure',
    'figcaption',
    'iframe',
  ],
  allowedAttributes: {
    a: ['href', 'rel'],
    img: ['src', 'alt', 'title'],
    aside: ['class', 'data-variant'],
    figure: ['class', 'data-video'],
    iframe: ['src', 'title', 'loading', 'allowfullscreen', 'referrerpolicy'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedClasses: {
    aside: ['callout', 'callout-note', 'callout-tip', 'callout-warning'],
    figure: ['video'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'], iframe: ['https'] },
  allowedIframeHostnames: VIDEO_EMBED_HOSTS,
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', {
      rel: 'noopener noreferrer nofollow',
    }),
  },
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'ul',
    'ol',
    'li',
    'blockquote',
    'br',
    'hr',
    'pre',
    'code',
    'strong',
    'em',
    's',
    'u',
    'a',
  ],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', {
      rel: 'noopener noreferrer nofollow',
    }),
  },
}

/** Renders validated Tiptap JSON to HTML and sanitises the result as a second wall. */
export function renderRichText(doc: RichTextDoc, profile: RichTextProfile = 'basic'): string {
  if (!doc.content?.length) return ''
  return sanitizeHtml(generateHTML(doc, extensionsFor(profile)), profile === 'lesson' ? LESSON_SANITIZE : SANITIZE)
}

export function sanitizeStoredHtml(html: string, profile: RichTextProfile = 'basic') {
  return sanitizeHtml(html, profile === 'lesson' ? LESSON_SANITIZE : SANITIZE)
}

/**
 * A rich-text form field: the editor posts JSON in `name`; without JavaScript the textarea posts plain
 * text in `${name}Text`. Returns the document and its HTML, null for empty, or an error key.
 */
export const richTextField = richTextFieldFor('basic')

/** The same field for lessons and guides (tables, images, callouts, videos allowed). */
export function richTextFieldFor(profile: RichTextProfile) {
  return z
    .object({
      json: z.string().optional(),
      text: z.string().max(200_000).optional(),
    })
    .transform((value, ctx) => {
      let doc: RichTextDoc | null = null
      if (value.json?.trim()) {
        try {
          doc = validateRichText(JSON.parse(value.json), profile)
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
      return {
        json: doc as Record<string, unknown>,
        html: renderRichText(doc, profile),
      }
    })
}

/** Reads the pair of fields a RichTextEditor posts. */
export function richTextInput(formData: FormData, name: string) {
  const json = formData.get(name)
  const text = formData.get(`${name}Text`)
  return {
    json: typeof json === 'string' ? json : undefined,
    text: typeof text === 'string' ? text : undefined,
  }
}
