/**
 * Numbers as liaisons type them: ASCII, full-width (phone IMEs switch to full-width with Chinese
 * punctuation) and Chinese numerals (第五十七项, 七成, 百分之七十).
 */

/**
 * Full-width digits, letters and the symbols our parsers look for (％ ～ － ． ／ ＃ ＠ ＋) become
 * ASCII; the ideographic space becomes a space. Chinese punctuation (，。：；（）！？) is kept: it is
 * ordinary text in notes and every parser accepts both widths of it.
 */
export function toHalfWidth(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (
      (code >= 0xff10 && code <= 0xff19) || // ０-９
      (code >= 0xff21 && code <= 0xff3a) || // Ａ-Ｚ
      (code >= 0xff41 && code <= 0xff5a) || // ａ-ｚ
      KEEP_CONVERTED.has(ch)
    ) {
      out += String.fromCodePoint(code - 0xfee0)
    } else if (code === 0x3000) {
      out += ' '
    } else {
      out += ch
    }
  }
  return out
}

const KEEP_CONVERTED = new Set(['％', '～', '－', '．', '／', '＃', '＠', '＋', '＝', '＜', '＞', '＿', '＆'])

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
}
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 }

/** Characters that may appear in a Chinese numeral (for building regexes elsewhere). */
export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟'

/**
 * 57, ５７, 五十七, 十三, 二十, 一百零五, 两, 〇, 二〇二二 (digit by digit), 1万 is not supported
 * (task numbers and percents never need it). Returns null for anything that is not one number.
 */
export function parseChineseNumber(text: string): number | null {
  const s = toHalfWidth(text).trim()
  if (s === '') return null
  if (/^\d+$/.test(s)) return Number(s)
  if (/^\d+十$/.test(s)) return Number(s.slice(0, -1)) * 10 // 5十 typed half in digits
  for (const ch of s) if (!(ch in DIGITS) && !(ch in UNITS)) return null

  // 二〇二二 / 一五: digits only, read one by one.
  if ([...s].every((ch) => ch in DIGITS)) {
    if (s.length === 1) return DIGITS[s]!
    if (s.includes('两')) return null // 两 never appears in digit-by-digit reading
    return Number([...s].map((ch) => DIGITS[ch]).join(''))
  }

  let total = 0
  let pending: number | null = null // a digit waiting for its unit
  let lastUnit = Infinity
  let sawZero = false
  for (const ch of s) {
    if (ch in DIGITS) {
      const d = DIGITS[ch]!
      if (d === 0) {
        if (pending !== null) return null // 五零
        sawZero = true
        continue
      }
      if (pending !== null) return null // two digits in a row: 五五十
      pending = d
    } else {
      const u = UNITS[ch]!
      if (u >= lastUnit) return null // 十百, 百百
      // 十 alone means 一十 (十三 = 13); after a zero (一百零十) it is also 一十.
      const d = pending ?? (total === 0 || sawZero ? 1 : null)
      if (d === null) return null // 百十 without a digit between is malformed
      total += d * u
      pending = null
      lastUnit = u
      sawZero = false
    }
  }
  if (pending !== null) {
    // 一百五 = 150 (colloquial: a trailing digit right after a unit scales one step down).
    if (!sawZero && lastUnit >= 100 && lastUnit !== Infinity) total += pending * (lastUnit / 10)
    else total += pending
  }
  return total
}

/** A regex character class body (use inside [...]) for a number in Arabic or Chinese digits. */
export const NUMERAL_CLASS = '0-9' + CN_NUMERAL_CHARS
