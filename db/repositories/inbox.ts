import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import type { ChatMessage } from '../../src/chat.js'
import { UnstorableMessageError, type Durability, type InboxStore } from '../../src/ledger/ports.js'
import { refusesValues, type Db } from '../client.js'
import { inbox } from '../schema.js'

/**
 * Evaluated in RETURNING, so inside the statement's own transaction: Postgres reads
 * synchronous_commit when that transaction commits, so this one write is committed without
 * waiting for the disk flush, in the same round trip (a SET LOCAL would need BEGIN/SET/COMMIT).
 * The setting is transaction-local and gone after the statement.
 */
const relaxedCommit = sql<string>`set_config('synchronous_commit', 'off', true)`
export const commitMode = (durability: Durability) => (durability === 'relaxed' ? relaxedCommit : sql<string>`null`)

/** Runs a statement that stores `messageId`; a refusal of its values becomes UnstorableMessageError. */
export async function storingMessage<T>(messageId: string, statement: () => Promise<T>): Promise<T> {
  try {
    return await statement()
  } catch (err) {
    throw refusesValues(err) ? new UnstorableMessageError(messageId, { cause: err }) : err
  }
}

export function createInboxStore({ db, officeId }: { db: Db; officeId: number }): InboxStore {
  const mine = eq(inbox.officeId, officeId)
  return {
    async store(message, durability = 'durable') {
      const inserted = await storingMessage(message.id, () => db
        .insert(inbox)
        .values({
          officeId,
          messageId: message.id,
          roomId: message.roomId,
          roomTopic: message.roomTopic,
          senderId: message.senderId,
          senderName: message.senderName,
          text: message.text,
          receivedAt: message.receivedAt,
          payload: message,
        })
        .onConflictDoNothing({ target: [inbox.officeId, inbox.messageId] })
        .returning({ id: inbox.id, commit: commitMode(durability) }))
      if (inserted.length > 0) return 'new'
      const [row] = await db
        .select({ handledAt: inbox.handledAt })
        .from(inbox)
        .where(and(mine, eq(inbox.messageId, message.id)))
      return row?.handledAt ? 'handled' : 'seen'
    },

    async pending(limit) {
      const rows = await db
        .select({ payload: inbox.payload })
        .from(inbox)
        .where(and(mine, isNull(inbox.handledAt), isNotNull(inbox.payload)))
        .orderBy(asc(inbox.receivedAt), asc(inbox.id))
        .limit(limit)
      // jsonb keeps dates as ISO strings: turn them back into Dates.
      return rows
        .map((r) => r.payload as (Omit<ChatMessage, 'receivedAt'> & { receivedAt: string }) | null)
        .filter((p): p is Omit<ChatMessage, 'receivedAt'> & { receivedAt: string } => p != null)
        .map((p) => ({ ...p, receivedAt: new Date(p.receivedAt) }))
    },


    async markHandled(messageId, outcome, durability = 'durable') {
      await db
        .update(inbox)
        .set({ handledAt: sql`now()`, outcome })
        .where(and(mine, eq(inbox.messageId, messageId)))
        .returning({ id: inbox.id, commit: commitMode(durability) })
    },
  }
}
