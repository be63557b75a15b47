/**
 * The one grading of a (task, unit) pair that every view shows: replies, the overdue and due lists,
 * 进度汇总, 未反馈, reminders, the monthly digest and the export. Pure: no clock, no storage.
 *
 * Overdue (逾期) means: the unit holds the task, a graded deadline of it has passed (today is after
 * it), and the unit's latest report is not a 已完成 that covers that deadline. In detail:
 * - A dated task is graded against its date; a 已完成 reported at any time covers it.
 * - A recurring task (每年/每半年/每季度/每月) is graded against this period's end and the previous
 *   period's: a 已完成 covers a period when it was reported on or after the period's start, so last
 *   quarter's task stays overdue until the unit reports it done (the reminders chase it the same way).
 * - Deadlines that passed before the document was issued (`since`) are not graded: nobody could
 *   meet them. Ongoing (持续推进), relative (印发N日内, no issue date) and uninterpretable (未明确)
 *   deadlines have no date, so they are never overdue, only done or not.
 * - Conditional holdings (如属规范性文件起草单位) count only once the unit has reported on the task:
 *   until then we do not know the unit does that kind of work. (Reminders still ask a bound unit,
 *   under a 如属… heading — asking is not grading: src/reminders/plan.ts.)
 * - Guiding units (指导) supervise rather than deliver: never overdue, never chased.
 * - 销号 (CLOSE_REQUIRES_REVIEW): a 已完成 the office has not yet closed is 待审核 (reason
 *   'under_review'): answered, so neither overdue nor chased, but not green/done until closed. A
 *   returned one is followed by the admin's 推进中 report, so the pair is simply in progress again.
 */
import { chinaDate, daysBetween } from '../clock.js'
import type { AssignmentRole, Deadline } from '../tasks/model.js'
import type { ReportStatus, ReviewState } from './status.js'
import { gradedDues } from './deadline.js'
import { chineseWorkCalendar, workdaysBetween } from '../tasks/calendar.js'

/** The day windows of the colours; the reminders add their own settings to these (src/reminders/plan.ts). */
export interface ColourSettings {
  /** Due within this many days: yellow (config REMINDER_YELLOW_DAYS); 0 turns yellow off. */
  yellowDays: number
  /** Due within this many days: blue (config REMINDER_BLUE_DAYS); 0 turns blue off. */
  blueDays: number
  /** The document's issue date: deadlines that passed before it are not graded (a task's own `since` wins). */
  since?: string | null
  /**
   * 序时进度: a unit whose reported percent lags the share of working days gone from the issue date
   * to the deadline by more than this many points is yellow (config PACE_YELLOW_GAP); 0 or absent: off.
   */
  paceGap?: number
  /** Working days in (from, to]: the pace's clock (the Chinese calendar, holidays and make-up days). */
  workdays?: (from: string, to: string) => number
}

/** A task as graded: its deadline, and its document's issue date when the task carries it (BookTask.since). */
export interface GradedTask {
  deadline: Deadline
  since?: string | null
}

/** The defaults of config.ts (REMINDER_YELLOW_DAYS, REMINDER_BLUE_DAYS). */
export const DEFAULT_COLOUR_SETTINGS: ColourSettings = { yellowDays: 3, blueDays: 7 }

export type Colour = 'red' | 'yellow' | 'blue' | 'green' | 'none'

export type ColourReason =
  | 'done'
  /** A 已完成 awaiting the office's 销号 (answered, not yet closed). */
  | 'under_review'
  | 'overdue'
  | 'due_soon'
  | 'later'
  /** No dated deadline (ongoing, relative, none) or only deadlines before the document. */
  | 'no_deadline'
  | 'conditional'
  | 'guide'
  /** 序时进度: the reported percent lags the elapsed share of working days (PairState.pace). */
  | 'behind_pace'

/** How the unit holds the task: its strongest role, and whether only through a conditional role. */
export interface PairUnit {
  unit: string
  role: AssignmentRole
  conditional: boolean
}

export interface PairState {
  colour: Colour
  overdue: boolean
  /** The unit's 已完成 covers every graded deadline (this period's, for a recurring task). */
  done: boolean
  /** The deadline graded: the passed one when overdue, else the next one; null without a date. */
  due: string | null
  /** Calendar days from today to `due`, negative when past. */
  daysLeft: number | null
  reason: ColourReason
  /** With reason behind_pace: the percent reported and the 序时进度 expected by now. */
  pace?: { percent: number; expected: number }
}

export interface PairProgress {
  status: ReportStatus
  reportedAt: Date
  /** The percent reported (推进中 70%): graded against the 序时进度. */
  percent?: number | null
  /** The report's 销号 review; pending: 待审核. Absent or null: none (closed at once). */
  review?: ReviewState | null
}

export function colourOf(
  task: GradedTask,
  unit: PairUnit,
  progress: PairProgress | null,
  settings: ColourSettings,
  today: string,
): PairState {
  const since = task.since !== undefined ? task.since : settings.since
  const state = grade(task.deadline, progress, { ...settings, since }, today)
  if (state.colour === 'green' || state.reason === 'under_review') return state
  if (unit.role === 'guide') return { ...state, colour: 'none', overdue: false, reason: 'guide' }
  if (unit.conditional && !progress) return { ...state, colour: 'none', overdue: false, reason: 'conditional' }
  return state
}

/**
 * A task's state across its units' pairs: the most urgent one (overdue, then not done with the
 * nearest deadline, then done), so the task is green only when every unit's 已完成 covers it. Null
 * without pairs. The 逾期 lists and the 台账's 状态 column both go by it.
 */
export function taskStateOf(states: PairState[]): PairState | null {
  const urgency = (s: PairState) => (s.overdue ? 0 : s.done ? 2 : 1)
  return states.reduce<PairState | null>(
    (a, b) => (!a || urgency(b) < urgency(a) || (urgency(b) === urgency(a) && (b.daysLeft ?? Infinity) < (a.daysLeft ?? Infinity)) ? b : a),
    null,
  )
}

/** Still the unit's to deliver: neither done nor a 已完成 awaiting 销号 (the 快到期 lists leave those out). */
export function awaitsUnit(state: PairState): boolean {
  return !state.done && state.reason !== 'under_review'
}

/** The one overdue definition (see the file comment). */
export function isOverdue(
  task: GradedTask,
  unit: PairUnit,
  progress: PairProgress | null,
  settings: ColourSettings,
  today: string,
): boolean {
  return colourOf(task, unit, progress, settings, today).overdue
}

/** A 已完成 the office has yet to close (待审核). */
export function underReview(progress: PairProgress | null | undefined): boolean {
  return progress?.status === 'done' && progress.review === 'pending'
}

/**
 * Whether the unit's latest report is a 已完成 (closed or 待审核: both answer the reminders) that covers a deadline whose period starts at `periodStart` (null: any time). */
export function doneCovers(progress: PairProgress | null | undefined, periodStart: string | null): boolean {
  return progress?.status === 'done' && (periodStart == null || chinaDate(progress.reportedAt) >= periodStart)
}

function grade(deadline: Deadline, progress: PairProgress | null, settings: ColourSettings, today: string): PairState {
  const covers = (periodStart: string | null) => doneCovers(progress, periodStart)
  const dues = gradedDues(deadline, today).filter((d) => !settings.since || d.due >= settings.since)
  const missed = dues.find((d) => d.due < today && !covers(d.periodStart))
  if (missed) return { colour: 'red', overdue: true, done: false, due: missed.due, daysLeft: daysBetween(today, missed.due), reason: 'overdue' }
  const next = dues.find((d) => d.due >= today)
  const daysLeft = next ? daysBetween(today, next.due) : null
  const base = { overdue: false, due: next?.due ?? null, daysLeft }
  // Every graded deadline is covered (an undated task: when the unit reported 已完成).
  if (dues.length ? dues.every((d) => covers(d.periodStart)) : covers(null)) {
    return underReview(progress) ? { ...base, colour: 'none', done: false, reason: 'under_review' } : { ...base, colour: 'green', done: true, reason: 'done' }
  }
  if (!next || daysLeft == null) return { ...base, colour: 'none', done: false, reason: 'no_deadline' }
  if (settings.yellowDays > 0 && daysLeft <= settings.yellowDays) return { ...base, colour: 'yellow', done: false, reason: 'due_soon' }
  const pace = behindPace(progress, settings, today, next.due)
  if (pace) return { ...base, colour: 'yellow', done: false, reason: 'behind_pace', pace }
  if (settings.blueDays > 0 && daysLeft <= settings.blueDays) return { ...base, colour: 'blue', done: false, reason: 'due_soon' }
  return { ...base, colour: 'none', done: false, reason: 'later' }
}

/** 进度30%，序时进度应达70%: the lag, when it is more than the gap; null otherwise or without a start. */
function behindPace(progress: PairProgress | null, settings: ColourSettings, today: string, due: string): PairState['pace'] | null {
  const start = settings.since
  if (!settings.paceGap || !settings.workdays || !start || start >= today || progress?.status !== 'in_progress' || progress.percent == null) return null
  const total = settings.workdays(start, due)
  if (total <= 0) return null
  const expected = Math.min(100, Math.round((100 * settings.workdays(start, today)) / total))
  return expected - progress.percent > settings.paceGap ? { percent: progress.percent, expected } : null
}

/** The windows from the environment (config.ts), with the document's issue date. */
export function colourSettingsFrom(
  config: { REMINDER_YELLOW_DAYS: number; REMINDER_BLUE_DAYS: number; PACE_YELLOW_GAP?: number },
  since: string | null = null,
): ColourSettings {
  return {
    yellowDays: config.REMINDER_YELLOW_DAYS,
    blueDays: config.REMINDER_BLUE_DAYS,
    since,
    ...(config.PACE_YELLOW_GAP ? { paceGap: config.PACE_YELLOW_GAP, workdays: (from: string, to: string) => workdaysBetween(from, to, chineseWorkCalendar) } : {}),
  }
}

/**
 * The colours' hex values, in one place for every picture of the ledger: `fill` is the 台账's cell
 * fill (light, black text on it; 'none' the grey of a unit not reported), `bar` the stronger tone of
 * the same hue for chart bars, which must read as that colour at chat-thumbnail size.
 */
export const COLOUR_HEX: Record<Colour, { fill: string; bar: string }> = {
  red: { fill: '#FFC7CE', bar: '#D9534F' },
  yellow: { fill: '#FFEB9C', bar: '#F0B429' },
  blue: { fill: '#DDEBF7', bar: '#4A86C5' },
  green: { fill: '#C6EFCE', bar: '#4CA65A' },
  none: { fill: '#EDEDED', bar: '#B8B8B8' },
}

/** The colours' one-character names (the web 台账's legend and badges). */
export const COLOUR_NAME: Record<Colour, string> = { red: '红', yellow: '黄', blue: '蓝', green: '绿', none: '无' }
