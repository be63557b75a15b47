import { sql } from 'drizzle-orm'
import type { Liaison, RoomRecord, RoomStore, SenderStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { admins, liaisons, rooms } from '../schema.js'
import { matchIdentity, type StoredIdentity } from './identity.js'

type LiaisonJson = StoredIdentity & { unit: string; boundBy: string | null; boundAt: string }

/**
 * One statement instead of three: every message needs its room, its sender's binding and admin
 * role, and at a few thousand messages an hour the round trips were most of a question's latency.
 * The candidate filters are those of liaisons.ts (id, name, alias) and admins.ts (id, alias); the
 * same matchIdentity then decides, so the answers are theirs.
 */
export function createSenderStore({ db, roomStore }: { db: Db; roomStore: RoomStore }): SenderStore {
  return {
    async lookup(roomId, roomTopic, contact) {
      const alias = contact.alias?.trim() || null
      const result = (await db.execute(sql`
        select
          (select json_build_object('wechatId', r.wechat_id, 'topic', r.topic, 'enabled', r.enabled)
             from ${rooms} r where r.wechat_id = ${roomId} or r.topic = ${roomTopic}
             order by r.wechat_id = ${roomId} desc limit 1) as room,
          (select coalesce(json_agg(json_build_object('id', l.id, 'contactId', l.contact_id, 'name', l.name, 'alias', l.alias,
                    'unit', l.unit, 'boundBy', l.bound_by, 'boundAt', l.bound_at)), '[]'::json)
             from ${liaisons} l where l.contact_id = ${contact.contactId} or l.name = ${contact.name} or l.alias = ${alias}) as liaisons,
          (select coalesce(json_agg(json_build_object('id', a.id, 'contactId', a.contact_id, 'name', a.name, 'alias', a.alias)), '[]'::json)
             from ${admins} a where a.contact_id = ${contact.contactId} or a.alias = ${alias}) as admins`)) as unknown
      const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        room: RoomRecord | null
        liaisons: LiaisonJson[]
        admins: StoredIdentity[]
      }[]
      const match = matchIdentity(row?.liaisons ?? [], contact, { byName: true })
      const liaison: Liaison | null = match
        ? { contactId: match.contactId, name: match.name, alias: match.alias, unit: match.unit, boundBy: match.boundBy, boundAt: new Date(match.boundAt) }
        : null
      // Found by topic only: the room has a new id after a re-login (rare); RoomStore.get follows it.
      const found = row?.room ?? null
      const room = found && roomId != null && found.wechatId !== roomId ? await roomStore.get(roomId, roomTopic) : found
      return { room, liaison, isAdmin: matchIdentity(row?.admins ?? [], contact, { byName: false }) !== null }
    },
  }
}
