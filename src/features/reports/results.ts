import type { ReportStatus, ReviewState } from '../../ledger/ports.js'
import type { NoData } from '../results.js'

export interface RecordedReport {
  task: number
  status: ReportStatus
  /** 'pending': the 已完成 awaits 销号 (CLOSE_REQUIRES_REVIEW). */
  review?: ReviewState
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

export interface ReportsData {
  report: { unit?: string; reports: RecordedReport[]; rejected: RejectedTask[] }
  undo: { undone: UndoneReport[] }
  unclear_report: { tasks: number[] }
}

/** The passive path's answers: a recall undone, evidence attached. */
export type PassiveData = { undone: UndoneReport[] } | { evidence: number[] } | NoData

export type ReportsOutcome =
  | 'report:unparsed' | 'report:unclear' | 'undo:none' | 'recalled' | 'attachment:unlinked' | 'evidence' | 'evidence:quota' | 'evidence:too_large'
