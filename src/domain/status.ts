/** What a unit reports about a task, and how the office names it. Pure; everything that shows status imports it. */

export type ReportStatus = 'done' | 'in_progress' | 'not_started' | 'blocked'

export const STATUS_LABEL: Record<ReportStatus, string> = {
  done: '已完成',
  in_progress: '推进中',
  not_started: '未启动',
  blocked: '遇到困难',
}

/** 销号 (CLOSE_REQUIRES_REVIEW): a 已完成 is pending (待审核) until the office closes it (已销号) or returns it (退回). */
export type ReviewState = 'pending' | 'closed' | 'returned'

export const REVIEW_LABEL: Record<ReviewState, string> = {
  pending: '待审核',
  closed: '已销号',
  returned: '已退回',
}

/** A report's status as every view names it: a 已完成 under review is 待审核 (closed, it is 已完成 again). */
export function statusLabel(report: { status: ReportStatus; review?: ReviewState | null }): string {
  if (report.status === 'done' && report.review === 'pending') return REVIEW_LABEL.pending
  return STATUS_LABEL[report.status]
}
