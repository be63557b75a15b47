/**
 * The jobs' work, without the scheduler: load the ledger, plan, and write every message to the outbox
 * under its unique key (a second run, a restart or a second process adds nothing). The dispatcher
 * sends what is queued. The CLI's `remind` runs the same function.
 */
import { chinaDate } from '../src/clock.js'
import type { Logger } from '../src/ledger/context.js'
import type { Stores } from '../src/ledger/ports.js'
import { planDigest, type Digest } from '../src/reminders/digest.js'
import type { ProgressChartData } from '../src/ledger/chartData.js'
import { assignRooms, planReminders, type ReminderBatch, type ReminderKind, type ReminderRoom, type ReminderSettings } from '../src/reminders/plan.js'
import type { WorkCalendar } from '../src/tasks/calendar.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { bulletinOf, type Bulletin } from '../src/ledger/bulletin.js'
import { buildLedgerRows } from '../src/ledger/ledgerRows.js'
import { indexLatest, pairOf, progressKey, unitsOfTask } from '../src/ledger/book.js'
import { taskName } from '../src/ledger/documentScope.js'
import type { BookTask } from '../src/ledger/ports.js'
import { colourOf, DEFAULT_COLOUR_SETTINGS, type PairState } from '../src/domain/colour.js'
import { officeOfPlace } from '../src/offices/office.js'
import { addDays, addWorkdays } from '../src/tasks/calendar.js'
import { noticeNumberText, supervisionNotice, type SupervisionNotice } from '../src/ledger/notices.js'

export interface ReminderJobDeps {
  stores: Stores
  calendar: WorkCalendar
  settings: Partial<ReminderSettings>
  /** Enabled rooms with their members when WeChat is logged in; by default the stored enabled rooms, members unknown. */
  rooms?: () => Promise<ReminderRoom[]>
  /** Topic of the room that receives the monthly digest; null: the digest is only logged. */
  adminRoom?: string | null
  /** Writes the xlsx ledger and returns its path, attached to the digest. */
  exportLedger?: (now: Date) => Promise<string | null>
  /** Draws the digest's progress chart as a PNG and returns its path, sent after the digest (AssistantServices.renderProgressChart). */
  renderProgressChart?: (data: ProgressChartData, today: string) => Promise<string>
  /** Writes the month's 通报 draft (.docx, render/bulletinDocx.ts) with the chart; sent after the digest. */
  writeBulletin?: (bulletin: Bulletin, chartPath: string | null) => Promise<string>
  /** The office served: the 通报's and the notices' issuer. */
  officeName?: string
  /** 督办通知单 issued by the daily run to units still red on this working day after the deadline. */
  autoNotice?: { afterRedWorkdays: number; write: (notice: SupervisionNotice) => Promise<string> }
  log: Logger
}

export async function storedRooms(stores: Stores): Promise<ReminderRoom[]> {
  return (await stores.rooms.list()).filter((r) => r.enabled).map((r) => ({ id: r.wechatId, topic: r.topic, memberIds: null }))
}

export interface ReminderRun {
  kind: ReminderKind
  date: string
  batches: ReminderBatch[]
  /** Keys this run added to the outbox (the rest were there already, or dry run). */
  queued: string[]
}

/**
 * What a run plans from: the active document, the latest progress of its tasks only (a city ledger
 * holds every county's reports), the liaisons and the rooms.
 */
async function loadLedgerView(deps: ReminderJobDeps) {
  const [book, liaisons, rooms] = await Promise.all([
    deps.stores.tasks.loadBook(),
    deps.stores.liaisons.list(),
    deps.rooms ? deps.rooms() : storedRooms(deps.stores),
  ])
  const progress = await deps.stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })
  return { book, progress, liaisons, rooms }
}

/** Loads the ledger once and returns a planner for any instant (the CLI looks ahead with it). */
export async function loadPlanner(deps: ReminderJobDeps): Promise<(kind: ReminderKind, at: Date) => ReminderBatch[]> {
  const { book, progress, liaisons, rooms } = await loadLedgerView(deps)
  const directory = createUnitDirectory(book.directory)
  return (kind, at) =>
    planReminders({
      kind,
      tasks: book.tasks,
      documents: book.documents,
      directory,
      progress,
      liaisons,
      rooms,
      now: at,
      calendar: deps.calendar,
      settings: deps.settings,
    })
}

/**
 * The N-th working day after a deadline a unit is still red on (colourOf, as every view grades it):
 * a numbered 督办通知单 into the room that reaches the unit, once per (task, unit, deadline) — the
 * outbox key says it was issued (a number taken by a process that lost the race is a gap, never a
 * repeat). Units no room reaches get none: the digest lists them.
 */
async function issueAutoNotices(deps: ReminderJobDeps, auto: NonNullable<ReminderJobDeps['autoNotice']>, at: Date): Promise<number> {
  const today = chinaDate(at)
  const { book, progress, liaisons, rooms } = await loadLedgerView(deps)
  const dir = createUnitDirectory(book.directory)
  const latest = indexLatest(progress)
  const settings = { ...DEFAULT_COLOUR_SETTINGS, ...deps.settings }
  const issuer = deps.officeName ?? officeOfPlace(book.directory.county).name
  const due: { task: BookTask; unit: string; state: PairState }[] = []
  for (const task of book.tasks) {
    for (const unit of unitsOfTask(task, dir).keys()) {
      const pair = pairOf(task, unit, dir)
      const state = pair && colourOf(task, pair, latest.get(progressKey(task.id, unit)) ?? null, settings, today)
      if (state?.overdue && state.due && addWorkdays(state.due, auto.afterRedWorkdays, deps.calendar) === today) due.push({ task, unit, state })
    }
  }
  const reach = assignRooms(new Set(due.map((d) => d.unit)), liaisons, rooms)
  let issued = 0
  for (const { task, unit, state } of due) {
    const to = reach.get(unit)
    if (!to) continue
    const key = `督办单|${task.id}|${unit}|${state.due}`
    if (await deps.stores.outbox.has(key)) continue
    const year = Number(today.slice(0, 4))
    const number = await deps.stores.notices.nextNumber(year)
    const name = taskName(task, book)
    const document = book.documents.find((d) => d.id === task.documentId) ?? null
    const notice = supervisionNotice({ issuer, task, taskName: name, documentTitle: document?.title ?? null, unit, state, number, today, calendar: deps.calendar })
    try {
      const filePath = await auto.write(notice)
      const created = await deps.stores.outbox.enqueue({
        dedupeKey: key,
        roomId: to.room.id,
        roomTopic: to.room.topic,
        text: `【督办通知单】${noticeNumberText(year, number)} ${unit}：${name}已逾期${notice.overdueDays}天，请按通知单要求于${notice.replyBy}前反馈。`,
        mentionIds: to.liaisons.map((l) => l.contactId),
        filePath,
        plannedFor: at,
      })
      if (created) issued++
    } catch (err) {
      deps.log.error({ err, job: 'notice' }, 'a 督办通知单 could not be written; the number is left unused')
    }
  }
  return issued
}

/** Plans the reminder (or progress-call) run at instant `at` and queues it unless dryRun. */
export async function runReminders(deps: ReminderJobDeps, kind: ReminderKind, at: Date, opts: { dryRun?: boolean } = {}): Promise<ReminderRun> {
  const batches = (await loadPlanner(deps))(kind, at)
  const queued: string[] = []
  if (!opts.dryRun) {
    for (const b of batches) {
      if (!b.room || !b.dedupeKey) continue
      const created = await deps.stores.outbox.enqueue({
        dedupeKey: b.dedupeKey,
        roomId: b.room.id,
        roomTopic: b.room.topic,
        text: b.text,
        mentionIds: b.mentions.map((m) => m.contactId),
        filePath: null,
        plannedFor: at,
      })
      if (created) queued.push(b.dedupeKey)
    }
  }
  const notices = !opts.dryRun && kind === 'deadline' && deps.autoNotice && deps.autoNotice.afterRedWorkdays > 0 ? await issueAutoNotices(deps, deps.autoNotice, at) : 0
  const unreached = batches.filter((b) => !b.room).reduce((n, b) => n + b.units.length, 0)
  deps.log.info({ job: kind, date: chinaDate(at), batches: batches.length, queued: queued.length, unreached, notices }, 'reminder run planned')
  return { kind, date: chinaDate(at), batches, queued }
}

/** What the digest's text says of the files sent after it. */
function attachedNote(ledger: boolean, chart: boolean): string {
  if (ledger && chart) return '\n台账及各单位落实情况图见附件。'
  if (ledger) return '\n台账见附件。'
  return chart ? '\n各单位落实情况图见附件。' : ''
}

/** The monthly digest to the admin room (one per month, on the first working day the job runs). */
export async function runDigest(deps: ReminderJobDeps, at: Date, opts: { dryRun?: boolean } = {}): Promise<{ digest: Digest | null; queued: boolean }> {
  if (!deps.calendar.isWorkday(chinaDate(at))) return { digest: null, queued: false }
  const { book, progress, liaisons, rooms } = await loadLedgerView(deps)
  const digest = planDigest({ book, directory: createUnitDirectory(book.directory), progress, liaisons, rooms, now: at, settings: deps.settings })
  if (opts.dryRun) return { digest, queued: false }
  if (!deps.adminRoom) {
    deps.log.warn({ job: 'digest' }, 'no admin room configured (ADMIN_ROOM): digest not sent')
    return { digest, queued: false }
  }
  // Skip the export when this month's digest is queued already.
  if (await deps.stores.outbox.has(digest.dedupeKey)) return { digest, queued: false }
  let filePath: string | null = null
  try {
    filePath = deps.exportLedger ? await deps.exportLedger(at) : null
  } catch (err) {
    deps.log.error({ err, job: 'digest' }, 'ledger export for the digest failed; digest sent without it')
  }
  let chartPath: string | null = null
  try {
    chartPath = deps.renderProgressChart ? await deps.renderProgressChart(digest.chart, digest.date) : null
  } catch (err) {
    deps.log.error({ err, job: 'digest' }, 'progress chart for the digest could not be drawn; digest sent without it')
  }
  const adminRoom = rooms.find((r) => r.topic === deps.adminRoom)
  const target = { roomId: adminRoom?.id ?? null, roomTopic: deps.adminRoom, mentionIds: [], plannedFor: at }
  const queued = await deps.stores.outbox.enqueue({
    ...target,
    dedupeKey: digest.dedupeKey,
    text: digest.text + attachedNote(filePath != null, chartPath != null),
    filePath,
  })
  // The picture as a message of its own, right after the text (the outbox sends one file per item).
  if (queued && chartPath) await deps.stores.outbox.enqueue({ ...target, dedupeKey: `${digest.dedupeKey}|图`, text: '', filePath: chartPath })
  // The 通报 of the month that ended, as a draft for the clerk.
  if (queued && deps.writeBulletin) {
    try {
      const today = chinaDate(at)
      const dir = createUnitDirectory(book.directory)
      const rows = buildLedgerRows(book, dir, indexLatest(progress), today, { settings: { ...DEFAULT_COLOUR_SETTINGS, ...deps.settings } })
      const month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)
      const bulletin = bulletinOf({ book, rows, today, month, issuer: deps.officeName ?? officeOfPlace(book.directory.county).name, unitOrder: book.directory.units.map((u) => u.name) })
      const bulletinPath = await deps.writeBulletin(bulletin, chartPath)
      await deps.stores.outbox.enqueue({ ...target, dedupeKey: `${digest.dedupeKey}|通报`, text: '', filePath: bulletinPath })
    } catch (err) {
      deps.log.error({ err, job: 'digest' }, 'the month’s 通报 draft could not be written; digest sent without it')
    }
  }
  deps.log.info({ job: 'digest', date: digest.date, queued }, 'digest planned')
  return { digest, queued }
}
