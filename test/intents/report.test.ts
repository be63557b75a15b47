import { describe, expect, it } from 'vitest'
import { parseReport, type ReportItem } from '../../src/intents/report.js'
import type { ReportStatus } from '../../src/ledger/ports.js'

/** Thursday 2022-09-15, 10:00 China time. */
const now = new Date('2022-09-15T10:00:00+08:00')

function one(text: string, quotedText?: string): ReportItem {
  const r = parseReport(text, { now, quotedText })
  expect(r.items, JSON.stringify(r)).toHaveLength(1)
  return r.items[0]!
}

describe('parseReport: statuses', () => {
  it.each<[string, ReportStatus]>([
    // done
    ['第1项已完成', 'done'],
    ['第1项完成了', 'done'],
    ['第1项已经完成', 'done'],
    ['第1项已落实', 'done'],
    ['第1项已办结', 'done'],
    ['第1项办结', 'done'],
    ['第1项已公开', 'done'],
    ['第1项已发布', 'done'],
    ['第1项已上报', 'done'],
    ['第1项已报送', 'done'],
    ['第1项已提交', 'done'],
    ['第1项已整改', 'done'],
    ['第1项已清理', 'done'],
    ['第1项落实到位', 'done'],
    ['第1项全部完成', 'done'],
    ['第1项已全部完成', 'done'],
    ['第13至16项均已落实', 'done'],
    ['第1项已按要求完成', 'done'],
    ['第1项已挂网公示', 'done'],
    ['第1项整改完毕', 'done'],
    ['第1项已印发实施', 'done'],
    ['第1项完成', 'done'],
    ['第1项：完成100%', 'done'],
    ['第1项已完成，无困难', 'done'],
    ['第3项：我局已于9月10日在门户网站公开清理结果', 'done'],
    ['第5项、第6项已经弄好了', 'done'],
    ['第5项已经做完了', 'done'],
    ['第12项 已完成', 'done'],
    ['第1项已全部完成，正在整理归档材料', 'done'],
    // in progress
    ['第1项正在推进', 'in_progress'],
    ['第1项进行中', 'in_progress'],
    ['第1项推进中', 'in_progress'],
    ['第1项已启动', 'in_progress'],
    ['第1项正在办理', 'in_progress'],
    ['第1项有序推进', 'in_progress'],
    ['第1项正在落实', 'in_progress'],
    ['第1项部分完成', 'in_progress'],
    ['第1项基本完成', 'in_progress'],
    ['第1项完成70%', 'in_progress'],
    ['第1项已完成80%', 'in_progress'],
    ['第1项未完成', 'in_progress'],
    ['第1项尚未完成', 'in_progress'],
    ['第1项还没完成', 'in_progress'],
    ['第1项仍未全部完成', 'in_progress'],
    ['第1项已完成初稿', 'in_progress'],
    ['第1项已完成方案起草，正在征求意见', 'in_progress'],
    ['第1项稳步推进', 'in_progress'],
    ['第1项整改中', 'in_progress'],
    ['第1项已开展', 'in_progress'],
    ['第1项完成过半', 'in_progress'],
    ['第1项预计11月底完成', 'in_progress'],
    // not started
    ['第1项未开始', 'not_started'],
    ['第1项尚未启动', 'not_started'],
    ['第1项还没开始', 'not_started'],
    ['第1项未启动', 'not_started'],
    ['第1项暂未开展', 'not_started'],
    ['第1项暂无进展', 'not_started'],
    ['第1项尚未开始，未完成', 'not_started'],
    ['第1项进度0%', 'not_started'],
    // blocked
    ['第1项遇到困难', 'blocked'],
    ['第1项需协调', 'blocked'],
    ['第1项需要县政府协调', 'blocked'],
    ['第1项存在困难', 'blocked'],
    ['第1项有困难', 'blocked'],
    ['第1项需要支持', 'blocked'],
    ['第1项受阻', 'blocked'],
    ['第1项正在推进，但资金不足', 'blocked'],
    ['第1项无法按期完成', 'blocked'],
    ['第1项推进缓慢，请求协调', 'blocked'],
    ['第1项已启动，遇到较大困难', 'blocked'],
  ])('%j -> %s', (text, status) => {
    expect(one(text).status).toBe(status)
  })

  it.each([
    ['第1项已完成，不存在问题', 'done'],
    ['第1项已完成，无需协调', 'done'],
    ['第1项正在推进，没有困难', 'in_progress'],
  ])('negated difficulty %j -> %s', (text, status) => {
    expect(one(text).status).toBe(status)
  })
})

describe('parseReport: several tasks in one message', () => {
  it('splits clauses at each task reference', () => {
    expect(parseReport('1、2项已完成；3项正在推进', { now })).toEqual({
      items: [
        { tasks: [1, 2], status: 'done', percent: null, expectedDate: null, note: null },
        { tasks: [3], status: 'in_progress', percent: null, expectedDate: null, note: null },
      ],
      problems: [],
    })
  })

  it('reads a 【进度反馈】 list with list markers', () => {
    const r = parseReport('【进度反馈】\n1.第5项：已完成\n2.第6项：正在推进，完成七成', { now })
    expect(r.items).toEqual([
      { tasks: [5], status: 'done', percent: null, expectedDate: null, note: null },
      { tasks: [6], status: 'in_progress', percent: 70, expectedDate: null, note: null },
    ])
    expect(r.problems).toEqual([])
  })

  it.each<[string, [number[], ReportStatus][]]>([
    ['第5项已完成，第6项正在推进', [[[5], 'done'], [[6], 'in_progress']]],
    ['第5项已完成第6项未启动', [[[5], 'done'], [[6], 'not_started']]],
    ['第4项正在推进，已完成第5项', [[[4], 'in_progress'], [[5], 'done']]],
    ['第5项\n第6项已完成', [[[5, 6], 'done']]],
    ['第1项、第2项、第3项均已完成', [[[1, 2, 3], 'done']]],
    ['第13项至第16项均已落实，第17项需协调', [[[13, 14, 15, 16], 'done'], [[17], 'blocked']]],
    ['（1）第5项已办结；（2）第6项推进中；（3）第7项未开始', [[[5], 'done'], [[6], 'in_progress'], [[7], 'not_started']]],
    ['一、第8项：已公开\n二、第9项：遇到困难', [[[8], 'done'], [[9], 'blocked']]],
    ['第５项已完成。第６项进行中。', [[[5], 'done'], [[6], 'in_progress']]],
    // a task named twice: the later clause wins
    ['第5项正在推进；第5项已完成', [[[5], 'done']]],
  ])('%j', (text, expected) => {
    const r = parseReport(text, { now })
    expect(r.items.map((it) => [it.tasks, it.status])).toEqual(expected)
  })
})

describe('parseReport: percent', () => {
  it.each<[string, number | null]>([
    ['第5项完成70%', 70],
    ['第5项完成７０％', 70],
    ['第5项进度70%', 70],
    ['第5项完成百分之七十', 70],
    ['第5项完成七成', 70],
    ['第5项完成八成以上', 80],
    ['第5项完成过半', 50],
    ['第5项完成一半', 50],
    ['第5项完成三分之二', 67],
    ['第5项完成65.4%', 65],
    ['第5项完成100%', 100],
    ['第5项总体进度约60%', 60],
    ['第5项计划完成80%，目前完成60%', 60],
    ['第5项完成60%，剩余40%', 60],
    ['第5项已完成，公开率达95%', null],
    ['第5项已完成，群众满意度98%', null],
    ['第5项正在推进', null],
  ])('%j -> %j', (text, percent) => {
    expect(one(text).percent).toBe(percent)
  })

  it('keeps a percent over 100 as written, for the recorder to reject', () => {
    const r = parseReport('第5项完成120%', { now })
    expect(r.items[0]?.percent).toBe(120)
    expect(r.problems).toEqual([])
  })

  it('keeps a minus glued to the percent, so 完成-5% is refused rather than stored as 5%', () => {
    expect(parseReport('第5项完成-5%', { now }).items[0]?.percent).toBe(-5)
    expect(parseReport('第5项完成－5％', { now }).items[0]?.percent).toBe(-5)
    // A dash between figures is a range, not a sign (the later figure counts, as in 计划80%，目前60%).
    expect(one('第5项完成60%-70%').percent).toBe(70)
    expect(one('第5项完成60% - 70%').percent).toBe(70)
  })

  it('a percent alone is enough for a status', () => {
    expect(one('第5项 60%')).toMatchObject({ status: 'in_progress', percent: 60 })
    expect(one('第5项：100%')).toMatchObject({ status: 'done', percent: 100 })
  })
})

describe('parseReport: expected date', () => {
  it.each<[string, string | null]>([
    ['第5项完成70%，预计11月底完成', '2022-11-30'],
    ['第5项正在推进，预计十一月底完成', '2022-11-30'],
    ['第5项预计12月15日前完成', '2022-12-15'],
    ['第5项预计12月15号完成', '2022-12-15'],
    ['第5项计划10月中旬完成', '2022-10-20'],
    ['第5项争取10月上旬办结', '2022-10-10'],
    ['第5项力争年底前完成', '2022-12-31'],
    ['第5项确保2023年3月底前完成', '2023-03-31'],
    ['第5项正在推进，月底前完成', '2022-09-30'],
    ['第5项下月底前完成', '2022-10-31'],
    ['第5项本月20日前完成', '2022-09-20'],
    ['第5项预计11.30前完成', '2022-11-30'],
    ['第5项下周五前完成', '2022-09-23'],
    ['第5项本周五前完成', '2022-09-16'],
    ['第5项10个工作日内完成', '2022-09-29'],
    ['第5项预计3天内完成', '2022-09-18'],
    ['第5项预计四季度完成', '2022-12-31'],
    ['第5项预计明年底完成', '2023-12-31'],
    // already past this year: next year
    ['第5项预计8月底完成', '2023-08-31'],
    ['第5项预计2月28日前完成', '2023-02-28'],
    // past facts are not expectations
    ['第5项已于6月30日完成', null],
    ['第5项6月份已完成', null],
    ['第5项已在8月底前完成', null],
    ['第5项已完成，6月30日已公开', null],
  ])('%j -> %j', (text, date) => {
    expect(one(text).expectedDate).toBe(date)
  })

  it('uses China time, not the server clock, for "today"', () => {
    // 2022-09-30 20:00 UTC is already 2022-10-01 in China: 月底 means the end of October.
    const r = parseReport('第5项月底前完成', { now: new Date('2022-09-30T20:00:00Z') })
    expect(r.items[0]?.expectedDate).toBe('2022-10-31')
  })
})

describe('parseReport: note', () => {
  it.each<[string, string | null]>([
    ['第1项已完成', null],
    ['第1项已完成。', null],
    ['我单位第5项目前均已完成', null],
    ['县司法局：第5项已完成', null],
    ['第5项工作已完成', null],
    ['第5项完成70%，预计11月底完成', null],
    ['第5项已完成，已在县政府门户网站公布', '已在县政府门户网站公布'],
    ['第1项已完成，清理结果已公布', '清理结果已公布'],
    ['第4项正在推进，已完成初稿', '已完成初稿'],
    ['第6项基本完成', '基本完成'],
    ['第5项已完成方案起草，正在征求意见', '已完成方案起草，正在征求意见'],
    ['第5项遇到困难，需县里协调资金', '需县里协调资金'],
    ['第5项正在推进，备注：涉及3个镇', '涉及3个镇'],
    ['第5项已完成，共清理规范性文件12件，保留10件', '共清理规范性文件12件，保留10件'],
    ['第5项已完成，公开率达95%', '公开率达95%'],
    ['关于第5项，我单位正在推进，目前完成约60%', null],
    ['第七项已按要求完成[强]', null],
    ['第5项已完成👍', null],
    ['收到，第5项我们正在推进', null],
    ['第5项持续推进中', null],
    ['第5项正在抓紧推进', null],
    ['第3项：我局已于9月10日在门户网站公开清理结果', '我局已于9月10日在门户网站公开清理结果'],
  ])('%j -> %j', (text, note) => {
    expect(one(text).note).toBe(note)
  })
})

describe('parseReport: quote replies', () => {
  it('takes the task from the quoted reminder', () => {
    expect(one('已完成', '【到期提醒】第5项请于6月底前反馈进度')).toEqual({
      tasks: [5], status: 'done', percent: null, expectedDate: null, note: null,
    })
  })

  it('applies to every task the quote names', () => {
    expect(one('均已落实', '以下任务即将到期：第5项、第6项').tasks).toEqual([5, 6])
  })

  it('prefers tasks written in the reply over the quote', () => {
    expect(one('第6项已完成', '第5项请反馈').tasks).toEqual([6])
  })

  it('keeps percent and date from the reply', () => {
    expect(one('正在推进，完成六成，预计10月底完成', '第5项请反馈')).toMatchObject({ status: 'in_progress', percent: 60, expectedDate: '2022-10-31' })
  })
})

describe('parseReport: problems', () => {
  it('a task without a status is reported as a problem, not an item', () => {
    const r = parseReport('第5项已完成，第6项材料已报县政府审定', { now })
    expect(r.items.map((i) => i.tasks)).toEqual([[5]])
    expect(r.problems).toEqual(['第6项未写明进展（已完成/正在推进/未开始/有困难）'])
  })

  it('a status without a task asks for the task number', () => {
    expect(parseReport('已完成', { now })).toEqual({ items: [], problems: ['未写明任务序号（如：第5项已完成）'] })
  })

  it('a range too wide to be task numbers is named, never cut to its two ends', () => {
    expect(parseReport('第1至999项已完成', { now })).toEqual({
      items: [],
      problems: ['第1至999项序号范围过大，请写明具体序号'],
    })
    const r = parseReport('第1-300项已完成，第7项正在推进', { now })
    expect(r.items).toEqual([expect.objectContaining({ tasks: [7], status: 'in_progress' })])
    expect(r.problems).toEqual(['第1至300项序号范围过大，请写明具体序号'])
  })

  it('nothing at all gives nothing', () => {
    expect(parseReport('收到', { now })).toEqual({ items: [], problems: [] })
  })

  it('a plan gives in_progress with the date, never done', () => {
    expect(one('第5项本周内完成')).toMatchObject({ status: 'in_progress', expectedDate: '2022-09-18' })
    expect(one('第5项尽快完成，下周内报送')).toMatchObject({ status: 'in_progress', expectedDate: '2022-09-25' })
  })

  it('plans and requests are not a done status', () => {
    expect(parseReport('第5项要完成', { now }).items).toEqual([])
    expect(parseReport('第5项请尽快落实', { now }).items).toEqual([])
  })
})

describe('parseReport: liaison phrasing', () => {
  it.each<[string, ReportStatus]>([
    ['第5项我们完成不了', 'blocked'],
    ['第5项办不完', 'blocked'],
    ['第5项暂缓实施', 'blocked'],
    ['第5项快完成了', 'in_progress'],
    ['第5项接近完成', 'in_progress'],
    ['第5项即将完成', 'in_progress'],
    ['第5项已完成前期准备工作', 'in_progress'],
    ['第5项已进入收尾阶段', 'in_progress'],
    ['第5项在做', 'in_progress'],
    ['第5项：常态化开展', 'in_progress'],
    ['第46项于8月30日印发', 'done'],
    ['第46项于8月30日前完成', 'done'],
    ['第32项已完成，第33项同上', 'done'],
    ['第3项 √', 'done'],
    ['第3项：OK', 'done'],
    ['第17项 ❌ 未开始', 'not_started'],
    ['第3项已全部整改到位', 'done'],
  ])('%j -> %s', (text, status) => {
    const r = parseReport(text, { now })
    expect(r.items.at(-1)?.status, JSON.stringify(r)).toBe(status)
  })

  it.each(['第5项务必马上完成', '第3项我们会按时完成', '第3项我们一定按时完成', '第3项保证全面完成', '第3项我们会按要求落实', '第5项 我们尽快完成'])(
    'a promise or an imperative is not progress: %j',
    (text) => {
      expect(parseReport(text, { now }).items).toEqual([])
    },
  )

  it('a checklist with marks gives each task its own status', () => {
    expect(parseReport('第15项 ✅\n第16项 🔄 进行中\n第17项 ❌ 未开始', { now }).items.map((i) => [i.tasks, i.status])).toEqual([
      [[15], 'done'], [[16], 'in_progress'], [[17], 'not_started'],
    ])
  })

  it('allows spaces around a date', () => {
    expect(one('第20项 进度 50%  预计 10.31 前完成')).toMatchObject({ percent: 50, expectedDate: '2022-10-31', note: null })
  })

  it('完成率 is the task progress; a required rate is not', () => {
    expect(one('第5项 完成率100%')).toMatchObject({ status: 'done', percent: 100, note: null })
    expect(parseReport('第5项的要求是完成率达到95%', { now }).items).toEqual([])
  })

  it('a past date after 于 is a fact, not next year', () => {
    expect(one('第46项于8月30日前完成').expectedDate).toBeNull()
    expect(one('第5项预计8月底完成').expectedDate).toBe('2023-08-31')
  })
})

describe('parseReport: questions inside a report', () => {
  it.each<[string, number[][]]>([
    ['第5项已完成，第6项还在推进，请问第7项是哪个单位牵头？', [[5], [6]]],
    ['第5项已完成。另外第6项我们不是牵头单位吧？', [[5]]],
    ['第3项完成了没有，第4项已完成', [[4]]],
    ['第5项已完成，第7项，请问是哪个单位牵头？', [[5]]],
    ['第5项是不是已经完成了', []],
    ['第5项完成了吗', []],
  ])('%j -> tasks %j', (text, tasks) => {
    const r = parseReport(text, { now })
    expect(r.items.map((i) => i.tasks)).toEqual(tasks)
    expect(r.problems).toEqual([])
  })

  it('a question that is not about the task stays in the note, out of the status', () => {
    expect(one('第5项已完成，是否需要报送纸质材料？')).toMatchObject({ status: 'done', note: '是否需要报送纸质材料' })
  })

  it('report words that look like questions are not', () => {
    expect(one('第5项没什么进展').status).toBe('not_started')
    expect(one('第5项已落实谁主管谁负责制度').status).toBe('done')
  })
})

describe('parseReport: note wrapping', () => {
  it.each<[string, string | null]>([
    ['各位领导好！县人社局第12项进展：已完成70%，预计11月底完成', null],
    ['县财政局进度反馈：\n1. 第8项已完成', null],
    ['县发改局：1.第26项已完成；2.第27项推进中', null],
    ['（一）第5项已完成', null],
    ['一是第5项已完成', null],
    ['5️⃣第5项已完成', null],
    ['收到！我单位第5项已按要求完成，请审阅', null],
    ['第5项截至目前已完成90%', null],
    ['第26项的工作已经完成', null],
    ['第26项→已完成', null],
    ['我局负责的第26项已经全部完成', null],
    ['第5项已完成，第6项还在推进', null],
    ['第8项已完成，（已报送县政府办）', '已报送县政府办'],
    ['第18项已完成（共5项整改措施）', '共5项整改措施'],
    ['第40项遇到困难，资金未到位，需要县财政局支持', '资金未到位，需要县财政局支持'],
    ['第9项已完成，培训时间：9.15', '培训时间：9.15'],
    ['第3项已完成√', null],
    ['@督办助手 第3项已完成', null],
  ])('%j -> %j', (text, note) => {
    expect(parseReport(text, { now }).items[0]?.note).toBe(note)
  })
})
