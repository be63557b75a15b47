/**
 * Issue 11, defect 5: office files whose size says nothing about the work they cause. A stray cell
 * far from the table made every row walk every column (a 6.5 KB .xlsx took minutes), a huge
 * gridSpan expanded a Word row to millions of cells (gigabytes), and a small zip could inflate to
 * ten times the import limit. The test timeout is the bound; the assertions check the answers.
 */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { readTaskFile } from '../../src/tasks/readers.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import { rejection } from '../helpers/tableErrors.js'

const opts = { calendar: weekdayCalendar }

/** A three-task table at the top of the sheet, and `stray` written wherever the caller says. */
async function xlsxWithStrayCell(address: string, value: ExcelJS.CellValue = null): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('任务')
  ws.addRow(['序号', '工作任务', '牵头单位', '完成时限'])
  ws.addRow([1, '公开甲类信息。', '县司法局', '年底前'])
  ws.addRow([2, '公开乙类信息。', '县财政局', '每季度'])
  ws.addRow([3, '公开丙类信息。', '县审计局', '持续推进'])
  const stray = ws.getCell(address)
  stray.value = value
  // A formatted empty cell is what a careless edit leaves behind: it still counts for the sheet's size.
  stray.font = { bold: true }
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describe('xlsx: the grid is as large as the cells that exist', () => {
  it.each(['D8000', 'XFD3', 'Z100000'])('reads the table beside a formatted empty cell at %s', async (address) => {
    const bytes = await xlsxWithStrayCell(address)
    expect(bytes.length).toBeLessThan(20_000)
    const t = await readTaskFile(bytes, 'stray.xlsx', opts)
    expect(t.tasks.map((x) => [x.number, x.lead])).toEqual([
      [1, ['县司法局']],
      [2, ['县财政局']],
      [3, ['县审计局']],
    ])
  }, 60_000)

  it('reads the table beside a stray text cell at XFD60000, rows still numbered as in the sheet', async () => {
    const t = await readTaskFile(await xlsxWithStrayCell('XFD60000', '备注'), 'stray.xlsx', opts)
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2, 3])
    expect(t.tasks.map((x) => x.line)).toEqual([2, 3, 4])
  }, 60_000)
})

describe('docx: gridSpan is capped by the table’s real columns', () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
  const tc = (text: string, span?: string) => `<w:tc>${span ? `<w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr>` : ''}<w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`
  const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`
  async function docx(grid: number | null, spanRow: string): Promise<Uint8Array> {
    const cols = grid == null ? '' : `<w:tblGrid>${'<w:gridCol w:w="1000"/>'.repeat(grid)}</w:tblGrid>`
    const body =
      `<w:tbl>${cols}` +
      tr(tc('序号'), tc('工作任务'), tc('牵头单位')) +
      tr(tc('一、公开工作', spanRow)) +
      tr(tc('1'), tc('公开甲类信息。'), tc('县司法局')) +
      tr(tc('2'), tc('公开乙类信息。'), tc('县财政局')) +
      '</w:tbl>'
    const zip = new JSZip()
    zip.file('[Content_Types].xml', '<Types/>')
    zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`)
    return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
  }

  it.each([
    [3, '50000000'],
    [3, '2000000000'],
    [null, '50000000'],
    [null, '2000000000'],
    [3, '1e400'],
    [3, '-5'],
  ])('reads a table (grid of %s columns) whose heading row spans %s columns', async (grid, span) => {
    const t = await readTaskFile(await docx(grid, span), 'span.docx', opts)
    expect(t.tasks.map((x) => [x.number, x.section, x.lead])).toEqual([
      [1, '一、公开工作', ['县司法局']],
      [2, '一、公开工作', ['县财政局']],
    ])
  }, 60_000)
})

describe('zip: inflation is limited by the file’s own size', () => {
  async function inflating(mb: number): Promise<Uint8Array> {
    const zip = new JSZip()
    zip.file('[Content_Types].xml', '<Types/>')
    zip.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>1．做好甲工作</w:t></w:r></w:p><w:p><w:r><w:t>牵头单位：县司法局</w:t></w:r></w:p>${' '.repeat(mb * 1024 * 1024)}</w:body></w:document>`)
    return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } })
  }

  it('refuses a small .docx that inflates far past ten times its size, though under ten times the import limit', async () => {
    const bytes = await inflating(64)
    expect(bytes.length).toBeLessThan(1024 * 1024)
    const e = await rejection(readTaskFile(bytes, 'bomb.docx', opts))
    expect(e.message).toMatch(/^bomb\.docx: 文件解压后过大.*已拒绝/)
  }, 60_000)

  it('refuses a zip whose directory claims more than the limit, before inflating anything', async () => {
    const bytes = await inflating(1)
    // Rewrite document.xml's uncompressed size in its local header and its central directory entry.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const name = new TextEncoder().encode('word/document.xml')
    let patched = 0
    for (const [signature, nameLengthAt, nameAt, sizeAt] of [[0x04034b50, 26, 30, 22], [0x02014b50, 28, 46, 24]] as const) {
      for (let i = 0; i + nameAt + name.length <= bytes.length; i++) {
        if (view.getUint32(i, true) !== signature || view.getUint16(i + nameLengthAt, true) !== name.length) continue
        if (!name.every((b, j) => bytes[i + nameAt + j] === b)) continue
        view.setUint32(i + sizeAt, 0x7ff00000, true)
        patched++
      }
    }
    expect(patched).toBe(2)
    const e = await rejection(readTaskFile(bytes, 'claims.docx', opts))
    expect(e.message).toMatch(/文件解压后过大/)
  })

  it('still reads a small .docx that inflates to a few megabytes (below the floor)', async () => {
    const t = await readTaskFile(await inflating(4), 'spaces.docx', opts)
    expect(t.tasks.map((x) => x.number)).toEqual([1])
  }, 60_000)
})
