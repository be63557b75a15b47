import { count, eq, or } from 'drizzle-orm'
import type { AdminStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { admins } from '../schema.js'
import { matchIdentity } from './identity.js'

export function createAdminStore({ db }: { db: Db }): AdminStore {
  return {
    async add(admin) {
      const alias = admin.alias?.trim() || null
      await db
        .insert(admins)
        .values({ contactId: admin.contactId, name: admin.name, alias })
        .onConflictDoUpdate({ target: admins.contactId, set: { name: admin.name, alias } })
    },

    async isAdmin(contact) {
      const alias = contact.alias?.trim() || null
      const rows = await db
        .select()
        .from(admins)
        .where(
          or(
            eq(admins.contactId, contact.contactId),
            eq(admins.name, contact.name),
            alias ? eq(admins.alias, alias) : undefined,
          ),
        )
      // A display name is user-controlled: it only vouches for an admin stored without an alias.
      return matchIdentity(rows, contact, { byName: 'only-without-alias' }) !== null
    },

    async count() {
      const [row] = await db.select({ n: count() }).from(admins)
      return row?.n ?? 0
    },
  }
}
