/**
 * Pure questions about the task book: which tasks a unit holds and in what role, which units a task
 * has, deadlines relative to today, latest statuses. Everything here works on the in-memory TaskBook.
 */
import type { AssignmentRole } from '../tasks/model.js'
import { ASSIGNMENT_ROLES } from '../tasks/model.js'
import type { UnitDirectory } from '../units/directory.js'
import type { BookTask, ProgressReport, TaskBook } from './ports.js'
import type { PairUnit } from '../domain/colour.js'

/** How a unit holds a task: its strongest role, and the group or role it holds it through. */
export interface Holding {
  task: BookTask
  role: AssignmentRole
  /** Group name when the unit holds the task as a member of a group (县政府各部门). */
  viaGroup: string | null
  /** Role name when the unit holds it only if it does that kind of work (规范性文件起草单位). */
  viaRole: string | null
}

export interface UnitTaskList {
  unit: string
  lead: Holding[]
  responsible: Holding[]
  guide: Holding[]
  support: Holding[]
  /** Tasks the unit holds only if it is one of these roles. */
  conditional: { role: string; holdings: Holding[] }[]
}

const ROLE_RANK: Record<AssignmentRole, number> = { lead: 0, responsible: 1, guide: 2, support: 3 }

/** The unit's holding of one task, or null: direct beats group, group beats role; lead beats responsible. */
export function holdingOf(task: BookTask, unit: string, dir: UnitDirectory): Holding | null {
  const groups = new Set(dir.groupsOf(unit))
  const roles = new Set(dir.rolesOf(unit))
  let best: Holding | null = null
  let bestScore = Infinity
  for (const a of task.assignments) {
    let via = 0
    let viaGroup: string | null = null
    let viaRole: string | null = null
    if (a.targetType === 'unit' && a.target === unit) via = 0
    else if (a.targetType === 'group' && groups.has(a.target)) {
      via = 1
      viaGroup = a.target
    } else if (a.targetType === 'role' && roles.has(a.target)) {
      via = 2
      viaRole = a.target
    } else continue
    const score = via * 10 + ROLE_RANK[a.role]
    if (score < bestScore) {
      bestScore = score
      best = { task, role: a.role, viaGroup, viaRole }
    }
  }
  return best
}

export function tasksOfUnit(book: TaskBook, unit: string, dir: UnitDirectory): UnitTaskList {
  const list: UnitTaskList = { unit, lead: [], responsible: [], guide: [], support: [], conditional: [] }
  const byRole = new Map<string, Holding[]>()
  for (const task of book.tasks) {
    const h = holdingOf(task, unit, dir)
    if (!h) continue
    if (h.viaRole) {
      const l = byRole.get(h.viaRole) ?? []
      l.push(h)
      byRole.set(h.viaRole, l)
    } else list[h.role].push(h)
  }
  list.conditional = [...byRole].map(([role, holdings]) => ({ role, holdings }))
  return list
}

export function countHoldings(list: UnitTaskList): number {
  return (
    ASSIGNMENT_ROLES.reduce((n, r) => n + list[r].length, 0) +
    list.conditional.reduce((n, c) => n + c.holdings.length, 0)
  )
}

/** How a unit a revision removed from a task is marked wherever its report is still shown. */
export const FORMER_UNIT_MARK = '（已不在本项责任单位中）'

/** Concrete units of a task with their strongest role (groups expanded; conditional roles are not). */
export function unitsOfTask(task: Pick<BookTask, 'assignments'>, dir: UnitDirectory): Map<string, AssignmentRole> {
  const units = new Map<string, AssignmentRole>()
  const put = (unit: string, role: AssignmentRole) => {
    const had = units.get(unit)
    if (had == null || ROLE_RANK[role] < ROLE_RANK[had]) units.set(unit, role)
  }
  for (const a of task.assignments) {
    if (a.targetType === 'unit') put(a.target, a.role)
    else if (a.targetType === 'group') for (const m of dir.membersOfGroup(a.target)) put(m, a.role)
  }
  return units
}

export function findTask(book: TaskBook, number: number): BookTask | null {
  return book.tasks.find((t) => t.number === number) ?? null
}

/**
 * unitsOfTask(task, dir).get(unit), without expanding the task's groups: a city-sized directory
 * makes 县政府各部门 thousands of units, and every reply asks this for each of a unit's tasks.
 */
function roleOfUnit(task: Pick<BookTask, 'assignments'>, unit: string, dir: UnitDirectory): AssignmentRole | undefined {
  let best: AssignmentRole | undefined
  let groups: Set<string> | null = null
  for (const a of task.assignments) {
    const holds = a.targetType === 'unit' ? a.target === unit : a.targetType === 'group' && (groups ??= new Set(dir.groupsOf(unit))).has(a.target)
    if (holds && (best == null || ROLE_RANK[a.role] < ROLE_RANK[best])) best = a.role
  }
  return best
}

/** The unit's holding as the grading sees it (src/domain/colour.ts): the strongest role of its direct
 * and group assignments (as unitsOfTask), else the conditional role it holds the task through. */
export function pairOf(task: BookTask, unit: string, dir: UnitDirectory): PairUnit | null {
  const role = roleOfUnit(task, unit, dir)
  if (role) return { unit, role, conditional: false }
  const h = holdingOf(task, unit, dir)
  return h ? { unit, role: h.role, conditional: true } : null
}

/** Latest unrevoked report per task id and unit. */
export function indexLatest(reports: ProgressReport[]): Map<string, ProgressReport> {
  const index = new Map<string, ProgressReport>()
  for (const r of reports) {
    const key = progressKey(r.taskId, r.unit)
    const had = index.get(key)
    if (!had || had.reportedAt.getTime() <= r.reportedAt.getTime()) index.set(key, r)
  }
  return index
}

export function progressKey(taskId: number, unit: string): string {
  return `${taskId}\u0000${unit}`
}

export { STATUS_LABEL } from '../domain/status.js'
export { dueDate } from '../domain/deadline.js'

/** Tasks whose text, section or subsection contain every keyword, most mentions first. */
export function searchTasks(book: TaskBook, query: string): BookTask[] {
  const words = query
    .split(/[\s,，、;；]+/)
    .map((w) => w.trim())
    .filter(Boolean)
  if (words.length === 0) return []
  const scored: { task: BookTask; score: number }[] = []
  for (const task of book.tasks) {
    const hay = `${task.text}\n${task.section ?? ''}\n${task.subsection ?? ''}`
    let score = 0
    let all = true
    for (const w of words) {
      const n = hay.split(w).length - 1
      if (n === 0) {
        all = false
        break
      }
      score += n
    }
    if (all) scored.push({ task, score })
  }
  return scored.sort((a, b) => b.score - a.score || a.task.number - b.task.number).map((s) => s.task)
}

/** The JSON shape of a unit's task list (`tasks --json`, `ask --json`): task numbers by role. */
export function unitTaskListJson(list: UnitTaskList) {
  const nums = (hs: Holding[]) => hs.map((h) => h.task.number)
  const direct = [...list.lead, ...list.responsible, ...list.guide, ...list.support]
  return {
    unit: list.unit,
    lead: nums(list.lead),
    responsible: nums(list.responsible),
    guide: nums(list.guide),
    support: nums(list.support),
    conditional: list.conditional.map((c) => ({ role: c.role, tasks: nums(c.holdings) })),
    /** Task number -> the group the unit holds it through (县政府各部门). */
    via_group: Object.fromEntries(direct.filter((h) => h.viaGroup).map((h) => [h.task.number, h.viaGroup])),
  }
}
