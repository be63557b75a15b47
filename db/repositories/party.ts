import { and, eq, isNull, or, type Column } from 'drizzle-orm'
import type { ChatParty } from '../../src/ledger/ports.js'

/**
 * The rows of one sender in one chat of the office (chat import waits, questions asked back): the
 * chat by id or topic (null id: a private chat), the sender by id or name — ids change at a re-login.
 */
export function ofParty(
  t: { officeId: Column; roomId: Column; roomTopic: Column; senderId: Column; senderName: Column },
  officeId: number,
  party: ChatParty,
) {
  const room = party.roomId == null ? isNull(t.roomId) : or(eq(t.roomId, party.roomId), party.roomTopic == null ? undefined : eq(t.roomTopic, party.roomTopic))
  return and(eq(t.officeId, officeId), room, or(eq(t.senderId, party.senderId), eq(t.senderName, party.senderName)))
}
