/**
 * Fuzz: the task-table parsers throw nothing but TableParseError on random and hostile input, and
 * each call on a 100 KB line or cell returns within the test's timeout.
 */
import fc from 'fast-check'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { parseTaskRows } from '../../src/tasks/parseRows.js'
import { readTaskFile } from '../../src/tasks/readers.js'
import { TableParseError } from '../../src/tasks/model.js'
import { bigText, hostileText, params, pathologicalInputs } from './hostile.js'
import ExcelJS from 'exceljs'
import { readTaskFileIsolated } from '../../bot/tableReader.js'
import { mergeBombXlsx } from '../helpers/hostileFiles.js'

/** Runs a parser; a TableParseError is an answer, anything else is a bug. Returns whether it parsed. */
async function onlyTableErrors(fn: () => unknown): Promise<boolean> {
  try {
    const table = (await fn()) as { tasks: { number: number }[] }
    for (const t of table.tasks) expect(Number.isInteger(t.number)).toBe(true)
    return true
  } catch (err) {
    if (!(err instanceof TableParseError)) throw err
    return false
  }
}

const header = ['序号', '工作任务', '具体要求', '牵头单位', '责任单位', '完成时限']
const lines = fc.array(fc.oneof(hostileText, fc.constantFrom('1．', '（一）', '一、', '牵头单位：', '责任单位：', '完成时限：', '2022年8月25日印发')), { maxLength: 30 })

describe('task-table parsers under fuzzing', () => {
  it('parseTaskText: random hostile lines', async () => {
    await fc.assert(fc.asyncProperty(lines, async (ls) => void (await onlyTableErrors(() => parseTaskText(ls.join('\n'), { file: 'fuzz.txt' })))), params(150))
  })

  it('parseTaskRows: random hostile cells under a real header', async () => {
    const rows = fc.array(fc.array(hostileText, { minLength: 0, maxLength: 8 }), { maxLength: 20 })
    await fc.assert(
      fc.asyncProperty(rows, fc.boolean(), async (rs, withHeader) => void (await onlyTableErrors(() => parseTaskRows(withHeader ? [header, ...rs] : rs, { file: 'fuzz.xlsx' })))),
      params(150),
    )
  })

  it('readTaskFile: random bytes, zip and BOM prefixes', async () => {
    const prefix = fc.constantFrom([], [0x50, 0x4b, 0x03, 0x04], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff])
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 2000 }), async (p, body) => void (await onlyTableErrors(() => readTaskFile(new Uint8Array([...p, ...body]), 'fuzz.bin')))),
      params(150),
    )
  })

  it('readTaskFile: a .docx whose XML is hostile, 100 KB of it after the document', async () => {
    const docx = async (body: string, after: string): Promise<Uint8Array> => {
      const zip = new JSZip()
      zip.file('[Content_Types].xml', '<Types/>')
      zip.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>1．${body}</w:t></w:r></w:p>${body}</w:body></w:document>${after}`)
      return zip.generateAsync({ type: 'uint8array' })
    }
    await fc.assert(
      fc.asyncProperty(hostileText, bigText, async (body, after) => void (await onlyTableErrors(async () => readTaskFile(await docx(body, after), 'fuzz.docx')))),
      params(10),
    )
  }, 60_000)

  // 100 KB lines and cells. Each call is linear or n·log n in its input (test/tasks/hostile.test.ts
  // checks the helpers that were not); the timeout is the bound.
  it('100 KB repetitions of hostile fragments', async () => {
    await fc.assert(
      fc.asyncProperty(bigText, async (text) => {
        await onlyTableErrors(() => parseTaskText(text, { file: 'big.txt' }))
        await onlyTableErrors(() => parseTaskText(`1．${text}\n牵头单位：${text}`, { file: 'big.txt' }))
        await onlyTableErrors(() => parseTaskRows([header, ['1', text, text, text, text, text]], { file: 'big.xlsx' }))
      }),
      params(4),
    )
  }, 60_000)

  it.each(pathologicalInputs())('returns on a 100 KB input: %s', async (_name, text) => {
    await onlyTableErrors(() => parseTaskText(`1．${text}\n牵头单位：${text}\n完成时限：${text}`, { file: 'big.txt' }))
    // Every cell hostile: the 序号 cell, and header-like cells classified on each row.
    await onlyTableErrors(() => parseTaskRows([header, ['1', text, text, text, text, text], [text, text, `牵头单位（${text}）`, text, text, text]], { file: 'big.xlsx' }))
  }, 30_000)

  // Office files whose size says nothing about their cost (issue 11): the same tasks whatever the stray parts.
  it('readTaskFile: a formatted empty cell anywhere in the sheet changes nothing', async () => {
    const cell = fc.record({ col: fc.integer({ min: 1, max: 16_384 }), row: fc.integer({ min: 1, max: 1_048_576 }) })
    await fc.assert(
      fc.asyncProperty(cell, async ({ col, row }) => {
        const wb = new ExcelJS.Workbook()
        const ws = wb.addWorksheet('任务')
        ws.addRow(['序号', '工作任务', '牵头单位'])
        ws.addRow([1, '公开甲类信息。', '县司法局'])
        ws.getCell(row + 2, col).font = { bold: true }
        const table = await readTaskFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'stray.xlsx')
        expect(table.tasks.map((t) => [t.number, t.lead])).toEqual([[1, ['县司法局']]])
      }),
      params(8),
    )
  }, 60_000)

  it('readTaskFile: a Word heading row spanning any number of columns', async () => {
    const span = fc.oneof(fc.integer({ min: -10, max: 2 ** 31 }).map(String), fc.constantFrom('NaN', '1e400', '', '3.5', '-0', '0x7fffffff'))
    const tc = (t: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`
    await fc.assert(
      fc.asyncProperty(span, fc.boolean(), async (val, grid) => {
        const zip = new JSZip()
        const cols = grid ? '<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>' : ''
        zip.file('word/document.xml', `<w:document><w:body><w:tbl>${cols}<w:tr>${tc('序号')}${tc('工作任务')}${tc('牵头单位')}</w:tr><w:tr>${tc('一、公开', `<w:gridSpan w:val="${val}"/>`)}</w:tr><w:tr>${tc('1')}${tc('公开甲类信息。')}${tc('县司法局')}</w:tr></w:tbl></w:body></w:document>`)
        const table = await readTaskFile(await zip.generateAsync({ type: 'uint8array' }), 'span.docx')
        expect(table.tasks.map((t) => [t.number, t.section, t.lead])).toEqual([[1, '一、公开', ['县司法局']]])
      }),
      params(60),
    )
  }, 30_000)

  it('readTaskFileIsolated: random bytes and hostile zips in the worker answer with a table or a TableParseError', async () => {
    const prefix = fc.constantFrom([], [0x50, 0x4b, 0x03, 0x04], [0xef, 0xbb, 0xbf], [0xff, 0xfe])
    const limits = { seconds: 30, memoryMb: 128 }
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 2000 }), async (p, body) =>
        void (await onlyTableErrors(() => readTaskFileIsolated(new Uint8Array([...p, ...body]), 'fuzz.bin', { maxBytes: 1 << 20, limits })))),
      params(4),
    )
    // A file that hits a limit is refused like any other bad table.
    expect(await onlyTableErrors(async () => readTaskFileIsolated(await mergeBombXlsx(), 'bomb.xlsx', { maxBytes: 1 << 20, limits }))).toBe(false)
  }, 120_000)
})
