/** The plain chat types every handler sees: no Wechaty here, so tests, the CLI and the simulator drive the same code. */

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
  send(message: OutgoingMessage): Promise<void>
}

/** Longest text we store or parse; a longer message is cut (no liaison writes 20,000 characters on purpose). */
export const MAX_TEXT_CHARS = 20_000

// NUL cannot be stored in Postgres text, and other C0 controls / escape sequences only hide content.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** Strips control characters and caps the length of everything a sender controls. */
export function cleanIncoming(msg: ChatMessage): ChatMessage {
  const clean = (s: string) => s.replace(CONTROL_CHARS, '')
  return {
    ...msg,
    text: clean(msg.text).slice(0, MAX_TEXT_CHARS),
    senderName: clean(msg.senderName).slice(0, 200),
    senderAlias: msg.senderAlias == null ? msg.senderAlias : clean(msg.senderAlias).slice(0, 200),
    roomTopic: msg.roomTopic == null ? null : clean(msg.roomTopic).slice(0, 200),
    quoted: msg.quoted ? { senderName: msg.quoted.senderName, text: clean(msg.quoted.text).slice(0, MAX_TEXT_CHARS) } : undefined,
  }
}
