/**
 * The bench's city column (issue 14): N offices in one Postgres (dev/synth.ts synthesizeOffices),
 * served by several bot processes at once, each scoped to its own office as `OFFICE=… npm start` is.
 * Per-intent latency merged over the processes, ingestion while they all run, and the 09:00 reminder
 * run of every office together (time, messages queued, duplicates: a second run must queue nothing).
 */
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { parseConfig } from '../../src/config.js'
import { createAssistant, type ProcessResult } from '../../src/ledger/assistant.js'
import { holdingOf } from '../../src/ledger/book.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { ChatMessage } from '../../src/chat.js'
import { officeOfPlace } from '../../src/offices/office.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import { openDatabase, queryRaw, refreshStatistics } from '../../db/client.js'
import { ensureOffice, findOffice } from '../../db/repositories/offices.js'
import { createStores } from '../../db/stores.js'
import { openApp } from '../../bot/openLedger.js'
import { runReminders } from '../../jobs/reminders.js'
import { LIAISONS_PER_COPY, synthesizeOffices, synthOfficeContactId, synthOfficePlace, synthRoomTopic } from '../../dev/synth.js'

type Target = { databaseUrl: string | null; dataDir: string }
type Metrics = Record<string, number | string>
type RunChild = (args: string[]) => Promise<Metrics>

/** The morning the reminder run is measured on: a working day with red, yellow and blue items. */
const REMINDER_AT = new Date('2022-12-01T01:00:00Z')
const INTENTS = ['my_tasks', 'unit_tasks', 'task_detail', 'search', 'report'] as const

/** As many bot processes at once as the machine allows: two per core, at most eight. */
export const cityProcesses = () => Math.min(8, Math.max(2, availableParallelism() * 2))

export async function cityBuild(target: Target, offices: number, seedDir: string): Promise<Metrics> {
  const database = await openDatabase(target)
  try {
    const db = database.db
    const built = await synthesizeOffices(async (place) => createStores(db, (await ensureOffice(db, officeOfPlace(place))).id), { offices, seedDir })
    await refreshStatistics(db)
    return { city_offices: built.offices, city_documents: built.documents, tasks: built.tasks, units: offices * 45, liaisons: built.liaisons, reports: built.reports, synth_ms: built.ms }
  } finally {
    await database.close()
  }
}

/** One bot process of office i: its latency samples per intent and its ingestion window. */
export async function cityServe(target: Target, i: number, iterations: number, seedDir: string): Promise<Metrics> {
  const place = synthOfficePlace(i)
  const { database, stores } = await openApp(target, { office: place, seedDir })
  try {
    const assistant = createAssistant({ stores, config: parseConfig({ REPLAY_MAX_AGE_SECONDS: '3600' }) })
    const { book, dir } = await assistant.book()
    const business = book.documents.find((d) => d.shortName === '营商环境')
    if (!business) throw new Error(`${place} has no 营商环境 document`)
    let seq = 0
    const msg = (j: number, text: string, mentionsBot: boolean): ChatMessage => ({
      id: `city-${i}-${process.pid}-${++seq}`,
      roomId: `synth-room-o${i}`,
      roomTopic: synthRoomTopic(0),
      senderId: synthOfficeContactId(i, j),
      senderName: `联络员${i}-${j}`,
      text,
      mentionsBot,
      receivedAt: new Date(),
      kind: 'text',
    })
    const send = async (m: ChatMessage, expect: string): Promise<ProcessResult> => {
      const r = await assistant.processMessage(m)
      if (r.intent !== expect) throw new Error(`${place}: “${m.text}” was ${r.intent}, not ${expect}: ${r.reply.slice(0, 80)}`)
      return r
    }
    const units = book.directory.units.slice(0, LIAISONS_PER_COPY).map((u) => u.name)
    const businessTasks = book.tasks.filter((t) => t.documentId === business.id)
    const holders = units
      .map((unit, j) => ({ j, tasks: businessTasks.filter((t) => holdingOf(t, unit, dir) && holdingOf(t, unit, dir)!.viaRole == null) }))
      .filter((h) => h.tasks.length > 0)
    const pick = <T>(xs: T[], k: number) => xs[((k % xs.length) + xs.length) % xs.length]!
    const fdg = Math.max(0, units.indexOf('县发展改革局'))
    const run: Record<(typeof INTENTS)[number], (k: number) => Promise<unknown>> = {
      my_tasks: () => send(msg(fdg, '我单位负责什么', true), 'my_tasks'),
      unit_tasks: (k) => send(msg(fdg, pick(['县司法局有哪些任务', '发改局负责什么', '人社局有哪些任务'], k), true), 'unit_tasks'),
      task_detail: (k) => send(msg(fdg, `营商环境第${pick(businessTasks, k * 7).number}项`, true), 'task_detail'),
      search: (k) => send(msg(fdg, pick(['搜索 规范性文件', '搜索 政务公开', '搜索 政策解读'], k), true), 'search'),
      report: async (k) => {
        const h = pick(holders, k)
        const r = await send(msg(h.j, `营商环境第${pick(h.tasks, k).number}项正在推进，完成${10 + (Math.abs(k) % 9) * 10}%`, false), 'report')
        if ((r.data.reports as unknown[] | undefined)?.length !== 1) throw new Error(`${place}: report not recorded: ${r.reply}`)
      },
    }
    const m: Metrics = {}
    const samples = async (fn: (k: number) => Promise<unknown>) => {
      for (let k = 0; k < 10; k++) await fn(-1 - k)
      const out: number[] = []
      for (let k = 0; k < iterations; k++) {
        const s = performance.now()
        await fn(k)
        out.push(performance.now() - s)
      }
      return out
    }
    m.select1 = JSON.stringify(await samples(() => database.db.execute(sql`select 1`)))
    for (const name of INTENTS) m[name] = JSON.stringify(await samples(run[name]))
    // Ingestion: ten liaisons of this office reporting at once.
    let recorded = 0
    m.ingest_start = Date.now()
    await Promise.all(
      holders.slice(0, 10).map(async (h) => {
        for (let k = 0; k < 20; k++) {
          const r = await assistant.processMessage(msg(h.j, `营商环境第${pick(h.tasks, k).number}项已完成`, false))
          recorded += (r.data.reports as unknown[] | undefined)?.length ?? 0
        }
      }),
    )
    m.ingest_end = Date.now()
    m.ingest_reports = recorded
    m.rss_mb = process.resourceUsage().maxRSS / 1024
    return m
  } finally {
    await database.close()
  }
}

/** The 09:00 run of a shard of offices, one after another in this process, each through its own stores. */
export async function cityRemind(target: Target, offices: number[]): Promise<Metrics> {
  const database = await openDatabase(target)
  try {
    let batches = 0
    let queued = 0
    const t0 = performance.now()
    for (const i of offices) {
      const office = await findOffice(database.db, synthOfficePlace(i))
      if (!office) throw new Error(`no office ${synthOfficePlace(i)}`)
      const run = await runReminders({ stores: createStores(database.db, office.id), calendar: chineseWorkCalendar, settings: {}, log: silentLogger }, 'deadline', REMINDER_AT)
      batches += run.batches.filter((b) => b.room).length
      queued += run.queued.length
    }
    return { batches, queued, ms: performance.now() - t0 }
  } finally {
    await database.close()
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** The parent: builds the city, starts the bot processes at once, then the reminder shards at once. */
export async function cityColumn(target: Target, offices: number, iterations: number, runChild: RunChild): Promise<Metrics> {
  const spec = JSON.stringify(target)
  process.stderr.write(`bench: city of ${offices} offices: building…\n`)
  const built = await runChild(['--child', 'city-build', spec, String(offices)])
  const processes = Math.min(offices, cityProcesses())
  process.stderr.write(`bench: city: ${processes} bot processes at once…\n`)
  const served = await Promise.all(Array.from({ length: processes }, (_, p) => runChild(['--child', 'city-serve', spec, String(1 + Math.floor((p * offices) / processes)), String(iterations)])))
  const m: Metrics = { ...built, city_processes: processes }
  const merged = (key: string) => served.flatMap((s) => JSON.parse(String(s[key])) as number[]).sort((a, b) => a - b)
  const select1 = merged('select1')
  m.select1_p50 = quantile(select1, 0.5)
  for (const name of INTENTS) {
    const times = merged(name)
    m[`${name}_p50`] = quantile(times, 0.5)
    m[`${name}_p99`] = quantile(times, 0.99)
    m[`${name}_x_select1`] = quantile(times, 0.5) / m.select1_p50
  }
  const reports = served.reduce((n, s) => n + Number(s.ingest_reports), 0)
  const window = Math.max(...served.map((s) => Number(s.ingest_end))) - Math.min(...served.map((s) => Number(s.ingest_start)))
  m.ingest_reports = reports
  m.ingest_per_s = (reports / Math.max(1, window)) * 1000
  m.peak_rss_mb = Math.max(...served.map((s) => Number(s.rss_mb)))

  process.stderr.write(`bench: city: the 09:00 reminder run of every office…\n`)
  const shards = Array.from({ length: processes }, (_, p) => Array.from({ length: offices }, (_, k) => k + 1).filter((i) => i % processes === p))
  const first = await Promise.all(shards.map((s) => runChild(['--child', 'city-remind', spec, JSON.stringify(s)])))
  // The shards run at once: the run takes as long as the slowest (process start-up not counted).
  m.reminder_run_ms = Math.max(...first.map((r) => Number(r.ms)))
  m.reminder_batches = first.reduce((n, r) => n + Number(r.batches), 0)
  m.city_messages = first.reduce((n, r) => n + Number(r.queued), 0)
  // The same run again (a restart, a second process): nothing more may be queued.
  const again = await Promise.all(shards.map((s) => runChild(['--child', 'city-remind', spec, JSON.stringify(s)])))
  const database = await openDatabase(target)
  try {
    const [dup] = await queryRaw<{ n: number | string }>(database.db, sql`select count(*) as n from (select office_id, dedupe_key from outbox group by 1, 2 having count(*) > 1) d`)
    m.city_duplicates = again.reduce((n, r) => n + Number(r.queued), 0) + Number(dup?.n ?? 0)
  } finally {
    await database.close()
  }
  return m
}
