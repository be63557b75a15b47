/**
 * The planner over the real seed table (惠来县, issued 2022-08-25) with a fake clock. Task 57 is due
 * 2022-09-24, a Saturday: it is chased as due on Friday 09-23.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { prepareFile } from '../../bot/openLedger.js'
import type { BookTask, Liaison, ProgressReport } from '../../src/ledger/ports.js'
import { planReminders, stageOn, periodOf, type PlanInput, type ReminderRoom } from '../../src/reminders/plan.js'
import { chineseWorkCalendar, weekdayCalendar } from '../../src/tasks/calendar.js'
import { createUnitDirectory, parseDirectoryData, type UnitDirectory } from '../../src/units/directory.js'
import { SEED_DIR } from '../helpers/ledger.js'

let tasks: BookTask[]
let directory: UnitDirectory

beforeAll(async () => {
  directory = createUnitDirectory(parseDirectoryData(JSON.parse(readFileSync(join(SEED_DIR, 'huilai-units.json'), 'utf8'))))
  const prepared = await prepareFile(join(SEED_DIR, '000_3c54fac4c972c98b.txt'), directory)
  tasks = prepared.input.tasks.map((t) => ({ ...t, id: 1000 + t.number, documentId: 1 }))
})

const at = (local: string) => new Date(`${local}+08:00`)
const liaison = (contactId: string, name: string, unit: string): Liaison => ({ contactId, name, alias: null, unit, boundBy: null, boundAt: at('2022-09-01T10:00') })
const LIAISONS = [liaison('w-li', '李娜', '县司法局'), liaison('w-chen', '陈明', '县教育局'), liaison('w-zhou', '周强', '惠城镇')]
const ROOM: ReminderRoom = { id: 'room-1', topic: '惠来县政务公开工作群', memberIds: null }

function report(number: number, unit: string, status: ProgressReport['status'], reportedAt: Date): ProgressReport {
  return {
    id: number * 100 + unit.length,
    taskId: 1000 + number,
    unit,
    status,
    percent: null,
    note: null,
    expectedDate: null,
    liaisonContactId: 'x',
    liaisonName: 'x',
    sourceMessageId: `m-${number}-${unit}`,
    reportedAt,
    revokedAt: null,
  }
}

function plan(now: Date, extra: Partial<PlanInput> = {}) {
  return planReminders({
    tasks,
    directory,
    progress: [],
    liaisons: LIAISONS,
    rooms: [ROOM],
    now,
    calendar: chineseWorkCalendar,
    since: '2022-08-25',
    ...extra,
  })
}

const roomBatch = (batches: ReturnType<typeof plan>) => batches.filter((b) => b.room)
const itemsOf = (batches: ReturnType<typeof plan>, number: number) => batches.flatMap((b) => b.items).filter((i) => i.task.number === number)

describe('planReminders over the seed', () => {
  it('on 2022-09-20 chases task 57 (due Saturday 09-24, so Friday 09-23) as yellow, in one message per room with real mentions', () => {
    const batches = plan(at('2022-09-20T09:00'))
    const items = itemsOf(batches, 57)
    expect(items.length).toBeGreaterThan(30)
    expect(new Set(items.map((i) => i.stage))).toEqual(new Set(['yellow']))
    expect(items[0]!.effective).toBe('2022-09-23')
    const inRoom = roomBatch(batches)
    expect(inRoom).toHaveLength(1)
    const b = inRoom[0]!
    expect(b.room).toEqual({ id: 'room-1', topic: '惠来县政务公开工作群' })
    expect(b.units.sort()).toEqual(['县司法局', '县教育局', '惠城镇'].sort())
    expect(b.mentions.map((m) => m.contactId).sort()).toEqual(['w-chen', 'w-li', 'w-zhou'])
    expect(b.text).toMatch(/^【督办提醒】9月20日/)
    expect(b.text).toContain('第57项')
    expect(b.text).toContain('县司法局')
    expect(b.text).toContain('9月23日前办结')
    // Mentions are contacts for room.say, never typed; no ids in the text.
    expect(b.text).not.toContain('@')
    expect(b.text).not.toMatch(/w-li|room-1|1057/)
    expect(b.dedupeKey).toBe('督办提醒|2022-09-20|惠来县政务公开工作群|1')
    // In the only room, units with no liaison are named in plain text.
    expect(b.text).toMatch(/另有.*县发展改革局.*在本群没有联络员/)
    expect(b.units).not.toContain('县发展改革局')
    // Units without a liaison in any room come in a batch without a room (for the digest).
    const unreached = batches.filter((x) => !x.room)
    expect(unreached.flatMap((x) => x.units)).toContain('县发展改革局')
    expect(unreached.flatMap((x) => x.units)).not.toContain('县司法局')
  })

  it('sends each stage once: blue on the first working day within 7 days, nothing on the days between', () => {
    expect(itemsOf(plan(at('2022-09-16T09:00')), 57).map((i) => i.stage)).toContain('blue')
    expect(itemsOf(plan(at('2022-09-19T09:00')), 57)).toHaveLength(0)
    expect(itemsOf(plan(at('2022-09-21T09:00')), 57)).toHaveLength(0)
  })

  it('is red on 2022-09-26 and again every 3 working days', () => {
    const red = itemsOf(plan(at('2022-09-26T09:00')), 57)
    expect(red.length).toBeGreaterThan(0)
    expect(red.every((i) => i.stage === 'red' && i.round === 1 && i.daysLeft === -2)).toBe(true)
    expect(roomBatch(plan(at('2022-09-26T09:00')))[0]!.text).toContain('已逾期2天')
    expect(itemsOf(plan(at('2022-09-27T09:00')), 57)).toHaveLength(0)
    expect(itemsOf(plan(at('2022-09-29T09:00')), 57)[0]!.round).toBe(2)
  })

  it('no longer chases a unit that reported done; one still in progress is chased', () => {
    const progress = [report(57, '县司法局', 'done', at('2022-09-19T15:00')), report(57, '县教育局', 'in_progress', at('2022-09-19T16:00'))]
    const batches = plan(at('2022-09-20T09:00'), { progress })
    const units = itemsOf(batches, 57).map((i) => i.unit)
    expect(units).not.toContain('县司法局')
    expect(units).toContain('县教育局')
    expect(roomBatch(batches)[0]!.mentions.map((m) => m.name).sort()).toEqual(['周强', '陈明'])
  })

  it('sends nothing on weekends and during the National Day holiday, but does on its make-up working days', () => {
    expect(plan(at('2022-09-24T09:00'))).toEqual([])
    expect(plan(at('2022-09-25T09:00'))).toEqual([])
    for (const d of ['01', '03', '05', '07']) expect(plan(at(`2022-10-${d}T09:00`))).toEqual([])
    // Red rounds for 57: 09-26, 09-29, then 09-30, 10-08 (Sat, make-up), 10-09 (Sun, make-up) -> round 3.
    const makeUp = itemsOf(plan(at('2022-10-09T09:00')), 57)
    expect(makeUp[0]).toMatchObject({ stage: 'red', round: 3 })
  })

  it('chases a deadline on a holiday on the working day before it', () => {
    const s = { blueDays: 7, yellowDays: 3, redEveryWorkdays: 3 }
    // Due 2022-10-07 (National Day): treated as due Friday 09-30, the last working day before it,
    // so yellow three days before that and blue seven.
    expect(stageOn('2022-10-07', '2022-09-27', chineseWorkCalendar, s)).toMatchObject({ stage: 'yellow', effective: '2022-09-30' })
    expect(stageOn('2022-10-07', '2022-09-23', chineseWorkCalendar, s)).toMatchObject({ stage: 'blue' })
    expect(stageOn('2022-10-07', '2022-09-30', chineseWorkCalendar, s)).toBeNull()
    expect(stageOn('2022-10-07', '2022-10-08', chineseWorkCalendar, s)).toMatchObject({ stage: 'red', round: 1 })
    expect(stageOn('2022-10-07', '2022-10-07', chineseWorkCalendar, s)).toBeNull()
    // Stages are configurable: blue off.
    expect(stageOn('2022-10-07', '2022-09-23', chineseWorkCalendar, { ...s, blueDays: 0 })).toBeNull()
  })

  it('plans in China time whatever the instant: 2022-09-20 01:30 in China is still Tuesday 09-20', () => {
    expect(itemsOf(plan(new Date('2022-09-19T17:30:00Z')), 57)[0]!.stage).toBe('yellow')
    // 2022-09-23 20:00 UTC is Saturday 04:00 in China: no reminders.
    expect(plan(new Date('2022-09-23T20:00:00Z'))).toEqual([])
  })

  it('never marks a task without a deadline overdue, and ignores periods before the document was issued', () => {
    const all = plan(at('2023-03-01T09:00'), { calendar: weekdayCalendar }).flatMap((b) => b.items)
    const nodeadline = new Set(tasks.filter((t) => t.deadline.kind !== 'date' && t.deadline.kind !== 'recurring').map((t) => t.number))
    expect(all.filter((i) => nodeadline.has(i.task.number))).toEqual([])
    // Yearly tasks 49 and 50: the 2021 period is before the document; no red for it in 2022.
    const dec = plan(at('2022-12-23T09:00')).flatMap((b) => b.items).filter((i) => i.task.number === 49)
    expect(dec.map((i) => i.stage)).not.toContain('red')
    expect(dec.map((i) => i.stage)).toContain('blue')
  })

  it('gives recurring tasks a due date per period, and a done report counts only for its period', () => {
    expect(periodOf('quarterly', '2022-11-15')).toEqual({ start: '2022-10-01', end: '2022-12-31' })
    expect(periodOf('monthly', '2024-02-10')).toEqual({ start: '2024-02-01', end: '2024-02-29' })
    expect(periodOf('halfyearly', '2022-07-01')).toEqual({ start: '2022-07-01', end: '2022-12-31' })
    // 2023-12-31 is a Sunday: yellow on the first working day within 3 days of Friday 12-29.
    const lastYear = [report(49, '县司法局', 'done', at('2022-12-28T10:00'))]
    const items = plan(at('2023-12-26T09:00'), { progress: lastYear }).flatMap((b) => b.items).filter((i) => i.task.number === 49)
    expect(items.map((i) => i.unit)).toContain('县司法局')
    expect(items[0]!.due).toBe('2023-12-31')
    const thisYear = [report(49, '县司法局', 'done', at('2023-06-01T10:00'))]
    const after = plan(at('2023-12-26T09:00'), { progress: thisYear }).flatMap((b) => b.items).filter((i) => i.task.number === 49)
    expect(after.map((i) => i.unit)).not.toContain('县司法局')
  })

  it('calls units for progress on ongoing tasks they have not reported on this month', () => {
    const progress = [report(3, '县司法局', 'in_progress', at('2022-09-05T10:00')), report(4, '县司法局', 'in_progress', at('2022-08-30T10:00'))]
    const batches = plan(at('2022-09-23T15:00'), { kind: 'progress', progress })
    const li = batches.flatMap((b) => b.items).filter((i) => i.unit === '县司法局').map((i) => i.task.number)
    expect(li).not.toContain(3)
    expect(li).toContain(4)
    expect(li).not.toContain(57)
    const b = roomBatch(batches)[0]!
    expect(b.stage).toBe('progress')
    expect(b.text).toMatch(/^【进展调度】9月23日/)
    expect(b.dedupeKey).toBe('进展调度|2022-09-23|惠来县政务公开工作群|1')
  })

  it('splits a long batch into pages, each with the headline and the mentions of its own units', () => {
    const many = directory.membersOfGroup('县政府各部门').map((u, i) => liaison(`w${i}`, `联络员${i}`, u))
    const batches = roomBatch(plan(at('2022-09-23T15:00'), { kind: 'progress', liaisons: many, settings: { pageChars: 400 } }))
    expect(batches.length).toBeGreaterThan(1)
    for (const b of batches) {
      expect(b.text.length).toBeLessThanOrEqual(400)
      expect(b.text).toContain(`（${b.page}/${batches.length}）`)
      expect(b.mentions.map((m) => m.unit).sort()).toEqual([...b.units].sort())
    }
    expect(new Set(batches.map((b) => b.dedupeKey)).size).toBe(batches.length)
    const units = batches.flatMap((b) => b.units)
    expect(new Set(units).size).toBe(units.length)
  })

  it('puts a unit in a room only when its liaison is a member; otherwise it is unreached', () => {
    const rooms: ReminderRoom[] = [
      { id: 'a', topic: '甲群', memberIds: ['w-chen'] },
      { id: 'b', topic: '乙群', memberIds: ['w-li'] },
    ]
    const batches = plan(at('2022-09-20T09:00'), { rooms })
    expect(batches.find((b) => b.room?.topic === '甲群')!.units).toEqual(['县教育局'])
    expect(batches.find((b) => b.room?.topic === '乙群')!.units).toEqual(['县司法局'])
    expect(batches.filter((b) => !b.room).flatMap((b) => b.units)).toContain('惠城镇')
    // With several rooms there is no one room to name them in.
    expect(batches.filter((b) => b.room).some((b) => b.text.includes('在本群没有联络员'))).toBe(false)
  })
})
