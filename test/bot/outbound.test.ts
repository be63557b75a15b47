import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RateLimitedQueue, QueueStoppedError, SendTimeoutError, createWechatyNotifier } from '../../bot/outbound.js'
import { createMockWorld, type MockContact, type MockRoom, type MockWorld } from '../../dev/mockWorld.js'
import { MaybeSentError } from '../../src/chat.js'

/** A clock that only moves when the queue sleeps, so timings are exact. */
function fakeClock() {
  const clock = {
    t: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms)
      clock.t += ms
    },
  }
  return clock
}

describe('RateLimitedQueue', () => {
  it('keeps the minimum gap plus jitter between sends, in FIFO order, one at a time', async () => {
    const clock = fakeClock()
    const queue = new RateLimitedQueue({ minGapMs: 3000, jitterMs: 1000, now: clock.now, sleep: clock.sleep, random: () => 0.5 })
    const started: Array<{ label: string; at: number }> = []
    let inFlight = 0
    let maxInFlight = 0
    const send = (label: string) => queue.enqueue(async () => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      started.push({ label, at: clock.t })
      clock.t += 200 // the send itself takes time
      await Promise.resolve()
      inFlight--
    }, label)
    await Promise.all(['a', 'b', 'c', 'd'].map(send))
    expect(started.map((s) => s.label)).toEqual(['a', 'b', 'c', 'd'])
    expect(maxInFlight).toBe(1)
    // First goes at once; each next one waits 3000 + 500 jitter after the previous send ended.
    expect(started[0]!.at).toBe(1_000_000)
    for (let i = 1; i < started.length; i++) {
      expect(started[i]!.at - started[i - 1]!.at).toBe(200 + 3500)
    }
  })

  it('does not wait when the gap has already passed', async () => {
    const clock = fakeClock()
    const queue = new RateLimitedQueue({ minGapMs: 1000, jitterMs: 0, now: clock.now, sleep: clock.sleep })
    await queue.enqueue(async () => {})
    clock.t += 5000
    await queue.enqueue(async () => {})
    expect(clock.sleeps).toEqual([])
  })

  it('retries a failed send with growing backoff, then reports it and rejects', async () => {
    const clock = fakeClock()
    const failures: Array<{ error: unknown; label: string | undefined }> = []
    const queue = new RateLimitedQueue({
      minGapMs: 100, jitterMs: 0, retries: 2, backoffMs: 1000,
      now: clock.now, sleep: clock.sleep,
      onFailure: (error, label) => failures.push({ error, label }),
    })
    const attempts: number[] = []
    const result = queue.enqueue(async () => {
      attempts.push(clock.t)
      throw new Error('网络错误')
    }, '工作群')
    const after = queue.enqueue(async () => { attempts.push(-clock.t) }, '下一条')
    await expect(result).rejects.toThrow('网络错误')
    await after
    // Backoff 1000 then 2000; the 100 ms gap is already covered by the backoff wait.
    expect(attempts.slice(0, 3).map((t) => t - attempts[0]!)).toEqual([0, 1000, 3000])
    expect(failures).toHaveLength(1)
    expect(failures[0]!.label).toBe('工作群')
    expect((failures[0]!.error as Error).message).toBe('网络错误')
    // The queue moves on after a failure, still keeping the gap.
    expect(attempts).toHaveLength(4)
    expect(-attempts[3]! - attempts[2]!).toBe(100)
  })

  it('a send that fails once and then succeeds resolves without a failure report', async () => {
    const clock = fakeClock()
    let failures = 0
    const queue = new RateLimitedQueue({ minGapMs: 0, jitterMs: 0, backoffMs: 10, now: clock.now, sleep: clock.sleep, onFailure: () => failures++ })
    let calls = 0
    await queue.enqueue(async () => {
      calls++
      if (calls === 1) throw new Error('flaky')
    })
    expect(calls).toBe(2)
    expect(failures).toBe(0)
  })

  it('a send that never settles times out once (no retry: it may still arrive) and the queue moves on', async () => {
    const failures: unknown[] = []
    const queue = new RateLimitedQueue({ minGapMs: 0, jitterMs: 0, retries: 2, backoffMs: 1, timeoutMs: 30, onFailure: (e) => failures.push(e) })
    let hungCalls = 0
    const hung = queue.enqueue(() => {
      hungCalls++
      return new Promise<void>(() => {})
    }, '卡住的群')
    const next = queue.enqueue(async () => {})
    await expect(hung).rejects.toBeInstanceOf(SendTimeoutError)
    await expect(next).resolves.toBeUndefined()
    expect(hungCalls).toBe(1)
    expect(failures).toHaveLength(1)
  })

  it('an onFailure hook that throws neither stops the queue nor escapes as an unhandled rejection', async () => {
    const queue = new RateLimitedQueue({
      minGapMs: 0, jitterMs: 0, retries: 0,
      onFailure: () => { throw new Error('logger broke') },
    })
    const failed = queue.enqueue(async () => { throw new Error('网络错误') })
    const next = queue.enqueue(async () => {})
    await expect(failed).rejects.toThrow('网络错误')
    await expect(next).resolves.toBeUndefined()
    queue.stop()
    await expect(queue.enqueue(async () => {})).rejects.toBeInstanceOf(QueueStoppedError)
  })

  it('drain() waits for everything queued; stop() rejects what is still waiting', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    const queue = new RateLimitedQueue({ minGapMs: 0, jitterMs: 0 })
    const done: string[] = []
    const first = queue.enqueue(async () => { await gate; done.push('first') })
    const second = queue.enqueue(async () => { done.push('second') })
    let drained = false
    const draining = queue.drain().then(() => { drained = true })
    await new Promise((r) => setTimeout(r, 20))
    expect(drained).toBe(false)
    expect(queue.size).toBe(2)
    queue.stop()
    await expect(second).rejects.toBeInstanceOf(QueueStoppedError)
    release()
    await first
    await draining
    expect(done).toEqual(['first'])
    await expect(queue.enqueue(async () => {})).rejects.toBeInstanceOf(QueueStoppedError)
  })
})

describe('createWechatyNotifier on the mock puppet', () => {
  let world: MockWorld
  let zhang: MockContact
  let li: MockContact
  let room: MockRoom

  beforeAll(async () => {
    world = await createMockWorld()
    zhang = world.contact('张三')
    li = world.contact('李四')
    room = world.room('县政务公开工作群', [zhang, li])
  })
  afterAll(async () => {
    await world.stop()
  })

  it('sends into the room with a real @-mention of the right contact', async () => {
    await world.notifier.send({ roomId: room.id, text: '第5项将于3天后到期，请反馈进度', mentionIds: [li.id] })
    const sent = world.sent().find((s) => s.text.includes('第5项将于3天后到期'))
    expect(sent).toMatchObject({ roomId: room.id, roomTopic: '县政务公开工作群', mentions: ['李四'], mentionIds: [li.id], to: null })
    // Wechaty's room.say() writes the @name in front, separated by a space.
    expect(sent!.text).toBe('@李四 第5项将于3天后到期，请反馈进度')
  })

  it('mentions several contacts in order', async () => {
    await world.notifier.send({ roomId: room.id, text: '请两位确认', mentionIds: [zhang.id, li.id] })
    const sent = world.sent().find((s) => s.text.endsWith('请两位确认'))
    expect(sent?.mentions).toEqual(['张三', '李四'])
    expect(sent?.text).toBe('@张三\u2005@李四 请两位确认')
  })

  it('falls back to the topic when the room id is stale (ids change at every web login)', async () => {
    await world.notifier.send({ roomId: 'gone@chatroom', roomTopic: '县政务公开工作群', text: '按群名找到了' })
    expect(world.sent().find((s) => s.text === '按群名找到了')?.roomId).toBe(room.id)
  })

  it('sends a private message when roomId is null', async () => {
    await world.notifier.send({ roomId: null, toContactId: zhang.id, text: '您好，请绑定单位' })
    expect(world.sent().find((s) => s.text === '您好，请绑定单位')).toMatchObject({ roomId: null, to: '张三', toId: zhang.id })
  })

  it('sends the text and then the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'notifier-'))
    const file = path.join(dir, '台账.pdf')
    writeFileSync(file, 'ledger')
    await world.notifier.send({ roomId: room.id, text: '台账见附件', filePath: file })
    const sent = world.sent()
    const i = sent.findIndex((s) => s.text === '台账见附件')
    expect(i).toBeGreaterThanOrEqual(0)
    expect(sent[i + 1]).toMatchObject({ roomId: room.id, fileName: '台账.pdf' })
  })

  it('a text sent without its file rejects as maybe sent (sending it again would repeat the text)', async () => {
    const notifier = createWechatyNotifier(world.bot, { minGapMs: 0, jitterMs: 0, retries: 0, log: { error: () => {}, warn: () => {}, debug: () => {} } as never })
    const missing = path.join(os.tmpdir(), `no-such-dir-${process.pid}`, '台账.xlsx')
    const err = await notifier.send({ roomId: room.id, text: '台账见附件（文件缺失）', filePath: missing }).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(MaybeSentError)
    expect(world.sent().some((s) => s.text === '台账见附件（文件缺失）')).toBe(true)
    expect(new SendTimeoutError(1000)).toBeInstanceOf(MaybeSentError)
    notifier.stop()
  })

  it('rejects (after its retries) when the room cannot be found, and logs the failure', async () => {
    const errors: unknown[] = []
    const notifier = createWechatyNotifier(world.bot, {
      minGapMs: 0, jitterMs: 0, retries: 1, backoffMs: 1,
      log: { error: (obj: unknown) => errors.push(obj), warn: () => {}, debug: () => {} } as never,
    })
    await expect(notifier.send({ roomId: 'nowhere@chatroom', text: '发不出去' })).rejects.toThrow('找不到群')
    expect(errors).toHaveLength(1)
    expect(world.sent().some((s) => s.text === '发不出去')).toBe(false)
    notifier.stop()
  })
})
