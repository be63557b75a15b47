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

/** At most `max` UTF-16 units, never cutting a surrogate pair (an emoji) in half. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s
  const last = s.charCodeAt(max - 1)
  const splitsPair = last >= 0xd800 && last <= 0xdbff && (s.charCodeAt(max) & 0xfc00) === 0xdc00
  return s.slice(0, splitsPair ? max - 1 : max)
}
