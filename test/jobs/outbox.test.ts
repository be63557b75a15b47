/**
 * Reminders through the outbox on a real migrated database with the seed: planned once, sent once,
 * whatever runs twice, restarts or races; caught up at start on the same working day; retried.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, MEMORY_DATA_DIR } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { createDispatcher } from '../../jobs/dispatch.js'
import { runDigest, runReminders, type ReminderJobDeps } from '../../jobs/reminders.js'
import { lastFireToday, startJobs } from '../../jobs/schedule.js'
import { MaybeSentError, type Notifier, type OutgoingMessage } from '../../src/chat.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import { createPostgresDatabase, dbTargets, testDatabaseUrl, TEST_OFFICE_ID, withTestOffice } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

const at = (local: string) => new Date(`${local}+08:00`)
const ROOM = '惠来县政务公开工作群'

function recorder(fail: (m: OutgoingMessage, n: number) => boolean = () => false): Notifier & { sent: OutgoingMessage[]; calls: number } {
  const n = {
    sent: [] as OutgoingMessage[],
    calls: 0,
    async send(m: OutgoingMessage) {
      n.calls++
      if (fail(m, n.calls)) throw new Error('找不到群：测试')
      n.sent.push(m)
    },
  }
  return n
}

async function setUp(stores: Stores): Promise<void> {
  await stores.rooms.setEnabled('room-1', ROOM, true)
  await stores.liaisons.bind({ contactId: 'w-li', name: '李娜', alias: null, unit: '县司法局', boundBy: null })
  await stores.liaisons.bind({ contactId: 'w-chen', name: '陈明', alias: null, unit: '县教育局', boundBy: null })
}

const deps = (stores: Stores, extra: Partial<ReminderJobDeps> = {}): ReminderJobDeps => ({
  stores,
  calendar: chineseWorkCalendar,
  settings: {},
  log: silentLogger,
  ...extra,
})

describe.each(dbTargets)('reminders through the outbox on $name', (target) => {
  let ledger: TestLedger
  let stores: Stores
  beforeEach(async () => {
    ledger = await openTestLedger(target)
    stores = ledger.stores
    await setUp(stores)
  })
  afterEach(async () => {
    await ledger.close()
  })

  it('a run planned twice and dispatched twice (a restart) is sent once', async () => {
    const first = await runReminders(deps(stores), 'deadline', at('2022-09-20T09:00'))
    expect(first.queued).toEqual([`督办提醒|2022-09-20|${ROOM}|1`])
    const again = await runReminders(deps(stores), 'deadline', at('2022-09-20T09:00'))
    expect(again.queued).toEqual([])
    const notifier = recorder()
    const a = createDispatcher({ outbox: stores.outbox, notifier, log: silentLogger, claimer: 'proc-a', now: () => at('2022-09-20T09:00:05') })
    expect((await a.tick()).sent).toHaveLength(1)
    // Restarted: a new dispatcher and the job again (a unit reported meanwhile: same day, same key).
    await ledger.say({ id: 'w-li', name: '李娜' }, '第57项已完成', { mentionsBot: false })
    await runReminders(deps(stores), 'deadline', at('2022-09-20T10:30'))
    const b = createDispatcher({ outbox: stores.outbox, notifier, log: silentLogger, claimer: 'proc-b', now: () => at('2022-09-20T10:30') })
    expect((await b.tick()).sent).toHaveLength(0)
    expect(notifier.sent).toHaveLength(1)
    expect(notifier.sent[0]).toMatchObject({ roomId: 'room-1', roomTopic: ROOM })
    expect(notifier.sent[0]!.mentionIds!.sort()).toEqual(['w-chen', 'w-li'])
    expect(notifier.sent[0]!.text).toContain('第57项')
    const [row] = await stores.outbox.list()
    expect(row!.sentAt).not.toBeNull()
  })

  it('the bot down at 09:00 and started at 10:30 sends the run at start; not the next morning, not twice', async () => {
    const crons = { reminders: '0 9 * * *', progress: '0 15 * * 5', digest: '30 9 * * *' }
    let clock = at('2022-09-20T10:30')
    const jobs = startJobs({ deps: deps(stores), crons, log: silentLogger, now: () => clock })
    try {
      expect(lastFireToday('0 9 * * *', clock)).toEqual(at('2022-09-20T09:00'))
      await jobs.catchUp()
      await jobs.catchUp()
      const notifier = recorder()
      const d = createDispatcher({ outbox: stores.outbox, notifier, log: silentLogger, claimer: 'p', now: () => clock })
      await d.tick()
      expect(notifier.sent.map((m) => m.text.slice(0, 11))).toEqual(['【督办提醒】9月20日'])
      const [row] = await stores.outbox.list()
      expect(row!.plannedFor).toEqual(at('2022-09-20T09:00'))
      // Next morning before 09:00: yesterday's run is not repeated, and nothing else is due yet.
      clock = at('2022-09-21T08:30')
      await jobs.catchUp()
      await d.tick()
      expect(notifier.sent).toHaveLength(1)
    } finally {
      await jobs.stop()
    }
  })

  it('a failing send is retried with its error recorded, and does not hold up the rest', async () => {
    await stores.rooms.setEnabled('room-2', '另一个群', true)
    await stores.outbox.enqueue({ dedupeKey: 'k-bad', roomId: 'gone', roomTopic: '已解散的群', text: '甲', mentionIds: [], filePath: null, plannedFor: at('2022-09-20T08:59') })
    await stores.outbox.enqueue({ dedupeKey: 'k-ok', roomId: 'room-2', roomTopic: '另一个群', text: '乙', mentionIds: [], filePath: null, plannedFor: at('2022-09-20T09:00') })
    let failures = 1
    const notifier = recorder((m) => m.roomTopic === '已解散的群' && failures-- > 0)
    const d = createDispatcher({ outbox: stores.outbox, notifier, log: silentLogger, claimer: 'p', now: () => at('2022-09-20T09:01') })
    const first = await d.tick()
    expect(first.sent).toHaveLength(1)
    expect(first.failed).toHaveLength(1)
    expect(notifier.sent.map((m) => m.text)).toEqual(['乙'])
    const bad = (await stores.outbox.list()).find((i) => i.dedupeKey === 'k-bad')!
    expect(bad).toMatchObject({ sentAt: null, attempts: 1, lastError: '找不到群：测试' })
    const second = await d.tick()
    expect(second.sent).toEqual([bad.id])
    expect(notifier.sent.map((m) => m.text)).toEqual(['乙', '甲'])
    expect((await stores.outbox.list()).find((i) => i.dedupeKey === 'k-bad')).toMatchObject({ attempts: 2 })
  })

  it('an item sent whose mark failed (the database dropped just then) is marked later and never sent again', async () => {
    await stores.outbox.enqueue({ dedupeKey: 'k-mark', roomId: 'room-1', roomTopic: ROOM, text: '丙', mentionIds: [], filePath: null, plannedFor: at('2022-09-20T09:00') })
    let markFails = 1
    const outbox = { ...stores.outbox, markSent: async (id: number, when: Date) => (markFails-- > 0 ? Promise.reject(new Error('connection lost')) : stores.outbox.markSent(id, when)) }
    const notifier = recorder()
    const d = createDispatcher({ outbox, notifier, log: silentLogger, claimer: 'p', now: () => at('2022-09-20T09:01') })
    await expect(d.tick()).rejects.toThrow('connection lost')
    await d.tick()
    await d.tick()
    expect(notifier.sent.map((m) => m.text)).toEqual(['丙'])
    expect((await stores.outbox.list()).find((i) => i.dedupeKey === 'k-mark')?.sentAt).not.toBeNull()
  })

  it('a send that may have gone out (timed out, or text without its file) is not sent again but listed', async () => {
    await stores.outbox.enqueue({ dedupeKey: 'k-maybe', roomId: 'room-1', roomTopic: ROOM, text: '戊', mentionIds: [], filePath: null, plannedFor: at('2022-09-20T09:00') })
    let calls = 0
    const maybe = { send: async () => { calls++; throw new MaybeSentError('发送超时') } }
    const d = createDispatcher({ outbox: stores.outbox, notifier: maybe, log: silentLogger, claimer: 'p', now: () => at('2022-09-20T09:01') })
    const first = await d.tick()
    expect(first).toMatchObject({ sent: [], failed: [], unconfirmed: [expect.any(Number)] })
    const later = createDispatcher({ outbox: stores.outbox, notifier: maybe, log: silentLogger, claimer: 'q', now: () => at('2022-09-21T09:01') })
    await later.tick()
    expect(calls).toBe(1)
    expect((await stores.outbox.unconfirmed(at('2022-09-20T10:00'))).map((i) => i.dedupeKey)).toEqual(['k-maybe'])
  })

  it('tells the admin in 进度汇总 about a reminder whose send was interrupted', async () => {
    await stores.outbox.enqueue({ dedupeKey: 'k-cut', roomId: 'room-1', roomTopic: ROOM, text: '丁', mentionIds: [], filePath: null, plannedFor: at('2022-09-20T09:00') })
    await stores.outbox.claimDue(at('2022-09-20T09:00'), 1, 'died') // claimed, then the process died
    const admin = { id: 'w-admin', name: '王', alias: '办公室王主任' }
    ledger.clock.now = at('2022-09-20T09:05')
    expect((await ledger.say(admin, '进度汇总')).reply).not.toContain('无法确认是否已发出')
    ledger.clock.now = at('2022-09-20T10:00')
    const summary = await ledger.say(admin, '进度汇总')
    expect(summary.reply).toContain(`发送时中断、无法确认是否已发出的消息 1 条：${ROOM}（2022-09-20 09:00）`)
    expect(summary.reply).toContain('不会自动重发')
  })

  it('queues the monthly digest for the admin room once a month, naming unreachable units', async () => {
    const d = deps(stores, { adminRoom: ROOM, exportLedger: async () => '/tmp/台账.xlsx' })
    const r = await runDigest(d, at('2022-10-08T09:30'))
    expect(r.queued).toBe(true)
    expect(r.digest!.text).toMatch(/^【督办月报】2022年10月8日/)
    expect(r.digest!.overdueTasks).toContain(57)
    expect(r.digest!.text).toContain('无法送达')
    expect(r.digest!.unreachable.map((u) => u.unit)).toContain('县发展改革局')
    expect(r.digest!.unreachable.map((u) => u.unit)).not.toContain('县司法局')
    expect((await runDigest(d, at('2022-10-09T09:30'))).queued).toBe(false)
    expect((await runDigest(d, at('2022-10-03T09:30'))).digest).toBeNull()
    const rows = (await stores.outbox.list()).filter((i) => i.dedupeKey.startsWith('督办月报'))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ roomTopic: ROOM, filePath: '/tmp/台账.xlsx' })
  })
})

/** Two processes' connections to one database: on Postgres two real connections; PGlite (one process only) shares one. */
async function twoConnections(target: (typeof dbTargets)[number]) {
  if (target.name === 'pglite') {
    const db = await target.open()
    return { one: db, two: db, close: () => db.close() }
  }
  const created = await createPostgresDatabase(testDatabaseUrl!)
  const one = await withTestOffice(await openDatabase({ databaseUrl: created.url, dataDir: MEMORY_DATA_DIR }))
  const two = await openDatabase({ databaseUrl: created.url, dataDir: MEMORY_DATA_DIR })
  return {
    one,
    two,
    async close() {
      await one.close()
      await two.close()
      await created.drop()
    },
  }
}

describe.each(dbTargets)('two bot processes on one database ($name)', (target) => {
  it('two dispatchers in parallel send each reminder once', async () => {
    const { one, two, close } = await twoConnections(target)
    try {
      const s1 = createStores(one.db, TEST_OFFICE_ID)
      const s2 = createStores(two.db, TEST_OFFICE_ID)
      for (let i = 0; i < 20; i++) {
        await s1.outbox.enqueue({ dedupeKey: `k${i}`, roomId: 'r', roomTopic: '群', text: `第${i}条`, mentionIds: [], filePath: null, plannedFor: at('2022-09-20T09:00') })
      }
      // Both processes also queue the same message: the key collides, nothing is added.
      expect(await s2.outbox.enqueue({ dedupeKey: 'k0', roomId: 'r', roomTopic: '群', text: '第0条', mentionIds: [], filePath: null, plannedFor: at('2022-09-20T09:00') })).toBe(false)
      const sent: string[] = []
      const slow = (): Notifier => ({ send: async (m) => { await new Promise((r) => setTimeout(r, 5)); sent.push(m.text) } })
      const now = () => at('2022-09-20T09:00:30')
      const a = createDispatcher({ outbox: s1.outbox, notifier: slow(), log: silentLogger, claimer: 'a', now })
      const b = createDispatcher({ outbox: s2.outbox, notifier: slow(), log: silentLogger, claimer: 'b', now })
      const [ra, rb] = await Promise.all([a.tick(), b.tick()])
      expect(ra.sent.length + rb.sent.length).toBe(20)
      expect(sent.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `第${i}条`).sort())
      expect((await s1.outbox.list()).every((i) => i.sentAt != null && i.attempts === 1)).toBe(true)
    } finally {
      await close()
    }
  })
})
