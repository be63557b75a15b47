/** Wechaty Message -> ChatMessage: the only place that knows how WeChat spells mentions, quotes and recalls. */
import { types, type Message } from 'wechaty'
import type { Logger } from 'pino'
import { cleanIncoming, cleanText, type ChatMessage, type ChatMessageKind, type QuotedMessage } from '../src/chat.js'
import { parseQuotedText } from '../src/intents/quote.js'
import { parseReferMsgXml } from './quoteXml.js'

export type InboundLog = Pick<Logger, 'warn' | 'debug'>

export interface ToChatMessageOptions {
  /** The bot's configured display name; the account's own name and its room alias are stripped too. */
  botName: string
  /** Fallback clock when the puppet gives no usable timestamp. */
  now?: () => Date
  log?: InboundLog
}

/** Separators WeChat puts after an @name: FOUR-PER-EM SPACE (clients), plain or no-break space (web). */
const AT_END = '(?:[\\u2005\\u0020\\u00a0\\u3000]+|$)'

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Removes every @name of the bot; returns the remaining text and whether any was found. */
export function stripBotMention(text: string, names: readonly string[]): { text: string; found: boolean } {
  let out = text
  let found = false
  // Longest first, so "@督办助手小王" is not cut to "小王" by a shorter name "督办助手".
  for (const name of [...new Set(names)].filter((n) => n.trim() !== '').sort((a, b) => b.length - a.length)) {
    const re = new RegExp(`@${escapeRegExp(name)}${AT_END}`, 'g')
    out = out.replace(re, () => {
      found = true
      return ' '
    })
  }
  return { text: found ? out.replace(/[ \u2005\u00a0]{2,}/g, ' ').trim() : text.trim(), found }
}

/** @names typed in the text (after start or whitespace, so mail addresses do not count). */
export function mentionNamesInText(text: string): string[] {
  const names: string[] = []
  for (const m of text.matchAll(/(?:^|[\s\u2005\u3000])@([^\s\u2005\u3000@]{1,32})/g)) {
    if (m[1] && !names.includes(m[1])) names.push(m[1])
  }
  return names
}

function kindOf(type: number): ChatMessageKind {
  switch (type) {
    case types.Message.Text: return 'text'
    case types.Message.Image: return 'image'
    case types.Message.Attachment: return 'file'
    case types.Message.Recalled: return 'recalled'
    default: return 'other'
  }
}

/** Web protocols hand over the revokemsg sysmsg XML; others give the original id as the text. */
export function recalledIdFromText(text: string): string | undefined {
  const decoded = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  const m = /<newmsgid>\s*(?:<!\[CDATA\[)?\s*(\d+)/.exec(decoded) ?? /<msgid>\s*(?:<!\[CDATA\[)?\s*(\d+)/.exec(decoded)
  if (m) return m[1]
  const plain = text.trim()
  // Message ids are ASCII (digits on WeChat, word characters on mock puppets); prose is not an id.
  return /^[\w@.:-]{1,128}$/.test(plain) ? plain : undefined
}

async function safe<T>(what: string, fn: () => T | Promise<T>, fallback: T, log?: InboundLog): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    log?.debug({ err, what }, 'inbound: field unavailable')
    return fallback
  }
}

export async function toChatMessage(message: Message, opts: ToChatMessageOptions): Promise<ChatMessage | null> {
  const log = opts.log
  const now = opts.now ?? (() => new Date())
  try {
    if (message.self()) return null
    const room = message.room()
    const talker = message.talker()
    const type = message.type()
    let kind = kindOf(type)
    // Valid Unicode before anything reads it (a lone surrogate cannot be stored).
    const raw = cleanText(message.text() ?? '')

    const [roomTopic, senderAlias] = await Promise.all([
      room ? safe('topic', () => room.topic(), null as string | null, log) : Promise.resolve(null),
      safe('alias', async () => (await talker.alias()) ?? null, null as string | null, log),
    ])

    const receivedAt = validDate(await safe('date', () => message.date(), null, log)) ?? now()

    const chat: ChatMessage = {
      id: message.id,
      roomId: room ? room.id : null,
      roomTopic: room ? roomTopic : null,
      senderId: talker.id,
      senderName: await safe('name', () => talker.name(), '', log),
      senderAlias,
      text: '',
      mentionsBot: false,
      receivedAt,
      kind,
    }

    // A type-57 quote arrives as XML on pad protocols (Text or Unknown/Url depending on the puppet).
    let body = raw
    let quoted: QuotedMessage | undefined
    if (kind === 'text' || kind === 'other') {
      const fromText = kind === 'text' ? parseQuotedText(raw) : null
      const fromXml = fromText ?? (/refermsg/.test(raw) ? parseReferMsgXml(raw) : null)
      if (fromXml) {
        quoted = fromXml.quoted
        body = fromXml.reply
        kind = 'text'
        chat.kind = 'text'
      }
    }

    if (kind === 'text') {
      const self = message.wechaty.currentUser
      const names = [opts.botName]
      const selfName = await safe('selfName', () => self.name(), '', log)
      if (selfName) names.push(selfName)
      if (room) {
        const roomAlias = await safe('selfRoomAlias', () => room.alias(self), undefined as string | undefined, log)
        if (roomAlias) names.push(roomAlias)
      }
      const stripped = stripBotMention(body, names)
      chat.text = stripped.text
      // With a quote, mentionSelf() on web puppets also sees @names inside the quoted text: trust the reply only.
      const listed = room && !quoted ? await safe('mentionSelf', () => message.mentionSelf(), false, log) : false
      chat.mentionsBot = stripped.found || listed
      if (quoted) chat.quoted = quoted

      const botIds = new Set([self.id])
      const others = room ? await safe('mentionList', () => message.mentionList(), [], log) : []
      const mentionIds = [...new Set(others.map((c) => c.id).filter((id) => !botIds.has(id)))]
      const mentionNames = mentionNamesInText(chat.text)
      if (mentionIds.length > 0) chat.mentionIds = mentionIds
      if (mentionNames.length > 0) chat.mentionNames = mentionNames
    } else if (kind === 'recalled') {
      const looksLikeId = raw.trim() !== '' && !raw.includes('<')
      // toRecalled() looks the text up as a message id: only worth it when the text is an id.
      const original = looksLikeId ? await safe('toRecalled', () => message.toRecalled(), undefined, log) : undefined
      const id = original?.id ?? recalledIdFromText(raw)
      if (id) chat.recalledId = id
    } else if (kind === 'file' || kind === 'image') {
      const fileName = message.payload?.filename
        ?? (kind === 'file' ? await safe('toFileBox', async () => (await message.toFileBox()).name, undefined as string | undefined, log) : undefined)
      if (fileName) chat.fileName = fileName
    }
    return cleanIncoming(chat)
  } catch (err) {
    // Never throw into the event loop: hand over whatever identifies the message.
    log?.warn({ err, messageId: message.id }, 'inbound: conversion failed, passing a best-effort message')
    return bestEffort(message, now)
  }
}

/** An invalid date would make the replay check (age > limit) false, so old history would be answered. */
function validDate(d: Date | null): Date | null {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d : null
}

function bestEffort(message: Message, now: () => Date): ChatMessage | null {
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn()
    } catch {
      return fallback
    }
  }
  const talker = attempt(() => message.talker(), undefined)
  if (!talker) return null
  const room = attempt(() => message.room(), undefined)
  return cleanIncoming({
    id: message.id,
    roomId: room?.id ?? null,
    roomTopic: null,
    senderId: talker.id,
    senderName: attempt(() => talker.name(), ''),
    text: attempt(() => message.text(), '').trim(),
    mentionsBot: false,
    receivedAt: validDate(attempt(() => message.date(), null)) ?? now(),
    kind: 'other',
  })
}
