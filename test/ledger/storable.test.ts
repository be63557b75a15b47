/**
 * Every message storable (issue 11, defect 4): a lone UTF-16 surrogate or a cut in the middle of an
 * emoji made the inbox's jsonb refuse the message, the sender was told "已暂存" and the message was
 * never kept; in the retry queue it then held back every message behind it.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanIncoming, MAX_TEXT_CHARS, type ChatMessage } from '../../src/chat.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { cutText, toValidUnicode } from '../../src/text.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import type { Database } from '../../db/client.js'
import { dbTargets, queryRows, TEST_OFFICE_ID } from '../helpers/db.js'
import { SEED_DIR } from '../helpers/ledger.js'

const LONE_HIGH = '\ud83d'
const LONE_LOW = '\ude00'
const EMOJI = '\ud83d\ude00'

const isWellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)

describe('valid Unicode and safe cuts (pure)', () => {
  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(toValidUnicode(`a${LONE_HIGH}b${LONE_LOW}c${EMOJI}`)).toBe(`a\ufffdb\ufffdc${EMOJI}`)
    expect(toValidUnicode(`${LONE_LOW}${LONE_HIGH}`)).toBe('\ufffd\ufffd') // reversed: not a pair
    expect(toValidUnicode('第5项已完成')).toBe('第5项已完成')
  })

  it('never cuts an emoji in half', () => {
    expect(cutText(`ab${EMOJI}`, 3)).toBe('ab')
    expect(cutText(`ab${EMOJI}`, 4)).toBe(`ab${EMOJI}`)
    expect(cutText('abcd', 2)).toBe('ab')
  })

  it('cleans every string field of a message, and is idempotent', () => {
    const dirty: ChatMessage = {
      id: `id${LONE_HIGH}`, roomId: `r${LONE_LOW}`, roomTopic: `群${LONE_HIGH}`, senderId: `s${LONE_HIGH}`,
      senderName: `李${LONE_LOW}`, senderAlias: `备注${LONE_HIGH}`, text: `第5项已完成${LONE_HIGH}`, mentionsBot: true,
      mentionIds: [`m${LONE_HIGH}`], mentionNames: [`张${LONE_LOW}`], quoted: { senderName: `王${LONE_HIGH}`, text: `引${LONE_LOW}` },
      receivedAt: new Date(), recalledId: `x${LONE_HIGH}`, fileName: `表${LONE_HIGH}.xlsx`,
    }
    const clean = cleanIncoming(dirty)
    expect(isWellFormed(JSON.stringify(clean))).toBe(true)
    const strings = JSON.stringify(clean).match(/"(?:[^"\\]|\\.)*"/g)!.map((s) => JSON.parse(s) as string)
    for (const s of strings) expect(isWellFormed(s)).toBe(true)
    expect(clean.text).toBe('第5项已完成\ufffd')
    expect(cleanIncoming(clean)).toEqual(clean)
    const long = cleanIncoming({ ...dirty, text: 'a'.repeat(MAX_TEXT_CHARS - 1) + EMOJI })
    expect(long.text).toBe('a'.repeat(MAX_TEXT_CHARS - 1))
  })
})

describe.each(dbTargets)('every message storable on $name', (target) => {
  let database: Database
  let stores: Stores
  let n = 0
  const liaison = { senderId: 'wx-sifa', senderName: '李娜' }
  const message = (text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    id: `st-${++n}`, roomId: 'room-s', roomTopic: '政务公开工作群', ...liaison, text, mentionsBot: true, receivedAt: new Date(), kind: 'text', ...extra,
  })
  const config = parseConfig({ ENABLED_ROOMS: '政务公开工作群' })

  beforeAll(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
    await createAssistant({ stores, config }).processMessage(message('绑定 县司法局'))
  })
  afterAll(() => database.close())

  const inboxRow = async (id: string) =>
    (await queryRows<{ text: string; handled: boolean; payload_text: string }>(
      database, sql`select text, handled_at is not null as handled, payload->>'text' as payload_text from inbox where message_id = ${id}`,
    ))[0]

  it('stores and handles a report ending in a lone surrogate (the reported repro), with U+FFFD in its place', async () => {
    const assistant = createAssistant({ stores, config })
    const r = await assistant.processMessage(message(`第5项已完成${LONE_HIGH}`, { id: 'st-lone', senderName: `李娜${LONE_LOW}`, roomTopic: `政务公开工作群` }))
    expect(r.intent).toBe('report')
    expect(r.reply).not.toContain('已暂存')
    expect(r.data.reports).toEqual([expect.objectContaining({ task: 5, status: 'done' })])
    const row = await inboxRow('st-lone')
    expect(row).toMatchObject({ text: '第5项已完成\ufffd', handled: true, payload_text: '第5项已完成\ufffd' })
  })

  it('stores a message over 20,000 characters whose cut falls in the middle of an emoji', async () => {
    const assistant = createAssistant({ stores, config })
    const text = '搜索 ' + 'x'.repeat(MAX_TEXT_CHARS - 4) + EMOJI + '尾'
    const r = await assistant.processMessage(message(text, { id: 'st-long' }))
    expect(r.intent).not.toBe('unavailable')
    const row = await inboxRow('st-long')
    expect(row?.handled).toBe(true)
    expect(row?.text.length).toBe(MAX_TEXT_CHARS - 1)
    expect(isWellFormed(row!.payload_text)).toBe(true)
  })

  it('answers a message the database still refuses with an honest error, keeps nothing and goes on', async () => {
    const assistant = createAssistant({ stores, config })
    // An id far over the unique index's row limit: refused by the database whatever the text.
    const refused = await assistant.processMessage(message('第6项已完成', { id: randomBytes(12_000).toString('base64') }))
    expect(refused.intent).toBe('unstorable')
    expect(refused.reply).toContain('无法保存')
    expect(refused.reply).not.toContain('已暂存')
    expect(refused.messages).toHaveLength(1)
    const next = await assistant.processMessage(message('第1项已完成', { mentionsBot: false, id: 'st-after-refused' }))
    expect(next.data.reports).toEqual([expect.objectContaining({ task: 1 })])
    // The refused one was not kept for a retry: only this message's reply went out.
    expect(next.messages).toHaveLength(1)
  })

  it('retries each kept message on its own after an outage: one that keeps failing holds back none, and is given up honestly', async () => {
    let down = false
    const poisonId = 'st-keeps-failing'
    const failing = (m: ChatMessage) => down || m.id === poisonId
    const flaky: Stores = {
      ...stores,
      intake: {
        receive: (m, rule, d) => (failing(m) ? Promise.reject(new Error('connect ECONNREFUSED')) : stores.intake.receive(m, rule, d)),
      },
    }
    const assistant = createAssistant({ stores: flaky, config })
    await assistant.processMessage(message('帮助')) // the room is now known to be enabled
    down = true
    const during = [
      message('第2项已完成', { id: 'st-o1', mentionsBot: false }),
      message('第33项已完成', { id: poisonId }),
      message('第3项已完成', { id: 'st-o3', mentionsBot: false }),
      message('我单位负责什么', { id: 'st-o4' }),
    ]
    for (const m of during) {
      const r = await assistant.processMessage(m)
      expect(r.intent).toBe('unavailable')
    }
    down = false
    const recovered = await assistant.processMessage(message('第10项已完成', { id: 'st-back', mentionsBot: false }))
    const texts = recovered.messages.map((m) => m.text).join('\n')
    expect(texts).toContain('第2项')
    expect(texts).toContain('第3项')
    expect(texts).toContain('县司法局共涉及任务')
    for (const id of ['st-o1', 'st-o3', 'st-o4', 'st-back']) expect((await inboxRow(id))?.handled).toBe(true)

    // The failing one is retried at later recoveries, a bounded number of times, then its sender is told.
    const replies: string[] = []
    for (let i = 0; i < 5; i++) replies.push(...(await assistant.processMessage(message('帮助'))).messages.map((m) => m.text))
    expect(replies.filter((t) => t.includes('最终未能处理'))).toHaveLength(1)
    expect(replies.join('\n')).not.toContain('已暂存')
  })
})
