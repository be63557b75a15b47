import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { createMockWorld, type MockContact, type MockRoom, type MockWorld } from '../../dev/mockWorld.js'
import type { Message } from 'wechaty'
import { mentionNamesInText, recalledIdFromText, stripBotMention, toChatMessage } from '../../bot/inbound.js'

describe('toChatMessage through real mock-puppet events', () => {
  let world: MockWorld
  let zhang: MockContact
  let li: MockContact
  let room: MockRoom

  beforeAll(async () => {
    world = await createMockWorld()
    zhang = world.contact('张三', '财政局张三')
    li = world.contact('李四')
    room = world.room('县政务公开工作群', [zhang, li])
  })
  afterAll(async () => {
    await world.stop()
  })

  it('strips the client-style mention (FOUR-PER-EM SPACE) and fills the room and sender fields', async () => {
    const before = Date.now()
    const m = await world.say(zhang, room, '我单位负责什么', { mentionBot: true })
    expect(m).toMatchObject({
      roomId: room.id,
      roomTopic: '县政务公开工作群',
      senderId: zhang.id,
      senderName: '张三',
      senderAlias: '财政局张三',
      text: '我单位负责什么',
      mentionsBot: true,
      kind: 'text',
    })
    expect(m.mentionIds).toBeUndefined()
    expect(m.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(m.receivedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('strips the plain-space form and a mention at the end', async () => {
    const a = await world.say(li, room, '@督办助手 第五十七项谁负责', { mentions: [world.botUser] })
    expect(a.text).toBe('第五十七项谁负责')
    expect(a.mentionsBot).toBe(true)
    const b = await world.say(li, room, '第1项已完成 @督办助手', { mentions: [world.botUser] })
    expect(b.text).toBe('第1项已完成')
    expect(b.mentionsBot).toBe(true)
  })

  it('trusts mentionSelf() when the text spells the bot differently (e.g. its old name)', async () => {
    const m = await world.say(li, room, '@小助手\u2005帮助', { mentions: [world.botUser] })
    expect(m.mentionsBot).toBe(true)
    // The stale name is not the bot's, so it stays in the text and counts as a typed mention.
    expect(m.text).toBe('@小助手\u2005帮助')
  })

  it('an unmentioned room message is not for the bot', async () => {
    const m = await world.say(li, room, '大家好，今天下午开会')
    expect(m.mentionsBot).toBe(false)
    expect(m.text).toBe('大家好，今天下午开会')
  })

  it('keeps other people\'s mentions as ids and names', async () => {
    const m = await world.say(li, room, '绑定 @张三\u2005县财政局', { mentionBot: true, mentions: [zhang] })
    expect(m.text).toBe('绑定 @张三\u2005县财政局')
    expect(m.mentionsBot).toBe(true)
    expect(m.mentionIds).toEqual([zhang.id])
    expect(m.mentionNames).toEqual(['张三'])
  })

  it('parses the text form of a quote reply and strips the mention from the reply', async () => {
    const text = '「督办助手：第5项请于6月底前反馈进度」\n- - - - - - - - - - - - - - -\n@督办助手\u2005已完成'
    const m = await world.say(zhang, room, text, { mentions: [world.botUser] })
    expect(m.quoted).toEqual({ senderName: '督办助手', text: '第5项请于6月底前反馈进度' })
    expect(m.text).toBe('已完成')
    expect(m.mentionsBot).toBe(true)
  })

  it('a quote reply without a mention keeps mentionsBot false even if the quoted text had one', async () => {
    const text = '「张三：@督办助手 我单位负责什么」\n- - - - - - - - - - - - - - -\n我也想问'
    const m = await world.say(li, room, text)
    expect(m.quoted).toEqual({ senderName: '张三', text: '@督办助手 我单位负责什么' })
    expect(m.text).toBe('我也想问')
    expect(m.mentionsBot).toBe(false)
  })

  it('parses the appmsg XML (type 57) form of a quote', async () => {
    const xml = '<msg><appmsg appid="" sdkver="0"><title>已完成</title><type>57</type>'
      + '<refermsg><type>1</type><displayname>督办助手</displayname><content>第3项请反馈</content></refermsg>'
      + '</appmsg></msg>'
    const m = await world.sayRaw(zhang, room, { type: types.Message.Unknown, text: xml })
    expect(m).toMatchObject({ kind: 'text', text: '已完成', quoted: { senderName: '督办助手', text: '第3项请反馈' } })
  })

  it('converts a private chat: no room, mention-free', async () => {
    const m = await world.say(zhang, null, '帮助')
    expect(m).toMatchObject({ roomId: null, roomTopic: null, senderId: zhang.id, text: '帮助', mentionsBot: false })
  })

  it('ignores the bot\'s own messages', async () => {
    await world.notifier.send({ roomId: room.id, text: '自己发的提醒' })
    await world.waitFor(() => world.sent().some((s) => s.text === '自己发的提醒'))
    // A later message from someone else shows the bot's own one would already have arrived.
    await world.say(li, room, '收到')
    expect(world.received.some((m) => m.text.includes('自己发的提醒'))).toBe(false)
    expect(world.received.at(-1)?.text).toBe('收到')
  })

  it('labels images and files', async () => {
    const img = await world.sayRaw(zhang, room, { type: types.Message.Image, file: { name: 'photo.png' } })
    expect(img).toMatchObject({ kind: 'image', text: '', mentionsBot: false })
    const file = await world.sayRaw(zhang, room, { type: types.Message.Attachment, file: { name: '进度表.xlsx' } })
    expect(file).toMatchObject({ kind: 'file', fileName: '进度表.xlsx', text: '' })
  })

  it('gives a recalled message the id it recalls (plain id and sysmsg XML)', async () => {
    const original = await world.say(zhang, room, '第2项已完成', { mentionBot: true })
    const byId = await world.sayRaw(zhang, room, { type: types.Message.Recalled, text: original.id })
    expect(byId).toMatchObject({ kind: 'recalled', recalledId: original.id })
    const xml = '<sysmsg type="revokemsg"><revokemsg><session>x@chatroom</session><msgid>1</msgid>'
      + '<newmsgid>7415560391298713089</newmsgid><replacemsg><![CDATA["张三" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>'
    const byXml = await world.sayRaw(zhang, room, { type: types.Message.Recalled, text: xml })
    expect(byXml).toMatchObject({ kind: 'recalled', recalledId: '7415560391298713089' })
  })

  it('a message with an unusable timestamp gets the current time, so replayed history is still recognised', async () => {
    const now = new Date('2022-09-01T02:00:00Z')
    for (const breakIt of [false, true]) {
      const captured = new Promise<Message>((resolve) => world.bot.once('message', resolve))
      await world.say(zhang, room, '第4项已完成', { mentionBot: true })
      const message = await captured
      message.date = () => new Date(Number.NaN)
      // With the type accessor broken too, the best-effort path must also fall back to now.
      if (breakIt) message.type = () => { throw new Error('puppet broke') }
      const m = await toChatMessage(message, { botName: '督办助手', now: () => now })
      expect(m?.receivedAt).toEqual(now)
    }
  })

  it('never throws: a message whose accessors fail still comes out best-effort', async () => {
    const captured = new Promise<Message>((resolve) => world.bot.once('message', resolve))
    await world.say(zhang, room, '第3项已完成', { mentionBot: true })
    const message = await captured
    // Simulate a puppet that breaks half-way through the conversion.
    message.type = () => { throw new Error('puppet broke') }
    const warnings: unknown[] = []
    const log = { warn: (obj: unknown) => warnings.push(obj), debug: () => {} }
    const m = await toChatMessage(message, { botName: '督办助手', log: log as never })
    expect(m).toMatchObject({ id: message.id, roomId: room.id, senderId: zhang.id, kind: 'other', mentionsBot: false })
    expect(m?.text).toContain('第3项已完成')
    expect(warnings).toHaveLength(1)
  })

  // Issue 11, defect 4: a lone surrogate anywhere (text, names, the topic) could not be stored.
  it('hands over valid Unicode only: lone surrogates in the text, names and topic become U+FFFD', async () => {
    const odd = world.contact('王\ud83d', '备注\udc00')
    const oddRoom = world.room('工作群\ud800', [odd])
    const m = await world.say(odd, oddRoom, '第5项已完成\ud83d', { mentionBot: true })
    expect(m).toMatchObject({ text: '第5项已完成\ufffd', senderName: '王\ufffd', senderAlias: '备注\ufffd', roomTopic: '工作群\ufffd', mentionsBot: true })
  })
})

describe('inbound text helpers', () => {
  it('stripBotMention prefers the longest name and leaves look-alikes alone', () => {
    expect(stripBotMention('@督办助手小王 你好', ['督办助手'])).toEqual({ text: '@督办助手小王 你好', found: false })
    expect(stripBotMention('@督办助手小王 你好', ['督办助手', '督办助手小王'])).toEqual({ text: '你好', found: true })
    expect(stripBotMention('请@督办助手\u2005查一下第3项', ['督办助手'])).toEqual({ text: '请 查一下第3项', found: true })
  })

  it('mentionNamesInText skips mail addresses', () => {
    expect(mentionNamesInText('绑定 @张三 县财政局，邮件 a@b.cn')).toEqual(['张三'])
  })

  it('recalledIdFromText reads escaped XML and rejects prose', () => {
    expect(recalledIdFromText('&lt;sysmsg&gt;&lt;revokemsg&gt;&lt;newmsgid&gt;42&lt;/newmsgid&gt;')).toBe('42')
    expect(recalledIdFromText('"张三" 撤回了一条消息')).toBeUndefined()
    expect(recalledIdFromText('张三撤回了一条消息')).toBeUndefined()
    expect(recalledIdFromText(' 7415560391298713089 ')).toBe('7415560391298713089')
  })
})
