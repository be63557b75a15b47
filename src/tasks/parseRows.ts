/**
 * Task tables as rows of cell strings (.xlsx sheets, .docx tables), found by their header row.
 * Readers expand merged cells (every covered cell carries the master's text) and may say which
 * cells were covered by a merge, so a unit cell merged down from the task above is recognised as
 * shared (unitsInheritedFrom), exactly like an empty unit cell in text extracted from Word.
 */
import { TableParseError, type AssignmentRole, type ParsedTable, type UnparsedLine } from './model.js'
import { chineseWorkCalendar, type WorkCalendar } from './calendar.js'
import { toHalfWidth } from '../numerals.js'
import {
  addDeadlineText, addUnitValue, clean, datedLine, emptyUnits, finishDrafts, headingLevel, isIssuerLine, isPageFurniture, isTrailerStart,
  mergeAnnotation, noticeTitle, Numbering, parseTrailer, unreadNotice, splitLabels, takeTrailingAnnotation, type TaskDraft,
} from './common.js'

export interface ParseRowsOptions {
  file?: string
  calendar?: WorkCalendar
  /** Text around the table (title, 公开方式, the 印发 line): issuer and issue date come from it. */
  trailer?: string
  /**
   * The paragraphs above the table (a .docx's notice: salutation, preamble, signature, title), one
   * per line as printed, empty ones included: the title, issuer and issue date come from them where the
   * table and the text below it give none, and the paragraphs not understood are reported (表格前正文第N行).
   */
  notice?: string[]
  /** merged[r][c] is true when cell (r, c) is covered by a merge whose master is another cell. */
  merged?: boolean[][]
}

/** Where an unparsed paragraph of the notice above a table is (its line counts the paragraphs there). */
export const NOTICE_WHERE = '表格前正文'

type Column = 'number' | 'category' | 'text' | AssignmentRole | 'deadline' | 'note' | 'ignore'

/** Classify a header cell; order matters (责任时限 is a deadline, 牵头领导 is a person). */
export function classifyHeader(cell: string): Column | null {
  const h = dropBracketed(cell.replace(/[\s\u3000]+/g, ''))
  // A header is a short name: a task's text or a labelled unit cell (责任单位：…) is no header.
  if (h === '' || h.length > 12 || /[：:。，,；;、]/.test(h)) return null
  // People and remarks are kept as the task's note (责任领导：张三), never read as units.
  if (/领导|备注|说明/.test(h)) return 'note'
  if (/联系人|电话|进展|完成情况|落实情况/.test(h)) return 'ignore'
  if (/^(序号|编号|序)$/.test(h)) return 'number'
  if (/时限|完成时间|时间节点|完成期限|时间要求|进度安排|截止时间/.test(h)) return 'deadline'
  if (/牵头/.test(h)) return 'lead'
  // 主要责任单位 leads and 其他责任单位 supports it, where a table names both (县政府重点工作任务).
  if (/^主要(责任|负责|承办)(单位|部门)/.test(h)) return 'lead'
  if (/^其他(责任)?(单位|部门)/.test(h)) return 'support'
  if (/配合|协办|协助|参与|协同/.test(h)) return 'support'
  if (/指导单位|指导部门/.test(h)) return 'guide'
  if (/责任单位|责任部门|主责|承办|落实单位|实施单位|负责单位|责任主体|责任分工/.test(h)) return 'responsible'
  if (/具体要求|具体措施|任务内容|工作内容|工作措施|主要内容|任务要求|工作要求|具体任务|任务措施|主要措施|措施|内容/.test(h)) return 'text'
  if (/任务|类别|项目|事项|领域|重点工作/.test(h)) return 'category'
  return null
}

/**
 * s.replace(/[（(].*?[)）]/g, '') for text without line breaks, in one pass: that regex tries every
 * opening bracket to the end of the text when no closing one follows (quadratic on a run of （).
 */
function dropBracketed(s: string): string {
  let out = ''
  let open = -1
  let kept = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (open < 0 && (c === '（' || c === '(')) open = i
    else if (open >= 0 && (c === '）' || c === ')')) {
      out += s.slice(kept, open)
      kept = i + 1
      open = -1
    }
  }
  return out + s.slice(kept)
}

const UNIT_COLUMNS: AssignmentRole[] = ['lead', 'responsible', 'guide', 'support']

interface Header {
  row: number
  /** Rows the header occupies (two-row headers: 责任单位 over 牵头单位 | 配合单位). */
  height: number
  columns: (Column | null)[]
}

function classifyRow(row: string[]): (Column | null)[] {
  return row.map((c) => classifyHeader(clean(c)))
}

function isHeaderRow(cols: (Column | null)[]): boolean {
  const has = (k: Column) => cols.includes(k)
  const hasText = has('text') || has('category')
  const hasUnit = UNIT_COLUMNS.some(has)
  return hasText && hasUnit
}

/** 0-based index of the header row (found by its column names below any title rows), or null. */
export function headerRowIndex(rows: string[][]): number | null {
  return findHeader(rows)?.row ?? null
}

/** Where the header is and which columns hold the 序号 and the task text. */
export function keyColumns(rows: string[][]): { header: number; height: number; number: number | null; text: number[] } | null {
  const h = findHeader(rows)
  if (!h) return null
  const number = h.columns.indexOf('number')
  return { header: h.row, height: h.height, number: number < 0 ? null : number, text: h.columns.flatMap((c, i) => (c === 'text' ? [i] : [])) }
}

function findHeader(rows: string[][]): Header | null {
  for (let r = 0; r < rows.length; r++) {
    const columns = classifyRow(rows[r] as string[])
    if (!isHeaderRow(columns)) continue
    let height = 1
    const below = rows[r + 1]
    if (below) {
      const sub = classifyRow(below)
      const nonEmpty = below.map(clean).filter((c) => c !== '')
      // A second header row: every non-empty cell is a header word (merged copies included).
      if (nonEmpty.length > 0 && sub.filter((c, i) => clean(below[i] ?? '') !== '').every((c) => c !== null)) {
        sub.forEach((c, i) => {
          if (c !== null) columns[i] = c
        })
        height = 2
      }
    }
    numberColumnUnderSpan(rows, r + height, columns)
    // With a 具体要求 column, 工作任务 is the grouping; without one it is the task itself (of 类别 |
    // 工作任务, the rightmost: the grouping comes first).
    if (!columns.includes('text')) {
      const i = columns.lastIndexOf('category')
      if (i >= 0) columns[i] = 'text'
    }
    return { row: r, height, columns }
  }
  return null
}

/**
 * A header cell spanning two columns (工作任务 over the section column and the 序号 column) names
 * no 序号 column: without one, a task or category column whose cells below are task numbers is it.
 */
function numberColumnUnderSpan(rows: string[][], first: number, columns: (Column | null)[]): void {
  if (columns.includes('number')) return
  const body = rows.slice(first, first + 40).filter((row) => distinctCells(row).length > 1)
  for (let i = 0; i < columns.length; i++) {
    if (columns[i] !== 'category' && columns[i] !== 'text') continue
    const filled = body.map((row) => clean(row[i] ?? '')).filter((c) => c !== '')
    const numbers = filled.filter((c) => taskNumber(c) !== null).length
    if (numbers >= 2 && numbers > filled.length / 2) {
      columns[i] = 'number'
      return
    }
  }
}

/** "1" / "1." / "（1）" / "第1项" -> 1; Chinese 一、 is a section number, not a task number. */
function taskNumber(cell: string): number | null {
  // \s*(?:[)）]\s*)? rather than \s*[)）]?\s*: two optional runs side by side split a long space run every way.
  const m = /^(?:第)?[（(]?\s*(\d{1,4})\s*(?:[)）]\s*)?[.、项]?$/.exec(toHalfWidth(cell))
  return m ? Number(m[1]) : null
}

/** "1. 任务" / "（1）任务" / "１、任务" at the start of a text cell; the rest is kept as written. */
function leadingNumber(text: string): { n: number; rest: string } | null {
  const m = /^(?:(\d{1,4})\s*[.、](?!\d)|[（(]\s*(\d{1,4})\s*[)）])\s*/.exec(toHalfWidth(text.slice(0, 12)))
  return m ? { n: Number(m[1] ?? m[2]), rest: text.slice(m[0].length) } : null
}

function distinctCells(row: string[]): string[] {
  return [...new Set(row.map((c) => clean(c ?? '')).filter((c) => c !== ''))]
}

export function parseTaskRows(rows: string[][], opts: ParseRowsOptions = {}): ParsedTable {
  const file = opts.file ?? '<rows>'
  const calendar = opts.calendar ?? chineseWorkCalendar
  const merged = opts.merged
  const isMerged = (r: number, c: number): boolean => merged?.[r]?.[c] === true
  if (rows.every((row) => row.every((c) => clean(c) === ''))) throw new TableParseError('empty', '文件为空', file, null)

  const header = findHeader(rows)
  if (!header) {
    throw new TableParseError('no_header', '未找到表头（应有 序号、工作任务/具体要求、牵头单位/责任单位 等列）', file, null)
  }
  const cols = header.columns
  // Names of the note columns as printed (a two-row header names them in either row).
  const headerRow = (rows[header.row] as string[]).map((c, i) =>
    header.height === 2 && classifyHeader(clean(rows[header.row + 1]?.[i] ?? '')) === 'note' ? (rows[header.row + 1]?.[i] ?? c) : c,
  )
  const colOf = (k: Column): number[] => cols.flatMap((c, i) => (c === k ? [i] : []))
  const numberCol = colOf('number')[0]
  const textCols = colOf('text')
  const categoryCols = colOf('category')
  const deadlineCols = colOf('deadline')
  const noteCols = colOf('note')

  const trailerLines = (opts.trailer ?? '').split(/\r\n|\r|\n/).map(clean).filter((l) => l !== '')
  const unparsed: UnparsedLine[] = []
  // Above the header: the table's title, 附件1, a date (（2024年3月8日）), or — in a table copied with the
  // web page around it — the whole notice, read like the notice above a .docx table (one line per cell).
  const above = rows.slice(0, header.row).flatMap((row, r) => distinctCells(row).map((text) => ({ text, line: r + 1 })))
    .filter((l) => !isPageFurniture(l.text))
  // The notice's paragraphs above the table, numbered as printed (empty paragraphs count).
  const notice = (opts.notice ?? []).map((l, i) => ({ text: clean(l), line: i + 1 })).filter((l) => l.text !== '' && !isPageFurniture(l.text))
  const noticeLines = [...notice, ...above].map((l) => l.text)
  let title: string | null = above.length > 0 ? noticeTitle(above.map((l) => l.text)) : null
  title ??= notice.length > 0 ? noticeTitle(notice.map((l) => l.text)) : null
  title ??= trailerLines.find((l) => !isTrailerStart(l) && !/^附件\s*\d*$/.test(l) && !/[：:]/.test(l)) ?? null
  unparsed.push(...unreadNotice(notice.map((l) => l.text), notice.map((l) => l.line), title).map((u) => ({ ...u, where: NOTICE_WHERE })))
  unparsed.push(...unreadNotice(above.map((l) => l.text), above.map((l) => l.line), title))

  const drafts: TaskDraft[] = []
  const seen = new Map<number, number>()
  let section: string | null = null
  let subsection: string | null = null
  let sectionFromBand = false
  let lastNumber = 0
  // Band rows since the last task: a band after the last task that is no heading is reported.
  let bandsSinceTask: UnparsedLine[] = []

  const numbering = new Numbering()
  const setHeading = (text: string, fromBand: boolean): void => {
    for (const line of text.split('\n').map(clean).filter((l) => l !== '')) {
      const level = headingLevel(line)
      if (level === 'subsection' || (level === null && !fromBand && sectionFromBand)) {
        if (line !== subsection) numbering.heading('subsection')
        subsection = line
      } else if (line !== section) {
        section = line
        subsection = null
        sectionFromBand = fromBand
        numbering.heading('section')
      }
    }
  }

  for (let r = header.row + header.height; r < rows.length; r++) {
    const row = (rows[r] as string[]).map((c) => (c ?? '').replace(/\r\n?/g, '\n'))
    const cells = row.map(clean)
    const nonEmpty = cells.filter((c) => c !== '')
    if (nonEmpty.length === 0) continue
    if (isHeaderRow(classifyRow(cells))) continue // header repeated on each printed page
    if (isTrailerStart(nonEmpty[0] as string) || isSignatureRow(r)) {
      for (const rest of rows.slice(r)) trailerLines.push(...distinctCells(rest))
      break
    }

    // A band across the whole row (merged) is a heading: 一、夯实基础 / （一）…
    const distinct = new Set(nonEmpty)
    const numberCell = numberCol !== undefined ? (cells[numberCol] ?? '') : ''
    if (distinct.size === 1 && taskNumber(numberCell) === null && leadingNumber(nonEmpty[0] as string) === null && isBand(cells)) {
      setHeading(nonEmpty[0] as string, true)
      bandsSinceTask.push({ line: r + 1, text: nonEmpty[0] as string })
      continue
    }
    // 序号 一 / （一） with a name beside it.
    if (numberCell !== '' && /^[（(]?[一二三四五六七八九十]+[)）]?[、.．]?$/.test(numberCell)) {
      const name = cells.filter((c, i) => i !== numberCol && c !== '')[0] ?? ''
      const label = /^[（(]/.test(numberCell) ? numberCell : `${numberCell.replace(/[、.．]$/, '')}、`
      setHeading(`${label}${name}`, true)
      continue
    }

    for (const c of categoryCols) if (cells[c]) setHeading(cells[c] as string, false)

    let text = textCols.map((c) => clean(row[c] ?? '')).filter((t) => t !== '').join('\n')
    if (text === '') {
      // No task text: what is left beside the headings (a 序号 alone, units without a task) is reported.
      const left = [...new Set(cells.filter((c, i) => c !== '' && !isMerged(r, i) && !categoryCols.includes(i) && cols[i] !== 'ignore'))]
      if (left.length > 0) unparsed.push({ line: r + 1, text: left.join(' ') })
      continue
    }
    // Continuation of a task whose 序号 and text cells are merged down over several unit rows.
    const prev = drafts[drafts.length - 1]
    const numberMerged = numberCol !== undefined && isMerged(r, numberCol) && cells[numberCol] !== ''
    const textMerged = textCols.every((c) => isMerged(r, c))
    if (prev && (numberMerged || textMerged)) {
      continueTask(prev, r, textMerged ? '' : text)
      continue
    }

    let n = taskNumber(numberCell)
    const lead = leadingNumber(text)
    const family = /^[（(]/.test(numberCell !== '' ? numberCell : text) ? 'paren' : 'arabic'
    // （1） under a 序号 cell is the task's first sub-item, kept in its text; "1." repeats the 序号.
    if (lead && (n === null || (n === lead.n && !/^[（(]/.test(text)))) {
      n ??= lead.n
      text = clean(lead.rest)
    }
    n ??= lastNumber + 1
    // Items restarting at 1 under a new heading (a .docx or .xlsx numbered per section) are numbered anew.
    if (seen.has(n) && numbering.restarts(n)) seen.clear()
    const firstRow = seen.get(n)
    if (firstRow !== undefined) throw new TableParseError('duplicate_number', `任务编号重复：第${n}项（第${firstRow}行已有）`, file, r + 1)
    seen.set(n, r + 1)
    lastNumber = n

    const draft: TaskDraft = {
      number: n, section, subsection, text: '', units: emptyUnits(), deadlineText: null, line: r + 1,
    }
    numbering.item(draft, family, section, subsection)
    // Labels or an annotation written into the text cell itself.
    const textLines: string[] = []
    for (const line of text.split('\n')) {
      const { before, segments } = splitLabels(line)
      if (before !== '') textLines.push(before)
      for (const s of segments) {
        if (s.kind === 'deadline') addDeadlineText(draft, s.value)
        else addUnitValue(draft, s.kind, s.value)
      }
    }
    const { text: body, annotation } = takeTrailingAnnotation(textLines.join(''))
    draft.text = body
    if (annotation) mergeAnnotation(draft, annotation)
    addRowUnits(draft, r, false)
    const deadline = deadlineCols.filter((c) => !spanCopy(r, c)).map((c) => cells[c] ?? '').filter((d) => d !== '').join('，')
    if (deadline !== '') draft.deadlineText = deadline
    const note = noteCols
      .filter((c) => (cells[c] ?? '') !== '' && !spanCopy(r, c))
      .map((c) => `${clean(headerRow[c] ?? '').replace(/[\s\u3000]+/g, '')}：${(cells[c] as string).replace(/(?<!\s)\s*\n\s*/g, '、')}`)
      .join('；')
    if (note !== '') draft.note = note
    drafts.push(draft)
    bandsSinceTask = []
  }
  for (const band of bandsSinceTask) if (headingLevel(band.text) === null) unparsed.push(band)
  // The notice's paragraphs first, then the table's rows in order.
  unparsed.sort((a, b) => (a.where === NOTICE_WHERE ? 0 : 1) - (b.where === NOTICE_WHERE ? 0 : 1) || a.line - b.line)

  /**
   * A copy of the cell to its left (a cell spanning 牵头单位 and 配合单位, or 完成时限 and 备注): it is
   * read once, in the column it starts in.
   */
  function spanCopy(r: number, c: number): boolean {
    const row = rows[r] as string[]
    return c > 0 && isMerged(r, c) && clean(row[c] ?? '') === clean(row[c - 1] ?? '')
  }

  /**
   * A heading band: text across the row (merged copies) or in a 序号, task or category column. A lone
   * unit or deadline cell is no heading: it belongs to no task and is reported.
   */
  function isBand(cells: string[]): boolean {
    const filled = cells.flatMap((c, i) => (c !== '' ? [i] : []))
    if (filled.length > 1) return true
    const i = filled[0] as number
    return i === numberCol || textCols.includes(i) || categoryCols.includes(i) || cols[i] == null
  }

  /**
   * A row under a task whose 序号 (or text) cell is merged down over it: its units join the task's,
   * and its own text (a sub-item （2）…), deadline and notes are added rather than dropped.
   */
  function continueTask(draft: TaskDraft, r: number, text: string): void {
    addRowUnits(draft, r, true)
    const own = (c: number): string => (isMerged(r, c) ? '' : clean(rows[r]?.[c] ?? ''))
    if (text !== '') {
      const lines: string[] = []
      for (const line of text.split('\n')) {
        const { before, segments } = splitLabels(line)
        if (before !== '') lines.push(before)
        for (const s of segments) {
          if (s.kind === 'deadline') addDeadlineText(draft, s.value)
          else addUnitValue(draft, s.kind, s.value)
        }
      }
      const { text: body, annotation } = takeTrailingAnnotation(lines.join(''))
      draft.text += body
      if (annotation) mergeAnnotation(draft, annotation)
    }
    for (const c of deadlineCols) {
      const d = own(c)
      if (d !== '' && !(draft.deadlineText ?? '').split('，').includes(d)) addDeadlineText(draft, d)
    }
    const notes = noteCols.filter((c) => own(c) !== '').map((c) => `${clean(headerRow[c] ?? '').replace(/[\s\u3000]+/g, '')}：${own(c)}`)
    if (notes.length > 0) draft.note = [draft.note, ...notes].filter(Boolean).join('；')
  }

  /**
   * "XX县人民政府办公室" over "2024年3月8日" (or both in one row) below the last task: the signature
   * ends the table even without 印发.
   */
  function isSignatureRow(r: number): boolean {
    const single = (i: number): string | null => {
      const cells = distinctCells(rows[i] as string[])
      return cells.length === 1 ? (cells[0] as string) : null
    }
    const cell = single(r)
    if (cell === null) return false
    let dateRow = r
    if (isIssuerLine(cell)) {
      do dateRow++
      while (dateRow < rows.length && distinctCells(rows[dateRow] as string[]).length === 0)
    }
    const dateCell = dateRow < rows.length ? single(dateRow) : null
    const dated = dateCell !== null ? datedLine(dateCell) : null
    if (dated?.date == null || (dateRow > r && dated.issuer !== null)) return false
    // Nothing after it may look like a task row.
    return rows.slice(dateRow + 1).every((row) => distinctCells(row).length <= 1)
  }

  function addRowUnits(draft: TaskDraft, r: number, continuation: boolean): void {
    const row = rows[r] as string[]
    const unitCols = cols.flatMap((c, i) => (c && (UNIT_COLUMNS as string[]).includes(c) ? [i] : []))
    const filled = unitCols.filter((c) => clean(row[c] ?? '') !== '' && !spanCopy(r, c))
    // Every unit cell merged down from above: the task shares the units of the task above.
    if (!continuation && filled.length > 0 && filled.every((c) => isMerged(r, c))) return
    for (const c of filled) {
      const role = cols[c] as AssignmentRole
      // A 落实单位 cell may itself hold 牵头单位：…\n责任单位：… lines.
      let target: AssignmentRole = role
      for (const line of (row[c] as string).split(/\r\n?|\n/)) {
        const { before, segments } = splitLabels(clean(line))
        if (before !== '') addUnitValue(draft, target, before)
        for (const s of segments) {
          if (s.kind === 'deadline') {
            addDeadlineText(draft, s.value)
          } else {
            addUnitValue(draft, s.kind, s.value)
            target = s.kind
          }
        }
      }
    }
  }

  if (drafts.length === 0) throw new TableParseError('no_tasks', '未找到任务', file, null)
  numbering.finish(drafts)
  // The 版记 or signature below decides; a notice signed above the table is the fallback.
  const below = parseTrailer(trailerLines)
  const signed = parseTrailer(noticeLines)
  const issuer = below.issuer ?? signed.issuer
  const issuedOn = below.issuedOn ?? signed.issuedOn
  const tasks = finishDrafts(drafts, { file, issuedOn, calendar, title })
  return { title, issuer, issuedOn, tasks, unparsed }
}
