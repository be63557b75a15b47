/** Revisions of the seed table as an office makes them: items removed (the rest renumbered) or edited. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const SEED_TABLE = join(import.meta.dirname, '../../seeds/000_3c54fac4c972c98b.txt')
const ITEM = /^\t(\d+)\./

/**
 * The seed text without the `remove`d items, later items renumbered; `edit` sees every line kept,
 * with the item's original number on an item's first line (null on other lines).
 */
export function reviseSeed(opts: { remove?: number[]; edit?: (line: string, item: number | null) => string } = {}): string {
  const edit = opts.edit ?? ((line: string) => line)
  const out: string[] = []
  let skipping = false
  let removed = 0
  for (const line of readFileSync(SEED_TABLE, 'utf8').split('\n')) {
    const m = ITEM.exec(line)
    if (m) {
      const n = Number(m[1])
      skipping = opts.remove?.includes(n) ?? false
      if (skipping) removed++
      else out.push(edit(line.replace(ITEM, `\t${n - removed}.`), n))
      continue
    }
    // A removed item's unit lines (and blank lines) go with it; a heading ends it.
    if (skipping && (line.trim() === '' || /单位：/.test(line))) continue
    skipping = false
    out.push(edit(line, null))
  }
  return out.join('\n')
}
