/**
 * Quote replies ("引用") as they reach the bot. Web-protocol puppets flatten them to text:
 *   「张三：第5项请于6月底前反馈进度」
 *   - - - - - - - - - - - - - - -
 *   已完成
 * (some clients put the reply first and the quote last). Pad/iPad protocols deliver the appmsg
 * XML (type 57) with a <refermsg>. Both become { quoted, reply } so parseIntent sees one shape.
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

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' }

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ent: string) => {
    if (ent.startsWith('#x') || ent.startsWith('#X')) return safeFromCodePoint(parseInt(ent.slice(2), 16), whole)
    if (ent.startsWith('#')) return safeFromCodePoint(parseInt(ent.slice(1), 10), whole)
    return NAMED_ENTITIES[ent] ?? whole
  })
}

function safeFromCodePoint(code: number, fallback: string): string {
  return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback
}

/** Inner text of the first <tag>…</tag>, CDATA unwrapped and entities decoded. */
function tagText(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml)
  if (!m) return null
  const raw = m[1]!
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw)
  return cdata ? cdata[1]! : decodeEntities(raw)
}

export function parseReferMsgXml(xml: string): { quoted: QuotedMessage; reply: string } | null {
  let s = xml
  // wechat4u hands over the XML itself entity-escaped (&lt;msg&gt;…).
  if (!/<(?:msg|appmsg)[\s>]/.test(s) && /&lt;(?:msg|appmsg)/.test(s)) s = decodeEntities(s)
  // Group messages arrive as "wxid_xxx:\n<msg>…"; start at the XML.
  const start = s.search(/<\?xml|<msg[\s>]/)
  if (start < 0) return null
  s = s.slice(start)
  const refer = /<refermsg>([\s\S]*?)<\/refermsg>/.exec(s)
  if (!refer) return null
  const outside = s.slice(0, refer.index) + s.slice(refer.index + refer[0].length)
  const type = tagText(outside, 'type')
  if (type !== null && type.trim() !== '57') return null
  const reply = (tagText(outside, 'title') ?? '').trim()
  const referXml = refer[1]!
  const name = tagText(referXml, 'displayname')
  let content = tagText(referXml, 'content') ?? ''
  // A quoted link/file/quote is itself an appmsg: show its title rather than raw XML.
  if (/<(?:msg|appmsg)[\s>]/.test(content)) {
    content = tagText(content, 'title') ?? ''
  }
  // A quoted group message may keep its "wxid_xxx:\n" sender prefix.
  content = content.replace(/^[A-Za-z0-9_@-]{4,}:\n/, '')
  return {
    quoted: { senderName: name && name.trim() !== '' ? name.trim() : null, text: content.trim() },
    reply,
  }
}
