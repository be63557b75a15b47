/** The one-time admin claim code (管理员 认领码): throttled per contact and overall, burnt only once stored. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'

const CODE = '135790'
const person = (i: number) => ({ id: `wx-try-${i}`, name: `试探者${i}` })
const minutes = (t: TestLedger, n: number) => (t.clock.now = new Date(t.clock.now.getTime() + n * 60_000))

describe.each(dbTargets.slice(0, 1))('claim code on $name', (target) => {
  let t: TestLedger
  beforeEach(async () => {
    t = await openTestLedger(target, { claimCode: CODE })
  })
  afterEach(() => t.close())
  const claim = (who: { id: string; name: string }, code: string) => t.say(who, `管理员 ${code}`, { roomId: null, roomTopic: null })

  it('after a few wrong tries a contact waits, even with the right code; then it works', async () => {
    for (let i = 0; i < 3; i++) expect((await claim(person(1), '000000')).reply).toContain('不正确')
    const blocked = await claim(person(1), CODE)
    expect(blocked.reply).toContain('尝试次数过多')
    expect(blocked.reply).toMatch(/\d+分钟后再试/)
    expect(await t.stores.admins.count()).toBe(0)
    expect(t.assistant.claimCode.current).toBe(CODE)
    // Another contact is not held up by the first one's tries.
    expect((await claim(person(2), '111111')).reply).toContain('不正确')
    minutes(t, 11)
    expect((await claim(person(1), CODE)).reply).toContain('您已成为管理员')
    expect(t.assistant.claimCode.current).toBeNull()
  })

  it('many contacts guessing at once hold everyone off for a while', async () => {
    for (let i = 0; i < 30; i++) await claim(person(i), String(200000 + i))
    const late = await claim(person(99), CODE)
    expect(late.reply).toContain('尝试次数过多')
    expect(await t.stores.admins.count()).toBe(0)
    minutes(t, 11)
    expect((await claim(person(99), CODE)).reply).toContain('您已成为管理员')
  })

  it('burns the code only after the admin is stored: a failed write leaves it usable', async () => {
    const add = t.stores.admins.add
    t.stores.admins.add = async () => {
      throw new Error('write failed')
    }
    const failed = await claim(person(1), CODE)
    expect(failed.reply).not.toContain('您已成为管理员')
    expect(t.assistant.claimCode.current).toBe(CODE)
    t.stores.admins.add = add
    expect((await claim(person(1), CODE)).reply).toContain('您已成为管理员')
    expect(await t.stores.admins.isAdmin({ contactId: person(1).id, name: person(1).name })).toBe(true)
  })
  it('a write that failed yet committed (its answer lost) burns the code: nobody else can claim with it', async () => {
    const add = t.stores.admins.add
    t.stores.admins.add = async (a) => {
      await add(a)
      throw new Error('connection lost after commit')
    }
    expect((await claim(person(1), CODE)).reply).toContain('您已成为管理员')
    expect(t.assistant.claimCode.current).toBeNull()
    t.stores.admins.add = add
    expect((await claim(person(2), CODE)).reply).toContain('不正确或已被使用')
    expect(await t.stores.admins.count()).toBe(1)
  })

  it('the new admin repeating the code (a retried message) is told so, never throttled as a wrong try', async () => {
    expect((await claim(person(1), CODE)).reply).toContain('您已成为管理员')
    for (let i = 0; i < 4; i++) expect((await claim(person(1), CODE)).reply).toContain('您已是管理员')
    expect(await t.stores.admins.count()).toBe(1)
  })
})
