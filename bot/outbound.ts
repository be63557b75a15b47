/** Everything the bot sends goes through one rate-limited FIFO queue: WeChat blocks accounts that send fast. */
import { FileBox } from 'file-box'
import type { Wechaty as WechatyInterface, Contact, Room } from 'wechaty'
import type { Logger } from 'pino'
import { MaybeSentError, type Notifier, type OutgoingMessage } from '../src/chat.js'

export type OutboundLog = Pick<Logger, 'warn' | 'error' | 'debug'>

export interface RateLimitedQueueOptions {
  /** Minimum time between the end of one send and the start of the next. */
  minGapMs: number
  /** Up to this much random extra wait per send, so the rhythm does not look mechanical. */
  jitterMs: number
  /** Extra attempts after a failed send (default 2). */
  retries?: number
  /** Wait before the first retry; doubled for each further retry (default 2000). */
  backoffMs?: number
  /**
   * A send still pending after this long counts as failed (default 60 s): a WeChat call that never
   * settles (a dropped connection) must not hold up every message behind it.
   */
  timeoutMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Called once when a send has failed all its attempts (or the queue stopped before it ran). */
  onFailure?: (error: unknown, label: string | undefined) => void
}

interface Job {
  task: () => Promise<void>
  label: string | undefined
  resolve: () => void
  reject: (error: unknown) => void
}

/** A timed-out send may still reach WeChat: never sent again by itself. */
export class SendTimeoutError extends MaybeSentError {
  constructor(ms: number) {
    super(`发送超时（${Math.round(ms / 1000)} 秒未完成）`)
    this.name = 'SendTimeoutError'
  }
}

export class QueueStoppedError extends Error {
  constructor() {
    super('发送队列已停止')
    this.name = 'QueueStoppedError'
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class RateLimitedQueue {
  private readonly jobs: Job[] = []
  private running = false
  private stopped = false
  /** When the last attempt finished; -Infinity so the first send goes out at once. */
  private lastSendEnd = Number.NEGATIVE_INFINITY
  private idleWaiters: Array<() => void> = []
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number

  constructor(private readonly opts: RateLimitedQueueOptions) {
    this.now = opts.now ?? Date.now
    this.sleep = opts.sleep ?? realSleep
    this.random = opts.random ?? Math.random
  }

  get size(): number {
    return this.jobs.length + (this.running ? 1 : 0)
  }

  /** Resolves once the task has run successfully; rejects after its last failed attempt. */
  enqueue(task: () => Promise<void>, label?: string): Promise<void> {
    if (this.stopped) {
      const error = new QueueStoppedError()
      this.report(error, label)
      return Promise.reject(error)
    }
    return new Promise<void>((resolve, reject) => {
      this.jobs.push({ task, label, resolve, reject })
      if (!this.running) void this.pump()
    })
  }

  /** Resolves when nothing is queued or in flight. */
  drain(): Promise<void> {
    if (!this.running && this.jobs.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Rejects everything still queued; the send in flight finishes (WeChat calls cannot be cancelled). */
  stop(): void {
    this.stopped = true
    for (const job of this.jobs.splice(0)) this.fail(job, new QueueStoppedError())
    if (!this.running) this.notifyIdle()
  }

  private async pump(): Promise<void> {
    this.running = true
    try {
      for (let job = this.jobs.shift(); job; job = this.jobs.shift()) {
        await this.runJob(job)
      }
    } finally {
      this.running = false
      this.notifyIdle()
    }
  }

  private async runJob(job: Job): Promise<void> {
    const retries = this.opts.retries ?? 2
    const backoff = this.opts.backoffMs ?? 2000
    let lastError: unknown
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await this.sleep(backoff * 2 ** (attempt - 1))
      await this.waitForGap()
      if (this.stopped) return this.fail(job, new QueueStoppedError())
      try {
        await this.withTimeout(job.task())
        this.lastSendEnd = this.now()
        job.resolve()
        return
      } catch (error) {
        this.lastSendEnd = this.now()
        lastError = error
        // A timed-out send may still reach WeChat: sending it again could post it twice.
        if (error instanceof SendTimeoutError) break
      }
    }
    this.fail(job, lastError)
  }

  private withTimeout(send: Promise<void>): Promise<void> {
    const ms = this.opts.timeoutMs ?? 60_000
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SendTimeoutError(ms)), ms)
    })
    // A send that settles after its timeout must not become an unhandled rejection.
    send.catch(() => {})
    return Promise.race([send, timeout]).finally(() => clearTimeout(timer))
  }

  private async waitForGap(): Promise<void> {
    const jitter = this.opts.jitterMs > 0 ? Math.floor(this.random() * this.opts.jitterMs) : 0
    const wait = this.lastSendEnd + this.opts.minGapMs + jitter - this.now()
    if (wait > 0) await this.sleep(wait)
  }

  private fail(job: Job, error: unknown): void {
    this.report(error, job.label)
    job.reject(error)
  }

  private report(error: unknown, label: string | undefined): void {
    try {
      this.opts.onFailure?.(error, label)
    } catch {
      // A failing failure hook must not stop the queue (the caller still gets the rejection).
    }
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }
}

export interface WechatyNotifierOptions {
  minGapMs: number
  jitterMs: number
  retries?: number
  backoffMs?: number
  timeoutMs?: number
  log?: OutboundLog
  /** For tests: a fake clock. */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export type WechatyNotifier = Notifier & { drain(): Promise<void>; stop(): void }

/**
 * send() resolves when WeChat accepted the message (text, then the file if any) and rejects after the
 * retries are spent, so an outbox can record the failure; the failure is logged either way.
 */
export function createWechatyNotifier(bot: WechatyInterface, opts: WechatyNotifierOptions): WechatyNotifier {
  const log = opts.log
  const queue = new RateLimitedQueue({
    minGapMs: opts.minGapMs,
    jitterMs: opts.jitterMs,
    ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
    ...(opts.backoffMs !== undefined ? { backoffMs: opts.backoffMs } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    onFailure: (err, label) => log?.error({ err, to: label }, '消息发送失败'),
  })

  async function findRoom(message: OutgoingMessage): Promise<Room> {
    if (message.roomId) {
      const byId = await bot.Room.find({ id: message.roomId })
      if (byId) return byId
    }
    // Web-login ids change at every login: the topic is the stable handle.
    if (message.roomTopic) {
      const byTopic = await bot.Room.find({ topic: message.roomTopic })
      if (byTopic) return byTopic
    }
    throw new Error(`找不到群：${message.roomTopic ?? message.roomId}`)
  }

  async function findContact(id: string): Promise<Contact> {
    const contact = await bot.Contact.find({ id })
    if (!contact) throw new Error(`找不到联系人：${id}`)
    return contact
  }

  /** Resolved at send time (not enqueue time) so a retry can pick up a room that reappeared after re-login. */
  async function conversation(message: OutgoingMessage): Promise<{ say(s: string | FileBox): Promise<unknown>; mentions: Contact[] }> {
    if (message.roomId !== null || message.roomTopic) {
      const room = await findRoom(message)
      const mentions: Contact[] = []
      for (const id of message.mentionIds ?? []) {
        const contact = await bot.Contact.find({ id })
        if (contact) mentions.push(contact)
        else log?.warn({ contactId: id }, '要@的联系人不存在，已跳过')
      }
      return {
        say: (s) => (typeof s === 'string' && mentions.length > 0 ? room.say(s, ...mentions) : room.say(s)),
        mentions,
      }
    }
    if (!message.toContactId) throw new Error('消息既没有群也没有收信人')
    const contact = await findContact(message.toContactId)
    return { say: (s) => contact.say(s), mentions: [] }
  }

  const label = (message: OutgoingMessage) => message.roomTopic ?? message.roomId ?? message.toContactId ?? undefined

  /** While WeChat is logged out, sends wait (in order) for the next login instead of failing. */
  async function loggedIn(): Promise<void> {
    if (isLoggedIn(bot)) return
    await new Promise<void>((resolve) => bot.once('login', () => resolve()))
  }

  return {
    async send(message) {
      await loggedIn()
      const parts: Array<Promise<void>> = []
      if (message.text.trim() !== '') {
        parts.push(queue.enqueue(async () => {
          await (await conversation(message)).say(message.text)
        }, label(message)))
      }
      if (message.filePath) {
        const filePath = message.filePath
        parts.push(queue.enqueue(async () => {
          await (await conversation(message)).say(FileBox.fromFile(filePath))
        }, label(message)))
      }
      const settled = await Promise.allSettled(parts)
      const failed = settled.find((p): p is PromiseRejectedResult => p.status === 'rejected')
      if (!failed) return
      // The text went out and the file did not (or the other way round): sending again would repeat it.
      if (settled.some((p) => p.status === 'fulfilled')) throw new MaybeSentError('消息已部分发出', { cause: failed.reason })
      throw failed.reason
    },
    drain: () => queue.drain(),
    stop: () => queue.stop(),
  }
}

function isLoggedIn(bot: WechatyInterface): boolean {
  try {
    return bot.isLoggedIn
  } catch {
    return false
  }
}
