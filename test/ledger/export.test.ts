import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeLedgerExport } from '../../bot/export.js'
import { DETAIL_COLUMNS, LEDGER_COLUMNS, neutralizeFormula, TASK_SHEET_COLUMNS } from '../../src/ledger/export.js'
import type { TaskBook } from '../../src/ledger/ports.js'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

const sifa = { id: 'wx-sifa', name: '李娜' }
const town = { id: 'wx-town', name: '华湖镇小周' }
const caizheng = { id: 'wx-caizheng', name: '陈静' }

describe.each(dbTargets)('ledger export on $name', (target) => {
  let t: TestLedger
  let book: TaskBook
  const dir = mkdtempSync(join(tmpdir(), 'duban-export-'))
  beforeAll(async () => {
    t = await openTestLedger(target)
    await t.say(sifa, '绑定 县司法局')
    await t.say(town, '绑定 华湖镇')
    await t.say(sifa, '第1项已完成，清理结果已在门户网站公布', { mentionsBot: false })
    await t.say(sifa, '第2项正在推进，完成70%，预计10月底前完成', { mentionsBot: false })
    await t.say(town, '第7项遇到困难，需财政局协调补贴发放数据', { mentionsBot: false })
    await t.say(caizheng, '绑定 县财政局')
    await t.say(town, '第4项遇到困难，缺少村级公开栏维修资金', { mentionsBot: false })
    await t.say(caizheng, '第4项已完成', { mentionsBot: false })
    await t.say({ ...sifa, name: '李娜（出差）' }, '第4项正在推进，完成60%', { mentionsBot: false })
    // The office closes 县司法局's 第1项; 县财政局's 第4项 stays 待审核.
    await t.say({ id: 'wx-admin', name: '王主任', alias: '办公室王主任' }, '同意销号 第1项 县司法局')
    const latest = await t.stores.progress.latest()
    const done = latest.find((r) => r.unit === '县司法局' && r.status === 'done')!
    for (const [i, fileName] of ['清理结果公告.pdf', '公示截图.jpg'].entries()) {
      await t.stores.progress.addEvidence({ reportId: done.id, kind: i ? 'image' : 'file', fileName, storedPath: null, sourceMessageId: `ev-${i}`, receivedAt: new Date(t.clock.now.getTime() + i * 60_000) })
    }
    book = await t.stores.tasks.loadBook()
  })
  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints one row per task on A4 landscape, bordered, with title, date, header row and page numbers on every page', async () => {
    const path = await writeLedgerExport(t.stores, 'xlsx', join(dir, '台账.xlsx'), t.clock.now)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const sheet = wb.getWorksheet('台账')!
    expect(sheet.getRow(1).values).toEqual([undefined, ...TASK_SHEET_COLUMNS])
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' })
    expect(sheet.headerFooter.oddHeader).toContain('落实情况台账')
    expect(sheet.headerFooter.oddHeader).toContain('截至2022年9月20日')
    expect(sheet.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页')
    expect(sheet.getRow(1).getCell(1).font?.name).toBe('黑体')

    const taskRows: ExcelJS.Row[] = []
    const headings: ExcelJS.Row[] = []
    sheet.eachRow((row, n) => {
      for (let c = 1; c <= TASK_SHEET_COLUMNS.length; c++) {
        const border = row.getCell(c).border
        expect([border?.top?.style, border?.left?.style, border?.bottom?.style, border?.right?.style], `row ${n} column ${c}`).toEqual(['thin', 'thin', 'thin', 'thin'])
      }
      if (n === 1) return
      if (/^\d+$/.test(String(row.getCell(1).value))) taskRows.push(row)
      else headings.push(row)
    })
    // One row per task, whatever the number of units (task 4 is held by 43); headings are the document's own.
    expect(taskRows.map((r) => Number(r.getCell(1).value))).toEqual(book.tasks.map((task) => task.number))
    expect(headings.length).toBeGreaterThan(0)
    for (const h of headings) expect(h.getCell(1).isMerged).toBe(true)
    for (const r of taskRows) expect(r.getCell(2).font?.name).toBe('仿宋')
    const task = (n: number) => taskRows.find((r) => Number(r.getCell(1).value) === n)!

    // Directory order (县司法局, 县财政局, then the towns), not pinyin order (华湖镇 would come first).
    expect(task(4).getCell(6).value).toBe('县司法局：推进中 60%；县财政局：待审核（9月20日）；华湖镇：遇到困难（缺少村级公开栏维修资金）；未反馈：40个单位')
    expect(task(4).getCell(4).value).toBe('县政府各部门、各镇人民政府（场）')
    expect(task(4).getCell(7).value).toBe('遇到困难')
    // Task 1: lead 县司法局 done, 县政府办公室 silent, plus a conditional role.
    expect(task(1).getCell(6).value).toBe('县司法局：已完成（9月20日）；未反馈：县政府办公室')
    expect(task(1).getCell(3).value).toBe('县司法局')
    expect(task(1).getCell(7).value).toBe('推进中')
    expect(task(1).getCell(8).value).toBe('所列各类单位按实际承担情况反馈')
    expect(task(5).getCell(6).value).toBe('未反馈：43个单位')
    expect(task(5).getCell(7).value).toBe('未反馈')
  })

  it('lists task × unit in 明细 with evidence and bound names, and sums up units in directory order on one page across', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await writeLedgerExport(t.stores, 'xlsx', join(dir, '台账-明细.xlsx'), t.clock.now))
    const detail = wb.getWorksheet('明细')!
    expect(detail.getRow(1).values).toEqual([undefined, ...DETAIL_COLUMNS])
    expect(detail.autoFilter).toBeTruthy()
    expect(detail.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:1' })
    const rows = new Map<string, ExcelJS.Row>()
    detail.eachRow((row, n) => {
      if (n > 1) rows.set(`${row.getCell(1).value}|${row.getCell(5).value}`, row)
    })
    expect(rows.get('1|县政府规范性文件起草单位')?.getCell(7).value).toBe('（按单位反馈）')
    expect([...rows.keys()].filter((k) => k.startsWith('4|')).length).toBe(27 + 16) // dept+vertical, towns+farm
    const task4 = [...rows.keys()].filter((k) => k.startsWith('4|')).map((k) => k.split('|')[1])
    expect(task4).toEqual(book.directory.units.map((u) => u.name).filter((u) => task4.includes(u)))

    const done = rows.get('1|县司法局')!
    expect(done.getCell(7).value).toBe('已完成')
    expect((done.getCell(7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC6EFCE')
    expect(done.getCell(8).value).toContain('清理结果')
    expect(done.getCell(11).value).toBe('已销号')
    expect(rows.get('4|县财政局')!.getCell(7).value).toBe('待审核')
    expect(rows.get('4|县财政局')!.getCell(11).value).toBe('待审核')
    expect(rows.get('2|县司法局')!.getCell(11).value ?? '').toBe('')
    expect(done.getCell(12).value).toBe('清理结果公告.pdf\n公示截图.jpg')
    // Task 4 was reported as 李娜（出差） after a nickname change: the 台账 shows the name bound.
    expect(rows.get('4|县司法局')!.getCell(10).value).toBe('李娜')
    expect(rows.get('2|县司法局')!.getCell(8).value).toContain('70%')
    const stuck = rows.get('7|华湖镇')!
    expect(stuck.getCell(7).value).toBe('遇到困难')
    expect((stuck.getCell(7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE')
    expect(rows.get('7|仙庵镇')!.getCell(7).value).toBe('未反馈')

    const summary = wb.getWorksheet('单位汇总')!
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, printTitlesRow: '1:1' })
    const units: string[] = []
    let sifaRow: ExcelJS.Row | undefined
    summary.eachRow((row, n) => {
      if (n === 1) return
      units.push(String(row.getCell(2).value))
      if (row.getCell(2).value === '县司法局') sifaRow = row
    })
    expect(units).toEqual(book.directory.units.map((u) => u.name).filter((u) => units.includes(u)))
    expect(units.slice(0, 2)).toEqual(['县政府办公室', '县司法局'])
    expect(sifaRow?.getCell(4).value).toBe(1) // one done
    expect(sifaRow?.getCell(5).value).toBe(2) // in progress: tasks 2 and 4
    expect(wb.getWorksheet('联络员')).toBeTruthy()
  })

  it('writes CSV with a BOM for Excel and JSON with every row', async () => {
    const csvPath = await writeLedgerExport(t.stores, 'csv', join(dir, '台账.csv'), t.clock.now)
    const jsonPath = await writeLedgerExport(t.stores, 'json', join(dir, '台账.json'), t.clock.now)
    const { readFileSync } = await import('node:fs')
    const csv = readFileSync(csvPath, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.split('\r\n')[0]).toBe('\uFEFF' + LEDGER_COLUMNS.join(','))
    const json = JSON.parse(readFileSync(jsonPath, 'utf8'))
    expect(json.rows.find((r: { task: number; unit: string }) => r.task === 7 && r.unit === '华湖镇').status).toBe('blocked')
    const row = (task: number, unit: string) => json.rows.find((r: { task: number; unit: string }) => r.task === task && r.unit === unit)
    // 销号 in the JSON: the 已完成's review, null where there is none.
    expect(row(1, '县司法局')).toMatchObject({ status: 'done', review: 'closed' })
    expect(row(4, '县财政局')).toMatchObject({ status: 'done', review: 'pending' })
    expect(row(2, '县司法局').review).toBeNull()
    expect(csv.split('\r\n').length - 2).toBe(json.rows.length)
  })

  // Issue 11: a nickname `=HYPERLINK(...)` reached the CSV as a formula.
  it('neutralises formula-like text in CSV cells and keeps it plain text in the workbook', async () => {
    const hostile = { id: 'wx-formula', name: '=HYPERLINK("http://example.invalid","点我")' }
    await t.say(hostile, '绑定 县司法局')
    await t.say(hostile, '第3项已完成', { mentionsBot: false })
    const { readFileSync } = await import('node:fs')
    const csv = readFileSync(await writeLedgerExport(t.stores, 'csv', join(dir, '台账-公式.csv'), t.clock.now), 'utf8')
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""点我"")"`)
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await writeLedgerExport(t.stores, 'xlsx', join(dir, '台账-公式.xlsx'), t.clock.now))
    const cells: ExcelJS.Cell[] = []
    wb.getWorksheet('明细')!.eachRow((row) => row.eachCell((cell) => void (String(cell.value).includes('HYPERLINK') && cells.push(cell))))
    expect(cells).toHaveLength(1)
    expect(cells[0]!.type).toBe(ExcelJS.ValueType.String)
    expect(cells[0]!.formula).toBeUndefined()
  })

  it('neutralizeFormula prefixes = + - @ and tab or CR starts, nothing else', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralizeFormula(s)).toBe(`'${s}`)
    for (const s of ['县司法局', '第1项 =1', '', '１＝１']) expect(neutralizeFormula(s)).toBe(s)
  })

  it('sends the file to an admin who asks 导出台账 in the chat, and refuses others', async () => {
    const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
    const withExport = await openTestLedger(target, {
      services: { exportLedger: (format) => writeLedgerExport(withExport.stores, format, join(dir, `chat.${format}`), withExport.clock.now) },
    })
    try {
      const r = await withExport.say(admin, '导出台账')
      expect(r.intent).toBe('export')
      expect(r.messages.at(-1)?.filePath).toBe(join(dir, 'chat.xlsx'))
      const denied = await withExport.say(sifa, '导出台账')
      expect(denied.data.error).toBe('not_admin')
      expect(denied.messages.some((m) => m.filePath)).toBe(false)
    } finally {
      await withExport.close()
    }
  })
})
