/**
 * Messages kept while the ledger database is unreachable are spooled to disk: a restart during the
 * outage loses none, and once the ledger answers each is handled exactly once (issue 12).
 * The outage is a switch in front of every store; the spool is the bot's real file.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../src/chat.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant, type ProcessResult } from '../../src/ledger/assistant.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { DeferredSpool } from '../../src/ledger/deferredSpool.js'
import type { Stores } from '../../src/ledger/ports.js'
import type { Database } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { createFileSpool } from '../../bot/spool.js'
import { dbTargets, queryRows, TEST_OFFICE_ID } from '../helpers/db.js'
import { SEED_DIR } from '../helpers/ledger.js'

const scratch = mkdtempSync(join(tmpdir(), 'duban-spool-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Every store method fails as a refused connection while `ledger.down`. */
function switchable(stores: Stores, ledger: { down: boolean }): Stores {
  const wrap = (store: object) =>
    new Proxy(store, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => (ledger.down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : value.apply(target, args))
      },
    })
  return Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, wrap(store as object)])) as unknown as Stores
}

const texts = (results: ProcessResult[]) => results.flatMap((r) => r.messages.map((m) => m.text))

describe.each(dbTargets)('kept messages across a restart on $name', (target) => {
  let database: Database
  let spoolFile: string
  const ledger = { down: false }
  let n = 0
  const message = (text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    id: `spool-${++n}`, roomId: 'room-s', roomTopic: '政务公开工作群', senderId: 'wx-li', senderName: '李娜', text, mentionsBot: true, receivedAt: new Date(), kind: 'text', ...extra,
  })
  /** A new process: new stores and assistant over the same database and spool file; nothing in memory. */
  const start = (spool: DeferredSpool = createFileSpool(spoolFile)) =>
    createAssistant({ stores: switchable(createStores(database.db, TEST_OFFICE_ID), ledger), config: parseConfig({ ENABLED_ROOMS: '政务公开工作群' }), log: silentLogger, spool })
  const reportsOf = async (ids: string[]) =>
    (await queryRows<{ source_message_id: string }>(database, sql`select source_message_id from progress_reports`)).map((r) => r.source_message_id).filter((id) => ids.includes(id))

  beforeEach(async () => {
    ledger.down = false
    spoolFile = join(mkdtempSync(join(scratch, 'run-')), 'spool', 'deferred.jsonl')
    database = await target.open()
    await ensureSeeded(createStores(database.db, TEST_OFFICE_ID), SEED_DIR, silentLogger)
    await start().processMessage(message('绑定 县司法局'))
    return () => database.close()
  })

  it('restarted during the outage and again after it: every kept message is handled once, none lost', async () => {
    const first = start()
    ledger.down = true
    const kept = [
      message('第1项已完成', { mentionsBot: false }),
      message('我单位负责什么'),
      message('第2项正在推进，完成60%', { mentionsBot: false }),
      message('帮助', { roomId: null, roomTopic: null, senderId: 'wx-zhang', senderName: '张三' }),
    ]
    for (const m of kept) expect((await first.processMessage(m)).intent).toBe('unavailable')
    // A private chat is told it is kept; the same message again is kept once.
    expect(texts([await first.processMessage(kept[3]!)])).toEqual([expect.stringContaining('已暂存')])
    expect(readFileSync(spoolFile, 'utf8').trim().split('\n')).toHaveLength(4)

    // Restarted while the ledger is still down: recovery fails and keeps the spool; new messages join it.
    const second = start()
    await expect(second.recoverPending()).rejects.toThrow('ECONNREFUSED')
    const later = message('第3项已完成', { mentionsBot: false })
    expect((await second.processMessage(later)).intent).toBe('unavailable')

    // Restarted again, the ledger up: recovery handles them all, in order, before anything else.
    ledger.down = false
    const third = start()
    const recovered = await third.recoverPending()
    expect(recovered.map((r) => r.intent)).toEqual(['report', 'my_tasks', 'report', 'help', 'report'])
    const replies = texts(recovered)
    expect(replies.filter((t) => t.includes('县司法局共涉及任务'))).toHaveLength(1)
    expect(replies.filter((t) => t.includes('可以这样问我'))).toHaveLength(1)
    const ids = [...kept, later].map((m) => m.id)
    expect((await reportsOf(ids)).sort()).toEqual([kept[0]!.id, kept[2]!.id, later.id].sort())
    const unhandled = await queryRows<{ message_id: string }>(database, sql`select message_id from inbox where handled_at is null`)
    expect(unhandled).toEqual([])
    expect(existsSync(spoolFile)).toBe(false)

    // A further restart finds nothing to do, and nothing is recorded twice.
    expect(await start().recoverPending()).toEqual([])
    expect(await reportsOf(ids)).toHaveLength(3)
  })

  it('handled in the same process once the ledger answers: the spool is emptied, a restart repeats nothing', async () => {
    const assistant = start()
    ledger.down = true
    const kept = [message('第10项已完成', { mentionsBot: false }), message('第33项正在推进', { mentionsBot: false })]
    for (const m of kept) await assistant.processMessage(m)
    ledger.down = false
    const next = await assistant.processMessage(message('第1项已完成', { mentionsBot: false }))
    expect(next.data.reports).toHaveLength(1)
    expect(existsSync(spoolFile)).toBe(false)
    expect(await start().recoverPending()).toEqual([])
    expect(await reportsOf(kept.map((m) => m.id))).toHaveLength(2)
  })

  it('a crash between handling and clearing the spool: after the restart the spooled ones are duplicates, skipped', async () => {
    const real = createFileSpool(spoolFile)
    const stuck: DeferredSpool = { ...real, remove: async () => Promise.reject(new Error('killed before the spool was rewritten')) }
    const assistant = start(stuck)
    ledger.down = true
    const kept = message('我单位负责什么')
    const report = message('第2项已完成', { mentionsBot: false })
    for (const m of [kept, report]) await assistant.processMessage(m)
    ledger.down = false
    const next = await assistant.processMessage(message('第1项正在推进', { mentionsBot: false }))
    expect(texts([next]).filter((t) => t.includes('县司法局共涉及任务'))).toHaveLength(1)
    expect(readFileSync(spoolFile, 'utf8').trim().split('\n')).toHaveLength(2)

    const recovered = await start().recoverPending()
    expect(recovered.map((r) => r.skipped)).toEqual(['duplicate', 'duplicate'])
    expect(texts(recovered)).toEqual([]) // nobody is answered twice
    expect(await reportsOf([report.id])).toHaveLength(1)
    expect(existsSync(spoolFile)).toBe(false)
  })
})

describe('the spool file', () => {
  const file = () => join(mkdtempSync(join(scratch, 'file-')), 'deferred.jsonl')
  const msg = (id: string): ChatMessage => ({ id, roomId: null, roomTopic: null, senderId: 's', senderName: '某人', text: `第${id}项已完成`, mentionsBot: false, receivedAt: new Date('2026-01-05T01:02:03Z') })

  it('keeps messages in order with their dates; a line torn by a crash is skipped and does not swallow the next', async () => {
    const path = file()
    await createFileSpool(path).append(msg('1'))
    appendFileSync(path, '{"id":"2","roomId":nu') // killed mid-append
    const spool = createFileSpool(path) // restarted
    await spool.append(msg('3'))
    const read = await spool.read(10)
    expect(read.map((m) => m.id)).toEqual(['1', '3'])
    expect(read[0]!.receivedAt).toEqual(new Date('2026-01-05T01:02:03Z'))
    await spool.remove(new Set(['1']))
    expect((await spool.read(10)).map((m) => m.id)).toEqual(['3'])
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(msg('3')) + '\n')
  })

  it('refuses past its bound, and an append made while a removal runs is not lost', async () => {
    const path = file()
    const spool = createFileSpool(path, { maxBytes: 400 })
    await spool.append(msg('1'))
    await spool.append(msg('2'))
    await expect(spool.append(msg('3'))).rejects.toThrow('full')
    await Promise.all([spool.remove(new Set(['1'])), spool.append(msg('4'))])
    expect((await spool.read(10)).map((m) => m.id)).toEqual(['2', '4'])
    writeFileSync(path, '') // an empty file reads as empty
    expect(await spool.read(10)).toEqual([])
  })
})
