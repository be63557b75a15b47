import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { splitUnitList } from '../../src/units/split.js'
import { loadHuilai } from './helpers.js'

interface FixtureTask {
  number: number
  lead: string[]
  responsible: string[]
  guide: string[]
  lead_raw?: string[] | null
  responsible_raw?: string[] | null
  guide_raw?: string[] | null
}

const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/seed-tasks.expected.json', import.meta.url)), 'utf8'),
) as { tasks: FixtureTask[] }

const dir = loadHuilai()
const roles = ['lead', 'responsible', 'guide'] as const
const cases = fixture.tasks.flatMap((t) =>
  roles.map((role) => ({ n: t.number, role, raw: t[`${role}_raw`] ?? [], expected: t[role] })),
)

describe('seed table unit cells (惠来县)', () => {
  it('has the cells to check', () => {
    expect(fixture.tasks.length).toBe(58)
    expect(cases.filter((c) => c.raw.length > 0).length).toBeGreaterThan(80)
  })

  it.each(cases)('task $n $role resolves to the expected canonical units', ({ raw, expected }) => {
    const { resolved, newUnits } = dir.resolveList(raw)
    expect(resolved.map((r) => r.name)).toEqual(expected)
    expect(newUnits).toEqual([])
    expect(resolved.every((r) => r.type !== 'unit' || !r.isNew)).toBe(true)
  })

  it('splitting the printed cell of task 43 gives the fixture raw list', () => {
    const cell =
      '县发改局、公安局、民政局、财政局、人社局、自然资源局、住建局、农业农村局（乡村振兴局）、文广旅游体育局、卫生健康局、应急管理局、审计局、市场监管局（知识产权局）、政务服务数据管理局、税务局、国资中心，市生态环境局惠来分局，各镇人民政府（场）'
    const t43 = fixture.tasks.find((t) => t.number === 43)!
    expect(splitUnitList(cell)).toEqual(t43.responsible_raw)
  })

  it('groups and roles of the seed come back typed', () => {
    const { resolved } = dir.resolveList(['县政府各部门', '各镇人民政府（场）', '县级政务新媒体责任单位'])
    expect(resolved).toEqual([
      { type: 'group', name: '县政府各部门' },
      { type: 'group', name: '各镇人民政府（场）' },
      { type: 'role', name: '县级政务新媒体责任单位' },
    ])
  })
})
