/** Issue 14 in the CLI: offices sharing one ledger, --office on every command, office add. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../bot/cli.js'

const ROOT = join(import.meta.dirname, '..')
const SEED = join(ROOT, 'seeds/000_3c54fac4c972c98b.txt')
const work = mkdtempSync(join(tmpdir(), 'duban-offices-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: { ...process.env, DATA_DIR: join(work, 'data'), DATABASE_URL: '', SEED_DIR: join(ROOT, 'seeds'), ...env },
    stdin: Readable.from([]),
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  })
  return { code, stdout, stderr }
}

describe('offices in the CLI', { timeout: 120_000 }, () => {
  it('adds a second office with its own directory; each command sees only the office it names', async () => {
    // The seed's office exists from the first command on.
    expect((await cli(['tasks', '--json'])).code).toBe(0)
    const units = JSON.parse(readFileSync(join(ROOT, 'seeds/huilai-units.json'), 'utf8')) as { county: string; units: { name: string }[] }
    const otherDir = join(work, 'pingchuan-units.json')
    writeFileSync(otherDir, JSON.stringify({ ...units, county: '平川县', units: units.units.slice(0, 20) }))

    // A directory of another place is refused for this one, and nothing is added.
    const wrong = await cli(['office', 'add', '揭西县', '--units', otherDir])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('属于“平川县”')
    const added = await cli(['office', 'add', '平川县', '--units', otherDir])
    expect(added.code).toBe(0)
    expect(added.stdout).toContain('已新增办公室：平川县人民政府办公室，单位名录 20 个单位')
    const list = JSON.parse((await cli(['offices', '--json'])).stdout) as { name: string }[]
    expect(list.map((o) => o.name)).toEqual(['惠来县人民政府办公室', '平川县人民政府办公室'])

    // The other office has its own directory, no seed table, and its own import.
    expect(JSON.parse((await cli(['units', '--json', '--office', '平川县'])).stdout).units).toHaveLength(20)
    expect(JSON.parse((await cli(['tasks', '--json', '--office', '平川'])).stdout)).toHaveLength(0)
    expect((await cli(['import', SEED, '--office', '平川县人民政府办公室'])).code).toBe(0)
    const theirs = JSON.parse((await cli(['tasks', '--json'], { OFFICE: '平川县' })).stdout) as unknown[]
    const ours = JSON.parse((await cli(['tasks', '--json'])).stdout) as unknown[]
    expect(theirs.length).toBe(ours.length)

    // A report in one office is not seen in the other.
    expect((await cli(['ask', '--as', '县司法局', '第1项已完成'])).code).toBe(0)
    const progress = async (office: string) => (await cli(['ask', '--json', '--as', '县司法局', '@督办助手 第1项进度', '--office', office])).stdout
    // Recorded, awaiting the office's 销号 review, in that office only.
    expect(await progress('惠来县')).toContain('县司法局：待审核')
    expect(await progress('平川县')).not.toContain('待审核')

    // A revision whose title changed is imported into the document the admin names, keeping its report.
    const retitled = join(work, 'retitled.txt')
    writeFileSync(retitled, `惠来县2022年政务公开工作要点任务分解表\n${readFileSync(SEED, 'utf8')}`)
    const into = JSON.parse((await cli(['import', retitled, '--into', '文件1', '--json'])).stdout)
    expect(into).toMatchObject({ applied: true, documentCreated: false, tasksInserted: 0, diff: { document: 'revision', documentName: '文件1' } })
    expect(await progress('惠来县')).toContain('县司法局：待审核')
    const missing = await cli(['import', retitled, '--into', '营商环境'])
    expect(missing.code).toBe(1)
    // Named from its title now that it has one (文件1 still means it).
    expect(missing.stderr).toContain('没有简称为“营商环境”的文件（现有：政务公开要点）')
    expect((await cli(['import', retitled, '--into', '文件1', '--dry-run', '--json'])).code).toBe(0)

    const unknown = await cli(['tasks', '--office', '普宁市'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('数据库中没有办公室“普宁市”（现有：惠来县人民政府办公室、平川县人民政府办公室）')
  })
})
