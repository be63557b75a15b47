/**
 * A sample 台账 to look at: the seed in memory with a spread of reports (done, in progress, blocked,
 * evidence, a task most units left unreported), exported as xlsx (`npx tsx dev/ledgerPreview.ts out.xlsx`,
 * then `soffice --headless --convert-to pdf`) or as the PDF export makes it (`… out.pdf`); then
 * `pdftoppm -png -r 60` to see the printed pages. `… out.png`: the progress chart of 进度汇总 instead.
 */
import { join } from 'node:path'
import { MEMORY_DATA_DIR } from '../db/client.js'
import { ensureSeeded, openApp } from '../bot/openLedger.js'
import { writeLedgerExport, writeLedgerPdf } from '../bot/export.js'
import { silentLogger } from '../src/ledger/context.js'
import type { NewProgressReport, ReportStatus } from '../src/ledger/ports.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { unitsOfTask } from '../src/ledger/book.js'

const out = process.argv[2] ?? 'ledger-preview.xlsx'
const now = new Date(process.argv[3] ?? '2022-12-29T02:00:00Z')
const seedDir = join(import.meta.dirname, '../seeds')
const app = await openApp({ databaseUrl: null, dataDir: MEMORY_DATA_DIR }, { office: null, seedDir })
const stores = app.stores
await ensureSeeded(stores, seedDir, silentLogger)
const book = await stores.tasks.loadBook()
const dir = createUnitDirectory(book.directory)

// Deterministic spread: every third unit of a task reports, with statuses in turn.
const statuses: ReportStatus[] = ['done', 'in_progress', 'in_progress', 'blocked', 'not_started', 'done']
const notes: Record<ReportStatus, string | null> = {
  done: '已按要求完成并在门户网站公开',
  in_progress: '正在梳理目录',
  blocked: '需县财政局协调补贴发放数据',
  not_started: null,
}
const bound = new Set<string>()
const reports: NewProgressReport[] = []
let k = 0
for (const task of book.tasks) {
  const units = [...unitsOfTask(task, dir).keys()]
  units.forEach((unit, i) => {
    if ((i + task.number) % 3 !== 0 && units.length > 2) return
    if (task.number % 5 === 0) return // some tasks nobody reported on
    const status = statuses[k++ % statuses.length]!
    const contactId = `wx-${unit}`
    if (!bound.has(unit)) bound.add(unit)
    reports.push({
      taskId: task.id, unit, status,
      percent: status === 'in_progress' ? 30 + ((k * 10) % 60) : null,
      note: notes[status], expectedDate: status === 'in_progress' ? '2023-01-15' : null,
      liaisonContactId: contactId, liaisonName: `${unit.slice(1, 3)}微信昵称`, sourceMessageId: `preview-${k}`,
      reportedAt: new Date(now.getTime() - (k % 40) * 86_400_000),
    })
  })
}
for (const unit of bound) await stores.liaisons.bind({ contactId: `wx-${unit}`, name: `${unit.slice(1, 2)}联络员`, alias: null, unit, boundBy: null })
// 销号 on (the default): every other 已完成 closed by the office, the rest 待审核.
const stored = await stores.progress.record(reports, null, { review: true })
for (const [i, r] of (await stores.reviews.pending()).entries()) if (i % 2 === 0) await stores.reviews.close(r.id, { by: '县府办督查室', at: now })
for (const r of stored.filter((r) => r.status === 'done').slice(0, 12)) {
  await stores.progress.addEvidence({ reportId: r.id, kind: 'file', fileName: `${r.unit}第${r.taskId}项落实情况.pdf`, storedPath: null, sourceMessageId: `ev-${r.id}`, receivedAt: r.reportedAt })
}
if (out.endsWith('.png')) {
  const { writeFile } = await import('node:fs/promises')
  const { renderProgressChart } = await import('../render/chart.js')
  const { progressChartData } = await import('../src/ledger/chartData.js')
  const { buildLedgerRows } = await import('../src/ledger/ledgerRows.js')
  const { indexLatest } = await import('../src/ledger/book.js')
  const { chinaDate } = await import('../src/clock.js')
  const { DEFAULT_COLOUR_SETTINGS } = await import('../src/domain/colour.js')
  const full = await stores.tasks.loadBook()
  const latest = indexLatest(await stores.progress.latest({ taskIds: full.tasks.map((t) => t.id) }))
  const today = chinaDate(now)
  const rows = buildLedgerRows(full, dir, latest, today, { settings: DEFAULT_COLOUR_SETTINGS })
  await writeFile(out, await renderProgressChart(progressChartData(rows, { today, unitOrder: full.directory.units.map((u) => u.name) })))
  console.log(`${out}: ${full.tasks.length} tasks, ${stored.length} reports`)
  await app.close()
  process.exit(0)
}
const path = out.endsWith('.pdf') ? await writeLedgerPdf(stores, out, now) : await writeLedgerExport(stores, 'xlsx', out, now)
console.log(`${path}: ${book.tasks.length} tasks, ${stored.length} reports`)
await app.close()
