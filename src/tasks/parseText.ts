/**
 * Task tables as plain text (text extracted from a Word table, or typed out): headings 一、/（一）/
 * 第一部分, numbered items, label lines (牵头单位：…), inline annotations, and the trailer.
 */
import { TableParseError, type AssignmentRole, type ParsedTable, type UnparsedLine } from './model.js'
import { isDeadlineCell, isUnitCell } from './cellKinds.js'
import { chineseWorkCalendar, type WorkCalendar } from './calendar.js'
import { parseChineseNumber, toHalfWidth } from '../numerals.js'
import {
  addDeadlineText, addUnitValue, clean, datedLine, emptyUnits, finishDrafts, hasUnits, headingLevel, FILE_NAME_RE, Numbering,
  isHeaderLine, isIssuerLine, isPageFurniture, isTrailerStart, mergeAnnotation, namesPlan, noticeLineKind, noticeTitle,
  pageFurniture, parseAnnotation, parseTrailer, planOfNoticeTitle, sameHeading, splitLabels, takeTrailingAnnotation,
  unreadNotice, wholeBracketInner, type ItemFamily, type LabelKind, type TaskDraft,
} from './common.js'


/**
 * 1. / 52.(no space) / 1．/ 1、/ １、 -> arabic; （1） / (1) -> paren. "10.5亿元" is not an item.
 * Full-width digits are read as ASCII (toHalfWidth keeps every index), the rest stays as written.
 */
function matchItem(line: string): { n: number; rest: string; family: ItemFamily } | null {
  // "1.某县任务分解表.docx" under 附件： is a file the notice attaches, not a task.
  if (FILE_NAME_RE.test(line)) return null
  const half = toHalfWidth(line.slice(0, 12))
  const m =
    /^(\d{1,4})\s*[.、](?!\d)\s*/.exec(half) ??
    /^[（(]\s*(\d{1,4})\s*[)）]\s*/.exec(half) ??
    // A 序号 cell of its own, the text following on the next line.
    (/^\d{1,3}$/.test(toHalfWidth(line)) ? /^(\d{1,3})/.exec(half) : null)
  if (!m) return null
  return { n: Number(m[1]), rest: line.slice(m[0].length), family: /^[（(]/.test(half) ? 'paren' : 'arabic' }
}


/**
 * Index of the first trailer line: the 版记 (公开方式 / 抄送 / the 印发 line) wherever it is, or a
 * signature ("XX县人民政府办公室", then "2024年3月8日") after the last numbered item. An issuer alone
 * on the line above its date belongs to the trailer, not to the last task's text or units.
 */
function findTrailer(lines: string[], from: number): number {
  let lastItem = lines.length - 1
  while (lastItem >= from && matchItem(lines[lastItem] as string) === null) lastItem--
  // Above the first item, （此件公开发布） and a signature belong to the notice, not to the trailer.
  let firstItem = from
  while (firstItem < lines.length && matchItem(lines[firstItem] as string) === null) firstItem++
  let above = -1
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string
    if (line === '') continue
    const dated = datedLine(line)
    const aboveLine = above >= 0 ? (lines[above] as string) : ''
    const issuerAbove = dated !== null && dated.issuer === null && isIssuerLine(aboveLine)
    // A signature without 印发 ends the table only after the last task, and a date under an empty
    // label (完成时限：) is that label's value.
    const signature =
      i > lastItem && dated?.date != null && (dated.issuer !== null || issuerAbove || !/[：:]$/.test(aboveLine))
    const pageEnd = i > lastItem && pageFurniture(line) === 'web'
    if ((i > firstItem && isTrailerStart(line)) || signature || pageEnd) return issuerAbove ? above : i
    above = i
  }
  return lines.length
}

/**
 * Index of the last line of a notice printed above the table, or -1: the last line before the first
 * task with units that ends a notice or starts the table (特此通知, the signature, （此件公开发布）, the
 * title naming the plan). A notice may number its own requirements (一、提高认识 / 1. 各单位要…) as a
 * table numbers its sections and tasks: above that line they are the notice's paragraphs, never
 * sections or tasks. Without such a line nothing is taken for the notice.
 */
function findNoticeEnd(lines: string[]): number {
  const items: number[] = []
  lines.forEach((l, i) => {
    if (l !== '' && matchItem(l) !== null) items.push(i)
  })
  const withUnits = items.find((at, k) => {
    const end = items[k + 1] ?? lines.length
    for (let j = at; j < end; j++) {
      const l = j === at ? (matchItem(lines[j] as string) as { rest: string }).rest : (lines[j] as string)
      if (l === '') continue
      // A heading, 特此通知 or a signature (issuer over its date) ends the item's lines.
      if (j > at && (headingLevel(l) !== null || noticeLineKind(l) === 'public_note' || /^特此/.test(l))) break
      if (j > at && isIssuerLine(l) && datedLine(lines[j + 1] ?? '')?.date != null) break
      if (splitLabels(l).segments.length > 0 || takeTrailingAnnotation(l).annotation !== null) return true
      if (j > at && (isUnitCell(l) || (wholeBracketInner(l) !== null && parseAnnotation(wholeBracketInner(l) as string) !== null))) return true
    }
    return false
  })
  if (withUnits === undefined || withUnits === items[0]) return -1
  for (let i = withUnits - 1; i >= 0; i--) {
    const l = lines[i] as string
    const kind = l === '' ? null : noticeLineKind(l)
    const closes = kind === 'public_note' || kind === 'signature' || /^(特此通知|此通知|特此函告)$/.test(l)
    const title = l !== '' && kind === null && namesPlan(l) && headingLevel(l) === null && matchItem(l) === null &&
      splitLabels(l).segments.length === 0 && planOfNoticeTitle(l) === null
    if (closes || title) return i
  }
  return -1
}

interface Current {
  draft: TaskDraft
  textLines: string[]
  /** Where an unlabelled line goes: the task text until the first label, then that label's value. */
  target: LabelKind | 'text'
  labelled: boolean
  /** Number of the last （一）/（二） sub-point read into the text, 0 for none. */
  subPoint: number
  /** Lines after the text that are only unit names (a unit cell of a table copied one cell per line). */
  unitCells: string[]
}

/** The role a header word names (牵头单位 -> lead), for unit cells printed without a label. */
function headerRole(cell: string): AssignmentRole | null {
  const h = cell.replace(/[\s\u3000]+/g, '')
  if (/牵头/.test(h)) return 'lead'
  if (/配合|协办/.test(h)) return 'support'
  if (/指导/.test(h)) return 'guide'
  if (/责任单位|落实单位|责任分工/.test(h)) return 'responsible'
  return null
}

/**
 * Unit cells without a label take the header's unit columns in order; with no header, one cell is
 * the responsible units and two are lead then responsible (as tables print 牵头单位 | 责任单位). An
 * empty cell leaves no line in such a copy, so extra cells go to the last column.
 */
function assignUnitCells(draft: TaskDraft, cells: string[], headerRoles: AssignmentRole[]): void {
  const roles: AssignmentRole[] = headerRoles.length > 0 ? headerRoles : cells.length >= 2 ? ['lead', 'responsible'] : ['responsible']
  cells.forEach((c, i) => addUnitValue(draft, roles[Math.min(i, roles.length - 1)] as AssignmentRole, c))
}

/** 3 for "（三）加强监管", null for anything else. */
function subsectionNumber(line: string | null): number | null {
  const m = line === null ? null : /^[（(]\s*([一二三四五六七八九十百]+)\s*[)）]/.exec(line)
  return m ? parseChineseNumber(m[1] as string) : null
}

/**
 * Inside a task's text (before its units), a （一）/（二） line is a sub-point of the task rather than the
 * next subsection heading when it ends in punctuation, continues the task's sub-point list, or is not
 * numbered next after the current subsection (（一）全面排查… under （一）燃气安全).
 */
function isSubPoint(cur: Current, line: string, subsection: string | null): boolean {
  const n = subsectionNumber(line)
  if (/[；;。，,：:]$/.test(line)) return true
  if (n === null) return false
  if (cur.subPoint > 0 && n === cur.subPoint + 1) return true
  return !sameHeading(subsection, line) && n !== (subsectionNumber(subsection) ?? 0) + 1
}

export function parseTaskText(text: string, opts: { file?: string; calendar?: WorkCalendar } = {}): ParsedTable {
  const file = opts.file ?? '<text>'
  const calendar = opts.calendar ?? chineseWorkCalendar
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/)
  if (lines.every((l) => clean(l) === '')) throw new TableParseError('empty', '文件为空', file, null)

  let title: string | null
  let section: string | null = null
  let subsection: string | null = null
  let family: ItemFamily | null = null
  let current: Current | null = null
  const drafts: TaskDraft[] = []
  const seen = new Map<number, number>()
  const trailer: string[] = []
  const unparsed: UnparsedLine[] = []
  const cleaned = lines.map(clean)
  /** Lines up to here are a notice above the table (its numbered paragraphs included). */
  const noticeEnd = findNoticeEnd(cleaned.map((l) => (isPageFurniture(l) ? '' : l)))
  const trailerAt = findTrailer(cleaned, noticeEnd + 1)
  /** Lines before the first task: the notice (its signature may give the issuer and date) and title. */
  const head: string[] = []
  /** Line numbers of head's lines. */
  const headAt: number[] = []
  const numbering = new Numbering()

  const headerRoles: AssignmentRole[] = []
  const close = (): void => {
    if (!current) return
    // Labels further down mean those lines were the text wrapping after all.
    if (current.labelled) current.textLines.push(...current.unitCells)
    else if (current.unitCells.length > 0) assignUnitCells(current.draft, current.unitCells, headerRoles)
    const joined = current.textLines.join('')
    const { text: body, annotation } = takeTrailingAnnotation(joined)
    current.draft.text = body
    if (annotation) mergeAnnotation(current.draft, annotation)
    drafts.push(current.draft)
    current = null
  }

  const applyLabels = (cur: Current, segments: { kind: LabelKind; value: string }[]): void => {
    for (const seg of segments) {
      if (seg.kind === 'deadline') addDeadlineText(cur.draft, seg.value)
      else addUnitValue(cur.draft, seg.kind, seg.value)
      cur.target = seg.kind
      cur.labelled = true
    }
  }

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    const line = clean(lines[i] as string)
    if (line === '') continue
    if (i >= trailerAt) {
      trailer.push(line)
      continue
    }
    // A page number (at a page break inside a task too) or a portal's furniture is no part of the table;
    // inside a task's lines only a page number is passed over (主办单位：… there may be the task's own).
    if (pageFurniture(line) === 'print' || (current === null && isPageFurniture(line))) continue
    if (i <= noticeEnd) {
      head.push(line)
      headAt.push(lineNo)
      continue
    }
    if (isHeaderLine(line)) {
      // A header copied one cell per line names the unit columns of the unlabelled unit cells below.
      if (drafts.length === 0 && current === null) {
        for (const cell of line.split(/\t|\s{2,}|\u3000+/)) {
          const role = headerRole(clean(cell))
          if (role && !headerRoles.includes(role)) headerRoles.push(role)
        }
      }
      continue
    }

    const cur0 = current as Current | null
    let level = headingLevel(line)
    // Before the table, the notice's own numbered paragraphs (一、各地区要高度重视…。) are no sections.
    if (level !== null && cur0 === null && drafts.length === 0 && noticeLineKind(line) === 'preamble') level = null
    if (level !== null && cur0 !== null && cur0.target === 'text' && !cur0.labelled && isSubPoint(cur0, line, subsection)) {
      cur0.subPoint = subsectionNumber(line) ?? cur0.subPoint
      level = null
    }
    if (level === 'section') {
      // A heading repeated at a page break changes nothing; a task may even continue after it.
      if (!sameHeading(section, line)) {
        close()
        section = line
        subsection = null
        numbering.heading('section')
      }
      continue
    }
    if (level === 'subsection') {
      if (!sameHeading(subsection, line)) {
        close()
        subsection = line
        numbering.heading('subsection')
      }
      continue
    }

    const item = matchItem(line)
    if (item && (family === null || family === item.family)) {
      const cur = current as Current | null
      // "1." sub-points inside a task's text (before its units) are text, not new tasks.
      const subPoint = cur !== null && !cur.labelled && !hasUnits(cur.draft.units) && item.n <= cur.draft.number
      if (!subPoint) {
        // Items restarting at 1 under a new heading are numbered anew, not duplicates.
        if (seen.has(item.n) && numbering.restarts(item.n)) seen.clear()
        const first = seen.get(item.n)
        if (first !== undefined) {
          throw new TableParseError('duplicate_number', `任务编号重复：第${item.n}项（第${first}行已有）`, file, lineNo)
        }
        close()
        family = item.family
        seen.set(item.n, lineNo)
        const draft: TaskDraft = {
          number: item.n, section, subsection, text: '', units: emptyUnits(), deadlineText: null, line: lineNo,
        }
        numbering.item(draft, item.family, section, subsection)
        const next: Current = { draft, textLines: [], target: 'text', labelled: false, subPoint: 0, unitCells: [] }
        current = next
        const { before, segments } = splitLabels(item.rest)
        if (before !== '') next.textLines.push(before)
        applyLabels(next, segments)
        continue
      }
    }

    if (!current) {
      // Before the first task: the notice and the table's title (read below); a stray line between
      // sections is reported, never dropped (but the title repeated at the top of a page).
      if (drafts.length === 0) {
        head.push(line)
        headAt.push(lineNo)
      } else if (!head.includes(line)) unparsed.push({ line: lineNo, text: line })
      continue
    }
    const cur: Current = current

    const { before, segments } = splitLabels(line)
    if (segments.length > 0 && before === '') {
      applyLabels(cur, segments)
      continue
    }
    // An annotation on a line of its own: （县发改局牵头，县财政局配合）
    const inner = wholeBracketInner(line)
    const annotation = inner !== null ? parseAnnotation(inner) : null
    if (annotation) {
      mergeAnnotation(cur.draft, annotation)
      cur.labelled = true
      cur.target = 'text'
      continue
    }
    // A table copied one cell per line: after the text, a line of unit names is a unit cell and a
    // deadline-shaped line the 完成时限, though neither carries a label.
    if (segments.length === 0 && cur.target === 'text' && !cur.labelled && cur.textLines.length > 0) {
      if (isUnitCell(line)) {
        cur.unitCells.push(line)
        continue
      }
      if ((cur.unitCells.length > 0 || hasUnits(cur.draft.units)) && isDeadlineCell(line)) {
        addDeadlineText(cur.draft, line)
        continue
      }
    }
    // An unlabelled line (or the part before a label) continues whatever came last.
    if (cur.target === 'text') {
      cur.textLines.push(before)
    } else if (cur.target === 'deadline') {
      addDeadlineText(cur.draft, before, true)
    } else {
      // A unit cell with one unit per paragraph, or a list wrapped onto the next line.
      addUnitValue(cur.draft, cur.target, before)
    }
    applyLabels(cur, segments)
  }
  close()

  if (drafts.length === 0) throw new TableParseError('no_tasks', '未找到任务', file, null)
  title = noticeTitle(head)
  unparsed.unshift(...unreadNotice(head, headAt, title))
  numbering.finish(drafts)
  // The 版记 or signature below decides; a notice signed above the table is the fallback.
  const below = parseTrailer(trailer)
  const above = parseTrailer(head)
  const issuer = below.issuer ?? above.issuer
  const issuedOn = below.issuedOn ?? above.issuedOn
  const tasks = finishDrafts(drafts, { file, issuedOn, calendar, title })
  return { title, issuer, issuedOn, tasks, unparsed }
}
