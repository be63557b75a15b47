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

export function createLiaisonStore({ db, officeId }: { db: Db; officeId: number }): LiaisonStore {
  const mine = eq(liaisons.officeId, officeId)
  /** Candidates for a contact: its id or its alias (a handful of rows at most). */
  const candidates = (contact: ContactIdentity) => {
    const alias = contact.alias?.trim() || null
    return db
      .select()
      .from(liaisons)
      .where(and(mine, or(eq(liaisons.contactId, contact.contactId), alias ? eq(liaisons.alias, alias) : undefined)))
  }

  return {
    async bind(l) {
      // undefined: not known (an admin bound someone by @): the stored 备注 stays.
      const alias = l.alias === undefined ? undefined : l.alias?.trim() || null
      await db.transaction(async (tx) => {
        // One binding per person: the same alias under an older id is the same person.
        if (alias) await tx.delete(liaisons).where(and(mine, eq(liaisons.alias, alias), ne(liaisons.contactId, l.contactId)))
        // An upsert, so two binds of one contact at once both succeed (the last one wins).
        const row = { name: l.name, ...(alias !== undefined ? { alias } : {}), unit: l.unit, boundBy: l.boundBy }
        await tx
          .insert(liaisons)
          .values({ officeId, contactId: l.contactId, ...row })
          .onConflictDoUpdate({ target: [liaisons.officeId, liaisons.contactId], set: { ...row, boundAt: sql`now()` } })
      })
    },

    async unbind(contactId) {
      const rows = await db.delete(liaisons).where(and(mine, eq(liaisons.contactId, contactId))).returning({ id: liaisons.id })
      return rows.length > 0
    },

    async find(contact) {
      const row = matchIdentity(await candidates(contact), contact)
      return row ? toLiaison(row) : null
    },

    async listByUnit(unit) {
      const rows = await db.select().from(liaisons).where(and(mine, eq(liaisons.unit, unit))).orderBy(asc(liaisons.boundAt), asc(liaisons.id))
      return rows.map(toLiaison)
    },

    async list() {
      const rows = await db.select().from(liaisons).where(mine).orderBy(asc(liaisons.unit), asc(liaisons.id))
      return rows.map(toLiaison)
    },

    /** Re-attaches liaisons and admins (the people the ledger knows) to this login's ids, by 备注 only. */
    async updateIds(contacts) {
      if (contacts.length === 0) return
      await db.transaction(async (tx) => {
        await reattachIds(tx, liaisons, await tx.select(people).from(liaisons).where(mine), contacts)
        const adminRows = await tx
          .select({ id: admins.id, contactId: admins.contactId, name: admins.name, alias: admins.alias })
          .from(admins)
          .where(eq(admins.officeId, officeId))
        await reattachIds(tx, admins, adminRows, contacts)
      })
    },
  }
}
