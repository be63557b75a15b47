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
  const raw = elementText(xml, tag)
  if (raw === null) return null
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw)
  return cdata ? cdata[1]! : decodeEntities(raw)
}

/**
 * What /<tag(?:\s[^>]*)?>([\s\S]*?)<\/tag>/ captures, found with indexOf: that regex tries every <tag to
 * the end of the text when no </tag> (or no >) follows, quadratic in a hostile message. A later <tag
 * ends later, so when the first one has no closing tag after it, no other has.
 */
export function elementText(xml: string, tag: string): string | null {
  for (let p = xml.indexOf(`<${tag}`); p >= 0; p = xml.indexOf(`<${tag}`, p + 1)) {
    const next = xml[p + tag.length + 1]
    if (next === undefined) return null
    if (next !== '>' && !/\s/.test(next)) continue
    const gt = xml.indexOf('>', p + tag.length + 1)
    if (gt < 0) return null
    const close = xml.indexOf(`</${tag}>`, gt + 1)
    return close < 0 ? null : xml.slice(gt + 1, close)
  }
  return null
}

export function parseReferMsgXml(xml: string): { quoted: QuotedMessage; reply: string } | null {
  let s = xml
  // wechat4u hands over the XML itself entity-escaped (&lt;msg&gt;…).
  if (!/<(?:msg|appmsg)[\s>]/.test(s) && /&lt;(?:msg|appmsg)/.test(s)) s = decodeEntities(s)
  // Group messages arrive as "wxid_xxx:\n<msg>…"; start at the XML.
  const start = s.search(/<\?xml|<msg[\s>]/)
  if (start < 0) return null
  s = s.slice(start)
  // /<refermsg>([\s\S]*?)<\/refermsg>/ by indexOf (linear; see tagText).
  const referAt = s.indexOf('<refermsg>')
  const referEnd = referAt < 0 ? -1 : s.indexOf('</refermsg>', referAt + '<refermsg>'.length)
  if (referEnd < 0) return null
  const outside = s.slice(0, referAt) + s.slice(referEnd + '</refermsg>'.length)
  const type = tagText(outside, 'type')
  if (type !== null && type.trim() !== '57') return null
  const reply = (tagText(outside, 'title') ?? '').trim()
  const referXml = s.slice(referAt + '<refermsg>'.length, referEnd)
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
