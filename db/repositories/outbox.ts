import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { OutboxItem, OutboxStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { outbox } from '../schema.js'

/** A claim older than this is taken to belong to a process that died mid-send. */
export const OUTBOX_CLAIM_TIMEOUT_MS = 5 * 60_000
/** Items claimed this many times are left for a human (last_error says why), not retried forever. */
export const OUTBOX_MAX_ATTEMPTS = 5

type OutboxRow = typeof outbox.$inferSelect

const toItem = (r: OutboxRow): OutboxItem => ({
  id: r.id,
  dedupeKey: r.dedupeKey,
  roomId: r.roomId,
  roomTopic: r.roomTopic,
  text: r.text,
  mentionIds: r.mentionIds,
  filePath: r.filePath,
  plannedFor: r.plannedFor,
  sentAt: r.sentAt,
  attempts: r.attempts,
  lastError: r.lastError,
})

const byPlan = (a: OutboxRow, b: OutboxRow) =>
  a.plannedFor.getTime() - b.plannedFor.getTime() || a.id - b.id

export function createOutboxStore({ db }: { db: Db }): OutboxStore {
  return {
    async enqueue(item) {
      const rows = await db
        .insert(outbox)
        .values({
          dedupeKey: item.dedupeKey,
          roomId: item.roomId,
          roomTopic: item.roomTopic,
          text: item.text,
          mentionIds: item.mentionIds,
          filePath: item.filePath,
          plannedFor: item.plannedFor,
        })
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id })
      return rows.length > 0
    },

    async has(dedupeKey) {
      const rows = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).limit(1)
      return rows.length > 0
    },

    async claimDue(now, limit, claimer) {
      if (limit <= 0) return []
      const staleBefore = new Date(now.getTime() - OUTBOX_CLAIM_TIMEOUT_MS)
      // Rows another process is claiming right now are skipped, not waited for; the
      // WHERE is re-checked on the locked row, so a claim committed meanwhile is seen.
      const due = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            isNull(outbox.sentAt),
            lte(outbox.plannedFor, now),
            lt(outbox.attempts, OUTBOX_MAX_ATTEMPTS),
            or(isNull(outbox.claimedAt), lt(outbox.claimedAt, staleBefore)),
          ),
        )
        .orderBy(asc(outbox.plannedFor), asc(outbox.id))
        .limit(limit)
        .for('update', { skipLocked: true })
      const rows = await db
        .update(outbox)
        .set({ claimedBy: claimer, claimedAt: now, attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, due))
        .returning()
      return rows.sort(byPlan).map(toItem)
    },

    async markSent(id, at) {
      // The first send time stands (a claim taken over after a slow send may report a second one).
      await db.update(outbox).set({ sentAt: at }).where(and(eq(outbox.id, id), isNull(outbox.sentAt)))
    },

    async markFailed(id, error) {
      // Released at once: the dispatcher's tick is the back-off.
      await db
        .update(outbox)
        .set({ lastError: error.slice(0, 2000), claimedBy: null, claimedAt: null })
        .where(eq(outbox.id, id))
    },

    async list() {
      const rows = await db.select().from(outbox).orderBy(asc(outbox.plannedFor), asc(outbox.id))
      return rows.map(toItem)
    },
  }
}
