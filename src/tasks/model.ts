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
  /**
   * The task's label as printed, set only when it is not `number`: where items restart at 1 in each
   * section, `number` runs in reading order (what the chat uses) and the label says 二、3 or 二（3）.
   */
  label?: string
}

export interface ParsedTable {
  title: string | null
  issuer: string | null
  /** YYYY-MM-DD, from the trailer (2022年8月25日印发). */
  issuedOn: string | null
  tasks: ParsedTask[]
  /**
   * Lines (text) or rows (tables) with text that became neither a task, a heading, the title nor
   * the trailer: shown to the office before importing, so nothing is lost silently.
   */
  unparsed: UnparsedLine[]
}

/** A line or row not understood: its 1-based line (text) or row (table) number and its text. */
export interface UnparsedLine {
  line: number
  text: string
  /** The part of the file the line number counts in (第2个表格, 工作表“任务分解”), where it has parts. */
  where?: string
}

/**
 * Why a table cannot be imported, for code to branch on (the message is for people and may be reworded).
 * too_large: over the import limit; encrypted: password-protected Office file; legacy_format: .doc/.xls;
 * unknown_format: neither text nor .docx/.xlsx (a PDF is `pdf`); corrupt: a zip, Word or Excel file that
 * does not open; zip_bomb: inflates past the limit; bad_cell: a formula cell without a usable result;
 * image: a picture where text should be; no_header: rows without a header row; no_tasks: nothing
 * numbered; no_units: a task without units and none above to inherit; time_limit / memory_limit: the
 * isolated reader stopped it.
 */
export type TableParseCode =
  | 'empty'
  | 'too_large'
  | 'encrypted'
  | 'legacy_format'
  | 'pdf'
  | 'unknown_format'
  | 'unknown_encoding'
  | 'corrupt'
  | 'zip_bomb'
  | 'bad_cell'
  | 'image'
  | 'no_header'
  | 'no_tasks'
  | 'duplicate_number'
  | 'no_units'
  | 'time_limit'
  | 'memory_limit'

/**
 * Raised for a table that cannot be imported; names the file and line, and where the file has parts
 * (工作表“任务分解”, 第2个表格) the part: "a.xlsx: 工作表“任务分解”第5行：任务编号重复…".
 */
export class TableParseError extends Error {
  constructor(
    readonly code: TableParseCode,
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
    return new TableParseError(this.code, this.reason, this.file, line, where)
  }
}
