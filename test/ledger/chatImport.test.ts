import { statSync } from 'node:fs'
/**
 * An admin imports a task table by sending it into the chat: 预览导入 / 导入 and the file, in either
 * order; only 导入 writes; bad files are refused with the file named and nothing written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../src/chat.js'
import { dbTargets, TEST_OFFICE_ID } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { createStores } from '../../db/stores.js'
import type { Database } from '../../db/client.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { silentLogger } from '../../src/ledger/context.js'
import { SEED_DIR } from '../helpers/ledger.js'
import { createUploadedTableReader } from '../../bot/assistantWiring.js'
import { mergeBombXlsx } from '../helpers/hostileFiles.js'
import { botWithFile } from '../helpers/attachments.js'
import { createAttachmentSaver, createUploadDiscarder } from '../../bot/files.js'

const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const sifa = { id: 'wx-sifa', name: '李娜' }
const TABLE = '某某县2022年政务公开重点任务分解表.xlsx'

/** The table; `revised`: the same document without its first task (a revision that needs 确认导入 once task 1 is reported). */
async function table(revised = false, title = '某某县2022年政务公开重点任务分解表'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  ws.addRow([title])
  ws.mergeCells('A1:E1')
  ws.addRow(['完成时限', '牵头单位', '序号', '具体措施', '责任单位'])
  if (!revised) ws.addRow(['年底前', '县司法局', 1, '清理规范性文件并公开结果。', '县政府办公室'])
  ws.addRow(['每季度', '县政务服务数据管理局', revised ? 1 : 2, '更新政务公开专区。', '各镇人民政府（场）'])
  ws.addRow(['持续推进', '县城市综合执法局', revised ? 2 : 3, '公开执法检查结果。', ''])
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describe.each(dbTargets)('importing a task table from the chat on $name', (target) => {
  let t: TestLedger
  const dir = mkdtempSync(join(tmpdir(), 'chat-import-'))
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-import-data-'))
  const file = (name: string): Partial<ChatMessage> => ({ kind: 'file', fileName: name, text: '', mentionsBot: false })

  beforeAll(async () => {
    writeFileSync(join(dir, TABLE), await table())
    writeFileSync(join(dir, '坏表.xlsx'), (await table()).subarray(0, 300))
    writeFileSync(join(dir, '通知.txt'), '请各单位做好准备。\n')
    writeFileSync(join(dir, '改了标题.xlsx'), await table(false, '某某县政务公开工作任务清单（调整后）'))
    writeFileSync(join(dir, '会议纪要.docx'), '会议纪要\n会议研究了政务公开工作。\n')
    writeFileSync(join(dir, '大表.xlsx'), new Uint8Array(2 * 1024 * 1024 + 10).fill(0x41))
    writeFileSync(join(dir, '炸弹.xlsx'), await mergeBombXlsx())
    t = await openTestLedger(target, {
      env: { IMPORT_MAX_MB: '2' },
      services: {
        // The real saver, downloading from a bot whose messages carry the files of `dir`.
        saveAttachment: (msg, opts) => createAttachmentSaver(() => botWithFile(join(dir, msg.fileName!)), dataDir)(msg, opts),
        discardUpload: createUploadDiscarder(dataDir),
        readUploadedTable: createUploadedTableReader({ seconds: 120, memoryMb: 128 }),
      },
    })
  })
  afterAll(() => t.close())

  it('is for admins only', async () => {
    const r = await t.say(sifa, '导入')
    expect(r.reply).toBe('导入任务分解表仅限管理员。')
    expect(r.data.error).toBe('not_admin')
  })

  it('previews first (预览导入, then the file): the summary, nothing written', async () => {
    const before = await t.stores.tasks.countTasks()
    const wait = await t.say(admin, '预览导入')
    expect(wait.intent).toBe('import_table')
    expect(wait.reply).toContain('5分钟内发送任务分解表文件')
    const preview = await t.say(admin, '', file(TABLE))
    expect(preview.reply).toContain('预览《某某县2022年政务公开重点任务分解表》（尚未导入）')
    expect(preview.reply).toContain('任务 3 项。')
    expect(preview.reply).toContain('导入时将新建的单位 1 个，请核对：县城市综合执法局')
    expect(preview.reply).toContain('确认无误请在5分钟内发送“导入”')
    expect(preview.messages[0]!.mentionIds).toEqual([admin.id])
    expect(await t.stores.tasks.countTasks()).toBe(before)
    const stillSeed = await t.say(admin, '县司法局有哪些任务')
    expect(stillSeed.data.lead).toEqual([1, 2, 3, 10, 33])
  })

  it('imports the previewed file on 导入, and the chat answers from the new table at once', async () => {
    const done = await t.say(admin, '导入')
    expect(done.reply).toContain('已导入《某某县2022年政务公开重点任务分解表》')
    expect(done.reply).toContain('新增 3 项')
    expect(done.data).toMatchObject({ tasks: 3, dryRun: false })
    // The new table is a second document beside the seed's: both are listed, by document.
    const lead = await t.say(admin, '县司法局有哪些任务')
    expect(lead.data.documents).toMatchObject([{ document: '文件1', lead: [1, 2, 3, 10, 33] }, { document: '政务公开', lead: [1] }])
    expect(lead.reply).toContain('【政务公开】')
    const asked = await t.say(admin, '第1项')
    expect(asked.data).toMatchObject({ error: 'ambiguous_document', documents: ['文件1', '政务公开'] })
    const detail = await t.say(admin, '2')
    expect(detail.reply).toContain('2022年12月31日')
    expect((await t.say(admin, '政务公开第1项')).reply).toContain('2022年12月31日')
    // Nothing is waiting any more: 导入 asks for a file again.
    const again = await t.say(admin, '导入')
    expect(again.reply).toContain('请在5分钟内发送')
  })

  it('导入 文件简称 imports a retitled table as that document’s revision; an unknown name changes nothing and keeps the file', async () => {
    const documents = async () => (await t.stores.tasks.loadBook()).documents.map((d) => d.shortName)
    const before = await documents()
    expect(before).toContain('政务公开')
    const waiting = await t.say(admin, '导入 营商环境')
    expect(waiting).toMatchObject({ intent: 'import_table', data: { waiting: true } })
    const unknown = await t.say(admin, '', file('改了标题.xlsx'))
    expect(unknown.reply).toContain('没有简称为“营商环境”的文件（现有：“文件1”、“政务公开”）')
    expect(unknown.reply).toContain('未作任何改动')
    expect(await documents()).toEqual(before)
    const into = await t.say(admin, '导入为政务公开的修订版')
    expect(into.reply).toContain('这是“政务公开”的修订版')
    expect(into.data.diff).toMatchObject({ document: 'revision', documentName: '政务公开' })
    expect(await documents()).toEqual(before)
    // The revision's title is the document's now; the first title again is a revision only when named.
    await t.say(admin, '预览导入 政务公开')
    const back = await t.say(admin, '', file(TABLE))
    expect(back.reply).toContain('这是“政务公开”的修订版')
    expect((await t.say(admin, '导入')).reply).toContain('已导入《某某县2022年政务公开重点任务分解表》')
    expect(await documents()).toEqual(before)
  })

  it('takes the file first and the word after, in a private chat (the same table again changes nothing)', async () => {
    const held = await t.say(admin, '', { ...file(TABLE), roomId: null, roomTopic: null })
    expect(held.reply).toContain('已收到“某某县2022年政务公开重点任务分解表.xlsx”')
    const done = await t.say(admin, '导入', { roomId: null, roomTopic: null })
    expect(done.reply).toContain('未变 3 项')
  })

  it('refuses a broken file, a file that is no table and one over the size limit, naming the file; nothing written', async () => {
    const before = await t.stores.tasks.countTasks()
    for (const [name, reason] of [
      ['坏表.xlsx', '坏表.xlsx: 文件已损坏'],
      ['通知.txt', '通知.txt: 未找到任务'],
      ['大表.xlsx', '大表.xlsx: 文件大小 2 MB，超过导入上限 2 MB'],
    ] as const) {
      await t.say(admin, '导入')
      const r = await t.say(admin, '', file(name))
      expect(r.reply.startsWith('未能导入，未作任何改动。')).toBe(true)
      expect(r.reply).toContain(reason)
      expect(r.reply).not.toMatch(/Error|at .*\.ts|\/tmp\//)
    }
    expect(await t.stores.tasks.countTasks()).toBe(before)
  })

  it('says nothing about an admin’s file in a group until asked; a file that was no table leaves the command waiting', async () => {
    const silent = await t.say(admin, '', file('会议纪要.docx'))
    expect(silent.reply).toBe('')
    const asked = await t.say(admin, '预览导入')
    expect(asked.reply).toContain('会议纪要.docx: 未找到任务')
    expect(asked.reply).toContain('如需导入其他文件，请在5分钟内发送。')
    const picture = await t.say(admin, '', { kind: 'image', fileName: 'a.jpg', text: '', mentionsBot: false })
    expect(picture.reply).toBe('')
    const preview = await t.say(admin, '', file(TABLE))
    expect(preview.reply).toContain('（尚未导入）')
  })

  it('answers a liaison while a hostile file is being read, then refuses the file with the limit named', async () => {
    await t.say(admin, '导入') // imports the table the test above previewed
    const before = await t.stores.tasks.countTasks()
    expect((await t.say(admin, '导入')).reply).toContain('请在5分钟内发送')
    let importDone = false
    const importing = t.say(admin, '', file('炸弹.xlsx')).finally(() => (importDone = true))
    const help = await t.say(sifa, '帮助', { roomId: null, roomTopic: null })
    expect(help.reply).toContain('可以这样问我')
    expect(importDone).toBe(false)
    const refused = await importing
    expect(refused.reply).toMatch(/^未能导入，未作任何改动。\n炸弹\.xlsx: 读取所需内存超过 128 MB，已停止/)
    expect(await t.stores.tasks.countTasks()).toBe(before)
  }, 150_000)
})

// Issue 11: after a restart between `导入` and the file, the admin got no reply at all.
// Issue 12: every waiting state (a command, a held or previewed file, a diff to confirm) is in the database.
describe.each(dbTargets)('a chat import across a restart on $name', (target) => {
  const dir = mkdtempSync(join(tmpdir(), 'chat-import-restart-'))
  const REVISED = '修订后的任务分解表.xlsx'
  let database: Database
  beforeAll(async () => {
    writeFileSync(join(dir, TABLE), await table())
    writeFileSync(join(dir, REVISED), await table(true))
    database = await target.open()
    await ensureSeeded(createStores(database.db, TEST_OFFICE_ID), SEED_DIR, silentLogger)
  })
  afterAll(() => database.close())

  // Each start is a new process: new stores, new assistant, nothing in memory.
  const start = (now?: () => Date) =>
    createAssistant({
      stores: createStores(database.db, TEST_OFFICE_ID),
      config: parseConfig({ ENABLED_ROOMS: '政务公开工作群', ADMINS: '办公室王主任' }),
      ...(now ? { now } : {}),
      services: { saveAttachment: async (msg) => ({ path: join(dir, msg.fileName!), bytes: statSync(join(dir, msg.fileName!)).size }), readUploadedTable: createUploadedTableReader({ seconds: 120, memoryMb: 128 }) },
    })
  const boss = { senderId: 'wx-boss', senderName: '王', senderAlias: '办公室王主任' }
  let n = 0
  const say = (assistant: ReturnType<typeof start>, text: string, extra: Partial<ChatMessage> = {}) =>
    assistant.processMessage({
      id: `restart-${++n}`, roomId: 'room-r', roomTopic: '政务公开工作群', ...boss, text, mentionsBot: true, receivedAt: new Date(), kind: 'text', ...extra,
    })

  it('a waiting 预览导入 survives the restart: the file sent after it is previewed; after another, 导入 imports it', async () => {
    const before = start()
    expect((await say(before, '预览导入')).reply).toContain('5分钟内发送任务分解表文件')
    // Re-login: the room and the admin have new ids; the same topic and name.
    const after = start()
    const preview = await say(after, '', { kind: 'file', fileName: TABLE, text: '', mentionsBot: false, roomId: 'room-r2', senderId: 'wx-boss2' })
    expect(preview.reply).toContain('（尚未导入）')
    expect(preview.reply).toContain('任务 3 项。')
    const done = await say(start(), '导入', { roomId: 'room-r2', senderId: 'wx-boss2' })
    expect(done.reply).toContain('已导入《某某县2022年政务公开重点任务分解表》')
    expect(done.reply).toContain('新增 3 项')
  })

  it('a file held before 导入 survives the restart (a private chat)', async () => {
    const dm = { roomId: null, roomTopic: null }
    expect((await say(start(), '', { ...dm, kind: 'file', fileName: TABLE, text: '', mentionsBot: false })).reply).toContain('已收到')
    expect((await say(start(), '导入', dm)).reply).toContain('未变 3 项')
    // Used up: 导入 again waits for a file.
    expect((await say(start(), '导入', dm)).reply).toContain('请在5分钟内发送')
  })

  it('a diff shown for 确认导入 survives the restart: 确认导入 after it imports the revision', async () => {
    const liaison = { senderId: 'wx-sifa-r', senderName: '李娜' }
    expect((await say(start(), '绑定 县司法局', liaison)).reply).toContain('已绑定')
    // The seed's table and this one both have a 第1项 for 县司法局: the document is named.
    expect((await say(start(), '政务公开第1项已完成', { ...liaison, mentionsBot: false })).data.reports).toHaveLength(1)
    const before = start()
    await say(before, '', { kind: 'file', fileName: REVISED, text: '', mentionsBot: false }) // held quietly
    const shown = await say(before, '导入')
    expect(shown.reply).toContain('“确认导入”')
    expect(shown.data.diff).toMatchObject({ needsConfirmation: true })
    const confirmed = await say(start(), '确认导入')
    expect(confirmed.reply).toContain('已导入《某某县2022年政务公开重点任务分解表》')
    expect((await say(start(), '政务公开第2项', liaison)).reply).toContain('公开执法检查结果')
    // Nothing waits any more.
    expect((await say(start(), '确认导入')).reply).toContain('请在5分钟内发送')
  })

  it('an import done while its waiting state cannot be cleared still says it is done; a wait that cannot be stored is not promised', async () => {
    const stores = createStores(database.db, TEST_OFFICE_ID)
    stores.importWaits = { ...stores.importWaits, set: async () => Promise.reject(new Error('connection lost')) }
    const flaky = createAssistant({
      stores,
      config: parseConfig({ ENABLED_ROOMS: '政务公开工作群', ADMINS: '办公室王主任' }),
      services: { saveAttachment: async (msg) => ({ path: join(dir, msg.fileName!), bytes: statSync(join(dir, msg.fileName!)).size }), readUploadedTable: createUploadedTableReader({ seconds: 120, memoryMb: 128 }) },
    })
    const dm = { roomId: null, roomTopic: null, senderId: 'wx-boss-dm', senderName: '王五', senderAlias: '办公室王主任' }
    expect((await say(start(), '导入', dm)).reply).toContain('收到后即导入')
    const done = await say(flaky, '', { ...dm, kind: 'file', fileName: TABLE, text: '', mentionsBot: false })
    expect(done.reply).toContain('已导入《某某县2022年政务公开重点任务分解表》')
    const asked = await say(flaky, '导入', dm)
    expect(asked.reply).not.toContain('5分钟内发送')
    expect(asked.reply).toContain('处理时出现问题')
  })

  it('a waiting state expires after the window, across a restart too', async () => {
    const old = new Date(Date.now() - 6 * 60_000)
    expect((await say(start(() => old), '导入', { receivedAt: old })).reply).toContain('收到后即导入')
    // Six minutes on, after a restart: the command has expired, so a file is no longer taken for it
    // (a waiting command would try it and say it cannot be imported).
    const late = await say(start(), '', { kind: 'file', fileName: '会议通知.pdf', text: '', mentionsBot: false })
    expect(late.reply).toBe('')
    expect(late.skipped).toBe('ignored')
  })

  it('a waiting 导入 survives the restart and imports; the command is used up once', async () => {
    expect((await say(start(), '导入')).reply).toContain('收到后即导入')
    const after = start()
    const done = await say(after, '', { kind: 'file', fileName: TABLE, text: '', mentionsBot: false })
    expect(done.reply).toContain('已导入《某某县2022年政务公开重点任务分解表》')
    // A second file is not taken as a table any more: held quietly, as any admin file in a group.
    const again = await say(start(), '', { kind: 'file', fileName: TABLE, text: '', mentionsBot: false })
    expect(again.reply).toBe('')
  })
})
