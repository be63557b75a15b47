import { statSync } from 'node:fs'
/**
 * A revised table sent into the chat: 预览导入 shows what changes (removed, renumbered, changed
 * tasks, reporting units dropped); 导入 of a revision that moves reported tasks asks for 确认导入
 * and changes nothing until then; after it, every report is on its task, a dropped unit's report
 * shown marked in 第N项进度 and in the export.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../src/chat.js'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { reviseSeed } from '../helpers/revisedSeed.js'
import { createUploadedTableReader } from '../../bot/assistantWiring.js'
import { writeLedgerExport } from '../../bot/export.js'

const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const sifa = { id: 'wx-sifa', name: '李娜' }
const REVISED = '政务公开任务分解表（9月修订）.txt'

/** The seed without task 2 (the rest renumbered) and with 县司法局 no longer 牵头 of task 3. */
const revisedSeed = () =>
  reviseSeed({ remove: [2], edit: (line) => line.replace('牵头单位：县政府办公室、县司法局、县政务服务数据管理局', '牵头单位：县政府办公室、县政务服务数据管理局') })

describe.each(dbTargets)('a revised table from the chat on $name', (target) => {
  let t: TestLedger
  const dir = mkdtempSync(join(tmpdir(), 'chat-revision-'))
  const file = (name: string): Partial<ChatMessage> => ({ kind: 'file', fileName: name, text: '', mentionsBot: false })

  beforeAll(async () => {
    writeFileSync(join(dir, REVISED), revisedSeed())
    // About revisions, not 销号: a 已完成 closes at once.
    t = await openTestLedger(target, { env: { CLOSE_REQUIRES_REVIEW: 'off' }, services: { saveAttachment: async (msg) => ({ path: join(dir, msg.fileName!), bytes: statSync(join(dir, msg.fileName!)).size }), readUploadedTable: createUploadedTableReader({ seconds: 120, memoryMb: 128 }) } })
    await t.say(sifa, '绑定 县司法局')
    expect((await t.say(sifa, '第1、2、3项已完成')).data.reports).toHaveLength(3)
  })
  afterAll(() => t.close())

  it('预览导入 lists what the revision changes and that it needs 确认导入; nothing written', async () => {
    await t.say(admin, '预览导入')
    const r = await t.say(admin, '', file(REVISED))
    expect(r.reply).toContain('（尚未导入）')
    const text = [r.reply, ...(await Promise.all([1, 2, 3].map(async () => (await t.say(admin, '更多')).reply)))].join('\n')
    expect(text).toContain('与现有任务表相比：新增 0 项，删除 1 项，内容修改 1 项，编号变动 56 项，未变 1 项。')
    expect(text).toMatch(/删除.*原第2项 .*（已有 1 个单位报送进度）/)
    // The seed has no task 23: two runs.
    expect(text).toContain('编号变动（进度随任务）：原第3至22项改为第2至21项；原第24至59项改为第23至58项')
    expect(text).toMatch(/第2项（原第3项）（减少县司法局）/)
    expect(text).toContain('第2项 县司法局（原牵头）')
    expect(text).toContain('“确认导入”')
    expect(r.data.diff).toMatchObject({ needsConfirmation: true, removed: [{ number: 2, reported: 1 }] })
    expect((await t.stores.tasks.loadBook()).tasks).toHaveLength(58)
  })

  it('导入 of it is not made without 确认导入; 确认导入 imports it and says what changed', async () => {
    const ask = await t.say(admin, '导入')
        expect(ask.reply).toContain('尚未导入，未作任何改动')
    expect((await t.stores.tasks.loadBook()).tasks).toHaveLength(58)
    const done = await t.say(admin, '确认导入')
    expect(done.reply).toContain('已导入')
    expect(done.reply).toContain('删除 1 项')
    expect(done.reply).toContain('编号变动 56 项')
    expect((await t.stores.tasks.loadBook()).tasks).toHaveLength(57)
  })

  it('every report stays on its task: task 1 as before, old task 3 under number 2 with 县司法局 marked', async () => {
    const one = await t.say(admin, '第1项进度')
    expect(one.reply).toContain('县司法局：已完成')
    const two = await t.say(admin, '第2项进度')
    expect(two.reply).toContain('参照省、市政府行政规范性文件库建设')
    expect(two.reply).toContain('县司法局（已不在本项责任单位中）：已完成')
    // The old task 2's report is kept with it, not moved onto the new task 2.
    expect(two.reply).not.toMatch(/^县司法局：/m)
    const csv = readFileSync(await writeLedgerExport(t.stores, 'csv', join(dir, '台账.csv'), t.clock.now), 'utf8')
    const rows = csv.split('\r\n').filter((l) => l.startsWith('2,'))
    expect(rows.some((l) => l.includes('县司法局（已不在本项责任单位中）') && l.includes('已完成'))).toBe(true)
  })

  it('the same revision again changes nothing and needs no confirmation', async () => {
    await t.say(admin, '导入')
    const again = await t.say(admin, '', file(REVISED))
    expect(again.reply).toContain('已导入')
    expect(again.reply).toContain('新增 0 项，未变 57 项')
  })
})
