/** The directory belongs to the document's place (issue 13, item 6). */
import { describe, expect, it } from 'vitest'
import { directoryForPlace, documentPlace, samePlace } from '../../src/units/place.js'
import { prepareImport } from '../../src/ledger/prepareImport.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { loadHuilai } from './helpers.js'

const t = (title: string | null, issuer: string | null = null) => ({ title, issuer })

describe('documentPlace', () => {
  it('reads the county-level place at the start of the issuer, else the title', () => {
    expect(documentPlace(t(null, '惠来县人民政府办公室'))).toBe('惠来县')
    expect(documentPlace(t(null, '中共惠来县委办公室'))).toBe('惠来县')
    expect(documentPlace(t('x', '鞍山市立山区人民政府'))).toBe('立山区')
    expect(documentPlace(t('连平县2024年数字政府建设任务分解表'))).toBe('连平县')
    expect(documentPlace(t('揭阳市2024年重点工作任务分工'))).toBe('揭阳市')
    expect(documentPlace(t('广东省惠来县2024年政务公开工作要点'))).toBe('惠来县')
    expect(documentPlace(t('连南瑶族自治县2024年工作要点'))).toBe('连南瑶族自治县')
    expect(documentPlace(t('某某区2024年任务分解', '某某区人民政府办公室'))).toBe('某某区')
  })

  it('finds none in titles that name no place', () => {
    for (const title of ['2024年政务公开工作要点', '市场监管局2024年工作要点', '全县2024年重点工作', '城区供水2024年改造任务', '区人民政府办公室关于印发…']) {
      expect(documentPlace(t(title))).toBeNull()
    }
  })

  it('compares places by name and level', () => {
    expect(samePlace('惠来县', '惠来县')).toBe(true)
    expect(samePlace('揭西县', '惠来县')).toBe(false)
    expect(samePlace('天河区', '天河县')).toBe(false)
  })
})

describe('directoryForPlace', () => {
  const huilai = loadHuilai()

  it('keeps the office directory for its own county, no place, or a placeholder of its level', () => {
    for (const table of [t('惠来县2024年任务分解表'), t('2024年任务分解表'), t('某某县2024年任务分解表')]) {
      expect(directoryForPlace(huilai, table)).toEqual({ dir: huilai, otherPlace: null })
    }
  })

  it('reads another place with its own prefix and none of this county’s aliases', () => {
    const other = directoryForPlace(huilai, t('揭西县2024年任务分解表'))
    expect(other.otherPlace).toBe('揭西县')
    // 县商务局 = 县工业和信息化局 is a fact of 惠来县 only.
    expect(huilai.resolve('县商务局')?.name).toBe('县工业和信息化局')
    expect(other.dir.resolveList(['县商务局']).resolved.map((r) => r.name)).toEqual(['县商务局'])
    const district = directoryForPlace(huilai, t('某某区2023年工作任务清单'))
    expect(district.otherPlace).toBe('某某区')
    expect(district.dir.resolveList(['财政局', '区发改局']).resolved.map((r) => r.name)).toEqual(['区财政局', '区发改局'])
  })

  it('makes a dry run of another county’s table say so and resolve nothing locally', () => {
    const table = parseTaskText('揭西县2024年招商工作任务分解表\n1. 建立招商项目库。\n牵头单位：县商务局\n配合单位：财政局\n')
    const own = prepareImport({ ...table, title: '惠来县2024年招商工作任务分解表' }, huilai, { name: 'a.txt', contentHash: 'a' })
    expect(own.json.tasks[0]!.lead).toEqual(['县工业和信息化局'])
    expect(own.summary.otherPlace).toBeUndefined()
    const other = prepareImport(table, huilai, { name: 'b.txt', contentHash: 'b' })
    expect(other.json.tasks[0]!.lead).toEqual(['县商务局'])
    expect(other.json.tasks[0]!.support).toEqual(['县财政局'])
    expect(other.summary.otherPlace).toBe('揭西县')
    expect(other.json.other_place).toBe('揭西县')
    expect('other_place' in own.json).toBe(false)
  })
})
