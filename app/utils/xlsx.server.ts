// A small SpreadsheetML (.xlsx) writer: sheets of typed cells zipped with fflate, no templates and no
// third-party spreadsheet library. Strings go to the shared-string table (never formulas, so nothing a
// person typed can run when the file is opened), numbers stay numbers, dates become Excel serial dates
// with a date format, the header row is bold and frozen, and every column has a width.
import { strToU8, zipSync } from 'fflate'
import { xmlEscape } from './docx.server.ts'

export type XlsxFormat = 'text' | 'wrap' | 'integer' | 'decimal' | 'percent' | 'date' | 'dateTime'

/**
 * A cell: plain text or a number (formatted by its column), or an object that names its own format.
 * Dates are 'YYYY-MM-DD' (format 'date') or wall-clock 'YYYY-MM-DDTHH:mm' (format 'dateTime'): a spreadsheet
 * has no time zones, so the caller converts an instant to the zone people should read it in.
 */
export type XlsxCell = string | number | null | undefined | { value: string | number | null; format?: XlsxFormat }

export type XlsxColumn = { header: string; width?: number; format?: XlsxFormat }

export type XlsxSheet = { name: string; columns: XlsxColumn[]; rows: readonly XlsxCell[][] }

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Style indexes into cellXfs below. */
const STYLE: Record<XlsxFormat | 'header', number> = {
  text: 0,
  header: 1,
  date: 2,
  dateTime: 3,
  integer: 4,
  decimal: 5,
  percent: 6,
  wrap: 7,
}

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/><numFmt numFmtId="165" formatCode="dd\\.mm\\.yyyy\\ hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EDF3"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin"><color rgb="FF8593A5"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number) {
  let n = index + 1
  let name = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    name = String.fromCharCode(65 + rem) + name
    n = Math.floor((n - 1) / 26)
  }
  return name
}

const DAY_MS = 86_400_000
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

/**
 * Excel's serial date for a wall-clock date or date-time string ('2026-03-31', '2026-03-31T14:30'), or null
 * if it is not one. Days since 1899-12-30 (the 1900 leap-year bug is built into that epoch).
 */
export function excelSerial(value: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value)
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  if (Number.isNaN(ms)) return null
  return (ms - EXCEL_EPOCH) / DAY_MS
}

/** Excel refuses names longer than 31 characters or with : \ / ? * [ ]; names must also be unique. */
export function safeSheetName(name: string, taken: Set<string>) {
  let base = name.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Sheet'
  base = [...base].slice(0, 31).join('')
  let candidate = base
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`
    candidate = [...base].slice(0, 31 - suffix.length).join('') + suffix
  }
  taken.add(candidate.toLowerCase())
  return candidate
}

/** The most characters a cell may hold. */
const MAX_CELL_TEXT = 32_767

class SharedStrings {
  private index = new Map<string, number>()
  private list: string[] = []
  count = 0
  add(text: string) {
    this.count += 1
    let i = this.index.get(text)
    if (i === undefined) {
      i = this.list.length
      this.list.push(text)
      this.index.set(text, i)
    }
    return i
  }
  xml() {
    const items = this.list.map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`).join('')
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`
  }
}

function cellXml(ref: string, cell: XlsxCell, columnFormat: XlsxFormat | undefined, strings: SharedStrings) {
  if (cell === null || cell === undefined) return ''
  const { value, format } =
    typeof cell === 'object' ? { value: cell.value, format: cell.format ?? columnFormat } : { value: cell, format: columnFormat }
  if (value === null || value === '') return ''
  if (format === 'date' || format === 'dateTime') {
    const serial = typeof value === 'string' ? excelSerial(value) : value
    if (serial !== null && Number.isFinite(serial)) return `<c r="${ref}" s="${STYLE[format]}"><v>${serial}</v></c>`
    // Not a date after all: keep it as text rather than lose it.
    return textCell(ref, String(value), 'text', strings)
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return ''
    const style = format && format !== 'text' && format !== 'wrap' ? STYLE[format] : 0
    return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`
  }
  return textCell(ref, value, format, strings)
}

function textCell(ref: string, value: string, format: XlsxFormat | undefined, strings: SharedStrings) {
  const text = value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value
  const style = format === 'wrap' || text.includes('\n') ? STYLE.wrap : 0
  return `<c r="${ref}" t="s"${style ? ` s="${style}"` : ''}><v>${strings.add(text)}</v></c>`
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings) {
  const cols = sheet.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? 14}" customWidth="1"/>`)
    .join('')
  const header = sheet.columns
    .map((c, i) => `<c r="${columnName(i)}1" t="s" s="${STYLE.header}"><v>${strings.add(c.header)}</v></c>`)
    .join('')
  const rows = [`<row r="1">${header}</row>`]
  sheet.rows.forEach((row, r) => {
    const n = r + 2
    const cells = row.map((cell, i) => cellXml(`${columnName(i)}${n}`, cell, sheet.columns[i]?.format, strings)).join('')
    rows.push(`<row r="${n}">${cells}</row>`)
  })
  const lastCol = columnName(Math.max(sheet.columns.length, 1) - 1)
  const lastRow = sheet.rows.length + 1
  const filter = sheet.rows.length ? `<autoFilter ref="A1:${lastCol}${lastRow}"/>` : ''
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<dimension ref="A1:${lastCol}${lastRow}"/>
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
<cols>${cols}</cols>
<sheetData>${rows.join('')}</sheetData>${filter}
<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>
</worksheet>`
}

/** Builds a workbook; `title` goes to the document properties. */
export function buildXlsx(sheets: readonly XlsxSheet[], options: { title?: string; createdAt?: Date } = {}): Uint8Array {
  if (!sheets.length) throw new Error('A workbook needs at least one sheet')
  const strings = new SharedStrings()
  const taken = new Set<string>()
  const names = sheets.map((s) => safeSheetName(s.name, taken))
  const files: Record<string, Uint8Array> = {}
  sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(sheet, strings))
  })
  const created = (options.createdAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  files['[Content_Types].xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('\n')}
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>`)
  files['_rels/.rels'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>`)
  files['docProps/core.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>${xmlEscape(options.title ?? '')}</dc:title><dc:creator>Ресурсник</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>
</cp:coreProperties>`)
  files['docProps/app.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Resursnik</Application></Properties>`)
  files['xl/workbook.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<bookViews><workbookView/></bookViews>
<sheets>${names.map((name, i) => `<sheet name="${xmlEscape(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>
</workbook>`)
  files['xl/_rels/workbook.xml.rels'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('\n')}
<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`)
  files['xl/styles.xml'] = strToU8(STYLES_XML)
  // Written after the sheets, which fill it.
  files['xl/sharedStrings.xml'] = strToU8(strings.xml())
  // [Content_Types].xml first, as Office writes it; fixed timestamps keep the bytes reproducible.
  const ordered: Record<string, [Uint8Array, { mtime: Date }]> = {}
  const mtime = new Date('2020-01-01T00:00:00Z')
  for (const key of ['[Content_Types].xml', '_rels/.rels', ...Object.keys(files).filter((k) => k !== '[Content_Types].xml' && k !== '_rels/.rels')]) {
    ordered[key] = [files[key]!, { mtime }]
  }
  return zipSync(ordered, { level: 6 })
}

/** A download response for a workbook; the name is slugged to ASCII like the CSV downloads. */
export function xlsxResponse(bytes: Uint8Array, filename: string) {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-')
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'Content-Type': XLSX_CONTENT_TYPE,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `attachment; filename="${safe}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
