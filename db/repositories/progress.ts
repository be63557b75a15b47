import { and, asc, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm'
import type { ProgressReport, ProgressStore, ReportStatus } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { inbox, progressReports, reportEvidence } from '../schema.js'

type ReportRow = typeof progressReports.$inferSelect

const toReport = (r: ReportRow): ProgressReport => ({
  id: r.id,
  taskId: r.taskId,
  unit: r.unit,
  status: r.status as ReportStatus,
  percent: r.percent,
  note: r.note,
  expectedDate: r.expectedDate,
  liaisonContactId: r.liaisonContactId,
  liaisonName: r.liaisonName,
  sourceMessageId: r.sourceMessageId,
  reportedAt: r.reportedAt,
  revokedAt: r.revokedAt,
})

/** The ledger proper: rows are only ever added or revoked, never deleted. */
export function createProgressStore({ db }: { db: Db }): ProgressStore {
  return {
    async record(reports, handled) {
      if (reports.length === 0) return []
      // One INSERT statement: all rows or none, no explicit transaction needed. The inbox mark rides
      // along as a data-modifying CTE, which Postgres runs with the statement even unreferenced.
      const mark = handled
        ? db.$with('mark').as(
            db
              .update(inbox)
              .set({ handledAt: sql`now()`, outcome: handled.outcome })
              .where(eq(inbox.messageId, handled.messageId))
              .returning({ id: inbox.id }),
          )
        : null
      const rows = await (mark ? db.with(mark) : db)
        .insert(progressReports)
        // NewProgressReport has exactly the table's column names.
        .values(reports)
        // A redelivered message (or a repeat inside one) records each (task, unit) once.
        .onConflictDoNothing({
          target: [progressReports.sourceMessageId, progressReports.taskId, progressReports.unit],
        })
        .returning()
      return rows.sort((a, b) => a.id - b.id).map(toReport)
    },

    async lastBySender(liaisonContactId, since) {
      const mine = and(
        eq(progressReports.liaisonContactId, liaisonContactId),
        isNull(progressReports.revokedAt),
        gte(progressReports.reportedAt, since),
      )
      const [last] = await db
        .select({ source: progressReports.sourceMessageId })
        .from(progressReports)
        .where(mine)
        .orderBy(desc(progressReports.reportedAt), desc(progressReports.id))
        .limit(1)
      if (!last) return []
      const rows = await db
        .select()
        .from(progressReports)
        .where(and(mine, eq(progressReports.sourceMessageId, last.source)))
        .orderBy(asc(progressReports.id))
      return rows.map(toReport)
    },

    async revoke(reportIds, at) {
      if (reportIds.length === 0) return 0
      const rows = await db
        .update(progressReports)
        .set({ revokedAt: at })
        .where(and(inArray(progressReports.id, reportIds), isNull(progressReports.revokedAt)))
        .returning({ id: progressReports.id })
      return rows.length
    },

    async revokeBySource(sourceMessageId, at) {
      const rows = await db
        .update(progressReports)
        .set({ revokedAt: at })
        .where(and(eq(progressReports.sourceMessageId, sourceMessageId), isNull(progressReports.revokedAt)))
        .returning()
      return rows.sort((a, b) => a.id - b.id).map(toReport)
    },

    async latest(filter) {
      const taskIds = filter?.taskIds
      if (taskIds && taskIds.length === 0) return []
      const rows = await db
        .selectDistinctOn([progressReports.taskId, progressReports.unit])
        .from(progressReports)
        .where(taskIds ? and(isNull(progressReports.revokedAt), inArray(progressReports.taskId, taskIds)) : isNull(progressReports.revokedAt))
        .orderBy(
          asc(progressReports.taskId),
          asc(progressReports.unit),
          desc(progressReports.reportedAt),
          desc(progressReports.id),
        )
      return rows.map(toReport)
    },

    async history(taskId) {
      const rows = await db
        .select()
        .from(progressReports)
        .where(eq(progressReports.taskId, taskId))
        .orderBy(asc(progressReports.reportedAt), asc(progressReports.id))
      return rows.map(toReport)
    },

    async addEvidence(e) {
      await db
        .insert(reportEvidence)
        .values({
          reportId: e.reportId,
          kind: e.kind,
          fileName: e.fileName,
          storedPath: e.storedPath,
          sourceMessageId: e.sourceMessageId,
          receivedAt: e.receivedAt,
        })
        .onConflictDoNothing({ target: [reportEvidence.reportId, reportEvidence.sourceMessageId] })
    },
  }
}

