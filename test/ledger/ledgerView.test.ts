/** The web 台账's read model: per document, the same parts and colours as the chart and 进度汇总. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { buildLedgerView, ledgerStamp } from '../../src/ledger/ledgerView.js'
import { DEFAULT_COLOUR_SETTINGS } from '../../src/domain/colour.js'
import type { TaskBook } from '../../src/ledger/ports.js'

const sifa = { id: 'wxid-sifa', name: '张三', alias: '司法局张三' }

describe.each(dbTargets.slice(0, 1))('the ledger view on $name', (target) => {
  let ledger: TestLedger
  beforeAll(async () => {
    // 已完成 closes at once: this is about the view's figures, not 销号 (test/features/review.test.ts).
    ledger = await openTestLedger(target, { env: { CLOSE_REQUIRES_REVIEW: 'off' } })
    await ledger.say(sifa, '绑定 县司法局')
    await ledger.say(sifa, '第1项已完成')
  })
  afterAll(async () => ledger?.close())

  it('keeps each document\'s tasks, reports and chart apart', async () => {
    const book = await ledger.stores.tasks.loadBook()
    const first = book.documents[0]!
    // A second document holding copies of three tasks: nobody reported on them.
    const second = { ...first, id: first.id + 1000, ordinal: 2, shortName: '营商环境', title: '营商环境工作方案' }
    const two: TaskBook = { ...book, documents: [first, second], tasks: [...book.tasks, ...book.tasks.slice(0, 3).map((t) => ({ ...t, id: t.id + 100000, documentId: second.id }))] }
    const latest = await ledger.stores.progress.latest()
    const view = buildLedgerView(two, latest, [], await ledger.stores.liaisons.list(), DEFAULT_COLOUR_SETTINGS, '2022-09-20')
    expect(view.documents.map((d) => d.tasks.length)).toEqual([book.tasks.length, 3])
    const [a, b] = view.documents
    expect(a!.parts.done).toBe(1)
    expect(b!.parts.done).toBe(0)
    for (const d of view.documents) {
      const pairs = d.units.reduce((n, u) => n + u.tasks, 0)
      expect(Object.values(d.parts).reduce((x, y) => x + y, 0)).toBe(pairs)
      expect(Object.values(d.colours).reduce((x, y) => x + y, 0)).toBe(pairs)
      expect(d.chart.series.flatMap((s) => s.values).reduce((x, y) => x + y, 0)).toBe(pairs)
      expect(d.notReported.length).toBe(d.units.reduce((n, u) => n + u.notReported, 0))
    }
    expect(b!.chart.title).toContain('营商环境：')
    // Units in the directory's order, not by name.
    const order = book.directory.units.map((u) => u.name)
    const ranks = a!.units.map((u) => order.indexOf(u.unit)).filter((i) => i >= 0)
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y))
  })

  it('changes its stamp when a report arrives or is revoked', async () => {
    const before = ledgerStamp(await ledger.stores.progress.latest())
    await ledger.say(sifa, '第2项已完成')
    const after = ledgerStamp(await ledger.stores.progress.latest())
    expect(after).not.toBe(before)
    await ledger.say(sifa, '撤销')
    expect(ledgerStamp(await ledger.stores.progress.latest())).toBe(before)
  })
})
