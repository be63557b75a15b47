/**
 * Calendar arithmetic on plain YYYY-MM-DD strings (no time zones: a deadline is a civil date).
 * Working days come from a WorkCalendar so tests can use a fixed calendar.
 */
import chineseDays from 'chinese-days'

export interface WorkCalendar {
  isWorkday(date: string /* YYYY-MM-DD */): boolean
}

/** Mainland China working days: weekends off, statutory holidays off, 调休 make-up days on. */
export const chineseWorkCalendar: WorkCalendar = {
  isWorkday(date: string): boolean {
    assertDate(date)
    return chineseDays.isWorkday(date)
  },
}

/** Monday to Friday, no holidays: for tests and for years the holiday data does not cover. */
export const weekdayCalendar: WorkCalendar = {
  isWorkday(date: string): boolean {
    const day = toUtc(date).getUTCDay()
    return day !== 0 && day !== 6
  },
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function assertDate(date: string): void {
  if (!isValidDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
}

export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

function toUtc(date: string): Date {
  assertDate(date)
  return new Date(`${date}T00:00:00Z`)
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** YYYY-MM-DD from parts; null when the parts do not form a real date (2月30日). */
export function makeDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export function endOfMonth(year: number, month: number): string {
  return makeDate(year, month, daysInMonth(year, month)) as string
}

export function addDays(date: string, n: number): string {
  const d = toUtc(date)
  d.setUTCDate(d.getUTCDate() + n)
  return fromUtc(d)
}

/** Calendar months; the day is clamped to the target month's length (1月31日 + 1个月 = 2月28/29日). */
export function addMonths(date: string, n: number): string {
  const d = toUtc(date)
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + n
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month))
  return makeDate(year, month, day) as string
}

/** The n-th working day after `date` (the start day itself is not counted); n <= 0 returns `date`. */
export function addWorkdays(date: string, n: number, cal: WorkCalendar): string {
  let current = date
  let left = n
  // Guard against a calendar that never reports a working day.
  let guard = 0
  while (left > 0) {
    current = addDays(current, 1)
    if (cal.isWorkday(current)) left--
    if (++guard > 366 * 10) throw new RangeError('calendar has no working days')
  }
  return current
}

/** Working days in (from, to]: 0 when `to` is not after `from`. At most ten years are walked. */
export function workdaysBetween(from: string, to: string, cal: WorkCalendar): number {
  let n = 0
  for (let d = addDays(from, 1), guard = 0; d <= to && guard < 3660; d = addDays(d, 1), guard++) if (cal.isWorkday(d)) n++
  return n
}

/** The date itself if it is a working day, otherwise the last working day before it. */
export function previousWorkday(date: string, cal: WorkCalendar): string {
  let current = date
  let guard = 0
  while (!cal.isWorkday(current)) {
    current = addDays(current, -1)
    if (++guard > 366 * 10) throw new RangeError('calendar has no working days')
  }
  return current
}
