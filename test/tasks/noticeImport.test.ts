/**
 * Issue 13, tried as a new user would: a county's task-division notice copied from its web page
 * (page furniture, notice title, salutation, preamble, issuer and date, （此件公开发布）, title, then
 * the list) imports with the right title, issue date, tasks and units; so does the same table saved
 * from Word as .docx (the notice as paragraphs above it, section bands and cells merged down). Read
 * through the parse API and through the CLI's dry run (in-process runCli; no ledger is created).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../bot/cli.js'
import { readTaskFile } from '../../src/tasks/readers.js'
import type { ParsedTable } from '../../src/tasks/model.js'
import { wordFile } from '../helpers/officeTables.js'

const ROOT = join(import.meta.dirname, '../..')
const work = mkdtempSync(join(tmpdir(), 'duban-notice-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const TITLE = '惠来县2025年优化营商环境重点任务分工'
const NOTICE_TITLE = `惠来县人民政府办公室关于印发${TITLE}的通知`
const SALUTATION = '各镇人民政府（场），县政府各部门、各直属机构：'
const PREAMBLE = `　　《${TITLE}》已经县人民政府同意，现印发给你们，请认真组织实施。实施中遇到的问题，请径向县发展和改革局反映。`
const ISSUER = '惠来县人民政府办公室'
const DATE = '2025年3月12日'

/** As copied from the county's web page: the list written out, units in labels and in brackets. */
const PAGE = [
  '首页 > 政务公开 > 政府文件',
  '【字体：大 中 小】　打印本页　关闭窗口',
  NOTICE_TITLE,
  '来源：惠来县人民政府办公室　发布时间：2025-03-14 10:00　浏览次数：356',
  SALUTATION,
  PREAMBLE,
  ISSUER,
  DATE,
  '（此件公开发布）',
  TITLE,
  '一、提升政务服务效能',
  '1. 推行企业开办全程网办，压缩办理时间至1个工作日。（县市场监督管理局牵头，县政务服务数据管理局、县税务局配合，2025年6月底前完成）',
  '2. 深化“一件事一次办”改革，新增联办事项10项。',
  '牵头单位：县政务服务数据管理局',
  '配合单位：县政府各部门',
  '完成时限：2025年12月底前',
  '3. 推进政务服务向镇村延伸。',
  '二、优化要素保障',
  '4. 健全重点项目用地保障机制。',
  '牵头单位：县自然资源局',
  '配合单位：县发展和改革局、各镇人民政府（场）',
  '完成时限：持续推进',
  '5. 落实援企稳岗政策：（1）发放稳岗返还资金；（2）开展“春风行动”招聘会不少于5场。',
  '牵头单位：县人力资源和社会保障局',
  '配合单位：县财政局、各镇人民政府（场）',
  '完成时限：2025年9月底前',
  '扫一扫在手机打开当前页',
  '主办单位：惠来县人民政府办公室　网站标识码：4452240000',
].join('\n')

/** The same notice saved from Word: its paragraphs above the table; bands, merged 序号/task and unit cells. */
const band = (text: string) => [{ text, span: 5 }]
const wordTable = () =>
  wordFile([
    NOTICE_TITLE,
    SALUTATION,
    PREAMBLE,
    ISSUER,
    DATE,
    '（此件公开发布）',
    '附件',
    TITLE,
    [
      ['序号', '工作任务', '牵头单位', '配合单位', '完成时限'],
      band('一、提升政务服务效能'),
      ['1', '推行企业开办全程网办，压缩办理时间至1个工作日。', '县市场监督管理局', '县政务服务数据管理局、县税务局', '2025年6月底前'],
      ['2', '深化“一件事一次办”改革，新增联办事项10项。', { text: '县政务服务数据管理局', merge: 'restart' }, { text: '县政府各部门', merge: 'restart' }, '2025年12月底前'],
      ['3', '推进政务服务向镇村延伸。', { merge: 'continue' }, { merge: 'continue' }, ''],
      band('二、优化要素保障'),
      ['4', '健全重点项目用地保障机制。', '县自然资源局', '县发展和改革局、各镇人民政府（场）', '持续推进'],
      [
        { text: '5', merge: 'restart' },
        { text: '落实援企稳岗政策：（1）发放稳岗返还资金；（2）开展“春风行动”招聘会不少于5场。', merge: 'restart' },
        { text: '县人力资源和社会保障局', merge: 'restart' },
        '县财政局',
        { text: '2025年9月底前', merge: 'restart' },
      ],
      [{ merge: 'continue' }, { merge: 'continue' }, { merge: 'continue' }, '各镇人民政府（场）', { merge: 'continue' }],
    ],
  ])

/** What both must give (units as printed; the import resolves them against the county's directory). */
const TASKS = [
  { number: 1, section: '一、提升政务服务效能', text: '推行企业开办全程网办', lead: ['县市场监督管理局'], support: ['县政务服务数据管理局', '县税务局'], deadline: { kind: 'date', date: '2025-06-30' }, unitsInheritedFrom: null },
  { number: 2, section: '一、提升政务服务效能', text: '深化“一件事一次办”改革', lead: ['县政务服务数据管理局'], support: ['县政府各部门'], deadline: { kind: 'date', date: '2025-12-31' }, unitsInheritedFrom: null },
  { number: 3, section: '一、提升政务服务效能', text: '推进政务服务向镇村延伸', lead: ['县政务服务数据管理局'], support: ['县政府各部门'], deadline: { kind: 'ongoing' }, unitsInheritedFrom: 2 },
  { number: 4, section: '二、优化要素保障', text: '健全重点项目用地保障机制', lead: ['县自然资源局'], support: ['县发展和改革局', '各镇人民政府（场）'], deadline: { kind: 'ongoing' }, unitsInheritedFrom: null },
  { number: 5, section: '二、优化要素保障', text: '落实援企稳岗政策：（1）发放稳岗返还资金；（2）开展“春风行动”招聘会不少于5场', lead: ['县人力资源和社会保障局'], support: ['县财政局', '各镇人民政府（场）'], deadline: { kind: 'date', date: '2025-09-30' }, unitsInheritedFrom: null },
]

function summary(table: ParsedTable) {
  return {
    title: table.title,
    issuer: table.issuer,
    issuedOn: table.issuedOn,
    unparsed: table.unparsed,
    tasks: table.tasks.map((t, i) => ({
      number: t.number,
      section: t.section,
      text: t.text.startsWith(TASKS[i]?.text ?? '\u0000') ? TASKS[i]?.text : t.text,
      lead: t.lead,
      support: t.support,
      deadline: t.deadline.kind === 'date' ? { kind: t.deadline.kind, date: t.deadline.date } : { kind: t.deadline.kind },
      unitsInheritedFrom: t.unitsInheritedFrom,
    })),
  }
}

const EXPECTED = { title: TITLE, issuer: ISSUER, issuedOn: '2025-03-12', unparsed: [], tasks: TASKS }

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: { ...process.env, DATA_DIR: join(work, 'data'), DATABASE_URL: '', SEED_DIR: join(ROOT, 'seeds') },
    stdin: Readable.from([]),
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  })
  return { code, stdout, stderr }
}

describe('a task-division notice as a county publishes it', { timeout: 120_000 }, () => {
  it('copied from its web page, reads with its title, issue date, tasks and units', async () => {
    const table = await readTaskFile(new TextEncoder().encode(PAGE), '营商环境任务分工.txt')
    expect(summary(table)).toEqual(EXPECTED)
  })

  it('saved from Word as .docx with merged cells, reads the same', async () => {
    const table = await readTaskFile(await wordTable(), '营商环境任务分工.docx')
    expect(summary(table)).toEqual(EXPECTED)
  })

  it('both import in a dry run with the county directory: every unit known, nothing unparsed, nothing written', async () => {
    const text = join(work, '营商环境任务分工.txt')
    const docx = join(work, '营商环境任务分工.docx')
    writeFileSync(text, PAGE)
    writeFileSync(docx, await wordTable())
    const runs = []
    for (const file of [text, docx]) {
      const r = await cli(['import', '--dry-run', '--json', file])
      expect({ file, code: r.code, stderr: r.stderr }).toEqual({ file, code: 0, stderr: '' })
      runs.push(JSON.parse(r.stdout))
    }
    for (const json of runs) {
      expect(json).toMatchObject({ title: TITLE, issuer: ISSUER, issued_on: '2025-03-12', task_count: 5, new_units: [], unparsed: [], units_inherited: 1 })
      expect(json.other_place).toBeUndefined()
      // Names as printed resolve to the directory's units (县市场监督管理局 is 县市场监管局 there).
      expect(json.tasks.map((t: { lead: string[]; support: string[] }) => [t.lead, t.support])).toEqual([
        [['县市场监管局'], ['县政务服务数据管理局', '县税务局']],
        [['县政务服务数据管理局'], ['县政府各部门']],
        [['县政务服务数据管理局'], ['县政府各部门']],
        [['县自然资源局'], ['县发展改革局', '各镇人民政府（场）']],
        [['县人力资源社会保障局'], ['县财政局', '各镇人民政府（场）']],
      ])
    }
    // Field for field the same import, but the deadline as printed (2025年6月底前完成 in the bracket, 2025年6月底前 in the cell).
    const asImported = (json: { tasks: { deadline: Record<string, unknown> }[] }) =>
      json.tasks.map((t) => ({ ...t, deadline: { ...t.deadline, text: undefined } }))
    expect(asImported(runs[1])).toEqual(asImported(runs[0]))
    // A dry run without a ledger opens none.
    expect(existsSync(join(work, 'data', 'pglite'))).toBe(false)
  })
})
