/**
 * Fuzz: random revisions of the seed table (tasks removed, inserted, reordered and renumbered,
 * some reworded) never move a kept task onto another task: every kept task is matched to its own
 * stored row, whatever its new number.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { matchRevision, type StoredTask } from '../../src/ledger/revision.js'
import type { ImportTask } from '../../src/ledger/ports.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { ASSIGNMENT_ROLES } from '../../src/tasks/model.js'
import { params } from './hostile.js'
import { SEED_TABLE } from '../helpers/revisedSeed.js'

const seed = parseTaskText(readFileSync(SEED_TABLE, 'utf8'), { file: 'seed.txt' })
const pool: ImportTask[] = seed.tasks.map((t) => ({
  number: t.number,
  section: t.section,
  subsection: t.subsection,
  text: t.text,
  deadline: t.deadline,
  unitsInheritedFrom: null,
  assignments: ASSIGNMENT_ROLES.flatMap((role) => t[role].map((target) => ({ role, targetType: 'unit' as const, target }))),
}))

/** Small edits an office makes to a task's wording. */
const rewordings = [(s: string) => `${s}按月报送工作进展。`, (s: string) => s.replace(/。$/, '，并建立工作台账。'), (s: string) => s.replace('县', '全县')]

describe('matching revisions under fuzzing', () => {
  it('every kept task (same or reworded) is matched to its own row, under any renumbering', () => {
    const revision = fc.record({
      stored: fc.subarray(pool.map((_, i) => i), { minLength: 1 }),
      keep: fc.array(fc.boolean(), { minLength: pool.length, maxLength: pool.length }),
      insert: fc.subarray(pool.map((_, i) => i)),
      reword: fc.array(fc.nat(rewordings.length), { minLength: pool.length, maxLength: pool.length }),
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: pool.length * 2, maxLength: pool.length * 2 }),
    })
    fc.assert(
      fc.property(revision, ({ stored, keep, insert, reword, order }) => {
        const storedSet = new Set(stored)
        const rows: StoredTask[] = stored.map((i) => ({ ...pool[i]!, id: 1000 + i, retired: false }))
        const kept = stored.filter((i) => keep[i])
        const inserted = insert.filter((i) => !storedSet.has(i))
        const incoming = [
          ...kept.map((i) => ({ from: i, task: { ...pool[i]!, text: reword[i]! < rewordings.length ? rewordings[reword[i]!]!(pool[i]!.text) : pool[i]!.text } })),
          ...inserted.map((i) => ({ from: -1, task: pool[i]! })),
        ]
          .map((x, k) => ({ ...x, key: order[k]! }))
          .sort((a, b) => a.key - b.key)
          .map((x, k) => ({ from: x.from, task: { ...x.task, number: k + 1 } }))
        const m = matchRevision(rows, incoming.map((x) => x.task))
        const pairedTo = new Map(m.pairs.map((p) => [p.incoming.number, p.stored.id]))
        for (const x of incoming) if (x.from >= 0) expect(pairedTo.get(x.task.number), pool[x.from]!.text).toBe(1000 + x.from)
        expect(m.pairs.length + m.added.length).toBe(incoming.length)
        expect(m.pairs.length + m.retired.length).toBe(rows.length)
        expect(new Set(m.pairs.map((p) => p.stored.id)).size).toBe(m.pairs.length)
      }),
      params(200),
    )
  })
})
