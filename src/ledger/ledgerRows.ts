/** The 台账: one row per task and unit with its latest progress, and the per-unit colour. */
import type { UnitDirectory } from '../units/directory.js'
import type { BookTask, ProgressReport, TaskBook } from './ports.js'
import { dueDate, holdingOf, pairOf, progressKey, STATUS_LABEL, unitsOfTask } from './book.js'
import type { AssignmentRole, Deadline } from '../tasks/model.js'
import { statusLabel } from '../domain/status.js'
import { colourOf, taskStateOf, type ColourSettings, type PairState } from '../domain/colour.js'

export interface LedgerRow {
  task: BookTask
  unit: string
  role: AssignmentRole
  lead: string[]
  deadline: Deadline
  /** The deadline's next date as seen today (this period's end for a recurring task). */
  dueDate: string | null
  /** The pair's colour and whether it is overdue (src/domain/colour.ts). */
  state: PairState
  report: ProgressReport | null
  /** A row for a conditional role (县政府规范性文件起草单位): no single unit to chase, but the office sees it. */
  conditional: boolean
  /** A unit a revision removed from the task after it had reported: its report stays, marked; nothing to chase. */
  former: boolean
}

/**
 * With `former`, also the reports of units a revision removed from their task (the export shows
 * them marked); summaries and reminders leave them out, as the unit no longer holds the task.
 */
export function buildLedgerRows(
  book: TaskBook,
  dir: UnitDirectory,
  latest: Map<string, ProgressReport>,
  today: string,
  opts: { former?: boolean; settings: ColourSettings },
): LedgerRow[] {
  return book.tasks.flatMap((task) => taskRows(task, dir, latest, today, opts))
}

function taskRows(
  task: BookTask,
  dir: UnitDirectory,
  latest: Map<string, ProgressReport>,
  today: string,
  opts: { former?: boolean; settings: ColourSettings },
): LedgerRow[] {
  const rows: LedgerRow[] = []
  const lead = task.assignments.filter((a) => a.role === 'lead').map((a) => a.target)
  const date = dueDate(task.deadline, today)
  const units = unitsOfTask(task, dir)
  const former = new Map((task.formerUnits ?? []).filter((f) => !units.has(f.unit)).map((f) => [f.unit, f.role]))
  // Conditional roles cannot be expanded: a unit that reported on the task through a role gets its row too.
  const viaRole = new Set<string>()
  for (const r of latest.values()) {
    if (r.taskId !== task.id || units.has(r.unit) || former.has(r.unit)) continue
    units.set(r.unit, holdingOf(task, r.unit, dir)?.role ?? 'responsible')
    viaRole.add(r.unit)
  }
  const row = (unit: string, role: AssignmentRole, conditional: boolean, isFormer = false): LedgerRow => {
    const report = conditional ? null : (latest.get(progressKey(task.id, unit)) ?? null)
    return {
      task,
      unit,
      role,
      lead,
      deadline: task.deadline,
      dueDate: date,
      state: colourOf(task, { unit, role, conditional: conditional || viaRole.has(unit) }, report, opts.settings, today),
      report,
      conditional,
      former: isFormer,
    }
  }
  for (const [unit, role] of units) rows.push(row(unit, role, false))
  for (const a of task.assignments) if (a.targetType === 'role') rows.push(row(a.target, a.role, true))
  if (opts.former) for (const [unit, role] of former) if (latest.has(progressKey(task.id, unit))) rows.push(row(unit, role, false, true))
  return rows
}

/**
 * The state the 逾期 and 快到期 lists go by: the unit's own pair; with no unit, the task's most urgent
 * unit, so an admin's 逾期 list holds exactly the tasks 进度汇总 counts as overdue.
 */
export function listedState(
  task: BookTask,
  unit: string | null,
  dir: UnitDirectory,
  latest: Map<string, ProgressReport>,
  settings: ColourSettings,
  today: string,
): PairState | null {
  if (unit) {
    const pair = pairOf(task, unit, dir)
    return pair && colourOf(task, pair, latest.get(progressKey(task.id, unit)) ?? null, settings, today)
  }
  const states = taskRows(task, dir, latest, today, { settings }).filter((r) => !r.conditional).map((r) => r.state)
  // Only conditional holders and none reported: the deadline still shows, nobody is overdue.
  if (!states.length) return colourOf(task, { unit: '', role: 'responsible', conditional: true }, null, settings, today)
  return taskStateOf(states)
}

export type UnitColour = 'red' | 'yellow' | 'blue' | 'none'

export interface UnitSummary {
  unit: string
  tasks: number
  done: number
  /** 已完成 awaiting 销号 (待审核): not in `done`. */
  underReview: number
  inProgress: number
  blocked: number
  notReported: number
  overdue: number
  colour: UnitColour
}

/** A unit takes the most urgent colour of its pairs (src/domain/colour.ts): red with an overdue task, then yellow, then blue. */
export function summarizeUnits(rows: LedgerRow[]): UnitSummary[] {
  const byUnit = new Map<string, UnitSummary>()
  for (const row of rows) {
    if (row.conditional || row.former) continue
    const s =
      byUnit.get(row.unit) ??
      { unit: row.unit, tasks: 0, done: 0, underReview: 0, inProgress: 0, blocked: 0, notReported: 0, overdue: 0, colour: 'none' as UnitColour }
    byUnit.set(row.unit, s)
    s.tasks++
    const status = row.report?.status
    if (row.state.reason === 'under_review') s.underReview++
    else if (status === 'done') s.done++
    else if (status === 'in_progress') s.inProgress++
    else if (status === 'blocked') s.blocked++
    else if (!status) s.notReported++
    // The state knows what a 已完成 covers (a recurring task's 已完成 of last year does not).
    const c = row.state.colour
    const colour: UnitColour = c === 'red' || c === 'yellow' || c === 'blue' ? c : 'none'
    if (row.state.overdue) s.overdue++
    if (rank(colour) > rank(s.colour)) s.colour = colour
  }
  return [...byUnit.values()]
}

const rank = (c: UnitColour) => ({ none: 0, blue: 1, yellow: 2, red: 3 })[c]

export function statusText(report: ProgressReport | null, conditional = false): string {
  if (conditional) return '（按单位反馈）'
  if (!report) return '未反馈'
  return statusLabel(report)
}

/** "推进中 70%，预计2026-11-30完成；已完成方案起草" */
export function progressText(report: ProgressReport | null): string {
  if (!report) return ''
  const parts: string[] = []
  if (report.percent != null) parts.push(`完成${report.percent}%`)
  if (report.expectedDate) parts.push(`预计${report.expectedDate}前完成`)
  if (report.note) parts.push(report.note)
  return parts.join('，')
}
