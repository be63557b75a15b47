/**
 * Task tables of other counties and districts, formatted the way their offices write them: the parser
 * is for the family of documents, not for the seed alone.
 */
import { describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'

const parse = (text: string) => parseTaskText(text, { file: 't.txt', calendar: weekdayCalendar })

describe('trailers', () => {
  it('reads a signature without 印发 (issuer, then the date) under a label line, and full-width digits', () => {
    const t = parse(`揭西县２０２３年优化营商环境重点任务分解表
一、提升政务服务水平
１、全面推行政务服务事项“一网通办”。
牵头单位：县政务服务数据管理局
完成时限：１１月底前
２．推进“跨省通办”。
牵头单位：县政务服务数据管理局
配合单位：县公安局、县人社局

揭西县人民政府办公室
２０２３年３月８日
`)
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    expect(t.tasks[0]?.deadline).toEqual({ kind: 'date', text: '１１月底前', date: '2023-11-30' })
    // The issuer is not a 配合单位 of the last task.
    expect(t.tasks[1]?.support).toEqual(['县公安局', '县人社局'])
    expect(t.issuer).toBe('揭西县人民政府办公室')
    expect(t.issuedOn).toBe('2023-03-08')
  })

  it('reads issuer and date on one line without 印发, and an 印发 date written with spaces', () => {
    const one = parse('1. 任务一。\n责任单位：区政府办公室\n广州市天河区人民政府办公室　　2023年5月12日\n')
    expect(one).toMatchObject({ issuer: '广州市天河区人民政府办公室', issuedOn: '2023-05-12' })
    expect(one.tasks[0]?.responsible).toEqual(['区政府办公室'])

    const spaced = parse('1. 任务一。\n责任单位：县政府办公室\n公开方式：主动公开\n某某县人民政府办公室　　　 2023 年 8 月 15 日印发\n')
    expect(spaced).toMatchObject({ issuer: '某某县人民政府办公室', issuedOn: '2023-08-15' })
  })

  it('a date under an empty 完成时限 label is the deadline, not a signature', () => {
    const t = parse('1. 任务一。\n责任单位：县政府办公室\n完成时限：\n2024年9月30日\n')
    expect(t.issuedOn).toBeNull()
    expect(t.tasks[0]?.deadline).toEqual({ kind: 'date', text: '2024年9月30日', date: '2024-09-30' })
  })

  it('a bare date line ends the table only after the last task', () => {
    const t = parse(`1. 任务一。
责任单位：县政府办公室
2024年3月8日
2. 任务二。
责任单位：县财政局
`)
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2])
    expect(t.issuedOn).toBeNull()
  })
})

describe('unit and deadline values', () => {
  it('reads roles written into a 落实单位 value: X牵头，Y、Z配合', () => {
    const t = parse(`（1）健全防止返贫动态监测和帮扶机制。
落实单位：县乡村振兴局牵头，县民政局、县医保局配合
完成时限：持续推进
（2）落实住房和饮水安全保障政策。
落实单位：县住房和城乡建设局、县水务局
`)
    expect(t.tasks[0]).toMatchObject({ lead: ['县乡村振兴局'], support: ['县民政局', '县医保局'], responsible: [] })
    // 住房和饮水 in the text and 住房和城乡建设局 in the list are not split at 和.
    expect(t.tasks[1]?.responsible).toEqual(['县住房和城乡建设局', '县水务局'])
  })

  it('splits 和/及 between two complete unit names, and drops 等有关单位', () => {
    const t = parse('1. 开展联合执法。\n责任单位：县公安局和县交通运输局，县应急管理局等有关单位\n')
    expect(t.tasks[0]?.responsible).toEqual(['县公安局', '县交通运输局', '县应急管理局'])
  })

  it('trims zero-width marks and NBSP around labels and names (CR-only line ends)', () => {
    const t = parse('\ufeff1.\u00a0做好工作。\r牵头单位\u00a0：\u200b县司法局\u200b、县财政局\u200b\r完成时限 ： 2024年底前\r')
    expect(t.tasks[0]).toMatchObject({ text: '做好工作。', lead: ['县司法局', '县财政局'], deadline: { kind: 'date', date: '2024-12-31' } })
  })

  it('joins a deadline cell wrapped mid-phrase without a comma', () => {
    const t = parse(`1. 推进热线归并整合。
责任单位：县政务服务数据管理局
完成时限：2023年
10月底前
2. 完善知识库。
责任单位：县政务服务数据管理局
完成时限：2023年6月底前完成方案
2023年底前全面完成
`)
    expect(t.tasks[0]?.deadline).toEqual({ kind: 'date', text: '2023年10月底前', date: '2023-10-31' })
    expect(t.tasks[1]?.deadline).toMatchObject({ kind: 'date', date: '2023-12-31' })
  })
})

describe('sub-points inside a task', () => {
  it('（一）/（二） lines without punctuation under a task are its sub-points, not the next subsections', () => {
    const t = parse(`一、深化专项整治
（一）燃气安全
5. 开展城镇燃气安全专项整治，重点做好以下工作
（一）全面排查燃气管道老化问题
（二）推进瓶装液化气“气改管”
责任单位：县住房和城乡建设局
6. 开展消防安全专项整治。
（二）道路交通
7. 开展道路交通安全专项整治。
责任单位：县公安局
`)
    expect(t.tasks.map((x) => [x.number, x.subsection])).toEqual([
      [5, '（一）燃气安全'],
      [6, '（一）燃气安全'],
      [7, '（二）道路交通'],
    ])
    expect(t.tasks[0]).toMatchObject({
      text: '开展城镇燃气安全专项整治，重点做好以下工作（一）全面排查燃气管道老化问题（二）推进瓶装液化气“气改管”',
      responsible: ['县住房和城乡建设局'],
    })
    // Task 6 has no units of its own and shares task 5's; （二）道路交通 is the next subsection.
    expect(t.tasks[1]).toMatchObject({ unitsInheritedFrom: 5 })
  })
})

describe('large and odd input', () => {
  function bigTable(n: number, eol = '\n'): string {
    const lines = ['\ufeff某县重点任务分解表']
    for (let i = 1; i <= n; i++) {
      if (i % 100 === 1) lines.push(`${'一二三四五六七八九十'[Math.floor(i / 100) % 10]}、第${i}批任务`)
      lines.push(`${i}. 做好第${i}项工作，于2024年${(i % 12) + 1}月底前完成。`)
      if (i % 4 !== 0) lines.push(`牵头单位：县局${i % 50}`, `责任单位：县政府各部门，各镇人民政府（场）`)
    }
    lines.push('某县人民政府办公室  2024年1月5日印发')
    return lines.join(eol)
  }

  it('reads 2,000 tasks (numbers past 999 included) in linear time', () => {
    const started = performance.now()
    const t = parse(bigTable(2000, '\r\n'))
    const ms = performance.now() - started
    expect(t.tasks).toHaveLength(2000)
    expect(t.tasks.map((x) => x.number)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1))
    expect(t.tasks[1999]).toMatchObject({ text: '做好第2000项工作，于2024年9月底前完成。', unitsInheritedFrom: 1999 })
    expect(t.title).toBe('某县重点任务分解表')
    expect(t.issuedOn).toBe('2024-01-05')
    // Well under a second on a laptop. Only a hang bound (vitest cannot time out a synchronous
    // call): a speed bound failed on busy machines; a quadratic slide at 2,000 tasks takes minutes.
    expect(ms).toBeLessThan(30_000)
  })
})
