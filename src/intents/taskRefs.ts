/**
 * Task references in chat text: 第5项, 5项, 任务41, 第五十七项, lists (第1、2、5项, 1、2、5项, 第1项、第2项)
 * and ranges (13至16项, 第13项至第16项). A number counts only when it is anchored to a task
 * (第…项, …项, 任务…), so dates (11月底), percents (70%), counts (3个) and phone numbers never do.
 */
import { toHalfWidth, parseChineseNumber, CN_NUMERAL_CHARS } from '../numerals.js'

export interface TaskRefSpan {
  /** Offsets into the original text (toHalfWidth keeps offsets: every converted char is one UTF-16 unit). */
  start: number
  end: number
  numbers: number[]
  /** Ranges wider than MAX_RANGE (第1至999项): named so the reply can say they were not recorded. */
  tooWide: { from: number; to: number }[]
}

/** Task tables number in the tens; anything above this is a year, an amount or a phone number. */
const MAX_TASK = 999
/** A range wider than this is a typo or not a range at all (2022-2023项). */
const MAX_RANGE = 100

const SPACE = /[ \t\u2005\u00a0]/
const CN = new Set(CN_NUMERAL_CHARS)
const RANGE_WORDS = ['至', '到', '~', '〜', '-', '—', '–', '－', '～']
const LIST_WORDS = ['以及', '、', '，', ',', '和', '及', '与', '跟', '/', '+']
/**
 * A bare "5项" is a task only where a reference can start: at the start, after punctuation or a
 * list marker. After a word it is a count (共5项, 已完成30项, 正在推进20项, 全县57项任务, 其中 3项).
 */
const AFTER_WORD = /[\u4e00-\u9fa5][ \t\u2005\u00a0]*$/
/** After a number anchored only by 任务/序号: units that make it a date, amount or count. */
const NOT_TASK_AFTER = /^\s*(?:年|月|日|号(?!任务)|%|个|次|天|周|人|元|万|亿|千|百|份|件|条|家|所|期|批|届|点|时|分|秒|岁|户|名|位|小时|公里|米|亩|页|季度|轮|版|章|节|篇|\.\d)/

interface Num { value: number; end: number }

function skipSpaces(s: string, i: number): number {
  while (i < s.length && SPACE.test(s[i]!)) i++
  return i
}

function readNumber(s: string, i: number, allowCn: boolean): Num | null {
  if (i >= s.length) return null
  const prev = s[i - 1]
  if (/\d/.test(s[i]!)) {
    // A digit run glued to a previous digit, a decimal point or a letter is part of something else.
    if (prev !== undefined && /[\d.:A-Za-z]/.test(prev)) return null
    let j = i
    while (j < s.length && /\d/.test(s[j]!)) j++
    if (j - i > 3) return null // years, phone numbers
    if (s[j] === '.' && /\d/.test(s[j + 1] ?? '')) return null // 1.5项
    return { value: Number(s.slice(i, j)), end: j }
  }
  if (allowCn && CN.has(s[i]!)) {
    let j = i
    while (j < s.length && CN.has(s[j]!) && j - i < 6) j++
    const value = parseChineseNumber(s.slice(i, j))
    if (value === null) return null
    return { value, end: j }
  }
  return null
}

function matchWord(s: string, i: number, words: string[]): number | null {
  for (const w of words) if (s.startsWith(w, i)) return i + w.length
  return null
}

interface Item { from: number; to: number }

/** NUM (RANGE 第? NUM)? */
function readItem(s: string, i: number, allowCn: boolean, innerDi: boolean): { item: Item; end: number } | null {
  const a = readNumber(s, i, allowCn)
  if (!a) return null
  let j = skipSpaces(s, a.end)
  let k = matchWord(s, j, RANGE_WORDS)
  if (k !== null) {
    // —— is written doubled sometimes.
    while (s[k] === '—' || s[k] === '-') k++
    k = skipSpaces(s, k)
    if (innerDi && s[k] === '第') k = skipSpaces(s, k + 1)
    const b = readNumber(s, k, allowCn)
    if (b) return { item: { from: a.value, to: b.value }, end: b.end }
  }
  return { item: { from: a.value, to: a.value }, end: a.end }
}

/** ITEM (SEP 第? ITEM)* */
function readList(s: string, i: number, allowCn: boolean, innerDi: boolean): { items: Item[]; end: number } | null {
  const first = readItem(s, i, allowCn, innerDi)
  if (!first) return null
  const items = [first.item]
  let end = first.end
  for (;;) {
    let j = skipSpaces(s, end)
    const k = matchWord(s, j, LIST_WORDS)
    if (k === null) break
    j = skipSpaces(s, k)
    if (innerDi && s[j] === '第') j = skipSpaces(s, j + 1)
    const next = readItem(s, j, allowCn, innerDi)
    if (!next) break
    items.push(next.item)
    end = next.end
  }
  return { items, end }
}

/** 項: the traditional form some input methods give. */
const TERMINATORS = ['项任务', '个任务', '号任务', '项', '項', '条']

/** 第13项至第16项: a range written with the anchor on both ends. */
function extendRange(s: string, items: Item[], end: number): number {
  let j = skipSpaces(s, end)
  const k = matchWord(s, j, RANGE_WORDS)
  if (k === null) return end
  j = skipSpaces(s, k)
  if (s[j] === '第') j = skipSpaces(s, j + 1)
  const b = readNumber(s, j, true)
  if (!b) return end
  const t = matchWord(s, skipSpaces(s, b.end), ['项', '条'])
  if (t === null) return end
  const last = items[items.length - 1]!
  last.to = b.value
  return t
}

/** Item numbers; a range too wide to mean tasks is kept apart, never cut down to its two ends. */
function expand(items: Item[]): { numbers: number[]; tooWide: { from: number; to: number }[] } {
  const out: number[] = []
  const tooWide: { from: number; to: number }[] = []
  for (const { from, to } of items) {
    if (to > from && to - from <= MAX_RANGE) for (let n = from; n <= to; n++) out.push(n)
    else if (to > from && from >= 1 && from <= MAX_TASK) tooWide.push({ from, to })
    else {
      out.push(from)
      if (to !== from) out.push(to)
    }
  }
  return { numbers: out.filter((n) => n >= 1 && n <= MAX_TASK), tooWide }
}

/**
 * Where a list read from an earlier 第 / digit ended without a terminator. A later start inside it
 * reads the same tail and fails the same way, so it is not read again: without this, 1、1、1、… with
 * no 项 is read once per item (quadratic; a 100 KB message took minutes).
 */
interface FailedLists {
  di: number
  digit: number
}

function readGroup(s: string, i: number, failed: FailedLists): { items: Item[]; end: number } | null {
  const c = s[i]!
  if (c === '第') {
    if (i < failed.di) return null
    const list = readList(s, skipSpaces(s, i + 1), true, true)
    if (!list) return null
    const t = matchWord(s, skipSpaces(s, list.end), TERMINATORS)
    if (t === null) {
      failed.di = list.end
      return null
    }
    return { items: list.items, end: extendRange(s, list.items, t) }
  }
  if (/\d/.test(c)) {
    if (i < failed.digit) return null
    if (AFTER_WORD.test(s.slice(Math.max(0, i - 8), i))) return null
    const list = readList(s, i, false, false)
    if (!list) return null
    // 57号任务 (never a bare 15号: that is a date).
    const t = matchWord(s, skipSpaces(s, list.end), ['项任务', '号任务', '项', '項'])
    if (t === null) {
      failed.digit = list.end
      return null
    }
    return { items: list.items, end: extendRange(s, list.items, t) }
  }
  const anchor = matchWord(s, i, ['任务', '序号', '编号'])
  if (anchor !== null) {
    let j = skipSpaces(s, anchor)
    if (s[j] === ':' || s[j] === '：' || s[j] === '#' || s[j] === '第') j = skipSpaces(s, j + 1)
    const list = readList(s, j, true, true)
    if (!list) return null
    const t = matchWord(s, skipSpaces(s, list.end), ['项', '号'])
    if (t !== null) return { items: list.items, end: t }
    // Without 项: digits only (任务一览 is not task 1) and not a date/amount (任务2022年).
    if (/[^\d]/.test(s.slice(j, list.end).replace(/[\s、，,和及与至到~〜\-—–－～/+第]|以及/g, ''))) return null
    if (NOT_TASK_AFTER.test(s.slice(list.end))) return null
    return { items: list.items, end: list.end }
  }
  return null
}

/** Every task reference with its place in the text; adjacent references joined by 、/和/， form one span. */
export function findTaskRefSpans(text: string): TaskRefSpan[] {
  const s = toHalfWidth(text)
  const spans: TaskRefSpan[] = []
  const failed: FailedLists = { di: -1, digit: -1 }
  let i = 0
  while (i < s.length) {
    const g = readGroup(s, i, failed)
    if (!g) {
      i++
      continue
    }
    const { numbers, tooWide } = expand(g.items)
    const prev = spans[spans.length - 1]
    // 第1项、第2项已完成: one span, so the status applies to both.
    const between = prev ? s.slice(prev.end, i) : null
    if (prev && between !== null && /^\s*(?:(?:以及|[、，,和及与跟/+])\s*)?$/.test(between)) {
      prev.end = g.end
      prev.numbers.push(...numbers)
      prev.tooWide.push(...tooWide)
    } else {
      spans.push({ start: i, end: g.end, numbers, tooWide })
    }
    i = g.end
  }
  for (const span of spans) span.numbers = [...new Set(span.numbers)]
  return spans.filter((span) => span.numbers.length > 0 || span.tooWide.length > 0)
}

/** Task numbers in order of first appearance, without repeats. */
export function findTaskNumbers(text: string): number[] {
  return [...new Set(findTaskRefSpans(text).flatMap((span) => span.numbers))]
}
