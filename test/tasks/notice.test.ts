/** Task tables behind the notice that sends them out, and items numbered anew in each section (issue 13). */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import { TableParseError } from '../../src/tasks/model.js'
import { isPageFurniture, noticeLineKind, pageFurniture, planOfNoticeTitle } from '../../src/tasks/common.js'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/tables/${name}.txt`, import.meta.url), 'utf8')
const parse = (text: string) => parseTaskText(text, { file: 't.txt', calendar: weekdayCalendar })

describe('notice lines', () => {
  it('tells the notice from a title', () => {
    expect(noticeLineKind('某某市某某区人民政府办公室文件')).toBe('letterhead')
    expect(noticeLineKind('某区府办〔2023〕5号')).toBe('doc_number')
    expect(noticeLineKind('某政发[2023]2号')).toBe('doc_number')
    expect(noticeLineKind('签发人：张某')).toBe('doc_number')
    expect(noticeLineKind('请各牵头单位会同配合单位，')).toBe('preamble')
    expect(noticeLineKind('各镇政府，各街道办事处，县政府各部门：')).toBe('salutation')
    expect(noticeLineKind('现将《某县任务分解表》印发给你们，请认真贯彻落实。')).toBe('preamble')
    expect(noticeLineKind('特此通知')).toBe('preamble')
    expect(noticeLineKind('（此件公开发布）')).toBe('public_note')
    expect(noticeLineKind('(此件主动公开)')).toBe('public_note')
    expect(noticeLineKind('某某县人民政府办公室')).toBe('signature')
    expect(noticeLineKind('2023年3月8日')).toBe('signature')
    expect(noticeLineKind('某某县2023年政务公开工作任务分解表')).toBeNull()
    expect(noticeLineKind('某县贯彻落实《实施意见》重点任务分工方案')).toBeNull()
  })

  it('knows web page furniture', () => {
    expect(isPageFurniture('来源：某某县人民政府办公室　　发布时间：2023-05-12')).toBe(true)
    expect(isPageFurniture('标 题: | 关于印发…的通知 | |')).toBe(true)
    expect(isPageFurniture('• 索引号:')).toBe(true)
    expect(isPageFurniture('【字体：大 中 小】')).toBe(true)
    expect(isPageFurniture('责任单位：县司法局')).toBe(false)
    for (const line of ['打印本页', '关闭窗口', '扫一扫在手机打开当前页', '网站地图 | 联系我们', '主办单位：某某县人民政府办公室',
      '来源：某某县政府办　发布时间：2024-03-08　浏览次数：312', '粤ICP备12345678号', '您当前的位置：首页 > 政务公开', '【打印本页】【关闭窗口】']) {
      expect({ line, kind: pageFurniture(line) }).toEqual({ line, kind: 'web' })
    }
    // Page numbers are furniture of a printed page: they may fall inside a task, so they end nothing.
    expect(pageFurniture('— 3 —')).toBe('print')
    expect(pageFurniture('第2页 共5页')).toBe('print')
    expect(isPageFurniture('做好网站ICP备案管理工作。')).toBe(false)
    expect(isPageFurniture('网站地图编制工作')).toBe(false)
  })

  it('reads the plan a notice title sends out', () => {
    expect(planOfNoticeTitle('某县人民政府办公室关于印发《某县2024年工作要点》的通知')).toBe('某县2024年工作要点')
    expect(planOfNoticeTitle('关于印发某县2024年任务分工方案的通知')).toBe('某县2024年任务分工方案')
    expect(planOfNoticeTitle('某县2024年任务分工方案')).toBeNull()
  })
})

describe('a table behind its notice', () => {
  it('keeps every task after （此件公开发布） above the table', () => {
    const t = parse(fixture('notice-signature-above'))
    expect(t.tasks.map((x) => x.number)).toEqual([1, 2, 3])
    expect(t.tasks[2]?.text).toBe('出台政策文件同步发布解读材料。')
  })

  it('still ends the table at （此件公开发布） below it', () => {
    const t = parse('某县任务分解表\n1. 任务一。\n责任单位：县司法局\n（此件公开发布）\n某县人民政府办公室\n2024年3月8日\n')
    expect(t.tasks).toHaveLength(1)
    expect(t.tasks[0]?.responsible).toEqual(['县司法局'])
    expect(t).toMatchObject({ issuer: '某县人民政府办公室', issuedOn: '2024-03-08' })
  })

  it('leaves web page lines after the last task out of it', () => {
    const web = parse(fixture('notice-web-copy'))
    expect(web.tasks[2]?.text).toBe('编制发布政府信息公开工作年度报告。')
    const body = parse(fixture('notice-numbered-body'))
    expect(body.tasks[2]?.text).toBe('开展全民健身赛事活动不少于10场。')
  })
})

describe('items numbered anew in each section', () => {
  it('numbers in reading order and keeps the printed label', () => {
    const t = parse(fixture('notice-sections-restart'))
    expect(t.tasks.map((x) => [x.number, x.label])).toEqual([
      [1, '一、1'], [2, '一、2'], [3, '二、1'], [4, '二、2'], [5, '二、3'], [6, '三、1'],
    ])
    const p = parse(fixture('notice-restart-paren'))
    expect(p.tasks.map((x) => x.label)).toEqual(['一（1）', '一（2）', '二（1）', '二（2）', '二（3）'])
  })

  it('labels by subsection when the numbers restart under each （一）', () => {
    const t = parse('一、总体\n（一）甲\n1. 任务一。\n责任单位：县司法局\n（二）乙\n1. 任务二。\n责任单位：县财政局\n2. 任务三。\n责任单位：县财政局\n')
    expect(t.tasks.map((x) => [x.number, x.label])).toEqual([[1, '一（一）1'], [2, '一（二）1'], [3, '一（二）2']])
  })

  it('sets no label where numbers run straight through', () => {
    const t = parse(fixture('labelled-sections'))
    expect(t.tasks.every((x) => x.label === undefined)).toBe(true)
  })

  it('still refuses a number repeated within a section', () => {
    const e = (() => {
      try {
        parse('一、甲\n1. 任务一。\n责任单位：县司法局\n二、乙\n1. 任务二。\n责任单位：县财政局\n1. 又一个。\n责任单位：县财政局\n')
      } catch (err) {
        return err as TableParseError
      }
      throw new Error('parsed')
    })()
    expect(e.code).toBe('duplicate_number')
    expect(e.line).toBe(7)
  })
})
