/**
 * The CLI as a user runs it: a PGlite directory of its own, JSON on stdout, one-line errors on
 * stderr. The commands run in-process through runCli (a process per call cost seconds of tsx
 * start-up, minutes for this file on a busy machine); two smoke tests run the real program.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../bot/cli.js'
import { reviseSeed } from './helpers/revisedSeed.js'
import { mergeBombXlsx } from './helpers/hostileFiles.js'

const ROOT = join(import.meta.dirname, '..')
const SEED = join(ROOT, 'seeds/000_3c54fac4c972c98b.txt')
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/seed-tasks.expected.json'), 'utf8'))
const work = mkdtempSync(join(tmpdir(), 'duban-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

type CliOptions = { dataDir?: string; stdin?: string; env?: Record<string, string> }
type CliRun = { code: number; stdout: string; stderr: string }

const envOf = (opts: CliOptions) => ({ ...process.env, DATA_DIR: opts.dataDir ?? join(work, 'data'), DATABASE_URL: '', ...opts.env })

/** The CLI in this process: same arguments, environment, stdin, stdout, stderr and exit code. */
async function cli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: envOf(opts),
    stdin: Readable.from(opts.stdin ? [opts.stdin] : []),
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  })
  return { code, stdout, stderr }
}

/** The real program, as `npm run cli` starts it. */
function spawnCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bot/cli.ts'), ...args],
      { cwd: ROOT, env: envOf(opts), maxBuffer: 20 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    )
    child.stdin?.end(opts.stdin ?? '')
  })
}

describe('npm run cli', { timeout: 120_000 }, () => {
  it('import --dry-run --json reproduces the expected parse of the seed table, field by field, writing nothing (a real process)', async () => {
    const dataDir = join(work, 'dry')
    // Smoke test of the program itself: nothing but the JSON on stdout (logs go to stderr).
    const r = await spawnCli(['import', '--dry-run', '--json', SEED], { dataDir })
    expect(r.code).toBe(0)
    const got = JSON.parse(r.stdout)
    expect(got.issued_on).toBe(FIXTURE.issued_on)
    expect(got.issuer).toBe(FIXTURE.issuer)
    expect(got.tasks.map((t: { number: number }) => t.number)).toEqual(FIXTURE.tasks.map((t: { number: number }) => t.number))
    FIXTURE.tasks.forEach((want: Record<string, unknown>, i: number) => {
      const task = got.tasks[i]
      for (const field of ['number', 'section', 'subsection', 'lead', 'responsible', 'guide', 'deadline']) {
        expect({ task: want.number, field, value: task[field] }).toEqual({ task: want.number, field, value: want[field] })
      }
    })
    expect(() => readFileSync(join(dataDir, 'pglite', 'PG_VERSION'))).toThrow()
  })

  it('imports once, lists any alias the same as the canonical name, and re-imports without duplicates', async () => {
    const first = await cli(['import', '--json', SEED])
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ tasksInserted: 58 })

    const list = async (unit: string) => JSON.parse((await cli(['tasks', '--unit', unit, '--json'])).stdout)
    // One process at a time: an embedded PGlite directory belongs to one process.
    const names = ['人社局', '县人力资源社会保障局', '县住房和城乡建设局', '县住房城乡建设局', '商务局', '县工业和信息化局', '县司法局']
    const lists: Record<string, { lead: number[]; responsible: number[]; via_group: Record<string, string> }> = {}
    for (const name of names) lists[name] = await list(name)
    const [rs, rsFull, zj, zjFull, sw, gx, sf] = names.map((n) => lists[n]!)
    expect(rs).toEqual(rsFull)
    expect(zj).toEqual(zjFull)
    expect(sw).toEqual(gx)
    expect(sf!.lead).toEqual([1, 2, 3, 10, 33])
    expect(sf!.responsible).toContain(4)
    expect(sf!.via_group['4']).toBe('县政府各部门')

    // Progress recorded between imports survives a re-import of the same and of a revised table.
    const report = await cli(['ask', '--as', '县司法局', '--json', '第1项已完成'])
    expect(JSON.parse(report.stdout).reports).toEqual([expect.objectContaining({ task: 1, status: 'done' })])
    const again = await cli(['import', '--json', SEED])
    expect(JSON.parse(again.stdout)).toMatchObject({ tasksInserted: 0, tasksUnchanged: 58 })
    const revisedPath = join(work, '任务分解表（修订）.txt')
    writeFileSync(revisedPath, readFileSync(SEED, 'utf8').replace('做好县政府规范性文件清理工作', '做好县政府规范性文件全面清理工作'))
    const revised = await cli(['import', '--json', revisedPath])
    expect(JSON.parse(revised.stdout)).toMatchObject({ tasksInserted: 0, tasksUpdated: 1 })
    const detail = JSON.parse((await cli(['ask', '--json', '@督办助手 第1项进度'])).stdout)
    // Under review (CLOSE_REQUIRES_REVIEW, on by default) until the office closes it.
    expect(detail.reply).toContain('县司法局：待审核')
    expect(detail.reply).toContain('全面清理')
  }, 120_000)

  it('a revision that removes a reported task: --dry-run shows the diff, import refuses without --confirm', async () => {
    // A ledger of its own: the seed, 县司法局's report on task 1, and a revision without task 1.
    const dataDir = join(work, 'revision')
    expect((await cli(['import', SEED], { dataDir })).code).toBe(0)
    expect((await cli(['ask', '--as', '县司法局', '第1项已完成'], { dataDir })).code).toBe(0)
    const path = join(work, '任务分解表-修订稿.txt')
    writeFileSync(path, reviseSeed({ remove: [1] }))

    const plan = await cli(['import', '--dry-run', path], { dataDir })
    expect(plan.code).toBe(0)
    expect(plan.stdout).toContain('（试导入，未写入）')
    expect(plan.stdout).toMatch(/删除.*原第1项 .*（已有 1 个单位报送进度）/)
    expect(plan.stdout).toContain('原第2至22项改为第1至21项')
    const planJson = JSON.parse((await cli(['import', '--dry-run', '--json', path], { dataDir })).stdout)
    expect(planJson.diff).toMatchObject({ document: 'revision', needsConfirmation: true, removed: [{ number: 1, reported: 1 }] })

    const refused = await cli(['import', path], { dataDir })
    expect(refused.code).toBe(3)
    expect(refused.stdout).toContain('未导入')
    expect(refused.stdout).toContain('--confirm')
    expect(JSON.parse((await cli(['tasks', '--json'], { dataDir })).stdout)).toHaveLength(58)

    const done = await cli(['import', '--confirm', '--json', path], { dataDir })
    expect(done.code).toBe(0)
    expect(JSON.parse(done.stdout)).toMatchObject({ applied: true, tasksRemoved: 1, tasksInserted: 0 })
    const detail = JSON.parse((await cli(['ask', '--json', '@督办助手 第1项进度'], { dataDir })).stdout)
    // The new task 1 (the old task 2) has no report: 县司法局's report stayed with the removed task.
    expect(detail.reply).toContain('做好县政府部门规范性文件清理工作')
    expect(detail.reply).not.toContain('县司法局：已完成')
  }, 120_000)

  it('ask --as answers like the chat and reads JSON lines from stdin', async () => {
    const one = JSON.parse((await cli(['ask', '--as', '县司法局', '--json', '@督办助手 我单位负责什么'])).stdout)
    expect(one.intent).toBe('my_tasks')
    expect(one.lead).toEqual([1, 2, 3, 10, 33])
    const lines = [
      { as: '人社局', text: '@督办助手 第二十四项谁负责' },
      { as: '县教育局', text: '今天天气不错' },
      { as: '县教育局', text: '@督办助手 第23项' },
    ]
    const r = await cli(['ask', '--json'], { stdin: lines.map((l) => JSON.stringify(l)).join('\n') })
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(out).toHaveLength(3)
    expect(out[0].task.number).toBe(24)
    expect(out[1]).toEqual({ intent: 'ignore' })
    expect(out[2]).toMatchObject({ intent: 'task_detail', error: 'unknown_task' })
  })

  it('ask --json from stdin stores a message with a lone surrogate (and a surrogate speaker name) like any other', async () => {
    // Written as the repro: the \ud83d escape reaches JSON.parse as a lone surrogate.
    const stdin = ['{"as":"县司法局","text":"@督办助手 帮助"}', '{"as":"县司法局","text":"@督办助手 第5项已完成\\ud83d"}', '{"as":"县司法局\\udc00","text":"第2项已完成"}'].join('\n')
    const r = await cli(['ask', '--json'], { stdin })
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(out).toHaveLength(3)
    expect(out[0].intent).toBe('help')
    expect(out[1]).toMatchObject({ intent: 'report', reports: [expect.objectContaining({ task: 5, status: 'done' })] })
    expect(out[1].reply).not.toContain('已暂存')
    // The speaker's name is cleaned too, and still found in the directory.
    expect(out[2]).toMatchObject({ intent: 'report', unit: '县司法局', reports: [expect.objectContaining({ task: 2 })] })
  })

  it('exports the ledger as xlsx, csv and json', async () => {
    for (const format of ['xlsx', 'csv', 'json']) {
      const out = join(work, `台账.${format}`)
      const r = await cli(['export', '--format', format, '--out', out])
      expect(r.code).toBe(0)
      expect(readFileSync(out).length).toBeGreaterThan(1000)
    }
    expect(readFileSync(join(work, '台账.csv'), 'utf8')).toContain('序号,工作任务,具体要求')
  })

  it('export --pdf without LibreOffice writes the xlsx and says the PDF was skipped', async () => {
    const out = join(work, '台账-无office.xlsx')
    const r = await cli(['export', '--out', out, '--pdf', '--json'], { env: { SOFFICE: join(work, 'no-such-soffice') } })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ file: out, pdf: null })
    expect(r.stderr).toContain('未找到 LibreOffice（soffice），未生成 PDF')
    expect(readFileSync(out).length).toBeGreaterThan(1000)
  })

  it('fails with one line, a non-zero exit and nothing written on bad input', async () => {
    const dataDir = join(work, 'bad')
    const empty = join(work, 'empty.txt')
    writeFileSync(empty, '')
    const binary = join(work, 'photo.txt')
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0xff]))
    const dup = join(work, 'dup.txt')
    writeFileSync(dup, '一、重点任务\n1. 做好甲工作。\n牵头单位：县司法局\n1. 做好乙工作。\n牵头单位：县财政局\n')
    const orphan = join(work, 'orphan.txt')
    writeFileSync(orphan, '一、重点任务\n1. 做好甲工作。\n2. 做好乙工作。\n牵头单位：县财政局\n')
    const cases: [string[], RegExp][] = [
      [['import', join(work, 'missing.txt')], /missing\.txt.*不存在/],
      [['import', empty], /empty\.txt/],
      [['import', binary], /photo\.txt/],
      [['import', dup], /dup\.txt:4.*重复|dup\.txt:4/],
      [['import', orphan], /orphan\.txt:2/],
      [['tasks', '--db', 'postgres://postgres@127.0.0.1:5999/nowhere'], /无法连接数据库/],
      [['tasks', '--unit', '县宇宙局'], /没有“县宇宙局”/],
    ]
    for (const [args, pattern] of cases) {
      const r = await cli(args, { dataDir })
      expect(r.code, args.join(' ')).not.toBe(0)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(pattern)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    // The failed imports wrote no tasks (the database exists from `tasks`, seeded from seeds/ only).
    const units = JSON.parse((await cli(['tasks', '--json'], { dataDir })).stdout)
    expect(units).toHaveLength(58)
  })

  it('a real process fails with one line on stderr and a non-zero exit, no stack trace', async () => {
    // Smoke test of the program's own exit path (runCli's answer becomes the exit code).
    const r = await spawnCli(['import', '--dry-run', join(work, 'missing.txt')], { dataDir: join(work, 'smoke') })
    expect(r.code).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^错误：.*missing\.txt.*不存在/)
    expect(r.stdout).toBe('')
    const usage = await spawnCli(['import'], { dataDir: join(work, 'smoke') })
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^错误：import 需要文件路径\n用法：/)
  })

  it('refuses a hostile .xlsx read in its worker at the memory limit, in one line, writing nothing', async () => {
    const bomb = join(work, '炸弹.xlsx')
    writeFileSync(bomb, await mergeBombXlsx())
    const dataDir = join(work, 'bomb')
    const r = await cli(['import', bomb], { dataDir, env: { IMPORT_PARSE_MEMORY_MB: '128', IMPORT_PARSE_SECONDS: '100' } })
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toMatch(/^错误：.*炸弹\.xlsx: 读取所需内存超过 128 MB，已停止：/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    const tasks = await cli(['tasks', '--json'], { dataDir })
    expect(JSON.parse(tasks.stdout)).toHaveLength(58)
  })
})
