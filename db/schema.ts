/**
 * The ledger's tables. drizzle-kit generates db/migrations from this file (`npm run db:generate`),
 * so it imports nothing but drizzle-orm (drizzle-kit loads it without our module resolution).
 */
import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
const textArray = (name: string) =>
  text(name)
    .array()
    .notNull()
    .default(sql`'{}'::text[]`)

/**
 * A government office served by the assistant (惠来县人民政府办公室): one WeChat account, one bot
 * process, its own directory, documents, rooms, people, inbox and outbox. Every other root table
 * carries office_id and every store is built for one office (db/stores.ts), so nothing of one
 * office is visible to another sharing the database.
 */
export const offices = pgTable(
  'offices',
  {
    id: serial('id').primaryKey(),
    /** The office's full name: 惠来县人民政府办公室. */
    name: text('name').notNull(),
    /** The place it governs, as the directory seed names it: 惠来县. */
    place: text('place').notNull(),
    /** 县, 区, 市 (the place's level); the unit names' prefix follows it. */
    level: text('level').notNull(),
    /** What the office's own units are prefixed with: 县 (县司法局), 区, 市. */
    prefix: text('prefix').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('offices_place_key').on(t.place), uniqueIndex('offices_name_key').on(t.name)],
)

const officeId = () =>
  integer('office_id')
    .notNull()
    .references(() => offices.id)

/** Small key/value facts about one office (the county name from the directory seed). */
export const settings = pgTable(
  'settings',
  {
    officeId: officeId(),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.key] })],
)

export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    /** Same key = same document re-imported (revised): issuer and title (src/ledger/documentKey.ts); its tasks are matched by content. */
    documentKey: text('document_key').notNull(),
    title: text('title'),
    /** What the chat calls it (营商环境第5项): taken from the title at import, the admin may change it. */
    shortName: text('short_name').notNull(),
    /** Archived documents leave the chat and the reminders and stay in the export. */
    archivedAt: timestamptz('archived_at'),
    issuer: text('issuer'),
    issuedOn: date('issued_on', { mode: 'string' }),
    sourceName: text('source_name').notNull(),
    contentHash: text('content_hash').notNull(),
    importedAt: timestamptz('imported_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('documents_office_key').on(t.officeId, t.documentKey),
    uniqueIndex('documents_office_short_name_key').on(t.officeId, t.shortName),
  ],
)

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    aliases: textArray('aliases'),
    /** Created because an imported table named a unit the directory lacked. */
    createdByImport: boolean('created_by_import').notNull().default(false),
    /** False until the office confirms an import-created unit (or a seed lists it). */
    confirmed: boolean('confirmed').notNull().default(true),
  },
  (t) => [
    uniqueIndex('units_office_name_key').on(t.officeId, t.name),
    check(
      'units_kind_check',
      sql`${t.kind} in ('dept', 'vertical', 'town', 'farm', 'party', 'enterprise', 'other')`,
    ),
  ],
)

export const unitGroups = pgTable(
  'unit_groups',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    name: text('name').notNull(),
    kinds: textArray('kinds'),
    aliases: textArray('aliases'),
  },
  (t) => [uniqueIndex('unit_groups_office_name_key').on(t.officeId, t.name)],
)

export const unitRoles = pgTable(
  'unit_roles',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    name: text('name').notNull(),
    scope: text('scope').notNull(),
  },
  (t) => [uniqueIndex('unit_roles_office_name_key').on(t.officeId, t.name)],
)

export const tasks = pgTable(
  'tasks',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    number: integer('number').notNull(),
    /** The number as printed when the table restarts numbering per section (二（3）); null: the number itself. */
    label: text('label'),
    section: text('section'),
    subsection: text('subsection'),
    text: text('text').notNull(),
    deadlineKind: text('deadline_kind').notNull(),
    deadlineText: text('deadline_text'),
    deadlineDate: date('deadline_date', { mode: 'string' }),
    deadlineEvery: text('deadline_every'),
    /** Number (not id) of the task whose merged unit cells this one shares. */
    unitsInheritedFrom: integer('units_inherited_from'),
    /** Set when a revised import no longer has the task; the row stays for its progress history. */
    removedAt: timestamptz('removed_at'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Current tasks only: a retired task keeps its old number, which a revision may give another task.
    uniqueIndex('tasks_document_number_key').on(t.documentId, t.number).where(sql`${t.removedAt} is null`),
    check(
      'tasks_deadline_kind_check',
      sql`${t.deadlineKind} in ('date', 'recurring', 'ongoing', 'relative', 'none')`,
    ),
  ],
)

export const assignments = pgTable(
  'assignments',
  {
    id: serial('id').primaryKey(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    targetType: text('target_type').notNull(),
    target: text('target').notNull(),
  },
  (t) => [
    uniqueIndex('assignments_task_role_target_key').on(t.taskId, t.role, t.targetType, t.target),
    // "Which tasks is unit X assigned" straight from SQL (exports, ad-hoc reports).
    index('assignments_target_idx').on(t.targetType, t.target),
    check('assignments_role_check', sql`${t.role} in ('lead', 'responsible', 'guide', 'support')`),
    check('assignments_target_type_check', sql`${t.targetType} in ('unit', 'group', 'role')`),
  ],
)

/**
 * Units a revision removed from a task after they had reported on it: their reports stay with the
 * task and are shown marked (“已不在本项责任单位中”) instead of disappearing.
 */
export const taskFormerUnits = pgTable(
  'task_former_units',
  {
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    unit: text('unit').notNull(),
    /** The role the unit had before the revision. */
    role: text('role').notNull(),
    droppedAt: timestamptz('dropped_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.unit] })],
)

export const rooms = pgTable(
  'rooms',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    /** WeChat's room id of the current login; changes between web logins. */
    wechatId: text('wechat_id').notNull(),
    /** The stable key: rooms are found again by topic after a re-login. */
    topic: text('topic').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rooms_office_topic_key').on(t.officeId, t.topic), index('rooms_wechat_id_idx').on(t.wechatId)],
)

export const liaisons = pgTable(
  'liaisons',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    /** One binding per person: a contact is the liaison of at most one unit of the office. */
    contactId: text('contact_id').notNull(),
    name: text('name').notNull(),
    alias: text('alias'),
    unit: text('unit').notNull(),
    boundBy: text('bound_by'),
    boundAt: timestamptz('bound_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('liaisons_office_contact_key').on(t.officeId, t.contactId),
    index('liaisons_unit_idx').on(t.unit),
    index('liaisons_alias_idx').on(t.alias),
    index('liaisons_name_idx').on(t.name),
  ],
)

export const admins = pgTable(
  'admins',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    contactId: text('contact_id').notNull(),
    name: text('name').notNull(),
    alias: text('alias'),
    addedAt: timestamptz('added_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('admins_office_contact_key').on(t.officeId, t.contactId)],
)

export const inbox = pgTable(
  'inbox',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    /** WeChat's message id: a redelivered message hits this key and is not handled twice. */
    messageId: text('message_id').notNull(),
    roomId: text('room_id'),
    roomTopic: text('room_topic'),
    senderId: text('sender_id').notNull(),
    senderName: text('sender_name').notNull(),
    text: text('text').notNull(),
    receivedAt: timestamptz('received_at').notNull(),
    /** The whole ChatMessage (mention, quote, kind…), so a message stored before a crash is handled after it. */
    payload: jsonb('payload'),
    handledAt: timestamptz('handled_at'),
    outcome: text('outcome'),
  },
  (t) => [
    uniqueIndex('inbox_office_message_key').on(t.officeId, t.messageId),
    index('inbox_received_at_idx').on(t.receivedAt),
    // Recovery at start-up looks only at what was stored and never handled.
    index('inbox_unhandled_idx').on(t.receivedAt).where(sql`${t.handledAt} is null`),
  ],
)

/**
 * A chat import waiting for its other half (src/ledger/importWaits.ts): an admin's 导入 / 预览导入
 * waiting for the file, or a file held (and maybe previewed) waiting for 导入 / 确认导入. At most one
 * per sender and chat; kept in the database so a restart in between does not lose it.
 */
export const chatImportWaits = pgTable(
  'chat_import_waits',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    /** Null: a private chat. Matched by id or topic (ids change at a re-login), as the inbox is. */
    roomId: text('room_id'),
    roomTopic: text('room_topic'),
    senderId: text('sender_id').notNull(),
    senderName: text('sender_name').notNull(),
    /** The command waiting for a file: null when none; true for 预览导入. */
    commandDryRun: boolean('command_dry_run'),
    commandAt: timestamptz('command_at'),
    /** The held file, saved under DATA_DIR/imports by the adapter. */
    filePath: text('file_path'),
    fileName: text('file_name'),
    fileAt: timestamptz('file_at'),
    /** Its diff that needs confirmation was shown: 确认导入 may import it. */
    diffShown: boolean('diff_shown').notNull().default(false),
    /** 导入 营商环境: the document (by the name the admin wrote) the table revises, whatever its title. */
    intoDocument: text('into_document'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [index('chat_import_waits_sender_idx').on(t.senderName)],
)

/**
 * A question the bot asked back and the message it is about: 第5项已完成 where two active documents
 * have a 第5项 for the sender's unit. The answer (1, or a document's name) within a few minutes
 * handles the kept message with that document. At most one per sender and chat; in the database so
 * a restart in between loses nothing.
 */
export const pendingChoices = pgTable(
  'pending_choices',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    /** Null: a private chat. Matched by id or topic, as the inbox is. */
    roomId: text('room_id'),
    roomTopic: text('room_topic'),
    senderId: text('sender_id').notNull(),
    senderName: text('sender_name').notNull(),
    /** The whole ChatMessage asked about (its id stays the reports' source). */
    message: jsonb('message').notNull(),
    /** The documents offered, in the order shown (1, 2, …). */
    documentIds: integer('document_ids').array().notNull(),
    askedAt: timestamptz('asked_at').notNull(),
  },
  (t) => [index('pending_choices_sender_idx').on(t.officeId, t.senderId)],
)

export const progressReports = pgTable(
  'progress_reports',
  {
    id: serial('id').primaryKey(),
    // No cascade: progress is the ledger and outlives any task row change.
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    /** The task's office, kept here so per-sender and per-unit lookups never leave the office. */
    officeId: officeId(),
    unit: text('unit').notNull(),
    status: text('status').notNull(),
    percent: integer('percent'),
    note: text('note'),
    expectedDate: date('expected_date', { mode: 'string' }),
    liaisonContactId: text('liaison_contact_id').notNull(),
    liaisonName: text('liaison_name').notNull(),
    sourceMessageId: text('source_message_id').notNull(),
    reportedAt: timestamptz('reported_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    // A redelivered message records each (task, unit) once.
    uniqueIndex('progress_reports_source_task_unit_key').on(t.sourceMessageId, t.taskId, t.unit),
    // latest(): DISTINCT ON (task_id, unit) ORDER BY reported_at DESC.
    index('progress_reports_task_unit_reported_idx').on(t.taskId, t.unit, t.reportedAt.desc()),
    // lastBySender(): the sender's newest report.
    index('progress_reports_liaison_reported_idx').on(t.officeId, t.liaisonContactId, t.reportedAt.desc()),
    check(
      'progress_reports_status_check',
      sql`${t.status} in ('done', 'in_progress', 'not_started', 'blocked')`,
    ),
    check('progress_reports_percent_check', sql`${t.percent} between 0 and 100`),
  ],
)

/**
 * The newest unrevoked report per (task, unit), kept by ProgressStore's own writes. Every reply
 * shows these; read from progress_reports with DISTINCT ON they cost a sort of the document's whole
 * history (16 ms at 9,000 reports, growing every month), read from here one row per pair.
 */
export const progressLatest = pgTable(
  'progress_latest',
  {
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    unit: text('unit').notNull(),
    reportId: integer('report_id')
      .notNull()
      .references(() => progressReports.id),
    /** The report's reported_at, so a newer report replaces it without a join. */
    reportedAt: timestamptz('reported_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.unit] })],
)

export const reportEvidence = pgTable(
  'report_evidence',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => progressReports.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    storedPath: text('stored_path'),
    /** Bytes stored on disk (null: only the name is kept), for the per-unit daily quota. */
    sizeBytes: integer('size_bytes'),
    sourceMessageId: text('source_message_id').notNull(),
    receivedAt: timestamptz('received_at').notNull(),
  },
  (t) => [
    // One evidence message carries one file: a redelivery attaches it once.
    uniqueIndex('report_evidence_report_source_key').on(t.reportId, t.sourceMessageId),
    check('report_evidence_kind_check', sql`${t.kind} in ('image', 'file')`),
  ],
)

/**
 * 销号: a unit's 已完成 awaits the office's check when CLOSE_REQUIRES_REVIEW is on. One open
 * (pending) review per (task, unit); a new 已完成 on the pair moves it to that report. Closed and
 * returned reviews stay as the record of who decided what and when.
 */
export const closureReviews = pgTable(
  'closure_reviews',
  {
    id: serial('id').primaryKey(),
    officeId: officeId(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    unit: text('unit').notNull(),
    /** The 已完成 report under review. */
    reportId: integer('report_id')
      .notNull()
      .references(() => progressReports.id),
    state: text('state').notNull().default('pending'),
    /** Why it was returned (退回 … 请补充佐证材料). */
    reason: text('reason'),
    /** The admin who decided: their display name. */
    decidedBy: text('decided_by'),
    decidedAt: timestamptz('decided_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('closure_reviews_open_key').on(t.officeId, t.taskId, t.unit).where(sql`${t.state} = 'pending'`),
    index('closure_reviews_report_idx').on(t.reportId),
    check('closure_reviews_state_check', sql`${t.state} in ('pending', 'closed', 'returned')`),
  ],
)

export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    /** The office whose WeChat account sends it: a process claims only its own office's items. */
    officeId: officeId(),
    /** Written before sending: a restart or a second process never sends the same key twice. */
    dedupeKey: text('dedupe_key').notNull(),
    roomId: text('room_id'),
    roomTopic: text('room_topic'),
    text: text('text').notNull(),
    mentionIds: textArray('mention_ids'),
    filePath: text('file_path'),
    plannedFor: timestamptz('planned_for').notNull(),
    sentAt: timestamptz('sent_at'),
    /** Times claimed for sending; counted at claim so a crash mid-send also counts. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    claimedBy: text('claimed_by'),
    claimedAt: timestamptz('claimed_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  // claimDue() scans only unsent items by due time.
  (t) => [
    uniqueIndex('outbox_office_dedupe_key').on(t.officeId, t.dedupeKey),
    index('outbox_due_idx').on(t.officeId, t.plannedFor).where(sql`${t.sentAt} is null`),
  ],
)
