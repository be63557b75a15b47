import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import type { BookTask, Stores } from '../../src/ledger/ports.js'
import { countRows, dbTargets, fixtureDirectory, queryRows, TEST_OFFICE_ID } from '../helpers/db.js'
import { report, sampleImport } from './fixtures.js'

const at = (iso: string) => new Date(iso)
/** The inbox row of a report message: 张三 (the fixtures' liaison) in room @@r. */
const sentBy = (messageId: string) => ({
  id: messageId, roomId: '@@r', roomTopic: '群', senderId: 'wxid_liaison', senderName: '张三', text: '第1项已完成', mentionsBot: false, receivedAt: at('2022-09-01T02:00:00Z'),
})
const recallOf = (messageId: string) => ({ messageId, senderId: 'wxid_liaison', roomId: '@@r' })

describe.each(dbTargets)('ProgressStore on $name', (target) => {
  let database: Database
  let stores: Stores
  let tasks: BookTask[]
  beforeEach(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await stores.tasks.seedDirectory(fixtureDirectory())
    await stores.tasks.importTable(sampleImport())
    tasks = (await stores.tasks.loadBook()).tasks
  })
  afterEach(async () => {
    await database.close()
  })
  const id = (n: number) => tasks.find((t) => t.number === n)!.id

  it('records reports and returns them with ids, all fields round-tripped', async () => {
    const input = report(id(1), '县司法局', {
      status: 'in_progress',
      percent: 60,
      note: '已完成初稿',
      expectedDate: '2022-10-31',
    })
    const [stored] = await stores.progress.record([input])
    expect(stored).toEqual({ ...input, id: expect.any(Number), revokedAt: null })
    expect(await stores.progress.history(id(1))).toEqual([stored])
  })

  it('a redelivered message records once; a repeat inside one message too', async () => {
    const first = await stores.progress.record([report(id(1), '县司法局'), report(id(2), '县司法局')])
    expect(first).toHaveLength(2)
    const again = await stores.progress.record([report(id(1), '县司法局'), report(id(2), '县司法局')])
    expect(again).toEqual([])
    const repeated = await stores.progress.record([
      report(id(3), '县司法局', { sourceMessageId: 'msg-2' }),
      report(id(3), '县司法局', { sourceMessageId: 'msg-2', status: 'blocked' }),
    ])
    expect(repeated).toHaveLength(1)
    expect(await stores.progress.history(id(1))).toHaveLength(1)
    expect(await stores.progress.history(id(3))).toHaveLength(1)
  })

  it('record() with `handled` marks the inbox message in the same statement, and neither without the other', async () => {
    const message = { id: 'msg-h', roomId: '@@r', roomTopic: '群', senderId: 'wx-1', senderName: '甲', text: '第1项已完成', mentionsBot: false, receivedAt: at('2022-09-01T02:00:00Z') }
    expect(await stores.inbox.store(message)).toBe('new')
    const stored = await stores.progress.record([report(id(1), '县司法局', { sourceMessageId: 'msg-h' })], { messageId: 'msg-h', outcome: 'report:1/0' })
    expect(stored).toHaveLength(1)
    expect(await stores.inbox.store(message)).toBe('handled')
    expect(await stores.inbox.pending(10)).toEqual([])

    // A failing insert leaves the message unhandled, to be handled again.
    const other = { ...message, id: 'msg-bad' }
    await stores.inbox.store(other)
    await expect(
      stores.progress.record([report(id(2), '县司法局', { sourceMessageId: 'msg-bad', percent: 150 })], { messageId: 'msg-bad', outcome: 'report:1/0' }),
    ).rejects.toThrow()
    expect((await stores.inbox.pending(10)).map((m) => m.id)).toEqual(['msg-bad'])
  })

  it('one record() is all or nothing', async () => {
    await expect(
      stores.progress.record([
        report(id(1), '县司法局'),
        report(id(2), '县司法局', { percent: 150 }), // violates the percent check
      ]),
    ).rejects.toThrow()
    expect(await stores.progress.history(id(1))).toEqual([])
  })

  it('concurrent record() calls on one task from different units all survive', async () => {
    const units = fixtureDirectory().units.slice(0, 12).map((u) => u.name)
    const results = await Promise.all(
      units.map((unit, i) =>
        stores.progress.record([
          report(id(1), unit, { sourceMessageId: `msg-${i}`, liaisonContactId: `wxid_${i}` }),
        ]),
      ),
    )
    expect(results.map((r) => r.length)).toEqual(units.map(() => 1))
    const history = await stores.progress.history(id(1))
    expect(history.map((r) => r.unit).sort()).toEqual([...units].sort())
    expect(new Set(history.map((r) => r.id)).size).toBe(units.length)
  })

  it('latest() gives the newest unrevoked report per (task, unit)', async () => {
    const [old] = await stores.progress.record([
      report(id(1), '县司法局', { status: 'in_progress', sourceMessageId: 'a', reportedAt: at('2022-09-01T00:00:00Z') }),
    ])
    const [newer] = await stores.progress.record([
      report(id(1), '县司法局', { status: 'done', sourceMessageId: 'b', reportedAt: at('2022-09-02T00:00:00Z') }),
    ])
    const [other] = await stores.progress.record([
      report(id(1), '县财政局', { status: 'blocked', sourceMessageId: 'c', reportedAt: at('2022-09-01T00:00:00Z') }),
    ])
    let latest = await stores.progress.latest()
    expect(latest.map((r) => r.id).sort()).toEqual([newer!.id, other!.id].sort())

    // Revoking the newest falls back to the one before it.
    expect(await stores.progress.revoke([newer!.id], at('2022-09-03T00:00:00Z'))).toBe(1)
    latest = await stores.progress.latest()
    expect(latest.map((r) => r.id).sort()).toEqual([old!.id, other!.id].sort())
    expect(latest.find((r) => r.unit === '县司法局')?.status).toBe('in_progress')
  })

  it('latest() stays equal to the newest unrevoked report per pair through any mix of records and revocations', async () => {
    // The definition progress_latest is kept to: DISTINCT ON over the whole history.
    const byDefinition = async () =>
      (
        await queryRows<{ id: number }>(
          database,
          sql`select distinct on (task_id, unit) id from progress_reports where revoked_at is null
              order by task_id, unit, reported_at desc, id desc`,
        )
      )
        .map((r) => Number(r.id))
        .sort((a, b) => a - b)
    const held = async () => (await stores.progress.latest()).map((r) => r.id).sort((a, b) => a - b)
    let seed = 7
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const units = ['县司法局', '县教育局', '惠城镇']
    let message = 0
    for (let step = 0; step < 60; step++) {
      const op = rand(10)
      if (op < 6) {
        // Reports stamped out of order and with equal times, as replayed history arrives.
        const items = Array.from({ length: 1 + rand(3) }, () => report(id(1 + rand(3)), units[rand(3)]!, {
          sourceMessageId: `m-${++message}`,
          reportedAt: at(`2022-09-${String(1 + rand(5)).padStart(2, '0')}T02:00:00Z`),
        }))
        await stores.inbox.store(sentBy(`m-${message}`))
        await stores.progress.record(items)
      } else if (op < 8) {
        const live = (await stores.progress.latest()).map((r) => r.id)
        if (live.length) await stores.progress.revoke([live[rand(live.length)]!], at('2022-09-10T00:00:00Z'))
      } else {
        await stores.progress.revokeBySource(recallOf(`m-${1 + rand(Math.max(1, message))}`), at('2022-09-10T00:00:00Z'))
      }
      expect(await held()).toEqual(await byDefinition())
    }
    expect((await held()).length).toBeGreaterThan(0)

    // Several liaisons of one unit reporting the same task at once: the newest stamp wins.
    await Promise.all(
      [3, 1, 4, 2].map((day) => stores.progress.record([report(id(1), '县司法局', { sourceMessageId: `race-${day}`, reportedAt: at(`2022-10-0${day}T02:00:00Z`) })])),
    )
    expect(await held()).toEqual(await byDefinition())
    expect((await stores.progress.latest({ taskIds: [id(1)] })).find((r) => r.unit === '县司法局')?.sourceMessageId).toBe('race-4')
  })

  it("lastBySender() gives the sender's most recent unrevoked message since a time", async () => {
    const sender = 'wxid_zhang'
    await stores.progress.record([
      report(id(1), '县司法局', { liaisonContactId: sender, sourceMessageId: 'm1', reportedAt: at('2022-09-01T01:00:00Z') }),
    ])
    const second = await stores.progress.record([
      report(id(2), '县司法局', { liaisonContactId: sender, sourceMessageId: 'm2', reportedAt: at('2022-09-01T02:00:00Z') }),
      report(id(3), '县司法局', { liaisonContactId: sender, sourceMessageId: 'm2', reportedAt: at('2022-09-01T02:00:00Z') }),
    ])
    // Someone else's later report is not this sender's.
    await stores.progress.record([
      report(id(4), '县财政局', { liaisonContactId: 'wxid_li', sourceMessageId: 'm3', reportedAt: at('2022-09-01T03:00:00Z') }),
    ])

    const last = await stores.progress.lastBySender(sender, at('2022-09-01T00:00:00Z'))
    expect(last).toEqual(second)
    expect(await stores.progress.lastBySender(sender, at('2022-09-01T02:30:00Z'))).toEqual([])

    // After undoing m2, the one before it is the last again.
    expect(await stores.progress.revoke(last.map((r) => r.id), at('2022-09-01T04:00:00Z'))).toBe(2)
    const previous = await stores.progress.lastBySender(sender, at('2022-09-01T00:00:00Z'))
    expect(previous.map((r) => r.sourceMessageId)).toEqual(['m1'])
    // Revoking twice counts nothing the second time.
    expect(await stores.progress.revoke(last.map((r) => r.id), at('2022-09-01T05:00:00Z'))).toBe(0)
    expect(await stores.progress.revoke([], at('2022-09-01T05:00:00Z'))).toBe(0)
  })

  it('revokeBySource() revokes nothing for another sender, another chat, or a message the inbox never had', async () => {
    await stores.inbox.store(sentBy('theirs'))
    await stores.progress.record([report(id(1), '县司法局', { sourceMessageId: 'theirs' }), report(id(2), '县司法局', { sourceMessageId: 'unknown' })])
    const when = at('2022-09-05T00:00:00Z')
    expect(await stores.progress.revokeBySource({ ...recallOf('theirs'), senderId: 'wx-stranger' }, when)).toEqual([])
    expect(await stores.progress.revokeBySource({ ...recallOf('theirs'), roomId: null }, when)).toEqual([])
    expect(await stores.progress.revokeBySource({ ...recallOf('theirs'), roomId: '@@other' }, when)).toEqual([])
    expect(await stores.progress.revokeBySource(recallOf('unknown'), when)).toEqual([])
    expect(await stores.progress.latest()).toHaveLength(2)
  })

  it('revokeBySource() revokes one message (a recall) and returns what it revoked', async () => {
    await stores.inbox.store(sentBy('recalled'))
    await stores.progress.record([
      report(id(1), '县司法局', { sourceMessageId: 'recalled' }),
      report(id(2), '县司法局', { sourceMessageId: 'recalled' }),
      report(id(3), '县司法局', { sourceMessageId: 'kept' }),
    ])
    const when = at('2022-09-05T00:00:00Z')
    const revoked = await stores.progress.revokeBySource(recallOf('recalled'), when)
    expect(revoked.map((r) => r.taskId)).toEqual([id(1), id(2)])
    expect(revoked.every((r) => r.revokedAt?.getTime() === when.getTime())).toBe(true)
    expect(await stores.progress.revokeBySource(recallOf('recalled'), when)).toEqual([])
    // History keeps revoked rows; latest() does not show them.
    expect(await stores.progress.history(id(1))).toHaveLength(1)
    expect((await stores.progress.latest()).map((r) => r.taskId)).toEqual([id(3)])
  })

  it('evidence attaches once per message and needs an existing report', async () => {
    const [r] = await stores.progress.record([report(id(1), '县司法局')])
    const evidence = {
      reportId: r!.id,
      kind: 'image' as const,
      fileName: 'photo.jpg',
      storedPath: 'data/evidence/photo.jpg',
      sourceMessageId: 'img-1',
      receivedAt: at('2022-09-01T02:01:00Z'),
    }
    await stores.progress.addEvidence(evidence)
    await stores.progress.addEvidence(evidence)
    expect(await countRows(database, 'report_evidence')).toBe(1)
    await expect(stores.progress.addEvidence({ ...evidence, reportId: 999_999 })).rejects.toThrow()
  })

  it('evidenceOf() lists the files of unrevoked reports on the given tasks, oldest first', async () => {
    const [kept, revoked, other] = await stores.progress.record([
      report(id(1), '县司法局', { sourceMessageId: 'm-a' }),
      report(id(1), '县财政局', { sourceMessageId: 'm-b' }),
      report(id(2), '县司法局', { sourceMessageId: 'm-c' }),
    ])
    const attach = (reportId: number, fileName: string, minute: number) =>
      stores.progress.addEvidence({ reportId, kind: 'file', fileName, storedPath: null, sourceMessageId: `f-${fileName}`, receivedAt: at(`2022-09-01T02:0${minute}:00Z`) })
    await attach(kept!.id, '方案.docx', 5)
    await attach(kept!.id, '公告.pdf', 2)
    await attach(revoked!.id, '撤回的.pdf', 3)
    await attach(other!.id, '别的任务.pdf', 4)
    await stores.progress.revoke([revoked!.id], at('2022-09-02T00:00:00Z'))
    const files = await stores.progress.evidenceOf({ taskIds: [id(1)] })
    expect(files.map((f) => [f.unit, f.fileName])).toEqual([['县司法局', '公告.pdf'], ['县司法局', '方案.docx']])
    expect(await stores.progress.evidenceOf({ taskIds: [] })).toEqual([])
  })
})
