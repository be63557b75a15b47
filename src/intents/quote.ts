/**
 * Quote replies ("引用") in their documented text form, as web-protocol puppets flatten them (and as
 * the CLI and the chat simulator take them):
 *   「张三：第5项请于6月底前反馈进度」
 *   - - - - - - - - - - - - - - -
 *   已完成
 * (some clients put the reply first and the quote last). WeChat's own appmsg XML (pad protocols)
 * is read in bot/quoteXml.ts. Both become { quoted, reply } so parseIntent sees one shape.
 */
import type { QuotedMessage } from '../chat.js'

/** A line made only of dashes (WeChat uses "- " repeated 15 times; clients vary the count and spacing). */
const SEPARATOR = /^[ \t\u2005\u3000]*(?:[-－—─][ \t\u2005\u3000]*){3,}$/

/** Longest WeChat display names are 32 chars; a longer "name" is really the start of the text. */
const MAX_NAME = 32

function splitNameAndText(inner: string): QuotedMessage {
  const m = /^([^\n：:]{1,32})[：:]\s*([\s\S]*)$/.exec(inner)
  if (m) {
    const name = m[1]!.trim()
    // "第5项：已完成" or "进度：70%" are content, not a sender: names do not name tasks or start with digits.
    const looksLikeContent = /第\s*[\d０-９一二三四五六七八九十百两]+\s*[项条]|^\d|^(?:进度|进展|状态|备注|说明|提醒|通知|截止|时限|完成时限|牵头单位|责任单位)$/.test(name)
    if (name !== '' && name.length <= MAX_NAME && !looksLikeContent) {
      return { senderName: name, text: m[2]!.trim() }
    }
  }
  return { senderName: null, text: inner.trim() }
}

/** Finds the 「…」 block that spans a whole part (first 「 to last 」), so quotes containing 「」 survive. */
function quoteBlock(part: string): string | null {
  const t = part.trim()
  if (t.startsWith('「') && t.endsWith('」') && t.length >= 2) return t.slice(1, -1)
  // Some clients use "" or 『』.
  if (t.startsWith('『') && t.endsWith('』') && t.length >= 2) return t.slice(1, -1)
  return null
}

export function parseQuotedText(text: string): { quoted: QuotedMessage; reply: string } | null {
  const normalized = text.replace(/\r\n?/g, '\n')
  const lines = normalized.split('\n')
  const sepIndex = lines.findIndex((line) => SEPARATOR.test(line))
  if (sepIndex >= 0) {
    const before = lines.slice(0, sepIndex).join('\n')
    const after = lines.slice(sepIndex + 1).join('\n')
    const qBefore = quoteBlock(before)
    if (qBefore !== null) return { quoted: splitNameAndText(qBefore), reply: after.trim() }
    const qAfter = quoteBlock(after)
    if (qAfter !== null) return { quoted: splitNameAndText(qAfter), reply: before.trim() }
    return null
  }
  // Without a separator: a message that opens with a whole-line quote block followed by the reply.
  if (lines[0]?.trimStart().startsWith('「')) {
    const end = lines.findIndex((line) => line.trimEnd().endsWith('」'))
    const reply = lines.slice(end + 1).join('\n').trim()
    if (end >= 0 && reply !== '') {
      const q = quoteBlock(lines.slice(0, end + 1).join('\n'))
      if (q !== null) return { quoted: splitNameAndText(q), reply }
    }
  }
  return null
}
