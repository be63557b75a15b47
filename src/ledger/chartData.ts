/**
 * What the progress chart shows (进度汇总 and the monthly digest): per unit, its pairs by state, in
 * four parts that add up to the unit's tasks. Pure: the picture is drawn by an adapter (render/chart.ts).
 */
import { COLOUR_HEX, type Colour } from '../domain/colour.js'
import { formatDate } from '../replies/tasks.js'
import type { LedgerRow } from './ledgerRows.js'

export type ChartPart = 'done' | 'inProgress' | 'notReported' | 'overdue'

/** The parts in stacking order, each with its label and its colour in the one colour definition. */
export const CHART_PARTS: ReadonlyArray<{ part: ChartPart; label: string; colour: Colour }> = [
  { part: 'done', label: '已完成', colour: 'green' },
  { part: 'inProgress', label: '推进中', colour: 'blue' },
  { part: 'notReported', label: '未反馈', colour: 'none' },
  { part: 'overdue', label: '逾期', colour: 'red' },
]

export interface ChartSeries {
  part: ChartPart
  label: string
  /** The bar colour (#RRGGBB), from COLOUR_HEX. */
  colour: string
  /** One count per unit, in the order of `units`. */
  values: number[]
}

export interface ProgressChartData {
  title: string
  /** Units in the directory's order (then any unit the directory does not list, by name). */
  units: string[]
  series: ChartSeries[]
}

/**
 * A pair is 逾期 when overdue (colour.ts), else 已完成 when its 已完成 covers the deadline, else 推进中
 * once the unit has reported anything that still counts (推进中, 遇到困难, 未启动), else 未反馈 (nothing
 * reported, or a 已完成 of a past period of a recurring task). Conditional and former rows are not
 * a unit's task (as in summarizeUnits), so the bars add up to 进度汇总's 单位任务 and the 单位汇总's 任务数.
 */
export function partOf(row: LedgerRow): ChartPart {
  if (row.state.overdue) return 'overdue'
  if (row.state.done) return 'done'
  // A 已完成 awaiting 销号 (待审核) is not done yet, but answered.
  if (row.report && (row.report.status !== 'done' || row.state.reason === 'under_review')) return 'inProgress'
  return 'notReported'
}

/** `documentName`: the document's short name when the office has several active (the title names it). */
export function progressChartData(
  rows: LedgerRow[],
  opts: { today: string; unitOrder: readonly string[]; documentName?: string | null },
): ProgressChartData {
  const counts = new Map<string, Record<ChartPart, number>>()
  for (const row of rows) {
    if (row.conditional || row.former) continue
    const c = counts.get(row.unit) ?? { done: 0, inProgress: 0, notReported: 0, overdue: 0 }
    counts.set(row.unit, c)
    c[partOf(row)]++
  }
  const rank = new Map(opts.unitOrder.map((u, i) => [u, i]))
  const units = [...counts.keys()].sort(
    (a, b) => (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size) || a.localeCompare(b, 'zh-Hans-CN'),
  )
  const [, m, d] = opts.today.split('-').map(Number)
  return {
    title: `${opts.documentName ? `${opts.documentName}：` : ''}各单位任务落实情况（截至${m}月${d}日）`,
    units,
    series: CHART_PARTS.map(({ part, label, colour }) => ({
      part,
      label,
      colour: COLOUR_HEX[colour].bar,
      values: units.map((u) => counts.get(u)![part]),
    })),
  }
}

/** The chart file's name: what and when, so a clerk saving it from the chat knows it. */
export function chartFileName(today: string, tag: string): string {
  return `各单位任务落实情况-${formatDate(today)}-${tag}.png`
}
