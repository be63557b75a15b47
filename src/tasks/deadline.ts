/**
 * The deadline grammar of Chinese government task tables.
 *
 * A deadline cell (完成时限 / 时限要求) is read loosely: whatever it says is kept as text, and a
 * date is resolved when we can. Task text is read strictly: only phrases that clearly set a
 * deadline (2022年底前, 本文印发30日内, 每年…) count, so that "2022年政务公开工作" or
 * "15个工作日内答复" (a procedural rule, not the task's deadline) are not mistaken for one.
 */
import type { Deadline, RecurringEvery } from './model.js'
import { addDays, addMonths, addWorkdays, endOfMonth, isValidDate, makeDate, type WorkCalendar } from './calendar.js'
import { NUMERAL_CLASS, parseChineseNumber, toHalfWidth } from '../numerals.js'

export interface DeadlineContext {
  issuedOn: string | null
  calendar: WorkCalendar
  /**
   * The plan's year (from the title): a date without a year (5月底前, 年底前) falls in it, even when the
   * plan was issued the year before (a 2024年工作要点 issued in December 2023); 印发30日内 does not use it.
   */
  planYear?: number | null
}

const N = `[${NUMERAL_CLASS}]+`
const YEAR = `\\d{4}|[〇零一二三四五六七八九]{4}`
const MONTH = `\\d{1,2}|十[一二]?|[一二三四五六七八九]`
const DAY = `\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]`

/** Month, day, quarter, half-year and year-end phrases, with an optional year. */
const PERIOD_RE = new RegExp(
  `(?:(${YEAR})年)?(?:` +
    `(${MONTH})月(?:(${DAY})[日号])?(底|末|中旬|上旬|下旬|份)?` +
    `|(?:第)?([一二三四1-4])季度(?:末|底)?` +
    `|([上下])半年(?:末|底)?` +
    `)`,
  'g',
)
/** 2022年底 / 年底 / 年内 / 年中: a bare 年 must not follow a number (一年内 is relative, 每年 recurring). */
const YEAR_END_RE = new RegExp(`(?:(${YEAR})年|(?<![${NUMERAL_CLASS}半每当全近上下去明])年)(底|末|内|终|中(?!旬))`, 'g')
/** A year on its own (cells only): 2023年, 2023年度. */
const YEAR_ONLY_RE = new RegExp(`(${YEAR})年度?(?![${NUMERAL_CLASS}月底末内终半第上下起开以])`, 'g')
/** 2022-12-31, 2022/12/31, 2022.12.31 (xlsx date cells arrive as YYYY-MM-DD). */
const NUMERIC_DATE_RE = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/g
/** 2023.6 / 2023-06 (cells only): the month's last day. */
const NUMERIC_MONTH_RE = /(?<![\d.])(\d{4})[-/.](\d{1,2})(?![\d.\-/])/g
/** [本文]印发[之日起]30日内 / 10个工作日内 / 两个月内. */
const RELATIVE_RE = new RegExp(
  `((?:本|该|此)?(?:文件|文|方案|通知|意见|计划|办法|要点|清单|表)?印发(?:之日起|后|起)?)?` +
    `(?<![月\\d${NUMERAL_CLASS}])(${N}|半)(个)?(工作日|日|天|周|星期|月|年)(?:以内|之内|内)`,
  'g',
)
const RECURRING_RE = /每(?:一)?(半年|年度?|季度?|个?月|周|星期)|按(半年|年度|季度|月度?|周)/g
const ONGOING_RE = /持续|长期|全年|常态|常年|经常|日常|长效|动态|随时|定期/

interface Found {
  start: number
  end: number
  /** Explicit calendar date, or null when the year (or the issue date) is still missing. */
  date: string | null
  explicitYear: boolean
  phrase: string
}

function normalize(text: string): string {
  return toHalfWidth(text).replace(/[\s\u00a0\u3000]+/g, '')
}

function periodEnd(year: number, m: RegExpExecArray): string | null {
  const [, , month, day, monthSuffix, quarter, half] = m
  if (month !== undefined) {
    const mo = parseChineseNumber(month)
    if (mo === null || mo < 1 || mo > 12) return null
    if (day !== undefined) {
      const d = parseChineseNumber(day)
      return d === null ? null : makeDate(year, mo, d)
    }
    if (monthSuffix === '上旬') return makeDate(year, mo, 10)
    if (monthSuffix === '中旬') return makeDate(year, mo, 20)
    return endOfMonth(year, mo)
  }
  if (quarter !== undefined) {
    const q = parseChineseNumber(quarter)
    return q === null ? null : endOfMonth(year, q * 3)
  }
  if (half !== undefined) return half === '上' ? endOfMonth(year, 6) : endOfMonth(year, 12)
  return null
}

/**
 * The year of a date written without one: the plan year, else the issue date's year. A plan year that
 * would put the date before the issue date (a 2022年度 summary table issued in 2023) yields to the issue year.
 */
function yearFor(ctx: DeadlineContext, dateIn: (year: number) => string | null): number | null {
  const issued = ctx.issuedOn ? Number(ctx.issuedOn.slice(0, 4)) : null
  const plan = ctx.planYear ?? null
  if (plan === null || issued === null || plan === issued) return plan ?? issued
  const d = dateIn(plan)
  return d !== null && d < (ctx.issuedOn as string) ? issued : plan
}

/** Absolute dates (with or without a year) in normalized text. */
function findAbsolute(t: string, ctx: DeadlineContext, loose: boolean): Found[] {
  const found: Found[] = []
  for (const m of t.matchAll(PERIOD_RE)) {
    if (m[0] === '' || (m[2] === undefined && m[5] === undefined && m[6] === undefined)) continue
    const explicit = m[1] !== undefined
    const year = explicit ? parseChineseNumber(m[1] as string) : yearFor(ctx, (y) => periodEnd(y, m))
    const date = year === null ? null : periodEnd(year, m)
    if (year !== null && date === null) continue // 2月30日: not a date
    found.push({ start: m.index, end: m.index + m[0].length, date, explicitYear: explicit, phrase: m[0] })
  }
  for (const m of t.matchAll(YEAR_END_RE)) {
    const explicit = m[1] !== undefined
    const year = explicit ? parseChineseNumber(m[1] as string) : yearFor(ctx, (y) => endOfMonth(y, m[2] === '中' ? 6 : 12))
    found.push({
      start: m.index,
      end: m.index + m[0].length,
      // 年中 is mid-year: the end of June.
      date: year === null ? null : endOfMonth(year, m[2] === '中' ? 6 : 12),
      explicitYear: explicit,
      phrase: m[0],
    })
  }
  if (loose) {
    for (const m of t.matchAll(NUMERIC_DATE_RE)) {
      const date = makeDate(Number(m[1]), Number(m[2]), Number(m[3]))
      if (date) found.push({ start: m.index, end: m.index + m[0].length, date, explicitYear: true, phrase: m[0] })
    }
    for (const m of t.matchAll(NUMERIC_MONTH_RE)) {
      const month = Number(m[2])
      if (month < 1 || month > 12 || overlaps(found, m.index, m.index + m[0].length)) continue
      found.push({ start: m.index, end: m.index + m[0].length, date: endOfMonth(Number(m[1]), month), explicitYear: true, phrase: m[0] })
    }
    for (const m of t.matchAll(YEAR_ONLY_RE)) {
      const year = parseChineseNumber(m[1] as string)
      if (year === null || overlaps(found, m.index, m.index + m[0].length)) continue
      found.push({ start: m.index, end: m.index + m[0].length, date: endOfMonth(year, 12), explicitYear: true, phrase: m[0] })
    }
  }
  return found
}

function overlaps(found: { start: number; end: number }[], start: number, end: number): boolean {
  return found.some((f) => start < f.end && f.start < end)
}

/** Relative deadlines; `anchored` requires the 印发 anchor (task text). */
function findRelative(t: string, ctx: DeadlineContext, anchored: boolean): Found[] {
  const found: Found[] = []
  for (const m of t.matchAll(RELATIVE_RE)) {
    const [phrase, anchor, rawN, , unit] = m
    if (anchored && !anchor) continue
    const n = rawN === '半' ? 0.5 : parseChineseNumber(rawN as string)
    if (n === null || n <= 0) continue
    if (unit === '年' && n > 10) continue // 2023年内 is a year, not "within 2023 years"
    if (n !== Math.floor(n) && unit !== '年') continue // 半 only makes sense for 半年内
    let date: string | null = null
    if (ctx.issuedOn) {
      const from = ctx.issuedOn
      switch (unit) {
        case '工作日': date = addWorkdays(from, n, ctx.calendar); break
        case '日': case '天': date = addDays(from, n); break
        case '周': case '星期': date = addDays(from, 7 * n); break
        case '月': date = addMonths(from, n); break
        case '年': date = addMonths(from, 12 * n); break
      }
    }
    found.push({ start: m.index, end: m.index + phrase.length, date, explicitYear: false, phrase })
  }
  return found
}

interface Recurrence {
  start: number
  end: number
  every: RecurringEvery
}

function everyOf(word: string): RecurringEvery {
  if (word.startsWith('半')) return 'halfyearly'
  if (word.startsWith('年')) return 'yearly'
  if (word.startsWith('季')) return 'quarterly'
  if (word.endsWith('月') || word.startsWith('月')) return 'monthly'
  return 'weekly'
}

function findRecurring(t: string): Recurrence[] {
  const out: Recurrence[] = []
  for (const m of t.matchAll(RECURRING_RE)) {
    out.push({ start: m.index, end: m.index + m[0].length, every: everyOf((m[1] ?? m[2]) as string) })
  }
  return out
}

/**
 * The phrase a recurrence governs in running text: up to the clause's end, or just past its count
 * (每年至少听取1次 / 每年至少召开一次会议), so the reminder quotes what must be done how often.
 */
function recurrencePhrase(t: string, start: number): string {
  const clause = clauseAt(t, start, /[，,。；;！？：:、（）()\n]/)
  // The lookbehind starts the count where a run of numerals starts (linear on a long run without 次).
  const count = new RegExp(`^.*?(?<![${NUMERAL_CLASS}])[${NUMERAL_CLASS}]+次(会议|活动|检查|督查|调度|会)?`).exec(clause)
  return count ? count[0] : clause.slice(0, 30)
}

/** Latest resolved date among candidates: a cell with milestones is due when the last one is. */
function latest(found: Found[]): Found | null {
  let best: Found | null = null
  for (const f of found) {
    if (f.date === null) continue
    if (!best || (best.date as string) < f.date) best = f
  }
  return best
}

function resolve(
  t: string,
  ctx: DeadlineContext,
  loose: boolean,
): { kind: 'date' | 'relative' | 'recurring'; found?: Found; every?: RecurringEvery; recStart?: number } | null {
  const recurring = findRecurring(t)
  const absolute = findAbsolute(t, ctx, loose).filter(
    (f) =>
      // A date something starts from (2024年1月起每月, 6月以后) is no deadline.
      !/^(起|开始|以来|以后|之后|后)/.test(t.slice(f.end, f.end + 2)) &&
      // In running text a date sets a deadline only when it says so: 年底前, 6月30日之前, 年内, 9月底完成.
      (loose || f.phrase.endsWith('内') || /^(前|之前|以前|完成|为止|止)/.test(t.slice(f.end, f.end + 2))),
  )
  const candidates = [...findRelative(t, ctx, !loose), ...absolute]
    // A date that belongs to the recurrence (每年6月底前) is a per-period date, not the deadline.
    .filter((f) => f.explicitYear || !afterRecurrence(recurring, f.start))
  const explicit = candidates.filter((f) => f.explicitYear)
  if (recurring.length > 0 && explicit.length === 0) {
    const r = recurring[0] as Recurrence
    return { kind: 'recurring', every: r.every, recStart: r.start }
  }
  if (candidates.length === 0) return null
  const best = latest(candidates)
  if (best) return { kind: 'date', found: best }
  // Needs an issue date we do not have: keep it for later resolution.
  return { kind: 'relative', found: candidates[0] as Found }
}

function cleanCell(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').trim()
}

/** A 完成时限/时限要求 cell or annotation. Empty -> ongoing; uninterpretable -> none (text kept). */
export function parseDeadline(text: string, ctx: DeadlineContext): Deadline {
  const kept = cleanCell(text)
  const t = normalize(text)
  if (t === '' || /^[-—－/／无]+$/.test(t)) return { kind: 'ongoing' }
  if (ctx.issuedOn !== null && !isValidDate(ctx.issuedOn)) throw new RangeError(`bad issuedOn: ${ctx.issuedOn}`)
  const r = resolve(t, ctx, true)
  if (r?.kind === 'recurring') return { kind: 'recurring', text: kept, every: r.every as RecurringEvery }
  if (r?.kind === 'date') return { kind: 'date', text: kept, date: r.found?.date as string }
  if (r?.kind === 'relative') return { kind: 'relative', text: kept }
  // 2023年10月起 / 即日起 / 立即: work that starts and goes on, with no end date.
  if (ONGOING_RE.test(t) || /(起|开始)$/.test(t) || /^(立即|即时|即日)/.test(t)) return { kind: 'ongoing', text: kept }
  return { kind: 'none', text: kept }
}

/** A deadline written inside the task text itself; ongoing (no text) when there is none. */
export function findDeadlineInText(taskText: string, ctx: DeadlineContext): Deadline {
  const t = normalize(taskText)
  const r = resolve(t, ctx, false)
  if (r?.kind === 'recurring') {
    return { kind: 'recurring', text: recurrencePhrase(t, r.recStart as number), every: r.every as RecurringEvery }
  }
  if (r?.found) {
    // Keep 前/之前/以前 with the phrase: "2022年底前" reads as a deadline, "2022年底" less so.
    const suffix = /^(之前|以前|前)/.exec(t.slice(r.found.end))?.[0] ?? ''
    const text = r.found.phrase + suffix
    return r.kind === 'date' ? { kind: 'date', text, date: r.found.date as string } : { kind: 'relative', text }
  }
  return { kind: 'ongoing' }
}

/**
 * Where a task's text lists its steps: （1）（2）, ①②, 一是/二是, 第一阶段/第二步, or 1. 2. after a
 * sentence's end. Two markers at least; the preamble before the first one is not a step.
 */
const STEP_MARK_RE =
  /[（(]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩]|(?<=^|[。；;：:，,])(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+(?:阶段|步)|\d{1,2}[.、](?!\d))/g

interface Step {
  label: string
  text: string
}

function splitSteps(t: string): { preamble: string; steps: Step[] } {
  const marks = [...t.matchAll(STEP_MARK_RE)]
  if (marks.length < 2) return { preamble: t, steps: [] }
  const steps = marks.map((m, i) => ({
    label: m[0],
    text: t.slice(m.index + m[0].length, i + 1 < marks.length ? (marks[i + 1] as RegExpExecArray).index : t.length),
  }))
  return { preamble: t.slice(0, (marks[0] as RegExpExecArray).index), steps }
}

/** Longest span start clauseFrom looks back for (2023年10月31日至 is 11 characters). */
const SPAN_START_MAX = 16

/**
 * t.slice(start).split(separator)[0] without splitting the whole rest of the text: the run from
 * `start` up to the first separator (one character class), read no further than `max` characters.
 */
function clauseAt(t: string, start: number, separator: RegExp, max = Infinity): string {
  const stop = Math.min(t.length, start + max)
  let end = start
  while (end < stop && !separator.test(t[end] as string)) end++
  return t.slice(start, end)
}

/** The clause a step date heads, for the note: 6月底前完成摸底排查. */
function clauseFrom(t: string, at: number): string {
  // A span's end dates the step; quote the span from its start (4月至10月集中整治).
  // Only the few characters before the date can hold a span's start: an end-anchored regex over
  // t.slice(0, at) read the whole text before every date (quadratic in a long task's text).
  const before = t.slice(Math.max(0, at - SPAN_START_MAX), at)
  const span = /(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}[日号])?(?:[上中下]旬|初|底)?[至到—~～-]$/.exec(before)
  const start = span ? at - span[0].length : at
  // One character past the 30 quoted says whether the clause goes on (…).
  const clause = clauseAt(t, start, /[，,。；;！？\n]/, 31)
  return clause.length > 30 ? `${clause.slice(0, 30)}…` : clause
}

/** Dates that set a deadline in running text (strict reading), in reading order. */
function textDates(t: string, ctx: DeadlineContext): Found[] {
  const recurring = findRecurring(t)
  const all = [...findRelative(t, ctx, true), ...findAbsolute(t, ctx, false)].filter(
    (f) =>
      !/^(起|开始|以来|以后|之后|后)/.test(t.slice(f.end, f.end + 2)) &&
      // The end of a span (4月至10月集中整治) dates a step as well.
      (f.phrase.endsWith('内') || /^(前|之前|以前|完成|为止|止)/.test(t.slice(f.end, f.end + 2)) || '至到—~～-'.includes(t[f.start - 1] ?? '\n')) &&
      // 每年6月底前 is a per-period date, not a step's.
      (f.explicitYear || !afterRecurrence(recurring, f.start)),
  )
  const inner = containedDates(all)
  return all.filter((f) => !inner.has(f)).sort((a, b) => a.start - b.start)
}

/**
 * Whether a date at `start` belongs to the recurrence just before it (每年6月底前): recurrences come
 * in reading order without overlapping, so only the last one starting at or before it can (binary search).
 */
function afterRecurrence(recurring: Recurrence[], start: number): boolean {
  let lo = 0
  let hi = recurring.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((recurring[mid] as Recurrence).start <= start) lo = mid + 1
    else hi = mid
  }
  const r = recurring[lo - 1]
  return r !== undefined && start - r.end < 12
}

/**
 * The dates lying inside a longer one (6月 inside 2023年6月底前), found in one sweep over the dates by
 * start: comparing every pair was quadratic in a long text with many dates.
 */
function containedDates(found: Found[]): Set<Found> {
  const order = [...found].sort((a, b) => a.start - b.start || b.end - a.end)
  const inner = new Set<Found>()
  let widest: Found | null = null
  for (const f of order) {
    if (widest && widest.end >= f.end && !(widest.start === f.start && widest.end === f.end)) inner.add(f)
    if (!widest || f.end > widest.end) widest = f
  }
  return inner
}

/**
 * A task's deadline and, when its text sets dates for several steps, those dates as a note
 * (阶段时限：（1）6月底前完成摸底；（2）9月底前完成整改).
 *
 * What an office means, and so what we read:
 * - a 完成时限 cell or label is the whole task's deadline; dates inside the text are then steps;
 * - without one, a date before the steps (2023年底前，完成以下工作：（1）…（2）…) or in undivided text is
 *   the task's deadline, and with dates for every step the task is due when its last step is;
 * - when only some steps carry a date (（1）6月底前建立台账；（2）持续做好公开), the task as a whole has
 *   none: it stays ongoing (or recurring, when a step recurs), the step dates kept as the note.
 */
export function readTaskDeadline(
  taskText: string,
  deadlineText: string | null,
  ctx: DeadlineContext,
): { deadline: Deadline; steps: string | null } {
  const t = normalize(taskText)
  const { preamble, steps } = splitSteps(t)
  // Step dates for the note: every dated step, or every date of undivided text holding two or more.
  const noted: string[] = []
  let undated = 0
  if (steps.length >= 2) {
    for (const s of steps) {
      const dates = textDates(s.text, ctx)
      if (dates.length === 0 && findRecurring(s.text).length === 0) undated++
      for (const d of dates) noted.push(`${s.label}${clauseFrom(s.text, d.start)}`)
    }
  } else {
    const dates = textDates(t, ctx)
    if (dates.length >= 2) for (const d of dates) noted.push(clauseFrom(t, d.start))
  }
  const stepNote = noted.length > 0 && (steps.length >= 2 || noted.length >= 2) ? `阶段时限：${noted.join('；')}` : null
  if (deadlineText !== null && normalize(deadlineText) !== '') return { deadline: parseDeadline(deadlineText, ctx), steps: stepNote }
  if (steps.length >= 2 && textDates(preamble, ctx).length === 0 && undated > 0 && noted.length > 0) {
    const rec = steps.flatMap((s) => findRecurring(s.text).map((r) => ({ s, r })))[0]
    const deadline: Deadline = rec
      ? { kind: 'recurring', text: recurrencePhrase(rec.s.text, rec.r.start), every: rec.r.every }
      : { kind: 'ongoing' }
    return { deadline, steps: stepNote }
  }
  return { deadline: findDeadlineInText(taskText, ctx), steps: stepNote }
}
