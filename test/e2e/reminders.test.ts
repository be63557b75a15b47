/**
 * The 09:00 reminder job end to end on wechaty-puppet-mock: planned with the room's real members,
 * queued in the outbox, sent by the dispatcher through the bot's notifier with real @-mentions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEMORY_DATA_DIR, type Database } from '../../db/client.js'
import { openMemoryDatabase, TEST_OFFICE_ID } from '../helpers/db.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/openLedger.js'
import { startReminderService, type ReminderService } from '../../bot/reminders.js'
import { parseConfig } from '../../src/config.js'
import { silentLogger } from '../../src/ledger/context.js'
import type { Stores } from '../../src/ledger/ports.js'
import { createMockWorld, type MockContact, type MockRoom, type MockWorld } from '../../dev/mockWorld.js'
import { SEED_DIR } from '../helpers/ledger.js'

const at = (local: string) => new Date(`${local}+08:00`)

describe('the 09:00 reminder job in a WeChat group (wechaty-puppet-mock)', () => {
  let database: Database
  let stores: Stores
  let world: MockWorld
  let room: MockRoom
  let other: MockRoom
  let li: MockContact
  let chen: MockContact
  let zhou: MockContact
  let service: ReminderService
  const clock = { now: at('2022-09-20T08:00') }

  beforeAll(async () => {
    database = await openMemoryDatabase()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await ensureSeeded(stores, SEED_DIR, silentLogger)
    world = await createMockWorld()
    li = world.contact('李娜', '司法局李娜')
    chen = world.contact('陈明')
    zhou = world.contact('周强')
    room = world.room('惠来县政务公开工作群', [li, chen])
    other = world.room('闲聊群', [zhou])
    await stores.rooms.setEnabled(room.id, '惠来县政务公开工作群', true)
    await stores.liaisons.bind({ contactId: li.id, name: '李娜', alias: '司法局李娜', unit: '县司法局', boundBy: null })
    await stores.liaisons.bind({ contactId: chen.id, name: '陈明', alias: null, unit: '县教育局', boundBy: null })
    // 周强 is bound but only in a room the bot does not serve: his unit is not chased in the work group.
    await stores.liaisons.bind({ contactId: zhou.id, name: '周强', alias: null, unit: '惠城镇', boundBy: null })
    const config = parseConfig({ DATA_DIR: MEMORY_DATA_DIR })
    service = await startReminderService({ config, stores, notifier: world.notifier, getBot: () => world.bot, log: silentLogger, now: () => clock.now })
  })
  afterAll(async () => {
    await service.stop()
    await world.stop()
    await database.close()
  })

  it('sends nothing at start-up before 09:00', async () => {
    await service.dispatcher.tick()
    expect(world.sent()).toHaveLength(0)
    expect(await stores.outbox.list()).toHaveLength(0)
  })

  it('posts once in the work group at 09:00, @-mentioning the bound liaisons as contacts', async () => {
    clock.now = at('2022-09-20T09:00')
    await service.jobs.run('reminders', clock.now)
    const [sent] = await world.waitFor(() => (world.sent().length > 0 ? world.sent() : null))
    await world.notifier.drain()
    expect(world.sent()).toHaveLength(1)
    expect(sent!.roomTopic).toBe('惠来县政务公开工作群')
    expect(sent!.mentionIds.sort()).toEqual([li.id, chen.id].sort())
    expect(sent!.text).toContain('【督办提醒】9月20日')
    expect(sent!.text).toContain('第57项')
    expect(sent!.text).toContain('县司法局')
    // 惠城镇's liaison is not in this room: named in plain text, not @-mentioned.
    expect(sent!.text).toMatch(/另有.*惠城镇.*在本群没有联络员/)
    expect(sent!.mentionIds).not.toContain(zhou.id)
    expect(world.sent().filter((m) => m.roomId === other.id)).toHaveLength(0)
    const [row] = await stores.outbox.list()
    expect(row!.sentAt).not.toBeNull()
  })

  it('a restart at 10:30 catches up the same run without sending it again', async () => {
    clock.now = at('2022-09-20T10:30')
    await service.jobs.catchUp()
    await service.dispatcher.tick()
    await world.notifier.drain()
    expect(world.sent()).toHaveLength(1)
  })
})
