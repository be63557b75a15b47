import { and, asc, desc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { ProgressReport, ProgressStore, ReportStatus, ReviewState } from '../../src/ledger/ports.js'
import { queryRaw, type Db } from '../client.js'
import { closureReviews, inbox, progressLatest, progressReports, reportEvidence } from '../schema.js'

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

/** A progress_reports row as the drivers return raw SQL results (column names as in the table). */
export interface RawReport {
  id: number
  task_id: number
  unit: string
  status: string
  percent: number | null
  note: string | null
  expected_date: string | null
  liaison_contact_id: string
  liaison_name: string
  source_message_id: string
  reported_at: Date | string
  revoked_at: Date | string | null
  /** The report's 销号 review state, where the query reads it. */
  review?: string | null
}

export const fromRaw = (r: RawReport): ProgressReport => ({
  id: Number(r.id),
  taskId: Number(r.task_id),
  unit: r.unit,
  status: r.status as ReportStatus,
  percent: r.percent,
  note: r.note,
  expectedDate: r.expected_date,
  liaisonContactId: r.liaison_contact_id,
  liaisonName: r.liaison_name,
  sourceMessageId: r.source_message_id,
  reportedAt: new Date(r.reported_at),
  revokedAt: r.revoked_at == null ? null : new Date(r.revoked_at),
  ...(r.review !== undefined ? { review: (r.review ?? null) as ReviewState | null } : {}),
})

/** The ledger proper: rows are only ever added or revoked, never deleted. */
export function createProgressStore({ db, officeId }: { db: Db; officeId: number }): ProgressStore {
  const mine = eq(progressReports.officeId, officeId)
  /**
   * Revokes, then puts the newest remaining report of each affected pair in progress_latest (or
   * removes the pair when none remains). One transaction; the replacement never overwrites a
   * report recorded meanwhile that is newer than it.
   */
  async function revokeWhere(where: SQL, at: Date): Promise<ReportRow[]> {
    return db.transaction(async (tx) => {
      const revoked = await tx.update(progressReports).set({ revokedAt: at }).where(and(mine, where)).returning()
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
    async record(reports, handled, opts) {
      if (reports.length === 0) return []
      // One statement, so all or nothing without an explicit transaction: the rows, then as
      // data-modifying CTEs (run by Postgres even unreferenced) the newest-per-pair index and,
      // with `handled`, the inbox mark. A redelivered message (or a repeat inside one) records each
      // (task, unit) once. Written as SQL over one JSON parameter: the text never changes (the
      // driver prepares it once per connection), and building it costs nothing per report, where
      // the query builder's version of these three CTEs cost ~0.7 ms of CPU per report.
      const input = JSON.stringify(
        reports.map((r) => ({
          task_id: r.taskId,
          unit: r.unit,
          status: r.status,
          percent: r.percent,
          note: r.note,
          expected_date: r.expectedDate,
          liaison_contact_id: r.liaisonContactId,
          liaison_name: r.liaisonName,
          source_message_id: r.sourceMessageId,
          reported_at: r.reportedAt.toISOString(),
        })),
      )
      const rows = await queryRaw<RawReport>(db, sql`
        with rec as (
          insert into ${progressReports} (office_id, task_id, unit, status, percent, note, expected_date, liaison_contact_id, liaison_name, source_message_id, reported_at)
          select ${officeId}::int, task_id, unit, status, percent, note, expected_date, liaison_contact_id, liaison_name, source_message_id, reported_at
            from json_to_recordset(${input}::json) as x(task_id integer, unit text, status text, percent integer, note text, expected_date date,
                 liaison_contact_id text, liaison_name text, source_message_id text, reported_at timestamptz)
          on conflict (source_message_id, task_id, unit) do nothing
          returning *
        ), newest as (
          -- One candidate per pair (a batch may hold several reports of one pair); a report stamped
          -- earlier than the one held (a replayed message) does not replace it.
          insert into ${progressLatest} (task_id, unit, report_id, reported_at)
          select distinct on (task_id, unit) task_id, unit, id, reported_at from rec order by task_id, unit, reported_at desc, id desc
          on conflict (task_id, unit) do update set report_id = excluded.report_id, reported_at = excluded.reported_at
           where (excluded.reported_at, excluded.report_id) > (${progressLatest}.reported_at, ${progressLatest}.report_id)
        ), review as (
          -- CLOSE_REQUIRES_REVIEW: a 已完成 opens its pair's 销号 review, or moves the open one to it.
          insert into ${closureReviews} (office_id, task_id, unit, report_id)
          select distinct on (task_id, unit) ${officeId}::int, task_id, unit, id from rec
           where ${opts?.review === true}::boolean and status = 'done'
           order by task_id, unit, reported_at desc, id desc
          on conflict (office_id, task_id, unit) where state = 'pending' do update set report_id = excluded.report_id
        ), mark as (
          update ${inbox} set handled_at = now(), outcome = ${handled?.outcome ?? null}::text where office_id = ${officeId} and message_id = ${handled?.messageId ?? null}::text
        )
        select id, task_id, unit, status, percent, note, expected_date::text as expected_date, liaison_contact_id, liaison_name,
               source_message_id, reported_at, revoked_at
          from rec`)
      const review = opts?.review === true
      return rows.map((r) => (review ? { ...fromRaw(r), review: r.status === 'done' ? ('pending' as const) : null } : fromRaw(r))).sort((a, b) => a.id - b.id)
    },

    async lastBySender(liaisonContactId, since) {
      const theirs = and(
        mine,
        eq(progressReports.liaisonContactId, liaisonContactId),
        isNull(progressReports.revokedAt),
        gte(progressReports.reportedAt, since),
      )
      const [last] = await db
        .select({ source: progressReports.sourceMessageId })
        .from(progressReports)
        .where(theirs)
        .orderBy(desc(progressReports.reportedAt), desc(progressReports.id))
        .limit(1)
      if (!last) return []
      const rows = await db
        .select()
        .from(progressReports)
        .where(and(theirs, eq(progressReports.sourceMessageId, last.source)))
        .orderBy(asc(progressReports.id))
      return rows.map(toReport)
    },

    async revoke(reportIds, at) {
      if (reportIds.length === 0) return 0
      return (await revokeWhere(and(inArray(progressReports.id, reportIds), isNull(progressReports.revokedAt))!, at)).length
    },

    async revokeBySource(source, at) {
      const sentThere = sql`exists (select 1 from ${inbox} i where i.office_id = ${officeId} and i.message_id = ${source.messageId} and i.sender_id = ${source.senderId}
                                   and i.room_id is not distinct from ${source.roomId}::text)`
      const rows = await revokeWhere(and(eq(progressReports.sourceMessageId, source.messageId), isNull(progressReports.revokedAt), sentThere)!, at)
      return rows.sort((a, b) => a.id - b.id).map(toReport)
    },

    async latest(filter) {
      const taskIds = filter?.taskIds
      if (taskIds && taskIds.length === 0) return []
      // The LATERAL ... LIMIT 1 keeps this a primary-key probe per pair: as a plain join the planner
      // hashed all of progress_reports once a document had ~900 pairs (38 ms instead of 2 ms).
      const rows = await queryRaw<RawReport>(db, sql`
        select r.id, r.task_id, r.unit, r.status, r.percent, r.note, r.expected_date::text as expected_date, r.liaison_contact_id,
               r.liaison_name, r.source_message_id, r.reported_at, r.revoked_at,
               (select c.state from ${closureReviews} c where c.report_id = r.id and c.office_id = ${officeId} order by c.id desc limit 1) as review
          from ${progressLatest} l
          cross join lateral (select * from ${progressReports} p where p.id = l.report_id limit 1) r
         where r.office_id = ${officeId}
         ${taskIds ? sql`and l.task_id = any(${`{${taskIds.map(Number).join(',')}}`}::int[])` : sql``}
         order by l.task_id, l.unit`)
      return rows.map(fromRaw)
    },

    async history(taskId) {
      const rows = await db
        .select()
        .from(progressReports)
        .where(and(mine, eq(progressReports.taskId, taskId)))
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
          sizeBytes: e.sizeBytes ?? null,
          sourceMessageId: e.sourceMessageId,
          receivedAt: e.receivedAt,
        })
        .onConflictDoNothing({ target: [reportEvidence.reportId, reportEvidence.sourceMessageId] })
    },

    async evidenceOf({ taskIds }) {
      if (taskIds.length === 0) return []
      const rows = await db
        .select({ taskId: progressReports.taskId, unit: progressReports.unit, kind: reportEvidence.kind, fileName: reportEvidence.fileName, receivedAt: reportEvidence.receivedAt })
        .from(reportEvidence)
        .innerJoin(progressReports, eq(progressReports.id, reportEvidence.reportId))
        .where(and(inArray(progressReports.taskId, taskIds), isNull(progressReports.revokedAt)))
        .orderBy(asc(reportEvidence.receivedAt), asc(reportEvidence.id))
      return rows.map((r) => ({ ...r, kind: r.kind as 'image' | 'file' }))
    },

    async evidenceUsage(unit, since) {
      // One file attached to several reports is one file: counted once per source message.
      const [row] = await queryRaw<{ files: number | string; bytes: number | string | null }>(db, sql`
        select count(*) as files, sum(size_bytes) as bytes from (
          select distinct on (e.source_message_id) e.size_bytes
          from report_evidence e join progress_reports r on r.id = e.report_id
          where r.office_id = ${officeId} and r.unit = ${unit} and e.received_at >= ${since.toISOString()}::timestamptz
          order by e.source_message_id
        ) per_file`)
      return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) }
    },
  }
}

