/** Unit lists as offices write them (issue 13, item 5) and annotations in any bracket (item 4). */
import { describe, expect, it } from 'vitest'
import { groupWordOrder, splitRunTogether, splitUnitList } from '../../src/units/split.js'
import { isZone } from '../../src/units/kind.js'
import { takeTrailingAnnotation } from '../../src/tasks/common.js'
import { loadHuilai, puning, tianhe } from './helpers.js'

describe('等… tails', () => {
  it('keeps the units named before 等 and drops the group the tail mentions', () => {
    expect(splitUnitList('区住建局、区市场监管局等相关区直部门')).toEqual(['区住建局', '区市场监管局'])
    expect(splitUnitList('区教育局等有关单位')).toEqual(['区教育局'])
    expect(splitUnitList('区应急管理局等区直有关部门')).toEqual(['区应急管理局'])
    expect(splitUnitList('县财政局等县直各有关单位')).toEqual(['县财政局'])
    expect(splitUnitList('市发改局等相关职能部门')).toEqual(['市发改局'])
  })

  it('leaves a group that is the whole name alone', () => {
    expect(splitUnitList('区直有关部门、各街道')).toEqual(['区直有关部门', '各街道'])
    expect(splitUnitList('等相关区直部门')).toEqual(['等相关区直部门'])
  })
})

describe('group word order', () => {
  it('writes 各区直部门 as 区直各部门, one group name', () => {
    expect(splitUnitList('各区直部门、各街道办事处')).toEqual(['区直各部门', '各街道办事处'])
    expect(groupWordOrder('各县直有关单位')).toBe('县直各有关单位')
    expect(groupWordOrder('各镇人民政府')).toBe('各镇人民政府')
  })

  it('resolves both orders to the directory group', () => {
    const d = tianhe()
    expect(d.resolve('各区直部门')?.name).toBe('区各有关单位')
    expect(d.resolve('区直各部门')?.name).toBe('区各有关单位')
    expect(loadHuilai().resolve('各县直部门')?.name).toBe(loadHuilai().resolve('县直各部门')?.name)
  })
})

describe('towns and zones', () => {
  it('keeps 各镇（办） and 各街道（功能区） as one name each', () => {
    expect(splitUnitList('各镇（办）、各街道（功能区）')).toEqual(['各镇（办）', '各街道（功能区）'])
  })

  it('tells a zone by its ending', () => {
    for (const z of ['经开区', '某某经济开发区', '某某高新技术产业开发区', '某某工业园区管委会', '某某经济开发区管委会']) expect(isZone(z)).toBe(true)
    for (const n of ['区财政局', '天河区', '某某镇']) expect(isZone(n)).toBe(false)
  })

  it('gives zones no level prefix, whatever the place: 经开区 and XX经济开发区 read alike', () => {
    for (const d of [tianhe(), puning(), loadHuilai()]) {
      const names = d.resolveList(['经开区', '某某经济开发区', '某某工业园区管委会']).resolved.map((r) => r.name)
      expect(names).toEqual(['经开区', '某某经济开发区', '某某工业园区管委会'])
    }
    // An own-level 县经开区 is the same zone as 经开区.
    expect(loadHuilai().resolveList(['县经开区', '经开区']).resolved.map((r) => r.name)).toEqual(['经开区'])
  })

  it('splits 和 before a zone', () => {
    expect(splitUnitList('县财政局和经开区')).toEqual(['县财政局', '经开区'])
  })
})

describe('names run together', () => {
  it('splits only where every half is a known agency', () => {
    expect(splitRunTogether('区发改局区财政局')).toEqual(['区发改局', '区财政局'])
    expect(splitRunTogether('县民政局县人社局县医保局')).toEqual(['县民政局', '县人社局', '县医保局'])
    expect(splitRunTogether('区委宣传部区委网信办')).toEqual(['区委宣传部', '区委网信办'])
  })

  it('keeps single names with 和 or an unknown half whole', () => {
    for (const n of ['县工业和信息化局', '区城市管理和综合执法局', '县住房和城乡建设局', '县某某局县财政局', '县融媒体中心', '某某经济开发区管委会']) {
      expect(splitRunTogether(n)).toEqual([n])
    }
  })
})

describe('names run together, against the directory', () => {
  it('splits a string only into names the directory knows, each later one starting as the first or a town', () => {
    const names = (d: ReturnType<typeof tianhe>, raw: string) => d.resolveList([raw]).resolved.map((r) => r.name)
    const t = tianhe()
    expect(names(t, '区府办区发展和改革局')).toEqual(['区政府办公室', '区发展和改革局'])
    expect(names(t, '石牌街道五山街道')).toEqual(['石牌街道', '五山街道'])
    expect(names(loadHuilai(), '县财政局县财政局')).toEqual(['县财政局'])
    const h = loadHuilai()
    for (const raw of ['县某某局县财政局', '县财政局国库集中支付中心']) {
      const r = h.resolveList([raw])
      expect(r.resolved.map((x) => x.name)).toEqual([raw])
      expect(r.newUnits.map((u) => u.name)).toEqual([raw])
    }
  })
})

describe('annotations in any bracket', () => {
  const units = (t: string) => takeTrailingAnnotation(t).annotation?.units ?? null

  it('reads 〔〕 【】 [] ［］ like （）', () => {
    const a = takeTrailingAnnotation('做好A工作。〔牵头单位：区政府办公室，责任单位：区政府有关部门，各街道（功能区）〕')
    expect(a.text).toBe('做好A工作。')
    expect(a.annotation?.units).toEqual({ lead: ['区政府办公室'], responsible: ['区政府有关部门', '各街道（功能区）'], guide: [], support: [] })
    expect(units('做好B工作【牵头单位：区财政局；配合单位：区税务局】')).toEqual({ lead: ['区财政局'], responsible: [], guide: [], support: ['区税务局'] })
    expect(units('做好C工作[区住建局牵头，区城管局配合]')).toEqual({ lead: ['区住建局'], responsible: [], guide: [], support: ['区城管局'] })
    expect(units('做好D工作［区民政局负责］')).toEqual({ lead: [], responsible: ['区民政局'], guide: [], support: [] })
  })

  it('keeps a nested name bracket in the name and a mismatched or plain bracket in the text', () => {
    expect(units('做好E工作〔牵头单位：县委宣传部（县新闻办）；配合单位：县融媒体中心〕')?.lead).toEqual(['县委宣传部（县新闻办）'])
    for (const t of ['加强县委宣传部（县新闻办）', '组织村（居）民', '学习《条例》', '做好F工作【重点】']) {
      expect(takeTrailingAnnotation(t)).toEqual({ text: t, annotation: null })
    }
  })
})
