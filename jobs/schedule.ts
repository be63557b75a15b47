/**
 * node-cron registration, in China time whatever the server's zone: the daily reminder run, the
 * weekly progress collection and the monthly digest. At start a run missed earlier the same day
 * (the bot was down at 09:00) is caught up at once; the outbox keys make a run that did happen a
 * no-op, and a run missed on an earlier day is not sent late.
 */
import cron, { type ScheduledTask } from 'node-cron'
import { chinaDate } from '../src/clock.js'
import type { Logger } from '../src/ledger/context.js'
import { runDigest, runReminders, type ReminderJobDeps } from './reminders.js'

export const CHINA_TIMEZONE = 'Asia/Shanghai'

export interface JobCrons {
  reminders: string
  progress: string
  digest: string
}

export type JobName = keyof JobCrons

export interface JobsHandle {
  /** Runs every job whose time today has passed already (idempotent). */
  catchUp(): Promise<void>
  /** Runs one job now as if fired at `at`. */
  run(name: JobName, at: Date): Promise<void>
  stop(): Promise<void>
}

/** The last instant today (China date) at or before `now` when `expression` fires; null if none. */
export function lastFireToday(expression: string, now: Date): Date | null {
  const probe = cron.createTask(expression, () => {}, { timezone: CHINA_TIMEZONE })
  try {
    const today = chinaDate(now)
    const midnight = new Date(`${today}T00:00:00+08:00`).getTime()
    const second = cron.parse(expression).second[0] ?? 0
    for (let t = Math.floor((now.getTime() - midnight) / 60_000); t >= 0; t--) {
      const at = new Date(midnight + t * 60_000 + second * 1000)
      if (at.getTime() <= now.getTime() && probe.match(at)) return at
    }
    return null
  } finally {
    void probe.destroy()
  }
}

export function startJobs(opts: {
  deps: ReminderJobDeps
  crons: JobCrons
  log: Logger
  /** Called after a job queued messages (the dispatcher's kick). */
  onQueued?: () => void
  now?: () => Date
}): JobsHandle {
  const now = opts.now ?? (() => new Date())
  const log = opts.log

  async function run(name: JobName, at: Date): Promise<void> {
    try {
      if (name === 'digest') {
        const r = await runDigest(opts.deps, at)
        if (r.queued) opts.onQueued?.()
      } else {
        const r = await runReminders(opts.deps, name === 'progress' ? 'progress' : 'deadline', at)
        if (r.queued.length > 0) opts.onQueued?.()
      }
    } catch (err) {
      log.error({ err, job: name }, 'job failed')
    }
  }

  const tasks: ScheduledTask[] = (Object.keys(opts.crons) as JobName[]).map((name) =>
    cron.schedule(opts.crons[name], (ctx) => run(name, ctx?.date ?? now()), {
      name: `duban-${name}`,
      timezone: CHINA_TIMEZONE,
      noOverlap: true,
    }),
  )

  return {
    async catchUp() {
      for (const name of Object.keys(opts.crons) as JobName[]) {
        const at = lastFireToday(opts.crons[name], now())
        if (at) {
          log.info({ job: name, at }, 'catching up the run missed earlier today')
          await run(name, at)
        }
      }
    },
    run,
    async stop() {
      for (const t of tasks) await t.destroy()
    },
  }
}
