/**
 * Sends what the outbox holds, through the bot's one rate-limited Notifier. WeChat has no idempotent
 * send, so the rule is: an item is claimed (marked "sending", committed) just before it is sent and
 * marked sent just after; a failed send releases it for a retry at the next tick (ticks back off
 * while failures continue; attempts are capped by the outbox). A process that dies between the send
 * and the mark leaves the item claimed: it is never sent again by itself (it may have gone out), and
 * OutboxStore.unconfirmed lists it for the admin instead; so does a send that may have gone out
 * although it failed (MaybeSentError: a timeout, or the text sent without its file). Two processes on one Postgres never send
 * the same item (FOR UPDATE SKIP LOCKED). A failed item stays claimed until the end of the tick, so
 * it does not block or repeat within the tick.
 */
import { MaybeSentError, type Notifier } from '../src/chat.js'
import type { Logger } from '../src/ledger/context.js'
import type { OutboxItem, OutboxStore } from '../src/ledger/ports.js'

export interface DispatcherOptions {
  outbox: OutboxStore
  notifier: Notifier
  log: Logger
  /** This process's name in claimed_by. */
  claimer: string
  now?: () => Date
  /** Time between ticks when all is well (default 30 s). */
  intervalMs?: number
  /** Longest wait between ticks while sends keep failing (default 10 min). */
  maxBackoffMs?: number
  /** At most this many items per tick (default 200). */
  maxPerTick?: number
}

export interface TickResult {
  sent: number[]
  failed: { id: number; error: string }[]
  /** Sends that may have gone out anyway (MaybeSentError): left claimed, listed for the admin. */
  unconfirmed: number[]
}

export interface Dispatcher {
  /** One pass: send everything due now. Ticks never overlap (a second call waits for the first). */
  tick(): Promise<TickResult>
  /** Starts ticking now and every interval. */
  start(): void
  /** Ticks as soon as possible (after a job queued something), ignoring the back-off. */
  kick(): void
  /** Stops ticking; resolves when the tick in flight is done. */
  stop(): Promise<void>
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const now = opts.now ?? (() => new Date())
  const interval = opts.intervalMs ?? 30_000
  const maxBackoff = opts.maxBackoffMs ?? 10 * 60_000
  const maxPerTick = opts.maxPerTick ?? 200
  let running: Promise<TickResult> | null = null
  let timer: NodeJS.Timeout | null = null
  let stopped = true
  let failingTicks = 0
  /** Sent, but the mark could not be written (the database failed just then): written at the next tick. */
  const unmarked = new Map<number, Date>()

  async function sendOne(item: OutboxItem): Promise<void> {
    await opts.notifier.send({
      roomId: item.roomId,
      roomTopic: item.roomTopic,
      text: item.text,
      mentionIds: item.mentionIds,
      ...(item.filePath ? { filePath: item.filePath } : {}),
    })
  }

  async function runTick(): Promise<TickResult> {
    const result: TickResult = { sent: [], failed: [], unconfirmed: [] }
    for (const [id, at] of unmarked) {
      await opts.outbox.markSent(id, at)
      unmarked.delete(id)
    }
    try {
      for (let n = 0; n < maxPerTick; n++) {
        const [item] = await opts.outbox.claimDue(now(), 1, opts.claimer)
        if (!item) break
        try {
          await sendOne(item)
        } catch (err) {
          if (err instanceof MaybeSentError) {
            result.unconfirmed.push(item.id)
            opts.log.warn({ err, outboxId: item.id }, 'outbox item may have gone out; not sent again, listed for the admin')
            continue
          }
          const error = err instanceof Error ? err.message : String(err)
          result.failed.push({ id: item.id, error })
          opts.log.error({ err, outboxId: item.id, attempt: item.attempts }, 'outbox item failed; will retry')
          continue
        }
        // Sent: from here on it must never be released for a retry, whatever fails.
        result.sent.push(item.id)
        const at = now()
        try {
          await opts.outbox.markSent(item.id, at)
          opts.log.info({ outboxId: item.id, attempt: item.attempts }, 'outbox item sent')
        } catch (err) {
          unmarked.set(item.id, at)
          opts.log.error({ err, outboxId: item.id }, 'outbox item sent but not yet marked; marking it at the next tick')
          throw err
        }
      }
    } finally {
      // Released only now: a failed item is not claimed again within the same tick.
      for (const f of result.failed) {
        await opts.outbox.markFailed(f.id, f.error).catch((err: unknown) => opts.log.error({ err, outboxId: f.id }, 'could not record outbox failure'))
      }
    }
    failingTicks = result.failed.length > 0 ? failingTicks + 1 : 0
    return result
  }

  function tick(): Promise<TickResult> {
    const previous = running
    const next = (async () => {
      if (previous) await previous.catch(() => {})
      return runTick()
    })()
    running = next
    void next.finally(() => {
      if (running === next) running = null
    }).catch(() => {})
    return next
  }

  function schedule(delay: number): void {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      tick()
        .catch((err: unknown) => opts.log.error({ err }, 'outbox dispatch failed'))
        .finally(() => schedule(failingTicks > 0 ? Math.min(maxBackoff, interval * 2 ** failingTicks) : interval))
    }, delay)
    timer.unref?.()
  }

  return {
    tick,
    start() {
      stopped = false
      schedule(0)
    },
    kick() {
      schedule(0)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      if (running) await running.catch(() => {})
    },
  }
}
