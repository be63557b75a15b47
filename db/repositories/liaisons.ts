import { and, asc, eq, ne, or, sql } from 'drizzle-orm'
import type { Liaison, LiaisonStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { admins, liaisons } from '../schema.js'
import { matchIdentity, reattachIds, type ContactIdentity } from './identity.js'

type LiaisonRow = typeof liaisons.$inferSelect

const toLiaison = (r: LiaisonRow): Liaison => ({
  contactId: r.contactId,
  name: r.name,
  alias: r.alias,
  unit: r.unit,
  boundBy: r.boundBy,
  boundAt: r.boundAt,
})

const people = { id: liaisons.id, contactId: liaisons.contactId, name: liaisons.name, alias: liaisons.alias }

export function createLiaisonStore({ db }: { db: Db }): LiaisonStore {
  /** Candidates for a contact: its id, its alias or its name (a handful of rows at most). */
  const candidates = (contact: ContactIdentity) => {
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
        // One binding per person: the same alias under an older id is the same person.
        if (alias) await tx.delete(liaisons).where(and(eq(liaisons.alias, alias), ne(liaisons.contactId, l.contactId)))
        // An upsert, so two binds of one contact at once both succeed (the last one wins).
        const row = { name: l.name, alias, unit: l.unit, boundBy: l.boundBy }
        await tx
          .insert(liaisons)
          .values({ contactId: l.contactId, ...row })
          .onConflictDoUpdate({ target: liaisons.contactId, set: { ...row, boundAt: sql`now()` } })
      })
    },

    async unbind(contactId) {
      const rows = await db.delete(liaisons).where(eq(liaisons.contactId, contactId)).returning({ id: liaisons.id })
      return rows.length > 0
    },

    async find(contact) {
      // Liaisons in a group are often not the bot's friends, so they have no alias: a display name
      // still finds a liaison stored without one (the office binds by name), never one stored with one.
      const row = matchIdentity(await candidates(contact), contact, { byName: true })
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

    /**
     * Re-attaches liaisons and admins (the people the ledger knows) to this login's ids. Admins are
     * matched by id or alias only at message time (see admins.ts), so this is where an admin stored
     * without an alias is found again: by a name that exactly one current contact has.
     */
    async updateIds(contacts) {
      if (contacts.length === 0) return
      await db.transaction(async (tx) => {
        await reattachIds(tx, liaisons, await tx.select(people).from(liaisons), contacts)
        const adminRows = await tx
          .select({ id: admins.id, contactId: admins.contactId, name: admins.name, alias: admins.alias })
          .from(admins)
        await reattachIds(tx, admins, adminRows, contacts)
      })
    },
  }
}
