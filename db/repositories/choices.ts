import { and, desc, eq, gte, isNull, or } from 'drizzle-orm'
import type { ChatMessage } from '../../src/chat.js'
import type { ChatParty, ChoiceStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { pendingChoices as choices } from '../schema.js'

/** The party's rows: the chat by id or topic (null id: a private chat), the sender by id or name (ids change at a re-login). */
function ofParty(officeId: number, party: ChatParty) {
  const room = party.roomId == null
    ? isNull(choices.roomId)
    : or(eq(choices.roomId, party.roomId), party.roomTopic == null ? undefined : eq(choices.roomTopic, party.roomTopic))
  return and(eq(choices.officeId, officeId), room, or(eq(choices.senderId, party.senderId), eq(choices.senderName, party.senderName)))
}

type StoredMessage = Omit<ChatMessage, 'receivedAt'> & { receivedAt: string }

export function createChoiceStore({ db, officeId }: { db: Db; officeId: number }): ChoiceStore {
  return {
    async get(party, since) {
      const [row] = await db
        .select()
        .from(choices)
        .where(and(ofParty(officeId, party), gte(choices.askedAt, since)))
        .orderBy(desc(choices.askedAt), desc(choices.id))
        .limit(1)
      if (!row) return null
      const m = row.message as StoredMessage
      return { message: { ...m, receivedAt: new Date(m.receivedAt) }, documentIds: row.documentIds, askedAt: row.askedAt }
    },

    async set(party, choice) {
      await db.transaction(async (tx) => {
        await tx.delete(choices).where(ofParty(officeId, party))
        if (!choice) return
        await tx.insert(choices).values({
          officeId,
          roomId: party.roomId,
          roomTopic: party.roomTopic,
          senderId: party.senderId,
          senderName: party.senderName,
          message: choice.message,
          documentIds: choice.documentIds,
          askedAt: choice.askedAt,
        })
      })
    },
  }
}
