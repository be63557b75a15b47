import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.js'
import { OUTBOX_MAX_ATTEMPTS, OUTBOX_UNCONFIRMED_AFTER_MS } from '../../db/repositories/outbox.js'
import { createStores } from '../../db/stores.js'
import type { OutboxStore } from '../../src/ledger/ports.js'
import { dbTargets, TEST_OFFICE_ID } from '../helpers/db.js'

const NOW = new Date('2022-12-20T01:00:00Z')
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)

function item(key: string, plannedFor = minutes(-1)) {
  return {
    dedupeKey: key,
    roomId: '@@room1',
    roomTopic: '政务公开工作群',
    text: `提醒 ${key}`,
    mentionIds: ['wxid_a', 'wxid_b'],
    filePath: null,
    plannedFor,
  }
}

describe.each(dbTargets)('OutboxStore on $name', (target) => {
  let database: Database
  let outbox: OutboxStore
  beforeEach(async () => {
    database = await target.open()
    outbox = createStores(database.db, TEST_OFFICE_ID).outbox
  })
  afterEach(async () => {
    await database.close()
  })

  it('enqueue() creates a key once; the second call says it already existed', async () => {
    expect(await outbox.enqueue(item('reminder:2022-12-20:room1'))).toBe(true)
    expect(await outbox.enqueue({ ...item('reminder:2022-12-20:room1'), text: '另一条' })).toBe(false)
    expect(await outbox.has('reminder:2022-12-20:room1')).toBe(true)
    expect(await outbox.has('reminder:2022-12-21:room1')).toBe(false)
    const all = await outbox.list()
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({
      dedupeKey: 'reminder:2022-12-20:room1',
      text: '提醒 reminder:2022-12-20:room1',
      mentionIds: ['wxid_a', 'wxid_b'],
      sentAt: null,
      attempts: 0,
      lastError: null,
    })
  })

  it('concurrent enqueue() of one key creates exactly one item', async () => {
    const created = await Promise.all(Array.from({ length: 8 }, () => outbox.enqueue(item('same-key'))))
    expect(created.filter(Boolean)).toHaveLength(1)
    expect(await outbox.list()).toHaveLength(1)
  })

  it('claimDue() takes only due, unsent, unclaimed items, oldest first, up to the limit', async () => {
    await outbox.enqueue(item('later', minutes(10)))
    await outbox.enqueue(item('second', minutes(-5)))
    await outbox.enqueue(item('first', minutes(-30)))
    await outbox.enqueue(item('third', minutes(0)))

    const claimed = await outbox.claimDue(NOW, 2, 'proc-a')
    expect(claimed.map((i) => i.dedupeKey)).toEqual(['first', 'second'])
    expect(claimed.every((i) => i.attempts === 1)).toBe(true)
    // Claimed ones are not handed out again while the claim is fresh.
    expect((await outbox.claimDue(NOW, 10, 'proc-b')).map((i) => i.dedupeKey)).toEqual(['third'])
    expect(await outbox.claimDue(NOW, 10, 'proc-b')).toEqual([])

  })

  // Issue 11, defect 8: a claim went stale after 5 minutes and was taken over, so an item whose
  // process died between the send and the mark was sent twice.
  it('never claims an item again once its send began; lists it as unconfirmed instead', async () => {
    await outbox.enqueue(item('died-mid-send', minutes(-5)))
    await outbox.enqueue(item('sent-fine', minutes(-4)))
    await outbox.enqueue(item('failed-cleanly', minutes(-3)))
    const [died, fine, failed] = await outbox.claimDue(NOW, 3, 'proc-a')
    await outbox.markSent(fine!.id, NOW)
    await outbox.markFailed(failed!.id, '找不到群')
    expect(died?.dedupeKey).toBe('died-mid-send')
    // Not yet unconfirmed: its send may still be under way.
    expect(await outbox.unconfirmed(minutes(1))).toEqual([])

    const muchLater = new Date(NOW.getTime() + OUTBOX_UNCONFIRMED_AFTER_MS + 60 * 60_000)
    // A failed send is retried; the item that died mid-send never is, however late.
    expect((await outbox.claimDue(muchLater, 10, 'proc-b')).map((i) => i.dedupeKey)).toEqual(['failed-cleanly'])
    expect(await outbox.claimDue(new Date(muchLater.getTime() + 86_400_000), 10, 'proc-c')).toEqual([])
    const unconfirmed = await outbox.unconfirmed(muchLater)
    expect(unconfirmed.map((i) => i.dedupeKey)).toEqual(['died-mid-send'])
    expect(unconfirmed[0]).toMatchObject({ sentAt: null, claimedAt: NOW })
  })

  it('settleUnconfirmed(): the admin resends an unconfirmed item or leaves it unsent for good', async () => {
    await outbox.enqueue(item('resend-me'))
    await outbox.enqueue(item('dismiss-me'))
    const [resend, dismiss] = await outbox.claimDue(NOW, 2, 'died')
    const later = minutes(60)
    expect(await outbox.settleUnconfirmed(resend!.id, 'resend')).toBe(true)
    expect(await outbox.settleUnconfirmed(dismiss!.id, 'dismiss')).toBe(true)
    expect(await outbox.settleUnconfirmed(dismiss!.id, 'resend')).toBe(false) // no longer unconfirmed
    expect(await outbox.unconfirmed(later)).toEqual([])
    expect((await outbox.claimDue(later, 10, 'proc-b')).map((i) => i.dedupeKey)).toEqual(['resend-me'])
  })

  it('two concurrent claimers never get the same item', async () => {
    const total = 60
    for (let i = 0; i < total; i++) await outbox.enqueue(item(`k${String(i).padStart(3, '0')}`))
    const seen: number[] = []
    // Rounds of overlapping claims until everything is claimed.
    for (let round = 0; round < 10 && seen.length < total; round++) {
      const [a, b] = await Promise.all([outbox.claimDue(NOW, 7, 'proc-a'), outbox.claimDue(NOW, 7, 'proc-b')])
      seen.push(...a.map((i) => i.id), ...b.map((i) => i.id))
    }
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
  })

  it('markFailed() records the error and releases the item for a retry, up to the attempt limit', async () => {
    await outbox.enqueue(item('flaky'))
    for (let attempt = 1; attempt <= OUTBOX_MAX_ATTEMPTS; attempt++) {
      const [claimed] = await outbox.claimDue(NOW, 1, 'proc-a')
      expect(claimed?.attempts).toBe(attempt)
      await outbox.markFailed(claimed!.id, `send failed #${attempt}`)
    }
    expect(await outbox.claimDue(NOW, 1, 'proc-a')).toEqual([])
    const [stored] = await outbox.list()
    expect(stored).toMatchObject({ attempts: OUTBOX_MAX_ATTEMPTS, lastError: `send failed #${OUTBOX_MAX_ATTEMPTS}`, sentAt: null })
  })

  it('markSent() stores the time and the item is never claimed again', async () => {
    await outbox.enqueue(item('once'))
    const [claimed] = await outbox.claimDue(NOW, 1, 'proc-a')
    await outbox.markSent(claimed!.id, minutes(1))
    const [stored] = await outbox.list()
    expect(stored?.sentAt?.toISOString()).toBe(minutes(1).toISOString())
    expect(await outbox.claimDue(minutes(60 * 24), 10, 'proc-b')).toEqual([])
  })
})
