/** The plain chat types every handler sees: no Wechaty here, so tests, the CLI and the simulator drive the same code. */
import { cutText, MAX_MESSAGE_CHARS, toValidUnicode } from './text.js'

export type ChatMessageKind = 'text' | 'image' | 'file' | 'recalled' | 'other'

export interface QuotedMessage {
  /** Display name of the quoted message's sender, when known. */
  senderName: string | null
  text: string
}

export interface ChatMessage {
  id: string
  /** null for a private chat. */
  roomId: string | null
  roomTopic: string | null
  senderId: string
  senderName: string
  /** The sender's alias (备注) as the bot's account sees it, when any. */
  senderAlias?: string | null
  /** Text with the @bot mention removed and whitespace trimmed. */
  text: string
  mentionsBot: boolean
  /** Contact ids @-mentioned in the message other than the bot. */
  mentionIds?: string[]
  /** Display names @-mentioned in the message other than the bot (from the text). */
  mentionNames?: string[]
  quoted?: QuotedMessage
  receivedAt: Date
  kind?: ChatMessageKind
  /** For kind=recalled: the id of the message that was recalled. For image/file: file name. */
  recalledId?: string
  fileName?: string
}

export interface OutgoingMessage {
  /** Room to send to; null with toContactId for a private message. */
  roomId: string | null
  /** The room's topic: the fallback when the id changed after a re-login (web-protocol ids are not stable). */
  roomTopic?: string | null
  toContactId?: string | null
  text: string
  /** Contact ids to @-mention (rooms only). */
  mentionIds?: string[]
  /** A file to send instead of (after) the text. */
  filePath?: string
}

/** The one way anything leaves the bot. */
export interface Notifier {
  /** Resolves once sent; rejects with MaybeSentError when the message may have gone out all the same. */
  send(message: OutgoingMessage): Promise<void>
}

/**
 * A send that failed in a way that may still have posted the message (it timed out, or the text went
 * out and its file did not). WeChat has no idempotent send: sending it again could post it twice.
 */
export class MaybeSentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MaybeSentError'
  }
}

/**
 * Longest text stored: a longer message is cut. Past MAX_MESSAGE_CHARS so that an overlong message is
 * still seen as overlong after the cut (and refused), never read in part as if it were whole.
 */
export const MAX_TEXT_CHARS = 2 * MAX_MESSAGE_CHARS
/** Longest name or room topic kept. */
const MAX_NAME_CHARS = 200

// NUL cannot be stored in Postgres text, and other C0 controls / escape sequences only hide content.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** Valid Unicode without control characters: every string a sender controls, ids included. */
export function cleanText(s: string): string {
  return toValidUnicode(s).replace(CONTROL_CHARS, '')
}

/**
 * Makes a message storable: every string field valid Unicode without control characters, text and
 * names capped in length without splitting a character. Idempotent; the adapters call it where a
 * message enters (Wechaty, the CLI) and processMessage again, so nothing reaches the inbox unclean.
 */
export function cleanIncoming(msg: ChatMessage): ChatMessage {
  const text = (s: string) => cutText(cleanText(s), MAX_TEXT_CHARS)
  const name = (s: string) => cutText(cleanText(s), MAX_NAME_CHARS)
  const optional = <T extends string | null | undefined>(s: T, fn: (s: string) => string): T => (s == null ? s : (fn(s) as T))
  const out: ChatMessage = {
    ...msg,
    id: cleanText(msg.id),
    roomId: optional(msg.roomId, cleanText),
    roomTopic: msg.roomTopic == null ? null : name(msg.roomTopic),
    senderId: cleanText(msg.senderId),
    senderName: name(msg.senderName),
    senderAlias: optional(msg.senderAlias, name),
    text: text(msg.text),
    quoted: msg.quoted ? { senderName: optional(msg.quoted.senderName, name), text: text(msg.quoted.text) } : undefined,
  }
  if (msg.mentionIds) out.mentionIds = msg.mentionIds.map(cleanText)
  if (msg.mentionNames) out.mentionNames = msg.mentionNames.map(name)
  if (msg.recalledId != null) out.recalledId = cleanText(msg.recalledId)
  if (msg.fileName != null) out.fileName = text(msg.fileName)
  return out
}
