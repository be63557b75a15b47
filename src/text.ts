/**
 * Text from outside (chat messages, names, room topics, files) made storable. A JavaScript string may
 * hold a lone UTF-16 surrogate; Postgres refuses it in jsonb and UTF-8 has no encoding for it, so
 * every entry point passes text through here before anything else reads or stores it.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Replaces each lone surrogate with U+FFFD (the replacement character); well-formed text is returned as is. */
export function toValidUnicode(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD')
}

/**
 * The one cap on a message's length: no question or report is this long (a 58-item 【进度反馈】 is
 * ~3,000 characters). Longer text is not parsed at all (some report steps are quadratic in the number
 * of status words: a hostile 100 KB message would take seconds), only answered that it is too long.
 */
export const MAX_MESSAGE_CHARS = 10_000

/** At most `max` UTF-16 units, never cutting a surrogate pair (an emoji) in half. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s
  const last = s.charCodeAt(max - 1)
  const splitsPair = last >= 0xd800 && last <= 0xdbff && (s.charCodeAt(max) & 0xfc00) === 0xdc00
  return s.slice(0, splitsPair ? max - 1 : max)
}
