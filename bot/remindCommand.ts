/**
 * `npm run cli -- remind --now 2022-09-20T09:00+08:00 [--kind deadline|progress] [--dry-run] [--json]`:
 * what that run would send (room, mentions, text), queued in the outbox unless --dry-run. Without
 * WeChat the rooms' members are unknown: each bound liaison counts as a member of the enabled rooms.
 */
import type { Config } from '../src/config.js'
import { addDays, chineseWorkCalendar } from '../src/tasks/calendar.js'
import { chinaDate } from '../src/clock.js'
import type { Stores } from '../src/ledger/ports.js'
import type { Logger } from '../src/ledger/context.js'
import { formatDate } from '../src/replies/tasks.js'
import type { ReminderBatch, ReminderKind } from '../src/reminders/plan.js'
import { loadPlanner, runReminders, type ReminderJobDeps } from '../jobs/reminders.js'
import { reminderSettingsFrom } from './reminders.js'

/** 2022-09-20T09:00+08:00, or a bare date (09:00 China time); default now. */
export function parseNow(text: string | undefined): Date {
  if (!text) return new Date()
  const t = text.trim()
  const at = /^\d{4}-\d{2}-\d{2}$/.test(t) ? new Date(`${t}T09:00:00+08:00`) : new Date(t)
  if (Number.isNaN(at.getTime())) throw new Error(`--now 时间无效：${text}（示例：2022-09-20T09:00+08:00）`)
  return at
}

export function batchJson(b: ReminderBatch) {
  return { room: b.room?.topic ?? null, stage: b.stage, tasks: b.tasks, units: b.units, mentions: b.mentions.map((m) => m.name), text: b.text }
}

export async function remindCommand(
  stores: Stores,
  config: Config,
  log: Logger,
  opts: { now?: string; kind?: string; dryRun: boolean; json: boolean },
  out: (s: string) => void,
): Promise<number> {
  const kind = (opts.kind ?? 'deadline') as ReminderKind
  if (kind !== 'deadline' && kind !== 'progress') throw new Error('--kind 应为 deadline（督办提醒）或 progress（进展调度）')
  const at = parseNow(opts.now)
  const deps: ReminderJobDeps = { stores, calendar: chineseWorkCalendar, settings: reminderSettingsFrom(config), adminRoom: config.ADMIN_ROOM, log }
  const run = await runReminders(deps, kind, at, { dryRun: opts.dryRun })
  if (opts.json) {
    out(JSON.stringify(run.batches.map(batchJson), null, 2))
    return 0
  }
  const today = chinaDate(at)
  if (run.batches.length === 0) {
    const why = chineseWorkCalendar.isWorkday(today) ? '没有需要发送的' : '是休息日，不发送'
    out(`${formatDate(today)}${why}${kind === 'progress' ? '进展调度' : '督办提醒'}。`)
    // Look ahead so the operator sees when the next reminders go out.
    const plan = await loadPlanner(deps)
    for (let i = 1; i <= 60; i++) {
      const day = addDays(today, i)
      const next = plan(kind, new Date(at.getTime() + i * 86400_000))
      if (next.length > 0) {
        out(`下一次：${formatDate(day)}，涉及${[...new Set(next.flatMap((b) => b.tasks))].map((n) => `第${n}项`).join('、')}。`)
        break
      }
    }
    return 0
  }
  for (const b of run.batches) {
    const where = b.room ? `群“${b.room.topic}”` : '未绑定联络员的单位（无法在群内提醒，列入管理员月报）'
    const who = b.mentions.length ? `，@${b.mentions.map((m) => m.name).join(' @')}` : ''
    out(`—— ${where}${who}${b.pages > 1 ? `（第${b.page}/${b.pages}条）` : ''}`)
    out(b.text)
    out('')
  }
  const rooms = run.batches.filter((b) => b.room).length
  out(
    opts.dryRun
      ? `（试运行，未写入发送队列；共${rooms}条群消息）`
      : `已写入发送队列 ${run.queued.length} 条${rooms > run.queued.length ? `（${rooms - run.queued.length} 条此前已写入，不重复发送）` : ''}；机器人登录后依次发送。`,
  )
  return 0
}
