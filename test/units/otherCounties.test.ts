/** Unit names as other counties' tables print them, resolved against those counties' directories. */
import { describe, expect, it } from 'vitest'
import { guessUnitKind } from '../../src/units/kind.js'
import { lianan, loadHuilai, puning, tianhe } from './helpers.js'

describe('names other tables use', () => {
  it('石牌街 is 石牌街道, and a new 棠下街 is a town', () => {
    const d = tianhe()
    expect(d.resolve('石牌街')?.name).toBe('石牌街道')
    expect(d.resolve('五山街')?.name).toBe('五山街道')
    const r = d.resolveList(['石牌街', '沙河街', '棠下街'])
    expect(r.resolved.map((x) => x.name)).toEqual(['石牌街道', '沙河街道', '棠下街'])
    expect(r.newUnits).toEqual([{ name: '棠下街', kind: 'town', aliases: [] }])
  })

  it('a group is found however 各/有关/单位/部门 are worded', () => {
    const h = loadHuilai()
    for (const raw of ['县直各有关单位', '县直有关部门', '县直各部门', '县政府各有关单位', '县政府有关部门']) {
      expect(h.resolve(raw), raw).toEqual({ type: 'group', name: '县政府各部门' })
    }
    expect(tianhe().resolve('区直各有关部门')).toEqual({ type: 'group', name: '区各有关单位' })
    expect(puning().resolve('市直有关单位')).toEqual({ type: 'group', name: '市直各单位' })
    // A role that merely ends in 单位 stays itself.
    expect(h.resolve('县级政策文件制作单位')).toEqual({ type: 'role', name: '县级政策文件制作单位' })
  })

  it('城管执法局 abbreviates 城市管理和综合执法局', () => {
    expect(tianhe().resolve('区城管执法局')?.name).toBe('区城市管理和综合执法局')
    expect(puning().resolve('城管执法局')?.name).toBe('市城市管理和综合执法局')
  })

  it('a new local branch named after the county gets no county prefix', () => {
    const r = loadHuilai().resolveList(['县财政局', '人民银行惠来支行', '中国银行惠来支行'])
    expect(r.newUnits.map((u) => [u.name, u.kind])).toEqual([
      ['人民银行惠来支行', 'vertical'],
      ['中国银行惠来支行', 'enterprise'],
    ])
    // A bare new agency still gets the prefix.
    expect(lianan().resolveList(['林业局']).newUnits.map((u) => u.name)).toEqual(['县林业局'])
  })
})

describe('kinds of new units', () => {
  it('中国银行 and 中国移动 are enterprises; 国家/中国 bodies and 人民银行 are vertical', () => {
    expect(guessUnitKind('中国银行惠来支行')).toBe('enterprise')
    expect(guessUnitKind('中国移动惠来分公司')).toBe('enterprise')
    expect(guessUnitKind('中国人民银行惠来县支行')).toBe('vertical')
    expect(guessUnitKind('国家统计局惠来调查队')).toBe('vertical')
    expect(guessUnitKind('中国共产党惠来县委员会组织部')).toBe('party')
  })
})
