/**
 * A table copied as text with its cells separated by tabs (a copy from Excel, or from a table on a
 * web page): one row per line, a title and headings on lines of their own. Columns are named by the
 * header row where its words are known (序号/工作任务/牵头单位/责任单位/完成时限, in any order, some
 * absent), and otherwise by what their cells hold: numbers are the 序号, unit names a unit column,
 * deadline phrases the 完成时限, the longest text the task. The rows then go to parseTaskRows.
 */
import { classifyHeader, headerRowIndex } from './parseRows.js'
import { clean, isHeaderWord } from './common.js'
import { isDeadlineCell, isNumberCell, isUnitCell } from './cellKinds.js'
import { parseDelimited } from './delimited.js'

type Guess = 'asPrinted' | '序号' | '工作任务' | '牵头单位' | '责任单位' | '配合单位' | '指导单位' | '完成时限' | null

/** A printed header word we can still read where the header as a whole was not recognised. */
function printedName(cell: string): Guess {
  const h = clean(cell).replace(/[\s\u3000]+/g, '')
  // People, remarks and progress are no units whatever they hold: parseTaskRows keeps or skips them.
  if (/领导|备注|说明|联系人|电话|进展|完成情况|落实情况/.test(h)) return 'asPrinted'
  if (/^(序号|编号|序)$/.test(h)) return '序号'
  if (/牵头|主办/.test(h)) return '牵头单位'
  if (/配合|协办|协助|参与/.test(h)) return '配合单位'
  if (/指导/.test(h)) return '指导单位'
  if (/责任|落实|承办/.test(h) && /单位|部门/.test(h)) return '责任单位'
  if (/时限|时间|期限/.test(h)) return '完成时限'
  return null
}

/** Name columns by content over the body rows (cells of two or more columns), printed names first. */
function guessColumns(body: string[][], width: number, printed: Guess[], known: (string | null)[]): Guess[] {
  const stats = Array.from({ length: width }, () => ({ n: 0, number: 0, unit: 0, deadline: 0, length: 0 }))
  for (const row of body) {
    row.forEach((raw, i) => {
      const c = clean(raw)
      const s = stats[i]
      if (c === '' || !s) return
      s.n++
      s.length += c.length
      if (isNumberCell(c)) s.number++
      else if (isUnitCell(c)) s.unit++
      else if (isDeadlineCell(c)) s.deadline++
    })
  }
  const most = (k: number, n: number) => n > 0 && k / n >= 0.6
  const cols: Guess[] = stats.map((s) =>
    most(s.number, s.n) ? '序号' : most(s.unit, s.n) ? '责任单位' : most(s.deadline, s.n) ? '完成时限' : null,
  )
  // Two unit columns, neither named: the first leads, as tables print them (牵头单位 | 责任单位).
  // Columns whose printed header parseTaskRows reads are not guessed at all.
  known.forEach((k, i) => {
    if (k !== null) cols[i] = 'asPrinted'
  })
  const units = cols.flatMap((c, i) => (c === '责任单位' && !printed[i] ? [i] : []))
  if (units.length >= 2) cols[units[0] as number] = '牵头单位'
  // A header word we can read names its column (协办 stays a supporting column, 主办 leads).
  printed.forEach((p, i) => {
    if (p) cols[i] = p
  })
  // The task is the longest remaining text, unless a printed header already names it.
  const hasTextColumn = known.some((k) => k === 'text' || k === 'category')
  let text = -1
  stats.forEach((s, i) => {
    if (cols[i] === null && s.n > 0 && !hasTextColumn && (text < 0 || s.length / s.n > (stats[text]!.length / stats[text]!.n))) text = i
  })
  if (text >= 0) cols[text] = '工作任务'
  return cols
}

/**
 * The rows of tab-separated text with a header row to find (named in place when the printed header
 * is not recognised, or inserted above the first row when there is none), and the line of the text
 * each row starts on (an inserted header takes the line of the row below it); null when the text is
 * not a tabbed table. Excel quotes a cell holding a line break ("…\n…"): it is one cell.
 */
export function tabbedRows(text: string): { rows: string[][]; lines: number[] } | null {
  const physical = text.split(/\r\n|\r|\n/)
  const tabbed = physical.filter((l) => l.includes('\t') && l.split('\t').filter((c) => clean(c) !== '').length >= 2)
  if (tabbed.length < 2) return null
  const { rows, lines } = parseDelimited(text, '\t', { strictQuotes: false })
  const multi = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.filter((c) => clean(c) !== '').length >= 2)
  const h = headerRowIndex(rows)
  if (h !== null) {
    const below = multi.filter(({ i }) => i > h)
    // A tabbed header over labelled lines (牵头单位：…) is text, not rows.
    if (below.length < 2) return null
    // Header words we do not know (主办, 时间) are named by what the column holds.
    const header = rows[h] as string[]
    if (header.some((c) => clean(c) !== '' && classifyHeader(clean(c)) === null)) {
      rows[h] = nameColumns(header, below.map(({ r }) => r), true) ?? header
    }
    return { rows, lines }
  }
  if (multi.length < 2) return null
  const first = multi[0] as { r: string[]; i: number }
  // A first row without numbers, units or dates is a header whose words we do not know: name it.
  const headerLike = first.r.every((c) => {
    const t = clean(c)
    if (t === '' || isHeaderWord(t) || /^.{0,4}(单位|部门|时限|时间|任务|内容|措施)$/.test(t)) return true
    return t.length <= 12 && !isNumberCell(t) && !isUnitCell(t) && !isDeadlineCell(t)
  })
  const body = (headerLike ? multi.slice(1) : multi).map(({ r }) => r)
  const header = nameColumns(headerLike ? first.r : [], body, headerLike)
  if (!header) return null
  if (headerLike) {
    rows[first.i] = header
    return { rows, lines }
  }
  return {
    rows: [...rows.slice(0, first.i), header, ...rows.slice(first.i)],
    lines: [...lines.slice(0, first.i), lines[first.i] as number, ...lines.slice(first.i)],
  }
}

/**
 * A header row for the body: a printed word parseTaskRows knows stays; one we can read (主办, 时间)
 * or none is named by content. Null when no task and unit columns result.
 */
function nameColumns(printed: string[], body: string[][], keepKnown: boolean): string[] | null {
  const width = Math.max(printed.length, ...body.map((r) => r.length))
  const known = Array.from({ length: width }, (_, i) => {
    const c = clean(printed[i] ?? '')
    return keepKnown && c !== '' ? classifyHeader(c) : null
  })
  const names = Array.from({ length: width }, (_, i) => (known[i] !== null ? null : printedName(printed[i] ?? '')))
  const cols = guessColumns(body, width, names, known)
  const header = cols.map((c, i) => (c === null || c === 'asPrinted' ? clean(printed[i] ?? '') : c))
  const kinds = header.map((c) => (c === '' ? null : classifyHeader(c)))
  const hasText = kinds.includes('text') || kinds.includes('category')
  return hasText && kinds.some((k) => k === 'lead' || k === 'responsible' || k === 'support' || k === 'guide') ? header : null
}
