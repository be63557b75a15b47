import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { RoomRecord, RoomStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { rooms } from '../schema.js'

type RoomRow = typeof rooms.$inferSelect

const toRecord = (r: RoomRow): RoomRecord => ({ wechatId: r.wechatId, topic: r.topic, enabled: r.enabled })

/** Rooms are keyed by topic: WeChat gives rooms new ids at every web login. */
export function createRoomStore({ db }: { db: Db }): RoomStore {
  return {
    async get(wechatId, topic) {
      const [byId] = await db.select().from(rooms).where(eq(rooms.wechatId, wechatId)).limit(1)
      if (byId) return toRecord(byId)
      if (topic === null) return null
      const [byTopic] = await db.select().from(rooms).where(eq(rooms.topic, topic)).limit(1)
      if (!byTopic) return null
      // Same room under a new login id: follow it so the next lookup by id hits.
      await db
        .update(rooms)
        .set({ wechatId, updatedAt: sql`now()` })
        .where(eq(rooms.id, byTopic.id))
      return { ...toRecord(byTopic), wechatId }
    },

    async setEnabled(wechatId, topic, enabled) {
      await db.transaction(async (tx) => {
        // The room was renamed: drop the row under its old topic, the upsert below replaces it.
        await tx.delete(rooms).where(and(eq(rooms.wechatId, wechatId), ne(rooms.topic, topic)))
        await tx
          .insert(rooms)
          .values({ wechatId, topic, enabled })
          .onConflictDoUpdate({
            target: rooms.topic,
            set: { wechatId, enabled, updatedAt: sql`now()` },
          })
      })
    },

    async updateIds(current) {
      if (current.length === 0) return
      await db.transaction(async (tx) => {
        for (const { wechatId, topic } of current) {
          await tx
            .update(rooms)
            .set({ wechatId, updatedAt: sql`now()` })
            .where(and(eq(rooms.topic, topic), ne(rooms.wechatId, wechatId)))
        }
      })
    },

    async list() {
      const rows = await db.select().from(rooms).orderBy(asc(rooms.topic))
      return rows.map(toRecord)
    },
  }
}
