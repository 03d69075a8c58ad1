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

export { docToPlainText, plainTextToDoc, type RichTextDoc, type RichTextNode } from './rich-text-doc.ts'
