/**
 * WordList answers what the alternation regexes it replaced answered (on inputs short enough for
 * them), and does so in linear time on the inputs that made them backtrack exponentially.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WordList } from '../../src/intents/words.js'

/** Words that overlap every way: 已经 = 已 + 经, 有哪些 = 有 + 哪些, 进度反馈 = 进度 + 反馈. */
const WORDS = ['已', '已经', '经', '有', '哪些', '有哪些', '进度', '反馈', '进度反馈', '的', '任务']
const list = new WordList(WORDS)
const alt = WORDS.join('|')
const star = new RegExp(`^(?:${alt})*$`)
const plus = new RegExp(`^(?:${alt})+$`)
const tail = new RegExp(`(?:${alt})+$`)

// Pieces of the words and a few other characters, so texts are often, but not always, made of words.
const text = fc.array(fc.constantFrom('已', '经', '有', '哪', '些', '进', '度', '反', '馈', '的', '任务', '哪些', '进度', 'x', ' '), { maxLength: 14 }).map((a) => a.join(''))

describe('WordList', () => {
  it('agrees with the alternation regexes', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(list.isWords(t)).toBe(star.test(t))
        expect(list.isOneOrMoreWords(t)).toBe(plus.test(t))
        expect(list.dropTrailingWords(t)).toBe(t.replace(tail, ''))
      }),
      { seed: 7, numRuns: 2_000 },
    )
  })

  it('reads examples', () => {
    expect(list.isWords('')).toBe(true)
    expect(list.isOneOrMoreWords('')).toBe(false)
    expect(list.isOneOrMoreWords('已经进度反馈的')).toBe(true)
    expect(list.isOneOrMoreWords('已经完成')).toBe(false)
    expect(list.dropTrailingWords('发改局有哪些任务')).toBe('发改局')
    expect(list.dropTrailingWords('发改局')).toBe('发改局')
    expect(list.dropTrailingWords('有哪些')).toBe('')
  })

  it('is linear where the regexes were exponential', () => {
    // Each took longer than the test timeout as a regex at a few dozen words; these are thousands.
    const failing = '已' + '进度反馈'.repeat(5_000) + '度'
    expect(list.isOneOrMoreWords(failing)).toBe(false)
    expect(list.isOneOrMoreWords(failing.slice(0, -1))).toBe(true)
    expect(list.dropTrailingWords('x' + '有哪些'.repeat(5_000) + 'y')).toBe('x' + '有哪些'.repeat(5_000) + 'y')
    expect(list.dropTrailingWords('x' + '有哪些'.repeat(5_000))).toBe('x')
  })

  it('refuses an empty word', () => {
    expect(() => new WordList(['a', ''])).toThrow(/empty/)
  })
})
