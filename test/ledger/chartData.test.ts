/** The progress chart's figures (src/ledger/chartData.ts): each pair in one part, units in directory order. */
import { describe, expect, it } from 'vitest'
import { partOf, progressChartData } from '../../src/ledger/chartData.js'
import type { LedgerRow } from '../../src/ledger/ledgerRows.js'
import type { PairState } from '../../src/domain/colour.js'
import type { ReportStatus } from '../../src/domain/status.js'
import { COLOUR_HEX } from '../../src/domain/colour.js'

const state = (s: Partial<PairState>): PairState => ({ colour: 'none', overdue: false, done: false, due: null, daysLeft: null, reason: 'later', ...s })
const row = (unit: string, st: Partial<PairState>, status: ReportStatus | null, extra: Partial<LedgerRow> = {}): LedgerRow =>
  ({ unit, role: 'responsible', state: state(st), report: status ? { status } : null, conditional: false, former: false, ...extra }) as LedgerRow

describe('progress chart data', () => {
  it('puts each pair in one part: overdue first, then done as graded, then any report that still counts', () => {
    expect(partOf(row('a', { overdue: true, colour: 'red' }, 'in_progress'))).toBe('overdue')
    expect(partOf(row('a', { done: true, colour: 'green' }, 'done'))).toBe('done')
    expect(partOf(row('a', {}, 'blocked'))).toBe('inProgress')
    expect(partOf(row('a', {}, 'not_started'))).toBe('inProgress')
    // Last period's 已完成 of a recurring task: this period is not reported yet.
    expect(partOf(row('a', {}, 'done'))).toBe('notReported')
    expect(partOf(row('a', {}, null))).toBe('notReported')
  })

  it('orders units as the directory does, leaves out conditional and former rows, and names the document', () => {
    const rows = [
      row('惠城镇', { done: true }, 'done'),
      row('外单位', {}, null),
      row('县司法局', { overdue: true }, null),
      row('县司法局', {}, 'in_progress'),
      row('县司法局', {}, null, { conditional: true }),
      row('县教育局', {}, 'in_progress', { former: true }),
    ]
    const data = progressChartData(rows, { today: '2026-12-01', unitOrder: ['县司法局', '县教育局', '惠城镇'], documentName: '营商环境' })
    expect(data.title).toBe('营商环境：各单位任务落实情况（截至12月1日）')
    expect(data.units).toEqual(['县司法局', '惠城镇', '外单位'])
    expect(Object.fromEntries(data.series.map((s) => [s.part, s.values]))).toEqual({
      done: [0, 1, 0], inProgress: [1, 0, 0], notReported: [0, 0, 1], overdue: [1, 0, 0],
    })
    expect(data.series.map((s) => s.colour)).toEqual([COLOUR_HEX.green.bar, COLOUR_HEX.blue.bar, COLOUR_HEX.none.bar, COLOUR_HEX.red.bar])
    expect(progressChartData(rows, { today: '2026-12-01', unitOrder: [] }).title).toBe('各单位任务落实情况（截至12月1日）')
  })
})
