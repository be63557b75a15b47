/**
 * npm run chat: a terminal work group with the real bot on wechaty-puppet-mock and the real ledger
 * (DATA_DIR / DATABASE_URL). Type as one or more people; the bot answers as it would in WeChat.
 */
import { createInterface } from 'node:readline'

import { types } from 'wechaty'
import { parseConfig } from '../src/config.js'
import { createAssistant } from '../src/ledger/assistant.js'
import { createLogger } from './log.js'
import { databaseTarget, ensureSeeded, openApp } from './openLedger.js'
import { createMockWorld, type MockContact } from '../dev/mockWorld.js'
import { createAssistantServices, createChatHandler } from './assistantWiring.js'

const ROOM = '政务公开工作群（模拟）'
const ADMIN = '县府办督查室'

const HELP = `模拟工作群“${ROOM}”。直接输入即在群里发言；以 @督办助手 开头即@机器人。
  /as 名字      切换发言人（新名字即新成员），如：/as 司法局李娜
  /dm           在群聊与私聊机器人之间切换
  /img [文件名]  发送一张图片（报送后几分钟内发送即作为佐证材料）
  /recall       撤回当前发言人的上一条消息
  /who          列出成员          /quit  退出
当前发言人“${ADMIN}”是管理员（可启用本群、进度汇总、导出台账等）。`

async function main(): Promise<void> {
  const base = parseConfig()
  const config = { ...base, ADMINS: [...base.ADMINS, ADMIN], ENABLED_ROOMS: [...base.ENABLED_ROOMS, ROOM], SEND_MIN_GAP_MS: 0, SEND_JITTER_MS: 0 }
  const log = createLogger(base.LOG_LEVEL === 'info' ? 'error' : base.LOG_LEVEL)
  const app = await openApp(databaseTarget(config))
  await ensureSeeded(app.stores, config.SEED_DIR, log)

  const world = await createMockWorld({ botName: config.BOT_NAME, log })
  const assistant = createAssistant({
    stores: app.stores,
    config,
    log,
    services: createAssistantServices({ stores: app.stores, config, getBot: () => world.bot }),
  })
  world.onMessage = createChatHandler({ assistant, notifier: world.notifier, log })

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
  let printed = 0

  const flush = async () => {
    await world.notifier.drain()
    const sent = world.sent()
    for (const m of sent.slice(printed)) {
      // WeChat puts the @names into the text itself; show them only when it did not.
      const at = m.mentions.length && !m.text.startsWith('@') ? m.mentions.map((n) => `@${n} `).join('') : ''
      const where = m.roomId ? '' : `（私聊 ${m.to}）`
      process.stdout.write(m.fileName ? `${config.BOT_NAME}${where}：[文件] ${m.fileName}\n` : `${config.BOT_NAME}${where}：${at}${m.text}\n`)
    }
    printed = sent.length
  }

  process.stdout.write(HELP + '\n')
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY })
  const prompt = () => {
    rl.setPrompt(`[${speaker.payload.name}${privateChat ? '·私聊' : ''}] `)
    rl.prompt()
  }
  prompt()
  for await (const raw of rl) {
    const line = raw.trim()
    if (!process.stdin.isTTY && line) process.stdout.write(`${line}\n`)
    try {
      if (line === '/quit' || line === '/exit') break
      if (line.startsWith('/as ')) {
        const name = line.slice(4).trim()
        if (name) {
          const c = person(name)
          if (!room.payload.memberIdList.includes(c.id)) room.payload.memberIdList.push(c.id)
          speaker = c
        }
      } else if (line === '/dm') privateChat = !privateChat
      else if (line === '/who') process.stdout.write([...people.keys()].join('、') + '\n')
      else if (line.startsWith('/img')) {
        const name = line.slice(4).trim() || '现场照片.jpg'
        await world.sayRaw(speaker, privateChat ? null : room, { type: types.Message.Image, file: { name, content: 'simulated image' } })
      } else if (line === '/recall') {
        const id = lastSaid.get(speaker.id)
        if (id) await world.sayRaw(speaker, privateChat ? null : room, { type: types.Message.Recalled, text: id })
        else process.stdout.write('（当前发言人没有可撤回的消息）\n')
      } else if (line.startsWith('/')) process.stdout.write(HELP + '\n')
      else if (line) {
        const mention = new RegExp(`^@${config.BOT_NAME}[\\s\\u2005]*`)
        const mentioned = mention.test(line)
        const chat = await world.say(speaker, privateChat ? null : room, line.replace(mention, ''), { mentionBot: mentioned && !privateChat, timeoutMs: 30_000 })
        lastSaid.set(speaker.id, chat.id)
      }
      await flush()
    } catch (err) {
      process.stdout.write(`（模拟器错误：${err instanceof Error ? err.message : String(err)}）\n`)
    }
    prompt()
  }
  rl.close()
  await world.stop()
  await app.close()
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`模拟群聊无法启动：${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`)
    process.exit(1)
  },
)
