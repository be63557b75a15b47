/**
 * Matching a WeChat contact to a stored person (liaison or admin). Ids change across web logins;
 * the alias (备注) is set by the bot's own account, so it is trusted; the display name is not:
 * anyone can rename themselves, so it never vouches for anyone (it only tells a namesake, who must
 * confirm again).
 */
import { sql } from 'drizzle-orm'
import type { Tx } from '../client.js'
import type { admins, liaisons } from '../schema.js'

export interface StoredIdentity {
  id: number
  contactId: string
  name: string
  alias: string | null
}

export interface ContactIdentity {
  contactId: string
  name: string
  alias?: string | null
}

const aliasOf = (c: { alias?: string | null }) => c.alias?.trim() || null

/** By id, then by alias; an alias shared by several stored people matches none. */
export function matchIdentity<T extends StoredIdentity>(rows: T[], contact: ContactIdentity): T | null {
  const byId = rows.find((r) => r.contactId === contact.contactId)
  if (byId) return byId
  const alias = aliasOf(contact)
  if (!alias) return null
  const byAlias = rows.filter((r) => r.alias === alias)
  return byAlias.length === 1 ? byAlias[0]! : null
}

/** A stored person only named like the contact (no id or alias match): never them until confirmed. */
export function namesakeOf<T extends StoredIdentity>(rows: T[], contact: ContactIdentity): T | null {
  if (matchIdentity(rows, contact)) return null
  return rows.find((r) => r.name === contact.name && r.contactId !== contact.contactId) ?? null
}

/**
 * After a login: moves stored people whose id is no longer a current contact to the current contact
 * with their alias, in one statement; people stored without one stay where they are (a name is not
 * proof) until they confirm again. Anything ambiguous (two contacts, or two stored people, for one
 * alias) or already taken is left alone.
 */
export async function reattachIds(
  tx: Tx,
  table: typeof liaisons | typeof admins,
  stored: StoredIdentity[],
  contacts: { contactId: string; name: string; alias: string | null }[],
): Promise<number> {
  const currentIds = new Set(contacts.map((c) => c.contactId))
  const taken = new Set(stored.map((r) => r.contactId))
  const byAlias = groupBy(contacts.filter((c) => aliasOf(c)), (c) => aliasOf(c)!)
  const picks = new Map<string, StoredIdentity[]>()
  for (const row of stored) {
    if (currentIds.has(row.contactId)) continue // still valid this login
    const found = row.alias ? byAlias.get(row.alias) : undefined
    if (found?.length !== 1 || taken.has(found[0]!.contactId)) continue
    picks.set(found[0]!.contactId, [...(picks.get(found[0]!.contactId) ?? []), row])
  }
  const moves = [...picks]
    .filter(([, rows]) => rows.length === 1)
    .map(([contactId, [row]]) => ({ id: row!.id, contact_id: contactId }))
  if (moves.length === 0) return 0
  // JSON instead of driver arrays: both drivers pass one text parameter the same way.
  await tx.execute(sql`
    update ${table} set contact_id = v.contact_id
    from json_to_recordset(${JSON.stringify(moves)}::json) as v(id integer, contact_id text)
    where ${table}.id = v.id`)
  return moves.length
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}
