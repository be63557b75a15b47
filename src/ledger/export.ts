/**
 * The 台账 an office prints and files: per document a task sheet (one row per task, the units'
 * reports summed up in 进展情况) and a detail sheet (task × unit, for filtering); then a unit
 * summary and the people sheet. csv and json stay one row per task and unit.
 */
// Types only: exceljs (~15 MB resident) loads on the first xlsx export, which most runs never make.
import type ExcelJS from 'exceljs'
import type { LedgerRow, UnitSummary } from './ledgerRows.js'
import { progressText, statusText } from './ledgerRows.js'
import { FORMER_UNIT_MARK, progressKey, STATUS_LABEL } from './book.js'
import { chinaDate, chinaDateTime } from '../clock.js'
import { formatDate, formatDeadline } from '../replies/tasks.js'
import { REVIEW_LABEL, statusLabel } from '../domain/status.js'
import { COLOUR_HEX, taskStateOf, type Colour } from '../domain/colour.js'
import type { EvidenceFile, Liaison, ProgressReport } from './ports.js'

export const LEDGER_COLUMNS = ['序号', '工作任务', '具体要求', '牵头单位', '责任单位', '完成时限', '状态', '最新进展', '反馈时间', '反馈人'] as const
/** The printed sheet: one row per task. */
export const TASK_SHEET_COLUMNS = ['序号', '工作任务', '牵头单位', '责任单位', '完成时限', '进展情况', '状态', '备注'] as const
/** The detail sheet: the csv's columns and the evidence. */
export const DETAIL_COLUMNS = [...LEDGER_COLUMNS, '审核/销号', '佐证材料'] as const

/** What every sheet of one workbook shares: who reported, the order of units, how wide text sets. */
export interface LedgerLookups {
  /** Width units a character takes, for sizing rows: rows are not fitted to wrapped text on opening. */
  metrics: TextMetrics
  /** The reporter as bound in the liaisons store (not the WeChat nickname of the day). */
  reporter(report: ProgressReport): string
  /** The unit's place in the directory's official order; units it does not list come last. */
  unitRank(unit: string): number
  /** Evidence file names per (task, unit) (progressKey). */
  evidence: Map<string, string[]>
}

/**
 * Bound names by contact id, else by unit and the name reported under (ids change at a re-login);
 * a reporter no longer bound keeps the name they reported under.
 */
export function ledgerLookups(opts: { liaisons?: Liaison[]; unitOrder?: string[]; evidence?: EvidenceFile[]; renderer?: Renderer }): LedgerLookups {
  const liaisons = opts.liaisons ?? []
  const byId = new Map(liaisons.map((l) => [l.contactId, l]))
  const rank = new Map((opts.unitOrder ?? []).map((u, i) => [u, i]))
  const evidence = new Map<string, string[]>()
  for (const e of opts.evidence ?? []) {
    const key = progressKey(e.taskId, e.unit)
    const names = evidence.get(key) ?? []
    if (!names.includes(e.fileName)) names.push(e.fileName)
    evidence.set(key, names)
  }
  return {
    reporter(report) {
      const bound =
        byId.get(report.liaisonContactId) ??
        liaisons.find((l) => l.unit === report.unit && (l.name === report.liaisonName || l.alias === report.liaisonName))
      return bound?.name ?? report.liaisonName
    },
    unitRank: (unit) => rank.get(unit) ?? rank.size,
    evidence,
    metrics: TEXT_METRICS[opts.renderer ?? 'excel'],
  }
}

function cells(row: LedgerRow, today: string, reporter: (r: ProgressReport) => string = (r) => r.liaisonName): (string | number)[] {
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
    row.report ? reporter(row.report) : '',
  ]
}

/** ARGB as ExcelJS takes it, from the one colour definition (src/domain/colour.ts). */
const argb = (c: Colour) => `FF${COLOUR_HEX[c].fill.slice(1)}`
const FILL: Record<Colour, string | null> = { red: argb('red'), yellow: argb('yellow'), blue: argb('blue'), green: argb('green'), none: null }
const COLOUR_LABEL = { red: '红', yellow: '黄', blue: '蓝', none: '' } as const

/** 审核/销号: the 已完成's review (待审核, 已销号); empty without one (CLOSE_REQUIRES_REVIEW off, or not done). */
function reviewText(report: ProgressReport | null): string {
  return report?.status === 'done' && report.review ? REVIEW_LABEL[report.review] : ''
}

/** Fill colours by state: done green, in progress blue, blocked/overdue red, not reported grey. */
function statusFill(row: LedgerRow): string {
  if (row.conditional) return 'FFFFFFFF'
  const s = row.report?.status
  if (row.state.reason === 'under_review') return argb('blue')
  if (s === 'done') return argb('green')
  if (s === 'blocked' || row.state.overdue) return argb('red')
  if (row.state.colour === 'yellow') return argb('yellow')
  if (s === 'in_progress') return argb('blue')
  return argb('none')
}

export interface ExportMeta {
  /** The document's 台账 title, printed at the top of every page. */
  title: string
  today: string
  now: Date
  /** The people sheet: every binding, a unit with several liaisons marked. */
  liaisons?: Liaison[]
  /** Unit names in the directory's official order (DirectoryData.units). */
  unitOrder?: string[]
  /** Evidence of the reports on the document's tasks (佐证材料). */
  evidence?: EvidenceFile[]
  /** Only the sheets an office prints (台账, 单位汇总): the PDF leaves out the filter list and the people. */
  printOnly?: boolean
  /** Who lays the sheets out: Excel and WPS (the office's file), or LibreOffice (the PDF). */
  renderer?: Renderer
  /**
   * The office's documents when it has several: a 台账 and a 明细 sheet for each (named by its short
   * name), the unit summary across them. One or none: the single 台账 and 明细 titled `title`.
   */
  documents?: LedgerDocument[]
}

/** A document as the export names it. */
export interface LedgerDocument {
  id: number
  shortName: string
  /** Printed on its sheets: its 台账 title. */
  title: string
  archived: boolean
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(prefix: string, name: string): string {
  return `${prefix}-${name}`.replace(/[:\\/?*[\]]/g, '_').slice(0, 31)
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

/** One document's sheets; several documents (issue 14) add theirs under their own names. */
export interface DocumentSheets {
  /** Printed at the top of every page of the document's sheets. */
  title: string
  today: string
  taskSheet: string
  detailSheet: string
}

export async function ledgerWorkbook(rows: LedgerRow[], units: UnitSummary[], meta: ExportMeta): Promise<Buffer> {
  const { Workbook } = (await import('exceljs')).default
  const wb = new Workbook()
  wb.creator = '督办助手'
  wb.created = meta.now
  const lookups = ledgerLookups(meta)
  const several = (meta.documents?.length ?? 0) > 1
  const sheets: { doc: DocumentSheets; rows: LedgerRow[] }[] = several
    ? meta.documents!.map((d) => ({
        doc: { title: `${d.title}${d.archived ? '（已归档）' : ''}`, today: meta.today, taskSheet: sheetName('台账', d.shortName), detailSheet: sheetName('明细', d.shortName) },
        rows: rows.filter((r) => r.task.documentId === d.id),
      }))
    : [{ doc: { title: meta.title, today: meta.today, taskSheet: '台账', detailSheet: '明细' }, rows }]
  // Every document's 台账 first (what is printed), then the filter lists.
  for (const s of sheets) addTaskSheet(wb, s.doc, s.rows, lookups)
  if (!meta.printOnly) for (const s of sheets) addDetailSheet(wb, s.doc, s.rows, lookups)
  addUnitSummarySheet(wb, { title: meta.title, today: meta.today }, units, lookups)
  if (!meta.printOnly) addPeopleSheet(wb, { title: meta.title, today: meta.today }, meta.liaisons ?? [], lookups)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

// ---------------------------------------------------------------------------------------------
// Print layout: A4, thin borders, 仿宋 body and 黑体 headings as county offices print them.

const BODY_FONT: Partial<ExcelJS.Font> = { name: '仿宋', size: 12 }
const HEAD_FONT: Partial<ExcelJS.Font> = { name: '黑体', size: 12 }
const SECTION_FONT: Partial<ExcelJS.Font> = { name: '黑体', size: 12 }
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
}
/** Points per wrapped line of 12 pt text, with the cell's padding. */
const LINE_HEIGHT = 16.5
const ROW_PADDING = 5
export type Renderer = 'excel' | 'libreoffice'
/** Column-width units one character of 12 pt text takes (a width unit is one '0' of the default 11 pt font). */
interface TextMetrics {
  cjk: number
  latin: number
}
/** Excel sets 12 pt 仿宋 at 16 px a character in 7 px units; LibreOffice sets about a sixth narrower. */
const TEXT_METRICS: Record<Renderer, TextMetrics> = { excel: { cjk: 2.1, latin: 1.1 }, libreoffice: { cjk: 1.9, latin: 1 } }

type PageSetup = Partial<ExcelJS.PageSetup>
const A4 = 9
const MARGINS = { left: 0.5, right: 0.5, top: 0.9, bottom: 0.7, header: 0.35, footer: 0.3 }
function printSetup(orientation: 'landscape' | 'portrait'): PageSetup {
  return {
    paperSize: A4, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0,
    horizontalCentered: true, printTitlesRow: '1:1', margins: MARGINS,
  }
}

/** Header codes take & as a command: a title with & prints it doubled. */
const headerText = (s: string) => s.replace(/&/g, '&&')

/** Title and date on every page, page numbers at the foot. */
function pageFurniture(sheet: ExcelJS.Worksheet, title: string, today: string, part: string): void {
  const header = `&C&"黑体,Regular"&16${headerText(title)}&R&"仿宋,Regular"&11${headerText(part)}${part ? '\n' : ''}截至${formatDate(today)}`
  sheet.headerFooter.oddHeader = header
  sheet.headerFooter.oddFooter = '&C&"仿宋,Regular"&11第 &P 页 共 &N 页'
}

/** Header row: 黑体, centred, shaded, bordered; repeated on every printed page (printTitlesRow). */
function headerRow(sheet: ExcelJS.Worksheet, columns: readonly string[], widths: number[]): void {
  sheet.columns = columns.map((header, i) => ({ header, key: String(i), width: widths[i] }))
  const row = sheet.getRow(1)
  row.height = 24
  row.eachCell((cell) => {
    cell.font = HEAD_FONT
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } }
    cell.border = THIN
  })
}

/**
 * Body cells: 仿宋, bordered, centred where `centred` lists the column; wrapped (the row sized for
 * them) except the columns `oneLine` lists, which show their first line only.
 */
function bodyRow(row: ExcelJS.Row, metrics: TextMetrics, count: number, widths: number[], centred: number[] = [], oneLine: number[] = []): void {
  for (let c = 1; c <= count; c++) {
    const cell = row.getCell(c)
    cell.font = BODY_FONT
    cell.border = THIN
    cell.alignment = { vertical: 'middle', horizontal: centred.includes(c) ? 'center' : 'left', wrapText: !oneLine.includes(c) }
  }
  const wrapped = widths.map((w, i) => (oneLine.includes(i + 1) ? Infinity : w))
  row.height = Math.max(LINE_HEIGHT * linesNeeded(row, wrapped, metrics) + ROW_PADDING, 20)
}

function fill(cell: ExcelJS.Cell, argb: string | null): void {
  if (argb) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } }
}

/** Lines the row needs for its longest wrapped cell (explicit line breaks count). */
function linesNeeded(row: ExcelJS.Row, widths: number[], metrics: TextMetrics): number {
  let lines = 1
  widths.forEach((width, i) => {
    const perLine = Math.max(width - 1.5, 1)
    const text = String(row.getCell(i + 1).value ?? '')
    const n = text.split('\n').reduce((sum, part) => {
      const units = [...part].reduce((u, ch) => u + (ch.charCodeAt(0) > 0x2e80 ? metrics.cjk : metrics.latin), 0)
      return sum + Math.max(1, Math.ceil(units / perLine))
    }, 0)
    lines = Math.max(lines, n)
  })
  return lines
}

// ---------------------------------------------------------------------------------------------
// The task sheet

// 141 width units: one A4 landscape page across at 100% in Excel (7 px a unit, 0.5 in margins), so 12 pt prints as 12 pt.
const TASK_WIDTHS = [6, 35, 11, 14, 12, 42, 12, 9]

/** The rows of one task, in the order the buildLedgerRows gives them. */
function byTask(rows: LedgerRow[]): LedgerRow[][] {
  const tasks = new Map<number, LedgerRow[]>()
  for (const row of rows) {
    const list = tasks.get(row.task.id) ?? []
    list.push(row)
    tasks.set(row.task.id, list)
  }
  return [...tasks.values()]
}

/** 2, or "2（二、2）" when the table printed the task under its own label. */
function numberLabel(task: LedgerRow['task']): number | string {
  return task.label && task.label !== String(task.number) ? `${task.number}\n（${task.label}）` : task.number
}

/** 责任单位 as the document lists them (groups by their own name); 配合 and 指导 units marked. */
function holdersText(rows: LedgerRow[]): string {
  const task = rows[0]!.task
  const of = (role: string) => task.assignments.filter((a) => a.role === role).map((a) => a.target)
  const parts = [of('responsible').join('、')]
  if (of('support').length) parts.push(`配合：${of('support').join('、')}`)
  if (of('guide').length) parts.push(`指导：${of('guide').join('、')}`)
  return parts.filter(Boolean).join('\n')
}

/** A short date: 9月20日, with the year when it is not this year's. */
function shortDate(date: string, today: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y === Number(today.slice(0, 4)) ? '' : `${y}年`}${m}月${d}日`
}

/** One unit's report in a few words: 已完成（9月20日）, 推进中 60%, 遇到困难（需协调资金）: the difficulty is what the office acts on. */
function reportWords(report: ProgressReport, today: string): string {
  const label = statusLabel(report)
  switch (report.status) {
    case 'done':
      return `${label}（${shortDate(chinaDate(report.reportedAt), today)}）`
    case 'in_progress':
      // The expected date and notes stay in the detail sheet: a row of 45 units must stay readable.
      return report.percent != null ? `${label} ${report.percent}%` : label
    case 'blocked':
      return report.note ? `${label}（${report.note}）` : label
    default:
      return label
  }
}

/** Up to this many units not reported are named; more are counted, so a task of 45 units stays one row. */
const NAMED_UNREPORTED = 3

/**
 * 进展情况: the units that reported, in directory order, then those that did not:
 * "县司法局：已完成（9月20日）；县财政局：推进中 60%；未反馈：12个单位".
 */
export function progressSummary(rows: LedgerRow[], today: string, lookups: Pick<LedgerLookups, 'unitRank'>): string {
  const held = rows.filter((r) => !r.conditional).sort((a, b) => lookups.unitRank(a.unit) - lookups.unitRank(b.unit))
  if (!held.length) return '未反馈（按单位反馈）'
  const reported = held.filter((r) => r.report).map((r) => `${r.unit}${r.former ? FORMER_UNIT_MARK : ''}：${reportWords(r.report!, today)}`)
  const silent = held.filter((r) => !r.report && !r.former).map((r) => r.unit)
  if (silent.length) reported.push(`未反馈：${silent.length <= NAMED_UNREPORTED ? silent.join('、') : `${silent.length}个单位`}`)
  return reported.join('；')
}

/**
 * 状态: the task's state across its units (taskStateOf): 已完成 when every unit's 已完成 covers it,
 * 已逾期 when one is overdue, else what the units reported, with the days left when due soon.
 */
function taskStatus(rows: LedgerRow[]): { text: string; colour: Colour } {
  const held = rows.filter((r) => !r.conditional && !r.former)
  const state = taskStateOf(held.map((r) => r.state))
  if (!state) return { text: statusText(null, true), colour: 'none' }
  const tag = state.colour === 'red' || state.colour === 'yellow' || state.colour === 'blue' ? `〔${COLOUR_LABEL[state.colour]}〕` : ''
  if (state.done) return { text: STATUS_LABEL.done, colour: 'green' }
  if (state.reason === 'under_review') return { text: REVIEW_LABEL.pending, colour: 'blue' }
  if (state.overdue) return { text: `${tag}已逾期`, colour: 'red' }
  const reports = held.map((r) => r.report?.status)
  const word = reports.includes('blocked')
    ? STATUS_LABEL.blocked
    : reports.some((s) => s === 'in_progress' || s === 'done')
      ? STATUS_LABEL.in_progress
      : reports.includes('not_started') ? STATUS_LABEL.not_started : statusText(null)
  const soon = state.reason === 'due_soon' && state.daysLeft != null ? `\n${tag}${state.daysLeft === 0 ? '今日到期' : `还有${state.daysLeft}天`}` : ''
  return { text: `${word}${soon}`, colour: state.colour }
}

/**
 * 备注: what the other columns cannot say: a conditional role (责任单位 names it) has no unit to
 * chase until one reports. Units a revision removed are marked in 进展情况 already.
 */
function remarks(rows: LedgerRow[]): string {
  return rows.some((r) => r.conditional) ? '所列各类单位按实际承担情况反馈' : ''
}

/**
 * The printed 台账 of one document: one row per task (section headings as rows between them), A4
 * landscape, header row and title on every page.
 */
export function addTaskSheet(wb: ExcelJS.Workbook, doc: DocumentSheets, rows: LedgerRow[], lookups: LedgerLookups): ExcelJS.Worksheet {
  const tasks = byTask(rows).map((taskRows) => {
    const task = taskRows[0]!.task
    const held = taskRows.filter((r) => !r.conditional && !r.former)
    const status = taskStatus(taskRows)
    const values: (string | number)[] = [
      numberLabel(task),
      task.text,
      taskRows[0]!.lead.join('、'),
      holdersText(taskRows),
      formatDeadline(task.deadline, doc.today, taskStateOf(held.map((h) => h.state))),
      progressSummary(taskRows, doc.today, lookups),
      status.text,
      remarks(taskRows),
    ]
    return { task, values, status }
  })
  const widths = taskWidths(tasks.map((t) => t.values))
  const sheet = wb.addWorksheet(doc.taskSheet, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printSetup('landscape') })
  headerRow(sheet, TASK_SHEET_COLUMNS, widths)
  pageFurniture(sheet, doc.title, doc.today, '')
  const heading = (text: string) => {
    const r = sheet.addRow([text])
    sheet.mergeCells(r.number, 1, r.number, TASK_SHEET_COLUMNS.length)
    bodyRow(r, lookups.metrics, TASK_SHEET_COLUMNS.length, [widths.reduce((a, b) => a + b, 0)])
    r.getCell(1).font = SECTION_FONT
  }
  let section: string | null = null
  let subsection: string | null = null
  for (const { task, values, status } of tasks) {
    // The document's own headings (一、… （一）…) as rows, each once where it starts.
    if (task.section && task.section !== section) {
      heading(task.section)
      subsection = null
    }
    if (task.subsection && task.subsection !== subsection) heading(task.subsection)
    section = task.section
    subsection = task.subsection
    const r = sheet.addRow(values)
    bodyRow(r, lookups.metrics, TASK_SHEET_COLUMNS.length, widths, [1, 7])
    fill(r.getCell(7), FILL[status.colour])
  }
  return sheet
}

/**
 * 工作任务 and 进展情况 share their width by how much text each holds: before the reports come in the
 * task text takes most of the page, once 45 units have reported their progress does.
 */
function taskWidths(rows: (string | number)[][]): number[] {
  const chars = (c: number) => rows.reduce((n, r) => n + String(r[c] ?? '').length, 0)
  const shared = TASK_WIDTHS[1]! + TASK_WIDTHS[5]!
  const progress = Math.round(Math.min(Math.max((shared * chars(5)) / Math.max(chars(1) + chars(5), 1), 22), 48))
  return TASK_WIDTHS.map((w, i) => (i === 1 ? shared - progress : i === 5 ? progress : w))
}

// ---------------------------------------------------------------------------------------------
// The detail sheet

const DETAIL_WIDTHS = [6, 14, 36, 13, 16, 18, 10, 30, 16, 9, 10, 22]

/** Task × unit, units in directory order within each task, filterable on every column. */
export function addDetailSheet(wb: ExcelJS.Workbook, doc: DocumentSheets, rows: LedgerRow[], lookups: LedgerLookups): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(doc.detailSheet, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printSetup('landscape') })
  headerRow(sheet, DETAIL_COLUMNS, DETAIL_WIDTHS)
  pageFurniture(sheet, doc.title, doc.today, '明细')
  for (const taskRows of byTask(rows)) {
    // Conditional roles and removed units after the units the task names, as buildLedgerRows lists them.
    const place = (r: LedgerRow) => (r.conditional ? 2 : r.former ? 1 : 0)
    const sorted = [...taskRows].sort((a, b) => place(a) - place(b) || lookups.unitRank(a.unit) - lookups.unitRank(b.unit))
    for (const row of sorted) {
      const files = lookups.evidence.get(progressKey(row.task.id, row.unit)) ?? []
      const r = sheet.addRow([...cells(row, doc.today, lookups.reporter), reviewText(row.report), files.join('\n')])
      // The task's text is the same in each of its rows: one line of it, the full text in the cell.
      bodyRow(r, lookups.metrics, DETAIL_COLUMNS.length, DETAIL_WIDTHS, [1, 7, 9, 10, 11], [2, 3, 4])
      fill(r.getCell(7), statusFill(row))
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: DETAIL_COLUMNS.length } }
  return sheet
}

// ---------------------------------------------------------------------------------------------
// The unit summary and the people sheet

const SUMMARY_COLUMNS = ['序号', '单位', '任务数', '已完成', '推进中', '遇到困难', '未启动', '未反馈', '逾期未完成', '督办等级'] as const
const SUMMARY_WIDTHS = [6, 28, 8, 8, 8, 9, 8, 8, 10, 9]

/** One row per unit in the directory's order; one page wide (portrait: ten narrow columns). */
export function addUnitSummarySheet(wb: ExcelJS.Workbook, page: { title: string; today: string }, units: UnitSummary[], lookups: LedgerLookups, name = '单位汇总'): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printSetup('portrait') })
  headerRow(sheet, SUMMARY_COLUMNS, SUMMARY_WIDTHS)
  pageFurniture(sheet, page.title, page.today, '单位汇总')
  const sorted = [...units].sort((a, b) => lookups.unitRank(a.unit) - lookups.unitRank(b.unit))
  sorted.forEach((u, i) => {
    const notStarted = u.tasks - u.done - u.underReview - u.inProgress - u.blocked - u.notReported
    // 待审核 stands with 推进中 here (answered, not yet 销号); the 明细 names it.
    const r = sheet.addRow([i + 1, u.unit, u.tasks, u.done, u.inProgress + u.underReview, u.blocked, notStarted, u.notReported, u.overdue, COLOUR_LABEL[u.colour]])
    bodyRow(r, lookups.metrics, SUMMARY_COLUMNS.length, SUMMARY_WIDTHS, [1, 3, 4, 5, 6, 7, 8, 9, 10])
    fill(r.getCell(10), FILL[u.colour])
  })
  return sheet
}

const PEOPLE_COLUMNS = ['单位', '联络员', '备注', '绑定方式', '绑定时间', '说明'] as const
const PEOPLE_WIDTHS = [26, 14, 24, 16, 18, 28]

export function addPeopleSheet(wb: ExcelJS.Workbook, page: { title: string; today: string }, liaisons: Liaison[], lookups: LedgerLookups, name = '联络员'): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printSetup('portrait') })
  headerRow(sheet, PEOPLE_COLUMNS, PEOPLE_WIDTHS)
  pageFurniture(sheet, page.title, page.today, '联络员')
  const sorted = [...liaisons].sort((a, b) => lookups.unitRank(a.unit) - lookups.unitRank(b.unit))
  for (const p of liaisonRows(sorted)) {
    const r = sheet.addRow([p.unit, p.name, p.alias, p.boundBy, p.boundAt, p.note])
    bodyRow(r, lookups.metrics, PEOPLE_COLUMNS.length, PEOPLE_WIDTHS, [5])
    if (p.note) fill(r.getCell(6), 'FFFFEB9C')
  }
  return sheet
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
export function ledgerCsv(rows: LedgerRow[], today: string, lookups?: Pick<LedgerLookups, 'reporter'>): string {
  const lines = [LEDGER_COLUMNS.join(',')]
  for (const row of rows) lines.push(cells(row, today, lookups?.reporter).map(csvCell).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

export function ledgerJson(rows: LedgerRow[], units: UnitSummary[], today: string, liaisons: Liaison[] = [], documents: LedgerDocument[] = []): string {
  const names = new Map(documents.map((d) => [d.id, d.shortName]))
  return JSON.stringify(
    {
      documents: documents.map((d) => ({ name: d.shortName, title: d.title, archived: d.archived })),
      rows: rows.map((row) => ({
        document: names.get(row.task.documentId) ?? null,
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
        review: row.report?.review ?? null,
      })),
      units,
      liaisons: liaisonRows(liaisons).map((l) => ({ unit: l.unit, name: l.name, alias: l.alias || null, bound_by: l.boundBy, bound_at: l.boundAt, note: l.note || null })),
      today,
    },
    null,
    2,
  )
}
