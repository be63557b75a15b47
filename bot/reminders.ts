/**
 * Reminders wired to WeChat: the jobs plan with the enabled rooms' real members (re-resolved by
 * topic after a re-login; a room that is gone is reported and left out), and the dispatcher sends
 * through the bot's one rate-limited Notifier. Started after login by `npm start` and by the tests.
 */
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { Wechaty as WechatyInterface } from 'wechaty'
import type { Notifier } from '../src/chat.js'
import type { Config } from '../src/config.js'
import type { Logger } from '../src/ledger/context.js'
import type { Stores } from '../src/ledger/ports.js'
import type { ReminderRoom, ReminderSettings } from '../src/reminders/plan.js'
import { chinaDate } from '../src/clock.js'
import { chineseWorkCalendar, type WorkCalendar } from '../src/tasks/calendar.js'
import { createDispatcher, type Dispatcher } from '../jobs/dispatch.js'
import type { ReminderJobDeps } from '../jobs/reminders.js'
import { startJobs, type JobCrons, type JobsHandle } from '../jobs/schedule.js'
import { writeLedgerExport } from './export.js'
import { writeProgressChart } from '../render/chart.js'
import { writeBulletinDocx } from '../render/bulletinDocx.js'
import { writeNoticeDocx } from '../render/noticeDocx.js'

/** Enabled rooms with their current members; a room WeChat no longer has (by id or topic) is logged and skipped. */
export async function wechatyRooms(bot: WechatyInterface, stores: Stores, log: Logger): Promise<ReminderRoom[]> {
  const out: ReminderRoom[] = []
  for (const r of (await stores.rooms.list()).filter((x) => x.enabled)) {
    const room = (await bot.Room.find({ id: r.wechatId })) ?? (await bot.Room.find({ topic: r.topic }))
    if (!room) {
      log.warn({ room: r.topic }, 'enabled room not found in WeChat; its reminders go to the digest')
      continue
    }
    const members = await room.memberAll()
    out.push({ id: room.id, topic: r.topic, memberIds: members.map((m) => m.id) })
  }
  return out
}

export function reminderSettingsFrom(config: Config): Partial<ReminderSettings> {
  return {
    blueDays: config.REMINDER_BLUE_DAYS,
    yellowDays: config.REMINDER_YELLOW_DAYS,
    redEveryWorkdays: config.REMINDER_RED_EVERY_WORKDAYS,
    progressPeriod: config.PROGRESS_PERIOD,
    pageChars: config.PAGE_CHARS,
  }
}

export function cronsFrom(config: Config): JobCrons {
  return { reminders: config.REMINDER_CRON, progress: config.PROGRESS_CRON, digest: config.DIGEST_CRON }
}

export interface ReminderService {
  jobs: JobsHandle
  dispatcher: Dispatcher
  stop(): Promise<void>
}

/** Registers the cron jobs, starts the dispatcher and catches up a run missed earlier today. */
export async function startReminderService(opts: {
  config: Config
  stores: Stores
  notifier: Notifier
  getBot: () => WechatyInterface
  log: Logger
  calendar?: WorkCalendar
  now?: () => Date
  /** The office served: the issuer of the month's 通报. */
  officeName?: string
}): Promise<ReminderService> {
  const { config, stores, log } = opts
  const dispatcher = createDispatcher({
    outbox: stores.outbox,
    notifier: opts.notifier,
    log,
    claimer: `${hostname()}:${process.pid}`,
    intervalMs: config.DISPATCH_INTERVAL_SECONDS * 1000,
    ...(opts.now ? { now: opts.now } : {}),
  })
  const deps: ReminderJobDeps = {
    stores,
    calendar: opts.calendar ?? chineseWorkCalendar,
    settings: reminderSettingsFrom(config),
    rooms: () => wechatyRooms(opts.getBot(), stores, log),
    adminRoom: config.ADMIN_ROOM,
    renderProgressChart: (data, today) => writeProgressChart(data, config.DATA_DIR, today, '月报'),
    writeBulletin: (bulletin, chart) => writeBulletinDocx(bulletin, join(config.DATA_DIR, 'bulletins'), chart),
    autoNotice: { afterRedWorkdays: config.NOTICE_AFTER_RED_WORKDAYS, write: (notice) => writeNoticeDocx(notice, join(config.DATA_DIR, 'notices')) },
    ...(opts.officeName ? { officeName: opts.officeName } : {}),
    exportLedger: (now) => writeLedgerExport(stores, 'xlsx', join(config.DATA_DIR, 'exports', `督办月报台账-${chinaDate(now)}.xlsx`), now, config),
    log,
  }
  const jobs = startJobs({ deps, crons: cronsFrom(config), log, onQueued: () => dispatcher.kick(), ...(opts.now ? { now: opts.now } : {}) })
  dispatcher.start()
  await jobs.catchUp()
  return {
    jobs,
    dispatcher,
    async stop() {
      await jobs.stop()
      await dispatcher.stop()
    },
  }
}
