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
  /** Columns kept as a note, not as units: 责任领导：张三；备注：… (tables only). */
  note?: string
}

export interface ParsedTable {
  title: string | null
  issuer: string | null
  /** YYYY-MM-DD, from the trailer (2022年8月25日印发). */
  issuedOn: string | null
  tasks: ParsedTask[]
}

/**
 * Raised for a table that cannot be imported; names the file and line, and where the file has parts
 * (工作表“任务分解”, 第2个表格) the part: "a.xlsx: 工作表“任务分解”第5行：任务编号重复…".
 */
export class TableParseError extends Error {
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line: number | null,
    readonly where: string | null = null,
  ) {
    super(
      where
        ? `${file}: ${where}${line != null ? `第${line}行` : ''}：${reason}`
        : line != null
          ? `${file}:${line}: ${reason}`
          : `${file}: ${reason}`,
    )
    this.name = 'TableParseError'
  }

  /** The same error placed in a part of the file, its line mapped to that part's own numbering. */
  at(where: string, line: number | null = this.line): TableParseError {
    return new TableParseError(this.reason, this.file, line, where)
  }
}
