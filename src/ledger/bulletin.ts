/**
 * The monthly 通报 (issue 15, item 5): the month's figures per document, a 红黄榜 of units and the
 * overdue list, as a draft the clerk edits and issues. Pure: from the ledger rows (ledgerRows.ts,
 * graded by the one colour definition); the .docx is the adapter's (render/bulletinDocx.ts).
 */
import { chinaDate } from '../clock.js'
import { formatDate } from '../replies/tasks.js'
import { taskName } from './documentScope.js'
import { summarizeUnits, type LedgerRow } from './ledgerRows.js'
import type { TaskBook } from './ports.js'

export interface UnitStanding {
  unit: string
  tasks: number
  done: number
  overdue: number
  /** done / tasks, whole percent. */
  doneRate: number
}

export interface Bulletin {
  issuer: string
  /** 2022年11月 */
  period: string
  /** 第11期 */
  issue: string
  issuedOn: string
  documents: { name: string; title: string | null; tasks: number; doneTasks: number; overdueTasks: number; pairs: number; donePairs: number }[]
  /** Units without an overdue task, the most done first. */
  redList: UnitStanding[]
  /** Units with overdue tasks, the most overdue first. */
  yellowList: UnitStanding[]
  /** Overdue tasks, the longest overdue first, each with its overdue units in directory order. */
  overdue: { task: string; text: string; units: string[]; due: string; days: number }[]
  /** Pairs whose newest report came in this month. */
  reportedThisMonth: number
}

/** How many units each list names. */
export const LIST_LENGTH = 10

/** `month` (YYYY-MM): the month the 通报 is for when it is not today's (the digest on the 1st reports the month before). */
export function bulletinOf(input: { book: TaskBook; rows: LedgerRow[]; today: string; issuer: string; unitOrder: readonly string[]; month?: string }): Bulletin {
  const { book, today } = input
  const forMonth = input.month ?? today.slice(0, 7)
  const rows = input.rows.filter((r) => !r.conditional && !r.former)
  const order = new Map(input.unitOrder.map((u, i) => [u, i]))
  const monthStart = `${forMonth}-01`
  const documents = book.documents.map((d) => {
    const mine = rows.filter((r) => r.task.documentId === d.id)
    const byTask = new Map<number, LedgerRow[]>()
    for (const r of mine) byTask.set(r.task.id, [...(byTask.get(r.task.id) ?? []), r])
    const tasks = book.tasks.filter((t) => t.documentId === d.id)
    return {
      name: d.shortName,
      title: d.title,
      tasks: tasks.length,
      doneTasks: [...byTask.values()].filter((rs) => rs.every((r) => r.state.done)).length,
      overdueTasks: [...byTask.values()].filter((rs) => rs.some((r) => r.state.overdue)).length,
      pairs: mine.length,
      donePairs: mine.filter((r) => r.state.done).length,
    }
  })
  const standings: UnitStanding[] = summarizeUnits(rows).map((s) => ({
    unit: s.unit,
    tasks: s.tasks,
    done: s.done,
    overdue: s.overdue,
    doneRate: s.tasks ? Math.round((100 * s.done) / s.tasks) : 0,
  }))
  const byOrder = (a: UnitStanding, b: UnitStanding) => (order.get(a.unit) ?? 1e9) - (order.get(b.unit) ?? 1e9)
  const redList = standings
    .filter((s) => s.overdue === 0 && s.done > 0)
    .sort((a, b) => b.doneRate - a.doneRate || b.done - a.done || byOrder(a, b))
    .slice(0, LIST_LENGTH)
  const yellowList = standings
    .filter((s) => s.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue || a.doneRate - b.doneRate || byOrder(a, b))
    .slice(0, LIST_LENGTH)
  const late = new Map<number, { row: LedgerRow; units: string[]; days: number }>()
  for (const r of rows.filter((x) => x.state.overdue).sort((a, b) => (order.get(a.unit) ?? 1e9) - (order.get(b.unit) ?? 1e9))) {
    const entry = late.get(r.task.id) ?? { row: r, units: [], days: 0 }
    entry.units.push(r.unit)
    entry.days = Math.max(entry.days, -(r.state.daysLeft ?? 0))
    late.set(r.task.id, entry)
  }
  const overdue = [...late.values()]
    .sort((a, b) => b.days - a.days || book.tasks.indexOf(a.row.task) - book.tasks.indexOf(b.row.task))
    .map((e) => ({ task: taskName(e.row.task, book), text: e.row.task.text, units: e.units, due: formatDate(e.row.state.due!), days: e.days }))
  const month = Number(forMonth.slice(5, 7))
  return {
    issuer: input.issuer,
    period: `${forMonth.slice(0, 4)}年${month}月`,
    issue: `第${month}期`,
    issuedOn: formatDate(today),
    documents,
    redList,
    yellowList,
    overdue,
    reportedThisMonth: rows.filter((r) => r.report && chinaDate(r.report.reportedAt) >= monthStart).length,
  }
}
