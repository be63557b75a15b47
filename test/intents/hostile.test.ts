/**
 * Regressions found by fuzzing (test/fuzz): inputs that were quadratic in the parsers. The test
 * timeout is the bound; the assertions check that the answers stay right.
 */
import { describe, expect, it } from 'vitest'
import { findTaskNumbers } from '../../src/intents/taskRefs.js'
import { parseIntent } from '../../src/intents/parseIntent.js'
import { MAX_MESSAGE_CHARS } from '../../src/text.js'
import { parseReport } from '../../src/intents/report.js'
import { findExpectedDate } from '../../src/intents/expectedDate.js'
import { parseReferMsgXml } from '../../bot/quoteXml.js'

const now = new Date('2022-09-20T02:00:00Z')

describe('hostile input to the chat parsers', () => {
  it('a long list of numbers without 项 is read once, not once per item', () => {
    expect(findTaskNumbers('1、'.repeat(50_000))).toEqual([])
    expect(findTaskNumbers('第1、'.repeat(30_000))).toEqual([])
    // The same shape, ended by 项, is still a list; a reference after a failed list is still found.
    expect(findTaskNumbers('1、2、3项')).toEqual([1, 2, 3])
    expect(findTaskNumbers('1、2、3 以及第5项')).toEqual([5])
  })

  it('long digit and space runs stay linear in page, percent, due and date patterns', () => {
    const digits = '1'.repeat(9_000)
    expect(parseIntent(`第${digits}项已完成`, { mentioned: true, now }).type).toBeDefined()
    expect(parseReport(`第1项完成${digits}`, { now }).items).toHaveLength(1)
    expect(findExpectedDate(' '.repeat(9_000) + '预计12月底完成', now)?.date).toBe('2022-12-31')
    // The lookbehinds change nothing for ordinary text.
    expect(parseIntent('发改局有哪些任务 第2页', { mentioned: true, now })).toMatchObject({ type: 'unit_tasks', page: 2 })
    expect(parseReport('第5项完成70%', { now }).items[0]).toMatchObject({ tasks: [5], percent: 70 })
    expect(parseReport('第5项 完成 12.5%', { now }).items[0]).toMatchObject({ percent: 13 })
    expect(parseIntent('3天内到期的任务', { mentioned: true, now })).toMatchObject({ type: 'due_soon', withinDays: 3 })
    expect(parseIntent('十天内到期的任务', { mentioned: true, now })).toMatchObject({ type: 'due_soon', withinDays: 10 })
  })

  it('an oversized message is not parsed: unknown when addressed, ignored otherwise', () => {
    const big = '第1项已完成。'.repeat(MAX_MESSAGE_CHARS / 6 + 1)
    expect(parseIntent(big, { mentioned: true, now }).type).toBe('unknown')
    expect(parseIntent(big, { mentioned: false, now }).type).toBe('ignore')
    const report = parseReport('第1项已完成'.repeat(MAX_MESSAGE_CHARS / 6 + 1), { now })
    expect(report.items).toEqual([])
    expect(report.problems.join()).toContain('消息过长')
  })

  // Each of these took longer than the test timeout before (exponential: a hundred characters took
  // seconds, a few more minutes); the answers are those the old code gave on short versions.
  it('words that cut many ways (已经 = 已 + 经) are read in linear time', () => {
    // Filler in a report's note (已/进度反馈/进度/反馈…).
    expect(parseReport('第1项已完成，已' + '进度反馈'.repeat(2_400), { now }).items).toEqual([
      { tasks: [1], status: 'done', percent: null, expectedDate: null, note: null },
    ])
    const note = parseReport('第1项已完成，已' + '进度反馈'.repeat(2_400) + '度', { now }).items[0]?.note
    expect(note).toBe('已' + '进度反馈'.repeat(2_400) + '度')
    // The subject of a deadline question (有哪些 = 有 + 哪些).
    expect(parseIntent('县发改局' + '有哪些'.repeat(3_000) + '逾期', { mentioned: true, now })).toEqual({ type: 'overdue', unit: '县发改局' })
    expect(parseIntent('有哪些'.repeat(3_000) + '县逾期', { mentioned: true, now }).type).toBe('unknown')
    // Detail words in a question about a quoted reminder (是谁负责 = 是 + 谁负责).
    const quoted = { senderName: '督办助手', text: '第5项将于9月30日到期' }
    expect(parseIntent('是谁负责'.repeat(2_400) + '日？', { mentioned: true, now, quoted })).toEqual({ type: 'task_detail', number: 5, numbers: [5] })
    expect(parseIntent('是谁负责'.repeat(2_400) + '？', { mentioned: true, now, quoted })).toEqual({ type: 'task_detail', number: 5, numbers: [5] })
  })

  it('runs inside a message and repeated status words stay linear', () => {
    const run = ' '.repeat(9_000)
    expect(parseIntent(`县司法局${run}有哪些任务`, { mentioned: true, now })).toMatchObject({ type: 'unit_tasks', unit: '县司法局' })
    expect(parseIntent(`县司法局有哪些任务${run}x谢谢`, { mentioned: true, now }).type).toBe('unknown')
    expect(parseReport(`第1项已完成${'，'.repeat(9_000)}第2项正在推进`, { now }).items.map((i) => i.status)).toEqual(['done', 'in_progress'])
    expect(parseReport('第1项' + '√'.repeat(9_990), { now }).items).toEqual([{ tasks: [1], status: 'done', percent: null, expectedDate: null, note: null }])
    expect(findTaskNumbers(`第1项${'\t'.repeat(50_000)}x第2项`)).toEqual([1, 2])
  })

  it('quote XML without closing tags is read once, not once per opening tag', () => {
    expect(parseReferMsgXml('<msg>' + '<title>'.repeat(20_000))).toBeNull()
    expect(parseReferMsgXml('<msg><refermsg>' + '<content\t'.repeat(20_000) + '</refermsg>')).toEqual({ quoted: { senderName: null, text: '' }, reply: '' })
    expect(parseReferMsgXml('<msg>' + '<refermsg>'.repeat(20_000))).toBeNull()
    const content = '第5项'.repeat(20_000)
    expect(parseReferMsgXml(`<msg><appmsg><title>已完成</title><type>57</type><refermsg><displayname>张三</displayname><content>${content}</content></refermsg></appmsg></msg>`)).toEqual({
      quoted: { senderName: '张三', text: content },
      reply: '已完成',
    })
  })
})
