import { describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import { TableParseError } from '../../src/tasks/model.js'

const parse = (text: string) => parseTaskText(text, { file: 't.txt', calendar: weekdayCalendar })

function parseError(text: string): TableParseError {
  try {
    parse(text)
  } catch (e) {
    if (e instanceof TableParseError) return e
    throw e
  }
  throw new Error('expected a TableParseError')
}

describe('parseTaskText: label layouts', () => {
  it('reads 配合单位/协办单位 as support and deadline label lines of every spelling', () => {
    const t = parse(`普宁市2024年优化营商环境重点任务分解表
一、提升政务服务效能
1、推行高效办成一件事。
牵头单位:市政务服务数据管理局
配合单位：市发展改革局、市市场监管局
完成时限：2024年6月底前
2、完善企业开办全程网办。
牵头单位：市市场监管局
协办单位：市税务局，市人力资源社会保障局
时限要求：三季度前
3、清理规范涉企收费。
责任单位：市发展改革局
完成时间：2024年9月30日前
4、建立营商环境投诉快速响应机制。
责任单位：市政务服务数据管理局
责任时限：持续推进
2024年3月1日印发
`)
    expect(t.title).toBe('普宁市2024年优化营商环境重点任务分解表')
    expect(t.issuedOn).toBe('2024-03-01')
    expect(t.issuer).toBeNull()
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2, 3, 4])
    expect(t.tasks[0]).toMatchObject({
      text: '推行高效办成一件事。',
      lead: ['市政务服务数据管理局'],
      support: ['市发展改革局', '市市场监管局'],
      responsible: [],
      deadline: { kind: 'date', text: '2024年6月底前', date: '2024-06-30' },
      section: '一、提升政务服务效能',
      subsection: null,
      line: 3,
    })
    expect(t.tasks[1]?.support).toEqual(['市税务局', '市人力资源社会保障局'])
    expect(t.tasks[1]?.deadline).toEqual({ kind: 'date', text: '三季度前', date: '2024-09-30' })
    expect(t.tasks[2]?.deadline).toEqual({ kind: 'date', text: '2024年9月30日前', date: '2024-09-30' })
    expect(t.tasks[3]?.deadline).toEqual({ kind: 'ongoing', text: '持续推进' })
  })

  it('takes a value from the next line(s) when the label line has none, and labels on one line', () => {
    const t = parse(`一、加强组织领导
1. 成立工作专班，统筹推进全县数字政府建设。
牵头单位：
县政务服务数据管理局
责任单位：
县发展改革局、
县财政局
2. 建立月调度机制。 牵头单位：县政府办公室 责任单位：县直各单位 完成时限：每月
3．编制年度工作计划。牵头单位：县政府办公室；完成时限：2024年3月底前
`)
    expect(t.tasks[0]).toMatchObject({ lead: ['县政务服务数据管理局'], responsible: ['县发展改革局', '县财政局'] })
    expect(t.tasks[1]).toMatchObject({
      text: '建立月调度机制。',
      lead: ['县政府办公室'],
      responsible: ['县直各单位'],
      deadline: { kind: 'recurring', text: '每月', every: 'monthly' },
    })
    expect(t.tasks[2]).toMatchObject({
      text: '编制年度工作计划。',
      lead: ['县政府办公室'],
      deadline: { kind: 'date', date: '2024-03-31' },
    })
  })

  it('keeps multi-line task text and odd indentation, and a cell deadline beats one in the text', () => {
    const t = parse(`\t  一、深化改革
\t（一）推进简政放权
\t1.\u00a0 全面梳理行政许可事项清单，
\t\t2023年底前完成清单动态调整。
\u3000\u3000牵头单位：县司法局

\t完成时限：2024年6月底前
`)
    expect(t.tasks[0]?.text).toBe('全面梳理行政许可事项清单，2023年底前完成清单动态调整。')
    expect(t.tasks[0]?.subsection).toBe('（一）推进简政放权')
    expect(t.tasks[0]?.deadline).toEqual({ kind: 'date', text: '2024年6月底前', date: '2024-06-30' })
  })
})

describe('parseTaskText: inline annotations', () => {
  it('reads labelled annotations after the item', () => {
    const t = parse(`二、扩大有效投资
（一）抓好项目建设
1. 加快推进重点项目前期工作，确保项目按期开工。（责任时限：2024年6月底前；牵头单位：县发改局；责任单位：各镇人民政府）
2. 争取超长期特别国债支持。（牵头单位：县发改局、县财政局；配合单位：县直有关单位）
某某县人民政府办公室　　　2024年1月5日印发
`)
    expect(t.tasks[0]).toMatchObject({
      text: '加快推进重点项目前期工作，确保项目按期开工。',
      lead: ['县发改局'],
      responsible: ['各镇人民政府'],
      deadline: { kind: 'date', text: '2024年6月底前', date: '2024-06-30' },
    })
    expect(t.tasks[1]).toMatchObject({
      text: '争取超长期特别国债支持。',
      lead: ['县发改局', '县财政局'],
      support: ['县直有关单位'],
      unitsInheritedFrom: null,
    })
    expect(t.issuer).toBe('某某县人民政府办公室')
  })

  it('reads verb annotations: X牵头，Y配合 / X负责 / X指导, before or after the full stop', () => {
    const t = parse(`1. 推进闲置低效用地盘活利用（县自然资源局牵头，县财政局、县住房城乡建设局配合）。
2. 开展安全生产大检查。（县应急管理局负责，2024年底前完成）
3. 规范村级财务管理（由县农业农村局指导，各镇人民政府按职责分工负责）
4. 做好村（居）务公开工作（场）。
责任单位：各镇人民政府
`)
    expect(t.tasks[0]).toMatchObject({
      text: '推进闲置低效用地盘活利用。',
      lead: ['县自然资源局'],
      support: ['县财政局', '县住房城乡建设局'],
    })
    expect(t.tasks[1]).toMatchObject({
      text: '开展安全生产大检查。',
      responsible: ['县应急管理局'],
      deadline: { kind: 'date', text: '2024年底前完成', date: '2024-12-31' },
    })
    expect(t.tasks[2]).toMatchObject({ guide: ['县农业农村局'], responsible: ['各镇人民政府'] })
    // Brackets that are not annotations stay in the text.
    expect(t.tasks[3]?.text).toBe('做好村（居）务公开工作（场）。')
    expect(t.tasks[3]?.responsible).toEqual(['各镇人民政府'])
  })

  it('reads an annotation on its own line', () => {
    const t = parse(`1. 推进政务数据共享。
（县政务服务数据管理局牵头，县直各单位配合）
2. 完善数据目录。
（县政务服务数据管理局负责）
`)
    expect(t.tasks[0]).toMatchObject({ text: '推进政务数据共享。', lead: ['县政务服务数据管理局'], support: ['县直各单位'] })
    expect(t.tasks[1]).toMatchObject({ responsible: ['县政务服务数据管理局'], unitsInheritedFrom: null })
  })
})

describe('parseTaskText: numbering and headings', () => {
  it('reads （1） numbering and 第X部分 / 第X章 headings', () => {
    const t = parse(`第一部分 总体要求
第一章 目标任务
（1）完成规划编制。
牵头单位：县自然资源局
（2）开展规划评估。
第二部分 保障措施
(3) 落实经费保障。
责任单位：县财政局
`)
    expect(t.tasks.map((x) => [x.number, x.section, x.subsection])).toEqual([
      [1, '第一章 目标任务', null],
      [2, '第一章 目标任务', null],
      [3, '第二部分 保障措施', null],
    ])
    expect(t.tasks[1]).toMatchObject({ lead: ['县自然资源局'], unitsInheritedFrom: 1 })
    expect(t.tasks[2]).toMatchObject({ responsible: ['县财政局'], unitsInheritedFrom: null })
  })

  it('treats sub-points inside a task as text, and 10.5亿元 is not an item', () => {
    const t = parse(`1. 做好以下工作：
（1）清理文件；
（2）公开结果。
10.5亿元专项资金按期拨付。
牵头单位：县司法局
2. 落实专项资金。
责任单位：县财政局
`)
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    expect(t.tasks[0]?.text).toBe('做好以下工作：（1）清理文件；（2）公开结果。10.5亿元专项资金按期拨付。')
  })

  it('（一） sub-points ending in punctuation stay in the task text; a bare 序号 line starts a task', () => {
    const t = parse(`一、深化改革
（一）优化审批
1. 重点做好以下工作：
（一）压减审批时限；
（二）推行告知承诺制。
牵头单位：县政务服务数据管理局
（二）加强监管
2
推行“双随机、一公开”监管。
牵头单位：县市场监管局
`)
    expect(t.tasks.map((x) => [x.number, x.subsection])).toEqual([
      [1, '（一）优化审批'],
      [2, '（二）加强监管'],
    ])
    expect(t.tasks[0]?.text).toBe('重点做好以下工作：（一）压减审批时限；（二）推行告知承诺制。')
    expect(t.tasks[1]).toMatchObject({ text: '推行“双随机、一公开”监管。', lead: ['县市场监管局'], line: 8 })
  })

  it('a new subsection heading resets nothing but the subsection; a new section clears it', () => {
    const t = parse(`一、甲
（一）子一
1. 任务一。
责任单位：县政府办公室
（二）子二
2. 任务二。
二、乙
3. 任务三。
`)
    expect(t.tasks.map((x) => [x.section, x.subsection])).toEqual([
      ['一、甲', '（一）子一'],
      ['一、甲', '（二）子二'],
      ['二、乙', null],
    ])
    expect(t.tasks.map((x) => x.unitsInheritedFrom)).toEqual([null, 1, 1])
  })

  it('reads an issuer on the line before the 印发 date, and trailer lines are never tasks', () => {
    const t = parse(`1. 任务一。
责任单位：县政府办公室
抄送：县委办公室。
1. 这一行在抄送之后。
某某县人民政府办公室
二〇二三年三月一日印发
`)
    expect(t.tasks).toHaveLength(1)
    expect(t.issuer).toBe('某某县人民政府办公室')
    expect(t.issuedOn).toBe('2023-03-01')
  })
})

describe('parseTaskText: errors name the file and line', () => {
  it('rejects an empty file', () => {
    const e = parseError(' \n\t\n')
    expect(e.message).toContain('文件为空')
    expect(e.code).toBe('empty')
    expect(e.file).toBe('t.txt')
  })

  it('rejects a table with no tasks', () => {
    const e = parseError('工作任务\n具体要求\n落实单位\n一、夯实基础\n')
    expect(e.message).toContain('未找到任务')
    expect(e.code).toBe('no_tasks')
  })

  it('rejects a duplicate task number with its line', () => {
    const e = parseError('1. 任务一。\n责任单位：县司法局\n2. 任务二。\n责任单位：县财政局\n2. 又一个任务二。\n责任单位：县财政局\n')
    expect(e.line).toBe(5)
    expect(e.message).toBe('t.txt:5: 任务编号重复：第2项（第3行已有）')
    expect(e.code).toBe('duplicate_number')
  })

  it('rejects a first task with no units', () => {
    const e = parseError('一、总体要求\n1. 任务一。\n完成时限：2024年底前\n2. 任务二。\n责任单位：县财政局\n')
    expect(e.line).toBe(2)
    expect(e.message).toContain('第1项任务没有落实单位')
    expect(e.code).toBe('no_units')
  })
})

describe('lines around and inside tasks that are no part of them (issue 13)', () => {
  it('reads 主要责任单位 as lead and 其他责任单位 as support', () => {
    const t = parse(['某县任务分解表', '1. 建设高标准农田。', '主要责任单位：县农业农村局', '其他责任单位：县财政局、县自然资源局'].join('\n'))
    expect(t.tasks[0]).toMatchObject({ lead: ['县农业农村局'], support: ['县财政局', '县自然资源局'] })
  })

  it('passes over a page number inside a task, but keeps a line of a task that looks like a portal footer', () => {
    const t = parse(
      ['某县任务分解表', '1. 规范政务公开，', '— 2 —', '做好答复工作。', '主办单位：县政府办公室', '牵头单位：县司法局', '2. 编制年度报告。', '牵头单位：县政府办公室'].join('\n'),
    )
    expect(t.tasks[0]!.text).toBe('规范政务公开，做好答复工作。主办单位：县政府办公室')
    expect(t.tasks[0]!.lead).toEqual(['县司法局'])
  })

  it('ends the table at a portal footer after the last task: nothing after it joins the task', () => {
    const t = parse(['某县任务分解表', '1. 做好公开工作。', '牵头单位：县司法局', '网站地图 | 联系我们', '承办单位：县政务服务数据管理局'].join('\n'))
    expect(t.tasks[0]).toMatchObject({ text: '做好公开工作。', lead: ['县司法局'], responsible: [] })
    expect(t.unparsed).toEqual([])
  })
})
