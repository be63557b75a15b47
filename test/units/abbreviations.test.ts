import { describe, expect, it } from 'vitest'
import { AGENCY_ABBREVIATIONS } from '../../src/units/abbreviations.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import type { UnitDef } from '../../src/units/model.js'

const distractors: UnitDef[] = [
  { name: '县司法局', kind: 'dept', aliases: [] },
  { name: '县财政局', kind: 'dept', aliases: [] },
  { name: '惠城镇', kind: 'town', aliases: [] },
]

/** How a county directory would write an agency whose core is `core`. */
function countyName(core: string): string {
  return /县|^共青团/.test(core) ? core : `县${core}`
}

describe('AGENCY_ABBREVIATIONS', () => {
  it('is a real table: 60+ entries, unique abbreviations, non-empty full cores', () => {
    expect(AGENCY_ABBREVIATIONS.length).toBeGreaterThanOrEqual(60)
    const abbrevs = AGENCY_ABBREVIATIONS.map(([a]) => a)
    expect(new Set(abbrevs).size).toBe(abbrevs.length)
    for (const [a, fulls] of AGENCY_ABBREVIATIONS) {
      expect(a.length).toBeGreaterThanOrEqual(2)
      expect(fulls.length).toBeGreaterThan(0)
      expect(a.startsWith('县')).toBe(false)
    }
  })

  it.each(AGENCY_ABBREVIATIONS.map(([a, fulls]) => [a, fulls[0]!] as const))(
    '%s resolves to a county unit named after its first full core %s',
    (abbrev, full) => {
      const unit = countyName(full)
      const d = createUnitDirectory({
        county: '惠来县',
        units: [...distractors.filter((u) => u.name !== unit), { name: unit, kind: 'dept', aliases: [] }],
        groups: [],
        roles: [],
      })
      expect(d.resolve(abbrev)?.name).toBe(unit)
      expect(d.resolve(`县${abbrev}`)?.name ?? d.resolve(abbrev)?.name).toBe(unit)
      expect(d.findInText(`请问${abbrev}有哪些任务`)?.name).toBe(unit)
    },
  )

  it('keeps distinct agencies apart in a directory that has both', () => {
    const d = createUnitDirectory({
      county: '海丰县',
      units: [
        { name: '县科学技术局', kind: 'dept', aliases: [] },
        { name: '县工业和信息化局', kind: 'dept', aliases: [] },
        { name: '县自然资源局', kind: 'dept', aliases: [] },
        { name: '县林业局', kind: 'dept', aliases: [] },
        { name: '县水务局', kind: 'dept', aliases: [] },
        { name: '县卫生健康局', kind: 'dept', aliases: [] },
        { name: '县医疗保障局', kind: 'dept', aliases: [] },
        { name: '县委组织部', kind: 'party', aliases: [] },
        { name: '县委宣传部', kind: 'party', aliases: [] },
        { name: '县委办公室', kind: 'party', aliases: [] },
        { name: '县政府办公室', kind: 'dept', aliases: [] },
      ],
      groups: [],
      roles: [],
    })
    expect(d.resolve('科技局')?.name).toBe('县科学技术局')
    expect(d.resolve('工信局')?.name).toBe('县工业和信息化局')
    expect(d.resolve('自资局')?.name).toBe('县自然资源局')
    expect(d.resolve('林业局')?.name).toBe('县林业局')
    expect(d.resolve('水利局')?.name).toBe('县水务局')
    expect(d.resolve('卫健局')?.name).toBe('县卫生健康局')
    expect(d.resolve('医保局')?.name).toBe('县医疗保障局')
    expect(d.resolve('宣传部')?.name).toBe('县委宣传部')
    expect(d.resolve('县委办')?.name).toBe('县委办公室')
    expect(d.resolve('县府办')?.name).toBe('县政府办公室')
    expect(d.resolve('海丰县人民政府办公室')?.name).toBe('县政府办公室')
    expect(d.resolve('中共海丰县委办公室')?.name).toBe('县委办公室')
    expect(d.resolve('办公室')).toBeNull()
    expect(d.resolve('教育局')).toBeNull()
  })
})
