/**
 * No message text in the logs (issue 11, defect 9): database-error lines carried the statement's
 * parameters, i.e. the message text. Every line written while the ledger fails or refuses a message
 * is captured and searched for a marker the message carried.
 */
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../src/chat.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant, type Assistant } from '../../src/ledger/assistant.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { createLogger, statementName } from '../../bot/log.js'
import type { Database } from '../../db/client.js'
import { silentLogger } from '../../src/ledger/context.js'
import { dbTargets, TEST_OFFICE_ID } from '../helpers/db.js'
import { SEED_DIR } from '../helpers/ledger.js'

const MARKER = 'ZQXJ-秘密-7731'

describe.each(dbTargets)('log lines on $name', (target) => {
  let database: Database
  let stores: Stores
  let assistant: Assistant
  const lines: string[] = []
  const log = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }))
  let n = 0
  const message = (text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    id: `lg-${++n}`, roomId: 'room-l', roomTopic: '政务公开工作群', senderId: 'wx-l', senderName: '李娜', text, mentionsBot: true, receivedAt: new Date(), kind: 'text', ...extra,
  })

  beforeAll(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
    assistant = createAssistant({ stores, config: parseConfig({ ENABLED_ROOMS: '政务公开工作群' }), log })
  })
  afterAll(() => database.close().catch(() => {}))

  it('a refused message is logged by statement and SQLSTATE, without its text', async () => {
    lines.length = 0
    const r = await assistant.processMessage(message(`搜索 ${MARKER}`, { id: randomBytes(12_000).toString('base64') }))
    expect(r.intent).toBe('unstorable')
    const errors = lines.filter((l) => JSON.parse(l).level >= 50)
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('')).toContain('"code":"54000"')
    expect(errors.join('')).toMatch(/"statement":"with [a-z_,]*inbox/)
    for (const l of lines) expect(l).not.toContain(MARKER)
  })

  it('a jsonb refusal (the database echoes the value in its detail) is logged without the value', async () => {
    lines.length = 0
    // Straight to the store, past the cleaning: the database refuses the lone surrogate and quotes it.
    const err = await stores.inbox.store(message(`${MARKER}\ud83d`)).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    log.error({ err }, 'store failed')
    expect(lines.join('')).toContain('22P02')
    for (const l of lines) expect(l).not.toContain(MARKER)
  })

  it('while the database is gone, no line carries the text of the messages kept', async () => {
    lines.length = 0
    await database.close()
    for (let i = 0; i < 3; i++) {
      const r = await assistant.processMessage(message(`第${i + 1}项已完成 ${MARKER}`))
      expect(r.intent).toBe('unavailable')
    }
    expect(lines.length).toBeGreaterThanOrEqual(3)
    for (const l of lines) expect(l).not.toContain(MARKER)
  })
})

describe('statementName', () => {
  it('names the operation and tables, not the values', () => {
    expect(statementName('insert into "inbox" ("message_id", "text") values ($1, $2)')).toBe('insert inbox')
    expect(statementName('update "outbox" set "sent_at" = $1 where "id" = $2')).toBe('update outbox')
  })
})
