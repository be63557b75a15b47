import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import type { ParsedTable } from '../../src/tasks/model.js'

interface ExpectedTask {
  number: number
  section: string | null
  subsection: string | null
  text: string
  lead_raw: string[]
  responsible_raw: string[]
  guide_raw: string[]
  deadline: { kind: string; text?: string; date?: string; every?: string }
  units_inherited_from: number | null
}
interface Expected {
  issuer: string
  issued_on: string
  task_count: number
  tasks: ExpectedTask[]
}

const seedPath = new URL('../../seeds/000_3c54fac4c972c98b.txt', import.meta.url)
const fixturePath = new URL('../fixtures/seed-tasks.expected.json', import.meta.url)
const expected = JSON.parse(readFileSync(fixturePath, 'utf8')) as Expected
const table: ParsedTable = parseTaskText(readFileSync(seedPath, 'utf8'), {
  file: '000_3c54fac4c972c98b.txt',
  calendar: chineseWorkCalendar,
})

describe('the seed table (惠来县 2022 政务公开工作要点任务分解表)', () => {
  it('reads the trailer', () => {
    expect(table.issuer).toBe(expected.issuer)
    expect(table.issuedOn).toBe(expected.issued_on)
  })

  it('finds every task, skipping the missing 23, and nothing from repeated headings', () => {
    expect(table.tasks).toHaveLength(expected.task_count)
    expect(table.tasks.map((t) => t.number)).toEqual(expected.tasks.map((t) => t.number))
    expect(table.tasks.some((t) => t.number === 23)).toBe(false)
  })

  it.each(expected.tasks.map((t) => [t.number, t] as const))('task %i matches the fixture field by field', (n, want) => {
    const got = table.tasks.find((t) => t.number === n)
    expect(got).toBeDefined()
    if (!got) return
    expect(got.section).toBe(want.section)
    expect(got.subsection).toBe(want.subsection)
    expect(got.text).toBe(want.text)
    expect(got.lead).toEqual(want.lead_raw)
    expect(got.responsible).toEqual(want.responsible_raw)
    expect(got.guide).toEqual(want.guide_raw)
    expect(got.support).toEqual([])
    expect(got.deadline).toEqual(want.deadline)
    expect(got.unitsInheritedFrom).toBe(want.units_inherited_from)
  })

  it('records the line each task starts on', () => {
    const lines = readFileSync(seedPath, 'utf8').split('\n')
    for (const t of table.tasks) {
      expect(lines[t.line - 1]?.trim().startsWith(`${t.number}.`)).toBe(true)
    }
  })
})
