/**
 * Fuzz: unit resolution on random and hostile names never throws, answers with known names only, and
 * each call on 100 KB returns within the test's timeout.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createUnitDirectory } from '../../src/units/directory.js'
import { fixtureDirectory } from '../helpers/db.js'
import { bigText, hostileText, params, pathologicalInputs } from './hostile.js'

const dir = createUnitDirectory(fixtureDirectory())
const known = new Set([...dir.data.units.map((u) => u.name), ...dir.data.groups.map((g) => g.name), ...dir.data.roles.map((r) => r.name)])

function resolveAll(text: string): void {
  for (const r of [dir.resolve(text), dir.findInText(text)]) if (r) expect(known.has(r.name)).toBe(true)
  for (const s of dir.suggest(text, 3)) expect(known.has(s)).toBe(true)
  const list = dir.resolveList([text, text.slice(0, 50), ...text.split(/[、，；]/).slice(0, 20)])
  for (const u of list.newUnits) expect(u.name.length).toBeGreaterThan(0)
}

describe('unit resolution under fuzzing', () => {
  it('never throws on random hostile names', () => {
    fc.assert(fc.property(hostileText, (text) => resolveAll(text)), params(300))
  })

  // Names come from chat (at most MAX_MESSAGE_CHARS) or from one table cell, which may be 100 KB.
  it('never throws on 100 KB repetitions of hostile fragments', () => {
    fc.assert(fc.property(bigText, (text) => resolveAll(text)), params(6))
  }, 60_000)

  it.each(pathologicalInputs())('returns on a 100 KB input: %s', (_name, text) => {
    resolveAll(text)
  }, 30_000)

  it('suggests nothing for a name far longer than any in the directory, and still suggests for typos', () => {
    expect(dir.suggest('县司法局'.repeat(25_000), 3)).toEqual([])
    expect(dir.suggest('县司法句', 3)).toContain('县司法局')
  })
})
