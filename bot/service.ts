/**
 * Wiring between Wechaty and the assistant, shared by `npm start`, `npm run chat` and the end-to-end
 * tests: each message goes through the assistant and its replies through the one Notifier.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Wechaty as WechatyInterface } from 'wechaty'
import type { ChatMessage, Notifier } from '../src/chat.js'
import type { Assistant, ProcessResult } from '../src/ledger/assistant.js'
import type { Logger } from '../src/ledger/context.js'
import type { Stores } from '../src/ledger/ports.js'
import type { AssistantServices } from '../src/ledger/context.js'
import { chinaDate } from '../src/clock.js'
import { writeLedgerExport } from './export.js'
import { megabytes } from '../src/tasks/readers.js'
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
  if (results.length) deps.log.info({ recovered: results.length }, 'unhandled inbox messages handled after restart')
  return results.length
}

/** Web-login ids change at every login: re-attach stored rooms (by topic) and liaisons (by alias/name). */
export async function reresolveIds(bot: WechatyInterface, stores: Stores, log: Logger): Promise<void> {
  const rooms = await bot.Room.findAll()
  const roomIds = await Promise.all(rooms.map(async (r) => ({ wechatId: r.id, topic: await r.topic() })))
  await stores.rooms.updateIds(roomIds.filter((r) => r.topic))
  const contacts = await bot.Contact.findAll()
  const people = await Promise.all(
    contacts.map(async (c) => ({ contactId: c.id, name: c.name(), alias: (await c.alias().catch(() => null)) ?? null })),
  )
  await stores.liaisons.updateIds(people.filter((p) => p.name))
  log.info({ rooms: roomIds.length, contacts: people.length }, 'ids re-resolved after login')
}

export type ServiceConfig = Pick<Config, 'DATA_DIR' | 'DATABASE_URL' | 'IMPORT_PARSE_SECONDS' | 'IMPORT_PARSE_MEMORY_MB'>

/** What the assistant needs from the adapters: attachments from WeChat (when a bot runs) and export files under DATA_DIR. */
export function createAssistantServices(opts: { stores: Stores; config: ServiceConfig; getBot?: () => WechatyInterface }): AssistantServices {
  const dataDir = opts.config.DATA_DIR
  return {
    ...(opts.getBot ? { saveAttachment: createAttachmentSaver(opts.getBot, dataDir) } : {}),
    discardUpload: createUploadDiscarder(dataDir),
    dataDirUsage: createDataDirUsage(dataDir, opts.config.DATABASE_URL == null),
    readUploadedTable: createUploadedTableReader(parseLimitsOf(opts.config)),
    exportLedger: (format) =>
      writeLedgerExport(opts.stores, format, join(dataDir, 'exports', `台账-${chinaDate(new Date())}-${Date.now()}.${format}`), new Date()),
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
      throw new TableParseError(`文件大小 ${megabytes(size)}，超过导入上限 ${megabytes(opts.maxBytes)}`, opts.fileName, null)
    }
    const bytes = await readFile(path)
    const table = await readTaskFileIsolated(bytes, opts.fileName, { maxBytes: opts.maxBytes, limits })
    return { table, contentHash: createHash('sha256').update(bytes).digest('hex') }
  }
}
