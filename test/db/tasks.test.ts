import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import type { Stores } from '../../src/ledger/ports.js'
import { countRows, dbTargets, fixtureDirectory, TEST_OFFICE_ID } from '../helpers/db.js'
import { report, sampleImport, task } from './fixtures.js'

describe.each(dbTargets)('TaskStore on $name', (target) => {
  let database: Database
  let stores: Stores
  beforeEach(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
  })
  afterEach(async () => {
    await database.close()
  })

  it('starts empty', async () => {
    const book = await stores.tasks.loadBook()
    expect(book.documents).toEqual([])
    expect(book.tasks).toEqual([])
    expect(book.directory).toEqual({ county: '', units: [], groups: [], roles: [] })
    expect(await stores.tasks.countTasks()).toBe(0)
  })

  it('round-trips the seed directory and an imported table through loadBook', async () => {
    const directory = fixtureDirectory()
    await stores.tasks.seedDirectory(directory)
    const input = sampleImport()
    const result = await stores.tasks.importTable(input)
    expect(result).toMatchObject({
      documentCreated: true,
      tasksInserted: 5,
      tasksUpdated: 0,
      tasksUnchanged: 0,
      tasksRemoved: 0,
    })

    const book = await stores.tasks.loadBook()
    expect(book.documents).toHaveLength(1)
    expect(book.documents[0]).toMatchObject({
      id: result.documentId,
      archived: false,
      title: input.title,
      issuer: input.issuer,
      issuedOn: '2022-08-25',
      sourceName: 'huilai-2022.txt',
    })
    expect(book.documents[0]?.importedAt).toBeInstanceOf(Date)
    expect(book.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5])
    for (const [i, t] of book.tasks.entries()) {
      const want = input.tasks[i]!
      expect(t).toEqual({ id: expect.any(Number), documentId: result.documentId, since: '2022-08-25', ...want })
    }
    // Seed units plus the import's new unit, with kinds and aliases.
    expect(book.directory.county).toBe('惠来县')
    expect(book.directory.units).toEqual([...directory.units, { name: '县新设机构', kind: 'dept', aliases: ['新设局'] }])
    expect(book.directory.groups).toEqual(directory.groups)
    expect(book.directory.roles).toEqual(directory.roles)
    expect(await stores.tasks.countTasks()).toBe(5)
  })

  it('seedDirectory is an upsert: re-seeding changes nothing, edits win, nothing is deleted', async () => {
    const directory = fixtureDirectory()
    await stores.tasks.seedDirectory(directory)
    await stores.tasks.seedDirectory(directory)
    expect(await countRows(database, 'units')).toBe(directory.units.length)

    const [first, ...rest] = directory.units
    await stores.tasks.seedDirectory({
      ...directory,
      units: [{ ...first!, aliases: [...first!.aliases, '政府办'] }],
      groups: [],
      roles: [],
    })
    const book = await stores.tasks.loadBook()
    expect(book.directory.units).toHaveLength(1 + rest.length)
    expect(book.directory.units[0]?.aliases).toContain('政府办')
    expect(book.directory.groups).toHaveLength(directory.groups.length)
  })

  it('re-importing the same input is idempotent', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    const first = await stores.tasks.importTable(sampleImport())
    const tasksBefore = await countRows(database, 'tasks')
    const assignmentsBefore = await countRows(database, 'assignments')
    const unitsBefore = await countRows(database, 'units')
    const bookBefore = await stores.tasks.loadBook()

    const second = await stores.tasks.importTable(sampleImport())
    expect(second).toMatchObject({
      applied: true,
      documentId: first.documentId,
      documentCreated: false,
      tasksInserted: 0,
      tasksUpdated: 0,
      tasksUnchanged: 5,
      tasksRemoved: 0,
    })
    expect(await countRows(database, 'documents')).toBe(1)
    expect(await countRows(database, 'tasks')).toBe(tasksBefore)
    expect(await countRows(database, 'assignments')).toBe(assignmentsBefore)
    expect(await countRows(database, 'units')).toBe(unitsBefore)
    const bookAfter = await stores.tasks.loadBook()
    expect(bookAfter.tasks).toEqual(bookBefore.tasks)
  })

  it('a revised table updates changed tasks, adds new ones, marks missing ones removed, and can bring them back', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    // Distinct wording, as real tasks have: tasks are matched by content.
    const wording = ['清理县政府规范性文件并公布清理结果', '按季度更新政务公开专区内容', '公开行政执法检查计划和结果', '建设县级规范性文件库', '开展政务公开工作人员培训', '推进政务服务事项网上办理']
    const original = sampleImport()
    original.tasks = original.tasks.map((t, i) => ({ ...t, text: wording[i]! }))
    const first = await stores.tasks.importTable(original)
    const idsBefore = new Map((await stores.tasks.loadBook()).tasks.map((t) => [t.number, t.id]))

    const revised = sampleImport({
      contentHash: 'hash-v2',
      sourceName: 'huilai-2022-rev.txt',
      tasks: [
        original.tasks[0]!, // unchanged
        { ...original.tasks[1]!, text: '按季度更新政务公开专区内容并及时调整栏目' }, // text changed
        {
          ...original.tasks[2]!,
          assignments: [{ role: 'lead', targetType: 'unit', target: '县财政局' }],
        }, // assignments changed
        // 4 and 5 dropped
        task(6, { text: wording[5]! }),
      ],
    })
    const result = await stores.tasks.importTable(revised)
    expect(result).toMatchObject({
      documentId: first.documentId,
      documentCreated: false,
      tasksInserted: 1,
      tasksUpdated: 2,
      tasksUnchanged: 1,
      tasksRemoved: 2,
    })

    const book = await stores.tasks.loadBook()
    expect(book.documents[0]?.sourceName).toBe('huilai-2022-rev.txt')
    expect(book.tasks.map((t) => t.number)).toEqual([1, 2, 3, 6])
    // Matched by content: the row (and so its progress) is the same task.
    expect(book.tasks[1]?.id).toBe(idsBefore.get(2))
    expect(book.tasks[1]?.text).toBe('按季度更新政务公开专区内容并及时调整栏目')
    expect(book.tasks[2]?.assignments).toEqual([{ role: 'lead', targetType: 'unit', target: '县财政局' }])
    expect(await countRows(database, 'tasks')).toBe(6) // removed rows are kept
    expect(await stores.tasks.countTasks()).toBe(4)

    // A later revision restores task 4: same row, no longer removed.
    const restored = await stores.tasks.importTable(
      sampleImport({ tasks: [...revised.tasks, original.tasks[3]!] }),
    )
    expect(restored).toMatchObject({ tasksInserted: 0, tasksUpdated: 1, tasksUnchanged: 4, tasksRemoved: 0 })
    const again = await stores.tasks.loadBook()
    expect(again.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 6])
    expect(again.tasks[3]?.id).toBe(idsBefore.get(4))
  })

  it('a revision that removes task 2 moves no report: renumbered tasks keep their rows, a new task 2 is not the old one', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    const wording = ['清理县政府规范性文件并公布清理结果', '按季度更新政务公开专区内容', '公开行政执法检查计划和结果', '建设县级规范性文件库', '开展政务公开工作人员培训']
    const original = sampleImport()
    original.tasks = original.tasks.map((t, i) => ({ ...t, text: wording[i]! }))
    await stores.tasks.importTable(original)
    const before = await stores.tasks.loadBook()
    await stores.progress.record(before.tasks.map((t, i) => report(t.id, '县司法局', { sourceMessageId: `m-${i}` })))
    const renumbered = original.tasks.filter((t) => t.number !== 2).map((t, i) => ({ ...t, number: i + 1, unitsInheritedFrom: null }))
    const result = await stores.tasks.importTable(sampleImport({ tasks: renumbered }))
    expect(result).toMatchObject({ tasksInserted: 0, tasksRemoved: 1, tasksUpdated: 3, tasksUnchanged: 1 })
    const after = await stores.tasks.loadBook()
    for (const t of after.tasks) expect(t.id, t.text).toBe(before.tasks.find((b) => b.text === t.text)!.id)
    // Every report is still on the text it was given for; the removed task's report is kept.
    const latest = await stores.progress.latest()
    expect(latest).toHaveLength(5)
    const textOf = new Map(before.tasks.map((t) => [t.id, t.text]))
    expect((await stores.progress.latest({ taskIds: after.tasks.map((t) => t.id) })).map((r) => textOf.get(r.taskId)).sort()).toEqual(
      after.tasks.map((t) => t.text).sort(),
    )
  })

  it('progress recorded before a re-import survives it, even for a task the revision removed', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    await stores.tasks.importTable(sampleImport())
    const before = await stores.tasks.loadBook()
    const t1 = before.tasks.find((t) => t.number === 1)!
    const t5 = before.tasks.find((t) => t.number === 5)!
    const stored = await stores.progress.record([
      report(t1.id, '县司法局', { status: 'in_progress', percent: 50 }),
      report(t5.id, '县司法局'),
    ])
    expect(stored).toHaveLength(2)

    const original = sampleImport()
    await stores.tasks.importTable(
      sampleImport({ tasks: [{ ...original.tasks[0]!, text: '改过的第1项' }, ...original.tasks.slice(1, 4)] }),
    )
    const history1 = await stores.progress.history(t1.id)
    expect(history1).toEqual([stored[0]])
    expect(await stores.progress.history(t5.id)).toEqual([stored[1]])
    expect((await stores.progress.latest()).map((r) => r.id).sort()).toEqual(stored.map((r) => r.id).sort())
    expect(await countRows(database, 'progress_reports')).toBe(2)
  })

  it('reports recorded while a renumbering revision commits stay on their tasks (ids, not numbers)', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    const many = Array.from({ length: 200 }, (_, i) => task(i + 1, { text: `第${i + 1}批政务公开事项清单编制与发布（${'甲乙丙丁戊己庚辛壬癸'[i % 10]}类）` }))
    await stores.tasks.importTable(sampleImport({ tasks: many }))
    const before = await stores.tasks.loadBook()
    // The revision drops task 1: every other task moves up one number.
    const revision = stores.tasks.importTable(
      sampleImport({ tasks: many.slice(1).map((t, i) => ({ ...t, number: i + 1 })) }),
      { confirmed: true },
    )
    const recorded = Promise.all(
      before.tasks.slice(0, 50).map((t, i) => stores.progress.record([report(t.id, '县司法局', { sourceMessageId: `during-${i}` })])),
    )
    const [result] = await Promise.all([revision, recorded])
    expect(result).toMatchObject({ applied: true, tasksRemoved: 1, tasksUpdated: 199 })
    const after = await stores.tasks.loadBook()
    const textOf = new Map(before.tasks.map((t) => [t.id, t.text]))
    const latest = await stores.progress.latest({ taskIds: after.tasks.map((t) => t.id) })
    expect(latest).toHaveLength(49)
    for (const r of latest) expect(after.tasks.find((t) => t.id === r.taskId)!.text).toBe(textOf.get(r.taskId))
  })

  it('another document is active beside the first, named from its title; archiving takes it out of the book, not the export', async () => {
    await stores.tasks.importTable(sampleImport())
    const other = await stores.tasks.importTable(
      sampleImport({ documentKey: 'other', title: '另一份分解表', tasks: [task(1), task(2)] }),
    )
    expect(other.documentCreated).toBe(true)
    const book = await stores.tasks.loadBook()
    expect(book.documents.map((d) => d.id)).toEqual([expect.any(Number), other.documentId])
    expect(book.documents[1]).toMatchObject({ title: '另一份分解表', shortName: '另一份', archived: false })
    expect(book.tasks.map((t) => [t.documentId === other.documentId, t.number])).toEqual([
      [false, 1], [false, 2], [false, 3], [false, 4], [false, 5], [true, 1], [true, 2],
    ])
    expect(await stores.tasks.countTasks()).toBe(7)

    expect(await stores.tasks.setArchived(other.documentId!, true)).toBe(true)
    expect(await stores.tasks.setArchived(other.documentId!, true)).toBe(false)
    expect((await stores.tasks.loadBook()).tasks).toHaveLength(5)
    expect(await stores.tasks.countTasks()).toBe(5)
    const all = await stores.tasks.loadBook({ archived: true })
    expect(all.documents.map((d) => d.archived)).toEqual([false, true])
    expect(all.tasks).toHaveLength(7)
    expect(await stores.tasks.setArchived(other.documentId!, false)).toBe(true)
    expect((await stores.tasks.loadBook()).tasks).toHaveLength(7)

    // Short names are the office's own: no two documents share one.
    expect(await stores.tasks.renameDocument(other.documentId!, '营商环境')).toBe(true)
    expect(await stores.tasks.renameDocument(book.documents[0]!.id, '营商环境')).toBe(false)
    expect((await stores.tasks.loadBook()).documents.map((d) => d.shortName)).toEqual([book.documents[0]!.shortName, '营商环境'])
  })

  it('an import that fails part-way changes nothing (one transaction)', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    const bad = sampleImport({
      newUnits: [{ name: '不该留下的单位', kind: 'dept', aliases: [] }],
      tasks: [
        task(1),
        // The role check constraint fails after the document, units and tasks were written.
        task(2, { assignments: [{ role: 'boss' as 'lead', targetType: 'unit', target: '县财政局' }] }),
      ],
    })
    await expect(stores.tasks.importTable(bad)).rejects.toThrow()
    expect(await countRows(database, 'documents')).toBe(0)
    expect(await countRows(database, 'tasks')).toBe(0)
    const book = await stores.tasks.loadBook()
    expect(book.directory.units.map((u) => u.name)).not.toContain('不该留下的单位')
  })

  it('rejects a table with a duplicated task number before writing', async () => {
    await expect(stores.tasks.importTable(sampleImport({ tasks: [task(1), task(1)] }))).rejects.toThrow(/第1项重复/)
    expect(await countRows(database, 'documents')).toBe(0)
  })

  it('an import never overrides a directory unit with the same name', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    await stores.tasks.importTable(
      sampleImport({ newUnits: [{ name: '县司法局', kind: 'other', aliases: ['乱写的别名'] }] }),
    )
    const book = await stores.tasks.loadBook()
    const unit = book.directory.units.find((u) => u.name === '县司法局')
    expect(unit).toEqual({ name: '县司法局', kind: 'dept', aliases: [] })
  })

  it('learnt alternate names are appended once per unit, in order, across repeated imports', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    const newAliases = [
      { unit: '县司法局', alias: '司法行政局' },
      { unit: '县财政局', alias: '财政所' },
      { unit: '县司法局', alias: '法制局' },
      { unit: '县司法局', alias: '司法行政局' },
      { unit: '没有这个单位', alias: '无主别名' },
    ]
    await stores.tasks.importTable(sampleImport({ newAliases }))
    await stores.tasks.importTable(sampleImport({ newAliases, contentHash: 'hash-v2' }))
    const units = (await stores.tasks.loadBook()).directory.units
    expect(units.find((u) => u.name === '县司法局')?.aliases).toEqual(['司法行政局', '法制局'])
    expect(units.find((u) => u.name === '县财政局')?.aliases).toEqual(['财政所'])
    expect(units.some((u) => u.aliases.includes('无主别名'))).toBe(false)
  })

  it('a large revised table (1,500 tasks, every one changed) re-imports in one go', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    const many = (v: string) => Array.from({ length: 1500 }, (_, i) => task(i + 1, { text: `任务${i + 1}${v}` }))
    await stores.tasks.importTable(sampleImport({ tasks: many('甲') }))
    const result = await stores.tasks.importTable(sampleImport({ tasks: many('乙') }))
    expect(result).toMatchObject({ tasksInserted: 0, tasksUpdated: 1500, tasksUnchanged: 0, tasksRemoved: 0 })
    const book = await stores.tasks.loadBook()
    expect(book.tasks).toHaveLength(1500)
    expect(book.tasks.every((t) => t.text.endsWith('乙') && t.assignments.length === 2)).toBe(true)
    expect(await countRows(database, 'assignments')).toBe(3000)
  })

  it('loadBook() reads one snapshot while imports commit: never old tasks with new assignments', async () => {
    await stores.tasks.seedDirectory(fixtureDirectory())
    // Version 甲 assigns every task to 县司法局, version 乙 to 县财政局; the text says which version.
    const version = (v: '甲' | '乙') =>
      sampleImport({
        contentHash: v,
        tasks: Array.from({ length: 200 }, (_, i) =>
          task(i + 1, {
            text: `任务${i + 1}${v}`,
            assignments: [{ role: 'lead', targetType: 'unit', target: v === '甲' ? '县司法局' : '县财政局' }],
          }),
        ),
      })
    await stores.tasks.importTable(version('甲'))
    let importing = true
    const imports = (async () => {
      for (let i = 0; i < 12; i++) await stores.tasks.importTable(version(i % 2 ? '甲' : '乙'))
      importing = false
    })()
    const mixed: string[] = []
    let loads = 0
    while (importing || loads < 3) {
      const book = await stores.tasks.loadBook()
      loads++
      for (const t of book.tasks) {
        const expected = t.text.endsWith('甲') ? '县司法局' : '县财政局'
        if (t.assignments[0]?.target !== expected) mixed.push(`${t.number}:${t.text}/${t.assignments[0]?.target}`)
      }
    }
    await imports
    expect(mixed.slice(0, 3)).toEqual([])
  })
})
