/**
 * Matching a WeChat contact to a stored person. Ids change across web logins; the alias (备注) is
 * set by the bot's own account, so it is trusted over the display name, which anyone can change.
 */
export interface StoredIdentity {
  contactId: string
  name: string
  alias: string | null
}

export interface ContactIdentity {
  contactId: string
  name: string
  alias?: string | null
}

/** By id, then by alias, then by name; a name shared by several stored people matches none. */
export function matchIdentity<T extends StoredIdentity>(
  rows: T[],
  contact: ContactIdentity,
  opts: { byName: 'any' | 'only-without-alias' } = { byName: 'any' },
): T | null {
  const byId = rows.find((r) => r.contactId === contact.contactId)
  if (byId) return byId
  const alias = contact.alias?.trim() || null
  if (alias) {
    const byAlias = rows.filter((r) => r.alias === alias)
    if (byAlias.length === 1) return byAlias[0]!
    if (byAlias.length > 1) return null
  }
  const byName = rows.filter(
    (r) =>
      r.name === contact.name &&
      // A stored alias that differs from the contact's means a different person of the same name.
      (r.alias === null || alias === null || r.alias === alias) &&
      (opts.byName === 'any' || r.alias === null),
  )
  return byName.length === 1 ? byName[0]! : null
}
