/**
 * The chat simulator (`npm run chat`, issue 12): a quote command, file sending, and message ids that
 * differ between runs on one database. In-process (dev/chatSession.ts), not a spawned terminal.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { pino } from 'pino'
import { ensureSeeded } from '../../bot/openLedger.js'
import { parseConfig } from '../../src/config.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createStores } from '../../db/stores.js'
import type { Database } from '../../db/client.js'
import { simulatorConfig, startChatSession, type ChatSession } from '../../dev/chatSession.js'
import { dbTargets, TEST_OFFICE_ID } from '../helpers/db.js'
import { SEED_DIR } from '../helpers/ledger.js'

const SEED_TABLE = join(SEED_DIR, '000_3c54fac4c972c98b.txt')
const REMINDER = '【督办提醒】第25项“加强信息公开促进教育高质量发展”请县教育局于3日内反馈进展。'

describe.each(dbTargets.slice(0, 1))('npm run chat on $name', (target) => {
  let database: Database
  let stores: Stores
  const config = simulatorConfig(parseConfig({}))
  const log = pino({ level: 'silent' })

  async function session(start: typeof startChatSession = startChatSession) {
    const out: string[] = []
    const s = await start({ stores, config, log, write: (t) => void out.push(t) })
    /** Sends the lines; returns what was written meanwhile. */
    const type = async (...lines: string[]) => {
      const from = out.length
      for (const line of lines) await s.line(line)
      return out.slice(from).join('')
    }
    return { s, type }
  }

  beforeAll(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
  })
  afterAll(() => database.close())

  it('/quote replies to the latest message there, in the quote form the bot reads', async () => {
    const { s, type } = await session()
    try {
      expect(await type('/as 陈明', '@督办助手 我是县教育局联络员')).toContain('县教育局')
      await s.world.notifier.send({ roomId: s.room.id, text: REMINDER })
      await type('/who')
      const before = (await stores.progress.latest()).filter((r) => r.unit === '县教育局').length
      const answer = await type('/quote @督办助手 已完成')
      expect(answer).toContain('第25项')
      const quotedText = s.world.received.at(-1)
      expect(quotedText?.quoted).toEqual({ senderName: '督办助手', text: REMINDER })
      const reports = (await stores.progress.latest()).filter((r) => r.unit === '县教育局')
      expect(reports.length).toBe(before + 1)
      expect(reports.map((r) => r.status)).toContain('done')
      expect(await type('/quote @无此人 已完成')).toContain('无此人在这里还没有发言')
    } finally {
      await s.stop()
    }
  })

  it('/file sends a local file: an admin previews a task table by it', async () => {
    const { s, type } = await session()
    try {
      expect(await type('/dm', '预览导入')).toContain('请在5分钟内发送任务分解表文件')
      const preview = await type(`/file ${SEED_TABLE}`)
      expect(preview).toContain('预览“000_3c54fac4c972c98b.txt”（尚未导入）')
      expect(preview).toContain('任务 58 项')
      expect(await type('/file /no/such/file.xlsx')).toContain('无法读取文件')
    } finally {
      await s.stop()
    }
  })

  it('a second run on the same database is answered (its message ids are new)', async () => {
    const answers: string[] = []
    for (let run = 0; run < 2; run++) {
      // A fresh copy of the modules is what a new `npm run chat` process loads.
      vi.resetModules()
      const fresh = (await import('../../dev/chatSession.js')).startChatSession
      const { s, type } = await session(fresh)
      try {
        answers.push(await type('@督办助手 第25项谁负责'))
      } finally {
        await s.stop()
      }
    }
    expect(answers.map((a) => a.includes('牵头单位：县教育局'))).toEqual([true, true])
  })
})
