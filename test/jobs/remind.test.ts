/** `npm run cli -- remind`: the plan a run would send, as text or JSON, queued unless --dry-run. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { remindCommand, parseNow } from '../../bot/remindCommand.js'
import { parseConfig } from '../../src/config.js'
import { silentLogger } from '../../src/ledger/context.js'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

describe.each(dbTargets)('remind command on $name', (target) => {
  let ledger: TestLedger
  let lines: string[]
  const out = (s: string) => void lines.push(s)
  const config = parseConfig({})
  beforeEach(async () => {
    ledger = await openTestLedger(target)
    lines = []
  })
  afterEach(async () => {
    await ledger.close()
  })

  it('on a fresh ledger with nobody bound, --json shows the full plan in batches without a room', async () => {
    await remindCommand(ledger.stores, config, silentLogger, { now: '2022-09-20T09:00+08:00', dryRun: true, json: true }, out)
    const batches = JSON.parse(lines.join('\n')) as { room: string | null; stage: string; tasks: number[]; units: string[]; mentions: string[]; text: string }[]
    expect(batches.length).toBeGreaterThan(0)
    expect(batches.every((b) => b.room === null && b.mentions.length === 0)).toBe(true)
    expect(batches[0]).toMatchObject({ stage: 'yellow', tasks: [57] })
    expect(batches.flatMap((b) => b.units)).toContain('县司法局')
    expect(await ledger.stores.outbox.list()).toHaveLength(0)
  })

  it('queues the room messages without --dry-run, once however often it is run', async () => {
    await ledger.stores.rooms.setEnabled('room-1', '政务公开工作群', true)
    await ledger.stores.liaisons.bind({ contactId: 'w-li', name: '李娜', alias: null, unit: '县司法局', boundBy: null })
    await remindCommand(ledger.stores, config, silentLogger, { now: '2022-09-26', dryRun: false, json: false }, out)
    expect(lines.join('\n')).toContain('—— 群“政务公开工作群”，@李娜')
    expect(lines.join('\n')).toContain('已写入发送队列 1 条')
    await remindCommand(ledger.stores, config, silentLogger, { now: '2022-09-26', dryRun: false, json: false }, out)
    expect(lines.join('\n')).toContain('1 条此前已写入')
    const queued = await ledger.stores.outbox.list()
    expect(queued).toHaveLength(1)
    expect(queued[0]).toMatchObject({ roomTopic: '政务公开工作群', mentionIds: ['w-li'] })
    expect(queued[0]!.text).toContain('〔红〕第57项')
  })

  it('says so on a day without reminders and names the next one', async () => {
    await remindCommand(ledger.stores, config, silentLogger, { now: '2022-10-03T09:00+08:00', dryRun: true, json: false }, out)
    expect(lines).toEqual(['2022年10月3日是休息日，不发送督办提醒。', '下一次：2022年10月9日，涉及第57项。'])
  })

  it('reads --now as China time', () => {
    expect(parseNow('2022-09-20')).toEqual(new Date('2022-09-20T01:00:00Z'))
    expect(() => parseNow('明天')).toThrow(/--now/)
  })
})
