import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { RoomRecord, RoomStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { rooms } from '../schema.js'

type RoomRow = typeof rooms.$inferSelect

const toRecord = (r: RoomRow): RoomRecord => ({ wechatId: r.wechatId, topic: r.topic, enabled: r.enabled })

/** Rooms are keyed by topic: WeChat gives rooms new ids at every web login. */
export function createRoomStore({ db, officeId }: { db: Db; officeId: number }): RoomStore {
  const mine = eq(rooms.officeId, officeId)
  return {
    async get(wechatId, topic) {
      const [byId] = await db.select().from(rooms).where(and(mine, eq(rooms.wechatId, wechatId))).limit(1)
      if (byId) return toRecord(byId)
      if (topic === null) return null
      const [byTopic] = await db.select().from(rooms).where(and(mine, eq(rooms.topic, topic))).limit(1)
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
        await tx.delete(rooms).where(and(mine, eq(rooms.wechatId, wechatId), ne(rooms.topic, topic)))
        await tx
          .insert(rooms)
          .values({ officeId, wechatId, topic, enabled })
          .onConflictDoUpdate({
            target: [rooms.officeId, rooms.topic],
            set: { wechatId, enabled, updatedAt: sql`now()` },
          })
      })
    },

    async updateIds(current) {
      const currentIds = new Set(current.map((r) => r.wechatId))
      const byTopic = new Map<string, string[]>()
      for (const r of current) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.wechatId])
      // A stored id that is still a room of this login stays (the room kept its id, maybe renamed);
      // a topic that two current rooms share is ambiguous and left alone.
      const moves = (await db.select().from(rooms).where(mine)).flatMap((r) => {
        const ids = byTopic.get(r.topic)
        return !currentIds.has(r.wechatId) && ids?.length === 1 ? [{ id: r.id, wechat_id: ids[0]! }] : []
      })
      if (moves.length === 0) return
      await db.execute(sql`
        update ${rooms} set wechat_id = v.wechat_id, updated_at = now()
        from json_to_recordset(${JSON.stringify(moves)}::json) as v(id integer, wechat_id text)
        where ${rooms}.id = v.id`)
    },

    async list() {
      const rows = await db.select().from(rooms).where(mine).orderBy(asc(rooms.topic))
      return rows.map(toRecord)
    },
  }
}
