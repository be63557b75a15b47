import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
// The package's exports hide bin.cjs; it is the file `npx drizzle-kit` runs.
const drizzleKit = join(root, 'node_modules/drizzle-kit/bin.cjs')

describe('db/migrations', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('are up to date with db/schema.ts (drizzle-kit generate finds nothing to add)', () => {
    // Generate into a copy, so a stale migration folder fails here instead of being "fixed".
    dir = mkdtempSync(join(tmpdir(), 'duban-migrations-'))
    cpSync(join(root, 'db/migrations'), join(dir, 'm'), { recursive: true })
    const schema = relative(dir, join(root, 'db/schema.ts'))
    // drizzle-kit prefixes paths with './', so both are given relative to its cwd.
    writeFileSync(
      join(dir, 'cfg.mjs'),
      `export default { dialect: 'postgresql', schema: ${JSON.stringify(schema)}, out: './m' }\n`,
    )
    const before = readdirSync(join(dir, 'm')).sort()
    const output = execFileSync(process.execPath, [drizzleKit, 'generate', '--config', 'cfg.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    expect(output).toContain('No schema changes')
    expect(readdirSync(join(dir, 'm')).sort()).toEqual(before)
  }, 120_000) // a child process (drizzle-kit): generous for a busy machine
})
