/** Small Chinese-numeral helpers for deadlines and numbering (三十日内, 两个月内, 二〇二二年, 第十二项). */

const DIGITS: Record<string, number> = {
  '〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

/** Character class (inside [...]) for a number written with Arabic or Chinese digits. */
export const NUM_CHARS = '0-9〇零一二两三四五六七八九十百'

/** Arabic digits, 二〇二二 (digit by digit), or 三十 / 二十五 / 一百零五; null when not a number. */
export function parseNumber(raw: string): number | null {
  const s = raw.trim()
  if (s === '') return null
  if (/^\d+$/.test(s)) return Number(s)
  if (![...s].every((c) => c in DIGITS || c === '十' || c === '百')) return null
  // Years are read digit by digit: 二〇二二.
  if (!/[十百]/.test(s)) {
    if (s.length === 1) return DIGITS[s] ?? null
    return Number([...s].map((c) => DIGITS[c]).join(''))
  }
  let total = 0
  let current = 0
  for (const c of s) {
    if (c === '百') {
      total += (current || 1) * 100
      current = 0
    } else if (c === '十') {
      total += (current || 1) * 10
      current = 0
    } else {
      current = DIGITS[c] ?? 0
    }
  }
  return total + current
}

/** Full-width digits and letters to ASCII: tables mix ２０２２ and 2022. */
export function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
}
