/**
 * Issue 15, item 4: 督办通知单 — a numbered .docx for each unit whose task is overdue, issued by an
 * admin, read back from the file; numbers never repeat, even with two processes taking them at once.
 */
import { mkdtempSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, MEMORY_DATA_DIR } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { writeNoticeDocx } from '../../render/noticeDocx.js'
import { createPostgresDatabase, dbTargets, testDatabaseUrl, TEST_OFFICE_ID, withTestOffice } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { runReminders } from '../../jobs/reminders.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { SupervisionNotice } from '../../src/ledger/notices.js'

const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const sifa = { id: 'wx-sifa', name: '李娜' }

async function documentText(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(path))
  const xml = await zip.file('word/document.xml')!.async('string')
  // The text as Word shows it: runs joined, paragraphs on lines.
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '')
}

describe.each(dbTargets)('督办通知单 on $name', (target) => {
  let t: TestLedger
  const dir = mkdtempSync(join(tmpdir(), 'notices-'))
  beforeAll(async () => {
    // 2023-01-05: the seed's 第1项 (2022年底前) is overdue for its two units.
    t = await openTestLedger(target, { now: new Date('2023-01-05T02:00:00Z'), services: { writeNotice: (n) => writeNoticeDocx(n, dir) } })
  })
  afterAll(() => t.close())

  it('is issued by admins only', async () => {
    await t.say(sifa, '绑定 县司法局')
    expect((await t.say(sifa, '督办单 第1项')).reply).toBe('印发督办通知单仅限管理员。')
  })

  it('numbers one notice per overdue unit, as a .docx in 公文 layout, sent after the text', async () => {
    const r = await t.say(admin, '督办单 第1项')
    expect(r.intent).toBe('issue_notice')
    const notices = r.data.notices as { number: string; unit: string; file: string }[]
    expect(notices.map((n) => [n.number, n.unit])).toEqual([['〔2023〕第1号', '县司法局'], ['〔2023〕第2号', '县政府办公室']])
    expect(r.reply).toContain('已印发第1项督办通知单 2 份：〔2023〕第1号 县司法局；〔2023〕第2号 县政府办公室')
    expect(r.messages.slice(1).map((m) => m.filePath)).toEqual(notices.map((n) => n.file))
    const text = await documentText(notices[0]!.file)
    for (const part of ['督办通知单', '督办〔2023〕第1号', '县司法局：', '原定时限', '2022年12月31日', '现已逾期5天', '反馈时限', '2023年1月10日前', '惠来县人民政府办公室', '2023年1月5日']) {
      expect(text, part).toContain(part)
    }
    expect(text).toContain('做好县政府规范性文件清理工作')
  })

  it('leaves out a unit that has reported done, takes new numbers, and says when nobody is overdue', async () => {
    await t.say(sifa, '第1项已完成', { mentionsBot: false })
    const again = await t.say(admin, '督办单 第1项')
    expect((again.data.notices as { number: string; unit: string }[]).map((n) => [n.number, n.unit])).toEqual([['〔2023〕第3号', '县政府办公室']])
    const named = await t.say(admin, '督办单 第1项 县司法局')
    expect(named.reply).toBe('第1项县司法局目前没有逾期未完成的单位，无需印发督办通知单。')
    expect((await t.say(admin, '督办单 第999项')).data.error).toBe('unknown_task')
  })
})

describe.each(dbTargets)('督办通知单 numbers with two processes ($name)', (target) => {
  it('never gives a number twice, from two connections taking them at once', async () => {
    let close: () => Promise<void>
    let one: ReturnType<typeof createStores>
    let two: ReturnType<typeof createStores>
    if (target.name === 'pglite') {
      const db = await target.open()
      one = two = createStores(db.db, TEST_OFFICE_ID)
      close = () => db.close()
    } else {
      const created = await createPostgresDatabase(testDatabaseUrl!)
      const a = await withTestOffice(await openDatabase({ databaseUrl: created.url, dataDir: MEMORY_DATA_DIR }))
      const b = await openDatabase({ databaseUrl: created.url, dataDir: MEMORY_DATA_DIR })
      one = createStores(a.db, TEST_OFFICE_ID)
      two = createStores(b.db, TEST_OFFICE_ID)
      close = async () => {
        await a.close()
        await b.close()
        await created.drop()
      }
    }
    try {
      const taken = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).notices.nextNumber(2022)))
      expect(new Set(taken).size).toBe(40)
      expect([...taken].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
      // Another year starts again at 1; the years do not share numbers.
      expect(await one.notices.nextNumber(2023)).toBe(1)
      expect(await two.notices.nextNumber(2022)).toBe(41)
    } finally {
      await close()
    }
  })
})

describe.each(dbTargets)('督办通知单 issued by the daily run on $name', (target) => {
  let t: TestLedger
  const dir = mkdtempSync(join(tmpdir(), 'auto-notices-'))
  beforeAll(async () => {
    t = await openTestLedger(target, { now: new Date('2023-01-05T02:00:00Z') })
    await t.say(sifa, '绑定 县司法局')
    await t.stores.rooms.setEnabled('room-1', '政务公开工作群', true)
  })
  afterAll(() => t.close())

  it('on the N-th working day after the deadline, once, to the room of each unit still red (none where no room reaches it)', async () => {
    const deps = {
      stores: t.stores, calendar: chineseWorkCalendar, settings: {}, log: silentLogger,
      autoNotice: { afterRedWorkdays: 3, write: (n: SupervisionNotice) => writeNoticeDocx(n, dir) },
    }
    const notices = async () => (await t.stores.outbox.list()).filter((i) => i.dedupeKey.startsWith('督办单|'))
    // 2022-12-31 (a Saturday) + 3 working days, past the New Year holiday: 2023-01-05.
    await runReminders(deps, 'deadline', new Date('2023-01-04T01:00:00Z'))
    expect(await notices()).toEqual([])
    await runReminders(deps, 'deadline', new Date('2023-01-05T01:00:00Z'))
    const issued = await notices()
    expect(issued.length).toBeGreaterThan(0)
    // Only 县司法局 has a liaison in a room: 县政府办公室 (also red on 第1项) gets none.
    expect(issued.every((i) => i.dedupeKey.includes('|县司法局|'))).toBe(true)
    const first = issued.find((i) => i.text.includes('第1项'))!
    expect(first.text).toMatch(/^【督办通知单】〔2023〕第\d+号 县司法局：第1项已逾期5天，请按通知单要求于2023年1月10日前反馈。$/)
    expect(first.mentionIds).toEqual([sifa.id])
    expect(first.filePath).toMatch(/\.docx$/)
    const numbers = issued.map((i) => /第(\d+)号/.exec(i.text)![1])
    expect(new Set(numbers).size).toBe(issued.length)
    // The same day again, a restart, the next day: nothing more.
    await runReminders(deps, 'deadline', new Date('2023-01-05T01:00:00Z'))
    await runReminders(deps, 'deadline', new Date('2023-01-06T01:00:00Z'))
    expect(await notices()).toHaveLength(issued.length)
  })
})
