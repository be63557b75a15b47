/**
 * "When will it be done" phrases in progress reports: 预计11月底完成, 12月15日前, 月底前, 年底前,
 * 下周五前, 10个工作日内. Dates resolve in China time (the offices are there; the server may not be).
 */
import { parseChineseNumber } from '../numerals.js'
import { chinaToday } from '../clock.js'
import { daysInMonth } from '../tasks/calendar.js'

export interface DateSpan {
  start: number
  end: number
  /** YYYY-MM-DD */
  date: string
}

interface Ymd { y: number; m: number; d: number }

function fmt({ y, m, d }: Ymd): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function cmp(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d
}

function addDays(a: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(a.y, a.m - 1, a.d + n))
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}

/** Weekends only: holidays need the calendar, which the caller has and this pure parser does not. */
function addWorkingDays(a: Ymd, n: number): Ymd {
  let cur = a
  let left = n
  while (left > 0) {
    cur = addDays(cur, 1)
    const wd = new Date(Date.UTC(cur.y, cur.m - 1, cur.d)).getUTCDay()
    if (wd !== 0 && wd !== 6) left--
  }
  return cur
}

const NUM = '(\\d{1,2}|[一二三四五六七八九十]{1,3})'
const MARKER = '(?<marker>预计|预期|计划|争取|力争|确保|拟于|拟在|拟|将于|将在|将会|将|有望|可望|可于|能于|会在|估计|大概|大约|约|最迟|最晚|不晚于|于|在)?'
const SUFFIX = '(?<before>之前|以前|前)?(?<verb>(?:能|可|可以|将|会)?(?:全部|全面)?(?:完成|办结|落实到位|落实|完工|到位|结束|上报|报送|提交|办完|做完))?'

const FORMS: { name: string; src: string }[] = [
  { name: 'ymd', src: `(?:(?<year>\\d{4}|今|本|明)年)?${NUM.replace('(', '(?<month>')}月份?(?:(?<day>\\d{1,2}|[一二三四五六七八九十]{1,3})[日号]|(?<part>底|末|中旬|上旬|下旬|初|中))?` },
  { name: 'slash', src: '(?<sm>\\d{1,2})[./](?<sd>\\d{1,2})(?![\\d%])' },
  { name: 'month', src: '(?<mrel>本|这个?|下个?)?月(?:(?<mday>\\d{1,2})[日号]|(?<mpart>底|末|中旬|上旬|下旬|初|中))' },
  { name: 'year', src: '(?<yrel>\\d{4}|今|本|明)?年(?<ypart>底|末|内)' },
  { name: 'half', src: '(?<yrel2>今|本|明)?年?(?<hpart>上|下)半年' },
  { name: 'quarter', src: '(?:第)?(?<q>[一二三四1-4])季度(?:末|底)?' },
  { name: 'weekend', src: '(?<werel>本|这|下)(?:周|星期|个星期)(?:之内|以内|内|末)' },
  { name: 'week', src: '(?<wrel>本|这|下|下个)?(?:周|星期|礼拜)(?<wd>[一二三四五六日天1-7])' },
  // 本月完成 / 下周完成: the end of that month or week (only with a verb or a marker, like a bare 11月).
  { name: 'thismonth', src: '(?<tmrel>本|这个?|下个?)月份?(?![底末中初上下\\d])' },
  { name: 'thisweek', src: '(?<twrel>本|这|下)(?:周|星期|个星期)(?![一二三四五六日天1-7末内])' },
  { name: 'within', src: `${NUM.replace('(', '(?<n>')}个?(?<unit>工作日|天|日|周|星期|个月|月)(?:之内|以内|内)` },
]

// 预计 10.31 前完成: spaces around the date are allowed.
// (?<![ \t]): without a marker, a match starts where a run of spaces starts (a long run stays linear).
const RE = new RegExp(`${MARKER}(?<![ \\t])[ \\t]*(?:${FORMS.map((f) => `(?<f_${f.name}>${f.src})`).join('|')})[ \\t]*${SUFFIX}`, 'g')

function num(s: string): number | null {
  return parseChineseNumber(s)
}

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 }

/** The first expected-completion date in the text, or null. Past dates need a future marker to count. */
export function findExpectedDate(text: string, now: Date): DateSpan | null {
  const today = chinaToday(now)
  RE.lastIndex = 0
  for (let m = RE.exec(text); m; m = RE.exec(text)) {
    const g = m.groups!
    if (m[0] === '') {
      RE.lastIndex++
      continue
    }
    const marker = g.marker ?? null
    // 已于6月底完成 / 已在6月底前完成 report the past, not an expectation.
    const before = text.slice(Math.max(0, m.index - 2), m.index)
    const past = /已经?$|已$/.test(before) || /^(?:已|了)/.test(text.slice(m.index + m[0].length))
    if (past) continue
    const futureMarker = marker !== null && marker !== '于' && marker !== '在'
    const deadlineWord = g.before !== undefined
    const hasVerb = g.verb !== undefined
    let explicitYear = false
    let date: Ymd | null = null

    if (g.f_ymd !== undefined) {
      const month = num(g.month!)
      if (month === null || month < 1 || month > 12) continue
      let y = today.y
      if (g.year !== undefined) {
        explicitYear = true
        y = g.year === '明' ? today.y + 1 : /^\d{4}$/.test(g.year) ? Number(g.year) : today.y
      }
      let d: number
      if (g.day !== undefined) {
        const dd = num(g.day)
        if (dd === null || dd < 1 || dd > daysInMonth(y, month)) continue
        d = dd
      } else {
        const part = g.part
        d = part === '上旬' ? 10 : part === '中旬' || part === '中' ? (part === '中' ? 15 : 20) : part === '初' ? 5 : daysInMonth(y, month)
      }
      // A bare "11月" needs a marker or a verb: otherwise it is a mention (11月份开展了培训).
      if (g.day === undefined && g.part === undefined && !futureMarker && !deadlineWord && !hasVerb) continue
      date = { y, m: month, d }
    } else if (g.f_slash !== undefined) {
      // 11.30前 / 11/30: only with a marker or 前, since "1.5" may be anything.
      if (!futureMarker && !deadlineWord) continue
      const month = Number(g.sm)
      const day = Number(g.sd)
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(today.y, month)) continue
      date = { y: today.y, m: month, d: day }
    } else if (g.f_month !== undefined) {
      let y = today.y
      let mo = today.m
      if (g.mrel?.startsWith('下')) {
        mo++
        if (mo > 12) { mo = 1; y++ }
      }
      const part = g.mpart
      const d = g.mday !== undefined ? Number(g.mday) : part === '上旬' ? 10 : part === '中旬' ? 20 : part === '中' ? 15 : part === '初' ? 5 : daysInMonth(y, mo)
      if (d < 1 || d > daysInMonth(y, mo)) continue
      date = { y, m: mo, d }
      explicitYear = true // relative to now: never rolls over
    } else if (g.f_year !== undefined) {
      date = { y: g.yrel === '明' ? today.y + 1 : g.yrel !== undefined && /^\d{4}$/.test(g.yrel) ? Number(g.yrel) : today.y, m: 12, d: 31 }
      explicitYear = true
    } else if (g.f_half !== undefined) {
      date = { y: g.yrel2 === '明' ? today.y + 1 : today.y, m: g.hpart === '上' ? 6 : 12, d: g.hpart === '上' ? 30 : 31 }
      explicitYear = g.yrel2 !== undefined
    } else if (g.f_quarter !== undefined) {
      const q = /\d/.test(g.q!) ? Number(g.q) : WEEKDAY[g.q!]!
      date = { y: today.y, m: q * 3, d: daysInMonth(today.y, q * 3) }
    } else if (g.f_weekend !== undefined) {
      date = addDays(today, 7 - today.weekday + (g.werel === '下' ? 7 : 0))
      explicitYear = true
    } else if (g.f_week !== undefined) {
      const wd = /\d/.test(g.wd!) ? Number(g.wd) : WEEKDAY[g.wd!]!
      let offset = wd - today.weekday
      if (g.wrel?.startsWith('下')) offset += 7
      else if (offset < 0 && g.wrel === undefined) offset += 7 // 周五前, said on Saturday: next Friday
      date = addDays(today, offset)
      explicitYear = true
    } else if (g.f_thismonth !== undefined) {
      let y = today.y
      let mo = today.m
      if (g.tmrel!.startsWith('下')) {
        mo++
        if (mo > 12) { mo = 1; y++ }
      }
      date = { y, m: mo, d: daysInMonth(y, mo) }
      explicitYear = true
    } else if (g.f_thisweek !== undefined) {
      date = addDays(today, 7 - today.weekday + (g.twrel === '下' ? 7 : 0))
      explicitYear = true
    } else if (g.f_within !== undefined) {
      const n = num(g.n!)
      if (n === null || n < 1 || n > 366) continue
      const unit = g.unit!
      date =
        unit === '工作日' ? addWorkingDays(today, n)
        : unit === '周' || unit === '星期' ? addDays(today, n * 7)
        : unit === '个月' || unit === '月' ? addDays(today, n * 30)
        : addDays(today, n)
      explicitYear = true
    }
    if (!date) continue
    // Without a future marker or 前, a date with a verb is an expectation only if still ahead.
    if (!futureMarker && !deadlineWord && g.f_within === undefined && g.f_weekend === undefined) {
      if (!hasVerb || cmp(date, today) < 0) continue
    }
    if (!explicitYear && cmp(date, today) < 0) {
      // 于8月30日前完成, said in September, tells what happened; 预计11月底完成, said in December,
      // means November next year.
      if (marker === '于' || marker === '在') continue
      const y = date.y + 1
      const endOfMonth = date.d === daysInMonth(date.y, date.m) && g.day === undefined && g.sd === undefined
      date = { y, m: date.m, d: endOfMonth ? daysInMonth(y, date.m) : Math.min(date.d, daysInMonth(y, date.m)) }
    }
    return { start: m.index, end: m.index + m[0].length, date: fmt(date) }
  }
  return null
}
