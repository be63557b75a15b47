/** The Wechaty adapter: builds the bot, turns its events into ChatMessages, and waits out network trouble quietly. */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import qrcodeTerminal from 'qrcode-terminal'
import { WechatyBuilder, types, log as wechatyLog, type Wechaty as WechatyInterface, type WechatyOptions, type Message } from 'wechaty'
import type { Logger } from 'pino'
import type { ChatMessage } from '../src/chat.js'
import { toChatMessage } from './inbound.js'

export type { WechatyInterface }
/** A puppet instance (tests pass a PuppetMock). */
export type PuppetInstance = Exclude<NonNullable<WechatyOptions['puppet']>, string>
/** A puppet npm name Wechaty knows how to load. */
export type PuppetName = Extract<NonNullable<WechatyOptions['puppet']>, string>

export interface RetryOptions {
  /** First wait after a failed start (default 5 s). */
  initialMs?: number
  /** Longest wait (default 5 min). */
  maxMs?: number
}

export interface CreateBotOptions {
  /** Instance or npm name; default 'wechaty-puppet-wechat4u'. */
  puppet?: PuppetInstance | PuppetName
  puppetToken?: string
  /** Session name: the memory card (login session) is stored as <dataDir>/<name>.memory-card.json. */
  name: string
  dataDir: string
  log: Logger
  /** The bot's display name as people @ it; default: the logged-in account's name. */
  botName?: string
  onMessage: (m: ChatMessage) => Promise<void>
  onLogin?: (bot: WechatyInterface) => Promise<void>
  onLogout?: (bot: WechatyInterface) => Promise<void>
  retry?: RetryOptions
  /** Shows the login QR code; default prints it in the terminal. */
  showQr?: (qrcode: string) => void
}

export interface BotHandle {
  bot: WechatyInterface
  /** Starts the bot. Never rejects for connection trouble: it logs one line and retries in the background. */
  start(): Promise<void>
  /** Ends retries and stops the bot; safe to call more than once. */
  stop(): Promise<void>
}

const DEFAULT_PUPPET: PuppetName = 'wechaty-puppet-wechat4u'

function formatDelay(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}min`
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${(ms / 1000).toFixed(2).replace(/0+$/, '').replace(/\.$/, '')}s`
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message
  return typeof err === 'string' ? err : JSON.stringify(err)
}

/**
 * wechaty-puppet-wechat4u restarts wechat4u from its own 'logout' listener, so an offline start loops
 * forever (a burst of ENOTFOUND errors every few seconds), and stopping it throws an unhandled rejection
 * (the listener calls start() on the instance the stop just cleared). Detaching that listener hands the
 * retrying to us. Must run synchronously inside the 'error' event, before wechat4u emits 'logout'.
 */
function detachWechat4uSelfRestart(bot: WechatyInterface): void {
  try {
    const inner = (bot.puppet as unknown as { wechat4u?: { removeAllListeners?: (event: string) => void } }).wechat4u
    inner?.removeAllListeners?.('logout')
  } catch {
    // No puppet yet, or not wechat4u: nothing to detach.
  }
}

function puppetActive(bot: WechatyInterface): boolean {
  try {
    return bot.puppet.state.active() === true
  } catch {
    return false
  }
}

export function createBot(opts: CreateBotOptions): BotHandle {
  const log = opts.log
  mkdirSync(opts.dataDir, { recursive: true })
  // Wechaty's own logger prints WARN lines for every restart; keep `npm start` to our log unless asked.
  if (!process.env['WECHATY_LOG']) wechatyLog.level('silent')

  const puppet = opts.puppet ?? DEFAULT_PUPPET
  const name = path.join(opts.dataDir, opts.name)
  const bot = typeof puppet === 'string'
    ? WechatyBuilder.build({
      name,
      puppet,
      ...(opts.puppetToken ? { puppetOptions: { token: opts.puppetToken } } : {}),
    })
    : WechatyBuilder.build({ name, puppet })

  const initialMs = opts.retry?.initialMs ?? 5_000
  const maxMs = opts.retry?.maxMs ?? 5 * 60_000
  let stopped = false
  let failures = 0
  let attempt = 0
  /** The attempt that has already been given up on (each attempt fails at most once). */
  let failedAttempt = -1
  /** Reached WeChat in this attempt (QR code or login): from then on the puppet reconnects by itself. */
  let connected = false
  let starting = false
  let retryTimer: NodeJS.Timeout | undefined
  let lastErrorText = ''
  let repeatedErrors = 0

  const showQr = opts.showQr ?? ((qrcode: string) => qrcodeTerminal.generate(qrcode, { small: true }))

  bot.on('scan', (qrcode, status) => {
    connected = true
    failures = 0
    if ((status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) && qrcode) {
      try {
        showQr(qrcode)
      } catch (err) {
        log.warn({ err }, '二维码显示失败')
      }
      log.info({ event: 'qr', url: `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}` }, '请用微信扫码登录')
    } else {
      log.info({ event: 'scan', status: types.ScanStatus[status] }, '扫码状态')
    }
  })

  bot.on('login', (user) => {
    connected = true
    failures = 0
    log.info({ event: 'login', userId: user.id, name: user.name() }, '微信已登录')
    if (opts.onLogin) {
      opts.onLogin(bot).catch((err: unknown) => log.error({ err }, 'onLogin 处理失败'))
    }
  })

  bot.on('logout', (user, reason) => {
    // After a logout the puppet has to reach WeChat again: errors before the next QR code mean no network.
    connected = false
    log.warn({ event: 'logout', userId: user.id, reason }, '微信已登出')
    if (opts.onLogout) {
      opts.onLogout(bot).catch((err: unknown) => log.error({ err }, 'onLogout 处理失败'))
    }
  })

  bot.on('error', (err) => {
    if (stopped) return
    if (!connected) {
      // Synchronously, before wechat4u restarts itself (see detachWechat4uSelfRestart).
      detachWechat4uSelfRestart(bot)
      if (!starting) void fail(attempt, err)
      else lastErrorText = errorText(err)
      return
    }
    // Once connected, puppets report transient trouble in bursts: log the first of a run of identical errors.
    const text = errorText(err)
    if (text === lastErrorText) {
      repeatedErrors++
      return
    }
    log.warn({ event: 'connection-error', err: text, repeatedBefore: repeatedErrors }, '微信连接出错')
    lastErrorText = text
    repeatedErrors = 0
  })

  // One conversation's messages are handled in order; different conversations do not wait for each other.
  const chains = new Map<string, Promise<void>>()
  bot.on('message', (message: Message) => {
    const key = (() => {
      try {
        return message.room()?.id ?? message.talker().id
      } catch {
        return ''
      }
    })()
    const previous = chains.get(key) ?? Promise.resolve()
    const next = previous.then(() => handle(message))
    chains.set(key, next)
    void next.finally(() => {
      if (chains.get(key) === next) chains.delete(key)
    })
  })

  async function handle(message: Message): Promise<void> {
    const mlog = log.child({ messageId: message.id })
    try {
      const botName = opts.botName ?? safeSelfName() ?? ''
      const chat = await toChatMessage(message, { botName, log: mlog })
      if (!chat) return
      mlog.debug({ roomId: chat.roomId, senderId: chat.senderId, kind: chat.kind, mentionsBot: chat.mentionsBot }, '收到消息')
      await opts.onMessage(chat)
    } catch (err) {
      mlog.error({ err }, '消息处理失败')
    }
  }

  function safeSelfName(): string | undefined {
    try {
      return bot.isLoggedIn ? bot.currentUser.name() : undefined
    } catch {
      return undefined
    }
  }

  async function stopBotQuietly(): Promise<void> {
    detachWechat4uSelfRestart(bot)
    try {
      await bot.stop()
    } catch (err) {
      log.debug({ err }, 'bot.stop() failed')
    }
  }

  async function fail(which: number, err: unknown): Promise<void> {
    if (stopped || which !== attempt || failedAttempt === which) return
    failedAttempt = which
    await stopBotQuietly()
    if (stopped) return
    const delay = Math.min(initialMs * 2 ** failures, maxMs)
    failures++
    log.warn({ event: 'retry', delayMs: delay, attempt: failures, err: errorText(err) }, `无法连接微信，将在 ${formatDelay(delay)} 后重试`)
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      void tryStart()
    }, delay)
  }

  async function tryStart(): Promise<void> {
    if (stopped) return
    attempt++
    const current = attempt
    connected = false
    lastErrorText = ''
    starting = true
    try {
      await bot.start()
    } catch (err) {
      lastErrorText = errorText(err)
    } finally {
      starting = false
    }
    // Wechaty swallows a failing puppet start (it only emits 'error'): look at the puppet itself.
    // An error before reaching WeChat during start (wechat4u is already detached then) fails the attempt too.
    if (!puppetActive(bot) || (lastErrorText !== '' && !connected)) {
      await fail(current, lastErrorText || 'puppet did not start')
    }
  }

  return {
    bot,
    async start() {
      stopped = false
      failures = 0
      log.info({ event: 'connecting' }, '正在连接微信')
      await tryStart()
    },
    async stop() {
      stopped = true
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = undefined
      // Let handlers in flight finish their replies, but a stuck one must not block shutdown.
      await Promise.race([
        Promise.allSettled([...chains.values()]),
        new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
      ])
      if (bot.state.active()) await stopBotQuietly()
    },
  }
}

export interface HandleSignalsOptions {
  log?: Pick<Logger, 'info' | 'error'>
  /** For tests; default process.exit. */
  exit?: (code: number) => void
  signals?: NodeJS.Signals[]
}

/** SIGINT/SIGTERM stop the bot and exit; a second signal exits at once. Returns a function that unregisters. */
export function handleSignals(stop: () => Promise<void>, opts: HandleSignalsOptions = {}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code))
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM']
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      exit(130)
      return
    }
    stopping = true
    opts.log?.info({ event: 'stopping', signal }, '正在退出…')
    stop().then(
      () => exit(0),
      (err: unknown) => {
        opts.log?.error({ err }, '退出时出错')
        exit(1)
      },
    )
  }
  for (const signal of signals) process.on(signal, onSignal)
  return () => {
    for (const signal of signals) process.off(signal, onSignal)
  }
}
