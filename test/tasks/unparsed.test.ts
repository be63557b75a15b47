/**
 * Nothing is lost silently (issue 13): every line or row with text that becomes no task, heading,
 * title or trailer is in ParsedTable.unparsed with its number, and the import summary shows them.
 */
import { describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { parseTaskRows } from '../../src/tasks/parseRows.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import { formatImportSummary, prepareImport } from '../../src/ledger/prepareImport.js'
import { createUnitDirectory } from '../../src/units/directory.js'

const opts = { file: 't.txt', calendar: weekdayCalendar }

describe('unparsed lines in text', () => {
  it('reports stray lines before the first task and between sections, not the title, 附件, header, blanks or trailer', () => {
    const t = parseTaskText(
      [
        '附件1',
        '某某县2025年营商环境优化任务清单',
        '（2025年2月10日）',
        '填报说明：请各单位逐项对照落实',
        '',
        '序号  具体任务  牵头单位  完成时限',
        '一、提升政务服务效能',
        '1. 推行企业开办一日办结。',
        '牵头单位：县市场监督管理局',
        '二、优化要素保障',
        '本部分由县发展和改革局统筹',
        '2. 建立重点项目用地保障清单。',
        '牵头单位：县自然资源局',
        '',
        '某某县人民政府办公室',
        '2025年2月10日印发',
      ].join('\n'),
      opts,
    )
    expect(t.title).toBe('某某县2025年营商环境优化任务清单')
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    expect(t.unparsed).toEqual([
      { line: 4, text: '填报说明：请各单位逐项对照落实' },
      { line: 11, text: '本部分由县发展和改革局统筹' },
    ])
  })

  it('does not report a page number or the title repeated at the top of a page', () => {
    const t = parseTaskText(
      ['某县工作要点分解表', '一、总体', '1. 做好公开。', '责任单位：县政府办', '二、平台', '— 2 —', '某县工作要点分解表', '第2页 共3页', '2. 建好平台。', '责任单位：县政数局'].join('\n'),
      opts,
    )
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    expect(t.unparsed).toEqual([])
  })

  it('is empty for a table read in full', () => {
    const t = parseTaskText('某县工作要点分解表\n一、总体\n1. 做好公开。\n责任单位：县政府办\n某县人民政府办公室\n2024年3月8日印发', opts)
    expect(t.unparsed).toEqual([])
  })
})

describe('unparsed rows in tables', () => {
  it('reports a row with units but no task text, a lone 序号, rows above the header and a note band after the last task', () => {
    const t = parseTaskRows(
      [
        ['某某县2025年乡村振兴重点任务分工表', '', '', ''],
        ['（2025年3月1日）', '', '', ''],
        ['填报单位：（盖章）', '', '', ''],
        ['序号', '工作任务', '牵头单位', '完成时限'],
        ['一、产业发展', '一、产业发展', '一、产业发展', '一、产业发展'],
        ['1', '培育县级农业龙头企业5家。', '县农业农村局', '2025年12月底前'],
        ['', '', '县供销社', ''],
        ['2', '', '', ''],
        ['3', '建设冷链物流集配中心。', '县商务局', '2025年9月底前'],
        ['注：各单位每季度末报送进展', '注：各单位每季度末报送进展', '注：各单位每季度末报送进展', '注：各单位每季度末报送进展'],
      ],
      {
        file: 'r.xlsx',
        calendar: weekdayCalendar,
        merged: [[], [], [], [], [false, true, true, true], [], [], [], [], [false, true, true, true]],
      },
    )
    expect(t.tasks.map((x) => x.number)).toEqual([1, 3])
    expect(t.unparsed).toEqual([
      { line: 3, text: '填报单位：（盖章）' },
      { line: 7, text: '县供销社' },
      { line: 8, text: '2' },
      { line: 10, text: '注：各单位每季度末报送进展' },
    ])
  })

  it('keeps the sub-item text, deadline and units of a row under a merged 序号 cell', () => {
    const t = parseTaskRows(
      [
        ['序号', '工作任务', '具体措施', '责任单位', '完成时限'],
        ['1', '推进老旧小区改造', '（1）完成12个小区改造；', '县住房和城乡建设局', '2025年10月底前'],
        ['1', '推进老旧小区改造', '（2）同步建设电动自行车充电设施。', '县消防救援大队', '2025年12月底前'],
        ['2', '加强物业管理', '开展物业服务质量评价。', '县住房和城乡建设局', '每半年'],
      ],
      { file: 'r.docx', calendar: weekdayCalendar, merged: [[], [], [true, true, false, false, false], []] },
    )
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    expect(t.tasks[0]).toMatchObject({
      text: '（1）完成12个小区改造；（2）同步建设电动自行车充电设施。',
      responsible: ['县住房和城乡建设局', '县消防救援大队'],
      deadline: { text: '2025年10月底前，2025年12月底前' },
    })
    expect(t.unparsed).toEqual([])
  })
})

describe('cells spanning columns in a task row', () => {
  it('are read once, in the column they start in', () => {
    const t = parseTaskRows(
      [
        ['序号', '工作任务', '牵头单位', '配合单位', '完成时限', '备注'],
        ['1', '开发公益性岗位。', '县人社局', '县人社局', '每季度', '每季度'],
        ['2', '举办招聘会。', '县人社局', '县教育局', '2025年6月底前', '按月报送'],
      ],
      { file: 'r.docx', calendar: weekdayCalendar, merged: [[], [false, false, false, true, false, true], []] },
    )
    expect(t.tasks[0]).toMatchObject({ lead: ['县人社局'], support: [], deadline: { text: '每季度' } })
    expect(t.tasks[0]?.note).toBeUndefined()
    expect(t.tasks[1]).toMatchObject({ support: ['县教育局'], note: '备注：按月报送' })
  })
})

describe('the import summary', () => {
  const directory = createUnitDirectory({
    county: '某某县',
    units: [{ name: '县财政局', kind: 'dept', aliases: [] }],
    groups: [],
    roles: [],
  })

  it('lists unparsed lines (ten, then a count) and the tasks sharing the units above', () => {
    const strays = Array.from({ length: 12 }, (_, i) => `说明第${i + 1}条，供参考`)
    const text = ['某某县预算公开任务表', ...strays, '1. 公开部门预算。', '牵头单位：县财政局', '2. 公开部门决算。'].join('\n')
    const prepared = prepareImport(parseTaskText(text, opts), directory, { name: 't.txt', contentHash: 'x' })
    expect(prepared.summary.unparsed).toHaveLength(12)
    expect(prepared.summary.unitsInherited).toBe(1)
    expect(prepared.json.unparsed[0]).toEqual({ line: 2, text: '说明第1条，供参考' })
    expect(prepared.json.units_inherited).toBe(1)
    const summary = formatImportSummary(prepared.summary)
    expect(summary).toContain('未识别的行：第2行“说明第1条，供参考”；第3行“说明第2条，供参考”')
    expect(summary).toContain('第11行“说明第10条，供参考”；另有 2 行（共 12 行')
    expect(summary).not.toContain('第12行“')
    expect(summary).toContain('沿用上一项落实单位的任务（合并单元格或空单元格）1 项。')
  })

  it('says nothing of either when there is nothing to say', () => {
    const prepared = prepareImport(parseTaskText('表\n1. 公开预算。\n牵头单位：县财政局', opts), directory, { name: 't.txt', contentHash: 'x' })
    const summary = formatImportSummary(prepared.summary)
    expect(summary).not.toContain('未识别')
    expect(summary).not.toContain('沿用')
  })
})
