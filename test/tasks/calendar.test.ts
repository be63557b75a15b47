import { describe, expect, it } from 'vitest'
import {
  addDays, addMonths, addWorkdays, chineseWorkCalendar, previousWorkday, weekdayCalendar, type WorkCalendar,
} from '../../src/tasks/calendar.js'

describe('calendar', () => {
  it('adds calendar days across month and year ends', () => {
    expect(addDays('2022-08-25', 30)).toBe('2022-09-24')
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })

  it('clamps months to the target month length', () => {
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28')
    expect(addMonths('2022-11-15', 3)).toBe('2023-02-15')
  })

  it('knows Chinese holidays and make-up working days', () => {
    expect(chineseWorkCalendar.isWorkday('2024-10-01')).toBe(false) // 国庆
    expect(chineseWorkCalendar.isWorkday('2024-10-12')).toBe(true) // 调休 Saturday
    expect(chineseWorkCalendar.isWorkday('2024-10-13')).toBe(false) // ordinary Sunday
    expect(chineseWorkCalendar.isWorkday('2024-10-14')).toBe(true)
  })

  it('adds working days, skipping the Spring Festival', () => {
    // 2024 春节: 02-10..02-17 off, 02-04 (Sun) and 02-18 (Sun) are make-up working days.
    expect(addWorkdays('2024-02-08', 1, chineseWorkCalendar)).toBe('2024-02-09')
    expect(addWorkdays('2024-02-09', 1, chineseWorkCalendar)).toBe('2024-02-18')
    expect(addWorkdays('2024-02-09', 0, chineseWorkCalendar)).toBe('2024-02-09')
    expect(addWorkdays('2024-02-09', 1, weekdayCalendar)).toBe('2024-02-12')
  })

  it('finds the working day on or before a date', () => {
    expect(previousWorkday('2024-10-03', chineseWorkCalendar)).toBe('2024-09-30')
    expect(previousWorkday('2024-09-29', chineseWorkCalendar)).toBe('2024-09-29') // 调休 Sunday is a workday
    expect(previousWorkday('2024-10-14', chineseWorkCalendar)).toBe('2024-10-14')
  })

  it('refuses a calendar with no working days rather than looping forever', () => {
    const never: WorkCalendar = { isWorkday: () => false }
    expect(() => previousWorkday('2024-01-01', never)).toThrow(RangeError)
    expect(() => addWorkdays('2024-01-01', 1, never)).toThrow(RangeError)
  })

  it('rejects malformed dates', () => {
    expect(() => addDays('2024-2-1', 1)).toThrow(RangeError)
    expect(() => chineseWorkCalendar.isWorkday('2024-02-30')).toThrow(RangeError)
  })
})
