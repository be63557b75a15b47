import { eq, sql } from 'drizzle-orm'
import type { InboxStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { inbox } from '../schema.js'

export function createInboxStore({ db }: { db: Db }): InboxStore {
  return {
    async store(message) {
      const inserted = await db
        .insert(inbox)
        .values({
          messageId: message.id,
          roomId: message.roomId,
          roomTopic: message.roomTopic,
          senderId: message.senderId,
          senderName: message.senderName,
          text: message.text,
          receivedAt: message.receivedAt,
        })
        .onConflictDoNothing({ target: inbox.messageId })
        .returning({ id: inbox.id })
      if (inserted.length > 0) return 'new'
      const [row] = await db
        .select({ handledAt: inbox.handledAt })
        .from(inbox)
        .where(eq(inbox.messageId, message.id))
      return row?.handledAt ? 'handled' : 'seen'
    },

    async markHandled(messageId, outcome) {
      await db
        .update(inbox)
        .set({ handledAt: sql`now()`, outcome })
        .where(eq(inbox.messageId, messageId))
    },
  }
}
