import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm'
import type { OutboxItem, OutboxStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { outbox } from '../schema.js'

/**
 * An item claimed (marked sending) this long ago and still not marked sent is listed as unconfirmed:
 * its process most likely died between the send and the mark. Sends are seconds apart; this leaves
 * room for the notifier's own retries and timeouts.
 */
export const OUTBOX_UNCONFIRMED_AFTER_MS = 15 * 60_000
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
  claimedAt: r.claimedAt,
})

const byPlan = (a: OutboxRow, b: OutboxRow) =>
  a.plannedFor.getTime() - b.plannedFor.getTime() || a.id - b.id

export function createOutboxStore({ db, officeId }: { db: Db; officeId: number }): OutboxStore {
  const mine = eq(outbox.officeId, officeId)
  return {
    async enqueue(item) {
      const rows = await db
        .insert(outbox)
        .values({
          officeId,
          dedupeKey: item.dedupeKey,
          roomId: item.roomId,
          roomTopic: item.roomTopic,
          text: item.text,
          mentionIds: item.mentionIds,
          filePath: item.filePath,
          plannedFor: item.plannedFor,
        })
        .onConflictDoNothing({ target: [outbox.officeId, outbox.dedupeKey] })
        .returning({ id: outbox.id })
      return rows.length > 0
    },

    async has(dedupeKey) {
      const rows = await db.select({ id: outbox.id }).from(outbox).where(and(mine, eq(outbox.dedupeKey, dedupeKey))).limit(1)
      return rows.length > 0
    },

    async claimDue(now, limit, claimer) {
      if (limit <= 0) return []
      // Only unclaimed rows: a claim is the "sending" mark, committed before the send, and WeChat has
      // no idempotent send, so an item whose claim was never released is never sent again by itself
      // (see unconfirmed()). Rows another process is claiming right now are skipped, not waited for;
      // the WHERE is re-checked on the locked row, so a claim committed meanwhile is seen.
      const due = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            mine,
            isNull(outbox.sentAt),
            lte(outbox.plannedFor, now),
            lt(outbox.attempts, OUTBOX_MAX_ATTEMPTS),
            isNull(outbox.claimedAt),
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
      await db.update(outbox).set({ sentAt: at }).where(and(mine, eq(outbox.id, id), isNull(outbox.sentAt)))
    },

    async markFailed(id, error) {
      // Released at once: the dispatcher's tick is the back-off.
      await db
        .update(outbox)
        .set({ lastError: error.slice(0, 2000), claimedBy: null, claimedAt: null })
        .where(and(mine, eq(outbox.id, id)))
    },

    async unconfirmed(now) {
      const before = new Date(now.getTime() - OUTBOX_UNCONFIRMED_AFTER_MS)
      const rows = await db
        .select()
        .from(outbox)
        .where(and(mine, isNull(outbox.sentAt), isNotNull(outbox.claimedAt), lt(outbox.claimedAt, before)))
        .orderBy(asc(outbox.plannedFor), asc(outbox.id))
      return rows.map(toItem)
    },

    async settleUnconfirmed(id, decision) {
      // 'dismiss' leaves it unsent for good: out of the list, and over the attempt cap so never claimed.
      const settled = decision === 'resend' ? {} : { attempts: OUTBOX_MAX_ATTEMPTS, lastError: '管理员确认不再发送' }
      const rows = await db
        .update(outbox)
        .set({ claimedBy: null, claimedAt: null, ...settled })
        .where(and(mine, eq(outbox.id, id), isNull(outbox.sentAt), isNotNull(outbox.claimedAt)))
        .returning({ id: outbox.id })
      return rows.length > 0
    },

    async list() {
      const rows = await db.select().from(outbox).where(mine).orderBy(asc(outbox.plannedFor), asc(outbox.id))
      return rows.map(toItem)
    },
  }
}
