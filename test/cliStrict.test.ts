/**
 * `npm run cli -- import --strict`: a table with lines that became no task is refused (exit code 4)
 * before the ledger is opened, so nothing is written; without them it imports as usual. In-process
 * through runCli, as test/cli.test.ts does.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../bot/cli.js'

const ROOT = join(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'duban-strict-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

async function cli(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SEED_DIR: join(ROOT, 'seeds') },
    stdin: Readable.from([]),
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  })
  return { code, stdout, stderr }
}

const withStray = join(work, 'stray.txt')
writeFileSync(
  withStray,
  ['某某县2025年政务公开任务表', '一、公开重点', '本部分各项请于每季度末报送', '1. 公开部门预算。', '牵头单位：县财政局'].join('\n'),
)

describe('import --strict', { timeout: 120_000 }, () => {
  it('refuses a table with unparsed lines, names them, and creates no ledger', async () => {
    const dataDir = join(work, 'refused')
    const r = await cli(['import', '--strict', withStray], dataDir)
    expect(r.code).toBe(4)
    expect(r.stdout).toContain('未导入')
    expect(r.stdout).toContain('未识别的行：第3行“本部分各项请于每季度末报送”')
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false)

    const json = await cli(['import', '--strict', '--json', withStray], dataDir)
    expect(json.code).toBe(4)
    expect(JSON.parse(json.stdout)).toEqual({ applied: false, refused: 'unparsed', unparsed: [{ line: 3, text: '本部分各项请于每季度末报送' }] })
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false)
  })

  it('without --strict the dry run shows the same lines in its summary and JSON', async () => {
    const dataDir = join(work, 'dry')
    const r = await cli(['import', '--dry-run', withStray], dataDir)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('未识别的行：第3行“本部分各项请于每季度末报送”')
    const json = await cli(['import', '--dry-run', '--json', withStray], dataDir)
    expect(JSON.parse(json.stdout)).toMatchObject({ unparsed: [{ line: 3 }], units_inherited: 0 })
  })

  it('passes a table read in full (the seed) on to the import', async () => {
    const r = await cli(['import', '--strict', '--dry-run', '--json', join(ROOT, 'seeds/000_3c54fac4c972c98b.txt')], join(work, 'seed'))
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ task_count: 58, unparsed: [] })
  })
})
