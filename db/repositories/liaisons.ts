import { asc, eq, or } from 'drizzle-orm'
import type { Liaison, LiaisonStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { liaisons } from '../schema.js'
import { matchIdentity } from './identity.js'

type LiaisonRow = typeof liaisons.$inferSelect

const toLiaison = (r: LiaisonRow): Liaison => ({
  contactId: r.contactId,
  name: r.name,
  alias: r.alias,
  unit: r.unit,
  boundBy: r.boundBy,
  boundAt: r.boundAt,
})

export function createLiaisonStore({ db }: { db: Db }): LiaisonStore {
  /** Candidates for a contact: its id, its alias or its name (a handful of rows at most). */
  const candidates = async (contact: { contactId: string; name: string; alias?: string | null }) => {
    const alias = contact.alias?.trim() || null
    return db
      .select()
      .from(liaisons)
      .where(
        or(
          eq(liaisons.contactId, contact.contactId),
          eq(liaisons.name, contact.name),
          alias ? eq(liaisons.alias, alias) : undefined,
        ),
      )
  }

  return {
    async bind(l) {
      const alias = l.alias?.trim() || null
      await db.transaction(async (tx) => {
        // One binding per person: the same id, or the same alias under an older id, is rebound.
        await tx
          .delete(liaisons)
          .where(or(eq(liaisons.contactId, l.contactId), alias ? eq(liaisons.alias, alias) : undefined))
        await tx.insert(liaisons).values({
          contactId: l.contactId,
          name: l.name,
          alias,
          unit: l.unit,
          boundBy: l.boundBy,
        })
      })
    },

    async unbind(contactId) {
      const rows = await db.delete(liaisons).where(eq(liaisons.contactId, contactId)).returning({ id: liaisons.id })
      return rows.length > 0
    },

    async find(contact) {
      const row = matchIdentity(await candidates(contact), contact)
      return row ? toLiaison(row) : null
    },

    async listByUnit(unit) {
      const rows = await db.select().from(liaisons).where(eq(liaisons.unit, unit)).orderBy(asc(liaisons.boundAt), asc(liaisons.id))
      return rows.map(toLiaison)
    },

    async list() {
      const rows = await db.select().from(liaisons).orderBy(asc(liaisons.unit), asc(liaisons.id))
      return rows.map(toLiaison)
    },

    async updateIds(contacts) {
      if (contacts.length === 0) return
      await db.transaction(async (tx) => {
        const stored = await tx.select().from(liaisons)
        const currentIds = new Set(contacts.map((c) => c.contactId))
        const taken = new Set(stored.map((r) => r.contactId))
        for (const row of stored) {
          if (currentIds.has(row.contactId)) continue // still valid this login
          const pick = findContact(row, contacts)
          if (!pick || taken.has(pick.contactId)) continue
          await tx.update(liaisons).set({ contactId: pick.contactId }).where(eq(liaisons.id, row.id))
          taken.delete(row.contactId)
          taken.add(pick.contactId)
        }
      })
    },
  }
}

/** The current contact that is this stored person: by alias, else by name; unique or none. */
function findContact<C extends { contactId: string; name: string; alias: string | null }>(
  row: LiaisonRow,
  contacts: C[],
): C | undefined {
  if (row.alias) {
    const byAlias = contacts.filter((c) => c.alias?.trim() === row.alias)
    if (byAlias.length > 0) return byAlias.length === 1 ? byAlias[0] : undefined
  }
  const byName = contacts.filter(
    (c) => c.name === row.name && (row.alias === null || !c.alias?.trim() || c.alias.trim() === row.alias),
  )
  return byName.length === 1 ? byName[0] : undefined
}
