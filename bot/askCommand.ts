/**
 * `npm run cli -- ask`: one message, or JSON lines from stdin, handled as the chat handles them, in a
 * simulated enabled room whose speaker is the clerk (an admin) or, with --as, that unit's liaison.
 */
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { cleanText, type ChatMessage } from '../src/chat.js'
import type { Config } from '../src/config.js'
import { parseQuotedText } from '../src/intents/quote.js'
import { createAssistant } from '../src/ledger/assistant.js'
import type { Stores } from '../src/ledger/ports.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { createAssistantServices } from './assistantWiring.js'

export interface AskOptions {
  /** The unit whose liaison speaks; null: the clerk. */
  as: string | null
  json: boolean
  /** One message; empty: read stdin line by line (JSON {"as", "text"} or plain text). */
  text: string
  /** For tests; default process.stdin. */
  input?: NodeJS.ReadableStream
}

/**
 * The message a typed line stands for. A quote in the documented text form (「名字：内容」, a line of
 * dashes, the reply) becomes `quoted` as bot/inbound.ts makes it from WeChat, and a leading
 * @<BOT_NAME> of the reply is the mention.
 */
export function typedMessage(line: string, sender: { id: string; name: string }, botName: string, receivedAt = new Date()): ChatMessage {
  const clean = cleanText(line)
  const quote = parseQuotedText(clean)
  const body = quote ? quote.reply : clean
  const mention = new RegExp(`^\\s*@${botName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\u2005]*`)
  return {
    id: `cli-${randomUUID()}`,
    roomId: 'cli-room',
    roomTopic: '命令行',
    senderId: sender.id,
    senderName: sender.name,
    text: body.replace(mention, '').trim(),
    mentionsBot: mention.test(body),
    receivedAt,
    kind: 'text',
    ...(quote ? { quoted: quote.quoted } : {}),
  }
}

export async function askCommand(stores: Stores, config: Config, opts: AskOptions, out: (s: string) => void): Promise<number> {
  const book = await stores.tasks.loadBook()
  const dir = createUnitDirectory(book.directory)
  const speakers = new Map<string, string | null>()
  const speaker = (unitName: string | null): string => {
    const key = unitName ?? ''
    if (!speakers.has(key)) {
      if (unitName) {
        const r = dir.resolve(unitName) ?? dir.findInText(unitName)
        if (!r || r.type !== 'unit') throw new Error(`--as：单位名录中没有“${unitName}”`)
        speakers.set(key, r.name)
      } else speakers.set(key, null)
    }
    return key
  }
  const liaisonOf = (c: { contactId: string; name: string }) => {
    const unit = speakers.get(c.contactId.replace(/^cli:/, ''))
    return unit ? { contactId: c.contactId, name: c.name, alias: null, unit, boundBy: 'cli', boundAt: new Date() } : null
  }
  // Without --as the operator at the terminal is the office clerk: an admin.
  const isClerk = (c: { contactId: string }) => c.contactId === 'cli:'
  const simulated: Stores = {
    ...stores,
    rooms: { ...stores.rooms, get: async (id, topic) => ({ wechatId: id, topic: topic ?? '命令行', enabled: true }) },
    liaisons: { ...stores.liaisons, find: async (c) => liaisonOf(c) },
    admins: { ...stores.admins, isAdmin: async (c) => isClerk(c) },
    // The terminal is an enabled room whose speaker is whoever --as says; the message is stored as any other.
    intake: {
      receive: async (m, _rule, durability) => {
        const got = await stores.intake.receive(m, { always: true, enabledByConfig: true, ifAdmin: true }, durability)
        const contact = { contactId: m.senderId, name: m.senderName }
        return { ...got, room: { wechatId: m.roomId ?? 'cli-room', topic: m.roomTopic ?? '命令行', enabled: true }, liaison: liaisonOf(contact), namesake: null, isAdmin: isClerk(contact) }
      },
    },
  }
  // No chart: a terminal shows no picture, and drawing one costs a second per 进度汇总.
  const { renderProgressChart: _noPicture, ...services } = createAssistantServices({ stores, config })
  const assistant = createAssistant({ stores: simulated, config, services })

  const ask = async (rawUnitName: string | null, rawLine: string) => {
    // Valid Unicode first: JSON.parse turns "\ud83d" into a lone surrogate, which cannot be stored.
    const key = speaker(rawUnitName == null ? null : cleanText(String(rawUnitName)))
    const msg = typedMessage(rawLine, { id: `cli:${key}`, name: key ? `${speakers.get(key)}联络员` : '管理员' }, config.BOT_NAME)
    const result = await assistant.processMessage(msg)
    if (opts.json) out(JSON.stringify(result.skipped && !result.reply ? { intent: 'ignore' } : { intent: result.intent, reply: result.reply, ...result.data }))
    else out(result.reply || '（不作答复）')
  }

  if (opts.text.trim()) {
    await ask(opts.as, opts.text)
    return 0
  }
  const rl = createInterface({ input: opts.input ?? process.stdin })
  for await (const raw of rl) {
    const line = raw.trim()
    if (!line) continue
    let item: { as?: string | null; text?: string }
    try {
      item = JSON.parse(line)
    } catch {
      item = { as: opts.as, text: line }
    }
    try {
      await ask(item.as ?? opts.as, String(item.text ?? ''))
    } catch (err) {
      out(JSON.stringify({ intent: 'error', error: err instanceof Error ? err.message : String(err) }))
    }
  }
  return 0
}
