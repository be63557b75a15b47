/**
 * Messages kept while the ledger database cannot be reached. They are kept in memory first (the
 * retry queue in assistant.ts); the spool is their copy on disk, so that a restart during an outage
 * loses none. The database cannot hold them then, so the adapter keeps a small file (bot/spool.ts);
 * the core sees only this port. Once the ledger answers again they are handled through the usual
 * pipeline, whose inbox ids make a message handled twice a duplicate, skipped.
 */
import type { ChatMessage } from '../chat.js'

export interface DeferredSpool {
  /** Adds a message; resolves once it is on disk. Throws when it cannot be kept (full, disk error). */
  append(msg: ChatMessage): Promise<void>
  /** The spooled messages, oldest first, each id once; at most `limit`. */
  read(limit: number): Promise<ChatMessage[]>
  /** Forgets these messages: handled, or given up with the sender told. */
  remove(ids: ReadonlySet<string>): Promise<void>
}

/** The spool's messages not already among `kept` (compared by id), in spool order. */
export function notYetKept<T extends { msg: ChatMessage }>(spooled: ChatMessage[], kept: readonly T[]): ChatMessage[] {
  const known = new Set(kept.map((k) => k.msg.id))
  return spooled.filter((m) => !known.has(m.id))
}
