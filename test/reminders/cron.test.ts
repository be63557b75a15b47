import cron from 'node-cron'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../src/config.js'
import { cronProblem } from '../../src/reminders/cron.js'

describe('cron expressions in config', () => {
  const expressions = [
    '0 9 * * *', '0 15 * * 5', '*/5 * * * *', '0 9 * * mon-fri', '0 0 9 * * *', '0 9 32 * *', '60 * * * *',
    '0 9 * * 8', '1-', 'a b c d e', '0 9 * jan *', '0 9 * * 7', '0 9 * * */2', '0 9 1,15 * *', '* * * * * * *',
    '0 9 * * MON', '', '0 9 * *', '0 24 * * *', '0 9 0 * *', '0 9 * 13 *', '0 9 * * 1/0',
  ]
  it.each(expressions)('agrees with node-cron on %j', (e) => {
    expect(cronProblem(e) === null).toBe(cron.validate(e))
  })

  it('has working defaults: 09:00 daily reminders, Friday 15:00 progress collection', () => {
    const c = parseConfig({})
    expect(c.REMINDER_CRON).toBe('0 9 * * *')
    expect(c.PROGRESS_CRON).toBe('0 15 * * 5')
    expect(c.REMINDER_BLUE_DAYS).toBe(7)
    expect(c.REMINDER_YELLOW_DAYS).toBe(3)
    expect(c.ADMIN_ROOM).toBeNull()
    expect(parseConfig({ REMINDER_CRON: ' ' }).REMINDER_CRON).toBe('0 9 * * *')
  })

  it('fails at start-up naming the variable when an expression is bad', () => {
    expect(() => parseConfig({ PROGRESS_CRON: '0 25 * * 5' })).toThrow(ConfigError)
    expect(() => parseConfig({ PROGRESS_CRON: '0 25 * * 5' })).toThrow(/PROGRESS_CRON.*0 25 \* \* 5/)
    expect(() => parseConfig({ REMINDER_CRON: 'every morning' })).toThrow(/REMINDER_CRON/)
  })
})
