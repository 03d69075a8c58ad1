// Fills a template (Tiptap JSON with {{key}} placeholders) with a person's values and writes it as a .docx.
// The OOXML parts are built by hand and zipped with fflate: no templates on disk, nothing executed, and
// every piece of text — the author's and the person's — goes through one XML escape.
import { strToU8, zipSync } from 'fflate'
import type { TemplateField } from '#db/schema/toolkits.ts'
import type { RichTextDoc, RichTextNode } from './rich-text.ts'

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g

/** The template itself is broken (an author's mistake): never produce a file from it. */
export class TemplateError extends Error {
  constructor(public readonly keys: string[]) {
    super(`The template uses fields that are not declared: ${keys.map((k) => `{{${k}}}`).join(', ')}`)
  }
}

/** Required values are missing: the form must say which, before anything is generated. */
export class MissingValuesError extends Error {
  constructor(public readonly keys: string[]) {
    super(`Values are missing for: ${keys.join(', ')}`)
  }
}

/** Every placeholder key a document uses, in order of first appearance. */
export function placeholdersOf(doc: RichTextNode): string[] {
  const keys = new Set<string>()
  const walk = (node: RichTextNode) => {
    if (node.type === 'text' && typeof node.text === 'string') for (const m of node.text.matchAll(PLACEHOLDER)) keys.add(m[1]!)
    for (const child of node.content ?? []) walk(child)
  }
  walk(doc)
  return [...keys]
}

/**
 * Checks the template against its fields and the values against the template: an undeclared key is the
 * author's error (TemplateError); a used key with no value is the person's (MissingValuesError).
 */
export function checkTemplate(doc: RichTextNode, fields: readonly TemplateField[], values: Record<string, string>) {
  const declared = new Set(fields.map((f) => f.key))
  const used = placeholdersOf(doc)
  const undeclared = used.filter((k) => !declared.has(k))
  if (undeclared.length) throw new TemplateError(undeclared)
  const missing = used.filter((k) => !values[k]?.trim())
  if (missing.length) throw new MissingValuesError(missing)
}

/** A copy of the document with every {{key}} replaced by its value; line breaks in a value become hard breaks. */
export function fillDoc(doc: RichTextDoc, fields: readonly TemplateField[], values: Record<string, string>): RichTextDoc {
  checkTemplate(doc, fields, values)
  const fill = (node: RichTextNode): RichTextNode[] => {
    if (node.type === 'text' && typeof node.text === 'string') {
      if (!node.text.includes('{{')) return [node]
      const text = node.text.replace(PLACEHOLDER, (_m, key: string) => values[key] ?? '')
      const out: RichTextNode[] = []
      text.split(/\r\n|\r|\n/).forEach((line, i) => {
        if (i > 0) out.push({ type: 'hardBreak' })
        if (line) out.push({ ...node, text: line })
      })
      return out
    }
    if (!node.content) return [node]
    return [{ ...node, content: node.content.flatMap(fill) }]
  }
  return fill(doc)[0] as RichTextDoc
}

// ---------------------------------------------------------------------------------------------------
// OOXML

/** Escapes text for XML and drops characters XML 1.0 cannot hold at all (control characters). */
export function xmlEscape(value: string) {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

type RunStyle = { bold?: boolean; italic?: boolean; underline?: boolean; strike?: boolean; code?: boolean }

function runProps(style: RunStyle) {
  const props = [
    style.bold ? '<w:b/>' : '',
    style.italic ? '<w:i/>' : '',
    style.strike ? '<w:strike/>' : '',
    style.underline ? '<w:u w:val="single"/>' : '',
    style.code ? '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>' : '',
  ].join('')
  return props ? `<w:rPr>${props}</w:rPr>` : ''
}

function run(text: string, style: RunStyle = {}) {
  return `<w:r>${runProps(style)}<w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r>`
}

function runs(nodes: readonly RichTextNode[] | undefined, base: RunStyle = {}): string {
  let out = ''
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') out += '<w:r><w:br/></w:r>'
    else if (node.type === 'text' && typeof node.text === 'string') {
      const style: RunStyle = { ...base }
      let href: string | null = null
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') style.bold = true
        else if (mark.type === 'italic') style.italic = true
        else if (mark.type === 'underline') style.underline = true
        else if (mark.type === 'strike') style.strike = true
        else if (mark.type === 'code') style.code = true
        else if (mark.type === 'link') href = String(mark.attrs?.href ?? '')
      }
      out += run(node.text, style)
      // Links print as their address, so a paper copy still says where to go.
      if (href && href !== node.text) out += run(` (${href})`, style)
    } else if (node.content) out += runs(node.content, base)
  }
  return out
}

type ParaOptions = { style?: string; indent?: number; prefix?: string; border?: boolean; keepEmpty?: boolean }

function para(content: string, options: ParaOptions = {}) {
  const props = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : '',
    options.border ? '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>' : '',
    options.indent ? `<w:ind w:left="${options.indent}" w:hanging="${options.prefix ? 284 : 0}"/>` : '',
  ].join('')
  const prefix = options.prefix ? run(options.prefix) : ''
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${prefix}${content}</w:p>`
}

function blocks(nodes: readonly RichTextNode[] | undefined, indent = 0, base: RunStyle = {}): string {
  let out = ''
  for (const node of nodes ?? []) out += block(node, indent, base)
  return out
}

function listItems(list: RichTextNode, indent: number, base: RunStyle) {
  const ordered = list.type === 'orderedList'
  let n = Number(list.attrs?.start ?? 1) || 1
  let out = ''
  for (const item of list.content ?? []) {
    const prefix = ordered ? `${n++}.\t` : '•\t'
    const level = indent + 567
    const [first, ...rest] = item.content ?? []
    if (first && first.type === 'paragraph') out += para(runs(first.content, base), { indent: level, prefix })
    else out += para('', { indent: level, prefix }) + (first ? block(first, level, base) : '')
    out += blocks(rest, level, base)
  }
  return out
}

function table(node: RichTextNode, base: RunStyle) {
  const rows = node.content ?? []
  const columns = Math.max(1, ...rows.map((r) => r.content?.length ?? 0))
  const width = Math.floor(9355 / columns)
  let out = `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`
  for (let i = 0; i < columns; i++) out += `<w:gridCol w:w="${width}"/>`
  out += '</w:tblGrid>'
  for (const row of rows) {
    out += '<w:tr>'
    const cells = row.content ?? []
    for (let i = 0; i < columns; i++) {
      const cell = cells[i]
      const header = cell?.type === 'tableHeader'
      const inner = cell ? blocks(cell.content, 0, header ? { ...base, bold: true } : base) : ''
      // A cell must end with a paragraph, even when empty.
      out += `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${inner.endsWith('</w:p>') ? inner : `${inner}<w:p/>`}</w:tc>`
    }
    out += '</w:tr>'
  }
  return `${out}</w:tbl><w:p/>`
}

function block(node: RichTextNode, indent: number, base: RunStyle): string {
  switch (node.type) {
    case 'paragraph':
      return para(runs(node.content, base), { indent })
    case 'heading': {
      const level = Math.min(Math.max(Number(node.attrs?.level ?? 2) - 1, 1), 3)
      return para(runs(node.content, base), { style: `Heading${level}` })
    }
    case 'bulletList':
    case 'orderedList':
      return listItems(node, indent, base)
    case 'blockquote':
    case 'callout':
      return blocks(node.content, indent + 567, { ...base, italic: node.type === 'blockquote' || base.italic })
    case 'table':
      return table(node, base)
    case 'horizontalRule':
      return para('', { border: true })
    case 'codeBlock':
      return para(runs(node.content, { ...base, code: true }), { indent })
    case 'image':
      return node.attrs?.alt ? para(run(`[${String(node.attrs.alt)}]`, { italic: true }), { indent }) : ''
    case 'videoEmbed':
      return para(run(String(node.attrs?.src ?? ''), base), { indent })
    default:
      return node.content ? blocks(node.content, indent, base) : ''
  }
}

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

function documentXml(doc: RichTextDoc, title: string | undefined) {
  const body = (title ? para(run(title), { style: 'Title' }) : '') + blocks(doc.content)
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${NS}><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:jc w:val="left"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="80"/><w:jc w:val="left"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>
</w:styles>`

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

function coreXml(title: string) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${xmlEscape(title)}</dc:title><dc:creator>Ресурсник</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified></cp:coreProperties>`
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * A .docx of a template filled with values. Throws TemplateError when the template uses an undeclared
 * key and MissingValuesError when a used key has no value — never a half-filled or corrupt file.
 */
export function generateDocx(
  template: RichTextDoc,
  fields: readonly TemplateField[],
  values: Record<string, string>,
  options: { title?: string; heading?: boolean } = {},
): Uint8Array {
  const filled = fillDoc(template, fields, values)
  const title = options.title ?? ''
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(ROOT_RELS),
      'docProps/core.xml': strToU8(coreXml(title)),
      'word/document.xml': strToU8(documentXml(filled, options.heading && title ? title : undefined)),
      'word/styles.xml': strToU8(STYLES),
      'word/_rels/document.xml.rels': strToU8(DOCUMENT_RELS),
    },
    { level: 6 },
  )
}
