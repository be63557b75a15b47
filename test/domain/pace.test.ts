/** Issue 15, item 3: 序时进度 — a reported percent behind the elapsed share of working days is yellow. */
import { describe, expect, it } from 'vitest'
import { colourOf, colourSettingsFrom, type PairProgress } from '../../src/domain/colour.js'
import { chineseWorkCalendar, workdaysBetween } from '../../src/tasks/calendar.js'
import { formatDeadline } from '../../src/replies/tasks.js'

const task = { deadline: { kind: 'date' as const, date: '2022-12-31', text: '2022年底前' }, since: '2022-08-25' }
const unit = { unit: '县司法局', role: 'responsible' as const, conditional: false }
const settings = colourSettingsFrom({ REMINDER_YELLOW_DAYS: 3, REMINDER_BLUE_DAYS: 7, PACE_YELLOW_GAP: 30 })
const TODAY = '2022-10-31'
const report = (percent: number | null, status: PairProgress['status'] = 'in_progress'): PairProgress => ({ status, percent, reportedAt: new Date('2022-10-20T02:00:00Z') })

// The pace by working days: from the issue date to today, over the issue date to the deadline.
const expected = Math.round((100 * workdaysBetween('2022-08-25', TODAY, chineseWorkCalendar)) / workdaysBetween('2022-08-25', '2022-12-31', chineseWorkCalendar))

describe('序时进度', () => {
  it('is yellow only when the lag is more than the gap, and says by how much', () => {
    expect(expected).toBeGreaterThan(35)
    expect(colourOf(task, unit, report(expected - 30), settings, TODAY)).toMatchObject({ colour: 'none', reason: 'later' })
    const behind = colourOf(task, unit, report(expected - 31), settings, TODAY)
    expect(behind).toMatchObject({ colour: 'yellow', reason: 'behind_pace', overdue: false, pace: { percent: expected - 31, expected } })
    expect(formatDeadline(task.deadline, TODAY, behind)).toContain(`进度${expected - 31}%，序时进度应达${expected}%`)
  })

  it('grades only a reported percent of work in progress, and is off with a gap of 0', () => {
    expect(colourOf(task, unit, report(null), settings, TODAY).reason).toBe('later')
    expect(colourOf(task, unit, report(0, 'not_started'), settings, TODAY).reason).toBe('later')
    expect(colourOf(task, unit, null, settings, TODAY).reason).toBe('later')
    const off = colourSettingsFrom({ REMINDER_YELLOW_DAYS: 3, REMINDER_BLUE_DAYS: 7, PACE_YELLOW_GAP: 0 })
    expect(colourOf(task, unit, report(0), off, TODAY).reason).toBe('later')
  })

  it('leaves the deadline’s own colours first: overdue stays red, due within the yellow window stays due_soon', () => {
    expect(colourOf(task, unit, report(5), settings, '2023-01-04')).toMatchObject({ colour: 'red', reason: 'overdue' })
    expect(colourOf(task, unit, report(5), settings, '2022-12-29')).toMatchObject({ colour: 'yellow', reason: 'due_soon' })
    // Near the deadline the pace expects nearly all: 50% a week before is behind.
    expect(colourOf(task, unit, report(50), settings, '2022-12-23')).toMatchObject({ colour: 'yellow', reason: 'behind_pace' })
  })
})
