import { afterEach, describe, expect, it } from 'vitest'
import { prepareImport, formatImportSummary } from '../../src/ledger/prepareImport.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import type { DirectoryData } from '../../src/units/model.js'
import { createStores } from '../../db/stores.js'
import type { Database } from '../../db/client.js'
import { dbTargets, TEST_OFFICE_ID } from '../helpers/db.js'

// Another county's directory, without the merged agencies' second names.
const directory: DirectoryData = {
  county: '连平县',
  units: [
    { name: '县工业和信息化局', kind: 'dept', aliases: [] },
    { name: '县财政局', kind: 'dept', aliases: [] },
    { name: '忠信镇', kind: 'town', aliases: [] },
  ],
  groups: [{ name: '各镇人民政府', kinds: ['town'], aliases: ['各镇'] }],
  roles: [],
}

const table = `连平县2024年数字政府建设任务分解表
一、夯实基础
1．推进工业互联网标识解析二级节点应用。（责任时限：2024年6月底前；牵头单位：县工业和信息化局（县商务局）；责任单位：县财政局、新能源局，各镇）
2．建立企业上云用云台账。
3．每季度通报各镇数字化转型进展。（县财政局牵头，忠信镇配合）
4．推进新能源汽车充电设施建设。（牵头单位：县新能源局；责任单位：县医保局）
5．做好医保信息公开。（牵头单位：县医疗保障局）
连平县人民政府办公室
2024年3月8日印发`

describe.each(dbTargets)('importing another county’s table on $name', (target) => {
  let database: Database | undefined
  afterEach(async () => database?.close())

  it('learns bracketed alternate names and new units, and the summary lists the new units', async () => {
    database = await target.open()
    const stores = createStores(database.db, TEST_OFFICE_ID)
    await stores.tasks.seedDirectory(directory)
    const parsed = parseTaskText(table, { file: '连平.txt' })
    const prepared = prepareImport(parsed, createUnitDirectory(directory), { name: '连平.txt', contentHash: 'h' })
    expect(prepared.json.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5])
    expect(prepared.json.tasks[0]).toMatchObject({
      lead: ['县工业和信息化局'],
      responsible: ['县财政局', '县新能源局', '各镇人民政府'],
      deadline: { kind: 'date', date: '2024-06-30' },
    })
    expect(prepared.json.tasks[1]).toMatchObject({ units_inherited_from: 1, lead: ['县工业和信息化局'] })
    expect(prepared.json.tasks[2]).toMatchObject({ lead: ['县财政局'], support: ['忠信镇'] })
    // One new unit per agency, however it is spelled across tasks.
    expect(prepared.summary.newUnits.map((u) => u.name)).toEqual(['县新能源局', '县医保局'])
    expect(prepared.json.tasks[4]!.lead).toEqual(['县医保局'])
    expect(formatImportSummary(prepared.summary)).toContain('请核对：县新能源局')

    const result = await stores.tasks.importTable(prepared.input)
    expect(result.tasksInserted).toBe(5)
    const book = await stores.tasks.loadBook()
    const dir = createUnitDirectory(book.directory)
    expect(dir.resolve('商务局')).toMatchObject({ type: 'unit', name: '县工业和信息化局' })
    expect(dir.resolve('县新能源局')).toMatchObject({ type: 'unit', name: '县新能源局' })
    expect(book.directory.units.find((u) => u.name === '县工业和信息化局')!.aliases).toEqual(['县商务局'])

    // Importing again adds the alias once, not twice.
    await stores.tasks.importTable(prepared.input)
    const again = await stores.tasks.loadBook()
    expect(again.directory.units.find((u) => u.name === '县工业和信息化局')!.aliases).toEqual(['县商务局'])
  })
})
