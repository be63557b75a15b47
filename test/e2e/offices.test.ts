/**
 * Issue 14: offices sharing one database never see each other's rows, and an office runs several
 * documents at once. Real migrations, real stores, the real assistant; two offices with the same
 * unit names and the same task numbers, so that any query missing its office would show.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../src/chat.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { prepareImport } from '../../src/ledger/prepareImport.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import type { DirectoryData } from '../../src/units/model.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'
import { createStores } from '../../db/stores.js'
import { ensureOffice } from '../../db/repositories/offices.js'
import { officeOfPlace } from '../../src/offices/office.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { writeLedgerExport } from '../../bot/export.js'
import { runReminders } from '../../jobs/reminders.js'
import type { Database } from '../../db/client.js'
import { dbTargets, fixtureDirectory, TEST_OFFICE_ID } from '../helpers/db.js'
import { messageFrom, SEED_DIR } from '../helpers/ledger.js'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The second document of my own: three tasks for units of the seed's directory, numbered from 1. */
const BUSINESS = `惠来县2022年优化营商环境重点任务分工方案
1．压减企业开办时间至1个工作日以内。（牵头单位：县市场监督管理局；责任单位：县司法局、县税务局）
2．推行涉企经营许可事项告知承诺制。（牵头单位：县司法局；完成时限：2022年11月30日）
3．清理规范涉企收费项目并向社会公开。（牵头单位：县财政局；责任单位：县司法局；完成时限：2022年10月31日）
惠来县人民政府办公室
2022年9月1日印发`

const NOW = new Date('2022-09-20T02:00:00Z')

function office(db: Database['db'], officeId: number, env: Record<string, string> = {}) {
  const stores = createStores(db, officeId)
  const clock = { now: NOW }
  const assistant = createAssistant({ stores, config: parseConfig({ ENABLED_ROOMS: '政务公开工作群', ADMINS: '办公室王主任', ...env }), now: () => clock.now })
  const say = (from: { id: string; name: string; alias?: string }, text: string, extra: Partial<ChatMessage> = {}) =>
    assistant.processMessage(messageFrom(from, text, clock.now, extra))
  return { stores, assistant, clock, say }
}

async function importText(stores: Stores, text: string, file: string) {
  const book = await stores.tasks.loadBook()
  const prepared = prepareImport(parseTaskText(text, { file }), createUnitDirectory(book.directory), { name: file, contentHash: file })
  return stores.tasks.importTable(prepared.input, { confirmed: true })
}

const sifa = { id: 'wx-sifa', name: '李娜' }
const admin = { id: 'wx-admin', name: '王五', alias: '办公室王主任' }

describe.each(dbTargets)('offices in one database on $name', (target) => {
  let database: Database
  afterEach(async () => {
    await database.close()
  })

  /** 惠来县 (the seed) and 平川县: the same unit names (one town fewer) and the same seed table. */
  async function twoOffices() {
    database = await target.open()
    const a = office(database.db, TEST_OFFICE_ID)
    await ensureSeeded(a.stores, SEED_DIR, silentLogger)
    const other = await ensureOffice(database.db, officeOfPlace('平川县'))
    expect(other.id).not.toBe(TEST_OFFICE_ID)
    const seed = fixtureDirectory()
    const dropped = seed.units.find((u) => u.kind === 'town')!.name
    const directory: DirectoryData = { ...seed, county: '平川县', units: seed.units.filter((u) => u.name !== dropped) }
    const b = office(database.db, other.id)
    await b.stores.tasks.seedDirectory(directory)
    await importText(b.stores, readFileSync(join(SEED_DIR, '000_3c54fac4c972c98b.txt'), 'utf8'), 'seed.txt')
    return { a, b, dropped }
  }

  it('no query, report, reminder, export or admin action crosses over; groups expand inside the office', async () => {
    const { a, b, dropped } = await twoOffices()
    expect((await a.stores.tasks.loadBook()).tasks.length).toBe((await b.stores.tasks.loadBook()).tasks.length)

    // The same contact id bound in both (ids are per account; a collision must not matter).
    await a.say(sifa, '绑定 县司法局')
    await b.say(sifa, '绑定 县财政局')
    expect((await a.stores.liaisons.find({ contactId: sifa.id, name: sifa.name }))?.unit).toBe('县司法局')
    expect((await b.stores.liaisons.find({ contactId: sifa.id, name: sifa.name }))?.unit).toBe('县财政局')

    const reported = await a.say(sifa, '第1项已完成', { mentionsBot: false })
    expect(reported.data.reports).toHaveLength(1)
    expect(await a.stores.progress.latest()).toHaveLength(1)
    expect(await b.stores.progress.latest()).toHaveLength(0)
    // The same message id in the other office is that office's own message, not a redelivery.
    const sameId = { id: 'shared-id', roomId: 'room-1', roomTopic: '政务公开工作群', senderId: sifa.id, senderName: sifa.name, senderAlias: null, text: '第2项已完成', mentionsBot: false, receivedAt: NOW, kind: 'text' as const }
    expect((await a.assistant.processMessage(sameId)).skipped).toBeUndefined()
    expect((await b.assistant.processMessage(sameId)).skipped).toBeUndefined()
    expect((await b.assistant.processMessage(sameId)).skipped).toBe('duplicate')

    // 各镇人民政府（场） is each office's own towns.
    const a1 = await a.stores.tasks.loadBook()
    const b1 = await b.stores.tasks.loadBook()
    const towns = (book: typeof a1) => createUnitDirectory(book.directory).membersOfGroup('各镇人民政府（场）')
    expect(towns(a1)).toContain(dropped)
    expect(towns(b1)).not.toContain(dropped)
    expect(towns(b1)).toHaveLength(towns(a1).length - 1)

    // Admin actions: enabling a room and being an admin are the office's.
    await a.say(admin, '启用本群')
    expect((await a.stores.rooms.list()).map((r) => r.topic)).toEqual(['政务公开工作群'])
    expect(await b.stores.rooms.list()).toEqual([])
    await a.stores.admins.add({ contactId: 'wx-boss', name: '赵六', alias: null })
    expect(await b.stores.admins.isAdmin({ contactId: 'wx-boss', name: '赵六' })).toBe(false)

    // Reminders: queued in the office's outbox only, and only its process claims them.
    const at = new Date('2022-12-01T01:00:00Z')
    const deps = (s: Stores) => ({ stores: s, calendar: chineseWorkCalendar, settings: {}, log: silentLogger })
    const runA = await runReminders(deps(a.stores), 'deadline', at)
    expect(runA.queued.length).toBeGreaterThan(0)
    const runB = await runReminders(deps(b.stores), 'deadline', at)
    expect(runB.queued).toEqual([]) // no room enabled in 平川县
    expect(await b.stores.outbox.list()).toEqual([])
    expect(await b.stores.outbox.claimDue(at, 100, 'b')).toEqual([])
    expect((await a.stores.outbox.claimDue(at, 100, 'a')).length).toBe(runA.queued.length)
    // The same key in the other office is its own item.
    expect(await b.stores.outbox.enqueue({ dedupeKey: runA.queued[0]!, roomId: 'r', roomTopic: 't', text: 'x', mentionIds: [], filePath: null, plannedFor: at })).toBe(true)

    // Exports: each office's reports only.
    const dir = mkdtempSync(join(tmpdir(), 'duban-offices-'))
    const rowsOf = async (s: Stores, name: string) => JSON.parse(readFileSync(await writeLedgerExport(s, 'json', join(dir, name), at), 'utf8')) as { rows: { unit: string; status: string | null }[] }
    const reportedRows = (e: { rows: { unit: string; status: string | null }[] }) => e.rows.filter((r) => r.status !== null)
    const exportA = await rowsOf(a.stores, 'a.json')
    const exportB = await rowsOf(b.stores, 'b.json')
    expect(exportA.rows.length).toBeGreaterThan(exportB.rows.length) // one town fewer in 平川县
    expect(reportedRows(exportA).map((r) => r.unit)).toContain('县司法局')
    expect(reportedRows(exportB).map((r) => r.unit)).not.toContain('县司法局')
  })

  it('two active documents: listed by document, an ambiguous 第N项 asked back and recorded once, a quote-reply needs no question, archiving leaves the chat and reminders but not the export', async () => {
    database = await target.open()
    const a = office(database.db, TEST_OFFICE_ID)
    await ensureSeeded(a.stores, SEED_DIR, silentLogger)
    const second = await importText(a.stores, BUSINESS, '营商环境.txt')
    expect(second).toMatchObject({ applied: true, documentCreated: true, diff: { documentName: '营商环境', needsConfirmation: false } })
    await a.say(sifa, '绑定 县司法局')

    const mine = await a.say(sifa, '我单位负责什么')
    expect(mine.reply).toMatch(/^县司法局在 2 份文件中共涉及任务 \d+ 项：文件1 \d+ 项、营商环境 3 项。/)
    expect(mine.reply).toContain('【文件1】')
    expect((mine.data.documents as { document: string }[]).map((d) => d.document)).toEqual(['文件1', '营商环境'])

    const list = await a.say(sifa, '文件列表')
    expect(list.reply).toContain('在办文件 2 份')
    expect(list.reply).toContain('“营商环境”《惠来县2022年优化营商环境重点任务分工方案》：任务 3 项')

    // 第1项 is 县司法局's in both documents: asked back, then recorded once on the one chosen.
    const asked = await a.say(sifa, '第1项已完成', { mentionsBot: false })
    expect(asked.data).toMatchObject({ error: 'ambiguous_document', documents: ['文件1', '营商环境'] })
    expect(asked.reply).toContain('2. 营商环境第1项')
    expect(await a.stores.progress.latest()).toHaveLength(0)
    const answer = await a.say(sifa, '2', { mentionsBot: false })
    expect(answer.reply).toContain('已记录：县司法局（营商环境）')
    const book = await a.stores.tasks.loadBook()
    const business = book.documents.find((d) => d.shortName === '营商环境')!
    const recorded = await a.stores.progress.latest()
    expect(recorded).toHaveLength(1)
    expect(book.tasks.find((t) => t.id === recorded[0]!.taskId)).toMatchObject({ documentId: business.id, number: 1 })
    // The answer again is nothing: the question was used up.
    expect((await a.say(sifa, '2', { mentionsBot: false })).data.reports ?? []).toEqual([])
    expect(await a.stores.progress.latest()).toHaveLength(1)

    // 第2项 of 营商环境 is 县司法局's, the seed's 第2项 is too: named, it needs no question.
    expect((await a.say(sifa, '营商环境第2项正在推进，完成50%', { mentionsBot: false })).reply).toContain('已记录：县司法局（营商环境）')
    // A quote-reply to a reminder naming the document needs none either.
    const quote = { text: '【督办提醒】10月25日……\n县司法局：\n　〔黄〕营商环境第3项 清理规范涉企收费项目并向社会公开，时限2022年10月31日（还有6天）', senderName: '督办助手' }
    const quoted = await a.say(sifa, '已完成', { mentionsBot: false, quoted: quote })
    expect(quoted.reply).toContain('已记录：县司法局（营商环境）')
    expect(quoted.data.reports).toEqual([expect.objectContaining({ task: 3, status: 'done' })])

    // Reminders name the document when several are active.
    const at = new Date('2022-10-26T01:00:00Z')
    await a.say(admin, '启用本群')
    const deps = { stores: a.stores, calendar: chineseWorkCalendar, settings: {}, log: silentLogger }
    const before = await runReminders(deps, 'deadline', at, { dryRun: true })
    expect(before.batches.some((b) => b.items.some((i) => i.task.documentId === business.id))).toBe(false) // 3 done, 1 not yet due
    const nov = new Date('2022-11-28T01:00:00Z')
    const dueRun = await runReminders(deps, 'deadline', nov, { dryRun: true })
    expect(dueRun.batches.map((b) => b.text).join('\n')).toContain('营商环境第2项')

    // The office's views take a document's name.
    const whole = await a.say(admin, '进度汇总')
    const scoped = await a.say(admin, '进度汇总 营商环境')
    expect(scoped.data.tasks).toBe(3)
    expect(whole.data.tasks).toBe(61)
    // Due within the week and not reported: some of the seed's units; none of 营商环境 (not due yet).
    const missingAll = await a.say(admin, '未反馈')
    expect((missingAll.data.units as unknown[]).length).toBeGreaterThan(0)
    const missingThere = await a.say(admin, '营商环境未反馈')
    expect(missingThere.data.units).toEqual([])
    expect(missingThere.reply).toBe('到期及逾期任务均已有反馈。')

    // Archived: out of the chat and the reminders, still in the export.
    expect((await a.say(sifa, '归档 营商环境')).data.error).toBe('not_admin')
    expect((await a.say(admin, '归档 营商环境')).reply).toContain('已归档“营商环境”')
    const after = await a.say(sifa, '我单位负责什么')
    expect(after.reply).not.toContain('营商环境')
    const archivedRun = await runReminders(deps, 'deadline', nov, { dryRun: true })
    expect(archivedRun.batches.flatMap((b) => b.items).some((i) => i.task.documentId === business.id)).toBe(false)
    const dir = mkdtempSync(join(tmpdir(), 'duban-docs-'))
    const exported = JSON.parse(readFileSync(await writeLedgerExport(a.stores, 'json', join(dir, 'l.json'), nov), 'utf8')) as { rows: { document: string | null; task: number; unit: string; status: string }[] }
    expect(exported.rows.filter((r) => r.unit === '县司法局' && r.status === 'done').length).toBeGreaterThanOrEqual(2)
    expect(exported.rows.filter((r) => r.document === '营商环境').map((r) => r.task)).toEqual(expect.arrayContaining([1, 2, 3]))
    // The xlsx: a 台账 and a 明细 per document (the archived one marked), one unit summary across them.
    const { Workbook } = (await import('exceljs')).default
    const wb = new Workbook()
    await wb.xlsx.readFile(await writeLedgerExport(a.stores, 'xlsx', join(dir, 'l.xlsx'), nov))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['台账-文件1', '台账-营商环境', '明细-文件1', '明细-营商环境', '单位汇总', '联络员'])
    expect(wb.getWorksheet('台账-营商环境')!.headerFooter.oddHeader).toContain('惠来县2022年优化营商环境重点任务分工方案落实情况台账（已归档）')
    // With one document left, 第1项 means it again.
    expect((await a.say(sifa, '第1项正在推进', { mentionsBot: false })).reply).toContain('已记录：县司法局')
    expect((await a.say(admin, '恢复 营商环境')).reply).toContain('已恢复“营商环境”')
    expect((await a.say(sifa, '文件列表')).reply).toContain('在办文件 2 份')
  })
})
