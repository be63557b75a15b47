/**
 * Who is who, through real Wechaty events on wechaty-puppet-mock: a nickname never grants anything.
 * Admins and liaisons are recognised by this login's contact id and, across logins, only by the
 * 备注 (alias) that the bot's own account controls.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/app.js'
import { createAssistantServices, createChatHandler } from '../../bot/service.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { parseConfig } from '../../src/config.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createMockWorld, type MockWorld } from '../helpers/mockWorld.js'
import { SEED_DIR } from '../helpers/ledger.js'

const ROOM = '惠来县督查工作群'

describe('identity that a stranger cannot take', () => {
  let database: Database
  let stores: Stores
  let world: MockWorld
  let dataDir: string

  async function start(env: Record<string, string> = {}, claimCode: string | null = null) {
    const config = parseConfig({ ENABLED_ROOMS: ROOM, ...env })
    const assistant = createAssistant({ stores, config, claimCode, services: createAssistantServices({ stores, dataDir, getBot: () => world.bot }) })
    world.onMessage = createChatHandler({ assistant, notifier: world.notifier, log: silentLogger })
    return assistant
  }

  beforeEach(async () => {
    database = await openDatabase({ dataDir: MEMORY_DATA_DIR })
    stores = createStores(database.db)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
    world = await createMockWorld()
    dataDir = mkdtempSync(join(tmpdir(), 'duban-identity-'))
  })
  afterEach(async () => {
    await world.stop()
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** Sends, waits for the bot and its replies; returns the new replies' texts. */
  async function exchange(send: () => Promise<unknown>): Promise<string[]> {
    const before = world.sent().length
    await send()
    await world.notifier.drain()
    return world.sent().slice(before).map((m) => m.text)
  }

  describe('ADMINS', () => {
    it('matches the 备注 only: a contact nicknamed as the configured string is no admin', async () => {
      await start({ ADMINS: '王主任备注' })
      const impostor = world.contact('王主任备注')
      const li = world.contact('李娜')
      const room = world.room(ROOM, [impostor, li])

      expect((await exchange(() => world.say(impostor, room, '导出台账', { mentionBot: true }))).join()).toContain('仅限管理员')
      expect(world.sent().some((m) => m.fileName)).toBe(false)
      expect((await exchange(() => world.say(impostor, room, '绑定 @李娜 县财政局', { mentionBot: true, mentions: [li] }))).join()).toContain('仅限管理员')
      expect(await stores.liaisons.list()).toEqual([])
      expect((await exchange(() => world.say(impostor, room, '代 县教育局 第25项已完成', { mentionBot: true }))).join()).toContain('仅限管理员')
      expect(await stores.progress.latest()).toEqual([])
      expect((await exchange(() => world.say(impostor, room, '停用本群', { mentionBot: true }))).join()).toContain('仅限管理员')
      expect((await exchange(() => world.say(impostor, null, '我是谁'))).join()).not.toContain('管理员')
    })

    it('recognises the contact whose 备注 is the configured string', async () => {
      await start({ ADMINS: '王主任备注' })
      const boss = world.contact('王建国', '王主任备注')
      const room = world.room(ROOM, [boss])
      const replies = await exchange(() => world.say(boss, room, '导出台账', { mentionBot: true }))
      expect(replies[0]).toContain('台账已导出')
      expect(world.sent().some((m) => m.fileName?.endsWith('.xlsx'))).toBe(true)
    })
  })

  describe('recall', () => {
    it('revokes only the reports of a message the same sender sent in the same chat', async () => {
      await start()
      const li = world.contact('李娜')
      const stranger = world.contact('路人')
      const room = world.room(ROOM, [li, stranger])
      await exchange(() => world.say(li, room, '绑定 县司法局', { mentionBot: true }))
      const said = await world.say(li, room, '第1项已完成')
      await world.notifier.drain()
      expect(await stores.progress.latest()).toHaveLength(1)

      // A recall naming 李娜's message, from a stranger's private chat and from the stranger in the room.
      const fromPrivate = await exchange(() => world.sayRaw(stranger, null, { type: types.Message.Recalled, text: said.id }))
      const fromRoom = await exchange(() => world.sayRaw(stranger, room, { type: types.Message.Recalled, text: said.id }))
      // 李娜 herself, but in a private chat: not the chat the report came from.
      const otherChat = await exchange(() => world.sayRaw(li, null, { type: types.Message.Recalled, text: said.id }))
      expect([...fromPrivate, ...fromRoom, ...otherChat].join()).not.toContain('撤销')
      expect(await stores.progress.latest()).toHaveLength(1)

      const own = await exchange(() => world.sayRaw(li, room, { type: types.Message.Recalled, text: said.id }))
      expect(own.join()).toContain('相应进度已撤销：县司法局')
      expect(await stores.progress.latest()).toEqual([])
    })
  })
})
