/** What every chat handler receives: the message, its parsed intent, who sent it, and the stores. */
import type { ChatMessage, OutgoingMessage } from '../chat.js'
import type { Config } from '../config.js'
import type { Intent } from '../features/intent.js'
import type { ParsedTable } from '../tasks/model.js'
import type { UnitDirectory } from '../units/directory.js'
import type { Liaison, Stores, TaskBook } from './ports.js'
import type { ReplyContext } from '../replies/tasks.js'
import type { ClaimThrottle } from './claimThrottle.js'
import type { Outcome } from '../features/results.js'
import type { SupervisionNotice } from './notices.js'
import type { Bulletin } from './bulletin.js'
import type { ProgressChartData } from './chartData.js'

/** The logging the core needs; bot/ passes a pino child logger. */
export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  child(bindings: object): Logger
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger
  },
}

export type AssistantConfig = Pick<
  Config,
  | 'BOT_NAME' | 'ADMINS' | 'ENABLED_ROOMS' | 'REPLAY_MAX_AGE_SECONDS' | 'UNDO_WINDOW_MINUTES' | 'EVIDENCE_WINDOW_MINUTES' | 'PAGE_CHARS' | 'DATA_DIR' | 'IMPORT_MAX_MB' | 'ADMIN_ROOM'
  | 'EVIDENCE_MAX_MB' | 'EVIDENCE_DAILY_FILES' | 'EVIDENCE_DAILY_MB'
  | 'REMINDER_YELLOW_DAYS' | 'REMINDER_BLUE_DAYS' | 'WEB_TOKEN_MINUTES' | 'CLOSE_REQUIRES_REVIEW' | 'PACE_YELLOW_GAP'
>

export interface Sender {
  contactId: string
  name: string
  alias: string | null
  liaison: Liaison | null
  /** See Intake.namesake: a liaison this sender is only named like. */
  namesake: Liaison | null
  isAdmin: boolean
}

/** D: the answer's data for `ask --json`, typed per intent (src/features/results.ts). */
export interface HandlerResult<D extends object = object> {
  /** Reply pages; each becomes one message @-mentioning the sender. Empty: no answer. */
  pages: string[]
  data?: D
  /** Files to send after the text (the exported ledger). */
  files?: string[]
  /** Messages to other people than the sender (an admin told of a second liaison). */
  notices?: OutgoingMessage[]
  /** What was done, kept on the inbox row (outcomeText). */
  outcome?: Outcome
  /** The handler's own write already marked the inbox row handled (a report and its mark are one commit). */
  markedHandled?: boolean
}

/** I: the intent this handler is for (see Handler in src/features/types.ts). */
export interface HandlerContext<I extends Intent = Intent> {
  msg: ChatMessage
  intent: I
  sender: Sender
  stores: Stores
  /** The task book, scoped to one document when the message is about one of several (documentScope.ts). */
  book: TaskBook
  /** That document's short name when the office has several active (replies name it); null otherwise. */
  documentName?: string | null
  /** The office this assistant serves (惠来县人民政府办公室), for what it issues; null when not known. */
  officeName?: string | null
  dir: UnitDirectory
  now: Date
  today: string
  config: AssistantConfig
  log: Logger
  replyContext(): Promise<ReplyContext>
  /** Drops the cached task book (after an import or a new unit). */
  invalidateBook(): void
  /** Remembers the rest of a long answer for "更多". */
  setMorePages(pages: string[]): void
  takeMorePage(): string | null
  /** The one-time admin claim code, or null once claimed. */
  claimCode: { current: string | null }
  claimThrottle: ClaimThrottle
  services: AssistantServices
}

/** A downloaded attachment, or one refused for its size (declared by WeChat or counted while streaming; nothing kept). */
export type SavedAttachment = { path: string; bytes: number } | { tooLarge: true; bytes: number | null }

/** Bytes under DATA_DIR by use; database null where its size is not cheap to know (PostgreSQL). */
export interface DataDirUsage {
  evidence: number
  imports: number
  /** Exported 台账 and the chart pictures sent in the chat. */
  exports: number
  database: number | null
}

/** Things only the adapters can do, injected into the core. */
export interface AssistantServices {
  /**
   * Saves an image/file message under DATA_DIR (task tables to import apart from evidence), at most
   * maxBytes: a larger file is refused before or while downloading and nothing of it stays on disk.
   * Null when the puppet cannot give the file.
   */
  saveAttachment?(msg: ChatMessage, opts: { purpose: 'import' | 'evidence'; maxBytes: number }): Promise<SavedAttachment | null>
  /** Deletes an import file saved by saveAttachment once it is imported or refused. */
  discardUpload?(path: string): Promise<void>
  /** Disk used under DATA_DIR, for the admin's 进度汇总. */
  dataDirUsage?(): Promise<DataDirUsage>
  /**
   * Writes the bot's own 备注 on a contact bound to a unit (the office's text kept, a marker with the
   * unit added), so that a later login finds them by it; the 备注 now set, or null when the puppet cannot.
   */
  markLiaison?(contactId: string, unit: string): Promise<string | null>
  /**
   * Draws the progress chart (units by status) as a PNG under DATA_DIR/charts and returns its path;
   * 进度汇总 and the monthly digest send it after their text. Absent: no picture, the text alone.
   */
  renderProgressChart?(data: ProgressChartData, today: string): Promise<string>
  /**
   * A link to the web 台账 with a fresh token (网页台账); null when the web server is not running.
   */
  webLedgerLink?(): Promise<string | null>
  /** Writes the monthly 通报 draft as .docx (render/bulletinDocx.ts), with the chart PNG when drawn; returns its path. */
  writeBulletin?(bulletin: Bulletin, chartPath: string | null): Promise<string>
  /** Writes a 督办通知单 as .docx (render/noticeDocx.ts) under DATA_DIR/notices and returns its path. */
  writeNotice?(notice: SupervisionNotice): Promise<string>
  /** Writes the ledger export and returns the file path. */
  exportLedger?(format: 'xlsx' | 'csv' | 'json'): Promise<string>
  /**
   * Reads a saved upload as a task table (format sniffed from the content, at most maxBytes);
   * throws TableParseError naming fileName for a file that cannot be imported.
   */
  readUploadedTable?(path: string, opts: { fileName: string; maxBytes: number }): Promise<{ table: ParsedTable; contentHash: string }>
}
