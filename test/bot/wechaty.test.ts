import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createBot, handleSignals, type BotHandle } from '../../bot/wechaty.js'
import { WorldPuppet, createMockWorld, type MockWorld } from '../../dev/mockWorld.js'
import type { ChatMessage } from '../../src/chat.js'

interface LogLine { level: number; msg: string; delayMs?: number; [k: string]: unknown }

function captureLog() {
  const lines: LogLine[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine)
      cb()
    },
  })
  return { log: pino({ level: 'debug' }, stream), lines, retries: () => lines.filter((l) => l.msg.startsWith('无法连接微信')) }
}

const WARN = 40
/** Waits end as soon as their condition holds; this bound only turns a hang into a clear failure. */
const HANG_MS = 20_000

/** start() rejects while `failures` lasts: the fast way to fail (no ServiceCtl timeout). */
class RejectingPuppet extends WorldPuppet {
  starts = 0
  constructor(public failures = Number.POSITIVE_INFINITY) {
    super()
    // start is typed as a property on the puppet mixins, so wrap it instead of overriding.
    const realStart = this.start.bind(this)
    this.start = async () => {
      this.starts++
      if (this.failures-- > 0) throw new Error('getaddrinfo ENOTFOUND login.wx.qq.com')
      return realStart()
    }
  }
}

/**
 * onStart() throws, like a puppet that cannot reach WeChat. Slow by nature: state-switch's ServiceCtl
 * then waits 5 s for the half-started puppet before stopping it, so each attempt takes ~5 s.
 */
class OnStartThrowsPuppet extends WorldPuppet {
  starts = 0
  override async onStart(): Promise<void> {
    this.starts++
    throw new Error('getaddrinfo ENOTFOUND login.wx.qq.com')
  }
}

/** Starts "fine" and then reports network errors, as wechaty-puppet-wechat4u does offline. */
class OfflineAfterStartPuppet extends WorldPuppet {
  starts = 0
  constructor(public offlineStarts: number) {
    super()
  }
  override async onStart(): Promise<void> {
    this.starts++
    await super.onStart()
    if (this.starts <= this.offlineStarts) {
      setTimeout(() => {
        for (let i = 0; i < 5; i++) this.emit('error', { data: 'Error: getaddrinfo ENOTFOUND login.wx.qq.com' })
      }, 5)
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function tmpDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'createbot-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function botWith(puppet: WorldPuppet, log = captureLog(), onMessage: (m: ChatMessage) => Promise<void> = async () => {}): { handle: BotHandle; logs: ReturnType<typeof captureLog> } {
  const handle = createBot({
    puppet, name: 'test', dataDir: tmpDir(), log: log.log, botName: '督办助手',
    retry: { initialMs: 20, maxMs: 80 }, showQr: () => {}, onMessage,
  })
  cleanups.push(() => handle.stop())
  return { handle, logs: log }
}

describe('createBot start-up retry', () => {
  it('logs one line per failed start and retries with growing, capped delays; stop() ends the retries', async () => {
    const puppet = new RejectingPuppet()
    const { handle, logs } = botWith(puppet)
    const t0 = Date.now()
    await handle.start() // must not reject or hang
    // A hang bound, not a speed target: start() returns without waiting for the retries.
    expect(Date.now() - t0).toBeLessThan(HANG_MS)
    await waitUntil(() => logs.retries().length >= 5, HANG_MS)
    const retries = logs.retries()
    expect(retries.map((l) => l.delayMs).slice(0, 5)).toEqual([20, 40, 80, 80, 80])
    expect(retries.every((l) => l.level === WARN)).toBe(true)
    expect(retries[0]!.msg).toBe('无法连接微信，将在 0.02s 后重试')
    // Quiet: nothing at warn or above besides the retry lines.
    expect(logs.lines.filter((l) => l.level >= WARN && !l.msg.startsWith('无法连接微信'))).toEqual([])
    expect(puppet.starts).toBeGreaterThanOrEqual(5)

    await handle.stop()
    const startsAtStop = puppet.starts
    const linesAtStop = logs.retries().length
    await sleep(250)
    expect(puppet.starts).toBe(startsAtStop)
    expect(logs.retries().length).toBe(linesAtStop)
    expect(handle.bot.state.active()).toBe(false)
  }, 2 * HANG_MS)

  it('a puppet whose onStart() throws is retried too (wechaty swallows that failure)', async () => {
    const puppet = new OnStartThrowsPuppet()
    const { handle, logs } = botWith(puppet)
    const t0 = Date.now()
    await handle.start()
    expect(Date.now() - t0).toBeLessThan(HANG_MS)
    await waitUntil(() => logs.retries().length >= 2, HANG_MS)
    expect(logs.retries().map((l) => l.delayMs)).toEqual([20, 40])
    expect(logs.retries()[0]!['err']).toContain('ENOTFOUND')
    await handle.stop()
    const startsAtStop = puppet.starts
    await sleep(200)
    expect(puppet.starts).toBe(startsAtStop)
  }, 2 * HANG_MS)

  it('comes up once the puppet can start, then delivers messages', async () => {
    const world = await createMockWorld({ puppet: new RejectingPuppet(2), retry: { initialMs: 20, maxMs: 80 }, login: false })
    cleanups.push(() => world.stop())
    const puppet = world.puppet as RejectingPuppet
    await waitUntil(() => puppet.starts === 3 && world.bot.puppet.state.active() === true, HANG_MS)
    const loggedIn = new Promise<void>((resolve) => world.bot.once('login', () => resolve()))
    world.mocker.login(world.botUser)
    await loggedIn
    const zhang = world.contact('张三')
    const room = world.room('工作群', [zhang])
    const m = await world.say(zhang, room, '帮助', { mentionBot: true })
    expect(m).toMatchObject({ text: '帮助', mentionsBot: true, senderName: '张三' })
  })

  it('treats errors before any QR code or login as "offline" (the wechat4u case) and retries', async () => {
    const puppet = new OfflineAfterStartPuppet(2)
    const { handle, logs } = botWith(puppet)
    await handle.start()
    await waitUntil(() => puppet.starts === 3, HANG_MS)
    await sleep(100)
    // Two offline attempts -> two lines, however many errors each burst had.
    expect(logs.retries().map((l) => l.delayMs)).toEqual([20, 40])
    expect(handle.bot.puppet.state.active()).toBe(true)
  })

  it('after login, puppet errors are logged (deduplicated) without restarting', async () => {
    const logs = captureLog()
    const world = await createMockWorld({ log: logs.log, retry: { initialMs: 20, maxMs: 80 } })
    cleanups.push(() => world.stop())
    for (let i = 0; i < 3; i++) world.puppet.emit('error', { data: 'Error: 同步失败' })
    await sleep(100)
    expect(logs.retries()).toEqual([])
    expect(logs.lines.filter((l) => l.msg === '微信连接出错')).toHaveLength(1)
    expect(world.bot.isLoggedIn).toBe(true)
  })
})

describe('createBot message handling', () => {
  let world: MockWorld

  it('a throwing handler is logged and the next message is still handled', async () => {
    const logs = captureLog()
    world = await createMockWorld({
      log: logs.log,
      onMessage: async (m) => {
        if (m.text === '炸') throw new Error('handler bug')
      },
    })
    cleanups.push(() => world.stop())
    const zhang = world.contact('张三')
    const room = world.room('工作群', [zhang])
    await world.say(zhang, room, '炸', { mentionBot: true })
    const ok = await world.say(zhang, room, '帮助', { mentionBot: true })
    expect(ok.text).toBe('帮助')
    expect(world.errors).toHaveLength(1)
    const failed = logs.lines.find((l) => l.msg === '消息处理失败')
    expect(failed?.['messageId']).toBe(world.received[0]!.id)
    // No message text in the logs at info or above.
    expect(JSON.stringify(logs.lines.filter((l) => l.level >= 30))).not.toContain('帮助')
  })

  it('handles one conversation in order even when the handler is slow', async () => {
    const order: string[] = []
    world = await createMockWorld({
      onMessage: async (m) => {
        if (m.text === '一') await sleep(50)
        order.push(m.text)
      },
    })
    cleanups.push(() => world.stop())
    const zhang = world.contact('张三')
    const room = world.room('工作群', [zhang])
    await Promise.all([world.say(zhang, room, '一'), world.say(zhang, room, '二')])
    expect(order).toEqual(['一', '二'])
  })

  it('calls onLogin and onLogout with the bot', async () => {
    const events: string[] = []
    const puppet = new WorldPuppet()
    const botUser = puppet.mocker.createContact({ id: 'bot_login', name: '督办助手' })
    const handle = createBot({
      puppet, name: 'test', dataDir: tmpDir(), log: pino({ level: 'silent' }), showQr: () => {},
      onMessage: async () => {},
      onLogin: async (bot) => { events.push(`login:${bot.currentUser.id}`) },
      onLogout: async () => { events.push('logout') },
    })
    cleanups.push(() => handle.stop())
    await handle.start()
    puppet.mocker.login(botUser)
    await waitUntil(() => events.length === 1, HANG_MS)
    await puppet.logout()
    await waitUntil(() => events.length === 2, HANG_MS)
    expect(events).toEqual(['login:bot_login', 'logout'])
  })

  it('keeps the login session (memory card) under dataDir', async () => {
    const dataDir = tmpDir()
    const handle = createBot({
      puppet: new WorldPuppet(), name: 'county-a', dataDir, log: pino({ level: 'silent' }), showQr: () => {}, onMessage: async () => {},
    })
    cleanups.push(() => handle.stop())
    await handle.start()
    // memory is public on the Wechaty class but missing from WechatyInterface.
    const memory = (handle.bot as unknown as { memory: { set(k: string, v: unknown): Promise<void>; save(): Promise<void> } }).memory
    await memory.set('probe', 1)
    await memory.save()
    expect(existsSync(path.join(dataDir, 'county-a.memory-card.json'))).toBe(true)
  })

  it('shows the QR code on scan', async () => {
    const shown: string[] = []
    const puppet = new WorldPuppet()
    const logs = captureLog()
    const handle = createBot({
      puppet, name: 'test', dataDir: tmpDir(), log: logs.log, showQr: (q) => shown.push(q), onMessage: async () => {},
    })
    cleanups.push(() => handle.stop())
    await handle.start()
    puppet.mocker.scan('https://login.weixin.qq.com/l/abc')
    await waitUntil(() => shown.length === 1, HANG_MS)
    expect(shown).toEqual(['https://login.weixin.qq.com/l/abc'])
    expect(logs.lines.find((l) => l.msg === '请用微信扫码登录')?.['url']).toBe('https://wechaty.js.org/qrcode/https%3A%2F%2Flogin.weixin.qq.com%2Fl%2Fabc')
  })
})

describe('createBot with wechaty-puppet-wechat4u and no network', () => {
  it('stays quiet and alive: a QR code (online) or one retry line per attempt (offline), no crash', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    cleanups.push(() => { process.off('unhandledRejection', onUnhandled) })
    const logs = captureLog()
    const shown: string[] = []
    const handle = createBot({
      name: 'w4u', dataDir: tmpDir(), log: logs.log, showQr: (q) => shown.push(q),
      retry: { initialMs: 300, maxMs: 600 }, onMessage: async () => {},
    })
    cleanups.push(() => handle.stop())
    await handle.start()
    await waitUntil(() => shown.length > 0 || logs.retries().length >= 2, 15_000)
    if (shown.length === 0) {
      // Offline: wechat4u's own restart loop is cut, so each attempt logs exactly one line.
      await sleep(200)
      const n = logs.retries().length
      expect(n).toBeGreaterThanOrEqual(2)
      expect(n).toBeLessThanOrEqual(3)
      expect(logs.lines.filter((l) => l.level >= WARN && !l.msg.startsWith('无法连接微信'))).toEqual([])
    }
    await handle.stop()
    await sleep(300)
    expect(unhandled).toEqual([])
  }, 30_000)
})

describe('handleSignals', () => {
  it('stops once on the first signal and exits 0; a second signal exits at once', async () => {
    const exits: number[] = []
    let stops = 0
    let finishStop!: () => void
    const off = handleSignals(() => {
      stops++
      return new Promise<void>((resolve) => { finishStop = resolve })
    }, { exit: (code) => exits.push(code), signals: ['SIGUSR2'] })
    cleanups.push(off)
    process.emit('SIGUSR2', 'SIGUSR2')
    expect(stops).toBe(1)
    process.emit('SIGUSR2', 'SIGUSR2')
    expect(exits).toEqual([130])
    finishStop()
    await sleep(10)
    expect(exits).toEqual([130, 0])
    expect(stops).toBe(1)
  })
})

async function waitUntil(fn: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(10)
  }
}
