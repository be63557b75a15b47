import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import type { ChatMessage } from '../../src/chat.js'
import type { Stores } from '../../src/ledger/ports.js'
import { countRows, dbTargets, queryRows, TEST_OFFICE_ID } from '../helpers/db.js'

function message(id: string): ChatMessage {
  return {
    id,
    roomId: '@@room1',
    roomTopic: '政务公开工作群',
    senderId: 'wxid_a',
    senderName: '张三',
    text: '第1项已完成',
    mentionsBot: false,
    receivedAt: new Date('2022-09-01T02:00:00Z'),
  }
}

describe.each(dbTargets)('rooms, liaisons, admins, inbox on $name', (target) => {
  let database: Database
  let stores: Stores
  beforeEach(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
  })
  afterEach(async () => {
    await database.close()
  })

  describe('InboxStore', () => {
    it("says 'new', then 'seen', then after markHandled 'handled'", async () => {
      expect(await stores.inbox.store(message('m1'))).toBe('new')
      expect(await stores.inbox.store(message('m1'))).toBe('seen')
      await stores.inbox.markHandled('m1', 'report:2')
      expect(await stores.inbox.store(message('m1'))).toBe('handled')
      expect(await stores.inbox.store(message('m2'))).toBe('new')
      expect(await countRows(database, 'inbox')).toBe(2)
    })

    it('a relaxed write is stored and handled like a durable one, and leaves the session durable', async () => {
      expect(await stores.inbox.store(message('q1'), 'relaxed')).toBe('new')
      expect(await stores.inbox.store(message('q1'), 'relaxed')).toBe('seen')
      expect(await stores.inbox.pending(10)).toMatchObject([{ id: 'q1', text: '第1项已完成' }])
      await stores.inbox.markHandled('q1', 'task_detail', 'relaxed')
      expect(await stores.inbox.store(message('q1'))).toBe('handled')
      expect(await stores.inbox.pending(10)).toEqual([])
      // The asynchronous commit is the statement's own: later writes on the connection wait for the disk again.
      const [row] = await queryRows<{ mode: string }>(database, sql`select current_setting('synchronous_commit') as mode`)
      expect(row?.mode).toBe('on')
    })

    it('a message delivered twice at once is new for exactly one of them', async () => {
      const states = await Promise.all([1, 2, 3, 4].map(() => stores.inbox.store(message('dup'))))
      expect(states.filter((s) => s === 'new')).toHaveLength(1)
      expect(states.filter((s) => s === 'seen')).toHaveLength(3)
    })
  })

  describe('RoomStore', () => {
    it('enables a room and finds it again by topic after the id changed', async () => {
      await stores.rooms.setEnabled('@@old', '政务公开工作群', true)
      expect(await stores.rooms.get('@@old', null)).toEqual({ wechatId: '@@old', topic: '政务公开工作群', enabled: true })
      expect(await stores.rooms.get('@@new', null)).toBeNull()
      expect(await stores.rooms.get('@@new', '政务公开工作群')).toEqual({
        wechatId: '@@new',
        topic: '政务公开工作群',
        enabled: true,
      })
      // The id followed: now found by id alone.
      expect((await stores.rooms.get('@@new', null))?.enabled).toBe(true)
    })

    it('updateIds() re-resolves stored rooms by topic; list() shows them', async () => {
      await stores.rooms.setEnabled('@@a1', '群A', true)
      await stores.rooms.setEnabled('@@b1', '群B', false)
      await stores.rooms.updateIds([
        { wechatId: '@@a2', topic: '群A' },
        { wechatId: '@@c2', topic: '不认识的群' },
      ])
      expect(await stores.rooms.list()).toEqual([
        { wechatId: '@@a2', topic: '群A', enabled: true },
        { wechatId: '@@b1', topic: '群B', enabled: false },
      ])
    })

    it('updateIds() leaves a room alone when its id is still current or two current rooms share its topic', async () => {
      await stores.rooms.setEnabled('@@a1', '群A', true)
      await stores.rooms.setEnabled('@@b1', '群B', true)
      await stores.rooms.updateIds([
        // 群A kept its id and was renamed; a different room now carries its old topic.
        { wechatId: '@@a1', topic: '群A改名' },
        { wechatId: '@@x', topic: '群A' },
        // Two current rooms called 群B: which one is the enabled one is unknown.
        { wechatId: '@@b2', topic: '群B' },
        { wechatId: '@@b3', topic: '群B' },
      ])
      expect(await stores.rooms.list()).toEqual([
        { wechatId: '@@a1', topic: '群A', enabled: true },
        { wechatId: '@@b1', topic: '群B', enabled: true },
      ])
    })

    it('setEnabled() toggles in place and follows a renamed room', async () => {
      await stores.rooms.setEnabled('@@a', '旧群名', true)
      await stores.rooms.setEnabled('@@a', '旧群名', false)
      expect(await stores.rooms.list()).toEqual([{ wechatId: '@@a', topic: '旧群名', enabled: false }])
      await stores.rooms.setEnabled('@@a', '新群名', true)
      expect(await stores.rooms.list()).toEqual([{ wechatId: '@@a', topic: '新群名', enabled: true }])
    })
  })

  describe('LiaisonStore', () => {
    const zhang = { contactId: 'wxid_1', name: '张三', alias: '司法局张三', unit: '县司法局', boundBy: null }

    it('finds by id, then by alias after the id changed; never by name', async () => {
      await stores.liaisons.bind(zhang)
      const byId = await stores.liaisons.find({ contactId: 'wxid_1', name: 'whatever' })
      expect(byId).toMatchObject({ contactId: 'wxid_1', unit: '县司法局', alias: '司法局张三' })
      expect(byId?.boundAt).toBeInstanceOf(Date)

      // New login, new id, display name changed too: the alias (备注) still finds the person.
      const byAlias = await stores.liaisons.find({ contactId: 'wxid_99', name: '张三（休假）', alias: '司法局张三' })
      expect(byAlias?.unit).toBe('县司法局')

      // Stored without an alias: another id with the same name is not them (a nickname is anyone's).
      await stores.liaisons.bind({ contactId: 'wxid_2', name: '李四', alias: null, unit: '县财政局', boundBy: 'wxid_admin' })
      expect(await stores.liaisons.find({ contactId: 'wxid_77', name: '李四', alias: null })).toBeNull()
      // A different alias means a different person, even with the same name.
      expect(await stores.liaisons.find({ contactId: 'wxid_78', name: '张三', alias: '别的张三' })).toBeNull()
    })

    it('a stranger renamed to a liaison\'s name does not get a binding stored with an alias', async () => {
      await stores.liaisons.bind(zhang)
      // No alias: the bot's account never gave this contact a 备注, so it is not 张三.
      expect(await stores.liaisons.find({ contactId: 'wxid_stranger', name: '张三' })).toBeNull()
      expect(await stores.liaisons.find({ contactId: 'wxid_stranger', name: '张三', alias: null })).toBeNull()
      await stores.liaisons.updateIds([
        { contactId: 'wxid_stranger', name: '张三', alias: null },
        { contactId: 'wxid_other', name: '王五', alias: null },
      ])
      expect((await stores.liaisons.list()).map((l) => l.contactId)).toEqual(['wxid_1'])
    })

    it('concurrent binds of one contact both succeed; the person ends with one binding', async () => {
      const units = ['县司法局', '县财政局', '县民政局', '县公安局']
      await Promise.all(units.map((unit) => stores.liaisons.bind({ ...zhang, unit })))
      const all = await stores.liaisons.list()
      expect(all).toHaveLength(1)
      expect(units).toContain(all[0]!.unit)
    })

    it('a name shared by two stored liaisons matches neither', async () => {
      await stores.liaisons.bind({ contactId: 'wxid_1', name: '王五', alias: null, unit: '县司法局', boundBy: null })
      await stores.liaisons.bind({ contactId: 'wxid_2', name: '王五', alias: null, unit: '县财政局', boundBy: null })
      expect(await stores.liaisons.find({ contactId: 'wxid_3', name: '王五' })).toBeNull()
    })

    it('bind() without an alias keeps the stored 备注 (an admin re-binding by @); null clears it', async () => {
      await stores.liaisons.bind(zhang)
      await stores.liaisons.bind({ contactId: 'wxid_1', name: '张三', unit: '县财政局', boundBy: '王主任' })
      expect((await stores.liaisons.list()).map((l) => [l.unit, l.alias])).toEqual([['县财政局', '司法局张三']])
      await stores.liaisons.bind({ ...zhang, alias: null })
      expect((await stores.liaisons.list()).map((l) => l.alias)).toEqual([null])
      // A new binding without an alias stores none.
      await stores.liaisons.bind({ contactId: 'wxid_2', name: '李四', unit: '县民政局', boundBy: null })
      expect((await stores.liaisons.find({ contactId: 'wxid_2', name: '李四' }))?.alias).toBeNull()
    })

    it('one binding per person: rebinding moves the person to the new unit', async () => {
      await stores.liaisons.bind(zhang)
      await stores.liaisons.bind({ ...zhang, unit: '县财政局' })
      // Same alias under a new id is the same person too.
      await stores.liaisons.bind({ ...zhang, contactId: 'wxid_new', unit: '县民政局' })
      const all = await stores.liaisons.list()
      expect(all).toHaveLength(1)
      expect(all[0]).toMatchObject({ contactId: 'wxid_new', unit: '县民政局' })
      expect(await stores.liaisons.listByUnit('县司法局')).toEqual([])
      expect((await stores.liaisons.listByUnit('县民政局')).map((l) => l.name)).toEqual(['张三'])
    })

    it('unbind() says whether there was a binding', async () => {
      await stores.liaisons.bind(zhang)
      expect(await stores.liaisons.unbind('wxid_1')).toBe(true)
      expect(await stores.liaisons.unbind('wxid_1')).toBe(false)
      expect(await stores.liaisons.find({ contactId: 'wxid_1', name: '张三', alias: '司法局张三' })).toBeNull()
    })

    it('updateIds() re-attaches stored liaisons to the current contacts by alias only', async () => {
      await stores.liaisons.bind(zhang)
      await stores.liaisons.bind({ contactId: 'wxid_2', name: '李四', alias: null, unit: '县财政局', boundBy: null })
      await stores.liaisons.bind({ contactId: 'wxid_3', name: '赵六', alias: null, unit: '县民政局', boundBy: null })
      await stores.liaisons.updateIds([
        { contactId: 'wxid_10', name: '张三改名了', alias: '司法局张三' },
        // The only contact named 李四 is still not proof: 李四 confirms again.
        { contactId: 'wxid_20', name: '李四', alias: null },
        { contactId: 'wxid_30', name: '赵六', alias: null },
        { contactId: 'wxid_31', name: '赵六', alias: null },
      ])
      const byUnit = Object.fromEntries((await stores.liaisons.list()).map((l) => [l.unit, l.contactId]))
      expect(byUnit).toEqual({ 县司法局: 'wxid_10', 县财政局: 'wxid_2', 县民政局: 'wxid_3' })
    })
  })

  describe('AdminStore', () => {
    it('counts admins; add() is idempotent per contact', async () => {
      expect(await stores.admins.count()).toBe(0)
      await stores.admins.add({ contactId: 'wxid_admin', name: '办公室王主任', alias: '王主任' })
      await stores.admins.add({ contactId: 'wxid_admin', name: '办公室王主任', alias: '王主任' })
      expect(await stores.admins.count()).toBe(1)
    })

    it('recognises an admin by id or alias; a look-alike display name is not enough when an alias is stored', async () => {
      await stores.admins.add({ contactId: 'wxid_admin', name: '王主任', alias: '办公室王主任' })
      expect(await stores.admins.isAdmin({ contactId: 'wxid_admin', name: '?' })).toBe(true)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_new', name: '王主任', alias: '办公室王主任' })).toBe(true)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_fake', name: '王主任', alias: null })).toBe(false)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_fake', name: '王主任' })).toBe(false)
    })

    it('a display name never makes an admin: renaming oneself to an admin\'s name is not enough', async () => {
      await stores.admins.add({ contactId: 'wxid_admin', name: '李科长', alias: null })
      expect(await stores.admins.isAdmin({ contactId: 'wxid_admin', name: '李科长' })).toBe(true)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_stranger', name: '李科长' })).toBe(false)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_stranger', name: '李科长', alias: null })).toBe(false)
    })

    it('after a re-login, updateIds() re-attaches an admin by alias only', async () => {
      await stores.admins.add({ contactId: 'wxid_a1', name: '李科长', alias: null })
      await stores.admins.add({ contactId: 'wxid_b1', name: '王主任', alias: '办公室王主任' })
      await stores.admins.add({ contactId: 'wxid_c1', name: '赵股长', alias: null })
      await stores.liaisons.updateIds([
        { contactId: 'wxid_a2', name: '李科长', alias: null },
        { contactId: 'wxid_b2', name: '王主任改名', alias: '办公室王主任' },
        // Someone renamed to the alias-holding admin's name: not them.
        { contactId: 'wxid_fake', name: '王主任', alias: null },
        // Two contacts named 赵股长: ambiguous, nobody becomes admin.
        { contactId: 'wxid_c2', name: '赵股长', alias: null },
        { contactId: 'wxid_c3', name: '赵股长', alias: null },
      ])
      // The only contact named 李科长 is not proof either.
      expect(await stores.admins.isAdmin({ contactId: 'wxid_a2', name: '李科长' })).toBe(false)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_b2', name: '王主任改名' })).toBe(true)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_fake', name: '王主任' })).toBe(false)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_c2', name: '赵股长' })).toBe(false)
      expect(await stores.admins.isAdmin({ contactId: 'wxid_c3', name: '赵股长' })).toBe(false)
      expect(await stores.admins.count()).toBe(3)
    })
  })

  describe('IntakeStore', () => {
    let n = 0
    const from = (roomId: string | null, roomTopic: string | null, c: { contactId: string; name: string; alias: string | null }): ChatMessage => ({
      ...message(`in-${++n}`),
      roomId,
      roomTopic,
      senderId: c.contactId,
      senderName: c.name,
      senderAlias: c.alias,
    })
    const noRule = { always: false, enabledByConfig: false, ifAdmin: false }

    it('receive() reads what RoomStore.get, LiaisonStore.find and AdminStore.isAdmin answer, in one statement', async () => {
      await stores.rooms.setEnabled('@@on', '政务公开工作群', true)
      await stores.rooms.setEnabled('@@off', '闲聊群', false)
      await stores.liaisons.bind({ contactId: 'wx-li', name: '李娜', alias: '司法局李娜', unit: '县司法局', boundBy: null })
      await stores.liaisons.bind({ contactId: 'wx-chen', name: '陈明', alias: null, unit: '县教育局', boundBy: 'wx-admin' })
      await stores.liaisons.bind({ contactId: 'wx-twin1', name: '小王', alias: null, unit: '县财政局', boundBy: null })
      await stores.liaisons.bind({ contactId: 'wx-twin2', name: '小王', alias: null, unit: '县民政局', boundBy: null })
      await stores.admins.add({ contactId: 'wx-admin', name: '王主任', alias: '办公室王主任' })
      const contacts = [
        { contactId: 'wx-li', name: '李娜', alias: '司法局李娜' },
        { contactId: 'wx-li-new', name: '改了名', alias: '司法局李娜' }, // new login id, alias kept
        { contactId: 'wx-fake', name: '李娜', alias: null }, // a look-alike name of a liaison stored with an alias
        { contactId: 'wx-chen-new', name: '陈明', alias: null },
        { contactId: 'wx-x', name: '小王', alias: null }, // two stored people share the name
        { contactId: 'wx-admin-new', name: '王主任', alias: '办公室王主任' },
        { contactId: 'wx-nobody', name: '王主任', alias: null },
      ]
      const rooms: [string | null, string | null][] = [['@@on', '政务公开工作群'], ['@@off', null], ['@@moved', '闲聊群'], ['@@unknown', '别的群'], [null, null]]
      for (const contact of contacts) {
        for (const [roomId, topic] of rooms) {
          const got = await stores.intake.receive(from(roomId, topic, contact), noRule)
          expect(got.liaison).toEqual(await stores.liaisons.find(contact))
          // A namesake is one only where nothing matched, and never the liaison itself.
          if (got.namesake) expect([got.liaison, got.namesake.name]).toEqual([null, contact.name])
          expect(got.isAdmin).toBe(await stores.admins.isAdmin(contact))
          expect(got.room).toEqual(roomId ? await stores.rooms.get(roomId, topic) : null)
        }
      }
      // Spot checks, so the comparison above is not vacuous.
      const look = async (i: number) => stores.intake.receive(from('@@on', null, contacts[i]!), noRule)
      expect((await look(1)).liaison?.unit).toBe('县司法局')
      expect((await look(2)).liaison).toBeNull()
      expect((await look(2)).namesake?.unit).toBe('县司法局')
      expect((await look(0)).liaison?.boundAt).toBeInstanceOf(Date)
      // 陈明 under a new id, stored without an alias: no binding, only a namesake who must confirm.
      expect((await look(3)).liaison).toBeNull()
      expect((await look(3)).namesake?.unit).toBe('县教育局')
      expect((await look(4)).liaison).toBeNull()
      expect((await look(1)).namesake).toBeNull()
      expect((await look(5)).isAdmin).toBe(true)
      expect((await look(6)).isAdmin).toBe(false)
      // The room found by topic under a new id was followed, as RoomStore.get does.
      expect((await stores.intake.receive(from('@@moved', null, contacts[0]!), noRule)).room).toEqual({ wechatId: '@@moved', topic: '闲聊群', enabled: false })
    })

    it('stores a message only where the room or the rule allows it, as InboxStore.store would', async () => {
      await stores.rooms.setEnabled('@@on', '政务公开工作群', true)
      await stores.rooms.setEnabled('@@off', '闲聊群', false)
      await stores.admins.add({ contactId: 'wx-admin', name: '王主任', alias: null })
      const person = { contactId: 'wx-a', name: '张三', alias: null }
      const admin = { contactId: 'wx-admin', name: '王主任', alias: null }

      const inEnabled = from('@@on', '政务公开工作群', person)
      expect((await stores.intake.receive(inEnabled, noRule)).state).toBe('new')
      expect((await stores.intake.receive(inEnabled, noRule, 'relaxed')).state).toBe('seen')
      await stores.inbox.markHandled(inEnabled.id, 'help')
      expect((await stores.intake.receive(inEnabled, noRule)).state).toBe('handled')

      const before = await countRows(database, 'inbox')
      expect((await stores.intake.receive(from('@@off', '闲聊群', person), noRule)).state).toBeNull()
      expect((await stores.intake.receive(from('@@off', '闲聊群', person), { ...noRule, ifAdmin: true })).state).toBeNull()
      expect((await stores.intake.receive(from('@@new', '未启用的群', person), noRule)).state).toBeNull()
      expect(await countRows(database, 'inbox')).toBe(before)

      // A stored state overrides the configuration; without one the configuration decides.
      expect((await stores.intake.receive(from('@@off', '闲聊群', person), { ...noRule, enabledByConfig: true })).state).toBeNull()
      expect((await stores.intake.receive(from('@@cfg', '配置启用的群', person), { ...noRule, enabledByConfig: true })).state).toBe('new')
      expect((await stores.intake.receive(from('@@off', '闲聊群', admin), { ...noRule, ifAdmin: true })).state).toBe('new')
      expect((await stores.intake.receive(from(null, null, person), { ...noRule, always: true })).state).toBe('new')
      expect(await countRows(database, 'inbox')).toBe(before + 3)
      const [stored] = await stores.inbox.pending(1)
      expect(stored).toMatchObject({ roomId: '@@cfg', senderName: '张三', text: '第1项已完成', receivedAt: new Date('2022-09-01T02:00:00Z') })
    })

    it('a message delivered several times at once is new for exactly one delivery', async () => {
      await stores.rooms.setEnabled('@@on', '政务公开工作群', true)
      const m = from('@@on', '政务公开工作群', { contactId: 'wx-a', name: '张三', alias: null })
      const states = await Promise.all([1, 2, 3, 4].map(() => stores.intake.receive(m, noRule)))
      expect(states.map((s) => s.state).sort()).toEqual(['new', 'seen', 'seen', 'seen'])
    })
  })
})
