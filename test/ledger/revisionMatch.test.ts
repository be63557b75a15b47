/**
 * A revised table keeps every report on its task: tasks are matched by content, not by number, so
 * a renumbered task keeps its row (and reports) under its new number, a reworded one is the same
 * task changed, and a removed one is retired with its reports kept.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { matchRevision, type StoredTask } from '../../src/ledger/revision.js'
import { prepareImport } from '../../src/ledger/prepareImport.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import type { ImportOptions, ImportTask, Stores } from '../../src/ledger/ports.js'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { reviseSeed } from '../helpers/revisedSeed.js'
import { report, task } from '../db/fixtures.js'

async function importText(stores: Stores, text: string, options: ImportOptions = {}, name = '任务分解表（修订）.txt') {
  const book = await stores.tasks.loadBook()
  const prepared = prepareImport(parseTaskText(text, { file: name }), createUnitDirectory(book.directory), { name, contentHash: name })
  return stores.tasks.importTable(prepared.input, options)
}

const REPORTED = [1, 2, 3, 5, 10, 20, 33, 50, 58]

describe.each(dbTargets)('a revised seed table on $name', (target) => {
  let t: TestLedger
  afterEach(() => t.close())

  /** One report per task in REPORTED, by its first unit; returns the text each report belongs to. */
  async function reportNine(): Promise<Map<number, string>> {
    const book = await t.stores.tasks.loadBook()
    const texts = new Map<number, string>()
    await t.stores.progress.record(
      REPORTED.map((n, i) => {
        const task = book.tasks.find((x) => x.number === n)!
        texts.set(task.id, task.text)
        return report(task.id, task.assignments[0]!.target, { sourceMessageId: `r-${i}` })
      }),
    )
    return texts
  }

  it('removing task 2 and renumbering the rest keeps every report on its own task, under its new number', async () => {
    t = await openTestLedger(target)
    const texts = await reportNine()
    const revised = reviseSeed({ remove: [2] })
    // Reported tasks move: not imported until confirmed, and the diff says what would change.
    const unconfirmed = await importText(t.stores, revised)
    expect(unconfirmed).toMatchObject({ applied: false, diff: { needsConfirmation: true, unchanged: 1 } })
    expect(unconfirmed.diff.removed).toEqual([expect.objectContaining({ number: 2, reported: 1 })])
    expect(unconfirmed.diff.changed).toHaveLength(56)
    expect(unconfirmed.diff.changed.every((c) => c.number === c.previousNumber - 1 && c.previousText === null)).toBe(true)
    expect((await t.stores.tasks.loadBook()).tasks).toHaveLength(58)
    const result = await importText(t.stores, revised, { confirmed: true })
    expect(result).toMatchObject({ applied: true, documentCreated: false, tasksInserted: 0, tasksRemoved: 1, tasksUnchanged: 1, tasksUpdated: 56 })
    const book = await t.stores.tasks.loadBook()
    expect(book.tasks).toHaveLength(57)
    const latest = await t.stores.progress.latest({ taskIds: book.tasks.map((x) => x.id) })
    // 8 reported tasks are still current; the removed task's report is kept, not shown as a current task.
    expect(latest).toHaveLength(8)
    for (const r of latest) expect(book.tasks.find((x) => x.id === r.taskId)!.text).toBe(texts.get(r.taskId))
    const numbers = latest.map((r) => book.tasks.find((x) => x.id === r.taskId)!.number).sort((a, b) => a - b)
    expect(numbers).toEqual([1, 2, 4, 9, 19, 32, 49, 57])
    const all = await t.stores.progress.latest()
    expect(all).toHaveLength(9)
  })

  it('a reworded task with the same units stays the same task; a rewritten one is retired and a new one added', async () => {
    t = await openTestLedger(target)
    const before = await t.stores.tasks.loadBook()
    const id = (n: number) => before.tasks.find((x) => x.number === n)!.id
    const revised = reviseSeed({
      edit: (line, n) =>
        n === 1
          ? line.replace('做好县政府规范性文件清理工作', '做好县政府规范性文件全面清理工作')
          : n === 7
            ? line.replace(/\.\s?.*$/, '. 建立县级政务新媒体矩阵统一运维平台，实现账号集中监管。')
            : line,
    })
    const result = await importText(t.stores, revised)
    expect(result).toMatchObject({ tasksInserted: 1, tasksRemoved: 1, tasksUpdated: 1, tasksUnchanged: 56 })
    const after = await t.stores.tasks.loadBook()
    expect(after.tasks.find((x) => x.number === 1)).toMatchObject({ id: id(1), text: expect.stringContaining('全面清理') })
    expect(after.tasks.find((x) => x.number === 7)!.id).not.toBe(id(7))
  })
})

describe('matchRevision', () => {
  const stored = (tasks: ImportTask[], ids = tasks.map((_, i) => 100 + i)): StoredTask[] =>
    tasks.map((t, i) => ({ ...t, id: ids[i]!, retired: false }))
  const texts = ['编制全县校舍安全排查清单并逐校建立台账', '完成城区供水管网老旧管道改造一期工程', '落实义务教育阶段课后服务经费保障', '推进农村生活污水治理设施运维管护']

  it('a task with the same text but other units is the same task (its units changed)', () => {
    const old = stored([task(1, { text: texts[0]! }), task(2, { text: texts[1]! })])
    const m = matchRevision(old, [task(1, { text: texts[1]!, assignments: [{ role: 'lead', targetType: 'unit', target: '县水务局' }] }), task(2, { text: texts[0]! })])
    expect(m.pairs.map((p) => [p.stored.id, p.incoming.number])).toEqual([[101, 1], [100, 2]])
    expect(m.added).toEqual([])
    expect(m.retired).toEqual([])
  })

  it('a reworded task whose units also changed needs nearly the same wording', () => {
    const old = stored([task(1, { text: texts[3]! })])
    const otherUnits = { assignments: [{ role: 'lead' as const, targetType: 'unit' as const, target: '县水务局' }] }
    const near = matchRevision(old, [task(1, { text: `${texts[3]}工作`, ...otherUnits })])
    expect(near.pairs).toHaveLength(1)
    const far = matchRevision(old, [task(1, { text: '推进农村人居环境整治提升', ...otherUnits })])
    expect(far.pairs).toHaveLength(0)
    expect(far.retired.map((r) => r.id)).toEqual([100])
    expect(far.added.map((a) => a.number)).toEqual([1])
  })

  it('a retired task that comes back is matched again, after the current ones', () => {
    const old: StoredTask[] = [
      { ...task(3, { text: texts[2]! }), id: 7, retired: true },
      { ...task(3, { text: texts[2]! }), id: 8, retired: false },
    ]
    const m = matchRevision(old, [task(3, { text: texts[2]! })])
    expect(m.pairs.map((p) => p.stored.id)).toEqual([8])
    expect(m.retired).toEqual([])
  })

  it('stays fast: 500 stored tasks, every one reworded and renumbered', () => {
    const words = '规范性文件清理公开政务服务数据管理基层标准化建设重点领域信息平台监督考核'
    const text = (i: number) => Array.from({ length: 40 }, (_, k) => words[(i * 7 + k * (i % 5 + 1)) % words.length]).join('') + `第${i}批`
    const old = stored(Array.from({ length: 500 }, (_, i) => task(i + 1, { text: text(i) })))
    const incoming = Array.from({ length: 500 }, (_, i) => task(i + 2, { text: `${text(i)}（修订）` }))
    const start = performance.now()
    const m = matchRevision(old, incoming)
    const ms = performance.now() - start
    expect(m.pairs).toHaveLength(500)
    expect(m.pairs.every((p) => p.incoming.number === p.stored.number + 1)).toBe(true)
    // It takes a few tens of milliseconds. Only a hang bound (vitest cannot time out a synchronous
    // call), so a busy machine does not fail it.
    expect(ms).toBeLessThan(30_000)
  })
})
