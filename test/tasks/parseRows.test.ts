import { describe, expect, it } from 'vitest'
import { parseTaskRows } from '../../src/tasks/parseRows.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import { TableParseError } from '../../src/tasks/model.js'

const opts = { file: 'rows.xlsx', calendar: weekdayCalendar }

describe('parseTaskRows', () => {
  it('finds the header below a title and maps columns by name', () => {
    const t = parseTaskRows(
      [
        ['揭西县2024年数字政府建设任务分解表', '', '', '', '', ''],
        ['序号', '工作任务', '具体措施', '牵头单位', '配合单位', '完成时限'],
        ['1', '一、夯实数字底座', '推进政务云扩容。', '县政务服务数据管理局', '县财政局、县发展改革局', '2024年6月底前'],
        ['2', '一、夯实数字底座', '完善电子政务外网。', '县政务服务数据管理局', '', '每季度'],
        ['3', '二、提升服务效能', '推行“高效办成一件事”。', '', '', ''],
      ],
      { ...opts, trailer: '揭西县人民政府办公室　　2024年3月8日印发' },
    )
    expect(t.title).toBe('揭西县2024年数字政府建设任务分解表')
    expect(t.issuer).toBe('揭西县人民政府办公室')
    expect(t.issuedOn).toBe('2024-03-08')
    expect(t.tasks[0]).toMatchObject({
      number: 1,
      section: '一、夯实数字底座',
      text: '推进政务云扩容。',
      lead: ['县政务服务数据管理局'],
      support: ['县财政局', '县发展改革局'],
      deadline: { kind: 'date', text: '2024年6月底前', date: '2024-06-30' },
      line: 3,
    })
    expect(t.tasks[1]?.deadline).toEqual({ kind: 'recurring', text: '每季度', every: 'quarterly' })
    expect(t.tasks[1]?.unitsInheritedFrom).toBeNull()
    // Empty unit cells share the units above.
    expect(t.tasks[2]).toMatchObject({ section: '二、提升服务效能', unitsInheritedFrom: 2, lead: ['县政务服务数据管理局'] })
  })

  it('uses merged-cell flags: a unit cell merged down is shared, a fresh equal cell is not', () => {
    const rows = [
      ['序号', '任务内容', '责任单位', '时限要求'],
      ['1', '开展专项整治。', '县公安局', '年底前'],
      ['2', '开展宣传教育。', '县公安局', '年底前'],
      ['3', '建立长效机制。', '县公安局', '长期坚持'],
    ]
    const merged = [
      [false, false, false, false],
      [false, false, false, false],
      [false, false, true, true],
      [false, false, false, false],
    ]
    const t = parseTaskRows(rows, { ...opts, merged, trailer: '2024年1月2日印发' })
    expect(t.tasks.map((x) => x.unitsInheritedFrom)).toEqual([null, 1, null])
    expect(t.tasks[1]?.deadline).toEqual({ kind: 'date', text: '年底前', date: '2024-12-31' })
    expect(t.tasks[2]?.deadline).toEqual({ kind: 'ongoing', text: '长期坚持' })
  })

  it('reads a two-row header, band rows as headings, numbers inside the text and a 落实单位 cell with labels', () => {
    const t = parseTaskRows(
      [
        ['工作任务', '具体要求', '落实单位', '落实单位'],
        ['工作任务', '具体要求', '牵头单位', '责任单位'],
        ['一、强化组织保障', '一、强化组织保障', '一、强化组织保障', '一、强化组织保障'],
        ['（一）健全机制', '1. 建立联席会议制度，每半年召开一次会议。', '县政府办公室', '县直各单位'],
        ['（一）健全机制', '2. 完善考核办法（县委组织部牵头，县政府办公室配合）', '', ''],
      ],
      opts,
    )
    expect(t.tasks[0]).toMatchObject({
      number: 1,
      section: '一、强化组织保障',
      subsection: '（一）健全机制',
      text: '建立联席会议制度，每半年召开一次会议。',
      lead: ['县政府办公室'],
      responsible: ['县直各单位'],
      deadline: { kind: 'recurring', text: '每半年召开一次会议', every: 'halfyearly' },
    })
    expect(t.tasks[1]).toMatchObject({
      number: 2,
      text: '完善考核办法',
      lead: ['县委组织部'],
      support: ['县政府办公室'],
      unitsInheritedFrom: null,
    })
  })

  it('splits labels inside a single 落实单位 column (the seed layout as a Word table)', () => {
    const t = parseTaskRows(
      [
        ['工作任务', '具体要求', '落实单位'],
        ['一、夯实政务公开工作基础\n（一）深化行政规范性文件集中公开', '1. 2022年底前，做好规范性文件清理工作。', '牵头单位：县司法局\n责任单位：县政府办公室，县政府规范性文件起草单位'],
        ['一、夯实政务公开工作基础\n（一）深化行政规范性文件集中公开', '2. 建设规范性文件库。', '指导单位：县财政局\n各镇人民政府（场）'],
      ],
      { ...opts, trailer: '惠来县人民政府办公室　　　2022年8月25日印发' },
    )
    expect(t.tasks[0]).toMatchObject({
      lead: ['县司法局'],
      responsible: ['县政府办公室', '县政府规范性文件起草单位'],
      deadline: { kind: 'date', text: '2022年底前', date: '2022-12-31' },
      subsection: '（一）深化行政规范性文件集中公开',
    })
    // An unlabelled line after a label continues that label.
    expect(t.tasks[1]).toMatchObject({ guide: ['县财政局', '各镇人民政府（场）'], responsible: [] })
  })

  it('numbers tasks without a 序号 column, and stops at the trailer', () => {
    const t = parseTaskRows(
      [
        ['重点任务', '责任单位', '完成时间'],
        ['编制国土空间规划', '县自然资源局', '2023年6月'],
        ['推进城乡供水一体化', '县水利局', '2023年12月31日前'],
        ['公开方式：主动公开', '', ''],
        ['抄送：县委办公室', '', ''],
      ],
      opts,
    )
    expect(t.tasks.map((x) => [x.number, x.text, x.deadline.date])).toEqual([
      [1, '编制国土空间规划', '2023-06-30'],
      [2, '推进城乡供水一体化', '2023-12-31'],
    ])
  })

  it('reports missing headers, duplicates and a first task without units', () => {
    const err = (rows: string[][]): TableParseError => {
      try {
        parseTaskRows(rows, opts)
      } catch (e) {
        if (e instanceof TableParseError) return e
        throw e
      }
      throw new Error('expected a TableParseError')
    }
    expect(err([['姓名', '电话'], ['张三', '123']]).message).toContain('未找到表头')
    expect(err([['姓名', '电话'], ['张三', '123']]).code).toBe('no_header')
    expect(err([['', ''], [' ', '']]).message).toContain('文件为空')
    expect(err([['', ''], [' ', '']]).code).toBe('empty')
    const dup = err([['序号', '任务内容', '责任单位'], ['1', '甲', '县司法局'], ['1', '乙', '县财政局']])
    expect(dup.line).toBe(3)
    expect(dup.message).toContain('任务编号重复')
    expect(dup.code).toBe('duplicate_number')
    const noUnits = err([['序号', '任务内容', '责任单位'], ['1', '甲', '']])
    expect(noUnits.line).toBe(2)
    expect(noUnits.code).toBe('no_units')
    expect(err([['序号', '任务内容', '责任单位']]).message).toContain('未找到任务')
    expect(err([['序号', '任务内容', '责任单位']]).code).toBe('no_tasks')
  })
})
