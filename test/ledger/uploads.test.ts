/**
 * Issue 11, defect 7: disk under DATA_DIR is bounded. An import file is refused before or while
 * downloading when over the limit and deleted once imported or refused; evidence has a per-file
 * limit and a per-unit daily quota; the admin's 进度汇总 shows the disk used.
 */
import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../src/chat.js'
import { megabytes } from '../../src/bytes.js'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { botWithFile, botWithStream } from '../helpers/attachments.js'
import { createAttachmentSaver, createDataDirUsage, createUploadDiscarder } from '../../bot/files.js'
import { createUploadedTableReader } from '../../bot/assistantWiring.js'

const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const sifa = { id: 'wx-sifa', name: '李娜' }
const KB = 1024
const MB = 1024 * KB
/** Files sent as streams whose size is known only by reading them: name -> bytes. */
const streamed: Record<string, number> = Object.fromEntries(Object.entries({
  '超大表.xlsx': 3 * MB,
  '现场照片.pdf': 1.5 * MB,
  'a.pdf': 0.9 * MB,
  'b.pdf': 0.9 * MB,
  'c.pdf': 0.5 * MB,
  'd.pdf': 10 * KB,
  'e.pdf': 10 * KB,
  'f.pdf': 10 * KB,
}).map(([name, bytes]) => [name, Math.round(bytes)]))

describe.each(dbTargets)('disk under DATA_DIR on $name', (target) => {
  let t: TestLedger
  const fixtures = mkdtempSync(join(tmpdir(), 'uploads-files-'))
  const dataDir = mkdtempSync(join(tmpdir(), 'uploads-data-'))
  const imports = join(dataDir, 'imports')
  const evidence = join(dataDir, 'evidence')
  const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [])
  const file = (name: string, extra: Partial<ChatMessage> = {}): Partial<ChatMessage> => ({ kind: 'file', fileName: name, text: '', mentionsBot: false, ...extra })

  beforeAll(async () => {
    writeFileSync(join(fixtures, '任务表.csv'), '序号,工作任务,牵头单位,完成时限\n1,公开甲类信息。,县司法局,年底前\n2,公开乙类信息。,县财政局,每季度\n')
    writeFileSync(join(fixtures, '通知.txt'), '请各单位做好准备。\n')
    writeFileSync(join(fixtures, '大表.xlsx'), new Uint8Array(3 * MB).fill(0x41))
    const source = (name: string) => (name in streamed ? botWithStream(name, streamed[name]!) : botWithFile(join(fixtures, name)))
    t = await openTestLedger(target, {
      env: { IMPORT_MAX_MB: '2', EVIDENCE_MAX_MB: '1', EVIDENCE_DAILY_FILES: '4', EVIDENCE_DAILY_MB: '2' },
      services: {
        saveAttachment: (msg, opts) => createAttachmentSaver(() => source(msg.fileName!), dataDir)(msg, opts),
        discardUpload: createUploadDiscarder(dataDir),
        readUploadedTable: createUploadedTableReader({ seconds: 60, memoryMb: 256 }),
        dataDirUsage: createDataDirUsage(dataDir, false),
      },
    })
  })
  afterAll(() => t.close())

  it('refuses an import file over the limit before downloading (size known) or while streaming; nothing stays', async () => {
    await t.say(admin, '导入')
    const known = await t.say(admin, '', file('大表.xlsx'))
    expect(known.reply).toBe('未能导入，未作任何改动。\n大表.xlsx: 文件大小 3 MB，超过导入上限 2 MB')
    await t.say(admin, '导入')
    const stream = await t.say(admin, '', file('超大表.xlsx'))
    expect(stream.reply).toBe('未能导入，未作任何改动。\n超大表.xlsx: 文件超过导入上限 2 MB')
    expect(filesIn(imports)).toEqual([])
    // Sent unasked in a group: nothing said, nothing kept.
    expect((await t.say(admin, '', file('超大表.xlsx'))).reply).toBe('')
    expect(filesIn(imports)).toEqual([])
  })

  it('keeps a previewed file until 导入, then deletes it; deletes a refused one', async () => {
    await t.say(admin, '预览导入')
    expect((await t.say(admin, '', file('任务表.csv'))).reply).toContain('（尚未导入）')
    expect(filesIn(imports)).toHaveLength(1)
    expect((await t.say(admin, '导入')).reply).toContain('已导入')
    expect(filesIn(imports)).toEqual([])
    await t.say(admin, '导入')
    expect((await t.say(admin, '', file('通知.txt'))).reply).toContain('通知.txt: 未找到任务')
    expect(filesIn(imports)).toEqual([])
    // A held file replaced by the next one: only the last is kept.
    await t.say(admin, '', file('任务表.csv', { roomId: null, roomTopic: null }))
    await t.say(admin, '', file('任务表.csv', { roomId: null, roomTopic: null }))
    expect(filesIn(imports)).toHaveLength(1)
    expect((await t.say(admin, '导入', { roomId: null, roomTopic: null })).reply).toContain('未变 2 项')
    expect(filesIn(imports)).toEqual([])
  })

  it('limits evidence per file and per unit per day, answering politely; 进度汇总 shows the disk used', async () => {
    await t.say(sifa, '绑定 县司法局')
    expect((await t.say(sifa, '文件1第1项已完成')).reply).toContain('已记录：县司法局（文件1）')
    const big = await t.say(sifa, '', file('现场照片.pdf'))
    expect(big.reply).toBe('该文件超过佐证材料大小上限 1 MB，未保存；请压缩后重新发送。')
    const replies: string[] = []
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf', 'f.pdf']) replies.push((await t.say(sifa, '', file(name))).reply)
    const stored = '已将该文件作为第1项的佐证材料。'
    const full = '今日县司法局的佐证材料已达上限（4 个、2 MB），该文件未保存；如需补充，请明日发送或联系管理员。'
    // c would pass the 2 MB of the day (stopped while streaming); f is the fifth file of the day.
    expect(replies).toEqual([stored, stored, full, stored, stored, full])
    expect(filesIn(evidence).map((n) => n.replace(/^.*-/, '')).sort()).toEqual(['a.pdf', 'b.pdf', 'd.pdf', 'e.pdf'])
    const summary = await t.say(admin, '进度汇总')
    const used = streamed['a.pdf']! + streamed['b.pdf']! + streamed['d.pdf']! + streamed['e.pdf']!
    expect(summary.reply).toContain(`数据目录占用：佐证材料 ${megabytes(used)}，导入文件 0 KB，导出文件 0 KB。`)
  })
})
