/** One model for every task-table format (text from Word, docx, xlsx). */

export type AssignmentRole = 'lead' | 'responsible' | 'guide' | 'support'
export const ASSIGNMENT_ROLES: readonly AssignmentRole[] = ['lead', 'responsible', 'guide', 'support']

export type RecurringEvery = 'yearly' | 'halfyearly' | 'quarterly' | 'monthly' | 'weekly'

/**
 * date: a calendar date (YYYY-MM-DD); recurring: every year/half-year/quarter/month;
 * ongoing: 持续推进 / 长期坚持 / 全年 or nothing; relative: 印发N日内 with no issue date to resolve against;
 * none: a deadline text we keep but cannot interpret.
 */
export type DeadlineKind = 'date' | 'recurring' | 'ongoing' | 'relative' | 'none'

export interface Deadline {
  kind: DeadlineKind
  text?: string
  date?: string
  every?: RecurringEvery
}

/** A task as written in the table: unit names are raw (as printed), not yet resolved. */
export interface ParsedTask {
  number: number
  section: string | null
  subsection: string | null
  text: string
  lead: string[]
  responsible: string[]
  guide: string[]
  support: string[]
  deadline: Deadline
  /** Number of the task whose (merged) unit cells this task shares, or null. */
  unitsInheritedFrom: number | null
  /** 1-based line (text) or row (xlsx) where the task starts, for error messages. */
  line: number
}

export interface ParsedTable {
  title: string | null
  issuer: string | null
  /** YYYY-MM-DD, from the trailer (2022年8月25日印发). */
  issuedOn: string | null
  tasks: ParsedTask[]
}

/** Raised for a table that cannot be imported; names the file and line. */
export class TableParseError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null,
  ) {
    super(line != null ? `${file}:${line}: ${message}` : `${file}: ${message}`)
    this.name = 'TableParseError'
  }
}
