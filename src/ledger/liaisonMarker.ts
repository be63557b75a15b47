/**
 * The 备注 the bot writes on a liaison it binds: the office's own text (or the nickname) and a marker
 * "[县司法局联络员 K7Q2]". Only the bot's account can set a 备注, so a later login finds the liaison
 * by it; the tag keeps two liaisons of one unit with one nickname apart.
 */
const MARKER = /\s*\[[^[\]]*联络员 [A-Z0-9]{4}\]$/

/** Letters and digits that are not misread (no 0/O, 1/I). */
const TAG_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function liaisonAlias(current: string | null, name: string, unit: string, pick: (n: number) => number): string {
  const base = (current ?? '').replace(MARKER, '').trim() || name.trim() || '联络员'
  const tag = Array.from({ length: 4 }, () => TAG_CHARS[pick(TAG_CHARS.length)]).join('')
  return `${base} [${unit}联络员 ${tag}]`
}
