/** When a deadline falls, and the period a recurring one covers. Pure date arithmetic on YYYY-MM-DD. */
import type { Deadline, RecurringEvery } from '../tasks/model.js'
import { addDays, endOfMonth } from '../tasks/calendar.js'

export type Period = RecurringEvery | 'weekly'

/** The next date a deadline falls on, as seen on `today`; null when it has none (ongoing, text only). */
export function dueDate(deadline: Deadline, today: string): string | null {
  if (deadline.kind === 'date' && deadline.date) return deadline.date
  if (deadline.kind !== 'recurring') return null
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  switch (deadline.every) {
    case 'yearly':
      return `${year}-12-31`
    case 'halfyearly':
      return month <= 6 ? `${year}-06-30` : `${year}-12-31`
    case 'quarterly':
      return endOfMonth(year, Math.ceil(month / 3) * 3)
    case 'monthly':
      return endOfMonth(year, month)
    default:
      return null
  }
}

/** The period a date falls in: [start, end] (YYYY-MM-DD). */
export function periodOf(every: Period, date: string): { start: string; end: string } {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const pad = (n: number) => String(n).padStart(2, '0')
  const monthSpan = (first: number, months: number) => {
    const start = `${y}-${pad(first)}-01`
    const endMonthStart = first + months > 12 ? `${y + 1}-01-01` : `${y}-${pad(first + months)}-01`
    return { start, end: addDays(endMonthStart, -1) }
  }
  switch (every) {
    case 'yearly':
      return { start: `${y}-01-01`, end: `${y}-12-31` }
    case 'halfyearly':
      return monthSpan(m <= 6 ? 1 : 7, 6)
    case 'quarterly':
      return monthSpan(Math.floor((m - 1) / 3) * 3 + 1, 3)
    case 'monthly':
      return monthSpan(m, 1)
    case 'weekly': {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7
      const start = addDays(date, 1 - weekday)
      return { start, end: addDays(start, 6) }
    }
  }
}

/**
 * The deadlines a task is graded against on `today`, each with the start of the period a 已完成
 * must fall in (null: a done report at any time counts). A dated task has one; a recurring one
 * (not weekly: no table writes weekly deadlines) has the current period's end and the previous one's.
 */
export function gradedDues(deadline: Deadline, today: string): { due: string; periodStart: string | null }[] {
  if (deadline.kind === 'date' && deadline.date) return [{ due: deadline.date, periodStart: null }]
  if (deadline.kind !== 'recurring' || !deadline.every || deadline.every === 'weekly') return []
  const current = dueDate(deadline, today)
  if (!current) return []
  const period = periodOf(deadline.every, current)
  const previousEnd = addDays(period.start, -1)
  return [
    { due: current, periodStart: period.start },
    { due: previousEnd, periodStart: periodOf(deadline.every, previousEnd).start },
  ]
}
