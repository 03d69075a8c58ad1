import { describe, expect, test } from 'vitest'
import { CSV_BOM, csvCell, csvResponse, csvRow, guardFormula, toCsv } from './csv.ts'

describe('csvCell', () => {
  test('plain text, numbers, booleans and blanks', () => {
    expect(csvCell('Иванова Мария')).toBe('Иванова Мария')
    expect(csvCell(42)).toBe('42')
    expect(csvCell(-5)).toBe('-5')
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell(true)).toBe('1')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell('')).toBe('')
  })

  test('quotes fields with the separator, quotes, CR or LF; doubles inner quotes (RFC 4180)', () => {
    expect(csvCell('АНО «Центр»; филиал')).toBe('"АНО «Центр»; филиал"')
    expect(csvCell('ООО "Ромашка"')).toBe('"ООО ""Ромашка"""')
    expect(csvCell('строка\nвторая')).toBe('"строка\nвторая"')
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"')
    // A comma is not our separator: no quotes needed.
    expect(csvCell('Пермь, ул. Ленина')).toBe('Пермь, ул. Ленина')
    expect(csvCell('a,b', ',')).toBe('"a,b"')
  })

  test('guards against formula injection', () => {
    for (const text of ['=1+2', '+7 999', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(guardFormula(text)).toBe(`'${text}`)
    }
    expect(csvCell('=HYPERLINK("http://evil";"клик")')).toBe(`"'=HYPERLINK(""http://evil"";""клик"")"`)
    expect(csvCell('Мария = Маша')).toBe('Мария = Маша')
  })
})

describe('toCsv', () => {
  test('BOM first, ";" between fields, CRLF after every line', () => {
    const text = toCsv(
      ['ФИО', 'центр'],
      [
        ['Петров; Пётр', 'РЦ "Вектор"'],
        ['Сидорова', null],
      ],
    )
    expect(text.startsWith(CSV_BOM)).toBe(true)
    expect(text).toBe(`${CSV_BOM}ФИО;центр\r\n"Петров; Пётр";"РЦ ""Вектор"""\r\nСидорова;\r\n`)
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
  })

  test('without BOM and with another separator on request', () => {
    expect(toCsv(['a', 'b'], [[1, 2]], { bom: false, separator: ',' })).toBe('a,b\r\n1,2\r\n')
    expect(csvRow(['x', 'y;z'])).toBe('x;"y;z"')
  })

  test('csvResponse: a CSV attachment with an ASCII file name', async () => {
    const response = csvResponse(toCsv(['a'], []), 'attendance-2026-05-01-seminar.csv')
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toBe('attachment; filename="attendance-2026-05-01-seminar.csv"')
    expect(csvResponse('', 'a b"c.csv').headers.get('Content-Disposition')).toBe('attachment; filename="a-b-c.csv"')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf])
  })
})
