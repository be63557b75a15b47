/**
 * A ledger built the way the app builds it: real migrations, the real seed directory and table,
 * the real assistant; plus a message builder and a settable clock (the seed was issued 2022-08-25).
 */
import { TEST_OFFICE_ID } from './db.js'
import { join } from 'node:path'
import type { ChatMessage } from '../../src/chat.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import type { Assistant } from '../../src/ledger/assistant.js'
import type { AssistantServices } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { DbTarget } from './db.js'

export const SEED_DIR = join(import.meta.dirname, '../../seeds')

export interface TestLedger {
  stores: Stores
  assistant: Assistant
  clock: { now: Date }
  /** Sends a message from a person; `room: null` is a private chat. Returns the assistant's result. */
  say(from: { id: string; name: string; alias?: string }, text: string, opts?: Partial<ChatMessage>): ReturnType<Assistant['processMessage']>
  close(): Promise<void>
}

let counter = 0

/** A message from a person in the test group (mentioning the bot unless `extra` says otherwise). */
export function messageFrom(from: { id: string; name: string; alias?: string }, text: string, at: Date, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    roomId: 'room-1',
    roomTopic: '政务公开工作群',
    senderId: from.id,
    senderName: from.name,
    senderAlias: from.alias ?? null,
    text,
    mentionsBot: true,
    receivedAt: at,
    kind: 'text',
    ...extra,
  }
}

export async function openTestLedger(
  target: DbTarget,
  opts: { env?: Record<string, string>; now?: Date; claimCode?: string; services?: AssistantServices } = {},
): Promise<TestLedger> {
  const database = await target.open()
  const stores = createStores(database.db, TEST_OFFICE_ID)
  await ensureSeeded(stores, SEED_DIR, silentLogger)
  const clock = { now: opts.now ?? new Date('2022-09-20T02:00:00Z') }
  const config = parseConfig({ ENABLED_ROOMS: '政务公开工作群', ADMINS: '办公室王主任', ...opts.env })
  const assistant = createAssistant({
    stores,
    config,
    now: () => clock.now,
    claimCode: opts.claimCode ?? null,
    services: opts.services,
  })
  return {
    stores,
    assistant,
    clock,
    say(from, text, extra = {}) {
      return assistant.processMessage(messageFrom(from, text, clock.now, extra))
    },
    close: () => database.close(),
  }
}
