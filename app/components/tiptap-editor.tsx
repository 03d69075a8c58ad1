import { EditorContent, useEditor, type Editor } from '@tiptap/react'
import { useState } from 'react'
import { plainTextToDoc, richTextExtensions } from '#app/utils/rich-text.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

type Props = {
  name: string
  labelId: string
  describedBy?: string
  defaultDoc: Record<string, unknown> | null
  defaultText: string
}

export default function TiptapEditor({ name, labelId, describedBy, defaultDoc, defaultText }: Props) {
  const initial = defaultDoc ?? (defaultText ? plainTextToDoc(defaultText) : null)
  const [json, setJson] = useState(initial ? JSON.stringify(initial) : '')
  const editor = useEditor({
    extensions: richTextExtensions,
    content: initial ?? '',
    immediatelyRender: false,
    // Tiptap's injected <style> is blocked by the Content-Security-Policy; its rules live in app.css.
    injectCSS: false,
    editorProps: {
      attributes: {
        class: 'rich-text-input prose',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelId,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      },
    },
    onUpdate: ({ editor: e }) => setJson(e.isEmpty ? '' : JSON.stringify(e.getJSON())),
  })
  return (
    <div className="rich-text">
      {editor ? <Toolbar editor={editor} /> : null}
      <EditorContent editor={editor} />
      <input type="hidden" name={name} value={json} />
    </div>
  )
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n()
  const [, force] = useState(0)
  const button = (label: string, active: boolean, run: () => void, text: string) => (
    <button
      type="button"
      className="toolbar-button"
      aria-label={label}
      aria-pressed={active}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        run()
        force((n) => n + 1)
      }}
    >
      {text}
    </button>
  )
  const chain = () => editor.chain().focus()
  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      {button(t('editor.bold'), editor.isActive('bold'), () => chain().toggleBold().run(), 'Ж')}
      {button(t('editor.italic'), editor.isActive('italic'), () => chain().toggleItalic().run(), 'К')}
      {button(t('editor.heading'), editor.isActive('heading', { level: 2 }), () => chain().toggleHeading({ level: 2 }).run(), 'H2')}
      {button(t('editor.subheading'), editor.isActive('heading', { level: 3 }), () => chain().toggleHeading({ level: 3 }).run(), 'H3')}
      {button(t('editor.bulletList'), editor.isActive('bulletList'), () => chain().toggleBulletList().run(), '•')}
      {button(t('editor.orderedList'), editor.isActive('orderedList'), () => chain().toggleOrderedList().run(), '1.')}
      {button(t('editor.quote'), editor.isActive('blockquote'), () => chain().toggleBlockquote().run(), '❝')}
      {button(
        t('editor.link'),
        editor.isActive('link'),
        () => {
          const previous = editor.getAttributes('link').href as string | undefined
          const href = window.prompt(t('editor.linkPrompt'), previous ?? 'https://')
          if (href === null) return
          if (href === '') chain().extendMarkRange('link').unsetLink().run()
          else if (/^(https?:\/\/|mailto:)/i.test(href)) chain().extendMarkRange('link').setLink({ href }).run()
        },
        '🔗',
      )}
      {button(t('editor.undo'), false, () => chain().undo().run(), '↶')}
      {button(t('editor.redo'), false, () => chain().redo().run(), '↷')}
    </div>
  )
}
