/** 网页台账 in the chat: the link to an admin in private, privately when asked in a group, refused to others. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

const admin = { id: 'wxid-admin', name: '王主任', alias: '办公室王主任' }
const sifa = { id: 'wxid-sifa', name: '张三', alias: '司法局张三' }

describe.each(dbTargets.slice(0, 1))('网页台账 on $name', (target) => {
  let withWeb: TestLedger
  let without: TestLedger
  beforeAll(async () => {
    withWeb = await openTestLedger(target, { services: { webLedgerLink: async () => 'http://127.0.0.1:8080/?t=abc.def' } })
    without = await openTestLedger(target, { services: { webLedgerLink: async () => null } })
    await withWeb.say(sifa, '绑定 县司法局')
  })
  afterAll(async () => {
    await withWeb?.close()
    await without?.close()
  })

  it('gives an admin the link in private chat', async () => {
    const r = await withWeb.say(admin, '网页台账', { roomId: null, roomTopic: null, mentionsBot: false })
    expect(r.reply).toContain('http://127.0.0.1:8080/?t=abc.def')
    expect(r.reply).toContain('120分钟内有效')
  })

  it('sends it privately when asked in a group', async () => {
    const r = await withWeb.say(admin, '网页台账')
    expect(r.reply).toContain('网页台账链接已私信发送。')
    expect(r.reply).not.toContain('?t=')
    const privately = r.messages.find((m) => m.toContactId === admin.id && m.roomId === null)
    expect(privately?.text).toContain('?t=abc.def')
    expect(r.messages.filter((m) => m.roomId !== null).map((m) => m.text).join()).not.toContain('?t=')
  })

  it('refuses a liaison, and says when the web server is not running', async () => {
    const refused = await withWeb.say(sifa, '网页台账', { roomId: null, roomTopic: null, mentionsBot: false })
    expect(refused.reply).toContain('仅限管理员')
    expect(JSON.stringify(refused.messages)).not.toContain('?t=')
    const off = await without.say(admin, '网页台账', { roomId: null, roomTopic: null, mentionsBot: false })
    expect(off.reply).toContain('网页台账当前未开启')
  })
})
