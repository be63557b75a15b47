/**
 * Wiring between Wechaty and the assistant, shared by `npm start`, `npm run chat` and the end-to-end
 * tests: each message goes through the assistant and its replies through the one Notifier.
 */
import { createHash, randomInt } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Wechaty as WechatyInterface } from 'wechaty'
import { cleanText, type ChatMessage, type Notifier } from '../src/chat.js'
import type { Assistant, ProcessResult } from '../src/ledger/assistant.js'
import type { Logger } from '../src/ledger/context.js'
import type { Stores } from '../src/ledger/ports.js'
import type { AssistantServices } from '../src/ledger/context.js'
import { chinaDate, chinaDateTime } from '../src/clock.js'
import { writeLedgerExport } from './export.js'
import { writeProgressChart } from '../render/chart.js'
import { writeNoticeDocx } from '../render/noticeDocx.js'
import { writeBulletinDocx } from '../render/bulletinDocx.js'
import { liaisonAlias } from '../src/ledger/liaisonMarker.js'
import { megabytes } from '../src/bytes.js'
import { TableParseError } from '../src/tasks/model.js'
import type { Config } from '../src/config.js'
import { createAttachmentSaver, createDataDirUsage, createUploadDiscarder } from './files.js'
import { parseLimitsOf, readTaskFileIsolated, type ParseLimits } from './tableReader.js'

export function createChatHandler(deps: { assistant: Assistant; notifier: Notifier; log: Logger }) {
  return async (msg: ChatMessage): Promise<void> => {
    await sendReplies(await deps.assistant.processMessage(msg), deps.notifier, deps.log)
  }
}

async function sendReplies(result: ProcessResult, notifier: Notifier, log: Logger): Promise<void> {
  for (const out of result.messages) {
    try {
      await notifier.send(out)
    } catch (err) {
      // The notifier already retried; the inbox row keeps the message for a later look.
      log.error({ err }, 'reply could not be sent')
    }
  }
}

/** At start-up: messages stored but not handled before a crash are handled now, once each. */
export async function recoverInbox(deps: { assistant: Assistant; notifier: Notifier; log: Logger }): Promise<number> {
  const results = await deps.assistant.recoverPending()
  for (const result of results) await sendReplies(result, deps.notifier, deps.log)
  if (results.length) deps.log.info({ event: 'recovered', recovered: results.length }, 'unhandled inbox messages handled after restart')
  return results.length
}

/** Web-login ids change at every login: re-attach stored rooms (by topic) and liaisons and admins (by 备注). */
export async function reresolveIds(bot: WechatyInterface, stores: Stores, log: Logger): Promise<{ contactIds: Set<string> }> {
  const rooms = await bot.Room.findAll()
  // Names and topics as cleanIncoming gives them, so stored ones still match the messages' own.
  const roomIds = await Promise.all(rooms.map(async (r) => ({ wechatId: r.id, topic: cleanText(await r.topic()) })))
  await stores.rooms.updateIds(roomIds.filter((r) => r.topic))
  const contacts = await bot.Contact.findAll()
  const people = await Promise.all(
    contacts.map(async (c) => {
      const alias = (await c.alias().catch(() => null)) ?? null
      return { contactId: c.id, name: cleanText(c.name()), alias: alias == null ? null : cleanText(alias) }
    }),
  )
  await stores.liaisons.updateIds(people.filter((p) => p.name))
  log.info({ rooms: roomIds.length, contacts: people.length }, 'ids re-resolved after login')
  return { contactIds: new Set(people.map((p) => p.contactId)) }
}

/**
 * After a login: whether no claimed admin is a current contact (an admin without a 备注 is not found
 * again after the ids changed), so that a fresh claim code must be issued, or nobody could enable a room.
 * Never with ADMINS configured: those are found by their 备注.
 */
export async function adminsUnreachable(stores: Stores, contactIds: Set<string>, configured: readonly string[]): Promise<boolean> {
  if (configured.length > 0) return false
  const admins = await stores.admins.list()
  return !admins.some((a) => contactIds.has(a.contactId))
}

/**
 * Writes the bot's 备注 marker on a bound liaison (see liaisonAlias) and reads it back: Wechaty only
 * logs a refused write (wechat4u cannot set one on a contact who is no friend), so the read says.
 */
export function createLiaisonMarker(getBot: () => WechatyInterface) {
  return async (contactId: string, unit: string): Promise<string | null> => {
    const contact = await getBot().Contact.find({ id: contactId })
    if (!contact) return null
    const wanted = liaisonAlias((await contact.alias()) ?? null, contact.name(), unit, randomInt)
    await contact.alias(wanted)
    return (await contact.alias()) === wanted ? wanted : null
  }
}

export type ServiceConfig = Pick<Config, 'DATA_DIR' | 'DATABASE_URL' | 'IMPORT_PARSE_SECONDS' | 'IMPORT_PARSE_MEMORY_MB' | 'REMINDER_YELLOW_DAYS' | 'REMINDER_BLUE_DAYS'>

/** What the assistant needs from the adapters: attachments from WeChat (when a bot runs) and export files under DATA_DIR. */
export function createAssistantServices(opts: { stores: Stores; config: ServiceConfig; getBot?: () => WechatyInterface }): AssistantServices {
  const dataDir = opts.config.DATA_DIR
  return {
    ...(opts.getBot ? { saveAttachment: createAttachmentSaver(opts.getBot, dataDir), markLiaison: createLiaisonMarker(opts.getBot) } : {}),
    discardUpload: createUploadDiscarder(dataDir),
    dataDirUsage: createDataDirUsage(dataDir, opts.config.DATABASE_URL == null),
    readUploadedTable: createUploadedTableReader(parseLimitsOf(opts.config)),
    renderProgressChart: (data, today) => writeProgressChart(data, dataDir, today, chartTimeTag(new Date())),
    writeNotice: (notice) => writeNoticeDocx(notice, join(dataDir, 'notices')),
    writeBulletin: (bulletin, chart) => writeBulletinDocx(bulletin, join(dataDir, 'bulletins'), chart),
    exportLedger: (format) =>
      writeLedgerExport(opts.stores, format, join(dataDir, 'exports', `台账-${chinaDate(new Date())}-${Date.now()}.${format}`), new Date(), opts.config),
  }
}

/**
 * Reads a task table saved from the chat: size checked before reading, then read in a worker
 * thread within `limits` (format sniffed from the content).
 */
export function createUploadedTableReader(limits: ParseLimits): NonNullable<AssistantServices['readUploadedTable']> {
  return async (path, opts) => {
    const { size } = await stat(path)
    if (size > opts.maxBytes) {
      throw new TableParseError('too_large', `文件大小 ${megabytes(size)}，超过导入上限 ${megabytes(opts.maxBytes)}`, opts.fileName, null)
    }
    const bytes = await readFile(path)
    const table = await readTaskFileIsolated(bytes, opts.fileName, { maxBytes: opts.maxBytes, limits })
    return { table, contentHash: createHash('sha256').update(bytes).digest('hex') }
  }
}

/** "050612": the China time of day, so that the clerk's saved pictures sort and two of one day differ. */
export function chartTimeTag(at: Date): string {
  return `${chinaDateTime(at).slice(11).replace(':', '')}${String(at.getUTCSeconds()).padStart(2, '0')}`
}
