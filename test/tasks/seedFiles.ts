/**
 * The seed table (惠来县 2022 政务公开工作要点任务分解表) rebuilt as the Word and Excel files an office
 * would receive: built from the text import, written with the `docx` package and exceljs, so the
 * import of each file can be compared with the text import task by task.
 *
 * Word: 工作任务 | 具体要求 | 落实单位; section rows (一、…) spanning all three columns; the 工作任务 cell
 * (（一）…) merged down over its tasks; one 落实单位 cell of labelled paragraphs (牵头单位：… / 责任单位：…)
 * merged down over the tasks that share it; long 具体要求 cells in two paragraphs; the table split
 * at page breaks, the header row (and the section row) repeated at the top of each page, as in the
 * original; the issuer and issue date in paragraphs under the table.
 */
import ExcelJS from 'exceljs'
import {
  AlignmentType, Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType,
  WidthType,
} from 'docx'
import type { ParsedTable, ParsedTask } from '../../src/tasks/model.js'

export const SEED_TITLE = '惠来县2022年政务公开工作要点任务分解表'
const TRAILER = ['公开方式：主动公开', '惠来县人民政府办公室　　　　　2022年8月25日印发']

/** 落实单位 as printed in the seed: one labelled line per role. */
export function unitLines(t: ParsedTask): string[] {
  const lines: string[] = []
  if (t.lead.length) lines.push(`牵头单位：${t.lead.join('、')}`)
  if (t.responsible.length) lines.push(`责任单位：${t.responsible.join('、')}`)
  if (t.guide.length) lines.push(`指导单位：${t.guide.join('、')}`)
  if (t.support.length) lines.push(`配合单位：${t.support.join('、')}`)
  return lines
}

/** A long requirement in two paragraphs, cut after a full stop (the reader joins them back). */
export function textParagraphs(t: ParsedTask): string[] {
  const first = `${t.number}. ${t.text}`
  const cut = first.indexOf('。')
  return first.length > 60 && cut > 0 && cut < first.length - 1 ? [first.slice(0, cut + 1), first.slice(cut + 1)] : [first]
}

/** Rows of the seed table in reading order, with the page breaks of the original (every 12 tasks). */
interface SeedRow {
  kind: 'header' | 'section' | 'task'
  section?: string
  task?: ParsedTask
  /** The first row of a new page: repeat the header and the current section there. */
  pageBreak?: boolean
}

export function seedRows(table: ParsedTable, tasksPerPage = 12): SeedRow[] {
  const rows: SeedRow[] = [{ kind: 'header' }]
  let section: string | null = null
  table.tasks.forEach((t, i) => {
    if (i > 0 && i % tasksPerPage === 0) {
      rows.push({ kind: 'header', pageBreak: true })
      if (t.section === section && section !== null) rows.push({ kind: 'section', section })
    }
    if (t.section !== section && t.section !== null) rows.push({ kind: 'section', section: t.section })
    section = t.section
    rows.push({ kind: 'task', task: t })
  })
  return rows
}

const HEADER = ['工作任务', '具体要求', '落实单位']

/** The seed as a .docx made with the `docx` package. */
export async function seedDocx(table: ParsedTable): Promise<Uint8Array> {
  const para = (text: string) => new Paragraph({ children: [new TextRun(text)] })
  const cell = (paras: string[], opts: { span?: number; merge?: 'restart' | 'continue' } = {}) =>
    new TableCell({
      children: paras.length ? paras.map(para) : [para('')],
      ...(opts.span ? { columnSpan: opts.span } : {}),
      ...(opts.merge ? { verticalMerge: opts.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
    })
  const tables: TableRow[][] = [[]]
  let prev: ParsedTask | null = null
  let prevRowWasTask = false
  let pages = 0
  for (const row of seedRows(table)) {
    if (row.kind === 'header') {
      // A new page: either a new table after a page break, or the header row typed again inside
      // the same table (both occur in offices' files).
      if (row.pageBreak && ++pages % 2 === 1) tables.push([])
      tables[tables.length - 1]!.push(new TableRow({ tableHeader: true, children: HEADER.map((h) => cell([h])) }))
      prevRowWasTask = false
      continue
    }
    if (row.kind === 'section') {
      tables[tables.length - 1]!.push(new TableRow({ children: [cell([row.section!], { span: 3 })] }))
      prevRowWasTask = false
      continue
    }
    const t = row.task!
    // 工作任务 (the subsection) merged down while it stays the same within one table.
    const sameSub = prevRowWasTask && prev !== null && t.subsection !== null && prev.subsection === t.subsection
    const sub = t.subsection === null ? cell([]) : sameSub ? cell([], { merge: 'continue' }) : cell([t.subsection], { merge: 'restart' })
    // 落实单位 merged down over the tasks that share it; a merge cannot cross a header row, so the
    // first task of a page that shares the units above has an empty cell (as in the seed's text).
    const units =
      t.unitsInheritedFrom === null
        ? cell(unitLines(t), { merge: 'restart' })
        : prevRowWasTask
          ? cell([], { merge: 'continue' })
          : cell([])
    tables[tables.length - 1]!.push(new TableRow({ children: [sub, cell(textParagraphs(t)), units] }))
    prev = t
    prevRowWasTask = true
  }
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun('附件')] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: SEED_TITLE, bold: true })] }),
  ]
  tables.forEach((rows, i) => {
    if (i > 0) children.push(new Paragraph({ children: [new PageBreak()] }))
    children.push(new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }))
  })
  children.push(...TRAILER.map(para))
  const doc = new Document({ sections: [{ children }] })
  return new Uint8Array(await Packer.toBuffer(doc))
}

/**
 * The seed as an .xlsx: a title row, the header, section rows merged across, 工作任务 and 落实单位
 * merged down, the header repeated at page breaks, the 印发 line under the table.
 */
export async function seedXlsx(table: ParsedTable): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('任务分解表')
  ws.addRow([SEED_TITLE])
  ws.mergeCells(1, 1, 1, 3)
  let subStart: { row: number; sub: string | null } | null = null
  let unitStart: number | null = null
  const closeSub = (end: number) => {
    if (subStart && subStart.sub !== null && end > subStart.row) ws.mergeCells(subStart.row, 1, end, 1)
    subStart = null
  }
  const closeUnits = (end: number) => {
    if (unitStart !== null && end > unitStart) ws.mergeCells(unitStart, 3, end, 3)
    unitStart = null
  }
  for (const row of seedRows(table)) {
    const last = ws.rowCount
    if (row.kind !== 'task') {
      closeSub(last)
      closeUnits(last)
    }
    if (row.kind === 'header') {
      ws.addRow(HEADER)
      continue
    }
    if (row.kind === 'section') {
      ws.addRow([row.section])
      ws.mergeCells(ws.rowCount, 1, ws.rowCount, 3)
      continue
    }
    const t = row.task!
    const afterHeader: boolean = unitStart === null
    const units: string = t.unitsInheritedFrom !== null && afterHeader ? '' : unitLines(t).join('\n')
    const r: number = ws.addRow([t.subsection ?? '', textParagraphs(t).join('\n'), units]).number
    if (!subStart || subStart.sub !== t.subsection) {
      closeSub(r - 1)
      subStart = { row: r, sub: t.subsection }
    }
    if (t.unitsInheritedFrom === null || afterHeader) {
      closeUnits(r - 1)
      unitStart = r
    }
  }
  closeSub(ws.rowCount)
  closeUnits(ws.rowCount)
  ws.addRow([])
  for (const line of TRAILER) ws.addRow([line])
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

/** Everything of a task but the line it starts on (a line of text is not a row of a sheet). */
export function comparable(t: ParsedTask): Omit<ParsedTask, 'line'> {
  const { line: _line, ...rest } = t
  return rest
}
