/**
 * Task tables in the shapes offices publish them (issue 13): each shape is a table of our own in
 * test/fixtures/tables/<shape>.{txt,csv} — or built by test/fixtures/tables/<shape>.build.ts for
 * .docx/.xlsx, whose default export returns the file's bytes — with <shape>.expected.json beside it.
 * The expectation names only what matters for the shape (see Expected); every task is listed.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTaskFile } from '../../src/tasks/readers.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import type { Deadline, ParsedTable, ParsedTask } from '../../src/tasks/model.js'

const DIR = join(import.meta.dirname, '../fixtures/tables')

interface ExpectedTask {
  number: number
  /** The task text starts with this. */
  text?: string
  section?: string | null
  lead?: string[]
  responsible?: string[]
  support?: string[]
  guide?: string[]
  deadline?: Partial<Deadline>
  /** The task's note (columns kept as text, 阶段时限 of its steps); null for none. */
  note?: string | null
  /** The task whose units it shares (a merged or empty unit cell), or null. */
  unitsInheritedFrom?: number | null
  /** The line (text) or row (table) the task starts on. */
  line?: number
  /** The printed label where numbering restarts in each section (二（3）). */
  label?: string | null
}

interface Expected {
  /** Why this shape is here (what real documents do). */
  shape: string
  /** The file name given to the reader (its extension says nothing: the content decides). */
  file?: string
  title?: string | null
  issuer?: string | null
  issuedOn?: string | null
  tasks: ExpectedTask[]
  /** Every line or row reported as not understood (ParsedTable.unparsed). */
  unparsed?: { line: number; text: string; where?: string }[]
}

function shapes(): { name: string; expected: Expected; bytes: () => Promise<Uint8Array>; file: string }[] {
  if (!existsSync(DIR)) return []
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '')
      const expected = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Expected
      const source = readdirSync(DIR).find((g) => g.startsWith(`${name}.`) && !g.endsWith('.expected.json'))
      if (!source) throw new Error(`${f}: no table file beside it`)
      const bytes = source.endsWith('.build.ts')
        ? async () => ((await import(join(DIR, source))) as { default: () => Promise<Uint8Array> }).default()
        : async () => new Uint8Array(readFileSync(join(DIR, source)))
      const file = expected.file ?? source.replace(/\.build\.ts$/, '')
      return { name, expected, bytes, file }
    })
}

function pick(task: ParsedTask, want: ExpectedTask): ExpectedTask {
  const got: ExpectedTask = { number: task.number }
  if (want.text !== undefined) got.text = task.text.startsWith(want.text) ? want.text : task.text
  if (want.section !== undefined) got.section = task.section
  for (const role of ['lead', 'responsible', 'support', 'guide'] as const) if (want[role] !== undefined) got[role] = task[role]
  if (want.note !== undefined) got.note = task.note ?? null
  if (want.deadline !== undefined) {
    const d: Partial<Deadline> = {}
    for (const k of Object.keys(want.deadline) as (keyof Deadline)[]) (d as Record<string, unknown>)[k] = task.deadline[k]
    got.deadline = d
  }
  if (want.unitsInheritedFrom !== undefined) got.unitsInheritedFrom = task.unitsInheritedFrom
  if (want.line !== undefined) got.line = task.line
  if (want.label !== undefined) got.label = task.label ?? null
  return got
}

const all = shapes()

describe('task tables as offices publish them', () => {
  it('has shapes to read', () => {
    expect(all.length).toBeGreaterThan(0)
  })

  it.each(all.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const table: ParsedTable = await readTaskFile(await s.bytes(), s.file, { calendar: weekdayCalendar })
    for (const key of ['title', 'issuer', 'issuedOn'] as const) {
      if (s.expected[key] !== undefined) expect({ [key]: table[key] }).toEqual({ [key]: s.expected[key] })
    }
    if (s.expected.unparsed !== undefined) expect(table.unparsed).toEqual(s.expected.unparsed)
    expect(table.tasks.map((t) => t.number)).toEqual(s.expected.tasks.map((t) => t.number))
    expect(table.tasks.map((t, i) => pick(t, s.expected.tasks[i]!))).toEqual(s.expected.tasks)
  })
})
