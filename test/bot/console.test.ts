/**
 * What `npm start` prints for a clerk at a terminal (issue 12): short Chinese sentences for the login
 * and retry events, nothing for records meant for log files; JSON lines when LOG_FORMAT=json or when
 * stdout is not a terminal.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { consoleSentence, createConsoleStream, createServiceLogger, wantsSentences, type LogRecord } from '../../bot/log.js'
import { createBot } from '../../bot/wechaty.js'
import { WorldPuppet } from '../../dev/mockWorld.js'
import { parseConfig } from '../../src/config.js'

const INFO = 30
const WARN = 40
const ERROR = 50
const config = (env: Record<string, string> = {}) => parseConfig({ LOG_LEVEL: 'info', ...env })
const rec = (level: number, msg: string, fields: Record<string, unknown> = {}): LogRecord => ({ level, msg, time: '2026-12-03T01:30:00.000Z', ...fields })

/** A stdout stand-in: what was written, and whether it claims to be a terminal. */
function terminal(isTTY: boolean) {
  const written: string[] = []
  return { isTTY, written, write: (text: string) => written.push(text) }
}

function sink() {
  const chunks: string[] = []
  return { chunks, stream: new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) }) }
}

describe('consoleSentence', () => {
  it('gives the login and retry events their sentences', () => {
    expect(consoleSentence(rec(INFO, '正在连接微信', { event: 'connecting' }))).toBe('正在连接微信…')
    expect(consoleSentence(rec(INFO, '请用微信扫码登录', { event: 'qr', url: 'https://wechaty.js.org/qrcode/x' }))).toMatch(/^等待微信扫码登录/)
    expect(consoleSentence(rec(INFO, '扫码状态', { event: 'scan', status: 'Scanned' }))).toBe('已扫码，请在手机上确认登录。')
    expect(consoleSentence(rec(INFO, '微信已登录', { event: 'login', name: '县府办督办助手', userId: 'wxid_1' }))).toBe('微信已登录（县府办督办助手），开始值守工作群。')
    expect(consoleSentence(rec(WARN, '无法连接微信，将在 30s 后重试', { event: 'retry', delayMs: 30_000, attempt: 1, err: 'getaddrinfo ENOTFOUND' })))
      .toBe('无法连接微信，30 秒后重试。不接微信也可先试用：npm run chat')
    // The hint once; later retries are one short line each.
    expect(consoleSentence(rec(WARN, '无法连接微信，将在 5min 后重试', { event: 'retry', delayMs: 300_000, attempt: 4 }))).toBe('无法连接微信，5 分钟后重试。')
    expect(consoleSentence(rec(INFO, 'unhandled inbox messages handled after restart', { event: 'recovered', recovered: 3 }))).toBe('已处理重启前收到但未处理的消息 3 条。')
  })

  it('drops records meant for log files and shows other warnings and errors by their message only', () => {
    expect(consoleSentence(rec(INFO, 'ids re-resolved after login', { rooms: 2, contacts: 40 }))).toBeNull()
    expect(consoleSentence(rec(20, '收到消息', { roomId: 'r1' }))).toBeNull()
    expect(consoleSentence(rec(INFO, '扫码状态', { event: 'scan', status: 'Confirmed' }))).toBeNull()
    const error = consoleSentence(rec(ERROR, '消息处理失败', { err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x.ts:1' } }))
    expect(error).toBe('出错：消息处理失败')
    expect(consoleSentence(rec(WARN, '二维码显示失败'))).toBe('注意：二维码显示失败')
  })

  it('the stream writes one timed line per sentence (China time) and skips what is not JSON', () => {
    const out = terminal(true)
    const stream = createConsoleStream(out)
    stream.write(`${JSON.stringify(rec(INFO, '请用微信扫码登录', { event: 'qr' }))}\n${JSON.stringify(rec(INFO, 'seed table imported'))}\nnot json\n`)
    expect(out.written).toEqual(['09:30 等待微信扫码登录：请用管理机器人的微信扫描上方二维码。\n'])
  })
})

describe('createServiceLogger', () => {
  it('at a terminal prints sentences on stdout and no JSON', () => {
    const out = terminal(true)
    const err = sink()
    const log = createServiceLogger(config({}), { stdout: out, stderr: err.stream })
    log.warn({ event: 'retry', delayMs: 30_000, attempt: 1, err: 'ENOTFOUND' }, '无法连接微信，将在 30s 后重试')
    log.info({ rooms: 1 }, 'ids re-resolved after login')
    expect(out.written).toHaveLength(1)
    expect(out.written[0]).toMatch(/^\d\d:\d\d 无法连接微信，30 秒后重试。不接微信也可先试用：npm run chat\n$/)
    expect(out.written.join('')).not.toContain('{')
    expect(err.chunks).toEqual([])
  })

  it('LOG_FORMAT=json keeps JSON lines (on stderr) even at a terminal, and so does a stdout that is no terminal', async () => {
    for (const [env, isTTY] of [[{ LOG_FORMAT: 'json' }, true], [{}, false]] as const) {
      const out = terminal(isTTY)
      const err = sink()
      const log = createServiceLogger(config(env), { stdout: out, stderr: err.stream })
      log.warn({ event: 'retry', delayMs: 30_000, attempt: 1 }, '无法连接微信，将在 30s 后重试')
      log.flush()
      await new Promise((r) => setImmediate(r))
      expect(out.written).toEqual([])
      const line = JSON.parse(err.chunks.join('')) as LogRecord
      expect(line).toMatchObject({ level: WARN, msg: '无法连接微信，将在 30s 后重试', event: 'retry', delayMs: 30_000 })
    }
  })

  it('LOG_FORMAT is checked: text forces sentences, anything else is refused', () => {
    expect(wantsSentences('text', false)).toBe(true)
    expect(wantsSentences('auto', false)).toBe(false)
    expect(wantsSentences('json', true)).toBe(false)
    expect(() => parseConfig({ LOG_FORMAT: 'pretty' })).toThrow()
  })
})

describe('npm start offline, as a clerk sees it', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('createBot with a puppet that cannot reach WeChat prints the connecting and retry sentences', async () => {
    const puppet = new WorldPuppet()
    // The fast way to fail a start (see test/bot/wechaty.test.ts).
    puppet.start = async () => {
      throw new Error('getaddrinfo ENOTFOUND login.wx.qq.com')
    }
    const out = terminal(true)
    const log = createServiceLogger(config(), { stdout: out })
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'console-'))
    dirs.push(dataDir)
    const handle = createBot({ puppet, name: 't', dataDir, log, showQr: () => {}, onMessage: async () => {}, retry: { initialMs: 20, maxMs: 40 } })
    await handle.start()
    const deadline = Date.now() + 5000
    while (out.written.filter((l) => l.includes('无法连接微信')).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    await handle.stop()
    const lines = out.written.map((l) => l.replace(/^\d\d:\d\d /, ''))
    expect(lines.slice(0, 3)).toEqual(['正在连接微信…\n', '无法连接微信，1 秒后重试。不接微信也可先试用：npm run chat\n', '无法连接微信，1 秒后重试。\n'])
    expect(out.written.join('')).not.toContain('ENOTFOUND')
  })
})
