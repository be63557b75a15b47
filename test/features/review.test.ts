/**
 * 销号 (CLOSE_REQUIRES_REVIEW) in the chat: a liaison's 已完成 waits as 待审核 (answered, not closed),
 * the admin closes or returns it; with the setting off a 已完成 closes at once. The seed's task 57 is
 * due 2022-09-24 for every department, 县司法局 among them.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { planItems } from '../../src/reminders/plan.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import { buildLedgerRows } from '../../src/ledger/ledgerRows.js'
import { planDigest } from '../../src/reminders/digest.js'
import { indexLatest } from '../../src/ledger/book.js'
import { prepareImport } from '../../src/ledger/prepareImport.js'
import { parseTaskText } from '../../src/tasks/parseText.js'

/** A second document: its 第1项 is 县司法局's, as the seed's 第1项 is. */
const BUSINESS = `惠来县2022年优化营商环境重点任务分工方案
1．压减企业开办时间至1个工作日以内。（牵头单位：县市场监督管理局；责任单位：县司法局、县税务局）
2．推行涉企经营许可事项告知承诺制。（牵头单位：县司法局；完成时限：2022年11月30日）
惠来县人民政府办公室
2022年9月1日印发`

const sifa = { id: 'wx-sifa-r', name: '周敏' }
const admin = { id: 'wx-admin-r', name: '王主任', alias: '办公室王主任' }
const now = new Date('2022-09-20T10:00:00+08:00')

describe.each(dbTargets)('销号 in the chat on $name', (target) => {
  let t: TestLedger
  afterEach(async () => {
    await t.close()
  })

  /** Whether the reminders of `at` chase 县司法局 on task 57, and the pair's state in the views. */
  async function pair57(at: Date) {
    const book = await t.stores.tasks.loadBook()
    const dir = createUnitDirectory(book.directory)
    const progress = await t.stores.progress.latest()
    const chased = planItems({ tasks: book.tasks, directory: dir, progress, liaisons: await t.stores.liaisons.list(), now: at, calendar: chineseWorkCalendar, since: '2022-08-25' })
      .filter((i) => i.task.number === 57 && i.unit === '县司法局')
      .map((i) => i.stage)
    const today = at.toISOString().slice(0, 10)
    const row = buildLedgerRows(book, dir, indexLatest(progress), today, { settings: { yellowDays: 3, blueDays: 7, since: '2022-08-25' } }).find((r) => r.task.number === 57 && r.unit === '县司法局')!
    return { chased, state: row.state }
  }

  it('a 已完成 awaits review: 待审核 in replies, not chased nor overdue, then closed by the admin and never reminded', async () => {
    t = await openTestLedger(target, { now })
    await t.say(sifa, '绑定 县司法局')
    const receipt = await t.say(sifa, '第57项已完成，制度已印发', { mentionsBot: false })
    expect(receipt.reply).toContain('第57项 已完成（待办公室审核销号）')
    expect(receipt.data).toMatchObject({ unit: '县司法局', reports: [{ task: 57, status: 'done', review: 'pending' }] })
    const progress = await t.say(sifa, '第57项进度')
    expect(progress.reply).toContain('县司法局：待审核')
    expect(progress.reply).toMatch(/进度：\d+个单位中1个待审核、/)
    expect((await t.say(admin, '进度汇总')).reply).toMatch(/已完成 0，待审核 1，/)
    // Answered: not among the tasks due soon (task 57 is due in 4 days), as a closed one is not.
    expect((await t.say(sifa, '快到期的任务')).data).not.toMatchObject({ tasks: expect.arrayContaining([57]) })

    const book = await t.stores.tasks.loadBook()
    // The monthly digest counts it apart too.
    const digest = planDigest({ book, directory: createUnitDirectory(book.directory), progress: await t.stores.progress.latest(), liaisons: [], rooms: [], now })
    expect(digest.text).toMatch(/已完成0，待审核1，推进中/)
    // After the deadline: answered, so neither red nor chased while the office reviews.
    const late = await pair57(new Date('2022-09-26T09:00:00+08:00'))
    expect(late.chased).toEqual([])
    expect(late.state).toMatchObject({ overdue: false, done: false, reason: 'under_review' })
    expect(late.state.colour).not.toBe('green')

    const queue = await t.say(admin, '待销号')
    expect(queue.reply).toContain('第57项 县司法局：制度已印发（9月20日报，无佐证材料）')
    expect(queue.data).toEqual({ reviews: [{ task: 57, unit: '县司法局', note: '制度已印发', evidence: 0 }] })

    const refused = await t.say(sifa, '同意销号 第57项 县司法局')
    expect(refused.reply).toContain('仅限管理员')
    expect((await t.stores.progress.latest()).find((r) => r.unit === '县司法局')!.review).toBe('pending')

    const closed = await t.say(admin, '同意销号 第57项 县司法局')
    expect(closed.intent).toBe('review_decision')
    expect(closed.reply).toBe('已销号：县司法局 第57项。')
    expect(closed.data).toEqual({ task: 57, unit: '县司法局', decision: 'close' })
    expect((await t.say(sifa, '第57项进度')).reply).toContain('县司法局：已完成')
    expect((await t.say(admin, '待销号')).reply).toBe('目前没有待销号的事项。')
    const after = await pair57(new Date('2022-09-26T09:00:00+08:00'))
    expect(after.chased).toEqual([])
    expect(after.state).toMatchObject({ colour: 'green', done: true, overdue: false })
  })

  it('a return with its reason reaches the liaison in the room, puts the pair back in progress and chased; the second 已完成 is closed by quote-reply', async () => {
    t = await openTestLedger(target, { now })
    await t.say(sifa, '绑定 县司法局')
    await t.say(sifa, '第57项已完成', { mentionsBot: false })
    await t.say(sifa, '', { kind: 'image', fileName: '现场照片.jpg', mentionsBot: false })
    expect((await t.say(admin, '待销号')).reply).toContain('第57项 县司法局：已完成（9月20日报，佐证材料1个）')

    const returned = await t.say(admin, '退回 第57项 县司法局 请补充制度印发文件')
    expect(returned.data).toEqual({ task: 57, unit: '县司法局', decision: 'return', reason: '请补充制度印发文件' })
    expect(returned.reply).toContain('已退回：县司法局 第57项，原因：请补充制度印发文件')
    const told = returned.messages.filter((m) => m.mentionIds?.includes(sifa.id))
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({ roomId: 'room-1' })
    expect(told[0]!.text).toContain('县司法局第57项的“已完成”报送经办公室审核退回，原因：请补充制度印发文件')

    expect((await t.say(sifa, '第57项进度')).reply).toContain('县司法局：推进中')
    expect((await t.say(sifa, '快到期的任务')).data).toMatchObject({ tasks: expect.arrayContaining([57]) })
    const late = await pair57(new Date('2022-09-26T09:00:00+08:00'))
    expect(late.chased).toEqual(['red'])
    expect(late.state.overdue).toBe(true)

    // Reported again; the admin quotes the bot's receipt.
    const again = await t.say(sifa, '第57项已完成，已补充印发文件', { mentionsBot: false })
    const quoted = await t.say(admin, '同意销号', { quoted: { senderName: '督办助手', text: again.reply } })
    expect(quoted.data).toEqual({ task: 57, unit: '县司法局', decision: 'close' })
    expect((await pair57(new Date('2022-09-26T09:00:00+08:00'))).state.colour).toBe('green')
  })

  it('returns by quote-reply to the liaison\'s own report, and asks for a reason when none is given', async () => {
    t = await openTestLedger(target, { now })
    await t.say(sifa, '绑定 县司法局')
    await t.say(sifa, '第57项已完成', { mentionsBot: false })
    const bare = await t.say(admin, '退回', { quoted: { senderName: sifa.name, text: '第57项已完成' } })
    expect(bare.reply).toContain('请写明退回原因')
    const returned = await t.say(admin, '退回，材料不全', { quoted: { senderName: sifa.name, text: '第57项已完成' } })
    expect(returned.data).toEqual({ task: 57, unit: '县司法局', decision: 'return', reason: '材料不全' })
    expect((await t.say(admin, '同意销号 第57项 县司法局')).reply).toContain('没有待审核')
  })

  it('with CLOSE_REQUIRES_REVIEW off a 已完成 closes at once, as before', async () => {
    t = await openTestLedger(target, { now, env: { CLOSE_REQUIRES_REVIEW: 'off' } })
    await t.say(sifa, '绑定 县司法局')
    const receipt = await t.say(sifa, '第57项已完成', { mentionsBot: false })
    expect(receipt.reply).toContain('第57项 已完成')
    expect(receipt.reply).not.toContain('审核')
    expect(receipt.data).toEqual({ unit: '县司法局', reports: [{ task: 57, status: 'done', percent: 100 }], rejected: [] })
    expect((await t.say(sifa, '第57项进度')).reply).toContain('县司法局：已完成')
    expect((await t.say(admin, '待销号')).reply).toBe('目前没有待销号的事项。')
    const late = await pair57(new Date('2022-09-26T09:00:00+08:00'))
    expect(late.chased).toEqual([])
    expect(late.state).toMatchObject({ colour: 'green', done: true })
  })

  it('with several documents the queue names the document, and a decision finds the one pending pair', async () => {
    t = await openTestLedger(target, { now })
    const book = await t.stores.tasks.loadBook()
    const prepared = prepareImport(parseTaskText(BUSINESS, { file: '营商环境.txt' }), createUnitDirectory(book.directory), { name: '营商环境.txt', contentHash: 'biz' })
    await t.stores.tasks.importTable(prepared.input, { confirmed: true })
    t.assistant.invalidateBook()
    await t.say(sifa, '绑定 县司法局')
    expect((await t.say(sifa, '营商环境第1项已完成', { mentionsBot: false })).reply).toContain('已记录：县司法局（营商环境）')
    await t.say(sifa, '第57项已完成', { mentionsBot: false })
    const queue = await t.say(admin, '待销号')
    expect(queue.reply).toContain('营商环境第1项 县司法局：已完成')
    expect(queue.reply).toContain('文件1第57项 县司法局：已完成')
    expect(queue.data).toMatchObject({ reviews: [{ task: 1, document: '营商环境', unit: '县司法局' }, { task: 57, document: '文件1', unit: '县司法局' }] })
    // 第1项 exists in both documents; only 营商环境's awaits review.
    const closed = await t.say(admin, '同意销号 第1项 县司法局')
    expect(closed.data).toEqual({ task: 1, document: '营商环境', unit: '县司法局', decision: 'close' })
    const named = await t.say(admin, '同意销号 文件1第57项 县司法局')
    expect(named.data).toEqual({ task: 57, document: '文件1', unit: '县司法局', decision: 'close' })
  })
})
