import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { buildXlsx, columnName, excelSerial, safeSheetName } from './xlsx.server.ts'

/** Reads a workbook back the way a spreadsheet would: sheet names, then every cell as text, number or shared string. */
function readXlsx(bytes: Uint8Array) {
  const files = unzipSync(bytes)
  const text = (name: string) => {
    const file = files[name]
    if (!file) throw new Error(`missing part ${name}`)
    return strFromU8(file)
  }
  const unescape = (s: string) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
  const strings = [...text('xl/sharedStrings.xml').matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g)].map((m) => unescape(m[1]!))
  const sheetNames = [...text('xl/workbook.xml').matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescape(m[1]!))
  const sheets = sheetNames.map((name, i) => {
    const xml = text(`xl/worksheets/sheet${i + 1}.xml`)
    const cells: Record<string, { value: string | number; style: number }> = {}
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"((?: [a-z]+="[^"]*")*)><v>([^<]*)<\/v><\/c>/g)) {
      const attrs = m[2]!
      const style = Number(/ s="(\d+)"/.exec(attrs)?.[1] ?? 0)
      cells[m[1]!] = { value: / t="s"/.test(attrs) ? strings[Number(m[3])]! : Number(m[3]), style }
    }
    const widths = [...xml.matchAll(/<col min="(\d+)" max="\d+" width="([\d.]+)"/g)].map((m) => Number(m[2]))
    return { name, cells, widths, xml }
  })
  return { files: Object.keys(files), sheetNames, sheets, styles: text('xl/styles.xml') }
}

describe('xlsx writer', () => {
  test('column names and serial dates', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA'])
    expect(excelSerial('1900-03-01')).toBe(61)
    expect(excelSerial('2026-03-31')).toBe(46112)
    expect(excelSerial('2026-03-31T12:00')).toBe(46112.5)
    expect(excelSerial('31.03.2026')).toBeNull()
  })

  test('sheet names are cut to 31 characters, stripped of forbidden characters and unique', () => {
    const taken = new Set<string>()
    expect(safeSheetName('Контрольные точки', taken)).toBe('Контрольные точки')
    expect(safeSheetName('контрольные точки', taken)).toBe('контрольные точки (2)')
    expect(safeSheetName('a/b:c?[d]*', taken)).toBe('a b c  d')
    expect([...safeSheetName('Очень длинное название листа для отчёта', taken)].length).toBe(31)
  })

  test('a workbook with Cyrillic text, numbers, dates, a bold header and column widths reads back intact', () => {
    const bytes = buildXlsx(
      [
        {
          name: 'Сводка',
          columns: [
            { header: 'Показатель', width: 40 },
            { header: 'Значение', width: 16 },
          ],
          rows: [
            ['Грант', '26-1-004217'],
            ['Сумма, ₽', { value: 9484000.5, format: 'decimal' }],
            ['Начало', { value: '2026-03-01', format: 'date' }],
            ['Формула?', '=HYPERLINK("http://evil")'],
            ['Пусто', null],
          ],
        },
        {
          name: 'Мероприятия',
          columns: [
            { header: 'Дата', width: 12, format: 'date' },
            { header: 'Название', width: 50, format: 'wrap' },
            { header: 'Участники', width: 10, format: 'integer' },
            { header: 'Выполнение', width: 10, format: 'percent' },
          ],
          rows: [
            ['2026-04-15', 'Выездная сессия в РЦ «Дон» & <партнёры>', 14, 0.75],
            ['не дата', 'Семинар\nвторая строка', 0, null],
          ],
        },
      ],
      { title: 'Отчёт' },
    )
    const book = readXlsx(bytes)
    expect(book.files[0]).toBe('[Content_Types].xml')
    expect(book.files).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']))
    expect(book.sheetNames).toEqual(['Сводка', 'Мероприятия'])

    const [summary, events] = book.sheets
    expect(summary!.cells.A1).toEqual({ value: 'Показатель', style: 1 })
    expect(summary!.cells.B2!.value).toBe('26-1-004217')
    expect(summary!.cells.B3).toEqual({ value: 9484000.5, style: 5 })
    expect(summary!.cells.B4).toEqual({ value: 46082, style: 2 })
    // Text is never a formula in a shared-string cell.
    expect(summary!.cells.B5!.value).toBe('=HYPERLINK("http://evil")')
    expect(summary!.xml).not.toContain('<f>')
    expect(summary!.cells.B6).toBeUndefined()
    expect(summary!.widths).toEqual([40, 16])
    expect(summary!.xml).toContain('state="frozen"')

    expect(events!.cells.A2).toEqual({ value: 46127, style: 2 })
    expect(events!.cells.B2!.value).toBe('Выездная сессия в РЦ «Дон» & <партнёры>')
    expect(events!.cells.C2).toEqual({ value: 14, style: 4 })
    expect(events!.cells.D2).toEqual({ value: 0.75, style: 6 })
    // Something that is not a date stays as text rather than vanish.
    expect(events!.cells.A3!.value).toBe('не дата')
    expect(events!.cells.B3).toEqual({ value: 'Семинар\nвторая строка', style: 7 })
    expect(events!.cells.C3).toEqual({ value: 0, style: 4 })
    expect(book.styles).toContain('<b/>')
  })

  test('a workbook needs a sheet', () => {
    expect(() => buildXlsx([])).toThrow()
  })
})
