/**
 * What the web 台账 shows, per document: built from the same rows, parts and colours as 进度汇总,
 * the chart and the export (ledgerRows.ts, chartData.ts, colour.ts), so a number on the page is the
 * number the chat gives. Pure: the adapter (web/) loads the book and reports and renders HTML.
 */
import type { Colour, ColourSettings, PairState } from '../domain/colour.js'
import { taskStateOf } from '../domain/colour.js'
import { createUnitDirectory } from '../units/directory.js'
import { indexLatest } from './book.js'
import { CHART_PARTS, partOf, progressChartData, type ChartPart, type ProgressChartData } from './chartData.js'
import { scopeBook } from './documentScope.js'
import { buildLedgerRows, summarizeUnits, type LedgerRow, type UnitSummary } from './ledgerRows.js'
import type { BookDocument, BookTask, EvidenceFile, Liaison, ProgressReport, TaskBook } from './ports.js'
import { ledgerLookups } from './export.js'

export interface TaskView {
  task: BookTask
  /** The task's state across its units (taskStateOf): its colour in the 台账's 状态 column. */
  state: PairState | null
  /** Its units' rows (conditional roles and former units included, marked). */
  rows: LedgerRow[]
}

export interface DocumentView {
  document: BookDocument
  tasks: TaskView[]
  /** Units in the directory's order. */
  units: UnitSummary[]
  /** Pairs by part (the chart's 已完成/推进中/未反馈/逾期), adding up to the units' tasks. */
  parts: Record<ChartPart, number>
  /** Pairs by colour (colour.ts). */
  colours: Record<Colour, number>
  chart: ProgressChartData
  /** Pairs with no report yet (the chat's 未反馈), and overdue pairs (逾期). */
  notReported: LedgerRow[]
  overdue: LedgerRow[]
}

export interface LedgerView {
  today: string
  documents: DocumentView[]
  /** Evidence file names by progressKey(task, unit). */
  evidence: Map<string, string[]>
  /** The reporter as bound (the export's name for them), not the WeChat nickname of the day. */
  reporter(report: ProgressReport): string
}

export function buildLedgerView(
  book: TaskBook,
  latest: ProgressReport[],
  evidence: EvidenceFile[],
  liaisons: Liaison[],
  settings: ColourSettings,
  today: string,
): LedgerView {
  const dir = createUnitDirectory(book.directory)
  const index = indexLatest(latest)
  const unitOrder = book.directory.units.map((u) => u.name)
  const rank = new Map(unitOrder.map((u, i) => [u, i]))
  const byRank = (a: string, b: string) => (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size) || a.localeCompare(b, 'zh-Hans-CN')
  const several = book.documents.filter((d) => !d.archived).length > 1
  const documents = book.documents.map((document): DocumentView => {
    const scoped = scopeBook(book, document.id)
    const rows = buildLedgerRows(scoped, dir, index, today, { former: true, settings })
    const unitRows = rows.filter((r) => !r.conditional && !r.former)
    const parts = Object.fromEntries(CHART_PARTS.map((p) => [p.part, 0])) as Record<ChartPart, number>
    const colours: Record<Colour, number> = { red: 0, yellow: 0, blue: 0, green: 0, none: 0 }
    for (const r of unitRows) {
      parts[partOf(r)]++
      colours[r.state.colour]++
    }
    const tasks = scoped.tasks.map((task) => {
      const own = rows.filter((r) => r.task.id === task.id)
      return { task, rows: own, state: taskStateOf(own.filter((r) => !r.conditional && !r.former).map((r) => r.state)) }
    })
    return {
      document,
      tasks,
      units: summarizeUnits(rows).sort((a, b) => byRank(a.unit, b.unit)),
      parts,
      colours,
      chart: progressChartData(rows, { today, unitOrder, documentName: several ? document.shortName : null }),
      notReported: unitRows.filter((r) => !r.report).sort((a, b) => byRank(a.unit, b.unit) || a.task.number - b.task.number),
      overdue: unitRows.filter((r) => r.state.overdue).sort((a, b) => byRank(a.unit, b.unit) || a.task.number - b.task.number),
    }
  })
  const lookups = ledgerLookups({ liaisons, evidence })
  return { today, documents, evidence: lookups.evidence, reporter: (r) => lookups.reporter(r) }
}

/**
 * What changes when the page must: the latest reports (a new one, a revoked one). The web page
 * compares it every few seconds and redraws when it differs.
 */
export function ledgerStamp(latest: ProgressReport[]): string {
  // The sum of ids changes too when a revoked report leaves an older one as the latest.
  let sum = 0
  for (const r of latest) sum += r.id
  return `${latest.length}-${sum}`
}
