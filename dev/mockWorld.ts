/**
 * Used by the end-to-end tests and by `npm run chat` (the terminal simulator); not part of the
 * production adapter, hence in dev/.
 * End-to-end harness: a real Wechaty bot on wechaty-puppet-mock, started through createBot, with
 * contacts and rooms that talk to it and a record of everything it sends.
 *
 *   const world = await createMockWorld({ onMessage: async (m, w) => { ... w.notifier.send(...) } })
 *   const zhang = world.contact('张三')
 *   const room = world.room('县政务公开工作群', [zhang])
 *   await world.say(zhang, room, '我单位负责什么', { mentionBot: true })   // resolves after the handler ran
 *   await world.notifier.drain()
 *   expect(world.sent()).toContainEqual(expect.objectContaining({ roomTopic: '县政务公开工作群', mentions: ['张三'] }))
 *   await world.stop()
 */
import { randomBytes } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FileBox, type FileBoxInterface } from 'file-box'
import { pino, type Logger } from 'pino'
import { types, type Wechaty as WechatyInterface } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import type { ChatMessage } from '../src/chat.js'
import { createBot, type BotHandle, type RetryOptions } from '../bot/wechaty.js'
import { createWechatyNotifier, type WechatyNotifier } from '../bot/outbound.js'

export type MockContact = mock.ContactMock
export type MockRoom = mock.RoomMock

/** Mock puppet that keeps what PuppetMock drops: @-mention ids, and files given as local paths. */
export class WorldPuppet extends PuppetMock {
  /**
   * PuppetMock ignores alias writes, like a puppet that cannot set 备注 (wechat4u for a contact who
   * is no friend of the bot); set true to keep them, like a puppet that can.
   */
  aliasWritable = false

  override contactAlias(contactId: string): Promise<string>
  override contactAlias(contactId: string, alias: string | null): Promise<void>
  override async contactAlias(contactId: string, alias?: string | null): Promise<string | void> {
    if (alias === undefined) return super.contactAlias(contactId)
    if (!this.aliasWritable) return super.contactAlias(contactId, alias)
    // In place: the mocker's cache and the ContactMock share this object.
    this.mocker.contactPayload(contactId).alias = alias ?? ''
  }

  override async messageSendText(conversationId: string, text: string, mentionIdList?: string[]): Promise<void> {
    if (!mentionIdList || mentionIdList.length === 0 || !conversationId.includes('@')) {
      return super.messageSendText(conversationId, text)
    }
    if (!this.isLoggedIn) throw new Error('not logged in')
    const user = this.mocker.ContactMock.load(this.currentUserId)
    const mentions = mentionIdList.map((id) => this.mocker.ContactMock.load(id))
    user.say(text, mentions).to(this.mocker.RoomMock.load(conversationId))
  }

  /** PuppetMock serialises the FileBox to JSON, which a file-path FileBox cannot do: send its bytes. */
  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    const portable = FileBox.fromBase64(await file.toBase64(), file.name)
    return super.messageSendFile(conversationId, portable)
  }
}

/** How long say() and waitFor() wait before failing: only a hang bound, so a busy machine does not fail a test. */
const HANG_MS = 30_000

export interface SentMessage {
  id: string
  roomId: string | null
  roomTopic: string | null
  /** Private chats: the recipient's name (null in rooms). */
  to: string | null
  toId: string | null
  text: string
  /** Names of the @-mentioned contacts, in order. */
  mentions: string[]
  mentionIds: string[]
  /** Set when the bot sent a file. */
  fileName?: string
  at: Date
}

export interface SayOptions {
  /** Prefix `@<botName>\u2005` and put the bot in the mention list, as WeChat clients do. */
  mentionBot?: boolean
  /** Contacts in the mention list (the text must spell their @names itself). */
  mentions?: MockContact[]
  /** Default HANG_MS (a hang bound, not a speed check): how long to wait for the bot's handler to finish with the message. */
  timeoutMs?: number
}

export interface RawMessageOptions {
  type: types.Message
  text?: string
  mentions?: MockContact[]
  /** For Image/Attachment: the file the contact sends (text or bytes). */
  file?: { name: string; content?: string | Uint8Array }
  timestamp?: number
}

export type WorldHandler = (message: ChatMessage, world: MockWorld) => Promise<void>

export interface MockWorld {
  puppet: WorldPuppet
  mocker: mock.Mocker
  bot: WechatyInterface
  handle: BotHandle
  botName: string
  botUser: MockContact
  /** Rate-limit free notifier on this bot (gap 0, no jitter, no retry wait). */
  notifier: WechatyNotifier
  /** Every ChatMessage createBot handed to onMessage, in order. */
  received: ChatMessage[]
  /** Errors thrown by the handler (createBot logs and swallows them). */
  errors: unknown[]
  /** The handler under test; may be replaced at any time. */
  onMessage: WorldHandler
  contact(name: string, alias?: string): MockContact
  /** Creates a room with the bot and these members. */
  room(topic: string, members: MockContact[]): MockRoom
  /** A contact sends text (room or, with null, a private chat); resolves with what the handler got. */
  say(from: MockContact, room: MockRoom | null, text: string, opts?: SayOptions): Promise<ChatMessage>
  /** Any message type (image, file, recalled, XML quote...); resolves with what the handler got, or null for none. */
  sayRaw(from: MockContact, room: MockRoom | null, raw: RawMessageOptions, timeoutMs?: number): Promise<ChatMessage | null>
  /** What the bot has sent so far. */
  sent(): SentMessage[]
  waitFor<T>(predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>
  stop(): Promise<void>
}

export interface MockWorldOptions {
  botName?: string
  onMessage?: WorldHandler
  log?: Logger
  retry?: RetryOptions
  /** A puppet to use instead of a fresh WorldPuppet (e.g. one that fails to start); it must own a Mocker. */
  puppet?: WorldPuppet
  /** Default true: log the bot in before returning. */
  login?: boolean
}

let counter = 0
/**
 * Message ids differ from one process to the next: the inbox keeps every id it handled, so a second
 * `npm run chat` on the same database would otherwise have its messages dropped as redeliveries.
 * Contact and room ids stay stable, so bindings and rooms carry over between runs.
 */
const RUN = randomBytes(4).toString('hex')

export async function createMockWorld(opts: MockWorldOptions = {}): Promise<MockWorld> {
  const botName = opts.botName ?? '督办助手'
  const puppet = opts.puppet ?? new WorldPuppet()
  const mocker = puppet.mocker
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mockworld-'))
  const log = opts.log ?? pino({ level: 'silent' })
  const world_id = ++counter

  const botUser = mocker.createContact({ id: `bot_${world_id}`, name: botName })
  const received: ChatMessage[] = []
  const errors: unknown[] = []
  const handled = new Map<string, (m: ChatMessage) => void>()
  const sentLog: SentMessage[] = []
  let nextId = 0

  const handle = createBot({
    puppet,
    name: 'mock',
    dataDir,
    log,
    botName,
    showQr: () => {},
    ...(opts.retry ? { retry: opts.retry } : {}),
    onMessage: async (m) => {
      received.push(m)
      try {
        await world.onMessage(m, world)
      } catch (err) {
        errors.push(err)
        throw err
      } finally {
        handled.get(m.id)?.(m)
        handled.delete(m.id)
      }
    },
  })

  // Every message the bot sends has the bot as talker: the mocker emits it on the bot's ContactMock.
  // (typed-emitter, which types ContactMock's events, is not installed: hence the cast.)
  ;(botUser as unknown as EventEmitter).on('message', (msg: mock.MessageMock) => {
    const p = msg.payload
    // Private messages to the bot are emitted on it too (as listener): keep only what it sent.
    if (p.talkerId !== botUser.id) return
    const room = p.roomId ? mocker.RoomMock.load(p.roomId) : undefined
    const listener = p.listenerId ? mocker.ContactMock.load(p.listenerId) : undefined
    const mentionIds = 'mentionIdList' in p && Array.isArray(p.mentionIdList) ? p.mentionIdList : []
    const file = mocker.cacheFileBoxPayload.get(p.id)
    sentLog.push({
      id: p.id,
      roomId: room?.id ?? null,
      roomTopic: room?.payload.topic ?? null,
      to: listener?.payload.name ?? null,
      toId: listener?.id ?? null,
      text: p.text ?? '',
      mentions: mentionIds.map((id) => mocker.ContactMock.load(id).payload.name),
      mentionIds,
      ...(file ? { fileName: file.name } : {}),
      at: new Date(p.timestamp),
    })
  })

  function waitFor<T>(
    predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    timeoutMs = HANG_MS,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs
    return new Promise<T>((resolve, reject) => {
      const poll = async () => {
        try {
          const value = await predicate()
          if (value) return resolve(value)
        } catch (err) {
          return reject(err)
        }
        if (Date.now() > deadline) return reject(new Error(`waitFor: condition not met within ${timeoutMs}ms`))
        setTimeout(poll, 10)
      }
      void poll()
    })
  }

  function emitMessage(id: string, from: MockContact, room: MockRoom | null, fields: {
    type: types.Message; text?: string; mentions?: MockContact[]; timestamp?: number
  }, fileBox?: FileBoxInterface): void {
    if (fileBox) mocker.cacheFileBoxPayload.set(id, fileBox.toJSON())
    const base = {
      id,
      talkerId: from.id,
      timestamp: fields.timestamp ?? Date.now(),
      type: fields.type,
      ...(fields.text !== undefined ? { text: fields.text } : {}),
    }
    const payload = room
      ? { ...base, roomId: room.id, mentionIdList: (fields.mentions ?? []).map((c) => c.id) }
      : { ...base, listenerId: botUser.id }
    // Same two steps ContactMock.say().to() takes, with an id we know.
    mocker.MessageMock.create(payload)
    puppet.emit('message', { messageId: id })
  }

  function awaitHandled(id: string, timeoutMs: number): Promise<ChatMessage> {
    return new Promise<ChatMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        handled.delete(id)
        reject(new Error(`mock world: the bot did not handle message ${id} within ${timeoutMs}ms`))
      }, timeoutMs)
      handled.set(id, (m) => {
        clearTimeout(timer)
        resolve(m)
      })
    })
  }

  const world: MockWorld = {
    puppet,
    mocker,
    bot: handle.bot,
    handle,
    botName,
    botUser,
    notifier: createWechatyNotifier(handle.bot, { minGapMs: 0, jitterMs: 0, backoffMs: 10, log }),
    received,
    errors,
    onMessage: opts.onMessage ?? (async () => {}),
    contact(name, alias) {
      return mocker.createContact({ id: `wxid_${world_id}_${++nextId}`, name, ...(alias !== undefined ? { alias } : {}) })
    },
    room(topic, members) {
      return mocker.createRoom({
        id: `${world_id}${++nextId}@chatroom`,
        topic,
        memberIdList: [botUser.id, ...members.map((m) => m.id)],
      })
    },
    async say(from, room, text, sayOpts = {}) {
      const mentions = [...(sayOpts.mentionBot && room ? [botUser] : []), ...(sayOpts.mentions ?? [])]
      const fullText = sayOpts.mentionBot ? `@${botName}\u2005${text}` : text
      // Register before emitting: the handler may run before emitMessage returns.
      const id = `msg_${RUN}_${world_id}_${++nextId}`
      const done = awaitHandled(id, sayOpts.timeoutMs ?? HANG_MS)
      emitMessage(id, from, room, { type: types.Message.Text, text: fullText, mentions })
      return done
    },
    async sayRaw(from, room, raw, timeoutMs = HANG_MS) {
      const id = `msg_${RUN}_${world_id}_${++nextId}`
      const done = awaitHandled(id, timeoutMs)
      const fileBox = raw.file ? FileBox.fromBase64(Buffer.from(raw.file.content ?? 'x').toString('base64'), raw.file.name) : undefined
      emitMessage(id, from, room, {
        type: raw.type,
        ...(raw.text !== undefined ? { text: raw.text } : {}),
        ...(raw.mentions ? { mentions: raw.mentions } : {}),
        ...(raw.timestamp !== undefined ? { timestamp: raw.timestamp } : {}),
      }, fileBox)
      return done.catch(() => null)
    },
    sent: () => [...sentLog],
    waitFor,
    async stop() {
      world.notifier.stop()
      await handle.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }

  await handle.start()
  if (opts.login !== false) {
    const loggedIn = new Promise<void>((resolve) => handle.bot.once('login', () => resolve()))
    mocker.login(botUser)
    await loggedIn
  }
  return world
}
