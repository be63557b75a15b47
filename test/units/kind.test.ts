import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { guessUnitKind, isCityBranch } from '../../src/units/kind.js'
import type { UnitKind } from '../../src/units/model.js'

const cases: Array<[string, UnitKind]> = [
  ['惠城镇', 'town'],
  ['大坝镇人民政府', 'town'],
  ['石牌街道办事处', 'town'],
  ['沙河街道', 'town'],
  ['龙门乡', 'town'],
  ['葵潭农场', 'farm'],
  ['大南山华侨管理区', 'farm'],
  ['县委组织部', 'party'],
  ['中共惠来县委宣传部', 'party'],
  ['县委统战部', 'party'],
  ['县委政法委', 'party'],
  ['县纪委监委', 'party'],
  ['县委编办', 'party'],
  ['区委', 'party'],
  ['惠来供电局', 'enterprise'],
  ['县城市建设投资有限公司', 'enterprise'],
  ['惠来农商银行', 'enterprise'],
  ['县交通投资集团', 'enterprise'],
  ['国家税务总局惠来县税务局', 'vertical'],
  ['县税务局', 'vertical'],
  ['县气象局', 'vertical'],
  ['汕头海关驻惠来办事处', 'vertical'],
  ['县烟草专卖局', 'vertical'],
  ['市邮政管理局', 'vertical'],
  ['市生态环境局惠来分局', 'vertical'],
  ['揭阳市公安局交通警察支队惠来大队分局', 'vertical'],
  ['县消防救援大队', 'vertical'],
  ['县司法局', 'dept'],
  ['县卫健委', 'dept'],
  ['县发展和改革局', 'dept'],
  ['县政府办公室', 'dept'],
  ['县国有资产管理中心', 'dept'],
  ['县市场监管局惠城分局', 'dept'],
  ['县人防办', 'dept'],
  ['县城市管理综合执法大队', 'dept'],
  ['县农业农村局（县乡村振兴局）', 'dept'],
  ['县妇联', 'other'],
  ['团县委', 'other'],
  ['县残联', 'other'],
  ['县人民法院', 'other'],
  ['县人大常委会办公室', 'other'],
  ['各镇人民政府（场）', 'other'],
  ['县人民医院', 'other'],
  ['', 'other'],
  ['🙂', 'other'],
]

describe('guessUnitKind', () => {
  it.each(cases)('%s -> %s', (name, kind) => {
    expect(guessUnitKind(name)).toBe(kind)
  })
})

describe('isCityBranch', () => {
  const CITY_BRANCH = /[省市州盟](?!场)[^镇乡]*?(局|委|中心)[^镇乡]*分(局|中心)$/

  it('answers what the cubic regex it replaced answered', () => {
    const name = fc.array(fc.constantFrom('市', '省', '州', '盟', '场', '局', '委', '中', '心', '中心', '分', '分局', '分中心', '镇', '乡', '惠来', 'x'), { maxLength: 14 }).map((a) => a.join(''))
    fc.assert(
      fc.property(name, (n) => {
        expect(isCityBranch(n)).toBe(CITY_BRANCH.test(n))
      }),
      { seed: 7, numRuns: 5_000 },
    )
    expect(isCityBranch('市生态环境局惠来分局')).toBe(true)
    expect(isCityBranch('市场监督管理局惠来分局')).toBe(false)
  })

  it('is linear in a long name (the regex took seconds at 10 KB and hours at 100 KB)', () => {
    expect(isCityBranch('州局'.repeat(50_000) + '分局')).toBe(true)
    expect(isCityBranch('州局'.repeat(50_000) + '镇分局')).toBe(false)
    expect(guessUnitKind('州局'.repeat(50_000) + '分局')).toBe('vertical')
  })
})
