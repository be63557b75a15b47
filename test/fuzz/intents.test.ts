/**
 * Fuzz: chat parsers get random and hostile text and never throw; each call on 100 KB returns
 * (vitest's test timeout is the bound, so catastrophic regex backtracking fails the test).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseIntent } from '../../src/intents/parseIntent.js'
import { MAX_MESSAGE_CHARS } from '../../src/text.js'
import { parseReport } from '../../src/intents/report.js'
import { findTaskNumbers } from '../../src/intents/taskRefs.js'
import { parseQuotedText } from '../../src/intents/quote.js'
import { parseReferMsgXml } from '../../bot/quoteXml.js'
import { bigText, hostileText, params, pathologicalInputs } from './hostile.js'

const now = new Date('2022-09-20T02:00:00Z')

/** Every chat parser on one text; returns what they found so the test can check the shapes. */
function parseAll(text: string) {
  const quoted = { senderName: '督办助手', text }
  const intents = [
    parseIntent(text, { mentioned: true, now }),
    parseIntent(text, { mentioned: false, now }),
    parseIntent(text, { mentioned: false, now, quoted }),
  ]
  const report = parseReport(text, { now, quotedText: text })
  const numbers = findTaskNumbers(text)
  const quote = parseQuotedText(text)
  const refer = parseReferMsgXml(text)
  const referWrapped = parseReferMsgXml(`<msg><appmsg><title>${text}</title><refermsg><displayname>张三</displayname><content>${text}</content></refermsg></appmsg></msg>`)
  return { intents, report, numbers, quote, refer, referWrapped }
}

function checkShapes(r: ReturnType<typeof parseAll>): void {
  for (const intent of r.intents) expect(typeof intent.type).toBe('string')
  expect(Array.isArray(r.report.items)).toBe(true)
  for (const item of r.report.items) for (const n of item.tasks) expect(Number.isSafeInteger(n)).toBe(true)
  for (const n of r.numbers) expect(Number.isSafeInteger(n)).toBe(true)
}

/** A message over the limits is not read: unknown (its start quoted) when addressed, else ignored. */
function checkOversized(text: string, r: ReturnType<typeof parseAll>): void {
  expect(text.length).toBeGreaterThan(MAX_MESSAGE_CHARS)
  expect(r.intents[0]).toEqual({ type: 'unknown', text: text.slice(0, 100) })
  expect(r.intents[1]).toEqual({ type: 'ignore' })
  expect(r.intents[2]).toEqual({ type: 'ignore' })
  expect(text.length).toBeGreaterThan(MAX_MESSAGE_CHARS)
  expect(r.report.items).toEqual([])
  expect(r.report.problems.join()).toContain('消息过长')
}

describe('chat parsers under fuzzing', () => {
  it('never throw on random hostile text', () => {
    fc.assert(fc.property(hostileText, (text) => checkShapes(parseAll(text))), params(300))
  })

  // 100 KB: findTaskNumbers and the quote readers scan all of it; parseIntent and parseReport stop at
  // the length limit.
  it('never throw on 100 KB repetitions of hostile fragments', () => {
    fc.assert(
      fc.property(bigText, (text) => {
        const r = parseAll(text)
        checkShapes(r)
        checkOversized(text, r)
      }),
      params(12),
    )
  }, 60_000)

  it.each(pathologicalInputs())('return on a 100 KB input: %s', (_name, text) => {
    const r = parseAll(text)
    checkShapes(r)
    if (text.length > MAX_MESSAGE_CHARS) checkOversized(text, r)
  }, 30_000)

  // At the limit the whole message is read: every pathological input cut to MAX_MESSAGE_CHARS.
  it.each(pathologicalInputs().map(([name, text]): [string, string] => [name, text.slice(0, MAX_MESSAGE_CHARS)]))(
    'return on a 10,000-character input: %s',
    (_name, text) => {
      const r = parseAll(text)
      checkShapes(r)
      expect(r.report.problems.join()).not.toContain('消息过长')
    },
    10_000,
  )
})
