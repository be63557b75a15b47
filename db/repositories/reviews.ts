import { sql } from 'drizzle-orm'
import type { PendingReview, ReviewStore } from '../../src/ledger/ports.js'
import { queryRaw, type Db } from '../client.js'
import { fromRaw, type RawReport } from './progress.js'
import { closureReviews, inbox, progressLatest, progressReports, reportEvidence } from '../schema.js'

interface RawPending {
  id: number
  task_id: number
  unit: string
  report_id: number
  note: string | null
  liaison_contact_id: string
  liaison_name: string
  reported_at: Date | string
  evidence: number | string
  room_id: string | null
  room_topic: string | null
}


/** 销号 reviews of one office (opened by ProgressStore.record, decided here). */
export function createReviewStore({ db, officeId }: { db: Db; officeId: number }): ReviewStore {
  return {
    async pending(filter) {
      const taskIds = filter?.taskIds
      if (taskIds && taskIds.length === 0) return []
      const rows = await queryRaw<RawPending>(db, sql`
        select c.id, c.task_id, c.unit, c.report_id, r.note, r.liaison_contact_id, r.liaison_name, r.reported_at,
               (select count(*) from ${reportEvidence} e where e.report_id = r.id) as evidence,
               i.room_id, i.room_topic
          from ${closureReviews} c
          join ${progressLatest} l on l.task_id = c.task_id and l.unit = c.unit and l.report_id = c.report_id
          join ${progressReports} r on r.id = c.report_id and r.revoked_at is null
          left join ${inbox} i on i.office_id = c.office_id and i.message_id = r.source_message_id
         where c.office_id = ${officeId} and c.state = 'pending'
         ${taskIds ? sql`and c.task_id = any(${`{${taskIds.map(Number).join(',')}}`}::int[])` : sql``}
         order by r.reported_at, c.id`)
      return rows.map(
        (r): PendingReview => ({
          id: Number(r.id),
          taskId: Number(r.task_id),
          unit: r.unit,
          reportId: Number(r.report_id),
          note: r.note,
          liaisonContactId: r.liaison_contact_id,
          liaisonName: r.liaison_name,
          reportedAt: new Date(r.reported_at),
          evidence: Number(r.evidence),
          roomId: r.room_id,
          roomTopic: r.room_topic,
        }),
      )
    },

    async close(reviewId, { by, at }) {
      const rows = await queryRaw<{ id: number }>(db, sql`
        update ${closureReviews} set state = 'closed', decided_by = ${by}, decided_at = ${at.toISOString()}::timestamptz
         where id = ${reviewId} and office_id = ${officeId} and state = 'pending' returning id`)
      return rows.length > 0
    },

    async return(reviewId, d) {
      // One statement: the review returned, the admin's in_progress report and the pair's latest.
      const [row] = await queryRaw<RawReport>(db, sql`
        with ret as (
          update ${closureReviews} set state = 'returned', reason = ${d.reason}, decided_by = ${d.by}, decided_at = ${d.at.toISOString()}::timestamptz
           where id = ${reviewId} and office_id = ${officeId} and state = 'pending'
          returning task_id, unit
        ), rec as (
          insert into ${progressReports} (office_id, task_id, unit, status, percent, note, liaison_contact_id, liaison_name, source_message_id, reported_at)
          select ${officeId}::int, task_id, unit, 'in_progress', null, ${`退回：${d.reason}`}, ${d.byContactId}, ${d.by}, ${d.sourceMessageId}, ${d.at.toISOString()}::timestamptz
            from ret
          on conflict (source_message_id, task_id, unit) do nothing
          returning *
        ), newest as (
          insert into ${progressLatest} (task_id, unit, report_id, reported_at)
          select task_id, unit, id, reported_at from rec
          on conflict (task_id, unit) do update set report_id = excluded.report_id, reported_at = excluded.reported_at
           where (excluded.reported_at, excluded.report_id) > (${progressLatest}.reported_at, ${progressLatest}.report_id)
        )
        select id, task_id, unit, status, percent, note, expected_date::text as expected_date, liaison_contact_id, liaison_name,
               source_message_id, reported_at, revoked_at from rec`)
      if (!row) return null
      return { ...fromRaw(row), review: null }
    },
  }
}
