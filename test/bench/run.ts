/**
 * npm run bench [-- --quick] (test/bench/run.ts): how fast and how big 督办助手 is, measured (never asserted in tests).
 *
 * One column per database and scale: PGlite (on disk, like the bot) and Postgres (when DATABASE_URL
 * is set; each column gets a fresh database next to it, dropped afterwards), at seed scale and at
 * 100x the seed (`--quick`: seed scale only). Each column runs in two child processes: `build`
 * imports the seed and synthesizes the ledger (dev/synth.ts); `serve` starts the way the bot starts
 * (migrate, seed check, load the book, no WeChat), then drives processMessage, the chat's own
 * handler, and reports its own peak RSS, so building the data does not count against the bot.
 * Prints one markdown table (paste into bench/RESULTS.md).
 */
import { TEST_OFFICE_ID } from '../helpers/db.js'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import type { ProcessResult } from '../../src/ledger/assistant.js'
import { holdingOf } from '../../src/ledger/book.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { ChatMessage, OutgoingMessage } from '../../src/chat.js'
import { openDatabase, refreshStatistics } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { LIAISONS_PER_COPY, synthContactId, synthesize, synthRoomTopic } from '../../dev/synth.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import { loadPlanner, runReminders } from '../../jobs/reminders.js'
import { createDispatcher } from '../../jobs/dispatch.js'

const ROOT = join(import.meta.dirname, '../..')
const SEED_DIR = join(ROOT, 'seeds')

type Target = { databaseUrl: string | null; dataDir: string }
type Metrics = Record<string, number | string>

// ---------------------------------------------------------------- child: build

async function build(target: Target, scale: number): Promise<Metrics> {
  const t0 = performance.now()
  const database = await openDatabase(target)
  const stores = createStores(database.db, TEST_OFFICE_ID)
  const tImport = performance.now()
  await ensureSeeded(stores, SEED_DIR, silentLogger)
  const importMs = performance.now() - tImport
  const synth = await synthesize(stores, { scale, seedDir: SEED_DIR })
  await refreshStatistics(database.db)
  await database.close()
  return {
    import_seed_ms: importMs,
    synth_ms: performance.now() - t0,
    tasks: synth.tasks,
    units: synth.units,
    liaisons: synth.liaisons,
    reports: synth.reports,
  }
}

// ---------------------------------------------------------------- child: serve

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(-1 - i) // warm-up
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const s = performance.now()
    await fn(i)
    times.push(performance.now() - s)
  }
  return times.sort((a, b) => a - b)
}

/** Hubot's DummyAdapter: records what would be sent. */
function fakeNotifier() {
  const sent: OutgoingMessage[] = []
  return { sent, send: async (m: OutgoingMessage) => void sent.push(m) }
}

async function serve(target: Target, scale: number, iterations: number): Promise<Metrics> {
  const m: Metrics = {}
  // Start-up to "ready" as bot/main.ts does it before WeChat: open + migrate, seed check, book, liaisons.
  const tStart = performance.now()
  const database = await openDatabase(target)
  const stores = createStores(database.db, TEST_OFFICE_ID)
  await ensureSeeded(stores, SEED_DIR, silentLogger)
  await stores.tasks.loadBook()
  await stores.liaisons.list()
  const config = parseConfig({ REPLAY_MAX_AGE_SECONDS: '3600', PAGE_CHARS: '1500' })
  const assistant = createAssistant({ stores, config })
  const { book, dir } = await assistant.book()
  m.startup_ms = performance.now() - tStart

  // What a city-scale ledger means for the book: only the active document is loaded.
  const tBook = performance.now()
  for (let i = 0; i < 10; i++) await stores.tasks.loadBook()
  m.load_book_ms = (performance.now() - tBook) / 10
  m.book_tasks = book.tasks.length
  const tLatest = performance.now()
  const latestRows = (await stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })).length
  m.latest_ms = performance.now() - tLatest
  m.latest_rows = latestRows

  const select1 = await timed(iterations, () => database.db.execute(sql`select 1`))
  m.select1_p50 = quantile(select1, 0.5)

  const notifier = fakeNotifier()
  let seq = 0
  const roomTopic = synthRoomTopic(0)
  const liaisonUnits = book.directory.units.slice(0, LIAISONS_PER_COPY).map((u) => u.name)
  const msg = (senderIndex: number, text: string, mentionsBot: boolean): ChatMessage => ({
    id: `bench-${process.pid}-${++seq}`,
    roomId: 'synth-room-0',
    roomTopic,
    senderId: synthContactId(0, senderIndex),
    senderName: `联络员0-${senderIndex}`,
    text,
    mentionsBot,
    receivedAt: new Date(),
    kind: 'text',
  })
  // The floor under any message that is stored before it is answered: one inbox write, waiting for
  // the disk (reports) or not (questions, asynchronous commit). Marked handled, so nothing is left pending.
  for (const durability of ['durable', 'relaxed'] as const) {
    const writes = await timed(iterations, async (i) => {
      const message = msg(0, `写入 ${durability} ${i}`, false)
      await stores.inbox.store(message, durability)
      await stores.inbox.markHandled(message.id, 'bench', durability)
    })
    m[`write_${durability}_p50`] = quantile(writes, 0.5) / 2
  }

  const send = async (message: ChatMessage, expect: string): Promise<ProcessResult> => {
    const r = await assistant.processMessage(message)
    if (r.intent !== expect) throw new Error(`“${message.text}” was ${r.intent}${r.skipped ? ` (${r.skipped})` : ''}, not ${expect}`)
    for (const out of r.messages) await notifier.send(out)
    return r
  }
  // Liaisons of copy 0 (the active document) whose unit holds tasks directly, with those tasks.
  const holders = liaisonUnits
    .map((unit, index) => ({ index, unit, tasks: book.tasks.filter((t) => holdingOf(t, unit, dir)?.viaRole == null && holdingOf(t, unit, dir)) }))
    .filter((h) => h.tasks.length > 0)
  const fdg = liaisonUnits.indexOf('县发展改革局')
  const unitQs = ['发改局有哪些任务', '县司法局负责什么', '人社局有哪些任务', '东陇镇有哪些任务', '县财政局牵头哪些任务']
  const searches = ['搜索 规范性文件', '搜索 政务公开', '搜索 疫情', '搜索 政策解读', '搜索 信息公开']
  const numbers = book.tasks.map((t) => t.number)
  const pick = <T>(xs: T[], i: number) => xs[((i % xs.length) + xs.length) % xs.length]!

  const intents: [string, (i: number) => Promise<unknown>][] = [
    ['my_tasks', () => send(msg(fdg, '我单位负责什么', true), 'my_tasks')],
    ['unit_tasks', (i) => send(msg(fdg, pick(unitQs, i), true), 'unit_tasks')],
    ['task_detail', (i) => send(msg(fdg, `第${pick(numbers, i * 7)}项`, true), 'task_detail')],
    ['search', (i) => send(msg(fdg, pick(searches, i), true), 'search')],
    [
      'report',
      async (i) => {
        const h = pick(holders, i)
        const t = pick(h.tasks, i)
        const r = await send(msg(h.index, `第${t.number}项正在推进，完成${10 + (Math.abs(i) % 9) * 10}%`, false), 'report')
        if ((r.data.reports as unknown[] | undefined)?.length !== 1) throw new Error(`report not recorded: ${r.reply}`)
      },
    ],
  ]
  for (const [name, fn] of intents) {
    const times = await timed(iterations, fn)
    m[`${name}_p50`] = quantile(times, 0.5)
    m[`${name}_p99`] = quantile(times, 0.99)
    m[`${name}_x_select1`] = quantile(times, 0.5) / m.select1_p50
  }

  // Ingestion: 20 liaisons sending reports at once, each message one report, inbox row to progress row.
  const senders = holders.slice(0, 20)
  const perSender = Math.max(25, Math.floor(iterations / 4))
  let recorded = 0
  const tIngest = performance.now()
  await Promise.all(
    senders.map(async (h) => {
      for (let j = 0; j < perSender; j++) {
        const t = pick(h.tasks, j)
        const r = await assistant.processMessage(msg(h.index, `第${t.number}项已完成，材料已报送`, false))
        recorded += (r.data.reports as unknown[] | undefined)?.length ?? 0
      }
    }),
  )
  const ingestMs = performance.now() - tIngest
  m.ingest_senders = senders.length
  m.ingest_reports = recorded
  m.ingest_per_s = (recorded / ingestMs) * 1000
  m.replies_sent = notifier.sent.length

  // Reminders: the daily 09:00 run (load the ledger, plan, queue in the outbox), on the working day of
  // the seed's year with the most batches; planning alone is averaged over 120 days from the issue date.
  const deps = { stores, calendar: chineseWorkCalendar, settings: {}, log: silentLogger }
  const planner = await loadPlanner(deps)
  let busiest = { at: new Date(), batches: -1 }
  const issued = Date.parse(`${book.documents[0]?.issuedOn ?? '2022-08-25'}T01:00:00Z`)
  const tPlan = performance.now()
  const days = 120
  for (let d = 1; d <= days; d++) {
    const at = new Date(issued + d * 86_400_000)
    const batches = planner('deadline', at).length
    if (batches > busiest.batches) busiest = { at, batches }
  }
  m.plan_ms = (performance.now() - tPlan) / days
  const tRun = performance.now()
  const run = await runReminders(deps, 'deadline', busiest.at)
  m.reminder_run_ms = performance.now() - tRun
  m.reminder_batches = run.batches.length
  // Outbox dispatch with a notifier that does not wait (the send gap is the Notifier's, not measured):
  // what was queued above plus synthetic items, so the figure is per item.
  for (let i = 0; i < 300; i++) {
    await stores.outbox.enqueue({ dedupeKey: `bench:${process.pid}:${i}`, roomId: 'synth-room-0', roomTopic, text: `提醒 ${i}`, mentionIds: [], filePath: null, plannedFor: busiest.at })
  }
  const sink = fakeNotifier()
  const dispatcher = createDispatcher({ outbox: stores.outbox, notifier: sink, log: silentLogger, claimer: 'bench' })
  const tDispatch = performance.now()
  while ((await dispatcher.tick()).sent.length > 0);
  m.dispatch_items = sink.sent.length
  m.dispatch_ms_per_item = (performance.now() - tDispatch) / Math.max(1, sink.sent.length)

  await database.close()
  m.peak_rss_mb = process.resourceUsage().maxRSS / 1024
  return m
}

// ---------------------------------------------------------------- parent

function runChild(args: string[]): Promise<Metrics> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? ''
      if (code !== 0) return reject(new Error(`bench child ${args.join(' ')} exited with ${code}`))
      try {
        resolve(JSON.parse(line) as Metrics)
      } catch {
        reject(new Error(`bench child printed no result: ${out.slice(-500)}`))
      }
    })
  })
}

interface Column {
  name: string
  metrics: Metrics
}

async function column(kind: 'pglite' | 'postgres', scale: number, iterations: number): Promise<Column> {
  let target: Target
  let cleanup: () => Promise<void>
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'))
    target = { databaseUrl: null, dataDir: dir }
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
  } else {
    // Loaded here, in the parent only: the test helper loads PGlite, which the serving child must not carry.
    const { createPostgresDatabase } = await import('../helpers/db.js')
    const created = await createPostgresDatabase(process.env.DATABASE_URL!)
    target = { databaseUrl: created.url, dataDir: tmpdir() }
    cleanup = created.drop
  }
  try {
    const spec = JSON.stringify(target)
    process.stderr.write(`bench: ${kind} x${scale}: building…\n`)
    const built = await runChild(['--child', 'build', spec, String(scale)])
    process.stderr.write(`bench: ${kind} x${scale}: serving…\n`)
    const served = await runChild(['--child', 'serve', spec, String(scale), String(iterations)])
    return { name: `${kind} ×${scale}`, metrics: { ...built, ...served } }
  } finally {
    await cleanup()
  }
}

const ROWS: [string, string, (v: number) => string][] = [
  ['tasks', 'tasks / units / liaisons in ledger', (v) => String(v)],
  ['book_tasks', 'tasks in the loaded book (active document)', (v) => String(v)],
  ['reports', 'progress reports (synthetic)', (v) => String(v)],
  ['select1_p50', 'select 1 round trip p50 (ms)', (v) => v.toFixed(3)],
  ['write_durable_p50', 'one inbox write, durable / relaxed commit p50 (ms)', (v) => v.toFixed(3)],
  ['my_tasks_p50', 'my_tasks p50 / p99 (ms)', (v) => v.toFixed(1)],
  ['unit_tasks_p50', 'unit_tasks p50 / p99 (ms)', (v) => v.toFixed(1)],
  ['task_detail_p50', 'task_detail p50 / p99 (ms)', (v) => v.toFixed(1)],
  ['search_p50', 'search p50 / p99 (ms)', (v) => v.toFixed(1)],
  ['report_p50', 'report p50 / p99 (ms)', (v) => v.toFixed(1)],
  ['ingest_per_s', 'ingestion, 20 concurrent senders (reports/s)', (v) => v.toFixed(0)],
  ['plan_ms', 'reminder planning, one day (ms)', (v) => v.toFixed(1)],
  ['reminder_run_ms', 'daily reminder run: load + plan + queue (ms / batches)', (v) => v.toFixed(1)],
  ['dispatch_ms_per_item', 'outbox dispatch per item, no send gap (ms / items)', (v) => v.toFixed(2)],
  ['import_seed_ms', 'import of the seed (ms)', (v) => v.toFixed(0)],
  ['synth_ms', 'building the ledger (synth, ms)', (v) => v.toFixed(0)],
  ['startup_ms', 'start-up to ready, no WeChat (ms)', (v) => v.toFixed(0)],
  ['load_book_ms', 'loadBook (ms)', (v) => v.toFixed(1)],
  ['latest_ms', 'latest progress of the active document (ms / rows)', (v) => v.toFixed(1)],
  ['peak_rss_mb', 'peak RSS of the serving process (MB)', (v) => v.toFixed(0)],
]

function cell(m: Metrics, key: string, fmt: (v: number) => string): string {
  const v = m[key]
  if (v == null) return '—'
  const n = Number(v)
  if (key === 'tasks') return `${m.tasks} / ${m.units} / ${m.liaisons}`
  if (key === 'write_durable_p50') return `${fmt(n)} / ${fmt(Number(m.write_relaxed_p50))}`
  if (key.endsWith('_p50') && key !== 'select1_p50') {
    const base = key.slice(0, -4)
    return `${fmt(n)} / ${fmt(Number(m[`${base}_p99`]))} (${Number(m[`${base}_x_select1`]).toFixed(1)}×)`
  }
  if (key === 'latest_ms') return `${fmt(n)} / ${m.latest_rows}`
  if (key === 'ingest_per_s') return `${fmt(n)} (${m.ingest_reports})`
  if (key === 'reminder_run_ms') return `${fmt(n)} / ${m.reminder_batches}`
  if (key === 'dispatch_ms_per_item') return `${fmt(n)} / ${m.dispatch_items}`
  return fmt(n)
}

function table(columns: Column[]): string {
  const head = `| metric | ${columns.map((c) => c.name).join(' | ')} |`
  const rule = `|---|${columns.map(() => '---:').join('|')}|`
  const rows = ROWS.map(([key, label, fmt]) => `| ${label} | ${columns.map((c) => cell(c.metrics, key, fmt)).join(' | ')} |`)
  return [head, rule, ...rows].join('\n')
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') {
    const [, mode, spec, scale, iterations] = argv
    const target = JSON.parse(spec!) as Target
    const result = mode === 'build' ? await build(target, Number(scale)) : await serve(target, Number(scale), Number(iterations))
    process.stdout.write(JSON.stringify(result) + '\n')
    return
  }
  const quick = argv.includes('--quick')
  const scales = quick ? [1] : [1, 100]
  const kinds: ('pglite' | 'postgres')[] = process.env.DATABASE_URL?.trim() ? ['pglite', 'postgres'] : ['pglite']
  const columns: Column[] = []
  for (const scale of scales) for (const kind of kinds) columns.push(await column(kind, scale, quick ? 100 : 300))
  process.stdout.write(
    `督办助手 bench${quick ? ' (--quick)' : ''}: latency through processMessage; (n×) = p50 / select-1 p50 on the same database\n\n` +
      table(columns) +
      '\n',
  )
  if (!process.env.DATABASE_URL?.trim()) process.stdout.write('\n(Postgres columns: set DATABASE_URL=postgres://… to a server where a scratch database may be created.)\n')
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
