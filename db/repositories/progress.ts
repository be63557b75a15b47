import { and, asc, desc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { ProgressReport, ProgressStore, ReportStatus } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { inbox, progressLatest, progressReports, reportEvidence } from '../schema.js'

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
  /**
   * Revokes, then puts the newest remaining report of each affected pair in progress_latest (or
   * removes the pair when none remains). One transaction; the replacement never overwrites a
   * report recorded meanwhile that is newer than it.
   */
  async function revokeWhere(where: SQL, at: Date): Promise<ReportRow[]> {
    return db.transaction(async (tx) => {
      const revoked = await tx.update(progressReports).set({ revokedAt: at }).where(where).returning()
      if (revoked.length === 0) return revoked
      const ids = revoked.map((r) => r.id)
      const pairs = JSON.stringify(revoked.map((r) => ({ task_id: r.taskId, unit: r.unit })))
      await tx.execute(sql`
        insert into ${progressLatest} (task_id, unit, report_id, reported_at)
        select distinct on (r.task_id, r.unit) r.task_id, r.unit, r.id, r.reported_at
          from ${progressReports} r
          join json_to_recordset(${pairs}::json) as p(task_id integer, unit text) on p.task_id = r.task_id and p.unit = r.unit
         where r.revoked_at is null
         order by r.task_id, r.unit, r.reported_at desc, r.id desc
        on conflict (task_id, unit) do update set report_id = excluded.report_id, reported_at = excluded.reported_at
         where ${progressLatest}.report_id = any(${sql.raw(`'{${ids.join(',')}}'`)}::int[])
            or (excluded.reported_at, excluded.report_id) > (${progressLatest}.reported_at, ${progressLatest}.report_id)`)
      await tx.delete(progressLatest).where(inArray(progressLatest.reportId, ids))
      return revoked
    })
  }

  return {
    async record(reports, handled) {
      if (reports.length === 0) return []
      // One statement, so all or nothing without an explicit transaction: the rows, then as
      // data-modifying CTEs (run by Postgres even unreferenced) the newest-per-pair index and,
      // with `handled`, the inbox mark. A redelivered message (or a repeat inside one) records each
      // (task, unit) once.
      const rec = db.$with('rec').as(
        db
          .insert(progressReports)
          // NewProgressReport has exactly the table's column names.
          .values(reports)
          .onConflictDoNothing({ target: [progressReports.sourceMessageId, progressReports.taskId, progressReports.unit] })
          .returning(),
      )
      const newest = db.$with('newest').as(
        db
          .insert(progressLatest)
          .select(
            // One candidate per pair (a batch may hold several reports of one pair).
            db
              .selectDistinctOn([rec.taskId, rec.unit], { taskId: rec.taskId, unit: rec.unit, reportId: rec.id, reportedAt: rec.reportedAt })
              .from(rec)
              .orderBy(rec.taskId, rec.unit, desc(rec.reportedAt), desc(rec.id)),
          )
          .onConflictDoUpdate({
            target: [progressLatest.taskId, progressLatest.unit],
            set: { reportId: sql`excluded.report_id`, reportedAt: sql`excluded.reported_at` },
            // A report stamped earlier than the one held (a replayed message) does not replace it.
            setWhere: sql`(excluded.reported_at, excluded.report_id) > (${progressLatest.reportedAt}, ${progressLatest.reportId})`,
          })
          .returning({ taskId: progressLatest.taskId }),
      )
      const mark = db.$with('mark').as(
        db
          .update(inbox)
          .set({ handledAt: sql`now()`, outcome: handled?.outcome ?? null })
          .where(handled ? eq(inbox.messageId, handled.messageId) : sql`false`)
          .returning({ id: inbox.id }),
      )
      const rows = await db.with(rec, newest, mark).select().from(rec)
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
      return (await revokeWhere(and(inArray(progressReports.id, reportIds), isNull(progressReports.revokedAt))!, at)).length
    },

    async revokeBySource(sourceMessageId, at) {
      const rows = await revokeWhere(and(eq(progressReports.sourceMessageId, sourceMessageId), isNull(progressReports.revokedAt))!, at)
      return rows.sort((a, b) => a.id - b.id).map(toReport)
    },

    async latest(filter) {
      const taskIds = filter?.taskIds
      if (taskIds && taskIds.length === 0) return []
      const rows = await db
        .select({ report: progressReports })
        .from(progressLatest)
        .innerJoin(progressReports, eq(progressReports.id, progressLatest.reportId))
        .where(taskIds ? inArray(progressLatest.taskId, taskIds) : undefined)
        .orderBy(asc(progressLatest.taskId), asc(progressLatest.unit))
      return rows.map((r) => toReport(r.report))
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

