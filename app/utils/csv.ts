// CSV that Excel in a Russian locale opens correctly by double-click: UTF-8 with a byte-order mark
// (without it Excel reads Cyrillic as Windows-1251), ';' between fields (the Russian list separator; a
// comma is the decimal mark there) and CRLF line ends, quoted after RFC 4180.

export type CsvValue = string | number | boolean | null | undefined

export const CSV_BOM = '\uFEFF'
export const CSV_SEPARATOR = ';'

/**
 * A text cell starting with = + - @ (or a tab / carriage return) is a formula to Excel and LibreOffice:
 * a name like «=HYPERLINK(…)» typed into a profile would run when the export is opened. A leading
 * apostrophe makes the spreadsheet show it as text. Numbers are left alone, so -5 stays a number.
 */
export function guardFormula(text: string) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function csvCell(value: CsvValue, separator = CSV_SEPARATOR): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? '1' : '0'
  const text = guardFormula(value)
  if (text.includes(separator) || /["\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`
  return text
}

export function csvRow(values: readonly CsvValue[], separator = CSV_SEPARATOR) {
  return values.map((v) => csvCell(v, separator)).join(separator)
}

/** The whole file: BOM, a header row, the rows, each line ended by CRLF. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
  options: { separator?: string; bom?: boolean } = {},
) {
  const separator = options.separator ?? CSV_SEPARATOR
  const lines = [csvRow(header, separator)]
  for (const row of rows) lines.push(csvRow(row, separator))
  return `${options.bom === false ? '' : CSV_BOM}${lines.join('\r\n')}\r\n`
}

/** A download: the file name must be plain ASCII (slugged), which every browser keeps as is. */
export function csvResponse(body: string, filename: string) {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-')
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${safe}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
