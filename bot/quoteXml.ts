/**
 * Quote replies as pad/iPad protocols deliver them: WeChat's appmsg XML (type 57) with a <refermsg>.
 * Becomes the same { quoted, reply } as the text form (src/intents/quote.ts).
 */
import type { QuotedMessage } from '../src/chat.js'

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
