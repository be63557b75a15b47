import { and, desc, gte } from 'drizzle-orm'
import type { ChatMessage } from '../../src/chat.js'
import type { ChoiceStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { pendingChoices as choices } from '../schema.js'
import { ofParty } from './party.js'


type StoredMessage = Omit<ChatMessage, 'receivedAt'> & { receivedAt: string }

export function createChoiceStore({ db, officeId }: { db: Db; officeId: number }): ChoiceStore {
  return {
    async get(party, since) {
      const [row] = await db
        .select()
        .from(choices)
        .where(and(ofParty(choices, officeId, party), gte(choices.askedAt, since)))
        .orderBy(desc(choices.askedAt), desc(choices.id))
        .limit(1)
      if (!row) return null
      const m = row.message as StoredMessage
      return { message: { ...m, receivedAt: new Date(m.receivedAt) }, documentIds: row.documentIds, askedAt: row.askedAt }
    },

    async set(party, choice) {
      await db.transaction(async (tx) => {
        await tx.delete(choices).where(ofParty(choices, officeId, party))
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
