import { afterEach, describe, expect, it } from 'vitest'
import { createMockWorld, type MockWorld } from '../../dev/mockWorld.js'

describe('the send queue across a dropped WeChat connection', () => {
  let world: MockWorld | undefined
  afterEach(async () => world?.stop())

  it('keeps replies while logged out and sends them, in order, after the next login', async () => {
    world = await createMockWorld()
    const li = world.contact('李娜')
    const room = world.room('惠来县政务公开工作群', [li])
    await world.puppet.logout('network dropped')
    expect(world.bot.isLoggedIn).toBe(false)

    const before = world.sent().length
    const pending = [
      world.notifier.send({ roomId: room.id, roomTopic: '惠来县政务公开工作群', text: '第一条答复', mentionIds: [li.id] }),
      world.notifier.send({ roomId: room.id, roomTopic: '惠来县政务公开工作群', text: '第二条答复', mentionIds: [li.id] }),
    ]
    await new Promise((r) => setTimeout(r, 200))
    expect(world.sent().length).toBe(before) // nothing sent, nothing dropped

    world.mocker.login(world.botUser)
    await Promise.all(pending)
    const texts = world.sent().slice(before).map((m) => m.text)
    expect(texts).toHaveLength(2)
    expect(texts[0]).toContain('第一条答复')
    expect(texts[1]).toContain('第二条答复')
  })
})
