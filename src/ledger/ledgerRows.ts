/** The 台账: one row per task and unit with its latest progress, and the per-unit colour. */
import type { UnitDirectory } from '../units/directory.js'
import type { BookTask, ProgressReport, TaskBook } from './ports.js'
import type { DueLevel } from './book.js'
import { dueLevel, progressKey, STATUS_LABEL, unitsOfTask } from './book.js'
import type { AssignmentRole, Deadline } from '../tasks/model.js'

export interface LedgerRow {
  task: BookTask
  unit: string
  role: AssignmentRole
  lead: string[]
  deadline: Deadline
  dueDate: string | null
  dueLevel: DueLevel
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
  opts: { former?: boolean } = {},
): LedgerRow[] {
  const rows: LedgerRow[] = []
  for (const task of book.tasks) {
    const lead = task.assignments.filter((a) => a.role === 'lead').map((a) => a.target)
    const due = dueLevel(task.deadline, today)
    const units = unitsOfTask(task, dir)
    const former = new Map((task.formerUnits ?? []).filter((f) => !units.has(f.unit)).map((f) => [f.unit, f.role]))
    // Conditional roles cannot be expanded: a unit that reported on the task through a role gets its row too.
    for (const r of latest.values()) if (r.taskId === task.id && !units.has(r.unit) && !former.has(r.unit)) units.set(r.unit, 'responsible')
    const row = (unit: string, role: AssignmentRole, conditional: boolean, isFormer = false): LedgerRow => ({
      task,
      unit,
      role,
      lead,
      deadline: task.deadline,
      dueDate: due.date,
      dueLevel: due.level,
      report: conditional ? null : (latest.get(progressKey(task.id, unit)) ?? null),
      conditional,
      former: isFormer,
    })
    for (const [unit, role] of units) rows.push(row(unit, role, false))
    for (const a of task.assignments) if (a.targetType === 'role') rows.push(row(a.target, a.role, true))
    if (opts.former) for (const [unit, role] of former) if (latest.has(progressKey(task.id, unit))) rows.push(row(unit, role, false, true))
  }
  return rows
}

export type UnitColour = 'red' | 'yellow' | 'blue' | 'none'

export interface UnitSummary {
  unit: string
  tasks: number
  done: number
  inProgress: number
  blocked: number
  notReported: number
  overdue: number
  colour: UnitColour
}

/** A unit is red with an overdue unfinished task, yellow with one due within 3 days, blue within 7. */
export function summarizeUnits(rows: LedgerRow[]): UnitSummary[] {
  const byUnit = new Map<string, UnitSummary>()
  for (const row of rows) {
    if (row.conditional || row.former) continue
    const s =
      byUnit.get(row.unit) ??
      { unit: row.unit, tasks: 0, done: 0, inProgress: 0, blocked: 0, notReported: 0, overdue: 0, colour: 'none' as UnitColour }
    byUnit.set(row.unit, s)
    s.tasks++
    const status = row.report?.status
    if (status === 'done') s.done++
    else if (status === 'in_progress') s.inProgress++
    else if (status === 'blocked') s.blocked++
    else if (!status) s.notReported++
    if (status === 'done') continue
    const colour: UnitColour =
      row.dueLevel === 'overdue' ? 'red' : row.dueLevel === 'yellow' ? 'yellow' : row.dueLevel === 'blue' ? 'blue' : 'none'
    if (row.dueLevel === 'overdue') s.overdue++
    if (rank(colour) > rank(s.colour)) s.colour = colour
  }
  return [...byUnit.values()]
}

const rank = (c: UnitColour) => ({ none: 0, blue: 1, yellow: 2, red: 3 })[c]

export function statusText(report: ProgressReport | null, conditional = false): string {
  if (conditional) return '（按单位反馈）'
  if (!report) return '未反馈'
  return STATUS_LABEL[report.status]
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
