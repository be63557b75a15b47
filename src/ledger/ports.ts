/**
 * What the use cases need from storage. db/ implements these with drizzle (PGlite or Postgres);
 * src/ never sees a driver. Tasks and the directory are small (hundreds of rows per county), so
 * queries run on an in-memory TaskBook loaded once and reloaded after an import.
 */
import type { AssignmentRole, Deadline } from '../tasks/model.js'
import type { DirectoryData, UnitDef } from '../units/model.js'
import type { ChatMessage } from '../chat.js'
import type { ReportStatus, ReviewState } from '../domain/status.js'

export type AssignmentTargetType = 'unit' | 'group' | 'role'

export interface BookAssignment {
  role: AssignmentRole
  targetType: AssignmentTargetType
  /** Canonical unit name, or the group's / role's own name. */
  target: string
}

/** A task ready to store: unit names already resolved to canonical names. */
export interface ImportTask {
  number: number
  /** The number as printed when the table restarts numbering per section (二（3）); absent or null: the number. */
  label?: string | null
  section: string | null
  subsection: string | null
  text: string
  deadline: Deadline
  unitsInheritedFrom: number | null
  assignments: BookAssignment[]
}

/** A stored task: what was imported, plus its row and document. */
export interface BookTask extends ImportTask {
  id: number
  documentId: number
  /** The task's label as printed (二、3) where it is not `number` (ParsedTask.label); absent until stored. */
  label?: string | null
  /** Its document's issue date: deadlines that passed before it are not graded (src/domain/colour.ts). */
  since?: string | null
  /**
   * Units a revision removed from the task after they had reported on it: their reports stay with
   * the task, shown marked. Absent when there are none.
   */
  formerUnits?: FormerUnit[]
}

export interface FormerUnit {
  unit: string
  /** The role the unit had before the revision dropped it. */
  role: AssignmentRole
}

export interface BookDocument {
  id: number
  /** What the chat calls it (营商环境第5项, 归档 营商环境): from the title, changeable by the admin. */
  shortName: string
  /** Its place in the office's documents, archived ones included (文件2第5项): stable across archiving. */
  ordinal: number
  /** Archived: out of the chat and the reminders, still in the export. */
  archived: boolean
  title: string | null
  issuer: string | null
  issuedOn: string | null
  sourceName: string
  importedAt: Date
}

export interface TaskBook {
  /**
   * The office's documents in import order: the active ones (and the archived ones too when loaded
   * with `archived: true`). Empty when nothing is imported yet.
   */
  documents: BookDocument[]
  /** The current tasks of those documents, by document then number. */
  tasks: BookTask[]
  directory: DirectoryData
}


export interface ImportInput {
  /** Identifies "the same document" across re-imports of a revised file (issuer + title + issue date, or the file name). */
  documentKey: string
  title: string | null
  issuer: string | null
  issuedOn: string | null
  sourceName: string
  contentHash: string
  /** Units the directory did not know; stored so later imports and queries resolve them. */
  newUnits: UnitDef[]
  /** Alternate names learnt from the table (县工业和信息化局（县商务局）), added to known units. */
  newAliases?: { unit: string; alias: string }[]
  tasks: ImportTask[]
}

/** A matched task whose number, text, units or deadline the revision changes. */
export interface TaskRevision {
  taskId: number
  number: number
  previousNumber: number
  text: string
  /** The text before, when the revision changed it. */
  previousText: string | null
  unitsAdded: string[]
  unitsRemoved: string[]
  deadlineChanged: boolean
  /** Units with a current report on the task. */
  reported: number
  /** Reporting units the revision no longer assigns: their reports stay, marked. */
  droppedReporters: FormerUnit[]
}

/** What an import changes, shown before it is made (预览导入, import --dry-run) and after. */
export interface RevisionDiff {
  /** revision: the table revises a stored document; new: another document (or the first). */
  document: 'revision' | 'new'
  /** The document's short name: the one it has (a revision) or will have (营商环境, 文件2). */
  documentName: string
  added: { number: number; text: string }[]
  removed: { taskId: number; number: number; text: string; reported: number }[]
  changed: TaskRevision[]
  unchanged: number
  /** Reported tasks renumbered or removed, or reporting units dropped: confirm first. */
  needsConfirmation: boolean
}

export interface ImportOptions {
  /** Plan only: compute the diff, write nothing. */
  dryRun?: boolean
  /** The admin's choice: the table revises this stored document whatever its title. */
  into?: number
  /** The admin confirmed a diff that moves or drops reported tasks. */
  confirmed?: boolean
}

export interface ImportResult {
  /** False for a dry run and for an unconfirmed import that needed confirmation: nothing was written. */
  applied: boolean
  diff: RevisionDiff
  /** The stored document revised or created; null when nothing was written and the document is new. */
  documentId: number | null
  documentCreated: boolean
  tasksInserted: number
  tasksUpdated: number
  tasksUnchanged: number
  /** Tasks of an earlier import that the revised table no longer has (kept, marked removed). */
  tasksRemoved: number
}

export interface TaskStore {
  /** Upserts the directory from a seed file (units, groups, roles); never deletes. */
  seedDirectory(data: DirectoryData): Promise<void>
  /** One transaction: document (by key), new units, tasks matched by content (src/ledger/revision.ts), assignments replaced. */
  importTable(input: ImportInput, options?: ImportOptions): Promise<ImportResult>
  /** The active documents and their tasks; with `archived`, the archived ones as well (the export). */
  loadBook(options?: { archived?: boolean }): Promise<TaskBook>
  /** Current tasks of the active documents. */
  countTasks(): Promise<number>
  /** Archives (true) or restores a document; false when it does not exist or is already so. */
  setArchived(documentId: number, archived: boolean): Promise<boolean>
  /** Renames a document's short name; false when another document of the office has that name. */
  renameDocument(documentId: number, shortName: string): Promise<boolean>
}

export interface RoomRecord {
  wechatId: string
  topic: string
  enabled: boolean
}

export interface RoomStore {
  get(wechatId: string, topic: string | null): Promise<RoomRecord | null>
  /** Enables or disables by id, remembering the topic so the room is found again after a re-login. */
  setEnabled(wechatId: string, topic: string, enabled: boolean): Promise<void>
  /** After login: rooms are re-resolved by topic, so stored ids follow WeChat's new ids. */
  updateIds(rooms: { wechatId: string; topic: string }[]): Promise<void>
  list(): Promise<RoomRecord[]>
}

export interface Liaison {
  contactId: string
  name: string
  alias: string | null
  unit: string
  boundBy: string | null
  boundAt: Date
}

export interface LiaisonStore {
  /** Binds (or re-binds) a contact; `alias` undefined keeps the stored 备注 (an admin binding someone by @). */
  bind(liaison: Omit<Liaison, 'boundAt' | 'alias'> & { alias?: string | null }): Promise<void>
  unbind(contactId: string): Promise<boolean>
  /** By this login's id, then by 备注 (ids change across web logins); never by display name. */
  find(contact: { contactId: string; name: string; alias?: string | null }): Promise<Liaison | null>
  listByUnit(unit: string): Promise<Liaison[]>
  list(): Promise<Liaison[]>
  /** After login: re-attach stored liaisons (and claimed admins) to the contacts' current ids by 备注 only. */
  updateIds(contacts: { contactId: string; name: string; alias: string | null }[]): Promise<void>
}

export interface AdminRecord {
  contactId: string
  name: string
  alias: string | null
}

/** What the pipeline needs to know about one message's room and sender, and whether it is stored. */
export interface Intake {
  /** The stored room (null for a private chat, or a room never enabled or disabled here). */
  room: RoomRecord | null
  liaison: Liaison | null
  /**
   * A stored liaison whose display name this sender has but whose id and 备注 are not theirs: the
   * same person under a new id, or someone who took the nickname. Grants nothing; they confirm again.
   */
  namesake: Liaison | null
  /** A claimed or stored admin (configured ADMINS are the assistant's to add). */
  isAdmin: boolean
  /** The inbox row's state as InboxStore.store says it; null: not stored (the rule did not allow it). */
  state: InboxState | null
}

/** When an incoming message is stored: the room's state is read in the same statement. */
export interface IntakeRule {
  /** Stored whatever the room says (a private chat). */
  always: boolean
  /** Stored when the room has no stored state (its topic is in ENABLED_ROOMS). */
  enabledByConfig: boolean
  /** Also stored when a stored admin sent it (启用本群 in a room not enabled yet). */
  ifAdmin: boolean
}

export interface IntakeStore {
  /**
   * The room (by id, then by topic as RoomStore.get), the sender's binding (as LiaisonStore.find)
   * and admin role (as AdminStore.isAdmin), and the message stored in the inbox where the room is
   * enabled by its stored state or `rule` (as InboxStore.store): one statement, since every message
   * needs all of it.
   */
  receive(message: ChatMessage, rule: IntakeRule, durability?: Durability): Promise<Intake>
}

export interface AdminStore {
  add(admin: AdminRecord): Promise<void>
  isAdmin(contact: { contactId: string; name: string; alias?: string | null }): Promise<boolean>
  count(): Promise<number>
  list(): Promise<AdminRecord[]>
}

/**
 * Thrown by IntakeStore.receive and InboxStore.store when the database refuses the message itself
 * (its content, not the connection): retrying cannot help, so the sender is told at once and the
 * message is not kept for a retry.
 */
export class UnstorableMessageError extends Error {
  constructor(readonly messageId: string, options?: { cause?: unknown }) {
    super('the ledger refused to store this message', options)
    this.name = 'UnstorableMessageError'
  }
}

export type InboxState = 'new' | 'seen' | 'handled'

/**
 * How an inbox write is committed. 'durable' (the default) returns once the row is on disk.
 * 'relaxed' returns before the disk flush (Postgres asynchronous commit, flushed within a fraction
 * of a second): a killed bot process loses nothing, only a crash of the database server itself in
 * that fraction of a second can. Used for questions, which change nothing in the ledger, so that
 * answering them costs no disk flush; reports and every other write stay durable.
 */
export type Durability = 'durable' | 'relaxed'

export interface InboxStore {
  /** Stores the message before anything else happens; says whether it was new, stored but unhandled, or handled. */
  store(message: ChatMessage, durability?: Durability): Promise<InboxState>
  markHandled(messageId: string, outcome: string, durability?: Durability): Promise<void>
  /** Messages stored but never handled (the process died in between), oldest first. */
  pending(limit: number): Promise<ChatMessage[]>
}

/** Moved to the domain model; kept here so storage code imports its types from one place. */
export type { ReportStatus } from '../domain/status.js'

export interface NewProgressReport {
  taskId: number
  unit: string
  status: ReportStatus
  percent: number | null
  note: string | null
  expectedDate: string | null
  liaisonContactId: string
  liaisonName: string
  sourceMessageId: string
  reportedAt: Date
}

export interface ProgressReport extends NewProgressReport {
  id: number
  revokedAt: Date | null
  /** The 销号 review of this report (a 已完成 with CLOSE_REQUIRES_REVIEW), as latest() reads it; absent or null: none. */
  review?: ReviewState | null
}

export type { ReviewState } from '../domain/status.js'

/** A 已完成 awaiting the office's check, as the 待销号 queue lists it. */
export interface PendingReview {
  id: number
  taskId: number
  unit: string
  reportId: number
  /** The report's note (报送内容) and the liaison who sent it. */
  note: string | null
  liaisonContactId: string
  liaisonName: string
  reportedAt: Date
  /** Evidence files attached to the report. */
  evidence: number
  /** The room the report was sent in (null: a private chat): where a return is told. */
  roomId: string | null
  roomTopic: string | null
}

export interface ReviewStore {
  /**
   * Open reviews whose report is still the pair's latest (a later report or an undo takes it out of
   * the queue), oldest first; only for these tasks when given.
   */
  pending(filter?: { taskIds?: number[] }): Promise<PendingReview[]>
  /** 同意销号: closes an open review; false when it was no longer open (decided meanwhile). */
  close(reviewId: number, decision: { by: string; at: Date }): Promise<boolean>
  /**
   * 退回: closes the review as returned and, in the same statement, records an in_progress report
   * by the admin with the reason as its note, so the pair is chased again. Null when no longer open.
   */
  return(reviewId: number, decision: { by: string; byContactId: string; reason: string; at: Date; sourceMessageId: string }): Promise<ProgressReport | null>
}

export interface EvidenceInput {
  reportId: number
  kind: 'image' | 'file'
  fileName: string
  storedPath: string | null
  /** Bytes stored (null or absent: nothing stored, only the name). */
  sizeBytes?: number | null
  sourceMessageId: string
  receivedAt: Date
}

/** One evidence file as the 台账 lists it. */
export interface EvidenceFile {
  taskId: number
  unit: string
  kind: 'image' | 'file'
  fileName: string
  receivedAt: Date
}

export interface RecordOptions {
  /**
   * CLOSE_REQUIRES_REVIEW: each 已完成 stored opens its pair's 销号 review in the same statement
   * (or moves the pair's open review to it); the rows returned carry review 'pending'.
   */
  review?: boolean
}

export interface ProgressStore {
  /**
   * One transaction; a (source message, task, unit) already recorded is not recorded twice. Returns
   * the rows stored now. With `handled`, the same statement marks that inbox message handled, so a
   * report costs one commit and the mark can never be lost apart from the rows.
   */
  record(reports: NewProgressReport[], handled?: { messageId: string; outcome: string } | null, opts?: RecordOptions): Promise<ProgressReport[]>
  /** The sender's latest unrevoked reports from one source message, reported at or after `since`. */
  lastBySender(liaisonContactId: string, since: Date): Promise<ProgressReport[]>
  revoke(reportIds: number[], at: Date): Promise<number>
  /**
   * A recall: revokes the reports of that message only when the recall's sender sent it in the same
   * chat (roomId null: a private chat), as the inbox recorded it; anyone else's recall revokes nothing.
   */
  revokeBySource(source: { messageId: string; senderId: string; roomId: string | null }, at: Date): Promise<ProgressReport[]>
  /** Latest unrevoked report per (task, unit); only for these tasks when given (the active document's). */
  latest(filter?: { taskIds?: number[] }): Promise<ProgressReport[]>
  history(taskId: number): Promise<ProgressReport[]>
  addEvidence(evidence: EvidenceInput): Promise<void>
  /** Evidence attached to the unrevoked reports on these tasks, oldest first (the 台账's 佐证材料). */
  evidenceOf(filter: { taskIds: number[] }): Promise<EvidenceFile[]>
  /** Evidence files of a unit's reports received at or after `since`: how many, and their stored bytes. */
  evidenceUsage(unit: string, since: Date): Promise<{ files: number; bytes: number }>
}

export interface OutboxItem {
  id: number
  dedupeKey: string
  roomId: string | null
  roomTopic: string | null
  text: string
  mentionIds: string[]
  filePath: string | null
  plannedFor: Date
  sentAt: Date | null
  attempts: number
  lastError: string | null
  /** When its send began (the "sending" mark); null while waiting or after a failed send. */
  claimedAt: Date | null
}

export interface OutboxStore {
  /** Inserts unless the key exists; returns true when this call created it. */
  enqueue(item: Omit<OutboxItem, 'id' | 'sentAt' | 'attempts' | 'lastError' | 'claimedAt'>): Promise<boolean>
  /** Whether an item with this key was ever queued (the outbox keeps every message it sent). */
  has(dedupeKey: string): Promise<boolean>
  /**
   * Claims due unsent unclaimed items (FOR UPDATE SKIP LOCKED), so two processes never send the same
   * one. The claim is the committed "sending" mark: only markFailed releases it.
   */
  claimDue(now: Date, limit: number, claimer: string): Promise<OutboxItem[]>
  markSent(id: number, at: Date): Promise<void>
  /** The send failed (nothing went out): records why and releases the item for a retry. */
  markFailed(id: number, error: string): Promise<void>
  /**
   * Items whose send began long ago and was never marked sent or failed (a process died in between):
   * they may or may not have gone out, so they are never sent again by themselves; the admin is told.
   */
  unconfirmed(now: Date): Promise<OutboxItem[]>
  /**
   * The admin's decision on an unconfirmed item: 'resend' releases it to the dispatcher, 'dismiss'
   * leaves it unsent for good. False when the item is not (or no longer) unconfirmed.
   */
  settleUnconfirmed(id: number, decision: 'resend' | 'dismiss'): Promise<boolean>
  list(): Promise<OutboxItem[]>
}

/** Who a chat import belongs to: a sender in one chat (ids change at a re-login: topic and name match too). */
export type ChatParty = Pick<ChatMessage, 'roomId' | 'roomTopic' | 'senderId' | 'senderName'>

/** A chat import waiting for its other half (src/ledger/importWaits.ts). */
export interface ImportWait {
  /** 导入 营商环境: the document the admin named for this import; null: by the table's title. */
  into?: string | null
  /** 导入 (dryRun false) or 预览导入 waiting for the file. */
  command: { dryRun: boolean; at: Date } | null
  /** A file held for 导入, or previewed; diffShown: its diff needing confirmation was shown (确认导入). */
  file: { path: string; fileName: string; at: Date; diffShown: boolean } | null
}

export interface ImportWaitStore {
  /** The party's waiting import (the room by id or topic, the sender by id or name: ids change at a re-login); parts dated before `since` left out. Null: none. */
  get(party: ChatParty, since: Date): Promise<ImportWait | null>
  /** Replaces the party's waiting import (nothing left: removed) and forgets every one last changed before `since`. */
  set(party: ChatParty, wait: ImportWait, at: Date, since: Date): Promise<void>
}

/** A question asked back about a message (which document's 第5项): src/ledger/documentScope.ts. */
export interface PendingChoice {
  message: ChatMessage
  /** The documents offered, in the order shown. */
  documentIds: number[]
  askedAt: Date
}

export interface ChoiceStore {
  /** The party's open question asked at or after `since`; null: none. */
  get(party: ChatParty, since: Date): Promise<PendingChoice | null>
  /** Replaces the party's open question (null: answered, removed). */
  set(party: ChatParty, choice: PendingChoice | null): Promise<void>
}

export interface NoticeStore {
  /**
   * The next 督办通知单 number of the office for that year (1, 2, …): one atomic increment, so two
   * processes never get the same number and a number once given is never given again.
   */
  nextNumber(year: number): Promise<number>
}

export interface Stores {
  tasks: TaskStore
  rooms: RoomStore
  liaisons: LiaisonStore
  admins: AdminStore
  intake: IntakeStore
  inbox: InboxStore
  progress: ProgressStore
  outbox: OutboxStore
  importWaits: ImportWaitStore
  choices: ChoiceStore
  reviews: ReviewStore
  notices: NoticeStore
}
