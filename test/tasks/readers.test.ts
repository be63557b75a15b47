import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { readTaskFile } from '../../src/tasks/readers.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import { rejection } from '../helpers/tableErrors.js'

const opts = { calendar: weekdayCalendar }
const utf8 = (s: string) => new TextEncoder().encode(s)
const SMALL = '1. 做好政务公开工作。\n责任单位：县政府办公室\n公开方式：主动公开\n某县人民政府办公室  2023年5月6日印发\n'

describe('readTaskFile: text', () => {
  it('reads the seed exactly as parseTaskText does', async () => {
    const bytes = readFileSync(new URL('../../seeds/000_3c54fac4c972c98b.txt', import.meta.url))
    const viaReader = await readTaskFile(new Uint8Array(bytes), 'seed.txt', opts)
    expect(viaReader).toEqual(parseTaskText(bytes.toString('utf8'), { file: 'seed.txt', ...opts }))
    expect(viaReader.tasks).toHaveLength(58)
  })

  it('reads the seed saved by Notepad as UTF-16LE with CRLF line ends', async () => {
    const text = readFileSync(new URL('../../seeds/000_3c54fac4c972c98b.txt', import.meta.url), 'utf8')
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')])
    const t = await readTaskFile(new Uint8Array(u16), 'seed-utf16.txt', opts)
    expect(t).toEqual(parseTaskText(text, { file: 'seed-utf16.txt', ...opts }))
  })

  it('accepts a UTF-8 BOM, UTF-16LE with BOM and GBK', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SMALL)])
    expect((await readTaskFile(bom, 'a.txt', opts)).issuedOn).toBe('2023-05-06')

    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SMALL, 'utf16le')])
    const t16 = await readTaskFile(new Uint8Array(u16), 'b.txt', opts)
    expect(t16.tasks[0]?.responsible).toEqual(['县政府办公室'])

    // 1. 任务。/ 责任单位：县政府 in GBK (hand-encoded: Node cannot encode GBK itself).
    const gbk = new Uint8Array([
      0x31, 0x2e, 0x20, 0xc8, 0xce, 0xce, 0xf1, 0xa1, 0xa3, 0x0a,
      0xd4, 0xf0, 0xc8, 0xce, 0xb5, 0xa5, 0xce, 0xbb, 0xa3, 0xba, 0xcf, 0xd8, 0xd5, 0xfe, 0xb8, 0xae, 0x0a,
    ])
    const tg = await readTaskFile(gbk, 'c.txt', opts)
    expect(tg.tasks[0]).toMatchObject({ text: '任务。', responsible: ['县政府'] })
  })

  it('rejects empty, binary, legacy Office and PDF files, naming the file', async () => {
    expect(await rejection(readTaskFile(new Uint8Array(), 'empty.txt'))).toMatchObject({ code: 'empty', message: 'empty.txt: 文件为空' })
    const bin = new Uint8Array(256).map((_, i) => i)
    expect(await rejection(readTaskFile(bin, 'x.bin'))).toMatchObject({ code: 'unknown_format', file: 'x.bin' })
    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])
    const legacy = await rejection(readTaskFile(doc, 'old.doc'))
    expect(legacy.code).toBe('legacy_format')
    expect(legacy.message).toContain('.doc/.xls')
    const pdf = await rejection(readTaskFile(utf8('%PDF-1.7\n'), 'a.pdf'))
    expect(pdf.code).toBe('pdf')
    expect(pdf.message).toContain('PDF')
    const zip = new JSZip()
    zip.file('hello.txt', 'hi')
    const z = await zip.generateAsync({ type: 'uint8array' })
    const notOffice = await rejection(readTaskFile(z, 'a.zip'))
    expect(notOffice.code).toBe('unknown_format')
    expect(notOffice.message).toContain('不是 .docx 或 .xlsx')
  })
})

describe('readTaskFile: xlsx', () => {
  async function workbook(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook()
    build(wb.addWorksheet('任务分解'), wb)
    return new Uint8Array(await wb.xlsx.writeBuffer())
  }

  it('reads merged category, unit and deadline cells', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['陆河县2024年营商环境提升任务分解表'])
      ws.mergeCells('A1:F1')
      ws.addRow(['序号', '工作任务', '具体措施', '牵头单位', '配合单位', '完成时限'])
      ws.addRow([1, '优化政务服务', '推行企业开办一日办结。', '县市场监管局', '县税务局、县公安局', '2024年6月底前'])
      ws.addRow([2, '', '推行不动产登记一窗受理。', '', '', ''])
      ws.addRow([3, '', '拓展“跨省通办”事项。', '县政务服务数据管理局', '县直各单位', new Date(Date.UTC(2024, 8, 30))])
      ws.addRow([4, '强化要素保障', '{公开}保障重点项目用地。', '县自然资源局', '', '长期坚持'])
      ws.mergeCells('B3:B5')
      ws.mergeCells('D3:D4')
      ws.mergeCells('E3:E4')
      ws.mergeCells('F3:F4')
      ws.getCell('C6').value = { richText: [{ text: '保障重点' }, { text: '项目用地。' }] }
    })
    const t = await readTaskFile(bytes, 'tasks.xlsx', opts)
    expect(t.title).toBe('陆河县2024年营商环境提升任务分解表')
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2, 3, 4])
    expect(t.tasks[1]).toMatchObject({
      section: '优化政务服务',
      text: '推行不动产登记一窗受理。',
      lead: ['县市场监管局'],
      support: ['县税务局', '县公安局'],
      unitsInheritedFrom: 1,
      deadline: { kind: 'date', date: '2024-06-30' },
      line: 4,
    })
    expect(t.tasks[2]).toMatchObject({
      section: '优化政务服务',
      unitsInheritedFrom: null,
      deadline: { kind: 'date', text: '2024-09-30', date: '2024-09-30' },
    })
    expect(t.tasks[3]).toMatchObject({ section: '强化要素保障', text: '保障重点项目用地。', support: [] })
  })

  it('reads a two-row 责任单位 header, roles written in a unit cell, full-width 序号 and a signature without 印发', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['附件1'])
      ws.addRow(['某某县2024年安全生产重点工作任务分解表'])
      ws.mergeCells('A2:F2')
      ws.addRow(['序号', '重点任务', '具体措施', '责任单位', '', '完成时限'])
      ws.addRow(['', '', '', '牵头单位', '配合单位', ''])
      for (const range of ['D3:E3', 'A3:A4', 'B3:B4', 'C3:C4', 'F3:F4']) ws.mergeCells(range)
      ws.addRow(['一、压实安全责任'])
      ws.mergeCells('A5:F5')
      ws.addRow(['１', '落实责任制', '制定县领导安全生产重点工作清单。', '县应急管理局', '县安委会各成员单位', '2024年3月底前'])
      ws.addRow(['2', '落实责任制', '厘清安全监管职责边界。', '县委编办牵头，县司法局配合', '', '本方案印发之日起3个月内'])
      ws.addRow([])
      ws.addRow(['某某县人民政府办公室'])
      ws.addRow(['2024年3月8日'])
      ws.mergeCells('A9:F9')
      ws.mergeCells('A10:F10')
    })
    const t = await readTaskFile(bytes, 'safety.xlsx', opts)
    expect(t).toMatchObject({ issuer: '某某县人民政府办公室', issuedOn: '2024-03-08' })
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    expect(t.tasks[0]).toMatchObject({ lead: ['县应急管理局'], support: ['县安委会各成员单位'] })
    expect(t.tasks[1]).toMatchObject({
      lead: ['县委编办'],
      support: ['县司法局'],
      section: '一、压实安全责任',
      deadline: { kind: 'date', text: '本方案印发之日起3个月内', date: '2024-06-08' },
    })
  })

  it('skips sheets without a task table and reports a workbook that has none', async () => {
    const good = await workbook((ws, wb) => {
      ws.addRow(['说明：本表由县政府办汇总'])
      const t = wb.addWorksheet('表2')
      t.addRow(['序号', '任务内容', '责任单位'])
      t.addRow(['1', '开展专项督查。', '县政府督查室'])
    })
    expect((await readTaskFile(good, 'two-sheets.xlsx', opts)).tasks[0]?.responsible).toEqual(['县政府督查室'])

    const bad = await workbook((ws) => {
      ws.addRow(['姓名', '电话'])
      ws.addRow(['张三', '13800000000'])
    })
    const e = await rejection(readTaskFile(bad, 'contacts.xlsx', opts))
    expect(e.file).toBe('contacts.xlsx')
    expect(e.code).toBe('no_header')
    expect(e.message).toContain('未找到表头')
  })
})

describe('readTaskFile: docx', () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
  const p = (text: string) =>
    `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>${text
      .split('\n')
      .map((t, i) => `${i > 0 ? '<w:r><w:br/></w:r>' : ''}<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`)
      .join('')}</w:p>`
  const tc = (text: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr>${text.split('\n\n').map(p).join('')}</w:tc>`
  const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`
  async function docx(body: string): Promise<Uint8Array> {
    const zip = new JSZip()
    zip.file('[Content_Types].xml', '<Types/>')
    zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`)
    return zip.generateAsync({ type: 'uint8array' })
  }

  it('reads a Word table with vertical merges, a spanning heading row and the trailer around it', async () => {
    const body =
      p('惠来县2022年政务公开工作要点任务分解表') +
      '<w:tbl>' +
      tr(tc('工作任务'), tc('具体要求'), tc('落实单位')) +
      tr(tc('一、夯实政务公开工作基础', '<w:gridSpan w:val="3"/>')) +
      tr(
        tc('（一）持续做好疫情防控信息公开', '<w:vMerge w:val="restart"/>'),
        tc('13. 严格执行疫情防控信息发布各项制度。'),
        tc('牵头单位：县卫生健康局、县政务服务数据管理局\n\n责任单位：县政府各部门，各镇人民政府（场）', '<w:vMerge w:val="restart"/>'),
      ) +
      tr(tc('', '<w:vMerge/>'), tc('14. 积极发挥“粤系列”平台优势 &amp; 提供数据支撑。'), tc('', '<w:vMerge/>')) +
      '</w:tbl>' +
      p('公开方式：主动公开') +
      p('惠来县人民政府办公室　　　　　2022年8月25日印发')
    const t = await readTaskFile(await docx(body), 'plan.docx', opts)
    expect(t.title).toBe('惠来县2022年政务公开工作要点任务分解表')
    expect(t.issuer).toBe('惠来县人民政府办公室')
    expect(t.issuedOn).toBe('2022-08-25')
    expect(t.tasks.map((x) => x.number)).toEqual([13, 14])
    expect(t.tasks[0]).toMatchObject({
      section: '一、夯实政务公开工作基础',
      subsection: '（一）持续做好疫情防控信息公开',
      lead: ['县卫生健康局', '县政务服务数据管理局'],
      responsible: ['县政府各部门', '各镇人民政府（场）'],
      unitsInheritedFrom: null,
    })
    expect(t.tasks[1]).toMatchObject({
      text: '积极发挥“粤系列”平台优势 & 提供数据支撑。',
      subsection: '（一）持续做好疫情防控信息公开',
      lead: ['县卫生健康局', '县政务服务数据管理局'],
      unitsInheritedFrom: 13,
    })
  })

  it('reads the signature paragraphs under the table (issuer, then the date without 印发)', async () => {
    const body =
      p('某某区2023年政务公开工作要点任务分解表') +
      '<w:tbl>' +
      tr(tc('序号'), tc('工作任务'), tc('责任单位'), tc('完成时限')) +
      tr(tc('１'), tc('依法公开行政处罚信息。'), tc('区市场监督管理局'), tc('本文印发10个工作日内')) +
      tr(tc('2'), tc('做好民生领域信息公开。'), tc('石牌街、五山街'), tc('每半年')) +
      '</w:tbl>' +
      p('') +
      p('某某区人民政府办公室') +
      p('2023年5月12日')
    const t = await readTaskFile(await docx(body), 'open.docx', opts)
    expect(t).toMatchObject({ issuer: '某某区人民政府办公室', issuedOn: '2023-05-12', title: '某某区2023年政务公开工作要点任务分解表' })
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    // 10 weekdays after Friday 2023-05-12.
    expect(t.tasks[0]?.deadline).toEqual({ kind: 'date', text: '本文印发10个工作日内', date: '2023-05-26' })
    expect(t.tasks[1]).toMatchObject({ responsible: ['石牌街', '五山街'], deadline: { kind: 'recurring', every: 'halfyearly' } })
  })

  it('falls back to numbered paragraphs when the document has no task table', async () => {
    const body =
      p('一、加强组织领导') +
      p('1. 成立工作专班。（县政府办公室牵头，县直各单位配合）') +
      p('2. 本方案印发之日起1个月内制定工作细则。（县司法局负责）') +
      p('某县人民政府办公室 2023年4月10日印发')
    const t = await readTaskFile(await docx(body), 'plan.docx', opts)
    expect(t.tasks[0]).toMatchObject({ lead: ['县政府办公室'], support: ['县直各单位'], section: '一、加强组织领导' })
    expect(t.tasks[1]).toMatchObject({
      responsible: ['县司法局'],
      deadline: { kind: 'date', text: '本方案印发之日起1个月内', date: '2023-05-10' },
    })
  })
})
