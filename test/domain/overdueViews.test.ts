/**
 * End to end through the assistant, on the real seed after its 2022年底前 deadlines: a unit's 逾期
 * list, 进度汇总 and 未反馈 count overdue the same way. Before the domain model they did not: the
 * unit's list counted tasks it holds only as 如属规范性文件起草单位 and as a guiding unit, while
 * 进度汇总 and 未反馈 went by other rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

const sifa = { id: 'wx-sifa', name: '李娜', alias: '司法局李娜' }
const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const sorted = (ns: number[]) => [...ns].sort((a, b) => a - b)

describe.each(dbTargets)('overdue views on $name', (target) => {
  let t: TestLedger
  beforeAll(async () => {
    // 2023-01-10: the 2022年底前 tasks are past due.
    t = await openTestLedger(target, { now: new Date('2023-01-10T02:00:00Z') })
    await t.say(sifa, '绑定 县司法局')
    await t.say(sifa, '第1项已完成')
    await t.say(sifa, '第2项正在推进，完成60%')
  })
  afterAll(() => t.close())

  it('gives one overdue count in the unit’s 逾期 list, 进度汇总 and 未反馈', async () => {
    const own = await t.say(sifa, '我单位有逾期的吗')
    expect(own.intent).toBe('overdue')
    const mine = own.data.tasks as number[]
    expect(mine).toContain(2) // reported in progress: still overdue
    expect(mine).not.toContain(1) // reported done
    expect(own.reply).toContain(`尚未报完成的任务 ${mine.length} 项`)

    const s = await t.say(admin, '进度汇总')
    const overdueTasks = s.data.overdue_tasks as number[]
    expect(s.reply).toContain(`逾期未完成 ${overdueTasks.length} 项`)
    for (const n of mine) expect(overdueTasks).toContain(n)
    // The admin's own 逾期 list (all units) is the 进度汇总 figure.
    const all = await t.say(admin, '逾期任务')
    expect(sorted(all.data.tasks as number[])).toEqual(sorted(overdueTasks))

    const m = await t.say(admin, '未反馈')
    const entry = (m.data.units as { unit: string; overdue: number[] }[]).find((u) => u.unit === '县司法局')
    // 未反馈: the unit's overdue tasks it has not reported on at all (it reported 1 and 2).
    expect(sorted(entry?.overdue ?? [])).toEqual(sorted(mine.filter((n) => n !== 2)))
    const late = entry?.overdue.length ?? 0
    if (late) expect(m.reply).toContain(`（其中逾期${late}项）`)

    // The liaison's task list says the same overdue numbers.
    const list = await t.say(sifa, '我单位负责什么')
    if (mine.length) expect(list.reply).toContain('已过完成时限尚未报完成：')
  })
})
