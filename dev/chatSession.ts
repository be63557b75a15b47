/**
 * The terminal work group of `npm run chat` (bot/chat.ts), without the terminal: the real assistant on
 * the mock world, one typed line at a time, the bot's answers written as lines. Tests drive it too.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { types } from 'wechaty'
import type { Config } from '../src/config.js'
import { createAssistant } from '../src/ledger/assistant.js'
import type { Logger } from 'pino'
import type { Stores } from '../src/ledger/ports.js'
import { createAssistantServices, createChatHandler } from '../bot/assistantWiring.js'
import { createMockWorld, type MockContact, type MockRoom, type MockWorld } from './mockWorld.js'

export const ROOM = '政务公开工作群（模拟）'
export const ADMIN = '县府办督查室'

/** WeChat's separator under a quote, as web protocols flatten a quote reply (src/intents/quote.ts). */
const QUOTE_SEPARATOR = '- - - - - - - - - - - - - - -'

const help = (botName: string) => `模拟工作群“${ROOM}”。直接输入即在群里发言；以 @${botName} 开头即@机器人。
  /as 名字        切换发言人（新名字即新成员），如：/as 司法局李娜
  /dm             在群聊与私聊机器人之间切换
  /quote [@名字] 回复   引用本群（或私聊）最近一条消息回复；带 @名字 时引用此人最近一条
  /file 路径       发送本机文件（任务分解表：管理员发“导入”或“预览导入”后发送；佐证材料：报送后发送）
  /img [文件名]    发送一张图片（报送后几分钟内发送即作为佐证材料）
  /recall         撤回当前发言人的上一条消息
  /who            列出成员          /quit  退出
当前发言人“${ADMIN}”是管理员（可启用本群、进度汇总、导出台账等）。`

/** The simulator's config: the clerk is an admin, the simulated room is enabled, sends are not paced. */
export function simulatorConfig(base: Config): Config {
  return { ...base, ADMINS: [...base.ADMINS, ADMIN], ENABLED_ROOMS: [...base.ENABLED_ROOMS, ROOM], SEND_MIN_GAP_MS: 0, SEND_JITTER_MS: 0 }
}

export interface ChatSession {
  world: MockWorld
  room: MockRoom
  help: string
  /** The prompt for the next line: who speaks, and where. */
  prompt(): string
  /** Handles one typed line and writes what the bot answered; false after /quit. */
  line(input: string): Promise<boolean>
  stop(): Promise<void>
}

export async function startChatSession(opts: { stores: Stores; config: Config; log: Logger; write: (text: string) => void; officeName?: string }): Promise<ChatSession> {
  const { stores, config, write } = opts
  const world = await createMockWorld({ botName: config.BOT_NAME, log: opts.log })
  const assistant = createAssistant({
    stores,
    config,
    log: opts.log,
    ...(opts.officeName ? { officeName: opts.officeName } : {}),
    services: createAssistantServices({ stores, config, getBot: () => world.bot }),
  })
  world.onMessage = createChatHandler({ assistant, notifier: world.notifier, log: opts.log })

  const people = new Map<string, MockContact>()
  const person = (name: string) => {
    let c = people.get(name)
    if (!c) {
      c = world.contact(name)
      people.set(name, c)
    }
    return c
  }
  // ADMINS matches the 备注: the simulated clerk has it as both nickname and 备注.
  const admin = world.contact(ADMIN, ADMIN)
  people.set(ADMIN, admin)
  const room = world.room(ROOM, [admin])
  let speaker = admin
  let privateChat = false
  const lastSaid = new Map<string, string>()
  /** Latest messages per conversation (the room, or a private chat by member id), for /quote. */
  const said = new Map<string, { name: string; text: string }[]>()
  const conversation = () => (privateChat ? `dm:${speaker.id}` : room.id)
  const remember = (where: string, name: string, text: string) => {
    const list = said.get(where) ?? []
    list.push({ name, text })
    if (list.length > 50) list.shift()
    said.set(where, list)
  }
  let printed = 0

  const flush = async () => {
    await world.notifier.drain()
    const sent = world.sent()
    for (const m of sent.slice(printed)) {
      // WeChat puts the @names into the text itself; show them only when it did not.
      const at = m.mentions.length && !m.text.startsWith('@') ? m.mentions.map((n) => `@${n} `).join('') : ''
      const where = m.roomId ? '' : `（私聊 ${m.to}）`
      write(m.fileName ? `${config.BOT_NAME}${where}：[文件] ${m.fileName}\n` : `${config.BOT_NAME}${where}：${at}${m.text}\n`)
      if (!m.fileName) remember(m.roomId ?? `dm:${m.toId}`, config.BOT_NAME, `${at}${m.text}`)
    }
    printed = sent.length
  }

  const mention = new RegExp(`^@${config.BOT_NAME}[\\s\\u2005]*`)
  const say = async (text: string) => {
    const mentioned = mention.test(text)
    const chat = await world.say(speaker, privateChat ? null : room, text.replace(mention, ''), { mentionBot: mentioned && !privateChat, timeoutMs: 30_000 })
    lastSaid.set(speaker.id, chat.id)
    remember(conversation(), speaker.payload.name, text)
  }

  /** "/quote [@名字] 回复": the documented text form of a quote reply, quoting the latest message there. */
  const quote = async (input: string) => {
    const args = input.trim()
    const named = /^@(\S+)\s+([\s\S]+)$/.exec(args)
    const reply = (named ? named[2]! : args).trim()
    const earlier = (said.get(conversation()) ?? []).filter((m) => !named || m.name === named[1])
    const quoted = earlier[earlier.length - 1]
    if (!reply) return write('（用法：/quote [@名字] 回复）\n')
    if (!quoted) return write(named ? `（${named[1]}在这里还没有发言）\n` : '（这里还没有可引用的消息）\n')
    await say(`「${quoted.name}：${quoted.text}」\n${QUOTE_SEPARATOR}\n${reply}`)
  }

  const sendFile = async (path: string) => {
    if (!path) return write('（用法：/file 路径）\n')
    let content: Buffer
    try {
      content = await readFile(path)
    } catch (err) {
      return write(`（无法读取文件 ${path}：${(err as NodeJS.ErrnoException).code ?? String(err)}）\n`)
    }
    await world.sayRaw(speaker, privateChat ? null : room, { type: types.Message.Attachment, file: { name: basename(path), content } }, 60_000)
  }

  const session: ChatSession = {
    world,
    room,
    help: help(config.BOT_NAME),
    prompt: () => `[${speaker.payload.name}${privateChat ? '·私聊' : ''}] `,
    async line(raw) {
      const line = raw.trim()
      try {
        if (line === '/quit' || line === '/exit') return false
        if (line.startsWith('/as ')) {
          const name = line.slice(4).trim()
          if (name) {
            const c = person(name)
            if (!room.payload.memberIdList.includes(c.id)) room.payload.memberIdList.push(c.id)
            speaker = c
          }
        } else if (line === '/dm') privateChat = !privateChat
        else if (line === '/who') write([...people.keys()].join('、') + '\n')
        else if (line === '/quote' || line.startsWith('/quote ')) await quote(line.slice(6))
        else if (line === '/file' || line.startsWith('/file ')) await sendFile(line.slice(5).trim())
        else if (line.startsWith('/img')) {
          const name = line.slice(4).trim() || '现场照片.jpg'
          await world.sayRaw(speaker, privateChat ? null : room, { type: types.Message.Image, file: { name, content: 'simulated image' } })
        } else if (line === '/recall') {
          const id = lastSaid.get(speaker.id)
          if (id) await world.sayRaw(speaker, privateChat ? null : room, { type: types.Message.Recalled, text: id })
          else write('（当前发言人没有可撤回的消息）\n')
        } else if (line.startsWith('/')) write(session.help + '\n')
        else if (line) await say(line)
        await flush()
      } catch (err) {
        write(`（模拟器错误：${err instanceof Error ? err.message : String(err)}）\n`)
      }
      return true
    },
    stop: () => world.stop(),
  }
  return session
}
