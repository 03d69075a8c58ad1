import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import { useState, type ReactNode } from 'react'
import { type CALLOUT_VARIANTS, videoEmbedUrl } from '#app/utils/rich-text-nodes.ts'
import { lessonExtensions, plainTextToDoc } from '#app/utils/rich-text.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

type Props = {
  name: string
  labelId: string
  describedBy?: string
  defaultDoc: Record<string, unknown> | null
  defaultText: string
}

const SAFE_HREF = /^(https?:\/\/|mailto:)/i

/** Small line icons: emoji glyphs are missing from many phones' and Linux desktops' fonts. */
function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={path} />
    </svg>
  )
}
const LINK_ICON = 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'
const IMAGE_ICON = 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15.5 8.5h.01'
const TABLE_ICON = 'M4 5h16v14H4zM4 10h16M4 15h16M10 5v14M15 5v14'

/** The lesson editor: the lesson profile of extensions (tables, images, callouts, videos) and a toolbar. */
export default function LessonTiptapEditor({ name, labelId, describedBy, defaultDoc, defaultText }: Props) {
  const initial = defaultDoc ?? (defaultText ? plainTextToDoc(defaultText) : null)
  const [json, setJson] = useState(initial ? JSON.stringify(initial) : '')
  const editor = useEditor({
    extensions: lessonExtensions,
    content: initial ?? '',
    immediatelyRender: false,
    // The CSP allows no inline <style>; the few rules Tiptap would inject are in authoring.css.
    injectCSS: false,
    // The toolbar shows which formatting is on where the cursor is, so it follows every change.
    shouldRerenderOnTransaction: true,
    editorProps: {
      attributes: {
        class: 'rich-text-input lesson-editor-input prose',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelId,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      },
    },
    onUpdate: ({ editor: e }) => setJson(e.isEmpty ? '' : JSON.stringify(e.getJSON())),
  })
  return (
    <div className="rich-text lesson-editor">
      {editor ? <Toolbar editor={editor} /> : null}
      <EditorContent editor={editor} />
      <input type="hidden" name={name} value={json} />
    </div>
  )
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n()
  const [notice, setNotice] = useState('')
  const chain = () => editor.chain().focus()
  const inTable = editor.isActive('table')

  /** A formatting switch: says whether it is on where the cursor is. */
  const toggle = (label: string, active: boolean, run: () => void, text: ReactNode) => (
    <button
      type="button"
      className="toolbar-button"
      aria-label={label}
      title={label}
      aria-pressed={active}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        setNotice('')
        run()
      }}
    >
      {text}
    </button>
  )
  /** A one-off command (insert, undo): a plain button, unavailable when it cannot run here. */
  const command = (label: string, run: () => void, text: ReactNode, disabled = false) => (
    <button
      type="button"
      className="toolbar-button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        setNotice('')
        run()
      }}
    >
      {text}
    </button>
  )

  const link = () => {
    const previous = editor.getAttributes('link').href as string | undefined
    const href = window.prompt(t('editor.linkPrompt'), previous ?? 'https://')
    if (href === null) return
    const value = href.trim()
    if (value === '') chain().extendMarkRange('link').unsetLink().run()
    else if (SAFE_HREF.test(value)) chain().extendMarkRange('link').setLink({ href: value }).run()
    else setNotice(t('authoring.editor.linkInvalid'))
  }

  const image = () => {
    const src = window.prompt(t('authoring.editor.imagePrompt'), 'https://')
    if (src === null) return
    const value = src.trim()
    if (!/^https:\/\/\S+$/i.test(value)) {
      setNotice(t('authoring.editor.imageInvalid'))
      return
    }
    const alt = window.prompt(t('authoring.editor.altPrompt'), '')
    if (alt === null) return
    chain().setImage({ src: value, alt: alt.trim() }).run()
  }

  const video = () => {
    const src = window.prompt(t('authoring.editor.videoPrompt'), 'https://')
    if (src === null) return
    const value = src.trim()
    if (!videoEmbedUrl(value)) {
      setNotice(t('authoring.editor.videoInvalid'))
      return
    }
    const title = window.prompt(t('authoring.editor.videoTitlePrompt'), '')
    if (title === null) return
    chain()
      .insertContent({ type: 'videoEmbed', attrs: { src: value, title: title.trim() || null } })
      .run()
  }

  const callout = (variant: (typeof CALLOUT_VARIANTS)[number]) => {
    if (editor.isActive('callout', { variant })) chain().lift('callout').run()
    else if (editor.isActive('callout')) chain().updateAttributes('callout', { variant }).run()
    else chain().wrapIn('callout', { variant }).run()
  }

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
        <span className="toolbar-group">
          {toggle(t('editor.bold'), editor.isActive('bold'), () => chain().toggleBold().run(), <b>Ж</b>)}
          {toggle(t('editor.italic'), editor.isActive('italic'), () => chain().toggleItalic().run(), <i>К</i>)}
          {toggle(t('editor.link'), editor.isActive('link'), link, <Icon path={LINK_ICON} />)}
        </span>
        <span className="toolbar-group">
          {toggle(t('editor.heading'), editor.isActive('heading', { level: 2 }), () => chain().toggleHeading({ level: 2 }).run(), 'H2')}
          {toggle(t('editor.subheading'), editor.isActive('heading', { level: 3 }), () => chain().toggleHeading({ level: 3 }).run(), 'H3')}
          {toggle(t('editor.bulletList'), editor.isActive('bulletList'), () => chain().toggleBulletList().run(), '•')}
          {toggle(t('editor.orderedList'), editor.isActive('orderedList'), () => chain().toggleOrderedList().run(), '1.')}
          {toggle(t('editor.quote'), editor.isActive('blockquote'), () => chain().toggleBlockquote().run(), '❝')}
        </span>
        <span className="toolbar-group">
          {toggle(t('authoring.editor.calloutNote'), editor.isActive('callout', { variant: 'note' }), () => callout('note'), 'i')}
          {toggle(t('authoring.editor.calloutTip'), editor.isActive('callout', { variant: 'tip' }), () => callout('tip'), '★')}
          {toggle(t('authoring.editor.calloutWarning'), editor.isActive('callout', { variant: 'warning' }), () => callout('warning'), '!')}
        </span>
        <span className="toolbar-group">
          {command(
            t('authoring.editor.tableInsert'),
            () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
            <Icon path={TABLE_ICON} />,
            inTable,
          )}
          {command(t('authoring.editor.tableRow'), () => chain().addRowAfter().run(), '+≡', !inTable)}
          {command(t('authoring.editor.tableColumn'), () => chain().addColumnAfter().run(), '+‖', !inTable)}
          {command(t('authoring.editor.tableDelete'), () => chain().deleteTable().run(), '✕', !inTable)}
        </span>
        <span className="toolbar-group">
          {command(t('authoring.editor.image'), image, <Icon path={IMAGE_ICON} />)}
          {command(t('authoring.editor.video'), video, '▶')}
        </span>
        <span className="toolbar-group">
          {command(t('editor.undo'), () => chain().undo().run(), '↶', !editor.can().undo())}
          {command(t('editor.redo'), () => chain().redo().run(), '↷', !editor.can().redo())}
        </span>
      </div>
      <p className="toolbar-notice" role="status">
        {notice}
      </p>
    </>
  )
}
