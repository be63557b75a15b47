/**
 * The monthly digest for the admin room: counts by status, overdue tasks, red and yellow units, and
 * the units no reminder can reach (no liaison in any enabled room), so nothing is skipped silently.
 */
import { chinaDate } from '../clock.js'
import { indexLatest } from '../ledger/book.js'
import { buildLedgerRows, summarizeUnits } from '../ledger/ledgerRows.js'
import type { Liaison, ProgressReport, TaskBook } from '../ledger/ports.js'
import { formatNumbers } from '../replies/pages.js'
import { formatDate } from '../replies/tasks.js'
import type { UnitDirectory } from '../units/directory.js'
import { assignRooms, type ReminderRoom } from './plan.js'
import { DEFAULT_COLOUR_SETTINGS, type ColourSettings } from '../domain/colour.js'
import { progressChartData, type ProgressChartData } from '../ledger/chartData.js'

export interface Digest {
  /** One digest per month: 督办月报|2022-10. */
  dedupeKey: string
  date: string
  text: string
  counts: { tasks: number; done: number; inProgress: number; blocked: number; notStarted: number; notReported: number }
  overdueTasks: number[]
  redUnits: string[]
  yellowUnits: string[]
  /** Units with unfinished dated tasks and no liaison in any enabled room. */
  unreachable: { unit: string; tasks: number[] }[]
  /** The progress chart's figures (the same picture as 进度汇总's), drawn by the adapter. */
  chart: ProgressChartData
}

function names(list: string[], max = 30): string {
  return list.length <= max ? list.join('、') : `${list.slice(0, max).join('、')}等${list.length}个单位`
}

export function planDigest(input: {
  book: TaskBook
  directory: UnitDirectory
  progress: ProgressReport[]
  liaisons: Liaison[]
  rooms: ReminderRoom[]
  now: Date
  /** The colour windows (REMINDER_YELLOW_DAYS, REMINDER_BLUE_DAYS); the defaults without them. */
  settings?: Partial<ColourSettings>
}): Digest {
  const today = chinaDate(input.now)
  const settings: ColourSettings = { ...DEFAULT_COLOUR_SETTINGS, ...input.settings, since: input.settings?.since ?? null }
  const rows = buildLedgerRows(input.book, input.directory, indexLatest(input.progress), today, { settings }).filter((r) => !r.conditional)
  const units = summarizeUnits(rows)
  const counts = { tasks: input.book.tasks.length, done: 0, underReview: 0, inProgress: 0, blocked: 0, notStarted: 0, notReported: 0 }
  for (const r of rows) {
    const s = r.report?.status
    // A 已完成 awaiting 销号 is counted apart: not done until the office closes it.
    if (r.state.reason === 'under_review') counts.underReview++
    else if (s === 'done') counts.done++
    else if (s === 'in_progress') counts.inProgress++
    else if (s === 'blocked') counts.blocked++
    else if (s === 'not_started') counts.notStarted++
    else counts.notReported++
  }
  const open = rows.filter((r) => !r.state.done && r.role !== 'guide')
  const overdueTasks = [...new Set(rows.filter((r) => r.state.overdue).map((r) => r.task.number))].sort((a, b) => a - b)
  const redUnits = units.filter((u) => u.colour === 'red').map((u) => u.unit)
  const yellowUnits = units.filter((u) => u.colour === 'yellow').map((u) => u.unit)
  const dated = open.filter((r) => r.dueDate != null)
  const reach = assignRooms(new Set(dated.map((r) => r.unit)), input.liaisons, input.rooms)
  const byUnit = new Map<string, Set<number>>()
  for (const r of dated) {
    if (reach.get(r.unit)) continue
    byUnit.set(r.unit, (byUnit.get(r.unit) ?? new Set()).add(r.task.number))
  }
  const unreachable = [...byUnit].map(([unit, tasks]) => ({ unit, tasks: [...tasks].sort((a, b) => a - b) }))

  const lines = [
    `【督办月报】${formatDate(today)}`,
    `一、总体情况：任务${counts.tasks}项，按单位计${rows.length}项次：已完成${counts.done}${counts.underReview ? `，待审核${counts.underReview}` : ''}，推进中${counts.inProgress}，遇到困难${counts.blocked}，未启动${counts.notStarted}，未反馈${counts.notReported}。`,
    `二、逾期未办结任务：${overdueTasks.length ? `${formatNumbers(overdueTasks)}，共${overdueTasks.length}项` : '无'}。`,
    `三、红色单位（有逾期未办结任务）：${redUnits.length ? names(redUnits) : '无'}；黄色单位（${settings.yellowDays}日内到期）：${yellowUnits.length ? names(yellowUnits) : '无'}。`,
  ]
  if (unreachable.length) {
    // Units with the same tasks share a line.
    const byTasks = new Map<string, string[]>()
    for (const u of unreachable) byTasks.set(formatNumbers(u.tasks), [...(byTasks.get(formatNumbers(u.tasks)) ?? []), u.unit])
    lines.push(`四、无法送达（未绑定联络员，请办公室另行通知）：${[...byTasks].map(([t, us]) => `${t}：${names(us)}`).join('；')}。`)
  }
  return {
    dedupeKey: `督办月报|${today.slice(0, 7)}`,
    date: today,
    text: lines.join('\n'),
    counts,
    overdueTasks,
    redUnits,
    yellowUnits,
    unreachable,
    chart: progressChartData(rows, { today, unitOrder: input.book.directory.units.map((u) => u.name) }),
  }
}
