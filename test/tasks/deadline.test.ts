import { describe, expect, it } from 'vitest'
import { findDeadlineInText, parseDeadline, type DeadlineContext } from '../../src/tasks/deadline.js'
import { chineseWorkCalendar, weekdayCalendar } from '../../src/tasks/calendar.js'

const ctx: DeadlineContext = { issuedOn: '2022-08-25', calendar: chineseWorkCalendar }
const noIssue: DeadlineContext = { issuedOn: null, calendar: chineseWorkCalendar }

describe('parseDeadline: periods resolve to their last day', () => {
  it.each([
    ['2022年底前', '2022-12-31'],
    ['年底前', '2022-12-31'],
    ['年内完成', '2022-12-31'],
    ['12月底前', '2022-12-31'],
    ['6月底前', '2022-06-30'],
    ['6月30日前', '2022-06-30'],
    ['2023年9月30日前', '2023-09-30'],
    ['三季度前', '2022-09-30'],
    ['第三季度末', '2022-09-30'],
    ['2023年第一季度', '2023-03-31'],
    ['上半年', '2022-06-30'],
    ['下半年完成', '2022-12-31'],
    ['2023年6月', '2023-06-30'],
    ['2023年2月', '2023-02-28'],
    ['2024年2月底前', '2024-02-29'],
    ['11月中旬', '2022-11-20'],
    ['十月底前', '2022-10-31'],
    ['二〇二三年三月底前', '2023-03-31'],
    ['２０２３年３月１５日前', '2023-03-15'],
    ['2023年', '2023-12-31'],
    ['2022-11-30', '2022-11-30'],
    ['2022/9/1', '2022-09-01'],
  ])('%s -> %s', (text, date) => {
    expect(parseDeadline(text, ctx)).toEqual({ kind: 'date', text, date })
  })

  it('keeps the whole cell as text and takes the last milestone', () => {
    const text = '2022年9月底前完成摸底，12月底前全面完成'
    expect(parseDeadline(text, ctx)).toEqual({ kind: 'date', text, date: '2022-12-31' })
  })

  it('rejects impossible dates instead of inventing one', () => {
    expect(parseDeadline('2月30日前', ctx)).toEqual({ kind: 'none', text: '2月30日前' })
  })
})

describe('parseDeadline: relative to the issue date', () => {
  it.each([
    ['本文印发30日内', '2022-09-24'],
    ['本方案印发之日起1个月内', '2022-09-25'],
    ['印发后三十日内', '2022-09-24'],
    ['两个月内', '2022-10-25'],
    ['半年内', '2023-02-25'],
    ['2周内', '2022-09-08'],
  ])('%s -> %s', (text, date) => {
    expect(parseDeadline(text, ctx)).toEqual({ kind: 'date', text, date })
  })

  it('counts working days on the holiday calendar (国庆 2022: 10-01..10-07 off, 10-08/09 make-up days)', () => {
    // From 2022-09-29 (Thu): 09-30 is day 1, the holiday is skipped, Sat 10-08 is a make-up working day.
    const d = parseDeadline('5个工作日内', { issuedOn: '2022-09-29', calendar: chineseWorkCalendar })
    expect(d).toEqual({ kind: 'date', text: '5个工作日内', date: '2022-10-11' })
    const plain = parseDeadline('5个工作日内', { issuedOn: '2022-09-29', calendar: weekdayCalendar })
    expect(plain.date).toBe('2022-10-06')
  })

  it('without an issue date, relative and year-less deadlines stay relative with their text', () => {
    expect(parseDeadline('本文印发30日内', noIssue)).toEqual({ kind: 'relative', text: '本文印发30日内' })
    expect(parseDeadline('年底前', noIssue)).toEqual({ kind: 'relative', text: '年底前' })
    expect(parseDeadline('10个工作日内', noIssue)).toEqual({ kind: 'relative', text: '10个工作日内' })
    // An explicit year needs no issue date.
    expect(parseDeadline('2023年6月底前', noIssue)).toEqual({ kind: 'date', text: '2023年6月底前', date: '2023-06-30' })
  })
})

describe('parseDeadline: recurring, ongoing, none', () => {
  it.each([
    ['每年', 'yearly'],
    ['每年度报送一次', 'yearly'],
    ['每半年', 'halfyearly'],
    ['每季度', 'quarterly'],
    ['每季度末前报送', 'quarterly'],
    ['每月10日前', 'monthly'],
    ['每个月', 'monthly'],
    ['每周', 'weekly'],
    ['按季度报送', 'quarterly'],
    ['每年6月底前', 'yearly'],
  ])('%s -> %s', (text, every) => {
    expect(parseDeadline(text, ctx)).toEqual({ kind: 'recurring', text, every })
  })

  it('a starting year does not turn a recurrence into a date', () => {
    expect(parseDeadline('2023年起每年开展一次', ctx)).toEqual({ kind: 'recurring', text: '2023年起每年开展一次', every: 'yearly' })
  })

  it('a starting month does not turn a recurrence into a date, nor is a date to start from a deadline', () => {
    expect(parseDeadline('2024年1月起每月', ctx)).toEqual({ kind: 'recurring', text: '2024年1月起每月', every: 'monthly' })
    expect(parseDeadline('2024年3月开始，每季度报送', ctx)).toMatchObject({ kind: 'recurring', every: 'quarterly' })
    expect(parseDeadline('2024年6月以后', ctx)).toEqual({ kind: 'none', text: '2024年6月以后' })
  })

  it('an explicit dated deadline beats a recurrence', () => {
    expect(parseDeadline('2022年底前完成，此后每季度更新', ctx)).toMatchObject({ kind: 'date', date: '2022-12-31' })
  })

  it.each(['持续推进', '长期坚持', '长期', '全年', '常态化'])('%s -> ongoing', (text) => {
    expect(parseDeadline(text, ctx)).toEqual({ kind: 'ongoing', text })
  })

  it('an empty cell or a dash is ongoing with no text', () => {
    expect(parseDeadline('', ctx)).toEqual({ kind: 'ongoing' })
    expect(parseDeadline('  \t', ctx)).toEqual({ kind: 'ongoing' })
    expect(parseDeadline('—', ctx)).toEqual({ kind: 'ongoing' })
  })

  it('anything else is kept as text', () => {
    expect(parseDeadline('按上级要求', ctx)).toEqual({ kind: 'none', text: '按上级要求' })
    expect(parseDeadline('根据  疫情形势', ctx)).toEqual({ kind: 'none', text: '根据 疫情形势' })
  })
})

describe('findDeadlineInText', () => {
  it('finds the seed phrasings', () => {
    expect(findDeadlineInText('2022年底前，做好县政府规范性文件清理工作。', ctx)).toEqual({
      kind: 'date', text: '2022年底前', date: '2022-12-31',
    })
    expect(findDeadlineInText('同时汇总当年面向农村的各类惠民惠农财政补贴资金实际发放结果，年底前将发放结果以村为单位公开', ctx))
      .toEqual({ kind: 'date', text: '年底前', date: '2022-12-31' })
    expect(findDeadlineInText('各地建立本地区、本系统2022年政务公开工作重点任务台账，并于本文印发30日内反馈县政府办公室。', ctx))
      .toEqual({ kind: 'date', text: '本文印发30日内', date: '2022-09-24' })
    expect(findDeadlineInText('领导小组要充分发挥统筹协调作用，每年至少召开一次会议，及时研究解决问题', ctx)).toEqual({
      kind: 'recurring', text: '每年至少召开一次会议', every: 'yearly',
    })
    expect(findDeadlineInText('主要负责同志每年至少听取1次政务公开工作汇报，专题研究部署。', ctx)).toEqual({
      kind: 'recurring', text: '每年至少听取1次', every: 'yearly',
    })
  })

  it('ignores dates and durations that do not set the task a deadline', () => {
    const none = { kind: 'ongoing' }
    expect(findDeadlineInText('建立本系统2022年政务公开工作重点任务台账', ctx)).toEqual(none)
    expect(findDeadlineInText('根据2022年8月印发的方案开展工作', ctx)).toEqual(none)
    expect(findDeadlineInText('收到申请后15个工作日内予以答复', ctx)).toEqual(none)
    expect(findDeadlineInText('确保政策解读、平台建设、常态化监测等工作顺利开展', ctx)).toEqual(none)
    expect(findDeadlineInText('持续推进反垄断和反不正当竞争执法信息公开工作', ctx)).toEqual(none)
    expect(findDeadlineInText('力争一年内见到成效', ctx)).toEqual(none)
  })

  it('reads other common phrasings', () => {
    expect(findDeadlineInText('6月底前完成摸底，9月30日之前全面完成整改', ctx)).toEqual({
      kind: 'date', text: '9月30日之前', date: '2022-09-30',
    })
    expect(findDeadlineInText('三季度前建成县级规范性文件库', ctx)).toMatchObject({ kind: 'date', date: '2022-09-30' })
    expect(findDeadlineInText('本方案印发之日起两个月内制定实施细则', ctx)).toEqual({
      kind: 'date', text: '本方案印发之日起两个月内', date: '2022-10-25',
    })
    expect(findDeadlineInText('每季度通报一次进展情况', ctx)).toEqual({
      kind: 'recurring', text: '每季度通报一次', every: 'quarterly',
    })
    expect(findDeadlineInText('于本文印发30日内报送', noIssue)).toEqual({ kind: 'relative', text: '本文印发30日内' })
  })
})
