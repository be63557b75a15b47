import { describe, expect, it } from 'vitest'
import { parseChineseNumber, toHalfWidth } from '../../src/numerals.js'

describe('toHalfWidth', () => {
  it.each([
    ['第５７项', '第57项'],
    ['完成７０％', '完成70%'],
    ['ＡＢＣ１２３', 'ABC123'],
    ['１３～１６项', '13~16项'],
    ['１３－１６项', '13-16项'],
    ['第５项：已完成，谢谢！', '第5项：已完成，谢谢！'], // Chinese punctuation stays: notes keep it
    ['管理员\u3000ＡＢ１２', '管理员 AB12'],
    ['11．30前', '11.30前'],
  ])('%s -> %s', (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected)
  })

  it('keeps the string length so offsets found on the converted text fit the original', () => {
    const s = '第１３至１６项均已落实％'
    expect(toHalfWidth(s).length).toBe(s.length)
  })
})

describe('parseChineseNumber', () => {
  it.each([
    ['五十七', 57],
    ['十三', 13],
    ['十', 10],
    ['二十', 20],
    ['二十三', 23],
    ['一百', 100],
    ['一百零五', 105],
    ['一百一十', 110],
    ['一百五', 150],
    ['两百', 200],
    ['两', 2],
    ['〇', 0],
    ['零', 0],
    ['九十九', 99],
    ['一千零一', 1001],
    ['二〇二二', 2022],
    ['57', 57],
    ['５７', 57],
    [' 7 ', 7],
    ['伍拾柒', 57],
    ['五零', 50], // digit by digit, like 二〇二二
  ])('%s -> %d', (input, expected) => {
    expect(parseChineseNumber(input)).toBe(expected)
  })

  it.each(['', '五十七项', 'abc', '十百', '五五十', '第五', '1.5', '两零'])('%j is not a number', (input) => {
    expect(parseChineseNumber(input)).toBeNull()
  })
})
