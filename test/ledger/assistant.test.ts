import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

const sifa = { id: 'wx-sifa', name: '李娜', alias: '司法局李娜' }
const jiaoyu = { id: 'wx-jiaoyu', name: '陈明' }
const huicheng = { id: 'wx-huicheng', name: '惠城镇小林' }
const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const stranger = { id: 'wx-stranger', name: '路人甲' }

describe.each(dbTargets)('assistant on $name', (target) => {
  let t: TestLedger
  beforeAll(async () => {
    t = await openTestLedger(target)
    await t.say(sifa, '绑定 县司法局')
    await t.say(jiaoyu, '我是教育局联络员')
    await t.say(huicheng, '绑定 惠城镇')
  })
  afterAll(() => t.close())

  it('binds liaisons by any name of their unit and tells them who they are', async () => {
    const who = await t.say(sifa, '我是谁')
    expect(who.reply).toContain('县司法局联络员')
    const edu = await t.stores.liaisons.find({ contactId: jiaoyu.id, name: jiaoyu.name })
    expect(edu?.unit).toBe('县教育局')
  })

  it('answers 我单位负责什么 by role, @-mentioning the asker', async () => {
    const r = await t.say(sifa, '我单位负责什么')
    expect(r.intent).toBe('my_tasks')
    expect(r.data.lead).toEqual([1, 2, 3, 10, 33])
    const responsible = r.data.responsible as number[]
    expect(responsible).toContain(4) // as one of 县政府各部门
    expect(responsible).not.toContain(1)
    expect(r.reply).toContain('【牵头】5项')
    expect(r.reply).toContain('作为县政府各部门')
    expect(r.messages[0]!.mentionIds).toEqual([sifa.id])
    for (const m of r.messages) expect(m.text.length).toBeLessThanOrEqual(1500)
  })

  it('gives a long list as a summary first and the rest on “更多”', async () => {
    const first = await t.say(huicheng, '我们单位有哪些任务')
    expect(first.messages).toHaveLength(1)
    expect(first.reply).toContain('回复“更多”')
    const second = await t.say(huicheng, '更多')
    expect(second.reply).toMatch(/第\d+项/)
    expect(second.reply).not.toEqual(first.reply)
  })

  it('resolves aliases and abbreviations, and suggests near misses', async () => {
    const abbrev = await t.say(jiaoyu, '人社局有哪些任务')
    const full = await t.say(jiaoyu, '县人力资源和社会保障局负责什么')
    expect(abbrev.data.unit).toBe('县人力资源社会保障局')
    expect(full.data.lead).toEqual(abbrev.data.lead)
    expect(abbrev.data.lead).toContain(24)
    const miss = await t.say(jiaoyu, '县司法厅有哪些任务')
    expect(miss.data.error).toBeTruthy()
    expect(miss.reply).toContain('县司法局')
  })

  it('shows a task by Chinese or full-width number, and says when a number does not exist', async () => {
    const cn = await t.say(jiaoyu, '第五十七项谁负责')
    expect(cn.intent).toBe('task_detail')
    expect((cn.data.task as { number: number }).number).toBe(57)
    expect(cn.reply).toContain('本文印发30日内')
    const fw = await t.say(jiaoyu, '任务４１')
    expect((fw.data.task as { number: number }).number).toBe(41)
    const none = await t.say(jiaoyu, '第23项')
    expect(none.data.error).toBe('unknown_task')
    expect(none.reply).toContain('没有第23项')
  })

  it('searches task text', async () => {
    const r = await t.say(jiaoyu, '搜索 疫情防控')
    expect(r.data.tasks).toContain(13)
    expect(r.data.tasks).not.toContain(1)
  })

  it('records a report from a bound liaison without a mention, and undoes it', async () => {
    const r = await t.say(sifa, '第1项已完成，清理结果已在门户网站公布', { mentionsBot: false })
    expect(r.intent).toBe('report')
    expect(r.data.reports).toEqual([expect.objectContaining({ task: 1, status: 'done' })])
    expect(r.reply).toContain('已记录：县司法局')
    expect(r.reply).toContain('撤销')
    const latest = await t.stores.progress.latest()
    expect(latest.filter((p) => p.unit === '县司法局')).toHaveLength(1)

    const u = await t.say(sifa, '撤销')
    expect(u.reply).toContain('已撤销')
    expect((await t.stores.progress.latest()).filter((p) => p.unit === '县司法局')).toHaveLength(0)
    const again = await t.say(sifa, '撤销')
    expect(again.reply).toContain('没有可撤销')
  })

  it('rejects tasks the unit does not hold, unknown numbers and unbound reporters, recording nothing', async () => {
    const before = (await t.stores.progress.latest()).length
    const r = await t.say(sifa, '第25项已完成；第23项已完成', { mentionsBot: false })
    expect(r.data.reports).toEqual([])
    expect(r.data.rejected).toEqual(
      expect.arrayContaining([
        { task: 25, reason: expect.stringContaining('未分配') },
        { task: 23, reason: expect.stringContaining('没有') },
      ]),
    )
    const over = await t.say(sifa, '第1项完成150%', { mentionsBot: false })
    expect(over.data.reports).toEqual([])
    expect(over.data.rejected).toEqual([{ task: 1, reason: '进度150%超过100%' }])
    expect(over.reply).toContain('未记录')
    const negative = await t.say(sifa, '第1项完成-5%', { mentionsBot: false })
    expect(negative.data.reports).toEqual([])
    expect(negative.data.rejected).toEqual([{ task: 1, reason: '进度-5%无效，应在0—100%之间' }])
    // A range too wide for task numbers records nothing of it and says so, mentioned or not.
    for (const mentionsBot of [true, false]) {
      const wide = await t.say(sifa, '第1至999项已完成', { mentionsBot })
      expect(wide.intent).toBe('report')
      expect(wide.data.reports).toEqual([])
      expect(wide.reply).toContain('第1至999项序号范围过大')
    }
    const s = await t.say(stranger, '第5项已完成', { mentionsBot: true })
    expect(s.data.error).toBe('not_bound')
    expect((await t.stores.progress.latest()).length).toBe(before)
  })

  it('takes the task from a quoted reminder when the reply names none', async () => {
    const r = await t.say(jiaoyu, '已完成', {
      mentionsBot: false,
      quoted: { senderName: '督办助手', text: '【到期提醒】第25项将于3日内到期，请县教育局及时反馈进度。' },
    })
    expect(r.data.reports).toEqual([expect.objectContaining({ task: 25, status: 'done' })])
  })

  it('revokes a report when its message is recalled', async () => {
    const r = await t.say(huicheng, '第7项正在推进，完成60%', { mentionsBot: false, id: 'recall-me' })
    expect(r.data.reports).toEqual([expect.objectContaining({ task: 7, status: 'in_progress', percent: 60 })])
    const recalled = await t.say(huicheng, '', { kind: 'recalled', recalledId: 'recall-me', mentionsBot: false })
    expect(recalled.reply).toContain('撤销')
    const left = (await t.stores.progress.latest()).filter((p) => p.unit === '惠城镇' && p.sourceMessageId === 'recall-me')
    expect(left).toHaveLength(0)
  })

  it('attaches an image sent soon after a report as evidence', async () => {
    await t.say(huicheng, '第8项已落实', { mentionsBot: false })
    const img = await t.say(huicheng, '', { kind: 'image', fileName: '公开栏照片.jpg', mentionsBot: false })
    expect(img.reply).toContain('佐证材料')
    expect(img.data.evidence).toEqual([8])
  })

  it('records a redelivered message once and does not answer replayed history', async () => {
    const first = await t.say(jiaoyu, '第26项已完成', { mentionsBot: false, id: 'dup-1' })
    expect(first.data.reports).toHaveLength(0) // 26 is not 教育局's
    const ok = await t.say(jiaoyu, '第25项正在推进', { mentionsBot: false, id: 'dup-2' })
    expect(ok.data.reports).toHaveLength(1)
    const again = await t.say(jiaoyu, '第25项正在推进', { mentionsBot: false, id: 'dup-2' })
    expect(again.skipped).toBe('duplicate')
    expect(again.messages).toHaveLength(0)
    const old = await t.say(jiaoyu, '帮助', { receivedAt: new Date(t.clock.now.getTime() - 3600_000) })
    expect(old.skipped).toBe('replayed')
    expect(old.messages).toHaveLength(0)
    // A report sent while the bot was offline is recorded on replay, silently.
    const offline = await t.say(jiaoyu, '第25项已完成，已在学校公示栏公开', { mentionsBot: false, receivedAt: new Date(t.clock.now.getTime() - 3600_000) })
    expect(offline.skipped).toBe('replayed')
    expect(offline.messages).toHaveLength(0)
    expect(offline.data.reports).toEqual([expect.objectContaining({ task: 25, status: 'done' })])
  })

  it('keeps rooms that are not enabled silent until an admin enables them', async () => {
    const other = { roomId: 'room-2', roomTopic: '闲聊群' }
    expect((await t.say(sifa, '帮助', other)).messages).toHaveLength(0)
    expect((await t.say(sifa, '启用本群', other)).messages).toHaveLength(0)
    expect((await t.say(sifa, '停用本群')).reply).toContain('仅限管理员')
    expect((await t.say(admin, '启用本群', other)).reply).toContain('已启用')
    expect((await t.say(sifa, '帮助', other)).reply).toContain('绑定')
    expect((await t.say(admin, '停用本群', other)).reply).toContain('已停用')
    expect((await t.say(sifa, '帮助', other)).messages).toHaveLength(0)
  })

  it('lets admins report for a unit, summarize and list who has not reported; others may not', async () => {
    const proxy = await t.say(admin, '代 县司法局 第2项已完成')
    expect(proxy.data.reports).toEqual([expect.objectContaining({ task: 2, status: 'done' })])
    expect(proxy.data.unit).toBe('县司法局')
    const denied = await t.say(sifa, '进度汇总')
    expect(denied.data.error).toBe('not_admin')
    const s = await t.say(admin, '进度汇总')
    expect(s.intent).toBe('summary')
    expect(s.reply).toContain('任务 58 项')
    const m = await t.say(admin, '未反馈')
    expect(m.intent).toBe('missing')
    // Task 57 is due 2022-09-24, four days after the test clock: every unit that holds it and has not reported is listed.
    expect(JSON.stringify(m.data.units)).toContain('57')
  })

  it('binds someone else only by an @ from the member list, never by a typed name; unbinds a typed name', async () => {
    const typed = await t.say(admin, '绑定 @张三 县财政局')
    expect(typed.reply).toContain('请在群里@张三')
    expect(await t.stores.liaisons.listByUnit('县财政局')).toEqual([])
    const bound = await t.say(admin, '绑定 @张三 县财政局', { mentionIds: ['wx-zhang'] })
    expect(bound.reply).toContain('已将 张三 绑定为县财政局联络员')
    expect((await t.stores.liaisons.listByUnit('县财政局')).map((l) => l.contactId)).toEqual(['wx-zhang'])
    // Removing grants nothing: a typed name finds the one stored 张三.
    expect((await t.say(admin, '解绑 @张三')).reply).toContain('已解除 张三 与县财政局的绑定')
    expect(await t.stores.liaisons.listByUnit('县财政局')).toEqual([])
  })

  it('narrows to one role, shows several tasks at once, and looks ahead for a named unit', async () => {
    const lead = await t.say(jiaoyu, '县司法局牵头哪些任务')
    expect(lead.data.lead).toEqual([1, 2, 3, 10, 33])
    expect(lead.data.responsible).toEqual([])
    const two = await t.say(jiaoyu, '第1、2项是什么')
    expect(two.data.tasks).toEqual([1, 2])
    expect(two.reply).toContain('第1项')
    expect(two.reply).toContain('第2项')
    // The clock stands at 2022-09-20; task 57 (本文印发30日内) is due 2022-09-24 for every department.
    const soon = await t.say(jiaoyu, '发改局快到期的任务')
    expect(soon.data).toMatchObject({ unit: '县发展改革局', tasks: [57] })
  })

  it('lets a later report supersede an earlier one and keeps the history', async () => {
    await t.say(jiaoyu, '第25项正在推进，完成40%', { mentionsBot: false })
    t.clock.now = new Date(t.clock.now.getTime() + 60_000)
    await t.say(jiaoyu, '第25项已全部完成', { mentionsBot: false })
    const task25 = (await t.assistant.book()).book.tasks.find((x) => x.number === 25)!
    const latest = (await t.stores.progress.latest()).filter((p) => p.taskId === task25.id && p.unit === '县教育局')
    expect(latest.map((p) => p.status)).toEqual(['done'])
    const history = (await t.stores.progress.history(task25.id)).filter((p) => p.unit === '县教育局' && !p.revokedAt)
    expect(history.map((p) => p.status)).toEqual(expect.arrayContaining(['in_progress', 'done']))
    const progress = await t.say(jiaoyu, '第25项进度')
    // CLOSE_REQUIRES_REVIEW (the default): the 已完成 awaits the office's 销号.
    expect(progress.reply).toContain('县教育局：待审核')
  })

  it('answers the progress of several tasks asked at once (第25、26项进度)', async () => {
    const r = await t.say(jiaoyu, '第25、26项进度')
    expect(r.intent).toBe('task_progress')
    expect(r.data.tasks).toEqual([25, 26])
    const shown = r.reply.includes('回复“更多”') ? r.reply + (await t.say(jiaoyu, '更多')).reply : r.reply
    expect(shown).toMatch(/第25项[\s\S]*第26项/)
  })

  it('undoes the report on a named task only', async () => {
    await t.say(huicheng, '第5项已完成；第6项正在推进', { mentionsBot: false })
    const r = await t.say(huicheng, '撤销第6项')
    expect(r.data.undone).toEqual([{ task: 6, unit: '惠城镇' }])
    const left = (await t.stores.progress.latest()).filter((p) => p.unit === '惠城镇').map((p) => p.status)
    expect(left).toContain('done')
    expect(left).not.toContain('in_progress')
  })

  it('keeps every unit’s report when many units report on one task at the same moment', async () => {
    const towns = ['华湖镇', '仙庵镇', '靖海镇', '周田镇', '前詹镇', '神泉镇']
    await Promise.all(towns.map((town, i) => t.say({ id: `wx-town-${i}`, name: `${town}联络员` }, `绑定 ${town}`)))
    const results = await Promise.all(
      towns.map((_, i) => t.say({ id: `wx-town-${i}`, name: `联络员${i}` }, `第11项已完成，年报已按时发布`, { mentionsBot: false })),
    )
    for (const r of results) expect(r.data.reports).toHaveLength(1)
    const task11 = (await t.assistant.book()).book.tasks.find((x) => x.number === 11)!
    const rows = (await t.stores.progress.latest()).filter((p) => p.taskId === task11.id)
    expect(rows.map((p) => p.unit).sort()).toEqual([...towns].sort())
  })

  it('answers hostile input briefly without a stack trace', async () => {
    for (const text of ['x'.repeat(100_000), '😀😀😀', '\u0000\u0007\u001b[31m', '']) {
      const r = await t.say(jiaoyu, text)
      expect(r.reply).not.toMatch(/at .*\.ts:\d+|Error:/)
      expect(r.reply.length).toBeLessThan(1500)
    }
  })

  it('waits for the disk only where the ledger changes: questions relaxed, reports and bindings stored durably', async () => {
    const seen: { id: string; op: string; durability: string }[] = []
    const { intake, inbox } = t.stores
    const { receive } = intake
    const { markHandled } = inbox
    intake.receive = (m, rule, d) => (seen.push({ id: m.id, op: 'store', durability: d ?? 'durable' }), receive.call(intake, m, rule, d))
    inbox.markHandled = (id, o, d) => (seen.push({ id, op: 'mark', durability: d ?? 'durable' }), markHandled.call(inbox, id, o, d))
    try {
      const question = await t.say(sifa, '第三项谁牵头')
      const report = await t.say(sifa, '第3项正在推进，完成六成')
      const bind = await t.say(stranger, '绑定 县财政局')
      const durabilityOf = (op: string) => seen.filter((s) => s.op === op).map((s) => s.durability)
      expect([question.intent, report.intent, bind.intent]).toEqual(['task_detail', 'report', 'bind'])
      expect((report.data.reports as unknown[]).length).toBe(1)
      expect(durabilityOf('store')).toEqual(['relaxed', 'durable', 'durable'])
      // A recorded report is marked handled by the statement that stores its rows, not separately.
      const [questionId, , bindId] = seen.filter((s) => s.op === 'store').map((s) => s.id)
      expect(seen.filter((s) => s.op === 'mark').map((s) => s.id)).toEqual([questionId, bindId])
      expect(durabilityOf('mark')).toEqual(['relaxed', 'durable'])
      // Every message, relaxed or not, ends up stored and handled.
      expect(await t.stores.inbox.pending(10)).toEqual([])
    } finally {
      intake.receive = receive
      inbox.markHandled = markHandled
      await t.say(stranger, '解除绑定')
    }
  })

})
