/**
 * The seed table as the files offices actually send (.docx made with the `docx` package, .xlsx made
 * with exceljs, .csv exported from that workbook): each imports to the same tasks as the text import.
 * Then an .xlsx in another layout, and the bad files an import must refuse cleanly.
 */
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { readTaskFile } from '../../src/tasks/readers.js'
import { chineseWorkCalendar, weekdayCalendar } from '../../src/tasks/calendar.js'
import type { ParsedTable } from '../../src/tasks/model.js'
import { comparable, SEED_TITLE, seedDocx, seedXlsx } from './seedFiles.js'
import { rejection } from '../helpers/tableErrors.js'

const seedText = readFileSync(new URL('../../seeds/000_3c54fac4c972c98b.txt', import.meta.url), 'utf8')
const fromText = parseTaskText(seedText, { file: 'seed.txt', calendar: chineseWorkCalendar })

function expectSameTasks(got: ParsedTable, want: ParsedTable): void {
  expect(got.tasks.map((t) => t.number)).toEqual(want.tasks.map((t) => t.number))
  for (const [i, t] of want.tasks.entries()) {
    expect({ task: t.number, ...comparable(got.tasks[i]!) }).toEqual({ task: t.number, ...comparable(t) })
  }
}

describe('the seed table as .docx, .xlsx and .csv', () => {
  let docx: Uint8Array
  let xlsx: Uint8Array
  beforeAll(async () => {
    docx = await seedDocx(fromText)
    xlsx = await seedXlsx(fromText)
  })

  it('the Word file is shaped like the original: merged cells, spanning section rows, repeated headers, two tables', async () => {
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string')
    expect(xml.match(/<w:tbl>/g)?.length).toBeGreaterThan(1)
    expect(xml).toContain('w:vMerge')
    expect(xml).toContain('<w:gridSpan w:val="3"/>')
    expect(xml).toContain('<w:tblHeader')
    expect(xml.match(/>落实单位</g)?.length).toBeGreaterThan(3)
  })

  it('imports the .docx to the tasks of the text import, task by task', async () => {
    const t = await readTaskFile(docx, '惠来县2022年政务公开工作要点任务分解表.docx', { calendar: chineseWorkCalendar })
    expect(t).toMatchObject({ title: SEED_TITLE, issuer: '惠来县人民政府办公室', issuedOn: '2022-08-25' })
    expect(t.tasks).toHaveLength(58)
    expectSameTasks(t, fromText)
  })

  it('imports the .xlsx to the tasks of the text import, task by task', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)
    expect(wb.worksheets[0]!.model.merges.length).toBeGreaterThan(20)
    const t = await readTaskFile(xlsx, 'seed.xlsx', { calendar: chineseWorkCalendar })
    expect(t).toMatchObject({ title: SEED_TITLE, issuer: '惠来县人民政府办公室', issuedOn: '2022-08-25' })
    expectSameTasks(t, fromText)
  })

  it('re-imports a .csv exported from the .xlsx (merged values copied into every cell) to the same tasks', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)
    const csv = new Uint8Array(await wb.csv.writeBuffer())
    const t = await readTaskFile(csv, 'seed.csv', { calendar: chineseWorkCalendar })
    expect(t.issuedOn).toBe('2022-08-25')
    // Same numbers, sections, text, units and deadlines. Only which task's unit cell was merged into
    // the next is lost: this exporter copies the merged value into every cell, so 14 has its own copy.
    const withoutMerge = (x: ParsedTable) => ({ ...x, tasks: x.tasks.map((task) => ({ ...task, unitsInheritedFrom: null })) })
    expectSameTasks(withoutMerge(t), withoutMerge(fromText))
    expect(t.tasks.find((x) => x.number === 14)).toMatchObject({ lead: ['县卫生健康局', '县政务服务数据管理局'] })
    // Without the .csv name, with Excel's UTF-8 BOM and CRLF: still read as CSV, by its content.
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(Buffer.from(csv).toString('utf8').replace(/\n/g, '\r\n'))])
    expect(await readTaskFile(bom, 'upload', { calendar: chineseWorkCalendar })).toEqual(t)
  })

  it('re-imports a CSV whose 序号 and task cells were merged over several unit rows', async () => {
    const csv = ['序号,具体措施,牵头单位', '1,推行一网通办。,县政务服务数据管理局', '1,推行一网通办。,县公安局', '2,推进跨省通办。,县人社局'].join('\n')
    const t = await readTaskFile(Buffer.from(csv), 'rows.csv', { calendar: weekdayCalendar })
    expect(t.tasks.map((x) => [x.number, x.lead])).toEqual([
      [1, ['县政务服务数据管理局', '县公安局']],
      [2, ['县人社局']],
    ])
  })

  it('re-imports a .csv that leaves covered cells empty (as Excel saves merged cells)', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)
    const ws = wb.worksheets[0]!
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
    const lines: string[] = []
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = []
      for (let c = 1; c <= 3; c++) {
        const cell = row.getCell(c)
        const covered = cell.isMerged && cell.master.address !== cell.address
        cells.push(covered ? '' : q(String(cell.value ?? '')))
      }
      lines.push(cells.join(','))
    })
    const t = await readTaskFile(Buffer.from(lines.join('\r\n')), 'seed.csv', { calendar: chineseWorkCalendar })
    expectSameTasks(t, fromText)
  })
})

describe('an .xlsx in another layout', () => {
  async function layout(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Sheet1')
    ws.addRow(['附件2'])
    ws.addRow(['某某县2024年政务公开工作要点任务分解表'])
    ws.mergeCells('A2:G2')
    ws.addRow([])
    ws.addRow(['完成时限', '责任单位', '序号', '具体措施', '责任领导', '牵头单位', '联系电话'])
    ws.addRow(['年底前', '县政府各部门、各镇人民政府', 1, '全面梳理政策文件并集中公开。', '张副县长', '县司法局', '0663-1234567'])
    ws.addRow(['三季度前', '', 2, '开展政务公开专区建设。', '', '县政务服务数据管理局', ''])
    ws.addRow([new Date(Date.UTC(2024, 5, 30)), '县财政局', { formula: 'C6+1', result: 3 }, '公开年度预决算。', '李副县长\n王主任', '', ''])
    ws.addRow(['本方案印发30日内', '县政府办公室', 4, '建立工作台账。', '', '', ''])
    ws.mergeCells('B5:B6')
    return new Uint8Array(await wb.xlsx.writeBuffer())
  }

  it('finds the header below the title rows, reads columns in any order, Excel dates and formula results', async () => {
    const t = await readTaskFile(await layout(), 'layout.xlsx', { calendar: weekdayCalendar })
    expect(t.title).toBe('某某县2024年政务公开工作要点任务分解表')
    expect(t.issuedOn).toBeNull()
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2, 3, 4])
    expect(t.tasks[0]).toMatchObject({
      text: '全面梳理政策文件并集中公开。',
      lead: ['县司法局'],
      responsible: ['县政府各部门', '各镇人民政府'],
      // No issue date: the plan year comes from the title.
      deadline: { kind: 'date', text: '年底前', date: '2024-12-31' },
      note: '责任领导：张副县长',
      line: 5,
    })
    expect(t.tasks[1]).toMatchObject({ lead: ['县政务服务数据管理局'], responsible: ['县政府各部门', '各镇人民政府'], deadline: { date: '2024-09-30' } })
    expect(t.tasks[1]!.note).toBeUndefined()
    expect(t.tasks[2]).toMatchObject({ responsible: ['县财政局'], deadline: { kind: 'date', date: '2024-06-30' }, note: '责任领导：李副县长、王主任' })
    // Relative to an issue date the file does not give: kept, not guessed.
    expect(t.tasks[3]!.deadline).toEqual({ kind: 'relative', text: '本方案印发30日内' })
    // The phone column is neither a unit nor text.
    expect(JSON.stringify(t.tasks)).not.toContain('0663')
  })
})

describe('bad files: a clear error naming the file, nothing else', () => {
  const tiny = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  )

  it('refuses a file over the size limit before reading it', async () => {
    const e = await rejection(readTaskFile(new Uint8Array(3 * 1024 * 1024).fill(0x41), '大文件.txt', { maxBytes: 2 * 1024 * 1024 }))
    expect(e.message).toBe('大文件.txt: 文件大小 3 MB，超过导入上限 2 MB')
    expect(e.code).toBe('too_large')
  })

  it('refuses a zip bomb (and an entry that inflates past the limit) without inflating it all', async () => {
    const zip = new JSZip()
    zip.file('[Content_Types].xml', '<Types/>')
    zip.file('word/document.xml', new Uint8Array(40 * 1024 * 1024))
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const e = await rejection(readTaskFile(bomb, 'bomb.docx', { maxBytes: 1024 * 1024 }))
    expect(e.file).toBe('bomb.docx')
    expect(e.message).toContain('压缩炸弹')
    expect(e.code).toBe('zip_bomb')
  })

  it('names a password-protected Office file as such, and a corrupt one as corrupt', async () => {
    // An encrypted .xlsx is an OLE container with EncryptionInfo / EncryptedPackage streams.
    const ole = new Uint8Array(2048)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 1024)
    expect(await rejection(readTaskFile(ole, '加密.xlsx'))).toMatchObject({
      code: 'encrypted',
      message: '加密.xlsx: 文件设有密码保护，无法读取：请在 Word/Excel 中取消密码后再导入',
    })
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('a').addRow(['序号', '任务内容', '责任单位'])
    const whole = new Uint8Array(await wb.xlsx.writeBuffer())
    const e = await rejection(readTaskFile(whole.subarray(0, Math.floor(whole.length / 2)), '坏.xlsx'))
    expect(e.message).toMatch(/^坏\.xlsx: .*损坏/)
    expect(e.code).toBe('corrupt')
  })

  it('says a Word file has no table (and no numbered tasks)', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph('关于做好政务公开工作的通知'), new Paragraph('请各单位认真落实。')] }] })
    const e = await rejection(readTaskFile(new Uint8Array(await Packer.toBuffer(doc)), '通知.docx'))
    expect(e.message).toContain('通知.docx: 文档中没有表格')
    expect(e.code).toBe('no_tasks')
  })

  it('names the sheet and cell of a formula without a result, and of a picture over the table', async () => {
    const formula = new ExcelJS.Workbook()
    const ws = formula.addWorksheet('任务表')
    ws.addRow(['序号', '任务内容', '责任单位'])
    ws.addRow([1, '开展专项督查。', '县政府督查室'])
    ws.addRow([{ formula: 'A2+1' }, '公开督查结果。', '县政府督查室'])
    const e = await rejection(readTaskFile(new Uint8Array(await formula.xlsx.writeBuffer()), '公式.xlsx'))
    expect(e.message).toMatch(/^公式\.xlsx: 工作表“任务表”：A3 单元格是没有计算结果的公式/)
    expect(e.code).toBe('bad_cell')

    const picture = new ExcelJS.Workbook()
    const ps = picture.addWorksheet('表1')
    ps.addRow(['序号', '任务内容', '责任单位'])
    ps.addRow([1, '开展专项督查。', '县政府督查室'])
    ps.addRow([2, '', '县政府督查室'])
    ps.addImage(picture.addImage({ buffer: tiny as unknown as ExcelJS.Buffer, extension: 'png' }), 'B3:B3')
    const p = await rejection(readTaskFile(new Uint8Array(await picture.xlsx.writeBuffer()), '图片.xlsx'))
    expect(p.message).toBe('图片.xlsx: 工作表“表1”：B3 单元格中有图片，无法读取其中文字，请改为文字')
    expect(p.code).toBe('image')
  })

  it('names the table and row of a picture in a Word table cell, and of a repeated task number', async () => {
    const row = (...cells: (string | ImageRun)[]) =>
      new TableRow({
        children: cells.map((c) => new TableCell({ children: [new Paragraph({ children: [typeof c === 'string' ? new TextRun(c) : c] })] })),
      })
    const image = new ImageRun({ type: 'png', data: tiny, transformation: { width: 10, height: 10 } })
    const withImage = new Document({
      sections: [{ children: [new Table({ rows: [row('序号', '任务内容', '责任单位'), row('1', image, '县政府督查室')] })] }],
    })
    const e = await rejection(readTaskFile(new Uint8Array(await Packer.toBuffer(withImage)), '图片.docx'))
    expect(e.message).toBe('图片.docx: 表格第2行：单元格中有图片，无法读取其中文字，请改为文字')
    expect(e.code).toBe('image')

    const duplicate = new Document({
      sections: [
        {
          children: [
            new Table({ rows: [row('序号', '任务内容', '责任单位'), row('1', '开展专项督查。', '县政府督查室')] }),
            new Paragraph(''),
            new Table({ rows: [row('序号', '任务内容', '责任单位'), row('2', '公开结果。', '县政府督查室'), row('1', '再次督查。', '县政府督查室')] }),
          ],
        },
      ],
    })
    const d = await rejection(readTaskFile(new Uint8Array(await Packer.toBuffer(duplicate)), '重复.docx'))
    expect(d.message).toBe('重复.docx: 第2个表格第3行：任务编号重复：第1项（第2行已有）')
    expect(d.code).toBe('duplicate_number')
  })
})
