/**
 * Task tables as plain text (text extracted from a Word table, or typed out): headings 一、/（一）/
 * 第一部分, numbered items, label lines (牵头单位：…), inline annotations, and the trailer.
 */
import { TableParseError, type ParsedTable } from './model.js'
import { chineseWorkCalendar, type WorkCalendar } from './calendar.js'
import {
  addUnits, clean, emptyUnits, finishDrafts, hasUnits, headingLevel, isHeaderWord, isTrailerStart, mergeAnnotation,
  parseAnnotation, parseTrailer, sameHeading, splitLabels, splitUnits, takeTrailingAnnotation,
  type LabelKind, type TaskDraft,
} from './common.js'

/** A line that is only an organisation's name (the issuer above the 印发 date). */
const ISSUER_LINE = /^[\u4e00-\u9fa5（）()]{2,40}(办公室|人民政府|委员会|办公厅|领导小组|指挥部|局|厅|委|办)$/

type ItemFamily = 'arabic' | 'paren'

/** 1. / 52.(no space) / 1．/ 1、 -> arabic; （1） / (1) -> paren. "10.5亿元" is not an item. */
function matchItem(line: string): { n: number; rest: string; family: ItemFamily } | null {
  let m = /^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$/.exec(line)
  if (m) return { n: Number(m[1]), rest: m[2] as string, family: 'arabic' }
  m = /^[（(]\s*(\d{1,3})\s*[)）]\s*(.*)$/.exec(line)
  if (m) return { n: Number(m[1]), rest: m[2] as string, family: 'paren' }
  // A 序号 cell of its own, the text following on the next line.
  m = /^(\d{1,3})$/.exec(line)
  if (m) return { n: Number(m[1]), rest: '', family: 'arabic' }
  return null
}

function isHeaderRow(line: string): boolean {
  const cells = line.split(/\t|\s{2,}|\u3000+/).map(clean).filter((c) => c !== '')
  return cells.length > 0 && cells.every(isHeaderWord)
}

function looksLikeTitle(line: string): boolean {
  return !/^附件\s*\d*$/.test(line) && !/^[（(]?\s*\d{4}年\d{1,2}月\d{1,2}日\s*[)）]?$/.test(line)
}

interface Current {
  draft: TaskDraft
  textLines: string[]
  /** Where an unlabelled line goes: the task text until the first label, then that label's value. */
  target: LabelKind | 'text'
  labelled: boolean
}

export function parseTaskText(text: string, opts: { file?: string; calendar?: WorkCalendar } = {}): ParsedTable {
  const file = opts.file ?? '<text>'
  const calendar = opts.calendar ?? chineseWorkCalendar
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/)
  if (lines.every((l) => clean(l) === '')) throw new TableParseError('文件为空', file, null)

  let title: string | null = null
  let section: string | null = null
  let subsection: string | null = null
  let family: ItemFamily | null = null
  let current: Current | null = null
  const drafts: TaskDraft[] = []
  const seen = new Map<number, number>()
  const trailer: string[] = []

  const close = (): void => {
    if (!current) return
    const joined = current.textLines.join('')
    const { text: body, annotation } = takeTrailingAnnotation(joined)
    current.draft.text = body
    if (annotation) mergeAnnotation(current.draft, annotation)
    drafts.push(current.draft)
    current = null
  }

  const applyLabels = (cur: Current, segments: { kind: LabelKind; value: string }[]): void => {
    for (const seg of segments) {
      if (seg.kind === 'deadline') {
        if (seg.value !== '') cur.draft.deadlineText = cur.draft.deadlineText ? `${cur.draft.deadlineText}，${seg.value}` : seg.value
      } else {
        addUnits(cur.draft.units, seg.kind, splitUnits(seg.value))
      }
      cur.target = seg.kind
      cur.labelled = true
    }
  }

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    const line = clean(lines[i] as string)
    if (line === '') continue
    if (trailer.length > 0 || isTrailerStart(line)) {
      // The issuer often sits alone on the line above "2024年3月8日印发": it belongs to the trailer,
      // not to the last task's text.
      const last = current?.textLines.at(-1)
      if (trailer.length === 0 && last !== undefined && ISSUER_LINE.test(last) && /^[\s\u3000]*\S+年.+印发/.test(line)) {
        current!.textLines.pop()
        trailer.push(last)
      }
      trailer.push(line)
      continue
    }
    if (isHeaderRow(line)) continue

    // （一）…； inside a task's text (before its units) is a sub-point, not a heading: headings do not
    // end in punctuation.
    const inText = current !== null && (current as Current).target === 'text' && !(current as Current).labelled
    const level = inText && /[；;。，,：:]$/.test(line) ? null : headingLevel(line)
    if (level === 'section') {
      // A heading repeated at a page break changes nothing; a task may even continue after it.
      if (!sameHeading(section, line)) {
        close()
        section = line
        subsection = null
      }
      continue
    }
    if (level === 'subsection') {
      if (!sameHeading(subsection, line)) {
        close()
        subsection = line
      }
      continue
    }

    const item = matchItem(line)
    if (item && (family === null || family === item.family)) {
      const cur = current as Current | null
      // "1." sub-points inside a task's text (before its units) are text, not new tasks.
      const subPoint = cur !== null && !cur.labelled && !hasUnits(cur.draft.units) && item.n <= cur.draft.number
      if (!subPoint) {
        const first = seen.get(item.n)
        if (first !== undefined) {
          throw new TableParseError(`任务编号重复：第${item.n}项（第${first}行已有）`, file, lineNo)
        }
        close()
        family = item.family
        seen.set(item.n, lineNo)
        const draft: TaskDraft = {
          number: item.n, section, subsection, text: '', units: emptyUnits(), deadlineText: null, line: lineNo,
        }
        const next: Current = { draft, textLines: [], target: 'text', labelled: false }
        current = next
        const { before, segments } = splitLabels(item.rest)
        if (before !== '') next.textLines.push(before)
        applyLabels(next, segments)
        continue
      }
    }

    if (!current) {
      // Before the first task: the table's title; stray lines between sections are dropped.
      if (drafts.length === 0 && title === null && looksLikeTitle(line) && splitLabels(line).segments.length === 0) {
        title = line
      }
      continue
    }
    const cur: Current = current

    const { before, segments } = splitLabels(line)
    if (segments.length > 0 && before === '') {
      applyLabels(cur, segments)
      continue
    }
    // An annotation on a line of its own: （县发改局牵头，县财政局配合）
    const bracket = /^[（(](.*)[)）][。；;]?$/.exec(line)
    const annotation = bracket ? parseAnnotation(bracket[1] as string) : null
    if (annotation) {
      mergeAnnotation(cur.draft, annotation)
      cur.labelled = true
      cur.target = 'text'
      continue
    }
    // An unlabelled line (or the part before a label) continues whatever came last.
    if (cur.target === 'text') {
      cur.textLines.push(before)
    } else if (cur.target === 'deadline') {
      cur.draft.deadlineText = cur.draft.deadlineText ? `${cur.draft.deadlineText}，${before}` : before
    } else {
      // A unit cell with one unit per paragraph, or a list wrapped onto the next line.
      addUnits(cur.draft.units, cur.target, splitUnits(before))
    }
    applyLabels(cur, segments)
  }
  close()

  if (drafts.length === 0) throw new TableParseError('未找到任务', file, null)
  const { issuer, issuedOn } = parseTrailer(trailer)
  const tasks = finishDrafts(drafts, { file, issuedOn, calendar })
  return { title, issuer, issuedOn, tasks }
}
