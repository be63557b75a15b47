/**
 * The whole bot through real Wechaty events on wechaty-puppet-mock: inbound conversion, the assistant
 * on a real migrated database with the seed table, and replies through the rate-limited notifier.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import type { Database } from '../../db/client.js'
import { openMemoryDatabase, TEST_OFFICE_ID } from '../helpers/db.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { createAssistantServices, createChatHandler, reresolveIds } from '../../bot/assistantWiring.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { parseConfig } from '../../src/config.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createMockWorld, type MockContact, type MockRoom, type MockWorld } from '../../dev/mockWorld.js'
import { SEED_DIR } from '../helpers/ledger.js'

describe('督办助手 in a WeChat group (wechaty-puppet-mock)', () => {
  let database: Database
  let stores: Stores
  let world: MockWorld
  let room: MockRoom
  let li: MockContact
  let chen: MockContact
  let boss: MockContact
  const CLAIM = '482913'
  let dataDir: string

  beforeAll(async () => {
    database = await openMemoryDatabase()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
    world = await createMockWorld()
    dataDir = mkdtempSync(join(tmpdir(), 'duban-e2e-'))
    const config = parseConfig({ UNDO_WINDOW_MINUTES: '30', DATA_DIR: dataDir })
    const assistant = createAssistant({ stores, config, claimCode: CLAIM, services: createAssistantServices({ stores, config, getBot: () => world.bot }) })
    world.onMessage = createChatHandler({ assistant, notifier: world.notifier, log: silentLogger })
    li = world.contact('李娜', '司法局李娜')
    chen = world.contact('陈明')
    boss = world.contact('王主任')
    room = world.room('惠来县政务公开工作群', [li, chen, boss])
  })
  afterAll(async () => {
    await world.stop()
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** Sends, waits for the bot to finish and for its replies to leave the queue; returns the new replies. */
  async function exchange(send: () => Promise<unknown>) {
    const before = world.sent().length
    await send()
    await world.notifier.drain()
    return world.sent().slice(before)
  }

  it('stays silent in a room nobody has enabled', async () => {
    const replies = await exchange(() => world.say(li, room, '帮助', { mentionBot: true }))
    expect(replies).toHaveLength(0)
  })

  it('lets the first person with the one-time code become admin, privately, and only once', async () => {
    const wrong = await exchange(() => world.say(boss, null, '管理员 000000'))
    expect(wrong[0]!.text).toContain('不正确')
    const ok = await exchange(() => world.say(boss, null, `管理员 ${CLAIM}`))
    expect(ok[0]!.to).toBe('王主任')
    expect(ok[0]!.text).toContain('您已成为管理员')
    const again = await exchange(() => world.say(chen, null, `认领管理员 ${CLAIM}`))
    expect(again[0]!.text).toContain('已被使用')
  })

  it('enables the room for an admin only', async () => {
    const denied = await exchange(() => world.say(li, room, '启用本群', { mentionBot: true }))
    expect(denied).toHaveLength(0) // not enabled yet, and 李娜 is no admin: no answer at all
    const enabled = await exchange(() => world.say(boss, room, '启用本群', { mentionBot: true }))
    expect(enabled[0]).toMatchObject({ roomTopic: '惠来县政务公开工作群', mentions: ['王主任'] })
    expect(enabled[0]!.text).toContain('本群已启用')
  })

  it('binds a liaison and answers what the unit is responsible for, @-mentioning the asker', async () => {
    const bound = await exchange(() => world.say(li, room, '我是司法局联络员', { mentionBot: true }))
    expect(bound[0]!.text).toContain('县司法局联络员')
    const answer = await exchange(() => world.say(li, room, '我单位负责什么', { mentionBot: true }))
    expect(answer).toHaveLength(1)
    expect(answer[0]!.mentions).toEqual(['李娜'])
    expect(answer[0]!.text).toContain('【牵头】5项　第1—3、10、33项')
  })

  it('lets an admin bind someone else by @-mention', async () => {
    const r = await exchange(() => world.say(boss, room, '绑定 @陈明 教育局', { mentionBot: true, mentions: [chen] }))
    expect(r[0]!.text).toContain('陈明')
    expect(r[0]!.text).toContain('县教育局')
    const who = await exchange(() => world.say(chen, room, '我是谁', { mentionBot: true }))
    expect(who[0]!.text).toContain('县教育局联络员')
  })

  it('answers a task by Chinese numeral and ignores unmentioned chit-chat', async () => {
    const detail = await exchange(() => world.say(chen, room, '第二十五项谁负责', { mentionBot: true }))
    expect(detail[0]!.text).toContain('第25项')
    expect(detail[0]!.text).toContain('牵头单位：县教育局')
    const chat = await exchange(() => world.say(chen, room, '收到，谢谢'))
    expect(chat).toHaveLength(0)
  })

  it('records a quote-reply to a reminder for the quoted task, and undoes it', async () => {
    await world.notifier.send({ roomId: room.id, text: '【督办提醒】第25项“加强信息公开促进教育高质量发展”请县教育局于3日内反馈进展。', mentionIds: [chen.id] })
    const quoted = '「督办助手：【督办提醒】第25项“加强信息公开促进教育高质量发展”请县教育局于3日内反馈进展。」\n- - - - - - - - - - - - - - -\n已完成'
    const recorded = await exchange(() => world.say(chen, room, quoted))
    expect(recorded[0]!.text).toContain('已记录：县教育局')
    expect(recorded[0]!.text).toContain('第25项 已完成')
    const latest = await stores.progress.latest()
    expect(latest.filter((r) => r.unit === '县教育局').map((r) => r.status)).toEqual(['done'])

    const undone = await exchange(() => world.say(chen, room, '撤销', { mentionBot: true }))
    expect(undone[0]!.text).toContain('已撤销')
    expect((await stores.progress.latest()).filter((r) => r.unit === '县教育局')).toHaveLength(0)
  })

  it('revokes a report when the liaison recalls the message', async () => {
    const said = await world.say(li, room, '第10项正在推进，完成六成')
    await world.notifier.drain()
    expect((await stores.progress.latest()).some((r) => r.sourceMessageId === said.id)).toBe(true)
    const replies = await exchange(() => world.sayRaw(li, room, { type: types.Message.Recalled, text: said.id }))
    expect(replies[0]!.text).toContain('相应进度已撤销')
    expect((await stores.progress.latest()).some((r) => r.sourceMessageId === said.id)).toBe(false)
  })

  it('attaches an image sent after a report as evidence', async () => {
    await exchange(() => world.say(li, room, '第33项已落实，已公开征求意见'))
    const replies = await exchange(() =>
      world.sayRaw(li, room, { type: types.Message.Image, file: { name: '征求意见截图.png', content: 'PNG-bytes-of-a-screenshot' } }),
    )
    expect(replies[0]!.text).toContain('佐证材料')
    // The image itself is kept under DATA_DIR/evidence.
    const day = readdirSync(join(dataDir, 'evidence'))
    const files = readdirSync(join(dataDir, 'evidence', day[0]!))
    expect(files.some((f) => f.endsWith('征求意见截图.png'))).toBe(true)
    const stored = files.find((f) => f.endsWith('征求意见截图.png'))!
    expect(readFileSync(join(dataDir, 'evidence', day[0]!, stored), 'utf8')).toBe('PNG-bytes-of-a-screenshot')
  })

  it('handles a redelivered message id once', async () => {
    const said = await world.say(li, room, '第3项已完成')
    await world.notifier.drain()
    const before = world.sent().length
    world.puppet.emit('message', { messageId: said.id })
    await new Promise((r) => setTimeout(r, 300))
    await world.notifier.drain()
    expect(world.sent().length).toBe(before)
    const rows = (await stores.progress.latest()).filter((r) => r.sourceMessageId === said.id)
    expect(rows).toHaveLength(1)
  })

  it('stores but does not answer history replayed after login', async () => {
    const replies = await exchange(() =>
      world.sayRaw(li, room, { type: types.Message.Text, text: `@${world.botName}\u2005帮助`, mentions: [world.botUser], timestamp: Date.now() - 3600_000 }),
    )
    expect(replies).toHaveLength(0)
  })

  // Issue 11, defect 4: a lone surrogate made the message unstorable ("已暂存", then lost).
  it('records a report ending in a lone surrogate, as the terminal chat (npm run chat) sends it too', async () => {
    let id = ''
    const replies = await exchange(async () => (id = (await world.say(li, room, '第10项已完成\ud83d')).id))
    expect(replies.map((r) => r.text).join('\n')).toContain('第10项 已完成')
    expect(replies.map((r) => r.text).join('\n')).not.toContain('已暂存')
    expect((await stores.progress.latest()).filter((r) => r.sourceMessageId === id)).toHaveLength(1)
  })
})

describe('after a new login', () => {
  it('re-attaches stored rooms by topic and liaisons by 备注 to the new WeChat ids', async () => {
    const database = await openMemoryDatabase()
    const world = await createMockWorld()
    try {
      const stores = createStores(database.db, TEST_OFFICE_ID)
      // What the ledger remembers from the previous login, under ids WeChat no longer uses.
      await stores.rooms.setEnabled('old-room@chatroom', '惠来县督查工作群', true)
      await stores.liaisons.bind({ contactId: 'old-li', name: '李娜', alias: '司法局李娜', unit: '县司法局', boundBy: null })
      const li = world.contact('李娜', '司法局李娜')
      const room = world.room('惠来县督查工作群', [li])
      await reresolveIds(world.bot, stores, silentLogger)
      expect((await stores.rooms.list()).find((r) => r.topic === '惠来县督查工作群')?.wechatId).toBe(room.id)
      const liaison = await stores.liaisons.find({ contactId: li.id, name: '李娜', alias: '司法局李娜' })
      expect(liaison).toMatchObject({ contactId: li.id, unit: '县司法局' })
    } finally {
      await world.stop()
      await database.close()
    }
  })
})
