/**
 * Fuzz: any text in any field a sender controls (lone surrogates, controls, cut emoji) is stored and
 * handled: never "unavailable" or refused, and the inbox row reads back as valid Unicode.
 */
import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanIncoming, MAX_TEXT_CHARS, type ChatMessage } from '../../src/chat.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant, type Assistant } from '../../src/ledger/assistant.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Database } from '../../db/client.js'
import { dbTargets, queryRows, TEST_OFFICE_ID } from '../helpers/db.js'
import { SEED_DIR } from '../helpers/ledger.js'
import { hostileText, params } from './hostile.js'

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' && !(v instanceof Date) ? Object.values(v).flatMap(strings) : []

const hostileMessage = fc
  .record({ text: hostileText, name: hostileText, alias: fc.option(hostileText), topic: hostileText, quoted: fc.option(hostileText), longTail: fc.boolean() })
  .map(({ text, name, alias, topic, quoted, longTail }) => ({
    // Sometimes over the length limit with an emoji on the cut.
    text: longTail ? '第1项'.padEnd(MAX_TEXT_CHARS - 1, '完') + '😀' + text : text,
    name, alias, topic, quoted,
  }))

describe('cleanIncoming under fuzzing', () => {
  it('leaves only valid Unicode in every string field, and is idempotent', () => {
    fc.assert(
      fc.property(hostileMessage, (h) => {
        const msg: ChatMessage = {
          id: h.name, roomId: h.topic, roomTopic: h.topic, senderId: h.name, senderName: h.name, senderAlias: h.alias, text: h.text,
          mentionsBot: true, mentionNames: [h.name], quoted: h.quoted == null ? undefined : { senderName: h.name, text: h.quoted }, receivedAt: new Date(), fileName: h.text,
        }
        const clean = cleanIncoming(msg)
        for (const s of strings(clean)) expect(wellFormed(s)).toBe(true)
        expect(clean.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS)
        expect(cleanIncoming(clean)).toEqual(clean)
      }),
      params(300),
    )
  })
})

describe.each(dbTargets.slice(0, 1))('hostile messages stored on $name', (target) => {
  let database: Database
  let assistant: Assistant
  beforeAll(async () => {
    database = await target.open()
    const stores = createStores(database.db, TEST_OFFICE_ID)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
    assistant = createAssistant({ stores, config: parseConfig({ ENABLED_ROOMS: '工作群' }) })
  })
  afterAll(() => database.close())

  it('stores and handles every one', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(hostileMessage, async (h) => {
        const id = `fz-${++n}`
        const r = await assistant.processMessage({
          id, roomId: 'room-fz', roomTopic: '工作群', senderId: `wx-${h.name}`, senderName: h.name, senderAlias: h.alias, text: h.text,
          mentionsBot: true, quoted: h.quoted == null ? undefined : { senderName: h.name, text: h.quoted }, receivedAt: new Date(), kind: 'text',
        })
        expect(['unavailable', 'unstorable']).not.toContain(r.intent)
        const [row] = await queryRows<{ handled: boolean; payload: string }>(database, sql`select handled_at is not null as handled, payload::text as payload from inbox where message_id = ${id}`)
        expect(row?.handled).toBe(true)
        expect(wellFormed(row!.payload)).toBe(true)
      }),
      params(40),
    )
  }, 60_000)
})
