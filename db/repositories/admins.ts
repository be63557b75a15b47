import { and, asc, count, eq, or } from 'drizzle-orm'
import type { AdminStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { admins } from '../schema.js'
import { matchIdentity } from './identity.js'

export function createAdminStore({ db, officeId }: { db: Db; officeId: number }): AdminStore {
  const mine = eq(admins.officeId, officeId)
  return {
    async add(admin) {
      const alias = admin.alias?.trim() || null
      await db
        .insert(admins)
        .values({ officeId, contactId: admin.contactId, name: admin.name, alias })
        .onConflictDoUpdate({ target: [admins.officeId, admins.contactId], set: { name: admin.name, alias } })
    },

    /**
     * By id or alias only: a display name is anyone's to choose, so renaming oneself to an admin's
     * name must not make one an admin. After a re-login, LiaisonStore.updateIds re-attaches admins.
     */
    async isAdmin(contact) {
      const alias = contact.alias?.trim() || null
      const rows = await db
        .select()
        .from(admins)
        .where(and(mine, or(eq(admins.contactId, contact.contactId), alias ? eq(admins.alias, alias) : undefined)))
      return matchIdentity(rows, contact) !== null
    },

    async list() {
      return db.select({ contactId: admins.contactId, name: admins.name, alias: admins.alias }).from(admins).where(mine).orderBy(asc(admins.id))
    },

    async count() {
      const [row] = await db.select({ n: count() }).from(admins).where(mine)
      return row?.n ?? 0
    },
  }
}
