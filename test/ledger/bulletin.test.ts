/**
 * Issue 15, item 5: the monthly 通报 — figures per document, 红黄榜 by the one colour definition,
 * the overdue tasks with their units, and the progress chart inside the .docx draft.
 */
import { mkdtempSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBulletinDocx } from '../../render/bulletinDocx.js'
import { writeProgressChart } from '../../render/chart.js'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { runDigest } from '../../jobs/reminders.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Bulletin } from '../../src/ledger/bulletin.js'

const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const sifa = { id: 'wx-sifa', name: '李娜' }
const caizheng = { id: 'wx-cz', name: '王五' }

describe.each(dbTargets)('monthly 通报 on $name', (target) => {
  let t: TestLedger
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-'))
  beforeAll(async () => {
    // 2023-01-05: the seed's year-end tasks are overdue for the units that have not reported them done.
    t = await openTestLedger(target, {
      now: new Date('2023-01-05T02:00:00Z'),
      services: {
        writeBulletin: (b, chart) => writeBulletinDocx(b, join(dir, 'bulletins'), chart),
        renderProgressChart: (data, today) => writeProgressChart(data, dir, today, 'test'),
      },
    })
    await t.say(sifa, '绑定 县司法局')
    await t.say(caizheng, '绑定 县财政局')
  })
  afterAll(() => t.close())

  it('is for admins; the draft lists the red and yellow units, the overdue tasks with their units, and holds the chart', async () => {
    expect((await t.say(sifa, '生成通报')).reply).toBe('生成通报仅限管理员。')
    const before = await t.say(admin, '生成通报')
    const yellowBefore = before.data.yellow as string[]
    expect(yellowBefore).toContain('县司法局')
    // 县司法局 reports its overdue tasks done: it leaves the yellow list.
    const sifaTasks = (await t.say(sifa, '逾期任务')).data.tasks as number[]
    expect(sifaTasks.length).toBeGreaterThan(0)
    expect((await t.say(sifa, `第${sifaTasks.join('、')}项已完成`, { mentionsBot: false })).data.reports).toHaveLength(sifaTasks.length)
    // 销号 (CLOSE_REQUIRES_REVIEW): 已完成 counts for the 红榜 once the office has closed it.
    const pending = await t.say(admin, '生成通报')
    expect(pending.data.red).not.toContain('县司法局')
    for (const n of sifaTasks) expect((await t.say(admin, `同意销号 第${n}项 县司法局`)).data).toMatchObject({ task: n, decision: 'close' })
    const r = await t.say(admin, '生成通报')
    expect(r.intent).toBe('bulletin')
    expect(r.reply).toMatch(/^已生成2023年1月督办工作通报（征求意见稿）：红榜 \d+ 个单位，黄榜 \d+ 个单位，逾期未完成事项 \d+ 项。/)
    expect(r.data.yellow).not.toContain('县司法局')
    expect(r.data.red).toContain('县司法局')
    const files = r.messages.slice(1).map((m) => m.filePath!)
    expect(files).toHaveLength(2)
    expect(files[1]).toMatch(/\.png$/)
    const zip = await JSZip.loadAsync(await readFile(files[0]!))
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '')
    for (const part of ['督办工作通报', '2023年第1期', '一、总体情况', '二、红黄榜', '三、逾期未完成事项', '四、下步工作要求', '惠来县人民政府办公室', '2023年1月5日']) expect(text, part).toContain(part)
    expect(text).toMatch(/红榜（无逾期、完成率较高）：[^。]*县司法局/)
    expect(text).not.toMatch(/黄榜（有逾期未完成任务）：[^。]*县司法局/)
    // The chart is in the document as a picture.
    expect(Object.keys(zip.files).some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true)
  })

  it('goes with the monthly digest on the first working day, for the month that ended', async () => {
    const at = new Date('2023-02-01T09:30:00+08:00')
    const deps = {
      stores: t.stores, calendar: chineseWorkCalendar, settings: {}, log: silentLogger, adminRoom: '县府办内部群',
      writeBulletin: (b: Bulletin, chart: string | null) => writeBulletinDocx(b, join(dir, 'digest'), chart),
    }
    expect((await runDigest(deps, at)).queued).toBe(true)
    const item = (await t.stores.outbox.list()).find((i) => i.dedupeKey === '督办月报|2023-02|通报')
    expect(item?.filePath).toMatch(/督办工作通报-2023年1月-\d+\.docx$/)
    const zip = await JSZip.loadAsync(await readFile(item!.filePath!))
    expect(await zip.file('word/document.xml')!.async('string')).toContain('2023年第1期')
    // Queued once: the same day again adds nothing.
    expect((await runDigest(deps, at)).queued).toBe(false)
    expect((await t.stores.outbox.list()).filter((i) => i.dedupeKey.endsWith('|通报'))).toHaveLength(1)
  })
})
