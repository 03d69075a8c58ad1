import { mergeAttributes, Node } from '@tiptap/core'

export const CALLOUT_VARIANTS = ['note', 'tip', 'warning'] as const

/** A highlighted block: a note, a tip or a warning. */
export const Callout = Node.create({
  name: 'callout',
  group: 'block',
  content: 'block+',
  defining: true,
  addAttributes() {
    return {
      variant: {
        default: 'note',
        parseHTML: (element) => element.getAttribute('data-variant') ?? 'note',
        renderHTML: (attributes) => ({ 'data-variant': attributes.variant, class: `callout callout-${attributes.variant}` }),
      },
    }
  },
  parseHTML() {
    return [{ tag: 'aside[data-variant]' }]
  },
  renderHTML({ HTMLAttributes }) {
    return ['aside', mergeAttributes(HTMLAttributes), 0]
  },
})

const VIDEO_HOSTS = [
  { test: /^https:\/\/(www\.)?rutube\.ru\/video\/([a-z0-9]+)/i, embed: (m: RegExpMatchArray) => `https://rutube.ru/play/embed/${m[2]}` },
  { test: /^https:\/\/(www\.)?youtube\.com\/watch\?v=([\w-]{6,})/i, embed: (m: RegExpMatchArray) => `https://www.youtube-nocookie.com/embed/${m[2]}` },
  { test: /^https:\/\/youtu\.be\/([\w-]{6,})/i, embed: (m: RegExpMatchArray) => `https://www.youtube-nocookie.com/embed/${m[1]}` },
  { test: /^https:\/\/(vk\.com|vkvideo\.ru)\/video(-?\d+)_(\d+)/i, embed: (m: RegExpMatchArray) => `https://vkvideo.ru/video_ext.php?oid=${m[2]}&id=${m[3]}` },
]

export const VIDEO_EMBED_HOSTS = ['rutube.ru', 'www.youtube-nocookie.com', 'vkvideo.ru']

/** The embeddable player address for a video page link on RuTube, VK Video or YouTube, or null. */
export function videoEmbedUrl(url: string): string | null {
  for (const host of VIDEO_HOSTS) {
    const match = url.match(host.test)
    if (match) return host.embed(match)
  }
  return null
}

/** An embedded video from an allowed host; stored as the page link, rendered as a player. */
export const VideoEmbed = Node.create({
  name: 'videoEmbed',
  group: 'block',
  atom: true,
  addAttributes() {
    return { src: { default: null }, title: { default: null } }
  },
  parseHTML() {
    return [{ tag: 'figure[data-video]', getAttrs: (el) => ({ src: (el as HTMLElement).getAttribute('data-video') }) }]
  },
  renderHTML({ HTMLAttributes }) {
    const src = String(HTMLAttributes.src ?? '')
    const embed = videoEmbedUrl(src)
    const title = String(HTMLAttributes.title ?? 'Видео')
    if (!embed) return ['p', {}, ['a', { href: src }, src]]
    return [
      'figure',
      { class: 'video', 'data-video': src },
      ['iframe', { src: embed, title, loading: 'lazy', allowfullscreen: 'true', referrerpolicy: 'strict-origin-when-cross-origin' }],
      ['figcaption', {}, ['a', { href: src }, title]],
    ]
  },
})
