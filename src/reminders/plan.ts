/**
 * The reminder planner: pure. From the task book, the latest progress, the bound liaisons, the rooms
 * and a clock it plans what one run sends: one message per room (split into pages when long).
 *
 * Stages, as the 督办 practice grades them, relative to the effective deadline (a deadline on a
 * non-working day is chased on the working day before it):
 *   blue   — on the first working day within `blueDays` of it (default 7),
 *   yellow — on the first working day within `yellowDays` (default 3),
 *   red    — on the first working day after the deadline, then every `redEveryWorkdays` working days.
 * Each stage fires on one day only, so a stage is sent once however often the planner runs; the
 * outbox key (kind, date, room, page) makes a second run on the same day a no-op. Nothing is planned
 * on non-working days (Chinese holidays; make-up working days count as working days).
 */
import { chinaDate, daysBetween } from '../clock.js'
import { holdingOf, indexLatest, progressKey, unitsOfTask } from '../ledger/book.js'
import type { BookDocument, BookTask, Liaison, ProgressReport } from '../ledger/ports.js'
import { DEFAULT_COLOUR_SETTINGS, doneCovers, type ColourSettings } from '../domain/colour.js'
import { gradedDues, periodOf } from '../domain/deadline.js'
import { addDays, addWorkdays, previousWorkday, type WorkCalendar } from '../tasks/calendar.js'
import type { UnitDirectory } from '../units/directory.js'
import { formatBatches } from './format.js'

export type ReminderStage = 'blue' | 'yellow' | 'red' | 'progress'
export type ReminderKind = 'deadline' | 'progress'
export type ProgressPeriod = 'weekly' | 'monthly' | 'quarterly'

/** blueDays/yellowDays: the colour windows (src/domain/colour.ts); here the days before the deadline the blue and yellow reminders fire. */
export interface ReminderSettings extends Pick<ColourSettings, 'blueDays' | 'yellowDays'> {
  /** Overdue tasks are chased again every this many working days; 0 chases once. */
  redEveryWorkdays: number
  /** Ongoing tasks: units that have not reported within this period get a progress call. */
  progressPeriod: ProgressPeriod
  /** Longest message; longer batches are split. */
  pageChars: number
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  blueDays: DEFAULT_COLOUR_SETTINGS.blueDays,
  yellowDays: DEFAULT_COLOUR_SETTINGS.yellowDays,
  redEveryWorkdays: 3,
  progressPeriod: 'monthly',
  pageChars: 1500,
}

/** An enabled room; memberIds null when unknown (no WeChat session, e.g. the CLI): every liaison counts as a member. */
export interface ReminderRoom {
  id: string
  topic: string
  memberIds: string[] | null
}

export interface ReminderItem {
  task: BookTask
  unit: string
  stage: ReminderStage
  /** The deadline as written (YYYY-MM-DD); null for ongoing tasks. */
  due: string | null
  /** The working day the deadline is chased on (the deadline, or the working day before it). */
  effective: string | null
  /** Calendar days from today to `due` (negative when overdue). */
  daysLeft: number | null
  /** Red: which round (1 = first day overdue). */
  round: number | null
  /** The unit holds the task only as this role (如属规范性文件起草单位). */
  viaRole: string | null
  /** The task's document's short name when several are active (营商环境第5项); null with one. */
  document?: string | null
}

export interface ReminderBatch {
  kind: ReminderKind
  /** The run's date in China (YYYY-MM-DD). */
  date: string
  /** null: units with no liaison in any room; they go to the admin digest. */
  room: { id: string; topic: string } | null
  /** The most severe stage in the batch. */
  stage: ReminderStage
  /** Outbox key; null for room-less batches (never sent on their own). */
  dedupeKey: string | null
  page: number
  pages: number
  items: ReminderItem[]
  tasks: number[]
  units: string[]
  mentions: { contactId: string; name: string; unit: string }[]
  text: string
}

export interface PlanInput {
  kind?: ReminderKind
  tasks: BookTask[]
  directory: UnitDirectory
  progress: ProgressReport[]
  liaisons: Liaison[]
  rooms: ReminderRoom[]
  now: Date
  calendar: WorkCalendar
  settings?: Partial<ReminderSettings>
  /** The document's issue date: deadlines and periods that ended before it are not chased (a task's own `since` wins). */
  since?: string | null
  /** The active documents: with several, every task is named with its document's (营商环境第5项). */
  documents?: Pick<BookDocument, 'id' | 'shortName'>[]
}

export const STAGE_RANK: Record<ReminderStage, number> = { red: 3, yellow: 2, blue: 1, progress: 0 }

export function reminderSettings(partial: Partial<ReminderSettings> = {}): ReminderSettings {
  return { ...DEFAULT_REMINDER_SETTINGS, ...partial }
}

function nextWorkdayOnOrAfter(date: string, cal: WorkCalendar): string {
  return cal.isWorkday(date) ? date : addWorkdays(date, 1, cal)
}

/** The stage a deadline is at on `today`, or null on days without a reminder for it. */
export function stageOn(
  due: string,
  today: string,
  cal: WorkCalendar,
  settings: Pick<ReminderSettings, 'blueDays' | 'yellowDays' | 'redEveryWorkdays'>,
): { stage: Exclude<ReminderStage, 'progress'>; round: number | null; effective: string } | null {
  const effective = previousWorkday(due, cal)
  if (!cal.isWorkday(today)) return null
  if (today > due) {
    const first = addWorkdays(due, 1, cal)
    if (today < first) return null
    if (today === first) return { stage: 'red', round: 1, effective }
    if (settings.redEveryWorkdays <= 0) return null
    // Working days since the first red day: walk (a deadline years back is a few hundred steps).
    let n = 0
    for (let d = first; d < today; d = addDays(d, 1)) if (cal.isWorkday(addDays(d, 1))) n++
    return n % settings.redEveryWorkdays === 0 ? { stage: 'red', round: n / settings.redEveryWorkdays + 1, effective } : null
  }
  const fire = (days: number) => {
    const d = nextWorkdayOnOrAfter(addDays(effective, -days), cal)
    return d > effective ? effective : d
  }
  const yellow = settings.yellowDays > 0 ? fire(settings.yellowDays) : null
  const blue = settings.blueDays > 0 ? fire(settings.blueDays) : null
  if (yellow === today) return { stage: 'yellow', round: null, effective }
  if (blue === today && (yellow == null || blue < yellow)) return { stage: 'blue', round: null, effective }
  return null
}

export { periodOf } from '../domain/deadline.js'

/** Units a task chases: groups expanded; roles expanded to units with a bound liaison; guiding units are not chased. */
function chasedUnits(task: BookTask, dir: UnitDirectory, boundUnits: Set<string>): Map<string, string | null> {
  const units = new Map<string, string | null>()
  for (const [unit, role] of unitsOfTask(task, dir)) if (role !== 'guide') units.set(unit, null)
  const roles = task.assignments.filter((a) => a.targetType === 'role' && a.role !== 'guide')
  if (roles.length > 0) {
    for (const unit of boundUnits) {
      if (units.has(unit)) continue
      const h = holdingOf(task, unit, dir)
      if (h?.viaRole && h.role !== 'guide') units.set(unit, h.viaRole)
    }
  }
  return units
}

/** Every (task, unit) to remind today, before rooms are chosen. */
export function planItems(input: Omit<PlanInput, 'rooms'>): ReminderItem[] {
  const settings = reminderSettings(input.settings)
  const kind = input.kind ?? 'deadline'
  const today = chinaDate(input.now)
  if (!input.calendar.isWorkday(today)) return []
  const latest = indexLatest(input.progress)
  const boundUnits = new Set(input.liaisons.map((l) => l.unit))
  const items: ReminderItem[] = []
  const names = new Map((input.documents && input.documents.length > 1 ? input.documents : []).map((d) => [d.id, d.shortName]))
  for (const task of input.tasks) {
    const d = task.deadline
    const document = names.get(task.documentId) ?? null
    const units = chasedUnits(task, input.directory, boundUnits)
    if (kind === 'progress') {
      if (d.kind !== 'ongoing') continue
      const period = periodOf(settings.progressPeriod, today)
      for (const [unit, viaRole] of units) {
        const r = latest.get(progressKey(task.id, unit))
        if (r && (r.status === 'done' || chinaDate(r.reportedAt) >= period.start)) continue
        items.push({ task, unit, stage: 'progress', due: null, effective: null, daysLeft: null, round: null, viaRole, document })
      }
      continue
    }
    // Deadlines: the ones colourOf grades (a dated task once; a recurring one for this period
    // (blue/yellow) and the last (red)), skipped when the unit's 已完成 covers them, as colourOf does.
    const since = task.since !== undefined ? task.since : input.since
    for (const { due, periodStart } of gradedDues(d, today)) {
      if (since && due < since) continue
      const stage = stageOn(due, today, input.calendar, settings)
      if (!stage) continue
      for (const [unit, viaRole] of units) {
        const r = latest.get(progressKey(task.id, unit))
        if (doneCovers(r, periodStart)) continue
        items.push({
          task,
          unit,
          stage: stage.stage,
          due,
          effective: stage.effective,
          daysLeft: daysBetween(today, due),
          round: stage.round,
          viaRole,
          document,
        })
      }
    }
  }
  return items
}

/** Which room reaches each unit: the first enabled room (by topic) holding one of its liaisons. */
export function assignRooms(
  units: Iterable<string>,
  liaisons: Liaison[],
  rooms: ReminderRoom[],
): Map<string, { room: ReminderRoom; liaisons: Liaison[] } | null> {
  const sorted = [...rooms].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0))
  const byUnit = new Map<string, Liaison[]>()
  for (const l of liaisons) byUnit.set(l.unit, [...(byUnit.get(l.unit) ?? []), l])
  const out = new Map<string, { room: ReminderRoom; liaisons: Liaison[] } | null>()
  for (const unit of units) {
    const own = byUnit.get(unit) ?? []
    let found: { room: ReminderRoom; liaisons: Liaison[] } | null = null
    for (const room of sorted) {
      const inRoom = room.memberIds == null ? own : own.filter((l) => room.memberIds!.includes(l.contactId))
      if (inRoom.length > 0) {
        found = { room, liaisons: inRoom }
        break
      }
    }
    out.set(unit, found)
  }
  return out
}

export function planReminders(input: PlanInput): ReminderBatch[] {
  const settings = reminderSettings(input.settings)
  const kind = input.kind ?? 'deadline'
  const items = planItems(input)
  if (items.length === 0) return []
  const reach = assignRooms(new Set(items.map((i) => i.unit)), input.liaisons, input.rooms)
  type Group = { room: ReminderRoom | null; items: ReminderItem[]; liaisons: Map<string, Liaison[]> }
  const groups = new Map<string, Group>()
  for (const item of items) {
    const r = reach.get(item.unit) ?? null
    const key = r ? `room:${r.room.topic}` : 'none'
    const g: Group = groups.get(key) ?? { room: r?.room ?? null, items: [], liaisons: new Map() }
    groups.set(key, g)
    g.items.push(item)
    if (r) g.liaisons.set(item.unit, r.liaisons)
  }
  const today = chinaDate(input.now)
  // With one work group (the usual county), units nobody can be @-mentioned for are named there in plain text too.
  const unreached = input.rooms.length === 1 ? [...new Set(groups.get('none')?.items.map((i) => i.unit) ?? [])] : []
  return [...groups.values()]
    .sort((a, b) => (a.room == null ? 1 : b.room == null ? -1 : a.room.topic < b.room.topic ? -1 : 1))
    .flatMap((g) => formatBatches({ kind, today, room: g.room, items: g.items, liaisons: g.liaisons, settings, ...(g.room ? { unreached } : {}) }))
}
