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
import type { Database } from '../../db/client.js'
import { openMemoryDatabase, TEST_OFFICE_ID } from '../helpers/db.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { writeLedgerExport } from '../../bot/export.js'
import { adminsUnreachable, createAssistantServices, createChatHandler, reresolveIds } from '../../bot/assistantWiring.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { parseConfig } from '../../src/config.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createMockWorld, type MockWorld } from '../../dev/mockWorld.js'
import { SEED_DIR } from '../helpers/ledger.js'

const ROOM = '惠来县督查工作群'

describe('identity that a stranger cannot take', () => {
  let database: Database
  let stores: Stores
  let world: MockWorld
  let dataDir: string

  async function start(env: Record<string, string> = {}, claimCode: string | null = null) {
    const config = parseConfig({ ENABLED_ROOMS: ROOM, ...env })
    const assistant = createAssistant({ stores, config, claimCode, services: createAssistantServices({ stores, config: { ...config, DATA_DIR: dataDir }, getBot: () => world.bot }) })
    world.onMessage = createChatHandler({ assistant, notifier: world.notifier, log: silentLogger })
    return assistant
  }

  beforeEach(async () => {
    database = await openMemoryDatabase()
    stores = createStores(database.db, TEST_OFFICE_ID)
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

  describe('liaisons', () => {
    it('a second contact with a bound liaison\'s nickname reports nothing for the unit and is asked to confirm', async () => {
      await start({ ADMINS: '王主任备注' })
      const boss = world.contact('王建国', '王主任备注')
      const chen = world.contact('陈明')
      const twin = world.contact('陈明')
      const room = world.room(ROOM, [boss, chen, twin])
      await exchange(() => world.say(boss, room, '绑定 @陈明 教育局', { mentionBot: true, mentions: [chen] }))
      expect((await stores.liaisons.list()).map((l) => [l.contactId, l.unit])).toEqual([[chen.id, '县教育局']])

      const replies = await exchange(() => world.say(twin, room, '第25项已完成'))
      expect(await stores.progress.latest()).toEqual([])
      expect(replies.join()).toContain('进度未记录')
      expect(replies.join()).toContain('重新确认')
      const who = await exchange(() => world.say(twin, room, '我是谁', { mentionBot: true }))
      expect(who.join()).toContain('尚未绑定')

      // The real 陈明, by this login's id.
      expect((await exchange(() => world.say(chen, room, '第25项已完成'))).join()).toContain('已记录：县教育局')
      expect((await stores.progress.latest()).map((r) => r.liaisonContactId)).toEqual([chen.id])
    })

    it('after a new login, a liaison found only by nickname must confirm again (the puppet cannot set 备注)', async () => {
      await start({ ADMINS: '王主任备注' })
      // Bound at an earlier login, under an id WeChat no longer uses, without a 备注.
      await stores.liaisons.bind({ contactId: 'old-chen', name: '陈明', alias: null, unit: '县教育局', boundBy: '王建国' })
      const boss = world.contact('王建国', '王主任备注')
      const chen = world.contact('陈明')
      const room = world.room(ROOM, [boss, chen])
      await reresolveIds(world.bot, stores, silentLogger)
      expect((await stores.liaisons.list()).map((l) => l.contactId)).toEqual(['old-chen'])

      const replies = await exchange(() => world.say(chen, room, '第25项已完成'))
      expect(replies.join()).toContain('重新确认')
      expect(await stores.progress.latest()).toEqual([])

      // The admin's re-bind confirms them.
      await exchange(() => world.say(boss, room, '绑定 @陈明 县教育局', { mentionBot: true, mentions: [chen] }))
      expect((await exchange(() => world.say(chen, room, '第25项已完成'))).join()).toContain('已记录：县教育局')
    })

    it('when the puppet can set 备注, binding writes a marker and a new login finds the liaison by it', async () => {
      world.puppet.aliasWritable = true
      await start()
      const li = world.contact('李娜', '司法局小李')
      const room = world.room(ROOM, [li])
      await exchange(() => world.say(li, room, '绑定 县司法局', { mentionBot: true }))
      const written = li.payload.alias
      expect(written).toMatch(/^司法局小李 \[县司法局联络员 [A-Z0-9]{4}\]$/)
      expect((await stores.liaisons.list()).map((l) => l.alias)).toEqual([written])
      // Binding again (another unit) replaces the marker, keeping the office's own text.
      await exchange(() => world.say(li, room, '绑定 县财政局', { mentionBot: true }))
      expect(li.payload.alias).toMatch(/^司法局小李 \[县财政局联络员 [A-Z0-9]{4}\]$/)
      const marker = li.payload.alias!

      // A new login: new ids; the 备注 is the account's, so it still says who this is.
      const next = await createMockWorld()
      try {
        const config = parseConfig({ ENABLED_ROOMS: ROOM })
        const assistant = createAssistant({ stores, config, services: createAssistantServices({ stores, config: { ...config, DATA_DIR: dataDir }, getBot: () => next.bot }) })
        next.onMessage = createChatHandler({ assistant, notifier: next.notifier, log: silentLogger })
        const liAgain = next.contact('李娜改名', marker)
        const lookAlike = next.contact('李娜')
        const nextRoom = next.room(ROOM, [liAgain, lookAlike])
        await reresolveIds(next.bot, stores, silentLogger)
        expect((await stores.liaisons.list()).map((l) => l.contactId)).toEqual([liAgain.id])
        await next.say(lookAlike, nextRoom, '第1项已完成')
        expect(await stores.progress.latest()).toEqual([])
        await next.say(liAgain, nextRoom, '我单位负责什么', { mentionBot: true })
        await next.notifier.drain()
        expect(next.sent().at(-1)!.text).toContain('县财政局')
      } finally {
        await next.stop()
      }
    })

    it('an admin re-binding someone keeps their stored 备注', async () => {
      await start({ ADMINS: '王主任备注' })
      const boss = world.contact('王建国', '王主任备注')
      const zhang = world.contact('张三', '财政局张三')
      const room = world.room(ROOM, [boss, zhang])
      await exchange(() => world.say(zhang, room, '绑定 县司法局', { mentionBot: true }))
      await exchange(() => world.say(boss, room, '绑定 @张三 县财政局', { mentionBot: true, mentions: [zhang] }))
      expect((await stores.liaisons.list()).map((l) => [l.unit, l.alias])).toEqual([['县财政局', '财政局张三']])
    })

    it('tells ADMIN_ROOM of a second liaison of a unit (configured admins are known by 备注, not by id)', async () => {
      await start({ ADMIN_ROOM: '督查室内部群', ADMINS: '王主任备注' })
      const boss = world.contact('王建国', '王主任备注')
      const li = world.contact('李娜')
      const other = world.contact('赵六')
      const room = world.room(ROOM, [li, other])
      world.room('督查室内部群', [boss])
      await exchange(() => world.say(li, room, '绑定 县司法局', { mentionBot: true }))
      const before = world.sent().length
      const reply = await exchange(() => world.say(other, room, '绑定 县司法局', { mentionBot: true }))
      expect(reply[0]).toContain('本次绑定已告知管理员')
      const inAdminRoom = world.sent().slice(before).filter((m) => m.roomTopic === '督查室内部群')
      expect(inAdminRoom.map((m) => m.text).join()).toContain('赵六 在“惠来县督查工作群”绑定为县司法局联络员')
    })

    it('binding to a unit that already has a liaison is allowed, announced to the admins, and shown', async () => {
      await start({}, '246810')
      const boss = world.contact('王建国')
      const li = world.contact('李娜')
      const other = world.contact('赵六')
      const room = world.room(ROOM, [boss, li, other])
      await exchange(() => world.say(boss, null, '管理员 246810'))
      await exchange(() => world.say(li, room, '绑定 县司法局', { mentionBot: true }))
      const before = world.sent().length
      const reply = await exchange(() => world.say(other, room, '绑定 县司法局', { mentionBot: true }))
      expect(reply[0]).toContain('已绑定')
      expect(reply[0]).toContain('县司法局已有联络员李娜')
      const toBoss = world.sent().slice(before).filter((m) => m.toId === boss.id)
      expect(toBoss.map((m) => m.text).join()).toContain('赵六 在“惠来县督查工作群”绑定为县司法局联络员')
      expect((await stores.liaisons.listByUnit('县司法局')).map((l) => l.name)).toEqual(['李娜', '赵六'])
      expect((await exchange(() => world.say(li, room, '我是谁', { mentionBot: true }))).join()).toContain('本单位另有联络员：赵六')

      // The export's people sheet lists both, marked.
      const file = await writeLedgerExport(stores, 'xlsx', join(dataDir, 'people.xlsx'), new Date())
      const { Workbook } = (await import('exceljs')).default
      const wb = new Workbook()
      await wb.xlsx.readFile(file)
      const sheet = wb.getWorksheet('联络员')!
      const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1))
      expect(rows.map((r) => [r[0], r[1], r[3], r[5]])).toEqual([
        ['县司法局', '李娜', '本人', '本单位共2名联络员，请核实'],
        ['县司法局', '赵六', '本人', '本单位共2名联络员，请核实'],
      ])
    })
  })

  describe('admins across logins', () => {
    it('a claimed admin is found again by 备注 only; with none reachable a fresh claim code is due', async () => {
      await stores.admins.add({ contactId: 'old-boss', name: '王建国', alias: null })
      await stores.admins.add({ contactId: 'old-deputy', name: '李副主任', alias: '督查室李副' })
      const boss = world.contact('王建国')
      const { contactIds } = await reresolveIds(world.bot, stores, silentLogger)
      // Same nickname, new id: not the admin.
      expect(await stores.admins.isAdmin({ contactId: boss.id, name: '王建国' })).toBe(false)
      expect(await adminsUnreachable(stores, contactIds, [])).toBe(true)
      expect(await adminsUnreachable(stores, contactIds, ['督查室李副'])).toBe(false)

      const deputy = world.contact('李副主任改名', '督查室李副')
      const again = await reresolveIds(world.bot, stores, silentLogger)
      expect(await stores.admins.isAdmin({ contactId: deputy.id, name: '李副主任改名' })).toBe(true)
      expect(await adminsUnreachable(stores, again.contactIds, [])).toBe(false)
    })
  })
})
