/**
 * A revised table is the same document: identity is the title and issuer (the file name only when
 * there is no title, its version marks stripped), never the 印发 date. Reports stay visible.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { documentKey, stripVersionMarks } from '../../src/ledger/documentKey.js'
import { formatRevisionDiff, prepareImport } from '../../src/ledger/prepareImport.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import type { DirectoryData } from '../../src/units/model.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createStores } from '../../db/stores.js'
import type { Database } from '../../db/client.js'
import { dbTargets, TEST_OFFICE_ID } from '../helpers/db.js'
import { report } from '../db/fixtures.js'

const directory: DirectoryData = {
  county: '平川县',
  units: [
    { name: '县财政局', kind: 'dept', aliases: [] },
    { name: '县教育局', kind: 'dept', aliases: [] },
    { name: '县水务局', kind: 'dept', aliases: [] },
  ],
  groups: [],
  roles: [],
}

const body = `一、基础工作
1．编制全县校舍安全排查清单并逐校建立台账。（牵头单位：县教育局）
2．完成城区供水管网老旧管道改造一期工程。（牵头单位：县水务局；责任单位：县财政局）
3．落实义务教育阶段课后服务经费保障。（牵头单位：县财政局；责任单位：县教育局）`

const titled = (date: string) => `平川县2025年民生实事任务分解表\n${body}\n平川县人民政府办公室\n${date}印发`

async function importText(stores: Stores, text: string, fileName: string) {
  const book = await stores.tasks.loadBook()
  const prepared = prepareImport(parseTaskText(text, { file: fileName }), createUnitDirectory(book.directory), { name: fileName, contentHash: fileName })
  return stores.tasks.importTable(prepared.input)
}

/** Reports the active document's tasks show (what every reply and the export read). */
async function visibleReports(stores: Stores): Promise<number> {
  const book = await stores.tasks.loadBook()
  return (await stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })).length
}

async function reportEveryTask(stores: Stores): Promise<number> {
  const book = await stores.tasks.loadBook()
  const stored = await stores.progress.record(
    book.tasks.map((t, i) => report(t.id, t.assignments[0]!.target, { sourceMessageId: `m-${i}` })),
  )
  return stored.length
}

describe('version marks in file names and titles', () => {
  const renamed = [
    '任务分解表(1).xlsx',
    '任务分解表（1）.xlsx',
    '任务分解表（9月修订）.xlsx',
    '任务分解表 修订版.xlsx',
    '任务分解表-修订稿.xlsx',
    '任务分解表_v2.xlsx',
    '任务分解表第二版.docx',
    '任务分解表 - 副本.xlsx',
    '副本 - 任务分解表.xlsx',
    '任务分解表（修订）(1).csv',
    '任务分解表【最终版】.xlsx',
    '任务分解表(2025.9.15修改).xlsx',
  ]
  it('strips them cleanly, so every renamed copy is the same document', () => {
    const key = documentKey({ title: null, issuer: null, sourceName: '任务分解表.xlsx' })
    for (const name of renamed) expect(documentKey({ title: null, issuer: null, sourceName: name }), name).toBe(key)
    expect(stripVersionMarks('平川县2025年民生实事任务分解表（修订稿）')).toBe('平川县2025年民生实事任务分解表')
  })

  it('keeps what is not a version mark', () => {
    expect(stripVersionMarks('任务分解表（2025年）')).toBe('任务分解表(2025年)')
    expect(documentKey({ title: null, issuer: null, sourceName: '教育任务分解表.xlsx' })).not.toBe(
      documentKey({ title: null, issuer: null, sourceName: '任务分解表.xlsx' }),
    )
    // The title decides over the file name; the issuer is part of it.
    expect(documentKey({ title: '甲表', issuer: '平川县人民政府办公室', sourceName: 'a.xlsx' })).toBe(
      documentKey({ title: '甲表（修订）', issuer: '平川县人民政府办公室', sourceName: 'b.docx' }),
    )
    expect(documentKey({ title: '甲表', issuer: '平川县人民政府办公室', sourceName: 'a.xlsx' })).not.toBe(
      documentKey({ title: '甲表', issuer: '平川县教育局', sourceName: 'a.xlsx' }),
    )
  })
})

describe.each(dbTargets)('a revision is the same document on $name', (target) => {
  let database: Database | undefined
  afterEach(async () => database?.close())

  async function open(): Promise<Stores> {
    database = await target.open()
    const stores = createStores(database.db, TEST_OFFICE_ID)
    await stores.tasks.seedDirectory(directory)
    return stores
  }

  it('a changed 印发 date revises the document: no new document, every report still shown', async () => {
    const stores = await open()
    const first = await importText(stores, titled('2025年3月1日'), '民生实事.txt')
    expect(await reportEveryTask(stores)).toBe(3)
    const revised = await importText(stores, titled('2025年9月20日'), '民生实事（修订）.txt')
    expect(revised).toMatchObject({ documentId: first.documentId, documentCreated: false })
    expect((await stores.tasks.loadBook()).documents.map((d) => d.issuedOn)).toEqual(['2025-09-20'])
    expect(await visibleReports(stores)).toBe(3)
  })

  it('a table without title, issuer or date keeps its reports under every renamed copy of its file', async () => {
    const stores = await open()
    const first = await importText(stores, body, '任务分解表.xlsx')
    expect(await reportEveryTask(stores)).toBe(3)
    for (const name of ['任务分解表(1).xlsx', '任务分解表（9月修订）.xlsx', '任务分解表 修订版.xlsx', '任务分解表-修订稿.xlsx', '任务分解表 - 副本.xlsx']) {
      const r = await importText(stores, body, name)
      expect(r.documentId, name).toBe(first.documentId)
      expect(await visibleReports(stores), name).toBe(3)
    }
  })

  it('an untitled table with an issuer is that issuer’s document whatever the file is called and dated', async () => {
    const stores = await open()
    const signed = (date: string) => `${body}\n平川县人民政府办公室\n${date}印发`
    const first = await importText(stores, signed('2025年3月1日'), '000_5f2c9a.txt')
    expect(await reportEveryTask(stores)).toBe(3)
    const r = await importText(stores, signed('2025年9月20日'), '任务分解表（修订）.txt')
    expect(r).toMatchObject({ documentId: first.documentId, documentCreated: false })
    expect(await visibleReports(stores)).toBe(3)
  })

  it('another document is imported beside the first: no confirmation, both stay active with their reports', async () => {
    const stores = await open()
    await importText(stores, titled('2025年3月1日'), '民生实事.txt')
    await reportEveryTask(stores)
    const other = `平川县2025年教育重点任务分解表\n${body}\n平川县人民政府办公室\n2025年4月1日印发`
    const book = await stores.tasks.loadBook()
    const prepared = prepareImport(parseTaskText(other, { file: '教育.txt' }), createUnitDirectory(book.directory), { name: '教育.txt', contentHash: 'e' })
    const done = await stores.tasks.importTable(prepared.input)
    expect(done).toMatchObject({ applied: true, documentCreated: true, diff: { document: 'new', documentName: '教育', needsConfirmation: false } })
    expect(formatRevisionDiff(done.diff)[0]).toContain('简称“教育”')
    const after = await stores.tasks.loadBook()
    expect(after.documents.map((d) => [d.shortName, d.title])).toEqual([
      ['民生实事', '平川县2025年民生实事任务分解表'],
      ['教育', '平川县2025年教育重点任务分解表'],
    ])
    expect(after.tasks).toHaveLength(6)
    expect(await visibleReports(stores)).toBe(3)
  })

  it('a document stored under the old key format (issuer|date|title) is found again by its columns', async () => {
    const stores = await open()
    const first = await importText(stores, titled('2025年3月1日'), '民生实事.txt')
    await reportEveryTask(stores)
    const { sql } = await import('drizzle-orm')
    await database!.db.execute(sql`update documents set document_key = ${'平川县人民政府办公室|2025-03-01|平川县2025年民生实事任务分解表'}`)
    const again = await importText(stores, titled('2025年3月1日'), '民生实事.txt')
    expect(again).toMatchObject({ documentId: first.documentId, documentCreated: false })
    expect(await visibleReports(stores)).toBe(3)
  })
})
