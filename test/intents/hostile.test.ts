/**
 * Regressions found by fuzzing (test/fuzz): inputs that were quadratic in the parsers. The test
 * timeout is the bound; the assertions check that the answers stay right.
 */
import { describe, expect, it } from 'vitest'
import { findTaskNumbers } from '../../src/intents/taskRefs.js'
import { MAX_MESSAGE_CHARS, parseIntent } from '../../src/intents/parseIntent.js'
import { MAX_REPORT_CHARS, parseReport } from '../../src/intents/report.js'
import { findExpectedDate } from '../../src/intents/expectedDate.js'

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
    const report = parseReport('第1项已完成'.repeat(MAX_REPORT_CHARS / 6 + 1), { now })
    expect(report.items).toEqual([])
    expect(report.problems.join()).toContain('消息过长')
  })
})
