import { sql } from 'drizzle-orm'
import type { IntakeStore, Liaison, RoomRecord, RoomStore, InboxStore } from '../../src/ledger/ports.js'
import { queryRaw, type Db } from '../client.js'
import { admins, inbox, liaisons, rooms } from '../schema.js'
import { matchIdentity, namesakeOf, type StoredIdentity } from './identity.js'
import { commitMode, storingMessage } from './inbox.js'

type LiaisonJson = StoredIdentity & { unit: string; boundBy: string | null; boundAt: string }

interface IntakeRow {
  room: RoomRecord | null
  liaisons: LiaisonJson[]
  admins: StoredIdentity[]
  wanted: boolean
  inserted: number | null
  /** From the statement's snapshot: null when the row was not there before it. */
  handled: boolean | null
}

/**
 * One statement per incoming message: the room, the sender's binding and admin role, and the inbox
 * row, stored only where the rule allows. At a few thousand messages an hour the round trips were
 * most of a message's cost. The candidate filters are those of liaisons.ts (id, alias; name for a namesake) and
 * admins.ts (id, alias) and the same matchIdentity decides, so the answers are theirs (tested so);
 * the admin test in the store condition is only the wider "some admin row matches", which can at
 * worst store a message the assistant then closes as room_disabled.
 */
export function createIntakeStore({ db, officeId, roomStore, inboxStore }: { db: Db; officeId: number; roomStore: RoomStore; inboxStore: InboxStore }): IntakeStore {
  return {
    async receive(message, rule, durability = 'durable') {
      const alias = message.senderAlias?.trim() || null
      const contact = { contactId: message.senderId, name: message.senderName, alias }
      const [row] = await storingMessage(message.id, () => queryRaw<IntakeRow>(db, sql`
        with room as (
          select r.wechat_id, r.topic, r.enabled from ${rooms} r
           where r.office_id = ${officeId} and (r.wechat_id = ${message.roomId} or r.topic = ${message.roomTopic})
           order by r.wechat_id = ${message.roomId} desc limit 1
        ), wanted as (
          select ${rule.always}::boolean
              or coalesce((select enabled from room), ${rule.enabledByConfig}::boolean)
              or (${rule.ifAdmin}::boolean and exists (select 1 from ${admins} a where a.office_id = ${officeId} and (a.contact_id = ${contact.contactId} or a.alias = ${alias}))) as ok
        ), ins as (
          insert into ${inbox} (office_id, message_id, room_id, room_topic, sender_id, sender_name, text, received_at, payload)
          select ${officeId}, ${message.id}, ${message.roomId}, ${message.roomTopic}, ${message.senderId}, ${message.senderName}, ${message.text},
                 ${message.receivedAt.toISOString()}::timestamptz, ${JSON.stringify(message)}::jsonb
           where (select ok from wanted)
          on conflict (office_id, message_id) do nothing
          returning id, ${commitMode(durability)} as commit_mode
        )
        select
          (select json_build_object('wechatId', wechat_id, 'topic', topic, 'enabled', enabled) from room) as room,
          (select coalesce(json_agg(json_build_object('id', l.id, 'contactId', l.contact_id, 'name', l.name, 'alias', l.alias,
                    'unit', l.unit, 'boundBy', l.bound_by, 'boundAt', l.bound_at)), '[]'::json)
             from ${liaisons} l where l.office_id = ${officeId} and (l.contact_id = ${contact.contactId} or l.name = ${contact.name} or l.alias = ${alias})) as liaisons,
          (select coalesce(json_agg(json_build_object('id', a.id, 'contactId', a.contact_id, 'name', a.name, 'alias', a.alias)), '[]'::json)
             from ${admins} a where a.office_id = ${officeId} and (a.contact_id = ${contact.contactId} or a.alias = ${alias})) as admins,
          (select ok from wanted) as wanted,
          (select id from ins) as inserted,
          (select i.handled_at is not null from ${inbox} i where i.office_id = ${officeId} and i.message_id = ${message.id}) as handled`))
      if (!row) throw new Error('intake returned no row')

      const toLiaison = (l: LiaisonJson | null): Liaison | null =>
        l && { contactId: l.contactId, name: l.name, alias: l.alias, unit: l.unit, boundBy: l.boundBy, boundAt: new Date(l.boundAt) }
      const liaison = toLiaison(matchIdentity(row.liaisons, contact))
      const namesake = toLiaison(namesakeOf(row.liaisons, contact))
      // Found by topic only: the room has a new id after a re-login (rare); RoomStore.get follows it.
      const room = row.room && message.roomId != null && row.room.wechatId !== message.roomId ? await roomStore.get(message.roomId, message.roomTopic) : row.room
      const isAdmin = matchIdentity(row.admins, contact) !== null

      let state = row.inserted != null ? ('new' as const) : row.handled == null ? null : row.handled ? ('handled' as const) : ('seen' as const)
      // Wanted but neither inserted nor in the snapshot: a redelivery of this message was being stored
      // at the same moment; the conflict waited for it, and a fresh read tells its state.
      if (state === null && row.wanted) state = await inboxStore.store(message, durability)
      return { room, liaison, namesake, isAdmin, state }
    },
  }
}
