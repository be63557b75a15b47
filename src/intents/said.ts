/**
 * What every recogniser reads: one mentioned message, cleaned once (politeness stripped, spaces
 * collapsed, task numbers found), plus the reading helpers several features share.
 */
import type { QuotedMessage } from '../chat.js'
import { parseChineseNumber } from '../numerals.js'
import { findTaskNumbers } from './taskRefs.js'
import { looksLikeUnit } from './unitText.js'
import { stripGreeting } from './phrases.js'

export type TaskRole = 'lead' | 'responsible' | 'guide' | 'support'

export interface IntentContext {
  mentioned: boolean
  now: Date
  quoted?: QuotedMessage | null
}

/** A mentioned message as the recognisers see it. */
export interface Said {
  /** The text after half-width folding, before politeness is stripped. */
  raw: string
  /** Politeness and address words stripped (请问, 谢谢). */
  s: string
  /** s with runs of whitespace as one space. */
  c: string
  /** s without any whitespace. */
  compact: string
  /** Task numbers named (a trailing page number is not a task). */
  refs: number[]
  ctx: IntentContext
}

export const CN_NUM = '[零〇一二两三四五六七八九十百]+'

/** Politeness and address words around the request (请问, 麻烦帮我, 助手, 谢谢). */
export function stripPolite(s: string): string {
  let t = s
  for (let i = 0; i < 3; i++) {
    const before = t
    t = stripGreeting(t)
      .replace(/^(?:@\S+\s+)?(?:hi|hello|在吗|在不在)[,，!！。~\s]*/i, '')
      .replace(/^(?:小助手|督办助手|助手|机器人)[,，:：\s]*/, '')
      .replace(/^(?:请问一下|请问|请帮我|请帮忙|麻烦帮我|麻烦帮忙|麻烦你|麻烦|帮我|帮忙|给我(?=[列看查找])|劳驾|想问一下|想问下|想问|问一下|问下|我想知道|我想问|请)[,，:：\s]*/, '')
      // Lookbehinds: a trailing match starts only where a run starts (linear on long runs of spaces).
      .replace(/(?<![,，\s])[,，\s]*(?:谢谢(?:你|您)?|多谢|感谢|辛苦了?|麻烦了)[!！。~\s]*$/, '')
      .replace(/(?<![\s。.!！~…])[\s。.!！~…]+$/, '')
      .trim()
    if (t === before) break
  }
  return t
}

export function readSaid(raw: string, ctx: IntentContext): Said {
  const s = stripPolite(raw)
  const c = s.replace(/\s+/g, ' ')
  return { raw, s, c, compact: c.replace(/\s+/g, ''), refs: findTaskNumbers(takePage(s).rest), ctx }
}

export function num(s: string): number | null {
  return parseChineseNumber(s)
}

/** 第2页 / 2页 / P2 at the end of a list request. */
export function takePage(s: string): { rest: string; page: number | null } {
  // Lookbehinds: a match starts only where a run starts, so long digit or space runs stay linear.
  const m = new RegExp(`(?<![,，\\s])[,，\\s]*(?:第\\s*(\\d+|${CN_NUM})\\s*页|(?<!\\d)(\\d+)\\s*页|[pP](\\d+))$`).exec(s)
  if (!m) return { rest: s, page: null }
  const page = num(m[1] ?? m[2] ?? m[3]!)
  return { rest: s.slice(0, m.index).trim(), page: page !== null && page > 0 ? page : null }
}

/** The sender's own unit: 我单位, 我们局, 本部门. */
export const SELF = /^(?:我|我们|咱们|咱|俺们|俺|本|我的|我们的|自己|我这边|我们这边)(?:单位|局|部门|镇|乡|办|委|中心|这边|这里|这儿|这|街道|院|所)?(?:的)?$/

export function roleOf(s: string): TaskRole | null {
  if (/牵头/.test(s)) return 'lead'
  if (/配合|协办|协助|支持单位|配合单位/.test(s)) return 'support'
  if (/指导/.test(s)) return 'guide'
  if (/责任单位|作为责任/.test(s)) return 'responsible'
  return null
}

/** An @name inside the text (WeChat puts U+2005 after it; the inbound adapter may turn that into a space). */
export const AT_NAME = /@([^\s@\u2005]{1,32})/

/** A unit named before a question (发改局有哪些): null for nobody or the sender's own unit. */
export function unitPrefix(s: string): string | null {
  const u = s.replace(/(?:的|有|有哪些|哪些)$/, '').trim()
  if (u === '' || SELF.test(u)) return null
  return looksLikeUnit(u) ? u : null
}

export function cleanQuery(q: string): string {
  return q.replace(/^[“"'「『（(]+|(?<![”"'」』）)])[”"'」』）)]+$/g, '').replace(/(?:的)?(?:任务|工作|事项)$/, '').trim()
}

/** Task numbers in a quoted message (a reminder or a report being answered). */
export function quotedTaskNumbers(ctx: IntentContext): number[] {
  return ctx.quoted ? findTaskNumbers(ctx.quoted.text) : []
}
