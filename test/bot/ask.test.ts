/**
 * `cli ask` reads quote replies as the chat does (issue 12): the documented 「名字：内容」 / - - - /
 * reply text form becomes the message's quote. In-process (askCommand), not a spawned CLI.
 */
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { askCommand, typedMessage } from '../../bot/askCommand.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { parseConfig } from '../../src/config.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createStores } from '../../db/stores.js'
import type { Database } from '../../db/client.js'
import { dbTargets, TEST_OFFICE_ID } from '../helpers/db.js'
import { SEED_DIR } from '../helpers/ledger.js'

const SEP = '- - - - - - - - - - - - - - -'
const REMINDER = '【督办提醒】第25项“加强信息公开促进教育高质量发展”请县教育局于3日内反馈进展。'

describe('typedMessage', () => {
  const sender = { id: 'cli:', name: '管理员' }

  it('reads the quote form into quoted, and the mention from the reply', () => {
    const m = typedMessage(`「督办助手：${REMINDER}」\n${SEP}\n@督办助手 第25项谁负责`, sender, '督办助手')
    expect(m.quoted).toEqual({ senderName: '督办助手', text: REMINDER })
    expect(m.text).toBe('第25项谁负责')
    expect(m.mentionsBot).toBe(true)
  })

  it('leaves a message without a quote as it was typed', () => {
    const m = typedMessage('@督办助手 「县教育局」有哪些任务', sender, '督办助手')
    expect(m.quoted).toBeUndefined()
    expect(m.text).toBe('「县教育局」有哪些任务')
    expect(m.mentionsBot).toBe(true)
    expect(typedMessage('第5项已完成', sender, '督办助手').mentionsBot).toBe(false)
  })
})

describe.each(dbTargets.slice(0, 1))('cli ask on $name', (target) => {
  let database: Database
  let stores: Stores
  const config = parseConfig({ DATA_DIR: '/tmp/duban-ask-test-unused' })
  const ask = async (opts: { as: string | null; text?: string; input?: string }) => {
    const lines: string[] = []
    const code = await askCommand(stores, config, { as: opts.as, json: true, text: opts.text ?? '', ...(opts.input !== undefined ? { input: Readable.from([opts.input]) } : {}) }, (s) => lines.push(s))
    expect(code).toBe(0)
    return lines.map((l) => JSON.parse(l) as { intent: string; reply?: string; reports?: unknown[] })
  }

  beforeAll(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
  })
  afterAll(() => database.close())

  it('a quote reply to a reminder that names no task reports the quoted task', async () => {
    const [r] = await ask({ as: '县教育局', text: `「督办助手：${REMINDER}」\n${SEP}\n已完成` })
    expect(r!.intent).toBe('report')
    expect(r!.reports).toEqual([expect.objectContaining({ task: 25, status: 'done' })])
    // Without the quote the same reply has no task: no report.
    const [bare] = await ask({ as: '县教育局', text: '已完成' })
    expect(bare!.reports ?? []).toEqual([])
  })

  it('reads quotes in JSON lines from stdin too', async () => {
    const input = `${JSON.stringify({ as: '县教育局', text: `「督办助手：${REMINDER}」\n${SEP}\n正在推进，完成60%` })}\n`
    const [r] = await ask({ as: null, input })
    expect(r!.reports).toEqual([expect.objectContaining({ task: 25, status: 'in_progress', percent: 60 })])
  })
})
