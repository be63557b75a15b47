/** The 台账 an office prints: xlsx (exceljs), csv or json, one row per task and unit. */
// Types only: exceljs (~15 MB resident) loads on the first xlsx export, which most runs never make.
import type ExcelJS from 'exceljs'
import type { LedgerRow, UnitSummary } from './ledgerRows.js'
import { progressText, statusText } from './ledgerRows.js'
import { FORMER_UNIT_MARK } from './book.js'
import { chinaDateTime } from '../clock.js'
import { formatDeadline } from '../replies/tasks.js'
import type { Liaison } from './ports.js'

export const LEDGER_COLUMNS = ['序号', '工作任务', '具体要求', '牵头单位', '责任单位', '完成时限', '状态', '最新进展', '反馈时间', '反馈人'] as const

function cells(row: LedgerRow, today: string): (string | number)[] {
  return [
    row.task.number,
    row.task.subsection ?? row.task.section ?? '',
    row.task.text,
    row.lead.join('、'),
    row.former ? `${row.unit}${FORMER_UNIT_MARK}` : row.unit,
    formatDeadline(row.deadline, today, row.conditional ? null : row.state),
    statusText(row.report, row.conditional),
    progressText(row.report),
    row.report ? chinaDateTime(row.report.reportedAt) : '',
    row.report?.liaisonName ?? '',
  ]
}

/** Fill colours by state: done green, in progress blue, blocked/overdue red, not reported grey. */
function statusFill(row: LedgerRow): string {
  if (row.conditional) return 'FFFFFFFF'
  const s = row.report?.status
  if (s === 'done') return 'FFC6EFCE'
  if (s === 'blocked' || row.state.overdue) return 'FFFFC7CE'
  if (row.state.colour === 'yellow') return 'FFFFEB9C'
  if (s === 'in_progress') return 'FFDDEBF7'
  return 'FFEDEDED'
}

export interface ExportMeta {
  title: string
  today: string
  now: Date
  /** The people sheet: every binding, a unit with several liaisons marked. */
  liaisons?: Liaison[]
}

/** One row per binding; a unit held by several people says so, since anyone may bind themselves. */
function liaisonRows(liaisons: Liaison[]) {
  const perUnit = new Map<string, number>()
  for (const l of liaisons) perUnit.set(l.unit, (perUnit.get(l.unit) ?? 0) + 1)
  return liaisons.map((l) => ({
    unit: l.unit,
    name: l.name,
    alias: l.alias ?? '',
    boundBy: l.boundBy ? `管理员 ${l.boundBy}` : '本人',
    boundAt: chinaDateTime(l.boundAt),
    note: perUnit.get(l.unit)! > 1 ? `本单位共${perUnit.get(l.unit)}名联络员，请核实` : '',
  }))
}

export async function ledgerWorkbook(rows: LedgerRow[], units: UnitSummary[], meta: ExportMeta): Promise<Buffer> {
  const { Workbook } = (await import('exceljs')).default
  const wb = new Workbook()
  wb.creator = '督办助手'
  wb.created = meta.now
  const ws = wb.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINT_ONE_PAGE_WIDE })
  const widths = [6, 22, 60, 22, 24, 26, 14, 36, 17, 10]
  ws.columns = LEDGER_COLUMNS.map((header, i) => ({ header, key: String(i), width: widths[i] }))
  const header = ws.getRow(1)
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }
  // One block of rows per task: the task's own columns are merged down the block, as offices print 台账.
  const TASK_COLUMNS = [1, 2, 3, 4, 6]
  let start = 2
  for (let i = 0; i < rows.length; ) {
    let j = i
    while (j + 1 < rows.length && rows[j + 1]!.task.id === rows[i]!.task.id) j++
    const block = rows.slice(i, j + 1)
    for (const row of block) {
      const r = ws.addRow(cells(row, meta.today))
      r.alignment = { vertical: 'top', wrapText: true }
      r.getCell(7).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: statusFill(row) } }
      r.height = LINE_HEIGHT * Math.max(linesNeeded(r, widths, [5, 8]), 1)
    }
    const end = start + block.length - 1
    if (end > start) for (const c of TASK_COLUMNS) ws.mergeCells(start, c, end, c)
    // Row heights are not fitted to wrapped text by every spreadsheet program: size the block for the task text.
    const needed = LINE_HEIGHT * linesNeeded(ws.getRow(start), widths, TASK_COLUMNS)
    const have = block.reduce((h, _, k) => h + (ws.getRow(start + k).height ?? LINE_HEIGHT), 0)
    if (have < needed) {
      const extra = (needed - have) / block.length
      for (let k = 0; k < block.length; k++) ws.getRow(start + k).height = (ws.getRow(start + k).height ?? LINE_HEIGHT) + extra
    }
    start = end + 1
    i = j + 1
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } }
  ws.headerFooter.oddHeader = `&C${meta.title}`

  const us = listSheet(wb, '按单位汇总', [
    ['单位', 'unit', 26], ['任务数', 'tasks', 8], ['已完成', 'done', 8], ['推进中', 'inProgress', 8],
    ['遇到困难', 'blocked', 9], ['未反馈', 'notReported', 8], ['逾期未完成', 'overdue', 10], ['督办等级', 'colour', 10],
  ])
  const colourLabel = { red: '红', yellow: '黄', blue: '蓝', none: '' } as const
  const colourFill = { red: 'FFFFC7CE', yellow: 'FFFFEB9C', blue: 'FFDDEBF7', none: '' } as const
  for (const u of [...units].sort((a, b) => b.overdue - a.overdue || a.unit.localeCompare(b.unit, 'zh'))) {
    const r = us.addRow({ ...u, colour: colourLabel[u.colour] })
    if (u.colour !== 'none') r.getCell(8).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: colourFill[u.colour] } }
  }

  const ps = listSheet(wb, '联络员', [
    ['单位', 'unit', 26], ['联络员', 'name', 14], ['备注', 'alias', 30], ['绑定方式', 'boundBy', 16], ['绑定时间', 'boundAt', 17], ['说明', 'note', 26],
  ])
  for (const row of liaisonRows(meta.liaisons ?? [])) {
    const r = ps.addRow(row)
    if (row.note) r.getCell(6).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Every sheet prints landscape, its columns on one page and its header row on every page (a clerk prints the 台账). */
const PRINT_ONE_PAGE_WIDE = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' } as const

/** A plain list sheet: frozen bold header row, columns as [header, key, width]. */
function listSheet(wb: ExcelJS.Workbook, name: string, columns: [string, string, number][]): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PRINT_ONE_PAGE_WIDE })
  sheet.columns = columns.map(([header, key, width]) => ({ header, key, width }))
  sheet.getRow(1).font = { bold: true }
  return sheet
}

const LINE_HEIGHT = 15

/** Lines a row needs for its longest wrapped cell among `columns` (a CJK character is about two width units). */
function linesNeeded(row: ExcelJS.Row, widths: number[], columns: number[]): number {
  let lines = 1
  for (const c of columns) {
    const text = String(row.getCell(c).value ?? '')
    const units = [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)
    lines = Math.max(lines, Math.ceil(units / Math.max((widths[c - 1] ?? 10) - 1, 1)))
  }
  return lines
}

/**
 * A text cell a spreadsheet would run as a formula (= + - @, or a tab or CR before one) gets a
 * leading apostrophe: names and notes come from the chat, and `=HYPERLINK(...)` is a nickname anyone
 * can choose. Numbers stay numbers.
 */
export function neutralizeFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
}

function csvCell(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : neutralizeFormula(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** CSV with a BOM so Excel on Windows opens the Chinese text correctly. */
export function ledgerCsv(rows: LedgerRow[], today: string): string {
  const lines = [LEDGER_COLUMNS.join(',')]
  for (const row of rows) lines.push(cells(row, today).map(csvCell).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

export function ledgerJson(rows: LedgerRow[], units: UnitSummary[], today: string, liaisons: Liaison[] = []): string {
  return JSON.stringify(
    {
      rows: rows.map((row) => ({
        task: row.task.number,
        section: row.task.section,
        subsection: row.task.subsection,
        text: row.task.text,
        lead: row.lead,
        unit: row.unit,
        role: row.role,
        former_unit: row.former,
        deadline: row.deadline,
        due_date: row.dueDate,
        status: row.report?.status ?? null,
        percent: row.report?.percent ?? null,
        expected_date: row.report?.expectedDate ?? null,
        note: row.report?.note ?? null,
        reported_at: row.report?.reportedAt.toISOString() ?? null,
        reported_by: row.report?.liaisonName ?? null,
      })),
      units,
      liaisons: liaisonRows(liaisons).map((l) => ({ unit: l.unit, name: l.name, alias: l.alias || null, bound_by: l.boundBy, bound_at: l.boundAt, note: l.note || null })),
      today,
    },
    null,
    2,
  )
}
