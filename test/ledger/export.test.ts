import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeLedgerExport } from '../../bot/export.js'
import { LEDGER_COLUMNS, neutralizeFormula } from '../../src/ledger/export.js'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

const sifa = { id: 'wx-sifa', name: '李娜' }
const town = { id: 'wx-town', name: '华湖镇小周' }

describe.each(dbTargets)('ledger export on $name', (target) => {
  let t: TestLedger
  const dir = mkdtempSync(join(tmpdir(), 'duban-export-'))
  beforeAll(async () => {
    t = await openTestLedger(target)
    await t.say(sifa, '绑定 县司法局')
    await t.say(town, '绑定 华湖镇')
    await t.say(sifa, '第1项已完成，清理结果已在门户网站公布', { mentionsBot: false })
    await t.say(sifa, '第2项正在推进，完成70%，预计10月底前完成', { mentionsBot: false })
    await t.say(town, '第7项遇到困难，需财政局协调补贴发放数据', { mentionsBot: false })
  })
  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes a 台账 workbook that reads back with the right rows, colours and summary sheet', async () => {
    const path = await writeLedgerExport(t.stores, 'xlsx', join(dir, '台账.xlsx'), t.clock.now)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path)
    const sheet = wb.getWorksheet('台账')!
    expect(sheet.getRow(1).values).toEqual([undefined, ...LEDGER_COLUMNS])
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })

    const rows = new Map<string, ExcelJS.Row>()
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(`${row.getCell(1).value}|${row.getCell(5).value}`, row)
    })
    // Task 1: lead 县司法局, responsible 县政府办公室 (+ a conditional role that cannot be expanded).
    expect(rows.has('1|县司法局')).toBe(true)
    expect(rows.has('1|县政府办公室')).toBe(true)
    expect(rows.get('1|县政府规范性文件起草单位')?.getCell(7).value).toBe('（按单位反馈）')
    // Task 4 is held by 县政府各部门 and 各镇人民政府（场）: expanded to every member unit.
    expect([...rows.keys()].filter((k) => k.startsWith('4|')).length).toBe(27 + 16) // dept+vertical, towns+farm

    const done = rows.get('1|县司法局')!
    expect(done.getCell(7).value).toBe('已完成')
    expect((done.getCell(7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC6EFCE')
    expect(done.getCell(8).value).toContain('清理结果')
    expect(done.getCell(10).value).toBe('李娜')
    expect(done.getCell(4).value).toBe('县司法局')

    const going = rows.get('2|县司法局')!
    expect(going.getCell(7).value).toBe('推进中')
    expect(going.getCell(8).value).toContain('70%')

    const stuck = rows.get('7|华湖镇')!
    expect(stuck.getCell(7).value).toBe('遇到困难')
    expect((stuck.getCell(7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE')
    expect(rows.get('7|仙庵镇')!.getCell(7).value).toBe('未反馈')

    const summary = wb.getWorksheet('按单位汇总')!
    let sifaRow: ExcelJS.Row | undefined
    summary.eachRow((row) => {
      if (row.getCell(1).value === '县司法局') sifaRow = row
    })
    expect(sifaRow?.getCell(3).value).toBe(1) // one done
    expect(sifaRow?.getCell(4).value).toBe(1) // one in progress
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
    wb.getWorksheet('台账')!.eachRow((row) => row.eachCell((cell) => void (String(cell.value).includes('HYPERLINK') && cells.push(cell))))
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
