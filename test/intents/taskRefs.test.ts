import { describe, expect, it } from 'vitest'
import { findTaskNumbers, findTaskRefSpans } from '../../src/intents/taskRefs.js'

describe('findTaskNumbers', () => {
  it.each<[string, number[]]>([
    ['第5项', [5]],
    ['5项已完成', [5]],
    ['任务41', [41]],
    ['任务 41 已完成', [41]],
    ['任务：41', [41]],
    ['第五十七项', [57]],
    ['第57项', [57]],
    ['第５７项', [57]],
    ['第 5 项', [5]],
    ['第十三项内容', [13]],
    ['第二十二项', [22]],
    ['第5条', [5]],
    ['第5项任务', [5]],
    ['第5个任务', [5]],
    ['序号12已完成', [12]],
    ['编号8', [8]],
    // lists
    ['1、2、5项已完成', [1, 2, 5]],
    // a bare N项 after punctuation, a bracket or a list marker is a task
    ['第5项已完成，6项正在推进', [5, 6]],
    ['【县司法局】5项已完成', [5]],
    ['收到；3项正在推进', [3]],
    ['第1、2、5项', [1, 2, 5]],
    ['第1,2项', [1, 2]],
    ['第1，2项', [1, 2]],
    ['第1、第2项', [1, 2]],
    ['第1项、第2项已完成', [1, 2]],
    ['第1项和第2项', [1, 2]],
    ['第1及第3项', [1, 3]],
    ['第一、二项', [1, 2]],
    ['任务5、6已完成', [5, 6]],
    ['第5项已完成，第6项正在推进', [5, 6]],
    // ranges
    ['13至16项', [13, 14, 15, 16]],
    ['13-16项', [13, 14, 15, 16]],
    ['13－16项', [13, 14, 15, 16]],
    ['第13到16项', [13, 14, 15, 16]],
    ['13~16项', [13, 14, 15, 16]],
    ['１３～１６项', [13, 14, 15, 16]],
    ['第13项至第16项', [13, 14, 15, 16]],
    ['第13—16项', [13, 14, 15, 16]],
    ['第13——16项', [13, 14, 15, 16]],
    ['第十三至十六项', [13, 14, 15, 16]],
    ['第1-3、5项', [1, 2, 3, 5]],
    // order of appearance, no repeats
    ['第6项已完成，第5项正在推进，第6项补充说明', [6, 5]],
    // structured report: the 1. 2. are list markers, not tasks
    ['【进度反馈】\n1.第5项：已完成\n2.第6项：正在推进', [5, 6]],
    ['1、第5项已完成\n2、第6项正在推进', [5, 6]],
    ['（1）第5项已完成', [5]],
  ])('%j -> %j', (text, expected) => {
    expect(findTaskNumbers(text)).toEqual(expected)
  })

  it.each([
    '预计11月底完成',
    '2022年底前',
    '6月30日',
    '完成70%',
    '完成百分之七十',
    '3个',
    '开展培训1次',
    '联系电话13800138000',
    '电话：0663-1234567',
    '共5项',
    '已完成5项',
    '还有2项正在推进',
    '其中3项已完成',
    '其中 3项已完成',
    '全县57项任务已完成30项，正在推进20项，未启动7项',
    '今年共有57项任务，我单位涉及12项',
    '我局牵头的3项任务已全部完成',
    '一项工作',
    '两项任务已完成',
    '第2页',
    '第一季度',
    '第二批',
    '任务一览',
    '任务2022年',
    '任务3个',
    '1.5项',
    '第2022-2023项',
    '收到',
    '',
  ])('%j has no task reference', (text) => {
    expect(findTaskNumbers(text)).toEqual([])
  })

  it('ignores numbers above 999 and zero', () => {
    expect(findTaskNumbers('第0项')).toEqual([])
    expect(findTaskNumbers('第1000项')).toEqual([])
  })

  it('does not expand a reversed range', () => {
    expect(findTaskNumbers('16至13项')).toEqual([16, 13])
  })

  it('keeps a too-wide range apart instead of cutting it to its two ends', () => {
    expect(findTaskNumbers('1至500项')).toEqual([])
    expect(findTaskNumbers('第1至999项')).toEqual([])
    const [span] = findTaskRefSpans('第1至999项、第3项已完成')
    expect(span!.numbers).toEqual([3])
    expect(span!.tooWide).toEqual([{ from: 1, to: 999 }])
    // 100 wide is still a range of tasks.
    expect(findTaskNumbers('第1至101项')).toHaveLength(101)
  })
})

describe('findTaskRefSpans', () => {
  it('gives offsets in the original text and joins adjacent references', () => {
    const text = '第１项、第２项已完成；３项正在推进'
    const spans = findTaskRefSpans(text)
    expect(spans.map((s) => s.numbers)).toEqual([[1, 2], [3]])
    expect(text.slice(spans[0]!.start, spans[0]!.end)).toBe('第１项、第２项')
    expect(text.slice(spans[1]!.start, spans[1]!.end)).toBe('３项')
  })

  it('keeps separate references apart when words stand between them', () => {
    expect(findTaskRefSpans('第5项已完成第6项正在推进').map((s) => s.numbers)).toEqual([[5], [6]])
  })
})
