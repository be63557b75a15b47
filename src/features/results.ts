/**
 * What handlers return besides their text: the data of `ask --json` (DESIGN.md "Chat"), typed per
 * intent, and the outcome kept on the message's inbox row.
 */
import type { ReportStatus } from '../ledger/ports.js'
import type { unitTaskListJson } from '../ledger/book.js'
import type { TaskDetailData } from './tasks/handlers.js'
import type { HandledType } from './types.js'

/** Why a message got no (or only a partial) answer; one code per cause, used by every feature. */
export type ErrorCode =
  | 'not_admin' | 'not_bound' | 'unconfirmed' | 'unknown' | 'internal' | 'unavailable' | 'unstorable' | 'given_up'
  | 'unknown_unit' | 'not_a_unit' | 'unknown_task' | 'empty_query' | 'unparsed' | 'no_mention' | 'throttled' | 'bad_code'
  | 'not_in_room' | 'unsupported' | 'download_failed' | 'bad_file' | 'unreadable' | 'evidence_quota' | 'evidence_too_large'

/** An error answer: its code, and what it concerns (the file, the task number, the unit). */
export type ErrorData = { error: ErrorCode } & Record<string, unknown>

/** An answer with no data beyond its text. */
export type NoData = Record<never, never>

export interface RecordedReport {
  task: number
  status: ReportStatus
  percent?: number
  note?: string
  expected_date?: string
}

export interface RejectedTask {
  task: number
  reason: string
}

export interface UndoneReport {
  task: number
  unit: string
}

/** The data each intent's answer carries (an error answer may carry only `error`). */
export interface ResultDataByIntent {
  help: NoData
  unknown: NoData
  bind: { unit: string; liaison?: string; others?: string[] }
  unbind: NoData
  whoami: { unit: string | null; admin: boolean; others?: string[] }
  claim_admin: { admin: true }
  enable_room: NoData
  disable_room: NoData
  import_table: {
    waiting?: boolean
    dryRun?: boolean
    file?: string
    reason?: string
    held?: string
    title?: string | null
    tasks?: number
    newUnits?: string[]
    diff?: unknown
    result?: unknown
  }
  report: { unit?: string; reports: RecordedReport[]; rejected: RejectedTask[] }
  undo: { undone: UndoneReport[] }
  unclear_report: { tasks: number[] }
  my_tasks: ReturnType<typeof unitTaskListJson>
  unit_tasks: ReturnType<typeof unitTaskListJson>
  more: NoData
  task_detail: { task: TaskDetailData } | { tasks: number[] }
  task_progress: { task: TaskDetailData }
  search: { tasks: number[] }
  due_soon: { unit: string | null; tasks: number[] }
  overdue: { unit: string | null; tasks: number[] }
  summary: { tasks: number; tasks_done: number; overdue_tasks: number[]; red: string[]; yellow: string[]; blue: string[] }
  missing: { units: { unit: string; tasks: number[] }[] }
  export: { file: string }
}

/** The passive path's answers: a recall undone, evidence attached. */
export type PassiveData = { undone: UndoneReport[] } | { evidence: number[] } | NoData

export type ResultDataOf<T extends HandledType> = ResultDataByIntent[T] | ErrorData

/** Outcomes of one word (kept as is on the inbox row). */
export type OutcomeCode =
  | 'help' | 'unknown' | 'denied' | 'not_bound' | 'unconfirmed' | 'error' | 'ignored' | 'unknown_unit' | 'not_a_unit' | 'unknown_task'
  | 'bound' | 'bound_other' | 'bind:no_mention' | 'unbound' | 'unbound_other' | 'unbind:none'
  | 'claim:ok' | 'claim:denied' | 'claim:throttled' | 'room:enabled' | 'room:disabled' | 'room:private'
  | 'import:waiting' | 'import:waiting:preview' | 'import:unavailable' | 'import:download_failed' | 'import:too_large'
  | 'import:bad_file' | 'import:unreadable' | 'import:file_held' | 'import:preview' | 'import:confirm' | 'import:done'
  | 'report:unparsed' | 'report:unclear' | 'undo:none' | 'recalled' | 'attachment:unlinked' | 'evidence' | 'evidence:quota' | 'evidence:too_large'
  | 'more' | 'more:none' | 'task_detail' | 'task_progress' | 'summary' | 'export' | 'export:unsupported'

/** Outcomes that count something: how many rows a report stored and refused, tasks listed, … */
export type CountedOutcome =
  | { code: 'report'; stored: number; rejected: number }
  | { code: 'undo' | 'recalled' | 'tasks' | 'search' | 'due_soon' | 'overdue' | 'missing'; count: number }

export type Outcome = OutcomeCode | CountedOutcome

/** The inbox row's text for an outcome ("report:2/1", "search:5"). */
export function outcomeText(outcome: Outcome): string {
  if (typeof outcome === 'string') return outcome
  return outcome.code === 'report' ? `report:${outcome.stored}/${outcome.rejected}` : `${outcome.code}:${outcome.count}`
}
