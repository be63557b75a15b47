/**
 * The pipeline and the composed features: one refusal for admins' actions, one for senders without
 * a unit; a liaison is never left in silence (unclear progress is asked about, a bare 撤销 undoes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { routes, recognisers } from '../../src/features/index.js'
import { parseIntent } from '../../src/intents/parseIntent.js'

const sifa = { id: 'wx-sifa-p', name: '周敏' }
const other = { id: 'wx-huicheng-p', name: '郑强' }
const stranger = { id: 'wx-stranger-p', name: '访客' }
const admin = { id: 'wx-admin-p', name: '王主任', alias: '办公室王主任' }
const now = new Date('2022-09-20T02:00:00Z')

describe('the composition', () => {
  it('routes every intent a recogniser can give, and each recogniser gives something on its own phrase', () => {
    const samples = ['帮助', '管理员认领码 AB12CD', '启用本群', '预览导入', '撤销', '我是谁', '更多', '代 县司法局 第5项已完成', '第5项是什么', '逾期任务', '进度汇总', '搜索 规范性文件', '县财政局有哪些任务', '已完成']
    const types = samples.map((t) => parseIntent(t, { mentioned: true, now }).type)
    for (const type of types) expect(Object.keys(routes)).toContain(type)
    expect(new Set(types).size).toBeGreaterThanOrEqual(13)
    expect(recognisers.length).toBeGreaterThanOrEqual(13)
  })
})

describe.each(dbTargets)('pipeline policy on $name', (target) => {
  let t: TestLedger
  beforeAll(async () => {
    t = await openTestLedger(target, { now })
    await t.say(sifa, '绑定 县司法局')
    await t.say(other, '绑定 惠城镇')
  })
  afterAll(() => t.close())

  it('refuses every admin action with one wording naming it, and changes nothing', async () => {
    for (const [text, action] of [
      ['进度汇总', '进度汇总'],
      ['导出台账', '导出台账'],
      ['停用本群', '停用本群'],
      ['导入', '导入任务分解表'],
      ['代 惠城镇 第1项已完成', '代其他单位报送'],
    ] as const) {
      const r = await t.say(sifa, text)
      expect(r.reply).toBe(`${action}仅限管理员。`)
      expect(r.data.error).toBe('not_admin')
    }
    expect((await t.stores.progress.latest()).filter((r) => r.unit === '惠城镇')).toEqual([])
    expect((await t.stores.rooms.get('room-1', '政务公开工作群'))?.enabled ?? true).toBe(true)
  })

  it('asks a sender without a unit to bind, in one wording, in the room and in private', async () => {
    const mine = await t.say(stranger, '我单位负责什么')
    const privately = await t.say(stranger, '第5项进度', { roomId: null, roomTopic: null })
    const report = await t.say(stranger, '第5项已完成')
    for (const r of [mine, privately, report]) {
      expect(r.data.error).toBe('not_bound')
      expect(r.reply).toMatch(/^您尚未绑定单位，.*请先发送“绑定 单位名称”/)
    }
    expect(report.reply).toContain('进度未记录')
    expect(await t.stores.progress.latest()).toEqual([])
    // What anyone may ask before binding is answered.
    expect((await t.say(stranger, '县司法局有哪些任务', { roomId: null, roomTopic: null })).intent).toBe('unit_tasks')
  })

  it('asks a liaison whose message about their own task has no readable status, instead of silence', async () => {
    const r = await t.say(sifa, '第1项今天召开了专题会议，部署相关工作', { mentionsBot: false })
    expect(r.intent).toBe('unclear_report')
    expect(r.reply).toContain('第1项的进展是已完成还是正在推进？')
    expect(r.messages[0]!.mentionIds).toEqual([sifa.id])
    expect(await t.stores.progress.latest()).toEqual([])
    // Not their task, or someone unbound: nothing said in the group.
    const notTheirs = await t.say(other, '第1项今天召开了专题会议', { mentionsBot: false })
    expect(notTheirs.messages).toEqual([])
    const unbound = await t.say(stranger, '第1项今天召开了专题会议', { mentionsBot: false })
    expect(unbound.messages).toEqual([])
  })

  it('undoes one’s own report on a bare 撤销 said to the group, and stays silent when there is nothing to undo', async () => {
    const recorded = await t.say(sifa, '第2项已完成', { mentionsBot: false })
    expect(recorded.reply).toContain('回复“撤销”')
    const undone = await t.say(sifa, '撤销', { mentionsBot: false })
    expect(undone.intent).toBe('undo')
    expect(undone.reply).toContain('已撤销')
    expect((await t.stores.progress.latest()).filter((r) => r.unit === '县司法局')).toEqual([])
    const nothing = await t.say(other, '撤回', { mentionsBot: false })
    expect(nothing.messages).toEqual([])
    // Said to the bot, "nothing to undo" is answered.
    expect((await t.say(other, '撤回')).reply).toContain('没有可撤销的报送')
  })

  it('lets an admin do what others are refused', async () => {
    const r = await t.say(admin, '代 县司法局 第1项正在推进', { mentionsBot: true })
    expect(r.reply).toContain('已记录：县司法局')
  })
})
